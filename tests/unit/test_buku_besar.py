"""The ledger and its summaries, on SQLite and on a real PostgreSQL.

Every write goes through `catat_mutasi`; afterwards a recompute from the ledger must agree
with the incrementally kept summaries exactly, and refused writes must leave nothing behind.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from dashboard.db import models, queries
from dashboard.db.engine import pembuat_sesi
from dashboard.domain.buku_besar import Alasan, EntriMutasi, JenisMutasi, Kondisi, Tahap
from dashboard.services.buku_besar import MutasiDitolak, catat_mutasi, hitung_ulang
from dashboard.services.katalog import pemilihan_dari_db

WIB = dt.timezone(dt.timedelta(hours=7))
WAKTU = dt.datetime(2024, 11, 24, 15, 0, tzinfo=WIB)


def _keadaan(engine) -> tuple:
    """Everything a refused write must leave untouched."""
    with pembuat_sesi(engine)() as s:
        return (
            s.scalar(select(func.count()).select_from(models.Mutasi)),
            queries.ringkasan_frame(s)
            .sort_values(["wilayah_kode", "jenis_kode", "tahap"])
            .reset_index(drop=True)
            .to_json(),
            queries.ringkasan_wilayah_frame(s).to_json(),
            s.scalar(select(func.sum(models.Kebutuhan.tersedia))),
        )


def _catat(engine, m: EntriMutasi, kantor: str = "65.01"):
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        return catat_mutasi(s, m, pemilihan_dari_db(s), kantor_kode=kantor)


def _selisih(engine) -> int:
    with pembuat_sesi(engine)() as s:
        return len(hitung_ulang(s, pemilihan_dari_db(s), terapkan=False))


def _mutasi(**kw) -> EntriMutasi:
    dasar = dict(
        jenis_mutasi=JenisMutasi.TERIMA_PENYEDIA,
        jenis_kode="SS-GUB",
        tahap=Tahap.GUDANG,
        wilayah_kode="65.01",
        jumlah=100,
        waktu=WAKTU,
        client_id="uji-1",
        kondisi=Kondisi.BAIK,
    )
    dasar.update(kw)
    return EntriMutasi(**dasar)


def test_demo_summaries_equal_a_recompute_from_the_ledger(kampanye_kecil):
    engine, info = kampanye_kecil
    assert info.jumlah_mutasi > 1000
    assert _selisih(engine) == 0


def _gudang(s, kode: str, jenis: str) -> dict:
    """The gudang row of an item as the views read it (a province's is summed on read)."""
    df = queries.ringkasan_baris(s, kode)
    return df[(df["jenis_kode"] == jenis) & (df["tahap"] == "gudang")].iloc[0].to_dict()


def test_a_receipt_updates_the_kabkota_row_and_the_province_total_read_from_it(kampanye_kecil):
    engine, _ = kampanye_kecil
    with pembuat_sesi(engine)() as s:
        sebelum = {k: _gudang(s, k, "SS-GUB")["diterima_rusak_ringan"] for k in ("65", "65.01")}
    hasil = _catat(engine, _mutasi(jumlah=250, kondisi=Kondisi.RUSAK_RINGAN))
    assert hasil.baru
    with pembuat_sesi(engine)() as s:
        for k in ("65", "65.01"):
            assert _gudang(s, k, "SS-GUB")["diterima_rusak_ringan"] == sebelum[k] + 250
    assert _selisih(engine) == 0


def test_no_province_summary_row_is_stored_so_offices_never_share_a_row(kampanye_kecil):
    engine, _ = kampanye_kecil
    _catat(engine, _mutasi(jumlah=5))
    with pembuat_sesi(engine)() as s:
        for model in (models.Ringkasan, models.RingkasanWilayah, models.RingkasanHarian):
            panjang = func.length(model.wilayah_kode)
            assert s.scalar(select(func.count()).where(panjang == 2)) == 0
            assert s.scalar(select(func.count()).where(panjang == 5)) > 0


def test_a_resubmitted_client_id_is_counted_once(kampanye_kecil):
    engine, _ = kampanye_kecil
    pertama = _catat(engine, _mutasi(client_id="kirim-ulang", jumlah=40))
    keadaan = _keadaan(engine)
    kedua = _catat(engine, _mutasi(client_id="kirim-ulang", jumlah=40))
    assert pertama.baru and not kedua.baru
    assert kedua.id == pertama.id
    assert "Sudah diterima" in kedua.pesan
    assert _keadaan(engine) == keadaan


def _tps_di_desa_berstok(engine) -> tuple[int, str]:
    """A TPS whose PPS holds ballots in good condition (the demo is at H-3)."""
    with pembuat_sesi(engine)() as s:
        r = models.Ringkasan
        desa = s.scalar(
            select(r.wilayah_kode)
            .where(
                r.tahap == "pps",
                r.jenis_kode == "SS-GUB",
                r.diterima_baik > 0,
                func.length(r.wilayah_kode) == 13,
            )
            .order_by(r.wilayah_kode)
            .limit(1)
        )
        tps = s.scalar(select(models.Tps.id).where(models.Tps.desa_kode == desa).limit(1))
    return tps, desa


def test_dispatch_and_arrival_at_a_tps_make_it_complete(kampanye_kecil):
    engine, _ = kampanye_kecil
    tps_id, desa = _tps_di_desa_berstok(engine)
    with pembuat_sesi(engine)() as s:
        kebutuhan = dict(
            s.execute(
                select(models.Kebutuhan.jenis_kode, models.Kebutuhan.jumlah).where(
                    models.Kebutuhan.tps_id == tps_id
                )
            ).all()
        )
        lengkap_awal = queries.ringkasan_wilayah_satu(s, "65")["tps_lengkap"]
    for jenis, jumlah in kebutuhan.items():
        for jm, kondisi in ((JenisMutasi.KIRIM, None), (JenisMutasi.TERIMA, Kondisi.BAIK)):
            try:
                _catat(
                    engine,
                    _mutasi(
                        jenis_mutasi=jm,
                        jenis_kode=jenis,
                        tahap=Tahap.TPS,
                        wilayah_kode=desa,
                        tps_id=tps_id,
                        jumlah=jumlah,
                        kondisi=kondisi,
                        client_id=f"tps-{tps_id}-{jenis}-{jm}",
                    ),
                )
            except MutasiDitolak:
                pytest.skip("the demo PPS does not hold every item yet")
    with pembuat_sesi(engine)() as s:
        t = s.get(models.Tps, tps_id)
        assert t.jenis_terpenuhi == t.jenis_dibutuhkan == len(kebutuhan)
        assert queries.ringkasan_wilayah_satu(s, "65")["tps_lengkap"] == lengkap_awal + 1
        assert queries.ringkasan_wilayah_satu(s, desa)["tps_lengkap"] >= 1
    assert _selisih(engine) == 0


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        (dict(jumlah=0), "lebih dari 0"),
        (dict(jumlah=-5), "lebih dari 0"),
        (dict(jumlah=10**9), "batas wajar"),
        (dict(wilayah_kode="65.99"), "tidak dikenal"),
        (dict(wilayah_kode="65.01.01"), "bukan lokasi"),
        (dict(wilayah_kode="33.74"), "tidak dikenal"),
        (dict(jenis_kode="SS-XYZ"), "tidak dikenal"),
        (dict(jenis_kode="SS-WAL"), "tidak berlaku"),  # 65.01 is a kabupaten
        (dict(waktu=dt.datetime(2023, 1, 1, tzinfo=WIB)), "di luar masa kegiatan"),
        (dict(kondisi=None), "Kondisi"),
        (dict(tahap=Tahap.PPK, wilayah_kode="65.01.01"), "hanya dicatat di gudang"),
        (
            dict(
                jenis_mutasi=JenisMutasi.KIRIM,
                tahap=Tahap.PPK,
                wilayah_kode="65.01.01",
                kondisi=None,
                jumlah=10**7,
            ),
            "melebihi stok baik",
        ),
        (
            dict(
                jenis_mutasi=JenisMutasi.TERIMA,
                tahap=Tahap.PPK,
                wilayah_kode="65.01.01",
                jumlah=10**7,
            ),
            "melebihi yang sedang dikirim",
        ),
        (dict(jenis_mutasi=JenisMutasi.PENYESUAIAN, kondisi=None), "Alasan"),
        (
            dict(
                jenis_mutasi=JenisMutasi.PENYESUAIAN,
                kondisi=None,
                alasan=Alasan.HILANG,
                jumlah=10**7,
            ),
            "melebihi stok",
        ),
        (
            dict(
                tahap=Tahap.TPS,
                jenis_mutasi=JenisMutasi.KIRIM,
                kondisi=None,
                wilayah_kode="65.01.01.2001",
            ),
            "TPS wajib dipilih",
        ),
        (dict(client_id=""), "client id"),
    ],
)
def test_a_refused_movement_says_why_and_writes_nothing(kampanye_kecil, ubah, pesan):
    engine, _ = kampanye_kecil
    keadaan = _keadaan(engine)
    with pytest.raises(MutasiDitolak, match=pesan):
        _catat(engine, _mutasi(**{"client_id": "ditolak", **ubah}))
    assert _keadaan(engine) == keadaan


def test_the_ledger_refuses_update_and_delete_in_the_database_itself(kampanye_kecil):
    engine, _ = kampanye_kecil
    for sql in ("UPDATE mutasi SET jumlah = jumlah + 1", "DELETE FROM mutasi"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    with pembuat_sesi(engine)() as s:
        assert s.scalar(select(func.count()).select_from(models.Mutasi)) > 0


def test_recompute_reports_and_repairs_a_tampered_summary(kampanye_kecil):
    engine, _ = kampanye_kecil
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE ringkasan SET dikirim = dikirim + 7 "
                "WHERE wilayah_kode = '65.01' AND jenis_kode = 'SS-GUB' AND tahap = 'ppk'"
            )
        )
        conn.execute(
            text("UPDATE ringkasan_wilayah SET tps_lengkap = 99 WHERE wilayah_kode = '65.01'")
        )
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        selisih = hitung_ulang(s, pemilihan_dari_db(s))
    kolom = {(b["tabel"], b["kolom"]) for b in selisih.baris}
    assert kolom == {("ringkasan", "dikirim"), ("ringkasan_wilayah", "tps_lengkap")}
    assert _selisih(engine) == 0


# ---- property: any sequence of movements keeps summaries equal to a recompute ----------

LOKASI = {
    Tahap.GUDANG: ["65.01", "65.71"],
    Tahap.PPK: ["65.01.01", "65.71.01", "65.71.02"],
}
SAH = {
    Tahap.GUDANG: [JenisMutasi.TERIMA_PENYEDIA, JenisMutasi.PENYESUAIAN, JenisMutasi.SORTIR_LIPAT],
    **{
        t: [JenisMutasi.KIRIM, JenisMutasi.TERIMA, JenisMutasi.PENYESUAIAN]
        for t in (Tahap.PPK, Tahap.PPS, Tahap.TPS)
    },
}


@st.composite
def aksi(draw):
    """One movement, or a dispatch followed by its arrival; mostly plausible, some not."""
    tahap = draw(st.sampled_from(list(Tahap)))
    jm = draw(st.one_of(st.sampled_from(SAH[tahap]), st.sampled_from(list(JenisMutasi))))
    return dict(
        tahap=tahap,
        jm=jm,
        jenis=draw(st.sampled_from(["SS-GUB", "SS-BUP", "SS-WAL", "KOTAK", "TINTA"])),
        jumlah=draw(st.one_of(st.integers(1, 600), st.integers(1, 60_000))),
        client=draw(st.one_of(st.integers(0, 15).map(lambda i: f"ulang-{i}"), st.uuids().map(str))),
        kondisi=draw(st.sampled_from(list(Kondisi))),
        alasan=draw(st.sampled_from(list(Alasan))),
        tempat=draw(st.integers(0, 10**6)),
        pasangan=tahap is not Tahap.GUDANG and jm is JenisMutasi.KIRIM and draw(st.booleans()),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(aksi(), min_size=1, max_size=12))
def test_any_sequence_of_movements_keeps_summaries_equal_to_a_recompute(kampanye_kecil, daftar):
    engine, _ = kampanye_kecil
    with pembuat_sesi(engine)() as s:
        r = models.Ringkasan
        desa = s.scalars(  # desa whose PPS already holds goods (the demo is at H-3)
            select(r.wilayah_kode)
            .where(r.tahap == "pps", r.diterima_baik > 0, func.length(r.wilayah_kode) == 13)
            .distinct()
            .order_by(r.wilayah_kode)
            .limit(6)
        ).all()
        tps = dict(
            s.execute(
                select(models.Tps.desa_kode, func.min(models.Tps.id))
                .where(models.Tps.desa_kode.in_(desa))
                .group_by(models.Tps.desa_kode)
            ).all()
        )
    lokasi = {**LOKASI, Tahap.PPS: list(desa), Tahap.TPS: list(desa)}
    for a in daftar:
        tahap = a["tahap"]
        wilayah = lokasi[tahap][a["tempat"] % len(lokasi[tahap])]
        langkah = [(a["jm"], a["client"])]
        if a["pasangan"]:
            langkah.append((JenisMutasi.TERIMA, a["client"] + "-tiba"))
        for jm, client in langkah:
            penerimaan = jm in (JenisMutasi.TERIMA, JenisMutasi.TERIMA_PENYEDIA)
            m = _mutasi(
                jenis_mutasi=jm,
                tahap=tahap,
                jenis_kode=a["jenis"],
                wilayah_kode=wilayah,
                jumlah=a["jumlah"],
                client_id=client,
                kondisi=a["kondisi"] if penerimaan else None,
                alasan=a["alasan"] if jm is JenisMutasi.PENYESUAIAN else None,
                tps_id=tps[wilayah] if tahap is Tahap.TPS else None,
            )
            try:
                hasil = _catat(engine, m)
            except MutasiDitolak:
                event("ditolak")
                continue
            event("dicatat" if hasil.baru else "sudah diterima")
            if hasil.baru and tahap is Tahap.TPS:
                event("dicatat di TPS")
    assert _selisih(engine) == 0


def _baris_pps(s, kode: str, jenis: str) -> dict:
    r = models.Ringkasan
    return dict(
        s.execute(
            select(r.kebutuhan, r.diterima_baik, r.diterima_cukup).where(
                r.wilayah_kode == kode, r.jenis_kode == jenis, r.tahap == "pps"
            )
        )
        .mappings()
        .one()
    )


def test_a_surplus_at_one_pps_never_fills_a_gap_at_another(kampanye_kecil):
    """Arrivals count up to each desa's own need, at the desa and every region above it."""
    engine, _ = kampanye_kecil
    with pembuat_sesi(engine)() as s:
        r = models.Ringkasan
        penuh = s.scalars(
            select(r.wilayah_kode)
            .where(
                r.tahap == "pps",
                r.jenis_kode == "SS-GUB",
                func.length(r.wilayah_kode) == 13,
                r.diterima_baik == r.kebutuhan,
                r.kebutuhan > 0,
            )
            .order_by(r.wilayah_kode)
        ).all()
    assert penuh, "the demo at H-3 has desa fully served at PPS"
    for desa in penuh:
        kec = desa[:8]
        with pembuat_sesi(engine)() as s:
            awal = {k: _baris_pps(s, k, "SS-GUB") for k in (desa, kec, desa[:5])}
        try:
            for jm, kondisi in ((JenisMutasi.KIRIM, None), (JenisMutasi.TERIMA, Kondisi.BAIK)):
                _catat(
                    engine,
                    _mutasi(
                        jenis_mutasi=jm,
                        tahap=Tahap.PPS,
                        wilayah_kode=desa,
                        jumlah=5,
                        kondisi=kondisi,
                        client_id=f"lebih-{desa}-{jm}",
                    ),
                    kantor=desa[:5],
                )
        except MutasiDitolak:
            continue  # this PPK holds nothing more to send; try the next desa
        with pembuat_sesi(engine)() as s:
            for k, sebelum in awal.items():
                sesudah = _baris_pps(s, k, "SS-GUB")
                assert sesudah["diterima_baik"] == sebelum["diterima_baik"] + 5
                assert sesudah["diterima_cukup"] == sebelum["diterima_cukup"]  # a surplus
        assert _selisih(engine) == 0
        return
    pytest.fail("no PPK of a fully served desa had 5 ballots left to send")
