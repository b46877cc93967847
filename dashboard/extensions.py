"""Flask extensions bound per app in the factory (cache, database handles)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_caching import Cache
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.db.kampanye import kampanye_aktif
from dashboard.settings import Settings


class CacheKampanye(Cache):
    """flask-caching whose memoized keys name the active campaign (db.kampanye): the same
    function with the same arguments is another figure in another campaign."""

    def _memoize_make_cache_key(
        self,
        make_name: Callable[..., str] | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> Callable[..., str]:
        def nama(fname: str) -> str:
            dasar = make_name(fname) if callable(make_name) else fname
            return f"{dasar}@{kampanye_aktif() or ''}"

        return super()._memoize_make_cache_key(nama, *args, **kwargs)


cache = CacheKampanye()

BATAS_TUNGGU_TULIS = 120  # seconds a write waits for SQLite's single writer slot


@dataclass(frozen=True)
class _Handel:
    engine: Engine
    baca: sessionmaker
    tulis: sessionmaker
    # SQLite has one writer at a time. Threads of this process queue here, in order, instead
    # of polling the file lock (which lets an unlucky writer starve past its busy timeout).
    kunci_tulis: threading.Lock | None


class Basisdata:
    """The app's engine and session factories, kept on the Flask app (one per app)."""

    def init_app(self, server: Flask, settings: Settings) -> None:
        engine = buat_engine(settings.database_url, kolam=settings.kolam_basisdata)
        kunci = threading.Lock() if engine.dialect.name == "sqlite" else None
        server.extensions["basisdata"] = _Handel(
            engine, pembuat_sesi(engine), pembuat_sesi(engine, tulis=True), kunci
        )

    @property
    def _h(self) -> _Handel:
        return current_app.extensions["basisdata"]

    @property
    def engine(self) -> Engine:
        return self._h.engine

    @contextmanager
    def sesi_baca(self) -> Iterator[Session]:
        """Open a read-only unit of work."""
        with self._h.baca() as session:
            yield session

    @contextmanager
    def sesi_tulis(self) -> Iterator[Session]:
        """Open a write transaction: committed on success, rolled back on any error."""
        kunci = self._h.kunci_tulis
        if kunci is not None and not kunci.acquire(timeout=BATAS_TUNGGU_TULIS):
            raise TimeoutError("Basis data sedang sibuk menyimpan; coba simpan lagi sebentar lagi.")
        try:
            with self._h.tulis() as session, session.begin():
                yield session
        finally:
            if kunci is not None:
                kunci.release()


db = Basisdata()
