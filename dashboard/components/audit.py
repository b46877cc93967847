"""The audit page's pieces: the summary (headline, counts per day, office and account, newest
writes) and the admin's row list."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html
from dash.development.base_component import Component

from dashboard.domain.akses import AKSI_AUDIT
from dashboard.domain.angka import format_angka
from dashboard.domain.audit import RingkasanAudit

BARIS_HARI = 31  # a month of days on screen; the filters reach older ones


def _tabel(df: pd.DataFrame, kepala: str, label: dict[str, str] | None = None) -> dbc.Table:
    """Counts with the first column as row label (renamed through `label`), numbers right."""
    kolom = list(df.columns)
    baris = [
        html.Tr(
            [html.Td((label or {}).get(str(r[0]), str(r[0])))]
            + [html.Td(format_angka(int(v)), className="text-end") for v in r[1:]]
        )
        for r in df.itertuples(index=False)
    ]
    judul = [html.Th(kepala)] + [html.Th(k, className="text-end") for k in kolom[1:]]
    return dbc.Table(
        [html.Thead(html.Tr(judul)), html.Tbody(baris)],
        size="sm",
        striped=True,
        responsive=True,
        className="kendali-tabel mb-3",
    )


def _bagian(judul: str, isi: Component) -> html.Div:
    return html.Div([html.H2(judul, className="h6 mt-2"), isi])


def ringkasan_audit(r: RingkasanAudit) -> list[Component]:
    """Draw the summary of the audit trail in the region it counts."""
    wilayah = r.wilayah
    if r.jumlah == 0:
        return [
            html.P(
                f"Belum ada penulisan tercatat di {wilayah} untuk saringan ini.",
                className="text-secondary",
            )
        ]
    rentang = f"{r.dari:%d-%m-%Y}" + (f" s.d. {r.sampai:%d-%m-%Y}" if r.sampai != r.dari else "")
    kepala = html.P(
        f"{format_angka(r.jumlah)} penulisan oleh {format_angka(r.jumlah_akun)} akun di "
        f"{wilayah}, {rentang} (WIB).",
        className="fw-semibold",
        id="audit-ringkasan-kepala",
    )
    nama_kantor = {k: f"{n} ({k})" for k, n in r.nama_kantor.items()} | {"": "Tanpa wilayah"}
    hari = r.per_hari.head(BARIS_HARI)
    hari = hari.assign(tanggal=[f"{t:%d-%m-%Y}" for t in hari["tanggal"]])
    terbaru = [
        html.Tr(
            [
                html.Td(f"{t.waktu:%d-%m-%Y %H.%M}"),
                html.Td(t.username),
                html.Td(AKSI_AUDIT.get(t.aksi, t.aksi)),
                html.Td(f"{t.entitas} {t.entitas_id}"),
                html.Td(t.wilayah_kode or "—"),
            ]
        )
        for t in r.terbaru.itertuples(index=False)
    ]
    tabel_terbaru = dbc.Table(
        [
            html.Thead(html.Tr([html.Th(k) for k in
                                ("Waktu (WIB)", "Pengguna", "Aksi", "Data", "Wilayah")])),
            html.Tbody(terbaru),
        ],
        size="sm",
        striped=True,
        responsive=True,
        className="kendali-tabel mb-0",
    )  # fmt: skip
    return [
        kepala,
        html.P(
            "Hitungan dari jejak audit: siapa mencatat apa, per hari, per kantor dan per akun. "
            "Isi sebelum dan sesudah serta alamat pengirim hanya untuk Admin Provinsi.",
            className="small text-secondary",
        ),
        _bagian("Per hari", _tabel(hari, "Tanggal")),
        _bagian("Per kantor", _tabel(r.per_kantor, "Kantor", nama_kantor)),
        _bagian("Per akun", _tabel(r.per_akun, "Akun")),
        _bagian(f"{len(r.terbaru)} penulisan terbaru", tabel_terbaru),
    ]


def _ringkas(d: dict[str, object] | None) -> str:
    if not d:
        return ""
    return ", ".join(f"{k}={v}" for k, v in d.items() if v not in (None, "") and k != "client_id")


def tabel_audit(df: pd.DataFrame) -> list[Component]:
    """Draw the newest audit rows with their values before and after and the client address."""
    if df.empty:
        return [html.P("Tidak ada catatan audit yang cocok.", className="text-secondary")]
    baris = [
        html.Tr(
            [
                html.Td(f"{r['waktu']:%d-%m-%Y %H.%M.%S}"),
                html.Td(r["username"]),
                html.Td(AKSI_AUDIT.get(r["aksi"], r["aksi"])),
                html.Td(f"{r['entitas']} {r['entitas_id']}"),
                html.Td(r["wilayah_kode"] or "—"),
                html.Td(_ringkas(r["sebelum"]), className="small text-muted"),
                html.Td(_ringkas(r["sesudah"]), className="small"),
                html.Td(r["ip"], className="small text-muted"),
            ]
        )
        for r in df.to_dict("records")
    ]
    judul = ("Waktu (WIB)", "Pengguna", "Aksi", "Data", "Wilayah", "Sebelum", "Sesudah", "Alamat")
    return [
        html.P(f"{len(df)} catatan terbaru.", className="small text-muted"),
        dbc.Table(
            [html.Thead(html.Tr([html.Th(k) for k in judul])), html.Tbody(baris)],
            size="sm",
            striped=True,
            className="kendali-tabel kendali-tabel-galat mb-0",
        ),
    ]
