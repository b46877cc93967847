"""What the routes and fleet pages show: one kab/kota's routes with their risk grades, the
closures and hazard zones around them, its current vehicle plan; the province's list of
kab/kota with the hardest place, risky routes, fleet and plan status.

Routes themselves are cached on the road network's fingerprint (services.rute); the grades
and plan status read incidents and plans, so what is put together here is cached on the
data version.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from dashboard.db import armada as db_armada
from dashboard.db.kampanye import kampanye_aktif
from dashboard.domain.akses import alasan_tolak_tulis
from dashboard.domain.armada import (
    PilihanBerangkat,
    PilihanSinggah,
    RuteKendaraan,
    UnitKendaraan,
    kunci_singgah,
    sidik_rencana,
)
from dashboard.domain.jaringan import ALASAN_TUTUP
from dashboard.domain.waktu import format_wib
from dashboard.domain.wilayah import Tingkat, kedalaman
from dashboard.extensions import cache, db
from dashboard.services import armada, bahaya, rute, tampilan
from dashboard.services.pencatatan import Pelaku
from dashboard.services.rute import Rute


@dataclass(frozen=True)
class TampilanRute:
    """One kab/kota's routes of one hop, ready for the map and the legs table."""

    kabkota_kode: str
    nama: str
    sumber: str  # "osm" | "perkiraan"
    tahap: str  # "ppk" | "pps"
    rute: tuple[Rute, ...]  # hardest to reach first
    risiko: dict[str, str]  # destination code → aman | rawan | sangat_rawan
    teks_risiko: dict[str, str]  # destination code → the grade in words
    titik: dict[str, tuple[float, float]]  # every place drawn: code → (lat, lon)
    asal: dict[str, str]  # origins drawn (the gudang, or each PPK): code → name
    tertutup: tuple[dict[str, Any], ...]  # active closures of the kab/kota (see `_tutup`)
    bahaya: dict[str, Any]  # the province's hazard zones, GeoJSON


def tampilan_rute(kabkota_kode: str, tahap: str) -> TampilanRute | None:
    """Return one kab/kota's routes for a hop (None for a code that is not a kab/kota)."""
    if kedalaman(kabkota_kode) != Tingkat.KABKOTA or tahap not in ("ppk", "pps"):
        return None
    return _tampilan_rute(kabkota_kode, tahap, tampilan.versi())


@cache.memoize()
def _tampilan_rute(kabkota_kode: str, tahap: str, _versi: int) -> TampilanRute | None:
    semua = rute.rute_kabkota(kabkota_kode)
    if semua is None:
        return None
    pilih = tuple(r for r in semua.rute if r.tahap == tahap)
    tingkat = bahaya.tingkat_risiko_rute(kabkota_kode, pilih)
    titik: dict[str, tuple[float, float]] = {}
    for r in semua.rute:
        if r.kaki and r.kaki[0].jalur and r.kaki[-1].jalur:
            titik.setdefault(r.asal_kode, r.kaki[0].jalur[0])
            titik.setdefault(r.tujuan_kode, r.kaki[-1].jalur[-1])
    nama_ppk = {r.tujuan_kode: r.tujuan_nama for r in semua.rute if r.tahap == "ppk"}
    nama = _nama_kabkota(kabkota_kode)
    asal = (
        {kabkota_kode: f"Gudang KPU {nama}"}
        if tahap == "ppk"
        else {k: f"PPK {v}" for k, v in nama_ppk.items()}
    )
    return TampilanRute(
        kabkota_kode=kabkota_kode,
        nama=nama,
        sumber=semua.sumber,
        tahap=tahap,
        rute=pilih,
        risiko={k: t.tingkat for k, t in tingkat.items()},
        teks_risiko={k: t.teks for k, t in tingkat.items()},
        titik=titik,
        asal=asal,
        tertutup=tuple(_tutup(kabkota_kode)),
        bahaya=bahaya.lapisan(kabkota_kode[:2]),
    )


def _nama_kabkota(kode: str) -> str:
    rantai = tampilan.remah_wilayah(kode)
    return rantai[-1][1] if rantai else kode


def _tutup(kabkota_kode: str) -> list[dict[str, Any]]:
    """The kab/kota's active closures as the page lists and draws them."""
    hasil = []
    for t in rute.ruas_tertutup_aktif(kabkota_kode[:2]):
        if t.kabkota_kode != kabkota_kode:
            continue
        nama = [n for n in (t.asal_nama, t.tujuan_nama) if isinstance(n, str) and n]
        tempat = " – ".join(nama)
        pada = t.pada if isinstance(t.pada, dt.datetime) else dt.datetime.fromisoformat(str(t.pada))
        hasil.append(
            {
                "id": t.id,
                "alasan": t.alasan,
                "tempat": tempat or f"{t.asal[0]:.4f}, {t.asal[1]:.4f}",
                "keterangan": t.keterangan or ALASAN_TUTUP.get(t.alasan, t.alasan),
                "oleh": t.oleh,
                "pada": format_wib(pada),
                "titik": [t.asal, *([t.tujuan] if t.tujuan else [])],
            }
        )
    return hasil


def ringkasan_provinsi(provinsi: str) -> list[dict[str, Any]]:
    """Every kab/kota of the province: plan status (those without an accepted plan first),
    places cut off, the hardest place with the first latest departure, risky gudang → PPK
    routes, fleet ready and reserve."""
    return _ringkasan_provinsi(provinsi, tampilan.versi())


@cache.memoize()
def _ringkasan_provinsi(provinsi: str, _versi: int) -> list[dict[str, Any]]:
    status = {s.kabkota_kode: s for s in armada.status_rencana(provinsi, "ppk")}
    siap: Counter[str] = Counter()
    cadangan: Counter[str] = Counter()
    for b in armada.papan_armada(provinsi).baris:
        k = b.kendaraan
        if b.keadaan != "rusak":
            siap[k.kabkota_kode] += 1
            cadangan[k.kabkota_kode] += k.cadangan
    baris: list[dict[str, Any]] = []
    for r in rute.ringkasan_rute_provinsi(provinsi):
        tingkat = tingkat_rute_ppk(r.kabkota_kode)
        s = status.get(r.kabkota_kode)
        baris.append(
            {
                "kode": r.kabkota_kode,
                "nama": r.nama,
                "rencana_diterima": bool(s and s.ada_rencana_diterima),
                "tersulit_nama": r.tersulit_nama or None,
                "tersulit_jam": r.waktu_terlama_jam if r.tersulit_nama else math.nan,
                "tak_terjangkau": r.tak_terjangkau,
                "berangkat": (
                    format_wib(r.berangkat_pertama) if r.berangkat_pertama is not None else None
                ),
                "rawan": sum(1 for t in tingkat.values() if t.tingkat != "aman"),
                "armada_siap": siap[r.kabkota_kode],
                "cadangan": cadangan[r.kabkota_kode],
                "sumber": r.sumber,
            }
        )
    baris.sort(key=lambda b: (bool(b["rencana_diterima"]), -int(b["tak_terjangkau"]),
                              -_jam(float(b["tersulit_jam"]))))  # fmt: skip
    return baris


# Grades of the gudang → PPK routes per (database, kab/kota, data version), kept in the process
# as well: the province's list, the routes slide and the risk score all grade the same routes.
_tingkat_proses: dict[tuple[str, str, int, str | None], dict[str, bahaya.TingkatRisiko]] = {}


def tingkat_rute_ppk(kabkota_kode: str) -> dict[str, bahaya.TingkatRisiko]:
    """The risk grade of each gudang → PPK route of a kab/kota (manual grades over computed)."""
    kunci = (str(db.engine.url), kabkota_kode, tampilan.versi(), kampanye_aktif())
    ada = _tingkat_proses.get(kunci)
    if ada is None:
        semua = rute.rute_kabkota(kabkota_kode)
        ke_ppk = [x for x in (semua.rute if semua else ()) if x.tahap == "ppk"]
        ada = bahaya.tingkat_risiko_rute(kabkota_kode, ke_ppk) if ke_ppk else {}
        if len(_tingkat_proses) > 512:
            _tingkat_proses.clear()
        _tingkat_proses[kunci] = ada
    return ada


def _jam(x: float) -> float:
    return 0.0 if math.isnan(x) else (1e9 if math.isinf(x) else x)


# ---- writes from the page ---------------------------------------------------------------------


def boleh_tulis(pelaku: Pelaku, kabkota_kode: str) -> bool:
    """Whether the signed-in account may close roads and plan for this kab/kota."""
    return alasan_tolak_tulis(pelaku.akun, kabkota_kode, pelaku.provinsi) is None


def tutup_ruas(
    pelaku: Pelaku, kabkota_kode: str, titik: tuple[float, float] | None, alasan: str, ket: str
) -> int:
    """Close the roads around a point clicked on the map (audited); return the closure's id.

    Raise `Ditolak` naming what is wrong (no point chosen, no reason, out of scope).
    """
    with db.sesi_tulis() as s:
        return rute.tutup_ruas(
            s,
            pelaku,
            kabkota_kode=kabkota_kode,
            asal="" if titik is None else f"{titik[0]:.6f},{titik[1]:.6f}",
            alasan=alasan,
            keterangan=ket,
        )


def buka_ruas(pelaku: Pelaku, ruas_id: int) -> bool:
    """Open a closed road again (audited); return whether it was closed."""
    with db.sesi_tulis() as s:
        return rute.buka_ruas(s, pelaku, ruas_id)


# ---- the vehicle plan on the routes page ------------------------------------------------------


@dataclass(frozen=True)
class SinggahTampil:
    """One stop of a vehicle's trip as the plan table and its edit form show it."""

    nama: str
    perjalanan: int
    tiba: dt.datetime
    volume_liter: int
    berat_kg: int
    kode: str = ""
    kunci: str = ""  # the stop's name in the edit form (`domain.armada.kunci_singgah`)
    urutan: int = 1  # its place in its trip's order, from 1
    moda: str = "darat"  # the mode its destination needs
    bagian: str = ""  # "bagian 1 dari 2" when a destination's load is split over stops


@dataclass(frozen=True)
class KendaraanTampil:
    """One vehicle's part of the plan: its stops in order, loads, and whether it is locked."""

    kendaraan_id: int
    label: str
    jenis: str
    cadangan: bool
    siap: bool
    terkunci: bool
    berangkat: dt.datetime
    singgah: tuple[SinggahTampil, ...]


@dataclass(frozen=True)
class RencanaTampil:
    """A kab/kota's current vehicle plan for a hop: the newest proposal, else the accepted one,
    judged again on today's fleet and roads (`pelanggaran`)."""

    rencana_id: int
    status: str  # "usulan" | "diterima"
    dibuat_pada: dt.datetime
    diterima_pada: dt.datetime | None
    ada_diterima: bool  # an accepted plan exists (this one, or an older one under a proposal)
    batas: dt.datetime  # when the hop must be done by
    kendaraan: tuple[KendaraanTampil, ...]
    tidak_terlayani: tuple[tuple[str, str], ...]  # (place, why)
    pelanggaran: tuple[str, ...]
    perubahan: tuple[str, ...]
    armada: tuple[UnitKendaraan, ...] = ()  # the kab/kota's fleet, for the edit form
    sidik: str = ""  # fingerprint of the stored plan (`domain.armada.sidik_rencana`)


def rencana_terkini(kabkota_kode: str, tahap: str) -> RencanaTampil | None:
    """Return the plan the routes page shows for a kab/kota's hop (None: no plan yet)."""
    if kedalaman(kabkota_kode) != Tingkat.KABKOTA or tahap not in ("ppk", "pps"):
        return None
    return _rencana_terkini(kabkota_kode, tahap, tampilan.versi())


@cache.memoize()
def _rencana_terkini(kabkota_kode: str, tahap: str, _versi: int) -> RencanaTampil | None:
    with db.sesi_baca() as s:
        baris = db_armada.rencana_terbaru(s, kabkota_kode, tahap)
        diterima = db_armada.rencana_diterima(s, kabkota_kode, tahap)
    if baris is None:
        return None
    hasil = armada.rencana_tersimpan(baris.id)
    if hasil is None:
        return None
    r = hasil.rencana
    kal = r.kalender

    def nama(kode: str) -> str:
        t = hasil.tujuan.get(kode)
        return t.nama if t is not None else kode

    jumlah = Counter(x.kode for rk in r.rute for x in rk.singgah)
    ke_bagian: Counter[str] = Counter()

    def singgah(rk: RuteKendaraan) -> tuple[SinggahTampil, ...]:
        hasil_: list[SinggahTampil] = []
        ke: Counter[int] = Counter()
        for i, x in enumerate(rk.singgah):
            ke[x.perjalanan] += 1
            ke_bagian[x.kode] += 1
            t = hasil.tujuan.get(x.kode)
            bagian = (
                f"bagian {ke_bagian[x.kode]} dari {jumlah[x.kode]}" if jumlah[x.kode] > 1 else ""
            )
            hasil_.append(
                SinggahTampil(
                    nama(x.kode), x.perjalanan, kal.waktu(x.tiba), x.volume_liter, x.berat_kg,
                    kode=x.kode, kunci=kunci_singgah(rk.kendaraan_id, i), urutan=ke[x.perjalanan],
                    moda=t.moda if t is not None else "darat", bagian=bagian,
                )
            )  # fmt: skip
        return tuple(hasil_)

    kendaraan = []
    for rk in r.rute:
        u = hasil.kendaraan.get(rk.kendaraan_id)
        if u is None or not rk.singgah:
            continue
        kendaraan.append(
            KendaraanTampil(
                kendaraan_id=rk.kendaraan_id,
                label=u.label,
                jenis=u.jenis,
                cadangan=u.cadangan,
                siap=u.siap,
                terkunci=rk.terkunci,
                berangkat=kal.waktu(rk.berangkat),
                singgah=singgah(rk),
            )
        )
    return RencanaTampil(
        rencana_id=baris.id,
        status=baris.status,
        dibuat_pada=baris.dibuat_pada,
        diterima_pada=baris.diterima_pada,
        ada_diterima=diterima is not None,
        batas=kal.waktu(kal.batas),
        kendaraan=tuple(kendaraan),
        tidak_terlayani=tuple((nama(k), v) for k, v in sorted(r.tidak_terlayani.items())),
        pelanggaran=hasil.pelanggaran,
        perubahan=hasil.perubahan,
        armada=tuple(sorted(hasil.kendaraan.values(), key=lambda k: (k.cadangan, k.label))),
        sidik=sidik_rencana(baris.rencana),
    )


def susun_rencana(
    pelaku: Pelaku, kabkota_kode: str, tahap: str, seluruh: bool = False
) -> armada.HasilRencana:
    """Propose a plan for what is still to be delivered on this hop, or for its whole need
    when planning ahead of the window (audited)."""
    return armada.rencanakan(kabkota_kode, tahap, pelaku=pelaku, seluruh_kebutuhan=seluruh)


def terima_rencana(pelaku: Pelaku, rencana_id: int) -> None:
    """Accept the proposal shown (refused with its faults if it no longer holds)."""
    armada.terima(rencana_id, pelaku)


def sunting_rencana(
    pelaku: Pelaku,
    rencana_id: int,
    pilihan: dict[str, PilihanSinggah],
    sidik: str | None,
    berangkat: dict[int, PilihanBerangkat] | None = None,
) -> armada.HasilRencana | None:
    """Store the edit form's changes to a plan, departures included (audited); None when it
    changes nothing.

    Raise `Ditolak` with every fault (nothing stored), `DiLuarWewenang` for an account that
    may not plan for the plan's kab/kota.
    """
    return armada.sunting_formulir(rencana_id, pilihan, pelaku, berangkat=berangkat, sidik=sidik)


def rencana_ulang(pelaku: Pelaku, kabkota_kode: str, tahap: str) -> armada.HasilRencana:
    """Re-plan from the accepted plan around closed roads and vehicles out of service."""
    return armada.rencana_ulang(kabkota_kode, pelaku, tahap)


def kunci_kendaraan(pelaku: Pelaku, rencana_id: int, kendaraan_id: int, kunci: bool) -> None:
    """Lock (or unlock) one vehicle's route, so a re-plan keeps it as it is."""
    armada.kunci(rencana_id, [kendaraan_id], pelaku, terkunci=kunci)


# ---- the fleet board --------------------------------------------------------------------------


def papan(kode: str) -> armada.PapanArmada:
    """The fleet board of a province or kab/kota (cached on the data version)."""
    return armada.papan_armada(kode)


def papan_provinsi(provinsi: str) -> list[dict[str, Any]]:
    """Each kab/kota's fleet by state, with whether its gudang → PPK plan is accepted."""
    return _papan_provinsi(provinsi, tampilan.versi())


@cache.memoize()
def _papan_provinsi(provinsi: str, _versi: int) -> list[dict[str, Any]]:
    hitung: dict[str, Counter[str]] = {}
    for b in armada.papan_armada(provinsi).baris:
        c = hitung.setdefault(b.kendaraan.kabkota_kode, Counter())
        c[b.keadaan] += 1
        if b.kendaraan.cadangan:
            c["cadangan"] += 1
            c["cadangan_siap"] += b.keadaan == "siap"
    return [
        {
            "kode": s.kabkota_kode,
            "nama": s.nama,
            "rencana_diterima": s.ada_rencana_diterima,
            **{k: hitung.get(s.kabkota_kode, Counter())[k]
               for k in ("siap", "ditugaskan", "rusak", "cadangan", "cadangan_siap")},
        }
        for s in armada.status_rencana(provinsi, "ppk")
    ]  # fmt: skip


def tambah_kendaraan(pelaku: Pelaku, kabkota_kode: str, isian: dict[str, object]) -> str:
    """Add a vehicle to a kab/kota's fleet (audited); return how the words name it."""
    k = armada.tambah_kendaraan(pelaku, kabkota_kode, isian)
    return f"{k.nomor} ({k.nama})"


def ubah_status(pelaku: Pelaku, kendaraan_id: int, ke: str, alasan: str) -> str:
    """Mark a vehicle out of service (with a reason) or ready again; return its plate."""
    if ke == "rusak":
        return armada.tandai_rusak(pelaku, kendaraan_id, alasan).nomor
    return armada.tandai_siap(pelaku, kendaraan_id).nomor
