"""Locust load: recorded Dash callback reads over HTTP (writers run beside it, scripts/lasttest).

Each task is one callback request, picked at random, then a 0.5–1.5 s pause: 80 reading users
make ~80 reads/s beside 20 writers making ~20 writes/s, an 80/20 mix by request count.
"""

from __future__ import annotations

import json
import os
import random

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

from dashboard.benchmark import _kab_pertama, _tubuh, panggilan_utama
from dashboard.factory import create_app
from dashboard.settings import Settings

URL = os.environ["DATABASE_URL"]
PROVINSI = os.environ.get("KPU_PROVINSI", "33")
_app = create_app(Settings(database_url=URL, kpu_provinsi=PROVINSI, cache_type="NullCache",
                           secret_key="locust"))  # fmt: skip
KAB = _kab_pertama(_app, PROVINSI)
TUBUH = [(p.nama, json.dumps(_tubuh(p))) for p in panggilan_utama(_app, PROVINSI, KAB)]

class Pembaca(FastHttpUser):
    """A browser tab replaying the key callbacks."""

    wait_time = between(0.5, 1.5)

    @task
    def baca(self) -> None:
        nama, tubuh = random.choice(TUBUH)
        self.client.post(
            "/_dash-update-component", data=tubuh, name=nama,
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
