"""The region table's order (components.ringkasan.urutkan_anak): by the chosen column, either
way, missing figures last, by code when nothing (or an unknown column) is chosen."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.components.ringkasan import urutkan_anak

ANAK = pd.DataFrame(
    {
        "kode": ["33.01", "33.02", "33.03", "33.04"],
        "nama": ["kabupaten Cilacap", "Kabupaten Banyumas", "Kota Semarang", "Kabupaten Blora"],
        "indeks": [0.99, 0.86, math.nan, 0.97],
        "kejadian_aktif": [1, 0, 3, 0],
    }
)


def _kode(urut: str | None) -> list[str]:
    return list(urutkan_anak(ANAK, urut)["kode"])


def test_by_a_column_either_way_with_missing_figures_last() -> None:
    assert _kode("indeks") == ["33.02", "33.04", "33.01", "33.03"]
    assert _kode("-indeks") == ["33.01", "33.04", "33.02", "33.03"]
    assert _kode("-kejadian_aktif") == ["33.03", "33.01", "33.02", "33.04"]


def test_names_ignore_case() -> None:
    assert _kode("nama") == ["33.02", "33.04", "33.01", "33.03"]


def test_no_or_an_unknown_column_keeps_the_code_order() -> None:
    assert _kode(None) == _kode("tidak_ada") == ["33.01", "33.02", "33.03", "33.04"]
