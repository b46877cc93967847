"""The overview in a real headless Chromium: renders, stays on 127.0.0.1, nothing fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.browser import (
    alamat_menjadi,
    assert_no_failed_requests,
    assert_only_local,
    console_errors,
    screenshot,
)

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.mark.parametrize(
    ("nama", "provinsi", "jumlah"), [("demo33", "33", 35), ("demo12", "12", 33)]
)
def test_overview_renders_every_kabkota_with_only_local_requests(
    browser, live_server, request, nama, provinsi, jumlah
):
    url = live_server(request.getfixturevalue(nama)[0], provinsi)
    browser.get(url + "/")
    WebDriverWait(browser, 30).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#tabel-wilayah tbody tr"))
    )
    baris = browser.find_elements(By.CSS_SELECTOR, "#tabel-wilayah tbody tr")
    assert len(baris) == jumlah
    assert "H−3" in browser.find_element(By.ID, "shell-hminus").text
    assert browser.find_element(By.ID, "shell-data-per").text.startswith("Data per")
    # Bootstrap came from this server and applied (navbar is a flex container).
    navbar = browser.find_element(By.CSS_SELECTOR, "nav.navbar")
    assert navbar.value_of_css_property("display") == "flex"
    assert_only_local(browser)
    assert_no_failed_requests(browser)
    assert console_errors(browser) == []
    for lebar, tinggi in ((1920, 1080), (1366, 768)):
        screenshot(browser, ARTEFAK / f"ringkasan_{provinsi}_{lebar}x{tinggi}.png", lebar, tinggi)


def _klik(browser, tunggu, teks: str) -> None:
    """Click a link in the region table once the table has rendered."""
    el = tunggu.until(
        ec.presence_of_element_located(
            (By.XPATH, f"//table[@id='tabel-wilayah']//a[text()='{teks}']")
        )
    )
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", el
    )


def test_drilling_down_by_link_changes_the_url_and_back_returns(browser, live_server, demo33):
    url = live_server(demo33[0])
    browser.get(url + "/")
    tunggu = WebDriverWait(browser, 30)
    _klik(browser, tunggu, "Kota Semarang")
    tunggu.until(alamat_menjadi(url + "/wilayah/33.74"))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "ringkasan-tabel"), "Kecamatan di"))
    _klik(browser, tunggu, "Semarang Tengah")
    tunggu.until(alamat_menjadi(url + "/wilayah/33.74.01"))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "shell-remah"), "Semarang Tengah"))
    for lebar, tinggi in ((1920, 1080), (1366, 768)):
        screenshot(browser, ARTEFAK / f"wilayah_33.74.01_{lebar}x{tinggi}.png", lebar, tinggi)
    browser.back()
    tunggu.until(alamat_menjadi(url + "/wilayah/33.74"))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "ringkasan-tabel"), "Kota Semarang"))
    browser.back()
    tunggu.until(alamat_menjadi(url + "/"))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "ringkasan-tabel"), "Kabupaten Demak"))
    assert_only_local(browser)
    assert_no_failed_requests(browser)
    assert console_errors(browser) == []
