"""The supervisor role (Bawaslu) end to end: reads every page and view, writes nothing.

Accounts are made with the command an operator uses (`users add --peran pengawas`). Every
`daftar.baca` callback answers a pengawas exactly as it answers a Pimpinan; every
`daftar.tulis` callback — enumerated from the app, so a write added later is covered without
touching this file — is refused 403 in the role's words and leaves every table as it was; the
services refuse it too when called past the web edge; the audit page gives it the summary in
its scope and never the values or addresses.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import uuid
from collections.abc import Iterator
from typing import Any

import dash
import pytest
from alembic import command
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard import ids, urls
from dashboard.callbacks.daftar import jenis_callback
from dashboard.db import models
from dashboard.db.engine import alembic_config, buat_engine, migrasi, pembuat_sesi, revisi_skema
from dashboard.db.kampanye import SEMUA_KAMPANYE
from dashboard.domain.akses import PERAN_HANYA_LIHAT
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.extensions import db
from dashboard.factory import create_app, tata_letak_validasi
from dashboard.services import batas_wajar, keputusan, koreksi, pencatatan, presentasi
from dashboard.services.pencatatan import Ditolak, Pelaku
from dashboard.services.presentasi import RapatDitolak
from dashboard.tools import cli
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.kampanye import PROVINSI_KECIL, TERIMA
from tests.support.migrasi import mundur
from tests.support.panggil import badan_callback, id_callback, nilai_awal
from tests.support.pengaturan import settings_uji
from tests.support.postgres import buat_dari_templat, nama_database
from tests.support.server_web import badan_simpan
from tests.support.tulisan import akun

PENGAWAS = "bawaslu.65"  # Bawaslu Provinsi Kalimantan Utara
PENGAWAS_KAB = "bawaslu.6571"  # Bawaslu Kota Tarakan
OPERATOR = "operator.6571"
OPERATOR_LAIN = "operator.6501"
SANDI = "pengawas-rahasia"
PESAN = PERAN_HANYA_LIHAT["pengawas"]

# Each page with the route arguments a reader opens it with.
HALAMAN = [
    ("/", {}),
    ("/wilayah/<kode>", {"kode": "65.71"}),
    ("/peta", {}),
    ("/peta/<kode>", {"kode": "65.71"}),
    ("/stok", {}),
    ("/distribusi", {}),
    ("/presentasi", {}),
    ("/presentasi/<nomor>", {"nomor": "3"}),
    ("/laporan/<kode>", {"kode": "65.71"}),
    ("/rapat", {}),
    ("/input", {}),
    ("/audit", {}),
    ("/rute", {}),
    ("/rute/<kode>", {"kode": "65.71"}),
    ("/armada", {}),
    ("/armada/<kode>", {"kode": "65.71"}),
    ("/koordinasi", {}),
    ("/risiko/<kode>", {"kode": "65.71"}),
    ("/evaluasi", {}),
]


def _alamat(templat: str, argumen: dict[str, str]) -> str:
    for k, v in argumen.items():
        templat = templat.replace(f"<{k}>", v)
    return templat


def _tambah_akun(url: str, *argv: str) -> int:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        mp.setenv("KPU_PROVINSI", PROVINSI_KECIL)
        mp.setattr("sys.stdin", io.StringIO(f"{SANDI}\n"))
        return cli.main(["users", "add", *argv, "--kata-sandi-stdin"])


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def basis(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A copy of the small campaign on each database kind, with a Bawaslu Provinsi and a Bawaslu
    Kab/Kota account made by the command line."""
    nama = None
    if request.param == "sqlite":
        templat, _info = request.getfixturevalue("templat_kecil_sqlite")
        path = tmp_path_factory.mktemp("pengawas") / "kendali.db"
        shutil.copy(templat, path)
        url = f"sqlite:///{path}"
    else:
        server = request.getfixturevalue("postgres_server")
        templat, _info = request.getfixturevalue("templat_kecil_postgres")
        nama = nama_database("pengawas")
        buat_dari_templat(server, nama, templat)
        url = server.url(nama)
    assert _tambah_akun(url, PENGAWAS, "--peran", "pengawas") == 0
    assert _tambah_akun(url, PENGAWAS_KAB, "--peran", "pengawas", "--wilayah", "65.71") == 0
    # Bawaslu has no kecamatan-level account here, and no account outside the province.
    assert _tambah_akun(url, "bawaslu.x", "--peran", "pengawas", "--wilayah", "65.71.01") == 2
    assert _tambah_akun(url, "bawaslu.y", "--peran", "pengawas", "--wilayah", "33.74") == 2
    yield url
    if nama:
        server.drop_database(nama)


@pytest.fixture(scope="module")
def app(basis: str):  # type: ignore[no-untyped-def]
    # Reading needs an account here (LOGIN_WAJIB_BACA): the pengawas is let through as a reader.
    # testing=False: an unexpected error is answered 500 as in production, not raised here.
    # No app context is held open around the requests: Flask would lend it to each of them, and
    # its `g` would carry one request's signed-in account into the next client's request.
    return create_app(
        settings_uji(basis, PROVINSI_KECIL).with_(testing=False, login_wajib_baca=True)
    )


_SESI: dict[tuple[str, str], object] = {}


def _klien(app, username: str):  # type: ignore[no-untyped-def]
    """A client signed in as `username`, once per database (logins are rate-limited)."""
    kunci = (app.server.config["SETTINGS"].database_url, username)
    if kunci not in _SESI:
        c = app.server.test_client()
        sandi = SANDI if username.startswith("bawaslu") else KATA_SANDI_DEMO
        r = c.post("/masuk", data={"username": username, "kata_sandi": sandi})
        assert r.status_code == 302, username
        _SESI[kunci] = c
    return _SESI[kunci]


def _sidik(url: str) -> dict[str, int]:
    """The data version, which every committed write transaction raises, and the rows of every
    table (so a table added later is watched too), with a few sums that updates change."""
    engine = buat_engine(url)
    try:
        ada = set(inspect(engine).get_table_names())  # a migration test steps back a revision
        with pembuat_sesi(engine)() as sesi:
            r = models.Ringkasan

            def satu(stmt: Any) -> Any:
                # Every campaign's rows; and an older schema has no campaign column to limit by.
                return sesi.scalar(stmt.execution_options(**{SEMUA_KAMPANYE: True}))

            hasil = {
                t.name: satu(select(func.count()).select_from(t))
                for t in models.Base.metadata.sorted_tables
                if t.name in ada
            }
            hasil |= {
                "versi_data": satu(select(func.sum(models.VersiData.nilai))),
                "kejadian.versi": satu(select(func.coalesce(func.sum(models.Kejadian.versi), 0))),
                "ringkasan": satu(select(func.sum(r.diterima_baik + r.dikirim + r.disortir))),
                "keputusan selesai": satu(
                    select(func.count()).where(models.Keputusan.status == "selesai")
                ),
            }
            return hasil
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def jejak(app, basis: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Writes by two offices and a meeting decision, so the audit trail has something to sum;
    return an open incident of 65.71, a decision and an entry of 65.71 by id."""
    operator = _klien(app, OPERATOR)
    for n in range(2):
        r = operator.post("/_dash-update-component", json=badan_simpan("65.71", f"jejak-{n}"))
        assert r.status_code == 200 and "Tercatat" in r.get_data(as_text=True)
    lain = _klien(app, OPERATOR_LAIN)
    r = lain.post("/_dash-update-component", json=badan_simpan("65.01", "jejak-lain"))
    assert r.status_code == 200 and "Tercatat" in r.get_data(as_text=True)
    with app.server.app_context():
        kid, _ = pencatatan.lapor_kejadian(
            Pelaku(akun(OPERATOR), PROVINSI_KECIL),
            {"kode_wilayah": "65.71.01", "jenis": "banjir", "keparahan": "tinggi",
             "judul": "Gudang tergenang", "keterangan": "", "jenis_logistik": ""},
            "jejak-kejadian",
        )  # fmt: skip
        nomor = keputusan.tambah(akun("pimpinan.65"), PROVINSI_KECIL, "65.71",
                                 "Kirim ulang segel", "Operator", None)  # fmt: skip
        with db.sesi_baca() as s:
            mutasi = s.scalar(select(func.max(models.Mutasi.id)).where(
                models.Mutasi.wilayah_kode == "65.71"))  # fmt: skip
    return {"kejadian": kid, "keputusan": nomor, "mutasi": int(mutasi or 0)}


def test_the_pengawas_opens_every_page(app) -> None:
    anonim = app.server.test_client()
    assert anonim.get("/stok").status_code == 302  # the read lock is on
    templat = {p.get("path_template") or p["path"] for p in dash.page_registry.values()}
    assert templat <= {t for t, _ in HALAMAN}, "a page without a reading test"
    for username in (PENGAWAS, PENGAWAS_KAB):
        klien = _klien(app, username)
        for t, argumen in HALAMAN:
            assert klien.get(_alamat(t, argumen)).status_code == 200, (username, t)
        assert klien.get("/_dash-layout").status_code == 200


def _nilai_halaman(app) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    """Each page's starting values (the shell's and its own) as the renderer would send them."""
    shell = nilai_awal(app.layout)
    hasil = []
    for t, argumen in HALAMAN:
        (halaman,) = [
            p for p in dash.page_registry.values() if t in (p["path"], p.get("path_template"))
        ]
        with app.server.test_request_context("/"):
            isi = halaman["layout"](**argumen)
        nilai = shell | nilai_awal(dash.html.Div(isi))
        nilai[(ids.URL, "pathname")] = _alamat(t, argumen)
        hasil.append((t, nilai))
    return hasil


def test_every_read_view_answers_the_pengawas_as_it_answers_the_pimpinan(app, jejak) -> None:
    baca = jenis_callback(app.server).baca
    assert len(baca) >= 8
    halaman = _nilai_halaman(app)
    pimpinan = _klien(app, "pimpinan.65")
    dibaca = set()
    for kunci in sorted(baca):
        perlu = id_callback(app, kunci)
        for t, nilai in halaman:
            if not perlu <= {i for i, _ in nilai}:
                continue
            badan = badan_callback(app, kunci, nilai)
            harap = pimpinan.post("/_dash-update-component", json=badan)
            assert harap.status_code in (200, 204), (t, kunci, harap.get_data(as_text=True)[:300])
            for username in (PENGAWAS, PENGAWAS_KAB):
                r = _klien(app, username).post("/_dash-update-component", json=badan)
                assert r.status_code == harap.status_code, (username, t, kunci)
                assert r.get_data() == harap.get_data(), (username, t, kunci)
            dibaca.add(kunci)
    assert dibaca == baca, f"read views no page starts: {baca - dibaca}"


def _badan_tulis(app, kunci: str, jejak: dict[str, int]) -> dict:  # type: ignore[no-untyped-def]
    """A plausible body for a write callback: the real forms' bodies where we have them, the
    callback's own shape with a click otherwise."""
    if kunci.startswith("..tulis-mutasi-hasil"):
        return badan_simpan("65.71", f"pengawas-{uuid.uuid4().hex[:8]}")
    nilai = {
        (ids.KEJADIAN_CLIENT_ID, "data"): f"pengawas-{uuid.uuid4().hex[:8]}",
        (ids.KEJADIAN_WILAYAH, "value"): "65.71.01",
        (ids.KEJADIAN_JENIS, "value"): "banjir",
        (ids.KEJADIAN_KEPARAHAN, "value"): "tinggi",
        (ids.KEJADIAN_JUDUL, "value"): "Laporan pengawas",
        (ids.KEJADIAN_STATUS, "value"): "selesai",
        (ids.KEJADIAN_UBAH_KEPARAHAN, "value"): "rendah",
        (ids.KEJADIAN_VERSI, "data"): 1,
        (ids.KOREKSI_PILIH, "data"): jejak["mutasi"],
        (ids.KOREKSI_ALASAN, "value"): "Salah ketik jumlah pada catatan",
        (ids.KEPUTUSAN_WILAYAH, "value"): "65.71",
        (ids.KEPUTUSAN_ISI, "value"): "Keputusan dari pengawas",
        (ids.KEPUTUSAN_PJ, "value"): "Bawaslu",
        (ids.HALAMAN_ARG, "data"): {"nomor": 1, "snapshot": None},
        (ids.UNGGAH_JENIS, "value"): "terima_penyedia",
    }
    return badan_callback(app, kunci, nilai, cocok=jejak["kejadian"], semua=[jejak["keputusan"]])


@pytest.mark.parametrize("username", [PENGAWAS, PENGAWAS_KAB])
def test_every_write_callback_refuses_the_pengawas_and_writes_nothing(
    app, basis, jejak, username
) -> None:
    tulis = jenis_callback(app.server).tulis
    # The data-entry forms, uploads, corrections, incidents and the meeting's writes.
    for awalan in ("..tulis-mutasi-hasil", "..tulis-unggah-hasil", "..tulis-unggah-laporan",
                   "..tulis-koreksi-hasil", "..tulis-kejadian-hasil",
                   '..{"id":["MATCH"],"type":"tulis-kejadian-ubah-hasil"}',
                   "..keputusan-pesan", "keputusan-versi.data@"):  # fmt: skip
        assert any(k.startswith(awalan) for k in tulis), awalan
    klien = _klien(app, username)
    for kunci in sorted(tulis):
        sebelum = _sidik(basis)
        r = klien.post("/_dash-update-component", json=_badan_tulis(app, kunci, jejak))
        assert r.status_code == 403, (kunci, r.get_data(as_text=True)[:300])
        assert PESAN in r.get_data(as_text=True)
        assert _sidik(basis) == sebelum, kunci


@pytest.mark.parametrize("username", [PENGAWAS, PENGAWAS_KAB])
def test_freezing_the_meeting_figures_is_refused_in_the_page(app, basis, jejak, username) -> None:
    """The freeze button's callback is not a daftar.tulis one (Dash calls it whenever the
    presenter's controls are drawn): its service refuses the pengawas, in the same words."""
    kunci = next(k for k in app.callback_map if k.startswith("..url.search@"))
    assert kunci not in jenis_callback(app.server).tulis
    sebelum = _sidik(basis)
    r = _klien(app, username).post("/_dash-update-component", json=_badan_tulis(app, kunci, jejak))
    assert r.status_code == 200 and PESAN in r.get_data(as_text=True)
    assert _sidik(basis) == sebelum


def test_the_meeting_pack_download_does_not_freeze_figures_for_the_pengawas(app, basis) -> None:
    """Without ?snapshot= the download freezes the figures first (a meeting role's write):
    refused for the pengawas, nothing stored."""
    sebelum = _sidik(basis)
    r = _klien(app, PENGAWAS).get(urls.unduh_paket_rapat())
    assert r.status_code == 403 and "Peran Pengawas hanya dapat melihat" in r.get_data(as_text=True)
    assert _sidik(basis) == sebelum


def test_the_same_bodies_from_the_offices_that_may_write_go_through(app, basis, jejak) -> None:
    """The control: the refusals above are the role, not bodies the app cannot read."""
    operator = _klien(app, OPERATOR)
    for awalan, harap in (("..tulis-mutasi-hasil", "Tercatat"),
                          ("..tulis-kejadian-hasil", "Kejadian tercatat")):  # fmt: skip
        kunci = next(k for k in jenis_callback(app.server).tulis if k.startswith(awalan))
        r = operator.post("/_dash-update-component", json=_badan_tulis(app, kunci, jejak))
        assert r.status_code == 200 and harap in r.get_data(as_text=True), awalan
    kunci = next(k for k in jenis_callback(app.server).tulis if k.startswith("..keputusan-pesan"))
    sebelum = _sidik(basis)
    r = _klien(app, "pimpinan.65").post(
        "/_dash-update-component", json=_badan_tulis(app, kunci, jejak)
    )
    assert r.status_code == 200 and "Keputusan tercatat" in r.get_data(as_text=True)
    assert _sidik(basis)["keputusan"] == sebelum["keputusan"] + 1


@pytest.mark.parametrize("username", [PENGAWAS, PENGAWAS_KAB])
def test_every_service_write_refuses_the_pengawas_past_the_web_edge(
    app, basis, jejak, username
) -> None:
    """Called directly, as a future callback or command might: each write checks the rule."""
    with app.server.app_context():
        a = akun(username)
        pelaku = Pelaku(a, PROVINSI_KECIL)
        sebelum = _sidik(basis)
        nilai_kejadian = {"kode_wilayah": "65.71.01", "jenis": "banjir", "keparahan": "tinggi",
                          "judul": "x", "keterangan": "", "jenis_logistik": ""}  # fmt: skip
        baris = [(2, dict(TERIMA))]
        terima = JenisMutasi.TERIMA_PENYEDIA
        percobaan = [
            lambda: pencatatan.catat(pelaku, terima, TERIMA, "svc-1"),
            lambda: pencatatan.impor(pelaku, terima, baris, terapkan=True),
            lambda: pencatatan.impor(pelaku, terima, baris, terapkan=False),
            lambda: pencatatan.lapor_kejadian(pelaku, nilai_kejadian, "svc-kej"),
            lambda: pencatatan.ubah_kejadian(pelaku, jejak["kejadian"], 1, status="selesai",
                                             keparahan="rendah"),
            lambda: koreksi.koreksi(pelaku, jejak["mutasi"], "Salah ketik jumlah pada catatan"),
            lambda: keputusan.tambah(a, PROVINSI_KECIL, "65.71", "Isi", "Bawaslu", None),
            lambda: keputusan.tandai_selesai(a, jejak["keputusan"]),
            lambda: presentasi.bekukan(PROVINSI_KECIL, a),
            lambda: presentasi.simpan_snapshot(PROVINSI_KECIL, a),
        ]  # fmt: skip
        for i, coba in enumerate(percobaan):
            with pytest.raises((Ditolak, RapatDitolak), match="hanya dapat melihat"):
                coba()
            assert _sidik(basis) == sebelum, i
        # The sanity bound's functions write in their caller's transaction (the command
        # line's): nothing may be added to it, and the test's own transaction is then undone.
        alasan = "Berita acara 12/2024"

        def hitung(s: Session) -> list[int | None]:
            return [
                s.scalar(select(func.count()).select_from(m))
                for m in (models.BatasWajar, models.Audit)
            ]

        with pytest.raises(_Batalkan), db.sesi_tulis() as s:
            awal = hitung(s)
            with pytest.raises(Ditolak, match="hanya dapat melihat"):
                batas_wajar.setel(s, pelaku, "65.71", "KOTAK", 3.0, alasan)
            with pytest.raises(Ditolak, match="hanya dapat melihat"):
                batas_wajar.hapus(s, pelaku, "65.71", "KOTAK", alasan)
            assert hitung(s) == awal and not (s.new or s.dirty or s.deleted)
            raise _Batalkan
        assert _sidik(basis) == sebelum


class _Batalkan(Exception):
    """Leaves a test's own write transaction by rolling it back."""


def _halaman_audit(app, username: str, **saring: object) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """What /audit shows this account, as served: (the summary, the row list)."""
    kunci = next(k for k in app.callback_map if k.startswith(f"..{ids.AUDIT_RINGKASAN}."))
    # The day filter is a date picker: its value is its `date` (ISO), the others' `value`.
    nilai = {(ids.HALAMAN_ARG, "data"): {}} | {
        (getattr(ids, f"AUDIT_{k.upper()}"), "date" if k == "tanggal" else "value"): v
        for k, v in saring.items()
    }
    r = _klien(app, username).post(
        "/_dash-update-component", json=badan_callback(app, kunci, nilai)
    )
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    jawab = r.get_json()["response"]
    ringkasan, tabel = (
        json.dumps(jawab[i]["children"], ensure_ascii=False)
        for i in (ids.AUDIT_RINGKASAN, ids.AUDIT_TABEL)
    )
    return ringkasan, tabel


def _ringkasan(app, username: str, **saring: object) -> str:  # type: ignore[no-untyped-def]
    return _halaman_audit(app, username, **saring)[0]


def _baris_audit(app, username: str) -> str:  # type: ignore[no-untyped-def]
    return _halaman_audit(app, username)[1]


def _hitung_audit(basis: str, wilayah: str | None = None) -> tuple[int, int]:
    """Audit rows and distinct accounts, counted straight from the table."""
    engine = buat_engine(basis)
    try:
        with pembuat_sesi(engine)() as s:
            a = models.Audit
            q = select(func.count(), func.count(func.distinct(a.username)))
            if wilayah:
                q = q.where((a.wilayah_kode == wilayah) | a.wilayah_kode.like(f"{wilayah}.%"))
            jumlah, akun_ = s.execute(q).one()
            return int(jumlah), int(akun_)
    finally:
        engine.dispose()


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_bawaslu_provinsi_reads_the_whole_provinces_audit_summary(app, basis, jejak) -> None:
    isi = _ringkasan(app, PENGAWAS)
    jumlah, akun_ = _hitung_audit(basis)
    assert jumlah >= 5
    assert f"{_angka(jumlah)} penulisan oleh {_angka(akun_)} akun" in isi
    for teks in ("Per hari", "Per kantor", "Per akun", "Catat mutasi", "Lapor kejadian",
                 "Catat keputusan rapat", OPERATOR, OPERATOR_LAIN, "pimpinan.65",
                 "Kota Tarakan (65.71)"):  # fmt: skip
        assert teks in isi, teks
    # The values before and after and the client address stay the admin's.
    assert "127.0.0.1" not in isi and "Gudang tergenang" not in isi and "Sebelum" not in isi
    assert "127.0.0.1" in _baris_audit(app, "admin.65")
    baris = _baris_audit(app, PENGAWAS)
    assert baris == "null"  # no rows at all, and no refusal either: the summary is its view
    # The admin reads the same summary above its rows.
    assert _ringkasan(app, "admin.65") == isi


def test_bawaslu_kabkota_reads_its_own_kabkotas_summary_only(app, basis, jejak) -> None:
    isi = _ringkasan(app, PENGAWAS_KAB)
    jumlah, akun_ = _hitung_audit(basis, "65.71")
    assert f"{_angka(jumlah)} penulisan oleh {_angka(akun_)} akun di Kota Tarakan (65.71)" in isi
    assert OPERATOR in isi and OPERATOR_LAIN not in isi
    luar = _ringkasan(app, PENGAWAS_KAB, wilayah="65.01")
    assert "di luar wilayah tugas" in luar and OPERATOR_LAIN not in luar
    kec = _ringkasan(app, PENGAWAS_KAB, wilayah="65.71.01")
    assert "Lapor kejadian" in kec and "Catat mutasi" not in kec  # the kecamatan's only
    provinsi = _ringkasan(app, PENGAWAS_KAB, wilayah="65")  # wider: held to its own kab/kota
    assert OPERATOR_LAIN not in provinsi


def test_the_summary_follows_the_day_and_action_filters(app, basis, jejak) -> None:
    hari = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    isi = _ringkasan(app, PENGAWAS, aksi="lapor_kejadian", tanggal=hari.isoformat())
    assert "Lapor kejadian" in isi and "Catat mutasi" not in isi
    kosong = _ringkasan(app, PENGAWAS, tanggal="2020-01-01")
    assert "Belum ada penulisan" in kosong


def test_others_get_no_summary(app, jejak) -> None:
    for username in (OPERATOR, "pimpinan.65"):
        assert "penulisan oleh" not in _ringkasan(app, username)
        assert "hanya dapat dilihat Admin Provinsi dan Pengawas" in _baris_audit(app, username)


def test_the_pages_show_the_pengawas_no_form(app) -> None:
    klien = _klien(app, PENGAWAS_KAB)

    def panggil(awalan: str, nilai: dict) -> str:
        kunci = next(k for k in app.callback_map if k.startswith(awalan))
        r = klien.post("/_dash-update-component", json=badan_callback(app, kunci, nilai))
        assert r.status_code == 200, awalan
        return r.get_data(as_text=True)

    masuk = panggil(f"{ids.INPUT_ISI}.", {(ids.HALAMAN_ARG, "data"): {}})
    assert "Peran Pengawas hanya dapat melihat" in masuk and ids.INPUT_SIMPAN not in masuk
    rapat = panggil(f"..{ids.KEPUTUSAN_MASUK}.", {(ids.HALAMAN_ARG, "data"): {},
                                                  (ids.URL, "pathname"): "/rapat"})  # fmt: skip
    assert "Peran Pengawas hanya dapat melihat" in rapat and '"display":"none"' in rapat
    slide = panggil(f"..{ids.PRESENTASI_ISI}.", {
        (ids.HALAMAN_ARG, "data"): {"nomor": 1, "snapshot": None, "putar": None, "cetak": False},
        (ids.PRESENTASI_LAYAR, "data"): {"w": 1366, "h": 768},
    })  # fmt: skip
    assert '"disabled":true' in slide  # the freeze button is shown, but cannot be pressed
    shell = json.loads(panggil(f"..{ids.SHELL_PENGGUNA}.", {(ids.URL, "pathname"): "/"}))
    assert f"'href': '{urls.AUDIT}'" in str(shell)  # the audit link leads to the summary


def test_migration_0015_admits_the_role_and_keeps_refusing_unknown_ones(kampanye_kecil) -> None:
    """On SQLite (the stored definition rewritten) and PostgreSQL (the constraint replaced):
    before 0015 the table refuses a pengawas, after it accepts one and still refuses a role
    nobody knows; going back is refused while a pengawas account exists."""
    engine, _info = kampanye_kecil
    url = engine.url.render_as_string(hide_password=False)

    def sisip(peran: str) -> None:
        with pembuat_sesi(engine)() as s, s.begin():
            s.add(models.Pengguna(username=f"uji.{peran}.{uuid.uuid4().hex[:6]}", nama="Uji",
                                  password_hash="x", peran=peran))  # fmt: skip

    # Back to whichever revision 0015 follows once branches are merged (later ones first).
    mundur(engine, "0015-1")
    assert revisi_skema(engine)[0] != "0015"
    with pytest.raises(IntegrityError):
        sisip("pengawas")
    sebelum = _sidik(url)
    migrasi(engine)
    sesudah = _sidik(url)  # the tables of later revisions are new, and empty
    assert {k: sesudah[k] for k in sebelum} == sebelum
    assert _tambah_akun(url, "bawaslu.migrasi", "--peran", "pengawas", "--wilayah", "65.71") == 0
    with pytest.raises(IntegrityError):
        sisip("raja")
    if engine.dialect.name == "sqlite":
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    kepala = revisi_skema(engine)[0]
    with pytest.raises(RuntimeError, match="pengawas masih ada"):
        command.downgrade(alembic_config(engine), "0015-1")
    assert revisi_skema(engine)[0] == kepala  # nothing stepped back, later revisions neither


def test_no_callback_the_pengawas_can_call_writes_anything(app, basis, jejak) -> None:
    """Every server callback of the app — reads, the pages' own callbacks, the writes — posted
    by the pengawas with a page's values (or a click), leaves every table as it was."""
    halaman = _nilai_halaman(app)
    semua = nilai_awal(tata_letak_validasi(app))
    klien = _klien(app, PENGAWAS_KAB)
    sebelum = _sidik(basis)
    for kunci, cb in sorted(app.callback_map.items()):
        if "callback" not in cb or kunci.startswith(".._pages_"):  # browser's, or Dash's router
            continue
        perlu = id_callback(app, kunci)
        nilai = next((n for _, n in halaman if perlu <= {i for i, _ in n}), semua)
        badan = badan_callback(app, kunci, nilai, cocok=jejak["kejadian"])
        r = klien.post("/_dash-update-component", json=badan)
        assert r.status_code in (200, 204, 403), (kunci, r.get_data(as_text=True)[:300])
        assert _sidik(basis) == sebelum, kunci
