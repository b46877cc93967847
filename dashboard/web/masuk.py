"""Login with flask-login: /masuk and /keluar, secure session cookies, optional read lock."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, redirect, render_template_string, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.wrappers import Response as ResponseWerkzeug

from dashboard import urls
from dashboard.callbacks.daftar import jenis_callback
from dashboard.domain.akses import alasan_tolak_menulis
from dashboard.extensions import db
from dashboard.services import akun as layanan_akun
from dashboard.services.akun import akun_sekarang
from dashboard.services.pencatatan import DiLuarWewenang

login_manager = LoginManager()

# Paths open without login even when LOGIN_WAJIB_BACA is set (login page and static files).
_TERBUKA = (urls.MASUK, "/assets/", "/_dash-component-suites/", "/bootstrap/", "/_favicon")

_HALAMAN = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Masuk — Pusat Kendali Logistik</title>
<link rel="stylesheet" href="/bootstrap/static/css/bootstrap.min.css">
</head><body class="bg-light">
<main class="container" style="max-width: 26rem; margin-top: 12vh">
  <h1 class="h4 mb-1">Pusat Kendali Logistik</h1>
  <p class="text-secondary mb-4">Masuk untuk mencatat penerimaan, distribusi dan kejadian.</p>
  {% if pesan %}<div class="alert alert-danger" role="alert">{{ pesan }}</div>{% endif %}
  <form method="post" action="{{ aksi }}" class="card card-body shadow-sm">
    <input type="hidden" name="next" value="{{ lanjut }}">
    <label class="form-label" for="username">Nama pengguna</label>
    <input class="form-control mb-3" id="username" name="username" autocomplete="username"
           autocapitalize="none" autocorrect="off" spellcheck="false"
           value="{{ username }}" required autofocus>
    <label class="form-label" for="kata_sandi">Kata sandi</label>
    <input class="form-control mb-3" id="kata_sandi" name="kata_sandi" type="password"
           autocomplete="current-password" required>
    <button class="btn btn-primary" type="submit">Masuk</button>
  </form>
  <p class="mt-3"><a href="{{ beranda }}">Kembali ke dasbor</a></p>
</main></body></html>"""


class _SesiAman(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request itself came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or (request and request.is_secure))


@login_manager.user_loader
def _muat(user_id: str) -> layanan_akun.PenggunaMasuk | None:
    try:
        pengguna_id = int(user_id)
    except ValueError:
        return None
    with db.sesi_baca() as s:
        a = layanan_akun.muat(s, pengguna_id)
    return layanan_akun.PenggunaMasuk(a) if a else None


def _halaman(*, pesan: str, lanjut: str, username: str) -> str:
    """The login page, with its form posting to /masuk."""
    return render_template_string(
        _HALAMAN,
        pesan=pesan,
        lanjut=lanjut,
        username=username,
        aksi=urls.MASUK,
        beranda=urls.RINGKASAN,
    )


def _lanjut_aman(teks: str | None) -> str:
    """Only follow a local path after login (no open redirect)."""
    u = urlsplit(teks or "/")
    if u.scheme or u.netloc or not (teks or "/").startswith("/") or (teks or "").startswith("//"):
        return "/"
    return teks or "/"


def _masuk() -> ResponseWerkzeug | str:
    lanjut = _lanjut_aman(request.values.get("next"))
    if request.method == "GET":
        return _halaman(pesan="", lanjut=lanjut, username="")
    username = request.form.get("username", "")
    with db.sesi_baca() as s:
        a = layanan_akun.periksa_masuk(s, username, request.form.get("kata_sandi", ""))
    if a is None:
        html = _halaman(
            pesan="Nama pengguna atau kata sandi salah.",
            lanjut=lanjut,
            username=username,
        )
        return Response(html, status=401)
    login_user(layanan_akun.PenggunaMasuk(a))
    return redirect(lanjut)


def _kunci_masuk() -> str:
    """Count attempts per client address and username, so one office cannot lock out another."""
    return f"{get_remote_address()}|{request.form.get('username', '').strip().lower()[:64]}"


def _terlalu_sering(e: RateLimitExceeded) -> Response:
    html = _halaman(
        pesan="Terlalu banyak percobaan masuk untuk akun ini. Tunggu satu menit, lalu coba lagi; "
        "hubungi admin provinsi bila lupa kata sandi.",
        lanjut=_lanjut_aman(request.values.get("next")),
        username=request.form.get("username", ""),
    )
    return Response(html, status=429)  # Flask-Limiter adds Retry-After


def _keluar() -> ResponseWerkzeug:
    logout_user()
    return redirect(urls.ringkasan())


def _wajib_masuk() -> ResponseWerkzeug | None:
    """With LOGIN_WAJIB_BACA, send anonymous visitors to the login page."""
    settings = current_app.config["SETTINGS"]
    if not settings.login_wajib_baca or akun_sekarang() is not None:
        return None
    if request.path.startswith(_TERBUKA) or (
        settings.halaman_publik and request.path == urls.PUBLIK
    ):
        return None
    if request.method == "GET" and not request.path.startswith("/_dash"):
        return redirect(urls.masuk(request.full_path.rstrip("?")))
    return Response("Silakan masuk terlebih dahulu.", status=401)


def _asal_asing() -> bool:
    """Tell whether a state-changing request comes from a page of another site."""
    asal = request.headers.get("Origin")
    if not asal or asal == "null":
        asal = request.headers.get("Referer")
        if not asal:
            return False  # not sent by a browser page (scripts, tests): the session decides
    u = urlsplit(asal)
    return f"{u.scheme}://{u.netloc}" != request.host_url.rstrip("/")


def _jaga_tulis() -> Response | None:
    """Refuse cross-site POSTs, write callbacks without a signed-in account (401), and write
    callbacks from a read-only role (403), before any of them runs."""
    if request.method != "POST":
        return None
    if _asal_asing():
        return Response("Permintaan dari situs lain ditolak.", status=403)
    if request.path.endswith("/_dash-update-component"):
        try:
            keluaran = str((request.get_json(silent=True, cache=True) or {}).get("output", ""))
        except AttributeError:
            return Response("Permintaan tidak sah.", status=400)
        if keluaran in jenis_callback(current_app).tulis:
            try:
                akun = akun_sekarang()
            except (OperationalError, InterfaceError):
                # Database down: the callback runs, finds it down too, writes nothing and says
                # so in the page banner (the account is loaded again there once it is back).
                return None
            alasan = alasan_tolak_menulis(akun)
            if alasan and akun is None:
                return Response(alasan, status=401)
            if alasan:
                return Response(f"Ditolak: {alasan}", status=403, mimetype="text/plain")
    return None


def _di_luar_wewenang(e: DiLuarWewenang) -> Response:
    """A write for another office's region (or by a read-only role) sent past the form."""
    return Response(f"Ditolak: {e}", status=403, mimetype="text/plain")


def register(server: Flask) -> None:
    """Attach flask-login, the login routes and the secure cookie settings to the server."""
    settings = server.config["SETTINGS"]
    https = settings.preferred_url_scheme == "https"
    server.config.update(
        PREFERRED_URL_SCHEME=settings.preferred_url_scheme,
        SESSION_COOKIE_SECURE=https,
        REMEMBER_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    server.session_interface = _SesiAman()
    login_manager.init_app(server)
    if settings.penyimpanan_batas().startswith("redis"):
        # Given as configuration: Limiter's `storage_options` argument is typed for str and int
        # options only, and Redis needs these timeouts in fractions of a second.
        server.config["RATELIMIT_STORAGE_OPTIONS"] = {
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
        }
    # Storage shared by every worker when Redis is configured; if Redis is down, each worker
    # falls back to counting in memory rather than refusing logins.
    limiter = Limiter(
        key_func=get_remote_address,
        app=server,
        storage_uri=settings.penyimpanan_batas(),
        key_prefix=settings.awalan_kunci(),
        strategy="fixed-window",
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        headers_enabled=True,
    )
    masuk = limiter.limit(settings.batas_masuk, key_func=_kunci_masuk, methods=["POST"])(_masuk)
    server.register_error_handler(RateLimitExceeded, _terlalu_sering)
    server.register_error_handler(DiLuarWewenang, _di_luar_wewenang)
    server.add_url_rule(urls.MASUK, "masuk", masuk, methods=["GET", "POST"])
    server.add_url_rule(urls.KELUAR, "keluar", _keluar, methods=["GET", "POST"])
    server.before_request(_jaga_tulis)
    server.before_request(_wajib_masuk)
