"""Security headers on every response, and a check of Dash's callback request format."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

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


def register(server: Flask, peta: dict) -> None:
    """Send security headers on every response; refuse callback requests whose body Dash
    would choke on (`peta`: app.callback_map)."""
    server.after_request(_tajuk_keamanan)

    def periksa() -> Response | None:
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        if not _badan_sah(request.get_json(silent=True, cache=True), peta):
            return Response("Permintaan tidak sah.", status=400, mimetype="text/plain")
        return None

    # First, so no other hook (login, cache) works on a body that is not a callback request.
    server.before_request_funcs.setdefault(None, []).insert(0, periksa)
