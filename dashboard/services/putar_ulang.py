"""Replay: the overview, a region page and the map as they stood at a past moment.

The moment T means "as recorded by T": ledger entries with `dicatat_pada` ≤ T, so a
correction recorded after T is not applied and an entry typed later for an earlier day is not
there yet — what the dashboard showed at T, not a history rewritten since. The ledger is
append-only, so that state is exact: its summaries are recomputed in memory with
`domain.rekap.hitung_rekap` (nothing is written) and the view is built by the live view's own
`tampilan.susun_wilayah`. A kab/kota or anything below it recomputes only its kab/kota; the
province (or the country) recomputes every kab/kota. The campaign's ledger is read once per
data version and cut at each T in memory. Views are cached per (region, T to the minute, data
version); the needs and plan are today's, the H-minus is T's date. Incidents
are those reported by T, with the status and severity the audit trail gives them at T.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from dashboard.db import queries
from dashboard.domain.buku_besar import KOLOM_RINGKASAN, Tahap
from dashboard.domain.rekap import KUNCI, Rekap, baris_ringkasan, hitung_rekap
from dashboard.domain.waktu import WIB
from dashboard.domain.wilayah import KODE_NASIONAL, Tingkat, dijumlah_saat_baca
from dashboard.extensions import cache, db
from dashboard.services import tampilan
from dashboard.services.kampanye import kampanye_terpilih
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.tampilan import BahanWilayah, TampilanWilayah

KOLOM_TPS = ["jumlah_tps", "dpt", "dptb", "tps_lengkap"]
SEHARI = dt.timedelta(days=1)


def ke_menit(momen: dt.datetime) -> dt.datetime:
    """The moment in WIB, cut to its minute: the grain of ?per= and of the cache."""
    if momen.tzinfo is None:
        raise ValueError("Momen tanpa zona waktu")
    return momen.astimezone(WIB).replace(second=0, microsecond=0)


def h_pada(momen: dt.datetime, hari_pemungutan: dt.date) -> int:
    """The H-minus of a moment's WIB date (negative before polling day)."""
    return (momen.astimezone(WIB).date() - hari_pemungutan).days


def ringkasan_wilayah_per(kode: str, per: dt.datetime) -> TampilanWilayah | None:
    """Return a region's view as recorded by `per` (None for an unknown code or no campaign)."""
    info = tampilan.info_kampanye()
    if info is None:
        return None
    momen = ke_menit(per)
    return _ringkasan_wilayah_per(kode, momen.isoformat(), tampilan.versi())


def kabkota_nasional_per(per: dt.datetime) -> pd.DataFrame | None:
    """Return every kab/kota of a national campaign with its figures as recorded by `per`."""
    info = tampilan.info_kampanye()
    if info is None or not info.nasional:
        return None
    return _kabkota_nasional_per(ke_menit(per).isoformat(), tampilan.versi())


@cache.memoize()
def _kabkota_nasional_per(momen_teks: str, _versi: int) -> pd.DataFrame | None:
    momen = dt.datetime.fromisoformat(momen_teks)
    with db.sesi_baca() as s:
        info = queries.info_kampanye(s)
        if info is None:
            return None
        rekap = _rekap_per(s, momen, None)
        anak = _ganti_tps(queries.kabkota_di(s, KODE_NASIONAL), rekap, "kode")
        kejadian = queries.kejadian_aktif(s, KODE_NASIONAL, sampai=momen)
        jenis = queries.jenis_logistik(s)
    baris = _kabkota(rekap.ringkasan, KODE_NASIONAL)
    h = h_pada(momen, info["hari_pemungutan"])
    return tampilan.susun_kabkota_nasional(info, anak, baris, kejadian, jenis, h)


@dataclass(frozen=True)
class RentangPutar:
    """The moments a replay can show."""

    awal: dt.date  # the WIB day of the first entry recorded
    kini: dt.datetime  # the campaign's now (WIB): from here on a replay equals the live view


def rentang_putar() -> RentangPutar | None:
    """Return the days a replay can show, or None without a campaign or without entries."""
    info = tampilan.info_kampanye()
    if info is None:
        return None
    pertama = _mutasi_pertama(tampilan.versi())
    if pertama is None:
        return None
    kini = _kini(info)
    return RentangPutar(awal=min(pertama.date(), kini.date()), kini=kini)


def _kini(info: tampilan.InfoKampanye) -> dt.datetime:
    """The campaign's now: when its newest entry was received (nothing after it yet), or the
    end of its reference day."""
    if info.data_per is not None:
        return ke_menit(_wib(info.data_per))
    return dt.datetime.combine(info.acuan, dt.time(23, 59), WIB)


def _wib(momen: dt.datetime) -> dt.datetime:
    return (momen if momen.tzinfo else momen.replace(tzinfo=dt.UTC)).astimezone(WIB)


@cache.memoize()
def _mutasi_pertama(_versi: int) -> dt.datetime | None:
    with db.sesi_baca() as s:
        pertama = queries.mutasi_pertama(s)
    return _wib(pertama) if pertama is not None else None


def momen_kemarin(per: dt.datetime | None) -> dt.datetime | None:
    """The moment a view is compared with ("dibanding kemarin"): 24 hours before `per`, or,
    live, 24 hours before the start of the campaign's current hour (so the comparison is
    recomputed at most once an hour per data version). None without a campaign, and live for a
    finished campaign (past polling day: its figures no longer move, docs/kampanye.md)."""
    if per is not None:
        return ke_menit(per) - SEHARI
    info = tampilan.info_kampanye()
    if info is None:
        return None
    if info.h > 0:
        return None
    return _kini(info).replace(minute=0) - SEHARI


@cache.memoize()
def _ringkasan_wilayah_per(kode: str, momen_teks: str, _versi: int) -> TampilanWilayah | None:
    momen = dt.datetime.fromisoformat(momen_teks)
    with db.sesi_baca() as s:
        wilayah = queries.wilayah_satu(s, kode)
        info = queries.info_kampanye(s)
        if wilayah is None or info is None:
            return None
        tingkat = int(wilayah["tingkat"])
        awalan = kode[:5] if tingkat >= Tingkat.KABKOTA else None
        rekap = _rekap_per(s, momen, awalan)
        anak = queries.anak_wilayah(s, kode)
        tps = queries.tps_desa(s, kode) if tingkat == Tingkat.DESA else pd.DataFrame()
        bahan = BahanWilayah(
            kode=kode,
            wilayah=wilayah,
            info=info,
            anak=_ganti_tps(anak, rekap, "kode"),
            baris_anak=_baris_anak(rekap, kode, anak),
            baris_diri=_baris_diri(rekap, kode),
            gudang=_gudang(rekap, kode),
            tps_diri=_tps_diri(rekap, kode),
            kejadian=queries.kejadian_aktif(s, kode, sampai=momen),
            jenis=queries.jenis_logistik(s),
            tps=_ganti_penghitung_tps(tps, rekap),
            mutasi=queries.mutasi_terbaru(s, kode, sampai=momen),
        )
    return tampilan.susun_wilayah(bahan, h_pada(momen, info["hari_pemungutan"]))


def _rekap_per(s: Session, momen: dt.datetime, awalan: str | None) -> Rekap:
    """Recompute the summaries of one kab/kota (`awalan`) or of the whole campaign from the
    ledger entries recorded by `momen`, with today's needs."""
    pemilihan = pemilihan_dari_db(s)
    versi = tampilan.versi()
    baris, tps, kebutuhan = _dasar(awalan, versi)
    buku = entri_sampai(_buku_entri(awalan, versi), momen, awalan)
    # The daily timeline is not part of these views: an empty one keeps it out of the cost.
    return hitung_rekap(baris, tps, kebutuhan, buku, pemilihan, buku.iloc[0:0])


# The ledger entries a replay reads, kept in this process per (database, campaign, data
# version, kab/kota or None for the campaign): a Pemilu province's 3 M entries take ~3 s to read
# and ~100 MB to keep — too big for the shared cache — and grouping them in SQL took 25 s at
# every moment. The lock makes concurrent first reads wait for one read, not repeat it.
_entri_proses: OrderedDict[tuple[str, str | None, int, str | None], pd.DataFrame] = OrderedDict()
_entri_kunci = threading.Lock()
ENTRI_DISIMPAN = 3  # ledgers kept: the campaign, a kab/kota, another campaign compared


def _buku_entri(awalan: str | None, versi: int) -> pd.DataFrame:
    """The campaign's ledger entries (or a kab/kota's, unless the campaign's are held), read
    once per data version: each moment then filters and sums them in memory."""
    dasar = (str(db.engine.url), kampanye_terpilih(), versi)
    with _entri_kunci:
        for kunci in ((*dasar, None), (*dasar, awalan)):
            if kunci in _entri_proses:
                _entri_proses.move_to_end(kunci)
                return _entri_proses[kunci]
        with db.sesi_baca() as s:
            entri = queries.buku_entri(s, awalan=awalan)
        _entri_proses[(*dasar, awalan)] = entri
        while len(_entri_proses) > ENTRI_DISIMPAN:
            _entri_proses.popitem(last=False)
        return entri


def entri_sampai(entri: pd.DataFrame, momen: dt.datetime, awalan: str | None) -> pd.DataFrame:
    """The entries recorded by `momen` (dicatat_pada ≤ momen), in kab/kota `awalan` and below
    when given: the ledger as it stood then, as `queries.buku_per_kelompok(sampai=...)`."""
    batas = np.datetime64(momen.astimezone(dt.UTC).replace(tzinfo=None), "us")
    pilih = entri["dicatat_pada"].to_numpy() <= batas
    if awalan is not None:
        kode = entri["wilayah_kode"]
        di_bawah = _di_bawah(kode.cat.categories.to_series(), awalan).to_numpy()
        pilih &= di_bawah[kode.cat.codes.to_numpy()] & (kode.cat.codes.to_numpy() >= 0)
    return entri[pilih]


@cache.memoize()
def _dasar(awalan: str | None, _versi: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The summary rows, TPS and needs of one kab/kota or the campaign: the same at every T,
    and reading the campaign's needs is most of a province replay's cost."""
    with db.sesi_baca() as s:
        pemilihan = pemilihan_dari_db(s)
        wilayah = queries.wilayah_kampanye(s)
        if awalan is not None:
            wilayah = wilayah[_di_bawah(wilayah["kode"], awalan)]
        tps = queries.tps_frame(s, awalan=awalan)
        kebutuhan = queries.kebutuhan_frame(s, awalan=awalan)
    return baris_ringkasan(wilayah, pemilihan), tps, kebutuhan


def _di_bawah(kode: pd.Series, awalan: str) -> pd.Series:
    return (kode == awalan) | kode.str.startswith(awalan + ".")


def _kabkota(df: pd.DataFrame, kode: str) -> pd.DataFrame:
    """The kab/kota rows of a frame under a province, or all of them under the root."""
    kab = df[df["wilayah_kode"].str.len() == 5]
    return kab if kode == KODE_NASIONAL else kab[kab["wilayah_kode"].str.startswith(kode + ".")]


def _dijumlah(df: pd.DataFrame, kode: str, kolom: list[str], per_provinsi: bool) -> pd.DataFrame:
    """Sum a province's (or the root's) kab/kota rows, as the live reads do in SQL."""
    kab = _kabkota(df, kode)
    kunci = [c for c in ("jenis_kode", "tahap") if c in df.columns]
    if per_provinsi:
        kab = kab.assign(wilayah_kode=kab["wilayah_kode"].str[:2])
        return kab.groupby(["wilayah_kode", *kunci], as_index=False)[kolom].sum()
    if not kunci:
        return kab[kolom].sum().to_frame().T.assign(wilayah_kode=kode) if len(kab) else kab
    hasil = kab.groupby(kunci, as_index=False)[kolom].sum()
    hasil.insert(0, "wilayah_kode", kode)
    return hasil


def _baris_diri(rekap: Rekap, kode: str) -> pd.DataFrame:
    r = rekap.ringkasan
    if dijumlah_saat_baca(kode):
        return _dijumlah(r, kode, list(KOLOM_RINGKASAN), per_provinsi=False)
    return r[r["wilayah_kode"] == kode].reset_index(drop=True)


def _baris_anak(rekap: Rekap, kode: str, anak: pd.DataFrame) -> pd.DataFrame:
    r = rekap.ringkasan
    if kode == KODE_NASIONAL:
        return _dijumlah(r, kode, list(KOLOM_RINGKASAN), per_provinsi=True)
    return r[r["wilayah_kode"].isin(anak["kode"])].reset_index(drop=True)


def _gudang(rekap: Rekap, kode: str) -> pd.DataFrame:
    r = rekap.ringkasan
    gudang = r[r["tahap"] == str(Tahap.GUDANG)]
    if len(kode) > 5:
        return gudang.iloc[0:0][[*KUNCI, *KOLOM_RINGKASAN]]
    if len(kode) == 5:
        return gudang[gudang["wilayah_kode"] == kode].reset_index(drop=True)
    return _kabkota(gudang, kode).reset_index(drop=True)


def _tps_diri(rekap: Rekap, kode: str) -> dict:
    rw = rekap.ringkasan_wilayah
    if dijumlah_saat_baca(kode):
        baris = _dijumlah(rw, kode, KOLOM_TPS, per_provinsi=False)
    else:
        baris = rw[rw["wilayah_kode"] == kode]
    if baris.empty:
        return {}
    return {k: int(baris.iloc[0][k]) for k in KOLOM_TPS}


def _ganti_tps(anak: pd.DataFrame, rekap: Rekap, kolom_kode: str) -> pd.DataFrame:
    """The children's complete-TPS counts as they stood then (the rest does not change)."""
    if anak.empty or "tps_lengkap" not in anak.columns:
        return anak
    rw = rekap.ringkasan_wilayah
    if (anak[kolom_kode].str.len() == 2).any():  # provinces under the root: summed
        rw = _dijumlah(rw, KODE_NASIONAL, KOLOM_TPS, per_provinsi=True)
    lengkap = rw.set_index("wilayah_kode")["tps_lengkap"]
    baru = anak[kolom_kode].map(lengkap)
    return anak.assign(tps_lengkap=baru.where(baru.notna(), anak["tps_lengkap"]))


def _ganti_penghitung_tps(tps: pd.DataFrame, rekap: Rekap) -> pd.DataFrame:
    """A desa's TPS with how many items each had complete then."""
    if tps.empty:
        return tps
    dulu = rekap.tps.set_index("id")
    return tps.assign(
        jenis_dibutuhkan=tps["id"].map(dulu["jenis_dibutuhkan"]).fillna(0).astype("int64"),
        jenis_terpenuhi=tps["id"].map(dulu["jenis_terpenuhi"]).fillna(0).astype("int64"),
    )
