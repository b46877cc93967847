"""Forged /_dash-update-component bodies, on SQLite and PostgreSQL: each gets a 4xx, none writes.

A tampered browser or a script can send the callback endpoint anything: another office's region
in the form state, a callback that does not exist, a body Dash would choke on, no session, a
session it forged, another site's page. Every case below is answered 4xx and leaves the ledger,
the audit trail, the incidents and the summaries exactly as they were; the same body for the
operator's own region is then accepted, so the refusals are the scope checks and not a broken
request.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.factory import create_app
from dashboard.tools.demo import KATA_SANDI_DEMO, bangun_demo
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji
from tests.support.server_web import badan_simpan

OPERATOR = "operator.6571"  # Kota Tarakan, 65.71


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def basis(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A small campaign on each database kind, shared by the module (nothing may change it)."""
    nama = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('palsu') / 'kendali.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        nama = f"palsu_{uuid.uuid4().hex[:10]}"
        url = server.create_database(nama)
    engine = buat_engine(url, bulk=True)
    bangun_demo(engine, PROVINSI_KECIL, "pilkada2024", dt.date(2024, 11, 24), seed=7)
    engine.dispose()
    yield url
    if nama:
        server.drop_database(nama)


@pytest.fixture(scope="module")
def app(basis: str):
    # testing=False: an unexpected error is answered 500 as in production, not raised here.
    return create_app(settings_uji(basis, PROVINSI_KECIL).with_(testing=False))


def _sidik(url: str) -> tuple:
    """Everything a refused request must leave untouched."""
    engine = buat_engine(url)
    try:
        with pembuat_sesi(engine)() as s:
            r = models.Ringkasan
            return (
                s.scalar(select(func.count()).select_from(models.Mutasi)),
                s.scalar(select(func.count()).select_from(models.Audit)),
                s.scalar(select(func.count()).select_from(models.Kejadian)),
                s.scalar(select(func.coalesce(func.sum(models.Kejadian.versi), 0))),
                s.scalar(select(func.sum(r.diterima_baik + r.dikirim + r.disortir))),
            )
    finally:
        engine.dispose()


_SESI: dict[tuple[int, str], object] = {}


def _klien(app, username: str | None = OPERATOR):  # type: ignore[no-untyped-def]
    """A client signed in as `username` (once per app: logins are rate-limited), or anonymous."""
    if username is None:
        return app.server.test_client()
    kunci = (id(app), username)
    if kunci not in _SESI:
        c = app.server.test_client()
        r = c.post("/masuk", data={"username": username, "kata_sandi": KATA_SANDI_DEMO})
        assert r.status_code == 302
        _SESI[kunci] = c
    return _SESI[kunci]


def _id_teks(i: object) -> str:
    return json.dumps(i, sort_keys=True, separators=(",", ":")) if isinstance(i, dict) else str(i)


def _badan(app, awalan: str, masukan: list, keadaan: list, cocok: object = None) -> dict:  # type: ignore[no-untyped-def]
    """The body the Dash renderer sends for the callback whose output key starts with `awalan`
    (or whose first input is the component `awalan`).

    `cocok` fills the MATCH wildcard of a pattern-matching callback (e.g. an incident id).
    """
    kunci = next(
        k
        for k, v in app.callback_map.items()
        if k.startswith(awalan) or v["inputs"][0]["id"] == awalan
    )
    cb = app.callback_map[kunci]

    def id_(teks: str) -> object:
        if not teks.startswith("{"):
            return teks
        return {k: (cocok if v == ["MATCH"] else v) for k, v in json.loads(teks).items()}

    keluaran = []
    for bagian in kunci.strip(".").split("..."):
        i, p = bagian.split("@")[0].rsplit(".", 1)
        keluaran.append({"id": id_(i), "property": p})

    def daftar(spesifikasi: list, nilai: list) -> list:
        return [
            {"id": id_(s["id"]), "property": s["property"], "value": v}
            for s, v in zip(spesifikasi, nilai, strict=True)
        ]

    m = daftar(cb["inputs"], masukan)
    return {
        "output": kunci,
        "outputs": keluaran if len(keluaran) > 1 else keluaran[0],
        "inputs": m,
        "changedPropIds": [f"{_id_teks(m[0]['id'])}.{m[0]['property']}"],
        "state": daftar(cb["state"], keadaan),
    }


def _lapor(app, wilayah: str, client_id: str = "palsu-kej") -> dict:  # type: ignore[no-untyped-def]
    return _badan(
        app,
        "..tulis-kejadian-hasil",
        [1],
        [client_id, wilayah, "banjir", "tinggi", "Gudang tergenang", "", None],
    )


def _ubah(app, kejadian_id: int, versi: int) -> dict:  # type: ignore[no-untyped-def]
    return _badan(
        app,
        '..{"id":["MATCH"],"type":"tulis-kejadian-ubah-hasil"}',
        [1],
        ["selesai", "rendah", "ditutup dari luar", versi],
        cocok=kejadian_id,
    )


def _kejadian_tetangga(url: str) -> tuple[int, int]:
    """An incident of another kab/kota than the operator's (65.71) and its version."""
    engine = buat_engine(url)
    try:
        with pembuat_sesi(engine)() as s:
            k = s.scalars(
                select(models.Kejadian).where(~models.Kejadian.wilayah_kode.like("65.71%"))
            ).first()
            assert k is not None, "the demo has incidents outside 65.71"
            return k.id, k.versi
    finally:
        engine.dispose()


def _kirim_ke_ppk(kecamatan: str) -> dict:
    b = badan_simpan("65.71", "palsu-ppk")
    nilai = {s["id"]: s for s in b["state"]}
    nilai["input-jenis"]["value"] = "kirim"
    nilai["input-tahap"]["value"] = "ppk"
    nilai["input-kecamatan"]["value"] = kecamatan
    nilai["input-jumlah"]["value"] = "1"
    return b


def _ubah_badan(ubah):  # type: ignore[no-untyped-def]
    def buat(app) -> dict:  # type: ignore[no-untyped-def]
        b = badan_simpan("65.71", f"palsu-{uuid.uuid4().hex[:8]}")
        ubah(b, app)
        return b

    return buat


# (name, who is signed in, body builder or raw bytes, expected status)
KASUS = [
    ("kab/kota lain di state", OPERATOR, lambda app: badan_simpan("65.01", "palsu-1"), 403),
    ("provinsi lain di state", OPERATOR, lambda app: badan_simpan("33.74", "palsu-2"), 403),
    ("kecamatan kab/kota lain", OPERATOR, lambda app: _kirim_ke_ppk("65.01.01"), 403),
    ("kejadian di wilayah lain", OPERATOR, lambda app: _lapor(app, "65.01.01"), 403),
    ("pimpinan mencatat", "pimpinan.65", lambda app: badan_simpan("65.71", "palsu-3"), 403),
    ("output tidak dikenal", OPERATOR, _ubah_badan(
        lambda b, app: b.update(output="..tulis-tidak-ada.children..")), 400),
    ("output callback lain", OPERATOR, _ubah_badan(
        lambda b, app: b.update(output=next(
            k for k in app.callback_map if k.startswith("..tulis-kejadian-hasil")))), 400),
    ("output bukan teks", OPERATOR, _ubah_badan(lambda b, app: b.update(output=5)), 400),
    ("outputs kurang satu", OPERATOR, _ubah_badan(lambda b, app: b["outputs"].pop()), 400),
    ("callback sisi peramban", OPERATOR, _ubah_badan(lambda b, app: b.update(
        output=next(k for k in app.callback_map if k.startswith("url.search@")))), 400),
    ("state hilang", OPERATOR, _ubah_badan(lambda b, app: b.pop("state")), 400),
    ("state bukan daftar", OPERATOR, _ubah_badan(lambda b, app: b.update(state="65.01")), 400),
    ("state kurang satu", OPERATOR, _ubah_badan(lambda b, app: b["state"].pop()), 400),
    ("inputs kosong", OPERATOR, _ubah_badan(lambda b, app: b.update(inputs=[])), 400),
    ("inputs bukan objek", OPERATOR, _ubah_badan(lambda b, app: b.update(inputs=[1])), 400),
    ("changedPropIds bukan daftar", OPERATOR,
     _ubah_badan(lambda b, app: b.update(changedPropIds="input-simpan.n_clicks")), 400),
    ("badan bukan JSON", OPERATOR, b"\x00bukan json{", 400),
    ("badan JSON daftar", OPERATOR, b"[1, 2, 3]", 400),
    ("badan JSON null", OPERATOR, b"null", 400),
    ("badan kosong", OPERATOR, b"", 400),
    ("tanpa sesi", None, lambda app: badan_simpan("65.71", "palsu-4"), 401),
    ("tanpa sesi, kejadian", None, lambda app: _lapor(app, "65.71.01", "palsu-kej-2"), 401),
]  # fmt: skip


@pytest.mark.parametrize(("nama", "akun", "badan", "status"), KASUS, ids=[k[0] for k in KASUS])
def test_a_forged_callback_body_gets_a_4xx_and_writes_nothing(
    app, basis, nama, akun, badan, status
) -> None:
    klien = _klien(app, akun)
    sebelum = _sidik(basis)
    data = badan if isinstance(badan, bytes) else json.dumps(badan(app)).encode()
    r = klien.post("/_dash-update-component", data=data, content_type="application/json")
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    if status == 403:
        assert "di luar wilayah tugas" in r.get_data(as_text=True) or "hanya dapat melihat" in (
            r.get_data(as_text=True)
        )
    assert _sidik(basis) == sebelum


def test_closing_another_offices_incident_is_refused(app, basis) -> None:
    kid, versi = _kejadian_tetangga(basis)
    klien = _klien(app)
    sebelum = _sidik(basis)
    r = klien.post("/_dash-update-component", json=_ubah(app, kid, versi))
    assert r.status_code == 403 and "di luar wilayah tugas" in r.get_data(as_text=True)
    assert _sidik(basis) == sebelum
    # The admin provinsi may: the same body is a real, working request.
    admin = _klien(app, "admin.65")
    r = admin.post("/_dash-update-component", json=_ubah(app, kid, versi))
    assert r.status_code == 200 and "Tersimpan" in r.get_data(as_text=True)
    sesudah = _sidik(basis)
    assert sesudah[1] == sebelum[1] + 1 and sesudah[3] == sebelum[3] + 1


def test_a_forged_or_foreign_session_cannot_write(app, basis) -> None:
    sebelum = _sidik(basis)
    badan = json.dumps(badan_simpan("65.71", "palsu-5"))
    # A cookie signed with another key is no session at all.
    palsu = app.server.test_client()
    palsu.set_cookie("session", "eyJfdXNlcl9pZCI6IjEifQ.ZmFrZQ.bm90LXNpZ25lZA", domain="localhost")
    r = palsu.post("/_dash-update-component", data=badan, content_type="application/json")
    assert r.status_code == 401
    # A real session, but the request comes from another site's page.
    klien = _klien(app)
    for tajuk in ({"Origin": "https://jahat.example"}, {"Referer": "https://jahat.example/x"}):
        r = klien.post(
            "/_dash-update-component", data=badan, content_type="application/json", headers=tajuk
        )
        assert r.status_code == 403
    assert _sidik(basis) == sebelum


def test_the_same_body_for_the_operators_own_region_is_accepted(app, basis) -> None:
    """The control: the refusals above are the checks, not a request the app cannot read."""
    klien = _klien(app)
    sebelum = _sidik(basis)
    cid = f"sah-{uuid.uuid4().hex[:8]}"
    r = klien.post("/_dash-update-component", json=badan_simpan("65.71", cid))
    assert r.status_code == 200 and "Tercatat" in r.get_data(as_text=True)
    r = klien.post("/_dash-update-component", json=_lapor(app, "65.71.01", f"kej-{cid}"))
    assert r.status_code == 200 and "Kejadian tercatat" in r.get_data(as_text=True)
    sesudah = _sidik(basis)
    assert sesudah[:3] == (sebelum[0] + 1, sebelum[1] + 2, sebelum[2] + 1)


def test_an_overlong_incident_submission_id_is_refused_in_words(app, basis) -> None:
    """The column holds 64 characters: a longer forged id is refused, not a database error."""
    klien = _klien(app)
    sebelum = _sidik(basis)
    r = klien.post("/_dash-update-component", json=_lapor(app, "65.71.01", "x" * 65))
    assert r.status_code == 200 and "terlalu panjang" in r.get_data(as_text=True)
    assert _sidik(basis) == sebelum


def _rapat(url: str) -> tuple[int, int, int]:
    engine = buat_engine(url)
    try:
        with pembuat_sesi(engine)() as s:
            return (
                s.scalar(select(func.count()).select_from(models.Keputusan)),
                s.scalar(select(func.count()).select_from(models.Snapshot)),
                s.scalar(select(func.count()).select_from(models.Audit)),
            )
    finally:
        engine.dispose()


@pytest.mark.parametrize("akun", [None, OPERATOR])
def test_forged_meeting_writes_by_others_than_the_leadership_write_nothing(
    app, basis, akun
) -> None:
    """Decisions and frozen figures belong to Pimpinan and Admin Provinsi (presenter code
    answers the refusal in the page, 200; what matters here is that nothing is written)."""
    klien = _klien(app, akun)
    sebelum = _rapat(basis)
    keputusan = _badan(
        app, "..keputusan-pesan.children", [1], ["65.71", "Kirim ulang segel", "Operator", None, 0]
    )
    r = klien.post("/_dash-update-component", json=keputusan)
    assert r.status_code < 500 and "tercatat" not in r.get_data(as_text=True)
    bekukan = _badan(app, "presentasi-bekukan", [1], [{"nomor": 1, "snapshot": None}])
    r = klien.post("/_dash-update-component", json=bekukan)
    assert r.status_code < 500
    assert _rapat(basis) == sebelum
