"""Lending between kab/kota gudang: which surplus may be lent, who is the nearest lender, and
the steps of a loan with who may take each.

A surplus in one gudang does not fill a gap in another until goods move (domain.stok), so the
coordination board proposes the moves: for each gudang short of an item, the nearest gudang
holding more good stock of that item than its own need plus a safety margin.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from dashboard.domain.akses import PERAN, Akun, alasan_tolak_menulis, alasan_tolak_tulis
from dashboard.domain.wilayah import tingkat_kode

# The lender keeps this share of its own need beyond the need itself before it lends: damage
# found during sortir-lipat and packing (a few percent of ballots in 2024's press reports)
# must not turn a lender into a borrower a week later.
MARGIN_AMAN = 0.05
BATAS_TEKS = 1000
BATAS_ALASAN = 500


class StatusPinjaman(StrEnum):
    """Where a loan stands."""

    DIAJUKAN = "diajukan"  # requested; waiting for one or both approvals
    DISETUJUI = "disetujui"  # approved by both offices; the lender may ship
    DIKIRIM = "dikirim"  # shipped: out of the lender's gudang, on the way
    DITERIMA = "diterima"  # received in the borrower's gudang
    DIBATALKAN = "dibatalkan"  # withdrawn by the borrower
    DITOLAK = "ditolak"  # refused by either office

    @property
    def label(self) -> str:
        return _LABEL_STATUS[self]

    @property
    def terbuka(self) -> bool:
        """Whether the loan still waits for someone (the board lists it as open)."""
        return self in (StatusPinjaman.DIAJUKAN, StatusPinjaman.DISETUJUI, StatusPinjaman.DIKIRIM)


_LABEL_STATUS = {
    StatusPinjaman.DIAJUKAN: "Diajukan",
    StatusPinjaman.DISETUJUI: "Disetujui kedua kantor",
    StatusPinjaman.DIKIRIM: "Dalam perjalanan",
    StatusPinjaman.DITERIMA: "Diterima",
    StatusPinjaman.DIBATALKAN: "Dibatalkan",
    StatusPinjaman.DITOLAK: "Ditolak",
}


class Pihak(StrEnum):
    """The two offices of a loan."""

    PEMINJAM = "peminjam"  # the borrower: the kab/kota short of the item
    PEMBERI = "pemberi"  # the lender: the kab/kota with the surplus

    @property
    def label(self) -> str:
        return "kantor peminjam" if self is Pihak.PEMINJAM else "kantor pemberi pinjaman"


class Aksi(StrEnum):
    """What may be done to a loan."""

    SETUJUI_PEMINJAM = "setuju_peminjam"
    SETUJUI_PEMBERI = "setuju_pemberi"
    KIRIM = "kirim"
    TERIMA = "terima"
    BATALKAN = "batalkan"
    TOLAK = "tolak"

    @property
    def label(self) -> str:
        return _LABEL_AKSI[self]

    @property
    def pihak(self) -> Pihak:
        """The office whose account takes this step (refusing is either office's)."""
        if self in (Aksi.SETUJUI_PEMBERI, Aksi.KIRIM, Aksi.TOLAK):
            return Pihak.PEMBERI
        return Pihak.PEMINJAM


_LABEL_AKSI = {
    Aksi.SETUJUI_PEMINJAM: "Setujui (peminjam)",
    Aksi.SETUJUI_PEMBERI: "Setujui (pemberi)",
    Aksi.KIRIM: "Kirim",
    Aksi.TERIMA: "Terima",
    Aksi.BATALKAN: "Batalkan",
    Aksi.TOLAK: "Tolak",
}


@dataclass(frozen=True)
class KeadaanPinjaman:
    """A loan as the rules see it."""

    id: int
    peminjam_kode: str
    pemberi_kode: str
    status: StatusPinjaman
    setuju_peminjam: bool
    setuju_pemberi: bool


def kode_pihak(p: KeadaanPinjaman, pihak: Pihak) -> str:
    return p.peminjam_kode if pihak is Pihak.PEMINJAM else p.pemberi_kode


def boleh_untuk(akun: Akun | None, kode: str, provinsi: str) -> bool:
    """Whether the account may act for the office of kab/kota `kode` (its operator or an admin
    provinsi)."""
    return akun is not None and alasan_tolak_tulis(akun, kode, provinsi) is None


def alasan_tolak_kantor(
    akun: Akun | None, p: KeadaanPinjaman, aksi: Aksi, provinsi: str
) -> str | None:
    """Return why this account may not act for the office a step belongs to, or None.

    Each step belongs to one office: the borrower approves for itself, receives and withdraws;
    the lender approves for itself and ships; either may refuse. An admin provinsi acts for
    either office.
    """
    if gerbang := alasan_tolak_menulis(akun):
        return gerbang
    assert akun is not None
    if aksi is Aksi.TOLAK:
        if boleh_untuk(akun, p.peminjam_kode, provinsi) or boleh_untuk(
            akun, p.pemberi_kode, provinsi
        ):
            return None
        return _bukan_kantor(akun, p, "menolak")
    kode = kode_pihak(p, aksi.pihak)
    if boleh_untuk(akun, kode, provinsi):
        return None
    wilayah = f", {akun.wilayah_kode}" if akun.wilayah_kode else ""
    return (
        f"{aksi.label}: hanya {aksi.pihak.label} ({kode}) atau Admin Provinsi; akun "
        f"{akun.username} ({PERAN.get(akun.peran, akun.peran)}{wilayah}) tidak berwenang."
    )


def alasan_tolak_langkah(p: KeadaanPinjaman, aksi: Aksi) -> str | None:
    """Return why `aksi` cannot follow where loan `p` stands, or None when it can.

    A step already taken is refused by name, so a second click never counts twice.
    """
    nomor = f"Pinjaman nomor {p.id}"
    s = p.status
    if not s.terbuka:
        return f"{nomor} sudah {s.label.lower()}; tidak ada langkah lagi."
    if aksi is Aksi.SETUJUI_PEMINJAM or aksi is Aksi.SETUJUI_PEMBERI:
        sudah = p.setuju_peminjam if aksi is Aksi.SETUJUI_PEMINJAM else p.setuju_pemberi
        if sudah or s is not StatusPinjaman.DIAJUKAN:
            return f"{nomor} sudah disetujui oleh {aksi.pihak.label}."
        return None
    if aksi is Aksi.KIRIM:
        if s is StatusPinjaman.DIKIRIM:
            return f"{nomor} sudah dikirim."
        if s is not StatusPinjaman.DISETUJUI:
            kurang = [
                pihak.label
                for pihak, ok in (
                    (Pihak.PEMINJAM, p.setuju_peminjam),
                    (Pihak.PEMBERI, p.setuju_pemberi),
                )
                if not ok
            ]
            return f"{nomor} belum disetujui {' dan '.join(kurang)}; belum dapat dikirim."
        return None
    if aksi is Aksi.TERIMA:
        if s is not StatusPinjaman.DIKIRIM:
            return f"{nomor} belum dikirim; belum dapat diterima."
        return None
    # Withdraw or refuse: only before the goods leave the lender's gudang.
    if s is StatusPinjaman.DIKIRIM:
        return f"{nomor} sudah dikirim; tidak dapat dibatalkan atau ditolak lagi."
    return None


def alasan_tolak_aksi(
    akun: Akun | None, p: KeadaanPinjaman, aksi: Aksi, provinsi: str
) -> str | None:
    """Return why this account may not take `aksi` on loan `p` now, or None when it may."""
    return alasan_tolak_kantor(akun, p, aksi, provinsi) or alasan_tolak_langkah(p, aksi)


def _bukan_kantor(akun: Akun, p: KeadaanPinjaman, kata: str) -> str:
    return (
        f"Hanya kantor peminjam ({p.peminjam_kode}), kantor pemberi ({p.pemberi_kode}) atau "
        f"Admin Provinsi yang dapat {kata} pinjaman nomor {p.id}; akun {akun.username} tidak."
    )


def aksi_boleh(akun: Akun | None, p: KeadaanPinjaman, provinsi: str) -> list[Aksi]:
    """Return the steps this account may take on a loan now (the board's buttons)."""
    return [a for a in Aksi if alasan_tolak_aksi(akun, p, a, provinsi) is None]


def status_sesudah(p: KeadaanPinjaman, aksi: Aksi) -> StatusPinjaman:
    """Return where a loan stands after an allowed step."""
    if aksi is Aksi.SETUJUI_PEMINJAM:
        return StatusPinjaman.DISETUJUI if p.setuju_pemberi else StatusPinjaman.DIAJUKAN
    if aksi is Aksi.SETUJUI_PEMBERI:
        return StatusPinjaman.DISETUJUI if p.setuju_peminjam else StatusPinjaman.DIAJUKAN
    return {
        Aksi.KIRIM: StatusPinjaman.DIKIRIM,
        Aksi.TERIMA: StatusPinjaman.DITERIMA,
        Aksi.BATALKAN: StatusPinjaman.DIBATALKAN,
        Aksi.TOLAK: StatusPinjaman.DITOLAK,
    }[aksi]


def periksa_permintaan(peminjam: str, pemberi: str, jumlah: object) -> list[tuple[str, str]]:
    """Return what is wrong with a request's fields, as (field, message) pairs."""
    salah: list[tuple[str, str]] = []
    for kolom, kode, kata in (("peminjam", peminjam, "peminjam"), ("pemberi", pemberi, "pemberi")):
        try:
            ok = tingkat_kode(kode) == 2
        except ValueError:
            ok = False
        if not ok:
            salah.append((kolom, f"Kab/kota {kata} '{kode[:20]}' bukan kode kab/kota (mis. 65.71)"))
    if peminjam and peminjam == pemberi:
        salah.append(("pemberi", "Kab/kota pemberi harus berbeda dari kab/kota peminjam"))
    if isinstance(jumlah, bool) or not isinstance(jumlah, int):
        salah.append(("jumlah", "Jumlah harus bilangan bulat"))
    elif jumlah <= 0:
        salah.append(("jumlah", "Jumlah harus lebih dari 0"))
    return salah


def baca_teks(nilai: object, nama: str, batas: int, wajib: bool = True) -> tuple[str, str | None]:
    """Read a free-text field named `nama` in messages: trimmed, within `batas` characters;
    return it and any error."""
    teks = str(nilai or "").strip()
    if wajib and not teks:
        return teks, f"{nama} wajib diisi"
    if len(teks) > batas:
        return teks, f"{nama} paling banyak {batas} karakter"
    return teks, None


# ---- suggestions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StokGudang:
    """One kab/kota gudang's need and net good stock of one item."""

    kode: str
    nama: str
    jenis_kode: str
    kebutuhan: int
    baik: int


@dataclass(frozen=True)
class Perjalanan:
    """How far one gudang is from another: road time where the network gives one, and the
    distance (by road where known, else in a straight line)."""

    jam: float | None
    km: float


@dataclass(frozen=True)
class Saran:
    """A proposed loan: from the nearest gudang with a lendable surplus to one that is short."""

    jenis_kode: str
    peminjam_kode: str
    peminjam_nama: str
    pemberi_kode: str
    pemberi_nama: str
    jumlah: int
    kekurangan: int  # the borrower's shortfall left after the loans already open
    bisa_dipinjamkan: int  # the lender's lendable surplus before this suggestion
    jam: float | None
    km: float


def margin_aman(kebutuhan: int) -> int:
    """Units a lender keeps beyond its own need (MARGIN_AMAN of the need, rounded up)."""
    return math.ceil(max(kebutuhan, 0) * MARGIN_AMAN)


def bisa_dipinjamkan(s: StokGudang, terikat: int = 0) -> int:
    """Good stock a gudang may lend: beyond its need and safety margin, less what it has
    already promised in open loans."""
    return max(s.baik - s.kebutuhan - margin_aman(s.kebutuhan) - terikat, 0)


def kekurangan(s: StokGudang, dalam_pinjaman: int = 0) -> int:
    """Shortfall of a gudang, less what open loans are already bringing it."""
    return max(s.kebutuhan - s.baik - dalam_pinjaman, 0)


def urutan_dekat(p: Perjalanan) -> tuple[int, float, float]:
    """Order lenders: those with a road time first, by time then distance; the others by
    distance. A network time is a better measure than any straight line."""
    if p.jam is not None and math.isfinite(p.jam):
        return (0, p.jam, p.km)
    return (1, p.km, p.km)


def saran_pinjaman(
    stok: Iterable[StokGudang],
    perjalanan: Mapping[tuple[str, str], Perjalanan],
    terikat: Mapping[tuple[str, str], int] | None = None,
    datang: Mapping[tuple[str, str], int] | None = None,
) -> list[Saran]:
    """Suggest, per item, the nearest lender for every gudang short of it.

    `perjalanan[(peminjam, pemberi)]`: how far the lender is (a pair missing is not
    suggested: no place to measure from). `terikat[(kode, jenis)]`: what a gudang has promised
    in open loans; `datang[(kode, jenis)]`: what open loans bring it. The largest shortfall is
    served first; a lender's surplus once suggested is not offered again, so the suggestions
    can all be accepted together. The amount is the smaller of the shortfall and the surplus.
    """
    terikat = terikat or {}
    datang = datang or {}
    per_jenis: dict[str, list[StokGudang]] = {}
    for s in stok:
        per_jenis.setdefault(s.jenis_kode, []).append(s)
    hasil: list[Saran] = []
    for jenis, gudang in per_jenis.items():
        sisa = {s.kode: bisa_dipinjamkan(s, terikat.get((s.kode, jenis), 0)) for s in gudang}
        nama = {s.kode: s.nama for s in gudang}
        kurang = [(s, kekurangan(s, datang.get((s.kode, jenis), 0))) for s in gudang]
        for s, k in sorted(kurang, key=lambda x: (-x[1], x[0].kode)):
            if k <= 0:
                continue
            calon = [
                (urutan_dekat(perjalanan[(s.kode, kode)]), kode)
                for kode, n in sisa.items()
                if n > 0 and kode != s.kode and (s.kode, kode) in perjalanan
            ]
            if not calon:
                continue
            _, pemberi = min(calon)
            jumlah = min(k, sisa[pemberi])
            jalan = perjalanan[(s.kode, pemberi)]
            hasil.append(
                Saran(
                    jenis_kode=jenis,
                    peminjam_kode=s.kode,
                    peminjam_nama=s.nama,
                    pemberi_kode=pemberi,
                    pemberi_nama=nama[pemberi],
                    jumlah=jumlah,
                    kekurangan=k,
                    bisa_dipinjamkan=sisa[pemberi],
                    jam=jalan.jam,
                    km=jalan.km,
                )
            )
            sisa[pemberi] -= jumlah
    return hasil


def jarak_lurus_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine), where the network gives no road time."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
