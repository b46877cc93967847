"""Bawaslu's supervisor in headless Chromium on a laptop (1366×768): signs in, finds no entry
form on /input or /rapat but the words saying why, reads the audit summary from the menu's
link, and no page it opens fires a write the server refuses."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import ids
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.factory import create_app
from dashboard.services import pencatatan
from dashboard.services.pencatatan import Pelaku
from dashboard.tools import cli
from dashboard.tools.demo import InfoDemo
from tests.support.browser import assert_only_local, console_errors, screenshot
from tests.support.kampanye import PROVINSI_KECIL, TERIMA
from tests.support.pengaturan import settings_uji
from tests.support.tulisan import akun

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
LAPTOP = (1366, 768)
PENGAWAS = "bawaslu.65"
SANDI = "pengawas-rahasia"


@pytest.fixture
def browser_window_size() -> tuple[int, int]:
    return LAPTOP


@pytest.fixture
def basis(tmp_path: Path, templat_kecil_sqlite: tuple[Path, InfoDemo]) -> str:
    """The small campaign with a Bawaslu Provinsi account and two entries in the audit trail."""
    path = tmp_path / "kendali.db"
    shutil.copy(templat_kecil_sqlite[0], path)
    url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        mp.setenv("KPU_PROVINSI", PROVINSI_KECIL)
        mp.setattr("sys.stdin", io.StringIO(f"{SANDI}\n"))
        assert cli.main(["users", "add", PENGAWAS, "--peran", "pengawas", "--nama",
                         "Bawaslu Kalimantan Utara", "--kata-sandi-stdin"]) == 0  # fmt: skip
    app = create_app(settings_uji(url, PROVINSI_KECIL))
    with app.server.app_context():
        pelaku = Pelaku(akun("operator.6571"), PROVINSI_KECIL)
        for n in range(2):
            pencatatan.catat(pelaku, JenisMutasi.TERIMA_PENYEDIA, TERIMA, f"peramban-{n}")
    return url


def _masuk(browser, base: str) -> None:  # type: ignore[no-untyped-def]
    browser.get(f"{base}/masuk")
    browser.find_element(By.ID, "username").send_keys(PENGAWAS)
    browser.find_element(By.ID, "kata_sandi").send_keys(SANDI + Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "/masuk" not in d.current_url)


def test_the_pengawas_reads_but_finds_no_form(browser, live_server, basis) -> None:
    base = live_server(basis, PROVINSI_KECIL)
    _masuk(browser, base)
    tunggu = WebDriverWait(browser, 20)

    browser.get(f"{base}/input")
    tunggu.until(ec.text_to_be_present_in_element(
        (By.ID, ids.INPUT_HANYA_BACA), "Peran Pengawas hanya dapat melihat"))  # fmt: skip
    assert not browser.find_elements(By.ID, ids.INPUT_SIMPAN)
    assert not browser.find_elements(By.ID, ids.UNGGAH_SIMPAN)
    assert browser.find_element(By.ID, ids.INPUT_HANYA_BACA).is_displayed()
    screenshot(browser, ARTEFAK / "pengawas_input_1366x768.png", *LAPTOP)

    browser.get(f"{base}/rapat")
    tunggu.until(ec.text_to_be_present_in_element(
        (By.ID, ids.KEPUTUSAN_MASUK), "Peran Pengawas hanya dapat melihat"))  # fmt: skip
    assert not browser.find_element(By.ID, ids.KEPUTUSAN_ISIAN).is_displayed()

    # The menu's audit link leads to the summary (on a laptop the menu is expanded).
    browser.get(f"{base}/")
    tunggu.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ids.SHELL_AUDIT} a"))
    browser.find_element(By.CSS_SELECTOR, f"#{ids.SHELL_AUDIT} a").click()
    tunggu.until(ec.text_to_be_present_in_element((By.ID, ids.AUDIT_RINGKASAN), "penulisan oleh"))
    ringkasan = browser.find_element(By.ID, ids.AUDIT_RINGKASAN).text
    for teks in ("Per hari", "Per kantor", "Per akun", "operator.6571", "Kota Tarakan (65.71)",
                 "Catat mutasi"):  # fmt: skip
        assert teks in ringkasan, teks
    assert "127.0.0.1" not in ringkasan
    assert not browser.find_element(By.ID, ids.AUDIT_TABEL).text.strip()  # no rows, no values
    screenshot(browser, ARTEFAK / "pengawas_audit_1366x768.png", *LAPTOP)

    browser.get(f"{base}/presentasi")
    tunggu.until(lambda d: d.find_elements(By.ID, ids.PRESENTASI_BEKUKAN))
    assert not browser.find_element(By.ID, ids.PRESENTASI_BEKUKAN).is_enabled()

    assert_only_local(browser)
    assert not console_errors(browser), console_errors(browser)
