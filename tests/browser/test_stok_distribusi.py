"""Stock and distribution views in a real headless Chromium: tables, filters, downloads."""

from __future__ import annotations

import time
from pathlib import Path

from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.browser import (
    assert_no_failed_requests,
    assert_only_local,
    console_errors,
    screenshot,
    set_viewport,
)

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SEL_KODE = "#stok-tabel td.dash-cell[data-dash-column='kode']"
JS_AKHIR_KURVA = """
const g = document.querySelector('#distribusi-linimasa .js-plotly-plot');
if (!g || !g._fullData) return null;
return g._fullData.filter(t => t.name.startsWith('Tiba')).map(t => Array.from(t.y).at(-1));
"""


JS_GRAFIK_MUAT = """
return [...document.querySelectorAll('.js-plotly-plot')].every(g => {
  const svg = g.querySelector('.main-svg');
  return svg && svg.getBoundingClientRect().width <= g.parentElement.clientWidth + 1;
});
"""


def _foto(browser, nama: str) -> None:
    """Screenshot at both sizes once Plotly has fitted its figures to the new width."""
    for lebar, tinggi in ((1920, 1080), (1366, 768)):
        set_viewport(browser, lebar, tinggi)
        WebDriverWait(browser, 10).until(lambda b: b.execute_script(JS_GRAFIK_MUAT))
        time.sleep(0.5)  # let the resize settle before the picture
        screenshot(browser, ARTEFAK / f"{nama}_{lebar}x{tinggi}.png", lebar, tinggi)


def _tunggu_berkas(folder: Path, nama: str, batas: float = 20) -> Path:
    akhir = time.monotonic() + batas
    berkas = folder / nama
    while time.monotonic() < akhir:
        if berkas.exists() and not list(folder.glob("*.crdownload")):
            return berkas
        time.sleep(0.2)
    raise AssertionError(f"{nama} was not downloaded; folder has {list(folder.iterdir())}")


def _klik(browser, elemen) -> None:
    """Click after scrolling there at once (Bootstrap's smooth scrolling outruns Selenium)."""
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", elemen
    )
    elemen.click()


def _kode_terlihat(browser) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, SEL_KODE)]


def _pilih(browser, id_dropdown: str, teks: str) -> None:
    """Pick an option of a dcc.Dropdown by typing into its search and pressing Enter."""
    _klik(browser, browser.find_element(By.CSS_SELECTOR, f"#{id_dropdown}"))
    cari = WebDriverWait(browser, 10).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, ".dash-dropdown-search"))
    )
    cari.send_keys(teks)
    cari.send_keys(Keys.ENTER)


def test_stock_page_lists_35_kabkota_filters_and_downloads_excel(
    browser, live_server, demo33, tmp_path
):
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    url = live_server(demo33[0])
    browser.get(url + "/stok")
    WebDriverWait(browser, 30).until(lambda b: len(_kode_terlihat(b)) == 35)
    assert _kode_terlihat(browser)[:2] == ["33.01", "33.02"]
    # Numbers the Indonesian way, and the shortfall of Purbalingga highlighted.
    teks = browser.find_element(By.ID, "stok-tabel").text
    assert "1.527.983" in teks
    sel_kurang = [
        e
        for e in browser.find_elements(
            By.CSS_SELECTOR, "#stok-tabel td.dash-cell[data-dash-column='kekurangan']"
        )
        if e.text not in ("0", "")
    ]
    assert [e.text for e in sel_kurang] == ["21.540", "598"]  # Purbalingga, Kab. Semarang
    assert {e.value_of_css_property("font-weight") for e in sel_kurang} == {"700"}
    assert "Surat suara Gubernur" in browser.find_element(By.ID, "stok-ringkas").text
    assert browser.find_elements(By.CSS_SELECTOR, "#stok-grafik-jenis .main-svg")
    assert browser.find_elements(By.CSS_SELECTOR, "#stok-grafik-cakupan .main-svg")
    _foto(browser, "stok_33")

    # The native filter: only the six cities remain.
    saring = browser.find_element(
        By.CSS_SELECTOR, "#stok-tabel th.dash-filter[data-dash-column='nama'] input"
    )
    saring.send_keys("Kota" + Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: len(_kode_terlihat(b)) == 6)
    assert all(k.startswith("33.7") for k in _kode_terlihat(browser))
    saring.send_keys(Keys.CONTROL, "a")
    saring.send_keys(Keys.BACKSPACE + Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: len(_kode_terlihat(b)) == 35)

    _klik(browser, browser.find_element(By.ID, "stok-unduh-excel"))
    berkas = _tunggu_berkas(tmp_path, "stok_pilkada2024_33_SS-GUB_2024-11-24.xlsx")
    lembar = load_workbook(berkas)["Stok"]
    assert lembar.max_row == 36
    assert lembar["B2"].value == "Kabupaten Cilacap"

    _klik(browser, browser.find_element(By.ID, "stok-unduh-csv"))
    csv = _tunggu_berkas(tmp_path, "stok_pilkada2024_33_SS-GUB_2024-11-24.csv")
    assert len(csv.read_text(encoding="utf-8-sig").splitlines()) == 36

    assert_only_local(browser)
    assert_no_failed_requests(browser)
    assert console_errors(browser) == []


def test_distribution_page_shows_late_list_table_and_switchable_timeline(
    browser, live_server, demo33
):
    url = live_server(demo33[0])
    browser.get(url + "/distribusi")
    WebDriverWait(browser, 30).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#tabel-rute tbody tr")) == 35
    )
    tautan = [
        e.get_attribute("href")
        for e in browser.find_elements(By.CSS_SELECTOR, "#distribusi-daftar-terlambat a")
    ]
    assert len(tautan) == 6
    assert {t.rsplit("/", 1)[1] for t in tautan} == {"33.02", "33.04", "33.07"}
    assert all("/wilayah/33." in t for t in tautan)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#distribusi-rute .card")) == 3
    # The timeline is drawn after the table (its figure arrives in a callback of its own).
    WebDriverWait(browser, 30).until(
        lambda b: "Hari pemungutan" in b.find_element(By.ID, "distribusi-linimasa").text
    )
    WebDriverWait(browser, 20).until(lambda b: b.execute_script(JS_AKHIR_KURVA))
    provinsi = browser.execute_script(JS_AKHIR_KURVA)
    assert round(provinsi[0], 3) == 0.977  # PPK, as on the overview
    _foto(browser, "distribusi_33")

    _pilih(browser, "distribusi-wilayah", "Banjarnegara")
    WebDriverWait(browser, 20).until(lambda b: b.execute_script(JS_AKHIR_KURVA) != provinsi)
    assert round(browser.execute_script(JS_AKHIR_KURVA)[0], 3) == 0.736

    # A late kab/kota's link leads to its region page.
    _klik(browser, browser.find_element(By.CSS_SELECTOR, "#distribusi-daftar-terlambat a"))
    WebDriverWait(browser, 20).until(ec.url_contains("/wilayah/33."))

    assert_only_local(browser)
    assert_no_failed_requests(browser)
    assert console_errors(browser) == []
