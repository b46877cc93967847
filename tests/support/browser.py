"""Headless Chromium (Debian packages) for browser tests, with network and console capture."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import create_engine

from dashboard.tools.demo import KATA_SANDI_DEMO
from dashboard.web.cetak import ARGUMEN_CHROMIUM, CHROMEDRIVER, CHROMIUM, opsi_chromium

__all__ = [
    "CHROMEDRIVER_BINARY",
    "CHROMIUM_BINARY",
    "DEFAULT_WINDOW_SIZE",
    "BrowserNotFoundError",
    "assert_no_failed_requests",
    "assert_only_local",
    "console_errors",
    "find_browser",
    "set_viewport",
    "network_log",
    "screenshot",
    "start_browser",
    "stop_browser",
]

CHROMIUM_BINARY = CHROMIUM
CHROMEDRIVER_BINARY = CHROMEDRIVER
DEFAULT_WINDOW_SIZE = (1920, 1080)
INSTALL_HINT = (
    "install them with `sudo apt-get install chromium chromium-driver` (scripts/test does this)"
)
# The product's own printing flags (the meeting pack), plus quiet, deterministic screenshots.
CHROMIUM_ARGS = (
    *ARGUMEN_CHROMIUM,
    "--disable-quic",
    "--no-default-browser-check",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
    "--no-pings",
    "--mute-audio",
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
CHECKED_SCHEMES = frozenset({"http", "https", "ws", "wss"})


class BrowserNotFoundError(RuntimeError):
    """Chromium or chromedriver from Debian is not installed."""


@dataclass
class _DriverState:
    """Logs already drained from the driver (get_log empties them), plus our temp dir."""

    temp_dir: Path | None = None
    performance: list[dict[str, Any]] = field(default_factory=list)
    console: list[dict[str, Any]] = field(default_factory=list)


_STATES: weakref.WeakKeyDictionary[WebDriver, _DriverState] = weakref.WeakKeyDictionary()


def _state(driver: WebDriver) -> _DriverState:
    state = _STATES.get(driver)
    if state is None:
        state = _STATES[driver] = _DriverState()
    return state


def _drain(driver: WebDriver) -> _DriverState:
    state = _state(driver)
    state.performance.extend(driver.get_log("performance"))
    state.console.extend(driver.get_log("browser"))
    return state


def find_browser() -> tuple[str, str]:
    """Paths of Debian's chromium and chromedriver; never let Selenium Manager download them."""
    missing = [p for p in (CHROMIUM_BINARY, CHROMEDRIVER_BINARY) if not os.access(p, os.X_OK)]
    if missing:
        raise BrowserNotFoundError(f"not found: {', '.join(missing)}; {INSTALL_HINT}")
    return CHROMIUM_BINARY, CHROMEDRIVER_BINARY


def start_browser(
    width: int = DEFAULT_WINDOW_SIZE[0], height: int = DEFAULT_WINDOW_SIZE[1]
) -> WebDriver:
    """Start headless Chromium (viewport width x height, fresh profile, on about:blank).

    Release it with stop_browser().
    """
    chromium, chromedriver = find_browser()
    temp_dir = Path(tempfile.mkdtemp(prefix="pytest-chromium-"))
    options = opsi_chromium(chromium, temp_dir / "profile", width, height, CHROMIUM_ARGS)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    with warnings.catch_warnings():  # deprecated, but Chrome() takes no ClientConfig yet
        warnings.simplefilter("ignore", DeprecationWarning)
        options.ignore_local_proxy_environment_variables()  # reach chromedriver without proxy
    driver_log = temp_dir / "chromedriver.log"
    service = Service(executable_path=chromedriver, log_output=str(driver_log))
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except WebDriverException as exc:
        log = driver_log.read_text(errors="replace")[-4000:] if driver_log.exists() else ""
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise RuntimeError(
            f"Chromium failed to start: {exc}\n--- chromedriver log ---\n{log}"
        ) from exc
    state = _state(driver)
    state.temp_dir = temp_dir
    try:
        # Debian's Chromium opens a chrome:// new-tab page: leave it and forget its requests.
        driver.get("about:blank")
        set_viewport(driver, width, height)
        _drain(driver)
        state.performance.clear()
        state.console.clear()
    except BaseException:
        stop_browser(driver)
        raise
    return driver


def set_viewport(driver: WebDriver, width: int, height: int) -> None:
    """Make the page viewport (not the outer window) width x height and let it re-layout.

    Headless Chromium still counts window decorations in set_window_size, so the
    difference between outer and inner size is added back.
    """
    for _ in range(3):
        inner_w, inner_h, outer_w, outer_h = driver.execute_script(
            "return [innerWidth, innerHeight, outerWidth, outerHeight]"
        )
        if (inner_w, inner_h) == (width, height):
            break
        driver.set_window_size(width + outer_w - inner_w, height + outer_h - inner_h)
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));"
    )


def stop_browser(driver: WebDriver) -> None:
    """Quit the browser and delete its profile directory."""
    state = _state(driver)
    try:
        driver.quit()
    finally:
        if state.temp_dir is not None:
            shutil.rmtree(state.temp_dir, ignore_errors=True)
            state.temp_dir = None


def _record(url: str) -> dict[str, Any]:
    return {"url": url, "status": None, "failed": False, "error_text": None}


def _set_status(record: dict[str, Any], status: Any) -> None:
    if status is None:
        return
    record["status"] = int(status)
    if record["status"] >= 400:
        record["failed"] = True
        record["error_text"] = record["error_text"] or f"HTTP {record['status']}"


def network_log(driver: WebDriver) -> list[dict[str, Any]]:
    """Every request the page made, in order: {url, status, failed, error_text}.

    Built from the DevTools performance log (requestWillBeSent, responseReceived,
    loadingFailed, webSocketCreated); HTTP status >= 400 counts as failed. Redirect hops
    are separate entries. Safe to call repeatedly: entries accumulate per driver.
    """
    records: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for entry in _drain(driver).performance:
        try:
            message = json.loads(entry["message"])["message"]
        except (KeyError, TypeError, ValueError):
            continue
        method = message.get("method")
        params = message.get("params") or {}
        request_id = params.get("requestId")
        if method == "Network.requestWillBeSent":
            redirect = params.get("redirectResponse")
            if redirect and request_id in by_id:
                _set_status(by_id[request_id], redirect.get("status"))
            record = _record(params.get("request", {}).get("url", ""))
            # The callback a Dash request is for, so a failure names it.
            record["post"] = (params.get("request", {}).get("postData") or "")[:120]
            records.append(record)
            by_id[request_id] = record
        elif method == "Network.webSocketCreated":
            record = _record(params.get("url", ""))
            records.append(record)
            by_id[request_id] = record
        elif method == "Network.responseReceived" and request_id in by_id:
            _set_status(by_id[request_id], params.get("response", {}).get("status"))
        elif method == "Network.webSocketHandshakeResponseReceived" and request_id in by_id:
            _set_status(by_id[request_id], params.get("response", {}).get("status"))
        elif method == "Network.loadingFailed" and request_id in by_id:
            record = by_id[request_id]
            record["failed"] = True
            record["error_text"] = (
                params.get("errorText") or params.get("blockedReason") or "loading failed"
            )
    return records


def _is_external(url: str, allowed: set[str]) -> bool:
    parts = urlsplit(url)
    if parts.scheme.lower() not in CHECKED_SCHEMES:
        return False  # data:, blob:, about:, chrome-extension:, ... never leave the machine
    return (parts.hostname or "") not in allowed


def assert_only_local(driver: WebDriver, allowed_host: str = "127.0.0.1") -> None:
    """Fail if the page fetched anything over http(s)/ws(s) from a non-local host.

    Allowed: ``allowed_host`` plus the loopback names 127.0.0.1, localhost and ::1.
    """
    allowed = {allowed_host.lower(), *LOCAL_HOSTS}
    external = sorted({r["url"] for r in network_log(driver) if _is_external(r["url"], allowed)})
    if external:
        listing = "\n  ".join(external)
        raise AssertionError(f"{len(external)} request(s) left the machine:\n  {listing}")


def assert_no_failed_requests(driver: WebDriver, ignore: Iterable[str] = ()) -> None:
    """Fail listing requests that errored or got HTTP >= 400 (URLs containing an ``ignore``
    substring are skipped)."""
    ignored = tuple(ignore)
    failed = [
        r
        for r in network_log(driver)
        if r["failed"] and not any(part in r["url"] for part in ignored)
    ]
    if failed:
        listing = "\n  ".join(
            f"{r['url']} {r.get('post', '')} -> {r['error_text']}" for r in failed
        )
        raise AssertionError(f"{len(failed)} failed request(s):\n  {listing}")


def console_errors(driver: WebDriver) -> list[str]:
    """Messages of SEVERE browser-console entries (JS errors, failed resource loads)."""
    return [e.get("message", "") for e in _drain(driver).console if e.get("level") == "SEVERE"]


def screenshot(
    driver: WebDriver,
    path: str | os.PathLike[str],
    width: int = DEFAULT_WINDOW_SIZE[0],
    height: int = DEFAULT_WINDOW_SIZE[1],
) -> Path:
    """Save a PNG of exactly width x height pixels (viewport resized; folders created)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    set_viewport(driver, width, height)
    if not driver.save_screenshot(str(target)):
        raise RuntimeError(f"could not write screenshot {target}")
    return target


def masuk_peramban(
    driver: WebDriver, base: str, username: str, lanjut: str = "", kata_sandi: str = ""
) -> None:
    """Sign in through the login form as a user would (the demo password by default), and wait
    until the app has taken the browser away from /masuk."""
    driver.get(f"{base}/masuk" + (f"?next={lanjut}" if lanjut else ""))
    driver.find_element(By.ID, "username").send_keys(username)
    sandi = kata_sandi or KATA_SANDI_DEMO
    driver.find_element(By.ID, "kata_sandi").send_keys(sandi + Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: "/masuk" not in d.current_url)


def teks_elemen(driver: WebDriver, id_: str) -> str:
    """An element's text read in one script, shown or not (a refresh may draw it again between
    two lookups; a phone folds some header lines away)."""
    return str(driver.execute_script(f"return document.getElementById('{id_}')?.textContent || ''"))


def baris_db(url: str, stmt: Any) -> list[Any]:
    """Rows a statement reads from the database a live server writes to (its own engine)."""
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return list(c.execute(stmt).all())
    finally:
        engine.dispose()


def tanpa_kampanye(alamat: str) -> str | None:
    """An address without its `kampanye` parameter, or None when it does not name one: every
    address the dashboard shows names its campaign (docs/kampanye.md)."""
    bagian = urlsplit(alamat)
    kueri = parse_qsl(bagian.query, keep_blank_values=True)
    lain = [(k, v) for k, v in kueri if k != "kampanye"]
    if len(lain) == len(kueri):
        return None
    return urlunsplit(bagian._replace(query=urlencode(lain, safe=":")))


def alamat_menjadi(harap: str) -> Callable[[WebDriver], bool]:
    """Wait condition: the address is `harap` plus its campaign."""
    return lambda d: tanpa_kampanye(d.current_url) == harap


def pesan_berganti(tunggu: WebDriverWait, id_: str, sebelum: str = "") -> str:
    """Wait for a message element's text to appear and differ from `sebelum`; return it."""
    teks = ""

    def berganti(d: WebDriver) -> bool:
        nonlocal teks
        teks = d.find_element(By.ID, id_).text
        return bool(teks) and teks != sebelum

    tunggu.until(berganti)
    return teks
