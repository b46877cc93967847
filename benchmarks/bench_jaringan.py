"""Road network (issue 18): approximate network build for provinces 33 and 12, and the routes
and time matrices of the kab/kota of 33 with the most desa.

Also the OSM import of a synthetic 150 × 150 grid extract (roads bending between junctions):
its time and stored size, against the size had every OSM point been kept as a node.

Figures, not pass/fail: the median of several runs of each step, written to
benchmarks/bench_jaringan.json. The database is a throwaway SQLite file holding only the
regions (and the demo's water legs for Karimunjawa), so no demo campaign is needed.

    .venv/bin/python benchmarks/bench_jaringan.py [ULANG]
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import osmium
import pandas as pd
from sqlalchemy.orm import Session

from dashboard.db import jaringan as db_jaringan
from dashboard.db import models, queries
from dashboard.db.engine import buat_engine, migrasi, pembuat_sesi
from dashboard.domain import jaringan as jar
from dashboard.services import rute
from dashboard.tools.jalan import LINTASAN_DEMO, HasilImpor, baca_osm
from dashboard.tools.referensi import baca_wilayah, muat_wilayah

KELUARAN = Path(__file__).resolve().parent / "bench_jaringan.json"


def median(fungsi: Callable[[], object], ulang: int) -> tuple[float, object]:
    """Run `fungsi` `ulang` times; return the median seconds and the last result."""
    waktu, hasil = [], None
    for _ in range(ulang):
        mulai = time.perf_counter()
        hasil = fungsi()
        waktu.append(time.perf_counter() - mulai)
    return statistics.median(waktu), hasil


def main(ulang: int = 5) -> None:
    """Measure and print every step; write the JSON."""
    semua = baca_wilayah()
    hasil: dict[str, object] = {
        "mesin": platform.platform(),
        "cpu": os.cpu_count(),
        "beban_awal": os.getloadavg(),
        "ulang": ulang,
    }
    for prov in ("33", "12"):
        tempat = semua[(semua["provinsi_kode"] == prov) & (semua["tingkat"] >= 2)]
        tempat = tempat.dropna(subset=["lat", "lon"])
        detik, j = median(partial(rute.jaringan_perkiraan, tempat), ulang)
        assert isinstance(j, jar.Jaringan)
        pulau = np.bincount(jar.pulau(j))
        ukuran = len(jar.ke_bytes(j))
        hasil[f"perkiraan_{prov}"] = {
            "detik": detik, "tempat": len(tempat), "ruas": j.jumlah_ruas,
            "pulau": len(pulau), "pulau_terbesar": int(pulau.max()), "bytes_npz": ukuran,
        }  # fmt: skip
        print(f"perkiraan {prov}: {len(tempat):,} tempat, {j.jumlah_ruas:,} ruas, "
              f"{len(pulau)} pulau (terbesar {pulau.max():,}), {ukuran / 1e6:.2f} MB npz, "
              f"median {detik * 1000:.0f} ms")  # fmt: skip
        mulai = time.perf_counter()
        jar.jalur_tercepat(j, np.arange(0, j.jumlah_simpul, max(1, j.jumlah_simpul // 100)))
        per_sumber = (time.perf_counter() - mulai) / 100
        hasil[f"dijkstra_{prov}_per_sumber_ms"] = per_sumber * 1000
        print(f"  Dijkstra (scipy.sparse.csgraph), satu sumber: {per_sumber * 1000:.2f} ms")

    folder = tempfile.mkdtemp(prefix="bench-jaringan-")
    hasil["impor_osm_grid"] = bench_osm(Path(folder), ulang)
    engine = buat_engine(f"sqlite:///{folder}/jaringan.db", bulk=True)
    migrasi(engine)
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        muat_wilayah(s, "33")
        for nama, moda, asal, an, tujuan, tn, menit, jadwal, kg in LINTASAN_DEMO["33"]:
            la, lo = _titik(s, asal)
            lb, lob = _titik(s, tujuan)
            s.execute(
                models.Lintasan.__table__.insert().values(
                    provinsi_kode="33", nama=nama, moda=moda, asal_nama=an or asal,
                    asal_lat=la, asal_lon=lo, tujuan_nama=tn or tujuan, tujuan_lat=lb,
                    tujuan_lon=lob, durasi_menit=menit, jadwal=jadwal, kapasitas_kg=kg,
                    aktif=True, dibuat_pada=pd.Timestamp.now(tz="UTC"),
                )
            )  # fmt: skip
    with pembuat_sesi(engine)() as s:
        tempat = db_jaringan.titik_tempat(s, "33")
        desa = tempat[tempat["tingkat"] == 4]
        terbesar = desa["kode"].str[:5].value_counts().idxmax()
        n_desa = int((desa["kode"].str[:5] == terbesar).sum())
        detik, siap = median(lambda: rute.rakit(s, "33"), ulang)
    assert isinstance(siap, rute.JaringanSiap)
    hasil["rakit_33"] = {"detik": detik}
    print(f"rakit jaringan 33 (perkiraan + lintasan + tambatan): median {detik * 1000:.0f} ms")
    n_kec = int(((tempat["induk_kode"] == terbesar) & (tempat["tingkat"] == 3)).sum())
    detik, rk = median(lambda: rute.hitung_rute_kabkota(siap, terbesar, None), ulang)
    assert isinstance(rk, rute.RuteKabkota)
    hasil["rute_kabkota"] = {"kode": terbesar, "ppk": n_kec, "pps": n_desa, "detik": detik}
    print(f"rute_kabkota {terbesar} ({n_kec} PPK, {n_desa} PPS, {len(rk.rute)} rute): "
          f"median {detik * 1000:.0f} ms")  # fmt: skip
    detik, m = median(lambda: rute.hitung_matriks(siap, terbesar), ulang)
    assert isinstance(m, rute.MatriksWaktu)
    hasil["matriks_ppk"] = {"n": len(m.kode), "detik": detik}
    print(f"matriks gudang→PPK {terbesar} ({len(m.kode)}×{len(m.kode)}): "
          f"median {detik * 1000:.0f} ms")  # fmt: skip
    kecamatan = tempat[(tempat["induk_kode"] == terbesar)]["kode"].tolist()
    detik, _ = median(lambda: [rute.hitung_matriks(siap, k) for k in kecamatan], ulang)
    hasil["matriks_pps_semua"] = {"kecamatan": len(kecamatan), "detik": detik}
    print(f"matriks PPK→PPS, semua {len(kecamatan)} kecamatan {terbesar}: "
          f"median {detik * 1000:.0f} ms")  # fmt: skip
    semua_kab = tempat[tempat["tingkat"] == 2]["kode"].tolist()
    detik, _ = median(
        lambda: [rute.hitung_rute_kabkota(siap, k, None) for k in semua_kab], max(1, ulang // 2)
    )
    hasil["rute_semua_kabkota_33"] = {"kabkota": len(semua_kab), "detik": detik}
    print(f"rute semua {len(semua_kab)} kab/kota 33 (ringkasan provinsi): median {detik:.2f} s")
    hasil["beban_akhir"] = os.getloadavg()
    KELUARAN.write_text(json.dumps(hasil, indent=2, default=float) + "\n")
    print(f"beban (1/5/15 menit) awal {hasil['beban_awal']}, akhir {hasil['beban_akhir']}")
    print(f"ditulis: {KELUARAN}")


def tulis_grid(path: Path, sisi: int, lekuk: int) -> None:
    """Write a synthetic extract: a sisi × sisi grid of junctions ~500 m apart, every road
    between two junctions bending through `lekuk` extra points (as real roads do)."""
    langkah = 0.0045
    nomor = iter(range(1, 10**9))
    simpang = {}
    with osmium.SimpleWriter(str(path)) as w:
        for a in range(sisi):
            for b in range(sisi):
                simpang[a, b] = next(nomor)
                lokasi = (110.0 + b * langkah, -7.0 + a * langkah)
                w.add_node(osmium.osm.mutable.Node(id=simpang[a, b], location=lokasi, version=1))
        jalan = 1
        for a in range(sisi):
            for b in range(sisi):
                for da, db in ((0, 1), (1, 0)):
                    if a + da >= sisi or b + db >= sisi:
                        continue
                    titik = [simpang[a, b]]
                    for k in range(1, lekuk + 1):
                        t = k / (lekuk + 1)
                        nid = next(nomor)
                        lokasi = (
                            110.0 + (b + db * t) * langkah + 0.0003 * (k % 2),
                            -7.0 + (a + da * t) * langkah,
                        )
                        w.add_node(osmium.osm.mutable.Node(id=nid, location=lokasi, version=1))
                        titik.append(nid)
                    titik.append(simpang[a + da, b + db])
                    kelas = "primary" if a % 10 == 0 or b % 10 == 0 else "residential"
                    tags = {"highway": kelas}
                    w.add_way(osmium.osm.mutable.Way(id=jalan, nodes=titik, tags=tags, version=1))
                    jalan += 1


def bench_osm(folder: Path, ulang: int) -> dict[str, object]:
    """Import a synthetic grid extract: time, and the stored size kept compact vs every point."""
    sisi, lekuk = 150, 4
    berkas = folder / "grid.osm.pbf"
    tulis_grid(berkas, sisi, lekuk)
    detik, hasil = median(lambda: baca_osm(berkas), max(1, ulang // 2))
    assert isinstance(hasil, HasilImpor)
    j = hasil.jaringan
    ringkas_b = len(jar.ke_bytes(j))
    # The same roads with every OSM point a node: what compaction saves, in bytes and search.
    semua = baca_osm(berkas, semua_titik=True).jaringan
    n_titik = hasil.jumlah_titik_osm
    semua_b = len(jar.ke_bytes(semua))
    pusat = [j.jumlah_simpul // 2]
    d_ringkas, _ = median(lambda: jar.jalur_tercepat(j, pusat), ulang)
    d_semua, _ = median(lambda: jar.jalur_tercepat(semua, [semua.jumlah_simpul // 2]), ulang)
    print(f"impor OSM grid {sisi}×{sisi} ({berkas.stat().st_size / 1e6:.1f} MB pbf, "
          f"{n_titik:,} titik di jalan): median {detik:.2f} s → {j.jumlah_simpul:,} simpul, "
          f"{j.jumlah_ruas:,} ruas, {ringkas_b / 1e6:.2f} MB; semua titik sebagai simpul "
          f"{semua_b / 1e6:.2f} MB; Dijkstra satu sumber {d_ringkas * 1000:.1f} ms "
          f"vs {d_semua * 1000:.1f} ms")  # fmt: skip
    return {
        "detik": detik, "titik_osm": n_titik, "simpul": j.jumlah_simpul, "ruas": j.jumlah_ruas,
        "bytes_ringkas": ringkas_b, "bytes_semua_titik": semua_b,
        "dijkstra_ms_ringkas": d_ringkas * 1000, "dijkstra_ms_semua_titik": d_semua * 1000,
        "pbf_bytes": berkas.stat().st_size,
    }  # fmt: skip


def _titik(s: Session, nilai: str) -> tuple[float, float]:
    if "," in nilai:
        lat, lon = nilai.split(",")
        return float(lat), float(lon)
    w = queries.wilayah_satu(s, nilai)
    assert w is not None
    return float(w["lat"]), float(w["lon"])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
