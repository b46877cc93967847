"""dashboard.urls: every route is built in one place and reads back to the same arguments."""

from __future__ import annotations

import pytest
from dash._pages import _parse_path_variables
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

from dashboard import urls
from dashboard.domain.wilayah import KODE_NASIONAL


def _cocok(template: str, path: str) -> dict[str, str] | None:
    """Match a path against a route template as the app's router does: Dash's for its pages,
    Werkzeug's (Flask) for the rest; values as strings."""
    if template in (urls.WILAYAH, urls.PETA_WILAYAH, urls.PRESENTASI_SLIDE, urls.LAPORAN):
        return _parse_path_variables(path, template)
    try:
        _, arg = Map([Rule(template, endpoint="x")]).bind("h").match(path)
    except HTTPException:
        return None
    return {k: str(v) for k, v in arg.items()}


@pytest.mark.parametrize("kode", ["33", "33.74", "33.74.01", "33.74.01.2001", KODE_NASIONAL])
def test_region_pages_round_trip(kode: str) -> None:
    assert urls.wilayah(kode) == f"/wilayah/{kode}"
    assert _cocok(urls.WILAYAH, urls.wilayah(kode)) == {"kode": kode}
    assert urls.uraikan(urls.wilayah(kode)) == urls.Rute("wilayah", {"kode": kode})
    assert urls.kode_wilayah(urls.wilayah(kode)) == kode
    assert urls.peta(kode) == f"/peta/{kode}"
    assert _cocok(urls.PETA_WILAYAH, urls.peta(kode)) == {"kode": kode}
    assert urls.uraikan(urls.peta(kode)) == urls.Rute("peta", {"kode": kode})
    assert urls.kode_wilayah(urls.peta(kode)) == kode


def test_map_root_and_fixed_pages() -> None:
    assert urls.peta() == urls.PETA == "/peta"
    assert urls.uraikan("/peta") == urls.Rute("peta") and urls.kode_wilayah("/peta") is None
    for path, halaman in (
        ("/", "ringkasan"),
        ("/stok", "stok"),
        ("/distribusi", "distribusi"),
        ("/input", "input"),
        ("/rapat", "rapat"),
        ("/audit", "audit"),
        ("/presentasi", "presentasi"),
    ):
        assert urls.uraikan(path) == urls.Rute(halaman)
        assert urls.uraikan(path + "/") == urls.Rute(halaman)  # a trailing slash too
    assert urls.ringkasan() == "/"
    assert urls.kode_wilayah("/") is None


@pytest.mark.parametrize("nomor", [1, 2, 17])
def test_slides_round_trip(nomor: int) -> None:
    path = urls.presentasi(nomor)
    assert path == f"/presentasi/{nomor}"
    assert _cocok(urls.PRESENTASI_SLIDE, path) == {"nomor": str(nomor)}
    assert urls.nomor_slide(_cocok(urls.PRESENTASI_SLIDE, path)["nomor"]) == nomor
    assert urls.uraikan(path) == urls.Rute("presentasi", {"nomor": nomor})


def test_slide_query_keeps_snapshot_and_auto_advance() -> None:
    assert urls.presentasi(3, 12, "30") == "/presentasi/3?snapshot=12&putar=30"
    assert urls.presentasi(3, None, "30") == "/presentasi/3?putar=30"
    assert urls.presentasi(3, 12, "0") == "/presentasi/3?snapshot=12"  # '0' = not advancing
    assert urls.presentasi(3, None, None) == "/presentasi/3"
    assert urls.presentasi(cetak=True, snapshot=5) == "/presentasi?cetak=1&snapshot=5"
    assert urls.presentasi(cetak=True) == "/presentasi?cetak=1"


@pytest.mark.parametrize(
    ("teks", "nomor"), [("1", 1), ("4", 4), ("0", 1), ("", 1), (None, 1), ("x", 1), ("-2", 1)]
)
def test_slide_number_argument(teks: str | None, nomor: int) -> None:
    assert urls.nomor_slide(teks) == nomor


@pytest.mark.parametrize(("teks", "sid"), [("7", 7), (7, 7), ("", None), (None, None), ("x", None)])
def test_snapshot_argument(teks: object, sid: int | None) -> None:
    assert urls.nomor_snapshot(teks) == sid  # type: ignore[arg-type]


def test_region_argument() -> None:
    assert urls.kode_argumen(" 33.74 ") == "33.74"
    assert urls.kode_argumen("") is None and urls.kode_argumen(None) is None


def test_daily_report_and_downloads_round_trip() -> None:
    assert urls.laporan("33.74") == "/laporan/33.74"
    assert urls.laporan("33.74", 9) == "/laporan/33.74?snapshot=9"
    assert _cocok(urls.LAPORAN, urls.laporan("33.74")) == {"kode": "33.74"}
    assert urls.uraikan(urls.laporan("33.74")) == urls.Rute("laporan", {"kode": "33.74"})
    for bentuk in ("png", "pdf"):
        path = urls.unduh_laporan("33.74", bentuk)
        assert path == f"/unduh/laporan/33.74.{bentuk}"
        assert _cocok(urls.UNDUH_LAPORAN, path) == {"kode": "33.74", "bentuk": bentuk}
    assert urls.unduh_laporan("33.74", "pdf", 4) == "/unduh/laporan/33.74.pdf?snapshot=4"
    assert urls.unduh_paket_rapat() == urls.UNDUH_PAKET_RAPAT == "/unduh/paket-rapat.zip"
    assert urls.unduh_paket_rapat(3) == "/unduh/paket-rapat.zip?snapshot=3"


@pytest.mark.parametrize(("induk", "tingkat"), [("33", 2), ("33.74", 3), (KODE_NASIONAL, 2)])
def test_boundary_layers_round_trip(induk: str, tingkat: int) -> None:
    path = urls.lapisan_batas("abc123", induk, tingkat)
    assert path == f"/geo/abc123/{induk}/{tingkat}.json"
    assert _cocok(urls.LAPISAN_BATAS, path) == {
        "versi": "abc123",
        "induk": induk,
        "tingkat": str(tingkat),
    }


@pytest.mark.parametrize("format_", ["xlsx", "csv"])
def test_templates_round_trip(format_: str) -> None:
    path = urls.templat("terima", format_)
    assert path == f"/input/templat/terima.{format_}"
    assert _cocok(urls.TEMPLAT, path) == {"jenis": "terima", "format_": format_}


def test_login_links() -> None:
    assert urls.masuk() == "/masuk" and urls.keluar() == "/keluar"
    assert urls.masuk(urls.INPUT) == "/masuk?next=/input"


@pytest.mark.parametrize(
    "path", [None, "", "/tidak-ada", "/wilayah", "/wilayah/", "/wilayah/33/74", "/x/33.74"]
)
def test_unknown_paths(path: str | None) -> None:
    rute = urls.uraikan(path)
    assert rute is None or rute.halaman == "ringkasan"  # None and '' are the root
    assert urls.kode_wilayah(path) is None


@pytest.mark.parametrize("buruk", ["", "33/74", "..", "."])
def test_bad_segments_are_refused(buruk: str) -> None:
    with pytest.raises(ValueError):
        urls.wilayah(buruk)
    with pytest.raises(ValueError):
        urls.peta(buruk)
    with pytest.raises(ValueError):
        urls.laporan(buruk)
    with pytest.raises(ValueError):
        urls.lapisan_batas("v", buruk, 2)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        urls.presentasi(0)
    with pytest.raises(ValueError):
        urls.unduh_laporan("33.74", "gif")
    with pytest.raises(ValueError):
        urls.templat("terima", "exe")
    with pytest.raises(ValueError):
        urls.lapisan_batas("v", "33", "dua")  # type: ignore[arg-type]


def test_codes_are_escaped_not_trusted() -> None:
    assert urls.wilayah("33 74") == "/wilayah/33%2074"
    assert urls.wilayah("a?b") == "/wilayah/a%3Fb"


def test_leaf_module() -> None:
    """urls imports nothing of the project but the pure domain."""
    import ast
    from pathlib import Path

    pohon = ast.parse(Path(urls.__file__).read_text())
    for n in ast.walk(pohon):
        if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("dashboard"):
            assert n.module.startswith("dashboard.domain"), n.module
        if isinstance(n, ast.Import):
            assert not any(a.name.startswith("dashboard") for a in n.names)


@pytest.mark.parametrize(
    ("teks", "urut"),
    [("indeks", "indeks"), ("-kejadian_aktif", "-kejadian_aktif"), (" nama ", "nama"),
     (None, None), ("", None), ("-", None), ("nama;drop", None), ("../x", None), ("indéks", None)],
)  # fmt: skip
def test_order_argument_takes_only_a_column_name(teks: str | None, urut: str | None) -> None:
    assert urls.urut_argumen(teks) == urut


def test_region_table_order_links_keep_the_page() -> None:
    assert urls.tabel_urut(None, "indeks") == "/?urut=indeks"
    assert urls.tabel_urut("33.74", "-indeks") == "/wilayah/33.74?urut=-indeks"
    assert urls.wilayah("33.74") == "/wilayah/33.74"
