"""Accounts: password checks (werkzeug hashes), creating and listing users."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import UserMixin, current_user
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.db import akun as db_akun
from dashboard.db import queries
from dashboard.domain.akses import Akun, periksa_akun_baru, wilayah_akun

# Checked against when the username is unknown, so a wrong name costs as long as a wrong password.
_HASH_KOSONG = generate_password_hash("tidak-ada-akun-ini")


@dataclass(frozen=True)
class PenggunaMasuk(UserMixin):
    """The flask-login user: an account read from the database on every request."""

    akun: Akun

    def get_id(self) -> str:
        return str(self.akun.id)


def akun_sekarang() -> Akun | None:
    """Return the signed-in account from the server-side session, or None."""
    if current_user and current_user.is_authenticated:
        return current_user.akun
    return None


def muat(session: Session, pengguna_id: int) -> Akun | None:
    """Return the active account with this id, or None."""
    p = db_akun.pengguna(session, pengguna_id)
    return p.akun if p is not None and p.aktif else None


def periksa_masuk(session: Session, username: str, kata_sandi: str) -> Akun | None:
    """Return the account when username and password match an active account."""
    p = db_akun.pengguna_bernama(session, username.strip())
    if p is None or not p.aktif:
        check_password_hash(_HASH_KOSONG, kata_sandi)
        return None
    return p.akun if check_password_hash(p.password_hash, kata_sandi) else None


def tambah(
    session: Session,
    username: str,
    kata_sandi: str,
    peran: str,
    wilayah_kode: str | None,
    provinsi: str,
    nama: str = "",
) -> Akun:
    """Create an account; raise ValueError with every reason it cannot be created."""
    salah = periksa_akun_baru(peran, wilayah_kode, provinsi)
    if len(kata_sandi) < 8:
        salah.append("Kata sandi minimal 8 karakter")
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        salah.append("Nama pengguna wajib diisi, tanpa spasi, paling panjang 64 karakter")
    if db_akun.nama_dipakai(session, username):
        salah.append(f"Nama pengguna '{username}' sudah dipakai")
    if wilayah_kode and not queries.wilayah_ada(session, wilayah_kode):
        salah.append(f"Wilayah {wilayah_kode} tidak dikenal")
    if salah:
        raise ValueError("; ".join(salah))
    return db_akun.tambah_pengguna(
        session,
        username=username,
        nama=nama or username,
        password_hash=generate_password_hash(kata_sandi),
        peran=peran,
        wilayah_kode=wilayah_akun(peran, wilayah_kode, provinsi),
    )


def daftar(session: Session) -> list[tuple[Akun, bool]]:
    """Return every account with its active flag, by username."""
    return [(p.akun, p.aktif) for p in db_akun.semua_pengguna(session)]
