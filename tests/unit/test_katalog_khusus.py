"""Special regions of the catalogue, province by province: DKI Jakarta, D.I. Yogyakarta, the rest.

DKI Jakarta (31): its kota and kabupaten are administrative (UU 29/2007), so a Pilkada there
holds only the governor race and a Pemilu has no DPRD Kabupaten/Kota ballot. D.I. Yogyakarta
(34): the governor is the reigning Sultan (UU 13/2012), so its Pilkada holds only the bupati and
walikota races. Everywhere else (Jawa Tengah, Aceh, the new Papua provinces) nothing changes.
Boxes and the other one-per-race items follow the number of races held.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.domain.kebutuhan import AturanPemilihan, baca_pemilihan
from dashboard.domain.rekap import baris_ringkasan
from dashboard.domain.wilayah import adalah_kota
from dashboard.services.integritas import periksa_integritas
from dashboard.services.katalog import baca_katalog_toml, pemilihan_dari_db
from dashboard.settings import DATA_DIR
from dashboard.tools.cli import main
from dashboard.tools.demo import InfoDemo, bangun_demo

SURAT_SUARA_PILKADA = {"SS-GUB", "SS-BUP", "SS-WAL"}
SATU_PER_PEMILIHAN = ("KOTAK", "FORMULIR", "BRAILLE", "DPC")  # Pilkada items counted per race
# Pilkada items that do not depend on the races held, with their per-TPS count.
TETAP_PILKADA = {"BILIK": 4, "TINTA": 2, "ALAT-COBLOS": 4, "SEGEL": 20, "SAMPUL": 1}


@pytest.fixture(scope="module")
def pilkada() -> AturanPemilihan:
    return baca_pemilihan(baca_katalog_toml("pilkada2024"))


@pytest.fixture(scope="module")
def pemilu() -> AturanPemilihan:
    return baca_pemilihan(baca_katalog_toml("pemilu2024"))


@pytest.fixture(scope="module")
def kabkota() -> pd.DataFrame:
    """Every kab/kota of the Kemendagri reference data (kode, nama)."""
    w = pd.read_csv(DATA_DIR / "wilayah" / "wilayah.csv.gz", dtype=str)
    return w[w["tingkat"] == "2"][["kode", "nama"]].reset_index(drop=True)


def _kode(p: AturanPemilihan, provinsi: str, kota: bool) -> set[str]:
    return {j.kode for j in p.jenis_untuk(kota, provinsi=provinsi)}


def _per_tps(p: AturanPemilihan, provinsi: str, kota: bool) -> dict[str, int]:
    """The need of a TPS of 300 voters for each item that applies there."""
    return {
        j.kode: j.kebutuhan_tps(300, 0, provinsi) for j in p.jenis_untuk(kota, provinsi=provinsi)
    }


# ---- the catalogue, province by province ----------------------------------------------------


@pytest.mark.parametrize("kota", [False, True])
def test_dki_pilkada_holds_only_the_governor_race_with_one_box_per_tps(pilkada, kota):
    perlu = _per_tps(pilkada, "31", kota)
    assert set(perlu) & SURAT_SUARA_PILKADA == {"SS-GUB"}
    assert perlu["KOTAK"] == 1
    for kode in SATU_PER_PEMILIHAN:
        assert perlu[kode] == 1, kode
    for kode, n in TETAP_PILKADA.items():
        assert perlu[kode] == n, kode


def test_diy_pilkada_has_no_governor_item_and_one_box_per_tps(pilkada):
    kab, kota = _per_tps(pilkada, "34", False), _per_tps(pilkada, "34", True)
    assert set(kab) & SURAT_SUARA_PILKADA == {"SS-BUP"}
    assert set(kota) & SURAT_SUARA_PILKADA == {"SS-WAL"}
    for perlu in (kab, kota):
        for kode in SATU_PER_PEMILIHAN:
            assert perlu[kode] == 1, kode
        for kode, n in TETAP_PILKADA.items():
            assert perlu[kode] == n, kode


def test_jawa_tengah_pilkada_is_unchanged(pilkada):
    umum = {"KOTAK": 2, "FORMULIR": 2, "BRAILLE": 2, "DPC": 2, **TETAP_PILKADA}
    assert _per_tps(pilkada, "33", False) == {"SS-GUB": 308, "SS-BUP": 308, **umum}
    assert _per_tps(pilkada, "33", True) == {"SS-GUB": 308, "SS-WAL": 308, **umum}


@pytest.mark.parametrize("provinsi", ["11", "93", "94", "95", "96"])
def test_aceh_and_the_new_papua_provinces_hold_both_races(pilkada, provinsi):
    assert _per_tps(pilkada, provinsi, False) == _per_tps(pilkada, "33", False)
    assert _per_tps(pilkada, provinsi, True) == _per_tps(pilkada, "33", True)


def test_pemilu_dki_keeps_its_four_boxes_and_has_no_dprd_kabkota_ballot(pemilu):
    for kota in (False, True):
        perlu = _per_tps(pemilu, "31", kota)
        assert {k for k in perlu if k.startswith("SS-")} == {
            "SS-PRES",
            "SS-DPR",
            "SS-DPD",
            "SS-DPRDP",
        }
        assert perlu["KOTAK"] == 4
        assert perlu["FORMULIR"] == 4
        assert (perlu["BILIK"], perlu["TINTA"], perlu["BRAILLE"]) == (4, 2, 2)


def test_pemilu_elsewhere_is_unchanged(pemilu):
    for provinsi in ("33", "34", "11"):
        perlu = _per_tps(pemilu, provinsi, False)
        assert {k for k in perlu if k.startswith("SS-")} == {
            "SS-PRES",
            "SS-DPR",
            "SS-DPD",
            "SS-DPRDP",
            "SS-DPRDK",
        }
        assert (perlu["KOTAK"], perlu["FORMULIR"], perlu["SEGEL"]) == (5, 5, 40)
        assert perlu == _per_tps(pemilu, provinsi, True)


@pytest.mark.parametrize("kode", ["pilkada2024", "pemilu2024"])
def test_in_every_kabkota_there_is_one_box_per_ballot(kode, kabkota):
    p = baca_pemilihan(baca_katalog_toml(kode))
    for k, nama in kabkota.itertuples(index=False):
        prov, kota = k[:2], adalah_kota(nama)
        perlu = _per_tps(p, prov, kota)
        surat_suara = len(p.surat_suara_untuk(kota, provinsi=prov))
        assert surat_suara >= 1, k
        assert perlu["KOTAK"] == surat_suara, k


def test_pilkada_races_match_the_2024_count_of_37_governors_and_508_heads(pilkada, kabkota):
    """KPU, Pilkada 2024: 37 governor elections and 508 bupati/walikota elections."""
    gubernur = {
        k[:2]
        for k, nama in kabkota.itertuples(index=False)
        if "SS-GUB" in _kode(pilkada, k[:2], adalah_kota(nama))
    }
    kepala_daerah = [
        k
        for k, nama in kabkota.itertuples(index=False)
        if _kode(pilkada, k[:2], adalah_kota(nama)) & {"SS-BUP", "SS-WAL"}
    ]
    assert len(kabkota) == 514
    assert len(gubernur) == 37 and "34" not in gubernur
    assert len(kepala_daerah) == 508
    assert not [k for k in kepala_daerah if k.startswith("31.")]


@pytest.mark.parametrize(
    "nama",
    [
        ["Kabupaten Administrasi Kepulauan Seribu", "Kota Administrasi Jakarta Pusat"],
        ["Kab. Adm. Kepulauan Seribu", "Kota Adm. Jakarta Pusat"],
        ["KEPULAUAN SERIBU", "JAKARTA PUSAT"],
    ],
)
def test_summary_rows_of_dki_follow_the_province_code_not_the_names(pilkada, nama):
    wilayah = pd.DataFrame(
        {
            "kode": ["31", "31.01", "31.71", "31.71.01", "31.71.01.1001"],
            "tingkat": [1, 2, 2, 3, 4],
            "nama": ["DKI Jakarta", *nama, "Gambir", "Gambir"],
        }
    )
    baris = baris_ringkasan(wilayah, pilkada)
    assert set(baris["jenis_kode"]) & SURAT_SUARA_PILKADA == {"SS-GUB"}
    assert set(baris[baris["wilayah_kode"] == "31.71.01.1001"]["tahap"]) == {"pps", "tps"}


def _item(katalog: dict, kode: str) -> dict:
    return next(j for j in katalog["jenis"] if j["kode"] == kode)


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        (lambda k: _item(k, "SS-GUB").update(tidak_berlaku_provinsi="34"), "daftar kode"),
        (lambda k: _item(k, "SS-GUB").update(tidak_berlaku_provinsi=["DIY"]), "daftar kode"),
        (lambda k: _item(k, "SS-GUB").update(tidak_berlaku_provinsi=[34]), "daftar kode"),
        (lambda k: _item(k, "KOTAK").update(per_tps=2), "per_surat_suara"),
        (lambda k: _item(k, "KOTAK").update(per_tps_provinsi={"31": 1}), "per_surat_suara"),
        (lambda k: _item(k, "BILIK").update(per_surat_suara=1), "per_surat_suara"),
        (lambda k: _item(k, "SS-GUB").update(per_surat_suara=1), "hanya untuk aturan per_tps"),
        (lambda k: _item(k, "DPC").update(per_surat_suara=-1), "lebih dari 0"),
        # Kota of Jawa Tengah without a walikota race but kabupaten with a bupati race: a
        # province cannot have one box count for both.
        (lambda k: _item(k, "SS-WAL").update(tidak_berlaku_provinsi=["33"]), "berbeda"),
    ],
)
def test_a_broken_special_rule_is_refused_with_a_clear_message(ubah, pesan):
    katalog = copy.deepcopy(baca_katalog_toml("pilkada2024"))
    ubah(katalog)
    with pytest.raises(ValueError, match=pesan):
        baca_pemilihan(katalog)


def test_the_catalogue_read_back_from_the_database_keeps_the_special_rules(dki):
    url, _ = dki
    with pembuat_sesi(buat_engine(url))() as s:
        p = pemilihan_dari_db(s)
    assert p == baca_pemilihan(baca_katalog_toml("pilkada2024"))


# ---- the demo of each province ----------------------------------------------------------------


def _bangun(
    tmp_path_factory: pytest.TempPathFactory, provinsi: str, kode: str
) -> tuple[str, InfoDemo]:
    path = tmp_path_factory.mktemp(f"khusus{provinsi}{kode}") / "kendali.db"
    url = f"sqlite:///{path}"
    engine = buat_engine(url, bulk=True)
    info = bangun_demo(
        engine, provinsi, kode, dt.date(2024, 11, 24) if kode == "pilkada2024" else None, seed=1
    )
    engine.dispose()
    return url, info


@pytest.fixture(scope="module")
def dki(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, InfoDemo]:
    return _bangun(tmp_path_factory, "31", "pilkada2024")


@pytest.fixture(scope="module")
def diy(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, InfoDemo]:
    return _bangun(tmp_path_factory, "34", "pilkada2024")


def _jenis_tersimpan(url: str) -> tuple[pd.DataFrame, set[str], set[str]]:
    """Return the stored needs per TPS (with kab/kota), and the items in summaries and ledger."""
    with pembuat_sesi(buat_engine(url))() as s:
        keb = pd.DataFrame(
            s.execute(
                select(
                    models.Kebutuhan.jenis_kode, models.Kebutuhan.jumlah, models.Tps.kabkota_kode
                ).join(models.Tps, models.Tps.id == models.Kebutuhan.tps_id)
            ).all(),
            columns=["jenis_kode", "jumlah", "kab"],
        )
        ringkasan = set(s.scalars(select(models.Ringkasan.jenis_kode).distinct()))
        buku = set(s.scalars(select(models.Mutasi.jenis_kode).distinct()))
    return keb, ringkasan, buku


def _cek_bersih(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """`python -m dashboard check`: summaries = ledger, needs = the catalogue's rules."""
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["check"]) == 0
    assert "Integritas: BERSIH" in capsys.readouterr().out


def test_dki_demo_needs_only_governor_ballots_and_one_box_per_tps(dki, monkeypatch, capsys):
    url, info = dki
    keb, ringkasan, buku = _jenis_tersimpan(url)
    assert info.jumlah_kabkota == 6
    for ada in (set(keb["jenis_kode"]), ringkasan, buku):
        assert ada & SURAT_SUARA_PILKADA == {"SS-GUB"}
    kotak = keb[keb["jenis_kode"] == "KOTAK"]
    assert len(kotak) == info.jumlah_tps and (kotak["jumlah"] == 1).all()
    for kode in SATU_PER_PEMILIHAN:
        assert (keb[keb["jenis_kode"] == kode]["jumlah"] == 1).all(), kode
    _cek_bersih(url, monkeypatch, capsys)


def test_diy_demo_has_no_governor_item_and_one_box_per_tps(diy, monkeypatch, capsys):
    url, info = diy
    keb, ringkasan, buku = _jenis_tersimpan(url)
    for ada in (set(keb["jenis_kode"]), ringkasan, buku):
        assert "SS-GUB" not in ada
    assert set(keb[keb["jenis_kode"] == "SS-WAL"]["kab"]) == {"34.71"}
    assert set(keb[keb["jenis_kode"] == "SS-BUP"]["kab"]) == {"34.01", "34.02", "34.03", "34.04"}
    kotak = keb[keb["jenis_kode"] == "KOTAK"]
    assert len(kotak) == info.jumlah_tps and (kotak["jumlah"] == 1).all()
    _cek_bersih(url, monkeypatch, capsys)


def test_integrity_check_flags_a_walikota_need_in_jakarta(dki, tmp_path):
    salinan = tmp_path / "salah.db"
    shutil.copy(Path(dki[0].removeprefix("sqlite:///")), salinan)
    with pembuat_sesi(buat_engine(f"sqlite:///{salinan}"))() as s:
        tps_id = s.scalar(select(func.min(models.Tps.id)))
        # The whole catalogue is kept (keyed within its campaign).
        assert s.get(models.JenisLogistik, ("pilkada2024", "SS-WAL")) is not None
        s.add(models.Kebutuhan(tps_id=tps_id, jenis_kode="SS-WAL", jumlah=100, tersedia=0))
        s.flush()
        temuan = periksa_integritas(s, pemilihan_dari_db(s))
        s.rollback()
    assert any("SS-WAL tidak berlaku" in t.pesan for t in temuan)


def test_pemilu_demo_of_dki_has_four_ballots_and_four_boxes(tmp_path_factory, monkeypatch, capsys):
    url, info = _bangun(tmp_path_factory, "31", "pemilu2024")
    keb, _, _ = _jenis_tersimpan(url)
    assert {k for k in set(keb["jenis_kode"]) if k.startswith("SS-")} == {
        "SS-PRES",
        "SS-DPR",
        "SS-DPD",
        "SS-DPRDP",
    }
    kotak = keb[keb["jenis_kode"] == "KOTAK"]
    assert len(kotak) == info.jumlah_tps and (kotak["jumlah"] == 4).all()
    _cek_bersih(url, monkeypatch, capsys)
