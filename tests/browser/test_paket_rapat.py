"""Meeting pack and daily reports, rendered by the local Chromium and checked with poppler."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dashboard.domain.rapat import agenda
from dashboard.factory import create_app
from dashboard.services import presentasi
from dashboard.tools.cli import main
from tests.support.browser import BrowserNotFoundError, find_browser
from tests.support.pengaturan import settings_uji

ARTEFAK = Path(__file__).resolve().parents[2] / "artifacts" / "paket"


@pytest.fixture(autouse=True)
def _perlu_chromium_dan_poppler():
    try:
        find_browser()
    except BrowserNotFoundError as e:
        pytest.skip(str(e))
    for alat in ("pdfinfo", "pdftoppm", "pdftotext"):
        if shutil.which(alat) is None:
            pytest.skip(f"{alat} missing: install poppler-utils (scripts/test does this)")


@pytest.fixture
def salinan33(demo33, tmp_path) -> str:
    salinan = tmp_path / "kendali.db"
    shutil.copy(demo33[0].removeprefix("sqlite:///"), salinan)
    return f"sqlite:///{salinan}"


def _halaman(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(b.split()[-1] for b in info.stdout.splitlines() if b.startswith("Pages:")))


def _teks_halaman(pdf: Path, nomor: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(nomor), "-l", str(nomor), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _ukuran_png(isi: bytes) -> tuple[int, int]:
    assert isi[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", isi[16:24])


def test_the_pack_command_prints_one_pdf_page_per_slide_with_one_stamp_and_a_workbook(
    salinan33, tmp_path, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", salinan33)
    monkeypatch.setenv("KPU_PROVINSI", "33")
    monkeypatch.setenv("SECRET_KEY", "uji")
    assert main(["paket-rapat", "--keluaran", str(tmp_path / "paket")]) == 0
    (pdf,) = (tmp_path / "paket").glob("paket_rapat_pilkada2024_33_*_snapshot*.pdf")
    (xlsx,) = (tmp_path / "paket").glob("paket_rapat_pilkada2024_33_*_snapshot*.xlsx")
    app = create_app(settings_uji(salinan33))
    with app.server.app_context():
        sid = int(pdf.stem.rsplit("snapshot", 1)[1])
        data = presentasi.muat_snapshot(sid)
        jumlah = len(agenda(data, 0))
    assert _halaman(pdf) == jumlah
    stempel = f"Data per {data['data_per']} · dibekukan {data['dibekukan_pada']}"
    for nomor in range(1, jumlah + 1):
        teks = _teks_halaman(pdf, nomor)
        assert " ".join(stempel.split()) in " ".join(teks.split()), nomor
        assert f"{nomor}/{jumlah}" in teks.replace(" ", "")
    assert "Kesiapan keseluruhan" in _teks_halaman(pdf, 2)
    judul_akhir = ["Linimasa distribusi", "Rute & armada", "Risiko teratas", "Keputusan rapat"]
    for nomor, judul in enumerate(judul_akhir, start=jumlah - 3):
        assert judul in _teks_halaman(pdf, nomor), (nomor, judul)
    # Every page renders (what a reader's PDF viewer will do), and we keep the pictures.
    ARTEFAK.mkdir(parents=True, exist_ok=True)
    for lama in ARTEFAK.glob("halaman-*.png"):  # an earlier run's pack may have had more pages
        lama.unlink()
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(ARTEFAK / "halaman")], check=True)
    gambar = sorted(ARTEFAK.glob("halaman-*.png"))
    assert len(gambar) == jumlah and all(g.stat().st_size > 5000 for g in gambar)

    buku = openpyxl.load_workbook(xlsx)
    assert buku.sheetnames == [
        "Kab-Kota",
        "Kekurangan stok",
        "Linimasa distribusi",
        "Kejadian aktif",
        "Rute & armada",
        "Keputusan terbuka",
        "Keterangan",
    ]
    assert buku["Kab-Kota"].max_row == 36  # header + 35 kab/kota
    rute = list(buku["Rute & armada"].iter_rows(values_only=True))
    assert len(rute) == 36 and rute[0][2] == "Rencana armada"
    assert {r[2] for r in rute[1:]} == {"belum diterima"}  # no plan accepted in the demo
    keterangan = {r[0].value: r[1].value for r in buku["Keterangan"].iter_rows()}
    assert keterangan["Data per"] == data["data_per"]
    assert keterangan["Dibekukan"] == data["dibekukan_pada"]


def test_the_pack_download_needs_a_snapshot_or_a_meeting_role(salinan33):
    app = create_app(settings_uji(salinan33))
    client = app.server.test_client()
    r = client.get("/unduh/paket-rapat.zip")
    assert r.status_code == 403 and "Silakan masuk" in r.get_data(as_text=True)
    assert client.get("/unduh/paket-rapat.zip?snapshot=999").status_code == 404
    with app.server.app_context():
        sid = presentasi.simpan_snapshot("33", None)
    r = client.get(f"/unduh/paket-rapat.zip?snapshot={sid}")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.data)) as z:
        nama = sorted(z.namelist())
        assert [n.rsplit(".", 1)[1] for n in nama] == ["pdf", "xlsx"]
        assert all(f"snapshot{sid}" in n for n in nama)
        assert z.read(nama[0])[:5] == b"%PDF-"


def test_daily_report_is_one_chat_sized_page_as_png_and_pdf(salinan33, tmp_path):
    app = create_app(settings_uji(salinan33))
    client = app.server.test_client()
    png = client.get("/unduh/laporan/33.07.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert _ukuran_png(png.data) == (1080, 1350)
    ARTEFAK.mkdir(parents=True, exist_ok=True)
    (ARTEFAK / "laporan_3307.png").write_bytes(png.data)
    pdf = client.get("/unduh/laporan/33.07.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    berkas = tmp_path / "laporan.pdf"
    berkas.write_bytes(pdf.data)
    assert _halaman(berkas) == 1
    teks = _teks_halaman(berkas, 1)
    assert "Kabupaten Wonosobo" in teks and "Data per 24-11-2024" in teks
    assert client.get("/unduh/laporan/99.99.png").status_code == 404
