"""App factory: wires settings, database, cache, local static assets, pages and callbacks."""

from __future__ import annotations

import datetime as dt
from importlib import metadata
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html
from flask import Flask
from flask_bootstrap import Bootstrap5
from sqlalchemy.exc import DBAPIError

from dashboard import callbacks, ids, web
from dashboard.components import armada as komponen_armada
from dashboard.components import input as komponen_input
from dashboard.components import kelola_rute as komponen_kelola_rute
from dashboard.components import koordinasi as komponen_koordinasi
from dashboard.components import presentasi as komponen_presentasi
from dashboard.components import rapat as komponen_rapat
from dashboard.components import risiko as komponen_risiko
from dashboard.components import rute as komponen_rute
from dashboard.components.shell import shell
from dashboard.db.armada import BarisKendaraan
from dashboard.db.bahaya import RingkasBahaya
from dashboard.db.engine import skema_usang
from dashboard.db.risiko import BarisRisiko
from dashboard.domain.armada import UnitKendaraan
from dashboard.domain.pinjaman import Aksi, Saran
from dashboard.domain.rapat import KeputusanRapat
from dashboard.domain.risiko import UsulanRisiko, hitung_matriks
from dashboard.extensions import cache, db
from dashboard.services import armada, kelola_jaringan, rute, tampilan_rute
from dashboard.settings import PROJECT_ROOT, Settings
from dashboard.web import galat
from dashboard.web.kampanye import DashBerkampanye

# Bootstrap and its icons come from the installed Bootstrap-Flask package, served locally; the
# package's version in the URL lets browsers keep them for a year (web/aset.py).
_VERSI_BOOTSTRAP = metadata.version("Bootstrap-Flask")
BOOTSTRAP_CSS = f"/bootstrap/static/css/bootstrap.min.css?v={_VERSI_BOOTSTRAP}"
BOOTSTRAP_ICONS_CSS = f"/bootstrap/static/css/font/bootstrap-icons.min.css?v={_VERSI_BOOTSTRAP}"


def _konfigurasi_cache(settings: Settings) -> dict:
    cfg: dict = {
        "CACHE_TYPE": settings.cache_type,
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
        "CACHE_KEY_PREFIX": settings.awalan_kunci(),
    }
    if settings.cache_type == "FileSystemCache":
        Path(settings.cache_dir).mkdir(parents=True, exist_ok=True)
        cfg["CACHE_DIR"] = settings.cache_dir
    if settings.cache_type == "RedisCache":
        # Steps aside while Redis is down or hung, and resumes by itself (web/cache_redis.py).
        cfg["CACHE_TYPE"] = "dashboard.web.cache_redis.RedisTahanGangguan"
        cfg["CACHE_REDIS_URL"] = settings.cache_redis_url
        # Fail fast when Redis is down: the app then serves uncached instead of hanging.
        cfg["CACHE_OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return cfg


class SkemaUsang(RuntimeError):
    """The database's schema is older than this code: `python -m dashboard migrate` first."""


def _periksa_skema(server: Flask) -> None:
    """Refuse to start on an older schema, saying what to run, rather than failing page by page.

    An unreachable database is not refused here: the pages say so and recover by themselves.
    """
    try:
        with server.app_context():
            alasan = skema_usang(db.engine)
    except DBAPIError:
        return
    if alasan:
        raise SkemaUsang(alasan)


def _komponen_callback() -> list:
    """The components callbacks create (not in any page's initial layout), each in a state
    that shows every id: the /input forms for a writer, one open incident and one open
    decision with their buttons, the presenter's controls for a writer on live data."""
    hari = dt.date(2024, 11, 24)
    jenis = pd.DataFrame({"kode": ["KOTAK"], "nama": ["Kotak suara"]})
    kejadian = pd.DataFrame(
        [{"id": 1, "versi": 1, "judul": "-", "jenis": "lainnya", "keparahan": "sedang",
          "status": "terbuka", "wilayah_kode": "00", "wilayah_nama": "-"}]
    )  # fmt: skip
    keputusan: KeputusanRapat = {
        "id": 1, "status": "terbuka", "wilayah_kode": "00", "wilayah_nama": "-", "isi": "-",
        "penanggung_jawab": "-", "tenggat": hari, "selesai_pada": None,
        "dibuat_pada": dt.datetime(2024, 11, 24, tzinfo=dt.UTC),
    }  # fmt: skip
    return [
        komponen_input.formulir_mutasi([], jenis, hari),
        html.Div(id=ids.INPUT_TERBARU),  # beside the movement form (callbacks/input.py)
        komponen_input.formulir_unggah(),
        komponen_input.formulir_kejadian([], jenis),
        dbc.Tabs(id=ids.INPUT_TAB),  # the entry page's tabs (callbacks/input.py)
        komponen_input.formulir_koreksi(),
        *komponen_input.daftar_koreksi(
            pd.DataFrame(
                [
                    {
                        "id": 1,
                        "waktu": dt.datetime(2024, 11, 24, tzinfo=dt.UTC),
                        "jenis_mutasi": "kirim",
                        "tahap": "ppk",
                        "wilayah_kode": "00",
                        "wilayah_nama": "-",
                        "nomor_tps": None,
                        "jenis_kode": "KOTAK",
                        "jenis_nama": "Kotak suara",
                        "satuan": "buah",
                        "jumlah": 1,
                        "kondisi": None,
                        "alasan": None,
                        "membalik_id": None,
                        "dibalik_oleh": None,
                    }
                ]
            )
        ),
        *komponen_input.daftar_kejadian_ubah(kejadian),
        *komponen_rapat.tabel_keputusan([keputusan], hari, boleh_tulis=True),
        *komponen_presentasi.kendali(1, 2, None, None, boleh_tulis=True),
        *_komponen_rute_armada(),
        *_komponen_koordinasi(),
        *_komponen_risiko(),
    ]


def _komponen_koordinasi() -> list:
    """The coordination board as an admin sees it: one suggestion with its request button, one
    loan offering every kind of step (condition, reason, buttons) and its note box."""
    saran = Saran("KOTAK", "00.01", "-", "00.02", "-", 1, 1, 1, 1.0, 1.0)
    waktu = dt.datetime(2024, 11, 24, 7, tzinfo=dt.UTC)
    loan = pd.DataFrame(
        [{"id": 1, "jenis_kode": "KOTAK", "jenis_nama": "-", "satuan": "-",
          "peminjam_kode": "00.01", "peminjam_nama": "-", "pemberi_kode": "00.02",
          "pemberi_nama": "-", "jumlah": 1, "status": "dikirim", "setuju_peminjam": True,
          "setuju_pemberi": True, "kondisi_terima": None, "alasan_tutup": "",
          "diajukan_pada": waktu, "diperbarui_pada": waktu, "mutasi_keluar_id": None,
          "mutasi_masuk_id": None}]
    )  # fmt: skip
    kosong = pd.DataFrame(columns=["pinjaman_id", "waktu", "username", "aksi", "status",
                                   "keterangan", "kantor_kode", "kantor_nama", "teks"])  # fmt: skip
    return [
        komponen_koordinasi.tabel_saran([saran], {}, [True]),
        komponen_koordinasi.daftar_pinjaman(loan, {1: tuple(Aksi)}, kosong, kosong, {1}, {1: "k"}),
    ]


def _komponen_rute_armada() -> list:
    """The routes and fleet pages as a writer sees one kab/kota: the page frames, a plan with
    one vehicle and its edit form, one closure, one vehicle on the board; the province's
    water/air leg and hazard zone as an admin provinsi sees them."""
    waktu = dt.datetime(2024, 11, 24, 7, tzinfo=dt.UTC)
    rencana = tampilan_rute.RencanaTampil(
        rencana_id=1, status="usulan", dibuat_pada=waktu, diterima_pada=None, ada_diterima=False,
        batas=waktu, tidak_terlayani=(), pelanggaran=(), perubahan=(),
        kendaraan=(tampilan_rute.KendaraanTampil(1, "-", "truk", False, True, False, waktu,
                   (tampilan_rute.SinggahTampil("-", 1, waktu, 1, 1, kunci="1-0"),)),),
        armada=(UnitKendaraan(1, "-", "-", "truk", 1, 1),),
    )  # fmt: skip
    truk = BarisKendaraan(1, "00.00", "-", "-", "truk", "darat", 1.0, 1.0, "siap", "", False)
    papan = armada.PapanArmada("00.00", 1, 0, 0, 0, 0, (armada.BarisPapan(truk, "siap", 0),))
    tutup = {"id": 1, "alasan": "banjir", "tempat": "-", "keterangan": "-", "oleh": "-",
             "pada": "-"}  # fmt: skip
    return [
        komponen_rute.tata_letak_kabkota("ppk"),
        *komponen_rute.panel_rencana(rencana, "ppk", True, "/armada"),
        *komponen_rute.formulir_sunting(rencana, "ppk"),
        *komponen_rute.daftar_tutup([tutup], True),
        komponen_kelola_rute.daftar_lintasan(
            [
                rute.InfoLintasan(
                    1, "-", "laut", "-", (0.0, 0.0), "-", (0.0, 0.0), 1, "", None, True
                )
            ],
            True,
        ),
        komponen_kelola_rute.daftar_zona(
            [RingkasBahaya(1, "00", "banjir", "sedang", "-", 1.0, "-", None, waktu)],
            [kelola_jaringan.BerkasZona("-", 1, None, waktu)],
            True,
        ),
        komponen_armada.tata_letak(True),
        *komponen_armada.tabel_kendaraan(papan, True),
    ]


def _komponen_risiko() -> list:
    """The risk page as a writer sees one kab/kota: the heat map's cells, a risk it may
    review, a suggestion it may accept."""
    waktu = dt.datetime(2024, 11, 24, 7, tzinfo=dt.UTC)
    r = BarisRisiko(1, "00.00", "-", "-", "-", 3, 3, "-", "-", None, "terbuka", "manual", None,
                    None, waktu, None, waktu)  # fmt: skip
    usul = UsulanRisiko("terlambat", "00.00", "-", "-", 3, 3, "-")
    return [
        komponen_risiko.matriks(hitung_matriks([]), None),
        *komponen_risiko.tabel_risiko([r], {1: True}, "-"),
        *komponen_risiko.daftar_usulan([usul], True),
    ]


def tata_letak_validasi(app: dash.Dash) -> html.Div:
    """Every component a callback may name: the shell, every registered page's layout with its
    default arguments, and the components callbacks create. `app.validation_layout` is this, so
    a callback on a wrong id is found (tests/integration/test_app.py checks every id)."""
    with app.server.app_context():  # a page layout may read the settings from current_app
        halaman = [
            p["layout"]() if callable(p["layout"]) else p["layout"]
            for p in dash.page_registry.values()
        ]
    return html.Div([app.layout, *halaman, *_komponen_callback()])


# Run by the renderer before each callback request (assets/kampanye.js defines the function).
KAIT_KAMPANYE = "function(p) { if (window.kendaliKampanye) { window.kendaliKampanye(p); } }"


def create_app(settings: Settings | None = None) -> dash.Dash:
    """Build the Dash app (and its Flask server) for the given or environment settings."""
    settings = settings or Settings.from_env()
    server = Flask("dashboard", instance_path=str(PROJECT_ROOT / "instance"))
    server.config.update(
        SETTINGS=settings,
        # Never debug, whatever FLASK_DEBUG says: debug would also make Flask-Caching re-raise
        # a Redis failure instead of serving uncached.
        DEBUG=False,
        SECRET_KEY=settings.flask_secret(),
        TESTING=settings.testing,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        BOOTSTRAP_SERVE_LOCAL=True,
        # An upload is at most 5 MB; base64 in a callback body makes that ~7 MB.
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
    )
    Bootstrap5(server)
    cache.init_app(server, config=_konfigurasi_cache(settings))
    db.init_app(server, settings)
    _periksa_skema(server)

    app = DashBerkampanye(
        __name__,
        # Dash documents a server instance here but annotates the argument as
        # `bool | Callable[[], Any]`, which no Flask app (a WSGI callable) matches.
        server=server,  # type: ignore[arg-type]
        use_pages=True,
        pages_folder=str(Path(__file__).parent / "pages"),
        assets_folder=str(PROJECT_ROOT / "assets"),
        external_stylesheets=[BOOTSTRAP_CSS, BOOTSTRAP_ICONS_CSS],
        serve_locally=True,
        title="Pusat Kendali Logistik",
        update_title="",  # keep the tab's title while callbacks run ("" and None alike)
        # Still needed: with use_pages and no suppression Dash replaces `validation_layout` on
        # the first request by the pages' layouts alone, and the renderer would then report the
        # components callbacks create (the /input forms, the decision and incident buttons) as
        # missing. The full contract is `tata_letak_validasi`, checked by the tests.
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        on_error=galat.saat_galat_callback,
        # The campaign in the address bar goes with every callback request (assets/kampanye.js).
        hooks={"request_pre": KAIT_KAMPANYE},
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="id">')
    app.layout = shell()
    # Dash leaves `validation_layout` unannotated and sets it to None in __init__, so mypy
    # takes its type to be None; it is Dash's documented attribute for a layout like this.
    app.validation_layout = tata_letak_validasi(app)  # type: ignore[assignment]
    callbacks.register(app)
    web.register(app)
    return app
