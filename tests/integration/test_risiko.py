"""The risk register on SQLite and PostgreSQL: scope, bad input named field by field with nothing
written, audit, the review history, the score's figures against plain counts, and a suggested
risk accepted once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from dashboard.callbacks.presentasi import bangun_slide
from dashboard.db import models
from dashboard.domain.kejadian import STATUS_AKTIF
from dashboard.domain.rapat import agenda
from dashboard.extensions import db
from dashboard.services import presentasi, risiko
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.komponen import teks_komponen
from tests.support.tulisan import akun

KOTA = "65.71"  # Kota Tarakan
LAIN = "65.02"

ISIAN = {
    "judul": "Kapal logistik ke Pulau Sebatik tertunda cuaca",
    "penyebab": "Gelombang tinggi pada musim angin barat",
    "kemungkinan": "4",
    "dampak": "5",
    "mitigasi": "Kirim H-7, pesan kapal cadangan, gudang transit di Nunukan",
    "pemilik": "Kasubbag Logistik",
    "tenggat": "2024-11-20",
}


def _pelaku(username: str) -> Pelaku:
    return Pelaku(akun(username), PROVINSI_KECIL, "127.0.0.1")


def _hitung() -> tuple[int, int, int]:
    with db.sesi_baca() as s:
        return (
            s.scalar(select(func.count()).select_from(models.Risiko)),
            s.scalar(select(func.count()).select_from(models.RisikoTinjauan)),
            s.scalar(
                select(func.count())
                .select_from(models.Audit)
                .where(models.Audit.entitas == "risiko")
            ),
        )


def test_risks_are_written_in_scope_audited_and_refused_in_words(app_kecil) -> None:
    operator = _pelaku("operator.6571")
    r = risiko.tambah(operator, KOTA, ISIAN)
    assert (r.wilayah_kode, r.kemungkinan, r.dampak, r.status, r.sumber) == (
        KOTA, 4, 5, "terbuka", "manual")  # fmt: skip
    assert r.dibuat_oleh == "operator.6571" and str(r.tenggat) == "2024-11-20"
    assert _hitung() == (1, 0, 1)
    with db.sesi_baca() as s:
        a = s.scalars(select(models.Audit).where(models.Audit.entitas == "risiko")).one()
    assert (a.aksi, a.entitas_id, a.wilayah_kode, a.username) == (
        "risiko_tambah", str(r.id), KOTA, "operator.6571")  # fmt: skip
    assert a.sesudah is not None and a.sesudah["judul"] == ISIAN["judul"]

    # Another kab/kota, the province, a read-only role: refused, nothing written.
    with pytest.raises(DiLuarWewenang, match=f"Wilayah {LAIN} di luar wilayah tugas"):
        risiko.tambah(operator, LAIN, ISIAN)
    with pytest.raises(DiLuarWewenang, match="di luar wilayah tugas"):
        risiko.tambah(operator, PROVINSI_KECIL, ISIAN)
    with pytest.raises(DiLuarWewenang, match="hanya dapat melihat"):
        risiko.tambah(_pelaku("pimpinan.65"), KOTA, ISIAN)
    with pytest.raises(DiLuarWewenang):
        risiko.tinjau(_pelaku("operator.6502"), r.id, {"kemungkinan": 1, "dampak": 1,
                      "status": "ditutup", "catatan": "bukan wewenang"})  # fmt: skip
    # Every bad field at once, in words; nothing half-written.
    with pytest.raises(Ditolak) as e:
        risiko.tambah(operator, KOTA, ISIAN | {"judul": "", "dampak": "9", "status": "hilang"})
    assert {g.kolom for g in e.value.galat} == {"judul", "dampak", "status"}
    assert "Judul risiko wajib diisi" in str(e.value) and "Dampak harus angka bulat" in str(e.value)
    with pytest.raises(Ditolak, match="bukan provinsi 65 atau salah satu kab/kotanya"):
        risiko.tambah(_pelaku("admin.65"), "65.71.01", ISIAN)
    assert _hitung() == (1, 0, 1)

    # The admin provinsi writes for the province itself and for any kab/kota.
    p = risiko.tambah(_pelaku("admin.65"), PROVINSI_KECIL, ISIAN | {"judul": "Cuaca provinsi"})
    risiko.ubah(_pelaku("admin.65"), r.id, {"pemilik": "Sekretaris KPU Tarakan"})
    assert [x.id for x in risiko.daftar(PROVINSI_KECIL)] == [r.id, p.id]
    assert [x.id for x in risiko.daftar(KOTA)] == [r.id]
    assert risiko.daftar(KOTA)[0].pemilik == "Sekretaris KPU Tarakan"
    assert _hitung() == (2, 0, 3)  # an edit that keeps the cell leaves no review row


def test_reviews_keep_the_history_of_the_cell_and_status(app_kecil) -> None:
    operator = _pelaku("operator.6571")
    r = risiko.tambah(operator, KOTA, ISIAN)
    risiko.tinjau(operator, r.id, {"kemungkinan": 3, "dampak": 5, "status": "dimitigasi",
                                   "catatan": "Kapal cadangan sudah dipesan"})  # fmt: skip
    with pytest.raises(Ditolak) as e:
        risiko.tinjau(operator, r.id, {"kemungkinan": 2, "dampak": 5, "status": "dimitigasi"})
    assert [g.kolom for g in e.value.galat] == ["catatan"]
    with pytest.raises(Ditolak, match="Risiko #999 tidak ada"):
        risiko.tinjau(operator, 999, {"kemungkinan": 2, "dampak": 5, "status": "ditutup",
                                      "catatan": "x"})  # fmt: skip
    risiko.ubah(_pelaku("admin.65"), r.id, {"kemungkinan": "2"})
    akhir = risiko.tinjau(operator, r.id, {"kemungkinan": 1, "dampak": 5, "status": "ditutup",
                                           "catatan": "Logistik tiba di Sebatik"})  # fmt: skip
    assert (akhir.kemungkinan, akhir.dampak, akhir.status) == (1, 5, "ditutup")
    riwayat = risiko.riwayat(r.id)
    assert [
        (t.kemungkinan_sebelum, t.status_sebelum, t.kemungkinan_sesudah, t.status_sesudah, t.oleh)
        for t in riwayat
    ] == [
        (2, "dimitigasi", 1, "ditutup", "operator.6571"),
        (3, "dimitigasi", 2, "dimitigasi", "admin.65"),
        (4, "terbuka", 3, "dimitigasi", "operator.6571"),
    ]
    assert riwayat[0].catatan == "Logistik tiba di Sebatik"
    assert _hitung() == (1, 3, 4)
    with db.sesi_baca() as s:
        aksi = s.scalars(
            select(models.Audit.aksi).where(models.Audit.entitas == "risiko").order_by(
                models.Audit.id)
        ).all()  # fmt: skip
    assert aksi == ["risiko_tambah", "risiko_tinjau", "risiko_ubah", "risiko_tinjau"]


def test_the_score_counts_the_incidents_the_ledger_holds(app_kecil) -> None:
    skor = risiko.skor_provinsi(PROVINSI_KECIL)
    with db.sesi_baca() as s:
        kabkota = s.scalars(
            select(models.Wilayah.kode).where(
                models.Wilayah.tingkat == 2, models.Wilayah.provinsi_kode == PROVINSI_KECIL
            )
        ).all()
        aktif = s.execute(
            select(models.Kejadian.wilayah_kode, models.Kejadian.jenis).where(
                models.Kejadian.status.in_(STATUS_AKTIF)
            )
        ).all()
    assert sorted(x.kode for x in skor) == sorted(kabkota)
    assert [x.skor for x in skor] == sorted((x.skor for x in skor), reverse=True)
    assert all(0 <= x.skor <= 100 for x in skor)
    faktor = risiko.faktor_provinsi(PROVINSI_KECIL)
    for kode in kabkota:
        harapan: dict[str, int] = {}
        for w, j in aktif:
            if w == kode or w.startswith(kode + "."):
                harapan[j] = harapan.get(j, 0) + 1
        assert dict(faktor[kode].kejadian) == harapan
    assert risiko.skor_kabkota("65.71.01") is None and risiko.skor_kabkota("xx") is None


def test_a_suggestion_is_accepted_once_as_a_risk(app_kecil) -> None:
    skor = risiko.skor_provinsi(PROVINSI_KECIL)
    teratas = next(x for x in skor if risiko.usulan(x.kode))
    usul = risiko.usulan(teratas.kode)[0]
    assert usul.penyebab.lower() in teratas.teks.lower()
    operator = _pelaku(f"operator.{teratas.kode.replace('.', '')}")
    r = risiko.terima_usulan(operator, teratas.kode, usul.kunci)
    assert (r.sumber, r.kunci_usulan, r.judul, r.kemungkinan, r.dampak) == (
        "usulan", usul.kunci, usul.judul, usul.kemungkinan, usul.dampak)  # fmt: skip
    assert r.pemilik == f"Divisi Logistik KPU {teratas.nama}"
    assert usul.kunci not in {u.kunci for u in risiko.usulan(teratas.kode)}
    with pytest.raises(Ditolak, match="tidak ada lagi"):
        risiko.terima_usulan(operator, teratas.kode, usul.kunci)
    # Closed, the same cause is offered again while the score still holds it.
    risiko.tinjau(operator, r.id, {"kemungkinan": 1, "dampak": 1, "status": "ditutup",
                                   "catatan": "Ditangani"})  # fmt: skip
    assert usul.kunci in {u.kunci for u in risiko.usulan(teratas.kode)}


def test_the_top_risks_slide_counts_the_open_risks_of_the_register(app_kecil) -> None:
    admin = _pelaku("admin.65")
    tinggi = risiko.tambah(admin, KOTA, ISIAN | {"kemungkinan": 5, "dampak": 5})
    rendah = risiko.tambah(admin, LAIN, ISIAN | {"judul": "Tinta terlambat", "kemungkinan": 1,
                                                 "dampak": 2})  # fmt: skip
    tutup = risiko.tambah(admin, LAIN, ISIAN | {"judul": "Sudah lewat", "status": "ditutup"})
    data = presentasi.data_rapat(PROVINSI_KECIL)
    assert data is not None
    rt = data["risiko_teratas"]
    with db.sesi_baca() as s:
        aktif = s.scalar(
            select(func.count())
            .select_from(models.Risiko)
            .where(models.Risiko.status.in_(("terbuka", "dimitigasi")))
        )
    assert rt["jumlah_aktif"] == aktif == 2
    assert rt["per_tingkat"] == {"rendah": 1, "sedang": 0, "tinggi": 0, "ekstrem": 1}
    assert [r["id"] for r in rt["risiko"]] == [tinggi.id, rendah.id]  # highest level first
    assert tutup.id not in {r["id"] for r in rt["risiko"]}
    assert [x["kode"] for x in rt["skor"]] == [x.kode for x in risiko.skor_provinsi("65")][:8]
    json.dumps(data)  # a snapshot stores plain JSON
    slides = agenda(data, 0)
    nomor = next(i for i, s in enumerate(slides, 1) if s.jenis == "risiko")
    assert slides[nomor - 2].jenis == "rute" and slides[nomor].jenis == "keputusan"
    badan = teks_komponen(bangun_slide(slides[nomor - 1], nomor, len(slides), data, [], {}))
    assert "Risiko teratas" in badan and ISIAN["judul"] in badan and "5×5" in badan
    assert "2 risiko aktif: 1 ekstrem, 0 tinggi, 1 sedang/rendah" in badan
    # An older snapshot without the register keeps its old agenda.
    lama = {k: v for k, v in data.items() if k != "risiko_teratas"}
    assert "risiko" not in [s.jenis for s in agenda(lama, 0)]  # type: ignore[arg-type]
