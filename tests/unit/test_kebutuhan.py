"""Quantity rules: reserve rounding, zero DPT, DPTb, per-TPS counts, limits, catalogue checks."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.domain.kebutuhan import (
    JenisLogistik,
    baca_pemilihan,
    bagi_pemilih_ke_tps,
    periksa_dpt_tps,
)
from dashboard.services.katalog import baca_katalog_toml


@pytest.fixture(scope="module")
def pilkada():
    return baca_pemilihan(baca_katalog_toml("pilkada2024"))


@pytest.fixture(scope="module")
def pemilu():
    return baca_pemilihan(baca_katalog_toml("pemilu2024"))


def _jenis(p, kode) -> JenisLogistik:
    return next(j for j in p.jenis if j.kode == kode)


def _item(katalog: dict, kode: str) -> dict:
    """Return an item of a raw (parsed TOML) catalogue by its code."""
    return next(j for j in katalog["jenis"] if j["kode"] == kode)


def test_pilkada_ballots_are_dpt_plus_dptb_plus_2_5_percent_rounded_up(pilkada):
    gub = _jenis(pilkada, "SS-GUB")
    assert gub.kebutuhan_tps(400, 0) == 410  # 2.5% of 400 = 10 exactly
    assert gub.kebutuhan_tps(401, 0) == 412  # 10.025 rounds up to 11
    assert gub.kebutuhan_tps(401, 3) == 415  # DPTb added on top, without reserve
    assert gub.kebutuhan_tps(1, 0) == 2  # any voter gets a reserve ballot


def test_pemilu_ballots_are_dpt_plus_2_percent_without_dptb(pemilu):
    dpr = _jenis(pemilu, "SS-DPR")
    assert dpr.kebutuhan_tps(250, 0) == 255
    assert dpr.kebutuhan_tps(251, 0) == 257  # 5.02 rounds up to 6
    assert dpr.kebutuhan_tps(251, 9) == 257  # Pemilu rule: DPT + 2% only


def test_a_tps_without_voters_needs_nothing(pilkada):
    for j in pilkada.jenis:
        assert j.kebutuhan_tps(0, 0) == 0


def test_per_tps_counts_follow_the_catalogue(pilkada, pemilu):
    assert _jenis(pilkada, "KOTAK").kebutuhan_tps(300) == 2  # governor + bupati/walikota
    assert _jenis(pilkada, "BILIK").kebutuhan_tps(300) == 4
    assert _jenis(pilkada, "TINTA").kebutuhan_tps(300) == 2
    assert _jenis(pilkada, "ALAT-COBLOS").kebutuhan_tps(300) == 4
    assert _jenis(pemilu, "KOTAK").kebutuhan_tps(250, provinsi="33") == 5
    assert _jenis(pemilu, "KOTAK").kebutuhan_tps(250, provinsi="31") == 4  # DKI Jakarta


def test_bupati_ballot_only_in_kabupaten_walikota_only_in_kota(pilkada):
    kab = {j.kode for j in pilkada.jenis_untuk(kota=False, provinsi="33")}
    kota = {j.kode for j in pilkada.jenis_untuk(kota=True, provinsi="33")}
    assert "SS-BUP" in kab and "SS-WAL" not in kab
    assert "SS-WAL" in kota and "SS-BUP" not in kota
    assert {"SS-GUB", "KOTAK"} <= kab & kota


def test_psu_reserve_is_configured_per_kabkota(pilkada, pemilu):
    assert _jenis(pilkada, "SS-GUB").tambahan_per_kabkota == 2000
    assert _jenis(pemilu, "SS-PRES").tambahan_per_kabkota == 0


def test_maximum_voters_per_tps(pilkada, pemilu):
    assert pilkada.maks_pemilih_per_tps == 600
    assert pemilu.maks_pemilih_per_tps == 300
    periksa_dpt_tps(600, 600)
    with pytest.raises(ValueError, match="melebihi batas 600"):
        periksa_dpt_tps(601, 600)
    with pytest.raises(ValueError, match="negatif"):
        periksa_dpt_tps(-1, 600)


def test_negative_dpt_is_refused(pilkada):
    with pytest.raises(ValueError, match="negatif"):
        _jenis(pilkada, "SS-GUB").kebutuhan_tps(-5)


@given(st.integers(0, 200_000), st.integers(1, 600), st.integers(1, 600))
def test_splitting_voters_never_exceeds_the_maximum_and_loses_nobody(dpt, target, maks):
    target = min(target, maks)
    tps = bagi_pemilih_ke_tps(dpt, target, maks)
    assert sum(tps) == dpt
    assert all(0 < n <= maks for n in tps)
    if tps:
        assert max(tps) - min(tps) <= 1


@given(st.integers(0, 10_000), st.integers(0, 500), st.decimals("0", "10", places=2))
def test_reserve_is_the_smallest_whole_number_at_least_the_percentage(dpt, dptb, persen):
    j = JenisLogistik("X", "x", "lembar", "surat_suara", "dpt", persen_cadangan=persen)
    n = j.kebutuhan_tps(dpt, dptb)
    if dpt == 0 and dptb == 0:
        assert n == 0
        return
    cadangan = n - dpt
    assert cadangan >= dpt * persen / 100
    assert cadangan - 1 < dpt * persen / 100


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        (lambda k: k["jenis"][0].update(aturan="acak"), "tidak dikenal"),
        (lambda k: k["jenis"][0].update(persen_cadangan="dua"), "bukan angka"),
        (lambda k: k["jenis"][0].update(persen_cadangan="-1"), ">= 0"),
        (lambda k: _item(k, "BILIK").update(per_tps=0), "lebih dari 0"),
        (lambda k: k["jenis"].append(dict(k["jenis"][0])), "ganda"),
        (lambda k: k["jadwal"].pop("pps_tps"), "pps_tps"),
        (lambda k: k["pemilihan"].pop("hari_pemungutan"), "hari_pemungutan"),
        (lambda k: k["pemilihan"].update(target_pemilih_per_tps=700), "target_pemilih"),
        (lambda k: k["jenis"][0].update(berlaku="desa"), "berlaku"),
    ],
)
def test_a_broken_catalogue_is_refused_with_a_clear_message(ubah, pesan):
    katalog = copy.deepcopy(baca_katalog_toml("pilkada2024"))
    ubah(katalog)
    with pytest.raises(ValueError, match=pesan):
        baca_pemilihan(katalog)


def test_catalogue_percentages_are_exact_decimals(pilkada):
    assert _jenis(pilkada, "SS-GUB").persen_cadangan == Decimal("2.5")
