"""A realistic, deterministic demo campaign for any province, at any date from H-60 to H+1.

The whole campaign (TPS, needs, vendor deliveries with delays and damage, sortir-lipat,
hop-by-hop distribution on the H-minus timeline, incidents) is simulated from a seed; `per_tanggal`
only decides how much of it has happened yet, so the same campaign can be shown at any date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from dashboard.db import models
from dashboard.db.buku_besar import KOLOM_ISI
from dashboard.db.bulk import sisip_massal
from dashboard.db.engine import migrasi, pembuat_sesi
from dashboard.db.kampanye import SEMUA_KAMPANYE, dengan_kampanye
from dashboard.domain import geometri
from dashboard.domain.angka import format_angka
from dashboard.domain.armada import MODA_JENIS
from dashboard.domain.bahaya import ZonaBaru, sederhanakan
from dashboard.domain.buku_besar import Tahap
from dashboard.domain.kebutuhan import AturanPemilihan, bagi_pemilih_ke_tps
from dashboard.domain.rekap import baris_ringkasan, hitung_rekap
from dashboard.domain.waktu import WIB
from dashboard.domain.wilayah import (
    Tingkat,
    adalah_kelurahan,
    adalah_kota,
    kode_kompak,
    pada_tingkat,
    pada_tingkat_semua,
)
from dashboard.services.bahaya import simpan_zona
from dashboard.services.katalog import muat_katalog
from dashboard.tools.batas import bangun_batas_perkiraan
from dashboard.tools.jalan import jaringan_demo
from dashboard.tools.referensi import baca_wilayah, muat_wilayah

# Share of the population on the voter roll (DPT). 2024: Jawa Tengah 0.74, Sumatera Utara
# 0.69, Indonesia 0.72 — one national figure keeps every province near its real roll.
RASIO_PEMILIH = 0.72
RASIO_DPTB = 0.003
KATA_SANDI_DEMO = "demo-kpu-2024"

Log = Callable[[str], None]


@dataclass(frozen=True)
class InfoDemo:
    """What a demo build produced."""

    provinsi: str
    pemilihan: str
    per_tanggal: dt.date
    jumlah_kabkota: int
    jumlah_tps: int
    dpt: int
    jumlah_mutasi: int
    jumlah_kejadian: int
    akun: tuple[tuple[str, str, str], ...]  # username, role, region


def kosongkan_database(engine: Engine) -> None:
    """Drop every table of the app (and Alembic's marker) so a build starts clean."""
    models.Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def bangun_demo(
    engine: Engine,
    provinsi: str,
    pemilihan_kode: str = "pilkada2024",
    per_tanggal: dt.date | None = None,
    seed: int = 1,
    log: Log = lambda _s: None,
    tambah: bool = False,
) -> InfoDemo:
    """Build the demo database for a province ('all' for the whole country) from scratch.

    `tambah=True` adds this campaign to the database as it is (several campaigns in one
    database, docs/kampanye.md): regions, accounts, fleet, boundaries, roads and hazards are
    shared and stay; the new campaign gets its own catalogue, TPS, ledger and incidents.
    """
    if tambah:
        migrasi(engine)
    else:
        kosongkan_database(engine)
        migrasi(engine)
    rng = np.random.default_rng(seed)
    with (
        dengan_kampanye(pemilihan_kode),
        pembuat_sesi(engine, tulis=True)() as session,
        session.begin(),
    ):
        pemilihan = muat_katalog(session, pemilihan_kode)
        if per_tanggal is None:
            per_tanggal = pemilihan.tanggal_h(-3)
        h = pemilihan.h_minus(per_tanggal)
        if not -60 <= h <= 1:
            raise ValueError(
                f"Tanggal {per_tanggal:%d-%m-%Y} (H{h:+d}) di luar rentang demo H-60 s.d. H+1"
            )
        if tambah:
            wilayah = _wilayah_tersimpan(session, provinsi)
        else:
            wilayah = muat_wilayah(session, provinsi)
        log(f"wilayah: {format_angka(len(wilayah))} baris")
        session.add(
            models.Kampanye(
                provinsi_kode=provinsi,
                pemilihan_kode=pemilihan.kode,
                per_tanggal=per_tanggal,
                seed=seed,
                demo=True,
            )
        )
        akun = _akun_tersimpan(session) if tambah else _buat_akun(session, wilayah)
        tps = _buat_tps(wilayah, pemilihan, rng)
        if tambah:  # TPS ids are the database's, across campaigns
            tps["id"] += int(
                session.scalar(
                    select(func.max(models.Tps.id)).execution_options(**{SEMUA_KAMPANYE: True})
                )
                or 0
            )
        kebutuhan = _hitung_kebutuhan(tps, wilayah, pemilihan)
        log(f"TPS: {format_angka(len(tps))}, baris kebutuhan: {format_angka(len(kebutuhan))}")
        batas = dt.datetime.combine(per_tanggal, dt.time(23, 59), WIB)
        # Client ids are unique across campaigns: an added campaign's carry its election.
        awalan = f"demo-{pemilihan.kode}-{seed}" if tambah else f"demo-{seed}"
        sim = _Simulasi(wilayah, tps, kebutuhan, pemilihan, rng, awalan)
        buku = sim.jalankan()
        buku = buku[buku["waktu"] <= batas].reset_index(drop=True)
        kejadian = sim.kejadian(batas)
        log(f"mutasi: {format_angka(len(buku))}, kejadian: {len(kejadian)}")

        rekap = hitung_rekap(baris_ringkasan(wilayah, pemilihan), tps, kebutuhan, buku, pemilihan)
        kantor = _id_kantor(session)
        sisip_massal(session, models.Tps.__table__, tps.merge(rekap.tps, on="id"))
        sisip_massal(session, models.Kebutuhan.__table__, rekap.kebutuhan)
        buku = buku.assign(
            kantor_kode=pada_tingkat_semua(buku["wilayah_kode"], Tingkat.KABKOTA),
            pengguna_id=pada_tingkat_semua(buku["wilayah_kode"], Tingkat.KABKOTA).map(kantor),
            # Received a little after it happened, but never after the demo's clock (the
            # as-of day's end, domain.waktu.sekarang_kampanye): "Data per" never passes it.
            dicatat_pada=(buku["waktu"] + pd.to_timedelta(buku["tunda_catat"], unit="m")).clip(
                upper=pd.Timestamp(batas)
            ),
            keterangan="",
        ).drop(columns=["tunda_catat"])
        sisip_massal(session, models.Mutasi.__table__, buku)
        sisip_massal(session, models.Ringkasan.__table__, rekap.ringkasan)
        sisip_massal(session, models.RingkasanWilayah.__table__, rekap.ringkasan_wilayah)
        sisip_massal(session, models.RingkasanHarian.__table__, rekap.harian)
        if kejadian:
            session.execute(insert(models.Kejadian), kejadian)
        if not tambah:  # shared by every campaign: built with the first
            armada = _buat_armada(session, wilayah, tps, kebutuhan, pemilihan)
            log(f"armada: {armada} kendaraan")
            peta = bangun_batas_perkiraan(session, provinsi)
            log(f"batas perkiraan: {peta.kabkota} kab/kota, {peta.kecamatan} kecamatan")
            log(f"jaringan: {jaringan_demo(session, provinsi)}")
            _bahaya_demo(session, provinsi, wilayah, log)
    if engine.dialect.name == "postgresql":
        # Statistics for the planner after a bulk load: without them it takes the new ledger
        # for empty and joins it row by row (minutes instead of milliseconds).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return _info(provinsi, pemilihan.kode, per_tanggal, wilayah, tps, buku, kejadian, akun)


def _info(
    provinsi: str,
    pemilihan: str,
    per_tanggal: dt.date,
    wilayah: pd.DataFrame,
    tps: pd.DataFrame,
    buku: pd.DataFrame,
    kejadian: list,
    akun: list[tuple[str, str, str]],
) -> InfoDemo:
    return InfoDemo(
        provinsi=provinsi,
        pemilihan=pemilihan,
        per_tanggal=per_tanggal,
        jumlah_kabkota=int((wilayah["tingkat"] == 2).sum()),
        jumlah_tps=len(tps),
        dpt=int(tps["dpt"].sum()),
        jumlah_mutasi=len(buku),
        jumlah_kejadian=len(kejadian),
        akun=tuple(akun),
    )


def _wilayah_tersimpan(session: Session, provinsi: str) -> pd.DataFrame:
    """The regions of the province as the database holds them (an added campaign's)."""
    semua = baca_wilayah()
    kode = set(session.scalars(select(models.Wilayah.kode)))
    df = semua[semua["kode"].isin(kode)]
    return df[df["provinsi_kode"] == provinsi] if provinsi != "all" else df


def _akun_tersimpan(session: Session) -> list[tuple[str, str, str]]:
    """The demo accounts already in the database (username, role, region)."""
    p = models.Pengguna
    return [
        (u, r, w or "")
        for u, r, w in session.execute(select(p.username, p.peran, p.wilayah_kode).order_by(p.id))
    ]


def _id_kantor(session: Session) -> dict[str, int]:
    """The account that records each kab/kota's entries: its operator."""
    p = models.Pengguna
    return {
        w: i
        for i, w in session.execute(
            select(p.id, p.wilayah_kode).where(p.peran == "operator_kabkota").order_by(p.id)
        )
        if w
    }


# Synthetic hazard zones, named as demo, around kecamatan known for them: (kecamatan, jenis,
# tingkat, name). Offices import their real layers (`python -m dashboard bahaya impor`).
BAHAYA_DEMO = {
    "33": (
        ("33.21.04", "banjir", "tinggi", "Zona banjir (demo) Sayung, Demak"),
        ("33.04.13", "longsor", "tinggi", "Zona longsor (demo) Karangkobar, Banjarnegara"),
        ("33.04.09", "longsor", "sedang", "Zona longsor (demo) Banjarmangu, Banjarnegara"),
    ),
    "12": (
        ("12.71.08", "banjir", "tinggi", "Zona banjir (demo) Medan Belawan"),
        ("12.71.15", "banjir", "sedang", "Zona banjir (demo) Medan Maimun"),
        ("12.04.05", "longsor", "tinggi", "Zona longsor (demo) Hiliduho, Nias"),
    ),
}
TEPI_BAHAYA_DEMO_KM = 0.8  # the zone reaches this far past the kecamatan's outer desa


def _bahaya_demo(session: Session, provinsi: str, wilayah: pd.DataFrame, log: Log) -> None:
    """Store the demo hazard zones of the province (of every province for 'all'): each the
    hull of a kecamatan's desa points, widened a little, so routes through it are flagged."""
    n = 0
    for prov, daftar in BAHAYA_DEMO.items():
        if provinsi not in ("all", prov):
            continue
        zona = []
        for kode, jenis, tingkat, nama in daftar:
            titik = wilayah[(wilayah["induk_kode"] == kode) | (wilayah["kode"] == kode)]
            titik = titik.dropna(subset=["lon", "lat"])
            if titik.empty:
                continue
            proyeksi = geometri.proyeksi_untuk(titik["lon"])
            xy = proyeksi.titik_km(titik["lon"].to_numpy(), titik["lat"].to_numpy())
            km = shapely.convex_hull(shapely.multipoints(xy)).buffer(TEPI_BAHAYA_DEMO_KM, 4)
            zona.append(ZonaBaru(jenis, tingkat, nama, sederhanakan(proyeksi.ke_lonlat(km))))
        n += simpan_zona(session, prov, zona, "demo")
    if n:
        log(f"zona bahaya (demo): {n}")


def _buat_akun(session: Session, wilayah: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Create one pimpinan, one admin provinsi, one Bawaslu pengawas (reads everything, writes
    nothing) and one operator per kab/kota."""
    hash_ = generate_password_hash(KATA_SANDI_DEMO)
    prov = wilayah[wilayah["tingkat"] == 1]
    akun: list[tuple[str, str, str]] = []
    rows = []
    for kode in prov["kode"]:
        for peran, nama in (
            ("pimpinan", "Pimpinan KPU"),
            ("admin_provinsi", "Admin Provinsi KPU"),
            ("pengawas", "Pengawas Bawaslu Provinsi"),
        ):
            username = f"{peran.split('_')[0]}.{kode}"
            akun.append((username, peran, kode))
            rows.append((username, f"{nama} {kode}", peran, None))
    for kode, nama in wilayah[wilayah["tingkat"] == 2][["kode", "nama"]].itertuples(index=False):
        username = f"operator.{kode_kompak(kode)}"
        akun.append((username, "operator_kabkota", kode))
        rows.append((username, f"Operator KPU {nama}", "operator_kabkota", kode))
    session.execute(
        insert(models.Pengguna),
        [
            {
                "username": u,
                "nama": n,
                "password_hash": hash_,
                "peran": p,
                "wilayah_kode": w,
                "aktif": True,
            }
            for u, n, p, w in rows
        ],
    )
    return akun


# Kab/kota whose island kecamatan are reached by sea: Jepara (Karimunjawa), the Nias islands
# and Sibolga (its boats serve the islands off the Tapanuli coast). Any "Kepulauan" too.
KABKOTA_KAPAL = {"33.20", "12.01", "12.14", "12.24", "12.25", "12.78", "12.73"}
# Plate prefixes of the demo provinces (others get a neutral one).
AWALAN_NOMOR = {"33": "H", "12": "BB", "65": "KU", "31": "B", "32": "D", "35": "L", "21": "BP"}
# A demo truck carries 16 m3 and makes about two trips a day over a four-day window.
M3_PER_TRUK = 16 * 2 * 4


def _buat_armada(
    session: Session,
    wilayah: pd.DataFrame,
    tps: pd.DataFrame,
    kebutuhan: pd.DataFrame,
    pemilihan: AturanPemilihan,
) -> int:
    """Give every kab/kota a fleet sized to its need: trucks and a pickup, one or two reserve
    vehicles, and a boat where island kecamatan are reached by sea. Return how many."""
    volume = {j.kode: j.volume_liter for j in pemilihan.jenis}
    m3 = (
        kebutuhan.assign(liter=kebutuhan["jumlah"] * kebutuhan["jenis_kode"].map(volume))
        .merge(tps[["id", "kabkota_kode"]], left_on="tps_id", right_on="id")
        .groupby("kabkota_kode")["liter"]
        .sum()
        / 1000
    )
    baris: list[tuple[str, str, str, str, float, float, bool]] = []
    for kode, nama in wilayah[wilayah["tingkat"] == 2][["kode", "nama"]].itertuples(index=False):
        if kode not in m3.index:
            continue
        truk = int(min(max(np.ceil(m3[kode] / M3_PER_TRUK), 2), 8))
        awalan = AWALAN_NOMOR.get(kode[:2], "KPU")
        akhiran = "".join(chr(65 + int(c) % 26) for c in kode_kompak(kode)[-2:])
        jenis: list[tuple[str, str, float, float, bool]] = [
            *((f"Truk gudang {i}", "truk", 16.0, 5000.0, False) for i in range(1, truk + 1)),
            ("Pikap gudang", "pikap", 3.0, 1000.0, False),
            ("Truk sewa cadangan", "truk", 16.0, 5000.0, True),
        ]
        if truk > 4:
            jenis.append(("Pikap cadangan", "pikap", 3.0, 1000.0, True))
        kapal = kode in KABKOTA_KAPAL or "kepulauan" in str(nama).lower()
        for n, j, kap_m3, kap_kg, cadangan in jenis:
            # A running number keeps every plate unique, even in a national demo.
            nomor = f"{awalan} {1000 + len(baris)} {akhiran}"
            baris.append((kode, n, nomor, j, kap_m3, kap_kg, cadangan))
        if kapal:
            nomor = f"KM {kode_kompak(kode)} 01"
            baris.append((kode, "Kapal motor logistik", nomor, "kapal", 40.0, 15000.0, False))
    if baris:
        session.execute(
            insert(models.Kendaraan),
            [
                {
                    "kabkota_kode": kode,
                    "nama": n,
                    "nomor": nomor,
                    "jenis": j,
                    "moda": MODA_JENIS[j],
                    "kapasitas_m3": kap_m3,
                    "kapasitas_kg": kap_kg,
                    "status": "siap",
                    "alasan_status": "",
                    "cadangan": cadangan,
                    "diubah_pada": dt.datetime.now(dt.UTC),
                }
                for kode, n, nomor, j, kap_m3, kap_kg, cadangan in baris
            ],
        )
    return len(baris)


def _buat_tps(
    wilayah: pd.DataFrame, pemilihan: AturanPemilihan, rng: np.random.Generator
) -> pd.DataFrame:
    """Spread each kab/kota's voters over its desa, then split each desa into TPS."""
    kab = wilayah[wilayah["tingkat"] == 2].set_index("kode")
    desa = wilayah[wilayah["tingkat"] == 4][["kode"]].copy()
    desa["kab"] = pada_tingkat_semua(desa["kode"], Tingkat.KABKOTA)
    bobot = rng.lognormal(0.0, 0.55, len(desa))
    bobot *= np.where(desa["kode"].map(adalah_kelurahan), 1.8, 1.0)
    desa["bobot"] = bobot
    desa["bobot"] /= desa.groupby("kab")["bobot"].transform("sum")
    dpt_kab = (kab["penduduk"].astype("float64") * RASIO_PEMILIH).round()
    desa["dpt"] = (desa["bobot"] * desa["kab"].map(dpt_kab)).round().astype("int64")
    target, maks = pemilihan.target_pemilih_per_tps, pemilihan.maks_pemilih_per_tps
    baris = []
    for kode, dpt in desa[["kode", "dpt"]].itertuples(index=False):
        for nomor, n in enumerate(bagi_pemilih_ke_tps(int(dpt), target, maks), start=1):
            baris.append((kode, nomor, n))
    tps = pd.DataFrame(baris, columns=["desa_kode", "nomor", "dpt"])
    tps.insert(0, "id", np.arange(1, len(tps) + 1))
    tps["dptb"] = rng.poisson(tps["dpt"].to_numpy() * RASIO_DPTB)
    for kolom, tingkat in (
        ("kecamatan_kode", Tingkat.KECAMATAN),
        ("kabkota_kode", Tingkat.KABKOTA),
        ("provinsi_kode", Tingkat.PROVINSI),
    ):
        tps[kolom] = pada_tingkat_semua(tps["desa_kode"], tingkat)
    return tps


def _hitung_kebutuhan(
    tps: pd.DataFrame, wilayah: pd.DataFrame, pemilihan: AturanPemilihan
) -> pd.DataFrame:
    """Apply the catalogue's rules to every TPS.

    The domain rule is evaluated once per distinct (DPT, DPTb, province), not once per TPS:
    at national scale that is a few ten thousand calls instead of millions.
    """
    kab = wilayah[wilayah["tingkat"] == 2][["kode", "nama"]]
    kota_kab = {k: adalah_kota(n) for k, n in kab.itertuples(index=False)}
    kab_unik, kab_balik = np.unique(tps["kabkota_kode"].to_numpy(dtype=str), return_inverse=True)
    unik, balik = np.unique(
        tps[["dpt", "dptb"]].to_numpy().astype("int64"), axis=0, return_inverse=True
    )
    prov_kode, prov_balik = np.unique(tps["provinsi_kode"].to_numpy(dtype=str), return_inverse=True)
    kunci = balik.reshape(-1) * len(prov_kode) + prov_balik
    kunci_unik, kunci_balik = np.unique(kunci, return_inverse=True)
    k_dpt = unik[kunci_unik // len(prov_kode)]
    k_prov = prov_kode[kunci_unik % len(prov_kode)]
    ids = tps["id"].to_numpy()
    bagian = []
    for no_jenis, j in enumerate(pemilihan.jenis):
        # Where the item applies: kabupaten or kota, and the special rules of the province.
        berlaku = np.array(
            [
                j.berlaku_untuk(kota_kab[k], provinsi=pada_tingkat(k, Tingkat.PROVINSI))
                for k in kab_unik
            ],
            dtype=bool,
        )
        masker = berlaku[kab_balik.reshape(-1)]
        nilai = np.array(
            [
                j.kebutuhan_tps(int(d), int(b), str(p))
                for (d, b), p in zip(k_dpt, k_prov, strict=True)
            ],
            dtype="int64",
        )
        posisi = np.flatnonzero(masker)
        bagian.append((posisi, np.full(len(posisi), no_jenis), nilai[kunci_balik[posisi]], j.kode))
    posisi = np.concatenate([b[0] for b in bagian])
    urutan = np.concatenate([b[1] for b in bagian])
    jumlah = np.concatenate([b[2] for b in bagian])
    kode = np.concatenate([np.full(len(b[0]), b[3], dtype=object) for b in bagian])
    # TPS order first, then catalogue order: the same rows, in the same order, as per TPS.
    o = np.lexsort((urutan, posisi))
    return pd.DataFrame({"tps_id": ids[posisi[o]], "jenis_kode": kode[o], "jumlah": jumlah[o]})


class _Simulasi:
    """Simulate the whole campaign; every entry carries the time it happened."""

    def __init__(
        self,
        wilayah: pd.DataFrame,
        tps: pd.DataFrame,
        kebutuhan: pd.DataFrame,
        pemilihan: AturanPemilihan,
        rng: np.random.Generator,
        awalan: str,
    ) -> None:
        self.wilayah = wilayah.set_index("kode")
        self.tps = tps
        self.keb = kebutuhan.merge(
            tps[["id", "desa_kode"]].rename(columns={"id": "tps_id"}), on="tps_id"
        )
        self.p = pemilihan
        self.rng = rng
        self.awalan = awalan  # of client ids: "demo-<seed>", or with the election when added
        self._n = 0
        self.jenis = {j.kode: j for j in pemilihan.jenis}
        kab = sorted(self.wilayah.index[self.wilayah["tingkat"] == 2])
        n_lambat = max(1, round(len(kab) * 0.09))
        pilih = rng.choice(len(kab), size=min(len(kab), n_lambat * 2), replace=False)
        # Half of the chosen offices get late vendors (and a shortage), half late distribution.
        self.vendor_lambat = {kab[i] for i in pilih[:n_lambat]}
        self.distribusi_lambat = {kab[i] for i in pilih[n_lambat:]}
        self.salah_jenis: list[tuple[str, str, int, np.datetime64]] = []
        self.kekurangan: list[tuple[str, str, int, np.datetime64]] = []

    # -- helpers -------------------------------------------------------------------------
    def _waktu(self, h: int, n: int = 1, jam: tuple[int, int] = (8, 17)) -> np.ndarray:
        """Return n random times on day H+h between those hours WIB, as naive UTC datetime64."""
        dasar = np.datetime64(self.p.tanggal_h(h), "m") - np.timedelta64(7 * 60, "m")
        menit = self.rng.integers(jam[0] * 60, jam[1] * 60, n)
        return (dasar + menit.astype("timedelta64[m]")).astype("datetime64[ns]")

    def _id(self, n: int) -> list[str]:
        """Deterministic client ids for incidents, in the order the campaign reports them."""
        ids = [f"{self.awalan}-k{i}" for i in range(self._n, self._n + n)]
        self._n += n
        return ids

    # -- the campaign ---------------------------------------------------------------------
    def jalankan(self) -> pd.DataFrame:
        gudang = self._gudang()
        ppk = self._hop(gudang, Tahap.PPK)
        pps = self._hop(ppk, Tahap.PPS)
        tps = self._hop(pps, Tahap.TPS)
        buku = pd.concat([gudang, ppk, pps, tps], ignore_index=True)
        buku = buku.sort_values("waktu", kind="stable", ignore_index=True)
        buku["client_id"] = self.awalan + "-" + buku.index.astype(str)
        buku["tunda_catat"] = self.rng.integers(1, 90, len(buku))
        buku["waktu"] = pd.to_datetime(buku["waktu"]).dt.tz_localize("UTC")
        return buku

    def _gudang(self) -> pd.DataFrame:
        """Vendor deliveries, damage and replacements, sortir-lipat, at every kab/kota gudang."""
        keb_kab = (
            self.keb.assign(kab=pada_tingkat_semua(self.keb["desa_kode"], Tingkat.KABKOTA))
            .groupby(["kab", "jenis_kode"])["jumlah"]
            .sum()
        )
        awal, akhir = self.p.jadwal["terima_penyedia"]
        s_awal, s_akhir = self.p.jadwal["sortir_lipat"]
        baris: list[tuple] = []

        def tambah(
            jm: str,
            kab: str,
            jenis: str,
            jumlah: int | np.integer,
            waktu: np.datetime64,
            kondisi: str | None = None,
            alasan: str | None = None,
        ) -> None:
            if jumlah > 0:
                baris.append((jm, jenis, "gudang", kab, None, int(jumlah), kondisi, alasan, waktu))

        for (kab, jenis), perlu in keb_kab.items():
            j = self.jenis[jenis]
            total = int(perlu) + j.tambahan_per_kabkota
            lambat = kab in self.vendor_lambat
            # Ballots come late in the window; equipment early.
            mulai = awal + (akhir - awal) // 2 if j.surat_suara else awal
            n_kirim = int(self.rng.integers(2, 5))
            hari = np.sort(self.rng.integers(mulai, akhir + 1, n_kirim))
            porsi = self.rng.dirichlet(np.ones(n_kirim) * 4) * total
            jumlah = np.floor(porsi).astype(int)
            jumlah[-1] += total - jumlah.sum()
            if lambat:
                hari[-1] += int(self.rng.integers(5, 10))  # last lot a week late
            kurang = 0
            if lambat and j.surat_suara:
                kurang = int(jumlah[-1] * self.rng.uniform(0.08, 0.2))
                jumlah[-1] -= kurang
            for d, q in zip(hari, jumlah, strict=True):
                t = self._waktu(int(d))[0]
                laju = self.rng.uniform(0.0005, 0.004) * (3 if lambat else 1)
                rr = int(self.rng.binomial(q, laju * 0.7))
                rb = int(self.rng.binomial(q, laju * 0.3))
                tambah("terima_penyedia", kab, jenis, q - rr - rb, t, "baik")
                tambah("terima_penyedia", kab, jenis, rr, t, "rusak_ringan")
                tambah("terima_penyedia", kab, jenis, rb, t, "rusak_berat")
                if rr + rb:
                    ganti = t + np.timedelta64(int(self.rng.integers(3, 10)), "D")
                    tambah("penyesuaian", kab, jenis, rr + rb, ganti, alasan="pengganti")
            if kurang:
                t_lapor = self._waktu(int(hari[-1]))[0]
                self.kekurangan.append((kab, jenis, kurang, t_lapor))
                ganti = t_lapor + np.timedelta64(int(self.rng.integers(4, 9)), "D")
                tambah("penyesuaian", kab, jenis, kurang, ganti, alasan="pengganti")
            if j.surat_suara:
                # Sortir-lipat every other day from the first ballot lot until done.
                mulai_s = max(int(hari[0]), s_awal)
                hari_s = list(range(mulai_s, s_akhir + 1 + (5 if lambat else 0), 2))
                porsi_s = self.rng.dirichlet(np.ones(len(hari_s)) * 3) * total
                q_s = np.floor(porsi_s).astype(int)
                q_s[-1] += total - q_s.sum()
                for d, q in zip(hari_s, q_s, strict=True):
                    tambah("sortir_lipat", kab, jenis, q, self._waktu(d)[0])
                rusak = int(self.rng.binomial(total, 0.001))
                t_rusak = self._waktu(hari_s[len(hari_s) // 2])[0]
                tambah("penyesuaian", kab, jenis, rusak, t_rusak, alasan="rusak")
                ganti = t_rusak + np.timedelta64(int(self.rng.integers(2, 6)), "D")
                tambah("penyesuaian", kab, jenis, rusak, ganti, alasan="pengganti")
                if self.rng.random() < 0.06:
                    salah = int(self.rng.integers(50, 600))
                    tambah("penyesuaian", kab, jenis, salah, t_rusak, alasan="salah_jenis")
                    tambah("penyesuaian", kab, jenis, salah, ganti, alasan="pengganti")
                    self.salah_jenis.append((kab, jenis, salah, t_rusak))
        return self._bingkai(baris)

    def _bingkai(self, baris: list[tuple]) -> pd.DataFrame:
        df = pd.DataFrame(baris, columns=list(KOLOM_ISI))
        df["waktu"] = pd.to_datetime(df["waktu"])
        return df

    def _hop(self, asal: pd.DataFrame, tahap: Tahap) -> pd.DataFrame:
        """Dispatch from the previous hop to each child on the plan, then record arrival."""
        nama_jadwal = {Tahap.PPK: "gudang_ppk", Tahap.PPS: "ppk_pps", Tahap.TPS: "pps_tps"}
        h_awal, h_akhir = self.p.jadwal[nama_jadwal[tahap]]
        if tahap is Tahap.TPS:
            anak = self.keb.rename(columns={"desa_kode": "wilayah_kode"})
            anak["induk"] = anak["wilayah_kode"]
        else:
            n = 8 if tahap is Tahap.PPK else 13
            anak = (
                self.keb.assign(wilayah_kode=self.keb["desa_kode"].str[:n])
                .groupby(["wilayah_kode", "jenis_kode"], as_index=False)["jumlah"]
                .sum()
            )
            anak["induk"] = anak["wilayah_kode"].str[: 5 if tahap is Tahap.PPK else 8]
            anak["tps_id"] = None
        # Hardest to reach first: order each parent's children by distance, farthest first.
        lokasi = self.wilayah[["lat", "lon"]]
        pos = anak["wilayah_kode"].map(lokasi["lat"]), anak["wilayah_kode"].map(lokasi["lon"])
        pos_induk = anak["induk"].map(lokasi["lat"]), anak["induk"].map(lokasi["lon"])
        jarak = np.hypot(pos[0] - pos_induk[0], pos[1] - pos_induk[1]).fillna(0)
        anak = anak.assign(jarak=jarak.to_numpy())
        unit = anak[["wilayah_kode", "tps_id", "induk", "jarak"]].drop_duplicates(
            ["wilayah_kode", "tps_id"]
        )
        unit = unit.sort_values(["induk", "jarak"], ascending=[True, False])
        urutan = unit.groupby("induk").cumcount()
        besar = unit.groupby("induk")["jarak"].transform("size")
        hari = h_awal + (urutan * (h_akhir - h_awal + 1) // besar).to_numpy()
        kab = pada_tingkat_semua(unit["wilayah_kode"], Tingkat.KABKOTA)
        lambat = kab.isin(self.distribusi_lambat).to_numpy()
        tunda = {Tahap.PPK: 2, Tahap.PPS: 1, Tahap.TPS: 0}[tahap]
        hari = np.minimum(hari + np.where(lambat, tunda, 0), 0)
        hari_dt = np.array([np.datetime64(self.p.tanggal_h(int(d)), "m") for d in range(-10, 2)])
        menit = self.rng.integers(6 * 60, 18 * 60, len(hari)).astype("timedelta64[m]")
        waktu = hari_dt[hari + 10] - np.timedelta64(7 * 60, "m") + menit
        unit = unit.assign(waktu_kirim=pd.to_datetime(waktu.astype("datetime64[ns]")))
        kunci = ["wilayah_kode", "tps_id"] if tahap is Tahap.TPS else ["wilayah_kode"]
        anak = anak.merge(unit[[*kunci, "waktu_kirim"]], on=kunci)

        anak = self._alokasi(asal, anak)
        tiba = anak["waktu_kirim"] + pd.to_timedelta(
            self.rng.integers(30, 360, len(anak)), unit="m"
        )
        rusak = self.rng.binomial(anak["jumlah"].to_numpy(), 0.0003)
        kirim = pd.DataFrame(
            {
                "jenis_mutasi": "kirim",
                "jenis_kode": anak["jenis_kode"].to_numpy(),
                "tahap": str(tahap),
                "wilayah_kode": anak["wilayah_kode"].to_numpy(),
                "tps_id": anak["tps_id"].to_numpy(),
                "jumlah": anak["jumlah"].to_numpy(),
                "kondisi": None,
                "alasan": None,
                "waktu": anak["waktu_kirim"].to_numpy(),
            }
        )
        baik = kirim.assign(
            jenis_mutasi="terima",
            kondisi="baik",
            jumlah=kirim["jumlah"] - rusak,
            waktu=tiba.to_numpy(),
        )
        rr = kirim.assign(
            jenis_mutasi="terima", kondisi="rusak_ringan", jumlah=rusak, waktu=tiba.to_numpy()
        )
        # Goods damaged on arrival are made good from the reserve, as in 2024: KPPS report them
        # and the PPS brings replacements the same day; higher up they come the next day. (Left
        # out, a finished campaign ended with 4 in 10 TPS two ballots short.) Fixed delays keep
        # the rest of the seeded simulation as it was.
        jeda = pd.Timedelta(hours=3) if tahap is Tahap.TPS else pd.Timedelta(days=1)
        ganti = rr.assign(
            jenis_mutasi="penyesuaian", alasan="pengganti", waktu=pd.to_datetime(rr["waktu"]) + jeda
        )
        out = pd.concat([kirim, baik, rr, ganti], ignore_index=True)
        out["waktu"] = pd.to_datetime(out["waktu"])
        return out[out["jumlah"] > 0]

    def _alokasi(self, asal: pd.DataFrame, anak: pd.DataFrame) -> pd.DataFrame:
        """Give each child what the parent holds in good condition when it leaves.

        Children leave in plan order and take at most their need from the stock that has
        arrived by then; what a child could not get goes out as a second trip once the
        parent's late goods are in. Nothing is ever sent that the parent does not hold.
        """
        plus = asal[(asal["kondisi"] == "baik") | (asal["alasan"] == "pengganti")]
        minus = asal[asal["alasan"].isin(["rusak", "salah_jenis"])]
        gerak = pd.concat(
            [plus.assign(d=plus["jumlah"]), minus.assign(d=-minus["jumlah"])], ignore_index=True
        )
        gerak = gerak.assign(kunci=gerak["wilayah_kode"] + "|" + gerak["jenis_kode"])
        gerak = gerak.sort_values(["kunci", "waktu"], kind="stable", ignore_index=True)
        g_kunci = gerak["kunci"].to_numpy()
        g_awal = np.flatnonzero(np.r_[True, g_kunci[1:] != g_kunci[:-1]])
        g_akhir = np.r_[g_awal[1:], len(gerak)]
        g_waktu = gerak["waktu"].to_numpy()
        g_stok = gerak["d"].to_numpy()
        stok_per_induk = {
            g_kunci[a]: (g_waktu[a:b], np.cumsum(g_stok[a:b]))
            for a, b in zip(g_awal, g_akhir, strict=True)
        }
        anak = anak.assign(kunci=anak["induk"] + "|" + anak["jenis_kode"])
        anak = anak.sort_values(["kunci", "waktu_kirim"], kind="stable", ignore_index=True)
        a_kunci = anak["kunci"].to_numpy()
        a_awal = np.flatnonzero(np.r_[True, a_kunci[1:] != a_kunci[:-1]])
        a_akhir = np.r_[a_awal[1:], len(anak)]
        a_perlu = anak["jumlah"].to_numpy()
        a_waktu = anak["waktu_kirim"].to_numpy()
        satu_jam = np.timedelta64(1, "h")
        idx: list[int] = []
        jumlah: list[int] = []
        waktu: list[np.datetime64] = []
        for a, b in zip(a_awal, a_akhir, strict=True):
            if a_kunci[a] not in stok_per_induk:
                continue
            waktu_stok, stok = stok_per_induk[a_kunci[a]]
            # Stock on hand at least an hour before each departure.
            n_ada = np.searchsorted(waktu_stok, a_waktu[a:b] - satu_jam, side="right")
            terkirim = 0
            kurang: list[tuple[int, int]] = []
            for i, n in zip(range(a, b), n_ada.tolist(), strict=True):
                perlu = int(a_perlu[i])
                ada = (int(stok[n - 1]) if n else 0) - terkirim
                q = min(perlu, max(ada, 0))
                if q:
                    idx.append(i)
                    jumlah.append(q)
                    waktu.append(a_waktu[i])
                    terkirim += q
                if q < perlu:
                    kurang.append((i, perlu - q))
            sisa = int(stok[-1]) - terkirim
            t_susulan = max(waktu_stok[-1], a_waktu[b - 1]) + 2 * satu_jam
            for i, q in kurang:
                q = min(q, sisa)
                if q <= 0:
                    break
                idx.append(i)
                jumlah.append(q)
                waktu.append(t_susulan)
                sisa -= q
        hasil = anak.iloc[idx].drop(columns=["kunci"]).copy()
        hasil["jumlah"] = np.asarray(jumlah, dtype="int64")
        hasil["waktu_kirim"] = pd.to_datetime(np.asarray(waktu, dtype="datetime64[ns]"))
        return hasil.reset_index(drop=True)

    # -- incidents ------------------------------------------------------------------------
    def kejadian(self, batas: dt.datetime) -> list[dict]:
        """Incidents the campaign produced, as reported up to `batas`, with their status then."""
        daftar: list[dict] = []

        def lapor(
            kode: str,
            jenis: str,
            keparahan: str,
            judul: str,
            ket: str,
            waktu: np.datetime64,
            selesai_setelah_hari: int,
            jenis_kode: str | None = None,
        ) -> None:
            dilapor = pd.Timestamp(waktu).tz_localize("UTC").to_pydatetime()
            if dilapor > batas:
                return
            selesai = dilapor + dt.timedelta(days=selesai_setelah_hari)
            ditangani = dilapor + dt.timedelta(hours=6)
            status = (
                "selesai"
                if selesai <= batas
                else ("ditangani" if ditangani <= batas else "terbuka")
            )
            ubah = min(batas, selesai if status == "selesai" else ditangani)
            daftar.append(
                {
                    "client_id": self._id(1)[0],
                    "wilayah_kode": kode,
                    "jenis": jenis,
                    "keparahan": keparahan,
                    "status": status,
                    "judul": judul,
                    "keterangan": ket,
                    "jenis_kode": jenis_kode,
                    "dilaporkan_pada": dilapor,
                    "diperbarui_pada": ubah if status != "terbuka" else dilapor,
                    "versi": 1 if status == "terbuka" else 2,
                }
            )

        nama = self.wilayah["nama"]
        for kab, jenis, jumlah, waktu in self.kekurangan:
            lapor(
                kab,
                "kekurangan",
                "tinggi",
                f"Kekurangan {self.jenis[jenis].nama} dari penyedia",
                f"Pengiriman terakhir kurang {format_angka(jumlah)} lembar; menunggu kiriman "
                "susulan.",
                waktu,
                7,
                jenis,
            )
        for kab in sorted(self.vendor_lambat):
            lapor(
                kab,
                "keterlambatan",
                "sedang",
                f"Kiriman penyedia ke gudang {nama[kab]} terlambat",
                "Jadwal kedatangan bergeser; sortir-lipat diperpanjang.",
                self._waktu(self.p.jadwal["terima_penyedia"][1])[0],
                10,
            )
        for kab, jenis, jumlah, waktu in self.salah_jenis:
            lapor(
                kab,
                "salah_jenis",
                "tinggi",
                f"{self.jenis[jenis].nama} tertukar dengan daerah lain",
                f"{jumlah} lembar salah jenis ditemukan saat sortir-lipat; diretur ke penyedia.",
                waktu,
                3,
                jenis,
            )
        kec = self.wilayah[self.wilayah["tingkat"] == 3]
        if len(kec):
            for kab in sorted(self.distribusi_lambat):
                sub = kec[kec.index.str.startswith(kab + ".")]
                if sub.empty:
                    continue
                k = sub.index[int(self.rng.integers(0, len(sub)))]
                lapor(
                    k,
                    "banjir",
                    "kritis",
                    f"Banjir di Kecamatan {nama[k]}",
                    "Akses ke sebagian TPS tergenang; distribusi ditunda dan dialihkan rute.",
                    self._waktu(-6)[0],
                    4,
                )
            # The kecamatan farthest from its kab/kota seat: road or sea access risk.
            kab_kec = pada_tingkat_semua(kec.index, Tingkat.KABKOTA)
            jauh = np.hypot(
                kec["lat"] - kab_kec.map(self.wilayah["lat"]),
                kec["lon"] - kab_kec.map(self.wilayah["lon"]),
            ).fillna(0)
            for k in jauh.sort_values(ascending=False).index[:2]:
                lapor(
                    k,
                    "akses_jalan",
                    "sedang",
                    f"Akses sulit ke Kecamatan {nama[k]}",
                    "Diberangkatkan paling awal; kapal/armada cadangan disiagakan.",
                    self._waktu(-9)[0],
                    9,
                )
        return daftar
