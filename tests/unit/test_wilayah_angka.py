"""Region codes and Indonesian number formats."""

from __future__ import annotations

import pytest

from dashboard.domain.angka import baca_angka, format_angka, format_persen
from dashboard.domain.wilayah import (
    Tingkat,
    adalah_kelurahan,
    adalah_kota,
    induk,
    kode_bertitik,
    leluhur,
    tingkat_kode,
)


def test_compact_codes_become_dotted():
    assert kode_bertitik("33") == "33"
    assert kode_bertitik("3374") == "33.74"
    assert kode_bertitik("337401") == "33.74.01"
    assert kode_bertitik(3374012001) == "33.74.01.2001"


@pytest.mark.parametrize("salah", ["3", "337", "33a4", "33740120011", ""])
def test_malformed_codes_are_refused(salah):
    with pytest.raises(ValueError, match="tidak sah"):
        kode_bertitik(salah)


def test_levels_parents_and_ancestors():
    assert tingkat_kode("33.74.01.2001") is Tingkat.DESA
    assert tingkat_kode("33") is Tingkat.PROVINSI
    assert induk("33.74.01") == "33.74"
    assert induk("33") is None
    assert leluhur("33.74.01.2001") == ["33", "33.74", "33.74.01", "33.74.01.2001"]
    with pytest.raises(ValueError):
        tingkat_kode("33.7")


def test_kota_and_kelurahan():
    assert adalah_kota("Kota Semarang")
    assert not adalah_kota("Kabupaten Semarang")
    assert adalah_kelurahan("33.74.01.1001")
    assert not adalah_kelurahan("33.01.01.2001")


def test_indonesian_number_formats():
    assert format_angka(1234567) == "1.234.567"
    assert format_angka(None) == "–"
    assert format_persen(0.7243) == "72,4%"
    assert baca_angka("1.234") == 1234
    assert baca_angka(" 56812 ") == 56812
    for salah in ["1,5", "12.34", "abc", "", "1.2345", "NaN"]:
        with pytest.raises(ValueError, match="bukan bilangan bulat"):
            baca_angka(salah)


def test_region_arithmetic_by_level():
    from dashboard.domain.wilayah import (
        KODE_NASIONAL,
        Tingkat,
        kabkota_dari,
        kecamatan_dari,
        kedalaman,
        kode_kompak,
        pada_tingkat,
        provinsi_dari,
    )

    desa = "33.74.01.2001"
    assert provinsi_dari(desa) == "33" and provinsi_dari("33") == "33"
    assert kabkota_dari(desa) == "33.74" and kabkota_dari("33.74") == "33.74"
    assert kecamatan_dari(desa) == "33.74.01"
    assert pada_tingkat(desa, Tingkat.DESA) == desa
    assert pada_tingkat("33.74", Tingkat.KECAMATAN) == "33.74"  # already above: unchanged
    assert provinsi_dari(KODE_NASIONAL) == KODE_NASIONAL
    with pytest.raises(ValueError):
        pada_tingkat(desa, Tingkat.NASIONAL)
    assert [kedalaman(k) for k in (KODE_NASIONAL, "", "33", "33.74", "33.74.01", desa)] == [
        0,
        0,
        1,
        2,
        3,
        4,
    ]
    assert kode_kompak(desa) == "3374012001" and kode_kompak("33") == "33"


def test_region_arithmetic_on_a_column():
    import pandas as pd

    from dashboard.domain.wilayah import Tingkat, pada_tingkat_semua

    kode = pd.Series(["33.74.01.2001", "33.01.02"])
    assert pada_tingkat_semua(kode, Tingkat.KABKOTA).tolist() == ["33.74", "33.01"]
    assert pada_tingkat_semua(pd.Index(kode), Tingkat.PROVINSI).tolist() == ["33", "33"]
    with pytest.raises(ValueError):
        pada_tingkat_semua(kode, Tingkat.NASIONAL)
