"""The readiness map in headless Chromium: drill-down by click, Back, metric recolouring."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.browser import (
    alamat_menjadi,
    assert_no_failed_requests,
    assert_only_local,
    console_errors,
    network_log,
    screenshot,
)

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _isian(browser) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('path[data-kode]'))"
        ".map(p => p.getAttribute('data-kode') + '=' + p.getAttribute('fill')).sort()"
    )


# A point well inside a shape, as an offset from its centre (None when none is visible).
_TITIK_DALAM = """const el = arguments[0], r = el.getBoundingClientRect(), kena = [];
for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
  const x = r.left + r.width * i / 20, y = r.top + r.height * j / 20;
  if (document.elementFromPoint(x, y) === el) kena.push([x, y]);
}
if (!kena.length) return null;
// the hit nearest the middle of all hits: well inside the shape, away from edges
const mx = kena.reduce((a, p) => a + p[0], 0) / kena.length;
const my = kena.reduce((a, p) => a + p[1], 0) / kena.length;
kena.sort((a, b) => Math.hypot(a[0] - mx, a[1] - my) - Math.hypot(b[0] - mx, b[1] - my));
return [kena[0][0] - (r.left + r.width / 2), kena[0][1] - (r.top + r.height / 2)];"""


def _klik_wilayah(browser, tunggu, kode: str) -> None:
    """Click a region's shape with a real mouse click on a point that lies inside it."""
    pilih = (By.CSS_SELECTOR, f"path[data-kode='{kode}']")
    tunggu.until(ec.presence_of_element_located(pilih))
    # Wait for the map to settle: it fits itself to a new layer once loaded, and the layer may
    # be drawn again when its URL and colours arrive in separate responses.
    kotak = [None]

    def tenang(d) -> bool:
        try:
            sekarang = (d.find_element(*pilih).id, d.find_element(*pilih).rect)
        except (NoSuchElementException, StaleElementReferenceException):
            kotak[0] = None
            return False
        tetap = sekarang == kotak[0]
        kotak[0] = sekarang
        return tetap

    # The layer may be drawn again between finding a shape and clicking it (a refresh, a
    # late response): settle and try again with the new shape.
    for coba in range(3):
        try:
            WebDriverWait(browser, 20, poll_frequency=0.3).until(tenang)
            el = browser.find_element(*pilih)
            titik = browser.execute_script(_TITIK_DALAM, el)
            assert titik, f"no visible point inside {kode}"
            ActionChains(browser).move_to_element_with_offset(
                el, int(titik[0]), int(titik[1])
            ).click().perform()
            return
        except StaleElementReferenceException:
            if coba == 2:
                raise


@pytest.mark.parametrize(
    ("nama", "provinsi", "kabkota", "kecamatan"),
    [("demo33", "33", "33.74", "33.74.01"), ("demo12", "12", "12.71", None)],
)
def test_map_drills_down_by_click_and_back_returns(
    browser, live_server, request, nama, provinsi, kabkota, kecamatan
):
    url = live_server(request.getfixturevalue(nama)[0], provinsi)
    browser.get(url + "/peta")
    tunggu = WebDriverWait(browser, 40)
    tunggu.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "path[data-kode]")) >= 30)
    _klik_wilayah(browser, tunggu, kabkota)
    tunggu.until(alamat_menjadi(f"{url}/peta/{kabkota}"))
    tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"path[data-kode^='{kabkota}.']"))
    if kecamatan:
        screenshot(browser, ARTEFAK / f"peta_{kabkota}_1920x1080.png", 1920, 1080)
        _klik_wilayah(browser, tunggu, kecamatan)
        tunggu.until(alamat_menjadi(f"{url}/wilayah/{kecamatan}"))
        tunggu.until(ec.text_to_be_present_in_element((By.ID, "ringkasan-tabel"), "Desa/"))
        browser.back()
        tunggu.until(alamat_menjadi(f"{url}/peta/{kabkota}"))
        tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"path[data-kode='{kecamatan}']"))
    assert_only_local(browser)
    assert_no_failed_requests(browser)
    assert console_errors(browser) == []
    for lebar, tinggi in ((1920, 1080), (1366, 768)):
        browser.set_window_size(lebar, tinggi)
        browser.get(url + "/peta")
        tunggu.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "path[data-kode]")) >= 30)
        screenshot(browser, ARTEFAK / f"peta_{provinsi}_{lebar}x{tinggi}.png", lebar, tinggi)


def test_metric_switch_recolours_without_fetching_geometry_again(browser, live_server, demo33):
    url = live_server(demo33[0])
    browser.get(url + "/peta")
    tunggu = WebDriverWait(browser, 40)
    tunggu.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "path[data-kode]")) == 35)
    sebelum = _isian(browser)
    geo_awal = [r for r in network_log(browser) if "/geo/" in r["url"]]
    assert len(geo_awal) == 1
    browser.find_element(By.XPATH, "//label[text()='Kejadian aktif']").click()
    tunggu.until(lambda d: _isian(d) != sebelum)
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "peta-legenda"), "Kejadian aktif"))
    geo_akhir = [r for r in network_log(browser) if "/geo/" in r["url"]]
    assert len(geo_akhir) == len(geo_awal)  # recoloured without fetching geometry again
    assert_only_local(browser)
    assert console_errors(browser) == []
