"""Test helpers (no fixtures: those live in the conftest.py files): campaigns, settings,
a throwaway PostgreSQL, a headless Chromium, a gunicorn server, the shared data folder."""
