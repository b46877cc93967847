"""Evaluation of a finished campaign (/evaluasi): every figure equals an independent recompute
from the ledger, the needs, the incidents and the findings table (plain SQL and Python here,
never the code under test), on SQLite and PostgreSQL; findings are written only by an admin
provinsi, with bad input named per field and nothing half-written."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from dashboard import ids
from dashboard.callbacks.daftar import jenis_callback
from dashboard.db import models
from dashboard.db.engine import buat_engine
from dashboard.domain.kesiapan import baca_aturan_kesiapan, indeks_kesiapan
from dashboard.domain.waktu import WIB
from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services import evaluasi, pencatatan, tampilan
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from dashboard.settings import DATA_DIR
from dashboard.tools.demo import KATA_SANDI_DEMO, bangun_demo
from tests.support.panggil import badan_callback
from tests.support.pengaturan import settings_uji
from tests.support.postgres import nama_database
from tests.support.tulisan import akun

PROVINSI = "65"
SELESAI = dt.date(2024, 11, 28)  # H+1 of Pilkada 2024: the campaign is over
ADMIN = "admin.65"
OPERATOR = "operator.6571"
PENGAWAS = "bawaslu.65"
HOP = ("ppk", "pps", "tps")
PSU = {
    "wilayah_kode": "65.71",
    "jenis": "psu",
    "sebab_logistik": "ya",
    "prinsip": "jenis",
    "jumlah_tps": "2",
    "keterangan": "Surat suara tertukar antar dapil di 2 TPS",
}


@pytest.fixture(scope="module")
def _templat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The finished small campaign, built once as a SQLite file."""
    path = tmp_path_factory.mktemp("evaluasi") / "templat.db"
    engine = buat_engine(f"sqlite:///{path}", bulk=True)
    bangun_demo(engine, PROVINSI, "pilkada2024", SELESAI, seed=7)
    engine.dispose()
    return path


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def basis(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, _templat: Path
) -> Iterator[str]:
    """The finished campaign on each database kind, with a Bawaslu account."""
    nama = None
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("evaluasi") / "kendali.db"
        shutil.copy(_templat, path)
        url = f"sqlite:///{path}"
    else:
        server = request.getfixturevalue("postgres_server")
        nama = nama_database("evaluasi")
        url = server.create_database(nama)
        engine = buat_engine(url, bulk=True)
        bangun_demo(engine, PROVINSI, "pilkada2024", SELESAI, seed=7)
        engine.dispose()
    engine = buat_engine(url)
    with engine.begin() as c:
        c.execute(
            models.Pengguna.__table__.insert().values(
                username=PENGAWAS, nama="Bawaslu Kaltara", peran="pengawas",
                password_hash=generate_password_hash(KATA_SANDI_DEMO), aktif=True,
                dibuat_pada=dt.datetime.now(dt.UTC),
            )
        )  # fmt: skip
    engine.dispose()
    yield url
    if nama:
        request.getfixturevalue("postgres_server").drop_database(nama)


@pytest.fixture(scope="module")
def app(basis: str):  # type: ignore[no-untyped-def]
    return create_app(settings_uji(basis, PROVINSI).with_(testing=False))


# ---- the independent recompute -----------------------------------------------------------------


def _baris(url: str, sql: str) -> list[Any]:
    engine = buat_engine(url)
    try:
        with engine.connect() as c:
            return list(c.execute(text(sql)).all())
    finally:
        engine.dispose()


def _utc(nilai: object) -> pd.Timestamp:
    return pd.Timestamp(pd.to_datetime(nilai, utc=True))


def _json(nilai: object) -> dict:
    return json.loads(nilai) if isinstance(nilai, str) else dict(nilai or {})  # type: ignore[call-overload]


class Ulang:
    """The evaluation recomputed from the raw tables, in plain Python."""

    def __init__(self, url: str) -> None:
        hari, jadwal = _baris(
            url,
            "SELECT p.hari_pemungutan, p.jadwal FROM pemilihan p "
            "JOIN kampanye k ON k.pemilihan_kode = p.kode",
        )[0]
        hari = dt.date.fromisoformat(str(hari)[:10])
        jadwal = _json(jadwal)
        langkah = {"ppk": "gudang_ppk", "pps": "ppk_pps", "tps": "pps_tps"}
        self.hari_akhir = {t: hari + dt.timedelta(days=jadwal[langkah[t]][1]) for t in HOP}
        self.batas = {
            t: _utc(dt.datetime.combine(d + dt.timedelta(days=1), dt.time(0), WIB))
            for t, d in self.hari_akhir.items()
        }
        self.jadwal = {k: tuple(v) for k, v in jadwal.items()}
        self.mutasi = [
            {"tahap": r[0], "wilayah": r[1], "tps": r[2], "jenis": r[3], "mutasi": r[4],
             "kondisi": r[5], "alasan": r[6], "waktu": _utc(r[7]),
             "jumlah": int(r[8]) * (-1 if r[9] is not None else 1)}
            for r in _baris(
                url,
                "SELECT tahap, wilayah_kode, tps_id, jenis_kode, jenis_mutasi, kondisi, alasan, "
                "waktu, jumlah, membalik_id FROM mutasi",
            )
        ]  # fmt: skip
        self.kebutuhan: dict[tuple[str, str, str], int] = defaultdict(int)
        self.tps_desa: dict[str, str] = {}
        for tps_id, desa, jenis, n in _baris(
            url,
            "SELECT k.tps_id, t.desa_kode, k.jenis_kode, k.jumlah FROM kebutuhan k "
            "JOIN tps t ON t.id = k.tps_id",
        ):
            self.kebutuhan[("tps", str(tps_id), jenis)] += n
            self.kebutuhan[("pps", desa, jenis)] += n
            self.kebutuhan[("ppk", desa[:8], jenis)] += n
            self.tps_desa[str(tps_id)] = desa
        self.kejadian = _baris(
            url,
            "SELECT id, wilayah_kode, jenis, status, dilaporkan_pada, diperbarui_pada "
            "FROM kejadian",
        )
        self.audit = _baris(
            url,
            "SELECT entitas_id, waktu, sebelum, sesudah FROM audit WHERE entitas = 'kejadian' "
            "AND aksi = 'ubah_kejadian' ORDER BY waktu, id",
        )
        self.temuan = _baris(
            url, "SELECT wilayah_kode, jenis, sebab_logistik, jumlah_tps FROM temuan_evaluasi"
        )
        self.kolom_ringkasan = [
            "kebutuhan", "dikirim", "diterima_baik", "diterima_rusak_ringan",
            "diterima_rusak_berat", "rusak", "hilang", "pengganti", "salah_jenis", "disortir",
            "diterima_cukup", "dipinjamkan", "dipinjam",
        ]  # fmt: skip
        self.ringkasan = _baris(
            url,
            "SELECT r.wilayah_kode, r.jenis_kode, r.tahap, "
            + ", ".join(f"r.{k}" for k in self.kolom_ringkasan)
            + " FROM ringkasan r JOIN wilayah w ON w.kode = r.wilayah_kode WHERE w.tingkat = 2",
        )

    def _kab(self, tahap: str, lokasi: str) -> str:
        return (self.tps_desa[lokasi] if tahap == "tps" else lokasi)[:5]

    def _lokasi(self, m: dict) -> str:
        return str(m["tps"]) if m["tahap"] == "tps" else m["wilayah"]

    def tepat_waktu(self) -> dict[tuple[str, str], tuple[float, float, int]]:
        """(kab/kota or "", hop) -> (share by the deadline, share by the end, days late)."""
        tepat: dict[tuple, int] = defaultdict(int)
        semua: dict[tuple, int] = defaultdict(int)
        telat: dict[tuple[str, str], int] = defaultdict(int)
        for m in self.mutasi:
            if m["mutasi"] != "terima" or m["tahap"] not in HOP:
                continue
            kunci = (m["tahap"], self._lokasi(m), m["jenis"])
            semua[kunci] += m["jumlah"]
            if m["waktu"] < self.batas[m["tahap"]]:
                tepat[kunci] += m["jumlah"]
            elif m["jumlah"] > 0:
                hari = (m["waktu"].tz_convert(WIB).date() - self.hari_akhir[m["tahap"]]).days
                for kab in (m["wilayah"][:5], ""):
                    telat[(kab, m["tahap"])] = max(telat[(kab, m["tahap"])], hari)
        jumlah: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        for (tahap, lokasi, jenis), n in self.kebutuhan.items():
            for kab in (self._kab(tahap, lokasi), ""):
                j = jumlah[(kab, tahap, jenis)]
                j[0] += max(min(tepat[(tahap, lokasi, jenis)], n), 0)
                j[1] += max(min(semua[(tahap, lokasi, jenis)], n), 0)
                j[2] += n
        porsi: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        for (kab, tahap, _jenis), (t, s, n) in jumlah.items():
            if n > 0:
                porsi[(kab, tahap)].append((t / n, s / n))
        return {
            k: (statistics.fmean(p[0] for p in v), statistics.fmean(p[1] for p in v), telat[k])
            for k, v in porsi.items()
        }

    def kekurangan(self) -> dict[tuple[str, str], tuple[int, int, float | None, int, int]]:
        """(kab/kota or "", hop) -> (short, filled, median hours, short at end, units)."""
        efek = {"pengganti": 1, "rusak": -1, "hilang": -1, "salah_jenis": -1}
        langkah: dict[tuple, dict[pd.Timestamp, int]] = defaultdict(lambda: defaultdict(int))
        for m in self.mutasi:
            if m["tahap"] not in HOP:
                continue
            if m["mutasi"] == "terima" and m["kondisi"] == "baik":
                e = m["jumlah"]
            elif m["mutasi"] == "penyesuaian":
                e = efek.get(m["alasan"], 0) * m["jumlah"]
            else:
                continue
            langkah[(m["tahap"], self._lokasi(m), m["jenis"])][m["waktu"]] += e
        hasil: dict[tuple, list] = defaultdict(lambda: [0, 0, [], 0, 0])
        for kunci, n in self.kebutuhan.items():
            if n <= 0:
                continue
            tahap = kunci[0]
            batas = self.batas[tahap]
            urut = sorted(langkah.get(kunci, {}).items())
            stok = sum(e for w, e in urut if w < batas)
            mulai = batas if stok < n else None
            isi = None
            for w, e in urut:
                if w < batas:
                    continue
                stok += e
                if mulai is None and stok < n:
                    mulai = w
                elif mulai is not None and isi is None and stok >= n:
                    isi = w
            sisa = max(n - stok, 0)
            if sisa > 0:
                isi = None
            if mulai is None:
                continue
            for kab in (self._kab(tahap, kunci[1]), ""):
                h = hasil[(kab, tahap)]
                h[0] += 1
                if isi is not None:
                    h[1] += 1
                    h[2].append((isi - mulai).total_seconds() / 3600)
                h[3] += sisa > 0
                h[4] += sisa
        return {
            k: (v[0], v[1], statistics.median(v[2]) if v[2] else None, v[3], v[4])
            for k, v in hasil.items()
        }

    def kerusakan(self) -> dict[tuple[str, str], tuple[int, int, int]]:
        """(item, hop) -> (received, light damage, heavy damage)."""
        hasil: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        for m in self.mutasi:
            if m["mutasi"] in ("terima_penyedia", "terima"):
                h = hasil[(m["jenis"], m["tahap"])]
                h[0] += m["jumlah"]
                h[1] += m["jumlah"] if m["kondisi"] == "rusak_ringan" else 0
                h[2] += m["jumlah"] if m["kondisi"] == "rusak_berat" else 0
        return {k: (v[0], v[1], v[2]) for k, v in hasil.items()}

    def salah_jenis(self) -> dict[str, int]:
        hasil: dict[str, int] = defaultdict(int)
        for m in self.mutasi:
            if m["mutasi"] == "penyesuaian" and m["alasan"] == "salah_jenis":
                hasil[m["wilayah"][:5]] += m["jumlah"]
        return dict(hasil)

    def kejadian_per_jenis(self) -> dict[str, tuple[int, int, float | None]]:
        ditutup: dict[int, pd.Timestamp] = {}
        for entitas_id, waktu, sebelum, sesudah in self.audit:
            if _json(sesudah).get("status") == "selesai" and _json(sebelum).get("status") != (
                "selesai"
            ):
                ditutup[int(entitas_id)] = _utc(waktu)
        jam: dict[str, list[float]] = defaultdict(list)
        jumlah: dict[str, int] = defaultdict(int)
        for kid, _w, jenis, status, lapor, ubah in self.kejadian:
            jumlah[jenis] += 1
            if status == "selesai":
                tutup = ditutup.get(int(kid), _utc(ubah))
                jam[jenis].append((tutup - _utc(lapor)).total_seconds() / 3600)
        return {
            j: (n, len(jam[j]), statistics.median(jam[j]) if jam[j] else None)
            for j, n in jumlah.items()
        }

    def ringkasan_dari_buku(self) -> pd.DataFrame:
        """The kab/kota summary rows the principles are read from, from the ledger."""
        kol = self.kolom_ringkasan
        baris: dict[tuple[str, str, str], dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(kol, 0)
        )
        diterima: dict[tuple[str, str, str], int] = defaultdict(int)
        for m in self.mutasi:
            r = baris[(m["wilayah"][:5], m["jenis"], m["tahap"])]
            n = m["jumlah"]
            if m["mutasi"] in ("terima_penyedia", "terima"):
                r[f"diterima_{m['kondisi']}"] += n
                diterima[(m["tahap"], self._lokasi(m), m["jenis"])] += n
            elif m["mutasi"] == "kirim":
                r["dikirim"] += n
            elif m["mutasi"] == "sortir_lipat":
                r["disortir"] += n
            elif m["mutasi"] == "penyesuaian":
                r[m["alasan"]] += n
            elif m["mutasi"] == "pinjam_keluar":
                r["dipinjamkan"] += n
            elif m["mutasi"] == "pinjam_masuk":
                r["dipinjam"] += n
                r["rusak"] += n if m["kondisi"] != "baik" else 0
        for (tahap, lokasi, jenis), n in self.kebutuhan.items():
            r = baris[(self._kab(tahap, lokasi), jenis, tahap)]
            r["kebutuhan"] += n
            r["diterima_cukup"] += min(max(diterima[(tahap, lokasi, jenis)], 0), n)
            if tahap == "ppk":  # the gudang of the kab/kota needs what its TPS need
                g = baris[(lokasi[:5], jenis, "gudang")]
                g["kebutuhan"] += n
        # The catalogue's re-vote reserve (e.g. 2,000 ballots per kab/kota) is needed at the
        # gudang only.
        with (DATA_DIR / "katalog" / "pilkada2024.toml").open("rb") as f:
            tambahan = {j["kode"]: int(j.get("tambahan_per_kabkota", 0))
                        for j in tomllib.load(f)["jenis"]}  # fmt: skip
        for (kab, jenis, tahap), r in baris.items():
            if tahap == "gudang":
                r["kebutuhan"] += tambahan.get(jenis, 0) if r["kebutuhan"] else 0
                r["diterima_cukup"] = min(max(diterima[("gudang", kab, jenis)], 0), r["kebutuhan"])
        return pd.DataFrame(
            [{"wilayah_kode": k[0], "jenis_kode": k[1], "tahap": k[2], **v}
             for k, v in baris.items()]
        )  # fmt: skip


def _dekat(a: float | None, b: float | None) -> bool:
    if a is None or b is None or a != a or b != b:
        return (a is None or a != a) and (b is None or b != b)
    return abs(a - b) < 1e-9


def _tutup_lewat_audit(app) -> int:  # type: ignore[no-untyped-def]
    """Reopen a closed incident and close it again through the service: its closing moment is
    then the audited one, not the demo's update time."""
    with app.server.app_context():
        pelaku = Pelaku(akun(ADMIN), PROVINSI)
        with db.sesi_baca() as s:
            k = s.execute(
                text("SELECT id, versi FROM kejadian WHERE status = 'selesai' ORDER BY id")
            ).first()
        assert k is not None
        v = pencatatan.ubah_kejadian(pelaku, k[0], k[1], status="ditangani", keparahan="sedang")
        pencatatan.ubah_kejadian(pelaku, k[0], v, status="selesai", keparahan="sedang")
        return int(k[0])


def test_every_figure_equals_an_independent_recompute_from_the_ledger(app, basis: str) -> None:
    _tutup_lewat_audit(app)
    with app.server.app_context():
        evaluasi.catat_temuan(Pelaku(akun(ADMIN), PROVINSI), PSU)
        evaluasi.catat_temuan(
            Pelaku(akun(ADMIN), PROVINSI),
            PSU | {"wilayah_kode": "65.01.01", "jenis": "temuan", "sebab_logistik": "tidak",
                   "prinsip": "", "jumlah_tps": "0", "keterangan": "Segel tidak lengkap"},
        )  # fmt: skip
        h = evaluasi.hasil_evaluasi()
    assert h is not None and h.nama_berkas == "evaluasi-pilkada2024-65"
    u = Ulang(basis)

    # On time against the plan, per kab/kota and hop and for the province.
    tepat = u.tepat_waktu()
    assert len(h.ruas) == len(tepat) == 3 * 6
    telat_ada = False
    for r in h.ruas.to_dict("records"):
        harus = tepat[(r["kabkota_kode"], r["tahap"])]
        assert _dekat(r["tepat_waktu"], harus[0]), r
        assert _dekat(r["tiba_akhir"], harus[1]), r
        assert r["terlambat_hari"] == harus[2], r
        telat_ada |= harus[0] < 0.99
    assert telat_ada, "the demo campaign has a hop behind its plan"

    # Shortages from the deadline on, and how long they took to fill.
    kurang = u.kekurangan()
    terisi = 0
    for r in h.ruas.to_dict("records"):
        harus_k = kurang.get((r["kabkota_kode"], r["tahap"]), (0, 0, None, 0, 0))
        dapat = (r["kurang"], r["terpenuhi"], r["median_jam_isi"], r["kurang_akhir"],
                 r["kurang_akhir_unit"])  # fmt: skip
        assert dapat[:2] == harus_k[:2] and dapat[3:] == harus_k[3:], r
        assert _dekat(dapat[2], harus_k[2]), r
        terisi += r["terpenuhi"] if r["kabkota_kode"] else 0
    assert terisi > 0, "some shortage was filled after the deadline"

    # Damage on receipt per item and hop.
    rusak = u.kerusakan()
    assert len(h.kerusakan) == len(rusak)
    for r in h.kerusakan.to_dict("records"):
        n, ringan, berat = rusak[(r["jenis_kode"], r["tahap"])]
        assert (r["diterima"], r["rusak_ringan"], r["rusak_berat"]) == (n, ringan, berat)
        assert _dekat(r["porsi_rusak"], (ringan + berat) / n if n else None)
    assert h.kerusakan["rusak_berat"].sum() > 0

    # Wrong type, incidents by kind with the median time to close, findings.
    assert dict(zip(h.salah_jenis["jenis_kode"], h.salah_jenis["jumlah"], strict=True)) == {
        j: sum(m["jumlah"] for m in u.mutasi
               if m["mutasi"] == "penyesuaian" and m["alasan"] == "salah_jenis"
               and m["jenis"] == j)
        for j in {m["jenis"] for m in u.mutasi if m["alasan"] == "salah_jenis"}
    }  # fmt: skip
    kejadian = u.kejadian_per_jenis()
    assert len(h.kejadian) == len(kejadian)
    for r in h.kejadian.to_dict("records"):
        n, selesai, median = kejadian[r["jenis"]]
        assert (r["jumlah"], r["selesai"], r["belum"]) == (n, selesai, n - selesai)
        assert _dekat(r["median_jam_tutup"], median), r

    # The five principles per kab/kota: the readiness rules on summary rows rebuilt from the
    # ledger (checked against the stored ones first), tepat waktu the on-time mean.
    baris = u.ringkasan_dari_buku()
    kab = baris[baris["wilayah_kode"].str.len() == 5]
    tersimpan = pd.DataFrame(
        [tuple(r) for r in u.ringkasan],
        columns=["wilayah_kode", "jenis_kode", "tahap", *u.kolom_ringkasan],
    )
    gabung = tersimpan.merge(kab, on=["wilayah_kode", "jenis_kode", "tahap"], how="left",
                             suffixes=("", "_ulang")).fillna(0)  # fmt: skip
    for k in u.kolom_ringkasan:
        assert (gabung[k].astype(int) == gabung[f"{k}_ulang"].astype(int)).all(), k
    with (DATA_DIR / "kesiapan.toml").open("rb") as f:
        aturan = baca_aturan_kesiapan(tomllib.load(f))
    aktif = {r[1][:5] for r in u.kejadian if r[2] == "salah_jenis" and r[3] != "selesai"}
    skor = indeks_kesiapan(kab.reset_index(drop=True), 0, u.jadwal, aturan,
                           frozenset(aktif), None).set_index("wilayah_kode")  # fmt: skip
    salah_kab = u.salah_jenis()
    tabel = h.kabkota.set_index("kode")
    assert list(tabel.index) == sorted(kab["wilayah_kode"].unique())
    for kode, r in tabel.iterrows():
        waktu = statistics.fmean(tepat[(str(kode), t)][0] for t in HOP)
        prinsip = {b: float(skor.loc[kode, b]) for b in ("jumlah", "sasaran", "jenis", "kualitas")}
        prinsip["waktu"] = waktu
        for b, v in prinsip.items():
            assert _dekat(float(r[b]), v), (kode, b)
        indeks = sum(prinsip[b] * w for b, w in aturan.bobot.items())
        assert _dekat(float(r["indeks"]), indeks), kode
        assert r["salah_jenis"] == salah_kab.get(str(kode), 0)
        assert r["kejadian"] == sum(1 for k in u.kejadian if k[1][:5] == kode)
        assert r["kurang_akhir_unit"] == sum(
            kurang.get((str(kode), t), (0, 0, None, 0, 0))[4] for t in HOP
        )
        ulang = [t for t in u.temuan if t[0][:5] == kode and t[1] in ("psu", "psl", "pss")]
        assert r["pemungutan_ulang"] == len(ulang)
        assert r["pemungutan_ulang_logistik"] == sum(1 for t in ulang if t[2])
        assert r["tps_ulang_logistik"] == sum(t[3] for t in ulang if t[2])
        assert r["temuan"] == sum(1 for t in u.temuan if t[0][:5] == kode and t[1] == "temuan")
    assert tabel.loc["65.71", "tps_ulang_logistik"] == 2
    assert tabel.loc["65.01", "temuan"] == 1


def test_a_running_campaign_judges_only_the_hops_past_their_deadline(
    kampanye_kecil, app_kecil
) -> None:
    engine, _info = kampanye_kecil
    u = Ulang(engine.url.render_as_string(hide_password=False))
    h = evaluasi.hasil_evaluasi()
    info = tampilan.info_kampanye()
    assert h is not None and info is not None
    lewat = {t for t in HOP if u.hari_akhir[t] < info.acuan}  # windows over before today
    assert lewat and lewat != set(HOP), "at H-3 one hop is done and others are under way"
    tepat, kurang = u.tepat_waktu(), u.kekurangan()
    for r in h.ruas.to_dict("records"):
        kunci = (r["kabkota_kode"], r["tahap"])
        assert _dekat(r["tiba_akhir"], tepat[kunci][1]), r  # arrived so far, judged or not
        if r["tahap"] in lewat:
            assert _dekat(r["tepat_waktu"], tepat[kunci][0]), r
            assert r["terlambat_hari"] == tepat[kunci][2], r
            harus = kurang.get(kunci, (0, 0, None, 0, 0))
            assert (r["kurang"], r["kurang_akhir_unit"]) == (harus[0], harus[4]), r
        else:  # not judged: no on-time share, nothing late or short "after" a deadline to come
            assert pd.isna(r["tepat_waktu"]), r
            assert (r["terlambat_hari"], r["kurang"], r["kurang_akhir_unit"]) == (0, 0, 0), r
    for kode, r in h.kabkota.set_index("kode").iterrows():
        assert _dekat(float(r["waktu"]), statistics.fmean(tepat[(str(kode), t)][0] for t in lewat))
        assert r["kurang_akhir_unit"] == sum(
            kurang.get((str(kode), t), (0, 0, None, 0, 0))[4] for t in lewat
        )


def _jumlah(url: str) -> tuple[int, int]:
    (n,) = _baris(url, "SELECT count(*) FROM temuan_evaluasi")[0]
    (a,) = _baris(url, "SELECT count(*) FROM audit WHERE entitas = 'temuan_evaluasi'")[0]
    return int(n), int(a)


@pytest.mark.parametrize(
    ("ubah", "kolom", "kata"),
    [
        ({"jenis": "ulang"}, "jenis", "Jenis"),
        ({"jumlah_tps": "-3"}, "jumlah_tps", "Jumlah TPS"),
        ({"jumlah_tps": "0"}, "jumlah_tps", "Jumlah TPS"),
        ({"keterangan": "  "}, "keterangan", "Keterangan"),
        ({"prinsip": ""}, "prinsip", "Prinsip"),
        ({"prinsip": "murah"}, "prinsip", "Prinsip"),
        ({"sebab_logistik": "mungkin"}, "sebab_logistik", "Sebab logistik"),
        ({"wilayah_kode": "64.01"}, "wilayah_kode", "Wilayah"),
        ({"wilayah_kode": "65"}, "wilayah_kode", "Wilayah"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    app, basis: str, ubah: dict, kolom: str, kata: str
) -> None:
    sebelum = _jumlah(basis)
    with app.server.app_context(), pytest.raises(Ditolak) as e:
        evaluasi.catat_temuan(Pelaku(akun(ADMIN), PROVINSI), PSU | ubah)
    assert [g.kolom for g in e.value.galat] == [kolom]
    assert kata in e.value.galat[0].pesan
    assert _jumlah(basis) == sebelum


@pytest.mark.parametrize("username", [OPERATOR, PENGAWAS, "pimpinan.65"])
def test_only_an_admin_provinsi_writes_findings_in_the_service(
    app, basis: str, username: str
) -> None:
    sebelum = _jumlah(basis)
    with app.server.app_context():
        pelaku = Pelaku(akun(username), PROVINSI)
        assert not evaluasi.boleh_catat(pelaku)
        with pytest.raises(DiLuarWewenang):
            evaluasi.catat_temuan(pelaku, PSU)
        assert evaluasi.boleh_catat(Pelaku(akun(ADMIN), PROVINSI))
    assert _jumlah(basis) == sebelum


def _badan(app) -> dict:  # type: ignore[no-untyped-def]
    kunci = next(k for k in jenis_callback(app.server).tulis if ids.EVALUASI_PESAN in k)
    nilai = {
        (ids.EVALUASI_WILAYAH, "value"): PSU["wilayah_kode"],
        (ids.EVALUASI_JENIS, "value"): PSU["jenis"],
        (ids.EVALUASI_SEBAB, "value"): PSU["sebab_logistik"],
        (ids.EVALUASI_PRINSIP, "value"): PSU["prinsip"],
        (ids.EVALUASI_JUMLAH_TPS, "value"): PSU["jumlah_tps"],
        (ids.EVALUASI_KETERANGAN, "value"): PSU["keterangan"],
    }
    return badan_callback(app, kunci, nilai)


@pytest.mark.parametrize(("username", "status"), [
    (None, 401), (OPERATOR, 403), (PENGAWAS, 403), (ADMIN, 200),
])  # fmt: skip
def test_a_forged_callback_request_writes_only_for_an_admin(
    app, basis: str, username: str | None, status: int
) -> None:
    klien = app.server.test_client()
    if username:
        r = klien.post("/masuk", data={"username": username, "kata_sandi": KATA_SANDI_DEMO})
        assert r.status_code == 302
    sebelum = _jumlah(basis)
    r = klien.post("/_dash-update-component", json=_badan(app))
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    tambah = 1 if status == 200 else 0
    assert _jumlah(basis) == (sebelum[0] + tambah, sebelum[1] + tambah)
    if status == 200:
        assert "dicatat" in r.get_data(as_text=True)


def test_the_page_answers_and_the_workbook_has_one_sheet_per_table(app) -> None:
    import io

    import openpyxl

    klien = app.server.test_client()
    assert klien.get("/evaluasi").status_code == 200
    r = klien.get("/unduh/evaluasi.xlsx")
    assert r.status_code == 200
    assert "evaluasi-pilkada2024-65.xlsx" in r.headers["Content-Disposition"]
    buku = openpyxl.load_workbook(io.BytesIO(r.data))
    assert buku.sheetnames == ["Prinsip per kab-kota", "Tepat waktu per tahap",
                               "Kerusakan per jenis", "Salah jenis", "Kejadian",
                               "PSU dan temuan", "Keterangan"]  # fmt: skip
    with app.server.app_context():
        h = evaluasi.hasil_evaluasi()
    assert h is not None
    lembar = buku["Prinsip per kab-kota"]
    nama = [lembar.cell(row=i, column=2).value for i in range(2, lembar.max_row + 1)]
    assert nama == list(h.kabkota["nama"])


def test_the_pdf_prints_the_page_not_a_blank_sheet(app, basis: str) -> None:
    if not basis.startswith("sqlite"):
        pytest.skip("printed once: the page is the same on both databases")
    r = app.server.test_client().get("/unduh/evaluasi.pdf")
    assert r.status_code == 200, r.get_data(as_text=True)[:200]
    assert "evaluasi-pilkada2024-65.pdf" in r.headers["Content-Disposition"]
    assert r.data.startswith(b"%PDF-")
    # A page hidden by another print stylesheet printed as ~2 kB of empty sheets.
    assert len(r.data) > 50_000
