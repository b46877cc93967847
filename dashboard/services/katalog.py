"""The catalogue of jenis logistik: read from data/katalog, stored in and read back from the DB."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.db import queries, tulis
from dashboard.domain.kebutuhan import AturanPemilihan, baca_pemilihan
from dashboard.extensions import cache, db
from dashboard.services.tampilan import versi
from dashboard.settings import DATA_DIR

KATALOG_DIR = DATA_DIR / "katalog"


def baca_katalog_toml(kode: str, folder: Path = KATALOG_DIR) -> dict[str, Any]:
    """Read the raw catalogue of an election from its TOML file."""
    path = folder / f"{kode}.toml"
    if not path.exists():
        raise ValueError(f"Katalog untuk pemilihan '{kode}' tidak ditemukan ({path.name})")
    with path.open("rb") as f:
        return tomllib.load(f)


def muat_katalog(session: Session, kode: str) -> AturanPemilihan:
    """Check the catalogue file of an election and store it in the database."""
    raw = baca_katalog_toml(kode)
    pemilihan = baca_pemilihan(raw)
    tulis.ganti_katalog(session, pemilihan, [_json_aman(item) for item in raw["jenis"]])
    return pemilihan


def pemilihan_dari_db(session: Session) -> AturanPemilihan:
    """Rebuild the domain election (with its rules) from what the database holds."""
    return baca_pemilihan(queries.katalog_tersimpan(session))


def _json_aman(item: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in item.items()}


def jenis_logistik() -> pd.DataFrame:
    """Return the catalogue items in display order."""
    return _jenis_logistik(versi())


@cache.memoize()
def _jenis_logistik(_versi: int) -> pd.DataFrame:
    with db.sesi_baca() as s:
        return queries.jenis_logistik(s)
