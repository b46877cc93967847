"""Replay in headless Chromium on the Jawa Tengah demo, at projector (1920×1080) and laptop
(1366×768) sizes: the overview live with its changes since yesterday, the slider moved a week
back (the banner, lower figures, ?per= in the address), a drill-down to Jepara and its map
keeping ?per=, and the way back to live. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from dashboard.factory import create_app
from tests.support.browser import (
    console_errors,
    screenshot,
    tanpa_kampanye,
)
from tests.support.pengaturan import settings_uji

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
JEPARA = "33.20"
_CSS = By.CSS_SELECTOR
_KE_TENGAH = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"


@pytest.fixture
def demo_salinan(demo33, tmp_path: Path) -> str:
    """A copy of the session's Jawa Tengah demo."""
    asli = demo33[0].removeprefix("sqlite:///")
    tujuan = tmp_path / "kendali.db"
    with sqlite3.connect(asli) as a, sqlite3.connect(tujuan) as b:
        a.backup(b)
    return f"sqlite:///{tujuan}"


@pytest.fixture
def server_bercache(demo_salinan: str, tmp_path: Path) -> Iterator[str]:
    """The app with a cache, as deployed: a replay is computed once per moment, not once per
    callback that shows it."""
    settings = dataclasses.replace(settings_uji(demo_salinan, "33"), cache_type="SimpleCache")
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def browser_window_size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param


def _persen(browser: WebDriver, kartu: str) -> float:
    """A KPI card's figure ('86,5%') as a number."""
    teks = browser.find_element(_CSS, f"#{kartu} .kpi-nilai span").text
    return float(teks.rstrip("%").replace(".", "").replace(",", "."))


def _foto(browser: WebDriver, nama: str, ukuran: tuple[int, int]) -> None:
    screenshot(browser, ARTEFAK / f"putar_{nama}_{ukuran[0]}.png", *ukuran)


def _tunggu_kpi(tunggu: WebDriverWait, spanduk: bool) -> None:
    tunggu.until(lambda d: d.find_elements(_CSS, "#kpi-stok .kpi-selisih"))
    tunggu.until(lambda d: bool(d.find_elements(By.ID, "putar-spanduk-isi")) == spanduk)


@pytest.mark.parametrize("browser_window_size", [(1920, 1080), (1366, 768)], indirect=True)
def test_slider_replays_a_week_back_drills_down_keeping_it_and_returns_to_live(
    browser: WebDriver,
    server_bercache: str,
    browser_window_size: tuple[int, int],
) -> None:
    base = server_bercache
    tunggu = WebDriverWait(browser, 120)
    ukuran = browser_window_size

    def klik(elemen: WebElement) -> None:
        browser.execute_script(_KE_TENGAH, elemen)
        elemen.click()

    # Live: no banner; every headline figure says how it moved since yesterday.
    browser.get(f"{base}/")
    _tunggu_kpi(tunggu, spanduk=False)
    stok_kini = _persen(browser, "kpi-stok")
    selisih = [e.text for e in browser.find_elements(_CSS, "#ringkasan-kpi .kpi-selisih")]
    assert len(selisih) >= 5 and all("dibanding kemarin" in t for t in selisih), selisih
    assert "per=" not in browser.current_url
    _foto(browser, "1_langsung", ukuran)

    # A time first (still the last day: a replay of this evening), then a week back.
    jam = browser.find_element(By.ID, "putar-jam")
    jam.send_keys(Keys.CONTROL + "a" + Keys.NULL + "18.00" + Keys.ENTER)
    tunggu.until(lambda d: "per=2024-11-24T18:00" in d.current_url)
    # A click on the track under the label one week before the last day.
    akar = browser.find_element(_CSS, "#putar-hari .dash-slider-root")
    # The slider is drawn again for the moment picked: wait for its marks.
    tunggu.until(lambda d: len(d.find_elements(_CSS, "#putar-hari .dash-slider-mark")) > 1)
    tanda = browser.find_elements(_CSS, "#putar-hari .dash-slider-mark")[-2]
    hari, bulan = tanda.get_attribute("textContent").split("-")  # a phone hides the label
    geser = tanda.rect["x"] + tanda.rect["width"] / 2 - akar.rect["x"] - akar.rect["width"] / 2
    browser.execute_script(_KE_TENGAH, akar)
    ActionChains(browser).move_to_element_with_offset(akar, int(geser), 0).click().perform()
    tunggu.until(lambda d: f"per=2024-{bulan}-{hari}T18:00" in d.current_url)
    _tunggu_kpi(tunggu, spanduk=True)
    spanduk = browser.find_element(By.ID, "putar-spanduk-isi").text
    assert f"Tampilan per {hari}-{bulan}-2024 18.00 WIB — bukan data terkini" in spanduk
    stok_dulu = _persen(browser, "kpi-stok")
    assert stok_dulu < stok_kini, (stok_dulu, stok_kini)
    pegangan = browser.find_element(_CSS, "#putar-hari [role='slider']")
    akhir = int(pegangan.get_attribute("aria-valuemax") or 0)
    assert pegangan.get_attribute("aria-valuenow") == str(akhir - 7)
    # The header is of that moment too: a week before the last day (H−3) is H−10.
    tunggu.until(lambda d: d.find_element(By.ID, "shell-hminus").text == "H−10")
    assert (
        f"Putar ulang: per {hari}-{bulan}-2024 18.00 WIB"
        in browser.find_element(By.ID, "shell-data-per").text
    )
    _foto(browser, "2_seminggu_lalu", ukuran)

    # Drill down to Jepara from the table: still the same moment, still the banner.
    tautan = browser.find_element(_CSS, f"#ringkasan-tabel a[href^='/wilayah/{JEPARA}?']")
    assert f"per=2024-{bulan}-{hari}T18:00" in tautan.get_attribute("href")
    klik(tautan)
    di_wilayah = f"/wilayah/{JEPARA}?per=2024-{bulan}-{hari}T18:00"
    tunggu.until(lambda d: di_wilayah in (tanpa_kampanye(d.current_url) or ""))
    tunggu.until(lambda d: "Jepara" in d.find_element(By.ID, "wilayah-judul").text)
    _tunggu_kpi(tunggu, spanduk=True)
    _foto(browser, "3_jepara", ukuran)

    # Its map, from the heading's link: the same moment again.
    klik(browser.find_element(_CSS, f"#wilayah-judul a[href^='/peta/{JEPARA}']"))
    di_peta = f"/peta/{JEPARA}?per=2024-{bulan}-{hari}T18:00"
    tunggu.until(lambda d: di_peta in (tanpa_kampanye(d.current_url) or ""))
    tunggu.until(lambda d: d.find_elements(By.ID, "putar-spanduk-isi"))
    tunggu.until(lambda d: d.find_elements(_CSS, "#peta-tabel a[href*='per=']"))
    _foto(browser, "4_peta_jepara", ukuran)

    # Back to live: the parameter goes, the banner goes.
    klik(browser.find_element(By.ID, "putar-langsung"))
    tunggu.until(lambda d: (tanpa_kampanye(d.current_url) or "").endswith(f"/peta/{JEPARA}"))
    tunggu.until(lambda d: not d.find_elements(By.ID, "putar-spanduk-isi"))
    browser.get(f"{base}/")
    _tunggu_kpi(tunggu, spanduk=False)
    assert _persen(browser, "kpi-stok") == stok_kini
    _foto(browser, "5_kembali_langsung", ukuran)
    assert not [e for e in console_errors(browser) if "SEVERE" in e or "Error" in e]
