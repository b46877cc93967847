"""Shared test helpers: a throwaway PostgreSQL server and a headless Chromium."""
