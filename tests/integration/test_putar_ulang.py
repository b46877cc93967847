"""Replay (issue 17, item 6): the overview, every region page and the map as of a past moment T
equal the live figures of a database built only from the entries recorded by T.

The small campaign is built twice from the same template (SQLite file copy, PostgreSQL
TEMPLATE). In the first, after T, an early entry is reversed, an open incident is closed (with
its audit row) and a new incident is reported: replay at T must not see any of it. In the
second, the ledger rows recorded after T and the incidents reported after T are deleted, the
existing `python -m dashboard recompute` rebuilds its summaries and its clock is set to T's
date; its live figures are the oracle.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url

from dashboard import urls
from dashboard.callbacks import ringkasan
from dashboard.callbacks.shell import isi_kepala
from dashboard.db import queries
from dashboard.domain.kelas import METRIK
from dashboard.domain.waktu import WIB
from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services import peta, putar_ulang, tampilan
from dashboard.tools.cli import main as cli
from tests.support.banding import bersih, sama_tampilan
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji
from tests.support.postgres import buat_dari_templat, nama_database

T = dt.datetime(2024, 11, 23, 14, 30, tzinfo=WIB)
T_UTC = T.astimezone(dt.UTC).replace(tzinfo=None)
SETELAH_T = T_UTC + dt.timedelta(hours=2)


@pytest.fixture
def salinan(
    kampanye_kecil: tuple[Engine, object], tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A second copy of the same small campaign (the oracle's database)."""
    engine, _info = kampanye_kecil
    url = make_url(engine.url.render_as_string(hide_password=False))
    if url.get_backend_name() == "sqlite":
        templat, _ = request.getfixturevalue("templat_kecil_sqlite")
        tujuan = tmp_path / "salinan.db"
        tujuan.write_bytes(Path(templat).read_bytes())
        yield f"sqlite:///{tujuan}"
        return
    server = request.getfixturevalue("postgres_server")
    nama_templat, _ = request.getfixturevalue("templat_kecil_postgres")
    nama = nama_database("salinan_putar")
    buat_dari_templat(server, nama, nama_templat)
    try:
        yield url.set(database=nama).render_as_string(hide_password=False)
    finally:
        server.drop_database(nama)


def _tulis_setelah_t(engine: Engine) -> dict:
    """Write after T, in the replayed database: what replay at T must not show."""
    with engine.begin() as c:
        asli = (
            c.execute(
                text(
                    "SELECT m.* FROM mutasi m WHERE m.dicatat_pada <= :t "
                    "AND m.tahap IN ('pps', 'ppk') AND m.jenis_mutasi = 'terima' "
                    "AND m.membalik_id IS NULL AND NOT EXISTS "
                    "(SELECT 1 FROM mutasi b WHERE b.membalik_id = m.id) "
                    "ORDER BY m.tahap DESC, m.dicatat_pada DESC, m.id DESC LIMIT 1"
                ),
                {"t": T_UTC},
            )
            .mappings()
            .one()
        )
        balik = {
            k: asli[k]
            for k in (
                "jenis_mutasi", "jenis_kode", "tahap", "wilayah_kode", "tps_id", "jumlah",
                "kondisi", "alasan", "waktu", "kantor_kode",
            )
        }  # fmt: skip
        c.execute(
            text(
                "INSERT INTO mutasi (pemilihan_kode, client_id, jenis_mutasi, jenis_kode, tahap, "
                "wilayah_kode, tps_id, jumlah, kondisi, alasan, waktu, dicatat_pada, kantor_kode, "
                "keterangan, membalik_id) VALUES ('pilkada2024', 'putar-balik', :jenis_mutasi, "
                ":jenis_kode, :tahap, :wilayah_kode, :tps_id, :jumlah, :kondisi, :alasan, :waktu, "
                ":dicatat, :kantor_kode, 'koreksi setelah T', :membalik)"
            ),
            {**balik, "dicatat": SETELAH_T, "membalik": asli["id"]},
        )
        _lapor_sebelum_t(c)
        terbuka = (
            c.execute(text("SELECT * FROM kejadian WHERE client_id = 'putar-lama'"))
            .mappings()
            .one()
        )
        # Never changed before (every change since the service audits): its state before the
        # change after T is all the audit row has to give back.
        sebelum = {k: terbuka[k] for k in ("status", "keparahan", "versi", "judul")}
        c.execute(
            text(
                "UPDATE kejadian SET status = 'selesai', keparahan = 'rendah', versi = versi + 1, "
                "diperbarui_pada = :w WHERE id = :id"
            ),
            {"w": SETELAH_T, "id": terbuka["id"]},
        )
        c.execute(
            text(
                "INSERT INTO audit (username, waktu, aksi, entitas, entitas_id, wilayah_kode, "
                "sebelum, sesudah, ip) VALUES ('uji', :w, 'ubah_kejadian', 'kejadian', :id, "
                ":kode, :sebelum, :sesudah, '')"
            ),
            {
                "w": SETELAH_T,
                "id": str(terbuka["id"]),
                "kode": terbuka["wilayah_kode"],
                "sebelum": _json(sebelum),
                "sesudah": _json({**sebelum, "status": "selesai", "keparahan": "rendah"}),
            },
        )
        c.execute(
            text(
                "INSERT INTO kejadian (pemilihan_kode, client_id, wilayah_kode, jenis, keparahan, "
                "status, judul, keterangan, dilaporkan_pada, diperbarui_pada, versi) VALUES "
                "('pilkada2024', 'putar-baru', :kode, 'banjir', 'kritis', 'terbuka', "
                "'Banjir setelah T', '', :w, :w, 1)"
            ),
            {"kode": asli["wilayah_kode"], "w": SETELAH_T},
        )
    return {"wilayah": asli["wilayah_kode"], "kejadian": int(terbuka["id"])}


def _lapor_sebelum_t(c: Connection) -> None:
    """An incident reported three hours before T, in both databases, never changed by T."""
    lapor = T_UTC - dt.timedelta(hours=3)
    c.execute(
        text(
            "INSERT INTO kejadian (pemilihan_kode, client_id, wilayah_kode, jenis, keparahan, "
            "status, judul, keterangan, dilaporkan_pada, diperbarui_pada, versi) VALUES "
            "('pilkada2024', 'putar-lama', "
            "(SELECT MIN(kode) FROM wilayah WHERE tingkat = 3), 'akses_jalan', 'tinggi', "
            "'terbuka', 'Jalan putus sebelum T', '', :w, :w, 1)"
        ),
        {"w": lapor},
    )


def _json(d: dict) -> str:
    return json.dumps(d)


def _bangun_sampai_t(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep only what was recorded by T, recompute with the existing command, set the clock."""
    engine = create_engine(url)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as c:
        if postgres:
            c.execute(text("ALTER TABLE mutasi DISABLE TRIGGER USER"))
        else:
            c.execute(text("DROP TRIGGER mutasi_tolak_delete"))
        # Reversals first: they point at the entries they undo.
        c.execute(text("DELETE FROM mutasi WHERE dicatat_pada > :t AND membalik_id IS NOT NULL"),
                  {"t": T_UTC})  # fmt: skip
        hapus = c.execute(text("DELETE FROM mutasi WHERE dicatat_pada > :t"), {"t": T_UTC})
        assert hapus.rowcount > 0, "T must fall inside the campaign's ledger"
        c.execute(text("DELETE FROM kejadian WHERE dilaporkan_pada > :t"), {"t": T_UTC})
        c.execute(text("UPDATE kampanye SET per_tanggal = :d"), {"d": T.date()})
        _lapor_sebelum_t(c)
        if postgres:
            c.execute(text("ALTER TABLE mutasi ENABLE TRIGGER USER"))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI_KECIL)
    assert cli(["recompute"]) == 1  # it found the summaries of the later entries and fixed them
    assert cli(["recompute", "--periksa-saja"]) == 0


def _kode_wilayah(url: str, wilayah_diubah: str) -> list[str]:
    """The province, every kab/kota, and the kecamatan and a desa the later reversal touched."""
    engine = create_engine(url)
    with engine.connect() as c:
        kab = c.execute(text("SELECT kode FROM wilayah WHERE tingkat = 2 ORDER BY kode")).scalars()
        kode = [PROVINSI_KECIL, *kab]
        desa = c.execute(
            text("SELECT MIN(kode) FROM wilayah WHERE tingkat = 4 AND kode LIKE :k"),
            {"k": wilayah_diubah[:8] + ".%"},
        ).scalar_one()
    engine.dispose()
    return [*kode, wilayah_diubah[:8], max(desa, wilayah_diubah)]


def test_replay_at_t_equals_a_database_built_from_the_entries_up_to_t(
    kampanye_kecil: tuple[Engine, object], salinan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, _info = kampanye_kecil
    url = engine.url.render_as_string(hide_password=False)
    diubah = _tulis_setelah_t(engine)
    engine.dispose()
    _bangun_sampai_t(salinan, monkeypatch)
    kode_semua = _kode_wilayah(url, diubah["wilayah"])

    app = create_app(settings_uji(url, PROVINSI_KECIL))
    with app.server.app_context():
        diputar = {k: putar_ulang.ringkasan_wilayah_per(k, T) for k in kode_semua}
        peta_diputar = {
            (k, m): peta.nilai_peta(k, m, per=T) for k in kode_semua[:-2] for m in METRIK
        }
        kini = tampilan.ringkasan_wilayah(PROVINSI_KECIL)
    app_oracle = create_app(settings_uji(salinan, PROVINSI_KECIL))
    with app_oracle.server.app_context():
        oracle = {k: tampilan.ringkasan_wilayah(k) for k in kode_semua}
        peta_oracle = {(k, m): peta.nilai_peta(k, m) for k in kode_semua[:-2] for m in METRIK}

    for k in kode_semua:
        sama_tampilan(k, diputar[k], oracle[k])
    for kunci, nilai in peta_diputar.items():
        harus = peta_oracle[kunci]
        assert nilai is not None and harus is not None, kunci
        assert bersih(nilai.nilai) == bersih(harus.nilai), kunci
        assert bersih(nilai.baris) == bersih(harus.baris), kunci
        assert (nilai.induk_nama, nilai.tahap_distribusi) == (
            harus.induk_nama,
            harus.tahap_distribusi,
        )

    # The test can tell: today's figures are not those of T, and what happened after T is
    # absent from the replay — the closed incident still open, the later one not there yet.
    assert kini is not None and kini.total != diputar[PROVINSI_KECIL].total  # type: ignore[union-attr]
    provinsi = diputar[PROVINSI_KECIL]
    assert provinsi is not None
    assert diubah["kejadian"] in set(provinsi.kejadian["id"])
    assert "Banjir setelah T" not in set(provinsi.kejadian["judul"])
    assert "koreksi setelah T" not in str(provinsi.mutasi.to_dict())


def test_replay_takes_hminus_and_plan_from_t_and_refuses_a_naive_moment(app_kecil) -> None:
    sebelum = putar_ulang.ringkasan_wilayah_per(PROVINSI_KECIL, T - dt.timedelta(days=2))
    sesudah = putar_ulang.ringkasan_wilayah_per(PROVINSI_KECIL, T)
    assert sebelum is not None and sesudah is not None
    assert putar_ulang.h_pada(T, dt.date(2024, 11, 27)) == -4
    # Two days earlier the plan expected less at every hop, never more.
    for hop, target in sebelum.target.items():
        assert target <= sesudah.target[hop]
    assert sebelum.target != sesudah.target
    with pytest.raises(ValueError):
        putar_ulang.ringkasan_wilayah_per(PROVINSI_KECIL, T.replace(tzinfo=None))


def test_breadcrumb_of_a_replay_stays_in_it_and_live_has_no_parameter(app_kecil) -> None:
    kec = f"{PROVINSI_KECIL}.71.01"
    *_, remah = isi_kepala(f"/wilayah/{kec}", 0, "?urut=nama&per=2024-11-20T18:00")
    href = [i["href"] for i in remah.items if "href" in i]
    assert href == [
        f"/wilayah/{PROVINSI_KECIL}?per=2024-11-20T18:00",
        f"/wilayah/{PROVINSI_KECIL}.71?per=2024-11-20T18:00",
    ]
    *_, remah = isi_kepala(f"/peta/{PROVINSI_KECIL}.71", 0, "")
    assert [i["href"] for i in remah.items if "href" in i] == [f"/peta/{PROVINSI_KECIL}"]


def test_incident_change_since_yesterday_on_the_kpi_card_equals_a_hand_count(
    app_kecil, kampanye_kecil: tuple[Engine, object]
) -> None:
    engine, _info = kampanye_kecil
    with engine.connect() as c:
        lapor = c.execute(text("SELECT MAX(dilaporkan_pada) FROM kejadian")).scalar_one()
        t = (pd.Timestamp(lapor).tz_localize(None) + pd.Timedelta(hours=1)).to_pydatetime()

        def terbuka(sampai: dt.datetime) -> int:
            return c.execute(
                text(
                    "SELECT COUNT(*) FROM kejadian WHERE dilaporkan_pada <= :t "
                    "AND status <> 'selesai'"
                ),
                {"t": sampai},
            ).scalar_one()

        selisih = terbuka(t) - terbuka(t - dt.timedelta(days=1))
    assert selisih > 0, "an incident reported within the day before T"
    per = urls.teks_per(t.replace(tzinfo=dt.UTC))
    kpi = ringkasan.isi_wilayah({"kode": None, "per": per}, None)[1]
    kartu = next(k for k in kpi if getattr(k, "id", None) == "kpi-kejadian")
    teks = str(kartu.children.children[-1].children)
    assert teks == f"▲ {selisih} dibanding kemarin", teks


def test_entries_read_as_text_and_cut_at_t_sum_as_the_ledger_grouped_in_sql(app_kecil) -> None:
    """The replay's in-memory ledger (read once, cut at each T) equals SQL's grouping to T,
    for the campaign and for one kab/kota, on each database kind; a reversal counts negative."""
    kunci = ["wilayah_kode", "jenis_kode", "tahap", "tps_id", "jenis_mutasi", "kondisi", "alasan"]

    def dijumlah(df: pd.DataFrame) -> pd.Series:
        df = df.astype({k: object for k in kunci}).fillna(
            {"tps_id": -1, "kondisi": "", "alasan": ""}
        )
        s = df.groupby(kunci)["jumlah"].sum()
        return s[s != 0].sort_index()

    with db.sesi_baca() as s:
        entri = queries.buku_entri(s)
        assert len(entri) > 0 and str(entri["wilayah_kode"].dtype) == "category"
        kab = str(entri["wilayah_kode"].astype(str).str[:5].iloc[-1])
        for awalan in (None, kab):
            for momen in (T - dt.timedelta(days=3), T):
                sql = queries.buku_per_kelompok(s, sampai=momen, awalan=awalan)
                memori = putar_ulang.entri_sampai(entri, momen, awalan)
                assert len(memori) > 0
                pd.testing.assert_series_equal(dijumlah(memori), dijumlah(sql))
