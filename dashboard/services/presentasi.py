"""Meeting figures for the presenter: collected live from the read services, or frozen.

Everything a slide, the meeting pack or a daily report shows is gathered here into one plain
JSON-safe dict. Live, it comes from the same cached services as the dashboard pages, so slides
and pages never disagree; frozen, the very same dict is stored in a snapshot row and read back,
so a frozen meeting keeps its numbers while offices keep writing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any, cast

from dashboard.db import queries, tulis
from dashboard.db.kampanye import kampanye_sesi
from dashboard.domain.akses import Akun, alasan_tolak_menulis, alasan_tolak_rapat
from dashboard.domain.distribusi import label_h
from dashboard.domain.kesiapan import tahap_berjalan
from dashboard.domain.rapat import (
    BarisWilayahRapat,
    DataRapat,
    KabkotaRuteRapat,
    KejadianRapat,
    KekuranganRapat,
    KesiapanRapat,
    LinimasaRapat,
    PerhatianRapat,
    RuteArmadaRapat,
    TargetRute,
)
from dashboard.domain.rencana import target_tahap
from dashboard.domain.waktu import WIB
from dashboard.extensions import cache, db
from dashboard.services import distribusi, risiko, stok, tampilan, tampilan_rute
from dashboard.services.pencatatan import Pelaku, catat_audit


class RapatDitolak(ValueError):
    """A meeting write (freeze, decision) refused; the message is for the user."""


def _nilai(v: Any) -> Any:
    """A JSON-safe scalar: numpy to Python, NaN to None, dates to ISO text."""
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return v


def _kesiapan(b: Mapping[str, Any]) -> KesiapanRapat:
    return {
        "indeks": _nilai(b.get("indeks")),
        "kelas": _nilai(b.get("kelas")),
        "jumlah": _nilai(b.get("jumlah")),
        "waktu": _nilai(b.get("waktu")),
        "sasaran": _nilai(b.get("sasaran")),
        "jenis": _nilai(b.get("jenis")),
        "kualitas": _nilai(b.get("kualitas")),
        "stok": _nilai(b.get("stok")),
        "stok_teks": _nilai(b.get("stok_teks")) or None,
        "sortir": _nilai(b.get("sortir")),
        "rusak": _nilai(b.get("rusak")),
        "terima_ppk": _nilai(b.get("terima_ppk")),
        "terima_pps": _nilai(b.get("terima_pps")),
        "terima_tps": _nilai(b.get("terima_tps")),
        "jumlah_tps": _nilai(b.get("jumlah_tps")),
        "tps_lengkap": _nilai(b.get("tps_lengkap")),
        "dpt": _nilai(b.get("dpt")),
        "kejadian_aktif": _nilai(b.get("kejadian_aktif")),
    }


def _wilayah(b: Mapping[str, Any]) -> BarisWilayahRapat:
    return {"kode": _nilai(b.get("kode")), "nama": _nilai(b.get("nama")), **_kesiapan(b)}


def _kejadian(b: Mapping[str, Any]) -> KejadianRapat:
    return {
        "anak_kode": _nilai(b.get("anak_kode")),
        "wilayah_nama": _nilai(b.get("wilayah_nama")),
        "judul": _nilai(b.get("judul")),
        "jenis": _nilai(b.get("jenis")),
        "keparahan": _nilai(b.get("keparahan")),
        "status": _nilai(b.get("status")),
    }


def _kekurangan(b: Mapping[str, Any], jenis: str) -> KekuranganRapat:
    return {
        "jenis": jenis,
        "kode": _nilai(b.get("kode")),
        "nama": _nilai(b.get("nama")),
        "kebutuhan": _nilai(b.get("kebutuhan")),
        "stok_bersih": _nilai(b.get("stok_bersih")),
        "kekurangan": _nilai(b.get("kekurangan")),
        "cakupan": _nilai(b.get("cakupan")),
    }


def data_rapat(provinsi: str) -> DataRapat | None:
    """Return the live meeting figures of the province (None while the database is empty)."""
    info = tampilan.info_kampanye()
    if info is None:
        return None
    return _data_rapat(provinsi, info.h, tampilan.versi())


@cache.memoize()
def _data_rapat(provinsi: str, h: int, _versi: int) -> DataRapat | None:
    info = tampilan.info_kampanye()
    r = tampilan.ringkasan_wilayah(provinsi)
    if info is None or r is None:
        return None
    kejadian = [_kejadian(k) for k in r.kejadian.to_dict("records")]
    # Every region needing attention, worst first, with what is behind (for the reports);
    # the agenda gives a slide to those behind plan or short of stock.
    perhatian: list[PerhatianRapat] = [
        {
            "kode": p.kode,
            "masalah": [[m.kunci, _nilai(m.aktual), _nilai(m.target)] for m in p.masalah],
        }
        for p in r.pengecualian
    ]
    s = stok.stok_wilayah(provinsi)
    kekurangan: list[KekuranganRapat] = []
    if s is not None:
        nama_jenis = dict(zip(s.jenis["kode"], s.jenis["nama"], strict=True))
        kurang = s.tabel[s.tabel["kekurangan"] > 0].sort_values(
            ["kekurangan", "kode"], ascending=[False, True]
        )
        kekurangan = [
            _kekurangan(b, nama_jenis.get(b["jenis_kode"], b["jenis_kode"]))
            for b in kurang.to_dict("records")
        ]
    lini = distribusi.linimasa(provinsi, info.hari_pemungutan, info.acuan, info.jadwal)
    linimasa: LinimasaRapat = {"nyata": [], "rencana": []}
    if lini is not None:
        linimasa = {
            "nyata": [
                {
                    "tahap": _nilai(b.get("tahap")),
                    "tanggal": _nilai(b.get("tanggal")),
                    "rasio": _nilai(b.get("rasio")),
                }
                for b in lini.nyata.to_dict("records")
            ],
            "rencana": [
                {
                    "tahap": _nilai(b.get("tahap")),
                    "tanggal": _nilai(b.get("tanggal")),
                    "target": _nilai(b.get("target")),
                }
                for b in lini.rencana.to_dict("records")
            ],
        }
    anak_kode = r.anak["kode"].iloc[0] if len(r.anak) else provinsi
    target: TargetRute = {
        "terima_ppk": r.target.get("terima_ppk"),
        "terima_pps": r.target.get("terima_pps"),
        "terima_tps": r.target.get("terima_tps"),
    }
    target_kabkota: TargetRute = {
        "terima_ppk": target_tahap(info.h, info.jadwal, "ppk", anak_kode),
        "terima_pps": target_tahap(info.h, info.jadwal, "pps", anak_kode),
        "terima_tps": target_tahap(info.h, info.jadwal, "tps", anak_kode),
    }
    data: DataRapat = {
        "provinsi_kode": info.provinsi_kode,
        "provinsi_nama": info.provinsi_nama,
        "pemilihan_nama": info.pemilihan_nama,
        "pemilihan_kode": info.pemilihan_kode,
        "hari_pemungutan": info.hari_pemungutan.isoformat(),
        "acuan": info.acuan.isoformat(),
        "h": info.h,
        "hminus": label_h(info.h),
        "tahap": tahap_berjalan(info.h, info.jadwal),
        "data_per": f"{info.data_per:%d-%m-%Y %H.%M} WIB" if info.data_per else None,
        "kesiapan": _kesiapan(r.total),
        "target": target,
        "target_kabkota": target_kabkota,
        "wilayah": [_wilayah(b) for b in r.anak.to_dict("records")],
        "perhatian": perhatian,
        "kejadian": kejadian,
        "kekurangan": kekurangan,
        "linimasa": linimasa,
        "dibekukan_pada": None,
        "snapshot_id": None,
    }
    rute_armada = _rute_armada(info)
    if rute_armada is not None:
        data["rute_armada"] = rute_armada
    if not info.nasional:  # the national meeting is about provinces, the register about kab/kota
        data["risiko_teratas"] = risiko.teratas(info.provinsi_kode)
    return data


def _rute_armada(info: tampilan.InfoKampanye) -> RuteArmadaRapat | None:
    """Routes and fleet of the province's kab/kota (none for a national deployment, whose
    meeting is about provinces)."""
    if info.nasional:
        return None
    papan = tampilan_rute.papan(info.provinsi_kode)
    kabkota: list[KabkotaRuteRapat] = [
        {
            "kode": b["kode"],
            "nama": b["nama"],
            "rencana_diterima": bool(b["rencana_diterima"]),
            "tersulit_nama": b["tersulit_nama"],
            # Unreachable (no leg entered, or every road closed) is said in words: JSON has no inf.
            "tersulit_jam": None if math.isinf(b["tersulit_jam"]) else _nilai(b["tersulit_jam"]),
            "tak_terjangkau": int(b["tak_terjangkau"]),
            "berangkat": b["berangkat"],
            "rawan": int(b["rawan"]),
            "armada_siap": int(b["armada_siap"]),
            "cadangan": int(b["cadangan"]),
        }
        for b in tampilan_rute.ringkasan_provinsi(info.provinsi_kode)
    ]
    return {"kabkota": kabkota, "rusak": papan.rusak, "cadangan_siap": papan.cadangan_siap}


def bekukan(provinsi: str, akun: Akun | None) -> int:
    """Freeze the current meeting figures for a meeting role; return the snapshot id."""
    alasan = alasan_tolak_rapat(akun)
    if alasan:
        raise RapatDitolak(alasan)
    return simpan_snapshot(provinsi, akun)


def simpan_snapshot(provinsi: str, akun: Akun | None) -> int:
    """Store the current meeting figures as a snapshot and return its id.

    Callers check who may do this: `bekukan` for the browser; the command line, run by whoever
    operates the server, stores them without an account. A read-only role is refused here too.
    """
    if akun is not None and (alasan := alasan_tolak_menulis(akun)):
        raise RapatDitolak(alasan)
    data = data_rapat(provinsi)
    if data is None:
        raise RapatDitolak("Basis data belum berisi data kampanye; tidak ada yang dibekukan.")
    sekarang = dt.datetime.now(dt.UTC)
    data = {**data, "dibekukan_pada": f"{sekarang.astimezone(WIB):%d-%m-%Y %H.%M} WIB"}
    with db.sesi_tulis() as s:
        snapshot_id = tulis.simpan_snapshot(
            s,
            dibuat_pada=sekarang,
            dibuat_oleh=akun.id if akun else None,
            provinsi_kode=provinsi,
            data=dict(data),
        )
        catat_audit(
            s,
            Pelaku.dari_permintaan(akun, provinsi),
            "snapshot_bekukan",
            "snapshot",
            snapshot_id,
            provinsi,
            None,
            {"dibekukan_pada": data["dibekukan_pada"]},
        )
        return snapshot_id


def muat_snapshot(snapshot_id: int) -> DataRapat | None:
    """Return a frozen snapshot's figures (None when there is no such snapshot)."""
    return _muat_snapshot(snapshot_id)


@cache.memoize()
def _muat_snapshot(snapshot_id: int) -> DataRapat | None:
    # A snapshot never changes once written, so it is cached without a data version.
    with db.sesi_baca() as s:
        data = queries.data_snapshot(s, snapshot_id)
        # Snapshots frozen before several campaigns lack their campaign: it is the one whose
        # rows the query read.
        pemilihan = kampanye_sesi(s) or ""
    if data is None:
        return None
    # The row holds the JSON that simpan_snapshot stored: a DataRapat, read back as plain JSON.
    beku = cast(DataRapat, data)
    return {"pemilihan_kode": pemilihan, **beku, "snapshot_id": snapshot_id}


def data_untuk(provinsi: str, snapshot_id: int | None) -> DataRapat | None:
    """Return a snapshot's figures when one is named, else the live ones."""
    if snapshot_id is not None:
        data = muat_snapshot(snapshot_id)
        if data is not None and data["provinsi_kode"] == provinsi:
            return data
        return None
    return data_rapat(provinsi)
