"""The risk register in headless Chromium on a projector (1920×1080) and an office laptop
(1366×768): the province's kab/kota ranked by risk score, then an operator of Kabupaten Jepara
turns a suggested risk into a registered one, reviews it down the matrix, and filters the
register by a heat map cell. Every step is checked in the database and screenshotted to
artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from dashboard.db import models
from tests.support.browser import (
    baris_db,
    console_errors,
    masuk_peramban,
    pesan_berganti,
    screenshot,
)

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
JEPARA = "33.20"
_CSS = By.CSS_SELECTOR
_KE_TENGAH = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"


@pytest.fixture
def browser_window_size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param


def _klik(browser: WebDriver, elemen) -> None:  # type: ignore[no-untyped-def]
    browser.execute_script(_KE_TENGAH, elemen)
    elemen.click()


def _jumlah(browser: WebDriver, k: int, d: int) -> int:
    """The count the heat map shows in one cell."""
    sel = browser.find_element(_CSS, f"#risiko-matriks button[data-sel='{k}-{d}']")
    return int(sel.get_attribute("data-jumlah") or 0)


def _foto(browser: WebDriver, nama: str, ukuran: tuple[int, int]) -> None:
    screenshot(browser, ARTEFAK / f"risiko_{nama}_{ukuran[0]}.png", *ukuran)


@pytest.mark.parametrize("browser_window_size", [(1920, 1080), (1366, 768)], indirect=True)
def test_operator_accepts_a_suggested_risk_reviews_it_and_the_heat_map_follows(
    browser: WebDriver, live_server, demo_salinan: str, browser_window_size: tuple[int, int]
) -> None:
    base = live_server(demo_salinan, "33")
    # The heat map is drawn again after each write: a cell read while it is replaced is read
    # again, not a failure.
    tunggu = WebDriverWait(browser, 60, ignored_exceptions=[StaleElementReferenceException])
    ukuran = browser_window_size

    # Anyone reads the ranking; without an account the form stays hidden.
    browser.get(f"{base}/risiko")
    tunggu.until(ec.presence_of_element_located((_CSS, "#risiko-skor tr[data-kode]")))
    baris = browser.find_elements(_CSS, "#risiko-skor tr[data-kode]")
    assert len(baris) == 35  # every kab/kota of Jawa Tengah
    assert "skor " in baris[0].text and "karena:" in baris[0].text, baris[0].text
    assert len(browser.find_elements(_CSS, "#risiko-matriks button[data-sel]")) == 25
    assert not browser.find_element(By.ID, "risiko-isian").is_displayed()
    _foto(browser, "1_provinsi", ukuran)

    masuk_peramban(browser, base, "operator.3320")
    browser.get(f"{base}/risiko/{JEPARA}")
    tunggu.until(ec.presence_of_element_located((_CSS, "#risiko-usulan [data-usulan]")))
    # Karimunjawa is reached by boat: the score says so, and suggests the risk.
    teks = browser.find_element(_CSS, "#risiko-skor [data-teks]").text
    assert "hanya lewat laut" in teks, teks
    kartu = browser.find_element(_CSS, "#risiko-usulan [data-usulan='keterpencilan']")
    k, d = (int(x) for x in kartu.find_element(_CSS, ".kendali-chip").text.split()[0].split("×"))
    assert _jumlah(browser, k, d) == 0
    assert browser.find_element(By.ID, "risiko-isian").is_displayed()
    _foto(browser, "2_kabkota", ukuran)

    # "Jadikan risiko": registered as suggested, counted in its cell, no longer suggested.
    _klik(browser, kartu.find_element(_CSS, "button"))
    pesan = pesan_berganti(tunggu, "tulis-risiko-pesan")
    assert "Usulan dijadikan risiko" in pesan, pesan
    tunggu.until(lambda b: _jumlah(b, k, d) == 1)
    tersimpan = baris_db(
        demo_salinan,
        select(models.Risiko.id, models.Risiko.sumber, models.Risiko.kunci_usulan,
               models.Risiko.kemungkinan, models.Risiko.dampak, models.Risiko.wilayah_kode),
    )  # fmt: skip
    assert [tuple(r)[1:] for r in tersimpan] == [("usulan", "keterpencilan", k, d, JEPARA)]
    rid = tersimpan[0][0]
    tunggu.until(
        lambda b: not b.find_elements(_CSS, "#risiko-usulan [data-usulan='keterpencilan']")
    )

    # Review it: a boat on standby lowers the likelihood to 1; the heat map moves the count.
    assert k > 1  # a suggestion is of something seen: never "hampir tidak mungkin"
    _klik(browser, browser.find_element(_CSS, f"#risiko-tabel tr[data-risiko='{rid}'] button"))
    tunggu.until(lambda b: f"#{rid}" in b.find_element(By.ID, "risiko-isian-judul").text)
    Select(browser.find_element(By.ID, "risiko-kemungkinan")).select_by_value("1")
    Select(browser.find_element(By.ID, "risiko-status-isian")).select_by_value("dimitigasi")
    catatan = browser.find_element(By.ID, "risiko-catatan")
    catatan.clear()
    catatan.send_keys("Kapal cadangan KMP Siginjai siap H-10")
    _klik(browser, browser.find_element(By.ID, "risiko-tinjau"))
    pesan = pesan_berganti(tunggu, "tulis-risiko-pesan", pesan)
    assert f"Tinjauan risiko #{rid} dicatat: 1×{d}, dimitigasi" in pesan, pesan
    tunggu.until(lambda b: _jumlah(b, 1, d) == 1 and _jumlah(b, k, d) == 0)
    tunggu.until(lambda b: b.find_elements(_CSS, "#risiko-riwayat [data-riwayat='1']"))
    assert "Kapal cadangan KMP Siginjai" in browser.find_element(By.ID, "risiko-riwayat").text
    tinjauan = baris_db(
        demo_salinan,
        select(models.RisikoTinjauan.kemungkinan_sebelum, models.RisikoTinjauan.kemungkinan_sesudah,
               models.RisikoTinjauan.status_sesudah, models.RisikoTinjauan.catatan),
    )  # fmt: skip
    assert [tuple(t) for t in tinjauan] == [
        (k, 1, "dimitigasi", "Kapal cadangan KMP Siginjai siap H-10")
    ]
    _foto(browser, "3_tinjau", ukuran)

    # A click on a cell filters the register to it; an empty cell lists nothing.
    _klik(browser, browser.find_element(_CSS, f"#risiko-matriks button[data-sel='1-{d}']"))
    tunggu.until(lambda b: "kemungkinan 1 × dampak" in b.find_element(By.ID, "risiko-tabel").text)
    assert len(browser.find_elements(_CSS, "#risiko-tabel tr[data-risiko]")) == 1
    _klik(browser, browser.find_element(_CSS, "#risiko-matriks button[data-sel='5-5']"))
    tunggu.until(lambda b: not b.find_elements(_CSS, "#risiko-tabel tr[data-risiko]"))
    _foto(browser, "4_saring", ukuran)
    assert not [e for e in console_errors(browser) if "SEVERE" in e or "Error" in e]

    # The presenter's "Risiko teratas" (before the one decisions slide) lists it, whole.
    browser.get(f"{base}/presentasi/1")
    tunggu.until(ec.presence_of_element_located((_CSS, ".slide-nomor")))
    jumlah = int(browser.find_element(_CSS, ".slide-nomor").text.split("/")[1])
    browser.get(f"{base}/presentasi/{jumlah - 1}")
    tunggu.until(ec.presence_of_element_located((_CSS, ".slide.jenis-risiko")))
    slide = browser.find_element(_CSS, ".slide").text
    assert "Risiko teratas" in slide and "1 risiko aktif" in slide, slide
    assert "Tempat terpencil sulit dijangkau" in slide and f"1×{d}" in slide, slide
    tinggi = browser.execute_script("return document.documentElement.scrollHeight")
    assert tinggi == browser.execute_script("return innerHeight")  # nothing runs off the slide
    _foto(browser, "5_slide", ukuran)
