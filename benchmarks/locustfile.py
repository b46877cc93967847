"""Locust load: recorded Dash callback requests over HTTP, 80 % reads and 20 % writes.

Each task is one request, then a 0.5–1.5 s pause. Readers (4 of 5 users) replay a key callback
picked at random; writers (1 of 5) sign in as a demo kab/kota operator and post the /input
form's Simpan callback, each entry with a new client id — the full write path of the app.
"""

from __future__ import annotations

import json
import os
import random
import uuid

from locust import HttpUser, between, task
from locust.contrib.fasthttp import FastHttpUser
from sqlalchemy import text

from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.settings import Settings
from dashboard.tools.benchmark import (
    badan_panggilan,
    badan_simpan,
    kab_pertama,
    panggilan_utama,
    provinsi_tulis,
)
from dashboard.tools.demo import KATA_SANDI_DEMO

URL = os.environ["DATABASE_URL"]
PROVINSI = os.environ.get("KPU_PROVINSI", "33")
_app = create_app(Settings(database_url=URL, kpu_provinsi=PROVINSI, cache_type="NullCache",
                           secret_key="locust"))  # fmt: skip
KAB = kab_pertama(_app, PROVINSI)
TUBUH = [(p.nama, json.dumps(badan_panggilan(p))) for p in panggilan_utama(_app, PROVINSI, KAB)]
with _app.server.app_context(), db.engine.connect() as _conn:
    KABKOTA = list(_conn.scalars(
        text("SELECT kode FROM wilayah WHERE tingkat = 2 AND provinsi_kode = :p ORDER BY kode"),
        {"p": provinsi_tulis(PROVINSI)},
    ))  # fmt: skip
with _app.server.app_context(), db.sesi_baca() as _s:
    _pemilihan = pemilihan_dari_db(_s)
    db.engine.dispose()  # no pooled connection is left inside locust's gevent loop
JENIS = _pemilihan.jenis[0].kode
BROWSER_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
# The meeting scenario (scripts/lasttest rapat): a fixed number of offices entering data at a
# human pace (JEDA_TULIS seconds between two entries) while everyone else watches.
PENULIS_TETAP = int(os.environ.get("PENULIS_TETAP", "0"))
JEDA_TULIS = tuple(float(x) for x in os.environ.get("JEDA_TULIS", "0.5,1.5").split(","))
TANGGAL_ISI = _pemilihan.tanggal_h(-3).isoformat()  # inside the campaign's activity window


class Pembaca(FastHttpUser):
    """A browser tab replaying the key callbacks."""

    weight = 4
    wait_time = between(0.5, 1.5)

    @task
    def baca(self) -> None:
        nama, tubuh = random.choice(TUBUH)
        self.client.post(
            "/_dash-update-component", data=tubuh, name=nama,
            headers={"Content-Type": "application/json", "Accept-Encoding": BROWSER_ENCODING},
        )  # fmt: skip


class Penulis(HttpUser):
    """A kab/kota operator entering vendor deliveries through the /input form."""

    weight = 1
    fixed_count = PENULIS_TETAP
    wait_time = between(*JEDA_TULIS)

    def on_start(self) -> None:
        self.kab = random.choice(KABKOTA)
        self.client.post("/masuk", name="masuk", data={
            "username": f"operator.{self.kab.replace('.', '')}", "kata_sandi": KATA_SANDI_DEMO,
        })  # fmt: skip

    @task
    def simpan(self) -> None:
        tubuh = json.dumps(badan_simpan(f"locust-{uuid.uuid4().hex}", self.kab, TANGGAL_ISI, JENIS))
        with self.client.post(
            "/_dash-update-component", data=tubuh, name="simpan (tulis)", catch_response=True,
            headers={"Content-Type": "application/json"},
        ) as r:  # fmt: skip
            if r.status_code == 200 and "Tercatat" not in r.text:
                r.failure(r.text[:200])
