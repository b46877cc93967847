"""Integrity report: summaries against the ledger, stock never negative, needs against the rules."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from dashboard.db import queries
from dashboard.domain.buku_besar import SUMBANGAN_STOK_BAIK, Tahap
from dashboard.domain.kebutuhan import AturanPemilihan
from dashboard.domain.rekap import uraikan_selisih
from dashboard.domain.wilayah import adalah_kota
from dashboard.services.buku_besar import bandingkan, rekap_dari_db


@dataclass(frozen=True)
class Temuan:
    """One integrity finding: which check, and what it found."""

    pemeriksaan: str
    pesan: str


def periksa_integritas(session: Session, pemilihan: AturanPemilihan) -> list[Temuan]:
    """Run every integrity check and return what failed (empty when all is well)."""
    temuan: list[Temuan] = []
    selisih = bandingkan(session, rekap_dari_db(session, pemilihan))
    for b in selisih.baris[:50]:
        temuan.append(Temuan("ringkasan = buku besar", uraikan_selisih(b)))
    if len(selisih) > 50:
        temuan.append(Temuan("ringkasan = buku besar", f"... dan {len(selisih) - 50} lainnya"))
    temuan += _stok_negatif(session)
    temuan += _kebutuhan_sesuai_aturan(session, pemilihan)
    temuan += _dpt_tps(session, pemilihan)
    return temuan


def _stok_negatif(session: Session) -> list[Temuan]:
    """Good stock at a hop, net of what left for the next hop, is never below zero."""
    r = queries.ringkasan_frame(session)
    r = r[r["wilayah_kode"].str.len() <= 13]
    baik = sum(r[k] * v for k, v in SUMBANGAN_STOK_BAIK.items())
    r = r.assign(baik=baik)
    urutan = list(Tahap)
    out = []
    for i, tahap in enumerate(urutan[:-1]):
        sini = r[r["tahap"] == tahap][["wilayah_kode", "jenis_kode", "baik"]]
        keluar = r[r["tahap"] == urutan[i + 1]][["wilayah_kode", "jenis_kode", "dikirim"]]
        m = sini.merge(keluar, on=["wilayah_kode", "jenis_kode"])
        for row in m[m["baik"] < m["dikirim"]].itertuples():
            out.append(
                Temuan(
                    "stok tidak negatif",
                    f"{tahap.label} {row.wilayah_kode} {row.jenis_kode}: dikirim {row.dikirim} "
                    f"melebihi stok baik {row.baik}",
                )
            )
    return out


def _kebutuhan_sesuai_aturan(session: Session, pemilihan: AturanPemilihan) -> list[Temuan]:
    """Each stored need equals what the catalogue's rule gives for that TPS."""
    tps = queries.tps_aturan(session)
    keb = queries.kebutuhan_frame(session).merge(tps, on="tps_id", how="left")
    jenis = {j.kode: j for j in pemilihan.jenis}
    out = []
    for row in keb.itertuples(index=False):
        j = jenis.get(row.jenis_kode)
        if j is None or not j.berlaku_untuk(adalah_kota(row.nama_kab), provinsi=row.provinsi):
            out.append(
                Temuan(
                    "kebutuhan sesuai aturan",
                    f"TPS {row.tps_id}: {row.jenis_kode} tidak berlaku di sini",
                )
            )
            continue
        harus = j.kebutuhan_tps(int(row.dpt), int(row.dptb), row.provinsi)
        if harus != row.jumlah:
            out.append(
                Temuan(
                    "kebutuhan sesuai aturan",
                    f"TPS {row.tps_id} {row.jenis_kode}: {row.jumlah}, aturan {harus}",
                )
            )
        if len(out) >= 50:
            break
    return out


def _dpt_tps(session: Session, pemilihan: AturanPemilihan) -> list[Temuan]:
    """No TPS has more voters than the election allows."""
    rows = queries.tps_melebihi(session, pemilihan.maks_pemilih_per_tps).itertuples()
    return [
        Temuan(
            "DPT per TPS",
            f"TPS {r.nomor} di {r.desa_kode}: DPT {r.dpt} melebihi "
            f"{pemilihan.maks_pemilih_per_tps}",
        )
        for r in rows
    ]
