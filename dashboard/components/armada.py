"""The fleet board (/armada): counts of ready, assigned, out-of-service and reserve vehicles,
each vehicle with its state and actions, and the add-vehicle form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.domain.angka import format_angka
from dashboard.domain.armada import LABEL_ISIAN, LABEL_JENIS

KEADAAN = {"siap": "Siap", "ditugaskan": "Ditugaskan", "rusak": "Rusak"}
KELAS_KEADAAN = {"siap": "kelas-siap", "ditugaskan": "kelas-waspada", "rusak": "kelas-kritis"}


class Kendaraan(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def kabkota_kode(self) -> str: ...
    @property
    def nama(self) -> str: ...
    @property
    def nomor(self) -> str: ...
    @property
    def jenis(self) -> str: ...
    @property
    def kapasitas_m3(self) -> float: ...
    @property
    def kapasitas_kg(self) -> float: ...
    @property
    def alasan_status(self) -> str: ...
    @property
    def cadangan(self) -> bool: ...


class BarisPapan(Protocol):
    @property
    def kendaraan(self) -> Kendaraan: ...
    @property
    def keadaan(self) -> str: ...
    @property
    def tujuan(self) -> int: ...


class Papan(Protocol):
    @property
    def siap(self) -> int: ...
    @property
    def ditugaskan(self) -> int: ...
    @property
    def rusak(self) -> int: ...
    @property
    def cadangan(self) -> int: ...
    @property
    def cadangan_siap(self) -> int: ...
    @property
    def baris(self) -> Sequence[BarisPapan]: ...


def tata_letak(kabkota: bool) -> html.Div:
    """The board's frame: title, counts, then the vehicles (and the form for one kab/kota)."""
    isi: list[Component] = [
        dcc.Store(id=ids.ARMADA_VERSI, data=0),
        html.Div(id=ids.ARMADA_JUDUL, className="mb-2"),
        html.Div(id=ids.ARMADA_RINGKAS, className="kendali-armada-baris mb-3"),
        html.Div(id=ids.ARMADA_PESAN, role="status", className="mb-2"),
    ]
    # Always in the frame (hidden until a callback shows it), so its callback has its output.
    isi.append(html.Div(_isian() if kabkota else None, id=ids.ARMADA_ISIAN,
                        style={"display": "none"}, className="mb-3"))  # fmt: skip
    isi.append(html.Div(id=ids.ARMADA_TABEL, className="kendali-panel"))
    return html.Div(isi)


def _isian() -> dbc.Card:
    """The add-vehicle form; the service reads and refuses it field by field."""

    def kolom(label: str, komponen: Any, lebar: int) -> dbc.Col:
        return dbc.Col([dbc.Label(label, html_for=komponen.id, className="mb-0 small"),
                        komponen], md=lebar)  # fmt: skip

    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Tambah kendaraan", className="kendali-h2"),
                dbc.Row(
                    [
                        kolom(LABEL_ISIAN["nama"], dbc.Input(id=ids.ARMADA_NAMA, maxLength=80,
                              placeholder="mis. Truk sewa CV Maju"), 3),
                        kolom(LABEL_ISIAN["nomor"], dbc.Input(id=ids.ARMADA_NOMOR, maxLength=20,
                              placeholder="mis. H 1234 XY"), 2),
                        kolom(LABEL_ISIAN["jenis"], dbc.Select(id=ids.ARMADA_JENIS, value="truk",
                              options=[{"label": v, "value": k} for k, v in LABEL_JENIS.items()]),
                              2),
                        kolom(LABEL_ISIAN["kapasitas_m3"], dbc.Input(id=ids.ARMADA_M3,
                              type="text", inputMode="decimal", placeholder="mis. 16"), 2),
                        kolom(LABEL_ISIAN["kapasitas_kg"], dbc.Input(id=ids.ARMADA_KG,
                              type="text", inputMode="decimal", placeholder="mis. 5000"), 2),
                        dbc.Col(dbc.Checkbox(id=ids.ARMADA_CADANGAN, value=False,
                                             label=LABEL_ISIAN["cadangan"]),
                                md=1, className="d-flex align-items-end"),
                    ],
                    className="g-2 mb-2",
                ),  # fmt: skip
                dbc.Button([html.I(className="bi bi-plus-lg me-1"), "Tambah kendaraan"],
                           id=ids.ARMADA_TAMBAH, color="primary", size="sm"),
            ]
        ),
        className="kendali-kpi",
    )  # fmt: skip


def ringkas(p: Papan) -> list[Component]:
    """The board's counts as stat boxes."""
    kotak = [
        ("Siap", p.siap, "belum ditugaskan"),
        ("Ditugaskan", p.ditugaskan, "dalam rencana yang diterima"),
        ("Rusak", p.rusak, "tidak dapat dipakai"),
        ("Armada cadangan", p.cadangan, f"{format_angka(p.cadangan_siap)} siap dipakai"),
        ("Jumlah", len(p.baris), "kendaraan terdaftar"),
    ]
    return [
        html.Div([html.Div(label, className="kendali-stat-label"),
                  html.Div(format_angka(n), className="kendali-stat-nilai"),
                  html.Div(ket, className="kendali-stat-ket")],
                 className="kendali-stat", **_data({"data-kunci": label}))
        for label, n, ket in kotak
    ]  # fmt: skip


def _data(atribut: dict[str, Any]) -> dict[str, Any]:
    return atribut


def tabel_kendaraan(p: Papan, boleh: bool) -> list[Component]:
    """Every vehicle of the kab/kota with its state; Rusak / Siap for accounts that may."""
    kepala = html.Thead(html.Tr([
        html.Th("Kendaraan"), html.Th("Jenis"), html.Th("Kapasitas", className="text-end"),
        html.Th("Keadaan"), html.Th("Tujuan", className="text-end"), html.Th(""),
    ]))  # fmt: skip
    isi = []
    for b in p.baris:
        k = b.kendaraan
        aksi: Component | None = None
        if boleh:
            rusak = b.keadaan == "rusak"
            aksi = dbc.Button(
                "Siap kembali" if rusak else "Tandai rusak",
                id={"type": ids.ARMADA_STATUS, "id": k.id, "ke": "siap" if rusak else "rusak"},
                size="sm", color="success" if rusak else "danger", outline=True,
            )  # fmt: skip
        isi.append(html.Tr([
            html.Td([html.Strong(k.nomor), html.Div(k.nama, className="kendali-sel-ket")]),
            html.Td([LABEL_JENIS.get(k.jenis, k.jenis),
                     html.Span(" cadangan", className="kendali-chip kelas-kosong ms-1")
                     if k.cadangan else None]),
            html.Td([f"{k.kapasitas_m3:g} m³", html.Div(f"{format_angka(k.kapasitas_kg)} kg",
                                                       className="kendali-sel-ket")],
                    className="text-end text-nowrap"),
            html.Td([html.Span(KEADAAN.get(b.keadaan, b.keadaan),
                               className=f"kendali-chip {KELAS_KEADAAN.get(b.keadaan, '')}"),
                     html.Div(k.alasan_status, className="kendali-sel-ket")
                     if b.keadaan == "rusak" and k.alasan_status else None]),
            html.Td(format_angka(b.tujuan), className="text-end"),
            html.Td(aksi),
        ], **_data({"data-nomor": k.nomor})))  # fmt: skip
    alasan = (
        html.Div(
            [dbc.Label("Alasan bila menandai rusak", html_for=ids.ARMADA_ALASAN,
                       className="mb-0 small"),
             dbc.Input(id=ids.ARMADA_ALASAN, maxLength=300,
                       placeholder="mis. as roda patah, bengkel 2 hari")],
            className="mb-2",
        )
        if boleh else None
    )  # fmt: skip
    return [
        html.H2("Kendaraan", className="kendali-h2"),
        alasan,
        dbc.Table([kepala, html.Tbody(isi)], size="sm", hover=True, responsive=True,
                  className="mb-0"),
    ]  # fmt: skip


def tabel_provinsi(baris: Sequence[Mapping[str, Any]]) -> list[Component]:
    """The province's board: each kab/kota's fleet by state and its plan status."""
    kepala = html.Thead(html.Tr([
        html.Th("Kabupaten/Kota"), html.Th("Siap", className="text-end"),
        html.Th("Ditugaskan", className="text-end"), html.Th("Rusak", className="text-end"),
        html.Th("Cadangan (siap)", className="text-end"), html.Th("Rencana armada"),
    ]))  # fmt: skip
    isi = []
    for b in baris:
        status = (
            html.Span("Diterima", className="kendali-chip kelas-siap")
            if b["rencana_diterima"]
            else html.Span("Belum ada rencana diterima", className="kendali-chip kelas-kritis")
        )
        isi.append(html.Tr([
            html.Td(dcc.Link(b["nama"], href=urls.armada(b["kode"]))),
            html.Td(format_angka(b["siap"]), className="text-end"),
            html.Td(format_angka(b["ditugaskan"]), className="text-end"),
            html.Td(format_angka(b["rusak"]), className="text-end" + (
                " text-danger fw-semibold" if b["rusak"] else "")),
            html.Td(f"{format_angka(b['cadangan'])} ({format_angka(b['cadangan_siap'])})",
                    className="text-end"),
            html.Td([status, " ", dcc.Link("rute", href=urls.rute(b["kode"]),
                                           className="small")]),
        ], **_data({"data-kode": b["kode"]})))  # fmt: skip
    return [
        html.H2("Armada per kabupaten/kota", className="kendali-h2"),
        dbc.Table([kepala, html.Tbody(isi)], size="sm", hover=True, responsive=True,
                  className="mb-0"),
    ]  # fmt: skip
