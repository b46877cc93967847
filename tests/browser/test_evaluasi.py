"""The evaluation of a finished campaign in headless Chromium, on an office laptop (1366×768)
and a projector (1920×1080): an admin provinsi reads the principles per kab/kota and the
per-hop table, records a PSU with a logistics cause, sees it listed and counted, and downloads
the Excel workbook; the page does not scroll sideways on a phone. Screenshots go to
artifacts/screenshots/evaluasi_*.png."""

from __future__ import annotations

import base64
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from selenium.common.exceptions import (
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from dashboard.db import models
from dashboard.db.engine import buat_engine
from dashboard.tools.demo import bangun_demo
from tests.support.browser import baris_db, console_errors, masuk_peramban, screenshot, teks_elemen

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
_CSS = By.CSS_SELECTOR
_AMBIL = """
const selesai = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'})
  .then(r => r.arrayBuffer())
  .then(b => { let s = ''; for (const x of new Uint8Array(b)) s += String.fromCharCode(x);
               selesai(btoa(s)); });
"""
_FORMULIR = """
const f = document.getElementById('evaluasi-isian');
return f ? getComputedStyle(f).display : null;
"""
_TABEL = """
const t = [...document.querySelectorAll('.evaluasi-siap table')];
if (t.length < 2) return null;
return t.slice(0, 2).map(x => ({
  kepala: x.querySelector('thead').textContent,
  baris: [...x.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.textContent.trim())),
}));
"""


@pytest.fixture(scope="module")
def _selesai(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Kalimantan Utara's Pilkada 2024 as of H+1: a finished campaign."""
    path = tmp_path_factory.mktemp("evaluasi") / "templat.db"
    engine = buat_engine(f"sqlite:///{path}", bulk=True)
    bangun_demo(engine, "65", "pilkada2024", dt.date(2024, 11, 28), seed=7)
    engine.dispose()
    return path


@pytest.fixture
def kampanye_selesai(_selesai: Path, tmp_path: Path) -> str:
    tujuan = tmp_path / "kendali.db"
    shutil.copy(_selesai, tujuan)
    return f"sqlite:///{tujuan}"


@pytest.fixture
def browser_window_size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param


def _pilih(tunggu: WebDriverWait, id_: str, nilai: str) -> None:
    """Choose an option once the list has it (its options arrive with the page's figures)."""

    def coba(d: WebDriver) -> bool:
        try:
            pilihan = Select(d.find_element(By.ID, id_))
            pilihan.select_by_value(nilai)
            return pilihan.first_selected_option.get_attribute("value") == nilai
        except (
            NoSuchElementException,
            StaleElementReferenceException,
            ElementNotInteractableException,
        ):
            return False

    tunggu.until(coba)


def _isi(tunggu: WebDriverWait, id_: str, teks: str) -> None:
    """Type into a field once it can take it, and check it holds what was typed."""

    def coba(d: WebDriver) -> bool:
        try:
            kotak = d.find_element(By.ID, id_)
            kotak.clear()
            kotak.send_keys(teks)
            return kotak.get_attribute("value") == teks
        except (StaleElementReferenceException, ElementNotInteractableException):
            return False

    tunggu.until(coba)


def _foto(browser: WebDriver, nama: str, ukuran: tuple[int, int]) -> None:
    screenshot(browser, ARTEFAK / f"evaluasi_{nama}_{ukuran[0]}x{ukuran[1]}.png", *ukuran)


@pytest.mark.parametrize("browser_window_size", [(1366, 768), (1920, 1080)], indirect=True)
def test_admin_records_a_psu_sees_it_counted_and_downloads_the_workbook(
    browser: WebDriver, live_server, kampanye_selesai: str, browser_window_size: tuple[int, int]
) -> None:
    base = live_server(kampanye_selesai, "65")
    tunggu = WebDriverWait(browser, 60)
    ukuran = browser_window_size

    # A reader sees the evaluation, not the form.
    browser.get(f"{base}/evaluasi")
    tunggu.until(ec.presence_of_element_located((_CSS, ".evaluasi-siap table")))
    assert browser.execute_script(_FORMULIR) == "none"

    masuk_peramban(browser, base, "admin.65")
    browser.get(f"{base}/evaluasi")
    tunggu.until(lambda d: d.execute_script(_FORMULIR) not in (None, "none"))
    # Read in one script: a refresh may draw the tables again between two element lookups.
    prinsip, ruas = tunggu.until(lambda d: d.execute_script(_TABEL))
    for kata in ("Tepat jumlah", "Tepat jenis", "Tepat sasaran", "Tepat waktu", "Tepat kualitas"):
        assert kata in prinsip["kepala"]
    assert len(prinsip["baris"]) == 5  # Kalimantan Utara's kab/kota
    assert any("Kota Tarakan" in b[1] for b in prinsip["baris"])
    assert len(ruas["baris"]) == 18  # (province + 5) × 3 hops
    assert any(b[1] == "PPS → TPS" for b in ruas["baris"])
    _foto(browser, "1_admin", ukuran)

    # A PSU in Kota Tarakan caused by the wrong ballots: entered, listed and counted.
    for i, v in (("evaluasi-wilayah", "65.71"), ("evaluasi-jenis", "psu"),
                 ("evaluasi-sebab", "ya"), ("evaluasi-prinsip", "jenis")):  # fmt: skip
        _pilih(tunggu, i, v)
    _isi(tunggu, "evaluasi-jumlah-tps", "3")
    _isi(tunggu, "evaluasi-keterangan", "Surat suara tertukar dapil")
    simpan = browser.find_element(By.ID, "evaluasi-simpan")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", simpan)
    simpan.click()
    tunggu.until(lambda d: "dicatat" in teks_elemen(d, "evaluasi-pesan"))
    tunggu.until(lambda d: "Surat suara tertukar dapil" in teks_elemen(d, "evaluasi-isi"))
    prinsip = tunggu.until(lambda d: d.execute_script(_TABEL))[0]
    sel = next(b for b in prinsip["baris"] if b[1] == "Kota Tarakan")
    assert sel[-3:-1] == ["1", "3"], sel  # one PSU with a logistics cause, 3 TPS
    (simpanan,) = baris_db(
        kampanye_selesai,
        select(models.TemuanEvaluasi.wilayah_kode, models.TemuanEvaluasi.jenis,
               models.TemuanEvaluasi.prinsip, models.TemuanEvaluasi.jumlah_tps,
               models.TemuanEvaluasi.pemilihan_kode),
    )  # fmt: skip
    assert tuple(simpanan) == ("65.71", "psu", "jenis", 3, "pilkada2024")
    _foto(browser, "2_psu_dicatat", ukuran)

    # The workbook behind the download link: one sheet per table, the PSU in it.
    tautan = browser.find_element(_CSS, "a[href$='evaluasi.xlsx']").get_attribute("href")
    isi = base64.b64decode(browser.execute_async_script(_AMBIL, tautan))
    buku = openpyxl.load_workbook(io.BytesIO(isi))
    assert buku.sheetnames[:6] == ["Prinsip per kab-kota", "Tepat waktu per tahap",
                                   "Kerusakan per jenis", "Salah jenis", "Kejadian",
                                   "PSU dan temuan"]  # fmt: skip
    lembar = buku["Prinsip per kab-kota"]
    judul = [c.value for c in lembar[1]]
    tarakan = next(r for r in lembar.iter_rows(min_row=2, values_only=True) if r[0] == "65.71")
    assert tarakan[judul.index("TPS diulang sebab logistik")] == 3
    assert buku["PSU dan temuan"].max_row == 2

    # On a phone the page never scrolls sideways; wide tables scroll in their own box.
    if ukuran == (1366, 768):
        screenshot(browser, ARTEFAK / "evaluasi_3_ponsel_390x844.png", 390, 844)
        lebar = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert lebar[0] <= lebar[1], lebar
    galat = console_errors(browser)
    assert not galat, [g[:400] for g in galat]
