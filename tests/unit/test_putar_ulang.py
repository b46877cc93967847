"""Replay's URL argument (?per=), the links that keep it, and the change since yesterday."""

from __future__ import annotations

import datetime as dt

import pytest
from dash import dcc, html

from dashboard import urls
from dashboard.components.putar_ulang import format_selisih, tanda_hari, tautan_per
from dashboard.domain.banding import selisih_kpi


@pytest.mark.parametrize(
    ("teks", "normal"),
    [
        ("2024-11-20T18:00", "2024-11-20T18:00"),
        ("2024-11-20 18.00", "2024-11-20T18:00"),
        (" 2024-11-20T18:00:59 ", "2024-11-20T18:00"),
        ("2024-11-20", "2024-11-20T23:59"),  # a day alone: as that day ended
        ("2024-11-20T25:00", None),
        ("2024-02-30T10:00", None),
        ("kemarin", None),
        ("", None),
        (None, None),
    ],
)
def test_per_argument_is_normalised_or_dropped(teks: str | None, normal: str | None) -> None:
    assert urls.per_argumen(teks) == normal


def test_per_names_a_wib_moment_and_round_trips() -> None:
    momen = urls.momen_per("2024-11-20T18:00")
    assert momen == dt.datetime(2024, 11, 20, 11, 0, tzinfo=dt.UTC)
    assert momen is not None and momen.utcoffset() == dt.timedelta(hours=7)
    assert urls.teks_per(dt.datetime(2024, 11, 20, 11, 0, 30, tzinfo=dt.UTC)) == "2024-11-20T18:00"
    assert urls.momen_per(None) is None


def test_builders_keep_per_on_the_pages_that_replay() -> None:
    per = "2024-11-20T18:00"
    assert urls.ringkasan(per) == "/?per=2024-11-20T18:00"
    assert urls.wilayah("33.20", per=per) == "/wilayah/33.20?per=2024-11-20T18:00"
    assert (
        urls.wilayah("33.20", "-indeks", per) == "/wilayah/33.20?urut=-indeks&per=2024-11-20T18:00"
    )
    assert urls.peta(per=per) == "/peta?per=2024-11-20T18:00"
    assert urls.peta("33.20", per) == "/peta/33.20?per=2024-11-20T18:00"
    assert urls.tabel_urut(None, "nama", per) == "/?urut=nama&per=2024-11-20T18:00"
    # Live: no parameter at all; a broken one is dropped, never passed on.
    assert urls.wilayah("33.20") == "/wilayah/33.20"
    assert urls.peta("33.20", "bukan-waktu") == "/peta/33.20"
    rute = urls.uraikan("/wilayah/33.20?per=2024-11-20T18:00")
    assert rute is not None and (rute.halaman, rute.kode) == ("wilayah", "33.20")


def test_dengan_per_sets_replaces_and_removes_only_on_replay_pages() -> None:
    per = "2024-11-21T07:30"
    assert urls.dengan_per("/wilayah/33.20?urut=nama", per) == (
        "/wilayah/33.20?urut=nama&per=2024-11-21T07:30"
    )
    assert urls.dengan_per("/peta/33.20?per=2024-11-20T18:00", per) == (
        "/peta/33.20?per=2024-11-21T07:30"
    )
    assert urls.dengan_per("/wilayah/33.20?urut=nama&per=2024-11-20T18:00", None) == (
        "/wilayah/33.20?urut=nama"
    )
    assert urls.dengan_per("/?per=2024-11-20T18:00", None) == "/"
    for lain in ("/stok", "/laporan/33.20", "/presentasi/2?snapshot=3", "/input"):
        assert urls.dengan_per(lain, per) == lain


def test_per_is_read_from_a_query_string() -> None:
    assert urls.per_kueri("?urut=nama&per=2024-11-20T18:00") == "2024-11-20T18:00"
    assert urls.per_kueri("per=2024-11-20T18%3A00") == "2024-11-20T18:00"
    assert urls.per_kueri("?urut=nama") is None and urls.per_kueri(None) is None


@pytest.mark.parametrize(
    ("teks", "jam"),
    [("18.00", dt.time(18)), ("07:05", dt.time(7, 5)), ("930", dt.time(9, 30)), ("24.00", None),
     ("sore", None), (None, None)],
)  # fmt: skip
def test_time_box_reads_indonesian_and_colon_times(teks: str | None, jam: dt.time | None) -> None:
    assert urls.jam_argumen(teks) == jam


def test_links_in_a_replayed_piece_keep_per_and_others_are_left_alone() -> None:
    isi = html.Div(
        [
            dcc.Link("Demak", href="/wilayah/33.21"),
            html.Table(html.Tr(html.Td(dcc.Link("Urut", href="/?urut=nama")))),
            dcc.Link("Stok", href="/stok"),
            html.A("Peta", href="/peta/33.21"),
        ]
    )
    tautan_per(isi, "2024-11-20T18:00")
    href = [isi.children[0].href, isi.children[1].children.children.children.href,
            isi.children[2].href, isi.children[3].href]  # fmt: skip
    assert href == [
        "/wilayah/33.21?per=2024-11-20T18:00",
        "/?urut=nama&per=2024-11-20T18:00",
        "/stok",
        "/peta/33.21?per=2024-11-20T18:00",
    ]
    hidup = dcc.Link("Demak", href="/wilayah/33.21")
    assert tautan_per(hidup, None).href == "/wilayah/33.21"


def test_change_since_yesterday_against_hand_counts() -> None:
    kemarin = {"indeks": 0.6125, "stok": 0.9, "sortir": 1.0, "terima_ppk": 0.25,
               "terima_pps": None, "tps_lengkap": 120, "kejadian_aktif": 3}  # fmt: skip
    kini = {"indeks": 0.7, "stok": 0.9, "sortir": 1.0, "terima_ppk": 0.5,
            "terima_pps": 0.125, "tps_lengkap": 410, "kejadian_aktif": 1}  # fmt: skip
    s = selisih_kpi(kini, kemarin)
    assert s["indeks"] == pytest.approx(8.75)  # 70,0% − 61,25%: 8,75 points
    assert s["terima_ppk"] == pytest.approx(25.0)
    assert s["stok"] == 0 and s["sortir"] == 0
    assert s["terima_pps"] is None  # no figure yesterday: no made-up change
    assert s["tps_lengkap"] == 290 and s["kejadian_aktif"] == -2
    # No incident open and no TPS complete are real zeros, not missing figures.
    assert selisih_kpi({"kejadian_aktif": 2}, {})["kejadian_aktif"] == 2
    assert format_selisih("indeks", s["indeks"]) == "▲ 8,8 poin"
    assert format_selisih("terima_ppk", -0.04) == "tetap"
    assert format_selisih("stok", -1.25) == "▼ 1,3 poin"
    assert format_selisih("tps_lengkap", 1290) == "▲ 1.290"
    assert format_selisih("kejadian_aktif", -2) == "▼ 2"
    assert format_selisih("kejadian_aktif", None) is None


def test_slider_labels_first_and_last_day_and_every_week_back() -> None:
    tanda = tanda_hari(dt.date(2024, 9, 28), dt.date(2024, 11, 24))
    assert tanda[0]["label"] == "28-09" and tanda[57]["label"] == "24-11"
    assert sorted(tanda) == [0, 8, 15, 22, 29, 36, 43, 50, 57]
    assert tanda_hari(dt.date(2024, 11, 24), dt.date(2024, 11, 24)) == {0: {"label": "24-11"}}


def test_ledger_text_keeps_codes_that_look_like_numbers() -> None:
    """Early in a campaign a kab/kota's entries are all at its gudang ("33.10"): read as text
    they must stay codes, not become the number 33.1."""
    from dashboard.db.queries import _baca_teks

    kolom = [("wilayah_kode", None, "category"), ("jumlah", None, "int64")]
    df = _baca_teks(["33.10,5\n33.10,2", "33.74,3"], kolom)
    assert list(df["wilayah_kode"].astype(str)) == ["33.10", "33.10", "33.74"]
    assert list(df["jumlah"]) == [5, 2, 3]
