"""Fleet and vehicle plan rules: loads per destination, the working clock, the plan's own checker
and the difference between two plans in words.

Everything here is pure and independent of the solver (services.armada builds the PyVRP model):
the checker recomputes a plan's loads and earliest arrivals from the travel-time matrix with
plain arithmetic, so a plan typed by hand, edited, or returned by any solver is judged alike.

Times in a plan are minutes on the *working clock*: it runs only during working hours
(JAM_KERJA, 07.00–18.00 WIB) from the first day of the hop's plan window, so a vehicle drives and
unloads in daylight and a leg longer than what is left of a day continues the next morning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

from dashboard.domain.isian import Galat, baca_jam, baca_tanggal, kosong, teks
from dashboard.domain.waktu import WIB

# Vehicle kinds and the mode each travels by.
MODA_JENIS = {"truk": "darat", "pikap": "darat", "kapal": "laut", "pesawat": "udara"}
LABEL_JENIS = {"truk": "Truk", "pikap": "Pikap", "kapal": "Kapal", "pesawat": "Pesawat"}
LABEL_TAHAP = {"ppk": "PPK", "pps": "PPS"}
STATUS_KENDARAAN = ("siap", "rusak")
STATUS_RENCANA = ("usulan", "diterima", "diganti")

# Working hours (WIB) when vehicles are loaded, driven and unloaded.
JAM_KERJA = (7, 18)
# Loading at the gudang before each trip, and unloading at a destination: a fixed half hour
# (counting, handover, berita acara) plus a minute per 200 kg carried off.
LAMA_MUAT_MENIT = 60
LAMA_BONGKAR_MENIT = 30
KG_PER_MENIT_BONGKAR = 200
# Places reached over water or by air go first (the hardest to reach are dispatched first, as
# KPU Jawa Tengah does for Karimunjawa): they must arrive within this share of the window, so a
# missed crossing still leaves days to try again.
BAGIAN_JENDELA_SULIT = 0.5
# A travel time at or above this (or negative) means "no route" in a matrix.
TAK_TERJANGKAU = 10**7
# Arrivals this much apart or less are "the same time" when two plans are compared.
SELISIH_BERARTI_MENIT = 30

HARI = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")


class BentukMatriks(Protocol):
    """The travel-time matrix a plan is built and checked on (services.rute.MatriksWaktu).

    `kode` lists the depot first, then the destinations; `waktu_menit[i, j]` is the travel time
    from `kode[i]` to `kode[j]`; `moda_per_tujuan` names the modes each destination's route
    uses (a destination reached over water needs a boat).
    """

    @property
    def kode(self) -> tuple[str, ...]: ...

    @property
    def waktu_menit(self) -> np.ndarray: ...

    @property
    def jarak_m(self) -> np.ndarray: ...

    @property
    def moda_per_tujuan(self) -> Mapping[str, tuple[str, ...]]: ...


@dataclass(frozen=True)
class Matriks:
    """A travel-time matrix of the shape a plan needs (see `BentukMatriks`)."""

    kode: tuple[str, ...]
    waktu_menit: np.ndarray
    jarak_m: np.ndarray
    moda_per_tujuan: Mapping[str, tuple[str, ...]]
    sumber: str = ""


@dataclass(frozen=True)
class UnitKendaraan:
    """A vehicle as the plan sees it: who it is, where it can go and how much it carries."""

    id: int
    nama: str
    nomor: str
    jenis: str
    kapasitas_liter: int
    kapasitas_kg: int
    cadangan: bool = False
    siap: bool = True

    @property
    def moda(self) -> str:
        return MODA_JENIS[self.jenis]

    @property
    def label(self) -> str:
        """How the words name it: 'Truk cadangan H 1234 XY'."""
        cadangan = " cadangan" if self.cadangan else ""
        return f"{LABEL_JENIS[self.jenis]}{cadangan} {self.nomor}"


@dataclass(frozen=True)
class Tujuan:
    """What one destination still has to receive on this hop, and the mode its route needs."""

    kode: str
    nama: str
    barang: Mapping[str, int]
    volume_liter: int
    berat_kg: int
    moda: str = "darat"


@dataclass(frozen=True)
class Singgah:
    """One stop: a vehicle's trip reaches a destination at `tiba` (working-clock minutes)."""

    kode: str
    perjalanan: int
    tiba: int
    barang: Mapping[str, int]
    volume_liter: int
    berat_kg: int


@dataclass(frozen=True)
class RuteKendaraan:
    """One vehicle's day(s): leaves the gudang at `berangkat`, its stops in order over trips."""

    kendaraan_id: int
    berangkat: int
    singgah: tuple[Singgah, ...]
    terkunci: bool = False


@dataclass(frozen=True)
class Kalender:
    """The working clock of a plan: `hari` days from `tanggal` 07.00 WIB, working hours only."""

    tanggal: dt.date
    hari: int
    jam: tuple[int, int] = JAM_KERJA

    @property
    def menit_per_hari(self) -> int:
        return (self.jam[1] - self.jam[0]) * 60

    @property
    def batas(self) -> int:
        """The last working minute of the plan window (its last day's 18.00)."""
        return self.hari * self.menit_per_hari

    def waktu(self, menit: int) -> dt.datetime:
        """Return the WIB moment of a working-clock minute (a day's last minute stays that day)."""
        hari, sisa = divmod(max(menit, 0), self.menit_per_hari)
        if sisa == 0 and hari > 0:
            hari, sisa = hari - 1, self.menit_per_hari
        awal = dt.datetime.combine(
            self.tanggal + dt.timedelta(days=hari), dt.time(self.jam[0]), WIB
        )
        return awal + dt.timedelta(minutes=sisa)

    def menit(self, waktu: dt.datetime) -> int:
        """Return the working-clock minute of a moment (outside hours: the next working minute)."""
        w = waktu.astimezone(WIB)
        hari = (w.date() - self.tanggal).days
        dalam = w.hour * 60 + w.minute - self.jam[0] * 60
        dalam = min(max(dalam, 0), self.menit_per_hari)
        return max(0, hari * self.menit_per_hari + dalam)


@dataclass(frozen=True)
class RencanaAngkut:
    """A vehicle plan for one kab/kota and hop: the routes and what could not be served, why."""

    kabkota_kode: str
    tahap: str
    kalender: Kalender
    rute: tuple[RuteKendaraan, ...]
    tidak_terlayani: Mapping[str, str] = field(default_factory=dict)
    sumber_matriks: str = ""

    def rute_kendaraan(self, kendaraan_id: int) -> RuteKendaraan | None:
        return next((r for r in self.rute if r.kendaraan_id == kendaraan_id), None)


# ---- vehicle form ---------------------------------------------------------------------------

LABEL_ISIAN = {
    "nama": "Nama kendaraan",
    "nomor": "Nomor polisi/registrasi",
    "jenis": "Jenis kendaraan",
    "kapasitas_m3": "Kapasitas volume (m³)",
    "kapasitas_kg": "Kapasitas berat (kg)",
    "cadangan": "Armada cadangan",
    "alasan_status": "Alasan",
}
BATAS_KAPASITAS = {"kapasitas_m3": 10_000.0, "kapasitas_kg": 5_000_000.0}
_NOMOR = re.compile(r"^[A-Z0-9][A-Z0-9 .\-/]{1,19}$")


def _angka_positif(nama: str, nilai: object, salah: list[Galat]) -> float | None:
    label = LABEL_ISIAN[nama]
    if kosong(nilai):
        salah.append(Galat(nama, f"{label} wajib diisi"))
        return None
    try:
        x = float(str(nilai).strip().replace(",", "."))
    except (TypeError, ValueError):
        salah.append(Galat(nama, f"{label} harus angka, bukan '{teks(nilai)[:20]}'"))
        return None
    if not 0 < x <= BATAS_KAPASITAS[nama]:
        salah.append(
            Galat(nama, f"{label} harus lebih dari 0 dan paling besar {BATAS_KAPASITAS[nama]:g}")
        )
        return None
    return x


def _ya_tidak(nama: str, nilai: object, salah: list[Galat]) -> bool | None:
    if isinstance(nilai, bool):
        return nilai
    t = teks(nilai).lower()
    if t in ("ya", "y", "true", "1", "cadangan"):
        return True
    if t in ("", "tidak", "t", "false", "0", "bukan"):
        return False
    salah.append(Galat(nama, f"{LABEL_ISIAN[nama]} harus ya atau tidak, bukan '{t[:20]}'"))
    return None


def baca_isian_kendaraan(
    nilai: Mapping[str, object], *, sebagian: bool = False
) -> tuple[dict[str, Any], list[Galat]]:
    """Read a vehicle form into column values, with every field's mistake named in words.

    With `sebagian` (an edit) only the fields given are read; a new vehicle needs them all
    (`cadangan` defaults to no). The mode is derived from the kind, never typed.
    """
    salah: list[Galat] = []
    hasil: dict[str, Any] = {}
    wajib = ("nama", "nomor", "jenis", "kapasitas_m3", "kapasitas_kg")
    for nama in (*wajib, "cadangan"):
        if sebagian and nama not in nilai:
            continue
        v = nilai.get(nama)
        if nama == "nama":
            t = teks(v)
            if not 1 <= len(t) <= 80:
                salah.append(
                    Galat(nama, f"{LABEL_ISIAN[nama]} wajib diisi, paling panjang 80 karakter")
                )
            else:
                hasil[nama] = t
        elif nama == "nomor":
            t = re.sub(r"\s+", " ", teks(v).upper())
            if not _NOMOR.match(t):
                salah.append(
                    Galat(
                        nama,
                        f"{LABEL_ISIAN[nama]} wajib diisi: huruf dan angka, 2 sampai 20 "
                        "karakter, mis. H 1234 XY",
                    )
                )
            else:
                hasil[nama] = t
        elif nama == "jenis":
            t = teks(v).lower()
            if t not in MODA_JENIS:
                salah.append(
                    Galat(
                        nama,
                        f"{LABEL_ISIAN[nama]} '{t[:20]}' tidak dikenal; pilih: "
                        + ", ".join(MODA_JENIS),
                    )
                )
            else:
                hasil[nama], hasil["moda"] = t, MODA_JENIS[t]
        elif nama in BATAS_KAPASITAS:
            x = _angka_positif(nama, v, salah)
            if x is not None:
                hasil[nama] = x
        else:
            b = _ya_tidak(nama, v, salah)
            if b is not None:
                hasil[nama] = b
    if not sebagian:
        hasil.setdefault("cadangan", False)
    return hasil, salah


def matriks_bersih(matriks: BentukMatriks) -> Matriks:
    """Return a matrix with whole minutes and metres, "no road" always TAK_TERJANGKAU.

    A route network may mark an unreachable pair with infinity, a negative number or the
    largest integer; every rule here then reads one convention.
    """

    def bersih(a: np.ndarray) -> np.ndarray:
        x = np.asarray(a, dtype=float)
        buruk = ~np.isfinite(x) | (x < 0) | (x >= TAK_TERJANGKAU)
        return np.where(buruk, TAK_TERJANGKAU, np.ceil(np.where(buruk, 0, x))).astype(np.int64)

    return Matriks(
        kode=tuple(matriks.kode),
        waktu_menit=bersih(matriks.waktu_menit),
        jarak_m=bersih(matriks.jarak_m),
        moda_per_tujuan=dict(matriks.moda_per_tujuan),
        sumber=str(getattr(matriks, "sumber", "") or "jaringan rute"),
    )


def matriks_garis_lurus(
    titik: Sequence[tuple[str, float | None, float | None]],
    kecepatan_kmj: float = 30.0,
    faktor_jalan: float = 1.4,
) -> Matriks:
    """Build an approximate land-only matrix from coordinates (depot first).

    Great-circle distance times a detour factor, at a rural average speed; a place without
    coordinates is unreachable. Stands in where no road network (services.rute) is available:
    labelled "garis lurus (perkiraan)" wherever the plan is shown.
    """
    lat = np.array([np.nan if t[1] is None else t[1] for t in titik], dtype=float)
    lon = np.array([np.nan if t[2] is None else t[2] for t in titik], dtype=float)
    p1, p2 = np.radians(lat)[:, None], np.radians(lat)[None, :]
    dl = np.radians(lon)[None, :] - np.radians(lon)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1))) * faktor_jalan
    menit = np.where(np.isnan(km), TAK_TERJANGKAU, np.ceil(km / kecepatan_kmj * 60))
    jarak = np.where(np.isnan(km), TAK_TERJANGKAU, np.round(km * 1000))
    kode = tuple(t[0] for t in titik)
    return Matriks(
        kode=kode,
        waktu_menit=menit.astype(np.int64),
        jarak_m=jarak.astype(np.int64),
        moda_per_tujuan={k: ("darat",) for k in kode[1:]},
        sumber="garis lurus (perkiraan)",
    )


def batas_tiba(moda: str, kalender: Kalender) -> int:
    """Return the latest arrival (working-clock minute) for a destination reached by `moda`:
    the window's end by land; by sea or air the end of its first half (BAGIAN_JENDELA_SULIT)."""
    if moda == "darat":
        return kalender.batas
    hari = max(1, math.ceil(kalender.hari * BAGIAN_JENDELA_SULIT))
    return hari * kalender.menit_per_hari


# ---- loads --------------------------------------------------------------------------------


def moda_diperlukan(moda: Iterable[str]) -> str:
    """Return the vehicle mode a destination needs: by air if any leg flies, else by sea if any
    leg sails, else by land (the boat or aircraft's time includes the land legs to its port)."""
    moda = set(moda)
    if "udara" in moda:
        return "udara"
    if "laut" in moda:
        return "laut"
    return "darat"


def ukuran_barang(
    barang: Mapping[str, int], ukuran: Mapping[str, tuple[float, float]]
) -> tuple[int, int]:
    """Return (litres, kg) of a set of goods, each rounded up: a load never looks lighter."""
    volume = sum(q * ukuran.get(k, (0.0, 0.0))[0] for k, q in barang.items())
    berat = sum(q * ukuran.get(k, (0.0, 0.0))[1] for k, q in barang.items())
    return math.ceil(volume - 1e-9), math.ceil(berat - 1e-9)


def sisa_kiriman(kebutuhan: int, diterima: int) -> int:
    """What a place still has to receive of an item: its need less what arrived, never below 0."""
    return max(0, int(kebutuhan) - int(diterima))


def muatan_tujuan(
    baris: Iterable[tuple[str, str, int, int]],
    ukuran: Mapping[str, tuple[float, float]],
    nama: Mapping[str, str],
    moda: Mapping[str, str],
) -> list[Tujuan]:
    """Build each destination's load from (kode, jenis, kebutuhan, diterima) rows.

    A destination with nothing left to receive is not a destination of this plan.
    """
    barang: dict[str, dict[str, int]] = defaultdict(dict)
    for kode, jenis, kebutuhan, diterima in baris:
        sisa = sisa_kiriman(kebutuhan, diterima)
        if sisa:
            barang[kode][jenis] = barang[kode].get(jenis, 0) + sisa
    hasil = []
    for kode in sorted(barang):
        volume, berat = ukuran_barang(barang[kode], ukuran)
        hasil.append(
            Tujuan(kode, nama.get(kode, kode), barang[kode], volume, berat, moda.get(kode, "darat"))
        )
    return hasil


def bagi_muatan(
    tujuan: Tujuan, maks_liter: int, maks_kg: int, ukuran: Mapping[str, tuple[float, float]]
) -> list[Singgah]:
    """Split a destination's load into the fewest equal parts that each fit one vehicle trip.

    Each part becomes a stop of its own (the solver may give them to different vehicles or
    trips); items are shared out evenly, the remainder going to the first parts. Raise
    ValueError, in words, when one unit of an item is bigger than the vehicle.
    """
    besar = [k for k in tujuan.barang if _lebih(ukuran_barang({k: 1}, ukuran), maks_liter, maks_kg)]
    if besar:
        raise ValueError(
            f"satu satuan {', '.join(sorted(besar))} lebih besar dari kendaraan terbesar "
            f"({maks_liter:,} L, {maks_kg:,} kg)".replace(",", ".")
        )
    bagian = max(
        1,
        math.ceil(tujuan.volume_liter / max(maks_liter, 1)),
        math.ceil(tujuan.berat_kg / max(maks_kg, 1)),
    )
    while True:
        hasil = []
        for i in range(bagian):
            b = {k: q // bagian + (1 if i < q % bagian else 0) for k, q in tujuan.barang.items()}
            b = {k: q for k, q in b.items() if q}
            volume, berat = ukuran_barang(b, ukuran)
            hasil.append(Singgah(tujuan.kode, 0, 0, b, volume, berat))
        if not any(_lebih((s.volume_liter, s.berat_kg), maks_liter, maks_kg) for s in hasil):
            return [s for s in hasil if s.barang]
        bagian += 1


def _lebih(muatan: tuple[int, int], maks_liter: int, maks_kg: int) -> bool:
    return muatan[0] > maks_liter or muatan[1] > maks_kg


def lama_bongkar(berat_kg: int) -> int:
    """Minutes to unload a stop's goods and sign for them."""
    return LAMA_BONGKAR_MENIT + berat_kg // KG_PER_MENIT_BONGKAR


# ---- schedule and checker -----------------------------------------------------------------


def jadwalkan(
    berangkat: int, singgah: Sequence[Singgah], matriks: BentukMatriks
) -> tuple[Singgah, ...]:
    """Give a sequence of stops their earliest arrival times (used after a hand edit).

    Each trip starts with loading at the gudang (LAMA_MUAT_MENIT); a change of `perjalanan`
    means the vehicle first drives back to the gudang.
    """
    indeks = {k: i for i, k in enumerate(matriks.kode)}
    w = matriks_bersih(matriks).waktu_menit
    t, posisi, trip = berangkat, 0, None
    hasil = []
    for s in singgah:
        if s.perjalanan != trip:
            t += int(w[posisi, 0]) + LAMA_MUAT_MENIT
            posisi, trip = 0, s.perjalanan
        j = indeks[s.kode]
        t += int(w[posisi, j])
        hasil.append(Singgah(s.kode, s.perjalanan, t, s.barang, s.volume_liter, s.berat_kg))
        t += lama_bongkar(s.berat_kg)
        posisi = j
    return tuple(hasil)


def periksa_rencana(
    rencana: RencanaAngkut,
    tujuan: Mapping[str, Tujuan],
    kendaraan: Mapping[int, UnitKendaraan],
    matriks: BentukMatriks,
    ukuran: Mapping[str, tuple[float, float]],
) -> list[str]:
    """Return every way the plan breaks a rule, in words (empty when it is sound).

    Recomputed from the matrix and the items' unit sizes (`ukuran`: jenis → litres, kg),
    independent of whatever built the plan and of the loads it states: each trip's load within
    the vehicle's volume and weight, no stop reached sooner than the road allows (loading at the
    gudang, driving, unloading at earlier stops) nor after the window's end, the right mode for
    each destination, no vehicle out of service or used twice, and every destination given
    exactly what it needs — or listed as not served, with a reason.
    """
    salah: list[str] = []
    label = LABEL_TAHAP.get(rencana.tahap, rencana.tahap.upper())
    indeks = {k: i for i, k in enumerate(matriks.kode)}
    w = matriks_bersih(matriks).waktu_menit
    diantar: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    dipakai: set[int] = set()
    for r in rencana.rute:
        k = kendaraan.get(r.kendaraan_id)
        if k is None:
            salah.append(f"Kendaraan #{r.kendaraan_id} tidak ada di armada kab/kota ini")
            continue
        if r.kendaraan_id in dipakai:
            salah.append(f"{k.label} muncul di dua rute")
        dipakai.add(r.kendaraan_id)
        if not k.siap and r.singgah:
            salah.append(f"{k.label} sedang rusak tetapi diberi rute")
        muat: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        t, posisi, trip = r.berangkat, 0, None
        for s in r.singgah:
            nama = tujuan[s.kode].nama if s.kode in tujuan else s.kode
            if s.kode not in indeks or s.kode not in tujuan:
                salah.append(f"{k.label}: {label} {nama} bukan tujuan rencana ini")
                continue
            if s.perjalanan != trip:
                if trip is not None and s.perjalanan < trip:
                    salah.append(f"{k.label}: urutan perjalanan ke-{s.perjalanan} terbalik")
                t += int(w[posisi, 0]) + LAMA_MUAT_MENIT
                posisi, trip = 0, s.perjalanan
            j = indeks[s.kode]
            tempuh = int(w[posisi, j])
            if tempuh < 0 or tempuh >= TAK_TERJANGKAU:
                salah.append(f"{k.label}: {label} {nama} tidak terjangkau dari titik sebelumnya")
                tempuh = 0
            paling_cepat = t + tempuh
            if s.tiba < paling_cepat:
                salah.append(
                    f"{k.label}: tiba di {label} {nama} menit ke-{s.tiba}, padahal paling cepat "
                    f"menit ke-{paling_cepat}"
                )
            batas_ini = batas_tiba(tujuan[s.kode].moda, rencana.kalender)
            if s.tiba > batas_ini:
                waktu = format_singkat(rencana.kalender.waktu(s.tiba))
                batas = format_singkat(rencana.kalender.waktu(batas_ini))
                salah.append(f"{label} {nama} tiba {waktu}, lewat batas rencana {batas}")
            if tujuan[s.kode].moda != k.moda:
                salah.append(
                    f"{label} {nama} perlu angkutan {tujuan[s.kode].moda}, bukan {k.label}"
                )
            volume, berat = ukuran_barang(s.barang, ukuran)
            t = max(s.tiba, paling_cepat) + lama_bongkar(berat)
            posisi = j
            muat[s.perjalanan][0] += volume
            muat[s.perjalanan][1] += berat
            for jenis, q in s.barang.items():
                diantar[s.kode][jenis] += q
        for trip_ke, (volume, berat) in sorted(muat.items()):
            if volume > k.kapasitas_liter:
                salah.append(
                    f"{k.label} perjalanan ke-{trip_ke}: muatan {volume:,} L melebihi kapasitas "
                    f"{k.kapasitas_liter:,} L".replace(",", ".")
                )
            if berat > k.kapasitas_kg:
                salah.append(
                    f"{k.label} perjalanan ke-{trip_ke}: muatan {berat:,} kg melebihi kapasitas "
                    f"{k.kapasitas_kg:,} kg".replace(",", ".")
                )
    for kode, t_ in tujuan.items():
        dapat = {j: q for j, q in diantar.get(kode, {}).items() if q}
        perlu = {j: q for j, q in t_.barang.items() if q}
        if dapat == perlu:
            continue
        lebih = [j for j in dapat if dapat[j] > perlu.get(j, 0)]
        if lebih:
            salah.append(f"{label} {t_.nama} menerima lebih dari kebutuhan: {', '.join(lebih)}")
        elif kode not in rencana.tidak_terlayani:
            kurang = [j for j in perlu if dapat.get(j, 0) < perlu[j]]
            salah.append(
                f"{label} {t_.nama} tidak menerima semua kebutuhannya ({', '.join(kurang)}) dan "
                "tidak tercatat sebagai tidak terlayani"
            )
    return salah


# ---- words ---------------------------------------------------------------------------------


def format_singkat(waktu: dt.datetime) -> str:
    """Write a WIB moment as a plan shows it: 'Sen 12.00'."""
    w = waktu.astimezone(WIB)
    return f"{HARI[w.weekday()]} {w:%H.%M}"


def format_lama(menit: int) -> str:
    """Write a duration in words: '5 jam', '1 jam 30 menit', '45 menit', '2 hari 3 jam'."""
    menit = abs(int(menit))
    hari, sisa = divmod(menit, 24 * 60)
    jam, mnt = divmod(sisa, 60)
    bagian = [f"{hari} hari"] if hari else []
    if jam:
        bagian.append(f"{jam} jam")
    if mnt and not hari:
        bagian.append(f"{mnt} menit")
    return " ".join(bagian) or "0 menit"


def tiba_terakhir(rencana: RencanaAngkut) -> dict[str, tuple[int, int]]:
    """Return per destination its last arrival (minutes) and the vehicle of that arrival."""
    hasil: dict[str, tuple[int, int]] = {}
    for r in rencana.rute:
        for s in r.singgah:
            if s.kode not in hasil or s.tiba > hasil[s.kode][0]:
                hasil[s.kode] = (s.tiba, r.kendaraan_id)
    return hasil


def _kendaraan_tujuan(rencana: RencanaAngkut) -> dict[str, set[int]]:
    hasil: dict[str, set[int]] = defaultdict(set)
    for r in rencana.rute:
        for s in r.singgah:
            hasil[s.kode].add(r.kendaraan_id)
    return hasil


def _penyebut(kendaraan: Mapping[int, UnitKendaraan]) -> Callable[[int], str]:
    """A vehicle's label by id, as the plan's words name it."""

    def sebut(kid: int) -> str:
        k = kendaraan.get(kid)
        return k.label if k else f"Kendaraan #{kid}"

    return sebut


def _kendaraan_berganti(
    lama: RencanaAngkut,
    baru: RencanaAngkut,
    sebut: Callable[[int], str],
    alasan: Mapping[int, str],
) -> list[str]:
    """Vehicles the new plan uses that the old did not, then those it leaves idle (and why)."""
    dipakai_lama = {r.kendaraan_id for r in lama.rute if r.singgah}
    dipakai_baru = {r.kendaraan_id for r in baru.rute if r.singgah}
    kalimat = [f"{sebut(k)} dipakai" for k in sorted(dipakai_baru - dipakai_lama, key=sebut)]
    for kid in sorted(dipakai_lama - dipakai_baru, key=sebut):
        sebab = alasan.get(kid)
        kalimat.append(f"{sebut(kid)} tidak dipakai lagi" + (f" ({sebab})" if sebab else ""))
    return kalimat


def beda_rencana(
    lama: RencanaAngkut,
    baru: RencanaAngkut,
    nama: Mapping[str, str],
    kendaraan: Mapping[int, UnitKendaraan],
    alasan_kendaraan: Mapping[int, str] | None = None,
) -> list[str]:
    """Say what changed from one plan to the next, in the words an admin reads out.

    Vehicles first (a reserve brought in, a vehicle dropped and why), then each destination
    that is now later or earlier (by more than SELISIH_BERARTI_MENIT), served by another
    vehicle, newly unserved or served again. Wall-clock times come from each plan's own clock.
    """
    label = LABEL_TAHAP.get(baru.tahap, baru.tahap.upper())
    sebut = _penyebut(kendaraan)
    kalimat = _kendaraan_berganti(lama, baru, sebut, alasan_kendaraan or {})

    tiba_lama, tiba_baru = tiba_terakhir(lama), tiba_terakhir(baru)
    oleh_lama, oleh_baru = _kendaraan_tujuan(lama), _kendaraan_tujuan(baru)
    for kode in sorted(set(tiba_lama) | set(tiba_baru) | set(baru.tidak_terlayani)):
        n = f"{label} {nama.get(kode, kode)}"
        if kode in baru.tidak_terlayani and kode not in lama.tidak_terlayani:
            kalimat.append(f"{n} tidak terlayani: {baru.tidak_terlayani[kode]}")
            continue
        if kode in lama.tidak_terlayani and kode not in baru.tidak_terlayani:
            kalimat.append(f"{n} kini terlayani")
        if kode not in tiba_lama or kode not in tiba_baru:
            continue
        t_lama = lama.kalender.waktu(tiba_lama[kode][0])
        t_baru = baru.kalender.waktu(tiba_baru[kode][0])
        selisih = round((t_baru - t_lama).total_seconds() / 60)
        if abs(selisih) > SELISIH_BERARTI_MENIT:
            arah = "lebih lambat" if selisih > 0 else "lebih cepat"
            kedua = (
                f"{t_baru.astimezone(WIB):%H.%M}"
                if t_baru.astimezone(WIB).date() == t_lama.astimezone(WIB).date()
                else format_singkat(t_baru)
            )
            kalimat.append(
                f"{n} tiba {format_lama(selisih)} {arah} ({format_singkat(t_lama)} → {kedua})"
            )
        if oleh_lama[kode] != oleh_baru[kode]:
            kini = ", ".join(sebut(k) for k in sorted(oleh_baru[kode]))
            dulu = ", ".join(sebut(k) for k in sorted(oleh_lama[kode]))
            kalimat.append(f"{n} kini diantar {kini} (sebelumnya {dulu})")
    return kalimat


# ---- storage shape --------------------------------------------------------------------------


def ke_json(rencana: RencanaAngkut) -> dict[str, Any]:
    """Write a plan as the JSON stored in `rencana_armada.rencana` (arrivals also in WIB text)."""
    kal = rencana.kalender
    return {
        "kabkota_kode": rencana.kabkota_kode,
        "tahap": rencana.tahap,
        "kalender": {"tanggal": kal.tanggal.isoformat(), "hari": kal.hari, "jam": list(kal.jam)},
        "sumber_matriks": rencana.sumber_matriks,
        "tidak_terlayani": dict(rencana.tidak_terlayani),
        "rute": [
            {
                "kendaraan_id": r.kendaraan_id,
                "berangkat": r.berangkat,
                "terkunci": r.terkunci,
                "singgah": [
                    {
                        "kode": s.kode,
                        "perjalanan": s.perjalanan,
                        "tiba": s.tiba,
                        "tiba_wib": kal.waktu(s.tiba).isoformat(),
                        "barang": dict(s.barang),
                        "volume_liter": s.volume_liter,
                        "berat_kg": s.berat_kg,
                    }
                    for s in r.singgah
                ],
            }
            for r in rencana.rute
        ],
    }


def dari_json(data: Mapping[str, Any]) -> RencanaAngkut:
    """Read a plan back from its stored JSON (or an edited copy of it).

    Raise ValueError naming the part that is malformed.
    """
    try:
        kal = data["kalender"]
        jam = (int(kal["jam"][0]), int(kal["jam"][1]))
        kalender = Kalender(dt.date.fromisoformat(kal["tanggal"]), int(kal["hari"]), jam)
        rute = tuple(
            RuteKendaraan(
                kendaraan_id=int(r["kendaraan_id"]),
                berangkat=int(r["berangkat"]),
                terkunci=bool(r.get("terkunci", False)),
                singgah=tuple(
                    Singgah(
                        kode=str(s["kode"]),
                        perjalanan=int(s["perjalanan"]),
                        tiba=int(s["tiba"]),
                        barang={str(k): int(v) for k, v in s["barang"].items()},
                        volume_liter=int(s["volume_liter"]),
                        berat_kg=int(s["berat_kg"]),
                    )
                    for s in r["singgah"]
                ),
            )
            for r in data["rute"]
        )
        return RencanaAngkut(
            kabkota_kode=str(data["kabkota_kode"]),
            tahap=str(data["tahap"]),
            kalender=kalender,
            rute=rute,
            tidak_terlayani={str(k): str(v) for k, v in data.get("tidak_terlayani", {}).items()},
            sumber_matriks=str(data.get("sumber_matriks", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ValueError(f"Isi rencana tidak lengkap atau rusak ({e!s:.80})") from e


# ---- a hand edit from the plan form ---------------------------------------------------------

# Bounds of the form's numbers: a vehicle reloads at most MAKS_MUAT_ULANG (services.armada)
# times, so 30 trips is already more than any plan; 99 stops on one trip likewise.
BATAS_PERJALANAN = 30
BATAS_URUTAN = 99


@dataclass(frozen=True)
class PilihanSinggah:
    """What the plan form says of one stop, as the browser sent it (checked again here): the
    vehicle that carries it, on which of its trips, and its place in that trip's order."""

    kendaraan_id: object
    perjalanan: object
    urutan: object


@dataclass(frozen=True)
class PilihanBerangkat:
    """What the plan form says of a vehicle's departure from the gudang, as typed: the day
    (20-11-2024) and the WIB time (08.30)."""

    tanggal: object
    jam: object


def baca_berangkat(p: PilihanBerangkat, kalender: Kalender, sebut: str, kid: int) -> int | Galat:
    """Read a typed departure as a minute of the plan's working clock, or say what is wrong:
    a day within the plan window, a time within working hours (a later loading, a truck that
    arrives late at the gudang)."""
    if kosong(p.tanggal) or kosong(p.jam):
        return Galat(f"berangkat:{kid}", f"{sebut}: tanggal dan jam berangkat wajib diisi")
    try:
        tanggal, jam = baca_tanggal(p.tanggal), baca_jam(p.jam)
    except ValueError as e:
        return Galat(f"berangkat:{kid}", f"{sebut}: berangkat — {e}")
    akhir = kalender.tanggal + dt.timedelta(days=kalender.hari - 1)
    if not kalender.tanggal <= tanggal <= akhir:
        return Galat(
            f"berangkat:{kid}",
            f"{sebut}: tanggal berangkat {tanggal:%d-%m-%Y} di luar masa rencana "
            f"({kalender.tanggal:%d-%m-%Y} s.d. {akhir:%d-%m-%Y})",
        )
    menit = jam.hour * 60 + jam.minute
    if not kalender.jam[0] * 60 <= menit <= kalender.jam[1] * 60:
        return Galat(
            f"berangkat:{kid}",
            f"{sebut}: jam berangkat {jam:%H.%M} di luar jam kerja "
            f"{kalender.jam[0]:02d}.00–{kalender.jam[1]:02d}.00 WIB",
        )
    return kalender.menit(dt.datetime.combine(tanggal, jam, WIB))


def kunci_singgah(kendaraan_id: int, indeks: int) -> str:
    """Name one stop of a stored plan for the form: its vehicle and its place in that route."""
    return f"{kendaraan_id}-{indeks}"


def sidik_rencana(data: Mapping[str, Any]) -> str:
    """A short fingerprint of a stored plan, so a form opened on one version of it is not saved
    over another (an edit or re-plan by someone else in between)."""
    teks_json = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(teks_json.encode()).hexdigest()[:16]


def _bulat(nilai: object, batas: int) -> int | None:
    """A whole number from 1 to `batas` as typed in a number box, else None."""
    if isinstance(nilai, bool):
        return None
    if isinstance(nilai, int | float):
        x = float(nilai)
    else:
        t = teks(nilai).replace(",", ".")
        try:
            x = float(t)
        except ValueError:
            return None
    if not math.isfinite(x) or x != int(x) or not 1 <= x <= batas:
        return None
    return int(x)


def posisi_singgah(rencana: RencanaAngkut) -> dict[str, tuple[int, int, int]]:
    """Each stop's (vehicle, trip, place in the trip's order from 1) by its form key."""
    hasil = {}
    for r in rencana.rute:
        ke: dict[int, int] = defaultdict(int)
        for i, s in enumerate(r.singgah):
            ke[s.perjalanan] += 1
            hasil[kunci_singgah(r.kendaraan_id, i)] = (
                r.kendaraan_id,
                s.perjalanan,
                ke[s.perjalanan],
            )
    return hasil


def terapkan_suntingan(
    rencana: RencanaAngkut,
    pilihan: Mapping[str, PilihanSinggah],
    kendaraan: Mapping[int, UnitKendaraan],
    nama: Mapping[str, str],
    berangkat: Mapping[int, PilihanBerangkat] | None = None,
) -> tuple[RencanaAngkut, list[Galat]]:
    """Rebuild a plan from the form's choices; return it with every field the form got wrong.

    Each stop goes to the vehicle, trip and place chosen (a stop the form does not mention stays
    where it was). Stops given the same place keep their order, except that one the user moved
    there goes first, as "put it at number 2" means. Trips are numbered again from 1. A vehicle
    leaves at the departure typed for it (`berangkat`, by vehicle id), else when it did; one new
    to the plan when the plan's first vehicle does. Arrival times are left for `jadwalkan`.
    Locks and whether the result is sound are the checker's and the service's to judge; only
    the form's own values are checked here.
    """
    label = LABEL_TAHAP.get(rencana.tahap, rencana.tahap.upper())
    asal = posisi_singgah(rencana)
    singgah = {
        kunci_singgah(r.kendaraan_id, i): s for r in rencana.rute for i, s in enumerate(r.singgah)
    }
    salah = [
        Galat(
            "rencana",
            f"Formulir menyebut singgah '{teks(k)[:20]}' yang tidak ada di rencana "
            "ini; muat ulang halaman",
        )
        for k in pilihan
        if k not in singgah
    ]
    sebut_kendaraan = _penyebut(kendaraan)
    menit_berangkat: dict[int, int] = {}
    for kid_b, p_b in (berangkat or {}).items():
        if kid_b not in kendaraan:
            salah.append(Galat("berangkat", f"Kendaraan #{kid_b} bukan armada kab/kota ini"))
            continue
        m = baca_berangkat(p_b, rencana.kalender, sebut_kendaraan(kid_b), kid_b)
        if isinstance(m, Galat):
            salah.append(m)
        else:
            menit_berangkat[kid_b] = m
    tempat: dict[int, list[tuple[int, int, int, int, Singgah]]] = defaultdict(list)
    for n, (k, s) in enumerate(singgah.items()):
        kid0, trip0, ke0 = asal[k]
        p = pilihan.get(k)
        if p is None:
            tempat[kid0].append((trip0, ke0, 1, n, s))
            continue
        sebut = f"{label} {nama.get(s.kode, s.kode)}"
        kid = _bulat(p.kendaraan_id, 10**12)
        if kid is None or kid not in kendaraan:
            pesan = f"{sebut}: Kendaraan '{teks(p.kendaraan_id)[:20]}' bukan armada kab/kota ini"
            salah.append(Galat(f"kendaraan:{k}", pesan))
        angka: dict[str, int | None] = {}
        for kolom, label_isian, nilai, batas in (
            ("perjalanan", "Perjalanan", p.perjalanan, BATAS_PERJALANAN),
            ("urutan", "Urutan", p.urutan, BATAS_URUTAN),
        ):
            angka[kolom] = _bulat(nilai, batas)
            if angka[kolom] is None:
                pesan = (
                    f"{sebut}: {label_isian} harus bilangan bulat 1 sampai {batas}, "
                    f"bukan '{teks(nilai)[:20]}'"
                )
                salah.append(Galat(f"{kolom}:{k}", pesan))
        trip, ke = angka["perjalanan"], angka["urutan"]
        if kid is None or kid not in kendaraan or trip is None or ke is None:
            continue
        dipindah = 0 if (kid, trip, ke) != (kid0, trip0, ke0) else 1
        tempat[kid].append((trip, ke, dipindah, n, s))
    if salah:
        return rencana, salah

    berangkat_awal = min((r.berangkat for r in rencana.rute if r.singgah), default=0)
    lama = {r.kendaraan_id: r for r in rencana.rute}
    urutan_kendaraan = [r.kendaraan_id for r in rencana.rute]
    urutan_kendaraan += sorted(k for k in tempat if k not in lama)
    rute = []
    for kid in urutan_kendaraan:
        daftar = sorted(tempat.get(kid, []), key=lambda x: x[:4])
        nomor = {t: i + 1 for i, t in enumerate(sorted({x[0] for x in daftar}))}
        baru = tuple(replace(x[4], perjalanan=nomor[x[0]]) for x in daftar)
        r = lama.get(kid)
        if not baru and (r is None or not r.terkunci):
            continue
        tetap = r.berangkat if r else berangkat_awal
        rute.append(
            RuteKendaraan(kid, menit_berangkat.get(kid, tetap), baru, r.terkunci if r else False)
        )
    return replace(rencana, rute=tuple(rute)), []


def _jalan(r: RuteKendaraan) -> tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...]:
    return tuple((s.kode, s.perjalanan, tuple(sorted(s.barang.items()))) for s in r.singgah)


def urutan_sama(a: RencanaAngkut, b: RencanaAngkut) -> bool:
    """Whether two plans send the same stops with the same vehicles, trips, order and
    departures."""

    def peta(x: RencanaAngkut) -> dict[int, tuple[Any, ...]]:
        return {r.kendaraan_id: (r.berangkat, _jalan(r)) for r in x.rute if r.singgah}

    return peta(a) == peta(b)


def rute_terkunci_diubah(
    lama: RencanaAngkut, baru: RencanaAngkut, kendaraan: Mapping[int, UnitKendaraan]
) -> list[str]:
    """Return, in words, each locked route an edit changes: a lock keeps a route as it is for a
    re-plan and for a hand edit alike, until it is unlocked."""
    baru_per = {r.kendaraan_id: r for r in baru.rute}
    salah = []
    for r in lama.rute:
        if not r.terkunci:
            continue
        lain = baru_per.get(r.kendaraan_id)
        if lain is None or _jalan(lain) != _jalan(r) or lain.berangkat != r.berangkat:
            k = kendaraan.get(r.kendaraan_id)
            sebut = k.label if k else f"Kendaraan #{r.kendaraan_id}"
            salah.append(f"Rute {sebut} terkunci; buka kuncinya dulu untuk mengubahnya")
    return salah


def _tanda_urutan(r: RuteKendaraan, bersama: set[str]) -> dict[str, list[tuple[int, bool]]]:
    """Each place's rank among `bersama` on a route, and whether a new trip starts there."""
    singgah = [s for s in r.singgah if s.kode in bersama]
    hasil: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for i, s in enumerate(singgah):
        hasil[s.kode].append((i, i == 0 or singgah[i - 1].perjalanan != s.perjalanan))
    return hasil


def _urutan_berubah(lama: RencanaAngkut, baru: RencanaAngkut) -> set[str]:
    """The destinations whose order a vehicle changed: among the places it serves in both
    plans, another rank in the sequence or a trip now starting (or no longer starting) there.
    Trips numbered again because a stop left or joined are no change of order."""
    hasil: set[str] = set()
    baru_per = {r.kendaraan_id: r for r in baru.rute}
    for r in lama.rute:
        lain = baru_per.get(r.kendaraan_id)
        if lain is None:
            continue
        bersama = {x.kode for x in r.singgah} & {x.kode for x in lain.singgah}
        a, b = _tanda_urutan(r, bersama), _tanda_urutan(lain, bersama)
        hasil |= {k for k in bersama if a[k] != b[k]}
    return hasil


def uraian_suntingan(
    lama: RencanaAngkut,
    baru: RencanaAngkut,
    nama: Mapping[str, str],
    kendaraan: Mapping[int, UnitKendaraan],
) -> list[str]:
    """Say what a hand edit changed, one sentence per destination, as an admin reads it out:
    "PPK Karimunjawa dipindah ke Kapal KM 7 (sebelumnya Kapal KM 3); tiba Sen 14.30, 2 jam lebih
    lambat". Vehicles newly used or left idle first, and departures moved; then each
    destination moved to another
    vehicle, then each put in another order (`_urutan_berubah`), then those that only arrive at
    another time because of it."""
    label = LABEL_TAHAP.get(baru.tahap, baru.tahap.upper())
    sebut = _penyebut(kendaraan)
    kalimat = _kendaraan_berganti(lama, baru, sebut, {})
    berangkat_lama = {r.kendaraan_id: r.berangkat for r in lama.rute if r.singgah}
    for r in baru.rute:
        dulu = berangkat_lama.get(r.kendaraan_id)
        if r.singgah and dulu is not None and dulu != r.berangkat:
            kini = format_singkat(baru.kalender.waktu(r.berangkat))
            kalimat.append(
                f"{sebut(r.kendaraan_id)} berangkat {kini} "
                f"(sebelumnya {format_singkat(lama.kalender.waktu(dulu))})"
            )

    def tempat(x: RencanaAngkut) -> dict[str, list[tuple[int, int, int]]]:
        hasil: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        pos = posisi_singgah(x)
        for r in x.rute:
            for i, s in enumerate(r.singgah):
                hasil[s.kode].append(pos[kunci_singgah(r.kendaraan_id, i)])
        return hasil

    def urut(p: list[tuple[int, int, int]], trip: bool) -> str:
        return ", ".join(f"ke-{u}" + (f" perjalanan {t}" if trip else "") for _k, t, u in p)

    tempat_lama, tempat_baru = tempat(lama), tempat(baru)
    tiba_lama, tiba_baru = tiba_terakhir(lama), tiba_terakhir(baru)
    diurut = _urutan_berubah(lama, baru)
    pindah: list[str] = []
    urutan: list[str] = []
    waktu: list[str] = []
    for kode in sorted(set(tempat_lama) & set(tempat_baru), key=lambda k: nama.get(k, k)):
        n = f"{label} {nama.get(kode, kode)}"
        p_lama, p_baru = sorted(tempat_lama[kode]), sorted(tempat_baru[kode])
        t_lama = lama.kalender.waktu(tiba_lama[kode][0])
        t_baru = baru.kalender.waktu(tiba_baru[kode][0])
        selisih = round((t_baru - t_lama).total_seconds() / 60)
        k_lama = sorted({p[0] for p in p_lama}, key=sebut)
        k_baru = sorted({p[0] for p in p_baru}, key=sebut)
        if k_lama == k_baru and kode not in diurut and not selisih:
            continue
        if selisih:
            arah = "lebih lambat" if selisih > 0 else "lebih cepat"
            tiba = f"tiba {format_singkat(t_baru)}, {format_lama(selisih)} {arah}"
        else:
            tiba = f"tiba tetap {format_singkat(t_baru)}"
        trip = any(p[1] != 1 for p in p_lama + p_baru)
        if k_lama != k_baru:
            pindah.append(
                f"{n} dipindah ke {', '.join(map(sebut, k_baru))}, singgah {urut(p_baru, trip)} "
                f"(sebelumnya {', '.join(map(sebut, k_lama))}, {urut(p_lama, trip)}); {tiba}"
            )
        elif kode in diurut:
            urutan.append(
                f"{n} kini singgah {urut(p_baru, trip)} di {', '.join(map(sebut, k_baru))} "
                f"(sebelumnya {urut(p_lama, trip)}); {tiba}"
            )
        else:
            waktu.append(f"{n} {tiba}")
    kalimat += pindah + urutan + waktu
    return kalimat
