"""Hazard layers and route grades from the command line (never inside a request)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from dashboard.db.bahaya import RingkasBahaya
from dashboard.domain.bahaya import JENIS_BAHAYA, Pemetaan, km
from dashboard.domain.waktu import format_wib
from dashboard.extensions import db
from dashboard.services import bahaya
from dashboard.services.batas_wajar import akun_bernama
from dashboard.services.pencatatan import Ditolak, Pelaku


def pelaku_baris_perintah(session: Session, provinsi: str, oleh: str | None) -> Pelaku:
    """Who acts from the command line: the named account, or the operator at the console."""
    if oleh is None:
        return Pelaku(None, provinsi, "baris perintah")
    akun = akun_bernama(session, oleh)
    if akun is None:
        raise ValueError(f"Akun '{oleh}' tidak ada atau tidak aktif")
    return Pelaku(akun, provinsi, "baris perintah")


def impor_berkas(
    session: Session,
    pelaku: Pelaku,
    path: Path,
    provinsi: str | None,
    pemetaan: Pemetaan,
    lapisan: str | None,
) -> list[str]:
    """Import one layer in the caller's transaction; return the report's lines."""
    try:
        lap = bahaya.impor(session, pelaku, path, provinsi, pemetaan, lapisan)
    except Ditolak as e:
        raise ValueError(str(e)) from None
    crs = f"{lap.crs}, diproyeksikan ke WGS84" if lap.diproyeksikan else lap.crs
    baris = [
        f"Impor {lap.berkas} (lapisan {lap.lapisan}, {crs}): {lap.jumlah_fitur} fitur, "
        f"{lap.jumlah_zona} zona bahaya disimpan untuk provinsi {lap.provinsi}.",
        "  Jenis: "
        + ", ".join(f"{JENIS_BAHAYA[j].lower()} {n}" for j, n in lap.per_jenis.items())
        + "; tingkat: "
        + ", ".join(f"{t} {n}" for t, n in lap.per_tingkat.items()),
        f"  Kolom dipakai: jenis={lap.kolom_jenis or '-'}, tingkat={lap.kolom_tingkat or '-'}, "
        f"nama={lap.kolom_nama or '-'}",
    ]
    if lap.diganti:
        baris.append(f"  {lap.diganti} zona dari impor sebelumnya berkas yang sama diganti.")
    if lap.di_luar_provinsi:
        baris.append(f"  {lap.di_luar_provinsi} fitur di luar provinsi {lap.provinsi} diabaikan.")
    baris += [f"  Catatan: {c}" for c in lap.catatan]
    return baris


def baris_daftar(zona: Sequence[RingkasBahaya]) -> list[str]:
    """One line per stored zone for `bahaya daftar`."""
    if not zona:
        return ["Belum ada zona bahaya; impor dengan: python -m dashboard bahaya impor FILE"]
    return [
        f"  {z.id:>5}  {z.provinsi_kode:<3} {JENIS_BAHAYA[z.jenis]:<18} {z.tingkat:<7} "
        f"{z.luas_km2:>10.1f} km²  {z.nama[:40]:<40} {z.sumber_berkas}  "
        f"({z.diimpor_oleh or 'baris perintah'}, {format_wib(z.diimpor_pada)})"
        for z in zona
    ]


def perintah_baca_risiko(args: argparse.Namespace, provinsi_kampanye: str) -> list[str]:
    """Run `bahaya dekat` or `bahaya risiko ...` inside an app context; return the lines."""
    if args.aksi == "dekat":
        provinsi = args.provinsi or provinsi_kampanye
        dekat = bahaya.kejadian_dekat_bahaya(provinsi)
        if not dekat:
            return [f"Tidak ada kejadian aktif di dekat zona bahaya provinsi {provinsi}."]
        return [
            f"  {d.kejadian.wilayah_kode:<14} {d.kejadian.wilayah_nama[:24]:<24} "
            f"{d.kejadian.jenis:<12} {d.kejadian.keparahan:<7} {km(d.jarak_km):>5} km dari "
            f"{d.bahaya_nama}: {d.kejadian.judul}"
            for d in dekat
        ]
    kabkota = args.kabkota
    if args.aksi_risiko == "daftar":
        tingkat = bahaya.tingkat_risiko_rute(kabkota)
        if not tingkat:
            return [f"Belum ada tingkat risiko rute tersimpan untuk {kabkota}."]
        return [
            f"  {t.tahap:<3} {k:<14} {t.tingkat:<12} {t.sumber:<6} {t.oleh or '-'}: {t.alasan}"
            for k, t in sorted(tingkat.items())
        ]
    with db.sesi_baca() as s:
        pelaku = pelaku_baris_perintah(s, provinsi_kampanye, args.oleh)
    if args.aksi_risiko == "setel":
        bahaya.setel_tingkat_risiko(kabkota, args.tujuan, args.tingkat, args.alasan, pelaku)
        return [f"Risiko rute ke {args.tujuan}: {args.tingkat} (manual)."]
    if bahaya.hapus_tingkat_risiko(kabkota, args.tujuan, args.alasan, pelaku):
        return [f"Tingkat manual rute ke {args.tujuan} dihapus; hitungan berlaku lagi."]
    return [f"Rute ke {args.tujuan} tidak punya tingkat manual."]
