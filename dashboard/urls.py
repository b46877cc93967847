"""Every route of the app in one place: the templates pages and Flask routes register with,
the builders every link uses, and the few parsers for what must still read a path.

A leaf module: it may import only `dashboard.domain`. Templates use the `<name>` syntax shared by
`dash.register_page(path_template=...)` and Flask's `add_url_rule` (plus Flask converters such
as `<int:tingkat>` for Flask-only routes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypedDict
from urllib.parse import parse_qsl, quote, urlencode

from dashboard.domain.waktu import WIB


class ArgumenHalaman(TypedDict, total=False):
    """A page's route arguments, normalised, as its page store hands them to its callbacks."""

    kode: str | None  # /wilayah/<kode>, /peta/<kode>, /laporan/<kode>, /rute/<kode>,
    # /armada/<kode>, /risiko/<kode>; None: the campaign root
    tahap: str | None  # /rute/<kode>?tahap=pps: the hop whose routes and plan are shown
    nomor: int  # /presentasi/<nomor>
    snapshot: int | None  # ?snapshot=<id>
    putar: str | None  # ?putar=<detik>
    cetak: bool  # ?cetak=1
    urut: str | None  # ?urut=<kolom> or ?urut=-<kolom>: the region table's order (- descending)
    per: str | None  # ?per=YYYY-MM-DDTHH:MM (WIB): replay of /, /wilayah, /peta as of then
    banding: str | None  # /evaluasi?banding=<pemilihan>: the campaign shown beside this one


# --- Dash pages ---------------------------------------------------------------------------
RINGKASAN = "/"
WILAYAH = "/wilayah/<kode>"
STOK = "/stok"
DISTRIBUSI = "/distribusi"
PETA = "/peta"
PETA_WILAYAH = "/peta/<kode>"
INPUT = "/input"
RAPAT = "/rapat"
AUDIT = "/audit"
PRESENTASI = "/presentasi"
PRESENTASI_SLIDE = "/presentasi/<nomor>"
LAPORAN = "/laporan/<kode>"
RUTE = "/rute"
KOORDINASI = "/koordinasi"
RUTE_WILAYAH = "/rute/<kode>"
ARMADA = "/armada"
ARMADA_WILAYAH = "/armada/<kode>"
RISIKO = "/risiko"
RISIKO_WILAYAH = "/risiko/<kode>"
EVALUASI = "/evaluasi"

# --- Flask routes -------------------------------------------------------------------------
MASUK = "/masuk"
KELUAR = "/keluar"
PUBLIK = "/publik"  # readiness for the public, when Settings.halaman_publik
LAPISAN_BATAS = "/geo/<versi>/<induk>/<int:tingkat>.json"
TEMPLAT = "/input/templat/<jenis>.<format_>"
UNDUH_PAKET_RAPAT = "/unduh/paket-rapat.zip"
UNDUH_LAPORAN = "/unduh/laporan/<kode>.<bentuk>"
UNDUH_EVALUASI = "/unduh/evaluasi.<bentuk>"  # xlsx or pdf of the evaluation
BENTUK_EVALUASI = ("xlsx", "pdf")

BENTUK_LAPORAN = ("png", "pdf")
FORMAT_TEMPLAT = ("xlsx", "csv")


def _q(**parameter: object) -> str:
    """A query string of the parameters that are set (None, '' and False are left out)."""
    q = {k: v for k, v in parameter.items() if v not in (None, "", False)}
    return f"?{urlencode(q, safe=':')}" if q else ""


def _segmen(teks: str) -> str:
    """One path segment, refusing anything that would change the route's shape."""
    teks = str(teks)
    if not teks or "/" in teks or teks in (".", ".."):
        raise ValueError(f"Bagian alamat '{teks}' tidak sah")
    return quote(teks, safe=".-_~")


# --- Builders -----------------------------------------------------------------------------
def ringkasan(per: str | None = None) -> str:
    """The overview; `per` (?per=, see per_argumen) replays it as of a past moment."""
    return RINGKASAN + _q(per=per_argumen(per))


def wilayah(kode: str, urut: str | None = None, per: str | None = None) -> str:
    """The region page of any code: /wilayah/33.74.01; `urut` orders its table of children."""
    return f"/wilayah/{_segmen(kode)}" + _q(urut=urut, per=per_argumen(per))


def tabel_urut(kode: str | None, urut: str, per: str | None = None) -> str:
    """The overview ('/', kode None) or a region page with its child table ordered by `urut`
    (a column name, '-' in front for descending)."""
    if kode is None:
        return RINGKASAN + _q(urut=urut, per=per_argumen(per))
    return wilayah(kode, urut, per)


def peta(kode: str | None = None, per: str | None = None) -> str:
    """The map of a region's children: /peta for the campaign root, else /peta/<kode>."""
    return (PETA if kode is None else f"/peta/{_segmen(kode)}") + _q(per=per_argumen(per))


HALAMAN_PUTAR = ("ringkasan", "wilayah", "peta")  # the pages ?per= replays


def dengan_per(alamat: str, per: str | None) -> str:
    """The same link with ?per= set (or removed, `per` None) when it leads to a page that
    replays; any other link is returned unchanged. Its other parameters are kept."""
    jalur, _, kueri = alamat.partition("?")
    rute = uraikan(jalur)
    if rute is None or rute.halaman not in HALAMAN_PUTAR or jalur.startswith(("http", "//")):
        return alamat
    lain = [(k, v) for k, v in parse_qsl(kueri, keep_blank_values=True) if k != "per"]
    nilai = per_argumen(per)
    if nilai:
        lain.append(("per", nilai))
    return jalur + (f"?{urlencode(lain, safe=':')}" if lain else "")


def rute(kode: str | None = None, tahap: str | None = None) -> str:
    """Routes and the vehicle plan: /rute lists the kab/kota, /rute/<kode> shows one;
    `tahap` 'pps' shows PPK→PPS instead of gudang→PPK."""
    awal = RUTE if kode is None else f"/rute/{_segmen(kode)}"
    return awal + _q(tahap=tahap if tahap == "pps" else None)


def armada(kode: str | None = None) -> str:
    """The fleet board: /armada for the province, /armada/<kode> for one kab/kota."""
    return ARMADA if kode is None else f"/armada/{_segmen(kode)}"


def evaluasi(banding: str | None = None) -> str:
    """/evaluasi, with another campaign beside the one shown (?banding=)."""
    return f"{EVALUASI}?{urlencode({'banding': banding})}" if banding else EVALUASI


def unduh_evaluasi(bentuk: str) -> str:
    """The evaluation's download: /unduh/evaluasi.xlsx or /unduh/evaluasi.pdf."""
    return f"/unduh/evaluasi.{bentuk}"


def risiko(kode: str | None = None) -> str:
    """The risk register: /risiko for the province, /risiko/<kode> for one kab/kota."""
    return RISIKO if kode is None else f"/risiko/{_segmen(kode)}"


def tahap_argumen(teks: str | None) -> str:
    """A ?tahap= parameter of /rute: 'pps' (PPK→PPS) or else 'ppk' (gudang→PPK)."""
    return "pps" if (teks or "").strip().lower() == "pps" else "ppk"


def presentasi(
    nomor: int = 1,
    snapshot: int | None = None,
    putar: str | int | None = None,
    cetak: bool = False,
) -> str:
    """A slide, keeping a frozen snapshot and the auto-advance interval ('0' = off).

    `cetak=True` is the print view of every slide (/presentasi?cetak=1), no slide number.
    """
    putar = None if putar in (None, "", "0", 0) else str(putar)
    if cetak:
        return PRESENTASI + _q(cetak=1, snapshot=snapshot, putar=putar)
    if int(nomor) < 1:
        raise ValueError(f"Nomor slide {nomor} tidak sah")
    return f"/presentasi/{int(nomor)}" + _q(snapshot=snapshot, putar=putar)


def laporan(kode: str, snapshot: int | None = None) -> str:
    """The one-page daily report of a kab/kota, live or from a frozen snapshot."""
    return f"/laporan/{_segmen(kode)}" + _q(snapshot=snapshot)


def unduh_laporan(kode: str, bentuk: str, snapshot: int | None = None) -> str:
    """The daily report of a kab/kota as a PNG or PDF download."""
    if bentuk not in BENTUK_LAPORAN:
        raise ValueError(f"Bentuk laporan '{bentuk}' tidak dikenal")
    return f"/unduh/laporan/{_segmen(kode)}.{bentuk}" + _q(snapshot=snapshot)


def unduh_paket_rapat(snapshot: int | None = None) -> str:
    """The meeting pack (slides PDF + workbook), live or from a frozen snapshot."""
    return UNDUH_PAKET_RAPAT + _q(snapshot=snapshot)


def lapisan_batas(versi: str | int, induk: str, tingkat: int) -> str:
    """The boundary GeoJSON of the children at `tingkat` of region `induk`, cache-busted by
    the boundaries' version."""
    return f"/geo/{_segmen(str(versi))}/{_segmen(induk)}/{int(tingkat)}.json"


def templat(jenis: str, format_: str) -> str:
    """The upload template of one kind, as Excel or CSV."""
    if format_ not in FORMAT_TEMPLAT:
        raise ValueError(f"Format templat '{format_}' tidak dikenal")
    return f"/input/templat/{_segmen(jenis)}.{format_}"


def masuk(lanjut: str | None = None) -> str:
    """The login page, returning to `lanjut` afterwards."""
    return MASUK + (f"?next={lanjut}" if lanjut else "")


def keluar() -> str:
    return KELUAR


# --- Page arguments -----------------------------------------------------------------------
def nomor_slide(teks: str | int | None) -> int:
    """The slide number of a /presentasi/<nomor> argument: 1 when missing or not a number."""
    s = str(teks if teks is not None else "").strip()
    return max(int(s), 1) if s.isdigit() else 1


def nomor_snapshot(teks: str | int | None) -> int | None:
    """The snapshot id of a ?snapshot= parameter, or None when missing or not a number."""
    s = str(teks if teks is not None else "").strip()
    return int(s) if s.isdigit() else None


def urut_argumen(teks: str | None) -> str | None:
    """A ?urut= parameter: an optional '-' then a column name of letters and '_'; else None."""
    s = (teks or "").strip()
    nama = s.removeprefix("-")
    return s if nama and nama.replace("_", "").isalpha() and nama.isascii() else None


FORMAT_PER = "%Y-%m-%dT%H:%M"


def per_argumen(teks: str | None) -> str | None:
    """A ?per= parameter normalised to 'YYYY-MM-DDTHH:MM' (WIB, to the minute); a space or a
    dot may stand for 'T' and ':' ('2024-11-20 18.00'); None when missing or not a moment."""
    s = (teks or "").strip().replace(" ", "T").replace(".", ":")
    if "T" not in s:
        s += "T23:59" if len(s) == 10 else ""
    try:
        return dt.datetime.strptime(s[:16], FORMAT_PER).strftime(FORMAT_PER)
    except ValueError:
        return None


def momen_per(teks: str | None) -> dt.datetime | None:
    """The moment (aware, WIB) a ?per= parameter names, or None (live)."""
    s = per_argumen(teks)
    return dt.datetime.strptime(s, FORMAT_PER).replace(tzinfo=WIB) if s else None


def per_kueri(search: str | None) -> str | None:
    """The normalised ?per= of a query string ('?urut=nama&per=...'), or None."""
    return per_argumen(dict(parse_qsl((search or "").lstrip("?"))).get("per"))


def jam_argumen(teks: str | None) -> dt.time | None:
    """A time of day typed as '18.00', '18:00' or '1800'; None when it is not one."""
    s = (teks or "").strip().replace(".", ":")
    if s.isdigit() and len(s) in (3, 4):
        s = f"{s[:-2]}:{s[-2:]}"
    try:
        return dt.datetime.strptime(s, "%H:%M").time()
    except ValueError:
        return None


def teks_per(momen: dt.datetime) -> str:
    """The ?per= value of a moment (converted to WIB, cut to the minute)."""
    return momen.astimezone(WIB).strftime(FORMAT_PER)


def kode_argumen(teks: str | None) -> str | None:
    """A region-code page argument, stripped; None when empty."""
    s = (teks or "").strip()
    return s or None


# --- Parsing ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rute:
    """Which page a path shows and its path arguments (normalised)."""

    halaman: str
    argumen: ArgumenHalaman = field(default_factory=lambda: ArgumenHalaman())

    @property
    def kode(self) -> str | None:
        return self.argumen.get("kode")

    @property
    def kode_wilayah(self) -> str | None:
        """The region a /wilayah/, /peta/, /rute/, /armada/ or /risiko/<kode> page is about."""
        return (
            self.kode if self.halaman in ("wilayah", "peta", "rute", "armada", "risiko") else None
        )


_HALAMAN_TETAP = {
    RINGKASAN: "ringkasan",
    STOK: "stok",
    DISTRIBUSI: "distribusi",
    PETA: "peta",
    INPUT: "input",
    RAPAT: "rapat",
    AUDIT: "audit",
    PRESENTASI: "presentasi",
    RUTE: "rute",
    ARMADA: "armada",
    KOORDINASI: "koordinasi",
    RISIKO: "risiko",
    EVALUASI: "evaluasi",
}
_HALAMAN_KODE = {
    "wilayah": "wilayah",
    "peta": "peta",
    "laporan": "laporan",
    "rute": "rute",
    "armada": "armada",
    "risiko": "risiko",
}


def uraikan(pathname: str | None) -> Rute | None:
    """Read a page path back into its page and arguments; None for an unknown path."""
    path = "/" + (pathname or "/").split("?", 1)[0].strip("/")
    if path in _HALAMAN_TETAP:
        return Rute(_HALAMAN_TETAP[path])
    bagian = path.strip("/").split("/")
    if len(bagian) != 2 or not bagian[1]:
        return None
    awal, arg = bagian
    if awal in _HALAMAN_KODE:
        return Rute(_HALAMAN_KODE[awal], {"kode": arg})
    if awal == "presentasi":
        return Rute("presentasi", {"nomor": nomor_slide(arg)})
    return None


def kode_wilayah(pathname: str | None) -> str | None:
    """The region code in a /wilayah/<kode> or /peta/<kode> path, if any."""
    rute = uraikan(pathname)
    return rute.kode_wilayah if rute is not None else None
