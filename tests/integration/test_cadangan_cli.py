"""The backup drill through the command line, while offices keep writing (SQLite, PostgreSQL).

`python -m dashboard backup FILE` runs while writer threads record receipts; the backup is one
moment of the database: it holds every receipt acknowledged before it started, its summaries
agree with its ledger, and `python -m dashboard restore FILE` into an empty database gives back
exactly the rows and checksums of its manifest. A restore into a database that already holds
data is refused (and changes nothing) unless `--force` is given.

`pytest --soak` also backs up the Jawa Tengah demo (85 MB) under four busy writers. Copied in
4096-page steps, every commit by another connection restarted the copy from the first page;
under constant commits it took anywhere from seconds to longer than we waited (30 s), so the
copy is now taken in one step from one WAL snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.db import models
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.domain.buku_besar import EntriMutasi, JenisMutasi, Kondisi, Tahap
from dashboard.services.buku_besar import catat_mutasi, hitung_ulang
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.tools.cadangan import Manifes, path_manifes, sidik

ROOT = Path(__file__).resolve().parents[2]


def _perintah(url: str, provinsi: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "KPU_PROVINSI": provinsi}
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


class Penulis:
    """Threads recording receipts for one kab/kota until stopped; when each was acknowledged."""

    def __init__(self, url: str, kabkota: str, utas: int) -> None:
        self.engine = buat_engine(url)
        self.kabkota = kabkota
        self.diakui: list[tuple[float, str]] = []  # (monotonic time of commit, client id)
        self._kunci = threading.Lock()
        self._berhenti = threading.Event()
        self._utas = [threading.Thread(target=self._kerja, args=(i,)) for i in range(utas)]
        self.galat: list[BaseException] = []

    def _kerja(self, nomor: int) -> None:
        sesi = pembuat_sesi(self.engine, tulis=True)
        i = 0
        try:
            while not self._berhenti.is_set():
                cid = f"cli-{nomor}-{i}-{uuid.uuid4().hex[:6]}"
                with sesi() as s, s.begin():
                    m = EntriMutasi(
                        JenisMutasi.TERIMA_PENYEDIA,
                        "TINTA",
                        Tahap.GUDANG,
                        self.kabkota,
                        3,
                        dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC),
                        cid,
                        kondisi=Kondisi.BAIK,
                    )
                    catat_mutasi(s, m, pemilihan_dari_db(s), kantor_kode=self.kabkota)
                with self._kunci:
                    self.diakui.append((time.monotonic(), cid))
                i += 1
        except BaseException as e:  # reported by the test, not lost in a thread
            self.galat.append(e)

    def mulai(self, minimal: int) -> None:
        for t in self._utas:
            t.start()
        tenggat = time.monotonic() + 60
        while self.jumlah() < minimal:
            assert time.monotonic() < tenggat and not self.galat, self.galat
            time.sleep(0.02)

    def jumlah(self) -> int:
        with self._kunci:
            return len(self.diakui)

    def berhenti(self) -> None:
        self._berhenti.set()
        for t in self._utas:
            t.join()
        self.engine.dispose()
        assert not self.galat, self.galat


def _client_id(url: str) -> set[str]:
    engine = buat_engine(url)
    try:
        with pembuat_sesi(engine)() as s:
            return set(s.scalars(select(models.Mutasi.client_id)))
    finally:
        engine.dispose()


def _latihan(sumber: str, tujuan: str, provinsi: str, kabkota: str, berkas: Path, utas: int):  # type: ignore[no-untyped-def]
    """Back up `sumber` while writers write, restore into `tujuan`; return the figures."""
    awal = _client_id(sumber)
    penulis = Penulis(sumber, kabkota, utas)
    penulis.mulai(minimal=20)
    try:
        t0, n0 = time.monotonic(), penulis.jumlah()
        cadangan = _perintah(sumber, provinsi, "backup", str(berkas))
        t1, n1 = time.monotonic(), penulis.jumlah()
        time.sleep(0.3)
    finally:
        penulis.berhenti()
    assert cadangan.returncode == 0, cadangan.stdout + cadangan.stderr
    assert "Cadangan ditulis" in cadangan.stdout
    assert n1 > n0, "no write went on while the backup ran"
    sebelum_mulai = {cid for t, cid in penulis.diakui if t < t0}
    semua = {cid for _, cid in penulis.diakui}
    manifes = Manifes.baca(path_manifes(berkas))

    pulih = _perintah(tujuan, provinsi, "restore", str(berkas))
    assert pulih.returncode == 0, pulih.stdout + pulih.stderr
    assert "semua tabel cocok dengan manifes" in pulih.stdout
    engine = buat_engine(tujuan)
    try:
        assert sidik(engine) == manifes.tabel  # every table: row count and SHA-256
        with pembuat_sesi(engine)() as s:
            # one moment: the summaries in the backup agree with its ledger
            assert len(hitung_ulang(s, pemilihan_dari_db(s), terapkan=False)) == 0
    finally:
        engine.dispose()
    dipulihkan = _client_id(tujuan)
    assert sebelum_mulai <= dipulihkan  # nothing acknowledged before the backup is missing
    assert dipulihkan - awal <= semua  # and nothing that was never written appears
    return {
        "detik_cadangan": round(t1 - t0, 2),
        "tulis_selama_cadangan": n1 - n0,
        "tulis_sebelum_cadangan": len(sebelum_mulai),
        "tulis_total": len(semua),
        "mutasi_dalam_cadangan": manifes.tabel["mutasi"]["baris"],
        "ukuran_mb": round(berkas.stat().st_size / 1e6, 1),
    }


@pytest.fixture
def tujuan_kosong(request: pytest.FixtureRequest, db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An empty database of the same kind to restore into."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'pulih.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    nama = f"pulih_{uuid.uuid4().hex[:10]}"
    yield server.create_database(nama)
    server.drop_database(nama)


def _sidik(url: str) -> dict:
    engine = buat_engine(url)
    try:
        return sidik(engine)
    finally:
        engine.dispose()


def test_backup_while_writing_then_restore_and_refuse_a_non_empty_target(
    kampanye_kecil, db_url, tujuan_kosong, tmp_path
) -> None:
    engine, _ = kampanye_kecil
    engine.dispose()
    berkas = tmp_path / "cadangan" / "kendali.bin"
    _latihan(db_url, tujuan_kosong, "65", "65.71", berkas, utas=2)

    sebelum = _sidik(tujuan_kosong)
    tolak = _perintah(tujuan_kosong, "65", "restore", str(berkas))
    assert tolak.returncode == 2 and "tidak kosong" in tolak.stderr and "--force" in tolak.stderr
    assert _sidik(tujuan_kosong) == sebelum  # refused: nothing touched
    paksa = _perintah(tujuan_kosong, "65", "restore", str(berkas), "--force")
    assert paksa.returncode == 0, paksa.stdout + paksa.stderr
    assert _sidik(tujuan_kosong) == sebelum


@pytest.mark.soak
def test_a_large_sqlite_backup_finishes_under_constant_writes(demo33, tmp_path) -> None:
    sumber = tmp_path / "kendali.db"
    shutil.copy(demo33[0].removeprefix("sqlite:///"), sumber)
    tujuan = f"sqlite:///{tmp_path / 'pulih.db'}"
    angka = _latihan(f"sqlite:///{sumber}", tujuan, "33", "33.74", tmp_path / "besar.bin", utas=4)
    keluar = ROOT / "benchmarks" / "soak_cadangan_sqlite_33.json"
    keluar.write_text(json.dumps(angka, indent=2) + "\n")
