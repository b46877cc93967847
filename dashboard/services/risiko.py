"""The risk register: add, edit and review risks (scoped, audited), and the risk score of every
kab/kota with the risks it suggests, cached on the data version.

The score is gathered from what other views already compute (readiness against the H-minus
plan, stock, active incidents, route grades and routes by sea or air), so it names the same
figures the overview and the routes page show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.db import risiko as db_risiko
from dashboard.db.risiko import BarisRisiko, BarisTinjauan
from dashboard.domain.akses import alasan_tolak_tulis, di_bawah
from dashboard.domain.angka import angka_atau_kosong
from dashboard.domain.buku_besar import Tahap
from dashboard.domain.isian import Galat, teks
from dashboard.domain.kejadian import BOBOT_KEPARAHAN
from dashboard.domain.kesiapan import LABEL_TAHAP_TIBA
from dashboard.domain.rapat import RisikoTeratasRapat
from dashboard.domain.rencana import JADWAL_TAHAP, target_tahap
from dashboard.domain.risiko import (
    STATUS_AKTIF,
    TINGKAT,
    EvaluasiLalu,
    FaktorRisiko,
    SkorRisiko,
    UsulanRisiko,
    baca_isian_risiko,
    baca_tinjauan,
    hari_terlambat,
    saring_sel,
    saring_status,
    skor_risiko,
    tingkat_risiko,
    usulan_risiko,
)
from dashboard.domain.wilayah import Tingkat, tingkat_kode
from dashboard.extensions import cache, db
from dashboard.services import evaluasi, kampanye, rute, tampilan, tampilan_rute
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku, catat_audit, gerbang

# ---- the register ------------------------------------------------------------------------------


def daftar(lingkup: str) -> tuple[BarisRisiko, ...]:
    """Every risk of a region and of the regions beneath it (the province: all of them)."""
    return _daftar(lingkup, tampilan.versi())


@cache.memoize()
def _daftar(lingkup: str, _versi: int) -> tuple[BarisRisiko, ...]:
    with db.sesi_baca() as s:
        return tuple(db_risiko.daftar_risiko(s, lingkup))


def satu(risiko_id: int) -> BarisRisiko | None:
    """One risk (None when there is none with that id)."""
    return _satu(risiko_id, tampilan.versi())


@cache.memoize()
def _satu(risiko_id: int, _versi: int) -> BarisRisiko | None:
    with db.sesi_baca() as s:
        return db_risiko.risiko(s, risiko_id)


def riwayat(risiko_id: int) -> tuple[BarisTinjauan, ...]:
    """A risk's reviews, newest first."""
    return _riwayat(risiko_id, tampilan.versi())


@cache.memoize()
def _riwayat(risiko_id: int, _versi: int) -> tuple[BarisTinjauan, ...]:
    with db.sesi_baca() as s:
        return tuple(db_risiko.tinjauan(s, risiko_id))


def boleh_tulis(pelaku: Pelaku, kode: str) -> bool:
    """Whether the signed-in account may write risks of this region."""
    return alasan_tolak_tulis(pelaku.akun, kode, pelaku.provinsi) is None


def pilihan_wilayah(pelaku: Pelaku) -> list[tuple[str, str]]:
    """The regions this account may register risks for: the province (admin) and its kab/kota
    (an operator: its own), as (code, name)."""
    tw = tampilan.ringkasan_wilayah(pelaku.provinsi)
    if tw is None:
        return []
    semua = [(tw.kode, tw.nama)] + [
        (str(k), str(n)) for k, n in tw.anak[["kode", "nama"]].itertuples(index=False)
    ]
    return [(k, n) for k, n in semua if boleh_tulis(pelaku, k)]


def _izin(pelaku: Pelaku, kode: str) -> None:
    gerbang(pelaku)
    alasan = alasan_tolak_tulis(pelaku.akun, kode, pelaku.provinsi)
    if alasan:
        raise DiLuarWewenang([Galat("wilayah_kode", alasan)])


def _wilayah(session: Session, pelaku: Pelaku, kode: object) -> str:
    """The province or one of its kab/kota: the two levels a risk is registered at."""
    k = teks(kode)
    ada = db_risiko.wilayah_nama(session, k) if k else None
    if (
        ada is None
        or ada[1] not in (int(Tingkat.PROVINSI), int(Tingkat.KABKOTA))
        or not di_bawah(k, pelaku.provinsi)
    ):
        raise Ditolak(
            [
                Galat(
                    "wilayah_kode",
                    f"Wilayah '{k[:20]}' bukan provinsi {pelaku.provinsi} atau salah satu "
                    "kab/kotanya",
                )
            ]
        )
    return k


def _id_akun(pelaku: Pelaku) -> int | None:
    return pelaku.akun.id if pelaku.akun else None


def _ada(session: Session, risiko_id: int) -> BarisRisiko:
    r = db_risiko.risiko(session, risiko_id, kunci=True)
    if r is None:
        raise Ditolak([Galat("risiko_id", f"Risiko #{risiko_id} tidak ada")])
    return r


def tambah(
    pelaku: Pelaku,
    wilayah_kode: str,
    isian: Mapping[str, object],
    *,
    kunci_usulan: str | None = None,
) -> BarisRisiko:
    """Register a risk of a region (audited); raise `Ditolak` naming every bad field.

    Nothing is written unless every field is right and the account may write for the region.
    """
    gerbang(pelaku)
    with db.sesi_tulis() as s:
        kode = _wilayah(s, pelaku, wilayah_kode)
        _izin(pelaku, kode)
        kolom, salah = baca_isian_risiko(isian)
        if salah:
            raise Ditolak(salah)
        kolom.setdefault("status", "terbuka")
        rid = db_risiko.tambah_risiko(
            s,
            _id_akun(pelaku),
            dt.datetime.now(dt.UTC),
            wilayah_kode=kode,
            sumber="usulan" if kunci_usulan else "manual",
            kunci_usulan=kunci_usulan,
            **kolom,
        )
        baru = _ada(s, rid)
        catat_audit(s, pelaku, "risiko_tambah", "risiko", rid, kode, None, baru.sebagai_dict())
        return baru


def ubah(pelaku: Pelaku, risiko_id: int, isian: Mapping[str, object]) -> BarisRisiko:
    """Change a risk's fields (only those given; audited). Likelihood, impact and status
    changed here leave a review row too, so the history misses no move on the matrix."""
    gerbang(pelaku)
    with db.sesi_tulis() as s:
        lama = _ada(s, risiko_id)
        _izin(pelaku, lama.wilayah_kode)
        kolom, salah = baca_isian_risiko(isian, sebagian=True)
        if salah:
            raise Ditolak(salah)
        sekarang = dt.datetime.now(dt.UTC)
        db_risiko.ubah_risiko(s, risiko_id, _id_akun(pelaku), sekarang, **kolom)
        baru = _ada(s, risiko_id)
        if (lama.kemungkinan, lama.dampak, lama.status) != (
            baru.kemungkinan,
            baru.dampak,
            baru.status,
        ):
            _catat_tinjauan(s, pelaku, lama, baru, "Diubah lewat formulir risiko", sekarang)
        catat_audit(
            s,
            pelaku,
            "risiko_ubah",
            "risiko",
            risiko_id,
            lama.wilayah_kode,
            lama.sebagai_dict(),
            baru.sebagai_dict(),
        )
        return baru


def _catat_tinjauan(
    s: Session,
    pelaku: Pelaku,
    lama: BarisRisiko,
    baru: BarisRisiko,
    catatan: str,
    pada: dt.datetime,
) -> None:
    db_risiko.tambah_tinjauan(
        s,
        risiko_id=lama.id,
        kemungkinan_sebelum=lama.kemungkinan,
        dampak_sebelum=lama.dampak,
        status_sebelum=lama.status,
        kemungkinan_sesudah=baru.kemungkinan,
        dampak_sesudah=baru.dampak,
        status_sesudah=baru.status,
        catatan=catatan,
        oleh=_id_akun(pelaku),
        pada=pada,
    )


def tinjau(pelaku: Pelaku, risiko_id: int, isian: Mapping[str, object]) -> BarisRisiko:
    """Review a risk: its likelihood, impact and status now, and a note why (audited; one
    history row per review, also when nothing moved — the review itself is the record)."""
    gerbang(pelaku)
    with db.sesi_tulis() as s:
        lama = _ada(s, risiko_id)
        _izin(pelaku, lama.wilayah_kode)
        kolom, salah = baca_tinjauan(isian)
        if salah:
            raise Ditolak(salah)
        catatan = kolom.pop("catatan")
        sekarang = dt.datetime.now(dt.UTC)
        db_risiko.ubah_risiko(s, risiko_id, _id_akun(pelaku), sekarang, **kolom)
        baru = _ada(s, risiko_id)
        _catat_tinjauan(s, pelaku, lama, baru, catatan, sekarang)
        catat_audit(
            s,
            pelaku,
            "risiko_tinjau",
            "risiko",
            risiko_id,
            lama.wilayah_kode,
            {k: getattr(lama, k) for k in ("kemungkinan", "dampak", "status")},
            {k: getattr(baru, k) for k in ("kemungkinan", "dampak", "status")}
            | {"catatan": catatan},
        )
        return baru


def terima_usulan(
    pelaku: Pelaku, kabkota_kode: str, kunci: str, pemilik: str | None = None
) -> BarisRisiko:
    """Register a suggested risk of a kab/kota as it stands (owner: the kab/kota's logistics
    division unless named). Refused when the suggestion is no longer offered — the figures
    changed, or another office accepted it first."""
    gerbang(pelaku)
    _izin(pelaku, kabkota_kode)
    usul = next((u for u in usulan(kabkota_kode) if u.kunci == kunci), None)
    if usul is None:
        raise Ditolak(
            [
                Galat(
                    "kunci_usulan",
                    f"Usulan '{teks(kunci)[:20]}' untuk {teks(kabkota_kode)[:13]} tidak ada lagi "
                    "(sudah dijadikan risiko, atau angkanya berubah); muat ulang halaman",
                )
            ]
        )
    skor = skor_kabkota(kabkota_kode)
    nama = skor.nama if skor else kabkota_kode
    isian: dict[str, object] = usul.isian() | {
        "pemilik": teks(pemilik) or f"Divisi Logistik KPU {nama}"
    }
    return tambah(pelaku, kabkota_kode, isian, kunci_usulan=kunci)


def teratas(provinsi: str, n: int = 8) -> RisikoTeratasRapat:
    """The meeting's "Risiko teratas": the open risks of the highest level and the kab/kota of
    the highest score (n of each), as plain JSON a snapshot can freeze."""
    aktif = saring_status(daftar(provinsi), "aktif")
    per_tingkat = Counter(tingkat_risiko(r.kemungkinan, r.dampak) for r in aktif)
    return {
        "risiko": [
            {
                "id": r.id,
                "wilayah_nama": r.wilayah_nama,
                "judul": r.judul,
                "kemungkinan": r.kemungkinan,
                "dampak": r.dampak,
                "tingkat": tingkat_risiko(r.kemungkinan, r.dampak),
                "pemilik": r.pemilik,
                "tenggat": r.tenggat.isoformat() if r.tenggat else None,
                "status": r.status,
            }
            for r in saring_sel(aktif, None)[:n]
        ],
        "skor": [
            {
                "kode": s.kode,
                "nama": s.nama,
                "skor": s.skor,
                "tingkat": s.tingkat,
                "alasan": list(s.alasan),
            }
            for s in skor_provinsi(provinsi)[:n]
        ],
        "jumlah_aktif": len(aktif),
        "per_tingkat": {t: per_tingkat[t] for t in TINGKAT},
    }


# ---- the score ---------------------------------------------------------------------------------


def skor_provinsi(provinsi: str) -> tuple[SkorRisiko, ...]:
    """Every kab/kota's risk score, highest first (cached on the data version)."""
    return tuple(
        sorted(_skor_provinsi(provinsi, tampilan.versi()), key=lambda s: (-s.skor, s.kode))
    )


def skor_kabkota(kode: str) -> SkorRisiko | None:
    """One kab/kota's risk score (None for a code that is not a kab/kota of the campaign)."""
    try:
        if tingkat_kode(kode) != Tingkat.KABKOTA:
            return None
    except ValueError:
        return None
    return next((s for s in skor_provinsi(kode[:2]) if s.kode == kode), None)


def usulan(kabkota_kode: str) -> tuple[UsulanRisiko, ...]:
    """The risks a kab/kota's score suggests, less those already registered and still open."""
    s = skor_kabkota(kabkota_kode)
    f = _faktor_provinsi(kabkota_kode[:2], tampilan.versi()).get(kabkota_kode)
    if f is None or s is None:
        return ()
    terdaftar = {
        r.kunci_usulan
        for r in daftar(kabkota_kode)
        if r.wilayah_kode == kabkota_kode and r.status in STATUS_AKTIF and r.kunci_usulan
    }
    return tuple(u for u in usulan_risiko(s, f) if u.kunci not in terdaftar)


@cache.memoize()
def _skor_provinsi(provinsi: str, _versi: int) -> tuple[SkorRisiko, ...]:
    return tuple(skor_risiko(f) for f in _faktor_provinsi(provinsi, _versi).values())


@cache.memoize()
def _faktor_provinsi(provinsi: str, _versi: int) -> dict[str, FaktorRisiko]:
    return faktor_provinsi(provinsi, evaluasi=evaluasi_lalu())


def evaluasi_lalu() -> dict[str, EvaluasiLalu]:
    """Each kab/kota's record in the newest finished campaign of the database other than the
    one shown (its evaluation, /evaluasi): on time over the three hops, the worst lateness.
    Empty while the database holds no such campaign."""
    aktif = kampanye.kampanye_terpilih()
    lalu = next((k for k in kampanye.daftar_kampanye() if k.selesai and k.kode != aktif), None)
    hasil = evaluasi.bandingkan([lalu.kode]) if lalu is not None else []
    if not hasil:
        return {}
    ruas = hasil[0].ruas
    ruas = ruas[ruas["kabkota_kode"] != ""]
    return {
        str(kode): EvaluasiLalu(
            kampanye=hasil[0].pemilihan_nama,
            tepat_waktu=float(g["tepat_waktu"].fillna(0).mean()),
            hari_terlambat=float(g["terlambat_hari"].fillna(0).max()),
        )
        for kode, g in ruas.groupby("kabkota_kode")
    }


def faktor_provinsi(
    provinsi: str, evaluasi: Mapping[str, EvaluasiLalu] | None = None
) -> dict[str, FaktorRisiko]:
    """Gather each kab/kota's score inputs: lateness and stock from the readiness figures,
    incidents, route grades and sea/air legs from the routes; `evaluasi` (per kab/kota) where
    a past campaign was evaluated."""
    info = tampilan.info_kampanye()
    tw = tampilan.ringkasan_wilayah(provinsi)
    if info is None or tw is None or tw.tingkat != Tingkat.PROVINSI:
        return {}
    kejadian = _kejadian_per_kabkota(tw.kejadian)
    target_stok = target_tahap(info.h, info.jadwal, Tahap.GUDANG)
    hasil: dict[str, FaktorRisiko] = {}
    for r in tw.anak.to_dict("records"):
        kode = str(r["kode"])
        telat, tahap = _terlambat(r, info.h, info.jadwal)
        stok = angka_atau_kosong(r.get("stok"))
        jenis, bobot = kejadian.get(kode, (Counter(), 0.0))
        hasil[kode] = FaktorRisiko(
            kode=kode,
            nama=str(r["nama"]),
            hari_terlambat=telat,
            tahap_terlambat=tahap,
            kurang_rencana=max(target_stok - stok, 0.0) if stok is not None else 0.0,
            teks_kurang=str(r.get("stok_teks") or ""),
            kejadian=dict(jenis),
            bobot_kejadian=bobot,
            evaluasi=(evaluasi or {}).get(kode),
            **_rute(kode),
        )
    return hasil


def _terlambat(
    r: Mapping[str, Any], h: int, jadwal: dict[str, tuple[int, int]]
) -> tuple[float, str]:
    """The hop furthest behind its plan, in days, and its label."""
    terburuk = (0.0, "")
    for tahap in (Tahap.PPK, Tahap.PPS, Tahap.TPS):
        kunci = f"terima_{tahap}"
        hari = hari_terlambat(angka_atau_kosong(r.get(kunci)), h, jadwal[JADWAL_TAHAP[tahap]])
        if hari > terburuk[0]:
            terburuk = (hari, LABEL_TAHAP_TIBA[kunci])
    return terburuk


def _kejadian_per_kabkota(kejadian: pd.DataFrame) -> dict[str, tuple[Counter[str], float]]:
    """Active incidents of each kab/kota: count per kind, and their weight by severity."""
    hasil: dict[str, tuple[Counter[str], float]] = {}
    if kejadian.empty:
        return hasil
    for kode, jenis, keparahan in zip(
        kejadian["wilayah_kode"].str[:5], kejadian["jenis"], kejadian["keparahan"], strict=True
    ):
        hitung, bobot = hasil.get(kode, (Counter(), 0.0))
        hitung[str(jenis)] += 1
        hasil[kode] = (hitung, bobot + BOBOT_KEPARAHAN.get(str(keparahan), 1))
    return hasil


def _rute(kode: str) -> dict[str, int]:
    """Route figures of a kab/kota: gudang → PPK grades, destinations by sea/air or cut off,
    and the TPS behind the places reached only by sea or air."""
    rk = rute.rute_kabkota(kode)
    if rk is None:
        return {}
    ke_ppk = [r for r in rk.rute if r.tahap == "ppk"]
    tingkat = [t.tingkat for t in tampilan_rute.tingkat_rute_ppk(kode).values() if t.tahap == "ppk"]
    laut = [r for r in rk.rute if "laut" in r.moda]
    udara = [r for r in rk.rute if "udara" in r.moda and "laut" not in r.moda]
    jauh = [r.tujuan_kode for r in laut + udara]
    # A PPK reached by sea carries every desa beneath it; a desa counted under its kecamatan
    # is not counted again.
    kecamatan = {k for k in jauh if tingkat_kode(k) == Tingkat.KECAMATAN}
    desa = [k for k in jauh if tingkat_kode(k) == Tingkat.DESA and k[:8] not in kecamatan]
    with db.sesi_baca() as s:
        tps = db_risiko.jumlah_tps(s, sorted(kecamatan) + desa)
    return {
        "jumlah_rute": len(ke_ppk),
        "rute_rawan": tingkat.count("rawan"),
        "rute_sangat_rawan": tingkat.count("sangat_rawan"),
        "jumlah_tujuan": len(rk.rute),
        "tujuan_laut": len(laut),
        "tujuan_udara": len(udara),
        "tps_laut_udara": tps,
        "tak_terjangkau": sum(1 for r in rk.rute if not r.terjangkau),
    }
