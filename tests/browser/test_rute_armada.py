"""Routes and fleet in headless Chromium, as an operator of Kabupaten Jepara uses them on a
projector (1920×1080) and an office laptop (1366×768): the routes hardest first, a vehicle
plan proposed and accepted, a truck marked broken on the fleet board and the plan re-made
around it, a road closed by a click on the map and opened again; and as the admin provinsi
edits a proposal by hand on a laptop and a phone (390×844): a stop given to the small pickup
refused with the capacity in words, then given to the reserve truck and two stops reordered,
saved, said in words and found in the audit trail. Every step is checked in the database and
screenshotted to artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import func, select

from dashboard import ids
from dashboard.db import models
from dashboard.domain.waktu import WIB
from tests.support.browser import (
    baris_db,
    console_errors,
    masuk_peramban,
    pesan_berganti,
    screenshot,
)

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


_PESAN = "tulis-rute-pesan"


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
    # Under the routes, land: one shape per kecamatan (no map tiles offline), so the crossing
    # to Karimunjawa reads as sea.
    tunggu.until(lambda d: d.execute_script(
        "return [...document.querySelectorAll('#rute-map path')]"
        ".filter(p => p.getAttribute('fill') === '#f4f1e8').length") == 16)  # fmt: skip
    assert browser.find_element(By.ID, "rute-tombol").is_displayed()
    _foto(browser, "1_rute", ukuran)

    # Propose a plan for the whole need, then accept it.
    centang = browser.find_element(By.ID, "rute-seluruh")
    _klik(browser, centang)
    _klik(browser, browser.find_element(By.ID, "rute-susun"))
    pesan = pesan_berganti(tunggu, _PESAN)
    assert "disusun" in pesan, pesan
    tunggu.until(ec.presence_of_element_located((_CSS, "#rute-rencana-tabel tr[data-kode]")))
    rencana = baris_db(demo_salinan, select(models.RencanaArmada.id, models.RencanaArmada.status))
    assert [s for _i, s in rencana] == ["usulan"]
    _foto(browser, "2_usulan", ukuran)
    _klik(browser, browser.find_element(By.ID, "rute-terima"))
    pesan = pesan_berganti(tunggu, _PESAN, pesan)
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
    pesan = pesan_berganti(tunggu, _PESAN)
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
    pesan = pesan_berganti(tunggu, _PESAN, pesan)
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
    pesan_berganti(tunggu, _PESAN, pesan)
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


def _ketik(browser: WebDriver, elemen, teks: str) -> None:  # type: ignore[no-untyped-def]
    """Replace a box's value as a user does: select all, then type."""
    browser.execute_script(_KE_TENGAH, elemen)
    elemen.send_keys(Keys.CONTROL, "a")
    elemen.send_keys(teks)


def _baris(browser: WebDriver) -> dict[str, tuple[str, int, int]]:
    """The edit form's stops: form key → (vehicle chosen, trip, order) as the boxes show them."""
    hasil = {}
    for b in browser.find_elements(_CSS, "#rute-sunting [data-singgah]"):
        kotak = b.find_elements(_CSS, "input")
        if not kotak:
            continue  # a locked route's stop: shown, not editable
        pilih = Select(b.find_element(_CSS, "select")).first_selected_option.get_attribute("value")
        nilai = [int(k.get_attribute("value")) for k in kotak]
        hasil[b.get_attribute("data-singgah")] = (pilih, nilai[0], nilai[1])
    return hasil


def _tukar(baris: dict[str, tuple[str, int, int]], kecuali: str) -> tuple[str, str]:
    """Two stops of one vehicle whose places can be swapped without changing any trip's load:
    two of one trip, else two trips of one stop each."""
    per_trip: dict[tuple[str, int], list[str]] = {}
    for k, (kid, trip, _u) in baris.items():
        if k != kecuali:
            per_trip.setdefault((kid, trip), []).append(k)
    for daftar in per_trip.values():
        if len(daftar) >= 2:
            return daftar[0], daftar[1]
    tunggal: dict[str, list[str]] = {}
    for (kid, _t), daftar in per_trip.items():
        if len(daftar) == 1:
            tunggal.setdefault(kid, []).append(daftar[0])
    return next((d[0], d[1]) for d in tunggal.values() if len(d) >= 2)


def _rencana_db(url: str) -> tuple[dict, int]:
    """The stored plan and how many edits the audit trail holds."""
    (isi,) = baris_db(url, select(models.RencanaArmada.rencana))[0]
    (n,) = baris_db(url, select(func.count()).select_from(models.Audit).where(
        models.Audit.aksi == "rencana_armada_sunting"))[0]  # fmt: skip
    return isi, n


@pytest.mark.parametrize("browser_window_size", [(1366, 768), (390, 844)], indirect=True)
def test_admin_edits_a_proposal_a_refusal_in_words_then_a_move_and_a_reorder_saved(
    browser: WebDriver, live_server, demo_salinan: str, browser_window_size: tuple[int, int]
) -> None:
    base = live_server(demo_salinan, "33")
    tunggu = WebDriverWait(browser, 40)
    ukuran = browser_window_size
    masuk_peramban(browser, base, "admin.33")
    browser.get(f"{base}/rute/{JEPARA}")
    tunggu.until(ec.presence_of_element_located((_CSS, "#rute-tabel tr[data-kode]")))
    _klik(browser, browser.find_element(By.ID, "rute-seluruh"))
    _klik(browser, browser.find_element(By.ID, "rute-susun"))
    pesan = pesan_berganti(tunggu, _PESAN)
    assert "disusun" in pesan, pesan
    tunggu.until(ec.presence_of_element_located((_CSS, "#rute-rencana-tabel tr[data-kode]")))
    if ukuran[0] < 576:  # the plan table is a card per vehicle: nothing wider than the phone
        assert browser.execute_script("return document.documentElement.scrollWidth") <= ukuran[0]
        tabel = browser.find_element(By.ID, "rute-rencana-tabel")
        assert tabel.size["width"] <= ukuran[0]
    armada = dict(baris_db(demo_salinan, select(models.Kendaraan.nomor, models.Kendaraan.id)
                           .where(models.Kendaraan.kabkota_kode == JEPARA)))  # fmt: skip
    pikap, cadangan = armada["H 1080 CA"], armada["H 1081 CA"]  # 3 m³; a 16 m³ reserve truck

    # Ubah rencana: the table gives way to the form, one row per stop.
    _klik(browser, browser.find_element(By.ID, "rute-ubah"))
    tunggu.until(ec.presence_of_element_located((_CSS, "#rute-sunting [data-singgah]")))
    assert not browser.find_element(By.ID, "rute-rencana").is_displayed()
    baris = _baris(browser)
    assert baris and all(t >= 1 and u >= 1 for _k, t, u in baris.values())
    sebelum = _rencana_db(demo_salinan)
    _foto(browser, "7_ubah_rencana", ukuran)

    # The first stop onto the small pickup: refused, every fault in words, the choice kept.
    pindah = next(iter(baris))
    nama = browser.find_element(_CSS, f"[data-singgah='{pindah}'] .fw-semibold").text
    pilih = browser.find_element(_CSS, f"[data-singgah='{pindah}'] select")
    browser.execute_script(_KE_TENGAH, pilih)
    Select(pilih).select_by_value(str(pikap))
    _klik(browser, browser.find_element(By.ID, "rute-sunting-simpan"))
    tunggu.until(lambda d: d.find_element(By.ID, "rute-sunting-pesan").text)
    tolak = browser.find_element(By.ID, "rute-sunting-pesan").text
    assert "Perubahan tidak disimpan" in tolak, tolak
    assert re.search(r"Pikap H 1080 CA perjalanan ke-1: muatan [\d.]+ L melebihi kapasitas "
                     r"3\.000 L", tolak), tolak  # fmt: skip
    assert _baris(browser)[pindah][0] == str(pikap)
    assert _rencana_db(demo_salinan) == sebelum
    _foto(browser, "8_ubah_ditolak", ukuran)

    # To the reserve truck instead, and two stops of one vehicle swapped.
    Select(browser.find_element(_CSS, f"[data-singgah='{pindah}'] select")).select_by_value(
        str(cadangan))  # fmt: skip
    a, b = _tukar(baris, pindah)
    for ini, itu in ((a, b), (b, a)):
        kotak = browser.find_elements(_CSS, f"[data-singgah='{ini}'] input")
        _ketik(browser, kotak[0], str(baris[itu][1]))
        _ketik(browser, kotak[1], str(baris[itu][2]))
    _klik(browser, browser.find_element(By.ID, "rute-sunting-simpan"))
    pesan = pesan_berganti(tunggu, _PESAN, pesan)
    assert "Perubahan rencana #1 disimpan." in pesan, pesan
    assert f"PPK {nama} dipindah ke Truk cadangan H 1081 CA" in pesan, pesan
    assert "Truk cadangan H 1081 CA dipakai" in pesan
    tunggu.until(lambda d: not d.find_elements(_CSS, "#rute-sunting [data-singgah]"))
    tunggu.until(ec.visibility_of_element_located(
        (_CSS, f"#rute-rencana-tabel tr[data-kode='{cadangan}']")))  # fmt: skip
    isi, n = _rencana_db(demo_salinan)
    assert n == 1
    rute = {r["kendaraan_id"]: r["singgah"] for r in isi["rute"]}
    kid, i = (int(x) for x in pindah.split("-"))
    lama = {r["kendaraan_id"]: r["singgah"] for r in sebelum[0]["rute"]}
    assert [x["kode"] for x in rute[cadangan]] == [lama[kid][i]["kode"]]
    # The swapped vehicle's stops: as before, less the one moved away, a and b changed places.
    kid_a, i_a = (int(x) for x in a.split("-"))
    i_b = int(b.split("-")[1])
    harap = list(lama[kid_a])
    harap[i_a], harap[i_b] = harap[i_b], harap[i_a]
    harap = [x for j, x in enumerate(harap) if (kid_a, j) != (kid, i)]
    assert [x["kode"] for x in rute[kid_a]] == [x["kode"] for x in harap]
    _foto(browser, "9_ubah_tersimpan", ukuran)

    # The reserve truck's loading runs late: it leaves an hour later, and its stop with it.
    _klik(browser, browser.find_element(By.ID, "rute-ubah"))
    jam = tunggu.until(ec.presence_of_element_located(
        (_CSS, f"[id='{{\"kendaraan\":{cadangan},\"type\":\"rute-sunting-jam\"}}']")))  # fmt: skip
    lama_jam = dt.datetime.strptime(jam.get_attribute("value"), "%H.%M")
    baru_jam = lama_jam + dt.timedelta(hours=1)
    assert baru_jam.hour < 18  # the plan leaves in the morning
    _ketik(browser, jam, f"{baru_jam:%H.%M}")
    _foto(browser, "10_ubah_berangkat", ukuran)
    _klik(browser, browser.find_element(By.ID, "rute-sunting-simpan"))
    pesan = pesan_berganti(tunggu, _PESAN, pesan)
    assert re.search(rf"Truk cadangan H 1081 CA berangkat \w+ {baru_jam:%H\.%M} "
                     rf"\(sebelumnya \w+ {lama_jam:%H\.%M}\)", pesan), pesan  # fmt: skip
    isi2, n = _rencana_db(demo_salinan)
    assert n == 2
    dulu = next(r for r in isi["rute"] if r["kendaraan_id"] == cadangan)
    kini = next(r for r in isi2["rute"] if r["kendaraan_id"] == cadangan)
    assert kini["berangkat"] == dulu["berangkat"] + 60
    assert [x["tiba"] for x in kini["singgah"]] == [x["tiba"] + 60 for x in dulu["singgah"]]

    # The audit trail names the edit, who made it and what changed.
    browser.get(f"{base}/audit")
    tunggu.until(lambda d: "Sunting rencana armada" in d.find_element(By.ID, ids.AUDIT_TABEL).text)
    jejak = browser.find_element(By.ID, ids.AUDIT_TABEL).text
    assert "admin.33" in jejak and f"PPK {nama} dipindah ke Truk cadangan H 1081 CA" in jejak
    # The day filter is typed dd-mm-yyyy, whatever the browser's language: the edit's own WIB
    # day keeps it, another day leaves it out.
    (waktu,) = baris_db(demo_salinan, select(func.max(models.Audit.waktu)).where(
        models.Audit.aksi == "rencana_armada_sunting"))[0]  # fmt: skip
    hari = (waktu if waktu.tzinfo else waktu.replace(tzinfo=dt.UTC)).astimezone(WIB)
    for ketik, ada in ((f"{hari:%d-%m-%Y}", True), ("01-01-2024", False)):
        kotak = browser.find_element(_CSS, f"input#{ids.AUDIT_TANGGAL}, #{ids.AUDIT_TANGGAL} input")
        _ketik(browser, kotak, ketik)
        kotak.send_keys(Keys.TAB)  # leaving the box: the picker takes the typed day
        tunggu.until(lambda d, a=ada: ("Sunting rencana armada" in d.find_element(
            By.ID, ids.AUDIT_TABEL).text) is a)  # fmt: skip
    _foto(browser, "11_audit_hari", ukuran)
    assert not [e for e in console_errors(browser) if "SEVERE" in e or "Error" in e]
