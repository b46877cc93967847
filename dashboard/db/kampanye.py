"""Which campaign a unit of work sees: one database holds several (docs/kampanye.md).

Every campaign-scoped table carries `pemilihan_kode`. A session's ORM statements (selects,
updates, deletes, `Session.get`) are limited to one campaign by `with_loader_criteria`, added
on the `do_orm_execute` event, so no query has to remember it; new rows get the campaign from
their column default. The campaign is the one set with `dengan_kampanye` (the web edge sets it
per request from `?kampanye=`), else the database's newest election.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from sqlalchemy import Select, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from dashboard.db import models

SEMUA_KAMPANYE = "semua_kampanye"
"""Execution option: read across every campaign (the picker, backups, the registry itself)."""

_aktif: ContextVar[str | None] = ContextVar("kampanye_aktif", default=None)


@contextmanager
def dengan_kampanye(kode: str | None) -> Iterator[None]:
    """Let everything inside see campaign `kode` (None: the database's default campaign)."""
    token = _aktif.set(kode)
    try:
        yield
    finally:
        _aktif.reset(token)


def atur_kampanye(kode: str) -> Token[str | None]:
    """Set the active campaign until `lepas_kampanye` (a request's life, at the web edge)."""
    return _aktif.set(kode)


def lepas_kampanye(token: Token[str | None]) -> None:
    """Undo `atur_kampanye`."""
    _aktif.reset(token)


def kampanye_aktif() -> str | None:
    """The campaign set by `dengan_kampanye`, or None when the default applies."""
    return _aktif.get()


def pilih_kampanye(*kolom: Any) -> Select:
    """Select `kolom` of every campaign, newest election first, across campaigns."""
    k, p = models.Kampanye, models.Pemilihan
    return (
        select(*kolom)
        .select_from(k)
        .join(p, p.kode == k.pemilihan_kode)
        .order_by(p.hari_pemungutan.desc(), k.id.desc())
        .execution_options(**{SEMUA_KAMPANYE: True})
    )


def _bawaan(conn: Connection) -> str | None:
    """The database's default campaign: the newest election it holds (None when empty)."""
    kode: str | None = conn.execute(
        pilih_kampanye(models.Kampanye.pemilihan_kode).limit(1)
    ).scalar()
    return kode


def kampanye_koneksi(conn: Connection) -> str | None:
    """The campaign a statement on `conn` belongs to: the active one, else the default."""
    return _aktif.get() or _bawaan(conn)


def kampanye_sesi(session: Session) -> str | None:
    """The campaign `session` sees, looked up once per session when none is active."""
    aktif = _aktif.get()
    if aktif is not None:
        return aktif
    kode: str | None = session.info.get("kampanye")
    if kode is None:
        # Not kept while the database has none: a build adds its campaign in this session.
        kode = _bawaan(session.connection())
        if kode is not None:
            session.info["kampanye"] = kode
    return kode


def isi_bawaan(context: DefaultExecutionContext) -> str:
    """Column default of `pemilihan_kode`: the campaign of the inserting statement."""
    kode = kampanye_koneksi(context.root_connection)
    if kode is None:
        raise RuntimeError("Belum ada kampanye di basis data; baris kampanye tidak dapat ditulis")
    return kode


@event.listens_for(Session, "do_orm_execute")
def _batasi(state: ORMExecuteState) -> None:
    """Limit every ORM select, update and delete to the session's campaign."""
    if state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get(SEMUA_KAMPANYE):
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    kode = kampanye_sesi(state.session)
    if kode is None:
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            models.BerKampanye,
            lambda cls: cls.pemilihan_kode == kode,
            include_aliases=True,
        ),
        with_loader_criteria(models.Pemilihan, models.Pemilihan.kode == kode),
    )
