"""Ledger writes with their summaries in one transaction; the recompute that audits them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from dashboard.db import models, queries
from dashboard.db.bulk import sisip_massal
from dashboard.domain.angka import format_angka
from dashboard.domain.buku_besar import (
    JenisMutasi,
    Mutasi,
    Tahap,
    dampak,
    dampak_harian,
    periksa_mutasi,
    perubahan_stok_baik,
    stok_baik,
    tanggal_wib,
)
from dashboard.domain.kebutuhan import Pemilihan
from dashboard.domain.rekap import KUNCI, Rekap, baris_ringkasan, hitung_rekap
from dashboard.domain.wilayah import induk, leluhur, tingkat_kode


class MutasiDitolak(ValueError):
    """A movement that breaks a rule; `pesan` holds every reason in Bahasa Indonesia."""

    def __init__(self, pesan: list[str]):
        super().__init__("; ".join(pesan))
        self.pesan = pesan


@dataclass(frozen=True)
class HasilCatat:
    """Outcome of recording a movement: new entry, or a resubmission already counted."""

    id: int
    baru: bool

    @property
    def pesan(self) -> str:
        if self.baru:
            return f"Tercatat (nomor {self.id})"
        return f"Sudah diterima sebelumnya (nomor {self.id}); tidak dihitung dua kali"


def masa_kegiatan(pemilihan: Pemilihan) -> tuple[dt.date, dt.date]:
    """Return the dates between which movements may be recorded (first receipt to H+1)."""
    awal = min(a for a, _ in pemilihan.jadwal.values())
    return pemilihan.tanggal_h(awal - 30), pemilihan.tanggal_h(1)


def catat_mutasi(
    session: Session,
    m: Mutasi,
    pemilihan: Pemilihan,
    *,
    kantor_kode: str,
    pengguna_id: int | None = None,
) -> HasilCatat:
    """Append one movement and update every summary it touches, in the caller's transaction.

    A resubmitted `client_id` is reported, not counted again. On any refusal nothing is
    written: the caller's transaction is left as it was.
    """
    lama = session.scalar(select(models.Mutasi.id).where(models.Mutasi.client_id == m.client_id))
    if lama is not None:
        return HasilCatat(lama, baru=False)
    salah = periksa_mutasi(m, *masa_kegiatan(pemilihan))
    if not salah:
        salah = _periksa_terhadap_data(session, m)
    if salah:
        raise MutasiDitolak(salah)

    nilai = {
        "client_id": m.client_id,
        "jenis_mutasi": str(m.jenis_mutasi),
        "jenis_kode": m.jenis_kode,
        "tahap": str(m.tahap),
        "wilayah_kode": m.wilayah_kode,
        "tps_id": m.tps_id,
        "jumlah": m.jumlah,
        "kondisi": str(m.kondisi) if m.kondisi else None,
        "alasan": str(m.alasan) if m.alasan else None,
        "waktu": m.waktu,
        "dicatat_pada": dt.datetime.now(dt.UTC),
        "pengguna_id": pengguna_id,
        "kantor_kode": kantor_kode,
        "keterangan": m.keterangan,
    }
    ins = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        ins(models.Mutasi)
        .values(**nilai)
        .on_conflict_do_nothing(index_elements=["client_id"])
        .returning(models.Mutasi.id)
    )
    baru_id = session.scalar(stmt)
    if baru_id is None:  # a concurrent resubmission won the race
        lama = session.scalar(
            select(models.Mutasi.id).where(models.Mutasi.client_id == m.client_id)
        )
        return HasilCatat(int(lama), baru=False)

    delta = dampak(m)
    _tambah_ringkasan(session, _tersimpan(m.wilayah_kode), m.jenis_kode, m.tahap, delta)
    _tambah_harian(session, ins, m, dampak_harian(delta))
    if m.tahap is Tahap.TPS:
        _perbarui_tps(session, m, perubahan_stok_baik(delta))
    return HasilCatat(int(baru_id), baru=True)


def _tersimpan(kode: str) -> list[str]:
    """The regions whose stored summaries a movement here changes: its kab/kota and below.

    Province and national figures are summed from the kab/kota rows when read, so writers
    from different kab/kota offices never update (and never wait on) a shared row.
    """
    return leluhur(kode)[1:]


def _tambah_ringkasan(
    session: Session, kode: list[str], jenis_kode: str, tahap: Tahap, delta: dict[str, int]
) -> None:
    r = models.Ringkasan
    session.execute(
        update(r)
        .where(r.wilayah_kode.in_(kode), r.jenis_kode == jenis_kode, r.tahap == str(tahap))
        .values({getattr(r, k): getattr(r, k) + v for k, v in delta.items()})
    )


def _tambah_harian(session: Session, ins, m: Mutasi, delta: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    """Add to the day's timeline counters of the kab/kota (provinces sum them when read)."""
    if not delta:
        return
    h = models.RingkasanHarian
    tanggal = tanggal_wib(m.waktu)
    for kode in _tersimpan(m.wilayah_kode)[:1]:
        nilai = {"dikirim": 0, "diterima": 0, "disortir": 0, **delta}
        stmt = ins(h).values(
            wilayah_kode=kode,
            jenis_kode=m.jenis_kode,
            tahap=str(m.tahap),
            tanggal=tanggal,
            **nilai,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["wilayah_kode", "jenis_kode", "tahap", "tanggal"],
            set_={k: getattr(h, k) + getattr(stmt.excluded, k) for k in delta},
        )
        session.execute(stmt)


def _perbarui_tps(session: Session, m: Mutasi, d_stok: int) -> None:
    """Keep the TPS's good stock, its 'item complete' flags and the regions' counts current."""
    if not d_stok:
        return
    k = models.Kebutuhan
    tersedia, jumlah = session.execute(
        update(k)
        .where(k.tps_id == m.tps_id, k.jenis_kode == m.jenis_kode)
        .values(tersedia=k.tersedia + d_stok)
        .returning(k.tersedia, k.jumlah)
    ).one()
    sebelum = jumlah > 0 and tersedia - d_stok >= jumlah
    sesudah = jumlah > 0 and tersedia >= jumlah
    if sebelum == sesudah:
        return
    arah = 1 if sesudah else -1
    kode = _tersimpan(m.wilayah_kode)
    _tambah_ringkasan(session, kode, m.jenis_kode, Tahap.TPS, {"tps_terpenuhi": arah})
    t = models.Tps
    terpenuhi, dibutuhkan = session.execute(
        update(t)
        .where(t.id == m.tps_id)
        .values(jenis_terpenuhi=t.jenis_terpenuhi + arah)
        .returning(t.jenis_terpenuhi, t.jenis_dibutuhkan)
    ).one()
    lengkap_sebelum = terpenuhi - arah == dibutuhkan
    lengkap_sesudah = terpenuhi == dibutuhkan
    if lengkap_sebelum != lengkap_sesudah:
        w = models.RingkasanWilayah
        session.execute(
            update(w)
            .where(w.wilayah_kode.in_(kode))
            .values(tps_lengkap=w.tps_lengkap + (1 if lengkap_sesudah else -1))
        )


def _periksa_terhadap_data(session: Session, m: Mutasi) -> list[str]:
    """Check a movement against what the database holds: places, item, stock on hand."""
    try:
        tingkat = tingkat_kode(m.wilayah_kode)
    except ValueError as e:
        return [str(e)]
    if tingkat != m.tahap.tingkat_wilayah:
        return [f"Kode wilayah {m.wilayah_kode} bukan lokasi {m.tahap.label}"]
    baris = queries.baris_ringkasan(session, m.wilayah_kode, m.jenis_kode, m.tahap)
    if baris is None:
        if session.get(models.Wilayah, m.wilayah_kode) is None:
            return [f"Wilayah {m.wilayah_kode} tidak dikenal"]
        if session.get(models.JenisLogistik, m.jenis_kode) is None:
            return [f"Jenis logistik '{m.jenis_kode}' tidak dikenal"]
        return [f"Jenis logistik '{m.jenis_kode}' tidak berlaku di wilayah {m.wilayah_kode}"]
    if m.tps_id is not None:
        desa = session.scalar(select(models.Tps.desa_kode).where(models.Tps.id == m.tps_id))
        if desa != m.wilayah_kode:
            return [f"TPS {m.tps_id} tidak berada di desa/kelurahan {m.wilayah_kode}"]
    if m.jenis_mutasi is JenisMutasi.KIRIM:
        return _periksa_stok_asal(session, m)
    if m.jenis_mutasi is JenisMutasi.TERIMA:
        belum = baris["dikirim"] - _jumlah_diterima(baris)
        if m.jumlah > belum:
            return [
                f"Jumlah diterima {format_angka(m.jumlah)} melebihi yang sedang dikirim ke "
                f"{m.tahap.label} ini ({format_angka(max(belum, 0))})"
            ]
    if m.jenis_mutasi is JenisMutasi.PENYESUAIAN and m.alasan != "pengganti":
        if m.jumlah > stok_baik(baris, _dikirim_keluar(session, m)):
            return ["Penyesuaian melebihi stok dalam kondisi baik di lokasi ini"]
    return []


def _jumlah_diterima(baris: dict[str, int]) -> int:
    return baris["diterima_baik"] + baris["diterima_rusak_ringan"] + baris["diterima_rusak_berat"]


def _dikirim_keluar(session: Session, m: Mutasi) -> int:
    urutan = list(Tahap)
    i = urutan.index(m.tahap)
    if i + 1 >= len(urutan):
        return 0
    berikut = queries.baris_ringkasan(session, m.wilayah_kode, m.jenis_kode, urutan[i + 1])
    return berikut["dikirim"] if berikut else 0


def _periksa_stok_asal(session: Session, m: Mutasi) -> list[str]:
    """Refuse a dispatch larger than the good stock held where it leaves from."""
    asal_tahap = m.tahap.sebelumnya
    assert asal_tahap is not None
    asal_kode = m.wilayah_kode if m.tahap is Tahap.TPS else induk(m.wilayah_kode)
    assert asal_kode is not None
    asal = queries.baris_ringkasan(session, asal_kode, m.jenis_kode, asal_tahap, kunci=True)
    keluar = queries.baris_ringkasan(session, asal_kode, m.jenis_kode, m.tahap)
    if asal is None or keluar is None:
        return [f"Lokasi asal {asal_tahap.label} {asal_kode} tidak dikenal"]
    stok = stok_baik(asal, keluar["dikirim"])
    if m.jumlah > stok:
        return [
            f"Jumlah dikirim {format_angka(m.jumlah)} melebihi stok baik di {asal_tahap.label} "
            f"{asal_kode} ({format_angka(max(stok, 0))})"
        ]
    return []


# ---- recompute and check -------------------------------------------------------------


@dataclass
class Selisih:
    """Disagreements between stored summaries and those the ledger implies."""

    baris: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.baris)

    def __len__(self) -> int:
        return len(self.baris)


def rekap_dari_db(session: Session, pemilihan: Pemilihan) -> Rekap:
    """Compute every summary from the ledger and needs stored in the database."""
    wilayah = queries.wilayah_kampanye(session)
    return hitung_rekap(
        baris_ringkasan(wilayah, pemilihan),
        queries.tps_frame(session),
        queries.kebutuhan_frame(session),
        queries.buku_per_kelompok(session),
        pemilihan,
        queries.buku_per_hari(session),
    )


def bandingkan(session: Session, rekap: Rekap) -> Selisih:
    """List every stored summary value that differs from the recomputed one."""
    out = Selisih()
    pasangan = [
        ("ringkasan", rekap.ringkasan, queries.ringkasan_frame(session), KUNCI),
        (
            "ringkasan_wilayah",
            rekap.ringkasan_wilayah,
            queries.ringkasan_wilayah_frame(session),
            ["wilayah_kode"],
        ),
        (
            "kebutuhan",
            rekap.kebutuhan,
            queries.kebutuhan_frame(session, tersedia=True),
            ["tps_id", "jenis_kode"],
        ),
        ("tps", rekap.tps, queries.tps_frame(session, penghitung=True), ["id"]),
        (
            "ringkasan_harian",
            rekap.harian,
            queries.ringkasan_harian_frame(session),
            ["wilayah_kode", "jenis_kode", "tahap", "tanggal"],
        ),
    ]
    for tabel, harus, ada, kunci in pasangan:
        nilai = [c for c in harus.columns if c not in kunci]
        m = harus.merge(ada, on=kunci, how="outer", suffixes=("_harus", "_ada"), indicator=True)
        for c in nilai:
            m[f"{c}_harus"] = m[f"{c}_harus"].fillna(0)
            m[f"{c}_ada"] = m[f"{c}_ada"].fillna(0)
        beda = m["_merge"] != "both"
        for c in nilai:
            beda |= m[f"{c}_harus"] != m[f"{c}_ada"]
        for row in m[beda].to_dict("records"):
            kunci_nilai = {k: row[k] for k in kunci}
            if row["_merge"] != "both":
                status = "tidak ada" if row["_merge"] == "left_only" else "berlebih"
                out.baris.append({"tabel": tabel, **kunci_nilai, "kolom": "(baris)", "ada": status})
                continue
            for c in nilai:
                if row[f"{c}_harus"] != row[f"{c}_ada"]:
                    out.baris.append(
                        {
                            "tabel": tabel,
                            **kunci_nilai,
                            "kolom": c,
                            "ada": int(row[f"{c}_ada"]),
                            "harus": int(row[f"{c}_harus"]),
                        }
                    )
    return out


def tulis_rekap(session: Session, rekap: Rekap) -> None:
    """Replace every stored summary with the recomputed one (bulk, for builds and repairs)."""
    r = models.Ringkasan
    w = models.RingkasanWilayah
    h = models.RingkasanHarian
    for model, df in ((r, rekap.ringkasan), (w, rekap.ringkasan_wilayah), (h, rekap.harian)):
        session.execute(model.__table__.delete())
        sisip_massal(session, model.__table__, df)
    k = models.Kebutuhan
    keb = rekap.kebutuhan.rename(columns={"tps_id": "b_tps", "jenis_kode": "b_jenis"})
    session.connection().execute(
        update(k.__table__)
        .where(and_(k.tps_id == bindparam("b_tps"), k.jenis_kode == bindparam("b_jenis")))
        .values(tersedia=bindparam("tersedia")),
        keb[["b_tps", "b_jenis", "tersedia"]].to_dict("records"),
    )
    t = models.Tps
    session.connection().execute(
        update(t.__table__)
        .where(t.id == bindparam("b_id"))
        .values(
            jenis_dibutuhkan=bindparam("jenis_dibutuhkan"),
            jenis_terpenuhi=bindparam("jenis_terpenuhi"),
        ),
        rekap.tps.rename(columns={"id": "b_id"}).to_dict("records"),
    )


def hitung_ulang(session: Session, pemilihan: Pemilihan, *, terapkan: bool = True) -> Selisih:
    """Recompute every summary from the ledger, report disagreements, and repair them."""
    rekap = rekap_dari_db(session, pemilihan)
    selisih = bandingkan(session, rekap)
    if selisih and terapkan:
        tulis_rekap(session, rekap)
    return selisih


def jumlah_mutasi(session: Session) -> int:
    """Return how many ledger entries there are."""
    return int(session.scalar(select(func.count()).select_from(models.Mutasi)) or 0)
