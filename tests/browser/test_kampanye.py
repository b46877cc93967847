"""Two campaigns in one database, in headless Chromium at laptop (1366×768) and phone (390×844)
sizes: the header's picker lists both, picking the finished Pemilu shows its figures (its TPS
count equals the database's), the campaign stays in the address through the navigation, and
/evaluasi shows both campaigns side by side. Screenshots: artifacts/screenshots/kampanye_*.png.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.db.engine import buat_engine
from dashboard.db.kampanye import SEMUA_KAMPANYE
from dashboard.domain.angka import format_angka
from dashboard.tools.demo import bangun_demo
from tests.support.browser import baris_db, console_errors, screenshot, teks_elemen
from tests.support.kampanye import PROVINSI_KECIL

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
_PILIH = "kampanye-pilih"
# The title of each campaign's column (the cards inside have headings of their own).
_KOLOM = """
return [...document.querySelectorAll('.evaluasi-siap > div > div > h2')].map(h => h.textContent)
"""
_KPI = "return document.getElementById('ringkasan-kpi')?.textContent || ''"


def _pilihan(d: WebDriver) -> list[str]:
    """The picker's campaigns (its options with a value; not the empty placeholder)."""
    return [
        o.text for o in Select(d.find_element(By.ID, _PILIH)).options if o.get_attribute("value")
    ]


@pytest.fixture(scope="module")
def _dua_kampanye(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Kalimantan Utara: Pilkada 2024 running (H-3) and Pemilu 2024 finished (H+1)."""
    path = tmp_path_factory.mktemp("kampanye") / "templat.db"
    engine = buat_engine(f"sqlite:///{path}", bulk=True)
    bangun_demo(engine, PROVINSI_KECIL, "pilkada2024", dt.date(2024, 11, 24), seed=7)
    bangun_demo(engine, PROVINSI_KECIL, "pemilu2024", dt.date(2024, 2, 15), seed=7, tambah=True)
    engine.dispose()
    return path


@pytest.fixture
def dua_kampanye(_dua_kampanye: Path, tmp_path: Path) -> str:
    tujuan = tmp_path / "kendali.db"
    shutil.copy(_dua_kampanye, tujuan)
    return f"sqlite:///{tujuan}"


@pytest.fixture
def browser_window_size(request: pytest.FixtureRequest) -> tuple[int, int]:
    ukuran: tuple[int, int] = getattr(request, "param", (1366, 768))
    return ukuran


@pytest.mark.parametrize("browser_window_size", [(1366, 768), (390, 844)], indirect=True)
def test_picking_the_finished_campaign_shows_its_figures_and_keeps_it_in_every_address(
    browser: WebDriver, live_server, dua_kampanye: str, browser_window_size: tuple[int, int]
) -> None:
    base = live_server(dua_kampanye, PROVINSI_KECIL)
    tunggu = WebDriverWait(browser, 60)
    lebar, tinggi = browser_window_size
    ((tps_pemilu,),) = baris_db(
        dua_kampanye,
        select(func.count())
        .select_from(models.Tps)
        .where(models.Tps.pemilihan_kode == "pemilu2024")
        .execution_options(**{SEMUA_KAMPANYE: True}),
    )

    # Without a campaign in the address: the newest election, the picker listing both.
    browser.get(f"{base}/")
    tunggu.until(lambda d: "Pemilihan Gubernur" in teks_elemen(d, "shell-pemilihan"))
    tunggu.until(lambda d: len(_pilihan(d)) == 2)
    pilih = Select(browser.find_element(By.ID, _PILIH))
    assert _pilihan(browser) == [
        "Pemilihan Gubernur, Bupati dan Walikota 2024 (berjalan)",
        "Pemilihan Umum 2024 (selesai)",
    ]
    screenshot(browser, ARTEFAK / f"kampanye_1_pilkada_{lebar}x{tinggi}.png", lebar, tinggi)

    # Picking the Pemilu opens the same page on it: its name, its day, its TPS.
    pilih.select_by_value("pemilu2024")
    tunggu.until(lambda d: "kampanye=pemilu2024" in d.current_url)
    tunggu.until(lambda d: "Pemilihan Umum 2024" in teks_elemen(d, "shell-pemilihan"))
    tunggu.until(lambda d: f"TPS{format_angka(tps_pemilu)}" in d.execute_script(_KPI))
    assert "H+1" in teks_elemen(browser, "shell-hminus")
    screenshot(browser, ARTEFAK / f"kampanye_2_pemilu_{lebar}x{tinggi}.png", lebar, tinggi)

    # The campaign stays in the address through the navigation (a link, then Back).
    browser.get(f"{base}/stok?kampanye=pemilu2024")
    tunggu.until(lambda d: "Pemilihan Umum 2024" in teks_elemen(d, "shell-pemilihan"))
    tautan = browser.find_element(By.CSS_SELECTOR, "nav a[href='/distribusi']")
    browser.execute_script("arguments[0].click()", tautan)  # folded away on a phone
    tunggu.until(lambda d: "/distribusi?kampanye=pemilu2024" in d.current_url)
    tunggu.until(lambda d: "Pemilihan Umum 2024" in teks_elemen(d, "shell-pemilihan"))

    # The evaluation of the Pemilu beside the running Pilkada.
    browser.get(f"{base}/evaluasi")
    tunggu.until(lambda d: len(d.execute_script(_KOLOM)) == 1)
    tombol = tunggu.until(
        lambda d: next(
            (a for a in d.find_elements(By.CSS_SELECTOR, "#evaluasi-banding a")
             if a.text == "Pemilihan Umum 2024"),
            None,
        )
    )  # fmt: skip
    browser.execute_script("arguments[0].click()", tombol)
    tunggu.until(lambda d: "banding=pemilu2024" in d.current_url)
    kolom = tunggu.until(lambda d: (k := d.execute_script(_KOLOM)) and len(k) == 2 and k)
    assert kolom[0].startswith("Pemilihan Gubernur") and kolom[1].startswith("Pemilihan Umum")
    assert "masih berjalan" in browser.find_element(By.CLASS_NAME, "evaluasi-siap").text
    screenshot(browser, ARTEFAK / f"kampanye_3_evaluasi_{lebar}x{tinggi}.png", lebar, tinggi)
    lebar_dok = browser.execute_script("return document.documentElement.scrollWidth")
    assert lebar_dok <= lebar, lebar_dok
    galat = console_errors(browser)
    assert not galat, [g[:400] for g in galat]


def test_an_unknown_campaign_in_the_address_is_refused_in_words(
    browser: WebDriver, live_server, dua_kampanye: str
) -> None:
    base = live_server(dua_kampanye, PROVINSI_KECIL)
    browser.get(f"{base}/?kampanye=pemilu2029")
    assert "Kampanye 'pemilu2029' tidak ada" in browser.find_element(By.TAG_NAME, "body").text
