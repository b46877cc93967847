"""Progress and the readiness index per region, computed from summary rows (never per-TPS rows).

The index rests on the principles of KPU distribution: tepat jumlah, waktu, sasaran, jenis and
kualitas. Weights and thresholds come from data/kesiapan.toml.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple, cast

import pandas as pd

from dashboard.domain.angka import angka_atau_kosong, format_angka, format_persen
from dashboard.domain.buku_besar import SUMBANGAN_STOK_BAIK, Tahap
from dashboard.domain.kelas import KELAS, kelas_indeks, kelas_rencana, terburuk
from dashboard.domain.kelas import LABEL_KELAS as LABEL_KELAS
from dashboard.domain.rencana import tahap_dinilai, target_tahap
from dashboard.domain.stok import CakupanStok, stok_bersih
from dashboard.domain.wilayah import KODE_NASIONAL

# The five principles; a Literal so that a row keyed by them (domain.rapat) is checked per key.
Bagian = Literal["jumlah", "waktu", "sasaran", "jenis", "kualitas"]
BAGIAN: tuple[Bagian, ...] = ("jumlah", "waktu", "sasaran", "jenis", "kualitas")
LABEL_BAGIAN = {
    "jumlah": "Tepat jumlah",
    "waktu": "Tepat waktu",
    "sasaran": "Tepat sasaran",
    "jenis": "Tepat jenis",
    "kualitas": "Tepat kualitas",
}


@dataclass(frozen=True)
class AturanKesiapan:
    """Weights per principle and thresholds of the readiness index (its classes: domain.kelas)."""

    bobot: dict[str, float]
    ambang_rusak: float
    ambang_salah_jenis: float
    batas_kejadian_salah_jenis: float


def baca_aturan_kesiapan(data: dict[str, Any]) -> AturanKesiapan:
    """Build and check the readiness rules from their parsed TOML."""
    bobot = {k: float(v) for k, v in (data.get("bobot") or {}).items()}
    if set(bobot) != set(BAGIAN):
        raise ValueError("Bobot kesiapan harus tepat untuk: " + ", ".join(BAGIAN))
    if any(v < 0 for v in bobot.values()) or abs(sum(bobot.values()) - 1) > 1e-9:
        raise ValueError("Bobot kesiapan harus tidak negatif dan berjumlah 1")
    ambang = data.get("ambang") or {}
    if "kelas" in data:
        raise ValueError("Batas kelas kesiapan satu untuk semua tampilan: domain/kelas.py")
    aturan = AturanKesiapan(
        bobot=bobot,
        ambang_rusak=float(ambang.get("rusak", 0.02)),
        ambang_salah_jenis=float(ambang.get("salah_jenis", 0.005)),
        batas_kejadian_salah_jenis=float(ambang.get("kejadian_salah_jenis", 0.5)),
    )
    if aturan.ambang_rusak <= 0 or aturan.ambang_salah_jenis <= 0:
        raise ValueError("Ambang rusak dan salah jenis harus lebih dari 0")
    return aturan


_NAN = float("nan")
_KOLOM_BARIS = (
    "wilayah_kode", "jenis_kode", "tahap", "kebutuhan", "diterima_baik",
    "diterima_rusak_ringan", "diterima_rusak_berat", "rusak", "hilang", "pengganti",
    "salah_jenis", "disortir", "dikirim", "diterima_cukup",
)  # fmt: skip


class _Baris(NamedTuple):
    """One summary row (region, item, hop) with the sums the scores are built from."""

    wilayah: str
    jenis: str
    tahap: str
    kebutuhan: float
    diterima: float  # in any condition
    rusak_diterima: float  # light or heavy damage on receipt
    rusak: float  # damage found later
    salah_jenis: float
    baik_bersih: float
    disortir: float
    dikirim: float
    diterima_cukup: float


def _baris(baris: pd.DataFrame) -> list[_Baris]:
    """Read summary rows once into plain records: a few thousand rows at most, and pandas'
    per-operation overhead made the scores the largest part of a cold page (issue 16)."""
    kolom = {k: baris[k].tolist() for k in _KOLOM_BARIS}
    rusak_diterima = (baris["diterima_rusak_ringan"] + baris["diterima_rusak_berat"]).tolist()
    diterima = (
        baris["diterima_baik"] + baris["diterima_rusak_ringan"] + baris["diterima_rusak_berat"]
    ).tolist()
    baik_bersih = stok_bersih(baris).tolist()
    return [
        _Baris(
            wilayah=w,
            jenis=j,
            tahap=str(t),
            kebutuhan=keb,
            diterima=dt,
            rusak_diterima=rd,
            rusak=r,
            salah_jenis=sj,
            baik_bersih=bb,
            disortir=ds,
            dikirim=dk,
            diterima_cukup=dc,
        )
        for w, j, t, keb, dt, rd, r, sj, bb, ds, dk, dc in zip(
            kolom["wilayah_kode"],
            kolom["jenis_kode"],
            kolom["tahap"],
            kolom["kebutuhan"],
            diterima,
            rusak_diterima,
            kolom["rusak"],
            kolom["salah_jenis"],
            baik_bersih,
            kolom["disortir"],
            kolom["dikirim"],
            kolom["diterima_cukup"],
            strict=True,
        )
    ]


def _rasio(pembilang: float, penyebut: float) -> float:
    """Ratio capped at 1; NaN where nothing is needed."""
    if not penyebut > 0:
        return _NAN
    return min(pembilang / penyebut, 1.0)


def _rerata(nilai: Sequence[float]) -> float:
    """Mean of the values that are not NaN (NaN when none is), as pandas takes it."""
    ada = [v for v in nilai if v == v]
    return sum(ada) / len(ada) if ada else _NAN


def _per_wilayah(nilai: Mapping[tuple[str, str], float]) -> dict[str, float]:
    """Mean over items of per-(region, item) values, per region."""
    kumpul: dict[str, list[float]] = {}
    for (w, _j), v in nilai.items():
        kumpul.setdefault(w, []).append(v)
    return {w: _rerata(v) for w, v in kumpul.items()}


def _jumlahkan(baris: list[_Baris], ambil: Any) -> dict[tuple[str, str], list[float]]:
    """Per (region, item): the element-wise sums of the tuple `ambil` gives for each row."""
    hasil: dict[tuple[str, str], list[float]] = {}
    for b in baris:
        nilai = ambil(b)
        ada = hasil.get((b.wilayah, b.jenis))
        if ada is None:
            hasil[(b.wilayah, b.jenis)] = list(nilai)
        else:
            for i, v in enumerate(nilai):
                ada[i] += v
    return hasil


def tahap_masuk(kode: str) -> Tahap:
    """The hop where goods enter a region: the gudang for province and kab/kota, else PPK/PPS."""
    return {2: Tahap.GUDANG, 5: Tahap.GUDANG, 8: Tahap.PPK}.get(len(kode), Tahap.PPS)


def progres_per_wilayah(baris: pd.DataFrame) -> pd.DataFrame:
    """Return per region the share of need met at each step, averaged over items.

    Stock is not among them: it is judged item by item (`domain.stok.cakupan_stok`).
    Averaging ratios per item (not summing units) keeps 4 ballot boxes from being drowned
    by 500 ballots: every jenis logistik counts the same.
    `baris`: wilayah_kode, jenis_kode, tahap and the counters of KOLOM_RINGKASAN.
    """
    rows = _baris(baris)
    kolom: dict[str, dict[str, list[float]]] = {"sortir": {}}
    for b in rows:
        if b.tahap == Tahap.GUDANG:
            sortir = _rasio(b.disortir, b.kebutuhan) if b.jenis.startswith("SS-") else _NAN
            kolom["sortir"].setdefault(b.wilayah, []).append(sortir)
        elif b.tahap in (Tahap.PPK, Tahap.PPS, Tahap.TPS):
            kolom.setdefault(f"kirim_{b.tahap}", {}).setdefault(b.wilayah, []).append(
                _rasio(b.dikirim, b.kebutuhan)
            )
            kolom.setdefault(f"terima_{b.tahap}", {}).setdefault(b.wilayah, []).append(
                _rasio(b.diterima_cukup, b.kebutuhan)
            )
    # Damage over every hop of the region: found on receipt and afterwards, per item.
    semua = _jumlahkan(rows, lambda b: (b.diterima, b.rusak_diterima + b.rusak))
    rusak = _per_wilayah({k: (v[1] / v[0] if v[0] > 0 else _NAN) for k, v in semua.items()})
    urutan = ["sortir", "rusak"] + [
        f"{arah}_{t}" for t in (Tahap.PPK, Tahap.PPS, Tahap.TPS) for arah in ("kirim", "terima")
    ]
    nilai = {k: {w: _rerata(v) for w, v in kolom.get(k, {}).items()} for k in urutan}
    nilai["rusak"] = rusak
    wilayah = sorted({w for per in nilai.values() for w in per})
    return pd.DataFrame(
        {"wilayah_kode": wilayah} | {k: [nilai[k].get(w, _NAN) for w in wilayah] for k in urutan},
        columns=["wilayah_kode", *urutan],
    )


def indeks_kesiapan(
    baris: pd.DataFrame,
    h: int,
    jadwal: dict[str, tuple[int, int]],
    aturan: AturanKesiapan,
    wilayah_salah_jenis: frozenset[str] = frozenset(),
    stok: Mapping[str, float | None] | None = None,
) -> pd.DataFrame:
    """Return per region the five principle scores (0..1), the weighted index and its class.

    `wilayah_salah_jenis`: regions with an active wrong-type incident in or below them.
    `stok`: the stock coverage (`domain.stok.cakupan_stok`) of regions holding a gudang; their
    tepat jumlah is that figure — the worst item in the worst gudang, not an average.
    """
    rows = _baris(baris)
    target = {str(t): target_tahap(h, jadwal, t) for t in Tahap}
    per_jenis: dict[tuple[str, str], dict[str, float]] = {}
    waktu: dict[tuple[str, str], list[float]] = {}
    for b in rows:
        kunci = (b.wilayah, b.jenis)
        skor = per_jenis.setdefault(kunci, {"jumlah": _NAN, "sasaran": _NAN})
        # Tepat jumlah: a gudang holds the whole need; a PPK or PPS is judged on what was sent
        # to it once sending started (lateness is tepat waktu's business, not this one's).
        if b.tahap == tahap_masuk(b.wilayah):
            if b.tahap == Tahap.GUDANG:
                skor["jumlah"] = _rasio(b.baik_bersih, b.kebutuhan)
            else:
                jumlah = _rasio(b.dikirim, b.kebutuhan) if b.dikirim > 0 else _NAN
                skor["jumlah"] = 1.0 if jumlah != jumlah else jumlah
        # Tepat waktu: arrived share against the plan at every hop with a target by now.
        if target[b.tahap] > 0:
            capai = _rasio(
                b.baik_bersih if b.tahap == Tahap.GUDANG else b.diterima_cukup, b.kebutuhan
            )
            capai = 1.0 if capai != capai else capai
            waktu.setdefault(kunci, []).append(min(capai / target[b.tahap], 1.0))
    antar = _jumlahkan(
        [b for b in rows if b.tahap != Tahap.GUDANG], lambda b: (b.dikirim, b.diterima)
    )
    for kunci, (dikirim, diterima) in antar.items():
        per_jenis[kunci]["sasaran"] = min(diterima / dikirim, 1.0) if dikirim > 0 else 1.0
    total = _jumlahkan(rows, lambda b: (b.diterima, b.rusak_diterima + b.rusak, b.salah_jenis))
    for kunci, (diterima, rusak, salah) in total.items():
        porsi_rusak = rusak / diterima if diterima > 0 else 0.0
        porsi_salah = salah / diterima if diterima > 0 else 0.0
        skor = per_jenis[kunci]
        skor["kualitas"] = max(1 - porsi_rusak / aturan.ambang_rusak, 0.0)
        skor["jenis"] = max(1 - porsi_salah / aturan.ambang_salah_jenis, 0.0)
        nilai_waktu = waktu.get(kunci)
        skor["waktu"] = sum(nilai_waktu) / len(nilai_waktu) if nilai_waktu else 1.0
    hasil: dict[str, dict[str, float]] = {}
    for bagian in BAGIAN:
        for w, v in _per_wilayah({k: s[bagian] for k, s in per_jenis.items()}).items():
            hasil.setdefault(w, {})[bagian] = v
    for kode, nilai in (stok or {}).items():
        if nilai is not None and kode in hasil:
            hasil[kode]["jumlah"] = nilai
    for kode in wilayah_salah_jenis & hasil.keys():
        hasil[kode]["jenis"] = min(hasil[kode]["jenis"], aturan.batas_kejadian_salah_jenis)
    keluaran = []
    for w in sorted(hasil):
        skor = hasil[w]
        indeks = indeks_dari_skor(skor, aturan)
        keluaran.append(
            {"wilayah_kode": w, **skor, "indeks": indeks, "kelas": kelas_indeks(indeks)}
        )
    return pd.DataFrame(keluaran, columns=["wilayah_kode", *BAGIAN, "indeks", "kelas"])


def indeks_dari_skor(skor: Mapping[str, float], aturan: AturanKesiapan) -> float:
    """Weigh the five principles' scores into the index (a principle without a score, NaN,
    adds nothing); shared by the live index and the evaluation of a finished campaign."""
    return sum((0.0 if skor[k] != skor[k] else float(skor[k])) * b for k, b in aturan.bobot.items())


def tahap_berjalan(h: int, jadwal: dict[str, tuple[int, int]]) -> str:
    """Name the step of the plan the campaign should be in on day H+h."""
    urutan = ["terima_penyedia", "sortir_lipat", "gudang_ppk", "ppk_pps", "pps_tps"]
    label = {
        "terima_penyedia": "Penerimaan dari penyedia",
        "sortir_lipat": "Sortir-lipat dan pengepakan",
        "gudang_ppk": "Distribusi gudang → PPK",
        "ppk_pps": "Distribusi PPK → PPS",
        "pps_tps": "Distribusi PPS → TPS",
    }
    if h >= 0:
        return "Hari pemungutan suara" if h == 0 else "Pasca pemungutan suara"
    berjalan = [t for t in urutan if jadwal[t][0] <= h <= jadwal[t][1]]
    if berjalan:
        return " · ".join(label[t] for t in berjalan[-2:])
    return "Persiapan"


LABEL_TAHAP_TIBA = {
    "terima_ppk": "Tiba di PPK",
    "terima_pps": "Tiba di PPS",
    "terima_tps": "Tiba di TPS",
}


@dataclass(frozen=True)
class Masalah:
    """One way a region is behind: the figure, its value, what the plan expects, in words."""

    kunci: str  # "stok" or "terima_<hop>"
    aktual: float | None
    target: float
    kelas: str
    teks: str


@dataclass(frozen=True)
class Pengecualian:
    """A region that needs attention, with every reason found."""

    kode: str
    nama: str
    indeks: float
    kelas: str
    masalah: tuple[Masalah, ...]
    kejadian: int


class AngkaWilayah(CakupanStok, total=False):
    """A region's own figures, as every view shows them (a missing key: not applicable here).

    Shares are 0..1 (None: nothing needed); the stock keys come from `domain.stok.CakupanStok`.
    """

    sortir: float | None
    rusak: float | None
    kirim_ppk: float | None
    terima_ppk: float | None
    kirim_pps: float | None
    terima_pps: float | None
    kirim_tps: float | None
    terima_tps: float | None
    jumlah: float | None
    waktu: float | None
    sasaran: float | None
    jenis: float | None
    kualitas: float | None
    indeks: float | None
    kelas: str
    stok_teks: str
    jumlah_tps: int
    dpt: int
    dptb: int
    tps_lengkap: int
    kejadian_aktif: int
    masalah: list[Masalah]


_PECAHAN = (
    "sortir",
    "rusak",
    "kirim_ppk",
    "terima_ppk",
    "kirim_pps",
    "terima_pps",
    "kirim_tps",
    "terima_tps",
    *BAGIAN,
    "indeks",
)
_CACAH = ("jumlah_tps", "dpt", "dptb", "tps_lengkap")


def angka_wilayah(
    progres: Mapping[str, Any],
    indeks: Mapping[str, Any],
    stok: Mapping[str, Any] | None,
    tps: Mapping[str, Any],
    kejadian_aktif: int,
) -> AngkaWilayah:
    """Gather a region's figures from their sources into one typed record (NaN becomes None)."""
    sumber = {**progres, **indeks}
    hasil: dict[str, Any] = {k: angka_atau_kosong(sumber[k]) for k in _PECAHAN if k in sumber}
    hasil |= {k: int(tps[k]) for k in _CACAH if k in tps}
    if "kelas" in indeks:
        hasil["kelas"] = str(indeks["kelas"])
    hasil |= dict(stok or {})
    hasil["kejadian_aktif"] = kejadian_aktif
    return cast(AngkaWilayah, hasil)


def teks_kurang(cakupan: Mapping[str, Any], nama_jenis: Mapping[str, str]) -> str:
    """'kurang 25.411 Surat suara Bupati' (and how many other items are short)."""
    jenis = cakupan.get("jenis_terburuk")
    if not isinstance(jenis, str) or not jenis:
        return ""
    teks = f"kurang {format_angka(cakupan.get('kurang_terburuk'))} {nama_jenis.get(jenis, jenis)}"
    lain = int(cakupan.get("jenis_kurang") or 0) - 1
    return teks + (f" dan {lain} jenis lain" if lain > 0 else "")


def masalah_wilayah(
    r: Mapping[str, Any],
    tingkat: int,
    h: int,
    jadwal: dict[str, tuple[int, int]],
    nama_jenis: Mapping[str, str],
) -> list[Masalah]:
    """Every figure of a region behind its plan, judged only on the hops of its level.

    `r`: a region's figures (stok and the CakupanStok keys, terima_<hop>).
    """
    out: list[Masalah] = []
    if Tahap.GUDANG in tahap_dinilai(tingkat):
        stok = angka_atau_kosong(r.get("stok"))
        target = target_tahap(h, jadwal, Tahap.GUDANG)
        kelas = kelas_rencana(stok, target, toleransi=0.0)
        if stok is not None and kelas not in (None, "siap"):
            out.append(
                Masalah(
                    "stok",
                    stok,
                    target,
                    kelas or "kritis",
                    f"Stok gudang {format_persen(stok)}: {teks_kurang(r, nama_jenis)}",
                )
            )
    for tahap in tahap_dinilai(tingkat):
        if tahap is Tahap.GUDANG:
            continue
        kunci = f"terima_{tahap}"
        aktual = angka_atau_kosong(r.get(kunci))
        target = target_tahap(h, jadwal, tahap)
        kelas = kelas_rencana(aktual, target)
        if kelas not in (None, "siap"):
            out.append(
                Masalah(
                    kunci,
                    aktual,
                    target,
                    kelas or "kritis",
                    f"{LABEL_TAHAP_TIBA[kunci]} {format_persen(aktual, 0)}"
                    f" (rencana {format_persen(target, 0)})",
                )
            )
    return out


def kelas_wilayah(indeks: float | None, masalah: Sequence[Masalah]) -> str:
    """A region's class: that of its index, lowered to its worst figure behind plan.

    So a region short of one item, or behind at one hop, is never shown as Siap.
    """
    return terburuk(kelas_indeks(indeks), *(m.kelas for m in masalah)) or "kritis"


def daftar_pengecualian(
    anak: pd.DataFrame,
    tingkat_anak: int,
    h: int,
    jadwal: dict[str, tuple[int, int]],
    nama_jenis: Mapping[str, str],
) -> list[Pengecualian]:
    """List child regions behind plan or short of stock, worst first, each with its reasons.

    `anak`: kode, nama, indeks, kelas, kejadian_aktif and the figures `masalah_wilayah` reads.
    Incidents alone do not list a region (they have their own panel); they are named beside
    the reasons of one that is listed.
    """
    out: list[Pengecualian] = []
    for r in anak.to_dict("records"):
        masalah = masalah_wilayah(r, tingkat_anak, h, jadwal, nama_jenis)
        if not masalah:
            continue
        out.append(
            Pengecualian(
                kode=r["kode"],
                nama=r["nama"],
                indeks=float(r.get("indeks") or 0),
                kelas=kelas_wilayah(angka_atau_kosong(r.get("indeks")), masalah),
                masalah=tuple(masalah),
                kejadian=int(r.get("kejadian_aktif") or 0),
            )
        )

    def keparahan(p: Pengecualian) -> tuple[int, float, float, int]:
        celah = max((m.target - (m.aktual or 0)) for m in p.masalah)
        return (KELAS.index(p.kelas), p.indeks, -celah, -p.kejadian)

    return sorted(out, key=keparahan)


# ---- a region's figures for the views ---------------------------------------------------------


def salah_jenis_aktif(kejadian: pd.DataFrame, kode: list[str]) -> frozenset[str]:
    """Regions (among `kode`) with an active wrong-type incident in or below them."""
    if kejadian.empty:
        return frozenset()
    tempat = kejadian.loc[kejadian["jenis"] == "salah_jenis", "wilayah_kode"]
    return frozenset(
        k
        for k in kode
        if any(k == KODE_NASIONAL or t == k or t.startswith(k + ".") for t in tempat)
    )


def per_jenis(baris: pd.DataFrame, jenis: pd.DataFrame, kode: str) -> pd.DataFrame:
    """One row per item: need, good stock, damage, packed, dispatched onward, at TPS."""
    masuk = tahap_masuk(kode)
    urutan = list(Tahap)
    lanjut = urutan[urutan.index(masuk) + 1]
    b = baris.set_index(["jenis_kode", "tahap"])
    out = []
    for j in jenis.to_dict("records"):
        if (j["kode"], str(masuk)) not in b.index:
            continue
        m = b.loc[(j["kode"], str(masuk))]
        t = b.loc[(j["kode"], "tps")]
        keluar = b.loc[(j["kode"], str(lanjut))]
        out.append(
            {
                "jenis_kode": j["kode"],
                "nama": j["nama"],
                "satuan": j["satuan"],
                "warna": j["warna"],
                "kebutuhan": int(m["kebutuhan"]),
                "baik": int(sum(m[k] * v for k, v in SUMBANGAN_STOK_BAIK.items())),
                "rusak": int(m["diterima_rusak_ringan"] + m["diterima_rusak_berat"] + m["rusak"]),
                "disortir": int(m["disortir"]),
                "dikirim": int(keluar["dikirim"]),
                "tiba_tps": int(
                    t["diterima_baik"] + t["diterima_rusak_ringan"] + t["diterima_rusak_berat"]
                ),
                "kebutuhan_tps": int(t["kebutuhan"]),
            }
        )
    return pd.DataFrame(out)


def nilai_anak(
    anak: pd.DataFrame,
    baris: pd.DataFrame,
    kejadian: pd.DataFrame,
    panjang: int,
    h: int,
    jadwal: dict,
    aturan: AturanKesiapan,
    stok: Mapping[str, Mapping[str, Any]],
    tingkat_anak: int,
    nama_jenis: Mapping[str, str],
) -> pd.DataFrame:
    """Add to each region row its active incidents, stock, hop progress, index and class.

    `stok`: the stock figures (`domain.stok.CakupanStok`) of children holding a gudang.
    """
    if not kejadian.empty:
        per_anak = kejadian.groupby(kejadian["wilayah_kode"].str[:panjang]).size()
        anak["kejadian_aktif"] = anak["kode"].map(per_anak).fillna(0).astype(int)
    else:
        anak["kejadian_aktif"] = 0
    if baris.empty:
        return anak
    progres = progres_per_wilayah(baris)
    indeks = indeks_kesiapan(
        baris,
        h,
        jadwal,
        aturan,
        salah_jenis_aktif(kejadian, list(anak["kode"])),
        {k: v.get("stok") for k, v in stok.items()},
    )
    hasil = anak.merge(
        progres.merge(indeks, on="wilayah_kode"),
        left_on="kode",
        right_on="wilayah_kode",
        how="left",
    ).drop(columns=["wilayah_kode"])
    if stok:
        cakupan = pd.DataFrame.from_dict(dict(stok), orient="index")
        hasil = hasil.merge(cakupan, left_on="kode", right_index=True, how="left")
        hasil["stok_teks"] = [teks_kurang(r, nama_jenis) for r in hasil.to_dict("records")]
    hasil["kelas"] = [
        kelas_wilayah(
            angka_atau_kosong(r.get("indeks")),
            masalah_wilayah(r, tingkat_anak, h, jadwal, nama_jenis),
        )
        for r in hasil.to_dict("records")
    ]
    return hasil
