"""Pieces of a region's overview: KPI cards, child table, items, exceptions, incidents, ledger."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.domain.angka import format_angka, format_persen
from dashboard.domain.buku_besar import JenisMutasi, Tahap
from dashboard.domain.kejadian import JENIS_KEJADIAN, KEPARAHAN, STATUS_KEJADIAN
from dashboard.domain.kesiapan import BAGIAN, LABEL_BAGIAN, LABEL_KELAS, Pengecualian
from dashboard.domain.wilayah import Tingkat, kabkota_dari

WARNA_KEPARAHAN = {"kritis": "danger", "tinggi": "warning", "sedang": "info", "rendah": "secondary"}
WARNA_KELAS = {"siap": "success", "waspada": "warning", "kritis": "danger"}
ANAK = {0: "Provinsi", 1: "Kabupaten/Kota", 2: "Kecamatan", 3: "Desa/Kelurahan", 4: "TPS"}
LABEL_MASALAH = {
    "stok": "Stok gudang",
    "terima_ppk": "Tiba di PPK",
    "terima_pps": "Tiba di PPS",
    "terima_tps": "Tiba di TPS",
}


def tata_letak_wilayah() -> html.Div:
    """Return the empty frame of a region view; callbacks fill it."""
    return html.Div(
        [
            html.Div(id=ids.WILAYAH_JUDUL),
            html.Div(id=ids.RINGKASAN_KPI, className="kendali-kpi-baris"),
            html.Div(
                [
                    html.Div(id=ids.RINGKASAN_TABEL, className="kendali-panel flex-grow-1"),
                    html.Div(
                        [
                            html.Div(id=ids.RINGKASAN_PENGECUALIAN, className="kendali-panel"),
                            html.Div(id=ids.RINGKASAN_KEJADIAN, className="kendali-panel"),
                        ],
                        # Beside the table on a wide screen, above it below 1400 px (CSS), so
                        # what needs attention is never below a 35-row table.
                        className="kendali-sisi kendali-sisi-perhatian d-flex flex-column gap-3",
                    ),
                ],
                className="d-flex gap-3 align-items-start kendali-isi mb-3",
            ),
            html.Div(
                [
                    html.Div(id=ids.RINGKASAN_JENIS, className="kendali-panel flex-grow-1"),
                    html.Div(id=ids.RINGKASAN_MUTASI, className="kendali-panel kendali-sisi-lebar"),
                ],
                className="d-flex gap-3 align-items-start kendali-isi",
            ),
        ],
        className="kendali-wilayah",
    )


def _kosong(v: object) -> bool:
    """Missing or NaN. Callers test `is None` first as well, so the checker narrows the type."""
    return v is None or (isinstance(v, float) and math.isnan(v))


def warna_progres(rasio: float | None, target: float = 1.0) -> str:
    """Colour progress against what the plan expects by now: green on plan, amber, red behind."""
    if rasio is None or _kosong(rasio):
        return "secondary"
    if target <= 0:
        return "success" if rasio > 0 else "secondary"
    capai = rasio / target
    return "success" if capai >= 0.95 else ("warning" if capai >= 0.6 else "danger")


def _kartu(
    judul: str,
    nilai: str,
    keterangan: Component | str,
    ikon: str,
    warna: str = "primary",
    id_: str | None = None,
) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div([html.I(className=f"bi {ikon} me-2"), judul], className="kpi-judul"),
                html.Div(nilai, className=f"kpi-nilai text-{warna}"),
                html.Div(keterangan, className="kpi-ket"),
            ]
        ),
        className="kendali-kpi",
        **({"id": id_} if id_ else {}),
    )


def judul_wilayah(nama: str, tingkat: int, kode: str) -> html.Div:
    """Return the region heading with its level and a link to the map."""
    peta = urls.peta(kode if tingkat <= Tingkat.KABKOTA else kabkota_dari(kode))
    return html.Div(
        [
            html.H1(nama, className="kendali-h1 mb-0"),
            html.Span(
                Tingkat(tingkat).label
                if tingkat == Tingkat.NASIONAL
                else f"{Tingkat(tingkat).label} · kode {kode}",
                className="text-muted",
            ),
            dcc.Link(
                [html.I(className="bi bi-map me-1"), "Lihat di peta"],
                href=peta,
                className="ms-auto btn btn-outline-primary btn-sm",
            ),
        ],
        className="d-flex align-items-baseline flex-wrap column-gap-3 row-gap-1 mb-3",
    )


def wilayah_tidak_ada(kode: str) -> html.Div:
    """Return the page of a region code the campaign does not know: what happened, where to go."""
    return html.Div(
        [
            html.H1("Wilayah tidak ditemukan", className="kendali-h1"),
            html.P(
                f"Wilayah dengan kode '{kode}' tidak ada di basis data kampanye ini. "
                "Periksa kodenya, atau pilih wilayah dari ringkasan.",
                className="mb-3",
            ),
            dcc.Link(
                [html.I(className="bi bi-arrow-left me-1"), "Kembali ke ringkasan"],
                href=urls.ringkasan(),
                className="btn btn-primary",
            ),
        ],
        className="kendali-panel kendali-tidak-ada",
        id="wilayah-tidak-ada",
    )


def kartu_kpi(
    total: dict[str, Any], tingkat: int, target: dict[str, float] | None = None
) -> list[dbc.Card]:
    """Return the row of key figures for a region: index, TPS, stock, each hop, incidents."""
    kelas = total.get("kelas", "kritis")
    bagian = html.Div(
        [
            html.Span(
                f"{LABEL_BAGIAN[k].split()[1]} {format_persen(total.get(k), 0)}", className="me-2"
            )
            for k in BAGIAN
        ],
        className="kpi-bagian",
    )
    tps = int(total.get("jumlah_tps") or 0)
    lengkap = int(total.get("tps_lengkap") or 0)
    kartu = [
        _kartu(
            f"Indeks kesiapan · {LABEL_KELAS.get(kelas, '')}",
            format_persen(total.get("indeks")),
            bagian,
            "bi-shield-check",
            WARNA_KELAS.get(kelas, "secondary"),
            id_="kpi-indeks",
        ),
        _kartu(
            "TPS", format_angka(tps), f"DPT {format_angka(total.get('dpt'))}", "bi-geo-alt", "dark"
        ),
    ]
    langkah = [
        ("stok", "Stok gudang", "kebutuhan diterima baik", "bi-box-seam"),
        ("sortir", "Sortir-lipat", "surat suara selesai", "bi-stack"),
        ("terima_ppk", "Tiba di PPK", "dari kebutuhan kecamatan", "bi-truck"),
        ("terima_pps", "Tiba di PPS", "dari kebutuhan desa/kelurahan", "bi-truck"),
    ]
    if tingkat >= Tingkat.KECAMATAN:
        langkah = langkah[2:] if tingkat == Tingkat.KECAMATAN else langkah[3:]
    target = target or {}
    for kunci, judul, ket, ikon in langkah:
        r = total.get(kunci)
        t = target.get(kunci, 1.0)
        if kunci in target:
            ket = f"{ket}; rencana {format_persen(t, 0)}"
        kartu.append(_kartu(judul, format_persen(r), ket, ikon, warna_progres(r, t)))
    r_tps = lengkap / tps if tps else None
    kartu.append(
        _kartu(
            "Distribusi ke TPS",
            format_persen(r_tps),
            f"{format_angka(lengkap)} / {format_angka(tps)} TPS lengkap",
            "bi-check2-square",
            warna_progres(r_tps, target.get("terima_tps", 1.0)),
            id_="kpi-tps",
        )
    )
    n = int(total.get("kejadian_aktif") or 0)
    kartu.append(
        _kartu(
            "Kejadian aktif",
            format_angka(n),
            "terbuka atau ditangani",
            "bi-exclamation-triangle",
            "danger" if n else "success",
        )
    )
    return kartu


def _bar(rasio: float | None, target: float = 1.0) -> Component:
    if rasio is None or _kosong(rasio):
        return html.Span("–", className="text-muted")
    return html.Div(
        [
            dbc.Progress(
                value=rasio * 100, color=warna_progres(rasio, target), className="kendali-bar"
            ),
            html.Span(format_persen(rasio), className="kendali-bar-label"),
        ],
        className="d-flex align-items-center gap-2",
    )


def _sel_bagian(v: float | None) -> html.Td:
    if v is None or _kosong(v):
        return html.Td("–", className="text-muted text-end")
    kelas = (
        "bg-success-subtle"
        if v >= 0.9
        else ("bg-warning-subtle" if v >= 0.75 else "bg-danger-subtle")
    )
    return html.Td(format_persen(v, 0), className=f"text-end {kelas}")


def lencana_kelas(indeks: float | None, kelas: str | None) -> dbc.Badge:
    """Return a badge with the index and its class colour."""
    if indeks is None or _kosong(indeks):
        return dbc.Badge("–", color="secondary")
    return dbc.Badge(
        format_persen(indeks),
        color=WARNA_KELAS.get(kelas or "", "secondary"),
        className="kendali-lencana",
    )


def _baca_urut(urut: str | None) -> tuple[str | None, bool]:
    """The column and direction of a ?urut= value ('-indeks': by index, descending)."""
    if not urut:
        return None, False
    return urut.removeprefix("-"), urut.startswith("-")


def urutkan_anak(anak: pd.DataFrame, urut: str | None) -> pd.DataFrame:
    """Return the child regions in the viewer's order (`urut`: a column, '-' in front for
    descending); by code when no or an unknown column is given. Missing values go last."""
    kolom, turun = _baca_urut(urut)
    if not kolom or kolom not in anak.columns:
        return anak
    kunci = anak[kolom].str.lower() if kolom == "nama" else anak[kolom]
    urutan = kunci.sort_values(ascending=not turun, na_position="last", kind="stable").index
    return anak.loc[urutan]


# First press of a header: names A to Z and shares lowest first (the worst first); counts of
# TPS and incidents highest first. Pressed again: the other way round.
_TURUN_DAHULU = ("jumlah_tps", "kejadian_aktif")


def _kepala_urut(
    isi: str,
    kolom: str,
    urut: str | None,
    alamat: Callable[[str], str],
    className: str = "",
    sub: Component | None = None,
) -> html.Th:
    """A header cell whose label links to the same page ordered by its column (?urut=...)."""
    sekarang, turun = _baca_urut(urut)
    aktif = sekarang == kolom
    berikut = (not turun) if aktif else kolom in _TURUN_DAHULU
    panah = ("bi-sort-down" if turun else "bi-sort-up") if aktif else "bi-arrow-down-up"
    # Read out by screen readers: which column orders the rows, and which way.
    aria: dict[str, Any] = {"aria-sort": "descending" if turun else "ascending"} if aktif else {}
    return html.Th(
        [
            dcc.Link(
                [isi, html.I(className=f"bi {panah} ms-1 kendali-urut-panah")],
                href=alamat(("-" if berikut else "") + kolom),
                className="kendali-urut" + (" aktif" if aktif else ""),
                title=f"Urutkan menurut {isi.lower()}",
            ),
            *([sub] if sub is not None else []),
        ],
        className=className,
        **aria,
    )


def tabel_anak(
    anak: pd.DataFrame,
    nama_induk: str,
    tingkat_induk: int,
    target: dict[str, float],
    urut: str | None = None,
    kode_induk: str | None = None,
) -> list[Component]:
    """Return a table of child regions: readiness with its parts, progress at each hop. Each
    header links to the same page ordered by its column (`urut`, ?urut= of the page of
    `kode_induk`; None: the overview)."""
    langkah = [("terima_ppk", "PPK"), ("terima_pps", "PPS"), ("terima_tps", "TPS")]
    if tingkat_induk >= Tingkat.KABKOTA:
        langkah = langkah[1:]

    def alamat(u: str) -> str:
        return urls.tabel_urut(kode_induk, u)

    kepala = html.Thead(
        html.Tr(
            [
                _kepala_urut("Wilayah", "nama", urut, alamat),
                _kepala_urut("TPS", "jumlah_tps", urut, alamat, "text-end"),
                _kepala_urut("Indeks", "indeks", urut, alamat),
            ]
            + [
                _kepala_urut(
                    LABEL_BAGIAN[k].split()[1].capitalize(), k, urut, alamat, "text-end small"
                )
                for k in BAGIAN
            ]
            + [
                _kepala_urut(
                    f"Tiba di {label}",
                    k,
                    urut,
                    alamat,
                    sub=html.Div(
                        f"rencana {format_persen(target.get(k), 0)}",
                        className="small text-muted fw-normal",
                    ),
                )
                for k, label in langkah
            ]
            + [
                _kepala_urut("TPS lengkap", "tps_lengkap", urut, alamat, "text-end"),
                _kepala_urut("Kejadian", "kejadian_aktif", urut, alamat, "text-end"),
            ]
        )
    )
    baris = []
    for r in urutkan_anak(anak, urut).to_dict("records"):
        tps = int(r.get("jumlah_tps") or 0)
        baris.append(
            html.Tr(
                [
                    html.Td(dcc.Link(r["nama"], href=urls.wilayah(r["kode"]))),
                    html.Td(format_angka(tps), className="text-end"),
                    html.Td(lencana_kelas(r.get("indeks"), r.get("kelas"))),
                ]
                + [_sel_bagian(r.get(k)) for k in BAGIAN]
                + [html.Td(_bar(r.get(k), target.get(k, 1.0))) for k, _ in langkah]
                + [
                    html.Td(f"{format_angka(r.get('tps_lengkap'))}", className="text-end"),
                    html.Td(
                        dbc.Badge(str(r["kejadian_aktif"]), color="danger")
                        if r.get("kejadian_aktif")
                        else "",
                        className="text-end",
                    ),
                ]
            )
        )
    return [
        html.H2(f"{ANAK[tingkat_induk]} di {nama_induk}", className="kendali-h2"),
        html.Div(
            dbc.Table(
                [kepala, html.Tbody(baris)],
                hover=True,
                size="sm",
                className="kendali-tabel mb-0",
                id=ids.TABEL_WILAYAH,
            ),
            className="table-responsive",
        ),
    ]


def tabel_tps(tps: pd.DataFrame, nama_desa: str) -> list[Component]:
    """Return the TPS of a desa with voters and completeness."""
    baris = [
        html.Tr(
            [
                html.Td(f"TPS {int(r['nomor']):03d}"),
                html.Td(format_angka(r["dpt"]), className="text-end"),
                html.Td(format_angka(r["dptb"]), className="text-end"),
                html.Td(
                    f"{int(r['jenis_terpenuhi'])} / {int(r['jenis_dibutuhkan'])}",
                    className="text-end",
                ),
                html.Td(
                    dbc.Badge("Lengkap", color="success")
                    if r["jenis_dibutuhkan"] and r["jenis_terpenuhi"] == r["jenis_dibutuhkan"]
                    else dbc.Badge("Belum", color="secondary")
                ),
            ]
        )
        for r in tps.to_dict("records")
    ]
    kepala = html.Thead(
        html.Tr(
            [
                html.Th("TPS"),
                html.Th("DPT", className="text-end"),
                html.Th("DPTb", className="text-end"),
                html.Th("Jenis lengkap", className="text-end"),
                html.Th("Status"),
            ]
        )
    )
    return [
        html.H2(f"TPS di {nama_desa}", className="kendali-h2"),
        dbc.Table(
            [kepala, html.Tbody(baris)],
            hover=True,
            size="sm",
            className="kendali-tabel mb-0",
            id=ids.TABEL_TPS,
        ),
    ]


def tabel_jenis(per_jenis: pd.DataFrame, tingkat: int) -> list[Component]:
    """Return need vs good received vs damaged vs packed vs sent onward vs at TPS, per item."""
    judul = html.H2("Per jenis logistik", className="kendali-h2")
    if per_jenis.empty:
        return [judul, html.P("Belum ada data.", className="text-muted")]
    masuk = (
        "gudang"
        if tingkat <= Tingkat.KABKOTA
        else ("PPK" if tingkat == Tingkat.KECAMATAN else "PPS")
    )
    lanjut = {"gudang": "PPK", "PPK": "PPS", "PPS": "TPS"}[masuk]
    kepala = html.Thead(
        html.Tr(
            [
                html.Th("Jenis"),
                html.Th(f"Kebutuhan {masuk}", className="text-end"),
                html.Th("Baik", className="text-end"),
                html.Th("Rusak", className="text-end"),
            ]
            + ([html.Th("Sortir-lipat", className="text-end")] if masuk == "gudang" else [])
            + [
                html.Th(f"Dikirim ke {lanjut}", className="text-end"),
                html.Th("Tiba di TPS", className="text-end"),
            ]
        )
    )

    def sel(n: int, dari: int) -> html.Td:
        return html.Td(
            [
                format_angka(n),
                html.Span(
                    f" {format_persen(n / dari if dari else None, 0)}", className="text-muted small"
                ),
            ],
            className="text-end",
        )

    baris = []
    for r in per_jenis.to_dict("records"):
        kebutuhan = r["kebutuhan"]
        baris.append(
            html.Tr(
                [
                    html.Td(
                        [
                            html.Span(
                                className="kendali-warna",
                                style={"background": r.get("warna") or "#adb5bd"},
                            ),
                            r["nama"],
                        ]
                    ),
                    html.Td(f"{format_angka(kebutuhan)} {r['satuan']}", className="text-end"),
                    sel(r["baik"], kebutuhan),
                    html.Td(
                        format_angka(r["rusak"]),
                        className="text-end" + (" text-danger" if r["rusak"] else ""),
                    ),
                ]
                + ([sel(r["disortir"], kebutuhan)] if masuk == "gudang" else [])
                + [sel(r["dikirim"], kebutuhan), sel(r["tiba_tps"], r["kebutuhan_tps"])]
            )
        )
    return [
        judul,
        html.Div(
            dbc.Table(
                [kepala, html.Tbody(baris)],
                size="sm",
                hover=True,
                className="kendali-tabel mb-0",
                id=ids.TABEL_JENIS,
            ),
            className="table-responsive",
        ),
    ]


def daftar_perhatian(pengecualian: list[Pengecualian], batas: int = 8) -> list[Component]:
    """Return the regions needing attention, worst first, each linking to its page."""
    judul = html.H2("Perlu perhatian", className="kendali-h2")
    if not pengecualian:
        return [judul, html.P("Semua wilayah sesuai rencana.", className="text-muted")]
    item = []
    for p in pengecualian[:batas]:
        alasan = [
            f"{LABEL_MASALAH[m]} {format_persen(a, 0)} (rencana {format_persen(t, 0)})"
            for m, a, t in p.masalah
        ]
        if p.kejadian:
            alasan.append(f"{p.kejadian} kejadian aktif")
        item.append(
            dbc.ListGroupItem(
                [
                    html.Div(
                        [
                            lencana_kelas(p.indeks, p.kelas),
                            dcc.Link(
                                p.nama, href=urls.wilayah(p.kode), className="ms-2 fw-semibold"
                            ),
                        ]
                    ),
                    html.Div(" · ".join(alasan), className="small text-muted"),
                ]
            )
        )
    if len(pengecualian) > batas:
        item.append(
            dbc.ListGroupItem(
                f"… dan {len(pengecualian) - batas} wilayah lain", className="text-muted"
            )
        )
    return [judul, dbc.ListGroup(item, flush=True, id=ids.DAFTAR_PERHATIAN)]


def daftar_kejadian(kejadian: pd.DataFrame, batas: int = 6) -> list[Component]:
    """Return the active incidents, worst first."""
    judul = html.H2("Kejadian aktif", className="kendali-h2")
    if kejadian.empty:
        return [judul, html.P("Tidak ada kejadian aktif.", className="text-muted")]
    item = []
    for r in kejadian.head(batas).to_dict("records"):
        item.append(
            dbc.ListGroupItem(
                [
                    html.Div(
                        [
                            dbc.Badge(
                                KEPARAHAN[r["keparahan"]],
                                color=WARNA_KEPARAHAN[r["keparahan"]],
                                className="me-2",
                            ),
                            html.Span(
                                JENIS_KEJADIAN.get(r["jenis"], r["jenis"]),
                                className="text-muted small",
                            ),
                        ]
                    ),
                    html.Div(r["judul"], className="fw-semibold"),
                    html.Div(
                        [
                            dcc.Link(r["wilayah_nama"], href=urls.wilayah(r["wilayah_kode"])),
                            f" · {STATUS_KEJADIAN[r['status']]}",
                        ],
                        className="small text-muted",
                    ),
                ]
            )
        )
    if len(kejadian) > batas:
        item.append(
            dbc.ListGroupItem(f"… dan {len(kejadian) - batas} lainnya", className="text-muted")
        )
    return [judul, dbc.ListGroup(item, flush=True)]


def _uraian_mutasi(r: dict[str, Any]) -> str:
    jm = JenisMutasi(r["jenis_mutasi"])
    tahap = Tahap(r["tahap"]).label
    if jm is JenisMutasi.KIRIM:
        return f"Kirim ke {tahap}"
    if jm is JenisMutasi.TERIMA:
        return f"Tiba di {tahap}"
    if jm is JenisMutasi.PENYESUAIAN:
        return f"Penyesuaian: {str(r['alasan']).replace('_', ' ')}"
    return jm.label


def tabel_mutasi(mutasi: pd.DataFrame, zona: dt.tzinfo) -> list[Component]:
    """Return the newest ledger entries of the region."""
    judul = html.H2("Catatan terbaru", className="kendali-h2")
    if mutasi.empty:
        return [judul, html.P("Belum ada catatan.", className="text-muted")]
    baris = []
    for r in mutasi.to_dict("records"):
        waktu = pd.Timestamp(r["waktu"])
        waktu = (waktu.tz_localize("UTC") if waktu.tzinfo is None else waktu).tz_convert(zona)
        tempat = r["wilayah_nama"] + (f" · TPS #{r['tps_id']}" if r.get("tps_id") else "")
        kondisi = f" ({str(r['kondisi']).replace('_', ' ')})" if r.get("kondisi") else ""
        baris.append(
            html.Tr(
                [
                    html.Td(waktu.strftime("%d-%m %H.%M"), className="text-muted small"),
                    html.Td(
                        [
                            _uraian_mutasi(r) + kondisi,
                            html.Div(tempat, className="small text-muted"),
                        ]
                    ),
                    html.Td(r["jenis_nama"], className="small"),
                    html.Td(format_angka(r["jumlah"]), className="text-end"),
                ]
            )
        )
    return [
        judul,
        dbc.Table(
            html.Tbody(baris), size="sm", className="kendali-tabel mb-0", id=ids.TABEL_MUTASI
        ),
    ]
