"""Backup and restore: SQLite's online backup API, pg_dump/pg_restore for PostgreSQL.

Every backup gets a manifest (row counts and a checksum per table) beside it; a restore
recomputes both on the restored database and refuses to call it done unless they match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.engine import URL, make_url

from dashboard.db import models
from dashboard.db.engine import majukan_versi

# Tables whose contents are evidence: checked row by row (ordered by primary key).
TABEL = [t.name for t in models.Base.metadata.sorted_tables]
# What a manifest vouches for and what makes a target "not empty": the campaign's data. The data
# version is the views' cache key, moved past the clock by every restore (see `pulihkan`).
TABEL_DATA = [t for t in TABEL if t != models.VersiData.__tablename__]


class SidikTabel(TypedDict):
    """One table's fingerprint: its row count and a SHA-256 over its rows."""

    baris: int
    sha256: str


class HasilPulihan(TypedDict):
    """What a restore found: each restored table's fingerprint and where it differs."""

    tabel: dict[str, SidikTabel]
    beda: list[str]  # tables whose fingerprint differs from the manifest's
    manifes: bool  # False: there was no manifest to compare with


@dataclass(frozen=True)
class Manifes:
    """Row counts and checksums of every table at the moment of a backup."""

    dibuat_pada: str
    sumber: str
    tabel: dict[str, SidikTabel]

    def simpan(self, path: Path) -> None:
        path.write_text(json.dumps(self.__dict__, indent=2, ensure_ascii=False))

    @classmethod
    def baca(cls, path: Path) -> Manifes:
        data = json.loads(path.read_text())
        return cls(data["dibuat_pada"], data["sumber"], data["tabel"])


def path_manifes(berkas: Path) -> Path:
    """The manifest file kept beside a backup."""
    return berkas.with_name(berkas.name + ".manifest.json")


def sidik(engine: Engine) -> dict[str, SidikTabel]:
    """Return per table its row count and a SHA-256 over its rows in primary-key order."""
    with engine.connect() as conn:
        return _sidik_koneksi(conn)


def _sidik_koneksi(conn: Connection) -> dict[str, SidikTabel]:
    hasil: dict[str, SidikTabel] = {}
    ada = set(inspect(conn).get_table_names())
    for nama in TABEL_DATA:
        if nama not in ada:
            continue
        tabel = models.Base.metadata.tables[nama]
        kunci = list(tabel.primary_key.columns) or list(tabel.columns)
        h = hashlib.sha256()
        n = 0
        for baris in conn.execute(select(*tabel.columns).order_by(*kunci)):
            h.update(repr(tuple(_normal(v) for v in baris)).encode())
            n += 1
        hasil[nama] = {"baris": n, "sha256": h.hexdigest()}
    return hasil


def _normal(v: object) -> object:
    """Make a value compare equal across SQLite and PostgreSQL (timestamps, JSON, floats)."""
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(dt.UTC).replace(tzinfo=None)
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict | list):
        return json.dumps(v, sort_keys=True)
    if isinstance(v, float):
        return round(v, 9)
    return v


def cadangkan(engine: Engine, berkas: Path) -> Manifes:
    """Write a consistent backup of the database to `berkas`, even while writes go on."""
    url = make_url(str(engine.url))
    berkas.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        sementara = berkas.with_name(berkas.name + ".sebagian")
        sumber = sqlite3.connect(_berkas_sqlite(url))
        tujuan = sqlite3.connect(sementara)
        try:
            # One step: the copy reads one WAL snapshot while writers go on appending. In
            # several steps, any commit by another connection between steps restarts the copy
            # from the first page, so offices saving every moment can keep it from finishing.
            sumber.backup(tujuan, pages=-1)
        finally:
            tujuan.close()
            sumber.close()
        os.replace(sementara, berkas)
        manifes = Manifes(_sekarang(), "sqlite", sidik(_engine_sqlite(berkas)))
    else:
        # Checksums and pg_dump read the same exported snapshot, so the manifest describes
        # exactly what the dump holds even while offices keep writing.
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            with conn.begin():
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                _jalankan(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        f"--snapshot={snapshot}",
                        f"--file={berkas}",
                        _dsn(url),
                    ],
                    "pg_dump",
                )
                manifes = Manifes(_sekarang(), "postgresql", _sidik_koneksi(conn))
    manifes.simpan(path_manifes(berkas))
    return manifes


def basis_data_kosong(engine: Engine) -> bool:
    """Tell whether the target holds none of this app's data."""
    with engine.connect() as conn:
        ada = set(inspect(conn).get_table_names()) & set(TABEL_DATA)
        return all(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() == 0 for t in ada)


def pulihkan(engine: Engine, berkas: Path, *, paksa: bool = False) -> HasilPulihan:
    """Restore `berkas` into the database of `engine` and compare it with the manifest.

    Refuses a target that already holds data unless `paksa`. Returns the comparison.
    """
    if not berkas.exists():
        raise ValueError(f"Berkas cadangan {berkas} tidak ada")
    if not paksa and not basis_data_kosong(engine):
        raise ValueError(
            "Basis data tujuan tidak kosong; pemulihan akan menimpanya. Ulangi dengan --force "
            "bila memang itu maksudnya."
        )
    manifes = Manifes.baca(path_manifes(berkas)) if path_manifes(berkas).exists() else None
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite":
        engine.dispose()
        sumber = sqlite3.connect(f"file:{berkas}?mode=ro", uri=True)
        tujuan = sqlite3.connect(_berkas_sqlite(url))
        try:
            sumber.backup(tujuan)
        finally:
            tujuan.close()
            sumber.close()
    else:
        engine.dispose()
        with engine.begin() as conn:
            for t in reversed(TABEL + ["alembic_version"]):
                conn.execute(text(f"DROP TABLE IF EXISTS {t} CASCADE"))
            conn.execute(text("DROP FUNCTION IF EXISTS mutasi_tolak_ubah() CASCADE"))
        _jalankan(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_dsn(url)}", str(berkas)],
            "pg_restore",
        )
    sekarang = sidik(engine)
    beda = []
    if manifes is not None:
        for nama, isi in manifes.tabel.items():
            if sekarang.get(nama) != isi:
                beda.append(nama)
    with engine.begin() as conn:  # the restored number is an old one: move it past the clock
        majukan_versi(conn)
    return {"tabel": sekarang, "beda": beda, "manifes": manifes is not None}


def _engine_sqlite(path: Path) -> Engine:
    from dashboard.db.engine import buat_engine

    return buat_engine(f"sqlite:///{path}")


def _berkas_sqlite(url: URL) -> str:
    """The database file of a SQLite URL (an in-memory database has none to copy)."""
    if url.database is None:
        raise ValueError(
            f"{url} adalah basis data SQLite di memori; tidak ada berkas untuk disalin"
        )
    return url.database


def _dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _jalankan(perintah: list[str], nama: str) -> None:
    if shutil.which(perintah[0]) is None:
        raise ValueError(
            f"{nama} tidak ditemukan; pasang klien PostgreSQL (paket postgresql-client)"
        )
    hasil = subprocess.run(perintah, capture_output=True, text=True)
    if hasil.returncode != 0:
        raise ValueError(f"{nama} gagal: {hasil.stderr.strip()[:500]}")


def _sekarang() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
