"""Account rows: looked up for sign-in and each request, created and listed by the command line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.db import models
from dashboard.domain.akses import Akun


@dataclass(frozen=True)
class BarisPengguna:
    """An account with what only sign-in needs: whether it is active and its password hash."""

    akun: Akun
    aktif: bool
    password_hash: str


def _baris(p: models.Pengguna) -> BarisPengguna:
    return BarisPengguna(
        Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode), p.aktif, p.password_hash
    )


def pengguna(session: Session, pengguna_id: int) -> BarisPengguna | None:
    """Return the account with this id (active or not), or None."""
    p = session.get(models.Pengguna, pengguna_id)
    return _baris(p) if p is not None else None


def pengguna_bernama(session: Session, username: str) -> BarisPengguna | None:
    """Return the account with this username (active or not), or None.

    The exact spelling wins; otherwise the one account whose name matches ignoring case (a
    phone keyboard writes "Operator.3374"). Two accounts that differ only in case (made before
    names were compared this way) are ambiguous: neither is returned for another spelling.
    """
    p = session.scalar(select(models.Pengguna).where(models.Pengguna.username == username))
    if p is None:
        serupa = session.scalars(
            select(models.Pengguna)
            .where(func.lower(models.Pengguna.username) == username.lower())
            .limit(2)
        ).all()
        p = serupa[0] if len(serupa) == 1 else None
    return _baris(p) if p is not None else None


def nama_dipakai(session: Session, username: str) -> bool:
    """Tell whether an account already has this username, ignoring case."""
    return bool(
        session.scalar(
            select(models.Pengguna.id)
            .where(func.lower(models.Pengguna.username) == username.lower())
            .limit(1)
        )
    )


def tambah_pengguna(
    session: Session,
    *,
    username: str,
    nama: str,
    password_hash: str,
    peran: str,
    wilayah_kode: str | None,
) -> Akun:
    """Insert an active account and return it with its new id."""
    p = models.Pengguna(
        username=username,
        nama=nama,
        password_hash=password_hash,
        peran=peran,
        wilayah_kode=wilayah_kode,
        aktif=True,
    )
    session.add(p)
    session.flush()
    return _baris(p).akun


def semua_pengguna(session: Session) -> list[BarisPengguna]:
    """Return every account, by username."""
    rows = session.scalars(select(models.Pengguna).order_by(models.Pengguna.username))
    return [_baris(p) for p in rows]
