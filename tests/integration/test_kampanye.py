"""Several campaigns in one database (issue 17, item 1; docs/kampanye.md).

The migration test rebuilds a single-campaign database as the previous schema (revision 0017)
held it, row for row, migrates it and compares: every row stays, every row gets the one
election, and every region's figures equal those of the same campaign built on the new schema.
The other tests put a second campaign beside the first and check that neither sees the other.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from dashboard.db.engine import alembic_config, buat_engine, migrasi
from dashboard.db.models import Base
from dashboard.factory import create_app
from dashboard.services import kampanye as layanan_kampanye
from dashboard.services import tampilan
from dashboard.tools.demo import KATA_SANDI_DEMO, bangun_demo
from dashboard.tools.local_servers import PostgresServer
from tests.support.banding import rekaman, sama_tampilan
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji
from tests.support.postgres import nama_database


@pytest.fixture
def db_lama(db_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second empty database of the same kind, for the old schema."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        yield f"sqlite:///{Path(url.database).with_name('lama.db')}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    nama = nama_database("lama")
    yield server.create_database(nama)
    server.drop_database(nama)


def _tabel_lama(conn: sa.Connection, nama: str) -> sa.Table:
    return sa.Table(nama, sa.MetaData(), autoload_with=conn)


def _salin_ke_skema_lama(baru: Engine, lama: Engine) -> dict[str, int]:
    """Copy every row of `baru` into `lama` (at revision 0017), without the campaign column."""
    jumlah = {}
    with baru.connect() as sumber, lama.begin() as tujuan:
        ada = set(sa.inspect(tujuan).get_table_names())
        for tabel in Base.metadata.sorted_tables:
            if tabel.name not in ada:  # a table of a later revision (evaluation findings)
                continue
            t_lama = _tabel_lama(tujuan, tabel.name)
            kolom = [c.name for c in t_lama.columns]
            urut = [tabel.c[k] for k in kolom if tabel.c[k].primary_key]
            baris = [
                dict(r._mapping)
                for r in sumber.execute(sa.select(*(tabel.c[k] for k in kolom)).order_by(*urut))
            ]
            tujuan.execute(t_lama.delete())  # rows a migration seeds (versi_data)
            if baris:
                tujuan.execute(t_lama.insert(), baris)
            jumlah[tabel.name] = len(baris)
        if tujuan.dialect.name == "postgresql":
            for tabel in Base.metadata.sorted_tables:
                id_ = tabel.c.get("id")
                if tabel.name in ada and id_ is not None and isinstance(id_.type, sa.Integer):
                    tujuan.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{tabel.name}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {tabel.name}), 0) + 1, false)"
                        )
                    )
    return jumlah


def _isi(engine: Engine, tabel: sa.Table) -> list[dict]:
    kolom = [c for c in tabel.columns if c.name != "pemilihan_kode"]
    urut = [c for c in tabel.primary_key.columns if c.name != "pemilihan_kode"]
    with engine.connect() as c:
        hasil = c.execute(sa.select(*kolom).order_by(*urut))
        return rekaman(pd.DataFrame(hasil.all(), columns=list(hasil.keys())))


def _semua_wilayah(url: str) -> list[str]:
    engine = buat_engine(url)
    with engine.connect() as c:
        kode = list(
            c.execute(
                text("SELECT kode FROM wilayah WHERE tingkat <= 3 AND provinsi_kode = :p"),
                {"p": PROVINSI_KECIL},
            ).scalars()
        )
    engine.dispose()
    return sorted(kode)


def test_migrating_a_single_campaign_database_keeps_every_row_and_figure(
    kampanye_kecil, db_lama: str
) -> None:
    baru, info = kampanye_kecil
    lama = buat_engine(db_lama)
    command.upgrade(alembic_config(lama), "0017")
    jumlah = _salin_ke_skema_lama(baru, lama)
    assert jumlah["mutasi"] > 5_000 and jumlah["kebutuhan"] > 1_000 and jumlah["kejadian"] > 0
    with lama.connect() as c:
        assert "pemilihan_kode" not in {k["name"] for k in sa.inspect(c).get_columns("mutasi")}
    migrasi(lama)

    # Every row is still there, unchanged, and belongs to the one election.
    for tabel in Base.metadata.sorted_tables:
        assert _isi(lama, tabel) == _isi(baru, tabel), tabel.name
        if "pemilihan_kode" in tabel.c:
            with lama.connect() as c:
                kode = set(c.execute(sa.select(tabel.c.pemilihan_kode).distinct()).scalars())
            assert kode <= {info.pemilihan}, tabel.name
    with lama.connect() as c:
        assert (
            c.execute(
                text("SELECT count(*) FROM mutasi WHERE pemilihan_kode = :k"), {"k": info.pemilihan}
            ).scalar_one()
            == jumlah["mutasi"]
        )
    lama.dispose()

    # Every region shows the same figures as the campaign built on the new schema.
    url_baru = baru.url.render_as_string(hide_password=False)
    kode = _semua_wilayah(url_baru)
    hasil = {}
    for url in (url_baru, db_lama):
        app = create_app(settings_uji(url, PROVINSI_KECIL))
        with app.server.app_context():
            hasil[url] = {k: tampilan.ringkasan_wilayah(k) for k in kode}
    for k in kode:
        sama_tampilan(k, hasil[db_lama][k], hasil[url_baru][k])


def test_a_second_campaign_beside_the_first_is_seen_only_when_named(
    kampanye_kecil,
) -> None:
    baru, info = kampanye_kecil
    url = baru.url.render_as_string(hide_password=False)
    app = create_app(settings_uji(url, PROVINSI_KECIL))
    with app.server.app_context():
        sebelum = tampilan.ringkasan_wilayah(PROVINSI_KECIL)
    kedua = bangun_demo(
        buat_engine(url, bulk=True),
        PROVINSI_KECIL,
        "pemilu2024",
        per_tanggal=dt.date(2024, 2, 15),
        seed=3,
        tambah=True,
    )
    assert kedua.pemilihan == "pemilu2024"
    klien = app.server.test_client()
    with app.server.app_context():
        daftar = layanan_kampanye.daftar_kampanye()
    # Newest election first: Pilkada (November) is the default, Pemilu (February) finished.
    assert [k.kode for k in daftar] == ["pilkada2024", "pemilu2024"]
    assert [k.selesai for k in daftar] == [False, True]
    # Without a campaign the database's newest is shown, unchanged by the one added.
    with app.server.test_request_context("/"):
        app.server.preprocess_request()
        sesudah = tampilan.ringkasan_wilayah(PROVINSI_KECIL)
    assert sesudah is not None and sebelum is not None
    sama_tampilan(PROVINSI_KECIL, sesudah, sebelum)
    with app.server.test_request_context("/?kampanye=pemilu2024"):
        app.server.preprocess_request()
        pemilu = tampilan.ringkasan_wilayah(PROVINSI_KECIL)
    assert pemilu is not None
    # The Pemilu's figures are its own ledger's: its TPS, its voters, its items.
    engine = buat_engine(url)
    with engine.connect() as c:
        tps, dpt = c.execute(
            text("SELECT count(*), sum(dpt) FROM tps WHERE pemilihan_kode = 'pemilu2024'")
        ).one()
        jenis = set(
            c.execute(
                text("SELECT kode FROM jenis_logistik WHERE pemilihan_kode = 'pemilu2024'")
            ).scalars()
        )
    engine.dispose()
    assert pemilu.total["jumlah_tps"] == tps == kedua.jumlah_tps
    assert pemilu.total["dpt"] == dpt
    assert set(pemilu.per_jenis["jenis_kode"]) <= jenis
    assert "SS-PRES" in set(pemilu.per_jenis["jenis_kode"])
    assert "SS-PRES" not in set(sebelum.per_jenis["jenis_kode"])
    # An unknown campaign is refused in words, and the page names the campaign it shows.
    r = klien.get("/?kampanye=pemilu2029")
    assert r.status_code == 404 and "pemilu2029" in r.get_data(as_text=True)
    assert klien.get("/?kampanye=pemilu2024").status_code == 200
    # Every page names its campaign for the browser to keep in the address (assets/kampanye.js).
    meta = '<meta name="kendali-kampanye" content="{}">'
    assert meta.format("pilkada2024") in klien.get("/wilayah/65.71").get_data(as_text=True)
    halaman = klien.get("/wilayah/65.71?kampanye=pemilu2024").get_data(as_text=True)
    assert meta.format("pemilu2024") in halaman
    # Each export names its campaign, and a printed report is printed in it.
    r = klien.post("/masuk", data={"username": "operator.6571", "kata_sandi": KATA_SANDI_DEMO})
    assert r.status_code == 302
    for kode in ("pilkada2024", "pemilu2024"):
        r = klien.get(f"/input/templat/terima_penyedia.csv?kampanye={kode}")
        assert r.status_code == 200
        assert f'filename="templat_{kode}_terima_penyedia.csv"' in r.headers["Content-Disposition"]
    if not url.startswith("sqlite"):
        return  # printed once: the page is the same on both databases
    r = klien.get("/unduh/laporan/65.71.pdf?kampanye=pemilu2024")
    assert r.status_code == 200, r.get_data(as_text=True)[:200]
    assert "laporan_6571_pemilu2024_65_" in r.headers["Content-Disposition"]
    with app.server.test_request_context("/?kampanye=pemilu2024"):
        app.server.preprocess_request()
        info = tampilan.info_kampanye()
    assert info is not None
    assert info.pemilihan_nama in _teks_pdf(r.data)
    assert daftar[0].nama not in _teks_pdf(r.data)


def _teks_pdf(isi: bytes) -> str:
    hasil = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=isi, capture_output=True, check=True
    )
    return hasil.stdout.decode()
