"""What the admin provinsi enters from the browser on /rute: water and air legs, and hazard
layers uploaded as files — the command line's `jalan lintasan` and `bahaya impor|hapus`, with
sessions owned here.

The permission checks are the services' own (`rute.tambah_lintasan`, `bahaya.impor`): a form
is only drawn for those who may write, and a forged request is refused by the service with
`DiLuarWewenang` (403 over HTTP) before anything is read or stored. Every write bumps the data
version, and the network's fingerprint (`rute._jejak`) follows it, so routes over a new or
suspended leg are recomputed on the next view.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from dashboard.db import bahaya as db_bahaya
from dashboard.db import queries
from dashboard.domain.akses import alasan_tolak_lintasan
from dashboard.domain.bahaya import Pemetaan
from dashboard.domain.isian import MAKS_BYTE, Galat, teks
from dashboard.domain.wilayah import Tingkat
from dashboard.extensions import cache, db
from dashboard.services import bahaya, rute, tampilan
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku

# The upload limit of /input too: 5 MB, ~7 MB as base64 in a callback body, under the
# server's MAX_CONTENT_LENGTH (8 MB).
MAKS_BYTE_BAHAYA = MAKS_BYTE
AKHIRAN_BAHAYA = (".geojson", ".json", ".gpkg", ".zip")


def boleh_kelola(pelaku: Pelaku) -> bool:
    """Whether the signed-in account may enter legs and hazard layers (an admin provinsi)."""
    return alasan_tolak_lintasan(pelaku.akun, pelaku.provinsi, pelaku.provinsi) is None


def _tolak_bila_tak_boleh(pelaku: Pelaku) -> None:
    """Refuse before a file is decoded or written: the services check again when they write."""
    alasan = alasan_tolak_lintasan(pelaku.akun, pelaku.provinsi, pelaku.provinsi)
    if alasan:
        raise DiLuarWewenang([Galat("", alasan)])


# ---- water and air legs -----------------------------------------------------------------------


def lintasan(provinsi: str) -> tuple[rute.InfoLintasan, ...]:
    """Return the province's legs, active and suspended (cached on the data version)."""
    return rute.lintasan_provinsi(provinsi)


PILIHAN_MAKS = 40  # places listed for one search: enough to pick from, light on a phone
_TITIK = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class _Tempat:
    kode: str
    label: str
    kunci: str  # label and code, case-folded: what a search matches against


def cari_tempat(provinsi: str, cari: str | None, terpilih: str | None) -> list[dict[str, str]]:
    """Return the places a leg may start or end at that match `cari`, as dropdown options.

    Without a search: the kab/kota (a port or airstrip near an office; a light list for a
    phone on a poor line). A search reaches every kecamatan and desa too (the island desa of a
    kecamatan, by name or code), and 'lat,lon' offers that exact point. The chosen value stays
    listed so the box keeps showing it.
    """
    semua = _tempat(provinsi, tampilan.versi())
    kata = (cari or "").casefold().split()
    if kata:
        cocok = [t for t in semua if all(k in t.kunci for k in kata)][:PILIHAN_MAKS]
    else:
        cocok = [t for t in semua if t.kode.count(".") == 1]
    pilihan = [{"label": t.label, "value": t.kode} for t in cocok]
    titik = _TITIK.match(cari or "")
    if titik:
        nilai = f"{titik[1]},{titik[2]}"
        # Labelled as typed: the box filters its options by what is typed in it too.
        pilihan.insert(0, {"label": f"Titik {(cari or '').strip()} (lat, lon)", "value": nilai})
    if terpilih and all(p["value"] != terpilih for p in pilihan):
        dipilih = next((t for t in semua if t.kode == terpilih), None)
        label = dipilih.label if dipilih else f"Titik {terpilih} (lat, lon)"
        pilihan.insert(0, {"label": label, "value": terpilih})
    return pilihan


@cache.memoize()
def _tempat(provinsi: str, _versi: int) -> tuple[_Tempat, ...]:
    """Every kab/kota, kecamatan and desa of the province, labelled with where it lies."""
    with db.sesi_baca() as s:
        df = queries.wilayah_kampanye(s)
    df = df[df["tingkat"] >= int(Tingkat.KABKOTA)]
    if provinsi not in ("all", "00"):
        df = df[df["kode"].str.startswith(provinsi + ".")]
    nama = dict(zip(df["kode"], df["nama"], strict=True))
    induk = dict(zip(df["kode"], df["induk_kode"].fillna(""), strict=True))
    jenis = {int(Tingkat.KECAMATAN): "Kec. ", int(Tingkat.DESA): "Desa "}
    hasil = []
    for r in df.sort_values(["tingkat", "kode"]).itertuples():
        kode, tingkat = str(r.kode), int(r.tingkat)
        letak = []
        atas = induk.get(kode, "")
        while atas in nama:  # kecamatan, then kab/kota: enough to tell two Sidorejo apart
            letak.append(str(nama[atas]))
            atas = induk.get(atas, "")
        label = f"{jenis.get(tingkat, '')}{r.nama} ({kode})" + (
            f" — {', '.join(letak)}" if letak else ""
        )
        hasil.append(_Tempat(kode, label, f"{label} {kode}".casefold()))
    return tuple(hasil)


@dataclass(frozen=True)
class IsianLintasan:
    """The add-leg form as typed (values as the browser sends them)."""

    nama: str
    moda: str
    asal: str
    tujuan: str
    durasi_menit: object
    jadwal: str = ""
    kapasitas_kg: object = None
    asal_nama: str = ""
    tujuan_nama: str = ""


def tambah_lintasan(pelaku: Pelaku, isian: IsianLintasan) -> int:
    """Add a leg (audited); return its id. Raise `Ditolak` naming every wrong field."""
    with db.sesi_tulis() as s:
        return rute.tambah_lintasan(
            s, pelaku, nama=isian.nama, moda=isian.moda, asal=isian.asal, tujuan=isian.tujuan,
            durasi_menit=isian.durasi_menit, jadwal=isian.jadwal,
            kapasitas_kg=isian.kapasitas_kg, asal_nama=isian.asal_nama,
            tujuan_nama=isian.tujuan_nama,
        )  # fmt: skip


def setel_aktif_lintasan(pelaku: Pelaku, lintasan_id: int, aktif: bool) -> bool:
    """Suspend a leg or run it again (audited); return whether it exists."""
    with db.sesi_tulis() as s:
        return rute.setel_aktif_lintasan(s, pelaku, lintasan_id, aktif, "lewat halaman Rute")


def hapus_lintasan(pelaku: Pelaku, lintasan_id: int) -> bool:
    """Delete a leg (audited with what it was); return whether it existed."""
    with db.sesi_tulis() as s:
        return rute.hapus_lintasan(s, pelaku, lintasan_id)


# ---- hazard layers ----------------------------------------------------------------------------


def zona(provinsi: str) -> tuple[db_bahaya.RingkasBahaya, ...]:
    """Return the province's stored hazard zones, newest import first (cached)."""
    return _zona(provinsi, tampilan.versi())


@cache.memoize()
def _zona(provinsi: str, _versi: int) -> tuple[db_bahaya.RingkasBahaya, ...]:
    with db.sesi_baca() as s:
        return tuple(bahaya.daftar(s, provinsi))


@dataclass(frozen=True)
class BerkasZona:
    """One imported file (and layer) as the zone list groups it."""

    sumber: str
    jumlah: int
    diimpor_oleh: str | None
    diimpor_pada: dt.datetime


def berkas_zona(provinsi: str) -> list[BerkasZona]:
    """The files the province's zones came from, newest import first, with their zone count."""
    per: dict[str, list[db_bahaya.RingkasBahaya]] = {}
    for z in zona(provinsi):
        per.setdefault(z.sumber_berkas, []).append(z)
    hasil = []
    for sumber, d in per.items():
        terbaru = max(d, key=lambda z: z.diimpor_pada)  # who imported it last, and when
        hasil.append(BerkasZona(sumber, len(d), terbaru.diimpor_oleh, terbaru.diimpor_pada))
    return sorted(hasil, key=lambda b: (b.diimpor_pada, b.sumber), reverse=True)


def hapus_berkas_zona(pelaku: Pelaku, sumber: str) -> int:
    """Delete every zone one file brought; return how many (`Ditolak` when there are none)."""
    _tolak_bila_tak_boleh(pelaku)
    try:
        with db.sesi_tulis() as s:
            return bahaya.hapus_berkas(s, pelaku, pelaku.provinsi, teks(sumber))
    except DiLuarWewenang:
        raise
    except ValueError as e:
        raise Ditolak([Galat("berkas", str(e))]) from None


def _nama_aman(nama: str) -> str:
    """The uploaded file's own name (its layer's source in the list), without any folder."""
    dasar = PurePath(nama.replace("\\", "/")).name.strip()
    return "".join(c if c.isalnum() or c in "._- " else "_" for c in dasar)[:120] or "berkas"


def periksa_berkas_bahaya(nama: str, ukuran: int) -> None:
    """Refuse by name and size alone, before the content is decoded."""
    if ukuran > MAKS_BYTE_BAHAYA:
        mb = f"{math.ceil(ukuran / 1_048_576 * 10) / 10:.1f}".replace(".", ",")
        raise Ditolak(
            [Galat("berkas", f"Berkas {mb} MB melebihi batas "
                             f"{MAKS_BYTE_BAHAYA // 1_048_576} MB; sederhanakan atau potong "
                             "lapisannya ke provinsi dulu.")]
        )  # fmt: skip
    if not nama.lower().endswith(AKHIRAN_BAHAYA):
        raise Ditolak(
            [Galat("berkas", f"Berkas {nama[:80]} bukan GeoJSON atau GeoPackage (akhiran yang "
                             f"diterima: {', '.join(AKHIRAN_BAHAYA)}; .zip berisi Shapefile "
                             "atau GeoPackage juga boleh).")]
        )  # fmt: skip


def isi_unggahan(pelaku: Pelaku, nama: str, isi: object, ukuran: object) -> bytes:
    """Decode a file as the upload box sends it (a data URL; none for one over the limit).

    Refuse an account that may not import first (`DiLuarWewenang`), then by size and name.
    """
    _tolak_bila_tak_boleh(pelaku)
    try:
        ukuran_ = int(str(ukuran or 0))
    except ValueError:
        ukuran_ = 0
    periksa_berkas_bahaya(_nama_aman(nama), ukuran_)
    if not isinstance(isi, str) or "," not in isi:
        raise Ditolak([Galat("berkas", "Berkas tidak terbaca; unggah ulang.")])
    try:
        return base64.b64decode(isi.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        raise Ditolak([Galat("berkas", "Berkas tidak terbaca; unggah ulang.")]) from None


def impor_bahaya(
    pelaku: Pelaku, nama: str, isi: bytes, pemetaan: Pemetaan, lapisan: str | None = None
) -> bahaya.LaporanImpor:
    """Import an uploaded hazard layer for the province in one transaction; return the report.

    Raise `DiLuarWewenang` for an account that may not, before the file is touched; `Ditolak`
    with the service's words for a file it cannot use (nothing is stored then).
    """
    _tolak_bila_tak_boleh(pelaku)
    nama = _nama_aman(nama)
    periksa_berkas_bahaya(nama, len(isi))
    if not isi:
        raise Ditolak([Galat("berkas", f"Berkas {nama} kosong.")])
    lapisan = teks(lapisan) or None
    with tempfile.TemporaryDirectory(prefix="bahaya-") as folder:
        path = Path(folder) / nama
        path.write_bytes(isi)
        try:
            with db.sesi_tulis() as s:
                return bahaya.impor(s, pelaku, path, None, pemetaan, lapisan)
        except DiLuarWewenang:
            raise
        except ValueError as e:  # the reader's and the mapper's words, already in Bahasa
            pesan = str(e).replace("--lapisan NAMA", "kolom Lapisan")
            raise Ditolak([Galat("berkas", pesan)]) from None


def hapus_zona(pelaku: Pelaku, bahaya_id: int) -> db_bahaya.RingkasBahaya:
    """Remove one stored zone (audited). Raise `Ditolak` when there is none."""
    _tolak_bila_tak_boleh(pelaku)
    try:
        with db.sesi_tulis() as s:
            return bahaya.hapus(s, pelaku, bahaya_id)
    except DiLuarWewenang:
        raise
    except ValueError as e:
        raise Ditolak([Galat("", str(e))]) from None
