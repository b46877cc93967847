"""Quantity rules: how much of each jenis logistik a TPS (or a kab/kota gudang) needs.

The rules themselves live in data/katalog/*.toml; this module only interprets them, so that
a changed regulation is an edit to configuration, not to code. That includes the special
regions, keyed on the Kemendagri province code: an item's `tidak_berlaku_provinsi` lists the
provinces where its race is not held (DKI Jakarta elects no bupati/walikota, D.I. Yogyakarta no
governor), and an item counted `per_surat_suara` (boxes, result forms) follows the number of
ballots that apply there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

ATURAN = ("dpt", "per_tps")
BERLAKU = ("semua", "kabupaten", "kota")
TAHAP_JADWAL = ("terima_penyedia", "sortir_lipat", "gudang_ppk", "ppk_pps", "pps_tps")


@dataclass(frozen=True)
class JenisLogistik:
    """One item of the catalogue with the rule that gives its need."""

    kode: str
    nama: str
    satuan: str
    kelompok: str
    aturan: str
    persen_cadangan: Decimal = Decimal(0)
    termasuk_dptb: bool = False
    per_tps: int = 0
    per_tps_provinsi: dict[str, int] = field(default_factory=dict)
    tambahan_per_kabkota: int = 0
    berlaku: str = "semua"
    tidak_berlaku_provinsi: frozenset[str] = frozenset()
    per_surat_suara: int = 0
    warna: str = ""
    urutan: int = 0
    # Size of one unit (one `satuan`), for loading vehicles: a plan's loads are quantities
    # times these. Zero when the catalogue does not say (the item then takes no space).
    volume_liter: float = 0.0
    berat_kg: float = 0.0

    @property
    def surat_suara(self) -> bool:
        return self.aturan == "dpt"

    def berlaku_untuk(self, kota: bool, *, provinsi: str) -> bool:
        """Tell whether this item is needed in a kabupaten (kota=False) or a kota of a province.

        `provinsi` is the two-digit Kemendagri code; the special regions are keyed on it, never
        on a region's name.
        """
        if provinsi in self.tidak_berlaku_provinsi:
            return False
        return self.berlaku == "semua" or (self.berlaku == "kota") == kota

    def kebutuhan_tps(self, dpt: int, dptb: int = 0, provinsi: str = "") -> int:
        """Return the need of one TPS; a TPS with no voters needs nothing."""
        if dpt < 0 or dptb < 0:
            raise ValueError("DPT dan DPTb tidak boleh negatif")
        if dpt == 0 and dptb == 0:
            return 0
        if self.aturan == "per_tps":
            return self.per_tps_provinsi.get(provinsi, self.per_tps)
        # Reserve is a percentage of DPT, rounded up per TPS; integer arithmetic on
        # hundredths of a percent keeps 2.5% exact.
        basis = int(self.persen_cadangan * 100)
        cadangan = -(-dpt * basis // 10_000)
        return dpt + cadangan + (dptb if self.termasuk_dptb else 0)


@dataclass(frozen=True)
class AturanPemilihan:
    """An election with its polling day, TPS limits, timeline and catalogue."""

    kode: str
    nama: str
    hari_pemungutan: dt.date
    maks_pemilih_per_tps: int
    target_pemilih_per_tps: int
    jadwal: dict[str, tuple[int, int]]
    jenis: tuple[JenisLogistik, ...]

    def jenis_untuk(self, kota: bool, *, provinsi: str) -> list[JenisLogistik]:
        """Return the catalogue items that apply to a kabupaten or a kota of a province."""
        return [j for j in self.jenis if j.berlaku_untuk(kota, provinsi=provinsi)]

    def surat_suara_untuk(self, kota: bool, *, provinsi: str) -> list[JenisLogistik]:
        """Return the ballots (one per race held) in a kabupaten or a kota of a province."""
        return [j for j in self.jenis_untuk(kota, provinsi=provinsi) if j.surat_suara]

    def tanggal_h(self, h: int) -> dt.date:
        """Return the date of H+h (h negative before polling day)."""
        return self.hari_pemungutan + dt.timedelta(days=h)

    def h_minus(self, tanggal: dt.date) -> int:
        """Return the day offset of a date from polling day (negative before it)."""
        return (tanggal - self.hari_pemungutan).days


def periksa_dpt_tps(dpt: int, maks: int) -> None:
    """Refuse a TPS whose voter count breaks the election's limit."""
    if dpt < 0:
        raise ValueError("DPT per TPS tidak boleh negatif")
    if dpt > maks:
        raise ValueError(f"DPT per TPS {dpt} melebihi batas {maks} pemilih")


def bagi_pemilih_ke_tps(dpt: int, target: int, maks: int) -> list[int]:
    """Split a desa's voters over the fewest TPS of about `target` voters, none above `maks`."""
    if dpt <= 0:
        return []
    jumlah_tps = max(-(-dpt // target), -(-dpt // maks))
    dasar, sisa = divmod(dpt, jumlah_tps)
    return [dasar + (1 if i < sisa else 0) for i in range(jumlah_tps)]


def baca_pemilihan(data: dict[str, Any]) -> AturanPemilihan:
    """Build and check an election from its parsed TOML catalogue."""
    p = data.get("pemilihan") or {}
    try:
        hari = p["hari_pemungutan"]
        if isinstance(hari, str):
            hari = dt.date.fromisoformat(hari)
        jadwal = {k: (int(v[0]), int(v[1])) for k, v in (data.get("jadwal") or {}).items()}
        jenis = tuple(_baca_jenis(j, i) for i, j in enumerate(data.get("jenis") or []))
        pemilihan = AturanPemilihan(
            kode=str(p["kode"]),
            nama=str(p["nama"]),
            hari_pemungutan=hari,
            maks_pemilih_per_tps=int(p["maks_pemilih_per_tps"]),
            target_pemilih_per_tps=int(p.get("target_pemilih_per_tps", p["maks_pemilih_per_tps"])),
            jadwal=jadwal,
            jenis=jenis,
        )
    except KeyError as e:
        raise ValueError(f"Katalog tidak lengkap: kolom {e.args[0]} tidak ada") from e
    missing = [t for t in TAHAP_JADWAL if t not in pemilihan.jadwal]
    if missing:
        raise ValueError("Jadwal katalog tidak lengkap: " + ", ".join(missing))
    kode = [j.kode for j in pemilihan.jenis]
    if len(set(kode)) != len(kode):
        raise ValueError("Kode jenis logistik di katalog tidak boleh ganda")
    if not 0 < pemilihan.target_pemilih_per_tps <= pemilihan.maks_pemilih_per_tps:
        raise ValueError("target_pemilih_per_tps harus antara 1 dan maks_pemilih_per_tps")
    return replace(pemilihan, jenis=tuple(_per_surat_suara(pemilihan, j) for j in pemilihan.jenis))


def _per_surat_suara(pemilihan: AturanPemilihan, j: JenisLogistik) -> JenisLogistik:
    """Turn an item counted per ballot into per-TPS counts, province by province.

    The count follows the races held: everywhere but the provinces some item excludes it is
    the same, and in those provinces it is set as an override. A province whose kabupaten and
    kota hold a different number of races cannot be written as per-TPS counts: refused.
    """
    if not j.per_surat_suara:
        return j
    khusus = sorted(set().union(*(i.tidak_berlaku_provinsi for i in pemilihan.jenis)))

    def jumlah(provinsi: str) -> int:
        kab, kota = (
            len(pemilihan.surat_suara_untuk(kota, provinsi=provinsi)) for kota in (False, True)
        )
        if kab != kota:
            raise ValueError(
                f"{j.kode} per_surat_suara: kabupaten dan kota provinsi '{provinsi}' memilih "
                f"jumlah jenis pemilihan yang berbeda ({kab} dan {kota})"
            )
        return kab * j.per_surat_suara

    umum = jumlah("")
    if umum <= 0:
        raise ValueError(f"per_surat_suara untuk {j.kode}: katalog tidak punya surat suara")
    return replace(j, per_tps=umum, per_tps_provinsi={p: jumlah(p) for p in khusus})


def _baca_jenis(j: dict[str, Any], urutan: int) -> JenisLogistik:
    aturan = j.get("aturan")
    if aturan not in ATURAN:
        raise ValueError(f"Aturan '{aturan}' untuk {j.get('kode')} tidak dikenal")
    berlaku = j.get("berlaku", "semua")
    if berlaku not in BERLAKU:
        raise ValueError(f"Nilai berlaku '{berlaku}' untuk {j.get('kode')} tidak dikenal")
    try:
        persen = Decimal(str(j.get("persen_cadangan", "0")))
    except InvalidOperation as e:
        raise ValueError(f"persen_cadangan untuk {j.get('kode')} bukan angka") from e
    if persen < 0 or persen * 100 != int(persen * 100):
        raise ValueError(f"persen_cadangan untuk {j.get('kode')} harus >= 0, dua desimal")
    per_tps = int(j.get("per_tps", 0))
    per_surat_suara = int(j.get("per_surat_suara", 0))
    if per_surat_suara and (aturan != "per_tps" or "per_tps" in j or "per_tps_provinsi" in j):
        raise ValueError(
            f"per_surat_suara untuk {j.get('kode')} berlaku hanya untuk aturan per_tps, "
            "tanpa per_tps atau per_tps_provinsi"
        )
    if per_surat_suara < 0:
        raise ValueError(f"per_surat_suara untuk {j.get('kode')} harus lebih dari 0")
    if aturan == "per_tps" and per_tps <= 0 and not per_surat_suara:
        raise ValueError(f"per_tps untuk {j.get('kode')} harus lebih dari 0")
    ukuran = {k: _ukuran(j, k) for k in ("volume_liter", "berat_kg")}
    tanpa = j.get("tidak_berlaku_provinsi") or []
    if not isinstance(tanpa, list) or not all(_kode_provinsi(p) for p in tanpa):
        raise ValueError(
            f"tidak_berlaku_provinsi untuk {j.get('kode')} harus daftar kode provinsi dua "
            'digit, mis. ["31"]'
        )
    return JenisLogistik(
        kode=str(j["kode"]),
        nama=str(j["nama"]),
        satuan=str(j.get("satuan", "buah")),
        kelompok=str(j.get("kelompok", "perlengkapan")),
        aturan=aturan,
        persen_cadangan=persen,
        termasuk_dptb=bool(j.get("termasuk_dptb", False)),
        per_tps=per_tps,
        per_tps_provinsi={str(k): int(v) for k, v in (j.get("per_tps_provinsi") or {}).items()},
        tambahan_per_kabkota=int(j.get("tambahan_per_kabkota", 0)),
        berlaku=berlaku,
        tidak_berlaku_provinsi=frozenset(tanpa),
        per_surat_suara=per_surat_suara,
        warna=str(j.get("warna", "")),
        urutan=urutan,
        volume_liter=ukuran["volume_liter"],
        berat_kg=ukuran["berat_kg"],
    )


def _ukuran(j: dict[str, Any], kunci: str) -> float:
    nilai = j.get(kunci, 0)
    if isinstance(nilai, bool) or not isinstance(nilai, int | float) or not 0 <= nilai < 10_000:
        raise ValueError(f"{kunci} untuk {j.get('kode')} harus angka 0 sampai 10000")
    return float(nilai)


def _kode_provinsi(p: object) -> bool:
    return isinstance(p, str) and len(p) == 2 and p.isdigit()


def masa_kegiatan(pemilihan: AturanPemilihan) -> tuple[dt.date, dt.date]:
    """Return the dates between which movements may be recorded (first receipt to H+1)."""
    awal = min(a for a, _ in pemilihan.jadwal.values())
    return pemilihan.tanggal_h(awal - 30), pemilihan.tanggal_h(1)
