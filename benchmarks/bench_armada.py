"""Vehicle plans for every kab/kota of province 33, and a re-plan after a broken truck (issue 18).

Figures, not pass/fail. Builds the province 33 demo (its fleet included) in a throwaway SQLite
file unless DATABASE_URL names one that already holds it, then through the services, as the
command line and the pages call them:

- `rencanakan` for each kab/kota, hop PPK, whole need (`seluruh_kebutuhan`): load, solve,
  check, store, audit — wall time per kab/kota (median, slowest), destinations served;
- `rencana_ulang` for Jepara (33.20) after its first truck breaks down, RONDE times (median).

The matrix is services.rute's when that module is installed (issue 18 part 1), else the
straight-line estimate from coordinates (`domain.armada.matriks_garis_lurus`); the results say
which.

    .venv/bin/python benchmarks/bench_armada.py [KELUARAN.json]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dashboard.db.engine import buat_engine, kampanye_ada
from dashboard.settings import Settings

RONDE = 3
KABKOTA_ULANG = "33.20"


def main(keluaran: str = "benchmarks/bench_armada_33.json") -> None:
    """Build (if needed), plan every kab/kota, re-plan one; print and write the figures."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='armada-')}/33.db"
    os.environ["KPU_PROVINSI"] = "33"
    settings = Settings.from_env()
    engine = buat_engine(settings.database_url, bulk=True)
    if not kampanye_ada(engine):
        from dashboard.tools.demo import bangun_demo

        mulai = time.perf_counter()
        bangun_demo(engine, "33", "pilkada2024", seed=1)
        print(f"demo 33 dibangun dalam {time.perf_counter() - mulai:.1f} s", flush=True)

    from dashboard.domain.akses import Akun
    from dashboard.factory import create_app
    from dashboard.services import armada
    from dashboard.services.batas_wajar import akun_bernama
    from dashboard.services.pencatatan import Pelaku

    app = create_app(settings.with_(login_wajib_baca=False))
    with app.server.app_context():
        from dashboard.extensions import db

        with db.sesi_baca() as s:
            akun: Akun | None = akun_bernama(s, "admin.33")
        assert akun is not None
        admin = Pelaku(akun, "33", "bench")
        baris: list[dict[str, Any]] = []
        for st in armada.status_rencana("33"):
            mulai = time.perf_counter()
            h = armada.rencanakan(st.kabkota_kode, pelaku=admin, seluruh_kebutuhan=True)
            detik = time.perf_counter() - mulai
            baris.append(
                {
                    "kabkota": st.kabkota_kode,
                    "tujuan": len(h.tujuan),
                    "tidak_terlayani": len(h.rencana.tidak_terlayani),
                    "kendaraan_dipakai": sum(1 for r in h.rencana.rute if r.singgah),
                    "cadangan_dipakai": sum(
                        1
                        for r in h.rencana.rute
                        if r.singgah and h.kendaraan[r.kendaraan_id].cadangan
                    ),
                    "pelanggaran": len(h.pelanggaran),
                    "detik": round(detik, 3),
                    "detik_pemecah": round(h.detik, 3),
                    "matriks": h.rencana.sumber_matriks,
                }
            )
            print(
                f"  {st.kabkota_kode}: {len(h.tujuan):>3} PPK, {detik:5.2f} s, "
                f"tidak terlayani {len(h.rencana.tidak_terlayani)}, "
                f"pelanggaran {len(h.pelanggaran)}",
                flush=True,
            )
            if st.kabkota_kode == KABKOTA_ULANG:
                armada.terima(h.rencana_id, admin)
        truk = next(
            k
            for k in armada.daftar_kendaraan(KABKOTA_ULANG)
            if k.jenis == "truk" and not k.cadangan
        )
        armada.tandai_rusak(admin, truk.id, "benchmark: kendaraan rusak")
        ulang: list[float] = []
        perubahan: tuple[str, ...] = ()
        for _ in range(RONDE):
            mulai = time.perf_counter()
            h = armada.rencana_ulang(KABKOTA_ULANG, admin)
            ulang.append(time.perf_counter() - mulai)
            perubahan = h.perubahan
    waktu = [float(b["detik"]) for b in baris]
    hasil = {
        "provinsi": "33",
        "kabkota": len(baris),
        "matriks": baris[0]["matriks"] if baris else "",
        "rencana_median_detik": round(statistics.median(waktu), 3),
        "rencana_maks_detik": round(max(waktu), 3),
        "rencana_total_detik": round(sum(waktu), 2),
        "tujuan_total": sum(b["tujuan"] for b in baris),
        "tidak_terlayani_total": sum(b["tidak_terlayani"] for b in baris),
        "pelanggaran_total": sum(b["pelanggaran"] for b in baris),
        "ulang_kabkota": KABKOTA_ULANG,
        "ulang_median_detik": round(statistics.median(ulang), 3),
        "ulang_perubahan": list(perubahan),
        "per_kabkota": baris,
        "mesin": {"cpu": os.cpu_count(), "python": sys.version.split()[0]},
    }
    Path(keluaran).write_text(json.dumps(hasil, indent=2, ensure_ascii=False) + "\n")
    print(
        f"rencana {len(baris)} kab/kota: median {hasil['rencana_median_detik']} s, "
        f"terlama {hasil['rencana_maks_detik']} s, total {hasil['rencana_total_detik']} s; "
        f"{hasil['tujuan_total']} PPK, tidak terlayani {hasil['tidak_terlayani_total']}, "
        f"pelanggaran {hasil['pelanggaran_total']} (matriks: {hasil['matriks']})"
    )
    print(f"rencana ulang {KABKOTA_ULANG}: median {hasil['ulang_median_detik']} s ({RONDE}x)")
    for k in perubahan:
        print(f"  {k}")
    print(f"hasil: {keluaran}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
