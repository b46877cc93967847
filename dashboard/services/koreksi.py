"""Correcting a wrong ledger entry by a reversing entry: authorised, reasoned, audited.

The original stays in the ledger; the reversal names it, has the opposite effect on every
summary and is written with its audit row in one transaction, or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import pandas as pd

from dashboard.db import koreksi as db_koreksi
from dashboard.domain.akses import alasan_tolak_tulis, lingkup_tulis
from dashboard.domain.buku_besar import Alasan, EntriMutasi, JenisMutasi, Kondisi, Tahap
from dashboard.domain.isian import Galat
from dashboard.domain.koreksi import CatatanAsli, alasan_tolak_koreksi, baca_alasan
from dashboard.extensions import cache, db
from dashboard.services.buku_besar import MutasiDitolak, catat_pembalikan
from dashboard.services.pencatatan import (
    DiLuarWewenang,
    Ditolak,
    Pelaku,
    catat_audit,
    gerbang,
    kantor,
)
from dashboard.services.tampilan import versi


@dataclass(frozen=True)
class HasilKoreksi:
    """A stored reversal: its number and the number of the entry it reverses."""

    id: int
    asli_id: int

    @property
    def pesan(self) -> str:
        return (
            f"Koreksi tercatat (nomor {self.id}): catatan nomor {self.asli_id} dibatalkan "
            "dengan catatan pembalik. Catatan asli tetap ada di riwayat."
        )


def _entri(baris: dict) -> EntriMutasi:
    waktu = baris["waktu"]
    if waktu.tzinfo is None:  # SQLite hands back naive UTC
        waktu = waktu.replace(tzinfo=dt.UTC)
    return EntriMutasi(
        jenis_mutasi=JenisMutasi(baris["jenis_mutasi"]),
        jenis_kode=baris["jenis_kode"],
        tahap=Tahap(baris["tahap"]),
        wilayah_kode=baris["wilayah_kode"],
        jumlah=int(baris["jumlah"]),
        waktu=waktu,
        client_id=baris["client_id"],
        tps_id=baris["tps_id"],
        kondisi=Kondisi(baris["kondisi"]) if baris["kondisi"] else None,
        alasan=Alasan(baris["alasan"]) if baris["alasan"] else None,
        keterangan=baris["keterangan"] or "",
    )


def koreksi(pelaku: Pelaku, mutasi_id: object, alasan: object) -> HasilKoreksi:
    """Reverse ledger entry `mutasi_id` for the reason given; raise `Ditolak` saying why not.

    Only the entry's author (from the same office) or an admin provinsi may reverse it, once;
    a reversal is never reversed. A forged request for another region raises `DiLuarWewenang`.
    """
    gerbang(pelaku)
    galat: list[Galat] = []
    try:
        alasan_teks = baca_alasan(alasan)
    except ValueError as e:
        galat.append(Galat("alasan_koreksi", str(e)))
    if isinstance(mutasi_id, bool) or not isinstance(mutasi_id, int | str):
        galat.append(Galat("", "Nomor catatan tidak sah"))
    elif not str(mutasi_id).isdigit() or len(str(mutasi_id)) > 18:
        galat.append(Galat("", "Nomor catatan tidak sah"))
    if pelaku.akun is None:
        galat.append(Galat("", "Silakan masuk terlebih dahulu; koreksi memerlukan akun."))
    if galat:
        raise Ditolak(galat)
    akun = pelaku.akun
    assert akun is not None
    if lingkup_tulis(akun, pelaku.provinsi) is None:  # a pimpinan reads only
        raise Ditolak([Galat("", alasan_tolak_tulis(akun, "", pelaku.provinsi) or "")])
    nomor = int(str(mutasi_id))
    with db.sesi_tulis() as s:
        baris = db_koreksi.catatan(s, nomor)
        if baris is None:
            raise Ditolak([Galat("", f"Catatan nomor {nomor} tidak ada")])
        asli = CatatanAsli(
            id=nomor,
            jenis_mutasi=JenisMutasi(baris["jenis_mutasi"]),
            kantor_kode=baris["kantor_kode"],
            pengguna_id=baris["pengguna_id"],
            membalik_id=baris["membalik_id"],
            dibalik_oleh=baris["dibalik_oleh"],
        )
        dari = kantor(akun, pelaku.provinsi)
        tolak = alasan_tolak_koreksi(akun, asli, dari)
        if tolak:
            raise Ditolak([Galat("", tolak)])
        wewenang = alasan_tolak_tulis(akun, baris["wilayah_kode"], pelaku.provinsi)
        if wewenang:
            raise DiLuarWewenang([Galat("kode_wilayah", wewenang)])
        m = _entri(baris)
        try:
            hasil = catat_pembalikan(
                s, m, nomor, alasan_teks, kantor_kode=dari, pengguna_id=akun.id
            )
        except MutasiDitolak as e:
            raise Ditolak([Galat("", p) for p in e.pesan]) from None
        sebelum = {k: (str(v) if v is not None else None) for k, v in asdict(m).items()}
        catat_audit(
            s,
            pelaku,
            "koreksi_mutasi",
            "mutasi",
            hasil.id,
            m.wilayah_kode,
            {"id": str(nomor), **sebelum},
            {"id": str(hasil.id), "membalik_id": str(nomor), "alasan_koreksi": alasan_teks},
        )
        return HasilKoreksi(hasil.id, nomor)


def catatan_bisa_dikoreksi(pelaku: Pelaku, batas: int = 10) -> pd.DataFrame:
    """Return the newest entries the signed-in writer may correct: an operator's own, or every
    entry in the province for an admin provinsi."""
    akun = pelaku.akun
    lingkup = lingkup_tulis(akun, pelaku.provinsi) if akun else None
    if akun is None or lingkup is None:
        return pd.DataFrame()
    pengguna = None if akun.peran == "admin_provinsi" else akun.id
    return _catatan(lingkup, pengguna, batas, versi())


@cache.memoize()
def _catatan(lingkup: str, pengguna_id: int | None, batas: int, _versi: int) -> pd.DataFrame:
    with db.sesi_baca() as s:
        return db_koreksi.catatan_untuk_koreksi(s, lingkup, pengguna_id, batas)


def uraian(pelaku: Pelaku, mutasi_id: int) -> dict | None:
    """Return one entry in the writer's scope as stored, with names (for the confirmation
    after Simpan and the correction form), or None."""
    akun = pelaku.akun
    lingkup = lingkup_tulis(akun, pelaku.provinsi) if akun else None
    if lingkup is None:
        return None
    with db.sesi_baca() as s:
        df = db_koreksi.catatan_untuk_koreksi(s, lingkup, None, 1, mutasi_id)
    return df.to_dict("records")[0] if not df.empty else None
