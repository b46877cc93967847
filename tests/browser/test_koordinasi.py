"""Lending between kab/kota in headless Chromium on an office laptop (1366×768): Purbalingga,
short of Gubernur ballots, requests from the board's suggestion of its nearest surplus; both
offices approve (two logins), Banjarnegara ships, Purbalingga receives — and the stock page
shows both gudang changed. Every step is checked in the database and screenshotted to
artifacts/screenshots/."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import create_engine, select

from dashboard.db import models
from dashboard.domain.akses import Akun
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.factory import create_app
from dashboard.services import pencatatan
from dashboard.services.pencatatan import Pelaku
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.browser import (
    console_errors,
    pesan_berganti,
    screenshot,
)
from tests.support.pengaturan import settings_uji

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PURBALINGGA, BANJARNEGARA, REMBANG = "33.03", "33.04", "33.17"
JENIS = "SS-GUB"
LEBIH = 80_000
_KE_TENGAH = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"
_PESAN = "tulis-koordinasi-pesan"


@pytest.fixture
def demo_lebih(demo33, tmp_path: Path) -> str:
    """A copy of the Jawa Tengah demo where two gudang received more Gubernur ballots than
    they need: Banjarnegara next to Purbalingga, and Rembang far away on the north coast."""
    asli = demo33[0].removeprefix("sqlite:///")
    tujuan = tmp_path / "kendali.db"
    with sqlite3.connect(asli) as a, sqlite3.connect(tujuan) as b:
        a.backup(b)
    url = f"sqlite:///{tujuan}"
    app = create_app(settings_uji(url, "33"))
    with app.server.app_context():
        from dashboard.extensions import db

        with db.sesi_baca() as s:
            p = s.scalar(select(models.Pengguna).where(models.Pengguna.username == "admin.33"))
            admin = Pelaku(Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode), "33")
        for kode in (BANJARNEGARA, REMBANG):
            nilai = {"tanggal": "20-11-2024", "jam": "09.00", "kode_wilayah": kode,
                     "jenis_logistik": JENIS, "jumlah": str(LEBIH), "kondisi": "baik",
                     "keterangan": "Kiriman lebih dari penyedia"}  # fmt: skip
            pencatatan.catat(admin, JenisMutasi.TERIMA_PENYEDIA, nilai, f"lebih-{kode}")
    return url


def _baris(url: str, stmt):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(stmt).all()
    finally:
        engine.dispose()


def _masuk(browser: WebDriver, base: str, username: str) -> None:
    browser.get(f"{base}/keluar")
    browser.get(f"{base}/masuk")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "kata_sandi").send_keys(KATA_SANDI_DEMO + Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "/masuk" not in d.current_url)


def _klik(browser: WebDriver, elemen) -> None:  # type: ignore[no-untyped-def]
    browser.execute_script(_KE_TENGAH, elemen)
    elemen.click()


def _tombol(browser: WebDriver, tunggu: WebDriverWait, teks: str):  # type: ignore[no-untyped-def]
    """The board's button labelled `teks` (waiting until the board shows it)."""
    xpath = f"//div[@id='koordinasi-daftar']//button[normalize-space()='{teks}']"
    tunggu.until(lambda d: d.find_elements(By.XPATH, xpath))
    return browser.find_element(By.XPATH, xpath)


def _foto(browser: WebDriver, nama: str) -> None:
    screenshot(browser, ARTEFAK / f"koordinasi_{nama}_1366.png", 1366, 768)


def _stok_halaman(browser: WebDriver, base: str, tunggu: WebDriverWait) -> dict[str, str]:
    """Net good stock of Purbalingga and Banjarnegara as the stock page shows them."""
    browser.get(f"{base}/stok")
    sel = "#stok-tabel td.dash-cell[data-dash-column='kode']"
    tunggu.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, sel)) == 35)
    hasil = {}
    for kode in (PURBALINGGA, BANJARNEGARA):
        sel_stok = browser.find_element(
            By.XPATH,
            f"//*[@id='stok-tabel']//td[@data-dash-column='kode'][normalize-space()='{kode}']"
            "/ancestor::tr//td[@data-dash-column='stok_bersih']",
        )
        hasil[kode] = sel_stok.text
    return hasil


def _angka(teks: str) -> int:
    return int(teks.replace(".", ""))


@pytest.mark.parametrize("browser_window_size", [(1366, 768)], indirect=True)
def test_two_offices_lend_ballots_from_a_suggestion_to_receipt(
    browser: WebDriver, live_server, demo_lebih: str, browser_window_size: tuple[int, int]
) -> None:
    base = live_server(demo_lebih, "33")
    tunggu = WebDriverWait(browser, 40)
    stok_awal = _stok_halaman(browser, base, tunggu)

    # The borrower's operator sees the suggestion: its nearest surplus, the amount, the time.
    _masuk(browser, base, "operator.3303")
    browser.get(f"{base}/koordinasi")
    tunggu.until(lambda d: "Pemberi terdekat" in d.find_element(By.ID, "koordinasi-saran").text)
    saran = browser.find_element(By.ID, "koordinasi-saran")
    baris = saran.find_element(By.XPATH, f".//tr[td[contains(., '({PURBALINGGA})')]]")
    assert f"({BANJARNEGARA})" in baris.text and f"({REMBANG})" not in baris.text, baris.text
    assert "21.540" in baris.text, baris.text  # the shortfall, all of it lendable nearby
    _foto(browser, "1_saran")
    _klik(browser, baris.find_element(By.XPATH, ".//button[normalize-space()='Ajukan']"))
    pesan = pesan_berganti(tunggu, _PESAN)
    assert "Permintaan nomor 1 tercatat" in pesan, pesan
    pinjaman = _baris(demo_lebih, select(models.Pinjaman.status, models.Pinjaman.jumlah,
                                         models.Pinjaman.pemberi_kode))  # fmt: skip
    assert [tuple(p) for p in pinjaman] == [("diajukan", 21_540, BANJARNEGARA)]

    # It approves for its own office and leaves a note for the lender.
    _klik(browser, _tombol(browser, tunggu, "Setujui (peminjam)"))
    pesan = pesan_berganti(tunggu, _PESAN, pesan)
    assert "menunggu kantor lainnya" in pesan, pesan
    # The board reads again after the write: type only into the redrawn note box.
    tunggu.until(lambda d: "Peminjam ✓" in d.find_element(By.ID, "koordinasi-daftar").text)
    kotak = browser.find_element(By.CSS_SELECTOR, "input[id*='koordinasi-catatan']")
    kotak.send_keys("Mohon dikirim sebelum 25-11, truk kami siap menjemput bila perlu")
    assert "truk kami" in (kotak.get_attribute("value") or "")
    _klik(browser, _tombol(browser, tunggu, "Kirim catatan"))
    pesan = pesan_berganti(tunggu, _PESAN, pesan)
    assert "Catatan terkirim" in pesan, pesan
    tunggu.until(lambda d: "truk kami siap" in d.find_element(By.ID, "koordinasi-daftar").text)
    _foto(browser, "2_diajukan")

    # The lender's operator: the note is there; it approves and ships.
    _masuk(browser, base, "operator.3304")
    browser.get(f"{base}/koordinasi")
    setuju = _tombol(browser, tunggu, "Setujui (pemberi)")
    assert "operator.3303" in browser.find_element(By.ID, "koordinasi-daftar").text
    assert not browser.find_elements(By.XPATH, "//button[normalize-space()='Terima']")
    _klik(browser, setuju)
    pesan = pesan_berganti(tunggu, _PESAN)
    assert "disetujui kedua kantor" in pesan, pesan
    tunggu.until(lambda d: "Pemberi ✓" in d.find_element(By.ID, "koordinasi-daftar").text)
    _klik(browser, _tombol(browser, tunggu, "Kirim"))
    pesan = pesan_berganti(tunggu, _PESAN, pesan)
    assert "dikirim" in pesan, pesan
    tunggu.until(lambda d: "Dalam perjalanan" in d.find_element(By.ID, "koordinasi-daftar").text)
    _foto(browser, "3_dikirim")

    # The borrower receives in good condition.
    _masuk(browser, base, "operator.3303")
    browser.get(f"{base}/koordinasi")
    terima = _tombol(browser, tunggu, "Terima")
    Select(browser.find_element(By.CSS_SELECTOR, "select[name='kondisi']")).select_by_value("baik")
    _klik(browser, terima)
    pesan = pesan_berganti(tunggu, _PESAN)
    assert "diterima di gudang" in pesan, pesan
    # Its shortfall is gone, so no suggestion is left for Purbalingga.
    tunggu.until(lambda d: f"({PURBALINGGA})" not in d.find_element(By.ID, "koordinasi-saran").text)
    _foto(browser, "4_diterima")

    mutasi = _baris(
        demo_lebih,
        select(models.Mutasi.jenis_mutasi, models.Mutasi.wilayah_kode, models.Mutasi.jumlah)
        .where(models.Mutasi.jenis_mutasi.like("pinjam_%"))
        .order_by(models.Mutasi.id),
    )
    assert [tuple(m) for m in mutasi] == [
        ("pinjam_keluar", BANJARNEGARA, 21_540),
        ("pinjam_masuk", PURBALINGGA, 21_540),
    ]
    stok_akhir = _stok_halaman(browser, base, tunggu)
    assert _angka(stok_akhir[PURBALINGGA]) == _angka(stok_awal[PURBALINGGA]) + 21_540
    assert _angka(stok_akhir[BANJARNEGARA]) == _angka(stok_awal[BANJARNEGARA]) - 21_540
    sel = browser.find_element(
        By.XPATH,
        f"//*[@id='stok-tabel']//td[@data-dash-column='kode'][normalize-space()='{PURBALINGGA}']",
    )
    browser.execute_script(_KE_TENGAH, sel)
    _foto(browser, "5_stok")
    assert console_errors(browser) == []
