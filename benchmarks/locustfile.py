"""Locust load: 80% recorded Dash callback reads over HTTP, 20% ledger writes to the same DB."""

from __future__ import annotations

import json
import os
import time
import uuid

from locust import User, between, events, task
from locust.contrib.fasthttp import FastHttpUser

from dashboard.benchmark import _kab_pertama, _mutasi_uji, _tubuh, panggilan_utama
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.factory import create_app
from dashboard.services.buku_besar import catat_mutasi
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.settings import Settings

URL = os.environ["DATABASE_URL"]
PROVINSI = os.environ.get("KPU_PROVINSI", "33")
_app = create_app(Settings(database_url=URL, kpu_provinsi=PROVINSI, cache_type="NullCache",
                           secret_key="locust"))  # fmt: skip
KAB = _kab_pertama(_app, PROVINSI)
TUBUH = [(p.nama, json.dumps(_tubuh(p))) for p in panggilan_utama(_app, PROVINSI, KAB)]
ENGINE = buat_engine(URL)
BUAT = pembuat_sesi(ENGINE, tulis=True)
with BUAT() as _s:
    PEMILIHAN = pemilihan_dari_db(_s)
import datetime as dt  # noqa: E402

WAKTU = dt.datetime.combine(PEMILIHAN.tanggal_h(-3), dt.time(5, 0), dt.UTC)


class Pembaca(FastHttpUser):
    """A browser tab replaying the key callbacks (weight 4 of 5 users' actions)."""

    weight = 4
    wait_time = between(0.5, 1.5)

    @task
    def baca(self) -> None:
        for nama, tubuh in TUBUH:
            self.client.post(
                "/_dash-update-component", data=tubuh, name=nama,
                headers={"Content-Type": "application/json"},
            )  # fmt: skip


class Penulis(User):
    """An office entering a vendor delivery through catat_mutasi (1 of 5 users)."""

    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def tulis(self) -> None:
        t0 = time.perf_counter()
        galat = None
        try:
            with BUAT() as s, s.begin():
                m = _mutasi_uji(KAB, "SS-GUB", 0, WAKTU)
                m = type(m)(**{**m.__dict__, "client_id": f"locust-{uuid.uuid4().hex}"})
                catat_mutasi(s, m, PEMILIHAN, kantor_kode=KAB)
        except Exception as e:  # noqa: BLE001 — reported to locust as a failure
            galat = e
        events.request.fire(
            request_type="DB", name="catat_mutasi", response_time=(time.perf_counter() - t0) * 1000,
            response_length=0, exception=galat, context={},
        )  # fmt: skip
