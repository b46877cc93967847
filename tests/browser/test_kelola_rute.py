"""The admin provinsi of Jawa Tengah at a desk (1366×768) and on a phone (390×844), on the
province's /rute: adds a ferry leg from the searchable place lists, sees a wrong duration
refused by name with nothing stored, sees the leg listed and in the database, suspends it;
uploads a small hazard GeoJSON and sees its zone listed. Screenshots of each step go to
artifacts/screenshots/ (and /tmp/foto_admin/ when that folder exists)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from dashboard import ids
from dashboard.db import models
from tests.support.browser import (
    baris_db,
    console_errors,
    masuk_peramban,
    pesan_berganti,
    screenshot,
    set_viewport,
)

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
FOTO_ADMIN = Path("/tmp/foto_admin")
_CSS = By.CSS_SELECTOR
_KE_TENGAH = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"
NAMA_KAPAL = "Kapal Cepat Semarang–Karimunjawa"
TANJUNG_EMAS = "-6.9447,110.4244"  # the port of Semarang, typed as lat,lon


@pytest.fixture
def browser_window_size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param


def _foto(browser: WebDriver, nama: str, ukuran: tuple[int, int]) -> None:
    """The step at the test's size; the laptop run also shows it on a projector (1920×1080)."""
    folder = [ARTEFAK, *((FOTO_ADMIN,) if FOTO_ADMIN.is_dir() else ())]
    for lebar, tinggi in [ukuran, *([(1920, 1080)] if ukuran == (1366, 768) else [])]:
        for f in folder:
            screenshot(browser, f / f"kelola_{nama}_{lebar}x{tinggi}.png", lebar, tinggi)
    set_viewport(browser, *ukuran)


def _ke(browser: WebDriver, id_: str):  # type: ignore[no-untyped-def]
    elemen = browser.find_element(By.ID, id_)
    browser.execute_script(_KE_TENGAH, elemen)
    return elemen


def _tekan(browser: WebDriver, daftar: str, nama: str, tombol: str, jenis: str = "data-id") -> None:
    """Click a button in the row of a list that names `nama`, found afresh until clicked: the
    list is drawn again after each write and on each refresh."""
    jalan = (f"//*[@id='{daftar}']//tr[@{jenis}][contains(., '{nama}')]"
             f"//button[normalize-space()='{tombol}']")  # fmt: skip

    def klik(d: WebDriver) -> bool:
        elemen = d.find_element(By.XPATH, jalan)
        d.execute_script(_KE_TENGAH, elemen)
        elemen.click()
        return True

    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(klik)


def _hapus(
    browser: WebDriver, daftar: str, nama: str, *, setuju: bool, tombol: str = "Hapus"
) -> None:
    """Click a row's delete button (a zone's or leg's Hapus, a file's Hapus berkas) and answer
    the browser's question."""
    _tekan(browser, daftar, nama, tombol, "data-id" if tombol == "Hapus" else "data-berkas")
    tanya = WebDriverWait(browser, 10).until(ec.alert_is_present())
    assert nama in tanya.text and tanya.text.startswith("Hapus ")
    if setuju:
        tanya.accept()
    else:
        tanya.dismiss()


def _pilih_tempat(browser: WebDriver, id_: str, cari: str, kode: str) -> None:
    """Open a place dropdown, search it, and take the first match."""
    _ke(browser, id_).click()
    kotak = WebDriverWait(browser, 10).until(
        ec.element_to_be_clickable((_CSS, ".dash-dropdown-search"))
    )
    kotak.send_keys(cari)
    WebDriverWait(browser, 10).until(
        lambda d: any(kode in o.text for o in d.find_elements(_CSS, "[role=option]"))
    )
    kotak.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: kode in d.find_element(By.ID, id_).text)


def _isi(browser: WebDriver, id_: str, teks: str) -> None:
    elemen = _ke(browser, id_)
    elemen.send_keys(Keys.CONTROL, "a")
    elemen.send_keys(teks)


@pytest.mark.parametrize("browser_window_size", [(1366, 768), (390, 844)], indirect=True)
def test_admin_adds_a_ferry_leg_and_uploads_a_hazard_layer(
    browser: WebDriver,
    live_server,
    demo_salinan: str,
    browser_window_size: tuple[int, int],
    tmp_path: Path,
) -> None:
    base = live_server(demo_salinan, "33")
    tunggu = WebDriverWait(browser, 40)
    ukuran = browser_window_size

    # A visitor reads the legs but gets no form.
    browser.get(f"{base}/rute")
    tunggu.until(
        ec.presence_of_element_located((_CSS, "#lintasan-daftar table, #lintasan-daftar div"))
    )
    assert not browser.find_element(By.ID, ids.LINTASAN_ISIAN).is_displayed()
    assert not browser.find_element(By.ID, ids.BAHAYA_ISIAN).is_displayed()

    masuk_peramban(browser, base, "admin.33")
    browser.get(f"{base}/rute")
    tunggu.until(ec.visibility_of_element_located((By.ID, ids.LINTASAN_ISIAN)))
    _foto(browser, "awal", ukuran)

    # A duration in words is refused by its name; nothing is stored.
    _isi(browser, ids.LINTASAN_NAMA, NAMA_KAPAL)
    # From the port's exact point to an island desa of Karimunjawa (found by typing its name).
    _pilih_tempat(browser, ids.LINTASAN_ASAL, TANJUNG_EMAS, TANJUNG_EMAS)
    _pilih_tempat(browser, ids.LINTASAN_TUJUAN, "parang karimun", "33.20.10.2003")
    _isi(browser, ids.LINTASAN_ASAL_NAMA, "Pelabuhan Tanjung Emas")
    _isi(browser, ids.LINTASAN_DURASI, "empat jam")
    _isi(browser, ids.LINTASAN_JADWAL, "Sen, Kam 08.00")
    _isi(browser, ids.LINTASAN_KAPASITAS, "2000")
    _ke(browser, ids.LINTASAN_TAMBAH).click()
    pesan = pesan_berganti(tunggu, ids.LINTASAN_PESAN)
    assert "Lintasan tidak disimpan" in pesan and "Durasi wajib bilangan bulat menit" in pesan
    stmt = select(models.Lintasan.nama, models.Lintasan.aktif).where(
        models.Lintasan.nama == NAMA_KAPAL
    )
    assert baris_db(demo_salinan, stmt) == []
    _foto(browser, "tolak", ukuran)

    _isi(browser, ids.LINTASAN_DURASI, "240")
    _ke(browser, ids.LINTASAN_TAMBAH).click()
    pesan = pesan_berganti(tunggu, ids.LINTASAN_PESAN, pesan)
    assert "ditambahkan; rute dihitung ulang" in pesan, pesan
    tunggu.until(lambda d: NAMA_KAPAL in d.find_element(By.ID, ids.LINTASAN_DAFTAR).text)
    baris = browser.execute_script(  # read in one step: the list may be drawn again meanwhile
        "return [...document.querySelectorAll('#lintasan-daftar tr[data-id]')]"
        ".map(r => r.innerText).find(t => t.includes(arguments[0]))", NAMA_KAPAL)  # fmt: skip
    assert "Pelabuhan Tanjung Emas" in baris and "4 jam" in baris
    assert "Sen, Kam 08.00" in baris and "2.000 kg" in baris and "Aktif" in baris
    assert [tuple(r) for r in baris_db(demo_salinan, stmt)] == [(NAMA_KAPAL, True)]
    ujung = select(
        models.Lintasan.asal_kode, models.Lintasan.asal_lat, models.Lintasan.asal_lon,
        models.Lintasan.tujuan_kode, models.Lintasan.tujuan_nama,
    ).where(models.Lintasan.nama == NAMA_KAPAL)  # fmt: skip
    assert [tuple(r) for r in baris_db(demo_salinan, ujung)] == [
        (None, -6.9447, 110.4244, "33.20.10.2003", "Parang")
    ]
    # The form is emptied once stored, so a second click does not add the leg twice.
    assert not browser.find_element(By.ID, ids.LINTASAN_NAMA).get_attribute("value")
    browser.execute_script(_KE_TENGAH, browser.find_element(By.ID, ids.LINTASAN_DAFTAR))
    _foto(browser, "lintasan", ukuran)

    # Suspended for the weather: listed as Nonaktif, stored so.
    _tekan(browser, ids.LINTASAN_DAFTAR, NAMA_KAPAL, "Nonaktifkan")
    pesan = pesan_berganti(tunggu, ids.LINTASAN_PESAN, pesan)
    assert "dinonaktifkan" in pesan
    assert [tuple(r) for r in baris_db(demo_salinan, stmt)] == [(NAMA_KAPAL, False)]

    # Delete asks first: cancelled, the leg stays; confirmed, it is gone from list and database.
    _hapus(browser, ids.LINTASAN_DAFTAR, NAMA_KAPAL, setuju=False)
    time.sleep(1)
    assert [tuple(r) for r in baris_db(demo_salinan, stmt)] == [(NAMA_KAPAL, False)]
    _hapus(browser, ids.LINTASAN_DAFTAR, NAMA_KAPAL, setuju=True)
    pesan = pesan_berganti(tunggu, ids.LINTASAN_PESAN, pesan)
    assert "dihapus" in pesan, pesan
    tunggu.until(lambda d: NAMA_KAPAL not in d.find_element(By.ID, ids.LINTASAN_DAFTAR).text)
    assert baris_db(demo_salinan, stmt) == []

    # A small flood zone on the Jepara coast, uploaded with its columns found by name.
    berkas = tmp_path / "banjir_jepara.geojson"
    berkas.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"jenis": "banjir", "tingkat": "tinggi",
                                       "nama": "Genangan Pantai Kartini"},
                        "geometry": {"type": "Polygon", "coordinates": [[
                            [110.64, -6.60], [110.68, -6.60], [110.68, -6.57],
                            [110.64, -6.57], [110.64, -6.60]]]},
                    },
                    {
                        "type": "Feature",
                        "properties": {"jenis": "banjir", "tingkat": "sedang",
                                       "nama": "Genangan Bandengan"},
                        "geometry": {"type": "Polygon", "coordinates": [[
                            [110.66, -6.57], [110.69, -6.57], [110.69, -6.55],
                            [110.66, -6.55], [110.66, -6.57]]]},
                    },
                ],
            }
        )
    )  # fmt: skip
    unggah = browser.find_element(_CSS, f"#{ids.BAHAYA_BERKAS} input[type=file]")
    unggah.send_keys(str(berkas))
    tunggu.until(
        lambda d: "banjir_jepara.geojson" in d.find_element(By.ID, ids.BAHAYA_DIPILIH).text
    )
    _ke(browser, ids.BAHAYA_IMPOR).click()
    pesan_bahaya = pesan_berganti(tunggu, ids.BAHAYA_PESAN)
    assert "2 zona bahaya dari banjir_jepara.geojson disimpan." in pesan_bahaya, pesan_bahaya
    tunggu.until(
        lambda d: "Genangan Pantai Kartini" in d.find_element(By.ID, ids.BAHAYA_DAFTAR).text
    )
    zona = baris_db(
        demo_salinan,
        select(models.Bahaya.jenis, models.Bahaya.tingkat).where(
            models.Bahaya.nama == "Genangan Pantai Kartini"
        ),
    )
    assert [tuple(r) for r in zona] == [("banjir", "tinggi")]
    # The choice is cleared, so the next export can be chosen (or the same one again).
    assert not browser.find_element(By.ID, ids.BAHAYA_DIPILIH).text
    browser.execute_script(_KE_TENGAH, browser.find_element(By.ID, ids.BAHAYA_PESAN))
    time.sleep(0.3)
    _foto(browser, "bahaya", ukuran)
    # One zone, then the rest of the file in one step (each asked first).
    _hapus(browser, ids.BAHAYA_DAFTAR, "Genangan Pantai Kartini", setuju=True)
    pesan_bahaya = pesan_berganti(tunggu, ids.BAHAYA_PESAN, pesan_bahaya)
    assert "Zona bahaya Genangan Pantai Kartini dihapus." in pesan_bahaya, pesan_bahaya
    dari_berkas = select(models.Bahaya.nama).where(
        models.Bahaya.sumber_berkas == "banjir_jepara.geojson"
    )
    assert [tuple(r) for r in baris_db(demo_salinan, dari_berkas)] == [("Genangan Bandengan",)]
    tunggu.until(lambda d: "1 zona" in d.execute_script(  # read in one step: redrawn meanwhile
        "const r = document.querySelector(arguments[0]); return r ? r.innerText : ''",
        "#bahaya-daftar tr[data-berkas='banjir_jepara.geojson']"))  # fmt: skip
    _hapus(browser, ids.BAHAYA_DAFTAR, "banjir_jepara.geojson", setuju=True, tombol="Hapus berkas")
    pesan_bahaya = pesan_berganti(tunggu, ids.BAHAYA_PESAN, pesan_bahaya)
    assert "1 zona bahaya dari berkas banjir_jepara.geojson dihapus." in pesan_bahaya
    assert baris_db(demo_salinan, dari_berkas) == []
    tunggu.until(lambda d: "banjir_jepara" not in d.find_element(By.ID, ids.BAHAYA_DAFTAR).text)
    assert not [e for e in console_errors(browser) if "favicon" not in e]
