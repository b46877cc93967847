"""Fleet and vehicle plans: vehicles per kab/kota, a PyVRP plan per hop, accept/lock/edit, re-plan.

Every write checks the account's scope like data entry (an operator for its own kab/kota, an
admin provinsi anywhere in the province, pimpinan read only) and leaves an audit row in the same
transaction. A function given a `session` runs in it (the command line's); without one it opens
its own (`db.sesi_tulis` / `db.sesi_baca`), so the pages call it as is.

The plan is advice. The solver (PyVRP) proposes; `domain.armada.periksa_rencana` judges the
proposal, an edit and a re-plan alike, independently of the solver.

Modes: each vehicle type gets the PyVRP profile of its mode (darat, laut, udara). In a profile
the edges to destinations that need another mode cost a prohibitive time and distance, so a truck
never serves an island kecamatan and a boat never a kecamatan the road reaches. A destination
that needs a mode no ready vehicle has is reported unserved before solving. The regular fleet
is planned first with every destination required; stops the solver could not really make
(past the window, over a trip's capacity) are dropped on the plan's own clock, and only those
go to the reserve fleet — so a reserve vehicle is used only where the regular one cannot cope,
and what neither can serve comes back as unserved with a reason (never a silently infeasible
plan). Multiple trips are reloads at the gudang; the loading time is part of every leg leaving
it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import importlib.util
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from pyvrp import Model
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxRuntime, MultipleCriteria, NoImprovement
from sqlalchemy.orm import Session

from dashboard.db import armada as db_armada
from dashboard.db.armada import BarisKendaraan, BarisRencana
from dashboard.domain.akses import alasan_tolak_tulis
from dashboard.domain.armada import (
    LABEL_ISIAN,
    LABEL_TAHAP,
    LAMA_MUAT_MENIT,
    TAK_TERJANGKAU,
    BentukMatriks,
    Kalender,
    PilihanBerangkat,
    PilihanSinggah,
    RencanaAngkut,
    RuteKendaraan,
    Singgah,
    Tujuan,
    UnitKendaraan,
    baca_isian_kendaraan,
    bagi_muatan,
    batas_tiba,
    beda_rencana,
    dari_json,
    jadwalkan,
    ke_json,
    lama_bongkar,
    matriks_bersih,
    matriks_garis_lurus,
    moda_diperlukan,
    muatan_tujuan,
    periksa_rencana,
    rute_terkunci_diubah,
    sidik_rencana,
    terapkan_suntingan,
    ukuran_barang,
    uraian_suntingan,
    urutan_sama,
)
from dashboard.domain.buku_besar import Tahap
from dashboard.domain.isian import Galat, teks
from dashboard.domain.rencana import JADWAL_TAHAP
from dashboard.extensions import cache, db
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku, catat_audit
from dashboard.services.tampilan import versi

TAHAP_RENCANA = {"ppk": 3, "pps": 4}  # hop → level of its destinations
# Solver weights (integer cost units: one per minute and per km). A reserve vehicle costs as
# much as ten days of driving.
BIAYA_TETAP = 60
BIAYA_CADANGAN = 15_000
LARANG = 10**7
MAKS_MUAT_ULANG = 20
BATAS_DETIK = 2.0
MAKS_DETIK = 60.0
# Stop once this many iterations bring nothing better: on the kab/kota of province 33 the plans
# were the same as after the full time limit, in a quarter of the time (BENCHMARKS.md).
TANPA_PERBAIKAN = 500
PANJANG_ALASAN = (5, 300)
NAMA_ANGKUTAN = {"darat": "truk atau pikap", "laut": "kapal", "udara": "pesawat"}


@dataclass(frozen=True)
class HasilRencana:
    """A stored plan with what it was built from and how it was judged.

    `pelanggaran` lists the checker's findings (empty for a sound plan); `perubahan` says in
    words what changed from the accepted plan (a re-plan); `detik` is the solver's wall time.
    """

    rencana_id: int
    status: str
    rencana: RencanaAngkut
    tujuan: Mapping[str, Tujuan]
    kendaraan: Mapping[int, UnitKendaraan]
    pelanggaran: tuple[str, ...]
    perubahan: tuple[str, ...]
    detik: float


@dataclass(frozen=True)
class BarisPapan:
    """One vehicle on the fleet board, with its state today."""

    kendaraan: BarisKendaraan
    keadaan: str  # "siap" | "ditugaskan" | "rusak"
    tujuan: int  # destinations it serves in the accepted plans


@dataclass(frozen=True)
class PapanArmada:
    """The fleet board of a province or kab/kota: counts and one row per vehicle."""

    kode: str
    siap: int
    ditugaskan: int
    rusak: int
    cadangan: int
    cadangan_siap: int
    baris: tuple[BarisPapan, ...]


@dataclass(frozen=True)
class StatusRencanaKabkota:
    """Whether a kab/kota has an accepted plan for a hop, and how big its fleet is."""

    kabkota_kode: str
    nama: str
    tahap: str
    ada_rencana_diterima: bool
    jumlah_kendaraan: int


# ---- sessions, scope, audit ------------------------------------------------------------------


@contextmanager
def _sesi(session: Session | None, *, tulis: bool) -> Iterator[Session]:
    if session is not None:
        yield session
        return
    with db.sesi_tulis() if tulis else db.sesi_baca() as s:
        yield s


def _izin(pelaku: Pelaku, kabkota_kode: str) -> None:
    alasan = alasan_tolak_tulis(pelaku.akun, kabkota_kode, pelaku.provinsi)
    if alasan:
        raise DiLuarWewenang([Galat("kabkota_kode", alasan)])


def _id_akun(pelaku: Pelaku) -> int | None:
    return pelaku.akun.id if pelaku.akun else None


def _kabkota(session: Session, kode: str) -> str:
    kode = teks(kode)
    if kode.count(".") != 1 or kode not in db_armada.nama_wilayah(session, [kode]):
        raise Ditolak([Galat("kabkota_kode", f"Kab/kota '{kode[:20]}' tidak dikenal (mis. 33.20)")])
    return kode


def _detik(batas_detik: float) -> float:
    if not 0 < batas_detik <= MAKS_DETIK:
        raise Ditolak(
            [
                Galat(
                    "batas_detik",
                    f"Batas waktu pemecah harus lebih dari 0 dan paling lama {MAKS_DETIK:g} detik",
                )
            ]
        )
    return batas_detik


def _tahap(tahap: str) -> str:
    if tahap not in TAHAP_RENCANA:
        raise Ditolak(
            [Galat("tahap", f"Tahap '{teks(tahap)[:10]}' tidak dikenal; pilih: ppk atau pps")]
        )
    return tahap


# ---- fleet ------------------------------------------------------------------------------------


def _kendaraan_ada(session: Session, kendaraan_id: int) -> BarisKendaraan:
    k = db_armada.kendaraan(session, kendaraan_id)
    if k is None:
        raise Ditolak([Galat("kendaraan_id", f"Kendaraan #{kendaraan_id} tidak ada")])
    return k


def _nomor_bebas(session: Session, nomor: str, kecuali: int | None = None) -> None:
    lain = db_armada.kendaraan_bernomor(session, nomor)
    if lain is not None and lain.id != kecuali:
        raise Ditolak(
            [
                Galat(
                    "nomor",
                    f"{LABEL_ISIAN['nomor']} {nomor} sudah dipakai {lain.nama} "
                    f"({lain.kabkota_kode})",
                )
            ]
        )


def tambah_kendaraan(
    pelaku: Pelaku,
    kabkota_kode: str,
    isian: Mapping[str, object],
    *,
    session: Session | None = None,
) -> BarisKendaraan:
    """Add a vehicle to a kab/kota's fleet; audited. Raise `Ditolak` naming every bad field."""
    with _sesi(session, tulis=True) as s:
        kode = _kabkota(s, kabkota_kode)
        _izin(pelaku, kode)
        kolom, salah = baca_isian_kendaraan(isian)
        if salah:
            raise Ditolak(salah)
        _nomor_bebas(s, kolom["nomor"])
        k = db_armada.tambah_kendaraan(s, _id_akun(pelaku), kabkota_kode=kode, **kolom)
        catat_audit(s, pelaku, "kendaraan_tambah", "kendaraan", k.id, kode, None, k.sebagai_dict())
        return k


def ubah_kendaraan(
    pelaku: Pelaku,
    kendaraan_id: int,
    isian: Mapping[str, object],
    *,
    session: Session | None = None,
) -> BarisKendaraan:
    """Change a vehicle's name, number, kind, capacity or reserve flag (only the fields given)."""
    with _sesi(session, tulis=True) as s:
        lama = _kendaraan_ada(s, kendaraan_id)
        _izin(pelaku, lama.kabkota_kode)
        kolom, salah = baca_isian_kendaraan(isian, sebagian=True)
        if salah:
            raise Ditolak(salah)
        if "nomor" in kolom:
            _nomor_bebas(s, kolom["nomor"], kecuali=kendaraan_id)
        baru = db_armada.ubah_kendaraan(s, kendaraan_id, _id_akun(pelaku), **kolom)
        catat_audit(
            s,
            pelaku,
            "kendaraan_ubah",
            "kendaraan",
            kendaraan_id,
            lama.kabkota_kode,
            lama.sebagai_dict(),
            baru.sebagai_dict(),
        )
        return baru


def tandai_rusak(
    pelaku: Pelaku, kendaraan_id: int, alasan: str, *, session: Session | None = None
) -> BarisKendaraan:
    """Take a vehicle out of service with a reason (breakdown, accident…); audited."""
    alasan = teks(alasan)
    if not PANJANG_ALASAN[0] <= len(alasan) <= PANJANG_ALASAN[1]:
        raise Ditolak(
            [
                Galat(
                    "alasan_status",
                    f"Alasan wajib diisi, {PANJANG_ALASAN[0]} sampai {PANJANG_ALASAN[1]} "
                    "karakter (mis. mesin rusak, menunggu suku cadang)",
                )
            ]
        )
    return _setel_status(pelaku, kendaraan_id, "rusak", alasan, "kendaraan_rusak", session)


def tandai_siap(
    pelaku: Pelaku, kendaraan_id: int, *, session: Session | None = None
) -> BarisKendaraan:
    """Put a vehicle back in service; audited."""
    return _setel_status(pelaku, kendaraan_id, "siap", "", "kendaraan_siap", session)


def _setel_status(
    pelaku: Pelaku,
    kendaraan_id: int,
    status: str,
    alasan: str,
    aksi: str,
    session: Session | None,
) -> BarisKendaraan:
    with _sesi(session, tulis=True) as s:
        lama = _kendaraan_ada(s, kendaraan_id)
        _izin(pelaku, lama.kabkota_kode)
        baru = db_armada.ubah_kendaraan(
            s, kendaraan_id, _id_akun(pelaku), status=status, alasan_status=alasan
        )
        catat_audit(
            s,
            pelaku,
            aksi,
            "kendaraan",
            kendaraan_id,
            lama.kabkota_kode,
            {"status": lama.status, "alasan_status": lama.alasan_status},
            {"status": status, "alasan_status": alasan},
        )
        return baru


def daftar_kendaraan(lingkup: str, *, session: Session | None = None) -> list[BarisKendaraan]:
    """Return the vehicles of a kab/kota or of every kab/kota of a province."""
    with _sesi(session, tulis=False) as s:
        return db_armada.daftar_kendaraan(s, lingkup)


def unit(k: BarisKendaraan) -> UnitKendaraan:
    """The vehicle as the plan sees it (capacity in whole litres and kg)."""
    return UnitKendaraan(
        id=k.id,
        nama=k.nama,
        nomor=k.nomor,
        jenis=k.jenis,
        kapasitas_liter=int(k.kapasitas_m3 * 1000),
        kapasitas_kg=int(k.kapasitas_kg),
        cadangan=k.cadangan,
        siap=k.status == "siap",
    )


# ---- the matrix --------------------------------------------------------------------------------


def matriks_waktu(session: Session, kabkota_kode: str, tahap: str) -> BentukMatriks:
    """Return the travel-time matrix of a kab/kota's hop: the route network's (services.rute,
    issue 18 part 1) where that is installed, else a straight-line estimate from coordinates.

    The one place a plan gets its matrix; once services.rute is merged this may import it
    directly.
    """
    if importlib.util.find_spec("dashboard.services.rute") is not None:
        rute = importlib.import_module("dashboard.services.rute")
        return cast(BentukMatriks, rute.matriks_waktu(kabkota_kode, tahap))
    titik = db_armada.titik_wilayah(session, kabkota_kode, TAHAP_RENCANA[tahap])
    return matriks_garis_lurus([(k, la, lo) for k, _n, la, lo in titik])


# ---- planning ---------------------------------------------------------------------------------


def kalender_tahap(session: Session, tahap: str) -> Kalender:
    """The working clock of a hop: its H-minus window (catalogue `jadwal`) from 07.00 WIB."""
    hari_h, jadwal = db_armada.hari_pemungutan(session)
    awal, akhir = jadwal[JADWAL_TAHAP[Tahap(tahap)]]
    return Kalender(hari_h + dt.timedelta(days=int(awal)), akhir - awal + 1)


def susun_rencana(
    kabkota_kode: str,
    tahap: str,
    tujuan: Iterable[Tujuan],
    kendaraan: Iterable[UnitKendaraan],
    matriks: BentukMatriks,
    kalender: Kalender,
    ukuran: Mapping[str, tuple[float, float]],
    *,
    mulai: int = 0,
    tetap: Iterable[RuteKendaraan] = (),
    batas_detik: float = BATAS_DETIK,
    seed: int = 1,
) -> RencanaAngkut:
    """Plan the vehicles of one hop with PyVRP: who carries what to which place, in what order.

    `tetap` are routes kept as they are (locked by an admin): their vehicles and deliveries are
    taken out before solving. Nothing is stored; see `rencanakan`.
    """
    matriks = matriks_bersih(matriks)
    tetap = tuple(tetap)
    terkunci = {r.kendaraan_id for r in tetap}
    indeks = {k: i for i, k in enumerate(matriks.kode)}
    w = np.asarray(matriks.waktu_menit, dtype=np.int64)
    armada = [k for k in kendaraan if k.siap and k.id not in terkunci]
    sudah: dict[str, Counter[str]] = defaultdict(Counter)
    for r in tetap:
        for s in r.singgah:
            sudah[s.kode].update(s.barang)

    tidak: dict[str, str] = {}
    bagian: list[Singgah] = []
    moda_bagian: list[str] = []
    for t in tujuan:
        sisa = {j: q - sudah[t.kode][j] for j, q in t.barang.items() if q > sudah[t.kode][j]}
        if not sisa:
            continue
        t = Tujuan(t.kode, t.nama, sisa, 0, 0, t.moda)
        j = indeks.get(t.kode)
        if j is None or not 0 <= w[0, j] < TAK_TERJANGKAU:
            tidak[t.kode] = "tidak terjangkau dari gudang (rute terputus atau belum ada)"
            continue
        cocok = [k for k in armada if k.moda == t.moda]
        if not cocok:
            tidak[t.kode] = f"tidak ada {NAMA_ANGKUTAN[t.moda]} yang siap"
            continue
        maks_l = max(k.kapasitas_liter for k in cocok)
        maks_kg = max(k.kapasitas_kg for k in cocok)
        try:
            pecahan = bagi_muatan(t, maks_l, maks_kg, ukuran)
        except ValueError as e:
            tidak[t.kode] = str(e)
            continue
        bagian += pecahan
        moda_bagian += [t.moda] * len(pecahan)

    # The regular fleet first; the reserve only for what it leaves unserved. (One model with
    # both and a high fixed cost on the reserve is not enough: PyVRP's local search, having
    # started a reserve route, rarely finds that a regular vehicle's extra trip can replace it.)
    rute: list[RuteKendaraan] = list(tetap)
    belum = list(range(len(bagian)))
    for kelompok in ([k for k in armada if not k.cadangan], [k for k in armada if k.cadangan]):
        moda = {k.moda for k in kelompok}
        coba = [i for i in belum if moda_bagian[i] in moda]
        if not coba:
            continue
        baru, sisa_ke = _pecahkan(
            [bagian[i] for i in coba],
            [moda_bagian[i] for i in coba],
            kelompok,
            matriks,
            kalender,
            mulai,
            batas_detik / 2,
            seed,
        )
        rute += baru
        gagal = {coba[i] for i in sisa_ke}
        belum = [i for i in belum if i not in coba or i in gagal]
    for i in belum:
        batas = kalender.waktu(batas_tiba(moda_bagian[i], kalender))
        tidak[bagian[i].kode] = (
            f"tidak terkejar sebelum batas rencana ({batas:%d-%m %H.%M} WIB) "
            "dengan armada yang siap"
        )
    return RencanaAngkut(
        kabkota_kode=kabkota_kode,
        tahap=tahap,
        kalender=kalender,
        rute=tuple(rute),
        tidak_terlayani=tidak,
        sumber_matriks=matriks.sumber,
    )


def _pecahkan(
    bagian: list[Singgah],
    moda_bagian: list[str],
    armada: list[UnitKendaraan],
    matriks: BentukMatriks,
    kalender: Kalender,
    mulai: int,
    batas_detik: float,
    seed: int,
) -> tuple[list[RuteKendaraan], list[int]]:
    """Build and solve the PyVRP model; return the routes and the parts left unserved."""
    indeks = {k: i for i, k in enumerate(matriks.kode)}
    w = np.asarray(matriks.waktu_menit, dtype=np.int64)
    jarak = np.asarray(matriks.jarak_m, dtype=np.int64)
    m = Model()
    titik = [0, *sorted({indeks[s.kode] for s in bagian})]
    lokasi = {i: m.add_location(x=i, y=0) for i in titik}
    gudang = m.add_depot(lokasi[0], name="gudang")
    moda_titik = {indeks[s.kode]: mo for s, mo in zip(bagian, moda_bagian, strict=True)}
    profil = {mo: m.add_profile(name=mo) for mo in sorted({k.moda for k in armada})}
    for mo, p in profil.items():
        boleh = {0} | {i for i, x in moda_titik.items() if x == mo}
        for a in titik:
            for b in titik:
                if a == b:
                    continue
                if a in boleh and b in boleh:
                    # "No road" (TAK_TERJANGKAU, see matriks_bersih) is as prohibitive as a
                    # forbidden mode.
                    tempuh = int(w[a, b]) if w[a, b] < TAK_TERJANGKAU else LARANG
                    lama = tempuh + (LAMA_MUAT_MENIT if a == 0 else 0)
                    km = min(int(jarak[a, b]) // 1000, LARANG)
                else:
                    lama = km = LARANG
                m.add_edge(lokasi[a], lokasi[b], distance=km, duration=lama, profile=p)
    for s, mo in zip(bagian, moda_bagian, strict=True):
        m.add_client(
            lokasi[indeks[s.kode]],
            delivery=[s.volume_liter, s.berat_kg],
            service_duration=lama_bongkar(s.berat_kg),
            tw_early=mulai,
            tw_late=batas_tiba(mo, kalender),
        )
    for k in armada:
        m.add_vehicle_type(
            num_available=1,
            capacity=[k.kapasitas_liter, k.kapasitas_kg],
            start_depot=gudang,
            end_depot=gudang,
            fixed_cost=BIAYA_CADANGAN if k.cadangan else BIAYA_TETAP,
            tw_early=mulai,
            profile=profil[k.moda],
            reload_depots=[gudang],
            max_reloads=MAKS_MUAT_ULANG,
            unit_distance_cost=1,
            unit_duration_cost=1,
            name=k.nomor,
        )
    with warnings.catch_warnings():
        # A fleet too small for the window keeps the penalties at their bound; expected here,
        # the stops it cannot make are dropped below and reported unserved.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        berhenti = MultipleCriteria([MaxRuntime(batas_detik), NoImprovement(TANPA_PERBAIKAN)])
        hasil = m.solve(stop=berhenti, seed=seed, display=False, collect_stats=False)
    terlayani: set[int] = set()
    rute = []
    for r in hasil.best.routes():
        k = armada[r.vehicle_type()]
        urutan = [
            (kegiatan.idx, kegiatan.trip + 1) for kegiatan in r.schedule() if kegiatan.is_client()
        ]
        urutan = _rapikan(urutan, bagian, moda_bagian, k, int(r.start_time()), matriks, kalender)
        singgah = jadwalkan(
            int(r.start_time()),
            [dataclasses.replace(bagian[i], perjalanan=t) for i, t in urutan],
            matriks,
        )
        terlayani.update(i for i, _t in urutan)
        if singgah:
            rute.append(RuteKendaraan(k.id, int(r.start_time()), singgah))
    return rute, [i for i in range(len(bagian)) if i not in terlayani]


def _rapikan(
    urutan: list[tuple[int, int]],
    bagian: list[Singgah],
    moda_bagian: list[str],
    k: UnitKendaraan,
    berangkat: int,
    matriks: BentukMatriks,
    kalender: Kalender,
) -> list[tuple[int, int]]:
    """Drop from a solver route the stops it could not really make: past the window's end on the
    plan's own clock (`jadwalkan`), or over a trip's capacity. They come back as unserved.

    PyVRP returns its best solution even when that one still breaks a time window ("time
    warp") or a capacity; this keeps only what holds, so every stored plan passes the checker.
    """
    while True:
        muat: Counter[int] = Counter()
        berat: Counter[int] = Counter()
        lebih = None
        for n, (i, t) in enumerate(urutan):
            muat[t] += bagian[i].volume_liter
            berat[t] += bagian[i].berat_kg
            if muat[t] > k.kapasitas_liter or berat[t] > k.kapasitas_kg:
                lebih = n
                break
        if lebih is None:
            jadwal = jadwalkan(
                berangkat,
                [dataclasses.replace(bagian[i], perjalanan=t) for i, t in urutan],
                matriks,
            )
            lebih = next(
                (
                    n
                    for n, ((i, _t), x) in enumerate(zip(urutan, jadwal, strict=True))
                    if x.tiba > batas_tiba(moda_bagian[i], kalender)
                ),
                None,
            )
        if lebih is None:
            return urutan
        urutan = urutan[:lebih] + urutan[lebih + 1 :]


@dataclass(frozen=True)
class _Bahan:
    """What a plan of one kab/kota and hop is built and checked on."""

    tujuan: dict[str, Tujuan]
    kendaraan: dict[int, UnitKendaraan]
    matriks: BentukMatriks
    kalender: Kalender
    ukuran: dict[str, tuple[float, float]]
    nama: dict[str, str]


def _bahan(
    s: Session,
    kabkota_kode: str,
    tahap: str,
    matriks: BentukMatriks | None,
    seluruh_kebutuhan: bool,
) -> _Bahan:
    matriks = matriks_bersih(
        matriks if matriks is not None else matriks_waktu(s, kabkota_kode, tahap)
    )
    ukuran = db_armada.ukuran_jenis(s)
    baris = db_armada.sisa_kiriman(s, kabkota_kode, TAHAP_RENCANA[tahap], tahap)
    if seluruh_kebutuhan:
        baris = [(k, j, q, 0) for k, j, q, _d in baris]
    kode = sorted({b[0] for b in baris} | set(matriks.kode))
    nama = db_armada.nama_wilayah(s, kode)
    moda = {k: moda_diperlukan(v) for k, v in matriks.moda_per_tujuan.items()}
    tujuan = {t.kode: t for t in muatan_tujuan(baris, ukuran, nama, moda)}
    kendaraan = {k.id: unit(k) for k in db_armada.daftar_kendaraan(s, kabkota_kode)}
    return _Bahan(tujuan, kendaraan, matriks, kalender_tahap(s, tahap), ukuran, nama)


def _hasil(baris: BarisRencana, b: _Bahan, rencana: RencanaAngkut, detik: float) -> HasilRencana:
    pelanggaran = periksa_rencana(rencana, b.tujuan, b.kendaraan, b.matriks, b.ukuran)
    perubahan = tuple(x for x in baris.perubahan.split("\n") if x)
    return HasilRencana(
        baris.id, baris.status, rencana, b.tujuan, b.kendaraan, tuple(pelanggaran), perubahan, detik
    )


def _ringkas(baris: BarisRencana, rencana: RencanaAngkut) -> dict[str, Any]:
    """A plan as its audit row records it (the full plan stays in rencana_armada)."""
    return {
        "rencana_id": baris.id,
        "tahap": rencana.tahap,
        "status": baris.status,
        "kendaraan": [r.kendaraan_id for r in rencana.rute if r.singgah],
        "terkunci": [r.kendaraan_id for r in rencana.rute if r.terkunci],
        "singgah": sum(len(r.singgah) for r in rencana.rute),
        "tidak_terlayani": sorted(rencana.tidak_terlayani),
    }


def rencanakan(
    kabkota_kode: str,
    tahap: str = "ppk",
    *,
    pelaku: Pelaku,
    matriks: BentukMatriks | None = None,
    seluruh_kebutuhan: bool = False,
    batas_detik: float = BATAS_DETIK,
    session: Session | None = None,
) -> HasilRencana:
    """Propose and store a vehicle plan for a kab/kota's hop (status `usulan`); audited.

    Loads are what each place still has to receive (need − received), or its whole need with
    `seluruh_kebutuhan` (planning ahead of the window). `matriks` replaces the route network's
    (tests, what-if). The proposal is judged by the independent checker; see `HasilRencana`.
    """
    with _sesi(session, tulis=True) as s:
        kode = _kabkota(s, kabkota_kode)
        tahap = _tahap(tahap)
        batas_detik = _detik(batas_detik)
        _izin(pelaku, kode)
        b = _bahan(s, kode, tahap, matriks, seluruh_kebutuhan)
        jam_mulai = time.perf_counter()
        rencana = susun_rencana(
            kode,
            tahap,
            b.tujuan.values(),
            b.kendaraan.values(),
            b.matriks,
            b.kalender,
            b.ukuran,
            batas_detik=batas_detik,
        )
        detik = time.perf_counter() - jam_mulai
        baris = db_armada.simpan_rencana(
            s,
            kabkota_kode=kode,
            tahap=tahap,
            rencana=ke_json(rencana),
            perubahan="",
            dibuat_oleh=_id_akun(pelaku),
        )
        catat_audit(
            s,
            pelaku,
            "rencana_armada_usul",
            "rencana_armada",
            baris.id,
            kode,
            None,
            _ringkas(baris, rencana),
        )
        return _hasil(baris, b, rencana, detik)


def _rencana_ada(s: Session, rencana_id: int) -> BarisRencana:
    baris = db_armada.rencana(s, rencana_id)
    if baris is None:
        raise Ditolak([Galat("rencana_id", f"Rencana armada #{rencana_id} tidak ada")])
    return baris


def terima(
    rencana_id: int,
    pelaku: Pelaku,
    *,
    matriks: BentukMatriks | None = None,
    session: Session | None = None,
) -> BarisRencana:
    """Accept a proposed plan: it becomes the kab/kota's current plan for its hop; audited.

    A plan the checker faults is refused with its faults (edit it first).
    """
    with _sesi(session, tulis=True) as s:
        baris = _rencana_ada(s, rencana_id)
        _izin(pelaku, baris.kabkota_kode)
        if baris.status != "usulan":
            raise Ditolak(
                [
                    Galat(
                        "rencana_id",
                        f"Rencana #{rencana_id} berstatus {baris.status}, bukan usulan",
                    )
                ]
            )
        rencana = dari_json(baris.rencana)
        b = _bahan(s, baris.kabkota_kode, baris.tahap, matriks, False)
        salah = periksa_rencana(
            rencana, _tujuan_rencana(b, rencana), b.kendaraan, b.matriks, b.ukuran
        )
        if salah:
            raise Ditolak([Galat("rencana", x) for x in salah])
        sebelum = db_armada.rencana_diterima(s, baris.kabkota_kode, baris.tahap)
        db_armada.terima_rencana(s, rencana_id, _id_akun(pelaku), dt.datetime.now(dt.UTC))
        catat_audit(
            s,
            pelaku,
            "rencana_armada_terima",
            "rencana_armada",
            rencana_id,
            baris.kabkota_kode,
            {"rencana_diterima": sebelum.id if sebelum else None},
            {"rencana_diterima": rencana_id},
        )
        return _rencana_ada(s, rencana_id)


def _tujuan_rencana(b: _Bahan, rencana: RencanaAngkut) -> dict[str, Tujuan]:
    """The destinations a stored plan is judged against: what it delivers and leaves unserved.

    Receipts recorded since the plan was made lower what is still to arrive; a plan is judged on
    the loads it was made for, so those come from its own stops (with the current need's modes).
    """
    barang: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rencana.rute:
        for s in r.singgah:
            barang[s.kode].update(s.barang)
    hasil = {}
    for kode, q in barang.items():
        dasar = b.tujuan.get(kode)
        moda = dasar.moda if dasar else moda_diperlukan(b.matriks.moda_per_tujuan.get(kode, ()))
        hasil[kode] = Tujuan(kode, b.nama.get(kode, kode), dict(q), 0, 0, moda)
    for kode, t in b.tujuan.items():
        if kode in rencana.tidak_terlayani and kode not in hasil:
            hasil[kode] = t
    return hasil


def kunci(
    rencana_id: int,
    kendaraan_id: Iterable[int],
    pelaku: Pelaku,
    *,
    terkunci: bool = True,
    session: Session | None = None,
) -> RencanaAngkut:
    """Lock (or unlock) vehicles' routes of a plan: a re-plan keeps them as they are; audited."""
    pilih = set(kendaraan_id)
    with _sesi(session, tulis=True) as s:
        baris = _rencana_ada(s, rencana_id)
        _izin(pelaku, baris.kabkota_kode)
        rencana = dari_json(baris.rencana)
        ada = {r.kendaraan_id for r in rencana.rute}
        if not pilih or pilih - ada:
            lain = ", ".join(f"#{k}" for k in sorted(pilih - ada)) or "(tidak ada)"
            raise Ditolak(
                [
                    Galat(
                        "kendaraan_id",
                        f"Kendaraan {lain} tidak punya rute di rencana #{rencana_id}",
                    )
                ]
            )
        baru = RencanaAngkut(
            rencana.kabkota_kode,
            rencana.tahap,
            rencana.kalender,
            tuple(
                RuteKendaraan(r.kendaraan_id, r.berangkat, r.singgah, terkunci)
                if r.kendaraan_id in pilih
                else r
                for r in rencana.rute
            ),
            rencana.tidak_terlayani,
            rencana.sumber_matriks,
        )
        db_armada.ganti_isi_rencana(s, rencana_id, ke_json(baru))
        catat_audit(
            s,
            pelaku,
            "rencana_armada_kunci" if terkunci else "rencana_armada_buka",
            "rencana_armada",
            rencana_id,
            baris.kabkota_kode,
            {"terkunci": sorted(r.kendaraan_id for r in rencana.rute if r.terkunci)},
            {"terkunci": sorted(r.kendaraan_id for r in baru.rute if r.terkunci)},
        )
        return baru


def sunting(
    rencana_id: int,
    isi: Mapping[str, Any],
    pelaku: Pelaku,
    *,
    matriks: BentukMatriks | None = None,
    session: Session | None = None,
) -> HasilRencana:
    """Store an admin's edit of a plan (stops moved, reordered, given to another vehicle).

    Arrival times are recomputed from the matrix from each route's departure; the edit
    must carry the same goods to the same places as the plan it edits, leave its locked routes
    as they are (and locked: an edit neither locks nor unlocks) and pass the checker, else
    `Ditolak` lists every fault and nothing is stored. Audited, with the change in words.
    """
    with _sesi(session, tulis=True) as s:
        baris = _rencana_ada(s, rencana_id)
        _izin(pelaku, baris.kabkota_kode)
        if baris.status == "diganti":
            raise Ditolak([Galat("rencana_id", f"Rencana #{rencana_id} sudah diganti")])
        try:
            edit = dari_json(isi)
        except ValueError as e:
            raise Ditolak([Galat("rencana", str(e))]) from e
        lama = dari_json(baris.rencana)
        b = _bahan(s, baris.kabkota_kode, baris.tahap, matriks, False)
        kenal = set(b.matriks.kode)
        asing = sorted({x.kode for r in edit.rute for x in r.singgah} - kenal)
        if asing:
            raise Ditolak([Galat("rencana", f"Tujuan {', '.join(asing)} bukan tujuan rencana ini")])
        terkunci = {r.kendaraan_id for r in lama.rute if r.terkunci}
        edit = RencanaAngkut(
            lama.kabkota_kode,
            lama.tahap,
            lama.kalender,
            tuple(
                RuteKendaraan(
                    r.kendaraan_id,
                    r.berangkat,
                    jadwalkan(r.berangkat, r.singgah, b.matriks),
                    r.kendaraan_id in terkunci,
                )
                for r in edit.rute
            ),
            lama.tidak_terlayani,
            lama.sumber_matriks,
        )
        salah = rute_terkunci_diubah(lama, edit, b.kendaraan)
        salah += periksa_rencana(edit, _tujuan_rencana(b, lama), b.kendaraan, b.matriks, b.ukuran)
        if salah:
            raise Ditolak([Galat("rencana", x) for x in salah])
        kata = uraian_suntingan(lama, edit, b.nama, b.kendaraan)
        db_armada.ganti_isi_rencana(s, rencana_id, ke_json(edit), "\n".join(kata))
        catat_audit(
            s,
            pelaku,
            "rencana_armada_sunting",
            "rencana_armada",
            rencana_id,
            baris.kabkota_kode,
            _ringkas(baris, lama),
            {**_ringkas(baris, edit), "perubahan": kata},
        )
        bahan = _Bahan(
            _tujuan_rencana(b, lama), b.kendaraan, b.matriks, lama.kalender, b.ukuran, b.nama
        )
        return _hasil(_rencana_ada(s, rencana_id), bahan, edit, 0.0)


def sunting_formulir(
    rencana_id: int,
    pilihan: Mapping[str, PilihanSinggah],
    pelaku: Pelaku,
    *,
    berangkat: Mapping[int, PilihanBerangkat] | None = None,
    sidik: str | None = None,
    matriks: BentukMatriks | None = None,
    session: Session | None = None,
) -> HasilRencana | None:
    """Store the plan form's edit: each stop's vehicle, trip and place in order, and each
    vehicle's departure (see `sunting`).

    `sidik` is the fingerprint of the plan the form was opened on (`sidik_rencana`): if the plan
    has changed since, nothing is stored and the user is told to look again. Return None when
    the form changes nothing (nothing stored). The account's scope is checked before anything
    the form sent is read.
    """
    with _sesi(session, tulis=True) as s:
        baris = _rencana_ada(s, rencana_id)
        _izin(pelaku, baris.kabkota_kode)
        if sidik is not None and sidik != sidik_rencana(baris.rencana):
            raise Ditolak(
                [
                    Galat(
                        "rencana",
                        f"Rencana #{rencana_id} sudah diubah sejak formulir dibuka (oleh pengguna "
                        "lain atau rencana ulang); perubahan Anda belum disimpan. Tekan Batal, "
                        "lalu Ubah rencana untuk menyunting versi terbaru.",
                    )
                ]
            )
        lama = dari_json(baris.rencana)
        kendaraan = {k.id: unit(k) for k in db_armada.daftar_kendaraan(s, baris.kabkota_kode)}
        nama = db_armada.nama_wilayah(s, sorted({x.kode for r in lama.rute for x in r.singgah}))
        edit, salah = terapkan_suntingan(lama, pilihan, kendaraan, nama, berangkat)
        if salah:
            raise Ditolak(salah)
        if urutan_sama(lama, edit):
            return None
        return sunting(rencana_id, ke_json(edit), pelaku, matriks=matriks, session=s)


def rencana_ulang(
    kabkota_kode: str,
    pelaku: Pelaku,
    tahap: str = "ppk",
    *,
    matriks: BentukMatriks | None = None,
    mulai: dt.datetime | None = None,
    batas_detik: float = BATAS_DETIK,
    session: Session | None = None,
) -> HasilRencana:
    """Re-plan a kab/kota's hop after a vehicle went out of service or a road was blocked.

    `mulai` (e.g. now) is the earliest a vehicle given new stops may leave the gudang; by
    default the plan window's start.

    Starts from the accepted plan: the same loads on the same clock; locked routes are kept when
    their vehicle is ready and every stop still reachable (else released, and said so); the
    ready fleet, reserve included, serves the rest. The new plan is stored as a proposal with
    the words of what changed (`HasilRencana.perubahan`); audited.
    """
    with _sesi(session, tulis=True) as s:
        kode = _kabkota(s, kabkota_kode)
        tahap = _tahap(tahap)
        batas_detik = _detik(batas_detik)
        _izin(pelaku, kode)
        diterima = db_armada.rencana_diterima(s, kode, tahap)
        if diterima is None:
            raise Ditolak(
                [
                    Galat(
                        "rencana",
                        f"Belum ada rencana armada {LABEL_TAHAP[tahap]} yang diterima untuk "
                        f"{kode}; buat dan terima rencana dulu",
                    )
                ]
            )
        lama = dari_json(diterima.rencana)
        b = _bahan(s, kode, tahap, matriks, False)
        tujuan = _tujuan_rencana(b, lama)
        for kode_t, t in tujuan.items():  # loads as planned; volume and weight from the catalogue
            vol, berat = ukuran_barang(t.barang, b.ukuran)
            tujuan[kode_t] = Tujuan(t.kode, t.nama, t.barang, vol, berat, t.moda)
        tetap: list[RuteKendaraan] = []
        utuh: list[RuteKendaraan] = []
        kata_kunci: list[str] = []
        for r in lama.rute:
            if not r.singgah:
                continue
            k = b.kendaraan.get(r.kendaraan_id)
            masih, sebab = _masih_berlaku(r, k, b.matriks, lama.kalender, tujuan)
            if masih is not None:
                (tetap if r.terkunci else utuh).append(masih)
            elif r.terkunci:
                label = k.label if k else f"#{r.kendaraan_id}"
                kata_kunci.append(f"Rute terkunci {label} dilepas: {sebab}")
        jam_mulai = time.perf_counter()

        def susun(dipertahankan: list[RuteKendaraan]) -> RencanaAngkut:
            return susun_rencana(
                kode,
                tahap,
                tujuan.values(),
                b.kendaraan.values(),
                b.matriks,
                lama.kalender,
                b.ukuran,
                mulai=lama.kalender.menit(mulai) if mulai is not None else 0,
                tetap=dipertahankan,
                batas_detik=batas_detik,
            )

        # Least disruption first: every route that still holds stays as it is, and only what the
        # broken vehicle or the cut road leaves is planned, with the vehicles still free (the
        # reserve among them). Only when that leaves more unserved is everything re-planned.
        baru = susun(tetap + utuh)
        if baru.tidak_terlayani and utuh:
            penuh = susun(tetap)
            if len(penuh.tidak_terlayani) < len(baru.tidak_terlayani):
                baru = penuh
        detik = time.perf_counter() - jam_mulai
        rusak = {
            k.id: f"rusak: {k.alasan_status}" if k.alasan_status else "rusak"
            for k in db_armada.daftar_kendaraan(s, kode)
            if k.status == "rusak"
        }
        kata = kata_kunci + beda_rencana(lama, baru, b.nama, b.kendaraan, rusak)
        baris = db_armada.simpan_rencana(
            s,
            kabkota_kode=kode,
            tahap=tahap,
            rencana=ke_json(baru),
            perubahan="\n".join(kata),
            dibuat_oleh=_id_akun(pelaku),
        )
        catat_audit(
            s,
            pelaku,
            "rencana_armada_ulang",
            "rencana_armada",
            baris.id,
            kode,
            {"rencana_diterima": diterima.id},
            {**_ringkas(baris, baru), "perubahan": kata},
        )
        bahan = _Bahan(tujuan, b.kendaraan, b.matriks, lama.kalender, b.ukuran, b.nama)
        return _hasil(baris, bahan, baru, detik)


def _masih_berlaku(
    r: RuteKendaraan,
    k: UnitKendaraan | None,
    matriks: BentukMatriks,
    kalender: Kalender,
    tujuan: Mapping[str, Tujuan],
) -> tuple[RuteKendaraan | None, str]:
    """Return a route re-timed on today's matrix if it still holds (its vehicle ready, every
    stop reachable and reached by its deadline, `batas_tiba`), else None and why not."""
    if k is None or not k.siap:
        return None, "kendaraan tidak siap"
    indeks = {x: i for i, x in enumerate(matriks.kode)}
    w = matriks.waktu_menit
    if any(
        x.kode not in indeks or not 0 <= w[0, indeks[x.kode]] < TAK_TERJANGKAU for x in r.singgah
    ):
        return None, "tujuan tidak terjangkau"
    singgah = jadwalkan(r.berangkat, r.singgah, matriks)
    if any(
        not 0
        <= x.tiba
        <= batas_tiba(tujuan[x.kode].moda if x.kode in tujuan else "darat", kalender)
        for x in singgah
    ):
        return None, "tidak terkejar sebelum batas rencana"
    return RuteKendaraan(r.kendaraan_id, r.berangkat, singgah, r.terkunci), ""


def rencana_tersimpan(
    rencana_id: int, *, matriks: BentukMatriks | None = None, session: Session | None = None
) -> HasilRencana | None:
    """Return a stored plan, judged again on today's fleet and matrix (a vehicle since broken
    or a road since cut shows as a fault); None when there is no such plan."""
    with _sesi(session, tulis=False) as s:
        baris = db_armada.rencana(s, rencana_id)
        if baris is None:
            return None
        rencana = dari_json(baris.rencana)
        b = _bahan(s, baris.kabkota_kode, baris.tahap, matriks, False)
        b = _Bahan(
            _tujuan_rencana(b, rencana), b.kendaraan, b.matriks, rencana.kalender, b.ukuran, b.nama
        )
        return _hasil(baris, b, rencana, 0.0)


def daftar_rencana(
    kabkota_kode: str, tahap: str = "ppk", *, session: Session | None = None
) -> list[BarisRencana]:
    """Return a kab/kota's stored plans for a hop, newest first (proposals, the accepted one,
    those it replaced), for a page to list and open with `rencana_tersimpan`."""
    tahap = _tahap(tahap)
    with _sesi(session, tulis=False) as s:
        return db_armada.daftar_rencana(s, kabkota_kode, tahap)


# ---- boards -----------------------------------------------------------------------------------


def papan_armada(kode: str, *, session: Session | None = None) -> PapanArmada:
    """Return the fleet board of a province or kab/kota: ready, assigned (in an accepted plan),
    out of service and reserve counts, and one row per vehicle."""
    if session is not None:
        return _papan(session, kode)
    return _papan_cache(kode, versi())


@cache.memoize()
def _papan_cache(kode: str, _versi: int) -> PapanArmada:
    with db.sesi_baca() as s:
        return _papan(s, kode)


def _papan(s: Session, kode: str) -> PapanArmada:
    kendaraan = db_armada.daftar_kendaraan(s, kode)
    tugas: Counter[int] = Counter()
    for baris in db_armada.daftar_rencana(s, kode, status="diterima"):
        for r in dari_json(baris.rencana).rute:
            tugas[r.kendaraan_id] += len({x.kode for x in r.singgah})
    papan = []
    for k in kendaraan:
        keadaan = "rusak" if k.status == "rusak" else "ditugaskan" if tugas[k.id] else "siap"
        papan.append(BarisPapan(k, keadaan, tugas[k.id]))
    hitung = Counter(b.keadaan for b in papan)
    return PapanArmada(
        kode=kode,
        siap=hitung["siap"],
        ditugaskan=hitung["ditugaskan"],
        rusak=hitung["rusak"],
        cadangan=sum(k.cadangan for k in kendaraan),
        cadangan_siap=sum(k.cadangan and k.status == "siap" for k in kendaraan),
        baris=tuple(papan),
    )


def status_rencana(
    provinsi: str, tahap: str = "ppk", *, session: Session | None = None
) -> list[StatusRencanaKabkota]:
    """Return per kab/kota of a province whether it has an accepted plan for the hop (those
    without one first), with the size of its fleet."""
    tahap = _tahap(tahap)
    if session is not None:
        return _status(session, provinsi, tahap)
    return _status_cache(provinsi, tahap, versi())


@cache.memoize()
def _status_cache(provinsi: str, tahap: str, _versi: int) -> list[StatusRencanaKabkota]:
    with db.sesi_baca() as s:
        return _status(s, provinsi, tahap)


def _status(s: Session, provinsi: str, tahap: str) -> list[StatusRencanaKabkota]:
    ada = db_armada.kabkota_dengan_rencana_diterima(s, provinsi, tahap)
    armada = Counter(k.kabkota_kode for k in db_armada.daftar_kendaraan(s, provinsi))
    hasil = [
        StatusRencanaKabkota(kode, nama, tahap, kode in ada, armada[kode])
        for kode, nama in db_armada.kabkota_provinsi(s, provinsi)
    ]
    return sorted(hasil, key=lambda x: (x.ada_rencana_diterima, x.kabkota_kode))
