"""Evaluation page pieces: one column per campaign evaluated (side by side when several are
compared), the download links and the admin's re-vote/finding form."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.domain.angka import angka_atau_kosong, format_angka, format_desimal, format_persen
from dashboard.domain.evaluasi import (
    CATATAN_SASARAN,
    JENIS_TEMUAN,
    KOLOM_KEJADIAN,
    KOLOM_KERUSAKAN,
    KOLOM_PRINSIP,
    KOLOM_RUAS,
    KOLOM_SALAH_JENIS,
    KOLOM_TEMUAN,
    HasilEvaluasi,
    tabel_kejadian,
    tabel_kerusakan,
    tabel_ruas,
    tabel_temuan,
)
from dashboard.domain.kejadian import JENIS_KEJADIAN
from dashboard.domain.kelas import LABEL_KELAS
from dashboard.domain.kesiapan import BAGIAN, LABEL_BAGIAN

Kolom = Sequence[tuple[str, str, str]]


def _sel(nilai: object, jenis: str) -> str:
    if jenis in ("persen", "angka", "desimal"):
        x = angka_atau_kosong(nilai)  # None for a missing figure (None or NaN)
        if jenis == "persen":
            return format_persen(x)
        if jenis == "angka":
            return format_angka(x)
        return format_desimal(x)
    if jenis == "teks" and nilai in LABEL_KELAS:
        return LABEL_KELAS[str(nilai)]
    return "–" if nilai is None or nilai != nilai else str(nilai)


def tabel(df: pd.DataFrame, kolom: Kolom, kosong: str = "Tidak ada.") -> Component:
    """A table that scrolls inside its own box on a narrow screen; numbers right-aligned."""
    if df.empty:
        return html.P(kosong, className="text-muted small mb-0")
    kepala = html.Thead(
        html.Tr(
            [html.Th(label, className="text-end" if j != "teks" else "") for _, label, j in kolom]
        )
    )
    badan = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(_sel(r.get(k), j), className="text-end" if j != "teks" else "")
                    for k, _, j in kolom
                ]
            )
            for r in df.to_dict("records")
        ]
    )
    return html.Div(
        dbc.Table(
            [kepala, badan], size="sm", striped=True, hover=True, className="mb-0 evaluasi-tabel"
        ),
        className="table-responsive evaluasi-kotak",
    )


def _kartu(judul: str, isi: Component | list, keterangan: str = "") -> dbc.Card:
    badan: list = [html.H2(judul, className="h6 mb-1")]
    if keterangan:
        badan.append(html.P(keterangan, className="small text-muted mb-2"))
    badan.extend(isi if isinstance(isi, list) else [isi])
    return dbc.Card(dbc.CardBody(badan), className="mb-3")


def kolom_evaluasi(h: HasilEvaluasi, berjalan: bool = False) -> html.Div:
    """Every table of one campaign's evaluation, in reading order; a campaign still running
    is marked as such (its later deadlines have not come yet)."""
    prov = h.ruas_provinsi()
    angka = [
        (f"Tepat waktu {r['tahap'].upper()}", format_persen(r["tepat_waktu"]))
        for r in prov.to_dict("records")
    ]
    kpi = html.Div(
        [
            html.Div([html.Div(n, className="evaluasi-kpi-angka"),
                      html.Div(label, className="small")], className="evaluasi-kpi")
            for label, n in [
                *angka,
                ("Masih kurang (unit)", format_angka(int(prov["kurang_akhir_unit"].sum()))),
                ("PSU/PSL/PSS sebab logistik",
                 format_angka(int(h.kabkota["pemungutan_ulang_logistik"].sum()))),
                ("Temuan pengawas", format_angka(int(h.kabkota["temuan"].sum()))),
            ]
        ],
        className="evaluasi-kpi-baris mb-3",
    )  # fmt: skip
    return html.Div(
        [
            html.H2(h.judul, className="h5 mb-1"),
            dbc.Alert(
                "Kampanye ini masih berjalan: angka sementara. Tahap yang tenggatnya belum lewat "
                "belum dinilai (–): tepat waktu dan kekurangannya dihitung setelah tenggat.",
                color="warning",
                className="py-2 small mb-2",
            )
            if berjalan
            else None,
            html.P(
                f"Hari pemungutan {h.hari_pemungutan:%d-%m-%Y}. Angka akhir kampanye dari buku "
                "besar; tenggat tiap tahap = hari terakhir jendelanya di rencana H-minus.",
                className="small text-muted",
            ),
            kpi,
            _kartu(
                "Prinsip per kabupaten/kota",
                tabel(h.kabkota, KOLOM_PRINSIP),
                "Tepat jumlah, jenis, sasaran dan kualitas menurut aturan indeks kesiapan pada "
                "angka akhir; tepat waktu = rata-rata tahap yang tenggatnya sudah lewat: bagian "
                "kebutuhan yang tiba sebelum tenggat.",
            ),
            _kartu(
                "Tepat waktu dan kekurangan per tahap",
                tabel(tabel_ruas(h), KOLOM_RUAS),
                "Bagian kebutuhan yang tiba sebelum tenggat (tiap tempat dihitung sampai "
                "kebutuhannya, rata-rata antar jenis); kekurangan tempat×jenis sejak tenggat dan "
                "berapa lama sampai terpenuhi.",
            ),
            _kartu("Kerusakan saat diterima, per jenis",
                   tabel(tabel_kerusakan(h), KOLOM_KERUSAKAN)),
            _kartu(
                "Salah jenis dan salah sasaran",
                [tabel(h.salah_jenis, KOLOM_SALAH_JENIS, "Tidak ada catatan salah jenis."),
                 html.P(CATATAN_SASARAN, className="small text-muted mt-2 mb-0")],
            ),
            _kartu("Kejadian per kategori",
                   tabel(tabel_kejadian(h, JENIS_KEJADIAN), KOLOM_KEJADIAN)),
            _kartu(
                f"PSU/PSL/PSS dan temuan pengawas ({len(h.temuan)})",
                tabel(tabel_temuan(h), KOLOM_TEMUAN, "Belum ada yang dicatat."),
            ),
        ],
        className=f"evaluasi-kolom evaluasi-{h.pemilihan_kode}",
    )  # fmt: skip


def banding(daftar: Sequence[HasilEvaluasi], berjalan: Collection[str] = ()) -> Component:
    """The evaluations side by side: one column per campaign (full width for one); those in
    `berjalan` (campaign codes) are still running."""
    if not daftar:
        return dbc.Alert("Basis data belum berisi data kampanye.", color="warning")
    lebar = max(12 // len(daftar), 6)
    return dbc.Row(
        [dbc.Col(kolom_evaluasi(h, h.pemilihan_kode in berjalan), xs=12, xl=lebar) for h in daftar],
        className="g-3 evaluasi-siap",
    )


TANPA_PRINSIP = "tanpa"  # the form's "no principle" choice, sent on as none


def formulir(pilihan_wilayah: Sequence[tuple[str, str]] = ()) -> dbc.Card:
    """The admin's form for a re-vote or a supervisory finding."""
    opsi = [{"label": f"{n} ({k})", "value": k} for k, n in pilihan_wilayah]

    def baris(label: str, isi: Component) -> dbc.Col:
        return dbc.Col([dbc.Label(label, className="small mb-0"), isi], xs=12, md=6, lg=4)

    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Catat PSU/PSL/PSS atau temuan pengawas", className="h6"),
                dbc.Row(
                    [
                        baris("Wilayah", dbc.Select(id=ids.EVALUASI_WILAYAH, options=opsi,
                                                    placeholder="Pilih kab/kota")),
                        baris("Jenis", dbc.Select(
                            id=ids.EVALUASI_JENIS, value="psu",
                            options=[{"label": v, "value": k} for k, v in JENIS_TEMUAN.items()])),
                        baris("Sebab logistik", dbc.Select(
                            id=ids.EVALUASI_SEBAB, value="ya",
                            options=[{"label": "Ya", "value": "ya"},
                                     {"label": "Tidak", "value": "tidak"}])),
                        # dbc.Select keeps the value "" for its placeholder: "none" needs its own.
                        baris("Prinsip", dbc.Select(
                            id=ids.EVALUASI_PRINSIP, placeholder="Pilih prinsip yang dilanggar",
                            options=[{"label": LABEL_BAGIAN[b], "value": b} for b in BAGIAN]
                            + [{"label": "Tidak ada (bukan sebab logistik)",
                                "value": TANPA_PRINSIP}])),
                        baris("Jumlah TPS", dbc.Input(id=ids.EVALUASI_JUMLAH_TPS, type="text",
                                                      inputMode="numeric", value="1")),
                        baris("Keterangan", dbc.Textarea(id=ids.EVALUASI_KETERANGAN, rows=2)),
                    ],
                    className="g-2",
                ),
                html.Div(
                    [dbc.Button("Simpan", id=ids.EVALUASI_SIMPAN, color="primary",
                                className="me-2"),
                     html.Div(id=ids.EVALUASI_PESAN, className="flex-grow-1")],
                    className="d-flex align-items-start mt-2 gap-2",
                ),
            ]
        ),
        id=ids.EVALUASI_ISIAN,
        className="mb-3",
        style={"display": "none"},
    )  # fmt: skip


def tata_letak() -> html.Div:
    """The /evaluasi page: title, downloads, the admin's form, the evaluation."""
    return html.Div(
        [
            dcc.Store(id=ids.EVALUASI_VERSI, data=0),
            html.Div(
                [
                    html.H1("Evaluasi kampanye", className="kendali-h1 mb-0 me-auto"),
                    html.A([html.I(className="bi bi-file-earmark-spreadsheet me-1"), "Unduh Excel"],
                           href=urls.unduh_evaluasi("xlsx"), className="evaluasi-unduh"),
                    html.A([html.I(className="bi bi-file-earmark-pdf me-1"), "Unduh PDF"],
                           href=urls.unduh_evaluasi("pdf"), className="evaluasi-unduh"),
                ],
                className="d-flex align-items-center gap-3 flex-wrap mb-3 evaluasi-kepala",
            ),
            html.Div(id=ids.EVALUASI_BANDING, className="mb-3"),
            formulir(),
            dcc.Loading(html.Div(id=ids.EVALUASI_ISI), type="dot"),
        ],
        className="evaluasi",
    )  # fmt: skip


def pilih_banding(lain: Sequence[tuple[str, str]], banding: str | None) -> Component | None:
    """Links to show another campaign of the database beside this one, and back to one."""
    if not lain:
        return None
    tautan: list[Component] = [
        dcc.Link(
            nama,
            href=urls.evaluasi(kode),
            className="btn btn-sm " + ("btn-primary" if kode == banding else "btn-outline-primary"),
        )
        for kode, nama in lain
    ]
    if banding:
        tautan.append(
            dcc.Link("Tanpa pembanding", href=urls.evaluasi(), className="btn btn-sm btn-link")
        )
    return html.Div(
        [html.Span("Bandingkan dengan:", className="small text-secondary me-1"), *tautan],
        className="d-flex align-items-center flex-wrap gap-2",
    )


def pesan(teks: str | list[str], warna: str) -> dbc.Alert:
    """A form message: what was saved, or every wrong field."""
    isi = [html.Div(t) for t in teks] if isinstance(teks, list) else teks
    return dbc.Alert(isi, color=warna, className="mb-0 py-2")


def opsi_wilayah(pilihan: Mapping[str, str]) -> list[dict[str, str]]:
    """Dropdown options for the kab/kota a finding may be entered for."""
    return [{"label": f"{n} ({k})", "value": k} for k, n in pilihan.items()]
