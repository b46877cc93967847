"""Pusat Kendali Logistik: command dashboard for a KPU Provinsi's election logistics."""
