"""The Flask edge: login, downloads, security headers, response cache, plain-words errors.

Nothing of the core (domain, db, services, components, pages, callbacks) imports this wing.
"""

from __future__ import annotations

import dash

from dashboard.web import aset, cache_respons, galat, kampanye, keamanan, masuk, publik, unduhan


def register(app: dash.Dash) -> None:
    """Attach the edge to the app's Flask server, once its callbacks are registered."""
    server = app.server
    kampanye.register(server)
    aset.register(server)
    aset.pasang_url_plotly(app)
    masuk.register(server)
    unduhan.register(server)
    publik.register(server)
    galat.register(server)
    cache_respons.register(server)
    keamanan.register(server, app.callback_map)
