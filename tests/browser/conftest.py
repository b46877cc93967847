"""A live dashboard on 127.0.0.1 for the browser tests (werkzeug server in a thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from werkzeug.serving import make_server

from dashboard.factory import create_app
from tests.conftest import settings_uji


@pytest.fixture
def live_server() -> Iterator[Callable[[str, str], str]]:
    """Start the app for a database URL; return its base URL. Stopped after the test."""
    servers = []

    def mulai(database_url: str, provinsi: str = "33") -> str:
        app = create_app(settings_uji(database_url, provinsi))
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield mulai
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=5)
