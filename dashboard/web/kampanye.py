"""Which campaign each request sees: `?kampanye=` on a page or download, the same key in a
callback's body (the renderer's request hook copies it from the address bar), else the
database's newest election (docs/kampanye.md)."""

from __future__ import annotations

from contextvars import Token
from html import escape

import dash
from flask import Flask, Response, g, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard.db.kampanye import atur_kampanye, lepas_kampanye
from dashboard.services.kampanye import daftar_kampanye, kampanye_terpilih

PARAMETER = "kampanye"
# The page's campaign, read by assets/kampanye.js before the renderer starts.
META = "kendali-kampanye"


def _diminta() -> str | None:
    if request.method == "POST" and request.path.endswith("/_dash-update-component"):
        badan = request.get_json(silent=True, cache=True)
        kode = badan.get(PARAMETER) if isinstance(badan, dict) else None
        return kode if isinstance(kode, str) and kode else None
    return request.args.get(PARAMETER) or None


def _pasang() -> Response | None:
    kode = _diminta()
    if kode is None:
        return None  # db.kampanye falls back to the newest election per session
    if kode not in {k.kode for k in daftar_kampanye()}:
        return Response(
            f"Kampanye '{kode}' tidak ada di basis data ini. Pilih kampanye dari daftar di "
            "kepala halaman.",
            status=404,
            mimetype="text/plain",
        )
    g.token_kampanye = atur_kampanye(kode)
    return None


def _lepas(_galat: BaseException | None) -> None:
    token: Token | None = g.pop("token_kampanye", None)
    if token is not None:
        lepas_kampanye(token)


class DashBerkampanye(dash.Dash):
    """The app whose every page names the campaign it shows in a meta tag, so the browser
    writes it into an address that lacks it (assets/kampanye.js): a link or bookmark then keeps
    its campaign when a newer one is added. Dash documents overriding this method."""

    def interpolate_index(
        self,
        metas: str = "",
        title: str = "",
        css: str = "",
        config: str = "",
        scripts: str = "",
        app_entry: str = "",
        favicon: str = "",
        renderer: str = "",
    ) -> str:
        try:
            kode = kampanye_terpilih()
        except SQLAlchemyError:
            kode = None  # the database is down: the page is still served, its parts say why
        if kode is not None:
            metas += f'<meta name="{META}" content="{escape(kode, quote=True)}">'
        return str(
            super().interpolate_index(
                metas=metas, title=title, css=css, config=config, scripts=scripts,
                app_entry=app_entry, favicon=favicon, renderer=renderer,
            )
        )  # fmt: skip


def register(server: Flask) -> None:
    """Set the request's campaign before anything reads data, and unset it afterwards."""
    server.before_request(_pasang)
    server.teardown_request(_lepas)
