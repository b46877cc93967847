"""Plain Flask routes beside Dash: boundary layers, and a response cache for read-only callbacks."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, g, request
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from dashboard.extensions import cache
from dashboard.services import peta


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


def _kunci_respons() -> str | None:
    """Cache key of a read-only callback request: its body, the data version and the session."""
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
        versi = tampilan.versi()
    except SQLAlchemyError:
        return None  # database unreachable: let the callback run and report it
    h = hashlib.sha256(body + repr(versi).encode() + sesi.encode()).hexdigest()
    return f"respons:{h}"


def _dari_cache():  # type: ignore[no-untyped-def]
    kunci = _kunci_respons()
    g.kunci_respons = kunci
    if kunci is None:
        return None
    try:
        isi = cache.get(kunci)
    except Exception:  # a cache that is down must never take the dashboard down with it
        current_app.logger.warning("cache tidak dapat dibaca; melayani tanpa cache", exc_info=True)
        g.kunci_respons = None
        return None
    if isi is None:
        return None
    return Response(isi, mimetype="application/json")


def _ke_cache(resp: Response) -> Response:
    kunci = getattr(g, "kunci_respons", None)
    if kunci and resp.status_code == 200 and not resp.direct_passthrough:
        try:
            cache.set(kunci, resp.get_data())
        except Exception:
            current_app.logger.warning("cache tidak dapat ditulis", exc_info=True)
    return resp


def register_cache_respons(server: Flask) -> None:
    """Serve repeated read-only callback requests from the shared cache (keyed on data version).

    A write bumps the data version, so the next request recomputes; nothing is stale.
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
    if cb is None:
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
    if not isinstance(badan.get("outputs", []), dict | list):
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
