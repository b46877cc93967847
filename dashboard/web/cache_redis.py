"""The shared Redis cache, made to step aside while Redis is down or hung.

Flask-Caching's own decorators already fall back to computing when the backend raises, but each
call still waits for Redis first (up to the socket timeout when Redis hangs) and logs a
traceback. A view makes a dozen cache calls, so a hung Redis would slow every page by seconds.
Here the first failure makes the cache answer "not cached" at once for `JEDA_DETIK`; then one
call tries Redis again, and caching resumes by itself as soon as Redis answers.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any

from flask_caching.backends.rediscache import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

JEDA_DETIK = 5.0


class RedisTahanGangguan(RedisCache):
    """RedisCache whose every operation degrades to a cache miss while Redis is unreachable."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rehat_sampai = 0.0
        self._kunci = threading.Lock()

    @property
    def sedang_rehat(self) -> bool:
        """True while the cache is stepping aside after a Redis failure."""
        return time.monotonic() < self._rehat_sampai

    def _jaga(self, nama: str, bawaan: Any, *args: Any, **kwargs: Any) -> Any:
        if self.sedang_rehat:
            return bawaan
        try:
            return getattr(super(), nama)(*args, **kwargs)
        except RedisError as e:
            with self._kunci:
                pertama = not self.sedang_rehat
                self._rehat_sampai = time.monotonic() + JEDA_DETIK
            if pertama:
                log.warning(
                    "Redis tidak dapat dihubungi (%s: %s); melayani tanpa cache, dicoba lagi "
                    "dalam %.0f detik",
                    type(e).__name__,
                    e,
                    JEDA_DETIK,
                )
            return bawaan

    def get(self, key: str) -> Any:
        return self._jaga("get", None, key)

    def get_many(self, *keys: str) -> list[Any]:
        return self._jaga("get_many", [None] * len(keys), *keys)

    def has(self, key: str) -> bool:
        return self._jaga("has", False, key)

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> Any:
        return self._jaga("set", False, key, value, timeout)

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> Any:
        return self._jaga("add", False, key, value, timeout)

    def set_many(
        self, mapping: dict[str, Any], timeout: int | timedelta | None = None
    ) -> list[Any]:
        return self._jaga("set_many", [], mapping, timeout)

    def delete(self, key: str) -> bool:
        return self._jaga("delete", False, key)

    def delete_many(self, *keys: str) -> list[Any]:
        return self._jaga("delete_many", [], *keys)

    def clear(self) -> bool:
        return self._jaga("clear", False)

    def inc(self, key: str, delta: int = 1) -> Any:
        return self._jaga("inc", None, key, delta)

    def dec(self, key: str, delta: int = 1) -> Any:
        return self._jaga("dec", None, key, delta)
