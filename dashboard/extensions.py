"""Flask extensions bound per app in the factory (cache, database handles)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app
from flask_caching import Cache
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.settings import Settings

cache = Cache()


@dataclass(frozen=True)
class _Handel:
    engine: Engine
    baca: sessionmaker
    tulis: sessionmaker


class Basisdata:
    """The app's engine and session factories, kept on the Flask app (one per app)."""

    def init_app(self, server: Flask, settings: Settings) -> None:
        engine = buat_engine(settings.database_url)
        server.extensions["basisdata"] = _Handel(
            engine, pembuat_sesi(engine), pembuat_sesi(engine, tulis=True)
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
        with self._h.tulis() as session, session.begin():
            yield session


db = Basisdata()
