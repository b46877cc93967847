"""Regional data entry in headless Chromium: an operator of Kota Semarang records a receipt and a
dispatch and sees them on the overview and the map; Demak stays out of reach, by the UI and by a
forged callback request; a bad upload shows its row errors and imports nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
from pathlib import Path

import pytest
import requests
from openpyxl import Workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import create_engine, func, select

from dashboard.db import models
from dashboard.db.engine import buat_engine
from dashboard.tools.demo import bangun_demo
from tests.support.browser import (
    assert_only_local,
    console_errors,
    masuk_peramban,
    screenshot,
    set_viewport,
)
from tests.support.server_web import badan_simpan

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SEMARANG = "33.74"
DEMAK = "33.21"


@pytest.fixture(scope="module")
def demo_awal(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Jawa Tengah at H-15: vendor deliveries still arriving, dispatch to PPK not yet begun."""
    url = f"sqlite:///{tmp_path_factory.mktemp('input') / 'kendali.db'}"
    engine = buat_engine(url, bulk=True)
    bangun_demo(engine, "33", "pilkada2024", dt.date(2024, 11, 12), seed=3)
    engine.dispose()
    return url


def _jumlah_mutasi(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as c:
        n = c.scalar(select(func.count()).select_from(models.Mutasi))
        a = c.scalar(select(func.count()).select_from(models.Audit))
    engine.dispose()
    return n, a


def _angka(teks: str) -> int:
    return int(re.sub(r"[^\d]", "", teks.split()[0]))


def _baris_jenis(browser, base: str, nama: str) -> tuple[int, int]:
    """Good received and sent to PPK for one item on Kota Semarang's region page."""
    browser.get(f"{base}/wilayah/{SEMARANG}")
    tunggu = WebDriverWait(browser, 20)
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "tabel-jenis"), nama))
    for tr in browser.find_elements(By.CSS_SELECTOR, "#tabel-jenis tbody tr"):
        sel = tr.find_elements(By.TAG_NAME, "td")
        if sel[0].text.strip() == nama:
            # Jenis, Kebutuhan, Baik, Rusak, Sortir-lipat, Dikirim ke PPK, Tiba di TPS
            return _angka(sel[2].text), _angka(sel[5].text)
    raise AssertionError(f"{nama} tidak ada di tabel jenis")


def _nilai_peta(browser, base: str, metrik: str) -> list[str]:
    browser.get(f"{base}/peta")
    tunggu = WebDriverWait(browser, 20)
    tunggu.until(lambda d: d.find_elements(By.ID, f"peta-baris-{SEMARANG}"))
    browser.find_element(By.XPATH, f"//label[text()='{metrik}']").click()
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "peta-judul"), metrik))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "peta-tabel"), metrik))
    baris = browser.find_element(By.ID, f"peta-baris-{SEMARANG}")
    return [td.text for td in baris.find_elements(By.TAG_NAME, "td")[2:]]


def _persen(teks: str) -> float:
    return float(teks.rstrip("%").replace(".", "").replace(",", "."))


def _pilihan(browser) -> list:
    """The options of the open dcc.Dropdown (rendered in a popover outside the component)."""
    return browser.find_elements(By.CSS_SELECTOR, "[role=listbox] [role=option]")


def _pilih(browser, id_: str, teks: str) -> None:
    """Open a dcc.Dropdown and click the option whose label contains `teks`."""
    browser.find_element(By.ID, id_).click()
    tunggu = WebDriverWait(browser, 10)
    tunggu.until(lambda d: any(teks in o.text for o in _pilihan(d)))
    next(o for o in _pilihan(browser) if teks in o.text).click()
    tunggu.until(lambda d: teks in d.find_element(By.ID, id_).text)


def _simpan(browser) -> str:
    browser.find_element(By.ID, "input-simpan").click()
    tunggu = WebDriverWait(browser, 20)
    tunggu.until(lambda d: d.find_element(By.ID, "tulis-mutasi-hasil").text.strip())
    return browser.find_element(By.ID, "tulis-mutasi-hasil").text


def _foto(browser, nama: str) -> None:
    for lebar, tinggi in ((1920, 1080), (1366, 768)):
        set_viewport(browser, lebar, tinggi)
        time.sleep(0.5)
        screenshot(browser, ARTEFAK / f"{nama}_{lebar}x{tinggi}.png", lebar, tinggi)
    set_viewport(browser, 1920, 1080)


def _xlsx(baris: list[list[object]], path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(
        ["tanggal", "jam", "kode_wilayah", "jenis_logistik", "jumlah", "kondisi", "keterangan"]
    )
    for b in baris:
        ws.append(b)
    wb.save(path)
    return path


def test_operator_records_and_leadership_sees_it(browser, live_server, demo_awal, tmp_path) -> None:
    base = live_server(demo_awal)
    masuk_peramban(browser, base, "operator.3374")
    baik_awal, kirim_awal = _baris_jenis(browser, base, "Surat suara Gubernur")
    stok_awal = _nilai_peta(browser, base, "Cakupan stok")
    distribusi_awal = _nilai_peta(browser, base, "Distribusi")

    browser.get(f"{base}/input")
    tunggu = WebDriverWait(browser, 20)
    tunggu.until(ec.element_to_be_clickable((By.ID, "input-simpan")))
    # The operator's kab/kota picker holds Kota Semarang only: Demak cannot be chosen.
    browser.find_element(By.ID, "input-kabkota").click()
    tunggu.until(_pilihan)
    assert [o.text for o in _pilihan(browser)] == ["Kota Semarang (33.74)"]
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    tunggu.until(lambda d: not _pilihan(d))

    _pilih(browser, "input-jenis-logistik", "SS-GUB")
    browser.find_element(By.ID, "input-jumlah").send_keys("100.000")
    hasil = _simpan(browser)
    assert "Tercatat" in hasil, hasil
    _foto(browser, "input_terima")

    browser.find_element(By.XPATH, "//label[text()='Kirim ke PPK/PPS/TPS']").click()
    tunggu.until(lambda d: d.find_element(By.ID, "input-kecamatan").is_displayed())
    _pilih(browser, "input-kecamatan", "33.74.01")
    _pilih(browser, "input-jenis-logistik", "SS-GUB")
    jumlah = browser.find_element(By.ID, "input-jumlah")
    jumlah.clear()
    jumlah.send_keys("50.000")
    hasil = _simpan(browser)
    assert "Tercatat" in hasil and hasil.count("Tercatat") == 1, hasil
    _foto(browser, "input_kirim")

    baik, kirim = _baris_jenis(browser, base, "Surat suara Gubernur")
    assert (baik - baik_awal, kirim - kirim_awal) == (100_000, 50_000)
    stok = _nilai_peta(browser, base, "Cakupan stok")
    distribusi = _nilai_peta(browser, base, "Distribusi")
    # Stock coverage is the worst item's: a receipt of one item never lowers it, and raises it
    # only when that item was the worst (the item's own +100.000 is checked above).
    assert _persen(stok[0]) >= _persen(stok_awal[0]), (stok_awal, stok)
    assert distribusi[1] != distribusi_awal[1], (distribusi_awal, distribusi)
    assert_only_local(browser)
    assert not console_errors(browser)


def _badan_simpan(kabkota: str, client_id: str) -> str:
    """The body Dash sends for the movement form's Simpan button, with a chosen kab/kota."""
    return json.dumps(badan_simpan(kabkota, client_id))


def test_demak_is_out_of_reach_even_by_forged_request(browser, live_server, demo_awal) -> None:
    base = live_server(demo_awal)
    masuk_peramban(browser, base, "operator.3374")
    browser.get(f"{base}/input")
    WebDriverWait(browser, 20).until(ec.element_to_be_clickable((By.ID, "input-simpan")))
    sebelum = _jumlah_mutasi(demo_awal)
    # From inside the signed-in page, as a tampered browser would send it.
    jawab = browser.execute_async_script(
        """
        const selesai = arguments[arguments.length - 1];
        fetch('/_dash-update-component', {method: 'POST',
          headers: {'Content-Type': 'application/json'}, body: arguments[0]})
          .then(r => r.text().then(t => selesai([r.status, t])));
        """,
        _badan_simpan(DEMAK, "palsu-demak-1"),
    )
    assert jawab[0] == 403 and "di luar wilayah tugas" in jawab[1], jawab
    assert _jumlah_mutasi(demo_awal) == sebelum
    # The same body for the operator's own kab/kota is accepted: the refusal above is the scope.
    jawab = browser.execute_async_script(
        """
        const selesai = arguments[arguments.length - 1];
        fetch('/_dash-update-component', {method: 'POST',
          headers: {'Content-Type': 'application/json'}, body: arguments[0]})
          .then(r => r.text().then(t => selesai([r.status, t])));
        """,
        _badan_simpan(SEMARANG, "sah-semarang-1"),
    )
    assert jawab[0] == 200 and "Tercatat" in jawab[1], jawab
    assert _jumlah_mutasi(demo_awal) == (sebelum[0] + 1, sebelum[1] + 1)
    sebelum = _jumlah_mutasi(demo_awal)
    badan = _badan_simpan(SEMARANG, "tanpa-sesi-1")
    tanpa_sesi = requests.post(
        f"{base}/_dash-update-component",
        data=badan,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert tanpa_sesi.status_code == 401
    cookie = {c["name"]: c["value"] for c in browser.get_cookies()}
    asing = requests.post(
        f"{base}/_dash-update-component",
        data=badan,
        cookies=cookie,
        timeout=10,
        headers={"Content-Type": "application/json", "Origin": "https://jahat.example"},
    )
    assert asing.status_code == 403
    bukan_json = requests.post(
        f"{base}/_dash-update-component",
        data=b"\x00bukan json",
        cookies=cookie,
        timeout=10,
        headers={"Content-Type": "application/json"},
    )
    assert 400 <= bukan_json.status_code < 500
    assert _jumlah_mutasi(demo_awal) == sebelum


def test_bad_upload_shows_row_errors_and_imports_nothing(
    browser, live_server, demo_awal, tmp_path
) -> None:
    base = live_server(demo_awal)
    masuk_peramban(browser, base, "operator.3374")
    browser.get(f"{base}/input")
    tunggu = WebDriverWait(browser, 20)
    tunggu.until(ec.element_to_be_clickable((By.ID, "input-simpan")))
    browser.find_element(By.LINK_TEXT, "Unggah berkas").click()
    tunggu.until(lambda d: d.find_element(By.ID, "unggah-berkas").is_displayed())
    sebelum = _jumlah_mutasi(demo_awal)
    buruk = _xlsx(
        [
            ["10-11-2024", "08.00", SEMARANG, "SS-GUB", 1000, "baik", ""],
            ["10-11-2024", "", DEMAK, "SS-GUB", 500, "baik", "wilayah tetangga"],
            ["10-11-2024", "09.00", SEMARANG, "SS-GUB", "seribu", "baik", ""],
            ["10-11-2020", "09.00", SEMARANG, "KOTAK", 10, "bagus", "<b>tebal</b>"],
        ],
        tmp_path / "terima_buruk.xlsx",
    )
    unggah = browser.find_element(By.CSS_SELECTOR, "#unggah-berkas input[type=file]")
    unggah.send_keys(str(buruk))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "tulis-unggah-laporan"), "kesalahan"))
    laporan = browser.find_element(By.ID, "tulis-unggah-laporan").text
    assert "di luar wilayah tugas" in laporan and "bukan bilangan bulat" in laporan
    assert "di luar masa kegiatan" in laporan and "Kondisi 'bagus' tidak dikenal" in laporan
    baris = [
        tr.find_elements(By.TAG_NAME, "td")[0].text
        for tr in browser.find_elements(By.CSS_SELECTOR, "#tulis-unggah-laporan tbody tr")
    ]
    assert set(baris) == {"3", "4", "5"}
    assert not browser.find_element(By.ID, "unggah-simpan").is_enabled()
    _foto(browser, "input_unggah_galat")
    assert _jumlah_mutasi(demo_awal) == sebelum

    benar = _xlsx(
        [
            ["10-11-2024", "08.00", SEMARANG, "SS-GUB", 1000, "baik", ""],
            ["10-11-2024", "", SEMARANG, "SS-GUB", "1.500", "rusak ringan", "sudut basah"],
            ["10-11-2024", "09.00", SEMARANG, "SS-WAL", 1000, "baik", ""],
            ["10-11-2024", "09.30", SEMARANG, "KOTAK", 10, "baik", "<b>tebal</b>"],
        ],
        tmp_path / "terima_benar.xlsx",
    )
    unggah = browser.find_element(By.CSS_SELECTOR, "#unggah-berkas input[type=file]")
    unggah.send_keys(str(benar))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "tulis-unggah-laporan"), "siap"))
    assert _jumlah_mutasi(demo_awal) == sebelum
    tombol = browser.find_element(By.ID, "unggah-simpan")
    tunggu.until(lambda d: tombol.is_enabled())
    tombol.click()
    tunggu.until(ec.text_to_be_present_in_element((By.ID, "tulis-unggah-hasil"), "tersimpan"))
    _foto(browser, "input_unggah_ok")
    assert _jumlah_mutasi(demo_awal) == (sebelum[0] + 4, sebelum[1] + 4)
    assert not console_errors(browser)


def test_template_download_and_pimpinan_reads_only(browser, live_server, demo_awal) -> None:
    base = live_server(demo_awal)
    masuk_peramban(browser, base, "pimpinan.33")
    browser.get(f"{base}/input")
    WebDriverWait(browser, 20).until(
        ec.text_to_be_present_in_element((By.ID, "input-isi"), "tidak mencatat")
    )
    cookie = {c["name"]: c["value"] for c in browser.get_cookies()}
    r = requests.get(f"{base}/input/templat/kirim.xlsx", cookies=cookie, timeout=10)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    wb = __import__("openpyxl").load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Data", "Petunjuk", "Kode"]
