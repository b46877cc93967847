"""Backup while offices write, restore into an empty database, every table checked."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.domain.buku_besar import EntriMutasi, JenisMutasi, Kondisi, Tahap
from dashboard.services.buku_besar import catat_mutasi, hitung_ulang
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.tools.cadangan import cadangkan, pulihkan


def _tujuan(request: pytest.FixtureRequest, db_url: str, tmp_path) -> str:
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'pulih.db'}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"pulih_{uuid.uuid4().hex[:8]}")


def _jumlah_mutasi(engine) -> int:
    with pembuat_sesi(engine)() as s:
        return s.scalar(select(func.count()).select_from(models.Mutasi))


def test_backup_during_writes_restores_exactly_and_stays_consistent(
    kampanye_kecil, db_url, tmp_path, request
):
    engine, _ = kampanye_kecil
    awal = _jumlah_mutasi(engine)
    berhenti = threading.Event()
    tertulis: list[str] = []

    def penulis() -> None:
        i = 0
        while not berhenti.is_set() and i < 400:
            with pembuat_sesi(engine, tulis=True)() as s, s.begin():
                m = EntriMutasi(
                    JenisMutasi.TERIMA_PENYEDIA,
                    "TINTA",
                    Tahap.GUDANG,
                    "65.01",
                    3,
                    dt.datetime(2024, 11, 24, 9, 0, tzinfo=dt.UTC),
                    f"bk-{i}",
                    kondisi=Kondisi.BAIK,
                )
                catat_mutasi(s, m, pemilihan_dari_db(s), kantor_kode="65.01")
            tertulis.append(f"bk-{i}")
            i += 1

    t = threading.Thread(target=penulis)
    t.start()
    try:
        while len(tertulis) < 20:
            threading.Event().wait(0.05)
        berkas = tmp_path / "cadangan.bin"
        manifes = cadangkan(engine, berkas)
    finally:
        berhenti.set()
        t.join()
    n_cadangan = manifes.tabel["mutasi"]["baris"]
    assert awal + 20 <= n_cadangan <= _jumlah_mutasi(engine)

    tujuan = buat_engine(_tujuan(request, db_url, tmp_path))
    hasil = pulihkan(tujuan, berkas)
    assert hasil["manifes"] and hasil["beda"] == []
    assert _jumlah_mutasi(tujuan) == n_cadangan
    with pembuat_sesi(tujuan)() as s:
        # the snapshot caught summaries and ledger at the same moment
        assert len(hitung_ulang(s, pemilihan_dari_db(s), terapkan=False)) == 0

    with pytest.raises(ValueError, match="tidak kosong"):
        pulihkan(tujuan, berkas)
    assert pulihkan(tujuan, berkas, paksa=True)["beda"] == []
    tujuan.dispose()


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(ValueError, match="tidak ada"):
        pulihkan(buat_engine(f"sqlite:///{tmp_path / 'x.db'}"), tmp_path / "tidak-ada.bin")
