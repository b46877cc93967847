"""The ledger's rules: kinds of movement, what each does to the summaries, and their checks.

One function, `dampak`, says which summary counters a movement changes. Both the write path
(incremental) and `recompute` (from scratch) go through it, so they cannot disagree by design;
the tests check that they also agree in fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from dashboard.domain.angka import format_angka
from dashboard.domain.waktu import WIB


class Tahap(StrEnum):
    """A place along the chain where goods are held: the kab/kota gudang, PPK, PPS, TPS."""

    GUDANG = "gudang"
    PPK = "ppk"
    PPS = "pps"
    TPS = "tps"

    @property
    def label(self) -> str:
        return {"gudang": "Gudang KPU Kab/Kota", "ppk": "PPK", "pps": "PPS", "tps": "TPS"}[self]

    @property
    def sebelumnya(self) -> Tahap | None:
        """Return the hop goods come from (None for the gudang, which receives from vendors)."""
        urutan = list(Tahap)
        i = urutan.index(self)
        return urutan[i - 1] if i else None

    @property
    def tingkat_wilayah(self) -> int:
        """Level of the region that identifies a location of this hop (TPS sit in a desa)."""
        return {"gudang": 2, "ppk": 3, "pps": 4, "tps": 4}[self]


class JenisMutasi(StrEnum):
    """Kinds of ledger entry."""

    TERIMA_PENYEDIA = "terima_penyedia"
    PENYESUAIAN = "penyesuaian"
    SORTIR_LIPAT = "sortir_lipat"
    KIRIM = "kirim"
    TERIMA = "terima"
    # Lending between kab/kota gudang (the coordination board): goods leave the lender's
    # gudang and arrive at the borrower's. Their own kinds and counters, so the vendor's
    # arrivals and the dispatch to PPK keep meaning what they meant.
    PINJAM_KELUAR = "pinjam_keluar"
    PINJAM_MASUK = "pinjam_masuk"

    @property
    def label(self) -> str:
        return _LABEL_MUTASI[self]


_LABEL_MUTASI = {
    JenisMutasi.TERIMA_PENYEDIA: "Terima dari penyedia",
    JenisMutasi.PENYESUAIAN: "Penyesuaian",
    JenisMutasi.SORTIR_LIPAT: "Sortir-lipat/pengepakan",
    JenisMutasi.KIRIM: "Kirim",
    JenisMutasi.TERIMA: "Terima",
    JenisMutasi.PINJAM_KELUAR: "Dipinjamkan ke kab/kota lain",
    JenisMutasi.PINJAM_MASUK: "Pinjaman dari kab/kota lain",
}


class Kondisi(StrEnum):
    BAIK = "baik"
    RUSAK_RINGAN = "rusak_ringan"
    RUSAK_BERAT = "rusak_berat"


class Alasan(StrEnum):
    """Why an adjustment was made."""

    RUSAK = "rusak"  # damage found after receipt (e.g. during sortir-lipat)
    HILANG = "hilang"
    PENGGANTI = "pengganti"  # replacement received for damaged or missing goods
    SALAH_JENIS = "salah_jenis"  # wrong type, e.g. another dapil's ballots


# Summary counters kept per region x item x hop.
KOLOM_RINGKASAN = (
    "kebutuhan",
    "dikirim",
    "diterima_baik",
    "diterima_rusak_ringan",
    "diterima_rusak_berat",
    "rusak",
    "hilang",
    "pengganti",
    "salah_jenis",
    "disortir",
    "tps_terpenuhi",
    # Arrivals counted only up to each location's own need (Σ over locations of
    # min(received, need)): a surplus at one PPS never hides a gap at another.
    "diterima_cukup",
    # Lending between gudang: goods lent out to another kab/kota, and goods borrowed from one
    # (in any condition; those arriving damaged are also counted in `rusak`).
    "dipinjamkan",
    "dipinjam",
)
DITERIMA = ("diterima_baik", "diterima_rusak_ringan", "diterima_rusak_berat")

# How each counter adds to the stock in good condition held at that hop.
SUMBANGAN_STOK_BAIK: Mapping[str, int] = {
    "diterima_baik": 1,
    "pengganti": 1,
    "rusak": -1,
    "hilang": -1,
    "salah_jenis": -1,
    "dipinjam": 1,
    "dipinjamkan": -1,
}

# The kinds a lending transfer writes; only the coordination board records them.
PINJAMAN = (JenisMutasi.PINJAM_KELUAR, JenisMutasi.PINJAM_MASUK)

BATAS_JUMLAH = 50_000_000  # no single movement moves more than a whole province's ballots


@dataclass(frozen=True)
class EntriMutasi:
    """A ledger entry as the domain sees it (no database identity)."""

    jenis_mutasi: JenisMutasi
    jenis_kode: str
    tahap: Tahap
    wilayah_kode: str
    jumlah: int
    waktu: dt.datetime
    client_id: str
    tps_id: int | None = None
    kondisi: Kondisi | None = None
    alasan: Alasan | None = None
    keterangan: str = ""


def dampak(m: EntriMutasi) -> dict[str, int]:
    """Return the summary counter deltas of a movement at its own hop."""
    if m.jenis_mutasi in (JenisMutasi.TERIMA_PENYEDIA, JenisMutasi.TERIMA):
        return {f"diterima_{m.kondisi}": m.jumlah}
    if m.jenis_mutasi is JenisMutasi.KIRIM:
        return {"dikirim": m.jumlah}
    if m.jenis_mutasi is JenisMutasi.SORTIR_LIPAT:
        return {"disortir": m.jumlah}
    if m.jenis_mutasi is JenisMutasi.PINJAM_KELUAR:
        return {"dipinjamkan": m.jumlah}
    if m.jenis_mutasi is JenisMutasi.PINJAM_MASUK:
        # Borrowed goods that arrive damaged are there but not usable: counted borrowed and
        # damaged, so the good stock gains only what arrived in good condition.
        if m.kondisi is Kondisi.BAIK:
            return {"dipinjam": m.jumlah}
        return {"dipinjam": m.jumlah, "rusak": m.jumlah}
    return {str(m.alasan): m.jumlah}


# Daily timeline counters (province and kab/kota level) and the summary counters they follow.
KOLOM_HARIAN = {
    "dikirim": "dikirim",
    "diterima_baik": "diterima",
    "diterima_rusak_ringan": "diterima",
    "diterima_rusak_berat": "diterima",
    "disortir": "disortir",
}


def tambahan_cukup(lokasi: Mapping[str, int], delta: Mapping[str, int]) -> int:
    """How a movement changes `diterima_cukup`: the change of min(received, need) at its own
    location, given that location's counters before the movement."""
    sebelum = sum(lokasi.get(k, 0) for k in DITERIMA)
    sesudah = sebelum + sum(delta.get(k, 0) for k in DITERIMA)
    kebutuhan = lokasi.get("kebutuhan", 0)
    return min(max(sesudah, 0), kebutuhan) - min(max(sebelum, 0), kebutuhan)


def dampak_harian(delta: Mapping[str, int]) -> dict[str, int]:
    """Return the daily timeline counters a movement's summary deltas add to."""
    out: dict[str, int] = {}
    for k, v in delta.items():
        if k in KOLOM_HARIAN:
            out[KOLOM_HARIAN[k]] = out.get(KOLOM_HARIAN[k], 0) + v
    return out


def tanggal_wib(waktu: dt.datetime) -> dt.date:
    """Return the WIB calendar day of a moment (naive values are taken as UTC)."""
    if waktu.tzinfo is None:
        waktu = waktu.replace(tzinfo=dt.UTC)
    return waktu.astimezone(WIB).date()


def perubahan_stok_baik(delta: Mapping[str, int]) -> int:
    """Return how a set of counter deltas changes the good stock at the hop."""
    return sum(SUMBANGAN_STOK_BAIK.get(k, 0) * v for k, v in delta.items())


def stok_baik(baris: Mapping[str, int], dikirim_keluar: int = 0) -> int:
    """Return the good stock held at a hop: its good arrivals net of adjustments and dispatch."""
    return perubahan_stok_baik(baris) - dikirim_keluar


def periksa_mutasi(m: EntriMutasi, awal: dt.date, akhir: dt.date) -> list[str]:
    """Return every reason (in Bahasa Indonesia) why a movement cannot be recorded."""
    salah: list[str] = []
    if not m.client_id or len(m.client_id) > 64:
        salah.append("ID pengiriman (client id) kosong atau terlalu panjang")
    if isinstance(m.jumlah, bool) or not isinstance(m.jumlah, int):
        salah.append("Jumlah harus bilangan bulat")
    elif m.jumlah <= 0:
        salah.append("Jumlah harus lebih dari 0")
    elif m.jumlah > BATAS_JUMLAH:
        salah.append(
            f"Jumlah {format_angka(m.jumlah)} melebihi batas wajar {format_angka(BATAS_JUMLAH)}"
        )
    jm = m.jenis_mutasi
    if jm is JenisMutasi.TERIMA_PENYEDIA and m.tahap is not Tahap.GUDANG:
        salah.append("Penerimaan dari penyedia hanya dicatat di gudang KPU Kab/Kota")
    if jm is JenisMutasi.SORTIR_LIPAT and m.tahap is not Tahap.GUDANG:
        salah.append("Sortir-lipat hanya dicatat di gudang KPU Kab/Kota")
    if jm in (JenisMutasi.KIRIM, JenisMutasi.TERIMA) and m.tahap is Tahap.GUDANG:
        salah.append("Kirim/terima antar-tahap harus menuju PPK, PPS atau TPS")
    if jm in PINJAMAN and m.tahap is not Tahap.GUDANG:
        salah.append("Pinjaman antar kab/kota hanya dicatat di gudang KPU Kab/Kota")
    if jm in (JenisMutasi.TERIMA_PENYEDIA, JenisMutasi.TERIMA, JenisMutasi.PINJAM_MASUK):
        if m.kondisi is None:
            salah.append("Kondisi barang (baik/rusak ringan/rusak berat) wajib diisi")
    elif m.kondisi is not None:
        salah.append("Kondisi hanya diisi untuk penerimaan")
    if jm is JenisMutasi.PENYESUAIAN and m.alasan is None:
        salah.append("Alasan penyesuaian wajib diisi")
    if jm is not JenisMutasi.PENYESUAIAN and m.alasan is not None:
        salah.append("Alasan hanya diisi untuk penyesuaian")
    if (m.tahap is Tahap.TPS) != (m.tps_id is not None):
        salah.append("TPS wajib dipilih untuk tahap TPS, dan hanya untuk tahap itu")
    tanggal = m.waktu.date()
    if not awal <= tanggal <= akhir:
        salah.append(
            f"Tanggal {tanggal:%d-%m-%Y} di luar masa kegiatan "
            f"({awal:%d-%m-%Y} s.d. {akhir:%d-%m-%Y})"
        )
    return salah
