"""The vehicle plan's edit form on SQLite and PostgreSQL: a stop moved to another vehicle and
stored with its words and audit row; an edit over capacity or on a stale form refused with
every fault and nothing stored; and the same save posted over HTTP by accounts that may not
plan for Kota Tarakan (another kab/kota's operator, pimpinan, Bawaslu) refused 403 by the
service's scope check, while Tarakan's own operator goes through."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import func, select

from dashboard import ids
from dashboard.db import models
from dashboard.domain.akses import Akun
from dashboard.domain.armada import (
    PilihanBerangkat,
    PilihanSinggah,
    format_singkat,
    kunci_singgah,
    sidik_rencana,
)
from dashboard.extensions import db
from dashboard.services import armada
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from dashboard.tools import cli
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.panggil import badan_callback
from tests.support.tulisan import akun

KOTA = "65.71"  # Kota Tarakan


def _pelaku(username: str) -> Pelaku:
    return Pelaku(akun(username), PROVINSI_KECIL, "127.0.0.1")


def _tersimpan(rencana_id: int) -> tuple[dict, str, int]:
    """The stored plan, its words of change and the number of edit audit rows."""
    with db.sesi_baca() as s:
        r = s.get_one(models.RencanaArmada, rencana_id)
        n = s.scalar(
            select(func.count())
            .select_from(models.Audit)
            .where(models.Audit.aksi == "rencana_armada_sunting")
        )
        return dict(r.rencana), r.perubahan, int(n or 0)


@pytest.fixture
def usulan(app_kecil) -> armada.HasilRencana:
    """A proposal for Tarakan's whole need, made by its operator on the route network."""
    return armada.rencanakan(
        KOTA, pelaku=_pelaku("operator.6571"), seluruh_kebutuhan=True, batas_detik=1
    )


def _pindahan(h: armada.HasilRencana) -> tuple[str, str, int]:
    """A stop that another ready vehicle of its mode can carry alone, preferring one the plan
    leaves idle: (its form key, its place's name, that vehicle's id)."""
    dipakai = {r.kendaraan_id for r in h.rencana.rute if r.singgah}
    for r in h.rencana.rute:
        for i, x in enumerate(r.singgah):
            moda = h.tujuan[x.kode].moda
            cocok = [
                k
                for k in h.kendaraan.values()
                if k.id != r.kendaraan_id and k.siap and k.moda == moda
                and k.kapasitas_liter >= x.volume_liter and k.kapasitas_kg >= x.berat_kg
            ]  # fmt: skip
            cocok.sort(key=lambda k: (k.id in dipakai, k.cadangan))
            if cocok and cocok[0].id not in dipakai:
                return kunci_singgah(r.kendaraan_id, i), h.tujuan[x.kode].nama, cocok[0].id
    raise AssertionError("the demo fleet leaves no idle vehicle for any stop")


def test_a_stop_moved_to_an_idle_vehicle_is_stored_in_words_and_audited(usulan) -> None:
    kunci, nama, ke = _pindahan(usulan)
    sidik = sidik_rencana(_tersimpan(usulan.rencana_id)[0])
    hasil = armada.sunting_formulir(
        usulan.rencana_id,
        {kunci: PilihanSinggah(str(ke), 1, 1)},
        _pelaku("operator.6571"),
        sidik=sidik,
    )
    assert hasil is not None and hasil.pelanggaran == ()
    label = usulan.kendaraan[ke].label
    assert any(
        x.startswith(f"PPK {nama} dipindah ke {label}, singgah ke-1 (sebelumnya ")
        for x in hasil.perubahan
    )
    assert f"{label} dipakai" in hasil.perubahan
    isi, perubahan, audit = _tersimpan(usulan.rencana_id)
    assert audit == 1 and perubahan.split("\n") == list(hasil.perubahan)
    baru = next(r for r in isi["rute"] if r["kendaraan_id"] == ke)
    assert [(x["perjalanan"], x["tiba"] > 0) for x in baru["singgah"]] == [(1, True)]
    # The same form again: the plan has changed under it, so nothing more is stored.
    with pytest.raises(Ditolak, match="sudah diubah sejak formulir dibuka"):
        armada.sunting_formulir(
            usulan.rencana_id, {kunci: PilihanSinggah(str(ke), 1, 1)},
            _pelaku("operator.6571"), sidik=sidik,
        )  # fmt: skip
    # A form that changes nothing stores nothing.
    assert armada.sunting_formulir(usulan.rencana_id, {}, _pelaku("admin.65")) is None
    assert _tersimpan(usulan.rencana_id)[2] == 1


def test_everything_on_one_trip_is_refused_with_every_fault_and_nothing_stored(usulan) -> None:
    sebelum = _tersimpan(usulan.rencana_id)
    truk = next(r.kendaraan_id for r in usulan.rencana.rute if r.singgah)
    pilihan = {
        kunci_singgah(r.kendaraan_id, i): PilihanSinggah(truk, 1, n)
        for n, (r, i) in enumerate(
            ((r, i) for r in usulan.rencana.rute for i in range(len(r.singgah))), start=1
        )
    }
    with pytest.raises(Ditolak) as e:
        armada.sunting_formulir(usulan.rencana_id, pilihan, _pelaku("admin.65"))
    pesan = [g.pesan for g in e.value.galat]
    label = usulan.kendaraan[truk].label
    assert f"{label} perjalanan ke-1: muatan" in pesan[0] and "melebihi kapasitas" in pesan[0]
    assert len(pesan) >= 2  # volume and weight at least, each said
    assert _tersimpan(usulan.rencana_id) == sebelum
    # A bad box is named with its place, before anything is checked against the fleet.
    kunci = next(iter(pilihan))
    with pytest.raises(Ditolak, match=r"PPK .+: Urutan harus bilangan bulat 1 sampai 99"):
        armada.sunting_formulir(
            usulan.rencana_id, {kunci: PilihanSinggah(truk, 1, "")}, _pelaku("admin.65")
        )
    assert _tersimpan(usulan.rencana_id) == sebelum


def test_a_later_departure_moves_every_arrival_of_that_vehicle_and_is_said(usulan) -> None:
    kal = usulan.rencana.kalender
    r = next(r for r in usulan.rencana.rute if r.singgah)
    label = usulan.kendaraan[r.kendaraan_id].label
    lama = kal.waktu(r.berangkat)
    baru = lama + dt.timedelta(hours=2)
    assert baru.date() == lama.date() and baru.hour <= 18  # the demo plan leaves early
    hasil = armada.sunting_formulir(
        usulan.rencana_id, {}, _pelaku("operator.6571"),
        berangkat={r.kendaraan_id: PilihanBerangkat(f"{baru:%d-%m-%Y}", f"{baru:%H.%M}")},
    )  # fmt: skip
    assert hasil is not None and hasil.pelanggaran == ()
    assert f"{label} berangkat {format_singkat(baru)} (sebelumnya {format_singkat(lama)})" in (
        hasil.perubahan
    )
    isi, _perubahan, audit = _tersimpan(usulan.rencana_id)
    assert audit == 1
    (tersimpan,) = [x for x in isi["rute"] if x["kendaraan_id"] == r.kendaraan_id]
    assert tersimpan["berangkat"] == r.berangkat + 120
    # Driving and unloading take as long as before: every stop is two hours later.
    assert [x["tiba"] for x in tersimpan["singgah"]] == [x.tiba + 120 for x in r.singgah]
    # The same departure again changes nothing.
    assert armada.sunting_formulir(
        usulan.rencana_id, {}, _pelaku("operator.6571"),
        berangkat={r.kendaraan_id: PilihanBerangkat(f"{baru:%d-%m-%Y}", f"{baru:%H.%M}")},
    ) is None  # fmt: skip


@pytest.mark.parametrize(
    ("tanggal", "jam", "pesan"),
    [
        ("kemarin", "08.00", "Tanggal 'kemarin' tidak dikenali (contoh: 20-11-2024)"),
        (None, "08.00", "tanggal dan jam berangkat wajib diisi"),
        ("01-01-2024", "08.00", "tanggal berangkat 01-01-2024 di luar masa rencana"),
        ("AWAL", "19.30", "jam berangkat 19.30 di luar jam kerja 07.00–18.00 WIB"),
        ("AKHIR", "18.00", "lewat batas rencana"),
    ],
    ids=["words", "empty", "outside window", "after hours", "too late for the deadline"],
)
def test_a_bad_departure_is_refused_in_words_and_nothing_stored(
    usulan, tanggal, jam, pesan
) -> None:
    kal = usulan.rencana.kalender
    akhir = kal.tanggal + dt.timedelta(days=kal.hari - 1)
    hari = {"AWAL": f"{kal.tanggal:%d-%m-%Y}", "AKHIR": f"{akhir:%d-%m-%Y}"}.get(tanggal, tanggal)
    sebelum = _tersimpan(usulan.rencana_id)
    r = next(r for r in usulan.rencana.rute if r.singgah)
    with pytest.raises(Ditolak) as e:
        armada.sunting_formulir(
            usulan.rencana_id, {}, _pelaku("admin.65"),
            berangkat={r.kendaraan_id: PilihanBerangkat(hari, jam)},
        )  # fmt: skip
    teks = " | ".join(g.pesan for g in e.value.galat)
    assert pesan in teks, teks
    if tanggal != "AKHIR":  # a box's fault names the vehicle; a late stop names its place
        assert usulan.kendaraan[r.kendaraan_id].label in teks
    assert _tersimpan(usulan.rencana_id) == sebelum


@pytest.mark.parametrize(
    "username", ["operator.6501", "pimpinan.65", "bawaslu.65"], ids=["operator lain", "pimpinan",
                                                                    "pengawas"]
)  # fmt: skip
def test_the_service_refuses_whoever_may_not_plan_for_tarakan(usulan, username) -> None:
    pelaku = (
        Pelaku(Akun(0, username, "Bawaslu", "pengawas", PROVINSI_KECIL), PROVINSI_KECIL, "-")
        if username.startswith("bawaslu")
        else _pelaku(username)
    )
    kunci, _nama, ke = _pindahan(usulan)
    sebelum = _tersimpan(usulan.rencana_id)
    with pytest.raises(DiLuarWewenang):
        armada.sunting_formulir(usulan.rencana_id, {kunci: PilihanSinggah(ke, 1, 1)}, pelaku)
    # Refused before the form is read: a bad box is not what it is told.
    with pytest.raises(DiLuarWewenang):
        armada.sunting_formulir(usulan.rencana_id, {"x": PilihanSinggah("", "", "")}, pelaku)
    assert _tersimpan(usulan.rencana_id) == sebelum


def _tambah_pengawas(url: str, username: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        mp.setenv("KPU_PROVINSI", PROVINSI_KECIL)
        mp.setattr("sys.stdin", io.StringIO(f"{KATA_SANDI_DEMO}\n"))
        argv = ["users", "add", username, "--peran", "pengawas", "--kata-sandi-stdin"]
        assert cli.main(argv) == 0


def _badan_simpan(app, rencana_id: int, sidik: str, kunci: str, ke: int) -> dict:  # type: ignore[no-untyped-def]
    """The body the browser sends for Simpan perubahan with one stop moved."""
    cb = next(k for k in app.callback_map if f"{ids.RUTE_SUNTING_PESAN}.children" in k)
    nilai: dict[tuple[str, str], object] = {
        (ids.RUTE_SUNTING_SIMPAN, "n_clicks"): 1,
        (ids.RUTE_SUNTING_DATA, "data"): {"rencana_id": rencana_id, "sidik": sidik},
        (ids.RUTE_VERSI, "data"): 0,
    }
    for jenis, nilai_ in ((ids.RUTE_SUNTING_KENDARAAN, str(ke)), (ids.RUTE_SUNTING_PERJALANAN, 1),
                          (ids.RUTE_SUNTING_URUTAN, 1)):  # fmt: skip
        nilai[(jenis, "value")] = nilai_
        nilai[(jenis, "id")] = {"type": jenis, "singgah": kunci}
    return badan_callback(app, cb, nilai, semua=[kunci])


def test_a_forged_save_by_another_office_is_refused_403_and_the_own_office_goes_through(
    app_kecil, kampanye_kecil, usulan
) -> None:
    engine, _info = kampanye_kecil
    _tambah_pengawas(engine.url.render_as_string(hide_password=False), "bawaslu.65")
    kunci, nama, ke = _pindahan(usulan)
    sebelum = _tersimpan(usulan.rencana_id)
    badan = _badan_simpan(app_kecil, usulan.rencana_id, sidik_rencana(sebelum[0]), kunci, ke)
    for username, kata in (("operator.6501", "di luar wilayah tugas akun operator.6501"),
                           ("pimpinan.65", "Pimpinan hanya dapat melihat"),
                           ("bawaslu.65", "Peran Pengawas hanya dapat melihat")):  # fmt: skip
        klien = app_kecil.server.test_client()
        r = klien.post("/masuk", data={"username": username, "kata_sandi": KATA_SANDI_DEMO})
        assert r.status_code == 302, username
        r = klien.post("/_dash-update-component", json=badan)
        assert r.status_code == 403 and kata in r.get_data(as_text=True), username
        assert _tersimpan(usulan.rencana_id) == sebelum, username
    klien = app_kecil.server.test_client()
    r = klien.post("/masuk", data={"username": "operator.6571", "kata_sandi": KATA_SANDI_DEMO})
    r = klien.post("/_dash-update-component", json=badan)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    jawaban = json.dumps(r.get_json())
    assert f"Perubahan rencana #{usulan.rencana_id} disimpan." in jawaban
    assert f"PPK {nama} dipindah ke" in jawaban
    assert _tersimpan(usulan.rencana_id)[2] == 1
