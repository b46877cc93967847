"""The catalogue of jenis logistik: read from data/katalog, stored in and read back from the DB."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboard.db import models
from dashboard.domain.kebutuhan import Pemilihan, baca_pemilihan
from dashboard.settings import DATA_DIR

KATALOG_DIR = DATA_DIR / "katalog"


def baca_katalog_toml(kode: str, folder: Path = KATALOG_DIR) -> dict[str, Any]:
    """Read the raw catalogue of an election from its TOML file."""
    path = folder / f"{kode}.toml"
    if not path.exists():
        raise ValueError(f"Katalog untuk pemilihan '{kode}' tidak ditemukan ({path.name})")
    with path.open("rb") as f:
        return tomllib.load(f)


def muat_katalog(session: Session, kode: str) -> Pemilihan:
    """Check the catalogue file of an election and store it in the database."""
    raw = baca_katalog_toml(kode)
    pemilihan = baca_pemilihan(raw)
    session.execute(delete(models.JenisLogistik))
    session.execute(delete(models.Pemilihan))
    session.add(
        models.Pemilihan(
            kode=pemilihan.kode,
            nama=pemilihan.nama,
            hari_pemungutan=pemilihan.hari_pemungutan,
            maks_pemilih_per_tps=pemilihan.maks_pemilih_per_tps,
            target_pemilih_per_tps=pemilihan.target_pemilih_per_tps,
            jadwal={k: list(v) for k, v in pemilihan.jadwal.items()},
        )
    )
    session.flush()
    for j, item in zip(pemilihan.jenis, raw["jenis"], strict=True):
        session.add(
            models.JenisLogistik(
                kode=j.kode,
                pemilihan_kode=pemilihan.kode,
                nama=j.nama,
                satuan=j.satuan,
                kelompok=j.kelompok,
                urutan=j.urutan,
                warna=j.warna,
                aturan=_json_aman(item),
            )
        )
    session.flush()
    return pemilihan


def pemilihan_dari_db(session: Session) -> Pemilihan:
    """Rebuild the domain election (with its rules) from what the database holds."""
    p = session.scalars(select(models.Pemilihan)).one()
    jenis = session.scalars(
        select(models.JenisLogistik).order_by(models.JenisLogistik.urutan)
    ).all()
    return baca_pemilihan(
        {
            "pemilihan": {
                "kode": p.kode,
                "nama": p.nama,
                "hari_pemungutan": p.hari_pemungutan,
                "maks_pemilih_per_tps": p.maks_pemilih_per_tps,
                "target_pemilih_per_tps": p.target_pemilih_per_tps,
            },
            "jadwal": p.jadwal,
            "jenis": [j.aturan for j in jenis],
        }
    )


def _json_aman(item: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in item.items()}
