"""Evaluation of a finished campaign: on time against the plan, shortages and how long they
lasted, damage, wrong type, incidents and their closing time, re-votes and findings, and the
five principles per kab/kota. Definitions: docs/evaluasi.md.

Pure pandas: frames in, frames and frozen dataclasses out. The hops are those of the chain
(gudang → PPK, PPK → PPS, PPS → TPS); a hop's deadline is the last day of its window in the
H-minus plan (`domain.rencana.JADWAL_TAHAP`), to the end of that day in WIB.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.domain.buku_besar import Tahap
from dashboard.domain.isian import Galat, teks
from dashboard.domain.kelas import kelas_indeks
from dashboard.domain.kesiapan import BAGIAN, LABEL_BAGIAN, AturanKesiapan, indeks_dari_skor
from dashboard.domain.kesiapan import indeks_kesiapan as _indeks_kesiapan
from dashboard.domain.rencana import JADWAL_TAHAP
from dashboard.domain.waktu import WIB

TAHAP_EVALUASI: tuple[Tahap, ...] = (Tahap.PPK, Tahap.PPS, Tahap.TPS)
LABEL_RUAS = {Tahap.PPK: "Gudang → PPK", Tahap.PPS: "PPK → PPS", Tahap.TPS: "PPS → TPS"}
# What good stock each ledger entry adds at its place (arrivals in good condition and
# replacements in, damage found later, losses and wrong type out).
_EFEK_BAIK_PENYESUAIAN = {"pengganti": 1, "rusak": -1, "hilang": -1, "salah_jenis": -1}

JENIS_TEMUAN = {
    "psu": "PSU (pemungutan suara ulang)",
    "psl": "PSL (pemungutan suara lanjutan)",
    "pss": "PSS (pemungutan suara susulan)",
    "temuan": "Temuan pengawas",
}
PEMUNGUTAN_ULANG = ("psu", "psl", "pss")
MAKS_KETERANGAN = 1000
MAKS_TPS = 100_000


def batas_tahap(hari_pemungutan: dt.date, jadwal: Mapping[str, Sequence[int]], tahap: Tahap) -> (
    pd.Timestamp
):  # fmt: skip
    """Return the first moment after a hop's deadline (UTC): midnight WIB after the last day
    of its window in the plan. Goods arriving before it arrived on time."""
    akhir = int(jadwal[JADWAL_TAHAP[tahap]][1])
    hari = hari_pemungutan + dt.timedelta(days=akhir + 1)
    return pd.Timestamp(dt.datetime.combine(hari, dt.time(0), WIB)).tz_convert("UTC")


def tahap_lewat_tenggat(
    batas: Mapping[Tahap, pd.Timestamp], acuan: dt.date
) -> tuple[str, ...]:  # fmt: skip
    """The hops whose deadline has passed by the start of `acuan` (the campaign's day): only
    they can be judged on time. A finished campaign has them all; a running one at H-3 only
    gudang → PPK, not the hops still under way."""
    mulai_hari = pd.Timestamp(dt.datetime.combine(acuan, dt.time(0), WIB)).tz_convert("UTC")
    return tuple(str(t) for t, b in batas.items() if b <= mulai_hari)


def kebutuhan_lokasi(kebutuhan: pd.DataFrame) -> pd.DataFrame:
    """Spread the per-TPS needs over every place of every hop evaluated.

    `kebutuhan`: tps_id, desa_kode, jenis_kode, jumlah. Returns tahap, lokasi, kabkota_kode,
    jenis_kode, kebutuhan: a PPK's need is its kecamatan's, a PPS's its desa's, a TPS's its own.
    """
    keping = []
    for tahap in TAHAP_EVALUASI:
        if tahap is Tahap.TPS:
            lokasi = kebutuhan["tps_id"].astype("int64").astype(str)
        elif tahap is Tahap.PPS:
            lokasi = kebutuhan["desa_kode"]
        else:
            lokasi = kebutuhan["desa_kode"].str[:8]
        keping.append(
            pd.DataFrame(
                {
                    "tahap": str(tahap),
                    "lokasi": lokasi,
                    "kabkota_kode": kebutuhan["desa_kode"].str[:5],
                    "jenis_kode": kebutuhan["jenis_kode"],
                    "kebutuhan": kebutuhan["jumlah"].astype("int64"),
                }
            )
        )
    kolom = ["tahap", "lokasi", "kabkota_kode", "jenis_kode"]
    semua = pd.concat(keping, ignore_index=True)
    return semua.groupby(kolom, as_index=False)["kebutuhan"].sum()


def siapkan_buku(buku: pd.DataFrame) -> pd.DataFrame:
    """Give ledger rows of the hops evaluated their place (`lokasi`: a TPS's id, else the
    region) and their effect on good stock there.

    `buku`: tahap, wilayah_kode, tps_id, jenis_kode, jenis_mutasi, kondisi, alasan, waktu,
    jumlah (signed: a reversing entry counts negative).
    """
    b = buku[buku["tahap"].isin([str(t) for t in TAHAP_EVALUASI])].copy()
    b["waktu"] = pd.to_datetime(b["waktu"], utc=True)
    lokasi_tps = b["tps_id"].astype("Int64").astype(str)
    b["lokasi"] = b["wilayah_kode"].where(b["tahap"] != str(Tahap.TPS), lokasi_tps)
    tiba = b["jenis_mutasi"] == "terima"
    baik = tiba & (b["kondisi"] == "baik")
    faktor = b["alasan"].map(_EFEK_BAIK_PENYESUAIAN).fillna(0).astype("int64")
    faktor = faktor.where(b["jenis_mutasi"] == "penyesuaian", 0)
    b["tiba"] = b["jumlah"].where(tiba, 0).astype("int64")
    b["efek_baik"] = (b["jumlah"].where(baik, 0) + b["jumlah"] * faktor).astype("int64")
    return b


def _batas_baris(tahap: pd.Series, batas: Mapping[Tahap, pd.Timestamp]) -> pd.Series:
    return tahap.map({str(t): v for t, v in batas.items()})


def _rerata_jenis(df: pd.DataFrame, kunci: list[str], pembilang: str) -> pd.DataFrame:
    """Per `kunci` + item: Σ pembilang / Σ need; then the mean over items (each item weighs
    the same, as in the readiness index)."""
    per_jenis = df.groupby([*kunci, "jenis_kode"], as_index=False)[[pembilang, "kebutuhan"]].sum()
    per_jenis = per_jenis[per_jenis["kebutuhan"] > 0]
    per_jenis["porsi"] = per_jenis[pembilang] / per_jenis["kebutuhan"]
    return per_jenis.groupby(kunci, as_index=False)["porsi"].mean()


def tepat_waktu(
    kebutuhan: pd.DataFrame,
    buku: pd.DataFrame,
    batas: Mapping[Tahap, pd.Timestamp],
    dinilai: Sequence[str] | None = None,
) -> pd.DataFrame:
    """On time per kab/kota and hop, and for the province ("" as kabkota_kode).

    `dinilai`: the hops whose deadline has passed (`tahap_lewat_tenggat`; None: all). Another
    hop is not judged yet: its tepat_waktu is NaN and nothing of it is late; tiba_akhir is what
    has arrived so far.

    `kebutuhan`: from `kebutuhan_lokasi`; `buku`: from `siapkan_buku`. Per place and item the
    arrivals (any condition) before the deadline count up to the place's need, so a surplus at
    one PPS never hides a gap at another. Returns kabkota_kode, tahap, tepat_waktu (share by
    the deadline), tiba_akhir (share by the end), terlambat_hari (the latest arrival's days
    after the deadline, 0 if none was late).
    """
    b = buku[buku["tiba"] != 0]
    tepat = b["waktu"] < _batas_baris(b["tahap"], batas)
    kunci = ["tahap", "lokasi", "jenis_kode"]
    per_lokasi = (
        b.assign(tepat=b["tiba"].where(tepat, 0))
        .groupby(kunci, as_index=False)[["tepat", "tiba"]]
        .sum()
    )
    df = kebutuhan.merge(per_lokasi, on=kunci, how="left").fillna({"tepat": 0, "tiba": 0})
    df["tepat"] = df[["tepat", "kebutuhan"]].min(axis=1).clip(lower=0)
    df["tiba"] = df[["tiba", "kebutuhan"]].min(axis=1).clip(lower=0)
    provinsi = df.assign(kabkota_kode="")
    hasil = []
    for bagian in (df, provinsi):
        w = _rerata_jenis(bagian, ["kabkota_kode", "tahap"], "tepat").rename(
            columns={"porsi": "tepat_waktu"}
        )
        a = _rerata_jenis(bagian, ["kabkota_kode", "tahap"], "tiba").rename(
            columns={"porsi": "tiba_akhir"}
        )
        hasil.append(w.merge(a, on=["kabkota_kode", "tahap"]))
    out = pd.concat(hasil, ignore_index=True)
    telat = b[~tepat & (b["tiba"] > 0)]
    tgl = telat["waktu"].dt.tz_convert(WIB).dt.normalize()
    batas_tgl = (_batas_baris(telat["tahap"], batas) - pd.Timedelta(days=1)).dt.tz_convert(WIB)
    hari = (tgl - batas_tgl.dt.normalize()).dt.days
    telat = telat.assign(hari=hari, kabkota_kode=telat["wilayah_kode"].str[:5])
    maks = pd.concat(
        [
            telat.groupby(["kabkota_kode", "tahap"], as_index=False)["hari"].max(),
            telat.assign(kabkota_kode="")
            .groupby(["kabkota_kode", "tahap"], as_index=False)["hari"]
            .max(),
        ]
    )
    out = out.merge(maks, on=["kabkota_kode", "tahap"], how="left")
    out["terlambat_hari"] = out["hari"].fillna(0).astype("int64")
    if dinilai is not None:
        belum = ~out["tahap"].isin(list(dinilai))
        out.loc[belum, "tepat_waktu"] = float("nan")
        out.loc[belum, "terlambat_hari"] = 0
    return out.drop(columns=["hari"]).sort_values(["kabkota_kode", "tahap"], ignore_index=True)


def kekurangan(
    kebutuhan: pd.DataFrame,
    buku: pd.DataFrame,
    batas: Mapping[Tahap, pd.Timestamp],
    dinilai: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Shortages per place and item of each hop, from its deadline on (only the hops in
    `dinilai`, whose deadline has passed; None: all).

    Good stock at a place = arrivals in good condition + replacements − damage found − lost −
    wrong type (forwarding does not lower it: what the place received is judged). A place is
    short from its deadline if it holds less than its need then, else from the first entry
    after the deadline that takes it below its need; it is filled at the first entry after
    that which brings it back to its need. Returns tahap, lokasi, kabkota_kode, jenis_kode,
    kebutuhan, mulai (NaT: never short), terpenuhi (NaT: not filled), kurang_akhir (units).
    """
    kunci = ["tahap", "lokasi", "jenis_kode"]
    if dinilai is not None:
        kebutuhan = kebutuhan[kebutuhan["tahap"].isin(list(dinilai))]
    b = buku[buku["efek_baik"] != 0]
    sebelum = b["waktu"] < _batas_baris(b["tahap"], batas)
    saldo = b[sebelum].groupby(kunci)["efek_baik"].sum().rename("saldo")
    akhir = b.groupby(kunci)["efek_baik"].sum().rename("akhir")
    df = kebutuhan.join(saldo, on=kunci).join(akhir, on=kunci).fillna({"saldo": 0, "akhir": 0})
    df = df[df["kebutuhan"] > 0].reset_index(drop=True)
    df["batas"] = _batas_baris(df["tahap"], batas)
    df["kurang_akhir"] = (df["kebutuhan"] - df["akhir"]).clip(lower=0).astype("int64")
    # Entries after the deadline, one step per moment, with the stock after each step.
    lanjut = (
        b[~sebelum].groupby([*kunci, "waktu"], as_index=False)["efek_baik"].sum()
        .merge(df[[*kunci, "saldo", "kebutuhan"]], on=kunci)
        .sort_values([*kunci, "waktu"], ignore_index=True)
    )  # fmt: skip
    lanjut["stok"] = lanjut["saldo"] + lanjut.groupby(kunci)["efek_baik"].cumsum()
    kurang_di_batas = df["saldo"] < df["kebutuhan"]
    turun = lanjut[lanjut["stok"] < lanjut["kebutuhan"]].groupby(kunci)["waktu"].min()
    df = df.join(turun.rename("turun"), on=kunci)
    df["mulai"] = df["batas"].where(kurang_di_batas, df["turun"])
    naik = lanjut.merge(df[[*kunci, "mulai"]], on=kunci)
    naik = naik[(naik["waktu"] >= naik["mulai"]) & (naik["stok"] >= naik["kebutuhan"])]
    df = df.join(naik.groupby(kunci)["waktu"].min().rename("terpenuhi"), on=kunci)
    # A place short at the end was not filled, whatever happened in between.
    df.loc[df["kurang_akhir"] > 0, "terpenuhi"] = pd.NaT
    return df[[*kunci[:2], "kabkota_kode", "jenis_kode", "kebutuhan", "mulai", "terpenuhi",
               "kurang_akhir"]]  # fmt: skip


def ringkas_kekurangan(per_lokasi: pd.DataFrame) -> pd.DataFrame:
    """Per kab/kota and hop (and the province, ""): places×items short after the deadline,
    how many were filled, the median hours to fill them, the places×items and units still
    short at the end."""
    df = per_lokasi[per_lokasi["mulai"].notna()].copy()
    df["jam_isi"] = (df["terpenuhi"] - df["mulai"]).dt.total_seconds() / 3600
    hasil = []
    for bagian in (df, df.assign(kabkota_kode="")):
        g = bagian.groupby(["kabkota_kode", "tahap"])
        hasil.append(
            pd.DataFrame(
                {
                    "kurang": g.size(),
                    "terpenuhi": g["terpenuhi"].count(),
                    "median_jam_isi": g["jam_isi"].median(),
                    "kurang_akhir": g["kurang_akhir"].apply(lambda s: int((s > 0).sum())),
                    "kurang_akhir_unit": g["kurang_akhir"].sum(),
                }
            ).reset_index()
        )
    return pd.concat(hasil, ignore_index=True)


def kerusakan(diterima: pd.DataFrame) -> pd.DataFrame:
    """Damage on receipt per item and hop: received (any condition), light and heavy damage,
    their share. `diterima`: jenis_kode, tahap, kondisi, jumlah (arrivals from the vendor at
    the gudang and from the hop before elsewhere)."""
    p = diterima.pivot_table(
        index=["jenis_kode", "tahap"], columns="kondisi", values="jumlah", aggfunc="sum"
    )
    for k in ("baik", "rusak_ringan", "rusak_berat"):
        if k not in p.columns:
            p[k] = 0
    p = p.fillna(0).astype("int64").reset_index()
    p["diterima"] = p["baik"] + p["rusak_ringan"] + p["rusak_berat"]
    p["porsi_rusak"] = (p["rusak_ringan"] + p["rusak_berat"]) / p["diterima"].where(
        p["diterima"] > 0
    )
    return p[["jenis_kode", "tahap", "diterima", "rusak_ringan", "rusak_berat", "porsi_rusak"]]


def waktu_tutup(kejadian: pd.DataFrame, ditutup: Mapping[int, pd.Timestamp]) -> pd.Series:
    """When each closed incident was closed: the audit trail's last move to selesai where it
    has one (`ditutup`), else its last update (imported and demo incidents have no trail)."""
    dari_audit = kejadian["id"].map(ditutup)
    diperbarui = pd.to_datetime(kejadian["diperbarui_pada"], utc=True)
    pada = pd.to_datetime(dari_audit, utc=True).where(dari_audit.notna(), diperbarui)
    return pada.where(kejadian["status"] == "selesai")


def ringkas_kejadian(kejadian: pd.DataFrame, ditutup: Mapping[int, pd.Timestamp]) -> pd.DataFrame:
    """Incidents per kind: reported, closed, still open, median hours from report to close."""
    if kejadian.empty:
        return pd.DataFrame(columns=["jenis", "jumlah", "selesai", "belum", "median_jam_tutup"])
    k = kejadian.assign(tutup=waktu_tutup(kejadian, ditutup))
    k["jam"] = (k["tutup"] - pd.to_datetime(k["dilaporkan_pada"], utc=True)).dt.total_seconds()
    k["jam"] = k["jam"] / 3600
    g = k.groupby("jenis")
    out = pd.DataFrame(
        {"jumlah": g.size(), "selesai": g["tutup"].count(), "median_jam_tutup": g["jam"].median()}
    ).reset_index()
    out["belum"] = out["jumlah"] - out["selesai"]
    return out.sort_values(["jumlah", "jenis"], ascending=[False, True], ignore_index=True)[
        ["jenis", "jumlah", "selesai", "belum", "median_jam_tutup"]
    ]


def prinsip_kabkota(
    baris: pd.DataFrame,
    tepat: pd.DataFrame,
    aturan: AturanKesiapan,
    jadwal: dict[str, tuple[int, int]],
    wilayah_salah_jenis: frozenset[str],
    h: int = 0,
) -> pd.DataFrame:
    """The five principles per kab/kota at the end of the campaign (or, running, on day H`h`).

    Jumlah, jenis, sasaran and kualitas are the readiness index's own (`domain.kesiapan`) on
    the summary rows; tepat waktu, for an evaluation, is the mean over the hops judged of the
    share arrived by each hop's deadline (`tepat_waktu`), and the index is weighed again with
    it. A running campaign with no hop past its deadline keeps the live index's own tepat
    waktu (arrivals against the H-minus plan on day H`h`).
    """
    skor = _indeks_kesiapan(baris, h, jadwal, aturan, wilayah_salah_jenis, None)
    waktu = tepat[tepat["kabkota_kode"] != ""].groupby("kabkota_kode")["tepat_waktu"].mean()
    skor["waktu"] = skor["wilayah_kode"].map(waktu).fillna(skor["waktu"])
    skor["indeks"] = [
        indeks_dari_skor({b: r[b] for b in BAGIAN}, aturan) for r in skor.to_dict("records")
    ]
    skor["kelas"] = skor["indeks"].map(kelas_indeks)
    return skor


def label_bagian(bagian: str) -> str:
    """'Tepat jumlah' for 'jumlah' (a principle as the page names it)."""
    return LABEL_BAGIAN.get(bagian, bagian)


@dataclass(frozen=True)
class BarisTemuan:
    """A stored re-vote or finding, with its region's name and who entered it."""

    id: int
    pemilihan_kode: str
    wilayah_kode: str
    wilayah_nama: str
    jenis: str
    sebab_logistik: bool
    prinsip: str | None
    jumlah_tps: int
    keterangan: str
    dicatat_oleh: str | None
    dicatat_pada: dt.datetime

    def sebagai_dict(self) -> dict[str, Any]:
        """The row as an audit row's after value."""
        return {
            "pemilihan_kode": self.pemilihan_kode,
            "wilayah_kode": self.wilayah_kode,
            "jenis": self.jenis,
            "sebab_logistik": self.sebab_logistik,
            "prinsip": self.prinsip,
            "jumlah_tps": self.jumlah_tps,
            "keterangan": self.keterangan,
        }


@dataclass(frozen=True)
class HasilEvaluasi:
    """One campaign's evaluation: every table the page, the workbook and the PDF show.

    kabkota: kode, nama, the five principles, indeks, kelas, kurang_akhir_unit, salah_jenis,
      kejadian, pemungutan_ulang_logistik, tps_ulang_logistik, pemungutan_ulang, temuan.
    ruas: kabkota_kode ("" for the province), tahap, tepat_waktu, tiba_akhir, terlambat_hari,
      kurang, terpenuhi, median_jam_isi, kurang_akhir, kurang_akhir_unit.
    kerusakan: jenis_kode, nama, tahap, diterima, rusak_ringan, rusak_berat, porsi_rusak.
    salah_jenis: jenis_kode, nama, jumlah (wrong-type units over every hop).
    kejadian: jenis, jumlah, selesai, belum, median_jam_tutup.
    """

    pemilihan_kode: str
    pemilihan_nama: str
    provinsi_kode: str
    provinsi_nama: str
    hari_pemungutan: dt.date
    batas: dict[str, dt.datetime]  # hop -> first moment after its deadline (UTC)
    kabkota: pd.DataFrame
    ruas: pd.DataFrame
    kerusakan: pd.DataFrame
    salah_jenis: pd.DataFrame
    kejadian: pd.DataFrame
    temuan: tuple[BarisTemuan, ...]

    @property
    def judul(self) -> str:
        """'Pemilu 2024 — Jawa Tengah' (a column's heading when several are compared)."""
        return f"{self.pemilihan_nama} — {self.provinsi_nama}"

    @property
    def nama_berkas(self) -> str:
        """'evaluasi-pemilu2024-33': the campaign and the province, for the exports."""
        return f"evaluasi-{self.pemilihan_kode}-{self.provinsi_kode}"

    def ruas_provinsi(self) -> pd.DataFrame:
        """The per-hop figures of the whole province."""
        return self.ruas[self.ruas["kabkota_kode"] == ""].reset_index(drop=True)


# ---- re-votes and supervisory findings --------------------------------------------------------


@dataclass(frozen=True)
class IsianTemuan:
    """A re-vote or finding as typed, once every field is right (the region is checked by the
    service against the database)."""

    wilayah_kode: str
    jenis: str
    sebab_logistik: bool
    prinsip: str | None
    jumlah_tps: int
    keterangan: str


def _bool(nilai: object) -> bool | None:
    if isinstance(nilai, bool):
        return nilai
    t = teks(nilai).lower()
    if t in ("ya", "1", "true", "benar"):
        return True
    if t in ("tidak", "0", "false", "salah", ""):
        return False
    return None


def baca_isian_temuan(isian: Mapping[str, object]) -> tuple[IsianTemuan | None, list[Galat]]:
    """Read the findings form; every wrong field is named as the form labels it."""
    galat: list[Galat] = []
    kode = teks(isian.get("wilayah_kode"))
    if not kode:
        galat.append(Galat("wilayah_kode", "Wilayah wajib dipilih"))
    jenis = teks(isian.get("jenis")).lower()
    if jenis not in JENIS_TEMUAN:
        galat.append(Galat("jenis", "Jenis harus salah satu dari: PSU, PSL, PSS, Temuan pengawas"))
    sebab = _bool(isian.get("sebab_logistik"))
    if sebab is None:
        galat.append(Galat("sebab_logistik", "Sebab logistik harus Ya atau Tidak"))
    prinsip = teks(isian.get("prinsip")).lower() or None
    if prinsip is not None and prinsip not in BAGIAN:
        galat.append(
            Galat("prinsip", "Prinsip harus salah satu dari: " + ", ".join(LABEL_BAGIAN.values()))
        )
    elif sebab and prinsip is None:
        galat.append(Galat("prinsip", "Prinsip wajib dipilih bila sebabnya logistik"))
    elif sebab is False and prinsip is not None:
        galat.append(Galat("prinsip", "Prinsip hanya diisi bila sebabnya logistik"))
    mentah = teks(isian.get("jumlah_tps")).replace(".", "")
    jumlah = int(mentah) if mentah.isdigit() else None
    if jumlah is None or jumlah > MAKS_TPS:
        galat.append(Galat("jumlah_tps", "Jumlah TPS harus bilangan bulat 0 atau lebih"))
    elif jenis in PEMUNGUTAN_ULANG and jumlah < 1:
        galat.append(Galat("jumlah_tps", "Jumlah TPS PSU/PSL/PSS paling sedikit 1"))
    keterangan = teks(isian.get("keterangan"))
    if not keterangan:
        galat.append(Galat("keterangan", "Keterangan wajib diisi"))
    elif len(keterangan) > MAKS_KETERANGAN:
        galat.append(Galat("keterangan", f"Keterangan paling banyak {MAKS_KETERANGAN} karakter"))
    if galat or jumlah is None or sebab is None:
        return None, galat
    return IsianTemuan(kode, jenis, sebab, prinsip, jumlah, keterangan), []


def ringkas_temuan(temuan: pd.DataFrame) -> pd.DataFrame:
    """Per kab/kota: re-votes (PSU/PSL/PSS) with a logistics cause, their TPS, all re-votes,
    and findings. `temuan`: wilayah_kode, jenis, sebab_logistik, jumlah_tps."""
    kolom = ["kabkota_kode", "pemungutan_ulang_logistik", "tps_ulang_logistik",
             "pemungutan_ulang", "temuan"]  # fmt: skip
    if temuan.empty:
        return pd.DataFrame(columns=kolom)
    t = temuan.assign(kabkota_kode=temuan["wilayah_kode"].str[:5])
    ulang = t["jenis"].isin(PEMUNGUTAN_ULANG)
    logistik = ulang & t["sebab_logistik"].astype(bool)
    t = t.assign(
        pemungutan_ulang_logistik=logistik.astype(int),
        tps_ulang_logistik=t["jumlah_tps"].where(logistik, 0),
        pemungutan_ulang=ulang.astype(int),
        temuan=(t["jenis"] == "temuan").astype(int),
    )
    return t.groupby("kabkota_kode", as_index=False)[kolom[1:]].sum()


def angka(nilai: Any) -> float | None:
    """A share or a median as the tables show it (None for NaN)."""
    if nilai is None:
        return None
    f = float(nilai)
    return None if f != f else f


# ---- the tables as the page and the workbook show them ----------------------------------------
# (key, label, kind): kind "persen", "angka", "desimal" (hours) or "teks".

KOLOM_PRINSIP = (
    ("kode", "Kode", "teks"),
    ("nama", "Kabupaten/Kota", "teks"),
    *((b, LABEL_BAGIAN[b], "persen") for b in BAGIAN),
    ("indeks", "Indeks", "persen"),
    ("kelas", "Kelas", "teks"),
    ("kurang_akhir_unit", "Masih kurang (unit)", "angka"),
    ("salah_jenis", "Salah jenis (unit)", "angka"),
    ("kejadian", "Kejadian", "angka"),
    ("pemungutan_ulang_logistik", "PSU/PSL/PSS sebab logistik", "angka"),
    ("tps_ulang_logistik", "TPS diulang sebab logistik", "angka"),
    ("temuan", "Temuan pengawas", "angka"),
)
KOLOM_RUAS = (
    ("wilayah", "Wilayah", "teks"),
    ("ruas", "Tahap", "teks"),
    ("tenggat", "Tenggat", "teks"),
    ("tepat_waktu", "Tepat waktu", "persen"),
    ("tiba_akhir", "Tiba akhirnya", "persen"),
    ("terlambat_hari", "Terlambat paling lama (hari)", "angka"),
    ("kurang", "Kurang setelah tenggat (tempat×jenis)", "angka"),
    ("terpenuhi", "Terpenuhi kemudian", "angka"),
    ("median_jam_isi", "Median waktu terpenuhi (jam)", "desimal"),
    ("kurang_akhir_unit", "Masih kurang (unit)", "angka"),
)
KOLOM_KERUSAKAN = (
    ("nama", "Jenis logistik", "teks"),
    ("ruas", "Diterima di", "teks"),
    ("diterima", "Diterima", "angka"),
    ("rusak_ringan", "Rusak ringan", "angka"),
    ("rusak_berat", "Rusak berat", "angka"),
    ("porsi_rusak", "Rusak", "persen"),
)
KOLOM_SALAH_JENIS = (("nama", "Jenis logistik", "teks"), ("jumlah", "Salah jenis (unit)", "angka"))
KOLOM_KEJADIAN = (
    ("label", "Kategori", "teks"),
    ("jumlah", "Dilaporkan", "angka"),
    ("selesai", "Selesai", "angka"),
    ("belum", "Belum selesai", "angka"),
    ("median_jam_tutup", "Median waktu tutup (jam)", "desimal"),
)
KOLOM_TEMUAN = (
    ("wilayah", "Wilayah", "teks"),
    ("jenis", "Jenis", "teks"),
    ("sebab", "Sebab logistik", "teks"),
    ("prinsip", "Prinsip", "teks"),
    ("jumlah_tps", "TPS", "angka"),
    ("keterangan", "Keterangan", "teks"),
    ("dicatat", "Dicatat", "teks"),
)
LABEL_TERIMA = {"gudang": "Gudang (dari penyedia)", "ppk": "PPK", "pps": "PPS", "tps": "TPS"}
CATATAN_SASARAN = (
    "Salah sasaran (barang tiba di tempat yang bukan tujuannya) tidak dapat dihitung: buku "
    "besar mencatat kiriman dan penerimaan per tempat tanpa tujuan kiriman, dan tidak punya "
    "alasan 'salah sasaran'. Tepat sasaran di tabel prinsip adalah yang tiba dibanding yang "
    "dikirim (aturan indeks kesiapan)."
)


def tabel_ruas(hasil: HasilEvaluasi) -> pd.DataFrame:
    """The per-hop table with its names: the province first, then each kab/kota."""
    nama = dict(zip(hasil.kabkota["kode"], hasil.kabkota["nama"], strict=True))
    r = hasil.ruas.copy()
    r["wilayah"] = [nama.get(k, k) if k else hasil.provinsi_nama for k in r["kabkota_kode"]]
    r["ruas"] = [LABEL_RUAS[Tahap(t)] for t in r["tahap"]]
    r["tenggat"] = [
        (pd.Timestamp(hasil.batas[t]).tz_convert(WIB) - pd.Timedelta(days=1)).strftime("%d-%m-%Y")
        for t in r["tahap"]
    ]
    return r


def tabel_kerusakan(hasil: HasilEvaluasi) -> pd.DataFrame:
    """Damage on receipt with the hop named, items in catalogue order then hop order."""
    r = hasil.kerusakan.copy()
    urut = {str(t): i for i, t in enumerate(Tahap)}
    r = r.assign(_u=r["tahap"].map(urut)).sort_values(["nama", "_u"]).drop(columns="_u")
    r["ruas"] = r["tahap"].map(LABEL_TERIMA)
    return r.reset_index(drop=True)


def tabel_kejadian(hasil: HasilEvaluasi, label: Mapping[str, str]) -> pd.DataFrame:
    """Incidents per kind with the kind's label."""
    return hasil.kejadian.assign(
        label=hasil.kejadian["jenis"].map(label).fillna(hasil.kejadian["jenis"])
    )


def _wib(waktu: dt.datetime) -> dt.datetime:
    """A stored moment in WIB (SQLite hands back UTC without its zone)."""
    return (waktu if waktu.tzinfo else waktu.replace(tzinfo=dt.UTC)).astimezone(WIB)


def tabel_temuan(hasil: HasilEvaluasi) -> pd.DataFrame:
    """The re-votes and findings as rows of words."""
    return pd.DataFrame(
        [
            {
                "wilayah": f"{t.wilayah_nama} ({t.wilayah_kode})",
                "jenis": JENIS_TEMUAN.get(t.jenis, t.jenis),
                "sebab": "Ya" if t.sebab_logistik else "Tidak",
                "prinsip": LABEL_BAGIAN.get(t.prinsip or "", "–"),
                "jumlah_tps": t.jumlah_tps,
                "keterangan": t.keterangan,
                "dicatat": f"{t.dicatat_oleh or '-'}, {_wib(t.dicatat_pada):%d-%m-%Y %H.%M}",
            }
            for t in hasil.temuan
        ],
        columns=[k for k, _, _ in KOLOM_TEMUAN],
    )
