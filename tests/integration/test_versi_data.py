"""One data version: every write that changes what a view shows raises it, so the next request
shows the change — boundaries and meeting decisions included, not only ledger entries."""

from __future__ import annotations

import json
from pathlib import Path

import dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from dashboard import ids
from dashboard.db import models
from dashboard.db.engine import pembuat_sesi
from dashboard.domain.akses import Akun
from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services import keputusan, presentasi, tampilan
from dashboard.settings import BASI_MAKS_DETIK, Settings
from dashboard.tools import cli
from dashboard.tools.benchmark import Panggilan, badan_panggilan, kunci_callback
from dashboard.tools.cadangan import cadangkan, pulihkan
from dashboard.web.cache_respons import tunggu_penyegaran
from tests.support.kampanye import PROVINSI_KECIL


def _app(url: str) -> dash.Dash:
    # A real shared cache (so the response cache is on) and the version read on every request.
    return create_app(
        Settings(
            database_url=url,
            kpu_provinsi=PROVINSI_KECIL,
            cache_type="SimpleCache",
            versi_detik=0,
            secret_key="uji-rahasia",
            testing=True,
        )
    )


def _berkas_batas(tmp_path: Path, engine: Engine, kode: str) -> Path:
    """A one-feature official kab/kota file: a small square around the region's point."""
    with pembuat_sesi(engine)() as s:
        lat, lon = s.execute(
            select(models.Wilayah.lat, models.Wilayah.lon).where(models.Wilayah.kode == kode)
        ).one()
    d = 0.05
    cincin = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]]
    fitur = {
        "type": "Feature",
        "properties": {"kode": kode, "nama": "uji"},
        "geometry": {"type": "Polygon", "coordinates": [[*cincin, cincin[0]]]},
    }
    path = tmp_path / "kabkota_uji.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [fitur]}))
    return path


def _kab_pertama(engine: Engine) -> str:
    with pembuat_sesi(engine)() as s:
        kode = s.scalars(
            select(models.Wilayah.kode)
            .where(models.Wilayah.tingkat == 2, models.Wilayah.lat.is_not(None))
            .order_by(models.Wilayah.kode)
        ).first()
    assert kode is not None
    return kode


def _url_lapisan(app: dash.Dash, klien: FlaskClient) -> str:
    """Ask for the map's geometry URL exactly as the browser does (a response-cached view)."""
    badan = badan_panggilan(
        Panggilan(
            "peta",
            kunci_callback(app, "..peta-geojson.url"),
            [(ids.HALAMAN_ARG, "data", {"kode": None})],
            f"{ids.HALAMAN_ARG}.data",
        )
    )
    r = klien.post("/_dash-update-component", json=badan)
    assert r.status_code == 200, r.data
    return r.get_json()["response"]["peta-geojson"]["url"]


def test_a_boundary_import_changes_the_next_map_request_without_a_ledger_write(
    kampanye_kecil, tmp_path, monkeypatch
):
    engine, _info = kampanye_kecil
    url = engine.url.render_as_string(hide_password=False)
    jam = [1_000_000.0]  # the clock the staleness bound reads, moved by hand
    monkeypatch.setattr(tampilan, "jam", lambda: jam[0])
    app = _app(url)
    klien = app.server.test_client()
    sebelum = _url_lapisan(app, klien)
    assert _url_lapisan(app, klien) == sebelum  # served again from the response cache
    with app.server.app_context():
        versi_awal = tampilan.versi()
        with db.sesi_baca() as s:
            mutasi_terakhir = s.scalar(select(func.max(models.Mutasi.id)))

    kode = _kab_pertama(engine)
    berkas = _berkas_batas(tmp_path, engine, kode)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI_KECIL)
    assert cli.main(["boundaries", "import", str(berkas), "--level", "kabkota"]) == 0

    # The cache may answer with the previous response for up to BASI_MAKS_DETIK after a
    # write (stale-while-revalidate); past that, the next request must show the new layer.
    jam[0] += BASI_MAKS_DETIK + 0.1
    sesudah = _url_lapisan(app, klien)
    tunggu_penyegaran()
    assert sesudah != sebelum
    with app.server.app_context():
        assert tampilan.versi() > versi_awal
        with db.sesi_baca() as s:  # no ledger entry was written on the way
            assert s.scalar(select(func.max(models.Mutasi.id))) == mutasi_terakhir
    lapisan = klien.get(sesudah, headers={"Accept-Encoding": "identity"})
    assert lapisan.status_code == 200
    fitur = {f["properties"]["kode"]: f for f in json.loads(lapisan.data)["features"]}
    assert fitur[kode]["properties"]["sumber"] == "resmi"


def test_a_decision_and_a_snapshot_each_raise_the_data_version(kampanye_kecil):
    engine, _info = kampanye_kecil
    app = _app(engine.url.render_as_string(hide_password=False))
    with pembuat_sesi(engine)() as s:
        admin = s.scalars(
            select(models.Pengguna).where(models.Pengguna.peran == "admin_provinsi")
        ).first()
        assert admin is not None
        akun = Akun(admin.id, admin.username, admin.nama, admin.peran, admin.wilayah_kode)
    kode = _kab_pertama(engine)
    with app.server.test_request_context("/rapat"):
        v0 = tampilan.versi()
    with app.server.test_request_context("/rapat"):
        nomor = keputusan.tambah(akun, PROVINSI_KECIL, kode, "Kirim kotak cadangan", "Ketua", None)
    with app.server.test_request_context("/rapat"):
        v1 = tampilan.versi()
        assert v1 > v0
        assert any(k["id"] == nomor for k in keputusan.daftar())
    with app.server.test_request_context("/presentasi"):
        presentasi.bekukan(PROVINSI_KECIL, akun)
    with app.server.test_request_context("/presentasi"):
        assert tampilan.versi() > v1


def test_a_failed_write_leaves_the_data_version_as_it_was(kampanye_kecil):
    engine, _info = kampanye_kecil
    app = _app(engine.url.render_as_string(hide_password=False))
    with app.server.app_context():
        v0 = tampilan.versi()
        try:
            with db.sesi_tulis() as s:
                s.execute(models.VersiData.__table__.update().values(nilai=models.VersiData.nilai))
                raise RuntimeError("gagal di tengah")
        except RuntimeError:
            pass
        assert tampilan.versi() == v0


def test_an_upload_saved_row_by_row_in_savepoints_raises_the_version_once(kampanye_kecil):
    """Each upload row is its own savepoint; only the upload's real COMMIT raises the version
    (on PostgreSQL the version row is then locked for the commit alone, not the whole file)."""
    engine, _info = kampanye_kecil
    app = _app(engine.url.render_as_string(hide_password=False))
    with app.server.app_context():
        v0 = tampilan.versi()
        with db.sesi_tulis() as s:
            for _ in range(3):
                with s.begin_nested():
                    s.execute(select(func.count()).select_from(models.Wilayah))
        assert tampilan.versi() == v0 + 1


def test_a_restore_moves_the_version_past_every_number_used_before(kampanye_kecil, tmp_path):
    """A restored database would otherwise reuse the numbers written since its backup, under
    which views of the data the restore removed may still be cached."""
    engine, _info = kampanye_kecil
    app = _app(engine.url.render_as_string(hide_password=False))
    berkas = tmp_path / "cadangan.bin"
    cadangkan(engine, berkas)
    with app.server.app_context():
        for _ in range(3):
            with db.sesi_tulis():
                pass
        terpakai = tampilan.versi()
    assert pulihkan(engine, berkas, paksa=True)["beda"] == []
    with app.server.app_context():
        assert tampilan.versi() > terpakai


def test_each_commit_raises_the_version_by_one_spread_over_many_rows(kampanye_kecil):
    """Writers raise one of several rows (no single row lock on PostgreSQL); the version, their
    sum, still rises by exactly one per committed transaction."""
    engine, _info = kampanye_kecil
    baca = pembuat_sesi(engine)
    with baca() as s:
        awal = s.scalar(select(func.sum(models.VersiData.nilai)))
        assert s.scalar(select(func.count()).select_from(models.VersiData)) == 16
    tulis = pembuat_sesi(engine, tulis=True)
    for _ in range(40):
        with tulis() as s, s.begin():
            pass
    with baca() as s:
        assert s.scalar(select(func.sum(models.VersiData.nilai))) == awal + 40
        naik = s.scalar(
            select(func.count()).select_from(models.VersiData).where(models.VersiData.nilai > 0)
        )
    assert naik > 3  # 40 commits landed on several rows, not all on one
