"""The PostgreSQL pool is sized from DB_POOL_SIZE: a threaded server gets a connection per
thread instead of threads waiting, out of order, on the default 10 + 10."""

from __future__ import annotations

import pytest

from dashboard.db.engine import buat_engine
from dashboard.settings import Settings

URL = "postgresql+psycopg://kpu@db.invalid/kendali"


def test_pool_size_comes_from_the_environment_and_is_checked() -> None:
    assert Settings.from_env({}).kolam_basisdata == 0
    assert Settings.from_env({"DB_POOL_SIZE": "40"}).kolam_basisdata == 40
    with pytest.raises(ValueError, match="DB_POOL_SIZE"):
        Settings.from_env({"DB_POOL_SIZE": "-1"})


def test_engine_pool_follows_the_setting() -> None:
    bawaan = buat_engine(URL).pool
    assert (bawaan.size(), bawaan._max_overflow) == (10, 10)  # type: ignore[attr-defined]
    diatur = buat_engine(URL, kolam=Settings.from_env({"DB_POOL_SIZE": "40"}).kolam_basisdata).pool
    assert (diatur.size(), diatur._max_overflow) == (40, 0)  # type: ignore[attr-defined]
