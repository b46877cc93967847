"""The meeting figures' contract, and the agenda: which slides those figures call for, in order.

`DataRapat` is the one plain, JSON-safe dict that services.presentasi gathers for a meeting and
that the slides, the daily report, the meeting pack and the command line read. It is also stored
as JSON in a snapshot row and read back unchanged, so it is a TypedDict (the runtime value stays
a plain dict, of exactly these keys) rather than a dataclass. Dates are ISO text; a figure that
is missing (NaN in the summaries) is None.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict

KEPUTUSAN_PER_SLIDE = 5

# The hops a kab/kota's arrivals are measured at against the plan.
TahapRute = Literal["terima_ppk", "terima_pps", "terima_tps"]
TAHAP_RUTE: tuple[TahapRute, ...] = ("terima_ppk", "terima_pps", "terima_tps")


class KesiapanRapat(TypedDict):
    """Readiness figures of a region: the index, its class, the five principles (`BAGIAN` of
    domain.kesiapan), stock and arrivals as shares, and counts."""

    indeks: float | None
    kelas: str | None
    jumlah: float | None
    waktu: float | None
    sasaran: float | None
    jenis: float | None
    kualitas: float | None
    stok: float | None
    stok_teks: NotRequired[str | None]  # the worst shortfall in words (older snapshots lack it)
    sortir: float | None
    rusak: float | None
    terima_ppk: float | None
    terima_pps: float | None
    terima_tps: float | None
    jumlah_tps: int | None
    tps_lengkap: int | None
    dpt: int | None
    kejadian_aktif: int | None


class BarisWilayahRapat(KesiapanRapat):
    """One region one level down (a kab/kota, or a province nationally) with its figures."""

    kode: str
    nama: str


class TargetRute(TypedDict):
    """The plan's share due by now at each hop (`TAHAP_RUTE`)."""

    terima_ppk: float | None
    terima_pps: float | None
    terima_tps: float | None


class PerhatianRapat(TypedDict):
    """A region needing attention; `masalah` holds [what, actual, target] JSON arrays."""

    kode: str
    masalah: list[list[str | float | None]]


class KejadianRapat(TypedDict):
    """An open incident, with the region one level down that it counts against."""

    anak_kode: str
    wilayah_nama: str
    judul: str
    jenis: str
    keparahan: str
    status: str


class KekuranganRapat(TypedDict):
    """A gudang stock shortfall of one item in one kab/kota."""

    jenis: str
    kode: str
    nama: str
    kebutuhan: int
    stok_bersih: int
    kekurangan: int
    cakupan: float | None


class LinimasaNyata(TypedDict):
    """Cumulative share arrived at a hop by a day (ISO date)."""

    tahap: str
    tanggal: str
    rasio: float | None


class LinimasaRencana(TypedDict):
    """Cumulative share the plan expects at a hop by a day (ISO date)."""

    tahap: str
    tanggal: str
    target: float | None


class LinimasaRapat(TypedDict):
    """The distribution timeline: arrivals and the plan."""

    nyata: list[LinimasaNyata]
    rencana: list[LinimasaRencana]


class KabkotaRuteRapat(TypedDict):
    """One kab/kota on the "Rute & armada" slide: plan status, hardest place, fleet."""

    kode: str
    nama: str
    rencana_diterima: bool
    tersulit_nama: str | None
    tersulit_jam: float | None
    tak_terjangkau: NotRequired[int]  # places with no route (no leg entered, roads closed)
    berangkat: str | None
    rawan: int
    armada_siap: int
    cadangan: int


class RuteArmadaRapat(TypedDict):
    """Routes and fleet for the meeting: every kab/kota, and the province's fleet state."""

    kabkota: list[KabkotaRuteRapat]
    rusak: int
    cadangan_siap: int


class RisikoRapat(TypedDict):
    """One registered risk on the "Risiko teratas" slide."""

    id: int
    wilayah_nama: str
    judul: str
    kemungkinan: int
    dampak: int
    tingkat: str  # domain.risiko.TINGKAT
    pemilik: str
    tenggat: str | None  # ISO date
    status: str


class SkorRisikoRapat(TypedDict):
    """One kab/kota's risk score and its reasons in words."""

    kode: str
    nama: str
    skor: float
    tingkat: str
    alasan: list[str]  # the components that add to it, heaviest first, in words


class RisikoTeratasRapat(TypedDict):
    """The open risks of the highest level and the kab/kota of the highest score."""

    risiko: list[RisikoRapat]
    skor: list[SkorRisikoRapat]
    jumlah_aktif: int
    per_tingkat: dict[str, int]  # active risks per level


class DataRapat(TypedDict):
    """Everything a slide, the meeting pack or a daily report shows, live or frozen."""

    provinsi_kode: str
    provinsi_nama: str
    pemilihan_nama: str
    hari_pemungutan: str
    acuan: str
    h: int
    hminus: str
    tahap: str
    data_per: str | None
    kesiapan: KesiapanRapat
    target: TargetRute
    target_kabkota: TargetRute
    wilayah: list[BarisWilayahRapat]
    perhatian: list[PerhatianRapat]
    kejadian: list[KejadianRapat]
    kekurangan: list[KekuranganRapat]
    linimasa: LinimasaRapat
    dibekukan_pada: str | None
    snapshot_id: int | None
    rute_armada: NotRequired[RuteArmadaRapat]  # older snapshots were frozen without it
    risiko_teratas: NotRequired[RisikoTeratasRapat]  # likewise; none for a national meeting
    pemilihan_kode: NotRequired[str]  # likewise: read back from the snapshot's campaign


def wilayah_tanpa_angka(kode: str, nama: str) -> BarisWilayahRapat:
    """A region row without figures (for a region the meeting figures do not list)."""
    return {
        "kode": kode,
        "nama": nama,
        "indeks": None,
        "kelas": None,
        "jumlah": None,
        "waktu": None,
        "sasaran": None,
        "jenis": None,
        "kualitas": None,
        "stok": None,
        "sortir": None,
        "rusak": None,
        "terima_ppk": None,
        "terima_pps": None,
        "terima_tps": None,
        "jumlah_tps": None,
        "tps_lengkap": None,
        "dpt": None,
        "kejadian_aktif": None,
    }


def tertinggal(data: DataRapat) -> list[PerhatianRapat]:
    """The kab/kota behind plan or short of stock, worst first (each gets its own slide)."""
    return [p for p in data["perhatian"] if p["masalah"]]


class KeputusanRapat(TypedDict):
    """A decision of a coordination meeting, as listed on /rapat, the slides and the pack."""

    id: int
    wilayah_kode: str
    wilayah_nama: str
    isi: str
    penanggung_jawab: str
    tenggat: dt.date | None
    status: Literal["terbuka", "selesai"]
    dibuat_pada: dt.datetime
    selesai_pada: dt.datetime | None


@dataclass(frozen=True)
class Slide:
    """One slide of the agenda: its kind and, for a region or a decision page, its subject."""

    jenis: str
    judul: str
    kode: str | None = None
    halaman: int = 0


def agenda(data: DataRapat, jumlah_keputusan: int) -> list[Slide]:
    """Return the meeting agenda in order: title, readiness, map, each region behind (worst
    first), stock shortfalls, the distribution timeline, routes and fleet, the top risks, then
    the open decisions."""
    nama = {w["kode"]: w["nama"] for w in data["wilayah"]}
    slides = [
        Slide("judul", "Judul"),
        Slide("kesiapan", "Kesiapan keseluruhan"),
        Slide("peta", "Peta kesiapan"),
    ]
    slides += [
        Slide("wilayah", nama.get(p["kode"], p["kode"]), p["kode"]) for p in tertinggal(data)
    ]
    slides += [Slide("kekurangan", "Kekurangan stok"), Slide("linimasa", "Linimasa distribusi")]
    if data.get("rute_armada"):
        slides.append(Slide("rute", "Rute & armada"))
    if data.get("risiko_teratas"):
        slides.append(Slide("risiko", "Risiko teratas"))
    halaman = max(math.ceil(jumlah_keputusan / KEPUTUSAN_PER_SLIDE), 1)
    slides += [Slide("keputusan", "Keputusan rapat", halaman=i) for i in range(halaman)]
    return slides
