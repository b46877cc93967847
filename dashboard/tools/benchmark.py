"""Benchmarks of the key callbacks through the real Dash endpoint, warm and cold, with payloads.

Each figure is measured on the Flask test client (the full server path: routing, callback,
service, cache, JSON) — no browser and no network. Quoted as medians and percentiles.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import platform
import statistics
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import pandas as pd
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from dashboard import ids, urls
from dashboard.domain.wilayah import KODE_NASIONAL, provinsi_dari
from dashboard.extensions import cache
from dashboard.factory import create_app
from dashboard.settings import Settings

if TYPE_CHECKING:
    from dashboard.domain.buku_besar import EntriMutasi
    from dashboard.domain.kebutuhan import AturanPemilihan


@dataclass(frozen=True)
class Panggilan:
    """One callback request: which outputs, which inputs (id, prop, value), what changed."""

    nama: str
    kunci_output: str
    masukan: Sequence[tuple[str, str, object]]
    berubah: str
    state: Sequence[tuple[str, str, object]] | None = None


class HasilPenulis(TypedDict):
    """The figures of `penulis_serentak`: write latency, throughput and every error kind."""

    tulis: dict[str, float]  # `_ringkas` of the write latencies; empty when none succeeded
    per_detik: float
    galat: int
    jenis_galat: list[str]
    database_is_locked: int


def badan_panggilan(p: Panggilan) -> dict:
    """The JSON body the Dash renderer posts to /_dash-update-component for this callback.

    `p.kunci_output` is the callback's key in `app.callback_map` (see `kunci_callback`); a
    multi-output key ("..a.children...b.data..") becomes a list of outputs. Used by the benchmark,
    the load test, scripts/memori and the tests to call callbacks exactly as a browser does.
    """

    def keluaran(teks: str) -> dict:
        id_, prop = teks.rsplit(".", 1)
        return {"id": id_, "property": prop.split("@")[0]}

    kunci = p.kunci_output
    if kunci.startswith(".."):
        outputs: list | dict = [keluaran(o) for o in kunci.strip(".").split("...")]
    else:
        outputs = keluaran(kunci)
    return {
        "output": kunci,
        "outputs": outputs,
        "inputs": [{"id": i, "property": pr, "value": v} for i, pr, v in p.masukan],
        "changedPropIds": [p.berubah],
        "state": [{"id": i, "property": pr, "value": v} for i, pr, v in (p.state or [])],
    }


def kunci_callback(app: Dash, awal: str) -> str:
    """The key in `app.callback_map` of the first callback whose outputs start with `awal`
    (e.g. "..wilayah-judul"), so callers need not know the hashed/ordered full output key."""
    return next(k for k in app.callback_map if k.startswith(awal))


def _persentil(data: list[float], q: float) -> float:
    s = sorted(data)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def _ringkas(ms: list[float]) -> dict[str, float]:
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 3),
        "p95_ms": round(_persentil(ms, 0.95), 3),
        "p99_ms": round(_persentil(ms, 0.99), 3),
    }


def jalankan(
    database_url: str,
    provinsi: str,
    n_hangat: int = 300,
    n_dingin: int = 15,
    log: Callable[[str], None] = print,
) -> dict:
    """Measure every key callback on one database and return the figures."""
    settings = Settings(
        database_url=database_url,
        kpu_provinsi=provinsi,
        cache_type="SimpleCache",
        secret_key="bench",
    )
    app = create_app(settings)
    client = app.server.test_client()
    kab = kab_pertama(app, provinsi)
    panggilan = panggilan_utama(app, provinsi, kab)
    hasil: dict = {"callback": {}}
    for p in panggilan:
        tubuh = json.dumps(badan_panggilan(p))

        def kirim(tubuh: str = tubuh, nama: str = p.nama) -> tuple[float, int, int]:
            t0 = time.perf_counter()
            r = client.post("/_dash-update-component", data=tubuh, content_type="application/json")
            ms = (time.perf_counter() - t0) * 1000
            if r.status_code != 200:
                raise RuntimeError(f"{nama}: HTTP {r.status_code} {r.data[:200]!r}")
            return ms, len(r.data), len(gzip.compress(r.data))

        with app.server.app_context():
            dingin = []
            for _ in range(n_dingin):
                cache.clear()
                dingin.append(kirim()[0])
            kirim()
            hangat = [kirim() for _ in range(n_hangat)]
        ms = [h[0] for h in hangat]
        hasil["callback"][p.nama] = {
            "hangat": _ringkas(ms),
            "dingin": _ringkas(dingin),
            "payload_bytes": hangat[0][1],
            "payload_gzip_bytes": hangat[0][2],
        }
        log(
            f"{p.nama:<32} hangat p50 {statistics.median(ms):7.2f} ms  p99 "
            f"{_persentil(ms, 0.99):7.2f} ms  dingin p50 {statistics.median(dingin):7.1f} ms  "
            f"payload {hangat[0][1]:,} B"
        )
    hasil["geometri"] = _geometri(client, app, provinsi, kab)
    for k, v in hasil["geometri"].items():
        log(f"geometri {k:<24} {v['bytes']:,} B, gzip {v['gzip_bytes']:,} B")
    hasil["naif"] = _naif(app, provinsi, log)
    naif = hasil["naif"]["ringkasan"]["p50_ms"]
    akar = hasil["callback"][panggilan[0].nama]
    hasil["rasio_naif"] = {
        "panggilan": panggilan[0].nama,
        "naif_per_hangat_p50": round(naif / akar["hangat"]["p50_ms"], 1),
        "naif_per_dingin_p50": round(naif / akar["dingin"]["p50_ms"], 2),
    }
    log(
        f"{'rasio naif / dilayani':<32} hangat {hasil['rasio_naif']['naif_per_hangat_p50']}×  "
        f"dingin {hasil['rasio_naif']['naif_per_dingin_p50']}×"
    )
    # Issue 16's goal: every key callback's cold render at least 20× faster than the naive
    # aggregate, measured in this same run.
    hasil["rasio_naif_dingin"] = {
        nama: round(naif / v["dingin"]["p50_ms"], 2) for nama, v in hasil["callback"].items()
    }
    for nama, rasio in hasil["rasio_naif_dingin"].items():
        log(f"{'naif / dingin ' + nama:<48} {rasio}×")
    hasil["tulis_http"] = _tulis_http(app, provinsi, log)
    hasil["tulis"] = _tulis(app, client, panggilan[0], provinsi, log)
    hasil["meta"] = {
        "database": database_url.split("://")[0],
        "provinsi": provinsi,
        "waktu": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "mesin": platform.machine(),
        "n_hangat": n_hangat,
        "n_dingin": n_dingin,
    }
    return hasil


def panggilan_utama(app: Dash, provinsi: str, kab: str) -> list[Panggilan]:
    """Return the key callback requests, as the browser posts them, for a province or the
    whole country ('all': the national root, its map of every kab/kota, one province)."""
    nasional = provinsi == "all"
    akar = KODE_NASIONAL if nasional else provinsi
    arg = ids.HALAMAN_ARG
    berubah = f"{arg}.data"  # navigation: the page store of the new page
    panggilan = [
        Panggilan(
            "ringkasan nasional" if nasional else "ringkasan provinsi",
            kunci_callback(app, "..wilayah-judul"),
            [(arg, "data", {"kode": akar}), ("segarkan-interval", "n_intervals", 0)],
            berubah,
        ),
        Panggilan(
            "halaman wilayah kab/kota",
            kunci_callback(app, "..wilayah-judul"),
            [(arg, "data", {"kode": kab}), ("segarkan-interval", "n_intervals", 0)],
            berubah,
        ),
        Panggilan(
            "peta: lapisan (URL geometri)",
            kunci_callback(app, "..peta-geojson.url"),
            [(arg, "data", {"kode": None})],
            berubah,
        ),
        Panggilan(
            "peta: ganti metrik",
            kunci_callback(app, "..peta-geojson.hideout"),
            [
                (arg, "data", {"kode": None}),
                ("peta-metrik", "value", "kejadian"),
                ("segarkan-interval", "n_intervals", 0),
            ],
            "peta-metrik.value",
        ),
        Panggilan(
            "peta: drill-down ke kab/kota",
            kunci_callback(app, "..peta-geojson.hideout"),
            [
                (arg, "data", {"kode": kab}),
                ("peta-metrik", "value", "indeks"),
                ("segarkan-interval", "n_intervals", 0),
            ],
            berubah,
        ),
        Panggilan(
            "kepala halaman",
            kunci_callback(app, "..shell-judul"),
            [
                (ids.URL, "pathname", urls.RINGKASAN),
                ("segarkan-interval", "n_intervals", 0),
                (ids.URL, "search", ""),
            ],
            "url.pathname",
        ),
    ]
    if nasional:
        panggilan.append(
            Panggilan(
                "ringkasan satu provinsi",
                kunci_callback(app, "..wilayah-judul"),
                [
                    (arg, "data", {"kode": provinsi_dari(kab)}),
                    ("segarkan-interval", "n_intervals", 0),
                ],
                berubah,
            )
        )
    if any(k.startswith("..stok-") for k in app.callback_map):
        panggilan.append(
            Panggilan(
                "tabel stok",
                kunci_callback(app, "..stok-jenis.options"),
                [
                    ("stok-jenis", "value", None),
                    (arg, "data", {}),
                    ("segarkan-interval", "n_intervals", 0),
                ],
                berubah,
            )
        )
    return panggilan


def kab_pertama(app: Dash, provinsi: str) -> str:
    """The lowest kab/kota code of the province the bench writes to (see `provinsi_tulis`)."""
    from dashboard.extensions import db

    with app.server.app_context(), db.engine.connect() as conn:
        return conn.execute(
            text("SELECT min(kode) FROM wilayah WHERE tingkat = 2 AND provinsi_kode = :p"),
            {"p": provinsi_tulis(provinsi)},
        ).scalar_one()


def provinsi_tulis(provinsi: str) -> str:
    """The province whose kab/kota the bench visits and writes to (Jawa Tengah nationally)."""
    return "33" if provinsi == "all" else provinsi


def _geometri(client: FlaskClient, app: Dash, provinsi: str, kab: str) -> dict[str, dict[str, int]]:
    from dashboard.services import peta

    out: dict[str, dict[str, int]] = {}
    with app.server.app_context():
        versi = peta.versi_batas()
    lapisan = (("kabkota provinsi", provinsi_dari(kab), 2), ("kecamatan satu kab", kab, 3))
    for nama, induk, tingkat in lapisan:
        r = client.get(urls.lapisan_batas(versi, induk, tingkat))
        data = r.data
        out[nama] = {"bytes": len(data), "gzip_bytes": len(gzip.compress(data))}
    from dashboard.extensions import db

    with app.server.app_context(), db.engine.connect() as conn:
        nasional = conn.execute(text("SELECT provinsi_kode FROM kampanye")).scalar() == "all"
        semua = [r[0] for r in conn.execute(text("SELECT kode FROM wilayah WHERE tingkat = 1"))]
    if nasional:
        # The national map's one layer: every kab/kota of the country, sent gzipped.
        lapis = urls.lapisan_batas(versi, KODE_NASIONAL, 2)
        r = client.get(lapis, headers={"Accept-Encoding": "gzip"})
        out[f"kabkota nasional ({len(semua)} provinsi)"] = {
            "bytes": len(gzip.decompress(r.data)),
            "gzip_bytes": len(r.data),
        }
    return out


def _naif(app: Dash, provinsi: str, log: Callable[[str], None]) -> dict[str, dict[str, float]]:
    """The same overview computed the naive way: aggregating raw ledger and need rows."""
    from dashboard.extensions import db

    sql_buku = text(
        "SELECT substr(wilayah_kode, 1, 5) AS kab, jenis_kode, tahap, jenis_mutasi, kondisi, "
        "sum(jumlah) FROM mutasi GROUP BY 1, 2, 3, 4, 5"
    )
    sql_keb = text(
        "SELECT t.kabkota_kode, k.jenis_kode, sum(k.jumlah), sum(k.tersedia) "
        "FROM kebutuhan k JOIN tps t ON t.id = k.tps_id GROUP BY 1, 2"
    )
    ms = []
    with app.server.app_context(), db.engine.connect() as conn:
        for _ in range(5):
            t0 = time.perf_counter()
            pd.DataFrame(conn.execute(sql_buku).all())
            pd.DataFrame(conn.execute(sql_keb).all())
            ms.append((time.perf_counter() - t0) * 1000)
    r = _ringkas(ms)
    log(f"{'naif (agregasi baris mentah)':<32} p50 {r['p50_ms']:.1f} ms")
    return {"ringkasan": r}


def tulis(hasil: dict, folder: Path) -> Path:
    """Write the figures as JSON; return the file."""
    folder.mkdir(parents=True, exist_ok=True)
    m = hasil["meta"]
    path = folder / f"bench_{m['provinsi']}_{m['database']}.json"
    path.write_text(json.dumps(hasil, indent=2, ensure_ascii=False))
    return path


def _mutasi_uji(kab: str, jenis: str, nomor: int, waktu: dt.datetime) -> EntriMutasi:
    """A vendor delivery to a kab/kota gudang: always valid, changes the overview figures."""
    from dashboard.domain.buku_besar import EntriMutasi, JenisMutasi, Kondisi, Tahap

    return EntriMutasi(
        jenis_mutasi=JenisMutasi.TERIMA_PENYEDIA,
        jenis_kode=jenis,
        tahap=Tahap.GUDANG,
        wilayah_kode=kab,
        jumlah=10,
        waktu=waktu,
        client_id=f"bench-{uuid.uuid4().hex}-{nomor}",
        kondisi=Kondisi.BAIK,
    )


def _persiapan_tulis(
    engine: Engine, provinsi: str
) -> tuple[sessionmaker[Session], AturanPemilihan, list[str], dt.datetime]:
    """Return a write-session factory, the election, the province's kab/kota and a valid time."""
    from dashboard.db.engine import pembuat_sesi
    from dashboard.services.katalog import pemilihan_dari_db

    buat = pembuat_sesi(engine, tulis=True)
    with buat() as s:
        pemilihan = pemilihan_dari_db(s)
        kab = list(
            s.scalars(
                text("SELECT kode FROM wilayah WHERE tingkat = 2 AND provinsi_kode = :p"),
                {"p": provinsi_tulis(provinsi)},
            )
        )
    # Inside the campaign's activity window: noon WIB on H-3.
    waktu = dt.datetime.combine(pemilihan.tanggal_h(-3), dt.time(5, 0), dt.UTC)
    return buat, pemilihan, kab, waktu


def _tulis(
    app: Dash, client: FlaskClient, ringkasan: Panggilan, provinsi: str, log: Callable[[str], None]
) -> dict[str, object]:
    """Ledger writes through catat_mutasi: alone, 35 writers at once, and time until readers see."""
    from dashboard.db.engine import buat_engine
    from dashboard.extensions import db
    from dashboard.services.buku_besar import catat_mutasi

    with app.server.app_context():
        url = db.engine.url
    # One connection per office, as 35 offices posting through the web workers would hold.
    buat, pemilihan, kab, waktu = _persiapan_tulis(buat_engine(url, kolam=40), provinsi)
    jenis = pemilihan.jenis[0].kode
    galat: list[str] = []

    def satu(nomor: int) -> float:
        t0 = time.perf_counter()
        try:
            with buat() as s, s.begin():
                catat_mutasi(
                    s, _mutasi_uji(kab[nomor % len(kab)], jenis, nomor, waktu), pemilihan,
                    kantor_kode=kab[nomor % len(kab)],
                )  # fmt: skip
        except Exception as e:  # noqa: BLE001 — every failure is a figure to report
            galat.append(f"{type(e).__name__}: {e}"[:200])
        return (time.perf_counter() - t0) * 1000

    tunggal = [satu(i) for i in range(100)]
    with ThreadPoolExecutor(max_workers=35) as ex:
        serentak = list(ex.map(satu, range(1000, 1000 + 35 * 10)))
    tubuh = json.dumps(badan_panggilan(ringkasan))

    def ringkasan_kini() -> bytes:
        return client.post(
            "/_dash-update-component", data=tubuh, content_type="application/json"
        ).data

    terlihat = []
    with app.server.app_context():
        for i in range(10):
            sebelum = ringkasan_kini()
            satu(5000 + i)
            t0 = time.perf_counter()
            while ringkasan_kini() == sebelum and time.perf_counter() - t0 < 10:
                time.sleep(0.005)
            terlihat.append((time.perf_counter() - t0) * 1000)
    # 35 offices each entering one movement every 0.5–1.5 s (~35 writes/s), for 20 s.
    berjeda = penulis_serentak(url, provinsi, 35, 20)
    terkunci = sum("database is locked" in g for g in galat)
    r_tunggal, r_serentak, r_terlihat = _ringkas(tunggal), _ringkas(serentak), _ringkas(terlihat)
    hasil: dict[str, object] = {
        "tunggal": r_tunggal,
        "serentak_35": r_serentak,
        "serentak_35_berjeda": berjeda,
        "commit_ke_terlihat": r_terlihat,
        "galat": len(galat),
        "database_is_locked": terkunci,
        "contoh_galat": galat[:3],
    }
    log(
        f"{'tulis buku besar (1 penulis)':<32} p50 {r_tunggal['p50_ms']:.1f} ms  p99 "
        f"{r_tunggal['p99_ms']:.1f} ms"
    )
    log(
        f"{'tulis buku besar (35 serentak)':<32} p50 {r_serentak['p50_ms']:.1f} ms  "
        f"p99 {r_serentak['p99_ms']:.1f} ms  galat {len(galat)} (locked {terkunci})"
    )
    log(
        f"{'tulis 35 kantor, jeda 0,5–1,5 s':<32} p50 {berjeda['tulis'].get('p50_ms')} ms  "
        f"p99 {berjeda['tulis'].get('p99_ms')} ms  {berjeda['per_detik']:.1f}/s  "
        f"galat {berjeda['galat']} {berjeda['jenis_galat']}"
    )
    log(f"{'commit → ringkasan berubah':<32} p99 {r_terlihat['p99_ms']:.1f} ms")
    return hasil


def badan_simpan(
    client_id: str,
    kab: str,
    tanggal: str,
    jenis_logistik: str,
    *,
    jumlah: str = "1.000",
    keterangan: str = "bench",
) -> dict:
    """The body the /input form's Simpan button posts: a vendor delivery in good condition to
    a kab/kota gudang, written as an operator types it."""
    nilai = [
        ("input-client-id", "data", client_id), ("input-jenis", "value", "terima_penyedia"),
        ("input-tanggal", "value", tanggal), ("input-jam", "value", "10:00"),
        ("input-tahap", "value", "gudang"), ("input-kabkota", "value", kab),
        ("input-kecamatan", "value", None), ("input-desa", "value", None),
        ("input-tps", "value", None), ("input-jenis-logistik", "value", jenis_logistik),
        ("input-jumlah", "value", jumlah), ("input-kondisi", "value", "baik"),
        ("input-alasan", "value", None), ("input-keterangan", "value", keterangan),
    ]  # fmt: skip
    p = Panggilan(
        "simpan",
        "..tulis-mutasi-hasil.children...input-client-id.data...input-jumlah.value..",
        [("input-simpan", "n_clicks", 1)],
        "input-simpan.n_clicks",
        nilai,
    )
    return badan_panggilan(p)


def _tulis_http(
    app: Dash, provinsi: str, log: Callable[[str], None], n: int = 200
) -> dict[str, object]:
    """The data-entry write as an operator makes it: signed in, the form's Simpan callback
    posted to /_dash-update-component (authorisation, validation, ledger, audit, reply), then
    the same entry resubmitted, which must be counted once."""
    from dashboard.extensions import db
    from dashboard.services import akun
    from dashboard.services.katalog import pemilihan_dari_db

    kata_sandi = uuid.uuid4().hex
    username = f"bench-{kata_sandi[:8]}"
    kab = kab_pertama(app, provinsi)
    with app.server.app_context():
        with db.sesi_tulis() as s:
            akun.tambah(s, username, kata_sandi, "operator_kabkota", kab, provinsi)
        with db.sesi_baca() as s:
            pemilihan = pemilihan_dari_db(s)
    client = app.server.test_client()
    r = client.post("/masuk", data={"username": username, "kata_sandi": kata_sandi})
    if r.status_code != 302:
        raise RuntimeError(f"masuk: HTTP {r.status_code}")
    tanggal = pemilihan.tanggal_h(-3).isoformat()

    def kirim(client_id: str) -> tuple[float, bytes]:
        badan = json.dumps(badan_simpan(client_id, kab, tanggal, pemilihan.jenis[0].kode))
        t0 = time.perf_counter()
        r = client.post("/_dash-update-component", data=badan, content_type="application/json")
        ms = (time.perf_counter() - t0) * 1000
        if r.status_code != 200:
            raise RuntimeError(f"simpan: HTTP {r.status_code} {r.data[:200]!r}")
        return ms, r.data

    with app.server.app_context():
        baru = [kirim(f"bench-http-{kata_sandi}-{i}") for i in range(n)]
        ulang = [kirim(f"bench-http-{kata_sandi}-{i}") for i in range(min(n, 50))]
    tercatat = sum(b"Tercatat" in d for _, d in baru)
    sudah = sum(b"Sudah diterima" in d for _, d in ulang)
    r_baru, r_ulang = _ringkas([m for m, _ in baru]), _ringkas([m for m, _ in ulang])
    hasil: dict[str, object] = {
        "baru": r_baru,
        "kirim_ulang": r_ulang,
        "payload_bytes": len(baru[0][1]),
        "tercatat": tercatat,
        "kirim_ulang_dikenali": sudah,
        "n": n,
    }
    log(
        f"{'simpan (HTTP, operator masuk)':<32} p50 {r_baru['p50_ms']:.1f} ms  p99 "
        f"{r_baru['p99_ms']:.1f} ms  tercatat {tercatat}/{n}  kirim ulang p50 "
        f"{r_ulang['p50_ms']:.1f} ms, dikenali {sudah}/{len(ulang)}"
    )
    return hasil


def penulis_serentak(
    database_url: str | URL, provinsi: str, n_penulis: int, detik: float
) -> HasilPenulis:
    """Run `n_penulis` threads entering ledger writes for `detik` seconds (load-test writers).

    Each thread waits 0.5–1.5 s between entries like the load test's readers, so 20 writers
    beside 80 readers give the 80/20 mix. Returns latency percentiles and every error kind.
    """
    import random

    from dashboard.db.engine import buat_engine
    from dashboard.services.buku_besar import catat_mutasi

    engine = buat_engine(database_url, kolam=n_penulis + 5)
    buat, pemilihan, kab, waktu = _persiapan_tulis(engine, provinsi)
    akhir = time.monotonic() + detik
    ms: list[float] = []
    galat: list[str] = []

    def jalan(nomor: int) -> None:
        acak = random.Random(nomor)
        i = 0
        while time.monotonic() < akhir:
            k = kab[acak.randrange(len(kab))]
            t0 = time.perf_counter()
            try:
                with buat() as s, s.begin():
                    m = _mutasi_uji(k, pemilihan.jenis[0].kode, nomor * 1_000_000 + i, waktu)
                    catat_mutasi(s, m, pemilihan, kantor_kode=k)
                ms.append((time.perf_counter() - t0) * 1000)
            except Exception as e:  # noqa: BLE001 — every failure is a figure to report
                galat.append(f"{type(e).__name__}: {e}"[:120])
            i += 1
            time.sleep(acak.uniform(0.5, 1.5))

    with ThreadPoolExecutor(max_workers=n_penulis) as ex:
        list(ex.map(jalan, range(n_penulis)))
    engine.dispose()
    return {"tulis": _ringkas(ms) if ms else {}, "per_detik": round(len(ms) / detik, 1),
            "galat": len(galat), "jenis_galat": sorted(set(galat))[:5],
            "database_is_locked": sum("database is locked" in g for g in galat)}  # fmt: skip
