"""The meeting agenda: which slides a meeting's figures call for, in order."""

from __future__ import annotations

import math
from dataclasses import dataclass

KEPUTUSAN_PER_SLIDE = 5


def tertinggal(data: dict) -> list[dict]:
    """The kab/kota behind plan or short of stock, worst first (each gets its own slide)."""
    return [p for p in data["perhatian"] if p["masalah"]]


@dataclass(frozen=True)
class Slide:
    """One slide of the agenda: its kind and, for a region or a decision page, its subject."""

    jenis: str
    judul: str
    kode: str | None = None
    halaman: int = 0


def agenda(data: dict, jumlah_keputusan: int) -> list[Slide]:
    """Return the meeting agenda in order: title, readiness, map, each region behind (worst
    first), stock shortfalls, the distribution timeline, then the open decisions."""
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
    halaman = max(math.ceil(jumlah_keputusan / KEPUTUSAN_PER_SLIDE), 1)
    slides += [Slide("keputusan", "Keputusan rapat", halaman=i) for i in range(halaman)]
    return slides
