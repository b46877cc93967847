"""Replay (issue 17, item 6): what a page at a past moment T costs, on the Jawa Tengah demo or
on a Pemilu-sized campaign.

Each run builds a fresh app with an in-process cache (SimpleCache, as a deployment with a
cache) and times each step once, in order: the first replay of the province reads the
campaign's needs and ledger (kept per data version), the other moments reuse them, the same
moment again is a cache hit; a kab/kota and a desa recompute only their kab/kota. With
BENCH_ULANG=n the runs are repeated and the median of each step is kept. Figures, not
pass/fail; written to benchmarks/bench_putar_ulang.json.

    DATABASE_URL=sqlite:////tmp/demo33.db .venv/bin/python benchmarks/bench_putar_ulang.py

A Pemilu campaign in a database holding several (moments in WIB, the first one cold):

    DATABASE_URL=sqlite:////tmp/k2.db KPU_PROVINSI=33 BENCH_KAMPANYE=pemilu2024 \\
    BENCH_PER=2024-02-14T12:00,2024-02-10T12:00,2024-02-13T12:00,2024-02-14T13:00 \\
    BENCH_ULANG=3 .venv/bin/python benchmarks/bench_putar_ulang.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from dashboard.callbacks import ringkasan
from dashboard.db.kampanye import dengan_kampanye
from dashboard.domain.waktu import WIB
from dashboard.factory import create_app
from dashboard.services import peta, putar_ulang, tampilan
from dashboard.settings import Settings

KELUAR = Path(__file__).with_name("bench_putar_ulang.json")
PER_DEMO = "2024-11-23T18:00,2024-11-17T18:00"
BARU = "2024-11-20T12:00"


def _detik(f: Callable[[], object]) -> float:
    mulai = time.perf_counter()
    f()
    return round(time.perf_counter() - mulai, 2)


def _momen(teks: str) -> dt.datetime:
    return dt.datetime.fromisoformat(teks).replace(tzinfo=WIB)


def _langkah(per: list[dt.datetime], kab: str, kec: str) -> list[tuple[str, Callable[[], object]]]:
    replay = putar_ulang.ringkasan_wilayah_per
    desa = tampilan.ringkasan_wilayah(kec)
    assert desa is not None, f"no region {kec}"
    desa_kode = str(desa.anak["kode"].iloc[0])
    t1 = per[0]
    langkah: list[tuple[str, Callable[[], object]]] = [
        ("live province (stored summaries)", partial(tampilan.ringkasan_wilayah, "33")),
        (f"replay province at {t1:%d %b %H:%M}, first (reads needs and ledger)",
         partial(replay, "33", t1)),
    ]  # fmt: skip
    for t in per[1:]:
        langkah.append((f"replay province at {t:%d %b %H:%M} (kept)", partial(replay, "33", t)))
    langkah += [
        ("replay province, same moment again (cache hit)", partial(replay, "33", t1)),
        ("map of the province at T (region cached)", partial(peta.nilai_peta, "33", "indeks", t1)),
        (f"replay kab/kota {kab}, first", partial(replay, kab, t1)),
        (f"replay kab/kota {kab}, another moment", partial(replay, kab, per[-1])),
        (f"replay kecamatan {kec}", partial(replay, kec, t1)),
        (f"replay desa {desa_kode}", partial(replay, desa_kode, t1)),
    ]
    if os.environ.get("BENCH_KAMPANYE") is None:
        isi = ringkasan.isi_wilayah
        langkah += [
            ("overview callback live, with its yesterday (cold)",
             partial(isi, {"kode": None}, None)),
            ("overview callback at a new T, with T-24h (cold)",
             partial(isi, {"kode": None, "per": BARU}, None)),
        ]  # fmt: skip
    return langkah


def sekali(per: list[dt.datetime], kab: str, kec: str) -> dict[str, float]:
    """Time every step once through a fresh app (empty cache)."""
    settings = dataclasses.replace(Settings.from_env(), cache_type="SimpleCache")
    app = create_app(settings)
    hasil: dict[str, float] = {}
    with app.server.test_request_context("/"), dengan_kampanye(os.environ.get("BENCH_KAMPANYE")):
        for nama, f in _langkah(per, kab, kec):
            hasil[nama] = _detik(f)
            print(f"{hasil[nama]:7.2f} s  {nama}", flush=True)
    return hasil


def main() -> None:
    per = [_momen(t) for t in os.environ.get("BENCH_PER", PER_DEMO).split(",")]
    kab = os.environ.get("BENCH_KABKOTA", "33.20")
    kec = os.environ.get("BENCH_KECAMATAN", kab + ".10")
    ulang = int(os.environ.get("BENCH_ULANG", "1"))
    runs = [sekali(per, kab, kec) for _ in range(ulang)]
    hasil = {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}
    beban = os.getloadavg()[0]
    KELUAR.write_text(
        json.dumps({"diukur": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
                    "kampanye": os.environ.get("BENCH_KAMPANYE"), "ulang": ulang,
                    "beban_1_menit": round(beban, 1), "detik_median": hasil,
                    "detik_semua": runs}, indent=2) + "\n"
    )  # fmt: skip


if __name__ == "__main__":
    main()
