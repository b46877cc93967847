"""The meeting's words follow the root: a province's KPU and its kab/kota, or KPU RI and its
provinces."""

from __future__ import annotations

from dashboard.components.presentasi import label_anak, lembaga


def test_a_province_meeting_speaks_of_its_kab_kota() -> None:
    data = {"provinsi_kode": "33", "provinsi_nama": "Jawa Tengah"}
    assert (lembaga(data), label_anak(data)) == ("KPU Provinsi Jawa Tengah", "kab/kota")


def test_the_national_meeting_speaks_of_provinces() -> None:
    data = {"provinsi_kode": "00", "provinsi_nama": "Indonesia"}
    assert (lembaga(data), label_anak(data)) == ("KPU RI", "provinsi")
