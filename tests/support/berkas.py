"""Upload helpers: a workbook as an operator's Excel saves it, and who uploads it."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from sqlalchemy import select

from dashboard.db import models
from dashboard.domain.akses import Akun
from dashboard.extensions import db
from dashboard.services.pencatatan import Pelaku
from tests.support.kampanye import PROVINSI_KECIL


def buku_kerja(
    baris: Sequence[Sequence[object]], judul: Sequence[str], lembar: str = "Data"
) -> bytes:
    """An .xlsx with one sheet: the header row, then the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = lembar
    ws.append(list(judul))
    for r in baris:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pelaku(username: str, provinsi: str = PROVINSI_KECIL) -> Pelaku:
    """The writer signed in as `username` (needs the app context)."""
    with db.sesi_baca() as s:
        p = s.scalar(select(models.Pengguna).where(models.Pengguna.username == username))
        return Pelaku(Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode), provinsi)
