"""Operator journeys in headless Chromium, on a laptop (1366×768, one at 1024×768) and a phone
(390×844): every movement type from the form, an incident reported, updated and closed, a
template and an upload for every record type, a wrong entry corrected by a reversing entry.
Each journey checks the database afterwards and the region's overview after a refresh, and
saves a screenshot of every step to artifacts/screenshots/."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import create_engine, func, select

from dashboard.db import models
from dashboard.db.engine import buat_engine
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.domain.isian import KOLOM, MAKS_BYTE
from dashboard.services import unggahan
from dashboard.tools.demo import bangun_demo
from tests.support.browser import console_errors, masuk_peramban, screenshot
from tests.support.server_web import keluaran_callback

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SEMARANG = "33.74"
PPK = "33.74.01"  # Kecamatan Semarang Tengah
LAPTOP = (1366, 768)
PONSEL = (390, 844)
SEMPIT = (1024, 768)
_CSS = By.CSS_SELECTOR
_TANGGAL = "input#input-tanggal, #input-tanggal input"
# Bootstrap scrolls smoothly; a click during the scroll would land where the element was.
_KE_TENGAH = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Jawa Tengah at H-13, shared by the journeys of this module (each checks its own rows)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('perjalanan') / 'kendali.db'}"
    engine = buat_engine(url, bulk=True)
    bangun_demo(engine, "33", "pilkada2024", dt.date(2024, 11, 14), seed=5)
    engine.dispose()
    return url


@pytest.fixture
def browser_window_size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param


# ---- helpers -------------------------------------------------------------------------------


def _db(url: str, stmt):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(stmt).all()
    finally:
        engine.dispose()


def _mutasi_sejak(url: str, sesudah: int) -> list:
    m = models.Mutasi
    return _db(url, select(m).where(m.id > sesudah).order_by(m.id))


def _id_terakhir(url: str) -> int:
    return _db(url, select(func.max(models.Mutasi.id)))[0][0] or 0


def _foto(browser: WebDriver, nama: str, ke: str | None = None) -> None:
    """Save the viewport as it is (or scrolled to element id `ke` first)."""
    if ke:
        browser.execute_script(_KE_TENGAH.replace("center", "start"), browser.find_element(
            By.ID, ke))  # fmt: skip
    w, h = browser.execute_script("return [innerWidth, innerHeight]")
    screenshot(browser, ARTEFAK / f"perjalanan_{nama}_{w}x{h}.png", w, h)


def _buka_input(browser: WebDriver, base: str, tab: str | None = None) -> WebDriverWait:
    browser.get(f"{base}/input")
    tunggu = WebDriverWait(browser, 20)
    tunggu.until(ec.element_to_be_clickable((By.ID, "input-simpan")))
    if tab:
        browser.find_element(By.LINK_TEXT, tab).click()
    return tunggu


def _pilihan(browser: WebDriver) -> list:
    return browser.find_elements(By.CSS_SELECTOR, "[role=listbox] [role=option]")


def _pilih(browser: WebDriver, id_: str, teks: str, by: str = By.ID) -> None:
    """Open a dcc.Dropdown (by id, or `by` CSS for pattern-matching ids) and click the option
    whose label contains `teks`."""
    el = browser.find_element(by, id_)
    browser.execute_script(_KE_TENGAH, el)
    el.click()
    tunggu = WebDriverWait(browser, 10)
    tunggu.until(lambda d: any(teks in o.text for o in _pilihan(d)))
    next(o for o in _pilihan(browser) if teks in o.text).click()
    tunggu.until(lambda d: teks in d.find_element(by, id_).text)


def _isi(browser: WebDriver, id_: str, teks: str) -> None:
    el = browser.find_element(By.ID, id_)
    el.send_keys(Keys.CONTROL + "a", Keys.DELETE)
    el.send_keys(teks)


def _klik(browser: WebDriver, el) -> None:  # type: ignore[no-untyped-def]
    browser.execute_script(_KE_TENGAH, el)
    el.click()


def _di_layar(browser: WebDriver, el) -> bool:  # type: ignore[no-untyped-def]
    """Whether an element is wholly inside the viewport (seen without scrolling)."""
    return bool(
        browser.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 1"
            " && r.left >= 0 && r.right <= innerWidth + 1;",
            el,
        )
    )


def _tidak_geser_samping(browser: WebDriver) -> None:
    """Nothing on the entry page reaches past the viewport's right edge (the navbar is the
    shell's, checked by the layout tests)."""
    lebar = browser.execute_script(
        """
        const out = [];
        document.querySelectorAll('#input-isi *').forEach(e => {
          const r = e.getBoundingClientRect();
          if (r.width > 0 && r.right > innerWidth + 1 && e.offsetParent !== null) {
            out.push(`${e.tagName}#${e.id}.${e.className.toString().slice(0, 40)} ${r.right}`);
          }
        });
        return out.slice(0, 10);"""
    )
    assert not lebar, f"melewati tepi kanan layar: {lebar}"


def _simpan(browser: WebDriver, tunggu: WebDriverWait, sebelum: str = "") -> str:
    """Press Simpan; return the answer once it is new and on screen."""
    _klik(browser, browser.find_element(By.ID, "input-simpan"))
    hasil = browser.find_element(By.ID, "tulis-mutasi-hasil")
    tunggu.until(lambda d: hasil.text.strip() and hasil.text != sebelum)
    tunggu.until(lambda d: _di_layar(d, hasil))  # on a phone too: not below the fold
    return hasil.text


def _jenis_catatan(browser: WebDriver, induk: str, label: str) -> None:
    _klik(browser, browser.find_element(By.XPATH, f"//*[@id='{induk}']//label[text()='{label}']"))


def _riwayat_wilayah(browser: WebDriver, base: str, harus: list[str], kode: str = SEMARANG) -> str:
    """Reload a region's overview until its history shows every text in `harus`."""
    tunggu = WebDriverWait(browser, 20)
    browser.get(f"{base}/wilayah/{kode}")
    tunggu.until(ec.presence_of_element_located((By.ID, "tabel-mutasi")))
    for _ in range(5):
        teks = browser.find_element(By.ID, "tabel-mutasi").text
        if all(h in teks for h in harus):
            return teks
        browser.refresh()
        tunggu.until(ec.presence_of_element_located((By.ID, "tabel-mutasi")))
    raise AssertionError(f"{harus} tidak ada di Catatan terbaru:\n{teks}")


def _baik_dikirim(browser: WebDriver, base: str, nama: str = "Surat suara Gubernur") -> tuple:
    """Good received and sent to PPK for one item on Kota Semarang's overview."""
    browser.get(f"{base}/wilayah/{SEMARANG}")
    WebDriverWait(browser, 20).until(ec.text_to_be_present_in_element((By.ID, "tabel-jenis"), nama))
    for tr in browser.find_elements(By.CSS_SELECTOR, "#tabel-jenis tbody tr"):
        sel = tr.find_elements(By.TAG_NAME, "td")
        if sel[0].text.strip() == nama:
            return tuple(int(re.sub(r"[^\d]", "", sel[i].text.split()[0]) or 0) for i in (2, 5))
    raise AssertionError(f"{nama} tidak ada di tabel jenis")


def _tunggu_teks(tunggu: WebDriverWait, el, harus: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Wait until `el` shows every text in `harus`; fail with what it shows instead."""
    try:
        tunggu.until(lambda d: all(h in el.text for h in harus))
    except TimeoutException:
        raise AssertionError(f"{harus} tidak tampak; yang tampak: {el.text!r}") from None


def _ukuran(browser: WebDriver) -> str:
    w, h = browser.execute_script("return [innerWidth, innerHeight]")
    return f"{w}x{h}"


# ---- 1. every movement type from the form --------------------------------------------------


@pytest.mark.parametrize("browser_window_size", [LAPTOP, PONSEL], indirect=True, ids=str)
def test_every_movement_type_from_the_form(browser_window_size, browser, live_server, demo) -> None:
    base = live_server(demo)
    masuk_peramban(browser, base, "operator.3374")
    baik_awal, kirim_awal = _baik_dikirim(browser, base)
    tunggu = _buka_input(browser, base)
    _tidak_geser_samping(browser)

    # Dates and times as the rest of the app writes them, whatever the browser's locale.
    tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, _TANGGAL))  # the picker loads late
    tanggal = browser.find_element(By.CSS_SELECTOR, _TANGGAL)
    _foto(browser, "1_formulir")
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", tanggal.get_attribute("value")), tanggal
    assert re.fullmatch(r"\d{2}\.\d{2}", browser.find_element(By.ID, "input-jam").get_attribute(
        "value"))  # fmt: skip
    tanggal.click()  # the calendar speaks Indonesian too, whatever the browser's language
    tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".dash-datepicker-content"))
    kalender = browser.find_element(By.CSS_SELECTOR, ".dash-datepicker-content").text
    assert "Sn" in kalender and "Rb" in kalender and "Mo" not in kalender, kalender
    _foto(browser, "1_kalender")
    tanggal.send_keys(Keys.CONTROL + "a", Keys.DELETE)
    tanggal.send_keys("14-11-2024")
    browser.find_element(By.ID, "input-jam").click()  # blur: the picker takes the typed date
    _isi(browser, "input-jam", "25.00")
    _pilih(browser, "input-jenis-logistik", "SS-GUB")
    _isi(browser, "input-jumlah", "2.000")
    hasil = _simpan(browser, tunggu)
    assert "Tidak disimpan" in hasil and "Jam '25.00' tidak dikenali" in hasil, hasil
    _foto(browser, "1_jam_salah")
    awal = _id_terakhir(demo)

    _isi(browser, "input-jam", "08.30")
    _isi(browser, "input-keterangan", "kiriman pertama")
    hasil = _simpan(browser, tunggu, hasil)
    # The confirmation repeats what was saved: number, what, how many, where by name, when.
    assert re.search(r"Tercatat — nomor \d+", hasil), hasil
    assert "Terima dari penyedia" in hasil and "Surat suara Gubernur (SS-GUB)" in hasil
    assert "2.000" in hasil and "kondisi baik" in hasil
    assert "Gudang KPU Kota Semarang" in hasil, hasil
    assert "14-11-2024 08.30 WIB" in hasil, hasil
    _foto(browser, "1_terima_penyedia")
    # Ready for the next record: quantity and note cleared, place and date kept.
    tunggu.until(lambda d: d.find_element(By.ID, "input-keterangan").get_attribute("value") == "")
    assert browser.find_element(By.ID, "input-jumlah").get_attribute("value") == ""
    assert tanggal.get_attribute("value") == "14-11-2024"
    assert "Kota Semarang" in browser.find_element(By.ID, "input-kabkota").text

    # Another record type: the old green message goes, so an unsaved form never looks saved.
    _jenis_catatan(browser, "input-jenis", "Sortir-lipat / pengepakan")
    tunggu.until(lambda d: not d.find_element(By.ID, "tulis-mutasi-hasil").text.strip())
    assert not browser.find_element(By.ID, "input-kondisi").is_displayed()
    _isi(browser, "input-jumlah", "1.500")
    hasil = _simpan(browser, tunggu)
    assert "Sortir-lipat" in hasil and "1.500" in hasil and "nan" not in hasil, hasil

    _jenis_catatan(browser, "input-jenis", "Kerusakan / penggantian")
    _pilih(browser, "input-alasan", "Rusak ditemukan")
    _isi(browser, "input-jumlah", "12")
    hasil = _simpan(browser, tunggu)
    assert "Kerusakan / penggantian" in hasil and "alasan rusak" in hasil and " 12 " in hasil

    _jenis_catatan(browser, "input-jenis", "Kirim ke PPK/PPS/TPS")
    tunggu.until(lambda d: d.find_element(By.ID, "input-kecamatan").is_displayed())
    _pilih(browser, "input-kecamatan", PPK)
    # Too much: the refusal names the gudang by its region's name, not by code.
    _isi(browser, "input-jumlah", "90.000.000")
    hasil = _simpan(browser, tunggu)
    assert "Tidak disimpan" in hasil, hasil
    _isi(browser, "input-jumlah", "9.000.000")
    hasil = _simpan(browser, tunggu, hasil)
    assert "melebihi stok baik di Gudang KPU Kota Semarang" in hasil, hasil
    assert "33.74" not in hasil, hasil
    _foto(browser, "1_kirim_ditolak")
    _isi(browser, "input-jumlah", "300")
    hasil = _simpan(browser, tunggu, hasil)
    assert "Kirim ke PPK/PPS/TPS" in hasil and "PPK Semarang Tengah" in hasil, hasil

    _jenis_catatan(browser, "input-jenis", "Terima di PPK/PPS/TPS")
    tunggu.until(lambda d: d.find_element(By.ID, "input-kecamatan").is_displayed())
    _pilih(browser, "input-kecamatan", PPK)
    _isi(browser, "input-jumlah", "300")
    hasil = _simpan(browser, tunggu)
    assert "Terima di PPK/PPS/TPS" in hasil and "PPK Semarang Tengah" in hasil, hasil
    _foto(browser, "1_terima_ppk")
    assert not console_errors(browser)

    baris = _mutasi_sejak(demo, awal)
    assert [(m.jenis_mutasi, m.tahap, m.wilayah_kode, m.jumlah) for m in baris] == [
        ("terima_penyedia", "gudang", SEMARANG, 2000),
        ("sortir_lipat", "gudang", SEMARANG, 1500),
        ("penyesuaian", "gudang", SEMARANG, 12),
        ("kirim", "ppk", PPK, 300),
        ("terima", "ppk", PPK, 300),
    ]
    assert baris[0].keterangan == "kiriman pertama" and all(not m.keterangan for m in baris[1:])
    assert baris[0].waktu.strftime("%d-%m-%Y %H.%M") == "14-11-2024 01.30"  # 08.30 WIB in UTC
    # Good stock: the receipt less the 12 found damaged; 300 sent on to the PPK.
    assert _baik_dikirim(browser, base) == (baik_awal + 2000 - 12, kirim_awal + 300)
    assert "nan" not in _riwayat_wilayah(browser, base, ["Tiba di PPK", "Kirim ke PPK"], PPK)
    _foto(browser, "1_riwayat_wilayah", "tabel-mutasi")


# ---- 2. incidents --------------------------------------------------------------------------


@pytest.mark.parametrize("browser_window_size", [LAPTOP, PONSEL, SEMPIT], indirect=True, ids=str)
def test_incident_reported_updated_and_closed(
    browser_window_size, browser, live_server, demo
) -> None:
    base = live_server(demo)
    judul = f"Banjir menutup akses PPK ({_ukuran(browser)})"
    masuk_peramban(browser, base, "operator.3374")
    tunggu = _buka_input(browser, base, "Kejadian")
    tunggu.until(lambda d: d.find_element(By.ID, "kejadian-judul").is_displayed())
    for id_ in ("kejadian-wilayah", "kejadian-jenis", "kejadian-keparahan", "kejadian-keterangan"):
        assert browser.find_element(By.ID, id_).is_displayed(), id_
    _klik(browser, browser.find_element(By.ID, "kejadian-lapor"))
    hasil = browser.find_element(By.ID, "tulis-kejadian-hasil")
    tunggu.until(lambda d: hasil.text.strip())
    assert "Jenis kejadian" in hasil.text and "Judul" in hasil.text, hasil.text  # fields named

    _pilih(browser, "kejadian-jenis", "Banjir")
    _pilih(browser, "kejadian-keparahan", "Tinggi")
    _isi(browser, "kejadian-judul", judul)
    _isi(browser, "kejadian-keterangan", "Jalan ke gudang PPK tergenang 50 cm")
    sebelum = hasil.text
    _klik(browser, browser.find_element(By.ID, "kejadian-lapor"))
    tunggu.until(lambda d: hasil.text != sebelum and "tercatat" in hasil.text)
    tunggu.until(lambda d: _di_layar(d, hasil))
    nomor = int(re.search(r"nomor (\d+)", hasil.text)[1])
    _foto(browser, "2_kejadian_lapor")
    k = models.Kejadian
    assert _db(demo, select(k.wilayah_kode, k.jenis, k.keparahan, k.status).where(
        k.id == nomor)) == [(SEMARANG, "banjir", "tinggi", "terbuka")]  # fmt: skip

    kartu = f"[id*='\"id\":{nomor},']"
    tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#kejadian-daftar {kartu}"))
    _pilih(browser, f"#kejadian-daftar [id*='kejadian-status']{kartu}", "Sedang ditangani", _CSS)
    browser.find_element(By.CSS_SELECTOR, f"[id*='kejadian-catatan']{kartu}").send_keys(
        "Perahu karet dikirim"
    )
    _klik(browser, browser.find_element(By.CSS_SELECTOR, f"[id*='kejadian-ubah\"']{kartu}"))
    ubah = browser.find_element(By.CSS_SELECTOR, f"[id*='tulis-kejadian-ubah-hasil']{kartu}")
    tunggu.until(lambda d: "Tersimpan" in ubah.text)
    _foto(browser, "2_kejadian_ditangani")
    assert _db(demo, select(k.status).where(k.id == nomor)) == [("ditangani",)]
    browser.get(f"{base}/wilayah/{SEMARANG}")
    tunggu.until(ec.text_to_be_present_in_element((By.TAG_NAME, "body"), judul))

    tunggu = _buka_input(browser, base, "Kejadian")
    tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#kejadian-daftar {kartu}"))
    _pilih(browser, f"#kejadian-daftar [id*='kejadian-status']{kartu}", "Selesai", _CSS)
    _klik(browser, browser.find_element(By.CSS_SELECTOR, f"[id*='kejadian-ubah\"']{kartu}"))
    ubah = browser.find_element(By.CSS_SELECTOR, f"[id*='tulis-kejadian-ubah-hasil']{kartu}")
    tunggu.until(lambda d: "Tersimpan" in ubah.text)
    assert _db(demo, select(k.status, k.keterangan).where(k.id == nomor))[0][0] == "selesai"
    assert "Perahu karet dikirim" in _db(demo, select(k.keterangan).where(k.id == nomor))[0][0]
    browser.get(f"{base}/wilayah/{SEMARANG}")
    tunggu.until(ec.presence_of_element_located((By.ID, "tabel-mutasi")))
    assert judul not in browser.find_element(By.TAG_NAME, "body").text  # no longer active
    assert not console_errors(browser)


# ---- 3. templates and uploads for every record type ---------------------------------------

_BARIS_UNGGAH: dict[JenisMutasi, dict[str, object]] = {
    JenisMutasi.TERIMA_PENYEDIA: {"kode_wilayah": SEMARANG, "jumlah": "400", "kondisi": "baik"},
    JenisMutasi.PENYESUAIAN: {"tahap": "gudang", "kode_wilayah": SEMARANG, "alasan": "hilang",
                              "jumlah": 3},
    JenisMutasi.SORTIR_LIPAT: {"kode_wilayah": SEMARANG, "jumlah": 350},
    JenisMutasi.KIRIM: {"tahap": "ppk", "kode_wilayah": PPK, "jumlah": 40},
    JenisMutasi.TERIMA: {"tahap": "ppk", "kode_wilayah": PPK, "jumlah": 40,
                         "kondisi": "rusak ringan"},
}  # fmt: skip
_LABEL_UNGGAH = {
    JenisMutasi.TERIMA_PENYEDIA: "Terima dari penyedia",
    JenisMutasi.PENYESUAIAN: "Kerusakan / penggantian",
    JenisMutasi.SORTIR_LIPAT: "Sortir-lipat / pengepakan",
    JenisMutasi.KIRIM: "Kirim ke PPK/PPS/TPS",
    JenisMutasi.TERIMA: "Terima di PPK/PPS/TPS",
}


def _isi_templat(isi: bytes, jenis: JenisMutasi, path: Path, ukuran: str) -> Path:
    """Fill the downloaded template's Data sheet with one row, as an operator would."""
    wb = load_workbook(io.BytesIO(isi))
    ws = wb["Data"]
    kunci = {unggahan.label(k): k for k in KOLOM[jenis]}
    judul = [kunci.get(str(c.value or "").strip(), "") for c in ws[1]]
    # Each window size uploads at its own minute: the same row from the same office again would
    # rightly be skipped as already recorded (row-level idempotency).
    jam = "10.15" if ukuran.startswith("1366") else "10.20"
    nilai = {"tanggal": "14-11-2024", "jam": jam, "jenis_logistik": "SS-GUB",
             "keterangan": f"unggah {jenis.value} {ukuran}", **_BARIS_UNGGAH[jenis]}  # fmt: skip
    if ws.max_row > 1:
        ws.delete_rows(2, ws.max_row)
    ws.append([nilai.get(k, "") for k in judul])
    wb.save(path)
    return path


@pytest.mark.parametrize("browser_window_size", [LAPTOP, PONSEL], indirect=True, ids=str)
def test_templates_and_uploads_for_every_record_type(
    browser_window_size, browser, live_server, demo, tmp_path
) -> None:
    base = live_server(demo)
    masuk_peramban(browser, base, "operator.3374")
    tunggu = _buka_input(browser, base, "Unggah berkas")
    tunggu.until(lambda d: d.find_element(By.ID, "unggah-jenis").is_displayed())
    cookie = {c["name"]: c["value"] for c in browser.get_cookies()}
    awal = _id_terakhir(demo)
    laporan = browser.find_element(By.ID, "tulis-unggah-laporan")
    for jenis, label in _LABEL_UNGGAH.items():
        _jenis_catatan(browser, "unggah-jenis", label)
        tautan = f"#unggah-templat a[href$='/{jenis.value}.xlsx']"
        tunggu.until(lambda d, t=tautan: d.find_elements(By.CSS_SELECTOR, t))
        href = browser.find_element(By.CSS_SELECTOR, tautan).get_attribute("href")
        r = requests.get(href, cookies=cookie, timeout=20)
        assert r.status_code == 200 and r.content[:2] == b"PK", (jenis, r.status_code)
        wb = load_workbook(io.BytesIO(r.content), read_only=True)
        judul = [str(c.value or "").strip() for c in next(wb["Data"].iter_rows(max_row=1))]
        # The template's headers are the form's own labels, in the record type's column order.
        harapan = [unggahan.label(k) for k in KOLOM[jenis]]
        assert judul[: len(harapan)] == harapan, (jenis, judul)
        berkas = _isi_templat(r.content, jenis, tmp_path / f"{jenis.value}.xlsx", _ukuran(browser))
        browser.find_element(By.CSS_SELECTOR, "#unggah-berkas input[type=file]").send_keys(
            str(berkas)
        )
        _tunggu_teks(tunggu, laporan, [berkas.name, "siap"])
        tunggu.until(lambda d: d.find_element(By.ID, "unggah-simpan").is_enabled())
        tombol = browser.find_element(By.ID, "unggah-simpan")
        _klik(browser, tombol)
        tunggu.until(ec.text_to_be_present_in_element((By.ID, "tulis-unggah-hasil"), berkas.name))
        assert "1 catatan" in browser.find_element(By.ID, "tulis-unggah-hasil").text
    _foto(browser, "3_unggah_terima")

    baris = _mutasi_sejak(demo, awal)
    assert [(m.jenis_mutasi, m.tahap, m.wilayah_kode, m.jumlah) for m in baris] == [
        ("terima_penyedia", "gudang", SEMARANG, 400),
        ("penyesuaian", "gudang", SEMARANG, 3),
        ("sortir_lipat", "gudang", SEMARANG, 350),
        ("kirim", "ppk", PPK, 40),
        ("terima", "ppk", PPK, 40),
    ]
    assert baris[4].kondisi == "rusak_ringan" and baris[1].alasan == "hilang"

    # A file the service refuses is answered, never silently dropped: old Excel, too large.
    xls = tmp_path / "lama.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    browser.find_element(By.CSS_SELECTOR, "#unggah-berkas input[type=file]").send_keys(str(xls))
    tunggu.until(lambda d: "lama.xls" in laporan.text and ".xls belum didukung" in laporan.text)
    tunggu.until(lambda d: _di_layar(d, laporan))
    _foto(browser, "3_unggah_xls")
    besar = tmp_path / "besar.csv"
    besar.write_bytes(b"tanggal,jam\n" + b"1" * (MAKS_BYTE + 1024))
    browser.find_element(By.CSS_SELECTOR, "#unggah-berkas input[type=file]").send_keys(str(besar))
    tunggu.until(lambda d: "besar.csv" in laporan.text and "melebihi batas" in laporan.text)
    assert not browser.find_element(By.ID, "unggah-simpan").is_enabled()
    _foto(browser, "3_unggah_besar")
    assert len(_mutasi_sejak(demo, awal)) == 5
    _riwayat_wilayah(browser, base, ["Tiba di PPK (rusak ringan)", "Kirim ke PPK"], PPK)
    assert not console_errors(browser)


# ---- 4. correction by reversing entry ------------------------------------------------------


def _badan_koreksi(output: str, nomor: object, alasan: str) -> str:
    keluaran = [o.split(".", 1) for o in output.strip(".").split("...")]
    return json.dumps({
        "output": output,
        "outputs": [{"id": i, "property": p} for i, p in keluaran],
        "inputs": [{"id": "koreksi-simpan", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["koreksi-simpan.n_clicks"],
        "state": [{"id": "koreksi-pilih", "property": "data", "value": nomor},
                  {"id": "koreksi-alasan", "property": "value", "value": alasan}],
    })  # fmt: skip


def _kirim_dari_halaman(browser: WebDriver, badan: str) -> list:
    return browser.execute_async_script(
        """
        const selesai = arguments[arguments.length - 1];
        fetch('/_dash-update-component', {method: 'POST',
          headers: {'Content-Type': 'application/json'}, body: arguments[0]})
          .then(r => r.text().then(t => selesai([r.status, t])));
        """,
        badan,
    )


@pytest.mark.parametrize("browser_window_size", [LAPTOP, PONSEL], indirect=True, ids=str)
def test_wrong_entry_corrected_by_a_reversing_entry(
    browser_window_size, browser, live_server, demo
) -> None:
    base = live_server(demo)
    masuk_peramban(browser, base, "admin.33")
    tunggu = _buka_input(browser, base)
    _pilih(browser, "input-kabkota", "Kota Semarang")
    _pilih(browser, "input-jenis-logistik", "SS-GUB")
    _isi(browser, "input-jumlah", "7")
    assert "Tercatat" in _simpan(browser, tunggu)
    dari_admin = _id_terakhir(demo)

    browser.delete_all_cookies()
    masuk_peramban(browser, base, "operator.3374")
    baik_awal, _ = _baik_dikirim(browser, base)
    tunggu = _buka_input(browser, base)
    _pilih(browser, "input-jenis-logistik", "SS-GUB")
    # The newest entry in the region's history (the module's other journeys write 14-11).
    tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, _TANGGAL))
    tanggal = browser.find_element(By.CSS_SELECTOR, _TANGGAL)
    tanggal.send_keys(Keys.CONTROL + "a", Keys.DELETE)
    tanggal.send_keys("14-11-2024", Keys.TAB)
    _isi(browser, "input-jam", "23.59")
    _isi(browser, "input-jumlah", "1.000")  # meant 100
    assert "1.000" in _simpan(browser, tunggu)
    salah = _id_terakhir(demo)
    assert _baik_dikirim(browser, base)[0] == baik_awal + 1000

    tunggu = _buka_input(browser, base, "Koreksi")
    buka = f"[id*='koreksi-buka'][id*='\"id\":{salah},']"
    tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, buka))
    daftar = browser.find_element(By.ID, "koreksi-daftar").text
    assert f"Nomor {salah}" in daftar and "1.000" in daftar
    assert f"Nomor {dari_admin}" not in daftar  # only the operator's own entries are offered
    _klik(browser, browser.find_element(By.CSS_SELECTOR, buka))
    form = browser.find_element(By.ID, "koreksi-form")
    tunggu.until(lambda d: form.is_displayed() and f"Nomor {salah}" in form.text)
    tunggu.until(lambda d: _di_layar(d, browser.find_element(By.ID, "koreksi-uraian")))
    assert "Gudang KPU Kota Semarang" in form.text
    _klik(browser, browser.find_element(By.ID, "koreksi-simpan"))
    hasil = browser.find_element(By.ID, "tulis-koreksi-hasil")
    tunggu.until(lambda d: "Alasan koreksi wajib diisi" in hasil.text)
    _foto(browser, "4_koreksi_tanpa_alasan")
    _isi(browser, "koreksi-alasan", "Salah ketik: seharusnya 100")
    _klik(browser, browser.find_element(By.ID, "koreksi-simpan"))
    tunggu.until(lambda d: "Koreksi tercatat" in hasil.text)
    tunggu.until(lambda d: _di_layar(d, hasil))
    assert f"catatan nomor {salah} dibatalkan" in hasil.text and "1.000" in hasil.text
    tunggu.until(lambda d: "Sudah dikoreksi" in d.find_element(By.ID, "koreksi-daftar").text)
    _foto(browser, "4_koreksi_tersimpan")
    m = models.Mutasi
    balik = _db(demo, select(m).where(m.membalik_id == salah))
    assert len(balik) == 1 and balik[0].jumlah == 1000
    assert balik[0].jenis_mutasi == "terima_penyedia"
    assert balik[0].keterangan == "Salah ketik: seharusnya 100"
    nomor_balik = balik[0].id
    assert _db(demo, select(m.jumlah).where(m.id == salah)) == [(1000,)]  # original kept
    a = models.Audit
    assert _db(demo, select(a.username, a.sesudah).where(
        a.aksi == "koreksi_mutasi", a.entitas_id == str(nomor_balik)
    ))[0][1]["alasan_koreksi"] == "Salah ketik: seharusnya 100"  # fmt: skip

    # Refused in words: twice, another office's entry, a reversal; nothing written.
    tunggu = _buka_input(browser, base, "Koreksi")
    output = keluaran_callback(base, "..tulis-koreksi-hasil.children")
    sebelum = _id_terakhir(demo)
    for nomor, pesan in (
        (salah, "sudah dikoreksi"),
        (dari_admin, "dibuat kantor lain"),
        (nomor_balik, "koreksi tidak dapat dikoreksi lagi"),
    ):
        status, teks = _kirim_dari_halaman(browser, _badan_koreksi(output, nomor, "coba lagi ya"))
        assert status == 200 and pesan in teks, (nomor, status, teks)
    assert _id_terakhir(demo) == sebelum

    # Figures reflect the reversal; both entries show in the region's history.
    assert _baik_dikirim(browser, base)[0] == baik_awal
    riwayat = _riwayat_wilayah(
        browser, base, [f"Koreksi: membatalkan nomor {salah}", f"dikoreksi (nomor {nomor_balik})"]
    )
    assert "−1.000" in riwayat
    _foto(browser, "4_riwayat_koreksi", "tabel-mutasi")
    assert not console_errors(browser)


@pytest.mark.parametrize("browser_window_size", [PONSEL], indirect=True, ids=str)
def test_an_upload_names_columns_by_label_and_stores_a_repeated_row_only_when_ticked(
    browser_window_size, browser, live_server, demo, tmp_path
) -> None:
    """A row repeated in the file is skipped and listed; ticked, it is stored too. A bad row's
    error names its column as the form does ('Jenis logistik', never 'jenis_logistik')."""
    base = live_server(demo)
    masuk_peramban(browser, base, "operator.3374")
    tunggu = _buka_input(browser, base, "Unggah berkas")
    tunggu.until(lambda d: d.find_element(By.ID, "unggah-jenis").is_displayed())
    _jenis_catatan(browser, "unggah-jenis", _LABEL_UNGGAH[JenisMutasi.TERIMA_PENYEDIA])
    laporan = browser.find_element(By.ID, "tulis-unggah-laporan")
    judul = [unggahan.label(k) for k in KOLOM[JenisMutasi.TERIMA_PENYEDIA]]
    baris = {"tanggal": "14-11-2024", "jam": "11.05", "kode_wilayah": SEMARANG,
             "jenis_logistik": "SS-GUB", "jumlah": "321", "kondisi": "baik"}  # fmt: skip

    def berkas(nama: str, isi: list[dict[str, str]]) -> Path:
        path = tmp_path / nama
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(
                [judul, *([r.get(k, "") for k in KOLOM[JenisMutasi.TERIMA_PENYEDIA]] for r in isi)]
            )
        return path

    salah = berkas("salah.csv", [{**baris, "jenis_logistik": "BUKAN-JENIS"}])
    browser.find_element(By.CSS_SELECTOR, "#unggah-berkas input[type=file]").send_keys(str(salah))
    _tunggu_teks(tunggu, laporan, ["salah.csv", "kesalahan"])
    sel_kolom = [td.text for td in laporan.find_elements(By.CSS_SELECTOR, "tbody td:nth-child(2)")]
    assert sel_kolom == [unggahan.label("jenis_logistik")], sel_kolom

    awal = _id_terakhir(demo)
    kembar = berkas("kembar.csv", [baris, baris])
    browser.find_element(By.CSS_SELECTOR, "#unggah-berkas input[type=file]").send_keys(str(kembar))
    _tunggu_teks(tunggu, laporan, ["kembar.csv", "sama persis", "dicentang"])
    centang = browser.find_element(By.ID, "unggah-konfirmasi")
    assert "Baris 3" in centang.text, centang.text
    _foto(browser, "3_unggah_kembar")
    _klik(browser, centang.find_element(By.CSS_SELECTOR, "input[type=checkbox]"))
    _klik(browser, browser.find_element(By.ID, "unggah-simpan"))
    hasil = browser.find_element(By.ID, "tulis-unggah-hasil")
    tunggu.until(lambda _d: "tersimpan" in hasil.text)
    assert "1 baris yang dicentang disimpan juga" in hasil.text, hasil.text
    baru = _mutasi_sejak(demo, awal)
    assert [(m.jenis_kode, m.wilayah_kode, m.jumlah) for m in baru] == [
        ("SS-GUB", SEMARANG, 321),
        ("SS-GUB", SEMARANG, 321),
    ]
