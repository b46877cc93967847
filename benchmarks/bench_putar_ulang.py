"""Replay (issue 17, item 6): what a page at a past moment T costs on the Jawa Tengah demo.

Each step is timed once, in order, through the app with an in-process cache (SimpleCache, as
a deployment with a cache): the first replay of the province reads the campaign's needs (kept
per data version), a second moment reuses them, the same moment again is a cache hit; a
kab/kota and a desa recompute only their kab/kota. Figures, not pass/fail; written to
benchmarks/bench_putar_ulang.json. The demo database is built by `python -m dashboard demo`.

    DATABASE_URL=sqlite:////tmp/demo33.db .venv/bin/python benchmarks/bench_putar_ulang.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from dashboard.callbacks import ringkasan
from dashboard.domain.waktu import WIB
from dashboard.factory import create_app
from dashboard.services import peta, putar_ulang, tampilan
from dashboard.settings import Settings

KELUAR = Path(__file__).with_name("bench_putar_ulang.json")
T1 = dt.datetime(2024, 11, 23, 18, 0, tzinfo=WIB)
T2 = dt.datetime(2024, 11, 17, 18, 0, tzinfo=WIB)
BARU = "2024-11-20T12:00"


def _detik(f: Callable[[], object]) -> float:
    mulai = time.perf_counter()
    f()
    return round(time.perf_counter() - mulai, 2)


def main() -> None:
    settings = dataclasses.replace(Settings.from_env(), cache_type="SimpleCache")
    app = create_app(settings)
    hasil: dict[str, float] = {}
    with app.server.test_request_context("/"):
        desa = tampilan.ringkasan_wilayah("33.20.10")
        assert desa is not None
        desa_kode = str(desa.anak["kode"].iloc[0])
        per = putar_ulang.ringkasan_wilayah_per
        isi = ringkasan.isi_wilayah
        langkah: list[tuple[str, Callable[[], object]]] = [
            ("live province (stored summaries)", partial(tampilan.ringkasan_wilayah, "33")),
            ("replay province, first moment (reads needs)", partial(per, "33", T1)),
            ("replay province, another moment (needs kept)", partial(per, "33", T2)),
            ("replay province, same moment again (cache hit)", partial(per, "33", T1)),
            (
                "map of the province at T (region cached)",
                partial(peta.nilai_peta, "33", "indeks", T1),
            ),
            ("replay kab/kota 33.20, first", partial(per, "33.20", T1)),
            ("replay kab/kota 33.20, another moment", partial(per, "33.20", T2)),
            ("replay kecamatan 33.20.10", partial(per, "33.20.10", T1)),
            (f"replay desa {desa_kode}", partial(per, desa_kode, T1)),
            (
                "overview callback live, with its yesterday (cold)",
                partial(isi, {"kode": None}, None),
            ),
            (
                "overview callback at a new T, with T-24h (cold)",
                partial(isi, {"kode": None, "per": BARU}, None),
            ),
        ]
        for nama, f in langkah:
            hasil[nama] = _detik(f)
            print(f"{hasil[nama]:7.2f} s  {nama}")
    beban = os.getloadavg()[0]
    KELUAR.write_text(
        json.dumps({"diukur": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
                    "beban_1_menit": round(beban, 1), "detik": hasil}, indent=2) + "\n"
    )  # fmt: skip


if __name__ == "__main__":
    main()
