"""Login: /masuk and /keluar, cookie flags, optional read lock, `users` command."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from dashboard.db import models
from dashboard.factory import create_app
from dashboard.services import akun as layanan_akun
from dashboard.tools import cli
from dashboard.tools.benchmark import Panggilan, badan_panggilan
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.pengaturan import settings_uji


@pytest.fixture
def salinan33(demo33, tmp_path: Path) -> str:
    """A private copy of the Jawa Tengah demo, safe to write to."""
    url, _info = demo33
    tujuan = tmp_path / "kendali.db"
    shutil.copy(url.removeprefix("sqlite:///"), tujuan)
    return f"sqlite:///{tujuan}"


def test_login_sets_httponly_lax_cookie_and_shows_user(salinan33: str) -> None:
    app = create_app(settings_uji(salinan33))
    c = app.server.test_client()
    assert c.get("/masuk").status_code == 200
    r = c.post("/masuk", data={"username": "operator.3374", "kata_sandi": KATA_SANDI_DEMO})
    assert r.status_code == 302
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    with c.session_transaction() as s:
        assert s.get("_user_id")


def test_username_is_matched_ignoring_case(salinan33: str) -> None:
    """A phone keyboard capitalises the first letter: "Operator.3374" is operator.3374."""
    c = create_app(settings_uji(salinan33)).server.test_client()
    for nama in ("Operator.3374", "OPERATOR.3374", " operator.3374 "):
        r = c.post("/masuk", data={"username": nama, "kata_sandi": KATA_SANDI_DEMO})
        assert r.status_code == 302, nama
        with c.session_transaction() as s:
            assert s.get("_user_id")
        c.get("/keluar")
    r = c.post("/masuk", data={"username": "Operator.3374", "kata_sandi": "salah-sandi"})
    assert r.status_code == 401


def test_accounts_differing_only_in_case_keep_their_exact_names(salinan33: str) -> None:
    """Two accounts made before names were compared ignoring case each keep signing in by their
    exact name; a third spelling is ambiguous and refused; a new look-alike name is refused."""
    engine = create_engine(salinan33)
    with Session(engine) as s, s.begin():
        for nama, sandi in (("Kembar", "sandi-besar-1"), ("kembar", "sandi-kecil-1")):
            s.add(
                models.Pengguna(
                    username=nama, nama=nama, password_hash=generate_password_hash(sandi),
                    peran="pimpinan", wilayah_kode=None, aktif=True,
                )
            )  # fmt: skip
    with Session(engine) as s:
        with pytest.raises(ValueError, match="sudah dipakai"):
            layanan_akun.tambah(s, "OPERATOR.3374", "rahasia-panjang", "pimpinan", None, "33")
    engine.dispose()
    c = create_app(settings_uji(salinan33)).server.test_client()
    for nama, sandi, status in (
        ("Kembar", "sandi-besar-1", 302),
        ("kembar", "sandi-kecil-1", 302),
        ("KEMBAR", "sandi-besar-1", 401),
    ):
        assert c.post("/masuk", data={"username": nama, "kata_sandi": sandi}).status_code == status
        c.get("/keluar")


def test_login_fields_tell_phone_keyboards_what_they_hold(salinan33: str) -> None:
    halaman = create_app(settings_uji(salinan33)).server.test_client().get("/masuk").text
    nama = re.search(r'<input[^>]*id="username"[^>]*>', halaman).group(0)
    sandi = re.search(r'<input[^>]*id="kata_sandi"[^>]*>', halaman).group(0)
    for atribut in ('autocapitalize="none"', 'autocorrect="off"', 'autocomplete="username"'):
        assert atribut in nama
    assert 'autocomplete="current-password"' in sandi


def test_wrong_password_is_refused(salinan33: str) -> None:
    c = create_app(settings_uji(salinan33)).server.test_client()
    r = c.post("/masuk", data={"username": "operator.3374", "kata_sandi": "salah-sandi"})
    assert r.status_code == 401
    assert "salah" in r.get_data(as_text=True)


@pytest.mark.parametrize("skema", ["https", "http"])
def test_cookie_is_secure_over_https(salinan33: str, skema: str) -> None:
    """Secure when configured for https, and whenever the request itself came over https."""
    app = create_app(settings_uji(salinan33).with_(preferred_url_scheme=skema))
    c = app.server.test_client()
    r = c.post(
        "/masuk",
        data={"username": "operator.3374", "kata_sandi": KATA_SANDI_DEMO},
        base_url="https://localhost",
    )
    cookie = r.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_next_after_login_stays_local(salinan33: str) -> None:
    c = create_app(settings_uji(salinan33)).server.test_client()
    data = {"username": "admin.33", "kata_sandi": KATA_SANDI_DEMO, "next": "//jahat.example/x"}
    assert c.post("/masuk", data=data).headers["Location"] == "/"


def test_read_lock_sends_anonymous_to_login(salinan33: str) -> None:
    terbuka = create_app(settings_uji(salinan33)).server.test_client()
    assert terbuka.get("/stok").status_code == 200
    app = create_app(settings_uji(salinan33).with_(login_wajib_baca=True))
    c = app.server.test_client()
    r = c.get("/stok")
    assert r.status_code == 302 and r.headers["Location"].startswith("/masuk")
    kunci = next(k for k in app.callback_map if k.startswith("..shell-judul"))
    badan = badan_panggilan(
        Panggilan(
            "x",
            kunci,
            [
                ("url", "pathname", "/"),
                ("segarkan-interval", "n_intervals", 0),
                ("url", "search", ""),
            ],
            "url",
        )
    )
    assert c.post("/_dash-update-component", json=badan).status_code == 401
    assert c.post("/_dash-update-component", json={}).status_code in (400, 401)
    c.post("/masuk", data={"username": "pimpinan.33", "kata_sandi": KATA_SANDI_DEMO})
    assert c.get("/stok").status_code == 200
    c.get("/keluar")
    assert c.get("/stok").status_code == 302


def test_users_add_and_list(salinan33: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", salinan33)
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-panjang\n"))
    kode = cli.main(
        [
            "users",
            "add",
            "budi",
            "--peran",
            "operator_kabkota",
            "--wilayah",
            "33.74",
            "--kata-sandi-stdin",
        ]
    )
    assert kode == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-panjang\n"))
    assert (
        cli.main(["users", "add", "ani", "--peran", "operator_kabkota", "--kata-sandi-stdin"]) == 2
    )
    assert cli.main(["users", "list"]) == 0
    keluar = capsys.readouterr()
    assert "budi" in keluar.out and "ani " not in keluar.out
    assert "kode kab/kota" in keluar.err
    c = create_app(settings_uji(salinan33)).server.test_client()
    r = c.post("/masuk", data={"username": "budi", "kata_sandi": "rahasia-panjang"})
    assert r.status_code == 302
