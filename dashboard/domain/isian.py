"""What an operator types (form field or spreadsheet cell) turned into a ledger entry's parts.

The form and the bulk upload read the same fields through `baca_isian`, so a value accepted in
one is accepted in the other, with the same message when it is not. Nothing here trusts the
browser: every value arrives as text or a spreadsheet cell and is checked again.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from dashboard.domain.angka import baca_angka
from dashboard.domain.buku_besar import Alasan, JenisMutasi, Kondisi, Tahap
from dashboard.domain.kejadian import JENIS_KEJADIAN, KEPARAHAN, STATUS_KEJADIAN
from dashboard.domain.waktu import WIB

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

# Columns of each movement type's form and template, in order. `kode_wilayah` is the kab/kota
# for the gudang, the kecamatan for a PPK, the desa/kelurahan for a PPS and for a TPS.
# The largest upload accepted (the form's drop zone and the server check the same number).
MAKS_BYTE = 5 * 1024 * 1024

KOLOM: dict[JenisMutasi, tuple[str, ...]] = {
    JenisMutasi.TERIMA_PENYEDIA: (
        "tanggal",
        "jam",
        "kode_wilayah",
        "jenis_logistik",
        "jumlah",
        "kondisi",
        "keterangan",
    ),
    JenisMutasi.PENYESUAIAN: (
        "tanggal",
        "jam",
        "tahap",
        "kode_wilayah",
        "nomor_tps",
        "jenis_logistik",
        "alasan",
        "jumlah",
        "keterangan",
    ),
    JenisMutasi.SORTIR_LIPAT: (
        "tanggal",
        "jam",
        "kode_wilayah",
        "jenis_logistik",
        "jumlah",
        "keterangan",
    ),
    JenisMutasi.KIRIM: (
        "tanggal",
        "jam",
        "tahap",
        "kode_wilayah",
        "nomor_tps",
        "jenis_logistik",
        "jumlah",
        "keterangan",
    ),
    JenisMutasi.TERIMA: (
        "tanggal",
        "jam",
        "tahap",
        "kode_wilayah",
        "nomor_tps",
        "jenis_logistik",
        "jumlah",
        "kondisi",
        "keterangan",
    ),
}

# Columns a row may leave empty.
BOLEH_KOSONG = frozenset({"jam", "nomor_tps", "keterangan"})

LABEL_KOLOM = {
    "tanggal": "Tanggal",
    "jam": "Jam (WIB)",
    "tahap": "Tahap",
    "kode_wilayah": "Kode wilayah",
    "nomor_tps": "Nomor TPS",
    "jenis_logistik": "Jenis logistik",
    "jumlah": "Jumlah",
    "kondisi": "Kondisi",
    "alasan": "Alasan",
    "keterangan": "Keterangan",
}

PETUNJUK_KOLOM = {
    "tanggal": "Tanggal kejadian, mis. 20-11-2024 (atau 2024-11-20).",
    "jam": "Jam WIB, mis. 14.30. Boleh kosong (dianggap 12.00).",
    "tahap": "Tujuan/lokasi: ppk, pps atau tps (penyesuaian juga boleh gudang).",
    "kode_wilayah": "Kode Kemendagri bertitik: kab/kota untuk gudang (33.74), kecamatan untuk "
    "PPK (33.74.01), desa/kelurahan untuk PPS dan TPS (33.74.01.1001).",
    "nomor_tps": "Nomor TPS di desa/kelurahan itu; hanya untuk tahap tps.",
    "jenis_logistik": "Kode jenis logistik (lihat lembar Kode).",
    "jumlah": "Bilangan bulat lebih dari 0; titik pemisah ribuan boleh (1.234).",
    "kondisi": "baik, rusak ringan atau rusak berat.",
    "alasan": "rusak, hilang, pengganti atau salah jenis.",
    "keterangan": "Catatan bebas, paling banyak 500 karakter.",
}

TAHAP_TUJUAN = (Tahap.PPK, Tahap.PPS, Tahap.TPS)
BATAS_KETERANGAN = 500
JAM_BAWAAN = dt.time(12, 0)

_KODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
# 14.30, 14:30, 14.30.00, 8, 08.00 WIB: the hour alone means on the hour.
_JAM = re.compile(r"^(\d{1,2})(?:[.:](\d{2})(?:[.:]\d{2})?)?(?:\s*WIB)?$", re.ASCII | re.IGNORECASE)
_FORMAT_TANGGAL = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y")
# A date Excel kept as its serial number ('45620' is 24-11-2024): days since 30-12-1899. Only
# the serials of 1954–2119 are read as dates, so a quantity in the wrong column is not one.
_SERIAL_EXCEL = re.compile(r"^\d{5}(\.\d+)?$", re.ASCII)
_AWAL_EXCEL = dt.date(1899, 12, 30)
SERIAL_MIN, SERIAL_MAKS = 20_000, 80_000
# "KOTAK — Kotak suara", "65.71.01 - Tanjung Selor": the template's drop-down shows code and name.
_KODE_DAN_NAMA = re.compile(r"^(\S+)\s+[—–-]\s+\S.*$")

# Characters that reorder how text is shown (U+202E makes "gpj.exe" look like "exe.jpg"): never
# part of what an operator means, so refused wherever they appear.
KENDALI_ARAH = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that carry no meaning in a cell; dropped from inside text.
_TAK_TERLIHAT = re.compile("[\u200b\u2060\ufeff\u180e]")


@dataclass(frozen=True)
class IsianMutasi:
    """A movement as typed, checked for form; places and stock are checked against the data."""

    jenis_mutasi: JenisMutasi
    tahap: Tahap
    kode_wilayah: str
    nomor_tps: int | None
    jenis_kode: str
    jumlah: int
    waktu: dt.datetime
    kondisi: Kondisi | None = None
    alasan: Alasan | None = None
    keterangan: str = ""


@dataclass(frozen=True)
class Galat:
    """One thing wrong with one field: which column, and why (Bahasa Indonesia)."""

    kolom: str
    pesan: str

    @property
    def label(self) -> str:
        """The column as the operator sees it ('Kode wilayah', not 'kode_wilayah'); '' for none."""
        return LABEL_KOLOM.get(self.kolom, self.kolom)


def kosong(nilai: object) -> bool:
    """Tell whether a cell or field holds nothing (None, NaN, blank text)."""
    if nilai is None:
        return True
    if isinstance(nilai, float) and math.isnan(nilai):
        return True
    return isinstance(nilai, str) and not nilai.strip()


def teks(nilai: object) -> str:
    """Return a cell as plain text without control characters (newlines and tabs become spaces)
    and without zero-width spaces."""
    if kosong(nilai):
        return ""
    s = _TAK_TERLIHAT.sub("", str(nilai))
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in s).strip()


PANJANG_ALASAN = (10, 500)  # a decision's reason: long enough to say why, short enough to read


def alasan_keputusan(nilai: object, contoh: str) -> tuple[str, Galat | None]:
    """Return a decision's reason as plain text, and what is wrong with its length (or None).

    `contoh` is an example of a good reason, shown in the message.
    """
    alasan = teks(nilai)
    if PANJANG_ALASAN[0] <= len(alasan) <= PANJANG_ALASAN[1]:
        return alasan, None
    return alasan, Galat(
        "alasan",
        f"Alasan wajib diisi, {PANJANG_ALASAN[0]} sampai {PANJANG_ALASAN[1]} karakter "
        f"(mis. {contoh})",
    )


def _tampak(c: str) -> bool:
    return not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")


def periksa_tampak(nilai: object, label: str) -> None:
    """Refuse text with a bidi control character, or made only of invisible characters.

    The message names the field by `label`, the character by its code point, and the fix.
    """
    if not isinstance(nilai, str) or not nilai:
        return
    arah = sorted({c for c in nilai if c in KENDALI_ARAH})
    if arah:
        kode = ", ".join(f"U+{ord(c):04X}" for c in arah)
        raise ValueError(
            f"{label} berisi karakter pengatur arah teks yang tidak terlihat ({kode}); hapus isi "
            "sel lalu ketik ulang (jangan salin-tempel dari sumber lain)"
        )
    if not any(_tampak(c) for c in nilai) and not kosong(nilai):
        kode = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(nilai))[:3])
        raise ValueError(
            f"{label} hanya berisi karakter tak terlihat ({kode}); ketik isinya atau kosongkan"
        )


def baca_jumlah(nilai: object) -> int:
    """Read a quantity: an integer cell, or text such as '1.234'; refuse fractions and NaN."""
    if isinstance(nilai, bool):
        raise ValueError("Jumlah harus bilangan bulat")
    if isinstance(nilai, float):
        if math.isnan(nilai) or math.isinf(nilai):
            raise ValueError("Jumlah bukan angka")
        if not nilai.is_integer():
            raise ValueError(f"Jumlah {nilai} bukan bilangan bulat")
        nilai = int(nilai)
    try:
        n = baca_angka(nilai)
    except ValueError as e:
        raise ValueError(f"Jumlah {e}") from None
    if n <= 0:
        raise ValueError("Jumlah harus lebih dari 0")
    return n


def baca_tanggal(nilai: object) -> dt.date:
    """Read a day: a spreadsheet date or text as 20-11-2024, 20/11/2024 or 2024-11-20."""
    if isinstance(nilai, dt.datetime):
        return nilai.date()
    if isinstance(nilai, dt.date):
        return nilai
    if isinstance(nilai, int | float) and not isinstance(nilai, bool):
        return _tanggal_serial(float(nilai), str(nilai))
    s = teks(nilai)
    if _SERIAL_EXCEL.match(s):
        return _tanggal_serial(float(s), s)
    if " " in s:
        s = s.split(" ", 1)[0]
    for fmt in _FORMAT_TANGGAL:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Tanggal '{s}' tidak dikenali (contoh: 20-11-2024)")


def _tanggal_serial(n: float, asli: str) -> dt.date:
    """A date Excel stored as a number (days since 30-12-1899)."""
    if math.isnan(n) or not SERIAL_MIN <= n < SERIAL_MAKS:
        raise ValueError(
            f"Tanggal '{asli}' tidak dikenali; format sel sebagai tanggal atau ketik 20-11-2024"
        )
    return _AWAL_EXCEL + dt.timedelta(days=int(n))


def baca_jam(nilai: object) -> dt.time:
    """Read a WIB time of day: 14.30 or 14:30, a spreadsheet time, or empty for midday."""
    if kosong(nilai):
        return JAM_BAWAAN
    if isinstance(nilai, dt.datetime):
        return nilai.time().replace(second=0, microsecond=0)
    if isinstance(nilai, dt.time):
        return nilai.replace(second=0, microsecond=0)
    if isinstance(nilai, float) and 0 <= nilai < 1:  # Excel's time of day as a day fraction
        menit = round(nilai * 24 * 60)
        if menit < 24 * 60:
            return dt.time(menit // 60, menit % 60)
    if isinstance(nilai, int) and not isinstance(nilai, bool):
        nilai = str(nilai)
    m = _JAM.match(" ".join(teks(nilai).split()))
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise ValueError(f"Jam '{teks(nilai)[:20]}' tidak dikenali (contoh: 14.30 atau 8)")
    return dt.time(int(m[1]), int(m[2] or 0))


def kode_saja(s: str) -> str:
    """The code of a drop-down value 'KODE — Nama' (the text itself when it has no name)."""
    m = _KODE_DAN_NAMA.match(s)
    return m[1] if m else s


def baca_kode_wilayah(nilai: object) -> str:
    """Read a dotted Kemendagri code ('33.74.01', or '33.74.01 — Nama' from the template's list),
    refusing anything that is not one."""
    s = kode_saja(teks(nilai))
    if not _KODE.match(s):
        raise ValueError(f"Kode wilayah '{s[:40]}' tidak sah (contoh: 33.74.01)")
    return s


# What operators write above a column (as `kunci_judul` normalises it) and the column it means:
# the form's own labels, the snake_case names, and common Indonesian synonyms.
_SINONIM = {
    "tanggal": (
        "tgl", "tanggal kejadian", "tanggal terima", "tanggal diterima", "tanggal penerimaan",
        "tanggal kirim", "tanggal dikirim", "tanggal pengiriman", "hari tanggal",
    ),
    "jam": ("pukul", "waktu", "jam wib", "pukul wib", "jam terima", "jam kirim"),
    "tahap": ("tujuan", "tahap tujuan", "lokasi", "tingkat tujuan"),
    "kode_wilayah": (
        "kode", "kode wil", "kode kemendagri", "kode wilayah kemendagri", "kode lokasi",
        "kode kab kota", "kode kabupaten kota", "kode kecamatan", "kode desa",
        "kode desa kelurahan", "kode kelurahan", "kode ppk", "kode pps", "wilayah",
    ),
    "nomor_tps": ("no tps", "nomor tps", "tps", "no tps nomor"),
    "jenis_logistik": (
        "jenis", "logistik", "kode jenis", "kode logistik", "kode jenis logistik", "barang",
        "jenis barang", "nama barang", "nama logistik", "item",
    ),
    "jumlah": ("jml", "banyaknya", "banyak", "kuantitas", "qty", "volume", "jumlah barang"),
    "kondisi": ("keadaan", "kondisi barang", "kondisi logistik"),
    "alasan": ("sebab", "alasan penyesuaian"),
    "keterangan": ("ket", "catatan", "uraian", "keterangan tambahan"),
}  # fmt: skip
# Columns that are read and ignored: a running number, names printed beside codes.
_ABAIKAN = (
    "no", "no urut", "nomor urut", "nama wilayah", "nama kecamatan", "nama desa",
    "nama kelurahan", "nama desa kelurahan", "nama ppk", "nama pps", "nama kab kota",
)  # fmt: skip


def kunci_judul(judul: object) -> str:
    """Normalise a header cell for comparison: 'Jam (WIB)' → 'jam', 'Jenis  Logistik' →
    'jenis logistik', 'kode_wilayah' → 'kode wilayah'."""
    s = unicodedata.normalize("NFKC", teks(judul)).casefold()
    s = re.sub(r"\(.*?\)", " ", s)
    return " ".join(re.sub(r"[\W_]+", " ", s).split())


JUDUL_KOLOM: dict[str, str] = {
    **{kunci_judul(sinonim): k for k, daftar in _SINONIM.items() for sinonim in daftar},
    **{kunci_judul(v): k for k, v in LABEL_KOLOM.items()},
    **{kunci_judul(k): k for k in LABEL_KOLOM},
    **{kunci_judul(a): "" for a in _ABAIKAN},
}


def kolom_judul(judul: object) -> str | None:
    """The column a header cell names: its key, '' for a column to ignore, None when unknown."""
    return JUDUL_KOLOM.get(kunci_judul(judul))


def normal_pilihan(nilai: object) -> str:
    """A choice as compared: case, spaces (any kind, any number), '-' and '_' do not matter."""
    return re.sub(r"[\s_\-]+", "_", teks(nilai).casefold()).strip("_")


def peta_jenis(katalog: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each item's code and name, as `normal_pilihan` compares them, to its code.

    A name that another item uses as its code, or two items share, is left out (ambiguous).
    """
    pasangan = list(katalog)
    peta: dict[str, str] = {}
    ganda: set[str] = set()
    kode = [(normal_pilihan(k), k) for k, _ in pasangan]
    nama = [(normal_pilihan(n), k) for k, n in pasangan]
    for kunci, k in kode:
        peta[kunci] = k
    for kunci, k in nama:
        if kunci in peta and peta[kunci] != k:
            ganda.add(kunci)
        peta.setdefault(kunci, k)
    for kunci in ganda - {c for c, _ in kode}:
        del peta[kunci]
    return peta


def kode_jenis(nilai: object, peta: Mapping[str, str]) -> object:
    """An item cell as its catalogue code ('kotak', 'Kotak  suara' → 'KOTAK'); as typed when
    it names no item (the check against the catalogue then says so)."""
    kode = peta.get(normal_pilihan(kode_saja(teks(nilai))))
    return kode if kode is not None else nilai


def _pilihan(nilai: object, daftar: type[E], nama: str) -> E:
    s = normal_pilihan(nilai)
    try:
        return daftar(s)
    except ValueError:
        sah = ", ".join(v.value.replace("_", " ") for v in daftar)
        raise ValueError(f"{nama} '{teks(nilai)[:40]}' tidak dikenal; pilih: {sah}") from None


def baca_isian(
    jenis: JenisMutasi,
    nilai: Mapping[str, object],
    masa: tuple[dt.date, dt.date] | None = None,
) -> tuple[IsianMutasi | None, list[Galat]]:
    """Read one movement's fields; return it, or None with every field that is wrong.

    With `masa` (the campaign's first and last day), a date outside it is one of those fields.
    """
    if jenis not in KOLOM:  # lending entries are written by the coordination board only
        return None, [Galat("jenis_mutasi", f"Jenis mutasi '{jenis}' tidak dicatat lewat isian")]
    galat: list[Galat] = []
    kolom = KOLOM[jenis]

    def baca(nama: str, fungsi: Callable[[object], T]) -> T | None:
        """The field as `fungsi` reads it; None when it is missing or wrong (noted in galat)."""
        v = nilai.get(nama)
        try:
            periksa_tampak(v, LABEL_KOLOM[nama])
        except ValueError as e:
            galat.append(Galat(nama, str(e)))
            return None
        if kosong(v) and nama not in BOLEH_KOSONG:
            galat.append(Galat(nama, f"{LABEL_KOLOM[nama]} wajib diisi"))
            return None
        try:
            return fungsi(v)
        except ValueError as e:
            galat.append(Galat(nama, str(e)))
            return None

    tanggal = baca("tanggal", lambda v: _dalam_masa(baca_tanggal(v), masa))
    jam = baca("jam", baca_jam)
    tahap_isi = baca("tahap", lambda v: _pilihan(v, Tahap, "Tahap")) if "tahap" in kolom else None
    kode = baca("kode_wilayah", baca_kode_wilayah)
    nomor = (
        baca("nomor_tps", lambda v: None if kosong(v) else _nomor_tps(v))
        if "nomor_tps" in kolom
        else None
    )
    jenis_kode = baca("jenis_logistik", _kode_jenis)
    jumlah = baca("jumlah", baca_jumlah)
    kondisi = (
        baca("kondisi", lambda v: _pilihan(v, Kondisi, "Kondisi")) if "kondisi" in kolom else None
    )
    alasan = baca("alasan", lambda v: _pilihan(v, Alasan, "Alasan")) if "alasan" in kolom else None
    keterangan = baca("keterangan", _keterangan)
    # A required field that is None was noted in galat; the checks say so to the type checker.
    if (
        galat
        or tanggal is None
        or jam is None
        or kode is None
        or jenis_kode is None
        or jumlah is None
        or keterangan is None
    ):
        return None, galat

    tahap = Tahap.GUDANG if tahap_isi is None else tahap_isi
    if jenis is JenisMutasi.KIRIM and tahap not in TAHAP_TUJUAN:
        galat.append(Galat("tahap", "Tujuan pengiriman harus ppk, pps atau tps"))
    if jenis is JenisMutasi.TERIMA and tahap not in TAHAP_TUJUAN:
        galat.append(Galat("tahap", "Penerimaan antar-tahap dicatat di ppk, pps atau tps"))
    if tahap is Tahap.TPS and nomor is None:
        galat.append(Galat("nomor_tps", "Nomor TPS wajib diisi untuk tahap tps"))
    if tahap is not Tahap.TPS and nomor is not None:
        galat.append(Galat("nomor_tps", "Nomor TPS hanya diisi untuk tahap tps"))
    if kode.count(".") + 1 != tahap.tingkat_wilayah:
        contoh = {2: "kab/kota (33.74)", 3: "kecamatan (33.74.01)", 4: "desa/kelurahan"}
        galat.append(
            Galat(
                "kode_wilayah",
                f"Untuk {tahap.label} isi kode {contoh[tahap.tingkat_wilayah]}",
            )
        )
    if galat:
        return None, galat
    waktu = dt.datetime.combine(tanggal, jam, tzinfo=WIB)
    return (
        IsianMutasi(
            jenis_mutasi=jenis,
            tahap=tahap,
            kode_wilayah=kode,
            nomor_tps=nomor,
            jenis_kode=jenis_kode,
            jumlah=jumlah,
            waktu=waktu,
            kondisi=kondisi,
            alasan=alasan,
            keterangan=keterangan,
        ),
        [],
    )


def _dalam_masa(tanggal: dt.date, masa: tuple[dt.date, dt.date] | None) -> dt.date:
    if masa and not masa[0] <= tanggal <= masa[1]:
        raise ValueError(
            f"Tanggal {tanggal:%d-%m-%Y} di luar masa kegiatan "
            f"({masa[0]:%d-%m-%Y} s.d. {masa[1]:%d-%m-%Y})"
        )
    return tanggal


def _nomor_tps(v: object) -> int:
    try:
        n = baca_jumlah(v)
    except ValueError:
        raise ValueError(f"Nomor TPS '{teks(v)[:20]}' harus bilangan bulat positif") from None
    if n > 999:
        raise ValueError(f"Nomor TPS {n} tidak wajar")
    return n


def _kode_jenis(v: object) -> str:
    s = kode_saja(teks(v))
    if len(s) > 20:
        raise ValueError(f"Kode jenis logistik '{s[:20]}…' tidak dikenal")
    return s


def _keterangan(v: object) -> str:
    s = teks(v)
    if len(s) > BATAS_KETERANGAN:
        raise ValueError(f"Keterangan paling banyak {BATAS_KETERANGAN} karakter")
    return s


# ---- incidents ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IsianKejadian:
    """A new incident report as typed."""

    kode_wilayah: str
    jenis: str
    keparahan: str
    judul: str
    keterangan: str
    jenis_kode: str | None


def baca_kejadian(nilai: Mapping[str, object]) -> tuple[IsianKejadian | None, list[Galat]]:
    """Read an incident report's fields; return it, or None with every field that is wrong."""
    galat: list[Galat] = []
    for nama, label in (("judul", "Judul"), ("keterangan", "Keterangan")):
        try:
            periksa_tampak(nilai.get(nama), label)
        except ValueError as e:
            galat.append(Galat(nama, str(e)))
    if galat:
        return None, galat
    try:
        kode = baca_kode_wilayah(nilai.get("kode_wilayah"))
        if kode.count(".") == 0:
            galat.append(Galat("kode_wilayah", "Pilih kab/kota atau wilayah di bawahnya"))
    except ValueError as e:
        galat.append(Galat("kode_wilayah", str(e)))
        kode = ""
    jenis = teks(nilai.get("jenis"))
    if jenis not in JENIS_KEJADIAN:
        galat.append(Galat("jenis", "Jenis kejadian tidak dikenal"))
    keparahan = teks(nilai.get("keparahan"))
    if keparahan not in KEPARAHAN:
        galat.append(Galat("keparahan", "Tingkat keparahan tidak dikenal"))
    judul = teks(nilai.get("judul"))
    if not judul:
        galat.append(Galat("judul", "Judul kejadian wajib diisi"))
    elif len(judul) > 200:
        galat.append(Galat("judul", "Judul paling banyak 200 karakter"))
    try:
        keterangan = _keterangan(nilai.get("keterangan"))
    except ValueError as e:
        galat.append(Galat("keterangan", str(e)))
        keterangan = ""
    jenis_kode = teks(nilai.get("jenis_logistik")) or None
    if galat:
        return None, galat
    return IsianKejadian(kode, jenis, keparahan, judul, keterangan, jenis_kode), []


def baca_status_kejadian(nilai: object) -> str:
    """Read an incident status, refusing an unknown one."""
    s = teks(nilai)
    if s not in STATUS_KEJADIAN:
        raise ValueError("Status kejadian tidak dikenal")
    return s
