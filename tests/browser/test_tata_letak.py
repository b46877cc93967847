"""Layout, login and language in a real headless Chromium: no page scrolls sideways or hides a
control at phone, laptop and wide widths; the navbar collapses on a phone with Keluar in
reach; an operator on a phone lands on the entry form; login ignores the username's case;
anonymous visitors are offered a login instead of a form that fails; unknown regions get a
clean not-found page; Plotly's toolbar speaks Indonesian; the region table sorts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from dashboard import ids
from dashboard.factory import create_app
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.browser import (
    alamat_menjadi,
    console_errors,
    masuk_peramban,
    screenshot,
    set_viewport,
    tanpa_kampanye,
)
from tests.support.pengaturan import settings_uji

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

# Every page of dashboard/urls.py, with what shows that its callbacks have filled it.
HALAMAN = [
    ("ringkasan", "/", "#tabel-wilayah tbody tr"),
    ("kabkota", "/wilayah/33.74", "#tabel-wilayah tbody tr"),
    ("kecamatan", "/wilayah/33.74.01", "#tabel-wilayah tbody tr"),
    ("desa", "/wilayah/33.74.01.1001", f"#{ids.TABEL_TPS} tbody tr"),
    ("stok", "/stok", f"#{ids.STOK_GRAFIK_JENIS} .modebar"),
    ("distribusi", "/distribusi", f"#{ids.DISTRIBUSI_TABEL} table"),
    ("peta", "/peta", f"#{ids.PETA_TABEL} tbody tr"),
    ("input", "/input", f"#{ids.INPUT_SIMPAN}"),
    ("rapat", "/rapat", f"#{ids.KEPUTUSAN_DAFTAR} *"),
    ("audit", "/audit", f"#{ids.AUDIT_TABEL} *"),
    ("presentasi", "/presentasi", ".slide"),
    ("laporan", "/laporan/33.74", f"#{ids.LAPORAN_ISI} *"),
    ("koordinasi", "/koordinasi", f"#{ids.KOORDINASI_SARAN} *"),
    ("masuk", "/masuk", "#username"),
]

# Visible controls that lie outside the viewport, or outside a box that hides its overflow
# (a box that scrolls, like a wide table's, is where such a control is meant to be reached).
_TERPOTONG = """
const lebar = window.innerWidth;
const kontrol = document.querySelectorAll(
  'nav a, nav button, button, input:not([type=hidden]), select, textarea, a.btn');
const salah = [];
for (const el of kontrol) {
  const r = el.getBoundingClientRect();
  const gaya = getComputedStyle(el);
  if (r.width === 0 || r.height === 0 || gaya.visibility === 'hidden') continue;
  // Visually hidden on purpose (Bootstrap's .btn-check radio behind its label button).
  if (gaya.pointerEvents === 'none' && gaya.clip !== 'auto') continue;
  let dalamGulir = false, terpotong = false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const g = getComputedStyle(p);
    const ox = g.overflowX;
    if ((ox === 'auto' || ox === 'scroll') && p.scrollWidth > p.clientWidth + 1) {
      dalamGulir = true; break;
    }
    if (ox === 'hidden' || ox === 'clip') {
      const q = p.getBoundingClientRect();
      if (r.left < q.left - 1 || r.right > q.right + 1) { terpotong = true; break; }
    }
  }
  if (dalamGulir) continue;
  const nama = (el.id ? '#' + el.id : el.tagName.toLowerCase()) + ' "' +
    (el.innerText || el.value || el.title || '').trim().slice(0, 30) + '"';
  if (terpotong) salah.push(nama + ' terpotong oleh kotaknya');
  else if (r.left < -1 || r.right > lebar + 1) salah.push(
    nama + ' di luar layar (' + Math.round(r.left) + '..' + Math.round(r.right) + ')');
}
return salah;
"""


@pytest.fixture(scope="module")
def server_demo(demo33) -> Iterator[str]:
    """The Jawa Tengah demo served once for this module (read-only: login writes nothing)."""
    app = create_app(settings_uji(demo33[0]))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def _tunggu_terisi(browser, pilih: str) -> None:
    """Wait for the page's own content, then for Dash to finish every pending callback."""
    tunggu = WebDriverWait(browser, 30)
    tunggu.until(ec.presence_of_element_located((By.CSS_SELECTOR, pilih)))
    tunggu.until(
        lambda d: d.execute_script(
            "return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length === 0"
        )
    )
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1]; setTimeout(() => done(true), 400);"
    )


def _lebar_halaman(browser) -> tuple[int, int]:
    return tuple(
        browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    )


def _ubah_ukuran(browser, lebar: int, tinggi: int) -> None:
    """Make the viewport lebar x tinggi. Headless Chromium keeps its window at least ~500 px
    wide, so a narrower phone is emulated through DevTools instead."""
    if lebar < 500:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": lebar, "height": tinggi, "deviceScaleFactor": 1, "mobile": False},
        )
    else:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        set_viewport(browser, lebar, tinggi)
    assert browser.execute_script("return window.innerWidth") == lebar


def _periksa(browser, path: str, salah: dict[str, object]) -> None:
    gulir, layar = _lebar_halaman(browser)
    if gulir > layar:
        salah[f"{path} @{layar} lebar"] = f"{gulir} px > {layar} px"
    terpotong = browser.execute_script(_TERPOTONG)
    if terpotong:
        salah[f"{path} @{layar} kontrol"] = terpotong


@pytest.mark.parametrize(
    "ukuran",
    [[(390, 844), (360, 740)], [(1366, 768), (1024, 768), (1920, 1080)]],
    ids=["ponsel", "laptop-dan-layar-lebar"],
)
def test_no_page_scrolls_sideways_or_hides_a_control(
    browser, server_demo, ukuran: list[tuple[int, int]]
) -> None:
    """Each page loaded at the first size, then looked at again at the next ones (the page
    lays itself out again as in a resized window)."""
    masuk_peramban(browser, server_demo, "admin.33")
    salah: dict[str, object] = {}
    for nama, path, pilih in HALAMAN:
        set_viewport(browser, *ukuran[0])
        browser.get(server_demo + path)
        _tunggu_terisi(browser, pilih)
        for lebar, tinggi in ukuran:
            _ubah_ukuran(browser, lebar, tinggi)
            browser.execute_async_script(
                "const done = arguments[arguments.length - 1]; setTimeout(() => done(true), 300);"
            )
            _periksa(browser, path, salah)
            berkas = ARTEFAK / f"tata_letak_{nama}_{lebar}x{tinggi}.png"
            berkas.parent.mkdir(parents=True, exist_ok=True)
            assert browser.save_screenshot(str(berkas))
        _ubah_ukuran(browser, *ukuran[0])
    assert salah == {}
    assert console_errors(browser) == []


def test_navbar_collapses_on_a_phone_and_keluar_stays_in_reach(browser, server_demo) -> None:
    masuk_peramban(browser, server_demo, "admin.33", "/stok")
    tunggu = WebDriverWait(browser, 10)
    set_viewport(browser, 390, 844)
    browser.get(server_demo + "/stok")
    keluar = tunggu.until(ec.visibility_of_element_located((By.ID, "shell-keluar")))
    kotak = keluar.rect
    assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 390 and kotak["y"] < 80
    navbar = browser.find_element(By.CSS_SELECTOR, "nav.navbar")
    assert navbar.rect["height"] < 80  # one line, not a third of the screen
    tautan = browser.find_element(By.CSS_SELECTOR, f"#{ids.SHELL_COLLAPSE} a[href='/distribusi']")
    assert not tautan.is_displayed()  # folded away until the toggler is pressed
    browser.find_element(By.ID, ids.SHELL_TOGGLER).click()
    tunggu.until(ec.visibility_of(tautan))
    for label in ("Ringkasan", "Stok", "Peta", "Pencatatan", "Rapat", "Audit"):
        assert browser.find_element(By.LINK_TEXT, label).is_displayed(), label
    assert not browser.find_elements(By.LINK_TEXT, "Input")
    screenshot(browser, ARTEFAK / "tata_letak_menu_terbuka_390x844.png", 390, 844)
    tautan.click()
    tunggu.until(alamat_menjadi(server_demo + "/distribusi"))
    stok = (By.CSS_SELECTOR, f"#{ids.SHELL_COLLAPSE} a[href='/stok']")
    tunggu.until(ec.invisibility_of_element_located(stok))  # folds away again
    # A laptop 1024 wide: every link and Keluar in sight, no toggler.
    set_viewport(browser, 1024, 768)
    assert browser.find_element(*stok).is_displayed()
    assert not browser.find_element(By.ID, ids.SHELL_TOGGLER).is_displayed()
    kotak = browser.find_element(By.ID, "shell-keluar").rect
    assert kotak["x"] + kotak["width"] <= 1024
    browser.find_element(By.ID, "shell-keluar").click()
    tunggu.until(ec.visibility_of_element_located((By.ID, "shell-masuk")))


def test_username_is_case_insensitive_and_an_operator_on_a_phone_lands_on_the_form(
    browser, server_demo
) -> None:
    tunggu = WebDriverWait(browser, 15)
    browser.get(server_demo + "/masuk")
    masuk = browser.find_element(By.ID, "username")
    for atribut, nilai in (("autocapitalize", "none"), ("autocomplete", "username"),
                           ("autocorrect", "off")):  # fmt: skip
        assert masuk.get_dom_attribute(atribut) == nilai
    assert browser.find_element(By.ID, "kata_sandi").get_dom_attribute("autocomplete") == (
        "current-password"
    )
    # On a laptop the overview stays the overview.
    set_viewport(browser, 1366, 768)
    masuk_peramban(browser, server_demo, "Operator.3374")  # as a phone keyboard capitalises it
    _tunggu_terisi(browser, "#tabel-wilayah tbody tr")
    assert tanpa_kampanye(browser.current_url) == server_demo + "/"
    assert "operator.3374" in browser.find_element(
        By.CSS_SELECTOR, "#shell-pengguna [title]"
    ).get_attribute("title")
    # On a phone, "/" takes the operator to the entry form, once.
    set_viewport(browser, 390, 844)
    browser.get(server_demo + "/")
    tunggu.until(alamat_menjadi(server_demo + "/input"))
    tunggu.until(ec.presence_of_element_located((By.ID, ids.INPUT_SIMPAN)))
    screenshot(browser, ARTEFAK / "tata_letak_operator_ponsel_390x844.png", 390, 844)
    browser.find_element(By.ID, ids.SHELL_TOGGLER).click()
    tunggu.until(ec.element_to_be_clickable((By.LINK_TEXT, "Ringkasan"))).click()
    _tunggu_terisi(browser, "#tabel-wilayah tbody tr")
    assert tanpa_kampanye(browser.current_url) == server_demo + "/"


def test_anonymous_visitors_are_offered_a_login_instead_of_the_decision_form(
    browser, server_demo
) -> None:
    tunggu = WebDriverWait(browser, 15)
    set_viewport(browser, 390, 844)
    browser.get(server_demo + "/rapat")
    ajakan = tunggu.until(ec.visibility_of_element_located((By.ID, "ajakan-masuk")))
    assert "Masuk untuk mencatat" in ajakan.text
    assert not browser.find_element(By.ID, ids.KEPUTUSAN_ISI).is_displayed()
    assert not browser.find_element(By.ID, ids.KEPUTUSAN_SIMPAN).is_displayed()
    assert ajakan.get_attribute("href").endswith("/masuk?next=/rapat")
    screenshot(browser, ARTEFAK / "tata_letak_rapat_anonim_390x844.png", 390, 844)
    ajakan.click()
    browser.find_element(By.ID, "username").send_keys("ADMIN.33")
    browser.find_element(By.ID, "kata_sandi").send_keys(KATA_SANDI_DEMO + Keys.ENTER)
    tunggu.until(alamat_menjadi(server_demo + "/rapat"))
    tunggu.until(ec.visibility_of_element_located((By.ID, ids.KEPUTUSAN_ISI)))
    assert not browser.find_elements(By.ID, "ajakan-masuk")


def test_unknown_region_shows_a_clean_not_found_page(browser, server_demo) -> None:
    set_viewport(browser, 1366, 768)
    browser.get(server_demo + "/wilayah/99.99")
    tunggu = WebDriverWait(browser, 15)
    halaman = tunggu.until(ec.visibility_of_element_located((By.ID, "wilayah-tidak-ada")))
    assert "Wilayah tidak ditemukan" in halaman.text and "99.99" in halaman.text
    _tunggu_terisi(browser, "#wilayah-tidak-ada")
    panel = [
        el.get_attribute("id")
        for el in browser.find_elements(By.CSS_SELECTOR, ".kendali-panel, .kendali-kpi")
        if el.is_displayed()
    ]
    assert panel == ["wilayah-tidak-ada"]  # no empty cards under the message
    screenshot(browser, ARTEFAK / "tata_letak_wilayah_tidak_ada_1366x768.png", 1366, 768)
    browser.find_element(By.LINK_TEXT, "Kembali ke ringkasan").click()
    tunggu.until(alamat_menjadi(server_demo + "/"))


def test_plotly_toolbar_and_number_formats_are_indonesian(browser, server_demo) -> None:
    set_viewport(browser, 1366, 768)
    browser.get(server_demo + "/stok")
    _tunggu_terisi(browser, f"#{ids.STOK_GRAFIK_JENIS} .modebar-btn")
    grafik = browser.find_element(By.ID, ids.STOK_GRAFIK_JENIS)
    ActionChains(browser).move_to_element(grafik).perform()
    tombol = grafik.find_element(By.CSS_SELECTOR, ".modebar-btn[data-title]")
    ActionChains(browser).move_to_element(tombol).perform()
    judul = {
        el.get_attribute("data-title")
        for el in grafik.find_elements(By.CSS_SELECTOR, ".modebar-btn[data-title]")
    }
    assert "Unduh grafik sebagai PNG" in judul
    assert not {"Download plot as a PNG", "Zoom", "Pan", "Reset axes"} & judul
    tata = browser.execute_script(
        "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return [g._fullLayout.separators, g._context.locale]",
        f"#{ids.STOK_GRAFIK_JENIS}",
    )
    assert tata == [",.", "id"]
    screenshot(browser, ARTEFAK / "tata_letak_toolbar_plotly_1366x768.png", 1366, 768)


def _indeks_baris(browser) -> list[float]:
    teks = browser.execute_script(  # read at once: the table is replaced as it re-sorts
        "return [...document.querySelectorAll('#tabel-wilayah tbody tr td:nth-child(3)')]"
        ".map(td => td.innerText)"
    )
    # The badge reads "Siap 99,8%": the class in words, then the index.
    return [float(t.split()[-1].replace("%", "").replace(",", ".")) for t in teks]


def _urut_menurut(browser, judul: str) -> None:
    """Press a header of the region table and wait for the rows to change order."""
    lama = _indeks_baris(browser)
    tautan = browser.find_element(By.CSS_SELECTOR, f"#tabel-wilayah th a[title='{judul}']")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", tautan
    )
    WebDriverWait(browser, 20).until(lambda _d: _indeks_baris(browser) not in ([], lama))


def test_region_table_sorts_by_a_header_through_the_url(browser, server_demo) -> None:
    set_viewport(browser, 1366, 768)
    browser.get(server_demo + "/wilayah/33.74")
    _tunggu_terisi(browser, "#tabel-wilayah tbody tr")
    awal = _indeks_baris(browser)
    assert awal != sorted(awal)  # by code at first, not by readiness
    _urut_menurut(browser, "Urutkan menurut indeks")
    assert tanpa_kampanye(browser.current_url) == server_demo + "/wilayah/33.74?urut=indeks"
    assert _indeks_baris(browser) == sorted(awal)  # the lowest readiness first
    _urut_menurut(browser, "Urutkan menurut indeks")
    assert tanpa_kampanye(browser.current_url) == server_demo + "/wilayah/33.74?urut=-indeks"
    assert _indeks_baris(browser) == sorted(awal, reverse=True)
    browser.back()  # the order is part of the address: Back returns to the previous one
    WebDriverWait(browser, 20).until(lambda _d: _indeks_baris(browser) == sorted(awal))


def test_attention_list_is_in_sight_and_kpi_titles_are_whole_on_a_laptop_and_a_phone(
    browser, server_demo
) -> None:
    """At 1366x768 "Perlu perhatian" is above the fold, not below the 35-row table; no KPI
    title is cut ("STOK GUDA…") at 1366 or 390."""
    set_viewport(browser, 1366, 768)
    browser.get(server_demo + "/")
    _tunggu_terisi(browser, f"#{ids.DAFTAR_PERHATIAN}")
    judul = browser.find_element(By.XPATH, "//h2[text()='Perlu perhatian']")
    assert judul.rect["y"] + judul.rect["height"] < 768
    pertama = browser.find_element(By.CSS_SELECTOR, f"#{ids.DAFTAR_PERHATIAN} a")
    assert pertama.rect["y"] + pertama.rect["height"] < 768
    terpotong = (
        "return [...document.querySelectorAll('.kpi-judul')]"
        ".filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.innerText)"
    )
    assert browser.execute_script(terpotong) == []
    _ubah_ukuran(browser, 390, 844)
    assert browser.execute_script(terpotong) == []
    assert len(browser.find_elements(By.CSS_SELECTOR, ".kpi-judul")) == 8


@pytest.mark.parametrize(("lebar", "tinggi"), [(1366, 768), (390, 844)])
def test_map_fills_its_box_and_the_province_sits_in_the_middle(
    browser, server_demo, lebar: int, tinggi: int
) -> None:
    """The map is fitted to the box it ends up in: on a phone full width and tall enough to
    use; beside its table on a laptop, not fitted to a wider box before the table appears."""
    _ubah_ukuran(browser, lebar, tinggi)
    browser.get(server_demo + "/peta")
    _tunggu_terisi(browser, ".leaflet-overlay-pane path")
    peta, wilayah = browser.execute_script(
        "const r = e => { const b = e.getBoundingClientRect();"
        " return [b.left, b.top, b.width, b.height]; };"
        "return [r(document.querySelector('.leaflet-container')),"
        " r(document.querySelector('.leaflet-overlay-pane svg g'))]"
    )
    x, y, w, h = peta
    if lebar < 992:
        assert w >= lebar - 40 and h >= 320  # not a 50 px strip
    tengah_x = wilayah[0] + wilayah[2] / 2
    tengah_y = wilayah[1] + wilayah[3] / 2
    assert abs(tengah_x - (x + w / 2)) < 0.1 * w
    assert abs(tengah_y - (y + h / 2)) < 0.1 * h
