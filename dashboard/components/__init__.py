"""Reusable layout pieces built from dash-bootstrap-components and dash-leaflet."""
