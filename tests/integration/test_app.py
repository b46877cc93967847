"""The Flask/Dash app end to end without a browser: pages, layout, assets, callbacks."""

from __future__ import annotations

import json
import re

import dash
import pytest
from dash import Input, Output
from plotly.utils import PlotlyJSONEncoder

from dashboard import ids, urls
from dashboard.callbacks.ringkasan import isi_wilayah
from dashboard.callbacks.shell import isi_kepala
from dashboard.factory import create_app
from tests.support.pengaturan import settings_uji


@pytest.fixture
def app33(demo33):
    return create_app(settings_uji(demo33[0]))


def test_every_page_and_the_dash_endpoints_answer_200(app33):
    client = app33.server.test_client()
    for path in ["/", "/_dash-layout", "/_dash-dependencies"]:
        assert client.get(path).status_code == 200, path


def test_pages_and_flask_routes_register_with_the_url_templates(app33):
    aturan = {r.rule for r in app33.server.url_map.iter_rules()}
    for t in (
        urls.LAPISAN_BATAS,
        urls.TEMPLAT,
        urls.UNDUH_PAKET_RAPAT,
        urls.UNDUH_LAPORAN,
        urls.MASUK,
        urls.KELUAR,
    ):
        assert t in aturan
    templat = {p.get("path_template") or p["path"] for p in dash.page_registry.values()}
    assert {
        urls.WILAYAH,
        urls.PETA_WILAYAH,
        urls.PRESENTASI_SLIDE,
        urls.LAPORAN,
        urls.RINGKASAN,
        urls.STOK,
        urls.DISTRIBUSI,
        urls.INPUT,
        urls.RAPAT,
        urls.AUDIT,
    } <= templat


@pytest.mark.parametrize(
    ("path", "argumen", "data"),
    [
        ("/", {}, {"kode": None, "urut": None, "per": None}),
        ("/", {"urut": "-indeks"}, {"kode": None, "urut": "-indeks", "per": None}),
        ("/wilayah/<kode>", {"kode": "33.74"}, {"kode": "33.74", "urut": None, "per": None}),
        (
            "/wilayah/<kode>",
            {"kode": "33.74", "urut": "nama;x", "per": "2024-11-20 18.00"},
            {"kode": "33.74", "urut": None, "per": "2024-11-20T18:00"},
        ),
        ("/peta", {}, {"kode": None, "per": None}),
        ("/peta", {"kode": "33.74", "per": "besok"}, {"kode": "33.74", "per": None}),
        ("/presentasi", {}, {"nomor": 1, "snapshot": None, "putar": None, "cetak": False}),
        (
            "/presentasi",
            {"nomor": "3", "snapshot": "7", "putar": "30"},
            {"nomor": 3, "snapshot": 7, "putar": "30", "cetak": False},
        ),
        (
            "/presentasi",
            {"cetak": "1"},
            {"nomor": 1, "snapshot": None, "putar": None, "cetak": True},
        ),
        ("/laporan/<kode>", {"kode": "33.74", "snapshot": "2"}, {"kode": "33.74", "snapshot": 2}),
        ("/stok", {"jenis": "KOTAK"}, {}),
        ("/distribusi", {}, {}),
        ("/input", {}, {}),
        ("/rapat", {}, {}),
        ("/audit", {}, {}),
    ],
)
def test_every_page_hands_its_route_arguments_to_its_callbacks(app33, path, argumen, data):
    """Each page puts its (normalised) route arguments in the page store its callbacks read."""
    (halaman,) = [
        p for p in dash.page_registry.values() if path in (p["path"], p.get("path_template"))
    ]
    with app33.server.test_request_context("/"):
        isi = halaman["layout"](**argumen)
    simpan = isi[0]
    assert simpan.id == ids.HALAMAN_ARG and simpan.data == data


def test_index_loads_css_and_js_only_from_this_server(app33):
    html = app33.server.test_client().get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the index should reference scripts and stylesheets"
    for url in urls:
        assert not re.match(r"^(https?:)?//", url), f"external asset {url}"
    client = app33.server.test_client()
    for url in urls:
        if url.endswith((".css", ".js")) or ".js?" in url or ".css?" in url:
            assert client.get(url).status_code == 200, url


def test_header_shows_province_election_and_h_minus(app33):
    with app33.server.app_context():
        judul, pemilihan, data_per, hminus, tahap, pesan, remah = isi_kepala("/", 0)
    assert judul == "KPU Provinsi Jawa Tengah"
    assert "Gubernur" in pemilihan and "27-11-2024" in pemilihan
    assert data_per.startswith("Data per 24-11-2024")
    assert hminus == "H−3"
    assert "PPK → PPS" in tahap
    assert pesan is None


def test_overview_lists_all_35_kabkota_with_readiness_and_exceptions(app33):
    with app33.server.app_context():
        judul, kpi, tabel, perhatian, kejadian, jenis, mutasi = isi_wilayah({"kode": None}, 0)
    teks = str(tabel)
    assert teks.count("/wilayah/33.") == 35
    assert "Kota Semarang" in teks and "Kabupaten Demak" in teks
    assert "Jawa Tengah" in str(judul)
    assert "Indeks kesiapan" in str(kpi) and "TPS lengkap" in str(kpi)
    # the demo's late-distribution regions are listed as needing attention, with reasons
    assert "rencana" in str(perhatian) and "/wilayah/33." in str(perhatian)
    assert "Kejadian aktif" in str(kejadian)
    assert "Surat suara Gubernur" in str(jenis) and "Sortir-lipat" in str(jenis)
    assert "Catatan terbaru" in str(mutasi)


@pytest.mark.parametrize(
    ("kode", "anak", "kata"),
    [
        ("33.74", "/wilayah/33.74.", "Kecamatan di Kota Semarang"),
        ("33.74.01", "/wilayah/33.74.01.", "Desa/Kelurahan di"),
        ("33.74.01.1001", None, "TPS 001"),
    ],
)
def test_region_page_works_at_every_level(app33, kode, anak, kata):
    client = app33.server.test_client()
    assert client.get(f"/wilayah/{kode}").status_code == 200
    with app33.server.app_context():
        judul, kpi, tabel, *_rest, mutasi = isi_wilayah({"kode": kode}, 0)
    assert kode in str(judul)
    assert kata in str(tabel)
    if anak:
        assert anak in str(tabel)
    assert "Distribusi ke TPS" in str(kpi)


def test_unknown_region_gets_a_clear_message(app33):
    with app33.server.app_context():
        pesan, *_ = isi_wilayah({"kode": "99.99"}, 0)
    assert "tidak ada di basis data" in str(pesan)


def test_breadcrumb_follows_the_region(app33):
    with app33.server.app_context():
        *_, remah = isi_kepala("/wilayah/33.74.01", 0)
    teks = str(remah)
    assert "Jawa Tengah" in teks and "Kota Semarang" in teks and "/wilayah/33.74" in teks


def test_an_empty_database_gets_a_clear_message_not_an_error(tmp_path):
    app = create_app(settings_uji(f"sqlite:///{tmp_path / 'kosong.db'}"))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    with app.server.app_context():
        *_, pesan, _remah = isi_kepala("/", 0)
        assert isi_wilayah({"kode": None}, 0) == (None,) * 7
    assert "python -m dashboard demo" in str(pesan)


def _id_di_tata_letak(tata_letak) -> set[str]:  # type: ignore[no-untyped-def]
    """Every component id in a layout; a pattern-matching (dict) id counts by its "type"."""
    ada: set[str] = set()

    def jelajah(node: object) -> None:
        if isinstance(node, list):
            for anak in node:
                jelajah(anak)
        elif isinstance(node, dict):
            if "namespace" in node and "props" in node:
                id_ = node["props"].get("id")
                if id_ is not None:
                    ada.add(id_["type"] if isinstance(id_, dict) else id_)
                jelajah(list(node["props"].values()))
            else:
                jelajah(list(node.values()))

    jelajah(json.loads(json.dumps(tata_letak, cls=PlotlyJSONEncoder)))
    return ada


def _id_callback_tanpa_komponen(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Ids an Input, Output or State of a callback names that no component in the
    validation layout has."""
    ada = _id_di_tata_letak(app.validation_layout)
    hilang = []
    for kunci, cb in app.callback_map.items():
        keluaran = kunci.strip(".").split("...") if kunci.startswith("..") else [kunci]
        semua = [k.rsplit(".", 1)[0] for k in keluaran]
        semua += [d["id"] for d in cb["inputs"] + cb["state"]]
        for id_ in semua:
            nama = json.loads(id_)["type"] if id_.startswith("{") else id_
            if nama not in ada:
                hilang.append(nama)
    return sorted(set(hilang))


def test_every_callback_id_is_in_the_validation_layout(tmp_path):
    app = create_app(settings_uji(f"sqlite:///{tmp_path / 'kosong.db'}"))
    assert app.validation_layout is not None
    assert _id_callback_tanpa_komponen(app) == []


def test_a_callback_on_a_wrong_id_fails_loudly(tmp_path):
    app = create_app(settings_uji(f"sqlite:///{tmp_path / 'kosong.db'}"))
    app.callback(Output("ringkasan-salah-ketik", "children"), Input("url", "pathname"))(
        lambda _p: None
    )
    assert _id_callback_tanpa_komponen(app) == ["ringkasan-salah-ketik"]
