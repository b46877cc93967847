"""Settings for an app under test."""

from __future__ import annotations

from dashboard.settings import Settings


def settings_uji(database_url: str, provinsi: str = "33") -> Settings:
    """Settings for an app under test: its own database, no shared cache, fixed secret."""
    return Settings(
        database_url=database_url,
        kpu_provinsi=provinsi,
        cache_type="NullCache",
        secret_key="uji-rahasia",
        testing=True,
    )
