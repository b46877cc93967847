"""Water/air legs and hazard layers entered from the province's /rute page, posted as the Dash
renderer posts them: an admin provinsi adds a leg (the routes' network fingerprint follows),
is refused field by field with nothing stored, suspends and deletes it; uploads a hazard
GeoJSON, is refused in the service's words for an unknown column, an empty or oversized file,
and deletes a zone. The same requests forged by a pengawas and an operator are refused 403
by the services with nothing written."""

from __future__ import annotations

import base64
import io
import json

import pytest
import shapely
from sqlalchemy import func, select

from dashboard import ids
from dashboard.db import models
from dashboard.extensions import db
from dashboard.services import rute, tampilan
from dashboard.tools import cli
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.panggil import badan_callback

TARAKAN, BULUNGAN = "65.71", "65.02"
BANJIR = shapely.box(117.56, 3.30, 117.60, 3.33)  # Tarakan Barat


def _kunci(app, keluaran: str, masukan: str) -> str:  # type: ignore[no-untyped-def]
    """The callback writing `keluaran` that a click on `masukan` runs."""
    return next(
        k
        for k, cb in app.callback_map.items()
        if keluaran in k
        and any(str(i["id"]) == masukan or f'"{masukan}"' in str(i["id"]) for i in cb["inputs"])
    )


def _badan(app, keluaran: str, masukan: str, nilai: dict) -> dict:  # type: ignore[no-untyped-def]
    return badan_callback(app, _kunci(app, keluaran, masukan), {**nilai})


def _badan_tombol(app, keluaran: str, tombol: dict) -> dict:  # type: ignore[no-untyped-def]
    """A click on one button of a list (a pattern id), as the renderer sends it."""
    badan = badan_callback(
        app, _kunci(app, keluaran, tombol["type"]), {(ids.LINTASAN_VERSI, "data"): 0}
    )
    # A delete button asks first (dcc.ConfirmDialogProvider): its click is the confirmed one.
    sifat = (
        "submit_n_clicks"
        if tombol["type"] in (ids.LINTASAN_HAPUS, ids.BAHAYA_HAPUS)
        else "n_clicks"
    )
    badan["inputs"] = [[{"id": tombol, "property": sifat, "value": 1}]]
    teks = json.dumps(tombol, sort_keys=True, separators=(",", ":"))
    badan["changedPropIds"] = [f"{teks}.{sifat}"]
    return badan


def _lintasan(app, **isian: object) -> dict:  # type: ignore[no-untyped-def]
    bawaan = {"nama": "Speedboat Tarakan–Tanjung Selor", "moda": "laut", "asal": TARAKAN,
              "tujuan": BULUNGAN, "asal_nama": "Pelabuhan Tengkayu", "tujuan_nama": "",
              "durasi": "90", "jadwal": "Sen, Kam 08.00", "kapasitas": "800"}  # fmt: skip
    bawaan.update(isian)
    nilai = {(f"lintasan-{k.replace('_', '-')}", "value"): v for k, v in bawaan.items()}
    nilai[(ids.LINTASAN_TAMBAH, "n_clicks")] = 1
    nilai[(ids.LINTASAN_VERSI, "data")] = 0
    return _badan(app, ids.LINTASAN_PESAN, ids.LINTASAN_TAMBAH, nilai)


def _geojson(fitur: list[tuple[dict, shapely.Geometry]]) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": p, "geometry": json.loads(shapely.to_geojson(g))}
                for p, g in fitur
            ],
        }
    ).encode()


def _impor(app, nama: str, isi: bytes | None, ukuran: int | None = None, **kolom: str) -> dict:  # type: ignore[no-untyped-def]
    pilihan = {
        "batas": 5 * 1024 * 1024,
        "nama": nama,
        "ukuran": len(isi or b"") if ukuran is None else ukuran,
        "isi": None
        if isi is None
        else "data:application/geo+json;base64," + base64.b64encode(isi).decode(),
    }
    nilai: dict = {(ids.BAHAYA_IMPOR, "n_clicks"): 1, (ids.BAHAYA_PILIHAN, "data"): pilihan,
                   (ids.LINTASAN_VERSI, "data"): 0}  # fmt: skip
    for k, v in kolom.items():
        nilai[(f"bahaya-{k.replace('_', '-')}", "value")] = v
    return _badan(app, ids.BAHAYA_PESAN, ids.BAHAYA_IMPOR, nilai)


def _jumlah() -> tuple[int, int, int]:
    """Legs, hazard zones and audit rows stored."""
    with db.sesi_baca() as s:
        return tuple(  # type: ignore[return-value]
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (models.Lintasan, models.Bahaya, models.Audit)
        )


def _klien(app, username: str | None = "admin.65"):  # type: ignore[no-untyped-def]
    klien = app.server.test_client()
    if username:
        r = klien.post("/masuk", data={"username": username, "kata_sandi": KATA_SANDI_DEMO})
        assert r.status_code == 302, username
    return klien


def _kirim(klien, badan: dict) -> str:  # type: ignore[no-untyped-def]
    r = klien.post("/_dash-update-component", json=badan)
    assert r.status_code == 200, r.get_data(as_text=True)[:400]
    return json.dumps(r.get_json(), ensure_ascii=False)


@pytest.fixture
def app_admin(app_kecil, kampanye_kecil):  # type: ignore[no-untyped-def]
    """The small campaign's app with a Bawaslu (pengawas) account added."""
    engine, _info = kampanye_kecil
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
        mp.setenv("KPU_PROVINSI", PROVINSI_KECIL)
        mp.setattr("sys.stdin", io.StringIO(f"{KATA_SANDI_DEMO}\n"))
        argv = ["users", "add", "bawaslu.65", "--peran", "pengawas", "--kata-sandi-stdin"]
        assert cli.main(argv) == 0
    return app_kecil


def test_an_admin_adds_suspends_and_deletes_a_ferry_leg_and_routes_follow(app_admin) -> None:
    app = app_admin
    klien = _klien(app)
    jejak = rute._jejak(PROVINSI_KECIL)
    jawab = _kirim(klien, _lintasan(app))
    assert "ditambahkan; rute dihitung ulang memakainya" in jawab, jawab
    (x,) = rute.lintasan_provinsi(PROVINSI_KECIL)
    assert (x.nama, x.moda, x.asal_nama, x.durasi_menit, x.jadwal, x.kapasitas_kg, x.aktif) == (
        "Speedboat Tarakan–Tanjung Selor", "laut", "Pelabuhan Tengkayu", 90, "Sen, Kam 08.00",
        800, True,
    )  # fmt: skip
    assert x.tujuan_nama  # the region's own name when none is typed
    # The routes' network fingerprint changed with the write, so routes are recomputed.
    assert rute._jejak(PROVINSI_KECIL) != jejak

    # The list shows it with its actions to the admin, without them to a reader (pimpinan).
    isi = next(k for k in app.callback_map if f"{ids.LINTASAN_DAFTAR}.children" in k)
    badan = badan_callback(app, isi, {(ids.HALAMAN_ARG, "data"): {"kode": None}})
    daftar = _kirim(klien, badan)
    assert "Speedboat Tarakan" in daftar and "Nonaktifkan" in daftar
    umum = _kirim(_klien(app, "pimpinan.65"), badan)
    assert "Speedboat Tarakan" in umum and "Nonaktifkan" not in umum

    klien = _klien(app)  # signed in again: the test's app context shares flask-login's `g`
    tombol = {"type": ids.LINTASAN_AKTIF, "id": x.id, "aktif": False}
    jawab = _kirim(klien, _badan_tombol(app, ids.LINTASAN_PESAN, tombol))
    assert f"Lintasan #{x.id} dinonaktifkan" in jawab
    assert not rute.lintasan_provinsi(PROVINSI_KECIL)[0].aktif
    jawab = _kirim(klien, _badan_tombol(app, ids.LINTASAN_PESAN,
                                        {"type": ids.LINTASAN_HAPUS, "id": x.id}))  # fmt: skip
    assert f"Lintasan #{x.id} dihapus." in jawab
    assert rute.lintasan_provinsi(PROVINSI_KECIL) == ()
    with db.sesi_baca() as s:
        aksi = list(s.scalars(select(models.Audit.aksi).where(models.Audit.entitas == "lintasan")))
    assert aksi == ["lintasan_tambah", "lintasan_nonaktif", "lintasan_hapus"]


def test_a_bad_leg_is_refused_naming_each_field_and_nothing_is_stored(app_admin) -> None:
    klien = _klien(app_admin)
    sebelum = _jumlah()
    jawab = _kirim(klien, _lintasan(app_admin, nama="x", tujuan=None, durasi="dua jam",
                                    kapasitas="-5"))  # fmt: skip
    assert "Lintasan tidak disimpan; perbaiki dulu:" in jawab
    for kata in (
        "Nama lintasan wajib diisi",
        "Tujuan wajib diisi",
        "Durasi wajib bilangan bulat menit",
        "Kapasitas wajib bilangan bulat kg",
    ):
        assert kata in jawab, kata
    jawab = _kirim(klien, _lintasan(app_admin, tujuan=TARAKAN))
    assert "Tujuan sama dengan asal" in jawab
    assert _jumlah() == sebelum


def test_an_admin_uploads_a_hazard_geojson_and_deletes_a_zone(app_admin) -> None:
    klien = _klien(app_admin)
    isi = _geojson([({"jenis": "banjir", "tingkat": "tinggi", "nama": "Banjir Tarakan"}, BANJIR)])
    jawab = _kirim(klien, _impor(app_admin, "zona_tarakan.geojson", isi))
    assert "1 zona bahaya dari zona_tarakan.geojson disimpan." in jawab, jawab
    with db.sesi_baca() as s:
        (z,) = s.scalars(select(models.Bahaya)).all()
        assert (z.jenis, z.tingkat, z.nama) == ("banjir", "tinggi", "Banjir Tarakan")
    tombol = {"type": ids.BAHAYA_HAPUS, "id": z.id}
    jawab = _kirim(klien, _badan_tombol(app_admin, ids.BAHAYA_PESAN, tombol))
    assert "Zona bahaya Banjir Tarakan dihapus." in jawab
    assert _jumlah()[1] == 0


def test_an_admin_deletes_every_zone_of_one_file_and_the_others_stay(app_admin) -> None:
    klien = _klien(app_admin)
    banjir = _geojson([({"jenis": "banjir", "nama": f"Genangan {i}"}, BANJIR) for i in range(3)])
    longsor = _geojson([({"jenis": "longsor", "nama": "Tebing Juata"}, BANJIR)])
    _kirim(klien, _impor(app_admin, "banjir_2023.geojson", banjir))
    _kirim(klien, _impor(app_admin, "longsor.geojson", longsor))
    # The list names each file with its zone count, and a button for the whole file.
    isi = next(k for k in app_admin.callback_map if f"{ids.BAHAYA_DAFTAR}.children" in k)
    daftar = _kirim(klien, badan_callback(app_admin, isi, {(ids.HALAMAN_ARG, "data"): {}}))
    assert "3 zona" in daftar and "Hapus berkas" in daftar and "banjir_2023.geojson" in daftar
    audit = _jumlah()[2]
    tombol = {"type": ids.BAHAYA_HAPUS_BERKAS, "berkas": "banjir_2023.geojson"}
    jawab = _kirim(klien, _badan_tombol(app_admin, ids.BAHAYA_PESAN, tombol))
    assert "3 zona bahaya dari berkas banjir_2023.geojson dihapus." in jawab, jawab
    with db.sesi_baca() as s:
        assert [z.nama for z in s.scalars(select(models.Bahaya))] == ["Tebing Juata"]
        jejak = s.scalars(
            select(models.Audit).where(models.Audit.aksi == "hapus_bahaya_berkas")
        ).one()
        assert jejak.sebelum == {
            "sumber": "banjir_2023.geojson", "jumlah": 3, "per_jenis": {"banjir": 3}
        }  # fmt: skip
    assert _jumlah()[2] == audit + 1
    # Again (a second click, another admin first): said, nothing more removed.
    jawab = _kirim(klien, _badan_tombol(app_admin, ids.BAHAYA_PESAN, tombol))
    assert "Tidak ada zona bahaya dari berkas banjir_2023.geojson" in jawab, jawab
    assert _jumlah()[1] == 1


@pytest.mark.parametrize(
    ("nama", "isi", "ukuran", "kolom", "pesan"),
    [
        ("z.geojson", _geojson([({"jenis": "banjir"}, BANJIR)]), None,
         {"kolom_tingkat": "KELAS"}, "Kolom &#x27;KELAS&#x27; tidak ada|Kolom 'KELAS' tidak ada"),
        ("kosong.geojson", b'{"type": "FeatureCollection", "features": []}', None, {},
         "kosong.geojson"),
        ("besar.geojson", None, 6 * 1024 * 1024, {}, "melebihi batas 5 MB"),
        ("peta.pdf", b"%PDF-1.4", None, {}, "bukan GeoJSON atau GeoPackage"),
    ],
)  # fmt: skip
def test_a_bad_hazard_file_is_refused_in_words_and_nothing_is_stored(
    app_admin, nama, isi, ukuran, kolom, pesan
) -> None:
    klien = _klien(app_admin)
    sebelum = _jumlah()
    jawab = _kirim(klien, _impor(app_admin, nama, isi, ukuran, **kolom))
    assert "tidak diimpor; tidak ada yang disimpan" in jawab, jawab
    assert any(p in jawab for p in pesan.split("|")), jawab
    assert _jumlah() == sebelum


@pytest.mark.parametrize(
    ("username", "kata"),
    [
        ("bawaslu.65", "Peran Pengawas hanya dapat melihat"),
        ("operator.6571", "hanya Admin Provinsi"),
    ],
)
def test_forged_leg_and_hazard_writes_are_refused_403_and_nothing_is_written(
    app_admin, username, kata
) -> None:
    app = app_admin
    admin = _klien(app)
    _kirim(admin, _lintasan(app))
    (x,) = rute.lintasan_provinsi(PROVINSI_KECIL)
    _kirim(admin, _impor(app, "z.geojson", _geojson([({"jenis": "banjir"}, BANJIR)])))
    with db.sesi_baca() as s:
        zona_id = s.scalar(select(models.Bahaya.id))
    sebelum, versi = _jumlah(), tampilan.versi()
    klien = _klien(app, username)
    for badan in (
        _lintasan(app, nama="Kapal palsu"),
        _badan_tombol(app, ids.LINTASAN_PESAN,
                      {"type": ids.LINTASAN_AKTIF, "id": x.id, "aktif": False}),
        _badan_tombol(app, ids.LINTASAN_PESAN, {"type": ids.LINTASAN_HAPUS, "id": x.id}),
        _impor(app, "palsu.geojson", _geojson([({"jenis": "longsor"}, BANJIR)])),
        _badan_tombol(app, ids.BAHAYA_PESAN, {"type": ids.BAHAYA_HAPUS, "id": zona_id}),
        _badan_tombol(app, ids.BAHAYA_PESAN,
                      {"type": ids.BAHAYA_HAPUS_BERKAS, "berkas": "z.geojson"}),
    ):  # fmt: skip
        r = klien.post("/_dash-update-component", json=badan)
        assert r.status_code == 403, (badan["output"], r.get_data(as_text=True)[:300])
        assert kata in r.get_data(as_text=True), r.get_data(as_text=True)[:300]
    assert _jumlah() == sebelum and tampilan.versi() == versi
    assert rute.lintasan_provinsi(PROVINSI_KECIL)[0].aktif


def _cari(app, cari: str | None, terpilih: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """What the Asal box asks while someone types in it."""
    kunci = next(k for k in app.callback_map if k == f"{ids.LINTASAN_ASAL}.options")
    return badan_callback(
        app,
        kunci,
        {
            (ids.LINTASAN_ASAL, "search_value"): cari,
            (ids.LINTASAN_ASAL, "value"): terpilih,
            (ids.HALAMAN_ARG, "data"): {"kode": None},
        },
    )


def _pilihan(klien, badan: dict) -> list[dict]:  # type: ignore[no-untyped-def]
    r = klien.post("/_dash-update-component", json=badan)
    assert r.status_code == 200, r.get_data(as_text=True)[:400]
    return r.get_json()["response"][ids.LINTASAN_ASAL]["options"]


def test_the_place_boxes_find_kab_kota_kecamatan_desa_and_a_typed_point(app_admin) -> None:
    app = app_admin
    # Someone who may not add legs gets no places (asked first: the fixture's app context,
    # and with it the signed-in user, is shared by the requests of one test).
    assert _pilihan(_klien(app, None), _cari(app, "tarakan")) == []
    admin = _klien(app)
    with db.sesi_baca() as s:
        wilayah = {
            w.kode: w
            for w in s.scalars(select(models.Wilayah).where(models.Wilayah.tingkat >= 2))
            if w.kode.startswith(PROVINSI_KECIL + ".")
        }
    # Nothing typed: the kab/kota (a port is near an office); typing reaches the rest.
    awal = [p["value"] for p in _pilihan(admin, _cari(app, None))]
    assert sorted(awal) == sorted(k for k, w in wilayah.items() if w.tingkat == 2)
    # A desa by part of its name and its kecamatan's, labelled with where it lies.
    desa = wilayah["65.71.01.1003"]
    kec, kab = wilayah["65.71.01"], wilayah["65.71"]
    cocok = _pilihan(admin, _cari(app, "pantai barat"))
    label = {p["value"]: p["label"] for p in cocok}
    assert label["65.71.01.1003"] == f"Desa {desa.nama} (65.71.01.1003) — {kec.nama}, {kab.nama}"
    harap = [
        k
        for k, w in wilayah.items()
        if all(
            kata
            in f"{w.nama} {' '.join(wilayah[a].nama for a in _leluhur(k, wilayah))} {k}".casefold()
            for kata in ("pantai", "barat")
        )
    ]
    assert sorted(label) == sorted(harap)
    # By code; a long list is cut to what one can pick from.
    assert [p["value"] for p in _pilihan(admin, _cari(app, "65.71.01.1001"))] == ["65.71.01.1001"]
    assert len(_pilihan(admin, _cari(app, "65"))) == 40
    # A point typed as lat,lon is offered first, and stays listed once chosen.
    titik = _pilihan(admin, _cari(app, " 3.3,117.6"))
    assert titik[0] == {"label": "Titik 3.3,117.6 (lat, lon)", "value": "3.3,117.6"}
    assert _pilihan(admin, _cari(app, None, "3.3,117.6"))[0]["value"] == "3.3,117.6"
    assert _pilihan(admin, _cari(app, "Bulungan", "65.71.01.1003"))[0]["value"] == "65.71.01.1003"


def _leluhur(kode: str, wilayah: dict) -> list[str]:
    """The kecamatan and kab/kota a region lies in (those of the province)."""
    hasil, atas = [], wilayah[kode].induk_kode
    while atas in wilayah:
        hasil.append(atas)
        atas = wilayah[atas].induk_kode
    return hasil
