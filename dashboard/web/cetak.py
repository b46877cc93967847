"""Local rendering of meeting outputs: headless Chromium prints the dashboard's own pages.

The slides and the daily reports are printed exactly as the browser shows them, from a
loopback server of this very app, with Chromium's network services switched off: nothing
leaves the machine, so the pack can be made with the network unplugged.
"""

from __future__ import annotations

import base64
import io
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import Flask
from werkzeug.serving import make_server

from dashboard import urls
from dashboard.domain.rapat import DataRapat
from dashboard.domain.wilayah import kode_kompak
from dashboard.services.kampanye import kampanye_terpilih

if TYPE_CHECKING:  # selenium is imported only when something is printed
    from selenium.webdriver.chrome.options import Options

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARGUMEN_CHROMIUM = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-proxy-server",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--password-store=basic",
)
PIKSEL_PER_INCI = 96
# The page is ready when Dash has rendered its content, the map has its shapes and the chart
# its axes (an element that cannot load, such as a map without boundaries, says so in words).
SIAP = """
const akar = document.querySelector(arguments[0]);
if (!akar || document.querySelector('[data-dash-is-loading="true"]')) return false;
const jumlah = akar.dataset.jumlah ? parseInt(akar.dataset.jumlah, 10) : 0;
if (jumlah && akar.querySelectorAll('.slide').length !== jumlah) return false;
for (const p of akar.querySelectorAll('.leaflet-container'))
  if (!p.querySelector('path.leaflet-interactive')) return false;
for (const g of akar.querySelectorAll('.slide-grafik'))
  if (!g.querySelector('.xtick')) return false;
return true;
"""


class GagalCetak(RuntimeError):
    """Chromium is missing or a page never became ready; the message says which."""


@contextmanager
def server_sementara(server: Flask) -> Iterator[str]:
    """Serve this app on a free loopback port for the time of a print job; yield its URL."""
    httpd = make_server("127.0.0.1", 0, server, threaded=True)
    benang = threading.Thread(target=httpd.serve_forever, daemon=True)
    benang.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        benang.join(timeout=10)


def opsi_chromium(
    chromium: str, profil: Path, lebar: int, tinggi: int, argumen: Sequence[str] = ARGUMEN_CHROMIUM
) -> Options:
    """Options of a headless Chromium with a fresh profile and the given window size (the
    printer's and the browser tests' Chromium start the same way)."""
    from selenium.webdriver.chrome.options import Options

    opsi = Options()
    opsi.binary_location = chromium
    for a in argumen:
        opsi.add_argument(a)
    opsi.add_argument(f"--user-data-dir={profil}")
    opsi.add_argument(f"--window-size={lebar},{tinggi}")
    return opsi


class Pencetak:
    """One headless Chromium with a fresh profile, for printing and capturing pages."""

    def __init__(
        self,
        lebar: int = 1920,
        tinggi: int = 1080,
        argumen: Sequence[str] = ARGUMEN_CHROMIUM,
        log_jaringan: bool = False,
    ) -> None:
        """Start Chromium with `argumen`; `log_jaringan` keeps the DevTools performance log
        (every Network.* event, read with `driver.get_log("performance")`)."""
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service

        if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
            raise GagalCetak(
                "Chromium tidak ditemukan; pasang paket chromium dan chromium-driver "
                f"({CHROMIUM}, {CHROMEDRIVER})."
            )
        self._profil = Path(tempfile.mkdtemp(prefix="kendali-cetak-"))
        opsi = opsi_chromium(CHROMIUM, self._profil / "profil", lebar, tinggi, argumen)
        if log_jaringan:
            opsi.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        try:
            self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opsi)
        except WebDriverException as e:
            shutil.rmtree(self._profil, ignore_errors=True)
            raise GagalCetak(f"Chromium gagal dijalankan: {e.msg}") from e

    def __enter__(self) -> Pencetak:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.tutup()

    def tutup(self) -> None:
        """Quit Chromium and delete its profile."""
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profil, ignore_errors=True)

    def kuki(self, url: str, nama: str, nilai: str) -> None:
        """Carry a session cookie (a signed-in user's) into this browser for `url`'s host."""
        self.driver.get(url + "/assets/presentasi.css")
        self.driver.add_cookie({"name": nama, "value": nilai, "path": "/"})

    def buka(self, url: str, akar: str, lebar: int, tinggi: int, batas_detik: int = 60) -> None:
        """Open a page at a viewport size and wait until it has fully rendered."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": lebar, "height": tinggi, "deviceScaleFactor": 1, "mobile": False},
        )
        self.driver.get(url)
        try:
            WebDriverWait(self.driver, batas_detik, poll_frequency=0.25).until(
                lambda d: d.execute_script(SIAP, akar)
            )
        except TimeoutException as e:
            raise GagalCetak(
                f"Halaman {url} tidak selesai dimuat dalam {batas_detik} detik."
            ) from e
        # Two frames for the map to settle on its bounds after the last shape arrived.
        self.driver.execute_async_script(
            "const selesai = arguments[arguments.length - 1];"
            "setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(selesai)), 300);"
        )

    def pdf(self, lebar: int, tinggi: int) -> bytes:
        """Print the open page to PDF on pages of lebar × tinggi CSS pixels, backgrounds on."""
        hasil = self.driver.execute_cdp_cmd(
            "Page.printToPDF",
            {
                "paperWidth": lebar / PIKSEL_PER_INCI,
                "paperHeight": tinggi / PIKSEL_PER_INCI,
                "marginTop": 0,
                "marginBottom": 0,
                "marginLeft": 0,
                "marginRight": 0,
                "printBackground": True,
                "preferCSSPageSize": False,
            },
        )
        return base64.b64decode(hasil["data"])

    def png(self) -> bytes:
        """Capture the open page's viewport as PNG."""
        return self.driver.get_screenshot_as_png()


UKURAN_SLIDE = (1920, 1080)
UKURAN_LAPORAN = (1080, 1350)


@dataclass(frozen=True)
class Berkas:
    """One rendered output: its file name and bytes."""

    nama: str
    isi: bytes


def _di_kampanye(alamat: str) -> str:
    """The page to print, in the campaign of the request that asked for it: the print
    browser's own request would otherwise see the newest election (docs/kampanye.md)."""
    kode = kampanye_terpilih()
    if kode is None:
        return alamat
    bagian = urlsplit(alamat)
    kueri = "&".join(q for q in (bagian.query, urlencode({"kampanye": kode})) if q)
    return urlunsplit(bagian._replace(query=kueri))


def _kuki_sesi(pencetak: Pencetak, url: str, kuki: tuple[str, str] | None) -> None:
    if kuki:
        pencetak.kuki(url, *kuki)


def paket_rapat(
    server: Flask, data: DataRapat, kuki: tuple[str, str] | None = None
) -> list[Berkas]:
    """Render the meeting pack of a frozen snapshot: the slides as a PDF (one page per slide)
    and the figures as an Excel workbook. Call inside the app context."""
    from dashboard.services import keputusan, paket

    nama = f"paket_rapat_{paket.nama_berkas(data)}"
    buku = paket.buku_rapat(data, keputusan.daftar())
    with server_sementara(server) as url, Pencetak(*UKURAN_SLIDE) as p:
        _kuki_sesi(p, url, kuki)
        p.buka(
            _di_kampanye(url + urls.presentasi(cetak=True, snapshot=data["snapshot_id"])),
            ".presentasi-semua",
            *UKURAN_SLIDE,
        )
        pdf = p.pdf(*UKURAN_SLIDE)
    return [Berkas(f"{nama}.pdf", pdf), Berkas(f"{nama}.xlsx", buku)]


def laporan_harian(
    server: Flask,
    data: DataRapat,
    kode_kabkota: list[str],
    bentuk: tuple[str, ...] = ("png", "pdf"),
    kuki: tuple[str, str] | None = None,
) -> list[Berkas]:
    """Render each kab/kota's one-page daily situation report as PNG and/or PDF."""
    from dashboard.services import paket

    nama = {w["kode"]: w["nama"] for w in data["wilayah"]}
    asing = [k for k in kode_kabkota if k not in nama]
    if asing:
        raise GagalCetak(f"Bukan kab/kota provinsi ini: {', '.join(asing)}")
    stempel = paket.nama_berkas(data)
    hasil = []
    with server_sementara(server) as url, Pencetak(*UKURAN_LAPORAN) as p:
        _kuki_sesi(p, url, kuki)
        for kode in kode_kabkota:
            alamat = _di_kampanye(url + urls.laporan(kode, data.get("snapshot_id")))
            p.buka(alamat, ".laporan .laporan-kaki", *UKURAN_LAPORAN)
            dasar = f"laporan_{kode_kompak(kode)}_{stempel}"
            if "png" in bentuk:
                hasil.append(Berkas(f"{dasar}.png", p.png()))
            if "pdf" in bentuk:
                hasil.append(Berkas(f"{dasar}.pdf", p.pdf(*UKURAN_LAPORAN)))
    return hasil


UKURAN_EVALUASI = (1280, 1810)  # A4 portrait at 1280 CSS pixels wide


def evaluasi_pdf(server: Flask, nama: str, kuki: tuple[str, str] | None = None) -> Berkas:
    """Print the evaluation page, every table on as many A4 pages as it takes."""
    with server_sementara(server) as url, Pencetak(*UKURAN_EVALUASI) as p:
        _kuki_sesi(p, url, kuki)
        p.buka(_di_kampanye(url + urls.EVALUASI), ".evaluasi-siap", *UKURAN_EVALUASI)
        return Berkas(f"{nama}.pdf", p.pdf(*UKURAN_EVALUASI))


def zip_berkas(berkas: list[Berkas]) -> bytes:
    """Pack files into one ZIP for a single download."""
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED) as z:
        for b in berkas:
            z.writestr(b.nama, b.isi)
    return keluaran.getvalue()
