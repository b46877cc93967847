"""Response cache for read-only callbacks, with stale-while-revalidate in background threads."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import brotli
from flask import Flask, Request, Response, current_app, g, request
from flask.globals import app_ctx
from sqlalchemy.exc import SQLAlchemyError

from dashboard.callbacks.daftar import jenis_callback
from dashboard.extensions import cache
from dashboard.services import tampilan
from dashboard.settings import BASI_MAKS_DETIK

# Set in the environ of the background request that recomputes a view (never by a client).
_SEGARKAN = "kendali.segarkan"
_penyegar: ThreadPoolExecutor | None = None
_penyegar_kunci = threading.Lock()
# How long a request waits for the same answer another request is computing (seconds).
TUNGGU_MAKS_DETIK = 3.0


def _kunci_respons() -> tuple[str, str, float] | None:
    """Cache keys of a read-only callback request and when its data version was read.

    `respons:` keys the body, the data version and the session; `akhir:` keys the body and
    the session only and holds the newest response of any version (served while it recomputes).
    """
    if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
        return None
    body = request.get_data(cache=True)
    try:
        keluaran = json.loads(body).get("output", "")
    except ValueError:
        return None
    if keluaran not in jenis_callback(current_app).baca:
        return None
    sesi = request.cookies.get(current_app.config.get("SESSION_COOKIE_NAME", "session"), "")
    try:
        versi, waktu = tampilan.versi_terbit()
    except SQLAlchemyError:
        return None  # database unreachable: let the callback run and report it
    dasar = body + b"|" + sesi.encode()
    h = hashlib.sha256(dasar + repr(versi).encode()).hexdigest()
    return f"respons:{h}", f"akhir:{hashlib.sha256(dasar).hexdigest()}", waktu


def _dari_cache() -> Response | None:
    kunci = _kunci_respons()
    g.kunci_respons = kunci
    g.kunci_hitung = None
    if kunci is None:
        return None
    try:
        simpan = cache.get(kunci[0])
        if simpan is not None:
            g.kunci_respons = None  # already stored: nothing for `_ke_cache` to do
            return _jawab(simpan)
        if request.environ.get(_SEGARKAN):
            return None  # the background recompute itself
        akhir = cache.get(kunci[1])
        # Stale-while-revalidate: the previous response, if it misses no write older than
        # BASI_MAKS_DETIK, is served at once while one worker recomputes in the background.
        if akhir is None or tampilan.jam() - akhir[0] > BASI_MAKS_DETIK:
            return _tunggu_yang_menghitung(kunci[0])
        if cache.add(f"segarkan:{kunci[0]}", 1, timeout=30):
            _segarkan_nanti(app_ctx.app, request)  # the app itself, not the context proxy
        g.kunci_respons = None
        return Response(akhir[1], mimetype="application/json")
    except Exception:  # a cache that is down must never take the dashboard down with it
        current_app.logger.warning("cache tidak dapat dibaca; melayani tanpa cache", exc_info=True)
        g.kunci_respons = None
        return None


def _tunggu_yang_menghitung(kunci: str) -> Response | None:
    """Compute a missing answer once: the first request computes it, the same request arriving
    meanwhile (any worker) waits up to TUNGGU_MAKS_DETIK for that answer instead of computing
    it again beside it, which on a busy machine makes every one of them slower."""
    if cache.add(f"hitung:{kunci}", 1, timeout=int(TUNGGU_MAKS_DETIK * 2)):
        g.kunci_hitung = f"hitung:{kunci}"
        return None
    batas = time.monotonic() + TUNGGU_MAKS_DETIK
    while time.monotonic() < batas:
        time.sleep(0.01)
        simpan = cache.get(kunci)
        if simpan is not None:
            g.kunci_respons = None
            return _jawab(simpan)
    return None  # the first one is taking too long (or failed): compute it here after all


def _jawab(simpan: tuple[bytes, bytes]) -> Response:
    """A cached answer, already brotli-compressed for a browser that accepts it: a warm
    request never compresses (web/aset.py compresses everything else)."""
    isi, isi_br = simpan
    if "br" in request.headers.get("Accept-Encoding", ""):
        resp = Response(isi_br, mimetype="application/json")
        resp.headers["Content-Encoding"] = "br"
    else:
        resp = Response(isi, mimetype="application/json")
    resp.headers["Vary"] = "Accept-Encoding"
    return resp


def _ke_cache(resp: Response) -> Response:
    kunci = getattr(g, "kunci_respons", None)
    if kunci and resp.status_code == 200 and not resp.direct_passthrough:
        isi = resp.get_data()
        mutu = current_app.config.get("COMPRESS_BR_LEVEL", 4)
        try:
            cache.set(kunci[0], (isi, brotli.compress(isi, quality=mutu)))
            cache.set(kunci[1], (kunci[2], isi))
        except Exception:
            current_app.logger.warning("cache tidak dapat ditulis", exc_info=True)
    if getattr(g, "kunci_hitung", None):
        try:
            cache.delete(g.kunci_hitung)
            g.kunci_hitung = None
        except Exception:
            current_app.logger.warning("cache tidak dapat ditulis", exc_info=True)
    return resp


def _segarkan_nanti(server: Flask, req: Request) -> None:
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


def register(server: Flask) -> None:
    """Serve repeated read-only callback requests from the shared cache (keyed on data version).

    A write changes the data version, read at most once per `versi_detik`; the first request
    after that gets the previous response (never more than BASI_MAKS_DETIK behind the data)
    while one worker recomputes in the background, so a burst of writes never makes every
    worker recompute every view at once.
    """
    server.before_request(_dari_cache)
    server.after_request(_ke_cache)
