"""Evaluation of a finished campaign (/evaluasi): its figures, cached on the data version, and
the re-votes and supervisory findings an admin provinsi enters for it (audited).

The figures are those of "the campaign this session sees": one campaign today; once a session
is limited to a chosen campaign, `hasil_evaluasi()` evaluates that one and `bandingkan()` lays
several side by side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.db import evaluasi as db_evaluasi
from dashboard.db import queries
from dashboard.db.kampanye import dengan_kampanye
from dashboard.domain.akses import alasan_tolak_evaluasi, di_bawah
from dashboard.domain.evaluasi import (
    KOLOM_KEJADIAN,
    KOLOM_KERUSAKAN,
    KOLOM_PRINSIP,
    KOLOM_RUAS,
    KOLOM_SALAH_JENIS,
    KOLOM_TEMUAN,
    TAHAP_EVALUASI,
    BarisTemuan,
    HasilEvaluasi,
    baca_isian_temuan,
    batas_tahap,
    kebutuhan_lokasi,
    kekurangan,
    kerusakan,
    prinsip_kabkota,
    ringkas_kejadian,
    ringkas_kekurangan,
    ringkas_temuan,
    siapkan_buku,
    tabel_kejadian,
    tabel_kerusakan,
    tabel_ruas,
    tabel_temuan,
    tahap_lewat_tenggat,
    tepat_waktu,
)
from dashboard.domain.isian import Galat, teks
from dashboard.domain.kejadian import JENIS_KEJADIAN
from dashboard.domain.kelas import LABEL_KELAS
from dashboard.domain.kesiapan import salah_jenis_aktif
from dashboard.domain.wilayah import Tingkat
from dashboard.extensions import cache, db
from dashboard.services import tampilan
from dashboard.services.ekspor import ke_excel_buku
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku, catat_audit, gerbang


def hasil_evaluasi() -> HasilEvaluasi | None:
    """Evaluate the campaign this session sees (None without a campaign). Cached per campaign
    on what it holds (db.evaluasi.jejak), not on the data version: an entry in the running
    campaign leaves a finished campaign's evaluation (a minute of work for a Pemilu) alone."""
    info = tampilan.info_kampanye()
    if info is None:
        return None
    # Only hops past their deadline are judged on time: the running campaign's day decides.
    batas = {t: batas_tahap(info.hari_pemungutan, info.jadwal, t) for t in TAHAP_EVALUASI}
    dinilai = tahap_lewat_tenggat(batas, info.acuan)
    h = min(info.h, 0)
    return _hasil(info.pemilihan_kode, _jejak(info.pemilihan_kode, tampilan.versi()), dinilai, h)


@cache.memoize()
def _jejak(_pemilihan: str, _versi: int) -> tuple:
    with db.sesi_baca() as s:
        return db_evaluasi.jejak(s)


def bandingkan(pemilihan: Sequence[str]) -> list[HasilEvaluasi]:
    """The evaluations of several campaigns of the database, in the order asked (each in its
    own campaign, db.kampanye), for the side-by-side view; unknown codes are left out."""
    hasil = []
    for kode in dict.fromkeys(pemilihan):
        with dengan_kampanye(kode):
            h = hasil_evaluasi()
        if h is not None and h.pemilihan_kode == kode:
            hasil.append(h)
    return hasil


@cache.memoize()
def _hasil(
    _pemilihan: str, _jejak: tuple, dinilai: tuple[str, ...], h: int
) -> HasilEvaluasi | None:
    with db.sesi_baca() as s:
        k = db_evaluasi.kampanye(s)
        if k is None:
            return None
        kab = db_evaluasi.kabkota(s)
        keb = db_evaluasi.kebutuhan_tps(s)
        buku = db_evaluasi.buku_tahap(s)
        diterima = db_evaluasi.diterima_per_kondisi(s)
        salah = db_evaluasi.salah_jenis(s)
        kejadian = db_evaluasi.kejadian(s)
        ditutup = db_evaluasi.kejadian_ditutup(s)
        baris = db_evaluasi.ringkasan_kabkota(s)
        temuan = tuple(db_evaluasi.daftar_temuan(s))
        jenis = dict(queries.jenis_logistik(s)[["kode", "nama"]].itertuples(index=False))
    batas = {t: batas_tahap(k.hari_pemungutan, k.jadwal, t) for t in TAHAP_EVALUASI}
    lokasi = kebutuhan_lokasi(keb)
    b = siapkan_buku(buku)
    tepat = tepat_waktu(lokasi, b, batas, dinilai)
    kurang = ringkas_kekurangan(kekurangan(lokasi, b, batas, dinilai))
    ruas = tepat.merge(kurang, on=["kabkota_kode", "tahap"], how="left")
    for kolom in ("kurang", "terpenuhi", "kurang_akhir", "kurang_akhir_unit"):
        ruas[kolom] = ruas[kolom].fillna(0).astype("int64")
    aktif = kejadian[kejadian["status"] != "selesai"] if not kejadian.empty else kejadian
    prinsip = prinsip_kabkota(
        baris,
        tepat,
        tampilan.aturan_kesiapan(),
        k.jadwal,
        salah_jenis_aktif(aktif, list(kab["kode"])),
        h,
    )
    tabel = kab.merge(prinsip, left_on="kode", right_on="wilayah_kode", how="left").drop(
        columns=["wilayah_kode"]
    )
    akhir = ruas[ruas["kabkota_kode"] != ""].groupby("kabkota_kode")["kurang_akhir_unit"].sum()
    tabel["kurang_akhir_unit"] = tabel["kode"].map(akhir).fillna(0).astype("int64")
    per_salah = salah.groupby("kabkota_kode")["jumlah"].sum() if not salah.empty else {}
    tabel["salah_jenis"] = tabel["kode"].map(per_salah).fillna(0).astype("int64")
    per_kejadian = (
        kejadian.groupby(kejadian["wilayah_kode"].str[:5]).size() if not kejadian.empty else {}
    )
    tabel["kejadian"] = tabel["kode"].map(per_kejadian).fillna(0).astype("int64")
    ringkas = ringkas_temuan(
        pd.DataFrame(
            [(t.wilayah_kode, t.jenis, t.sebab_logistik, t.jumlah_tps) for t in temuan],
            columns=["wilayah_kode", "jenis", "sebab_logistik", "jumlah_tps"],
        )
    ).set_index("kabkota_kode")
    for kolom in ringkas.columns:
        tabel[kolom] = tabel["kode"].map(ringkas[kolom]).fillna(0).astype("int64")
    rusak = kerusakan(diterima) if not diterima.empty else _kosong_kerusakan()
    rusak.insert(1, "nama", rusak["jenis_kode"].map(jenis).fillna(rusak["jenis_kode"]))
    per_jenis_salah = (
        salah.groupby("jenis_kode", as_index=False)["jumlah"].sum()
        if not salah.empty
        else pd.DataFrame(columns=["jenis_kode", "jumlah"])
    )
    per_jenis_salah.insert(1, "nama", per_jenis_salah["jenis_kode"].map(jenis))
    return HasilEvaluasi(
        pemilihan_kode=k.pemilihan_kode,
        pemilihan_nama=k.pemilihan_nama,
        provinsi_kode=k.provinsi_kode,
        provinsi_nama=k.provinsi_nama,
        hari_pemungutan=k.hari_pemungutan,
        batas={str(t): v.to_pydatetime() for t, v in batas.items()},
        kabkota=tabel,
        ruas=ruas,
        kerusakan=rusak,
        salah_jenis=per_jenis_salah,
        kejadian=ringkas_kejadian(kejadian, {i: pd.Timestamp(w) for i, w in ditutup.items()}),
        temuan=temuan,
    )


def _kosong_kerusakan() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["jenis_kode", "tahap", "diterima", "rusak_ringan", "rusak_berat", "porsi_rusak"]
    )


# ---- re-votes and findings ---------------------------------------------------------------------


def boleh_catat(pelaku: Pelaku) -> bool:
    """Whether this account may enter re-votes and findings (an admin provinsi)."""
    return alasan_tolak_evaluasi(pelaku.akun, pelaku.provinsi, pelaku.provinsi) is None


def catat_temuan(pelaku: Pelaku, isian: Mapping[str, object]) -> BarisTemuan:
    """Record a re-vote (PSU/PSL/PSS) or a supervisory finding of the campaign (audited).

    Only an admin provinsi may; every wrong field is named in `Ditolak` and nothing is
    written unless all are right.
    """
    gerbang(pelaku)
    kode = teks(isian.get("wilayah_kode"))
    # The role is the gate; a region outside the province is a wrong field, named below.
    alasan = alasan_tolak_evaluasi(pelaku.akun, pelaku.provinsi, pelaku.provinsi)
    if alasan:
        raise DiLuarWewenang([Galat("", alasan)])
    baru, galat = baca_isian_temuan(isian)
    with db.sesi_tulis() as s:
        if kode:
            ada = db_evaluasi.wilayah(s, kode)
            if (
                ada is None
                or not Tingkat.KABKOTA <= ada[1] <= Tingkat.DESA
                or not di_bawah(kode, pelaku.provinsi)
            ):
                galat.append(
                    Galat(
                        "wilayah_kode",
                        f"Wilayah '{kode[:20]}' bukan kab/kota, kecamatan atau desa provinsi "
                        f"{pelaku.provinsi}",
                    )
                )
        k = db_evaluasi.kampanye(s)
        if k is None:
            galat.append(Galat("", "Basis data belum berisi data kampanye"))
        if galat or baru is None or k is None:
            raise Ditolak(galat)
        tid = db_evaluasi.tambah_temuan(
            s,
            pemilihan_kode=k.pemilihan_kode,
            wilayah_kode=baru.wilayah_kode,
            jenis=baru.jenis,
            sebab_logistik=baru.sebab_logistik,
            prinsip=baru.prinsip,
            jumlah_tps=baru.jumlah_tps,
            keterangan=baru.keterangan,
            dicatat_oleh=pelaku.akun.id if pelaku.akun else None,
            dicatat_pada=dt.datetime.now(dt.UTC),
        )
        (tersimpan,) = db_evaluasi.daftar_temuan(s, tid)
        catat_audit(
            s, pelaku, "temuan_evaluasi_tambah", "temuan_evaluasi", tid, baru.wilayah_kode,
            None, tersimpan.sebagai_dict(),
        )  # fmt: skip
        return tersimpan


def pilihan_wilayah() -> list[tuple[str, str]]:
    """The kab/kota a finding can be entered for, as (code, name); a kecamatan or desa code
    can also be typed."""
    h = hasil_evaluasi()
    if h is None:
        return []
    return [(str(k), str(n)) for k, n in h.kabkota[["kode", "nama"]].itertuples(index=False)]


def buku_excel(h: HasilEvaluasi) -> bytes:
    """The evaluation as an Excel workbook: one sheet per table, then 'Keterangan'."""
    kab = h.kabkota.assign(kelas=h.kabkota["kelas"].map(LABEL_KELAS).fillna(h.kabkota["kelas"]))
    return ke_excel_buku(
        [
            ("Prinsip per kab-kota", kab, KOLOM_PRINSIP),
            ("Tepat waktu per tahap", tabel_ruas(h), KOLOM_RUAS),
            ("Kerusakan per jenis", tabel_kerusakan(h), KOLOM_KERUSAKAN),
            ("Salah jenis", h.salah_jenis, KOLOM_SALAH_JENIS),
            ("Kejadian", tabel_kejadian(h, JENIS_KEJADIAN), KOLOM_KEJADIAN),
            ("PSU dan temuan", tabel_temuan(h), KOLOM_TEMUAN),
        ],
        [
            ("Pemilihan", f"{h.pemilihan_nama} ({h.pemilihan_kode})"),
            ("Provinsi", f"{h.provinsi_nama} ({h.provinsi_kode})"),
            ("Hari pemungutan", f"{h.hari_pemungutan:%d-%m-%Y}"),
            ("Definisi", "docs/evaluasi.md"),
        ],
    )
