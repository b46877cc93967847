"""The meeting page (/rapat) and the decision-log form shared with the presenter's dialog."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, urls
from dashboard.components.alat import pemilih, pilih_tanggal
from dashboard.domain.rapat import KeputusanRapat


def formulir_keputusan() -> html.Div:
    """Return the form that records a decision: region, what, who, by when.

    Its fields stay hidden until a callback has checked the account (callbacks/rapat.py): a
    visitor who may not write sees "Masuk untuk mencatat" or the reason instead, never a form
    that fails after it is sent.
    """
    isian = html.Div(
        [
            dbc.Label("Wilayah", html_for=ids.KEPUTUSAN_WILAYAH),
            pemilih(ids.KEPUTUSAN_WILAYAH, None, "Pilih provinsi atau kab/kota…", "mb-2 mw-100"),
            dbc.Label("Keputusan / tindak lanjut", html_for=ids.KEPUTUSAN_ISI),
            dbc.Textarea(id=ids.KEPUTUSAN_ISI, rows=3, maxLength=300, className="mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Penanggung jawab", html_for=ids.KEPUTUSAN_PJ),
                            dbc.Input(id=ids.KEPUTUSAN_PJ, maxLength=120),
                        ],
                        md=7,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Tenggat", html_for=ids.KEPUTUSAN_TENGGAT),
                            pilih_tanggal(ids.KEPUTUSAN_TENGGAT, wajib=False),
                        ],
                        md=5,
                    ),
                ],
                className="mb-3",
            ),
            dbc.Button(
                [html.I(className="bi bi-journal-plus me-1"), "Catat keputusan"],
                id=ids.KEPUTUSAN_SIMPAN,
                color="primary",
            ),
            html.Div(id=ids.KEPUTUSAN_PESAN, className="mt-2"),
        ],
        id=ids.KEPUTUSAN_ISIAN,
        style={"display": "none"},
    )
    return html.Div(
        [dcc.Store(id=ids.KEPUTUSAN_VERSI, data=0), html.Div(id=ids.KEPUTUSAN_MASUK), isian]
    )


def ajakan_masuk(lanjut: str, alasan: str | None = None) -> html.Div:
    """Return what stands in place of a write form for a visitor who may not write: a link to
    sign in that comes back to `lanjut`; or, for a signed-in account whose role may not write
    here, the reason."""
    if alasan is not None:
        return html.Div(
            [html.I(className="bi bi-info-circle me-2"), alasan],
            className="alert alert-secondary mb-0 kendali-ajakan",
        )
    return html.Div(
        [
            html.P(
                "Masuk untuk mencatat. Pencatatan keputusan rapat memerlukan akun Pimpinan "
                "atau Admin Provinsi; tanpa akun, halaman ini hanya untuk dilihat.",
                className="mb-2",
            ),
            html.A(
                [html.I(className="bi bi-box-arrow-in-right me-1"), "Masuk untuk mencatat"],
                href=urls.masuk(lanjut),
                className="btn btn-primary",
                id="ajakan-masuk",
            ),
        ],
        className="alert alert-info mb-0 kendali-ajakan",
    )


def modal_keputusan() -> dbc.Modal:
    """The presenter's dialog to record a decision without leaving the slides."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Catat keputusan rapat")),
            dbc.ModalBody(formulir_keputusan()),
        ],
        id=ids.PRESENTASI_MODAL,
        is_open=False,
        size="lg",
        zindex=1400,  # above the full-screen presenter
        className="presentasi-modal",
    )


def tata_letak_rapat() -> html.Div:
    """Return the meeting page: start the slides, get the pack, record and close decisions."""
    kepala = html.Div(
        [
            html.H1("Rapat koordinasi", className="kendali-h1 mb-0 me-auto"),
            html.A(
                [html.I(className="bi bi-file-earmark-zip me-1"), "Unduh paket rapat"],
                href=urls.unduh_paket_rapat(),
                className="btn btn-outline-primary",
                title="Bekukan angka sekarang, lalu unduh PDF slide dan Excel angkanya",
            ),
            dcc.Link(
                [html.I(className="bi bi-easel me-1"), "Mulai presentasi"],
                href=urls.presentasi(1),
                className="btn btn-primary",
            ),
        ],
        className="d-flex align-items-center flex-wrap gap-2 mb-3",
    )
    return html.Div(
        [
            kepala,
            html.Div(
                [
                    html.Div(
                        [html.H2("Catat keputusan", className="kendali-h2"), formulir_keputusan()],
                        className="kendali-panel kendali-sisi-lebar",
                    ),
                    html.Div(
                        [
                            html.H2("Keputusan rapat", className="kendali-h2"),
                            html.Div(id=ids.KEPUTUSAN_DAFTAR),
                        ],
                        className="kendali-panel flex-grow-1",
                    ),
                ],
                className="d-flex gap-3 align-items-start kendali-isi mb-3",
            ),
            html.Div(id=ids.RAPAT_LAPORAN, className="kendali-panel"),
        ]
    )


def _tenggat(tenggat: dt.date | None, acuan: dt.date, terbuka: bool) -> html.Span:
    if tenggat is None:
        return html.Span("–", className="text-muted")
    if terbuka and tenggat < acuan:
        return html.Span(f"{tenggat:%d-%m-%Y} (lewat)", className="text-danger fw-semibold")
    return html.Span(f"{tenggat:%d-%m-%Y}")


def tabel_keputusan(daftar: list[KeputusanRapat], acuan: dt.date, boleh_tulis: bool) -> list:
    """Return the decision log: open ones first with a 'done' button, then the closed ones."""
    if not daftar:
        return [html.P("Belum ada keputusan tercatat.", className="text-muted mb-0")]
    baris = []
    for k in daftar:
        terbuka = k["status"] == "terbuka"
        aksi = (
            dbc.Button(
                [html.I(className="bi bi-check2 me-1"), "Selesai"],
                id={"type": ids.KEPUTUSAN_SELESAI, "id": k["id"]},
                size="sm",
                color="success",
                outline=True,
                disabled=not boleh_tulis,
            )
            if terbuka
            else dbc.Badge("Selesai", color="secondary")
        )
        baris.append(
            html.Tr(
                [
                    html.Td(dcc.Link(k["wilayah_nama"], href=urls.wilayah(k["wilayah_kode"]))),
                    html.Td(k["isi"], className="kendali-sel-isi"),
                    html.Td(k["penanggung_jawab"]),
                    html.Td(_tenggat(k["tenggat"], acuan, terbuka)),
                    html.Td(aksi, className="text-end"),
                ],
                className="" if terbuka else "text-muted",
            )
        )
    kepala = html.Thead(
        html.Tr(
            [
                html.Th("Wilayah"),
                html.Th("Keputusan"),
                html.Th("Penanggung jawab"),
                html.Th("Tenggat"),
                html.Th(""),
            ]
        )
    )
    return [
        dbc.Table(
            [kepala, html.Tbody(baris)],
            size="sm",
            hover=True,
            className="kendali-tabel mb-0",
            id="tabel-keputusan",
        )
    ]


def daftar_laporan(wilayah: list[tuple[str, str]]) -> list:
    """Links to each kab/kota's one-page daily situation report: view, PNG, PDF."""
    return [
        html.H2("Laporan situasi harian per kab/kota", className="kendali-h2"),
        html.P(
            "Satu halaman per kab/kota untuk dibagikan di grup percakapan (PNG atau PDF).",
            className="small text-muted",
        ),
        html.Div(
            [
                html.Div(
                    [
                        dcc.Link(nama, href=urls.laporan(kode), className="me-auto"),
                        html.A("PNG", href=urls.unduh_laporan(kode, "png"), className="ms-2"),
                        html.A("PDF", href=urls.unduh_laporan(kode, "pdf"), className="ms-2"),
                    ],
                    className="d-flex kendali-laporan-baris",
                )
                for kode, nama in wilayah
            ],
            className="kendali-laporan",
        ),
    ]
