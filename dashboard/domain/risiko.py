"""The risk register's rules: the 5×5 matrix and its levels, the form's fields, the risk score
of a kab/kota with its reasons in words, and the risks suggested from that score."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from dashboard.domain.angka import format_angka, format_persen
from dashboard.domain.isian import Galat, teks
from dashboard.domain.kejadian import BOBOT_KEPARAHAN, JENIS_KEJADIAN

# ---- the 5×5 matrix ---------------------------------------------------------------------------

# Likelihood and impact scales as BNPB's risk assessment guidance and ISO 31000 registers
# word them; the numbers are what the matrix multiplies.
KEMUNGKINAN = {
    1: "Hampir tidak mungkin",
    2: "Jarang",
    3: "Mungkin",
    4: "Kemungkinan besar",
    5: "Hampir pasti",
}
DAMPAK = {
    1: "Tidak signifikan",
    2: "Kecil",
    3: "Sedang",
    4: "Besar",
    5: "Sangat besar",
}

# Level by likelihood × impact (1..25): the usual four bands of a 5×5 register. Every cell with
# a 5 in one scale and ≥ 4 in the other is ekstrem; a 1-in-5 impact never rises above sedang.
TINGKAT = ("rendah", "sedang", "tinggi", "ekstrem")
LABEL_TINGKAT = {"rendah": "Rendah", "sedang": "Sedang", "tinggi": "Tinggi", "ekstrem": "Ekstrem"}
BATAS_TINGKAT = ((20, "ekstrem"), (10, "tinggi"), (5, "sedang"), (1, "rendah"))
WARNA_TINGKAT = {
    "rendah": "#2e7d32",
    "sedang": "#f9a825",
    "tinggi": "#ef6c00",
    "ekstrem": "#c62828",
}

STATUS = {"terbuka": "Terbuka", "dimitigasi": "Dimitigasi", "ditutup": "Ditutup"}
STATUS_AKTIF = ("terbuka", "dimitigasi")
SUMBER = {"manual": "Manual", "usulan": "Usulan skor"}


def nilai_matriks(kemungkinan: int, dampak: int) -> int:
    """Return the cell's value, likelihood × impact (1..25)."""
    return int(kemungkinan) * int(dampak)


def tingkat_risiko(kemungkinan: int, dampak: int) -> str:
    """Return the level of a matrix cell: rendah (1–4), sedang (5–9), tinggi (10–16), ekstrem
    (20–25)."""
    n = nilai_matriks(kemungkinan, dampak)
    for batas, tingkat in BATAS_TINGKAT:
        if n >= batas:
            return tingkat
    raise ValueError(f"kemungkinan {kemungkinan} × dampak {dampak} di luar matriks 5×5")


def hitung_matriks(sel: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Count risks per (likelihood, impact) cell; every one of the 25 cells is present."""
    hasil = {(k, d): 0 for k in KEMUNGKINAN for d in DAMPAK}
    for k, d in sel:
        hasil[(int(k), int(d))] += 1
    return hasil


# ---- the form --------------------------------------------------------------------------------

LABEL_ISIAN = {
    "wilayah_kode": "Wilayah",
    "judul": "Judul risiko",
    "penyebab": "Penyebab",
    "kemungkinan": "Kemungkinan",
    "dampak": "Dampak",
    "mitigasi": "Mitigasi",
    "pemilik": "Pemilik risiko",
    "tenggat": "Tenggat",
    "status": "Status",
    "catatan": "Catatan tinjauan",
}
PANJANG = {"judul": 200, "penyebab": 1000, "mitigasi": 1000, "pemilik": 120, "catatan": 1000}
WAJIB = ("judul", "penyebab", "kemungkinan", "dampak", "mitigasi", "pemilik")


def _skala(nama: str, nilai: object, salah: list[Galat]) -> int | None:
    t = teks(nilai)
    try:
        x = float(t)
    except ValueError:
        x = math.nan
    if not x.is_integer() or not 1 <= x <= 5:
        salah.append(Galat(nama, f"{LABEL_ISIAN[nama]} harus angka bulat 1 sampai 5"))
        return None
    return int(x)


def baca_isian_risiko(
    nilai: Mapping[str, object], *, sebagian: bool = False
) -> tuple[dict[str, Any], list[Galat]]:
    """Read a risk form into column values, naming every bad field in words.

    A new risk needs every field of WAJIB (deadline and status may be left out: no deadline,
    terbuka); with `sebagian` (an edit) only the fields given are read.
    """
    salah: list[Galat] = []
    hasil: dict[str, Any] = {}
    for nama in (*WAJIB, "tenggat", "status"):
        if sebagian and nama not in nilai:
            continue
        v = nilai.get(nama)
        if nama in ("kemungkinan", "dampak"):
            x = _skala(nama, v, salah)
            if x is not None:
                hasil[nama] = x
        elif nama == "tenggat":
            hari = _tanggal(v, salah)
            if hari is not None or teks(v) == "":
                hasil[nama] = hari
        elif nama == "status":
            t = teks(v).lower() or "terbuka"
            if t not in STATUS:
                salah.append(
                    Galat(nama, f"Status '{t[:20]}' tidak dikenal; pilih: " + ", ".join(STATUS))
                )
            else:
                hasil[nama] = t
        else:
            t = teks(v)
            if not 1 <= len(t) <= PANJANG[nama]:
                salah.append(
                    Galat(
                        nama,
                        f"{LABEL_ISIAN[nama]} wajib diisi, paling panjang {PANJANG[nama]} karakter",
                    )
                )
            else:
                hasil[nama] = t
    return hasil, salah


def _tanggal(nilai: object, salah: list[Galat]) -> dt.date | None:
    if isinstance(nilai, dt.datetime):
        return nilai.date()
    if isinstance(nilai, dt.date):
        return nilai
    t = teks(nilai)
    if not t:
        return None
    try:
        return dt.date.fromisoformat(t[:10])
    except ValueError:
        salah.append(Galat("tenggat", f"Tenggat '{t[:20]}' bukan tanggal (format YYYY-MM-DD)"))
        return None


def baca_tinjauan(
    nilai: Mapping[str, object],
) -> tuple[dict[str, Any], list[Galat]]:
    """Read a review: the new likelihood, impact and status, and a note saying why (required,
    so the history tells the next meeting what changed)."""
    hasil, salah = baca_isian_risiko(
        {k: nilai[k] for k in ("kemungkinan", "dampak", "status") if k in nilai}, sebagian=True
    )
    for nama in ("kemungkinan", "dampak", "status"):
        if nama not in nilai and not any(g.kolom == nama for g in salah):
            salah.append(Galat(nama, f"{LABEL_ISIAN[nama]} wajib diisi"))
    catatan = teks(nilai.get("catatan"))
    if not 1 <= len(catatan) <= PANJANG["catatan"]:
        salah.append(
            Galat(
                "catatan",
                f"{LABEL_ISIAN['catatan']} wajib diisi, paling panjang {PANJANG['catatan']} "
                "karakter",
            )
        )
    else:
        hasil["catatan"] = catatan
    return hasil, salah


# ---- the risk score of a kab/kota --------------------------------------------------------------

# Points of a full component. Without a past campaign's evaluation the score is taken over the
# other components, so a region is not rated safer only because it has no history.
BOBOT = {
    "terlambat": 25,
    "kekurangan": 20,
    "kejadian": 20,
    "bahaya": 15,
    "keterpencilan": 10,
    "evaluasi": 10,
}
LABEL_KOMPONEN = {
    "terlambat": "Keterlambatan dari rencana",
    "kekurangan": "Kekurangan stok",
    "kejadian": "Kejadian aktif",
    "bahaya": "Rute di zona bahaya",
    "keterpencilan": "Keterpencilan",
    "evaluasi": "Evaluasi pemilihan lalu",
}
# Where a component is full: 3 days behind plan; half the need missing; incidents weighing 8
# (two critical, or eight minor); every route rawan (a sangat rawan one counts double); a
# quarter of the destinations by sea/air only (an unreachable one counts double).
HARI_PENUH = 3.0
# The plan is kept per day and entries of the day still come in: less than half a day behind
# is on plan, not "terlambat 0 hari".
HARI_MINIMUM = 0.5
KURANG_PENUH = 0.5
KEJADIAN_PENUH = 8.0
BAGIAN_TERPENCIL_PENUH = 0.25


@dataclass(frozen=True)
class EvaluasiLalu:
    """A past campaign's evaluation of a kab/kota (from the evaluation page, where present)."""

    kampanye: str  # "Pemilu 2024"
    tepat_waktu: float  # share of deliveries on time, 0..1
    hari_terlambat: float  # the worst lateness, in days


@dataclass(frozen=True)
class FaktorRisiko:
    """What the score of a kab/kota is computed from, gathered by the service."""

    kode: str
    nama: str
    hari_terlambat: float = 0.0
    tahap_terlambat: str = ""  # "Tiba di PPK" — the hop furthest behind
    kurang_rencana: float = 0.0  # stock coverage missing against the plan's target, 0..1
    teks_kurang: str = ""  # "kurang 25.411 Surat suara Bupati"
    kejadian: Mapping[str, int] = field(default_factory=dict)  # kind -> active incidents
    bobot_kejadian: float = 0.0  # active incidents weighed by severity
    jumlah_rute: int = 0  # routes graded (gudang → PPK)
    rute_rawan: int = 0
    rute_sangat_rawan: int = 0
    jumlah_tujuan: int = 0  # PPK and PPS destinations
    tujuan_laut: int = 0  # destinations only by sea (some leg by boat)
    tujuan_udara: int = 0
    tps_laut_udara: int = 0  # TPS in the desa only reached by sea or air
    tak_terjangkau: int = 0
    evaluasi: EvaluasiLalu | None = None


@dataclass(frozen=True)
class Komponen:
    """One part of the score: how full it is (0..1), its points, and its words."""

    nama: str
    bobot: int
    isi: float
    alasan: str

    @property
    def poin(self) -> float:
        return self.bobot * self.isi


@dataclass(frozen=True)
class SkorRisiko:
    """A kab/kota's risk score (0..100), its level and the components behind it."""

    kode: str
    nama: str
    skor: float
    tingkat: str
    komponen: tuple[Komponen, ...]

    @property
    def alasan(self) -> tuple[str, ...]:
        """The components that add to the score, heaviest first, in words."""
        return tuple(k.alasan for k in sorted(self.komponen, key=lambda k: -k.poin) if k.poin > 0)

    @property
    def teks(self) -> str:
        """'skor tinggi karena: 3 kejadian banjir aktif, 41 TPS hanya lewat laut, ...'."""
        if not self.alasan:
            return (
                f"skor {self.tingkat}: tidak ada keterlambatan, kekurangan, kejadian, "
                "rute rawan atau tempat terpencil"
            )
        return f"skor {self.tingkat} karena: " + ", ".join(self.alasan)


def tingkat_skor(skor: float) -> str:
    """The level of a score: rendah < 25 ≤ sedang < 50 ≤ tinggi < 75 ≤ ekstrem."""
    return TINGKAT[min(int(skor // 25), 3)]


def hari_terlambat(aktual: float | None, h: int, jendela: tuple[int, int]) -> float:
    """Days a hop is behind its H-minus plan: today (H+h) minus the day the plan expected the
    share already arrived. The plan is linear over its window (domain.rencana.target_rencana),
    so a share s is due at the end of day awal - 1 + s × (days in the window)."""
    awal, akhir = jendela
    s = min(max(aktual or 0.0, 0.0), 1.0)
    if s >= 1.0:
        return 0.0
    jatuh_tempo = awal - 1 + s * (akhir - awal + 1)
    return max(0.0, h - jatuh_tempo)


def _hari(x: float) -> str:
    return format_angka(round(x)) if x >= 1 else format_angka(round(x, 1))


def _komponen_terlambat(f: FaktorRisiko) -> Komponen:
    isi = min(f.hari_terlambat / HARI_PENUH, 1.0) if f.hari_terlambat >= HARI_MINIMUM else 0.0
    alasan = (
        f"terlambat {_hari(f.hari_terlambat)} hari dari rencana ({f.tahap_terlambat})"
        if isi > 0
        else "tepat rencana"
    )
    return Komponen("terlambat", BOBOT["terlambat"], isi, alasan)


def _komponen_kekurangan(f: FaktorRisiko) -> Komponen:
    isi = min(max(f.kurang_rencana, 0.0) / KURANG_PENUH, 1.0)
    alasan = (
        f"stok gudang {format_persen(1 - f.kurang_rencana, 0)} dari rencana"
        + (f": {f.teks_kurang}" if f.teks_kurang else "")
        if isi > 0
        else "stok sesuai rencana"
    )
    return Komponen("kekurangan", BOBOT["kekurangan"], isi, alasan)


def _komponen_kejadian(f: FaktorRisiko) -> Komponen:
    isi = min(f.bobot_kejadian / KEJADIAN_PENUH, 1.0)
    bagian = [
        f"{n} kejadian {JENIS_KEJADIAN.get(j, j).lower()} aktif"
        for j, n in sorted(f.kejadian.items(), key=lambda x: (-x[1], x[0]))
        if n > 0
    ]
    return Komponen(
        "kejadian", BOBOT["kejadian"], isi, ", ".join(bagian) if bagian else "tidak ada kejadian"
    )


def _komponen_bahaya(f: FaktorRisiko) -> Komponen:
    berat = f.rute_rawan + 2 * f.rute_sangat_rawan
    isi = min(berat / f.jumlah_rute, 1.0) if f.jumlah_rute else 0.0
    bagian = []
    if f.rute_sangat_rawan:
        bagian.append(f"{f.rute_sangat_rawan} rute ke PPK sangat rawan")
    if f.rute_rawan:
        bagian.append(f"{f.rute_rawan} rute ke PPK rawan")
    return Komponen("bahaya", BOBOT["bahaya"], isi, " dan ".join(bagian) if bagian else "rute aman")


def _komponen_terpencil(f: FaktorRisiko) -> Komponen:
    berat = f.tujuan_laut + f.tujuan_udara + 2 * f.tak_terjangkau
    isi = min(berat / f.jumlah_tujuan / BAGIAN_TERPENCIL_PENUH, 1.0) if f.jumlah_tujuan else 0.0
    bagian = []
    if f.tak_terjangkau:
        bagian.append(f"{f.tak_terjangkau} tempat tak terjangkau")
    lewat = " dan ".join(m for m, n in (("laut", f.tujuan_laut), ("udara", f.tujuan_udara)) if n)
    if lewat:
        bagian.append(
            f"{format_angka(f.tps_laut_udara)} TPS hanya lewat {lewat}"
            if f.tps_laut_udara
            else f"{f.tujuan_laut + f.tujuan_udara} tempat hanya lewat {lewat}"
        )
    return Komponen(
        "keterpencilan",
        BOBOT["keterpencilan"],
        isi,
        ", ".join(bagian) if bagian else "semua tempat lewat darat",
    )


def _komponen_evaluasi(e: EvaluasiLalu) -> Komponen:
    isi = max(1 - e.tepat_waktu, min(e.hari_terlambat / HARI_PENUH, 1.0))
    alasan = f"pada {e.kampanye} tepat waktu {format_persen(e.tepat_waktu, 0)}" + (
        f", terlambat {_hari(e.hari_terlambat)} hari" if e.hari_terlambat > 0 else ""
    )
    return Komponen("evaluasi", BOBOT["evaluasi"], min(max(isi, 0.0), 1.0), alasan)


def skor_risiko(f: FaktorRisiko) -> SkorRisiko:
    """Score a kab/kota 0..100: each component's points (weight × how full it is) over the
    weights of the components known. Without an evaluation the other five make the 100."""
    komponen = [
        _komponen_terlambat(f),
        _komponen_kekurangan(f),
        _komponen_kejadian(f),
        _komponen_bahaya(f),
        _komponen_terpencil(f),
    ]
    if f.evaluasi is not None:
        komponen.append(_komponen_evaluasi(f.evaluasi))
    skor = 100 * sum(k.poin for k in komponen) / sum(k.bobot for k in komponen)
    skor = round(skor, 1)
    return SkorRisiko(f.kode, f.nama, skor, tingkat_skor(skor), tuple(komponen))


# ---- suggested risks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UsulanRisiko:
    """A risk pre-filled from one component of a kab/kota's score, to accept as it is or edit."""

    kunci: str  # the component it comes from: one open suggestion per component and region
    wilayah_kode: str
    judul: str
    penyebab: str
    kemungkinan: int
    dampak: int
    mitigasi: str

    @property
    def tingkat(self) -> str:
        return tingkat_risiko(self.kemungkinan, self.dampak)

    def isian(self) -> dict[str, object]:
        """The form fields of the risk this suggestion becomes."""
        return {
            "judul": self.judul,
            "penyebab": self.penyebab,
            "kemungkinan": self.kemungkinan,
            "dampak": self.dampak,
            "mitigasi": self.mitigasi,
        }


# Impact when the component's risk happens: missing ballots stop a TPS (5); a late hop, a
# hazard on the road or a sea leg delays it (4); a past weakness repeats in part (3).
DAMPAK_KOMPONEN = {
    "terlambat": 4,
    "kejadian": 4,
    "kekurangan": 5,
    "bahaya": 4,
    "keterpencilan": 4,
    "evaluasi": 3,
}
MITIGASI = {
    "terlambat": "Percepat pengiriman ke tahap yang tertinggal, tambah armada dan petugas "
    "sortir-lipat, pantau harian sampai sesuai rencana H-minus.",
    "kekurangan": "Ajukan kekurangan ke penyedia atau pinjam dari kab/kota tetangga yang "
    "berlebih; siapkan cadangan 2% per TPS.",
    "kejadian": "Tangani kejadian aktif, siapkan rute alternatif dan logistik cadangan, "
    "koordinasikan dengan BPBD dan aparat setempat.",
    "bahaya": "Kirim lebih awal melewati zona rawan, siapkan rute alternatif, kemasan kedap "
    "air dan koordinasi dengan BPBD.",
    "keterpencilan": "Kirim paling awal ke tempat terpencil, pesan kapal/pesawat dan "
    "cadangan jadwal, siapkan gudang transit yang aman.",
    "evaluasi": "Tinjau temuan evaluasi pemilihan lalu dan pastikan perbaikannya "
    "dijalankan sebelum pengiriman.",
}
JUDUL = {
    "terlambat": "Distribusi terlambat dari rencana H-minus",
    "kekurangan": "Logistik kurang di gudang",
    "kejadian": "Kejadian aktif mengganggu distribusi",
    "bahaya": "Rute distribusi melewati zona bahaya",
    "keterpencilan": "Tempat terpencil sulit dijangkau tepat waktu",
    "evaluasi": "Kelemahan pemilihan lalu terulang",
}


def _kemungkinan(isi: float) -> int:
    """A component's fullness as likelihood: present at all 2 (jarang: what is already seen
    is never hampir tidak mungkin), half full 4, full 5."""
    return max(2, min(5, 2 + math.floor(isi * 3 + 0.5)))


def usulan_risiko(s: SkorRisiko, faktor: FaktorRisiko) -> tuple[UsulanRisiko, ...]:
    """Suggest one risk per component that adds to the score, heaviest first."""
    hasil = []
    for k in sorted(s.komponen, key=lambda k: -k.poin):
        if k.poin <= 0:
            continue
        dampak = DAMPAK_KOMPONEN[k.nama]
        if k.nama == "kejadian" and faktor.bobot_kejadian >= BOBOT_KEPARAHAN["kritis"]:
            dampak = 5  # a critical incident, or several serious ones, stops TPS
        hasil.append(
            UsulanRisiko(
                kunci=k.nama,
                wilayah_kode=s.kode,
                judul=f"{JUDUL[k.nama]} — {s.nama}",
                penyebab=k.alasan[:1].upper() + k.alasan[1:],
                kemungkinan=_kemungkinan(k.isi),
                dampak=dampak,
                mitigasi=MITIGASI[k.nama],
            )
        )
    return tuple(hasil)


# ---- the register's view -----------------------------------------------------------------------


class RisikoTercatat(Protocol):
    """A registered risk as the filter reads it (db.risiko.BarisRisiko fits)."""

    @property
    def id(self) -> int: ...
    @property
    def kemungkinan(self) -> int: ...
    @property
    def dampak(self) -> int: ...
    @property
    def status(self) -> str: ...


R = TypeVar("R", bound=RisikoTercatat)


def saring_status(baris: Iterable[R], status: str) -> list[R]:
    """The risks of a status: "aktif" (terbuka or dimitigasi), one status, or "semua"."""
    if status == "semua":
        return list(baris)
    boleh = STATUS_AKTIF if status == "aktif" else (status,)
    return [r for r in baris if r.status in boleh]


def saring_sel(baris: Iterable[R], sel: Sequence[int] | None) -> list[R]:
    """The risks in one matrix cell (all of them without a cell), the highest level first."""
    hasil = [r for r in baris if not sel or (r.kemungkinan, r.dampak) == tuple(sel)]
    return sorted(hasil, key=lambda r: (-nilai_matriks(r.kemungkinan, r.dampak), r.id))
