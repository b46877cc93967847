"""Query functions: take a Session, return plain dicts or DataFrames (no ORM objects leak out)."""

from __future__ import annotations

import datetime as dt
import io
import typing
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Date,
    Executable,
    Label,
    Select,
    SQLColumnExpression,
    String,
    case,
    cast,
    func,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from dashboard.db import models
from dashboard.db.kampanye import SEMUA_KAMPANYE, kampanye_sesi, pilih_kampanye
from dashboard.domain.audit import SaringAudit
from dashboard.domain.buku_besar import KOLOM_RINGKASAN, Tahap
from dashboard.domain.rapat import KeputusanRapat
from dashboard.domain.wilayah import KODE_NASIONAL, Tingkat, dijumlah_saat_baca


def _frame(session: Session, stmt: Executable) -> pd.DataFrame:
    result = session.execute(stmt)
    # Plain tuples: pandas probes each SQLAlchemy Row for attributes, which cost about as
    # much as the query itself on a page's thousand summary rows (issue 16).
    return pd.DataFrame([tuple(r) for r in result.all()], columns=list(result.keys()))


KolomTeks = tuple[str, SQLColumnExpression[Any], str]
"""A column read as text: (name, SQL expression, pandas dtype or "datetime")."""


def _frame_teks(session: Session, stmt: Select[Any], kolom: Sequence[KolomTeks]) -> pd.DataFrame:
    """Read a result of millions of rows as one text value per statement, parsed by pandas'
    CSV reader: Python's database drivers build an object per value, which costs 5–10 s for
    the 3 M entries of a Pemilu province; the C parser reads the same text in about one.

    `kolom`: (name, expression, pandas dtype); `stmt` gives the FROM and WHERE (its own columns
    are replaced). Values must not hold commas or newlines (codes, numbers, times); NULL reads
    as missing.
    """
    isi = _frame_teks_isi(session, stmt, kolom)
    return _baca_teks([isi] if isi else [], kolom)


def _baca_teks(potongan: Sequence[str], kolom: Sequence[KolomTeks]) -> pd.DataFrame:
    jenis = {nama: j for nama, _expr, j in kolom if j != "datetime"}
    waktu = [nama for nama, _expr, j in kolom if j == "datetime"]
    nama = [n for n, _e, _j in kolom]
    if not potongan:
        df = pd.DataFrame({n: pd.Series(dtype=jenis.get(n, "datetime64[us]")) for n in nama})
        return df
    data = io.BytesIO("\n".join(potongan).encode())
    # Categories are read as text first: read_csv turns the categories of a column holding
    # only codes like "33.10" into the number 33.1.
    baca = {n: ("str" if j == "category" else j) for n, j in jenis.items()}
    df = pd.read_csv(
        data, header=None, names=nama, dtype=baca, keep_default_na=False, na_values=[""]
    )
    for n, j in jenis.items():
        if j == "category":
            df[n] = df[n].astype("category")
    for n in waktu:
        df[n] = pd.to_datetime(df[n], format="ISO8601")
    return df


def _kabkota_di(kode: str) -> list:
    """WHERE terms selecting the kab/kota rows of `wilayah` under a province or the root."""
    w = models.Wilayah
    syarat = [w.tingkat == int(Tingkat.KABKOTA)]
    if kode != KODE_NASIONAL:
        syarat.append(w.provinsi_kode == kode)
    return syarat


def _jumlah(model: type[models.Base], kolom: Iterable[str]) -> list[Label[Any]]:
    return [func.sum(getattr(model, k)).label(k) for k in kolom]


def _jumlah_bulat(df: pd.DataFrame, kolom: list[str]) -> pd.DataFrame:
    """Make summed counters plain int64 (PostgreSQL returns sums of BIGINT as NUMERIC)."""
    if not df.empty:
        df[kolom] = df[kolom].astype("int64")
    return df


def _ringkasan_dijumlah(session: Session, kode: str, per_provinsi: bool) -> pd.DataFrame:
    """Summary rows of a province or the root, summed from the stored kab/kota rows.

    One row per item x hop (`per_provinsi`: per province too, for the root's children).
    """
    r = models.Ringkasan
    w = models.Wilayah
    grup = [w.provinsi_kode] if per_provinsi else []
    df = _frame(
        session,
        select(*grup, r.jenis_kode, r.tahap, *_jumlah(r, KOLOM_RINGKASAN))
        .join(w, w.kode == r.wilayah_kode)
        .where(*_kabkota_di(kode))
        .group_by(*grup, r.jenis_kode, r.tahap),
    )
    df = df.rename(columns={"provinsi_kode": "wilayah_kode"})
    if not per_provinsi:
        df.insert(0, "wilayah_kode", kode)
    return _jumlah_bulat(df, list(KOLOM_RINGKASAN))


def _tps_dijumlah(session: Session, kode: str, per_provinsi: bool) -> pd.DataFrame:
    """TPS counters of a province or the root (per province with `per_provinsi`)."""
    rw = models.RingkasanWilayah
    w = models.Wilayah
    kolom = ["jumlah_tps", "dpt", "dptb", "tps_lengkap"]
    grup = [w.provinsi_kode] if per_provinsi else []
    df = _frame(
        session,
        select(*grup, *_jumlah(rw, kolom))
        .join(w, w.kode == rw.wilayah_kode)
        .where(*_kabkota_di(kode))
        .group_by(*grup)
        .having(func.count() > 0),
    )
    return _jumlah_bulat(df, kolom)


def baris_ringkasan(
    session: Session, wilayah_kode: str, jenis_kode: str, tahap: Tahap, *, kunci: bool = False
) -> dict[str, int] | None:
    """Return one summary row's counters, locking it for the transaction when `kunci`."""
    r = models.Ringkasan
    stmt = select(*(getattr(r, k) for k in KOLOM_RINGKASAN)).where(
        r.wilayah_kode == wilayah_kode, r.jenis_kode == jenis_kode, r.tahap == str(tahap)
    )
    if kunci:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).mappings().first()
    return dict(row) if row else None


def wilayah_kampanye(session: Session) -> pd.DataFrame:
    """Return the regions of the campaign's province(s): kode, tingkat, nama."""
    w = models.Wilayah
    kampanye = session.scalars(select(models.Kampanye)).one()
    stmt = select(w.kode, w.tingkat, w.nama, w.induk_kode)
    if kampanye.provinsi_kode != "all":
        stmt = stmt.where(w.provinsi_kode == kampanye.provinsi_kode)
    return _frame(session, stmt)


def tps_frame(
    session: Session, *, penghitung: bool = False, awalan: str | None = None
) -> pd.DataFrame:
    """Return every TPS (id, desa, voters), or with `penghitung` its completeness counters;
    `awalan`: only the TPS of that kab/kota (a code of 5 characters)."""
    t = models.Tps
    kolom: list[KolomTeks] = (
        [("id", t.id, "int64"), ("jenis_dibutuhkan", t.jenis_dibutuhkan, "int64"),
         ("jenis_terpenuhi", t.jenis_terpenuhi, "int64")]
        if penghitung
        else [("id", t.id, "int64"), ("desa_kode", t.desa_kode, "str"), ("dpt", t.dpt, "int64"),
              ("dptb", t.dptb, "int64")]
    )  # fmt: skip
    stmt: Select[Any] = select(t.id)
    if awalan is not None:
        stmt = stmt.where(t.desa_kode > awalan + ".", t.desa_kode < awalan + "/")
    return _frame_teks(session, stmt, kolom)


def kebutuhan_frame(
    session: Session, *, tersedia: bool = False, awalan: str | None = None
) -> pd.DataFrame:
    """Return the per-TPS need rows (with the stock held when `tersedia`); `awalan`: only
    those of the TPS of that kab/kota."""
    k = models.Kebutuhan
    t = models.Tps
    kolom: list[KolomTeks] = [
        ("tps_id", k.tps_id, "int64"),
        ("jenis_kode", k.jenis_kode, "str"),
        ("jumlah", k.jumlah, "int64"),
    ]
    if tersedia:
        kolom.append(("tersedia", k.tersedia, "int64"))
    # A province's 1.4 M need rows (a replay's first read) come as text, not as row objects.
    stmt = select(k.tps_id)
    if awalan is not None:
        stmt = stmt.join(t, t.id == k.tps_id).where(
            t.desa_kode > awalan + ".", t.desa_kode < awalan + "/"
        )
    return _frame_teks(session, stmt, kolom)


def jumlah_bertanda() -> ColumnElement[int]:
    """An entry's quantity as it counts: negative for a reversing entry (koreksi)."""
    m = models.Mutasi
    return case((m.membalik_id.is_(None), m.jumlah), else_=-m.jumlah)


def buku_per_kelompok(
    session: Session, *, sampai: dt.datetime | None = None, awalan: str | None = None
) -> pd.DataFrame:
    """Return the ledger summed per location, item, hop and kind of entry (reversals count
    with the opposite sign).

    `sampai`: only entries recorded (dicatat_pada) up to that moment, the ledger as it stood
    then; `awalan`: only entries in that kab/kota (a code of 5 characters) and below.
    """
    m = models.Mutasi
    keys = [m.wilayah_kode, m.jenis_kode, m.tahap, m.tps_id, m.jenis_mutasi, m.kondisi, m.alasan]
    jumlah = func.sum(jumlah_bertanda()).label("jumlah")
    stmt = select(*keys, jumlah).group_by(*keys)
    if sampai is not None:
        stmt = stmt.where(m.dicatat_pada <= sampai)
    if awalan is not None:
        stmt = stmt.where(m.wilayah_kode >= awalan, m.wilayah_kode < awalan + "/")
    df = _frame(session, stmt)
    df["jumlah"] = df["jumlah"].astype("int64")
    return df


POTONGAN_ENTRI = 1_000_000  # ids per statement: PostgreSQL caps one text value at 1 GB


def buku_entri(session: Session, awalan: str | None = None) -> pd.DataFrame:
    """Return every ledger entry of the campaign (`awalan`: of that kab/kota and below) with
    when it was recorded: wilayah_kode, jenis_kode, tahap, tps_id, jenis_mutasi, kondisi, alasan
    (categoricals), jumlah (reversals negative), dicatat_pada (UTC). A replay keeps it and sums
    those recorded by each T in memory instead of grouping millions of rows in SQL at every
    moment."""
    m = models.Mutasi
    kolom: list[KolomTeks] = [
        ("wilayah_kode", m.wilayah_kode, "category"),
        ("jenis_kode", m.jenis_kode, "category"),
        ("tahap", m.tahap, "category"),
        ("tps_id", m.tps_id, "float64"),
        ("jenis_mutasi", m.jenis_mutasi, "category"),
        ("kondisi", m.kondisi, "category"),
        ("alasan", m.alasan, "category"),
        ("jumlah", jumlah_bertanda(), "int64"),
        ("dicatat_pada", _waktu_teks(session, m.dicatat_pada), "datetime"),
    ]
    kode = kampanye_sesi(session)
    awal, akhir = session.execute(select(func.min(m.id), func.max(m.id))).one()
    potongan: list[str] = []
    if kode is not None and awal is not None:
        for dari in range(awal, akhir + 1, POTONGAN_ENTRI):
            stmt = (
                select(m.id)
                .where(m.id >= dari, m.id < dari + POTONGAN_ENTRI)
                # The campaign is filtered here, through coalesce: SQLite would otherwise walk
                # the campaign's index and fetch each row from the table (5 s instead of 0.7
                # for the 3 M entries); PostgreSQL reads the id range either way.
                .where(func.coalesce(m.pemilihan_kode, "") == kode)
                .execution_options(**{SEMUA_KAMPANYE: True})
            )
            if awalan is not None:
                stmt = stmt.where(
                    (m.wilayah_kode == awalan)
                    | ((m.wilayah_kode > awalan + ".") & (m.wilayah_kode < awalan + "/"))
                )
            bagian = _frame_teks_isi(session, stmt, kolom)
            if bagian:
                potongan.append(bagian)
    return _baca_teks(potongan, kolom)


def _frame_teks_isi(session: Session, stmt: Select[Any], kolom: Sequence[KolomTeks]) -> str | None:
    # One format() per row (SQLite ≥ 3.38 and PostgreSQL; NULL prints as nothing): 2.5 times
    # faster in SQLite than casting and concatenating column by column.
    teks = func.format(",".join(["%s"] * len(kolom)), *(expr for _n, expr, _j in kolom))
    isi: str | None = session.execute(
        stmt.with_only_columns(func.aggregate_strings(teks, "\n"))
    ).scalar()
    return isi


def _waktu_teks(session: Session, kolom: SQLColumnExpression[dt.datetime]) -> ColumnElement[str]:
    """SQL for a UTC timestamp column as ISO text, per dialect (SQLite stores the text)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", kolom), "YYYY-MM-DD HH24:MI:SS.US")
    return cast(kolom, String)


def _tanggal_wib(
    session: Session, kolom: SQLColumnExpression[dt.datetime]
) -> ColumnElement[dt.date]:
    """SQL for the WIB calendar day of a UTC timestamp column, per dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("Asia/Jakarta", kolom), Date)
    return func.date(kolom, "+7 hours")


def buku_per_hari(session: Session) -> pd.DataFrame:
    """Return the ledger summed per kab/kota, item, hop, kind of entry and WIB day."""
    m = models.Mutasi
    tanggal = _tanggal_wib(session, m.waktu).label("tanggal")
    kab = func.substr(m.wilayah_kode, 1, 5).label("wilayah_kode")
    keys = [kab, m.jenis_kode, m.tahap, m.jenis_mutasi, m.kondisi, m.alasan, tanggal]
    jumlah = func.sum(jumlah_bertanda()).label("jumlah")
    df = _frame(session, select(*keys, jumlah).group_by(*keys))
    df["jumlah"] = df["jumlah"].astype("int64")
    df["tanggal"] = pd.to_datetime(df["tanggal"]).dt.date
    return df


def ringkasan_harian_frame(session: Session) -> pd.DataFrame:
    """Return the stored daily timeline counters."""
    h = models.RingkasanHarian
    df = _frame(
        session,
        select(h.wilayah_kode, h.jenis_kode, h.tahap, h.tanggal, h.dikirim, h.diterima, h.disortir),
    )
    df["tanggal"] = pd.to_datetime(df["tanggal"]).dt.date
    return df


def ringkasan_frame(session: Session) -> pd.DataFrame:
    """Return the stored region x item x hop summary."""
    r = models.Ringkasan
    return _frame(
        session,
        select(r.wilayah_kode, r.jenis_kode, r.tahap, *(getattr(r, k) for k in KOLOM_RINGKASAN)),
    )


def ringkasan_wilayah_frame(session: Session) -> pd.DataFrame:
    """Return the stored per-region TPS counters."""
    w = models.RingkasanWilayah
    return _frame(session, select(w.wilayah_kode, w.jumlah_tps, w.dpt, w.dptb, w.tps_lengkap))


def info_kampanye(session: Session) -> dict | None:
    """Return what the database holds (province, election, date), or None if it is empty."""
    k = models.Kampanye
    p = models.Pemilihan
    row = (
        session.execute(
            select(
                k.provinsi_kode,
                k.per_tanggal,
                k.demo,
                p.kode.label("pemilihan_kode"),
                p.nama.label("pemilihan_nama"),
                p.hari_pemungutan,
                p.jadwal,
            ).join(p, p.kode == k.pemilihan_kode)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    info = dict(row)
    if row["provinsi_kode"] == "all":
        info["provinsi_kode"] = KODE_NASIONAL
    info["provinsi_nama"] = (
        session.scalar(
            select(models.Wilayah.nama).where(models.Wilayah.kode == row["provinsi_kode"])
        )
        or "Indonesia"
    )
    return info


def daftar_kampanye(session: Session) -> list[dict]:
    """Return every campaign of the database (kode, nama, hari_pemungutan, per_tanggal, demo),
    newest election first: the one statement that reads across campaigns."""
    k = models.Kampanye
    p = models.Pemilihan
    stmt = pilih_kampanye(p.kode, p.nama, p.hari_pemungutan, k.per_tanggal, k.demo)
    return [dict(r) for r in session.execute(stmt).mappings()]


def waktu_mutasi_terbaru(session: Session) -> dt.datetime | None:
    """Return when the newest ledger entry was received (None for an empty ledger).

    The recorded-at column, never the event time an operator typed: an entry typed today for
    last week must move "Data per", and one dated wrongly ahead must not move it.
    """
    return session.scalar(select(func.max(models.Mutasi.dicatat_pada)))


def mutasi_pertama(session: Session) -> dt.datetime | None:
    """Return when the first ledger entry was received (None for an empty ledger)."""
    return session.scalar(select(func.min(models.Mutasi.dicatat_pada)))


def versi_data(session: Session) -> int:
    """Return the data version: raised by every committed write (the sum of a few rows)."""
    return session.scalar(select(func.sum(models.VersiData.nilai))) or 0


def wilayah_satu(session: Session, kode: str) -> dict | None:
    """Return one region's row; the root of a national campaign is a row of its own."""
    w = models.Wilayah
    if kode == KODE_NASIONAL:
        nasional = session.scalar(select(models.Kampanye.provinsi_kode)) == "all"
        if not nasional:
            return None
        return {"kode": kode, "tingkat": int(Tingkat.NASIONAL), "nama": "Indonesia",
                "induk_kode": None, "lat": None, "lon": None}  # fmt: skip
    row = (
        session.execute(
            select(w.kode, w.tingkat, w.nama, w.induk_kode, w.lat, w.lon).where(w.kode == kode)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def anak_wilayah(session: Session, kode: str) -> pd.DataFrame:
    """Return a region's direct children with their TPS counters."""
    w = models.Wilayah
    rw = models.RingkasanWilayah
    if kode == KODE_NASIONAL:
        prov = _frame(
            session,
            select(w.kode, w.nama, w.tingkat, w.lat, w.lon)
            .where(w.tingkat == int(Tingkat.PROVINSI))
            .order_by(w.kode),
        )
        tps = _tps_dijumlah(session, kode, per_provinsi=True)
        return prov.merge(tps.rename(columns={"provinsi_kode": "kode"}), on="kode")
    return _frame(
        session,
        select(
            w.kode, w.nama, w.tingkat, w.lat, w.lon, rw.jumlah_tps, rw.dpt, rw.dptb, rw.tps_lengkap
        )
        .join(rw, rw.wilayah_kode == w.kode, isouter=True)
        .where(w.induk_kode == kode)
        .order_by(w.kode),
    )


def kabkota_di(session: Session, kode: str) -> pd.DataFrame:
    """Return the kab/kota under a province or the root, with their TPS counters."""
    w = models.Wilayah
    rw = models.RingkasanWilayah
    return _frame(
        session,
        select(
            w.kode, w.nama, w.tingkat, w.lat, w.lon, rw.jumlah_tps, rw.dpt, rw.dptb, rw.tps_lengkap
        )
        .join(rw, rw.wilayah_kode == w.kode, isouter=True)
        .where(*_kabkota_di(kode))
        .order_by(w.kode),
    )


def ringkasan_kabkota(session: Session, kode: str) -> pd.DataFrame:
    """Return the stored summary rows of the kab/kota under a province or the root."""
    r = models.Ringkasan
    w = models.Wilayah
    return _frame(
        session,
        select(r.wilayah_kode, r.jenis_kode, r.tahap, *(getattr(r, k) for k in KOLOM_RINGKASAN))
        .join(w, w.kode == r.wilayah_kode)
        .where(*_kabkota_di(kode)),
    )


def ringkasan_gudang(session: Session, kode: str) -> pd.DataFrame:
    """Return the gudang rows of every kab/kota at or under a region (none below kab/kota)."""
    r = models.Ringkasan
    w = models.Wilayah
    if len(kode) > 5:
        return pd.DataFrame(columns=["wilayah_kode", "jenis_kode", "tahap", *KOLOM_RINGKASAN])
    syarat = [r.wilayah_kode == kode] if len(kode) == 5 else _kabkota_di(kode)
    return _frame(
        session,
        select(r.wilayah_kode, r.jenis_kode, r.tahap, *(getattr(r, k) for k in KOLOM_RINGKASAN))
        .join(w, w.kode == r.wilayah_kode)
        .where(r.tahap == str(Tahap.GUDANG), *syarat),
    )


def ringkasan_wilayah_satu(session: Session, kode: str) -> dict | None:
    """Return one region's TPS counters (summed from its kab/kota for a province or the root)."""
    rw = models.RingkasanWilayah
    if dijumlah_saat_baca(kode):
        df = _tps_dijumlah(session, kode, per_provinsi=False)
        return {k: int(v) for k, v in df.iloc[0].items()} if len(df) else None
    row = (
        session.execute(
            select(rw.jumlah_tps, rw.dpt, rw.dptb, rw.tps_lengkap).where(rw.wilayah_kode == kode)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def ringkasan_baris(session: Session, kode: str) -> pd.DataFrame:
    """Return the summary rows (every item and hop) of one region."""
    r = models.Ringkasan
    if dijumlah_saat_baca(kode):
        return _ringkasan_dijumlah(session, kode, per_provinsi=False)
    return _frame(
        session,
        select(
            r.wilayah_kode, r.jenis_kode, r.tahap, *(getattr(r, k) for k in KOLOM_RINGKASAN)
        ).where(r.wilayah_kode == kode),
    )


def ringkasan_anak(session: Session, kode: str) -> pd.DataFrame:
    """Return the summary rows of a region's direct children."""
    r = models.Ringkasan
    w = models.Wilayah
    if kode == KODE_NASIONAL:
        return _ringkasan_dijumlah(session, kode, per_provinsi=True)
    return _frame(
        session,
        select(r.wilayah_kode, r.jenis_kode, r.tahap, *(getattr(r, k) for k in KOLOM_RINGKASAN))
        .join(w, w.kode == r.wilayah_kode)
        .where(w.induk_kode == kode),
    )


def jenis_logistik(session: Session) -> pd.DataFrame:
    """Return the catalogue items in display order."""
    j = models.JenisLogistik
    return _frame(session, select(j.kode, j.nama, j.satuan, j.kelompok, j.warna).order_by(j.urutan))


def kejadian_aktif(session: Session, kode: str, sampai: dt.datetime | None = None) -> pd.DataFrame:
    """Return the open incidents in a region and everything below it, worst first.

    `sampai`: the incidents as they stood at that moment — reported by then, with the status
    and severity the audit trail records before their first change after it.
    """
    if sampai is not None:
        return _kejadian_per(session, kode, sampai)
    k = models.Kejadian
    return _frame(
        session,
        _pilih_kejadian(kode).where(k.status != "selesai").order_by(k.dilaporkan_pada.desc()),
    )


def _pilih_kejadian(kode: str) -> Select[Any]:
    """The incident columns every list shows, of a region and everything below it."""
    k = models.Kejadian
    w = models.Wilayah
    kolom: list[Any] = [
        k.id, k.wilayah_kode, w.nama.label("wilayah_nama"), k.jenis, k.keparahan, k.status,
        k.judul, k.dilaporkan_pada, k.diperbarui_pada, k.versi, k.keterangan,
    ]  # fmt: skip
    stmt: Select[Any] = select(*kolom)
    return stmt.join(w, w.kode == k.wilayah_kode).where(
        true() if kode == KODE_NASIONAL
        else (k.wilayah_kode == kode) | k.wilayah_kode.like(f"{kode}.%")
    )  # fmt: skip


def _kejadian_per(session: Session, kode: str, sampai: dt.datetime) -> pd.DataFrame:
    k = models.Kejadian
    a = models.Audit
    df = _frame(
        session,
        _pilih_kejadian(kode).where(k.dilaporkan_pada <= sampai).order_by(k.dilaporkan_pada.desc()),
    )
    batas = pd.Timestamp(sampai).tz_convert("UTC")
    berubah = df[pd.to_datetime(df["diperbarui_pada"], utc=True) > batas] if len(df) else df
    if not berubah.empty:
        audit = session.execute(
            select(a.entitas_id, a.waktu, a.sebelum)
            .where(
                a.entitas == "kejadian",
                a.entitas_id.in_([str(i) for i in berubah["id"]]),
                a.aksi == "ubah_kejadian",
            )
            .order_by(a.waktu, a.id)
        ).all()
        dulu: dict[int, dict] = {}  # the state before the first change after `sampai`
        diubah: dict[int, dt.datetime] = {}  # the last change up to `sampai`
        for teks_id, waktu, sebelum in audit:
            i = int(teks_id)
            if _utc(waktu) <= batas:
                diubah[i] = waktu
            elif i not in dulu and sebelum:
                dulu[i] = sebelum
        for kolom in ("status", "keparahan", "versi"):
            df[kolom] = [
                dulu.get(i, {}).get(kolom, v) for i, v in zip(df["id"], df[kolom], strict=True)
            ]
        df["diperbarui_pada"] = [
            diubah.get(i, lapor) if i in dulu else v
            for i, lapor, v in zip(
                df["id"], df["dilaporkan_pada"], df["diperbarui_pada"], strict=True
            )
        ]
    return df[df["status"] != "selesai"].reset_index(drop=True)


def _utc(waktu: dt.datetime) -> pd.Timestamp:
    """A moment read back as UTC (SQLite returns it without its zone, PostgreSQL with it)."""
    t = pd.Timestamp(waktu)
    return t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")


def nama_wilayah(session: Session, kode: list[str]) -> dict[str, str]:
    """Return the names of some regions by code."""
    w = models.Wilayah
    return dict(session.execute(select(w.kode, w.nama).where(w.kode.in_(kode))).all())


def tps_desa(session: Session, desa_kode: str) -> pd.DataFrame:
    """Return the TPS of one desa with their voters and how many items each has complete."""
    t = models.Tps
    return _frame(
        session,
        select(t.id, t.nomor, t.dpt, t.dptb, t.jenis_dibutuhkan, t.jenis_terpenuhi)
        .where(t.desa_kode == desa_kode)
        .order_by(t.nomor),
    )


def mutasi_terbaru(
    session: Session, kode: str, batas: int = 15, sampai: dt.datetime | None = None
) -> pd.DataFrame:
    """Return the ledger entries received last in a region and below it, newest first.

    Ordered by when each entry was recorded (an entry made now for an earlier day is news);
    `waktu` is the event time typed with it. Missing values are None, never NaN, so a page
    never shows 'nan'. A prefix range on the (wilayah_kode, dicatat_pada) index keeps this
    cheap below the province; for a whole province (or the country) the recorded-at index is
    walked backwards. `sampai`: the entries and reversals recorded up to that moment only.
    """
    m = models.Mutasi
    j = models.JenisLogistik
    w = models.Wilayah
    balik = aliased(models.Mutasi)
    syarat_balik = balik.membalik_id == m.id
    if sampai is not None:
        syarat_balik &= balik.dicatat_pada <= sampai
    stmt = (
        select(
            m.id,
            m.waktu,
            m.dicatat_pada,
            m.jenis_mutasi,
            m.tahap,
            m.wilayah_kode,
            w.nama.label("wilayah_nama"),
            m.tps_id,
            j.nama.label("jenis_nama"),
            m.jumlah,
            m.kondisi,
            m.alasan,
            m.kantor_kode,
            m.membalik_id,
            balik.id.label("dibalik_oleh"),
        )
        .join(j, j.kode == m.jenis_kode)
        .join(w, w.kode == m.wilayah_kode)
        .outerjoin(balik, syarat_balik)
        .order_by(m.dicatat_pada.desc(), m.id.desc())
        .limit(batas)
    )
    if sampai is not None:
        stmt = stmt.where(m.dicatat_pada <= sampai)
    if "." in kode:
        stmt = stmt.where(m.wilayah_kode >= kode, m.wilayah_kode < kode + "/")
    elif kode != KODE_NASIONAL:
        # Not a range: the planner should walk the time index, not sort the whole province.
        stmt = stmt.where(func.substr(m.wilayah_kode, 1, 3) == kode + ".")
    return _tanpa_nan(_frame(session, stmt), ["tps_id", "kondisi", "alasan"])


def _tanpa_nan(df: pd.DataFrame, kolom: list[str]) -> pd.DataFrame:
    """Make missing values of nullable columns None (pandas turns NULL text into NaN)."""
    for k in kolom:
        df[k] = df[k].astype(object).where(df[k].notna(), None)
    return df


def kelipatan_wajar(session: Session, wilayah_kode: str, jenis_kode: str) -> float | None:
    """Return an admin's raised bound (a multiple of the need) for a region and item, if any."""
    b = models.BatasWajar
    return session.scalar(
        select(b.kelipatan).where(b.wilayah_kode == wilayah_kode, b.jenis_kode == jenis_kode)
    )


def daftar_batas_wajar(session: Session) -> pd.DataFrame:
    """Return every raised bound with its region and item names, who set it, when and why."""
    b = models.BatasWajar
    w = models.Wilayah
    j = models.JenisLogistik
    p = models.Pengguna
    return _frame(
        session,
        select(
            b.wilayah_kode,
            w.nama.label("wilayah_nama"),
            b.jenis_kode,
            j.nama.label("jenis_nama"),
            b.kelipatan,
            b.alasan,
            p.username,
            b.diubah_pada,
        )
        .join(w, w.kode == b.wilayah_kode)
        .join(j, j.kode == b.jenis_kode)
        .outerjoin(p, p.id == b.diubah_oleh)
        .order_by(b.wilayah_kode, b.jenis_kode),
    )


def nama_jenis(session: Session, kode: str) -> str | None:
    """Return an item's name by its code."""
    j = models.JenisLogistik
    return session.scalar(select(j.nama).where(j.kode == kode))


def ringkasan_harian_wilayah(session: Session, kode: str) -> pd.DataFrame:
    """Return the daily timeline counters of one region (a kab/kota, or summed from them)."""
    h = models.RingkasanHarian
    w = models.Wilayah
    if dijumlah_saat_baca(kode):
        kolom = ["dikirim", "diterima", "disortir"]
        df = _frame(
            session,
            select(h.jenis_kode, h.tahap, h.tanggal, *_jumlah(h, kolom))
            .join(w, w.kode == h.wilayah_kode)
            .where(*_kabkota_di(kode))
            .group_by(h.jenis_kode, h.tahap, h.tanggal),
        )
        df = _jumlah_bulat(df, kolom)
    else:
        df = _frame(
            session,
            select(h.jenis_kode, h.tahap, h.tanggal, h.dikirim, h.diterima, h.disortir).where(
                h.wilayah_kode == kode
            ),
        )
    df["tanggal"] = pd.to_datetime(df["tanggal"]).dt.date
    return df


def wilayah_anak_ringkas(session: Session, kode: str) -> list[tuple[str, str]]:
    """Return a region's direct children as (kode, nama), by code (for pickers)."""
    w = models.Wilayah
    return [
        (k, n)
        for k, n in session.execute(
            select(w.kode, w.nama).where(w.induk_kode == kode).order_by(w.kode)
        ).all()
    ]


def nomor_tps(session: Session, desa_kode: str) -> list[int]:
    """Return the TPS numbers of one desa."""
    t = models.Tps
    return list(session.scalars(select(t.nomor).where(t.desa_kode == desa_kode).order_by(t.nomor)))


def _saring_audit(stmt: Select[Any], saring: SaringAudit) -> Select[Any]:
    a = models.Audit
    sejak, sampai = saring.rentang()
    if saring.pengguna:
        stmt = stmt.where(a.username == saring.pengguna)
    if saring.wilayah:
        w = saring.wilayah
        stmt = stmt.where((a.wilayah_kode == w) | a.wilayah_kode.like(f"{w}.%"))
    if saring.aksi:
        stmt = stmt.where(a.aksi == saring.aksi)
    if sejak:
        stmt = stmt.where(a.waktu >= sejak)
    if sampai:
        stmt = stmt.where(a.waktu < sampai)
    return stmt


def rekap_audit(session: Session, saring: SaringAudit) -> pd.DataFrame:
    """Return the audit rows matching the filters counted per WIB day, office (the kab/kota
    code, or the province's above it; None without a region), action and username."""
    a = models.Audit
    tanggal = _tanggal_wib(session, a.waktu).label("tanggal")
    kantor = func.substr(a.wilayah_kode, 1, 5).label("kantor")
    keys = [tanggal, kantor, a.aksi, a.username]
    stmt = select(*keys, func.count().label("jumlah")).group_by(*keys)
    df = _frame(session, _saring_audit(stmt, saring))
    df["tanggal"] = pd.to_datetime(df["tanggal"]).dt.date
    return df


def audit(session: Session, saring: SaringAudit, batas: int = 200) -> pd.DataFrame:
    """Return the newest audit rows matching the filters."""
    a = models.Audit
    stmt = (
        select(
            a.id,
            a.waktu,
            a.username,
            a.aksi,
            a.entitas,
            a.entitas_id,
            a.wilayah_kode,
            a.sebelum,
            a.sesudah,
            a.ip,
        )
        .order_by(a.waktu.desc(), a.id.desc())
        .limit(batas)
    )
    return _frame(session, _saring_audit(stmt, saring))


# ---- lookups for the write paths ------------------------------------------------------------


def provinsi_kampanye(session: Session) -> str | None:
    """Return the campaign's province code ('all' nationally; None for an empty database)."""
    return session.scalars(select(models.Kampanye.provinsi_kode)).first()


def wilayah_ada(session: Session, kode: str) -> bool:
    """Tell whether a region code is known."""
    return session.get(models.Wilayah, kode) is not None


def jenis_ada(session: Session, kode: str) -> bool:
    """Tell whether an item code is in the catalogue."""
    j = models.JenisLogistik
    return session.scalar(select(j.kode).where(j.kode == kode)) is not None


def id_tps(session: Session, desa_kode: str, nomor: int) -> int | None:
    """Return the id of TPS number `nomor` of a desa (None when it has no such TPS)."""
    t = models.Tps
    return session.scalar(select(t.id).where(t.desa_kode == desa_kode, t.nomor == nomor))


def nama_pengguna(session: Session, pengguna_id: int) -> str | None:
    """Return an account's display name (None for an unknown account)."""
    p = session.get(models.Pengguna, pengguna_id)
    return p.nama if p is not None else None


def katalog_tersimpan(session: Session) -> dict:
    """Return the stored election and its items' rules in the catalogue file's shape."""
    p = session.scalars(select(models.Pemilihan)).one()
    jenis = session.scalars(
        select(models.JenisLogistik).order_by(models.JenisLogistik.urutan)
    ).all()
    return {
        "pemilihan": {
            "kode": p.kode,
            "nama": p.nama,
            "hari_pemungutan": p.hari_pemungutan,
            "maks_pemilih_per_tps": p.maks_pemilih_per_tps,
            "target_pemilih_per_tps": p.target_pemilih_per_tps,
        },
        "jadwal": p.jadwal,
        "jenis": [j.aturan for j in jenis],
    }


# ---- templates, meetings, integrity ---------------------------------------------------------


def jenis_ringkas(session: Session) -> pd.DataFrame:
    """Return the catalogue items (kode, nama, satuan) in display order."""
    j = models.JenisLogistik
    return _frame(session, select(j.kode, j.nama, j.satuan).order_by(j.urutan))


def wilayah_lingkup(session: Session, lingkup: str) -> pd.DataFrame:
    """Return the kab/kota and lower regions in and under a region (kode, tingkat, nama)."""
    w = models.Wilayah
    return _frame(
        session,
        select(w.kode, w.tingkat, w.nama)
        .where(w.tingkat >= 2, (w.kode == lingkup) | w.kode.like(f"{lingkup}.%"))
        .order_by(w.kode),
    )


def keputusan(session: Session, hanya_terbuka: bool = True) -> list[KeputusanRapat]:
    """Return decisions: open ones first, earliest deadline first."""
    k, w = models.Keputusan, models.Wilayah
    q = select(
        k.id,
        k.wilayah_kode,
        w.nama.label("wilayah_nama"),
        k.isi,
        k.penanggung_jawab,
        k.tenggat,
        k.status,
        k.dibuat_pada,
        k.selesai_pada,
    ).join(w, w.kode == k.wilayah_kode)
    if hanya_terbuka:
        q = q.where(k.status == "terbuka")
    q = q.order_by(k.status.desc(), k.tenggat.is_(None), k.tenggat, k.id)
    return [typing.cast(KeputusanRapat, dict(r._mapping)) for r in session.execute(q)]


def data_snapshot(session: Session, snapshot_id: int) -> dict | None:
    """Return a snapshot's stored figures (None when there is no such snapshot)."""
    return session.execute(
        select(models.Snapshot.data).where(models.Snapshot.id == snapshot_id)
    ).scalar_one_or_none()


def tps_aturan(session: Session) -> pd.DataFrame:
    """Return every TPS with what its needs follow from: voters, province, kab/kota name."""
    t, w = models.Tps, models.Wilayah
    return pd.DataFrame(
        session.execute(
            select(t.id, t.dpt, t.dptb, t.provinsi_kode, w.nama).join(w, w.kode == t.kabkota_kode)
        ).all(),
        columns=["tps_id", "dpt", "dptb", "provinsi", "nama_kab"],
    )


def tps_melebihi(session: Session, maks: int) -> pd.DataFrame:
    """Return the TPS with more voters than `maks` (id, desa_kode, nomor, dpt)."""
    t = models.Tps
    return _frame(session, select(t.id, t.desa_kode, t.nomor, t.dpt).where(t.dpt > maks))
