"""kill -9 of the web server in the middle of writes, on SQLite and on PostgreSQL.

A real `gunicorn -w 2` serves a small campaign; operators of every kab/kota save receipts over
HTTP exactly as the /input page does, and the whole process group is SIGKILLed while they save,
then again in the middle of a large all-or-nothing upload. After each restart: every receipt
acknowledged with "Tercatat" is stored, no entry is half-written (its amount is the one sent),
every new ledger row has exactly one audit row and no audit row is orphaned, the upload is
stored entirely or not at all, `python -m dashboard check` is clean and `recompute` finds
nothing to fix. Client retries of unanswered saves (same submission id) are then counted once.

The short variant runs in the normal suite; `pytest --soak` runs the long one (many kill rounds,
a 20,000-row upload) and writes its figures to benchmarks/soak_mati_mendadak_<db>.json.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import requests
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from dashboard.db import models
from dashboard.db.engine import buat_engine
from dashboard.tools.demo import bangun_demo
from tests.support.server_web import (
    ROOT,
    ServerWeb,
    badan_simpan,
    badan_unggah,
    keluaran_callback,
)

SOAK = os.environ.get("UJI_SOAK") == "1"
PROVINSI = "65"
OPERATOR = ("6501", "6502", "6503", "6504", "6571")
ITEM = ("KOTAK", "BILIK", "TINTA", "SEGEL", "SS-GUB")
# The writers save receipts until the server dies, far past any plausible need: this test is
# about what survives a kill, so the sanity bound on quantities is raised out of the way.
TANPA_BATAS_WAJAR = {"BATAS_KELIPATAN_KEBUTUHAN": "1000"}
PENULIS_PER_OPERATOR = 2
PUTARAN = 8 if SOAK else 1  # kill rounds during writes
DETIK_MENULIS = (2.0, 6.0) if SOAK else (1.5, 2.5)  # writes run this long before the kill
BARIS_UNGGAH = 20_000 if SOAK else 1_500


@pytest.fixture(params=["sqlite", "postgres"])
def basis(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A small campaign (Kalimantan Utara) on a file SQLite database, then on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kendali.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = buat_engine(url, bulk=True)
    bangun_demo(engine, PROVINSI, "pilkada2024", dt.date(2024, 11, 24), seed=5)
    engine.dispose()
    return url


def _jumlah(jenis: str, nomor: int) -> int:
    """The amount a writer sends in its n-th save: known, so a half-written row would show."""
    return 1 + (zlib.crc32(jenis.encode()) % 7) * 100 + nomor % 97


class Penulis:
    """Writers of every kab/kota saving receipts until the server dies; what was acknowledged."""

    def __init__(self, server: ServerWeb, putaran: int) -> None:
        self.server = server
        self.putaran = putaran
        self.diakui: dict[str, int] = {}  # client id -> amount, answered "Tercatat"
        self.terkirim: dict[str, tuple[str, int, str]] = {}  # client id -> (kab/kota, n, item)
        self.galat: list[str] = []
        self._kunci = threading.Lock()
        self._berhenti = threading.Event()

    def _kerja(self, operator: str, urut: int, sesi: requests.Session) -> None:
        kabkota = f"{operator[:2]}.{operator[2:]}"
        for n in range(10**6):
            if self._berhenti.is_set():
                return
            cid = f"p{self.putaran}-{operator}-{urut}-{n}"
            jumlah = _jumlah(cid, n)
            item = ITEM[n % len(ITEM)]
            badan = badan_simpan(
                kabkota, cid, jumlah=str(jumlah), jenis_logistik=item, tanggal="2024-11-20"
            )
            with self._kunci:
                self.terkirim[cid] = (kabkota, jumlah, item)
            try:
                r = sesi.post(f"{self.server.base}/_dash-update-component", json=badan, timeout=60)
            except requests.RequestException:
                return  # the server died under this request: its fate is checked afterwards
            if r.status_code == 200 and "Tercatat" in r.text:
                with self._kunci:
                    self.diakui[cid] = jumlah
            else:
                with self._kunci:
                    self.galat.append(f"{cid}: {r.status_code} {r.text[:300]}")
                return

    def jalankan_lalu_bunuh(self, detik: float) -> None:
        """Write from every office for `detik` seconds, then SIGKILL the server mid-stream."""
        tugas = [
            (o, u, self.server.masuk(f"operator.{o}"))
            for o in OPERATOR
            for u in range(PENULIS_PER_OPERATOR)
        ]
        with ThreadPoolExecutor(len(tugas)) as pool:
            hasil = [pool.submit(self._kerja, *t) for t in tugas]
            time.sleep(detik)
            self.server.matikan_paksa()
            self._berhenti.set()
            for h in hasil:
                h.result()


def _engine(url: str):  # type: ignore[no-untyped-def]
    u = make_url(url)
    if u.get_backend_name() == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u)


def _periksa_data(url: str, mutasi_awal: int, audit_awal: int) -> dict[str, tuple[int, str]]:
    """Check ledger and audit agree one-to-one; return the new entries by client id."""
    engine = _engine(url)
    with engine.connect() as c:
        baru = {
            r.client_id: (r.id, r.jumlah, r.jenis_kode, r.wilayah_kode)
            for r in c.execute(
                select(models.Mutasi.id, models.Mutasi.client_id, models.Mutasi.jumlah,
                       models.Mutasi.jenis_kode, models.Mutasi.wilayah_kode)
                .where(models.Mutasi.id > mutasi_awal)
            )
        }  # fmt: skip
        audit = c.execute(
            select(models.Audit.entitas_id, models.Audit.aksi, models.Audit.sesudah)
            .where(models.Audit.id > audit_awal, models.Audit.entitas == "mutasi")
        ).all()  # fmt: skip
        if engine.dialect.name == "sqlite":
            assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert c.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()
    id_audit = [a.entitas_id for a in audit]
    assert len(id_audit) == len(set(id_audit)), "an entry has two audit rows"
    assert set(id_audit) == {str(v[0]) for v in baru.values()}, "ledger and audit disagree"
    for a in audit:
        assert a.aksi == "catat_mutasi"
        assert a.sesudah["client_id"] in baru
        assert int(a.sesudah["jumlah"]) == baru[a.sesudah["client_id"]][1]
    return baru


def _perintah(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "KPU_PROVINSI": PROVINSI}
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _integritas_bersih(url: str) -> None:
    cek = _perintah(url, "check")
    assert cek.returncode == 0 and "BERSIH" in cek.stdout, cek.stdout + cek.stderr
    hitung = _perintah(url, "recompute", "--periksa-saja")
    assert hitung.returncode == 0 and ": 0 selisih" in hitung.stdout, hitung.stdout + hitung.stderr


def _awal(url: str) -> tuple[int, int]:
    engine = _engine(url)
    with engine.connect() as c:
        m = c.scalar(select(func.coalesce(func.max(models.Mutasi.id), 0)))
        a = c.scalar(select(func.coalesce(func.max(models.Audit.id), 0)))
    engine.dispose()
    return m, a


def _berkas_besar(n: int) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        ["tanggal", "jam", "kode_wilayah", "jenis_logistik", "jumlah", "kondisi", "keterangan"]
    )
    # Every row differs in time, item or quantity: identical rows would be skipped as repeats.
    for i in range(n):
        menit, jenis, jumlah = i % 600, (i // 600) % len(ITEM), 1 + i // (600 * len(ITEM))
        w.writerow(
            [
                "21-11-2024",
                f"{8 + menit // 60:02d}.{menit % 60:02d}",
                "65.71",
                ITEM[jenis],
                f"{jumlah}",
                "baik",
                f"unggahan besar baris {i}",
            ]
        )
    return buf.getvalue().encode()


def _transaksi_tulis_terbuka(url: str) -> bool:
    """Tell whether some connection holds an open write transaction on the database."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        conn = sqlite3.connect(u.database, timeout=0.05, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()
    admin = u.set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(admin) as conn:
        n = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL"
            " AND pid <> pg_backend_pid()",
            (u.database,),
        ).fetchone()[0]
    return n > 0


def _unggah(server: ServerWeb, isi: bytes, nama: str, batas: float) -> requests.Response:
    sesi = server.masuk("operator.6571")
    output = keluaran_callback(server.base, "..tulis-unggah-hasil.children")
    return sesi.post(
        f"{server.base}/_dash-update-component", json=badan_unggah(output, nama, isi), timeout=batas
    )


def test_kill_9_mid_writes_and_mid_upload_loses_nothing_acknowledged(basis, tmp_path) -> None:
    url = basis
    mutasi_awal, audit_awal = _awal(url)
    log = tmp_path / "gunicorn.log"
    diakui: dict[str, int] = {}
    terkirim: dict[str, tuple[str, int, str]] = {}
    acak = random.Random(11)
    catatan: dict[str, object] = {"putaran": []}

    for putaran in range(PUTARAN):
        server = ServerWeb(url, PROVINSI, log, **TANPA_BATAS_WAJAR).mulai()
        penulis = Penulis(server, putaran)
        detik = acak.uniform(*DETIK_MENULIS)
        penulis.jalankan_lalu_bunuh(detik)
        assert penulis.galat == []
        assert penulis.diakui, "no write was acknowledged before the kill"
        diakui |= penulis.diakui
        terkirim |= penulis.terkirim
        baru = _periksa_data(url, mutasi_awal, audit_awal)
        hilang = set(diakui) - set(baru)
        assert not hilang, f"acknowledged but lost: {sorted(hilang)[:5]}"
        for cid, (_id, jumlah, item, wilayah) in baru.items():
            assert (wilayah, jumlah, item) == terkirim[cid], cid  # never half-written
        catatan["putaran"].append(
            {"detik_menulis": round(detik, 2), "diakui": len(penulis.diakui),
             "terkirim": len(penulis.terkirim),
             "tersimpan_tanpa_jawaban": len(set(penulis.terkirim) & set(baru)
                                            - set(penulis.diakui))}
        )  # fmt: skip

    # A large upload, killed while its single transaction is open: none of it may remain.
    isi = _berkas_besar(BARIS_UNGGAH)
    server = ServerWeb(url, PROVINSI, log, **TANPA_BATAS_WAJAR).mulai()
    jawaban: list[object] = []

    def unggah_besar() -> None:
        try:
            jawaban.append(_unggah(server, isi, "besar.csv", 600))
        except requests.RequestException as e:
            jawaban.append(e)

    kirim = threading.Thread(target=unggah_besar, daemon=True)
    mulai = time.monotonic()
    kirim.start()
    tenggat = time.monotonic() + 120
    while not _transaksi_tulis_terbuka(url):
        assert time.monotonic() < tenggat, "the upload never opened its transaction"
        time.sleep(0.05)
    time.sleep(0.5)
    assert _transaksi_tulis_terbuka(url)
    server.matikan_paksa()
    catatan["unggah_dibunuh_setelah_detik"] = round(time.monotonic() - mulai, 2)
    kirim.join(timeout=30)
    assert len(jawaban) == 1 and isinstance(jawaban[0], requests.RequestException), jawaban
    baru = _periksa_data(url, mutasi_awal, audit_awal)
    assert not [c for c in baru if c.startswith("u:")], "part of the upload survived the kill"
    if SOAK:  # the short run checks once, at the end
        _integritas_bersih(url)

    # Restarted: clients retry every save that got no answer; each is stored once.
    server = ServerWeb(url, PROVINSI, log, **TANPA_BATAS_WAJAR).mulai()
    try:
        sesi = {o: server.masuk(f"operator.{o}") for o in OPERATOR}
        for cid, (kabkota, jumlah, item) in terkirim.items():
            if cid in diakui:
                continue
            badan = badan_simpan(
                kabkota, cid, jumlah=str(jumlah), jenis_logistik=item, tanggal="2024-11-20"
            )
            r = sesi[kabkota.replace(".", "")].post(
                f"{server.base}/_dash-update-component", json=badan, timeout=60
            )
            assert r.status_code == 200 and ("Tercatat" in r.text or "Sudah diterima" in r.text)
        mulai = time.monotonic()
        r = _unggah(server, isi, "besar.csv", 900)
        catatan["unggah_penuh_detik"] = round(time.monotonic() - mulai, 2)
        assert r.status_code == 200 and f"{BARIS_UNGGAH} catatan dari besar.csv tersimpan" in r.text
    finally:
        server.berhenti()
    baru = _periksa_data(url, mutasi_awal, audit_awal)
    assert set(baru) >= set(terkirim)
    assert sum(c.startswith("u:") for c in baru) == BARIS_UNGGAH
    assert len(baru) == len(terkirim) + BARIS_UNGGAH
    _integritas_bersih(url)

    catatan |= {"diakui": len(diakui), "terkirim": len(terkirim), "hilang": 0,
                "baris_unggah": BARIS_UNGGAH}  # fmt: skip
    if SOAK:
        jenis = make_url(url).get_backend_name()
        keluar = ROOT / "benchmarks" / f"soak_mati_mendadak_{jenis}.json"
        keluar.write_text(json.dumps(catatan, indent=2) + "\n")
