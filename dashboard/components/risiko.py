"""The risk register page (/risiko): the 5×5 heat map as a grid of coloured cells (the plotly.js
bundle has no heatmap, and a cell must be a button that filters the register), the register,
the risk score per kab/kota in words, suggested risks, and the add/edit/review form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.components.alat import pilih_tanggal
from dashboard.domain.angka import format_angka, format_desimal
from dashboard.domain.risiko import (
    DAMPAK,
    KEMUNGKINAN,
    LABEL_ISIAN,
    LABEL_KOMPONEN,
    LABEL_TINGKAT,
    STATUS,
    WARNA_TINGKAT,
    SkorRisiko,
    UsulanRisiko,
    tingkat_risiko,
)
from dashboard.domain.waktu import format_wib

# Which statuses the register lists; "aktif" (open or being mitigated) unless chosen.
PILIHAN_STATUS = {"aktif": "Aktif", **STATUS, "semua": "Semua"}
# Dark cells take white figures; the yellow of sedang needs black ones to be read.
_TEKS_TINGKAT = {"rendah": "#fff", "sedang": "#000", "tinggi": "#000", "ekstrem": "#fff"}


class Risiko(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def wilayah_kode(self) -> str: ...
    @property
    def wilayah_nama(self) -> str: ...
    @property
    def judul(self) -> str: ...
    @property
    def penyebab(self) -> str: ...
    @property
    def kemungkinan(self) -> int: ...
    @property
    def dampak(self) -> int: ...
    @property
    def mitigasi(self) -> str: ...
    @property
    def pemilik(self) -> str: ...
    @property
    def tenggat(self) -> dt.date | None: ...
    @property
    def status(self) -> str: ...
    @property
    def sumber(self) -> str: ...


class Tinjauan(Protocol):
    @property
    def kemungkinan_sebelum(self) -> int: ...
    @property
    def dampak_sebelum(self) -> int: ...
    @property
    def status_sebelum(self) -> str: ...
    @property
    def kemungkinan_sesudah(self) -> int: ...
    @property
    def dampak_sesudah(self) -> int: ...
    @property
    def status_sesudah(self) -> str: ...
    @property
    def catatan(self) -> str: ...
    @property
    def oleh(self) -> str | None: ...
    @property
    def pada(self) -> dt.datetime: ...


def _data(atribut: dict[str, Any]) -> dict[str, Any]:
    """data-* attributes for the tests and the screen reader, passed as keywords."""
    return atribut


def chip_tingkat(tingkat: str, teks: str | None = None) -> html.Span:
    """A level as a coloured chip (colours from domain.risiko, the one place they are set)."""
    return html.Span(
        teks or LABEL_TINGKAT[tingkat],
        className="kendali-chip",
        style={"background": WARNA_TINGKAT[tingkat], "color": _TEKS_TINGKAT[tingkat]},
    )


def tata_letak() -> html.Div:
    """The page frame; the callbacks fill every part (the form is shown to writers only)."""
    return html.Div(
        [
            dcc.Store(id=ids.RISIKO_VERSI, data=0),
            dcc.Store(id=ids.RISIKO_SARING, data={"sel": None, "status": "aktif"}),
            dcc.Store(id=ids.RISIKO_TERPILIH, data=None),
            html.Div(id=ids.RISIKO_JUDUL, className="mb-2"),
            html.Div(id=ids.RISIKO_PESAN, role="status", className="mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        html.Div(
                            [
                                html.H2("Peta risiko 5×5", className="kendali-h2"),
                                html.Div(id=ids.RISIKO_MATRIKS),
                                html.Div(
                                    [
                                        dbc.RadioItems(
                                            id=ids.RISIKO_STATUS,
                                            options=[
                                                {"label": v, "value": k}
                                                for k, v in PILIHAN_STATUS.items()
                                            ],
                                            value="aktif",
                                            inline=True,
                                            className="small",
                                        ),
                                        dbc.Button(
                                            "Hapus saringan sel",
                                            id=ids.RISIKO_HAPUS_SARING,
                                            size="sm",
                                            color="link",
                                            className="p-0",
                                        ),
                                    ],
                                    className="d-flex flex-wrap gap-2 align-items-center mt-2",
                                ),
                            ],
                            className="kendali-panel h-100",
                        ),
                        lg=5,
                        className="mb-3",
                    ),
                    dbc.Col(
                        html.Div(id=ids.RISIKO_SKOR, className="kendali-panel h-100"),
                        lg=7,
                        className="mb-3",
                    ),
                ]
            ),
            html.Div(id=ids.RISIKO_USULAN, className="mb-3"),
            html.Div(_isian(), id=ids.RISIKO_ISIAN, style={"display": "none"}, className="mb-3"),
            html.Div(id=ids.RISIKO_TABEL, className="kendali-panel mb-3"),
        ]
    )


def matriks(hitung: Mapping[tuple[int, int], int], sel: Sequence[int] | None) -> html.Table:
    """The 5×5 grid: likelihood up the side (5 on top), impact along the bottom, each cell in
    its level's colour with the number of risks in it; a cell is a button that filters."""
    terpilih = tuple(sel) if sel else None
    baris: list[Component] = []
    for k in sorted(KEMUNGKINAN, reverse=True):
        sel_baris: list[Component] = [
            html.Th(
                [html.Span(str(k), className="fw-bold me-1"), KEMUNGKINAN[k]],
                scope="row",
                className="kendali-risiko-label",
            )
        ]
        for d in DAMPAK:
            tingkat = tingkat_risiko(k, d)
            n = hitung.get((k, d), 0)
            pilih = terpilih == (k, d)
            sel_baris.append(
                html.Td(
                    html.Button(
                        format_angka(n) if n else "",
                        id={"type": ids.RISIKO_SEL, "k": k, "d": d},
                        title=f"Kemungkinan {k} × dampak {d}: {LABEL_TINGKAT[tingkat]}, {n} risiko",
                        className="kendali-risiko-sel" + (" terpilih" if pilih else ""),
                        style={
                            "background": WARNA_TINGKAT[tingkat],
                            "color": _TEKS_TINGKAT[tingkat],
                        },
                        **_data(
                            {
                                "data-sel": f"{k}-{d}",
                                "data-jumlah": str(n),
                                "aria-pressed": "true" if pilih else "false",
                            }
                        ),
                    )
                )
            )
        baris.append(html.Tr(sel_baris))
    kaki = html.Tr(
        [html.Th("Kemungkinan ↑ / Dampak →", className="kendali-risiko-label small")]
        + [
            html.Th(
                [html.Div(str(d), className="fw-bold"), DAMPAK[d]],
                className="kendali-risiko-label text-center",
            )
            for d in DAMPAK
        ]
    )
    return html.Table(
        [html.Tbody([*baris, kaki])],
        className="kendali-risiko-matriks",
    )


def tabel_risiko(
    baris: Sequence[Risiko], boleh: Mapping[int, bool], saringan: str
) -> list[Component]:
    """The register, highest level first; Tinjau for the risks the account may write."""
    kepala = html.Thead(
        html.Tr(
            [
                html.Th("Wilayah"),
                html.Th("Risiko dan penyebab"),
                html.Th("K × D"),
                html.Th("Mitigasi"),
                html.Th("Pemilik / tenggat"),
                html.Th("Status"),
                html.Th(""),
            ]
        )
    )
    isi = []
    for r in baris:
        tingkat = tingkat_risiko(r.kemungkinan, r.dampak)
        aksi = (
            dbc.Button(
                "Tinjau / ubah",
                id={"type": ids.RISIKO_PILIH, "id": r.id},
                size="sm",
                color="primary",
                outline=True,
            )
            if boleh.get(r.id)
            else None
        )
        isi.append(
            html.Tr(
                [
                    html.Td(r.wilayah_nama),
                    html.Td(
                        [
                            html.Strong(r.judul),
                            html.Div(r.penyebab, className="kendali-sel-ket"),
                            html.Span("usulan skor", className="kendali-chip kelas-kosong")
                            if r.sumber == "usulan"
                            else None,
                        ]
                    ),
                    html.Td(
                        chip_tingkat(
                            tingkat,
                            f"{r.kemungkinan}×{r.dampak} {LABEL_TINGKAT[tingkat]}",
                        ),
                        className="text-nowrap",
                    ),
                    html.Td(r.mitigasi, className="small"),
                    html.Td(
                        [
                            r.pemilik,
                            html.Div(
                                f"tenggat {r.tenggat:%d-%m-%Y}" if r.tenggat else "tanpa tenggat",
                                className="kendali-sel-ket",
                            ),
                        ]
                    ),
                    html.Td(STATUS.get(r.status, r.status)),
                    html.Td(aksi),
                ],
                **_data({"data-risiko": str(r.id)}),
            )
        )
    return [
        html.H2(f"Daftar risiko ({saringan})", className="kendali-h2"),
        dbc.Table([kepala, html.Tbody(isi)], size="sm", hover=True, responsive=True)
        if isi
        else html.Div("Belum ada risiko pada saringan ini.", className="text-muted small"),
    ]


def _batang(skor: float, tingkat: str) -> html.Div:
    return html.Div(
        html.Div(
            style={
                "width": f"{max(min(skor, 100), 0):.0f}%",
                "background": WARNA_TINGKAT[tingkat],
            },
            className="kendali-risiko-batang-isi",
        ),
        className="kendali-risiko-batang",
    )


def skor_provinsi(skor: Sequence[SkorRisiko]) -> list[Component]:
    """Every kab/kota ranked by its risk score, with the reasons in words."""
    kepala = html.Thead(
        html.Tr(
            [
                html.Th("#", className="text-end"),
                html.Th("Kabupaten/Kota"),
                html.Th("Skor", className="text-end"),
                html.Th("Mengapa"),
            ]
        )
    )
    isi = [
        html.Tr(
            [
                html.Td(str(i), className="text-end"),
                html.Td(dcc.Link(s.nama, href=urls.risiko(s.kode))),
                html.Td(
                    [
                        html.Div(
                            [f"{s.skor:.0f} ", chip_tingkat(s.tingkat)],
                            className="text-nowrap",
                        ),
                        _batang(s.skor, s.tingkat),
                    ],
                    className="text-end",
                ),
                html.Td(s.teks, className="small"),
            ],
            **_data({"data-kode": s.kode}),
        )
        for i, s in enumerate(skor, 1)
    ]
    return [
        html.H2("Skor risiko per kabupaten/kota (0–100)", className="kendali-h2"),
        dbc.Table([kepala, html.Tbody(isi)], size="sm", hover=True, responsive=True)
        if isi
        else html.Div("Belum ada data kampanye untuk dinilai.", className="text-muted small"),
    ]


def skor_kabkota(s: SkorRisiko | None) -> list[Component]:
    """One kab/kota's score: the figure, its level, and each component with its points."""
    if s is None:
        return [html.Div("Skor tidak tersedia untuk wilayah ini.", className="text-muted")]
    komponen = [
        html.Tr(
            [
                html.Td(LABEL_KOMPONEN[k.nama]),
                html.Td(f"{format_desimal(k.poin)} / {k.bobot}", className="text-end text-nowrap"),
                html.Td(k.alasan, className="small"),
            ],
            **_data({"data-komponen": k.nama}),
        )
        for k in s.komponen
    ]
    return [
        html.H2("Skor risiko", className="kendali-h2"),
        html.Div(
            [
                html.Span(f"{s.skor:.0f}", className="kendali-risiko-skor me-2"),
                chip_tingkat(s.tingkat),
            ],
            className="d-flex align-items-center mb-1",
        ),
        _batang(s.skor, s.tingkat),
        html.P(s.teks, className="mt-2 mb-2", **_data({"data-teks": "skor"})),
        dbc.Table(
            [
                html.Thead(html.Tr([html.Th("Komponen"), html.Th("Poin"), html.Th("Keterangan")])),
                html.Tbody(komponen),
            ],
            size="sm",
            className="mb-0",
        ),
    ]


def daftar_usulan(usulan: Sequence[UsulanRisiko], boleh: bool) -> list[Component]:
    """The risks the score suggests, each with "Jadikan risiko" for accounts that may write."""
    if not usulan:
        return []
    kartu = []
    for u in usulan:
        kartu.append(
            dbc.Col(
                html.Div(
                    dbc.Card(
                        dbc.CardBody(
                            [
                                html.Div(
                                    chip_tingkat(
                                        u.tingkat,
                                        f"{u.kemungkinan}×{u.dampak} {LABEL_TINGKAT[u.tingkat]}",
                                    ),
                                    className="mb-1",
                                ),
                                html.Strong(u.judul),
                                html.Div(u.penyebab, className="small mb-1"),
                                html.Div(
                                    [html.Span("Mitigasi: ", className="fw-semibold"), u.mitigasi],
                                    className="kendali-sel-ket mb-2",
                                ),
                                dbc.Button(
                                    [html.I(className="bi bi-plus-lg me-1"), "Jadikan risiko"],
                                    id={"type": ids.RISIKO_TERIMA, "kunci": u.kunci},
                                    size="sm",
                                    color="primary",
                                )
                                if boleh
                                else None,
                            ]
                        ),
                        className="h-100",
                    ),
                    className="h-100",
                    **_data({"data-usulan": u.kunci}),
                ),
                md=6,
                xl=4,
                className="mb-2",
            )
        )
    return [
        html.Div(
            [
                html.H2("Usulan risiko dari skor", className="kendali-h2"),
                dbc.Row(kartu, className="g-2"),
            ],
            className="kendali-panel",
        )
    ]


def _isian() -> dbc.Card:
    """The add/edit/review form; the service reads it and refuses it field by field."""

    def kolom(label: str, komponen: Any, lebar: int) -> dbc.Col:
        return dbc.Col(
            [dbc.Label(label, html_for=komponen.id, className="mb-0 small"), komponen], md=lebar
        )

    skala = [
        {"label": f"{n} — {t}", "value": str(n)} for n, t in KEMUNGKINAN.items()
    ]  # the values the service reads
    dampak = [{"label": f"{n} — {t}", "value": str(n)} for n, t in DAMPAK.items()]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Catat risiko", id=ids.RISIKO_ISIAN_JUDUL, className="kendali-h2"),
                dbc.Row(
                    [
                        kolom(
                            LABEL_ISIAN["wilayah_kode"],
                            dbc.Select(id=ids.RISIKO_WILAYAH, options=[]),
                            3,
                        ),
                        kolom(
                            LABEL_ISIAN["judul"],
                            dbc.Input(
                                id=ids.RISIKO_NAMA,
                                maxLength=200,
                                placeholder="mis. Kapal ke Karimunjawa tertunda cuaca",
                            ),
                            5,
                        ),  # fmt: skip
                        kolom(
                            LABEL_ISIAN["pemilik"],
                            dbc.Input(
                                id=ids.RISIKO_PEMILIK,
                                maxLength=120,
                                placeholder="mis. Kasubbag Logistik",
                            ),
                            2,
                        ),  # fmt: skip
                        kolom(
                            LABEL_ISIAN["tenggat"],
                            pilih_tanggal(ids.RISIKO_TENGGAT, wajib=False),
                            2,
                        ),
                    ],
                    className="g-2 mb-2",
                ),
                dbc.Row(
                    [
                        kolom(
                            LABEL_ISIAN["penyebab"],
                            dbc.Textarea(id=ids.RISIKO_PENYEBAB, maxLength=1000, rows=2),
                            6,
                        ),
                        kolom(
                            LABEL_ISIAN["mitigasi"],
                            dbc.Textarea(id=ids.RISIKO_MITIGASI, maxLength=1000, rows=2),
                            6,
                        ),
                    ],
                    className="g-2 mb-2",
                ),
                dbc.Row(
                    [
                        kolom(
                            LABEL_ISIAN["kemungkinan"],
                            dbc.Select(id=ids.RISIKO_KEMUNGKINAN, options=skala, value="3"),
                            3,
                        ),
                        kolom(
                            LABEL_ISIAN["dampak"],
                            dbc.Select(id=ids.RISIKO_DAMPAK, options=dampak, value="3"),
                            3,
                        ),
                        kolom(
                            LABEL_ISIAN["status"],
                            dbc.Select(
                                id=ids.RISIKO_STATUS_ISIAN,
                                options=[{"label": v, "value": k} for k, v in STATUS.items()],
                                value="terbuka",
                            ),
                            2,
                        ),
                        kolom(
                            LABEL_ISIAN["catatan"],
                            dbc.Input(
                                id=ids.RISIKO_CATATAN,
                                maxLength=1000,
                                placeholder="mis. kapal cadangan sudah dipesan",
                            ),
                            4,
                        ),  # fmt: skip
                    ],
                    className="g-2 mb-2",
                ),
                html.Div(
                    [
                        dbc.Button(
                            [html.I(className="bi bi-plus-lg me-1"), "Tambah risiko"],
                            id=ids.RISIKO_TAMBAH,
                            color="primary",
                            size="sm",
                        ),
                        dbc.Button(
                            "Simpan tinjauan",
                            id=ids.RISIKO_TINJAU,
                            color="success",
                            size="sm",
                            disabled=True,
                        ),
                        dbc.Button(
                            "Simpan perubahan",
                            id=ids.RISIKO_UBAH,
                            color="secondary",
                            size="sm",
                            outline=True,
                            disabled=True,
                        ),
                        dbc.Button(
                            "Batal pilih",
                            id=ids.RISIKO_BATAL,
                            color="link",
                            size="sm",
                            disabled=True,
                        ),
                    ],  # fmt: skip
                    className="d-flex flex-wrap gap-2",
                ),
                html.Div(id=ids.RISIKO_RIWAYAT, className="mt-2"),
            ]
        ),
        className="kendali-kpi",
    )


def riwayat(baris: Sequence[Tinjauan]) -> list[Component]:
    """A risk's reviews, newest first: the cell and status before → after, the note, who."""
    if not baris:
        return [html.Div("Belum ada tinjauan.", className="kendali-sel-ket")]
    return [
        html.Div("Riwayat tinjauan", className="fw-semibold small"),
        html.Ul(
            [
                html.Li(
                    [
                        f"{format_wib(t.pada)} · {t.oleh or 'sistem'}: ",
                        f"{t.kemungkinan_sebelum}×{t.dampak_sebelum} "
                        f"{STATUS.get(t.status_sebelum, t.status_sebelum)} → "
                        f"{t.kemungkinan_sesudah}×{t.dampak_sesudah} "
                        f"{STATUS.get(t.status_sesudah, t.status_sesudah)}",
                        html.Span(f" — {t.catatan}", className="text-muted"),
                    ],
                    className="small",
                )
                for t in baris
            ],
            className="mb-0 ps-3",
            **_data({"data-riwayat": str(len(baris))}),
        ),
    ]
