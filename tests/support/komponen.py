"""Reading what a Dash component tree shows, as a user would read it."""

from __future__ import annotations

from typing import Any


def teks_komponen(komponen: Any) -> str:
    """Return every text a component tree (or list of them) shows, joined by spaces."""
    if komponen is None:
        return ""
    if isinstance(komponen, str | int | float):
        return str(komponen)
    if isinstance(komponen, list | tuple):
        return " ".join(teks_komponen(k) for k in komponen)
    return teks_komponen(getattr(komponen, "children", None))
