"""Plain Flask routes beside Dash: boundary layers, and a response cache for read-only callbacks."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, g, request
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from dashboard.extensions import cache
from dashboard.services import peta
from dashboard.settings import BASI_MAKS_DETIK


def _lapisan(versi: str, induk: str, tingkat: int) -> Response:
    try:
        data = peta.lapisan_geojson(induk, tingkat)
    except ValueError:
        abort(404)
    etag = f'"{peta.versi_batas()}-{induk}-{tingkat}"'
    if request.if_none_match and etag.strip('"') in request.if_none_match:
        return Response(status=304, headers={"ETag": etag})
    gz = "gzip" in (request.headers.get("Accept-Encoding") or "")
    body = gzip.compress(data, compresslevel=6, mtime=0) if gz else data
    resp = Response(body, mimetype="application/geo+json")
    resp.headers["ETag"] = etag
    # The version is in the URL, so a layer never changes under it: cache for a day.
    resp.headers["Cache-Control"] = "public, max-age=86400, immutable"
    resp.headers["Vary"] = "Accept-Encoding"
    if gz:
        resp.headers["Content-Encoding"] = "gzip"
    return resp


def _templat(jenis: str, format_: str) -> Response:
    """Serve an empty upload template; its code sheet lists the account's own regions."""
    from dashboard.domain.buku_besar import JenisMutasi
    from dashboard.masuk import pelaku_sekarang
    from dashboard.services.unggahan import templat

    try:
        jm = JenisMutasi(jenis)
    except ValueError:
        abort(404)
    if format_ not in ("xlsx", "csv"):
        abort(404)
    pelaku = pelaku_sekarang()
    isi = templat(jm, format_, pelaku.akun, pelaku.provinsi)
    mimetype = (
        "text/csv"
        if format_ == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp = Response(isi, mimetype=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="templat_{jm.value}.{format_}"'
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


def register_routes(server: Flask) -> None:
    """Attach the boundary route and the read-only callback response cache to the server."""
    server.add_url_rule(
        "/geo/<versi>/<induk>/<int:tingkat>.json", "lapisan_batas", _lapisan, methods=["GET"]
    )
    server.add_url_rule(
        "/input/templat/<jenis>.<format_>", "templat_unggahan", _templat, methods=["GET"]
    )
    server.register_error_handler(413, _terlalu_besar)
    server.register_error_handler(OperationalError, _basis_data_padam)
    server.register_error_handler(InterfaceError, _basis_data_padam)
    register_cache_respons(server)
    register_tajuk_keamanan(server)


def _terlalu_besar(_e: Exception) -> Response:
    """Say plainly why a request over MAX_CONTENT_LENGTH was refused (nothing was read)."""
    batas = current_app.config["MAX_CONTENT_LENGTH"] // 1_048_576
    return Response(
        f"Berkas terlalu besar: permintaan melebihi {batas} MB dan tidak diproses. Unggahan "
        "paling besar 5 MB; bagi berkas menjadi beberapa bagian.",
        status=413,
        mimetype="text/plain",
    )


_HALAMAN_PADAM = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Basis data tidak dapat dihubungi</title>
<link rel="stylesheet" href="/bootstrap/static/css/bootstrap.min.css"></head>
<body class="bg-light"><main class="container" style="max-width: 36rem; margin-top: 12vh">
<div class="alert alert-danger" role="alert" id="pesan-basis-data">
<strong>Basis data sedang tidak dapat dihubungi.</strong> Tidak ada yang disimpan dari permintaan
ini; data yang sudah tersimpan aman. Coba lagi sebentar lagi.</div>
<p><a href="">Muat ulang</a></p></main></body></html>"""


def _basis_data_padam(e: Exception) -> Response:
    """Answer any request the database could not serve with a plain 503, never a bare 500.

    Dash callbacks report it in the page banner themselves (factory._saat_galat); this covers
    login, templates, boundary layers and anything else outside a callback.
    """
    current_app.logger.warning("basis data tidak dapat dihubungi: %s", e)
    # A fixed page, not a template: template context would load the signed-in account (the DB).
    return Response(_HALAMAN_PADAM, status=503, headers={"Retry-After": "10"})


# Read-only views whose callback responses depend only on their inputs and the data version.
KELUARAN_BACA = (
    "..shell-judul",
    "..wilayah-judul",
    "..peta-",
    "..stok-jenis.options",
    "..distribusi-",
    "distribusi-linimasa.figure",
)


# Set in the environ of the background request that recomputes a view (never by a client).
_SEGARKAN = "kendali.segarkan"
_penyegar: ThreadPoolExecutor | None = None
_penyegar_kunci = threading.Lock()


def _kunci_respons() -> tuple[str, str, float] | None:
    """Cache keys of a read-only callback request and when its data version was read.

    `respons:` keys the body, the data version and the session; `akhir:` keys the body and
    the session only and holds the newest response of any version (served while it recomputes).
    """
    from dashboard.services import tampilan

    if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
        return None
    body = request.get_data(cache=True)
    try:
        keluaran = json.loads(body).get("output", "")
    except ValueError:
        return None
    if not str(keluaran).startswith(KELUARAN_BACA):
        return None
    sesi = request.cookies.get(current_app.config.get("SESSION_COOKIE_NAME", "session"), "")
    try:
        versi, waktu = tampilan.versi_terbit()
    except SQLAlchemyError:
        return None  # database unreachable: let the callback run and report it
    dasar = body + b"|" + sesi.encode()
    h = hashlib.sha256(dasar + repr(versi).encode()).hexdigest()
    return f"respons:{h}", f"akhir:{hashlib.sha256(dasar).hexdigest()}", waktu


def _dari_cache():  # type: ignore[no-untyped-def]
    from dashboard.services.tampilan import _jam

    kunci = _kunci_respons()
    g.kunci_respons = kunci
    if kunci is None:
        return None
    try:
        isi = cache.get(kunci[0])
        if isi is not None:
            return Response(isi, mimetype="application/json")
        if request.environ.get(_SEGARKAN):
            return None  # the background recompute itself
        akhir = cache.get(kunci[1])
        # Stale-while-revalidate: the previous response, if it misses no write older than
        # BASI_MAKS_DETIK, is served at once while one worker recomputes in the background.
        if akhir is None or _jam() - akhir[0] > BASI_MAKS_DETIK:
            return None
        if cache.add(f"segarkan:{kunci[0]}", 1, timeout=30):
            _segarkan_nanti(current_app._get_current_object(), request)
        g.kunci_respons = None
        return Response(akhir[1], mimetype="application/json")
    except Exception:  # a cache that is down must never take the dashboard down with it
        current_app.logger.warning("cache tidak dapat dibaca; melayani tanpa cache", exc_info=True)
        g.kunci_respons = None
        return None


def _ke_cache(resp: Response) -> Response:
    kunci = getattr(g, "kunci_respons", None)
    if kunci and resp.status_code == 200 and not resp.direct_passthrough:
        isi = resp.get_data()
        try:
            cache.set(kunci[0], isi)
            cache.set(kunci[1], (kunci[2], isi))
        except Exception:
            current_app.logger.warning("cache tidak dapat ditulis", exc_info=True)
    return resp


def _segarkan_nanti(server: Flask, req) -> None:  # type: ignore[no-untyped-def]
    """Recompute a callback response in a background thread of this worker, then cache it."""
    global _penyegar
    with _penyegar_kunci:
        if _penyegar is None:
            _penyegar = ThreadPoolExecutor(max_workers=2, thread_name_prefix="segarkan")
    tajuk = {"Content-Type": "application/json"}
    if req.headers.get("Cookie"):
        tajuk["Cookie"] = req.headers["Cookie"]
    _penyegar.submit(_segarkan, server, req.path, req.get_data(cache=True), tajuk)


def _segarkan(server: Flask, path: str, body: bytes, tajuk: dict[str, str]) -> None:
    try:
        with server.test_request_context(
            path, method="POST", data=body, headers=tajuk, environ_base={_SEGARKAN: True}
        ):
            server.full_dispatch_request()
    except Exception:
        server.logger.warning("gagal menyegarkan cache tampilan", exc_info=True)


def tunggu_penyegaran() -> None:
    """Wait until every background recompute started so far has finished (tests, benchmarks)."""
    global _penyegar
    with _penyegar_kunci:
        lama, _penyegar = _penyegar, None
    if lama is not None:
        lama.shutdown(wait=True)


def register_cache_respons(server: Flask) -> None:
    """Serve repeated read-only callback requests from the shared cache (keyed on data version).

    A write changes the data version, read at most once per `versi_detik`; the first request
    after that gets the previous response (never more than BASI_MAKS_DETIK behind the data)
    while one worker recomputes in the background, so a burst of writes never makes every
    worker recompute every view at once.
    """
    server.before_request(_dari_cache)
    server.after_request(_ke_cache)


_SKRIP_INLINE = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def _csp(resp: Response) -> str:
    """A Content-Security-Policy as strict as Dash allows: no inline script except Dash's own
    bootstrap snippets, allowed by their hashes; nothing from other origins."""
    hashes = ""
    if resp.mimetype == "text/html" and not resp.direct_passthrough:
        for isi in _SKRIP_INLINE.findall(resp.get_data()):
            if isi.strip():
                digest = base64.b64encode(hashlib.sha256(isi).digest()).decode()
                hashes += f" 'sha256-{digest}'"
    settings = current_app.config["SETTINGS"]
    ubin = ""
    if settings.map_tile_url:
        asal = urlsplit(settings.map_tile_url.replace("{s}", "a"))
        ubin = f" {asal.scheme}://{asal.netloc.replace('a.', '*.', 1)}"
    return (
        "default-src 'self'; "
        f"script-src 'self'{hashes}; "
        "style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: blob:{ubin}; "
        "font-src 'self' data:; "
        "connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def _tajuk_keamanan(resp: Response) -> Response:
    resp.headers.setdefault("Content-Security-Policy", _csp(resp))
    resp.headers.setdefault("X-Frame-Options", "DENY")
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    return resp


def register_tajuk_keamanan(server: Flask) -> None:
    """Send security headers (CSP, frame options, nosniff, referrer policy) on every response."""
    server.after_request(_tajuk_keamanan)


def _badan_sah(badan: object, peta: dict) -> bool:
    """Tell whether a /_dash-update-component body names a known callback in Dash's own shape.

    Dash trusts the renderer and fails with a 500 on anything else; a forged or damaged body
    gets a 400 here instead, before any callback (or write) runs.
    """
    if not isinstance(badan, dict) or not isinstance(badan.get("output"), str):
        return False
    cb = peta.get(badan["output"])
    if cb is None or "callback" not in cb:  # unknown, or run in the browser (clientside)
        return False
    masukan, keadaan = badan.get("inputs"), badan.get("state", [])
    if not isinstance(masukan, list) or not isinstance(keadaan, list):
        return False
    if len(masukan) != len(cb["inputs"]) or len(keadaan) != len(cb.get("state", [])):
        return False
    for isi in masukan + keadaan:
        for satu in isi if isinstance(isi, list) else [isi]:
            if not isinstance(satu, dict) or not {"id", "property"} <= satu.keys():
                return False
    keluaran, indeks = badan.get("outputs", []), cb.get("outputs_indices", 0)
    if isinstance(indeks, list):  # several outputs: one entry each, in order
        if not isinstance(keluaran, list) or len(keluaran) != len(indeks):
            return False
    elif not isinstance(keluaran, dict | list):
        return False
    berubah = badan.get("changedPropIds", [])
    return isinstance(berubah, list) and all(isinstance(b, str) for b in berubah)


def register_pemeriksa_callback(server: Flask, peta: dict) -> None:
    """Refuse callback requests whose body Dash would choke on (`peta`: app.callback_map)."""

    def periksa() -> Response | None:
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        if not _badan_sah(request.get_json(silent=True, cache=True), peta):
            return Response("Permintaan tidak sah.", status=400, mimetype="text/plain")
        return None

    # First, so no other hook (login, cache) works on a body that is not a callback request.
    server.before_request_funcs.setdefault(None, []).insert(0, periksa)
