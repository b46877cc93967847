"""Callbacks: thin typed functions wired to the app by `register(app)`."""

from __future__ import annotations

import dash

from dashboard.callbacks import (
    armada,
    audit,
    distribusi,
    evaluasi,
    input,
    kelola_rute,
    koordinasi,
    peta,
    presentasi,
    putar_ulang,
    rapat,
    ringkasan,
    risiko,
    rute,
    shell,
    stok,
)


def register(app: dash.Dash) -> None:
    """Wire every page's callbacks to this app."""
    shell.register(app)
    ringkasan.register(app)
    stok.register(app)
    distribusi.register(app)
    peta.register(app)
    input.register(app)
    audit.register(app)
    presentasi.register(app)
    rapat.register(app)
    rute.register(app)
    kelola_rute.register(app)
    armada.register(app)
    putar_ulang.register(app)
    koordinasi.register(app)
    risiko.register(app)
    evaluasi.register(app)
