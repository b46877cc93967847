"""Routes (/rute): the map of routes coloured by mode or risk, the legs table hardest first,
the vehicle plan, road closures, and the province's list of kab/kota with their plan status.

Components take plain values and the services' frozen records (read through the small
protocols below): they never reach for data themselves.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import dash_bootstrap_components as dbc
import dash_leaflet as dl
from dash import dcc, html
from dash.development.base_component import Component
from dash_extensions.javascript import Namespace

from dashboard import ids, urls
from dashboard.components.kelola_rute import panel_kelola
from dashboard.domain.angka import format_angka, format_durasi, format_km
from dashboard.domain.armada import BATAS_PERJALANAN, BATAS_URUTAN
from dashboard.domain.bahaya import GAYA_BAHAYA, TAHAP_RUTE, WARNA_RISIKO, legenda_bahaya
from dashboard.domain.bahaya import TINGKAT_RISIKO as RISIKO
from dashboard.domain.jaringan import ALASAN_TUTUP
from dashboard.domain.waktu import WIB, format_wib

ns = Namespace("dashExtensions", "kendali")
HARI = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")

MODA = {"darat": "Darat", "laut": "Laut", "udara": "Udara"}
WARNA_MODA = {"darat": "#1565c0", "laut": "#00897b", "udara": "#8e24aa"}


class KakiTampil(Protocol):
    @property
    def moda(self) -> str: ...
    @property
    def jarak_km(self) -> float: ...
    @property
    def waktu_jam(self) -> float: ...
    @property
    def jalur(self) -> Sequence[tuple[float, float]]: ...
    @property
    def keterangan(self) -> str: ...


class RuteTampil(Protocol):
    @property
    def tahap(self) -> str: ...
    @property
    def asal_kode(self) -> str: ...
    @property
    def tujuan_kode(self) -> str: ...
    @property
    def tujuan_nama(self) -> str: ...
    @property
    def jarak_km(self) -> float: ...
    @property
    def waktu_jam(self) -> float: ...
    @property
    def moda(self) -> tuple[str, ...]: ...
    @property
    def kaki(self) -> Sequence[KakiTampil]: ...
    @property
    def terjangkau(self) -> bool: ...
    @property
    def berangkat_paling_lambat(self) -> dt.datetime | None: ...


def _data_kode(kode: str) -> dict[str, Any]:
    """A row's region code as data-kode (a wildcard attribute Dash's signatures do not list),
    for the browser tests and assistive technology."""
    return {"data-kode": kode}


def _tombol_radio(id_: str, pilihan: Mapping[str, str], nilai: str) -> dbc.RadioItems:
    return dbc.RadioItems(
        id=id_,
        options=[{"label": label, "value": k} for k, label in pilihan.items()],
        value=nilai,
        inline=True,
        className="kendali-metrik",
        inputClassName="btn-check",
        labelClassName="btn btn-outline-primary btn-sm",
        labelCheckedClassName="active",
    )


def tata_letak_kabkota(tahap: str, tile_url: str = "") -> html.Div:
    """The frame of one kab/kota's routes; callbacks fill the map, the tables and the plan."""
    lapisan: list[Component] = [
        # Land under everything: offline there are no tiles, and a route over the sea to an
        # island must read as a crossing, not a line on a blank page.
        dl.GeoJSON(id=ids.RUTE_DARATAN, url=None, style=ns("gayaDaratan"), interactive=False),
        dl.GeoJSON(id=ids.RUTE_BAHAYA, data=None, style=ns("gayaBahaya"),
                   onEachFeature=ns("setiapRute"), hideout=GAYA_BAHAYA),
        dl.GeoJSON(id=ids.RUTE_GEOJSON, data=None, style=ns("gayaRute"),
                   pointToLayer=ns("titikRute"), onEachFeature=ns("setiapRute"),
                   zoomToBounds=True, hideout=hideout_rute("moda")),
    ]  # fmt: skip
    if tile_url:
        lapisan.insert(0, dl.TileLayer(url=tile_url))
    peta = dl.Map(
        lapisan,
        id=ids.RUTE_MAP,
        center=(-2.5, 118.0),
        zoom=5,
        zoomSnap=0.25,
        zoomAnimation=False,
        style={"height": "100%", "width": "100%"},
        className="kendali-peta",
        attributionControl=False,
    )
    alat = html.Div(
        [
            html.Div(id=ids.RUTE_JUDUL, className="me-auto"),
            _tombol_radio(ids.RUTE_TAHAP, TAHAP_RUTE, tahap),
            _tombol_radio(ids.RUTE_WARNA, {"moda": "Warna: moda", "risiko": "Warna: risiko"},
                          "moda"),
            dbc.Button([html.I(className="bi bi-arrow-up-left me-1"), "Semua kab/kota"],
                       href=urls.rute(), color="secondary", size="sm", outline=True),
        ],
        className="d-flex align-items-center gap-2 mb-2 flex-wrap",
    )  # fmt: skip
    return html.Div(
        [
            dcc.Store(id=ids.RUTE_VERSI, data=0),
            dcc.Store(id=ids.RUTE_TITIK, data=None),
            alat,
            html.Div(
                [
                    html.Div(
                        [peta, html.Div(id=ids.RUTE_LEGENDA, className="kendali-legenda")],
                        className="kendali-panel kendali-peta-bingkai kendali-peta-rute",
                    ),
                    html.Div(id=ids.RUTE_TABEL, className="kendali-panel kendali-sisi-rute-tabel"),
                ],
                className="kendali-rute-atas mb-3",
            ),
            html.Div(id=ids.RUTE_PESAN, role="status", className="mb-2"),
            html.Div(
                [
                    html.Div(
                        [
                            tombol_rencana(),
                            html.Div(id=ids.RUTE_RENCANA),
                            html.Div(id=ids.RUTE_SUNTING),
                        ],
                        className="kendali-panel kendali-panel-rencana",
                    ),
                    html.Div(_panel_tutup(), className="kendali-panel"),
                ],
                className="kendali-rute-bawah",
            ),
        ]
    )


def _panel_tutup() -> list[Component]:
    """The road-closure form (shown to accounts that may write) and the list of closures."""
    isian = html.Div(
        [
            html.P(
                [html.I(className="bi bi-hand-index me-1"),
                 "Klik peta pada ruas jalan yang tidak bisa dilalui, lalu pilih sebabnya."],
                className="small mb-2",
            ),
            html.Div(id=ids.RUTE_TITIK_TEKS, className="small mb-2"),
            dbc.Label("Sebab penutupan", html_for=ids.RUTE_TUTUP_ALASAN, className="mb-0"),
            dbc.Select(id=ids.RUTE_TUTUP_ALASAN, value="banjir",
                       options=[{"label": v, "value": k} for k, v in ALASAN_TUTUP.items()],
                       className="mb-2"),
            dbc.Label("Keterangan", html_for=ids.RUTE_TUTUP_KET, className="mb-0"),
            dbc.Input(id=ids.RUTE_TUTUP_KET, placeholder="mis. jembatan Kali Serang terendam",
                      maxLength=500, className="mb-2"),
            dbc.Button([html.I(className="bi bi-sign-stop me-1"), "Tutup ruas di titik ini"],
                       id=ids.RUTE_TUTUP, color="danger", size="sm"),
        ],
        id=ids.RUTE_TUTUP_ISIAN,
        style={"display": "none"},
    )  # fmt: skip
    return [
        html.H2("Ruas tertutup", className="kendali-h2"),
        isian,
        html.Div(id=ids.RUTE_DAFTAR_TUTUP, className="mt-3"),
    ]


def tata_letak_provinsi() -> html.Div:
    """The province's routes view: each kab/kota with its network, hardest place and plan;
    then the province-wide data routes run over, water/air legs and hazard zones."""
    return html.Div([html.Div(id=ids.RUTE_PROVINSI, className="kendali-panel"), panel_kelola()])


def hideout_rute(menurut: str, terpilih: str | None = None) -> dict[str, object]:
    """Colours for the route layer's style function (assets/peta.js `gayaRute`)."""
    return {
        "menurut": menurut,
        "warna_moda": WARNA_MODA,
        "warna_risiko": WARNA_RISIKO,
        "warna_titik": WARNA_RISIKO if menurut == "risiko" else {},
        "terpilih": terpilih,
    }


def _garis(jalur: Sequence[tuple[float, float]]) -> list[list[float]]:
    return [[round(lon, 5), round(lat, 5)] for lat, lon in jalur]


def _titik(
    lat: float, lon: float, jenis: str, teks: str, kode: str = "", risiko: str = ""
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": {"jenis": jenis, "teks": teks, "tujuan_kode": kode, "risiko": risiko},
    }


def teks_rute(r: RuteTampil, risiko: str | None = None) -> str:
    """One route in words, for the map's tooltip: destination, time, distance, modes, risk."""
    baris = [r.tujuan_nama]
    if not r.terjangkau:
        baris.append("tak terjangkau (jalan tertutup atau tanpa lintasan)")
    else:
        moda = " + ".join(MODA.get(m, m) for m in r.moda)
        baris.append(f"{format_durasi(r.waktu_jam)} · {format_km(r.jarak_km)} · {moda}")
    if r.berangkat_paling_lambat is not None:
        baris.append(f"berangkat paling lambat {format_wib(r.berangkat_paling_lambat)}")
    if risiko:
        baris.append(f"risiko: {risiko}")
    return "\n".join(baris)


def fitur_rute(
    rute: Sequence[RuteTampil],
    risiko: Mapping[str, str],
    teks_risiko: Mapping[str, str],
    titik: Mapping[str, tuple[float, float]],
    asal: Mapping[str, str],
    tertutup: Sequence[tuple[float, float, str]] = (),
) -> dict[str, Any]:
    """The route layer: one line per leg (mode, risk), a point per destination and per origin,
    and a red point per closed road. `titik` maps region codes to (lat, lon); `asal` names
    the origins (the gudang, or each PPK)."""
    fitur: list[dict[str, Any]] = []
    for r in rute:
        tingkat = risiko.get(r.tujuan_kode, "")
        for k in r.kaki:
            if len(k.jalur) < 2:
                continue
            fitur.append({
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": _garis(k.jalur)},
                "properties": {
                    "moda": k.moda,
                    "risiko": tingkat,
                    "tujuan_kode": r.tujuan_kode,
                    "perkiraan": "perkiraan" in k.keterangan,
                    "teks": f"{k.keterangan}\n{format_durasi(k.waktu_jam)} · "
                            f"{format_km(k.jarak_km)}\nmenuju {r.tujuan_nama}",
                },
            })  # fmt: skip
        if r.tujuan_kode in titik:
            lat, lon = titik[r.tujuan_kode]
            fitur.append(
                _titik(lat, lon, r.tahap, teks_rute(r, teks_risiko.get(r.tujuan_kode)),
                       r.tujuan_kode, tingkat)
            )  # fmt: skip
    for kode, nama in asal.items():
        if kode in titik:
            lat, lon = titik[kode]
            fitur.append(_titik(lat, lon, "gudang", nama, kode))
    for lat, lon, teks in tertutup:
        fitur.append(_titik(lat, lon, "tertutup", teks))
    return {"type": "FeatureCollection", "features": fitur}


def legenda_rute(
    menurut: str, perkiraan: bool, jenis_bahaya: Sequence[str] = ()
) -> list[Component]:
    """The legend of the route map for the chosen colouring, and the hazard kinds drawn."""
    warna, label = (WARNA_RISIKO, RISIKO) if menurut == "risiko" else (WARNA_MODA, MODA)
    baris = [
        html.Div([html.Span(className="kendali-warna", style={"background": warna[k]}), v],
                 className="kendali-legenda-baris")
        for k, v in label.items()
    ]  # fmt: skip
    baris.append(
        html.Div([html.Span(className="kendali-warna kendali-warna-tutup"), "ruas tertutup"],
                 className="kendali-legenda-baris")
    )  # fmt: skip
    for label_bahaya, warna_bahaya in legenda_bahaya(jenis_bahaya):
        baris.append(
            html.Div([html.Span(className="kendali-warna kendali-warna-zona",
                                style={"background": warna_bahaya}),
                      f"zona {label_bahaya.lower()}"], className="kendali-legenda-baris")
        )  # fmt: skip
    if perkiraan:
        baris.append(html.Div("garis putus-putus: rute perkiraan (dari titik desa, bukan peta "
                              "jalan)", className="kendali-legenda-catatan"))  # fmt: skip
    judul = "Risiko rute" if menurut == "risiko" else "Moda"
    return [html.Div(judul, className="fw-semibold mb-1"), *baris]


def lencana_risiko(tingkat: str | None, teks: str = "") -> Component:
    """A risk grade as a coloured badge, its reason as the tooltip."""
    if not tingkat:
        return html.Span("–", className="text-muted")
    return html.Span(
        RISIKO.get(tingkat, tingkat),
        className=f"kendali-chip kendali-risiko-{tingkat}",
        title=teks or None,
    )


def tabel_rute(
    rute: Sequence[RuteTampil],
    risiko: Mapping[str, str],
    teks_risiko: Mapping[str, str],
    tahap: str,
    sumber: str,
) -> list[Component]:
    """The legs of the hop, hardest to reach first, with the latest departure."""
    judul = TAHAP_RUTE[tahap]
    sumber_teks = (
        "rute perkiraan (dari titik desa; impor peta jalan OSM untuk rute sebenarnya)"
        if sumber == "perkiraan" else "jaringan jalan OpenStreetMap"
    )  # fmt: skip
    kepala = html.Thead(
        html.Tr(
            [
                html.Th("Tujuan"),
                html.Th("Waktu", className="text-end"),
                html.Th("Moda"),
                html.Th("Risiko"),
                html.Th("Berangkat paling lambat", className="kendali-th-sempit"),
            ]
        )
    )
    isi = []
    for r in rute:
        isi.append(
            html.Tr(
                [
                    html.Td(dcc.Link(r.tujuan_nama, href=urls.wilayah(r.tujuan_kode))),
                    html.Td([format_durasi(r.waktu_jam),
                             html.Div(format_km(r.jarak_km), className="kendali-sel-ket")],
                            className="text-end text-nowrap"),
                    html.Td(ikon_moda(r.moda) if r.terjangkau else "—", className="text-nowrap"),
                    html.Td(lencana_risiko(risiko.get(r.tujuan_kode),
                                           teks_risiko.get(r.tujuan_kode, ""))),
                    html.Td(_waktu_singkat(r.berangkat_paling_lambat), className="text-nowrap"),
                ],
                className="" if r.terjangkau else "kendali-sel-telat",
                **_data_kode(r.tujuan_kode),
            )
        )  # fmt: skip
    tak = sum(1 for r in rute if not r.terjangkau)
    catatan = [f"{len(rute)} tujuan, tersulit di atas · {sumber_teks}"]
    if tak:
        catatan.append(f"{tak} tidak terjangkau — periksa ruas tertutup dan lintasan laut/udara")
    return [
        html.H2(f"Rute {judul}", className="kendali-h2"),
        html.Div(" · ".join(catatan), className="small text-muted mb-2"),
        html.Div(
            dbc.Table([kepala, html.Tbody(isi)], size="sm", hover=True, className="mb-0",
                      id=ids.TABEL_RUTE + "-legs"),
            className="kendali-gulir",
        ),
    ]  # fmt: skip


IKON_MODA = {"darat": "bi-truck", "laut": "bi-water", "udara": "bi-airplane"}


def ikon_moda(moda: Sequence[str]) -> html.Span:
    """The modes of a route as icons in order (truck, ship, aircraft), named for screen readers."""
    label: dict[str, Any] = {"aria-label": " + ".join(MODA.get(m, m) for m in moda)}
    return html.Span(
        [html.I(className=f"bi {IKON_MODA.get(m, 'bi-signpost')} me-1", title=MODA.get(m, m),
                style={"color": WARNA_MODA.get(m)}) for m in moda],
        **label,
    )  # fmt: skip


def _waktu_singkat(waktu: dt.datetime | None) -> str:
    """A departure deadline as 'Kam 21-11 07.51' (the page says WIB once, in its header)."""
    if waktu is None:
        return "–"
    w = waktu.astimezone(WIB)
    return f"{HARI[w.weekday()]} {w:%d-%m %H.%M}"


def daftar_tutup(baris: Sequence[Mapping[str, Any]], boleh: bool) -> list[Component]:
    """The active road closures, each with its reason, who and when, and an Open button."""
    if not baris:
        return [html.Div("Tidak ada ruas tertutup.", className="text-muted small")]
    item = []
    for b in baris:
        tombol = (
            dbc.Button("Buka", id={"type": ids.RUTE_BUKA, "id": int(b["id"])}, size="sm",
                       color="secondary", outline=True, className="ms-auto")
            if boleh else None
        )  # fmt: skip
        item.append(
            html.Li(
                html.Div(
                    [
                        html.Div([
                            html.Strong(ALASAN_TUTUP.get(b["alasan"], b["alasan"])),
                            " · ", b["tempat"],
                            html.Div(f"{b['keterangan']} — {b['oleh']}, {b['pada']}",
                                     className="small text-muted"),
                        ]),
                        tombol,
                    ],
                    className="d-flex align-items-start gap-2",
                ),
                className="list-group-item",
            )
        )  # fmt: skip
    return [html.Ul(item, className="list-group")]


def tabel_provinsi(baris: Sequence[Mapping[str, Any]]) -> list[Component]:
    """Every kab/kota: network source, places cut off, the hardest place and the first latest
    departure, risky routes, fleet, and whether a vehicle plan is accepted (those without
    first)."""
    kepala = html.Thead(html.Tr([
        html.Th("Kabupaten/Kota"), html.Th("Rencana armada"), html.Th("Tempat tersulit"),
        html.Th("Waktu", className="text-end"), html.Th("Berangkat paling lambat"),
        html.Th("Rute rawan", className="text-end"), html.Th("Armada siap", className="text-end"),
        html.Th("Cadangan", className="text-end"), html.Th("Jaringan"),
    ]))  # fmt: skip
    isi = []
    for b in baris:
        diterima = b.get("rencana_diterima")
        status = (
            html.Span("Diterima", className="kendali-chip kelas-siap")
            if diterima
            else html.Span("Belum ada rencana diterima", className="kendali-chip kelas-kritis")
        )
        waktu = b.get("tersulit_jam")
        isi.append(html.Tr([
            html.Td(dcc.Link(b["nama"], href=urls.rute(b["kode"]))),
            html.Td(status),
            html.Td([b.get("tersulit_nama") or "–",
                     html.Div(f"{b['tak_terjangkau']} tempat tak terjangkau",
                              className="small text-danger") if b.get("tak_terjangkau") else None]),
            html.Td(format_durasi(waktu) if waktu is not None and not math.isnan(waktu) else "–",
                    className="text-end text-nowrap"),
            html.Td(b.get("berangkat") or "–", className="text-nowrap"),
            html.Td(format_angka(b.get("rawan")), className="text-end"),
            html.Td(format_angka(b.get("armada_siap")), className="text-end"),
            html.Td(format_angka(b.get("cadangan")), className="text-end"),
            html.Td("OSM" if b.get("sumber") == "osm" else "perkiraan",
                    className="small text-muted"),
        ], **_data_kode(b["kode"])))  # fmt: skip
    belum = sum(1 for b in baris if not b.get("rencana_diterima"))
    return [
        html.H2("Rute dan rencana armada per kabupaten/kota", className="kendali-h2"),
        html.Div(
            f"{belum} dari {len(baris)} kab/kota belum punya rencana armada yang diterima",
            className="small mb-2 " + ("text-danger fw-semibold" if belum else "text-muted"),
        ),
        dbc.Table([kepala, html.Tbody(isi)], size="sm", hover=True, responsive=True,
                  className="mb-0"),
    ]  # fmt: skip


class SinggahRencana(Protocol):
    @property
    def nama(self) -> str: ...
    @property
    def perjalanan(self) -> int: ...
    @property
    def tiba(self) -> dt.datetime: ...
    @property
    def volume_liter(self) -> int: ...
    @property
    def berat_kg(self) -> int: ...
    @property
    def kunci(self) -> str: ...
    @property
    def urutan(self) -> int: ...
    @property
    def moda(self) -> str: ...
    @property
    def bagian(self) -> str: ...


class KendaraanArmada(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def moda(self) -> str: ...
    @property
    def siap(self) -> bool: ...
    @property
    def kapasitas_liter(self) -> int: ...
    @property
    def kapasitas_kg(self) -> int: ...


class KendaraanRencana(Protocol):
    @property
    def kendaraan_id(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def cadangan(self) -> bool: ...
    @property
    def siap(self) -> bool: ...
    @property
    def terkunci(self) -> bool: ...
    @property
    def berangkat(self) -> dt.datetime: ...
    @property
    def singgah(self) -> Sequence[SinggahRencana]: ...


class RencanaPanel(Protocol):
    @property
    def rencana_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def dibuat_pada(self) -> dt.datetime: ...
    @property
    def ada_diterima(self) -> bool: ...
    @property
    def batas(self) -> dt.datetime: ...
    @property
    def kendaraan(self) -> Sequence[KendaraanRencana]: ...
    @property
    def tidak_terlayani(self) -> Sequence[tuple[str, str]]: ...
    @property
    def pelanggaran(self) -> Sequence[str]: ...
    @property
    def perubahan(self) -> Sequence[str]: ...
    @property
    def armada(self) -> Sequence[KendaraanArmada]: ...
    @property
    def sidik(self) -> str: ...


def tombol_rencana() -> html.Div:
    """The plan's actions, shown (by a callback) to accounts that may plan here; the write
    callbacks refuse everyone else anyway."""
    return html.Div(
        [
            dbc.Button([html.I(className="bi bi-cpu me-1"), "Susun usulan rencana"],
                       id=ids.RUTE_SUSUN, color="primary", size="sm"),
            dbc.Button([html.I(className="bi bi-check2-circle me-1"), "Terima usulan"],
                       id=ids.RUTE_TERIMA, color="success", size="sm"),
            dbc.Button([html.I(className="bi bi-pencil-square me-1"), "Ubah rencana"],
                       id=ids.RUTE_UBAH, color="primary", outline=True, size="sm"),
            dbc.Button([html.I(className="bi bi-arrow-repeat me-1"), "Rencana ulang"],
                       id=ids.RUTE_ULANG, color="warning", size="sm"),
            dbc.Checkbox(id=ids.RUTE_SELURUH, value=False, className="ms-2 small",
                         label="muat seluruh kebutuhan (merencanakan sebelum kiriman dimulai)"),
        ],
        id=ids.RUTE_TOMBOL,
        className="kendali-tombol-rencana",
        style={"display": "none"},
    )  # fmt: skip


# A phone draws the plan table as cards (assets/kendali.css): this cell names itself there.
_LABEL_BERANGKAT: dict[str, Any] = {"data-label": "Berangkat"}


def panel_rencana(
    r: RencanaPanel | None, tahap: str, boleh: bool, armada_href: str
) -> list[Component]:
    """The vehicle plan of the hop: status, what changed, faults, each vehicle's trips in order
    with arrival times and loads, and what cannot be served."""
    hop = TAHAP_RUTE[tahap]
    kepala = html.Div(
        [
            html.H2(f"Rencana armada {hop}", className="kendali-h2 me-auto mb-0"),
            dcc.Link([html.I(className="bi bi-truck-front me-1"), "Papan armada"],
                     href=armada_href, className="small"),
        ],
        className="d-flex align-items-center gap-2 mb-2",
    )  # fmt: skip
    if r is None:
        return [kepala, html.Div("Belum ada rencana armada untuk tahap ini.",
                                 className="kendali-chip kelas-kritis")]  # fmt: skip
    if r.status == "diterima":
        status = html.Span("Diterima", className="kendali-chip kelas-siap")
    else:
        status = html.Span(
            "Usulan, belum diterima" + (" (rencana diterima sebelumnya masih berlaku)"
                                        if r.ada_diterima else ""),
            className="kendali-chip kelas-waspada",
        )  # fmt: skip
    info = html.Div(
        [status, html.Span(f" Rencana #{r.rencana_id} · disusun {format_wib(r.dibuat_pada)} · "
                           f"selesai paling lambat {format_wib(r.batas)}",
                           className="small text-muted")],
        className="mb-2",
    )  # fmt: skip
    isi: list[Component] = [kepala, info]
    if not r.kendaraan and not r.tidak_terlayani:
        isi.append(
            html.Div(
                "Tidak ada muatan tersisa untuk tahap ini: semua tujuan sudah "
                'menerima kebutuhannya. Centang "muat seluruh kebutuhan" untuk '
                "merencanakan seluruh kiriman.",
                className="small text-muted",
            )
        )
    if r.perubahan:
        isi.append(dbc.Alert([html.Strong("Yang berubah: "),
                              html.Ul([html.Li(x) for x in r.perubahan], className="mb-0")],
                             color="info", className="py-2"))  # fmt: skip
    if r.pelanggaran:
        isi.append(dbc.Alert([html.Strong("Rencana ini tidak lagi berlaku: "),
                              html.Ul([html.Li(x) for x in r.pelanggaran], className="mb-0")],
                             color="danger", className="py-2"))  # fmt: skip
    baris = []
    for k in r.kendaraan:
        perjalanan: dict[int, list[SinggahRencana]] = {}
        for x in k.singgah:
            perjalanan.setdefault(x.perjalanan, []).append(x)
        urutan = [
            html.Div(
                [html.Span(f"Perjalanan {n}: ", className="fw-semibold"),
                 " → ".join(f"{x.nama} ({_waktu_singkat(x.tiba)})" for x in daftar)],
                className="small",
            )
            for n, daftar in sorted(perjalanan.items())
        ]  # fmt: skip
        liter = sum(x.volume_liter for x in k.singgah)
        kg = sum(x.berat_kg for x in k.singgah)
        kunci = (
            dbc.Button("Buka kunci" if k.terkunci else "Kunci",
                       id={"type": ids.RUTE_KUNCI, "kendaraan": k.kendaraan_id},
                       size="sm", color="secondary", outline=not k.terkunci)
            if boleh else (html.I(className="bi bi-lock-fill") if k.terkunci else None)
        )  # fmt: skip
        baris.append(html.Tr([
            html.Td([k.label,
                     html.Div("rusak — perlu rencana ulang", className="small text-danger")
                     if not k.siap else None]),
            html.Td(_waktu_singkat(k.berangkat), className="text-nowrap", **_LABEL_BERANGKAT),
            html.Td(urutan),
            html.Td([f"{format_angka(liter)} L", html.Div(f"{format_angka(kg)} kg",
                                                         className="kendali-sel-ket")],
                    className="text-end text-nowrap"),
            html.Td(kunci),
        ], **_data_kode(str(k.kendaraan_id))))  # fmt: skip
    if baris:
        isi.append(html.Div(dbc.Table(
            [html.Thead(html.Tr([html.Th("Kendaraan"), html.Th("Berangkat"),
                                 html.Th("Urutan tujuan (tiba)"), html.Th("Muatan",
                                 className="text-end"), html.Th("")])),
             html.Tbody(baris)],
            size="sm", className="mb-2 kendali-tabel-rencana", id=ids.RUTE_RENCANA + "-tabel",
        ), className="table-responsive"))  # fmt: skip
    if r.tidak_terlayani:
        isi.append(dbc.Alert([html.Strong(f"{len(r.tidak_terlayani)} tujuan tidak terlayani: "),
                              html.Ul([html.Li(f"{n}: {w}") for n, w in r.tidak_terlayani],
                                      className="mb-0")],
                             color="warning", className="py-2"))  # fmt: skip
    return isi


def _kapasitas(k: KendaraanArmada) -> str:
    return f"{format_angka(k.kapasitas_liter)} L · {format_angka(k.kapasitas_kg)} kg"


def _pilihan_kendaraan(
    x: SinggahRencana, sekarang: int, armada: Sequence[KendaraanArmada], terkunci: set[int]
) -> list[dict[str, str]]:
    """The vehicles a stop may go to: those of the mode its place needs, ready and not locked
    (its own vehicle always, even broken, so the form shows where it is)."""
    return [
        {"label": k.label + ("" if k.siap else " (rusak)") + f" — {_kapasitas(k)}",
         "value": str(k.id)}
        for k in armada
        if k.id == sekarang or (k.moda == x.moda and k.siap and k.id not in terkunci)
    ]  # fmt: skip


def _isian_sunting(judul: str, kontrol: Component, kelas: str) -> html.Label:
    """One of a stop's boxes, its name as a label (shown above it on a phone; on a wider
    screen the column headings say it)."""
    return html.Label(
        [html.Span(judul, className="kendali-sunting-label"), kontrol],
        className=f"kendali-sunting-isian {kelas} mb-0",
    )


def _baris_sunting(
    x: SinggahRencana, k: KendaraanRencana, armada: Sequence[KendaraanArmada], terkunci: set[int]
) -> html.Div:
    """One stop of the edit form: its place and load, then its vehicle, trip and order (or,
    on a locked route, where it stays)."""
    ket = " · ".join(
        t for t in (x.bagian, f"{format_angka(x.volume_liter)} L",
                    f"{format_angka(x.berat_kg)} kg", f"tiba {_waktu_singkat(x.tiba)}") if t
    )  # fmt: skip
    tujuan = html.Div(
        [html.Span(x.nama, className="fw-semibold"), html.Div(ket, className="kendali-sel-ket")],
        className="kendali-sunting-tujuan",
    )
    if k.terkunci:
        tetap = html.Div(
            f"{k.label}, perjalanan {x.perjalanan}, urutan {x.urutan}",
            className="kendali-sunting-tetap small text-muted",
        )
        return html.Div([tujuan, tetap], className="kendali-sunting-baris", **_data_kunci(x.kunci))
    kunci = {"singgah": x.kunci}
    kendaraan = dbc.Select(
        id={"type": ids.RUTE_SUNTING_KENDARAAN, **kunci},
        options=_pilihan_kendaraan(x, k.kendaraan_id, armada, terkunci),
        value=str(k.kendaraan_id),
        size="sm",
    )
    perjalanan = dbc.Input(
        id={"type": ids.RUTE_SUNTING_PERJALANAN, **kunci},
        type="number",
        min=1,
        max=BATAS_PERJALANAN,
        step=1,
        value=x.perjalanan,
        size="sm",
    )
    urutan = dbc.Input(id={"type": ids.RUTE_SUNTING_URUTAN, **kunci}, type="number", min=1,
                       max=BATAS_URUTAN, step=1, value=x.urutan, size="sm")  # fmt: skip
    return html.Div(
        [
            tujuan,
            _isian_sunting("Kendaraan", kendaraan, "kendali-sunting-kendaraan"),
            _isian_sunting("Perjalanan", perjalanan, "kendali-sunting-angka"),
            _isian_sunting("Urutan", urutan, "kendali-sunting-angka"),
        ],
        className="kendali-sunting-baris",
        **_data_kunci(x.kunci),
    )


def _berangkat_sunting(k: KendaraanRencana) -> html.Div:
    """A vehicle's departure from the gudang, as a day and a WIB time one may change."""
    kunci = {"kendaraan": k.kendaraan_id}
    waktu = k.berangkat.astimezone(WIB)
    return html.Div(
        [
            html.Span("Berangkat dari gudang", className="small"),
            html.Label(
                [html.Span("Tanggal", className="visually-hidden"),
                 dbc.Input(id={"type": ids.RUTE_SUNTING_TANGGAL, **kunci},
                           value=f"{waktu:%d-%m-%Y}", placeholder="20-11-2024", maxLength=10,
                           size="sm", className="kendali-sunting-tanggal")],
                className="mb-0",
            ),
            html.Label(
                [html.Span("Jam", className="visually-hidden"),
                 dbc.Input(id={"type": ids.RUTE_SUNTING_JAM, **kunci}, value=f"{waktu:%H.%M}",
                           placeholder="07.00", maxLength=5, inputMode="decimal", size="sm",
                           className="kendali-sunting-jam")],
                className="mb-0",
            ),
            html.Span("WIB", className="small text-muted"),
        ],
        className="kendali-sunting-berangkat",
    )  # fmt: skip


def _data_kunci(kunci: str) -> dict[str, Any]:
    """A stop's form key as data-singgah, for the browser tests."""
    return {"data-singgah": kunci}


# The form's column headings repeat what each box's own label says to a screen reader.
_SEMBUNYI_DARI_PEMBACA: dict[str, Any] = {"aria-hidden": "true"}


def formulir_sunting(r: RencanaPanel, tahap: str) -> list[Component | None]:
    """The plan's edit form: every stop grouped under the vehicle that carries it now, each
    with its vehicle, trip and place in the trip's order; locked routes shown, not editable.
    Saving recomputes the arrival times and checks the plan again (services.armada.sunting)."""
    hop = TAHAP_RUTE[tahap]
    terkunci = {k.kendaraan_id for k in r.kendaraan if k.terkunci}
    per_id = {k.id: k for k in r.armada}
    kelompok: list[Component] = []
    for k in r.kendaraan:
        unit = per_id.get(k.kendaraan_id)
        kepala: list[Component | str] = [html.Span(k.label, className="fw-semibold")]
        if unit is not None:
            kepala.append(html.Span(f" · kapasitas {_kapasitas(unit)} per perjalanan",
                                    className="small text-muted"))  # fmt: skip
        if k.terkunci:
            kepala.append(html.Div(
                [html.I(className="bi bi-lock-fill me-1"),
                 "Rute terkunci: tidak diubah di sini. Tekan Batal, lalu Buka kunci di tabel "
                 "rencana untuk mengubahnya."],
                className="small text-muted",
            ))  # fmt: skip
        else:
            kepala.append(_berangkat_sunting(k))
            if not k.siap:
                kepala.append(html.Div("Rusak: pindahkan tujuannya ke kendaraan lain.",
                                       className="small text-danger"))  # fmt: skip
        kelompok.append(
            html.Section(
                [html.Div(kepala, className="kendali-sunting-kendaraan-judul"),
                 *[_baris_sunting(x, k, r.armada, terkunci) for x in k.singgah]],
                className="kendali-sunting-kelompok",
                **_data_kode(str(k.kendaraan_id)),
            )
        )  # fmt: skip
    lain = [
        k.label for k in r.armada
        if k.siap and k.id not in {x.kendaraan_id for x in r.kendaraan}
    ]  # fmt: skip
    petunjuk = (
        "Pilih kendaraan, perjalanan dan urutan setiap tujuan, dan ubah jam berangkat bila muat "
        "barang tertunda. Angka urutan yang sama: tujuan yang Anda pindahkan didahulukan. Waktu "
        "tiba dihitung ulang dan rencana diperiksa lagi (kapasitas, batas waktu, moda) sebelum "
        "disimpan."
    )
    return [
        dcc.Store(id=ids.RUTE_SUNTING_DATA, data={"rencana_id": r.rencana_id, "sidik": r.sidik}),
        html.H2(f"Ubah rencana #{r.rencana_id} · {hop}", className="kendali-h2 mt-2"),
        html.P(petunjuk, className="small mb-1"),
        html.P("Kendaraan siap yang belum dipakai: " + ", ".join(lain) + ".",
               className="small text-muted mb-2") if lain else None,
        html.Div(
            [html.Span("Tujuan"), html.Span("Kendaraan"), html.Span("Perjalanan"),
             html.Span("Urutan")],
            className="kendali-sunting-baris kendali-sunting-kepala",
            **_SEMBUNYI_DARI_PEMBACA,
        ),
        *kelompok,
        html.Div(id=ids.RUTE_SUNTING_PESAN, role="alert", className="mt-2"),
        html.Div(
            [dbc.Button([html.I(className="bi bi-save me-1"), "Simpan perubahan"],
                        id=ids.RUTE_SUNTING_SIMPAN, color="primary", size="sm"),
             dbc.Button("Batal", id={"type": ids.RUTE_SUNTING_BATAL, "rencana": r.rencana_id},
                        color="secondary", outline=True, size="sm")],
            className="d-flex gap-2 mt-2",
        ),
    ]  # fmt: skip


def panel_rencana_pps(href_ppk: str) -> list[Component]:
    """The PPK → PPS hop has no kab/kota vehicle plan: each PPK carries on to its own PPS."""
    return [
        html.H2(f"Rencana armada {TAHAP_RUTE['pps']}", className="kendali-h2"),
        html.P(
            ["Armada kab/kota direncanakan untuk tahap Gudang → PPK. Dari PPK ke PPS barang "
             "diantar oleh PPK masing-masing; tabel di atas memberi waktu tempuh dan batas "
             "berangkat setiap PPS. ",
             dcc.Link("Lihat rencana Gudang → PPK", href=href_ppk)],
            className="small mb-0",
        ),
    ]  # fmt: skip
