"""Numbers the Indonesian way: 1.234.567 and 72,4 %."""

from __future__ import annotations

import math
import re
from typing import SupportsFloat, SupportsIndex

# ASCII digits only: int() would also take Arabic-Indic or full-width digits. Thousands are
# separated by dots, or by spaces (Excel's non-breaking space too) in groups of exactly three.
_ANGKA_ID = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$|^[+-]?\d{1,3}( \d{3})+$|^[+-]?\d+$", re.ASCII)
# Spaces a spreadsheet puts between thousands: ordinary, non-breaking, narrow non-breaking.
_SPASI = re.compile(r"[ \u00a0\u202f\u2007]+")


def sebagai_float(nilai: object) -> float:
    """`float(nilai)` for a value of unknown type (a table cell): TypeError if it is no number."""
    if type(nilai) is float or type(nilai) is int:  # the usual cell, without the slow
        return float(nilai)  # isinstance check against protocols below
    if isinstance(nilai, str | SupportsFloat | SupportsIndex):
        return float(nilai)
    raise TypeError(f"float() tidak menerima {type(nilai).__name__}")


def angka_atau_kosong(nilai: object) -> float | None:
    """A table cell as a float, None where it is missing (None or NaN, as pandas gives NULL)."""
    if nilai is None:
        return None
    f = sebagai_float(nilai)
    return None if math.isnan(f) else f


def format_angka(n: float | int | None) -> str:
    """Format a whole number with dots between thousands ('1.234.567'); '–' for missing."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    return f"{round(n):,}".replace(",", ".")


def format_desimal(x: float | None, desimal: int = 1) -> str:
    """Format a number with a decimal comma ('17,1'); '–' for missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:.{desimal}f}".replace(".", ",")


def format_persen(rasio: float | None, desimal: int = 1) -> str:
    """Format a ratio (0.724) as '72,4%'; '–' for missing.

    Anything short of whole never reads 100% (0.9997 is '99,9%', not '100,0%'), and anything
    above nothing never reads 0%: a leader reads the rounded figure as the fact.
    """
    if rasio is None or (isinstance(rasio, float) and math.isnan(rasio)):
        return "–"
    langkah = 10.0**-desimal
    persen = rasio * 100
    teks = f"{persen:.{desimal}f}"
    if persen < 100 and float(teks) >= 100:
        teks = f"{100 - langkah:.{desimal}f}"
    elif 0 < persen and float(teks) <= 0:
        teks = f"{langkah:.{desimal}f}"
    return f"{teks}%".replace(".", ",")


def baca_angka(teks: object) -> int:
    """Read a whole number typed the Indonesian way ('1.234', '1234'); refuse anything else."""
    if isinstance(teks, bool):
        raise ValueError("Bukan angka")
    if isinstance(teks, int):
        return teks
    s = _SPASI.sub(" ", str(teks)).strip()
    if not _ANGKA_ID.match(s):
        if re.fullmatch(r"[+-]?[\d.]+( [\d.]+)+", s, re.ASCII) and "." in s:
            raise ValueError(
                f"'{s}' mencampur titik dan spasi sebagai pemisah; pakai titik saja (contoh: 1.234)"
            )
        if re.fullmatch(r"[+-]?\d+( \d+)+", s, re.ASCII):
            raise ValueError(
                f"'{s}' berisi angka yang dipisah spasi; isi satu bilangan per sel, tanpa spasi "
                f"({s.replace(' ', '')}) atau dengan titik ribuan"
            )
        raise ValueError(f"'{s}' bukan bilangan bulat (contoh: 1.234)")
    return int(s.replace(".", "").replace(" ", ""))


def format_durasi(jam: float | None) -> str:
    """Format a travel time in hours as '45 mnt', '4 j 30 mnt' or '2 hr 3 j'; '–' for missing
    and 'tak terjangkau' for an unreachable place (infinite time)."""
    if jam is None or (isinstance(jam, float) and math.isnan(jam)):
        return "–"
    if math.isinf(jam):
        return "tak terjangkau"
    menit = max(round(jam * 60), 0)
    if menit < 60:
        return f"{menit} mnt"
    j, m = divmod(menit, 60)
    if j < 24:
        return f"{j} j {m} mnt" if m else f"{j} j"
    hari, j = divmod(j, 24)
    return f"{hari} hr {j} j" if j else f"{hari} hr"


def format_km(km: float | None) -> str:
    """Format a distance in km with one decimal under 10 km ('3,4 km', '128 km')."""
    if km is None or (isinstance(km, float) and (math.isnan(km) or math.isinf(km))):
        return "–"
    return f"{km:.1f} km".replace(".", ",") if km < 10 else f"{format_angka(km)} km"
