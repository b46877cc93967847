"""A corpus of bad input: each case gets a clear message in Bahasa Indonesia and writes nothing.

Numbers (negative, huge, NaN, text, Indonesian and foreign formats), unknown region and item
codes, dates outside the campaign, over-dispatch, other offices' regions, incident fields, and
damaged uploads (empty, 50 MB, UTF-16, cp1252, missing/extra/duplicate columns, a zip bomb,
formula cells) go through the same service calls the forms and the upload use; the HTTP cases
go through the real Flask app. After each, the ledger, audit, incidents and summaries are
exactly as before.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.domain.akses import Akun
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.extensions import db
from dashboard.services import pencatatan, unggahan
from dashboard.services.pencatatan import Ditolak, Pelaku
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.berkas import buku_kerja
from tests.support.kampanye import PROVINSI_KECIL, TERIMA
from tests.support.server_web import badan_simpan

KIRIM = {
    "tanggal": "21-11-2024",
    "jam": "08.00",
    "tahap": "ppk",
    "kode_wilayah": "65.71.01",
    "nomor_tps": None,
    "jenis_logistik": "KOTAK",
    "jumlah": "10",
    "keterangan": "",
}
KEJADIAN = {
    "kode_wilayah": "65.71.01",
    "jenis": "banjir",
    "keparahan": "tinggi",
    "judul": "Gudang PPK tergenang",
    "keterangan": "",
    "jenis_logistik": None,
}
KOLOM_TERIMA = list(unggahan.KOLOM[JenisMutasi.TERIMA_PENYEDIA])
BARIS_BAIK = ["20-11-2024", "08.00", "65.71", "KOTAK", "100", "baik", ""]


@pytest.fixture(scope="module")
def app(app_kecil_modul):
    return app_kecil_modul


def _sidik() -> tuple:
    """Everything a bad input must leave untouched: row counts and summary totals."""
    with db.sesi_baca() as s:
        r = models.Ringkasan
        return (
            s.scalar(select(func.count()).select_from(models.Mutasi)),
            s.scalar(select(func.count()).select_from(models.Audit)),
            s.scalar(select(func.count()).select_from(models.Kejadian)),
            s.scalar(select(func.sum(models.Kejadian.versi))),
            s.scalar(select(func.sum(r.diterima_baik + r.dikirim + r.disortir))),
        )


def _pelaku(username: str | None = "operator.6571") -> Pelaku:
    if username is None:
        return Pelaku(None, PROVINSI_KECIL)
    with db.sesi_baca() as s:
        p = s.scalar(select(models.Pengguna).where(models.Pengguna.username == username))
        return Pelaku(Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode), PROVINSI_KECIL)


def _terima(pelaku: str | None = "operator.6571", **ubah: object) -> Callable[[], object]:
    return lambda: pencatatan.catat(
        _pelaku(pelaku), JenisMutasi.TERIMA_PENYEDIA, {**TERIMA, **ubah}, "buruk-terima"
    )


def _kirim(**ubah: object) -> Callable[[], object]:
    return lambda: pencatatan.catat(_pelaku(), JenisMutasi.KIRIM, {**KIRIM, **ubah}, "buruk-kirim")


def _lapor(pelaku: str | None = "operator.6571", **ubah: object) -> Callable[[], object]:
    return lambda: pencatatan.lapor_kejadian(_pelaku(pelaku), {**KEJADIAN, **ubah}, "buruk-kej")


def _csv(baris: list[list[str]], kolom: list[str] = KOLOM_TERIMA, enc: str = "utf-8") -> bytes:
    isi = "\n".join(",".join(r) for r in [kolom, *baris]) + "\n"
    return isi.encode(enc)


def _xlsx(baris: list[list[object]], kolom: list[str] = KOLOM_TERIMA) -> bytes:
    return buku_kerja(baris, kolom)


def _bom_zip() -> bytes:
    """A real zip bomb: a valid workbook whose sheet unpacks to ~80 MB of rows."""
    kecil = _xlsx([BARIS_BAIK])
    baris = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>' * 1_300_000
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(kecil)) as z,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as bom,
    ):
        for info in z.infolist():
            isi = z.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                isi = isi.replace(b"</sheetData>", baris + b"</sheetData>")
            bom.writestr(info.filename, isi)
    return keluar.getvalue()


def _unggah(nama: str, isi: bytes | Callable[[], bytes]) -> Callable[[], object]:
    """Read an upload, then try to import it for real: the report's messages, or the refusal."""

    def jalan() -> str:
        data = isi() if callable(isi) else isi
        baris = unggahan.baca_berkas(nama, data, JenisMutasi.TERIMA_PENYEDIA)
        hasil = pencatatan.impor(_pelaku(), JenisMutasi.TERIMA_PENYEDIA, baris, data, terapkan=True)
        assert not hasil.diterapkan and hasil.galat
        return "; ".join(g.pesan for _, g in hasil.galat)

    return jalan


def _ubah(kid: int | None = None, versi: int = 1, **ubah: str) -> Callable[[], object]:
    def jalan() -> object:
        nomor = kid
        if nomor is None:
            with db.sesi_baca() as s:
                nomor = s.scalar(
                    select(models.Kejadian.id).where(models.Kejadian.wilayah_kode.like("65.71%"))
                )
                versi_kini = s.get(models.Kejadian, nomor).versi
        else:
            versi_kini = versi
        arg = {"status": "ditangani", "keparahan": "tinggi", "catatan": ""} | ubah
        return pencatatan.ubah_kejadian(
            _pelaku(), nomor, versi_kini - (1 if versi == 0 else 0), **arg
        )

    return jalan


KASUS: list[tuple[str, Callable[[], object], str]] = [
    # numbers
    ("jumlah negatif", _terima(jumlah="-5"), "lebih dari 0"),
    ("jumlah nol", _terima(jumlah="0"), "lebih dari 0"),
    ("jumlah minus nol", _terima(jumlah="-0"), "lebih dari 0"),
    ("jumlah desimal koma", _terima(jumlah="1,5"), "bukan bilangan bulat"),
    ("jumlah desimal titik", _terima(jumlah="1.5"), "bukan bilangan bulat"),
    ("jumlah format ribuan Inggris", _terima(jumlah="1,234"), "bukan bilangan bulat"),
    ("jumlah ribuan dan desimal", _terima(jumlah="1.234,00"), "bukan bilangan bulat"),
    ("jumlah kelompok ribuan salah", _terima(jumlah="12.34"), "bukan bilangan bulat"),
    ("jumlah raksasa", _terima(jumlah="99.999.999.999"), "melebihi batas wajar"),
    ("jumlah 2^63", _terima(jumlah="9223372036854775808"), "melebihi batas wajar"),
    ("jumlah teks NaN", _terima(jumlah="NaN"), "bukan bilangan bulat"),
    ("jumlah float NaN", _terima(jumlah=float("nan")), "wajib diisi"),
    ("jumlah tak hingga", _terima(jumlah=float("inf")), "bukan angka"),
    ("jumlah notasi ilmiah", _terima(jumlah="1e6"), "bukan bilangan bulat"),
    ("jumlah kata", _terima(jumlah="seribu"), "bukan bilangan bulat"),
    ("jumlah rupiah", _terima(jumlah="Rp 1.000"), "bukan bilangan bulat"),
    ("jumlah heksadesimal", _terima(jumlah="0x10"), "bukan bilangan bulat"),
    ("jumlah angka Arab-Indik", _terima(jumlah="١٢٣"), "bukan bilangan bulat"),
    ("jumlah angka lebar penuh", _terima(jumlah="１２３"), "bukan bilangan bulat"),
    ("jumlah boolean", _terima(jumlah=True), "bilangan bulat"),
    ("jumlah kosong", _terima(jumlah="   "), "wajib diisi"),
    # dates and times
    ("tanggal sebelum kampanye", _terima(tanggal="01-01-2023"), "di luar masa kegiatan"),
    ("tanggal setelah kampanye", _terima(tanggal="20-11-2099"), "di luar masa kegiatan"),
    ("tanggal 31 Februari", _terima(tanggal="31-02-2024"), "tidak dikenali"),
    ("tanggal bulan 13", _terima(tanggal="2024-13-01"), "tidak dikenali"),
    ("tanggal kata", _terima(tanggal="besok"), "tidak dikenali"),
    ("jam 25", _terima(jam="25.00"), "tidak dikenali"),
    ("jam menit 75", _terima(jam="12.75"), "tidak dikenali"),
    # codes
    ("wilayah di luar provinsi", _terima(kode_wilayah="99.99"), "di luar wilayah tugas"),
    ("wilayah kab/kota tetangga", _terima(kode_wilayah="65.01"), "di luar wilayah tugas"),
    ("kode wilayah bukan kode", _terima(kode_wilayah="Kota Tarakan"), "tidak sah"),
    ("kecamatan tidak ada", _kirim(kode_wilayah="65.71.99"), "tidak dikenal"),
    ("jenis logistik tidak dikenal", _terima(jenis_logistik="NUKLIR"), "tidak dikenal"),
    ("jenis logistik sangat panjang", _terima(jenis_logistik="K" * 300), "tidak dikenal"),
    ("kondisi tidak dikenal", _terima(kondisi="lumayan"), "tidak dikenal"),
    ("keterangan terlalu panjang", _terima(keterangan="x" * 501), "paling banyak 500"),
    # SQL injection in code fields: refused as codes, never run
    ("SQL di kode wilayah", _terima(kode_wilayah="65.71'; DROP TABLE mutasi;--"), "tidak sah"),
    ("SQL di jenis logistik", _terima(jenis_logistik="KOTAK' OR '1'='1"), "tidak dikenal"),
    ("SQL di tahap", _kirim(tahap="ppk' OR 1=1--"), "tidak dikenal"),
    # dispatch
    ("kirim melebihi stok", _kirim(jumlah="10.000.000"), "melebihi stok baik"),
    ("kirim ke kecamatan tetangga", _kirim(kode_wilayah="65.01.01"), "di luar wilayah tugas"),
    ("kirim tahap gudang", _kirim(tahap="gudang", kode_wilayah="65.71"), "harus ppk, pps atau tps"),
    ("kirim PPK dengan kode desa", _kirim(kode_wilayah="65.71.01.1001"), "isi kode kecamatan"),
    ("nomor TPS tanpa tahap tps", _kirim(nomor_tps="3"), "hanya diisi untuk tahap tps"),
    ("nomor TPS negatif", _kirim(nomor_tps="-3"), "harus bilangan bulat positif"),
    # who writes
    ("tanpa akun", _terima(pelaku=None), "Silakan masuk"),
    ("pimpinan hanya melihat", _terima(pelaku="pimpinan.65"), "hanya dapat melihat"),
    # incidents
    ("kejadian tanpa judul", _lapor(judul="   "), "wajib diisi"),
    ("kejadian judul 201 karakter", _lapor(judul="j" * 201), "paling banyak 200"),
    ("kejadian jenis tidak dikenal", _lapor(jenis="gempa bumi raksasa"), "tidak dikenal"),
    ("kejadian keparahan tidak dikenal", _lapor(keparahan="kiamat"), "tidak dikenal"),
    ("kejadian di tingkat provinsi", _lapor(kode_wilayah="65"), "Pilih kab/kota"),
    ("kejadian wilayah tidak ada", _lapor(kode_wilayah="65.71.99"), "tidak dikenal"),
    ("kejadian wilayah tetangga", _lapor(kode_wilayah="65.01.01"), "di luar wilayah tugas"),
    ("kejadian logistik tidak dikenal", _lapor(jenis_logistik="<img src=x>"), "tidak dikenal"),
    ("kejadian keterangan 501", _lapor(keterangan="k" * 501), "paling banyak 500"),
    ("kejadian judul hanya spasi lebar-nol", _lapor(judul="\u200b\u200b\u200b"),
     "Judul hanya berisi karakter tak terlihat (U+200B)"),
    ("kejadian judul dengan U+202E", _lapor(judul="Gudang \u202eadorg"), "pengatur arah teks"),
    ("keterangan dengan U+202E", _terima(keterangan="lihat \u202efdp.exe"), "(U+202E)"),
    ("jumlah '10 20'", _terima(jumlah="10 20"), "dipisah spasi"),
    ("jumlah pemisah campuran", _terima(jumlah="1.234 567"), "mencampur titik dan spasi"),
    ("kejadian tanpa akun", _lapor(pelaku=None), "Silakan masuk"),
    ("ubah kejadian status palsu", _ubah(status="dihapus"), "Status kejadian tidak dikenal"),
    ("ubah kejadian keparahan palsu", _ubah(keparahan="x"), "keparahan tidak dikenal"),
    ("ubah kejadian versi basi", _ubah(versi=0), "sudah diubah oleh"),
    ("ubah kejadian tidak ada", _ubah(kid=10**9), "tidak ada"),
    ("ubah kejadian catatan 501", _ubah(catatan="c" * 501), "paling banyak 500"),
    # uploads: the whole file refused
    ("berkas kosong", _unggah("terima.csv", b""), "Berkas kosong"),
    ("berkas 50 MB", _unggah("terima.csv", lambda: b"a," * (25 * 1024 * 1024)), "melebihi batas"),
    ("CSV byte NUL di awal", _unggah("terima.csv", b"\x00" + _csv([BARIS_BAIK])),
     "byte NUL (byte ke-1)"),
    ("CSV cp1252 jumlah '10 20'", _unggah("terima.csv", _csv(
        [[*BARIS_BAIK[:4], "10 20", "baik", "Café “ok”"]], enc="cp1252")), "dipisah spasi"),
    ("kolom hilang", _unggah("terima.csv", _csv([BARIS_BAIK[:5]], KOLOM_TERIMA[:5])),
     "kolom hilang: Kondisi"),
    ("kolom berlebih", _unggah("terima.csv", _csv([[*BARIS_BAIK, "1"]], [*KOLOM_TERIMA, "harga"])),
     "kolom tidak dikenal: harga"),
    ("kolom ganda", _unggah("terima.csv", _csv([[*BARIS_BAIK, "2"]], [*KOLOM_TERIMA, "jumlah"])),
     "kolom ganda: Jumlah"),
    ("hanya judul kolom", _unggah("terima.csv", _csv([])), "tidak berisi baris data"),
    ("tanpa judul kolom", _unggah("terima.csv", b"\n\n\n"), "tidak berisi baris judul"),
    ("ekstensi exe", _unggah("terima.exe", b"MZ\x90\x00"), "tidak didukung"),
    ("xlsx rusak", _unggah("terima.xlsx", b"PK\x03\x04bukan zip"), "rusak"),
    ("xlsx bom zip", _unggah("terima.xlsx", _bom_zip), "terlalu besar setelah diurai"),
    ("xlsx 20.001 baris", _unggah("terima.xlsx", lambda: _xlsx([BARIS_BAIK] * 20_001)),
     "lebih dari 20,000 baris"),
    # uploads: rows refused, nothing imported
    ("sel formula DDE di jumlah", _unggah("terima.xlsx", _xlsx([
        BARIS_BAIK, [*BARIS_BAIK[:4], "=cmd|' /C calc'!A0", "baik", ""]])),
     "rumus tanpa nilai tersimpan"),
    ("sel formula di kode wilayah", _unggah("terima.csv", _csv([
        BARIS_BAIK, ["20-11-2024", "", "=HYPERLINK(\"http://x\")", "KOTAK", "1", "baik", ""]])),
     "tidak sah"),
    ("satu baris buruk di antara yang baik", _unggah("terima.csv", _csv(
        [BARIS_BAIK] * 50 + [[*BARIS_BAIK[:4], "-1", "baik", ""]])), "lebih dari 0"),
    ("baris wilayah tetangga", _unggah("terima.xlsx", _xlsx([
        BARIS_BAIK, ["20-11-2024", "", "65.01", "KOTAK", 5, "baik", ""]])),
     "di luar wilayah tugas"),
    ("sel NaN float", _unggah("terima.xlsx", _xlsx([[*BARIS_BAIK[:4], float("nan"), "baik", ""]])),
     "wajib diisi"),
]  # fmt: skip


def test_the_corpus_has_at_least_fifty_cases() -> None:
    assert len(KASUS) >= 50 and len({n for n, _, _ in KASUS}) == len(KASUS)


@pytest.mark.parametrize(("nama", "kasus", "pesan"), KASUS, ids=[k[0] for k in KASUS])
def test_bad_input_gets_a_clear_message_and_writes_nothing(app, nama, kasus, pesan) -> None:
    sebelum = _sidik()
    try:
        hasil = kasus()
    except (Ditolak, unggahan.BerkasDitolak) as e:
        hasil = str(e)
    assert isinstance(hasil, str), f"{nama}: accepted ({hasil!r})"
    assert pesan in hasil, hasil
    assert _sidik() == sebelum


def test_free_text_with_sql_and_html_is_stored_verbatim_as_data(app) -> None:
    """Injection strings in free-text fields are data: stored as typed, nothing run."""
    teks_jahat = "'); DROP TABLE mutasi; -- <script>alert(1)</script> =cmd|' /C calc'!A0"
    sebelum = _sidik()
    h = pencatatan.catat(
        _pelaku(), JenisMutasi.TERIMA_PENYEDIA, {**TERIMA, "keterangan": teks_jahat}, "sql-teks"
    )
    kid, _ = pencatatan.lapor_kejadian(
        _pelaku(), {**KEJADIAN, "judul": teks_jahat[:200], "keterangan": teks_jahat}, "sql-kej"
    )
    with db.sesi_baca() as s:
        assert s.get(models.Mutasi, h.id).keterangan == teks_jahat
        assert s.get(models.Kejadian, kid).keterangan == teks_jahat
        assert s.scalar(select(func.count()).select_from(models.Mutasi)) == sebelum[0] + 1


# ---- over HTTP ----------------------------------------------------------------------------


def _masuk(klien, username: str = "operator.6571") -> None:
    r = klien.post("/masuk", data={"username": username, "kata_sandi": KATA_SANDI_DEMO})
    assert r.status_code == 302


def test_a_50_mb_request_is_refused_with_a_clear_message(app) -> None:
    klien = app.server.test_client()
    _masuk(klien)
    sebelum = _sidik()
    r = klien.post(
        "/_dash-update-component", data=b"{" + b" " * (50 * 1024 * 1024) + b"}",
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 413
    assert "Berkas terlalu besar" in r.get_data(as_text=True)
    assert _sidik() == sebelum


def test_an_html_payload_in_a_form_field_is_answered_as_text(app) -> None:
    klien = app.server.test_client()
    _masuk(klien)
    sebelum = _sidik()
    badan = badan_simpan("65.71", "xss-1", jumlah="<img src=x onerror=alert(1)>")
    r = klien.post("/_dash-update-component", json=badan)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    # Dash renders `children` as text nodes: the payload comes back as a JSON string.
    assert "<img src=x onerror=alert(1)>" in json.dumps(r.get_json())
    assert "bukan bilangan bulat" in r.get_data(as_text=True)
    assert _sidik() == sebelum
