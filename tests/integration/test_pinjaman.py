"""Lending between kab/kota on SQLite and PostgreSQL: the whole workflow moves stock out of one
gudang and into the other through the ledger, both regions' summaries equal a recompute, every
step is audited, and every refusal writes nothing."""

from __future__ import annotations

import json
import math

import pytest
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.domain.akses import Akun
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.domain.pinjaman import Aksi, Pihak, StatusPinjaman
from dashboard.extensions import db
from dashboard.services import pencatatan, pinjaman
from dashboard.services.buku_besar import bandingkan, rekap_dari_db
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from dashboard.services.stok import stok_wilayah
from dashboard.tools.cli import main
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.kampanye import PROVINSI_KECIL

PEMINJAM, PEMBERI, JAUH = "65.71", "65.03", "65.02"
# Kota Tarakan's gudang is short of seals in the small demo (its other items are complete).
JENIS = "SEGEL"


@pytest.fixture
def app(app_kecil):
    return app_kecil


def _pelaku(username: str) -> Pelaku:
    with db.sesi_baca() as s:
        p = s.scalar(select(models.Pengguna).where(models.Pengguna.username == username))
        return Pelaku(Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode), PROVINSI_KECIL)


def _stok(kode: str, jenis: str = JENIS) -> tuple[int, int]:
    """(net good stock, need) of a gudang, as the stock view shows it."""
    t = stok_wilayah(PROVINSI_KECIL)
    assert t is not None
    r = t.tabel[(t.tabel["kode"] == kode) & (t.tabel["jenis_kode"] == jenis)].iloc[0]
    return int(r["stok_bersih"]), int(r["kebutuhan"])


def _hitung() -> dict[str, int]:
    with db.sesi_baca() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (models.Mutasi, models.Audit, models.Pinjaman, models.PinjamanRiwayat)
        }


def _sesuai_ledger() -> None:
    """Every stored summary equals a recompute from the ledger (what `check` verifies)."""
    with db.sesi_baca() as s:
        selisih = bandingkan(s, rekap_dari_db(s, pemilihan_dari_db(s)))
    assert not selisih, selisih.baris[:5]


def _lebih(kode: str, jumlah: int, client_id: str) -> None:
    """Give a gudang a surplus of seals: a receipt from the vendor."""
    nilai = {
        "tanggal": "20-11-2024",
        "jam": "09.15",
        "kode_wilayah": kode,
        "jenis_logistik": JENIS,
        "jumlah": str(jumlah),
        "kondisi": "baik",
        "keterangan": "",
    }
    pencatatan.catat(_pelaku("admin.65"), JenisMutasi.TERIMA_PENYEDIA, nilai, client_id)


def _permintaan(jumlah: int = 40, pemberi: str = PEMBERI) -> dict[str, object]:
    return {
        "jenis_logistik": JENIS,
        "peminjam": PEMINJAM,
        "pemberi": pemberi,
        "jumlah": str(jumlah),
        "keterangan": "Kotak rusak terkena banjir",
    }


def test_a_shortage_is_offered_the_nearest_surplus_and_the_loan_moves_stock(
    app, kampanye_kecil, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _lebih(PEMBERI, 600, "lebih-03")
    _lebih(JAUH, 400, "lebih-02")
    stok_pinjam, butuh_pinjam = _stok(PEMINJAM)
    stok_beri, butuh_beri = _stok(PEMBERI)
    kurang = butuh_pinjam - stok_pinjam
    assert kurang > 5

    saran = [s for s in pinjaman.saran(PROVINSI_KECIL) if s.jenis_kode == JENIS]
    assert len(saran) == 1
    s = saran[0]
    assert s.peminjam_kode == PEMINJAM and s.jumlah == kurang
    # Tarakan (65.71) lies closer to Nunukan (65.03) than to Malinau (65.02), by either measure.
    assert s.pemberi_kode == PEMBERI, s
    assert s.bisa_dipinjamkan == stok_beri - butuh_beri - math.ceil(butuh_beri * 0.05)

    peminjam, pemberi = _pelaku("operator.6571"), _pelaku("operator.6503")
    pinjam = kurang - 5
    h = pinjaman.ajukan(peminjam, _permintaan(pinjam), "minta-1")
    assert h.baru and h.status is StatusPinjaman.DIAJUKAN
    ulang = pinjaman.ajukan(peminjam, _permintaan(pinjam), "minta-1")
    assert not ulang.baru and ulang.pinjaman_id == h.pinjaman_id
    # The open request is netted out of the next suggestion: 5 still short.
    assert [x.jumlah for x in pinjaman.saran(PROVINSI_KECIL) if x.jenis_kode == JENIS] == [5]

    nomor = h.pinjaman_id
    assert pinjaman.setujui(peminjam, nomor, Pihak.PEMINJAM).status is StatusPinjaman.DIAJUKAN
    assert pinjaman.setujui(pemberi, nomor, Pihak.PEMBERI).status is StatusPinjaman.DISETUJUI
    n = _hitung()
    pinjaman.kirim(pemberi, nomor)
    assert _stok(PEMBERI) == (stok_beri - pinjam, butuh_beri)
    assert _stok(PEMINJAM) == (stok_pinjam, butuh_pinjam)  # on the way: not yet there
    assert _hitung()["mutasi"] == n["mutasi"] + 1
    _sesuai_ledger()

    pinjaman.terima(peminjam, nomor, "baik")
    assert _stok(PEMINJAM) == (stok_pinjam + pinjam, butuh_pinjam)
    assert _stok(PEMBERI) == (stok_beri - pinjam, butuh_beri)
    _sesuai_ledger()

    with db.sesi_baca() as sesi:
        p = sesi.get(models.Pinjaman, nomor)
        assert p.status == "diterima" and p.kondisi_terima == "baik"
        keluar = sesi.get(models.Mutasi, p.mutasi_keluar_id)
        masuk = sesi.get(models.Mutasi, p.mutasi_masuk_id)
        assert (keluar.jenis_mutasi, keluar.wilayah_kode, keluar.jumlah) == (
            "pinjam_keluar",
            PEMBERI,
            pinjam,
        )
        assert (masuk.jenis_mutasi, masuk.wilayah_kode, masuk.kondisi) == (
            "pinjam_masuk",
            PEMINJAM,
            "baik",
        )
        aksi = list(
            sesi.scalars(
                select(models.Audit.aksi)
                .where(models.Audit.entitas.in_(["pinjaman", "mutasi"]))
                .order_by(models.Audit.id)
            )
        )
        assert aksi[-7:] == [
            "pinjaman_ajukan",
            "pinjaman_setuju_peminjam",
            "pinjaman_setuju_pemberi",
            "catat_mutasi",
            "pinjaman_kirim",
            "catat_mutasi",
            "pinjaman_terima",
        ]
        riwayat = list(
            sesi.scalars(
                select(models.PinjamanRiwayat.aksi)
                .where(models.PinjamanRiwayat.pinjaman_id == nomor)
                .order_by(models.PinjamanRiwayat.id)
            )
        )
        assert riwayat == ["ajukan", "setuju_peminjam", "setuju_pemberi", "kirim", "terima"]
    # Closed loans offer no more steps to anyone.
    papan = pinjaman.papan(_pelaku("admin.65").akun)
    assert papan.aksi[nomor] == ()

    # `python -m dashboard check`: summaries equal the ledger, stock and arrivals consistent.
    engine, _info = kampanye_kecil
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI_KECIL)
    capsys.readouterr()
    assert main(["check"]) == 0
    assert "Integritas: BERSIH" in capsys.readouterr().out


def test_the_audit_trail_holds_every_step_with_its_office(app) -> None:
    _lebih(PEMBERI, 600, "lebih-a")
    peminjam, pemberi = _pelaku("operator.6571"), _pelaku("operator.6503")
    nomor = pinjaman.ajukan(peminjam, _permintaan(25), "minta-a").pinjaman_id
    pinjaman.setujui(peminjam, nomor, Pihak.PEMINJAM)
    pinjaman.setujui(pemberi, nomor, Pihak.PEMBERI)
    pinjaman.kirim(pemberi, nomor)
    pinjaman.terima(peminjam, nomor, "rusak_ringan")
    with db.sesi_baca() as s:
        baris = s.execute(
            select(models.Audit.aksi, models.Audit.username, models.Audit.wilayah_kode)
            .where(models.Audit.aksi.like("pinjaman_%"))
            .order_by(models.Audit.id)
        ).all()
    assert [tuple(b) for b in baris] == [
        ("pinjaman_ajukan", "operator.6571", PEMINJAM),
        ("pinjaman_setuju_peminjam", "operator.6571", PEMINJAM),
        ("pinjaman_setuju_pemberi", "operator.6503", PEMBERI),
        ("pinjaman_kirim", "operator.6503", PEMBERI),
        ("pinjaman_terima", "operator.6571", PEMINJAM),
    ]
    # Damaged on arrival: borrowed, but no good stock gained; the summaries still agree.
    _sesuai_ledger()


def test_received_damaged_adds_no_good_stock(app) -> None:
    _lebih(PEMBERI, 600, "lebih-r")
    stok_pinjam, _ = _stok(PEMINJAM)
    admin = _pelaku("admin.65")
    nomor = pinjaman.ajukan(admin, _permintaan(30), "minta-r").pinjaman_id
    pinjaman.setujui(admin, nomor, Pihak.PEMINJAM)
    pinjaman.setujui(admin, nomor, Pihak.PEMBERI)
    pinjaman.kirim(admin, nomor)
    pinjaman.terima(admin, nomor, "rusak_berat")
    assert _stok(PEMINJAM)[0] == stok_pinjam
    _sesuai_ledger()


def test_refusals_name_the_field_or_step_and_write_nothing(app) -> None:
    _lebih(PEMBERI, 600, "lebih-t")
    peminjam, pemberi = _pelaku("operator.6571"), _pelaku("operator.6503")
    lain, pimpinan = _pelaku("operator.6502"), _pelaku("pimpinan.65")

    def tolak(fungsi, *args, pesan: str, wewenang: bool = False) -> None:
        sebelum = _hitung()
        with pytest.raises(Ditolak) as e:
            fungsi(*args)
        assert pesan in str(e.value), str(e.value)
        assert isinstance(e.value, DiLuarWewenang) == wewenang, type(e.value)
        assert _hitung() == sebelum

    tolak(pinjaman.ajukan, peminjam, {**_permintaan(), "jumlah": "0"}, "x1", pesan="Jumlah")
    tolak(pinjaman.ajukan, peminjam, {**_permintaan(), "pemberi": PEMINJAM}, "x2",
          pesan="pemberi harus berbeda")  # fmt: skip
    tolak(pinjaman.ajukan, peminjam, {**_permintaan(), "pemberi": "12.01"}, "x3",
          pesan="tidak dikenal di provinsi ini")  # fmt: skip
    tolak(pinjaman.ajukan, peminjam, {**_permintaan(), "jenis_logistik": "SS-WAL",
          "pemberi": PEMBERI}, "x4", pesan="tidak berlaku di")  # fmt: skip
    tolak(pinjaman.ajukan, pemberi, _permintaan(), "x5", pesan="Mengajukan pinjaman untuk",
          wewenang=True)  # fmt: skip
    tolak(pinjaman.ajukan, pimpinan, _permintaan(), "x6", pesan="hanya dapat melihat",
          wewenang=True)  # fmt: skip

    # Ask for more than the lender holds: it can be asked, never shipped.
    stok_beri, _ = _stok(PEMBERI)
    nomor = pinjaman.ajukan(peminjam, _permintaan(stok_beri + 1), "banyak").pinjaman_id
    tolak(pinjaman.setujui, peminjam, nomor, Pihak.PEMBERI, pesan="hanya kantor pemberi",
          wewenang=True)  # fmt: skip
    tolak(pinjaman.setujui, lain, nomor, Pihak.PEMINJAM, pesan="tidak berwenang", wewenang=True)
    tolak(pinjaman.kirim, pemberi, nomor, pesan="belum disetujui kantor peminjam dan kantor")
    pinjaman.setujui(peminjam, nomor, Pihak.PEMINJAM)
    tolak(pinjaman.setujui, peminjam, nomor, Pihak.PEMINJAM, pesan="sudah disetujui")
    pinjaman.setujui(pemberi, nomor, Pihak.PEMBERI)
    tolak(pinjaman.kirim, peminjam, nomor, pesan="hanya kantor pemberi", wewenang=True)
    tolak(pinjaman.kirim, pemberi, nomor, pesan="melebihi stok baik")
    tolak(pinjaman.terima, peminjam, nomor, "baik", pesan="belum dikirim")
    tolak(pinjaman.tutup, peminjam, nomor, Aksi.BATALKAN, "", pesan="Alasan wajib diisi")
    pinjaman.tutup(pemberi, nomor, Aksi.TOLAK, "Stok kami tidak cukup sebanyak itu")
    tolak(pinjaman.kirim, pemberi, nomor, pesan="sudah ditolak")

    # A normal loan: receiving twice counts once, and the second is refused by name.
    nomor = pinjaman.ajukan(peminjam, _permintaan(10), "biasa").pinjaman_id
    pinjaman.setujui(peminjam, nomor, Pihak.PEMINJAM)
    pinjaman.setujui(pemberi, nomor, Pihak.PEMBERI)
    pinjaman.kirim(pemberi, nomor)
    tolak(pinjaman.kirim, pemberi, nomor, pesan="sudah dikirim")
    tolak(pinjaman.tutup, peminjam, nomor, Aksi.BATALKAN, "terlambat", pesan="sudah dikirim")
    tolak(pinjaman.terima, peminjam, nomor, "bagus", pesan="Kondisi barang wajib dipilih")
    tolak(pinjaman.terima, pemberi, nomor, "baik", pesan="hanya kantor peminjam", wewenang=True)
    pinjaman.terima(peminjam, nomor, "baik")
    tolak(pinjaman.terima, peminjam, nomor, "baik", pesan="sudah diterima")
    _sesuai_ledger()


def test_notes_between_offices_are_threaded_scoped_and_idempotent(app) -> None:
    peminjam, pemberi = _pelaku("operator.6571"), _pelaku("operator.6503")
    nomor = pinjaman.ajukan(peminjam, _permintaan(5), "minta-c").pinjaman_id
    assert pinjaman.tambah_catatan(peminjam, nomor, "Mohon dikirim besok pagi", "c1")
    assert not pinjaman.tambah_catatan(peminjam, nomor, "Mohon dikirim besok pagi", "c1")
    assert pinjaman.tambah_catatan(pemberi, nomor, "Siap, truk berangkat 07.00", "c2")
    with pytest.raises(DiLuarWewenang):
        pinjaman.tambah_catatan(_pelaku("operator.6502"), nomor, "ikut campur", "c3")
    with pytest.raises(Ditolak, match="Catatan wajib diisi"):
        pinjaman.tambah_catatan(peminjam, nomor, "   ", "c4")
    papan = pinjaman.papan(peminjam.akun)
    catatan = papan.catatan[papan.catatan["pinjaman_id"] == nomor]
    assert list(catatan["username"]) == ["operator.6571", "operator.6503"]
    assert list(catatan["teks"]) == ["Mohon dikirim besok pagi", "Siap, truk berangkat 07.00"]
    # The borrower's operator sees its own steps only: approve as borrower, withdraw, refuse.
    assert set(papan.aksi[nomor]) == {Aksi.SETUJUI_PEMINJAM, Aksi.BATALKAN, Aksi.TOLAK}
    assert set(pinjaman.papan(pemberi.akun).aksi[nomor]) == {Aksi.SETUJUI_PEMBERI, Aksi.TOLAK}
    assert pinjaman.papan(_pelaku("pimpinan.65").akun).aksi[nomor] == ()


def _klik_papan(klien, jenis: str, pola: dict, state: list) -> object:  # type: ignore[no-untyped-def]
    """Post a click on one of the board's pattern-matched buttons as the renderer does."""
    dep = klien.get("/_dash-dependencies").get_json()
    (d,) = [d for d in dep if jenis in json.dumps(d["inputs"])]
    keluaran = [o.split("@")[0].rsplit(".", 1) for o in d["output"].strip(".").split("...")]
    id_ = {"type": jenis, **pola}
    badan = {
        "output": d["output"],
        "outputs": [{"id": i, "property": p} for i, p in keluaran],
        "inputs": [[{"id": id_, "property": "n_clicks", "value": 1}]],
        "changedPropIds": [json.dumps(id_, sort_keys=True, separators=(",", ":")) + ".n_clicks"],
        "state": state,
    }
    return klien.post("/_dash-update-component", json=badan)


def test_a_forged_click_by_a_third_office_is_refused_403_and_writes_nothing(app) -> None:
    peminjam = _pelaku("operator.6571")
    nomor = pinjaman.ajukan(peminjam, _permintaan(5), "minta-palsu").pinjaman_id
    versi = {"id": "koordinasi-versi", "property": "data", "value": 0}
    sebelum = _hitung()
    for username, status in (("operator.6502", 403), ("operator.6503", 200)):
        klien = app.server.test_client()
        r = klien.post("/masuk", data={"username": username, "kata_sandi": KATA_SANDI_DEMO})
        assert r.status_code == 302
        r = _klik_papan(klien, "koordinasi-aksi", {"id": nomor, "aksi": "setuju_pemberi"},
                        [[], [], versi])  # fmt: skip
        assert r.status_code == status, r.get_data(as_text=True)[:300]
        if status == 403:
            assert _hitung() == sebelum
    with db.sesi_baca() as s:
        assert s.get(models.Pinjaman, nomor).setuju_pemberi_oleh is not None


def test_loan_entries_come_only_from_the_board_not_the_form_or_an_upload(app) -> None:
    klien = app.server.test_client()
    r = klien.post("/masuk", data={"username": "operator.6571", "kata_sandi": KATA_SANDI_DEMO})
    assert r.status_code == 302
    assert klien.get("/input/templat/terima_penyedia.xlsx").status_code == 200
    assert klien.get("/input/templat/pinjam_masuk.xlsx").status_code == 404
    sebelum = _hitung()
    with pytest.raises(Ditolak, match="tidak dicatat lewat isian"):
        pencatatan.catat(_pelaku("operator.6571"), JenisMutasi.PINJAM_MASUK, {}, "isian-pinjam")
    assert _hitung() == sebelum
