"""The coordination board's pieces: suggested loans, loans by state with each viewer's steps,
and the notes between the two offices of a loan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.domain.angka import format_angka, format_durasi, format_km
from dashboard.domain.buku_besar import Kondisi
from dashboard.domain.pinjaman import Aksi, Saran, StatusPinjaman
from dashboard.domain.waktu import WIB

LABEL_KONDISI = {
    Kondisi.BAIK: "Baik",
    Kondisi.RUSAK_RINGAN: "Rusak ringan",
    Kondisi.RUSAK_BERAT: "Rusak berat",
}
WARNA_STATUS = {
    StatusPinjaman.DIAJUKAN: "warning",
    StatusPinjaman.DISETUJUI: "info",
    StatusPinjaman.DIKIRIM: "primary",
    StatusPinjaman.DITERIMA: "success",
    StatusPinjaman.DIBATALKAN: "secondary",
    StatusPinjaman.DITOLAK: "danger",
}
WARNA_AKSI = {
    Aksi.SETUJUI_PEMINJAM: "success",
    Aksi.SETUJUI_PEMBERI: "success",
    Aksi.KIRIM: "primary",
    Aksi.TERIMA: "primary",
    Aksi.BATALKAN: "outline-secondary",
    Aksi.TOLAK: "outline-danger",
}


def tata_letak() -> html.Div:
    """Return the board's frame; the callbacks fill it."""
    return html.Div(
        [
            html.H1("Koordinasi antar kab/kota", className="kendali-h1"),
            html.P(
                "Pinjaman logistik antar gudang KPU Kab/Kota: saran dari stok berlebih terdekat, "
                "permintaan yang disetujui kedua kantor, dikirim dan diterima — tercatat di buku "
                "besar kedua gudang.",
                className="text-muted",
            ),
            dcc.Store(id=ids.KOORDINASI_VERSI, data=0),
            dcc.Store(id=ids.KOORDINASI_SARAN_DATA, data=[]),
            html.Div(id=ids.KOORDINASI_PESAN, className="mb-2", role="status"),
            html.H2("Saran pinjaman", className="h5 mt-3"),
            html.Div(id=ids.KOORDINASI_SARAN),
            html.H2("Permintaan", className="h5 mt-4"),
            html.Div(id=ids.KOORDINASI_DAFTAR),
        ]
    )


def tabel_saran(
    saran: Sequence[Saran], nama_jenis: Mapping[str, str], boleh: Sequence[bool]
) -> html.Div:
    """List the suggestions per item: borrower, shortfall, nearest lender, amount and travel
    time; a request button where the viewer may ask for the borrower."""
    if not saran:
        return html.Div(
            dbc.Alert(
                "Tidak ada saran: tidak ada gudang yang kekurangan sementara gudang lain "
                "berlebih untuk jenis yang sama.",
                color="light",
            )
        )
    per_jenis: dict[str, list[tuple[int, Saran]]] = {}
    for i, s in enumerate(saran):
        per_jenis.setdefault(s.jenis_kode, []).append((i, s))
    bagian: list[Any] = []
    for jenis, daftar in per_jenis.items():
        baris = [
            html.Tr(
                [
                    html.Td(f"{s.peminjam_nama} ({s.peminjam_kode})"),
                    html.Td(format_angka(s.kekurangan), className="text-end"),
                    html.Td(f"{s.pemberi_nama} ({s.pemberi_kode})"),
                    html.Td(format_angka(s.bisa_dipinjamkan), className="text-end"),
                    html.Td(html.B(format_angka(s.jumlah)), className="text-end"),
                    html.Td(_perjalanan(s)),
                    html.Td(
                        dbc.Button(
                            "Ajukan",
                            id={"type": ids.KOORDINASI_AJUKAN, "id": i},
                            size="sm",
                            color="primary",
                        )
                        if boleh[i]
                        else ""
                    ),
                ]
            )
            for i, s in daftar
        ]
        kepala = html.Thead(
            html.Tr(
                [
                    html.Th("Kekurangan di"),
                    html.Th("Kurang", className="text-end"),
                    html.Th("Pemberi terdekat"),
                    html.Th("Bisa dipinjamkan", className="text-end"),
                    html.Th("Saran jumlah", className="text-end"),
                    html.Th("Perjalanan"),
                    html.Th(""),
                ]
            )
        )
        bagian += [
            html.H3(f"{nama_jenis.get(jenis, jenis)} ({jenis})", className="h6 mt-2"),
            dbc.Table([kepala, html.Tbody(baris)], size="sm", hover=True, responsive=True),
        ]
    bagian.append(
        html.Small(
            "Pemberi menyisakan kebutuhannya sendiri ditambah cadangan 5%; yang sudah dijanjikan "
            "atau sedang dikirim diperhitungkan. Waktu tempuh dari jaringan jalan; tanpa rute, "
            "jarak garis lurus.",
            className="text-muted",
        )
    )
    return html.Div(bagian)


def _perjalanan(s: Saran) -> str:
    if s.jam is not None:
        return f"{format_durasi(s.jam)} · {format_km(s.km)}"
    return f"{format_km(s.km)} (garis lurus)"


def _jam(nilai: object) -> str:
    if not isinstance(nilai, dt.datetime | pd.Timestamp):
        return ""
    w = pd.Timestamp(nilai)
    w = w.tz_localize("UTC") if w.tzinfo is None else w
    return w.tz_convert(WIB).strftime("%d-%m %H.%M WIB")


def daftar_pinjaman(
    pinjaman: pd.DataFrame,
    aksi: Mapping[int, Sequence[Aksi]],
    riwayat: pd.DataFrame,
    catatan: pd.DataFrame,
    catatan_boleh: Collection[int],
    klien: Mapping[int, str],
) -> html.Div:
    """List the loans, open ones first by state, each with its steps, history and notes (a
    note box on the loans the viewer's office is party to; `klien` a client id per loan)."""
    if pinjaman.empty:
        return html.Div(dbc.Alert("Belum ada permintaan pinjaman.", color="light"))
    status = pinjaman["status"].map(StatusPinjaman)
    bagian: list[Any] = []
    for st in StatusPinjaman:
        if not st.terbuka:
            continue
        kelompok = pinjaman[status == st].sort_values("id")
        if kelompok.empty:
            continue
        bagian.append(html.H3(f"{st.label} ({len(kelompok)})", className="h6 mt-3"))
        bagian += [_kartu(r, aksi.get(int(r["id"]), ()), riwayat, catatan, catatan_boleh,
                          klien) for r in kelompok.to_dict("records")]  # fmt: skip
    selesai = pinjaman[~status.map(lambda x: x.terbuka)]
    if not selesai.empty:
        bagian.append(
            html.Details(
                [
                    html.Summary(f"Selesai, dibatalkan atau ditolak ({len(selesai)})"),
                    *[
                        _kartu(r, (), riwayat, catatan, catatan_boleh, klien)
                        for r in selesai.to_dict("records")
                    ],
                ],
                className="mt-3",
            )
        )
    return html.Div(bagian)


def _kartu(
    r: Mapping[str, Any],
    aksi: Sequence[Aksi],
    riwayat: pd.DataFrame,
    catatan: pd.DataFrame,
    catatan_boleh: Collection[int],
    klien: Mapping[int, str],
) -> dbc.Card:
    nomor = int(r["id"])
    status = StatusPinjaman(r["status"])
    setuju = [
        ("Peminjam", bool(r["setuju_peminjam"])),
        ("Pemberi", bool(r["setuju_pemberi"])),
    ]
    kepala = html.Div(
        [
            html.B(f"#{nomor} · {r['jenis_nama']} ({r['jenis_kode']}) · "),
            html.B(f"{format_angka(int(r['jumlah']))} {r['satuan'] or ''}"),
            dbc.Badge(status.label, color=WARNA_STATUS[status], className="ms-2"),
        ]
    )
    arah = html.Div(
        [
            html.Span(f"{r['pemberi_nama']} ({r['pemberi_kode']})"),
            html.I(className="bi bi-arrow-right mx-2"),
            html.Span(f"{r['peminjam_nama']} ({r['peminjam_kode']})"),
            html.Span(
                " · Persetujuan: " + ", ".join(f"{n} {'✓' if ok else '—'}" for n, ok in setuju),
                className="text-muted ms-2",
            ),
        ],
        className="small",
    )
    isi: list[Any] = [kepala, arah]
    if r.get("kondisi_terima"):
        isi.append(html.Div(f"Kondisi diterima: {str(r['kondisi_terima']).replace('_', ' ')}",
                            className="small"))  # fmt: skip
    if r.get("alasan_tutup"):
        isi.append(html.Div(f"Alasan: {r['alasan_tutup']}", className="small text-danger"))
    if aksi:
        isi.append(_tombol(nomor, aksi))
    isi.append(_riwayat(riwayat[riwayat["pinjaman_id"] == nomor]))
    boleh = nomor in catatan_boleh
    isi.append(_utas(nomor, catatan[catatan["pinjaman_id"] == nomor], boleh, klien.get(nomor, "")))
    return dbc.Card(dbc.CardBody(isi), className="mb-2", id=f"pinjaman-{nomor}")


def _tombol(nomor: int, aksi: Sequence[Aksi]) -> html.Div:
    """The viewer's steps: a condition picker before Terima, a reason before Batalkan/Tolak."""
    bagian: list[Any] = []
    if Aksi.TERIMA in aksi:
        bagian.append(html.Span("Kondisi diterima:", className="small me-2"))
        bagian.append(
            dbc.Select(
                id={"type": ids.KOORDINASI_KONDISI, "id": nomor},
                options=[{"label": v, "value": str(k)} for k, v in LABEL_KONDISI.items()],
                value=str(Kondisi.BAIK),
                size="sm",
                style={"maxWidth": "10rem"},
                className="d-inline-block me-2",
                name="kondisi",
            )
        )
    for a in aksi:
        if a in (Aksi.BATALKAN, Aksi.TOLAK):
            continue
        bagian.append(
            dbc.Button(
                a.label,
                id={"type": ids.KOORDINASI_AKSI, "id": nomor, "aksi": str(a)},
                color=WARNA_AKSI[a],
                size="sm",
                className="me-2",
            )
        )
    tutup = [a for a in aksi if a in (Aksi.BATALKAN, Aksi.TOLAK)]
    if tutup:
        bagian.append(
            dbc.InputGroup(
                [
                    dbc.Input(
                        id={"type": ids.KOORDINASI_ALASAN, "id": nomor},
                        placeholder="Alasan membatalkan/menolak",
                        maxLength=500,
                    ),
                    *[
                        dbc.Button(
                            a.label,
                            id={"type": ids.KOORDINASI_AKSI, "id": nomor, "aksi": str(a)},
                            color=WARNA_AKSI[a],
                        )
                        for a in tutup
                    ],
                ],
                size="sm",
                className="mt-2",
                style={"maxWidth": "36rem"},
            )
        )
    return html.Div(bagian, className="my-2")


def _riwayat(r: pd.DataFrame) -> html.Details:
    return html.Details(
        [
            html.Summary("Riwayat", className="small"),
            html.Ul(
                [
                    html.Li(
                        f"{_jam(x['waktu'])} · {x['username']} · {x['aksi']} → {x['status']}"
                        + (f" · {x['keterangan']}" if x["keterangan"] else ""),
                        className="small",
                    )
                    for x in r.to_dict("records")
                ],
                className="mb-0",
            ),
        ]
    )


def _utas(nomor: int, c: pd.DataFrame, boleh: bool, klien: str) -> html.Div:
    """The notes between the two offices of one loan, oldest first, and a box to add one."""
    isi: list[Any] = [html.Div("Catatan antar kantor", className="small fw-semibold mt-2")]
    isi += [
        html.Div(
            [
                html.Span(
                    f"{x['username']} · {x['kantor_nama'] or x['kantor_kode']} · "
                    f"{_jam(x['waktu'])}",
                    className="text-muted me-2",
                ),
                html.Span(x["teks"]),
            ],
            className="small kendali-catatan",
        )
        for x in c.to_dict("records")
    ]
    if not len(c):
        isi.append(html.Div("Belum ada catatan.", className="small text-muted"))
    if boleh:
        isi.append(
            dbc.InputGroup(
                [
                    dbc.Input(
                        id={"type": ids.KOORDINASI_CATATAN, "id": nomor},
                        placeholder="Tulis catatan untuk kantor lainnya",
                        maxLength=1000,
                    ),
                    dbc.Button(
                        "Kirim catatan",
                        id={"type": ids.KOORDINASI_KIRIM_CATATAN, "id": nomor, "klien": klien},
                        color="secondary",
                    ),
                ],
                size="sm",
                className="mt-1",
                style={"maxWidth": "36rem"},
            )
        )
    return html.Div(isi)


def pesan(teks: Sequence[str], berhasil: bool) -> dbc.Alert:
    """A line or lines saying what a step did, or why it was refused."""
    return dbc.Alert(
        [html.Div(t) for t in teks], color="success" if berhasil else "danger", className="mb-0"
    )
