"""Bytes on the wire: every response compressed, assets cached for a year when their URL names
their content, and a plotly.js with only the traces the charts draw.

An office on a 3G line or a phone pays for every byte of the first page; a repeat visit should
cost only the page itself and its data.
"""

from __future__ import annotations

import hashlib
import re
import threading
from functools import lru_cache
from pathlib import Path

import dash
import plotly
from flask import Flask, Response, abort, request
from flask_compress import Compress

from dashboard.settings import PROJECT_ROOT

# The partial bundle (scatter, bar, pie) from npm's plotly.js-basic-dist-min, installed by
# `npm ci` (package.json) and never committed; 1.2 MB instead of the full 4.8 MB bundle.
PLOTLY_RINGAN = PROJECT_ROOT / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
PLOTLY_PENUH = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
URL_PLOTLY = "/_plotly/{sidik}.js"

SETAHUN = "public, max-age=31536000, immutable"
# Prefixes of URLs the app serves files from; a URL there with a fingerprint (Dash's `.v…m…`
# in the path, or a `?v=` / `?m=` / hash query) never changes its content.
_AWALAN_ASET = ("/_dash-component-suites/", "/assets/", "/bootstrap/static/", "/_favicon.ico")
# URLs whose path itself names the content: the chart library's hash, the boundary version.
_AWALAN_BERSIDIK = ("/_plotly/", "/geo/")
_SIDIK_DASH = re.compile(r"\.v[\w]+m\d+\.")


def berkas_plotly() -> Path:
    """The plotly.js the charts load: the partial bundle when installed, else the full one."""
    return PLOTLY_RINGAN if PLOTLY_RINGAN.is_file() else PLOTLY_PENUH


@lru_cache(maxsize=2)
def _isi_plotly(path: Path) -> tuple[bytes, str]:
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:16]


def url_plotly() -> str:
    """The fingerprinted URL of the plotly.js in use (changes when the file does)."""
    return URL_PLOTLY.format(sidik=_isi_plotly(berkas_plotly())[1])


def skrip_url_plotly() -> str:
    """An inline script that points Dash's lazy Plotly loader at `url_plotly()`.

    Dash's renderer sets `window._dashPlotlyJSURL` when it mounts (to the full bundle of the
    plotly package) and dcc.Graph loads that URL when a page first draws a chart, so only
    chart pages ever fetch plotly.js. The property keeps our URL and ignores that assignment.
    """
    return (
        '<script>Object.defineProperty(window,"_dashPlotlyJSURL",'
        f'{{get:function(){{return "{url_plotly()}"}},set:function(){{}}}});</script>'
    )


def _sajikan_plotly(sidik: str) -> Response:
    data, sidik_kini = _isi_plotly(berkas_plotly())
    if sidik != sidik_kini:
        abort(404)
    return Response(data, mimetype="text/javascript")  # kept a year: `_tajuk_cache`


def bersidik(path: str, query: bytes) -> bool:
    """Tell whether an asset URL names its content (so it may be cached for a year)."""
    if path.startswith(_AWALAN_BERSIDIK):
        return True
    if not path.startswith(_AWALAN_ASET):
        return False
    return bool(query) or bool(_SIDIK_DASH.search(path))


def _tajuk_cache(resp: Response) -> Response:
    if (
        request.method in ("GET", "HEAD")
        and resp.status_code in (200, 304)
        and bersidik(request.path, request.query_string)
    ):
        resp.headers["Cache-Control"] = SETAHUN
        if resp.is_streamed:
            # A file sent from disk: read it, so it is compressed once and kept (below)
            # instead of compressed again, chunk by chunk, for every visitor.
            resp.direct_passthrough = False
            resp.make_sequence()
    return resp


class _CacheKompresi:
    """Flask-Compress's cache: each fingerprinted asset is compressed once per process.

    Flask-Compress asks this cache for every response it compresses; only keys of assets that
    never change are kept (a few MB per worker), every other response is compressed afresh.
    """

    BATAS_BYTE = 64 * 1024 * 1024  # past this (many boundary layers), start again

    def __init__(self) -> None:
        self._isi: dict[str, bytes] = {}
        self._ukuran = 0
        self._kunci = threading.Lock()

    def get(self, kunci: str) -> bytes | None:
        return self._isi.get(kunci)

    def set(self, kunci: str, isi: bytes) -> None:
        if kunci.endswith(";") or kunci in self._isi:
            return
        with self._kunci:
            if self._ukuran + len(isi) > self.BATAS_BYTE:
                self._isi.clear()
                self._ukuran = 0
            self._isi[kunci] = isi
            self._ukuran += len(isi)


def _kunci_kompresi(_req: object) -> str:
    """The compressed-cache key of a request: its URL for a fingerprinted asset, else ''."""
    if request.method == "GET" and bersidik(request.path, request.query_string):
        return request.full_path
    return ""


def register(server: Flask) -> None:
    """Compress every response (brotli or gzip, as the browser accepts), cache fingerprinted
    assets for a year, and serve the chart library at a fingerprinted URL."""
    server.config.update(
        COMPRESS_REGISTER=False,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_STREAMS=False,  # downloads stream as they are (zip, xlsx: compressed)
        COMPRESS_MIMETYPES=[
            "text/html",
            "text/css",
            "text/plain",
            "text/csv",
            "text/javascript",
            "application/javascript",
            "application/json",
            "application/geo+json",
            "image/svg+xml",
            "image/x-icon",
            "image/vnd.microsoft.icon",
            "font/ttf",
        ],
        COMPRESS_CACHE_BACKEND=_CacheKompresi,
        COMPRESS_CACHE_KEY=_kunci_kompresi,
    )
    kompres = Compress(server)
    server.add_url_rule("/_plotly/<sidik>.js", "plotly_js", _sajikan_plotly)
    # After-request functions run last-registered first: compression goes first in the list so
    # it runs after every other hook has seen (and the response cache has stored) the body.
    server.after_request_funcs.setdefault(None, []).insert(0, kompres.after_request)
    server.after_request(_tajuk_cache)


def pasang_url_plotly(app: dash.Dash) -> None:
    """Put the script that points dcc.Graph at our plotly.js in the page, before Dash's own."""
    app.index_string = app.index_string.replace(
        "{%config%}", skrip_url_plotly() + "\n            {%config%}", 1
    )
