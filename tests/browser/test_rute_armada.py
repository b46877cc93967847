"""Routes and fleet in headless Chromium, as an operator of Kabupaten Jepara uses them on a
projector (1920×1080) and an office laptop (1366×768): the routes hardest first, a vehicle
plan proposed and accepted, a truck marked broken on the fleet board and the plan re-made
around it, a road closed by a click on the map and opened again. Every step is checked in the
database and screenshotted to artifacts/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from dashboard.db import models
from tests.support.browser import baris_db, console_errors, masuk_peramban, screenshot

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
JEPARA = "33.20"
KARIMUNJAWA = "33.20.10"
_CSS = By.CSS_SELECTOR
_KE_TENGAH = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"


@pytest.fixture
def browser_window_size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return request.param


def _klik(browser: WebDriver, elemen) -> None:  # type: ignore[no-untyped-def]
    browser.execute_script(_KE_TENGAH, elemen)
    elemen.click()


def _pesan(tunggu: WebDriverWait, browser: WebDriver, sebelum: str = "") -> str:
    """Wait for the routes page's message to change from `sebelum`; return its text."""
    tunggu.until(lambda d: (t := d.find_element(By.ID, "tulis-rute-pesan").text) and t != sebelum)
    return browser.find_element(By.ID, "tulis-rute-pesan").text


def _foto(browser: WebDriver, nama: str, ukuran: tuple[int, int]) -> None:
    screenshot(browser, ARTEFAK / f"rute_{nama}_{ukuran[0]}.png", *ukuran)


@pytest.mark.parametrize("browser_window_size", [(1920, 1080), (1366, 768)], indirect=True)
def test_operator_plans_jepara_breaks_a_truck_replans_and_closes_a_road(
    browser: WebDriver, live_server, demo_salinan: str, browser_window_size: tuple[int, int]
) -> None:
    base = live_server(demo_salinan, "33")
    tunggu = WebDriverWait(browser, 40)
    ukuran = browser_window_size

    # Anyone may read the routes; without an account the plan's actions stay hidden.
    browser.get(f"{base}/rute/{JEPARA}")
    tunggu.until(ec.presence_of_element_located((_CSS, "#rute-tabel tr[data-kode]")))
    assert not browser.find_element(By.ID, "rute-tombol").is_displayed()

    masuk_peramban(browser, base, "operator.3320")
    browser.get(f"{base}/rute/{JEPARA}")
    tunggu.until(ec.presence_of_element_located((_CSS, "#rute-tabel tr[data-kode]")))
    baris = browser.find_elements(_CSS, "#rute-tabel tr[data-kode]")
    # Hardest to reach first: Karimunjawa, by land, sea and land again, with its deadline.
    assert baris[0].get_attribute("data-kode") == KARIMUNJAWA
    assert baris[0].find_elements(_CSS, ".bi-water"), "the island's route has no sea leg"
    assert re.search(r"\d{2}-11 \d{2}\.\d{2}", baris[0].text), baris[0].text
    assert len(baris) == 16  # every kecamatan of Jepara
    tunggu.until(lambda d: len(d.find_elements(_CSS, "#rute-map path.leaflet-interactive")) > 16)
    assert browser.find_element(By.ID, "rute-tombol").is_displayed()
    _foto(browser, "1_rute", ukuran)

    # Propose a plan for the whole need, then accept it.
    centang = browser.find_element(By.ID, "rute-seluruh")
    _klik(browser, centang)
    _klik(browser, browser.find_element(By.ID, "rute-susun"))
    pesan = _pesan(tunggu, browser)
    assert "disusun" in pesan, pesan
    tunggu.until(ec.presence_of_element_located((_CSS, "#rute-rencana-tabel tr[data-kode]")))
    rencana = baris_db(demo_salinan, select(models.RencanaArmada.id, models.RencanaArmada.status))
    assert [s for _i, s in rencana] == ["usulan"]
    _foto(browser, "2_usulan", ukuran)
    _klik(browser, browser.find_element(By.ID, "rute-terima"))
    pesan = _pesan(tunggu, browser, pesan)
    assert "diterima" in pesan, pesan
    rencana = baris_db(demo_salinan, select(models.RencanaArmada.id, models.RencanaArmada.status))
    assert [s for _i, s in rencana] == ["diterima"]
    tunggu.until(lambda d: "Diterima" in d.find_element(By.ID, "rute-rencana").text)

    # The fleet board shows the trucks at work; one breaks down.
    truk = browser.find_element(_CSS, "#rute-rencana-tabel tr[data-kode]")
    kendaraan_id = int(truk.get_attribute("data-kode"))
    nomor = baris_db(demo_salinan, select(models.Kendaraan.nomor).where(
        models.Kendaraan.id == kendaraan_id))[0][0]  # fmt: skip
    browser.get(f"{base}/armada/{JEPARA}")
    tunggu.until(ec.presence_of_element_located((_CSS, f"tr[data-nomor='{nomor}']")))
    ditugaskan = browser.find_element(_CSS, "[data-kunci='Ditugaskan'] .kendali-stat-nilai")
    assert int(ditugaskan.text) >= 1
    browser.find_element(By.ID, "armada-alasan").send_keys("As roda patah di Mayong")
    _klik(browser, browser.find_element(_CSS, f"tr[data-nomor='{nomor}'] button"))
    tunggu.until(lambda d: "ditandai rusak" in d.find_element(By.ID, "tulis-armada-pesan").text)
    status = baris_db(demo_salinan, select(models.Kendaraan.status, models.Kendaraan.alasan_status)
                    .where(models.Kendaraan.id == kendaraan_id))  # fmt: skip
    assert status == [("rusak", "As roda patah di Mayong")]
    _foto(browser, "3_armada_rusak", ukuran)

    # Back on the routes: the accepted plan no longer holds; re-plan around the broken truck.
    browser.get(f"{base}/rute/{JEPARA}")
    tunggu.until(lambda d: "tidak lagi berlaku" in d.find_element(By.ID, "rute-rencana").text)
    _klik(browser, browser.find_element(By.ID, "rute-ulang"))
    pesan = _pesan(tunggu, browser)
    assert "disusun" in pesan and nomor in pesan, pesan  # the words name the broken truck
    terbaru = baris_db(demo_salinan, select(models.RencanaArmada.rencana).order_by(
        models.RencanaArmada.id.desc()))[0][0]  # fmt: skip
    dipakai = {r["kendaraan_id"] for r in terbaru["rute"] if r["singgah"]}
    assert kendaraan_id not in dipakai
    _foto(browser, "4_rencana_ulang", ukuran)

    # A road floods: click the map beside the gudang, close it, then open it again.
    peta = browser.find_element(By.ID, "rute-map")
    browser.execute_script(_KE_TENGAH, peta)
    ActionChains(browser).move_to_element_with_offset(peta, 5, 5).click().perform()
    tunggu.until(lambda d: "Titik dipilih" in d.find_element(By.ID, "rute-titik-teks").text)
    browser.find_element(By.ID, "rute-tutup-ket").send_keys("Jembatan terendam")
    _klik(browser, browser.find_element(By.ID, "rute-tutup"))
    pesan = _pesan(tunggu, browser)
    assert "Ruas ditutup" in pesan, pesan
    tutup = baris_db(
        demo_salinan,
        select(models.RuasTertutup.id, models.RuasTertutup.alasan).where(
            models.RuasTertutup.aktif.is_(True),
            models.RuasTertutup.kabkota_kode == JEPARA,
            models.RuasTertutup.keterangan == "Jembatan terendam",
        ),
    )
    assert len(tutup) == 1 and tutup[0][1] == "banjir"
    tombol = tunggu.until(ec.element_to_be_clickable(
        (_CSS, f"#rute-daftar-tutup [id*='\"id\":{tutup[0][0]}']")))  # fmt: skip
    _foto(browser, "5_ruas_tertutup", ukuran)
    _klik(browser, tombol)
    _pesan(tunggu, browser, pesan)
    aktif = baris_db(demo_salinan, select(models.RuasTertutup.aktif)
                   .where(models.RuasTertutup.id == tutup[0][0]))  # fmt: skip
    assert aktif == [(False,)]

    # The province's list shows Jepara's plan as accepted and the others without one.
    browser.get(f"{base}/rute")
    tunggu.until(ec.presence_of_element_located((_CSS, f"#rute-provinsi tr[data-kode='{JEPARA}']")))
    jepara = browser.find_element(_CSS, f"#rute-provinsi tr[data-kode='{JEPARA}']")
    assert "Diterima" in jepara.text
    assert "34 dari 35 kab/kota belum punya rencana" in browser.find_element(
        By.ID, "rute-provinsi").text  # fmt: skip
    _foto(browser, "6_provinsi", ukuran)
    assert not [e for e in console_errors(browser) if "SEVERE" in e or "Error" in e]
