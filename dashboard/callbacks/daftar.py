"""Declare what a callback is where it is registered: a cacheable read, or a write.

The web edge reads these declarations (`jenis_callback`) to serve read-only views from the
shared response cache and to refuse writes without a signed-in account; nothing is inferred
from component ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import dash
from flask import Flask

F = TypeVar("F", bound=Callable[..., Any])

_KUNCI = "kendali.jenis_callback"


@dataclass
class JenisCallback:
    """The output keys (as in `app.callback_map`) of the callbacks of each kind."""

    baca: set[str] = field(default_factory=set)
    tulis: set[str] = field(default_factory=set)


def jenis_callback(server: Flask) -> JenisCallback:
    """Return the declared callback kinds of the app served by `server`."""
    return server.extensions.setdefault(_KUNCI, JenisCallback())


def _daftar(app: dash.Dash, kelompok: str, args: tuple, kwargs: dict) -> Callable[[F], F]:
    def pasang(fn: F) -> F:
        sebelum = set(app.callback_map)
        app.callback(*args, **kwargs)(fn)
        getattr(jenis_callback(app.server), kelompok).update(set(app.callback_map) - sebelum)
        return fn

    return pasang


def baca(app: dash.Dash, *args: Any, **kwargs: Any) -> Callable[[F], F]:
    """Register a read-only view whose answer depends only on its inputs, the signed-in
    account and the data version: the shared response cache may serve it."""
    return _daftar(app, "baca", args, kwargs)


def tulis(app: dash.Dash, *args: Any, **kwargs: Any) -> Callable[[F], F]:
    """Register a data-entry callback: the edge refuses it (401) without a signed-in account."""
    return _daftar(app, "tulis", args, kwargs)
