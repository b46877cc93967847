"""35 operators writing at once, some resubmitting: exactly the unique entries are stored, each
with its audit row, and the summaries equal a recompute from the ledger (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from dashboard.db import models
from dashboard.domain.akses import Akun
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services import pencatatan
from dashboard.services.buku_besar import bandingkan, rekap_dari_db
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.pencatatan import Pelaku
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji

OPERATOR = 35
ENTRI = 200
ITEM = ("KOTAK", "BILIK", "TINTA", "SEGEL")


def _buat_operator(kabkota: list[str]) -> list[Akun]:
    """35 operator accounts spread over the province's kab/kota (several per office)."""
    with db.sesi_tulis() as s:
        hash_ = generate_password_hash("uji-serentak")
        for i in range(OPERATOR):
            s.add(
                models.Pengguna(
                    username=f"serentak{i:02d}",
                    nama=f"Operator serentak {i}",
                    password_hash=hash_,
                    peran="operator_kabkota",
                    wilayah_kode=kabkota[i % len(kabkota)],
                )
            )
    with db.sesi_baca() as s:
        rows = s.scalars(
            select(models.Pengguna).where(models.Pengguna.username.like("serentak%"))
        ).all()
        return [Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode) for p in rows]


def _hitung() -> tuple[int, int]:
    with db.sesi_baca() as s:
        return (
            s.scalar(select(func.count()).select_from(models.Mutasi)),
            s.scalar(select(func.count()).select_from(models.Audit)),
        )


def test_35_operators_200_entries_each_with_resubmissions(kampanye_kecil) -> None:
    engine, _info = kampanye_kecil
    # 7 writers per office receive and send on far more than a kab/kota needs: this test is
    # about concurrency, so the sanity bound on quantities is raised out of the way; and like
    # a threaded server, the process keeps a connection per writer thread.
    settings = settings_uji(engine.url.render_as_string(hide_password=False), PROVINSI_KECIL)
    app = create_app(settings.with_(batas_kelipatan_kebutuhan=1000.0, kolam_basisdata=OPERATOR + 2))
    with app.server.app_context():
        with db.sesi_baca() as s:
            kabkota = list(
                s.scalars(
                    select(models.Wilayah.kode)
                    .where(models.Wilayah.tingkat == 2)
                    .order_by(models.Wilayah.kode)
                )
            )
            kecamatan = {
                k: s.scalars(
                    select(models.Wilayah.kode).where(models.Wilayah.induk_kode == k)
                ).first()
                for k in kabkota
            }
        akun = _buat_operator(kabkota)
        sebelum = _hitung()

    hasil: dict[str, list] = {"baru": [], "ulang": [], "galat": []}
    kunci = threading.Lock()

    def kerja(a: Akun) -> None:
        acak = random.Random(a.id)
        pelaku = Pelaku(a, PROVINSI_KECIL, "127.0.0.1")
        dikirim: list[tuple[JenisMutasi, dict, str]] = []
        with app.server.app_context():
            for i in range(ENTRI):
                item = ITEM[i // 2 % len(ITEM)]
                if i % 2 == 0:  # receive 10, then send 5 of it on: always within good stock
                    jenis = JenisMutasi.TERIMA_PENYEDIA
                    nilai = {"kode_wilayah": a.wilayah_kode, "kondisi": "baik", "jumlah": "10"}
                else:
                    jenis = JenisMutasi.KIRIM
                    nilai = {
                        "tahap": "ppk",
                        "kode_wilayah": kecamatan[a.wilayah_kode],
                        "jumlah": "5",
                    }
                nilai |= {"tanggal": "20-11-2024", "jam": "10.00", "jenis_logistik": item}
                cid = f"{a.username}-{i}"
                dikirim.append((jenis, nilai, cid))
                daftar = [(jenis, nilai, cid)]
                if acak.random() < 0.1:  # a retry after a lost response
                    daftar.append(acak.choice(dikirim))
                for j, n, c in daftar:
                    try:
                        h = pencatatan.catat(pelaku, j, n, c)
                    except Exception as e:  # noqa: BLE001 — every failure is reported below
                        with kunci:
                            hasil["galat"].append(f"{c}: {e!r}")
                        continue
                    with kunci:
                        hasil["baru" if h.baru else "ulang"].append(c)

    with ThreadPoolExecutor(OPERATOR) as pool:
        list(pool.map(kerja, akun))

    assert hasil["galat"] == []
    assert len(hasil["baru"]) == OPERATOR * ENTRI == len(set(hasil["baru"]))
    assert len(hasil["ulang"]) > 0 and set(hasil["ulang"]) <= set(hasil["baru"])
    with app.server.app_context():
        assert _hitung() == (sebelum[0] + OPERATOR * ENTRI, sebelum[1] + OPERATOR * ENTRI)
        with db.sesi_baca() as s:
            assert not bandingkan(s, rekap_dari_db(s, pemilihan_dari_db(s)))
