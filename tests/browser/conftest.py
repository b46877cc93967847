"""Browser-test fixtures: headless Chromium, a live dashboard on 127.0.0.1 (werkzeug thread)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver
from werkzeug.serving import make_server

from dashboard.factory import create_app
from tests.support.browser import (
    DEFAULT_WINDOW_SIZE,
    BrowserNotFoundError,
    start_browser,
    stop_browser,
)
from tests.support.ci import tidak_tersedia
from tests.support.pengaturan import settings_uji


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


@pytest.fixture
def browser_window_size() -> tuple[int, int]:
    """Viewport size (width, height) for `browser`; override this fixture to change it."""
    return DEFAULT_WINDOW_SIZE


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Iterator[WebDriver]:
    """A fresh headless Chromium per test, quit and cleaned up afterwards."""
    try:
        width, height = request.getfixturevalue("browser_window_size")
    except pytest.FixtureLookupError:
        width, height = DEFAULT_WINDOW_SIZE
    try:
        driver = start_browser(width, height)
    except BrowserNotFoundError as exc:
        tidak_tersedia(exc, "browser")
    try:
        yield driver
    finally:
        stop_browser(driver)


@pytest.fixture
def demo_salinan(demo33, tmp_path: Path) -> str:
    """A copy of the session's Jawa Tengah demo, for a journey that writes."""
    asli = demo33[0].removeprefix("sqlite:///")
    tujuan = tmp_path / "kendali.db"
    with sqlite3.connect(asli) as a, sqlite3.connect(tujuan) as b:
        a.backup(b)
    return f"sqlite:///{tujuan}"
