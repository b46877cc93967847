"""Reading back what the write path stored, inside a test app's context."""

from __future__ import annotations

from sqlalchemy import func, select

from dashboard.db import models
from dashboard.domain.akses import Akun
from dashboard.extensions import db


def akun(username: str) -> Akun:
    """Return a stored account as the write rules see it."""
    with db.sesi_baca() as s:
        p = s.scalar(select(models.Pengguna).where(models.Pengguna.username == username))
        return Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode)


def hitung() -> tuple[int, int, int]:
    """Return how many ledger rows and audit rows there are, and the good receipts summed."""
    with db.sesi_baca() as s:
        return (
            s.scalar(select(func.count()).select_from(models.Mutasi)),
            s.scalar(select(func.count()).select_from(models.Audit)),
            s.scalar(select(func.coalesce(func.sum(models.Ringkasan.diterima_baik), 0))),
        )
