"""Presenter mode in a real headless Chromium: readable and uncut at projector sizes, keyboard."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard import ids
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.domain.buku_besar import EntriMutasi, JenisMutasi, Kondisi, Tahap
from dashboard.services.buku_besar import catat_mutasi
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.browser import (
    alamat_menjadi,
    assert_no_failed_requests,
    assert_only_local,
    console_errors,
    screenshot,
    set_viewport,
    tanpa_kampanye,
)

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

# Measured in the page: every text-bearing element of the slide (HTML text and the chart's SVG
# text), the headline figures, and anything that leaves the viewport or is clipped by its box.
UKUR = """
const slide = document.querySelector('.slide');
const W = innerWidth, H = innerHeight;
const hasil = {teks: [], besar: [], keluar: [], terpotong: []};
const nama = el => (el.className && el.className.baseVal !== undefined ? el.tagName :
  el.tagName + '.' + String(el.className).split(' ').join('.')) + ' "' +
  (el.textContent || '').trim().slice(0, 30) + '"';
for (const el of slide.querySelectorAll('*')) {
  if (el.closest('.leaflet-pane, .leaflet-control-container')) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  const cs = getComputedStyle(el);
  if (cs.visibility === 'hidden' || cs.display === 'none') continue;
  const svg = el instanceof SVGElement;
  const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (ownText) hasil.teks.push([nama(el), parseFloat(cs.fontSize)]);
  if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1) {
    hasil.keluar.push([nama(el), [r.left, r.top, r.right, r.bottom].map(Math.round)]);
  }
  if (!svg && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      && cs.overflow !== 'visible' && !el.closest('.leaflet-container')) {
    hasil.terpotong.push([nama(el), el.scrollWidth, el.clientWidth, el.scrollHeight,
                          el.clientHeight]);
  }
}
for (const el of slide.querySelectorAll(
    '.slide-angka-besar, .slide-angka-nilai, .slide-hminus, .slide-judul-besar, .slide-hitung-n'))
  hasil.besar.push([nama(el), parseFloat(getComputedStyle(el).fontSize)]);
hasil.dokumen = [document.documentElement.scrollWidth, document.documentElement.scrollHeight];
return hasil;
"""


def _tunggu_slide(browser, nomor: int) -> None:
    tunggu = WebDriverWait(browser, 30, ignored_exceptions=(StaleElementReferenceException,))

    def kelas_slide(b) -> str | None:  # type: ignore[no-untyped-def]
        # The slide may be drawn again meanwhile (the screen size arrives, a refresh): read it
        # in one script, so a slide replaced between two calls is simply looked up again.
        return b.execute_script(
            "const s = document.querySelector(arguments[0]); return s ? s.className : null",
            f".slide[data-nomor='{nomor}']",
        )

    jenis = tunggu.until(kelas_slide)
    if "jenis-peta" in jenis:
        tunggu.until(
            ec.presence_of_element_located(
                (By.CSS_SELECTOR, ".slide-peta path.leaflet-interactive")
            )
        )
    if "jenis-linimasa" in jenis:
        tunggu.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".slide-grafik .xtick")))
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));"
    )


def _jumlah_slide(browser) -> int:
    teks = browser.find_element(By.CSS_SELECTOR, ".slide-nomor").text
    return int(re.fullmatch(r"\d+ / (\d+)", teks).group(1))


@pytest.mark.parametrize(("lebar", "tinggi"), [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("tema", ["terang", "gelap"])
def test_every_slide_is_readable_and_nothing_overflows(
    browser, live_server, demo33, lebar, tinggi, tema
):
    url = live_server(demo33[0])
    set_viewport(browser, lebar, tinggi)
    browser.get(url + "/presentasi/1")
    browser.execute_script("localStorage.setItem('presentasiTema', arguments[0])", tema)
    browser.refresh()
    _tunggu_slide(browser, 1)
    jumlah = _jumlah_slide(browser)
    assert jumlah >= 8  # title, readiness, map, >= 3 regions behind, stock, timeline, decisions
    skala = min(lebar / 1920, tinggi / 1080)
    for nomor in range(1, jumlah + 1):
        if nomor > 1:
            browser.get(f"{url}/presentasi/{nomor}")
            _tunggu_slide(browser, nomor)
        ukur = browser.execute_script(UKUR)
        kecil = [(n, f) for n, f in ukur["teks"] if f < 28 * skala - 0.5]
        assert not kecil, f"slide {nomor}: text below 28 px at 1920x1080: {kecil[:5]}"
        jenis = browser.find_element(By.CSS_SELECTOR, ".slide").get_attribute("class")
        if re.search(r"jenis-(judul|kesiapan|wilayah)", jenis):
            assert ukur["besar"], f"slide {nomor} has no headline figure"
        besar = [(n, f) for n, f in ukur["besar"] if f < 64 * skala - 0.5]
        assert not besar, f"slide {nomor}: headline figures below 64 px: {besar}"
        assert not ukur["keluar"], f"slide {nomor}: outside the viewport: {ukur['keluar'][:5]}"
        assert not ukur["terpotong"], f"slide {nomor}: clipped: {ukur['terpotong'][:5]}"
        assert ukur["dokumen"] == [lebar, tinggi], f"slide {nomor}: page scrolls"
        nama = f"presentasi_{nomor:02d}_{tema}_{lebar}x{tinggi}.png"
        screenshot(browser, ARTEFAK / nama, lebar, tinggi)
    assert_only_local(browser)
    assert_no_failed_requests(browser)
    assert console_errors(browser) == []


def test_keyboard_and_click_move_between_slides_and_change_the_url(browser, live_server, demo33):
    url = live_server(demo33[0])
    browser.get(url + "/presentasi/1")
    _tunggu_slide(browser, 1)
    tunggu = WebDriverWait(browser, 15)
    tombol = ActionChains(browser)
    tombol.send_keys(Keys.ARROW_RIGHT).perform()
    tunggu.until(alamat_menjadi(url + "/presentasi/2"))
    _tunggu_slide(browser, 2)
    tombol.send_keys(Keys.SPACE).perform()
    tunggu.until(alamat_menjadi(url + "/presentasi/3"))
    _tunggu_slide(browser, 3)
    tombol.send_keys(Keys.ARROW_LEFT).perform()
    tunggu.until(alamat_menjadi(url + "/presentasi/2"))
    _tunggu_slide(browser, 2)
    browser.find_element(By.CSS_SELECTOR, ".slide-judul").click()  # a click on the slide
    tunggu.until(alamat_menjadi(url + "/presentasi/3"))
    browser.back()
    tunggu.until(alamat_menjadi(url + "/presentasi/2"))
    _tunggu_slide(browser, 2)
    # t: the dark theme, kept for the next slide
    tombol.send_keys("t").perform()
    tunggu.until(
        lambda b: b.execute_script("return document.documentElement.dataset.tema") == "gelap"
    )
    # The slide is drawn again in the new theme: read its colour once it is back.
    tunggu.until(
        lambda b: (
            b.execute_script(
                "const s = document.querySelector('.slide');"
                "return s ? getComputedStyle(s).backgroundColor : null"
            )
            == "rgb(5, 8, 15)"
        )
    )
    tombol.send_keys("t").perform()
    tunggu.until(
        lambda b: b.execute_script("return document.documentElement.dataset.tema") == "terang"
    )
    # f: full screen on and off again
    tombol.send_keys("f").perform()
    tunggu.until(lambda b: b.execute_script("return !!document.fullscreenElement"))
    tombol.send_keys("f").perform()
    tunggu.until(lambda b: b.execute_script("return !document.fullscreenElement"))
    assert console_errors(browser) == []


def test_auto_advance_moves_on_by_itself_and_p_pauses_it(browser, live_server, demo33):
    url = live_server(demo33[0])
    browser.get(url + "/presentasi/2?putar=3")
    _tunggu_slide(browser, 2)
    tunggu = WebDriverWait(browser, 40)  # generous: the CPU may be shared
    tunggu.until(alamat_menjadi(url + "/presentasi/3?putar=3"))
    _tunggu_slide(browser, 3)
    ActionChains(browser).send_keys("p").perform()
    tunggu.until(  # the controls are hidden while the mouse is still: read the text itself
        lambda b: "jeda" in b.find_element(By.ID, "presentasi-status").get_attribute("textContent")
    )
    # An advance clicked just before the pause may still be on its way (a slow machine): let it
    # land, then the slide shown must stay.
    time.sleep(2)
    diam = tanpa_kampanye(browser.current_url)
    assert diam is not None
    nomor = int(re.search(r"/presentasi/(\d+)\?putar=3$", diam)[1])
    with pytest.raises(TimeoutException):  # paused: the URL must not change for 5 s
        WebDriverWait(browser, 5).until(lambda d: tanpa_kampanye(d.current_url) != diam)
    ActionChains(browser).send_keys("p").perform()
    tunggu.until(alamat_menjadi(url + f"/presentasi/{nomor + 1}?putar=3"))
    _tunggu_slide(browser, nomor + 1)
    # The controls show when the mouse moves; picking "Manual" stops advancing.
    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, ".slide")).perform()
    pilih = tunggu.until(ec.visibility_of_element_located((By.ID, ids.PRESENTASI_PUTAR)))
    Select(pilih).select_by_value("0")
    tunggu.until(alamat_menjadi(url + f"/presentasi/{nomor + 1}"))


def _masuk(browser, url: str, username: str, lanjut: str) -> None:
    browser.get(f"{url}/masuk?next={lanjut}")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "kata_sandi").send_keys(KATA_SANDI_DEMO)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def _teks(browser, css: str) -> str:
    """The rendered text of an element, read in one step (Dash may replace it meanwhile)."""
    return browser.execute_script(
        "const el = document.querySelector(arguments[0]); return el ? el.innerText : null", css
    )


def test_a_frozen_snapshot_keeps_its_numbers_while_offices_write_and_unfreezing_shows_them(
    browser, live_server, demo33, tmp_path
):
    salinan = tmp_path / "kendali.db"
    shutil.copy(demo33[0].removeprefix("sqlite:///"), salinan)
    db_url = f"sqlite:///{salinan}"
    url = live_server(db_url)
    _masuk(browser, url, "pimpinan.33", "/presentasi/2")
    tunggu = WebDriverWait(browser, 20)
    tunggu.until(alamat_menjadi(url + "/presentasi/2"))
    _tunggu_slide(browser, 2)
    awal = _teks(browser, ".slide-badan")
    browser.execute_script("document.getElementById('presentasi-bekukan').click()")
    tunggu.until(
        lambda d: re.search(r"/presentasi/2\?snapshot=\d+$", tanpa_kampanye(d.current_url) or "")
    )
    tunggu.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".slide-kaki"), "dibekukan"))
    alamat_beku = browser.current_url
    stempel = _teks(browser, ".slide-stempel")
    assert _teks(browser, ".slide-badan") == awal

    engine = buat_engine(db_url)
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        for i, kode in enumerate(("33.74", "33.01", "33.02")):
            catat_mutasi(
                s,
                EntriMutasi(
                    JenisMutasi.TERIMA_PENYEDIA,
                    "KOTAK",
                    Tahap.GUDANG,
                    kode,
                    40_000,
                    dt.datetime(2024, 11, 25, 1, i, tzinfo=dt.UTC),
                    f"uji-beku-{i}",
                    kondisi=Kondisi.RUSAK_BERAT,
                ),
                pemilihan_dari_db(s),
                kantor_kode=kode,
            )
    engine.dispose()

    browser.refresh()
    _tunggu_slide(browser, 2)
    assert _teks(browser, ".slide-badan") == awal  # same moment on every reload
    assert _teks(browser, ".slide-stempel") == stempel
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()  # the snapshot travels along
    tunggu.until(ec.url_to_be(alamat_beku.replace("/presentasi/2", "/presentasi/3")))
    _tunggu_slide(browser, 3)
    ActionChains(browser).send_keys(Keys.ARROW_LEFT).perform()
    tunggu.until(ec.url_to_be(alamat_beku))
    _tunggu_slide(browser, 2)
    assert _teks(browser, ".slide-badan") == awal

    browser.execute_script("document.getElementById('presentasi-cair').click()")
    tunggu.until(alamat_menjadi(url + "/presentasi/2"))
    tunggu.until(lambda b: _teks(b, ".slide-badan") != awal)
    tunggu.until(lambda b: "dibekukan" not in (_teks(b, ".slide-kaki") or "dibekukan"))
    # Live again: "Data per" is when the newest entry was received, and a demo's clock stops at
    # its as-of day's end (the entries' typed 25-11 08.02 never moves it).
    assert "24-11-2024 23.59 WIB" in _teks(browser, ".slide-stempel")
    assert console_errors(browser) == []


def test_freezing_without_a_meeting_role_is_refused(browser, live_server, demo33):
    url = live_server(demo33[0])
    browser.get(url + "/presentasi/2")
    _tunggu_slide(browser, 2)
    tombol = browser.find_element(By.ID, "presentasi-bekukan")
    assert tombol.get_attribute("disabled") is not None


def _isi_formulir(browser, wilayah: str | None, isi: str, pj: str, tenggat: str) -> None:
    if wilayah:  # a dcc.Dropdown: open it, type into its search, Enter
        WebDriverWait(browser, 10).until(
            ec.text_to_be_present_in_element((By.ID, ids.KEPUTUSAN_WILAYAH), "Provinsi")
        )
        browser.find_element(By.ID, ids.KEPUTUSAN_WILAYAH).click()
        cari = WebDriverWait(browser, 10).until(
            ec.element_to_be_clickable((By.CSS_SELECTOR, ".dash-dropdown-search"))
        )
        cari.send_keys(wilayah)
        cari.send_keys(Keys.ENTER)
        WebDriverWait(browser, 10).until(
            ec.text_to_be_present_in_element((By.ID, ids.KEPUTUSAN_WILAYAH), wilayah)
        )
    browser.find_element(By.ID, ids.KEPUTUSAN_ISI).send_keys(isi)
    browser.find_element(By.ID, ids.KEPUTUSAN_PJ).send_keys(pj)
    # The deadline picker writes dd-mm-yyyy whatever the browser's language: typed so.
    tanggal = browser.find_element(
        By.CSS_SELECTOR, f"input#{ids.KEPUTUSAN_TENGGAT}, #{ids.KEPUTUSAN_TENGGAT} input"
    )
    tanggal.send_keys(Keys.CONTROL + "a", Keys.DELETE)
    tanggal.send_keys(tenggat)
    browser.find_element(By.ID, ids.KEPUTUSAN_PJ).click()  # blur: the picker takes the date
    WebDriverWait(browser, 10).until(lambda _b: tanggal.get_attribute("value") == tenggat)
    browser.find_element(By.ID, ids.KEPUTUSAN_SIMPAN).click()


def test_decisions_recorded_in_the_meeting_come_back_on_the_agenda_until_done(
    browser, live_server, demo33, tmp_path
):
    salinan = tmp_path / "kendali.db"
    shutil.copy(demo33[0].removeprefix("sqlite:///"), salinan)
    url = live_server(f"sqlite:///{salinan}")
    tunggu = WebDriverWait(browser, 20)
    # An operator may read the log but not write it: the page says why instead of a form.
    _masuk(browser, url, "operator.3374", "/rapat")
    tunggu.until(alamat_menjadi(url + "/rapat"))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, ids.KEPUTUSAN_DAFTAR), "Belum ada"))
    tunggu.until(
        ec.text_to_be_present_in_element((By.ID, ids.KEPUTUSAN_MASUK), "tidak dapat mencatat")
    )
    assert not browser.find_element(By.ID, ids.KEPUTUSAN_ISI).is_displayed()
    browser.get(url + "/keluar")

    _masuk(browser, url, "admin.33", "/rapat")
    tunggu.until(alamat_menjadi(url + "/rapat"))
    _isi_formulir(
        browser,
        "Kabupaten Wonosobo",
        "Kirim truk cadangan ke PPK Garung",
        "Ketua KPU Wonosobo",
        "25-11-2024",
    )
    tunggu.until(ec.text_to_be_present_in_element((By.ID, ids.KEPUTUSAN_PESAN), "tercatat"))
    tunggu.until(ec.text_to_be_present_in_element((By.ID, ids.KEPUTUSAN_DAFTAR), "truk cadangan"))
    baris = browser.find_element(By.ID, ids.KEPUTUSAN_DAFTAR).text
    assert "25-11-2024" in baris, baris
    screenshot(browser, ARTEFAK / "rapat_1920x1080.png", 1920, 1080)
    screenshot(browser, ARTEFAK / "rapat_1366x768.png", 1366, 768)
    set_viewport(browser, 1920, 1080)

    # The presenter: the region's slide and the decisions slide both carry it.
    browser.get(url + "/presentasi/4")
    _tunggu_slide(browser, 4)
    assert "Kabupaten Wonosobo" in _teks(browser, ".slide-judul")
    tunggu.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".slide"), "truk cadangan"))
    # Record a second one from the presenter's dialog; the region comes preselected.
    browser.execute_script(f"document.getElementById('{ids.PRESENTASI_CATAT}').click()")
    tunggu.until(ec.visibility_of_element_located((By.ID, ids.KEPUTUSAN_ISI)))
    tunggu.until(
        ec.text_to_be_present_in_element((By.ID, ids.KEPUTUSAN_WILAYAH), "Kabupaten Wonosobo")
    )
    screenshot(browser, ARTEFAK / "presentasi_modal_keputusan_1920x1080.png", 1920, 1080)
    _isi_formulir(
        browser, None, "Pindahkan logistik PPS lewat jalur utara", "Kasubag Logistik", "26-11-2024"
    )
    tunggu.until(ec.invisibility_of_element_located((By.ID, ids.KEPUTUSAN_ISI)))  # closes
    tunggu.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".slide"), "jalur utara"))
    jumlah = _jumlah_slide(browser)
    browser.get(f"{url}/presentasi/{jumlah}")
    _tunggu_slide(browser, jumlah)
    teks = _teks(browser, ".slide")
    assert "truk cadangan" in teks and "jalur utara" in teks and "2 belum selesai" in teks
    screenshot(browser, ARTEFAK / "presentasi_keputusan_1920x1080.png", 1920, 1080)

    # Marked done on /rapat, it leaves the agenda.
    browser.get(url + "/rapat")
    tunggu.until(ec.text_to_be_present_in_element((By.ID, ids.KEPUTUSAN_DAFTAR), "truk cadangan"))
    browser.find_element(By.CSS_SELECTOR, "#tabel-keputusan tbody tr button").click()
    tunggu.until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#tabel-keputusan tbody tr button")) == 1
    )
    browser.get(f"{url}/presentasi/{jumlah}")
    _tunggu_slide(browser, jumlah)
    teks = _teks(browser, ".slide")
    assert "truk cadangan" not in teks and "jalur utara" in teks
    assert console_errors(browser) == []
