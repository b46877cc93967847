"""Summaries computed from scratch: needs and ledger rolled up to every region level.

Used by the demo build (to write the first summaries) and by `recompute` / `check` (to prove
that the incrementally kept summaries equal what the ledger says). Both paths read the
movement's effect from `domain.buku_besar.dampak`, the same function the write path uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.domain.buku_besar import (
    DITERIMA,
    KOLOM_HARIAN,
    KOLOM_RINGKASAN,
    Alasan,
    EntriMutasi,
    JenisMutasi,
    Kondisi,
    Tahap,
    dampak,
    perubahan_stok_baik,
)
from dashboard.domain.kebutuhan import AturanPemilihan
from dashboard.domain.wilayah import Tingkat, adalah_kota, pada_tingkat

# Stored summary levels: kab/kota down to desa (provinces and the country are summed on read).
PANJANG_KODE = {2: 5, 3: 8, 4: 13}
KUNCI = ["wilayah_kode", "jenis_kode", "tahap"]
KOLOM_KEJADIAN_BUKU = ["jenis_mutasi", "kondisi", "alasan"]


@dataclass(frozen=True)
class Rekap:
    """Every summary the ledger implies."""

    ringkasan: pd.DataFrame  # KUNCI + KOLOM_RINGKASAN
    ringkasan_wilayah: pd.DataFrame  # wilayah_kode, jumlah_tps, dpt, dptb, tps_lengkap
    kebutuhan: pd.DataFrame  # tps_id, jenis_kode, jumlah, tersedia
    tps: pd.DataFrame  # id, jenis_dibutuhkan, jenis_terpenuhi
    harian: pd.DataFrame  # wilayah_kode, jenis_kode, tahap, tanggal, dikirim, diterima, disortir


def baris_ringkasan(wilayah: pd.DataFrame, pemilihan: AturanPemilihan) -> pd.DataFrame:
    """Return the (region, item, hop) rows a campaign has, given its regions (all levels).

    A hop has rows at the levels that hold or contain it: gudang at kab/kota, PPK down to
    kecamatan, PPS and TPS down to desa. Items follow the kab/kota they are in (a kabupaten
    elects a bupati, a kota a walikota) and its province (the catalogue's special regions:
    DKI Jakarta elects no bupati/walikota, D.I. Yogyakarta no governor). Province and national
    rows are not stored: they are summed from the kab/kota rows when read.
    """
    kab = wilayah[wilayah["tingkat"] == 2]
    jenis_kab = pd.DataFrame(
        [
            (k, j.kode)
            for k, nama in zip(kab["kode"], kab["nama"], strict=True)
            for j in pemilihan.jenis_untuk(
                adalah_kota(nama), provinsi=pada_tingkat(k, Tingkat.PROVINSI)
            )
        ],
        columns=["kab", "jenis_kode"],
    )
    bawah = wilayah[wilayah["tingkat"] >= 2][["kode", "tingkat"]].copy()
    bawah["kab"] = bawah["kode"].str[:5]
    semua = bawah.merge(jenis_kab, on="kab")[["kode", "tingkat", "jenis_kode"]]
    batas = {Tahap.GUDANG: 2, Tahap.PPK: 3, Tahap.PPS: 4, Tahap.TPS: 4}
    keluar = [semua[semua["tingkat"] <= t].assign(tahap=str(tahap)) for tahap, t in batas.items()]
    df = pd.concat(keluar, ignore_index=True).rename(columns={"kode": "wilayah_kode"})
    return df[KUNCI].sort_values(KUNCI, ignore_index=True)


def koefisien_mutasi(kelompok: pd.DataFrame) -> pd.DataFrame:
    """Map each distinct (jenis_mutasi, kondisi, alasan) to its counters via `dampak`."""
    baris = []
    for jm, kondisi, alasan in (
        kelompok[KOLOM_KEJADIAN_BUKU].drop_duplicates().itertuples(index=False)
    ):
        delta, stok = _dampak_jenis(jm, kondisi, alasan)
        for kolom, koef in delta.items():
            baris.append((jm, kondisi, alasan, kolom, koef, 0))
        if stok:
            baris.append((jm, kondisi, alasan, "_stok", 0, stok))
    return pd.DataFrame(baris, columns=[*KOLOM_KEJADIAN_BUKU, "kolom", "koef", "koef_stok"])


def _dampak_jenis(jm: str, kondisi: object, alasan: object) -> tuple[dict[str, int], int]:
    """The counters one unit of a kind of entry adds, and its change to the good stock."""
    m = EntriMutasi(
        jenis_mutasi=JenisMutasi(jm),
        jenis_kode="",
        tahap=Tahap.GUDANG,
        wilayah_kode="",
        jumlah=1,
        waktu=dt.datetime.min,
        client_id="",
        kondisi=Kondisi(str(kondisi)) if _ada(kondisi) else None,
        alasan=Alasan(str(alasan)) if _ada(alasan) else None,
    )
    delta = dampak(m)
    return delta, perubahan_stok_baik(delta)


def _ada(v: object) -> bool:
    return v is not None and not (isinstance(v, float) and pd.isna(v))


def gulung(df: pd.DataFrame, kolom_nilai: list[str], tingkat_maks: int = 4) -> pd.DataFrame:
    """Roll per-location values up to every stored ancestor region (codes are prefixes).

    From the lowest level up, each level is summed from the one below it and the rows located
    at it, so the long per-location frame is cut to codes only once.
    """
    kunci = [c for c in [*KUNCI, "tanggal"] if c != "wilayah_kode" and c in df.columns]
    panjang = df["wilayah_kode"].str.len().to_numpy()
    hasil: dict[int, pd.DataFrame] = {}
    bawah: pd.DataFrame | None = None
    batas_atas = None
    for tingkat, n in sorted(PANJANG_KODE.items(), reverse=True):
        if tingkat > tingkat_maks:
            continue
        pilih = panjang >= n if batas_atas is None else (panjang >= n) & (panjang < batas_atas)
        sub = df[pilih]
        if bawah is not None and not bawah.empty:
            sub = pd.concat([bawah, sub], ignore_index=True)
        batas_atas = n
        if sub.empty:
            bawah = None
            continue
        bawah = (
            sub.assign(wilayah_kode=sub["wilayah_kode"].str[:n])
            .groupby(["wilayah_kode", *kunci], as_index=False)[kolom_nilai]
            .sum()
        )
        hasil[tingkat] = bawah
    if not hasil:
        return df.iloc[0:0]
    return pd.concat([hasil[t] for t in sorted(hasil)], ignore_index=True)


def hitung_rekap(
    baris: pd.DataFrame,
    tps: pd.DataFrame,
    kebutuhan: pd.DataFrame,
    buku: pd.DataFrame,
    pemilihan: AturanPemilihan,
    buku_harian: pd.DataFrame | None = None,
) -> Rekap:
    """Compute every summary from the TPS list, their needs and the grouped ledger.

    `tps`: id, desa_kode, dpt, dptb. `kebutuhan`: tps_id, jenis_kode, jumlah.
    `buku`: wilayah_kode, jenis_kode, tahap, tps_id, jenis_mutasi, kondisi, alasan, jumlah
    (already summed per group or one row per entry: the sums are linear).
    `buku_harian`: the same grouped per WIB day (column `tanggal`); derived from `buku`'s
    `waktu` column when not given.
    """
    tps_desa = tps[["id", "desa_kode"]].rename(columns={"id": "tps_id"})

    # Needs: per desa for PPS/TPS, rolled up; gudang also holds the per-kab/kota reserve.
    keb = kebutuhan.merge(tps_desa, on="tps_id")
    keb_desa = keb.groupby(["desa_kode", "jenis_kode"], as_index=False)["jumlah"].sum()
    keb_desa = keb_desa.rename(columns={"desa_kode": "wilayah_kode", "jumlah": "kebutuhan"})
    tambahan = {j.kode: j.tambahan_per_kabkota for j in pemilihan.jenis}
    gudang_ekstra = baris[(baris["tahap"] == Tahap.GUDANG) & (baris["wilayah_kode"].str.len() == 5)]
    gudang_ekstra = gudang_ekstra.assign(
        kebutuhan=gudang_ekstra["jenis_kode"].map(tambahan).fillna(0).astype("int64")
    )[["wilayah_kode", "jenis_kode", "kebutuhan"]]
    keb_rows = []
    for tahap, tingkat_maks in ((Tahap.GUDANG, 2), (Tahap.PPK, 3), (Tahap.PPS, 4), (Tahap.TPS, 4)):
        basis = keb_desa
        if tahap is Tahap.GUDANG:
            basis = pd.concat([keb_desa, gudang_ekstra], ignore_index=True)
        keb_rows.append(gulung(basis, ["kebutuhan"], tingkat_maks).assign(tahap=str(tahap)))
    keb_all = pd.concat(keb_rows, ignore_index=True)

    # Ledger: each row's counters via dampak, summed per location and rolled up; good stock
    # held per TPS and item.
    keb_tps = kebutuhan[["tps_id", "jenis_kode", "jumlah"]].copy()
    if not buku.empty:
        lebar, tersedia = jumlah_buku(buku)
        buku_all = gulung(lebar, [c for c in KOLOM_RINGKASAN if c in lebar.columns])
        keb_tps = keb_tps.merge(tersedia, on=["tps_id", "jenis_kode"], how="left")
    else:
        buku_all = pd.DataFrame(columns=KUNCI)
        keb_tps["tersedia"] = 0
    keb_tps["tersedia"] = keb_tps["tersedia"].fillna(0).astype("int64")
    keb_tps["dibutuhkan"] = keb_tps["jumlah"] > 0
    keb_tps["terpenuhi"] = keb_tps["dibutuhkan"] & (keb_tps["tersedia"] >= keb_tps["jumlah"])

    terpenuhi = keb_tps[keb_tps["terpenuhi"]].merge(tps_desa, on="tps_id")
    terpenuhi_desa = (
        terpenuhi.groupby(["desa_kode", "jenis_kode"], as_index=False)
        .size()
        .rename(columns={"desa_kode": "wilayah_kode", "size": "tps_terpenuhi"})
    )
    terpenuhi_all = gulung(terpenuhi_desa, ["tps_terpenuhi"]).assign(tahap=str(Tahap.TPS))

    ringkasan = baris[KUNCI].copy()
    for bagian in (keb_all, buku_all, terpenuhi_all):
        if bagian.empty:
            continue
        ringkasan = ringkasan.merge(bagian, on=KUNCI, how="left", suffixes=("", "_baru"))
    for k in KOLOM_RINGKASAN:
        if k not in ringkasan.columns:
            ringkasan[k] = 0
    ringkasan[list(KOLOM_RINGKASAN)] = ringkasan[list(KOLOM_RINGKASAN)].fillna(0).astype("int64")
    ringkasan["diterima_cukup"] = diterima_cukup(ringkasan)
    ringkasan = ringkasan[[*KUNCI, *KOLOM_RINGKASAN]]

    per_tps = keb_tps.groupby("tps_id").agg(
        jenis_dibutuhkan=("dibutuhkan", "sum"), jenis_terpenuhi=("terpenuhi", "sum")
    )
    t = tps.set_index("id")[["desa_kode", "dpt", "dptb"]].join(per_tps, how="left").fillna(0)
    t["lengkap"] = (t["jenis_dibutuhkan"] > 0) & (t["jenis_terpenuhi"] == t["jenis_dibutuhkan"])
    t["jumlah_tps"] = 1
    wil = gulung(
        t.rename(columns={"desa_kode": "wilayah_kode", "lengkap": "tps_lengkap"})
        .astype({"tps_lengkap": "int64"})
        .reset_index(drop=True),
        ["jumlah_tps", "dpt", "dptb", "tps_lengkap"],
    )
    kode_wilayah = pd.DataFrame({"wilayah_kode": baris["wilayah_kode"].unique()})
    wil = kode_wilayah.merge(wil, on="wilayah_kode", how="left").fillna(0)
    wil = wil.astype({c: "int64" for c in ["jumlah_tps", "dpt", "dptb", "tps_lengkap"]})

    tps_out = t.reset_index()[["id", "jenis_dibutuhkan", "jenis_terpenuhi"]].astype("int64")
    if buku_harian is None:
        buku_harian = per_hari(buku)
    return Rekap(
        ringkasan=ringkasan.sort_values(KUNCI, ignore_index=True),
        ringkasan_wilayah=wil.sort_values("wilayah_kode", ignore_index=True),
        kebutuhan=keb_tps[["tps_id", "jenis_kode", "jumlah", "tersedia"]],
        tps=tps_out,
        harian=hitung_harian(buku_harian),
    )


def jumlah_buku(buku: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum the ledger rows' counters per location (KUNCI) and their good stock per TPS and item.

    Each kind of entry (jenis_mutasi, kondisi, alasan) gets its coefficients from `dampak`
    once; rows are then summed with integer group ids, not merged, because a replay of a
    Pemilu province passes millions of them (or of small groups; the sums are linear).
    """
    jenis = buku.groupby(KOLOM_KEJADIAN_BUKU, dropna=False, observed=True, sort=False)
    id_jenis = jenis.ngroup().to_numpy()
    dampak_jenis = [_dampak_jenis(*k) for k in jenis.size().index]
    kolom = [c for c in KOLOM_RINGKASAN if any(c in d for d, _ in dampak_jenis)]
    koef = np.array([[d.get(c, 0) for c in kolom] for d, _ in dampak_jenis], dtype=np.int64)
    koef_stok = np.array([s for _, s in dampak_jenis], dtype=np.int64)
    jumlah = buku["jumlah"].to_numpy(dtype=np.int64)

    lokasi = buku.groupby(KUNCI, observed=True, sort=True)
    id_lokasi = lokasi.ngroup().to_numpy()
    lebar = _tanpa_kategori(lokasi.size().index.to_frame(index=False))
    for i, c in enumerate(kolom):
        # Float weights are exact for sums below 2**53.
        nilai = np.bincount(id_lokasi, weights=jumlah * koef[id_jenis, i], minlength=len(lebar))
        lebar[c] = nilai.round().astype(np.int64)

    stok = koef_stok[id_jenis]
    di_tps = (buku["tahap"] == str(Tahap.TPS)).to_numpy() & (stok != 0)
    tps = buku.loc[di_tps, ["tps_id", "jenis_kode"]].assign(tersedia=jumlah[di_tps] * stok[di_tps])
    tersedia = _tanpa_kategori(
        tps.groupby(["tps_id", "jenis_kode"], observed=True, as_index=False)["tersedia"].sum()
    )
    tersedia["tps_id"] = tersedia["tps_id"].astype("int64")
    return lebar, tersedia


def _tanpa_kategori(df: pd.DataFrame) -> pd.DataFrame:
    """Categorical key columns (a replay's ledger) back to plain strings, as the rest expects."""
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype(str)
    return df


def diterima_cukup(ringkasan: pd.DataFrame) -> pd.Series:
    """Σ over each row's locations of min(received, need), from rows holding every level.

    A location is a row at its hop's own level (kab/kota gudang, kecamatan PPK, desa PPS/TPS).
    """
    panjang_lokasi = {str(t): PANJANG_KODE[t.tingkat_wilayah] for t in Tahap}
    lokasi = ringkasan[
        ringkasan["wilayah_kode"].str.len() == ringkasan["tahap"].map(panjang_lokasi)
    ]
    diterima = lokasi[list(DITERIMA)].sum(axis=1).clip(lower=0)
    cukup = lokasi[KUNCI].assign(diterima_cukup=diterima.clip(upper=lokasi["kebutuhan"]))
    naik = gulung(cukup, ["diterima_cukup"])
    hasil = ringkasan[KUNCI].merge(naik, on=KUNCI, how="left")["diterima_cukup"]
    return hasil.fillna(0).astype("int64").set_axis(ringkasan.index)


KOLOM_HARIAN_TABEL = ["dikirim", "diterima", "disortir"]


def per_hari(buku: pd.DataFrame) -> pd.DataFrame:
    """Tag ledger rows (with a UTC `waktu`) with their WIB day."""
    if buku.empty:
        return buku.assign(tanggal=pd.Series(dtype=object))
    waktu = pd.to_datetime(buku["waktu"], utc=True).dt.tz_localize(None)
    return buku.assign(tanggal=(waktu + pd.Timedelta(hours=7)).dt.date)


def hitung_harian(buku_harian: pd.DataFrame) -> pd.DataFrame:
    """Daily timeline counters per kab/kota x item x hop."""
    kunci = [*KUNCI, "tanggal"]
    if buku_harian.empty:
        return pd.DataFrame(columns=[*kunci, *KOLOM_HARIAN_TABEL])
    koef = koefisien_mutasi(buku_harian)
    koef = koef[koef["kolom"].isin(KOLOM_HARIAN)]
    koef = koef.assign(kolom=koef["kolom"].map(KOLOM_HARIAN))
    b = buku_harian.merge(koef, on=KOLOM_KEJADIAN_BUKU)
    b = b.assign(nilai=b["jumlah"] * b["koef"], wilayah_kode=b["wilayah_kode"].str[:5])
    lebar = b.pivot_table(
        index=kunci, columns="kolom", values="nilai", aggfunc="sum", fill_value=0
    ).reset_index()
    lebar.columns.name = None
    for k in KOLOM_HARIAN_TABEL:
        if k not in lebar.columns:
            lebar[k] = 0
    hasil = gulung(lebar, KOLOM_HARIAN_TABEL, tingkat_maks=2)
    hasil = hasil[(hasil[KOLOM_HARIAN_TABEL] != 0).any(axis=1)]
    hasil[KOLOM_HARIAN_TABEL] = hasil[KOLOM_HARIAN_TABEL].astype("int64")
    return hasil[[*kunci, *KOLOM_HARIAN_TABEL]].sort_values(kunci, ignore_index=True)


# ---- stored against recomputed --------------------------------------------------------------


@dataclass
class Selisih:
    """Disagreements between stored summaries and those the ledger implies."""

    baris: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.baris)

    def __len__(self) -> int:
        return len(self.baris)


def selisih_tabel(
    pasangan: Sequence[tuple[str, pd.DataFrame, pd.DataFrame, list[str]]],
) -> Selisih:
    """List every stored value that differs from the recomputed one.

    `pasangan` holds (table, recomputed rows, stored rows, key columns) per summary table.
    """
    out = Selisih()
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


def uraikan_selisih(b: dict) -> str:
    """Describe one summary disagreement in a line."""
    kunci = ", ".join(
        f"{k}={v}" for k, v in b.items() if k not in ("tabel", "kolom", "ada", "harus")
    )
    if "harus" in b:
        return f"{b['tabel']} [{kunci}] {b['kolom']}: tersimpan {b['ada']}, seharusnya {b['harus']}"
    return f"{b['tabel']} [{kunci}]: baris {b['ada']}"
