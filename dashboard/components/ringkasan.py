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
from dashboard.components.putar_ulang import baris_selisih
from dashboard.domain.angka import format_angka, format_persen
from dashboard.domain.buku_besar import JenisMutasi, Tahap
from dashboard.domain.kejadian import JENIS_KEJADIAN, KEPARAHAN, STATUS_KEJADIAN
from dashboard.domain.kelas import LABEL_KELAS, WARNA_KELAS, kelas_indeks, kelas_rencana
from dashboard.domain.kesiapan import BAGIAN, LABEL_BAGIAN, AngkaWilayah, Pengecualian
from dashboard.domain.wilayah import Tingkat, kabkota_dari

WARNA_KEPARAHAN = {"kritis": "danger", "tinggi": "warning", "sedang": "info", "rendah": "secondary"}
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


def kelas_progres(rasio: float | None, target: float = 1.0, toleransi: float | None = None) -> str:
    """The readiness class of a figure against its plan ('kosong' when nothing is due)."""
    if rasio is not None and _kosong(rasio):
        rasio = None
    kelas = (
        kelas_rencana(rasio, target)
        if toleransi is None
        else kelas_rencana(rasio, target, toleransi)
    )
    return kelas or "kosong"


def chip_kelas(kelas: str | None) -> html.Span:
    """The class in words on its colour (never colour alone)."""
    return html.Span(
        LABEL_KELAS.get(kelas or "", "–"), className=f"kendali-chip kelas-{kelas or 'kosong'}"
    )


def _kartu(
    judul: str,
    nilai: str,
    keterangan: Component | str,
    ikon: str,
    kelas: str | None = None,
    id_: str | None = None,
    selisih: Component | None = None,
) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [html.I(className=f"bi {ikon} me-2"), judul],
                    className="kpi-judul",
                    title=judul,
                ),
                html.Div(
                    [
                        html.Span(nilai),
                        chip_kelas(kelas) if kelas not in (None, "kosong") else None,
                    ],
                    className="kpi-nilai",
                ),
                html.Div(keterangan, className="kpi-ket"),
                selisih,
            ]
        ),
        className=f"kendali-kpi kpi-kelas-{kelas or 'netral'}",
        **({"id": id_} if id_ else {}),
    )


def keterangan_stok(total: AngkaWilayah) -> str:
    """Words under a stock figure: the worst shortfall, or complete, and any surplus."""
    if total.get("stok") is None or _kosong(total.get("stok")):
        return "belum ada kebutuhan"
    teks = str(total.get("stok_teks") or "") or "semua jenis lengkap di setiap gudang"
    lebih = int(total.get("lebih") or 0)
    if lebih:
        teks += f"; lebih {format_angka(lebih)} unit"
    return teks


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
    total: AngkaWilayah,
    tingkat: int,
    target: dict[str, float] | None = None,
    selisih: dict[str, float | None] | None = None,
    sejak: str = "kemarin",
) -> list[dbc.Card]:
    """Return the row of key figures for a region: index, TPS, stock, each hop, incidents;
    `selisih`: each figure's change since `sejak` (domain.banding), shown under it."""
    kelas = total.get("kelas") or kelas_indeks(total.get("indeks"))

    def berubah(kunci: str) -> Component | None:
        return baris_selisih(kunci, selisih.get(kunci), sejak) if selisih else None

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
            kelas,
            id_="kpi-indeks",
            selisih=berubah("indeks"),
        ),
        _kartu("TPS", format_angka(tps), f"DPT {format_angka(total.get('dpt'))}", "bi-geo-alt"),
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
    pecahan: dict[str, float | None] = {
        "stok": total.get("stok"),
        "sortir": total.get("sortir"),
        "terima_ppk": total.get("terima_ppk"),
        "terima_pps": total.get("terima_pps"),
    }
    for kunci, judul, ket, ikon in langkah:
        r = pecahan[kunci]
        t = target.get(kunci, 1.0)
        if kunci == "stok":
            kartu.append(
                _kartu(
                    judul,
                    format_persen(r),
                    keterangan_stok(total),
                    ikon,
                    kelas_progres(r, t, toleransi=0.0),
                    id_="kpi-stok",
                    selisih=berubah(kunci),
                )
            )
            continue
        if kunci in target:
            ket = f"{ket}; rencana {format_persen(t, 0)}"
        kartu.append(
            _kartu(judul, format_persen(r), ket, ikon, kelas_progres(r, t), selisih=berubah(kunci))
        )
    r_tps = lengkap / tps if tps else None
    kartu.append(
        _kartu(
            "Distribusi ke TPS",
            format_persen(r_tps),
            f"{format_angka(lengkap)} / {format_angka(tps)} TPS lengkap",
            "bi-check2-square",
            kelas_progres(r_tps, target.get("terima_tps", 1.0)),
            id_="kpi-tps",
            selisih=berubah("tps_lengkap"),
        )
    )
    n = int(total.get("kejadian_aktif") or 0)
    kartu.append(
        _kartu(
            "Kejadian aktif",
            format_angka(n),
            "terbuka atau ditangani",
            "bi-exclamation-triangle",
            id_="kpi-kejadian",
            selisih=berubah("kejadian_aktif"),
        )
    )
    return kartu


def _bar(rasio: float | None, target: float = 1.0) -> Component:
    if rasio is None or _kosong(rasio):
        return html.Span("–", className="text-muted")
    return html.Div(
        [
            dbc.Progress(
                value=rasio * 100,
                color=WARNA_KELAS.get(kelas_progres(rasio, target), "#bdbdbd"),
                className="kendali-bar",
            ),
            html.Span(format_persen(rasio), className="kendali-bar-label"),
        ],
        className="d-flex align-items-center gap-2",
    )


def _sel_bagian(v: float | None) -> html.Td:
    if v is None or _kosong(v):
        return html.Td("–", className="text-muted text-end")
    return html.Td(format_persen(v, 0), className=f"text-end sel-kelas-{kelas_indeks(v)}")


def lencana_kelas(indeks: float | None, kelas: str | None) -> html.Span:
    """Return a badge with the class in words and the index, on the class colour."""
    if indeks is None or _kosong(indeks):
        return html.Span("–", className="badge kelas-kosong kendali-lencana")
    return html.Span(
        f"{LABEL_KELAS.get(kelas or '', '')} {format_persen(indeks)}".strip(),
        className=f"badge kelas-{kelas or 'kosong'} kendali-lencana",
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
                + (
                    [
                        sel(r["disortir"], kebutuhan)
                        if str(r.get("jenis_kode", "")).startswith("SS-")
                        # Only ballots are sorted and folded: "0 0%" would read as not done.
                        else html.Td("–", className="text-end text-muted", title="tidak disortir")
                    ]
                    if masuk == "gudang"
                    else []
                )
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
        alasan = [m.teks for m in p.masalah]
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
        return f"Penyesuaian: {_kata(r.get('alasan'))}"
    return jm.label


def _ada(nilai: object) -> bool:
    """Tell whether a cell holds a value (None, NaN and NaT do not)."""
    return nilai is not None and not pd.isna(nilai)


def _jam(nilai: object, zona: dt.tzinfo) -> str:
    waktu = pd.Timestamp(nilai)
    waktu = (waktu.tz_localize("UTC") if waktu.tzinfo is None else waktu).tz_convert(zona)
    return waktu.strftime("%d-%m %H.%M")


def _kata(nilai: object) -> str:
    """A nullable code column as words ('rusak_ringan' → 'rusak ringan'; NULL, which pandas
    hands back as NaN, → '')."""
    if nilai is None or (isinstance(nilai, float) and pd.isna(nilai)):
        return ""
    return str(nilai).replace("_", " ")


def _nomor(nilai: object) -> int | None:
    """An entry number from a nullable column (pandas hands back NaN for NULL)."""
    if nilai is None or pd.isna(nilai):
        return None
    return int(nilai)  # type: ignore[call-overload]


def tabel_mutasi(mutasi: pd.DataFrame, zona: dt.tzinfo) -> list[Component]:
    """Return the ledger entries received last in the region, newest first.

    Each shows when it was recorded and, under it, when it happened (the time typed with it):
    'dicatat 24-11 09.10', 'kejadian 23-11 16.00'.
    """
    judul = html.H2("Catatan terbaru", className="kendali-h2")
    if mutasi.empty:
        return [judul, html.P("Belum ada catatan.", className="text-muted")]
    baris = []
    for r in mutasi.to_dict("records"):
        tps = f" · TPS #{int(r['tps_id'])}" if _ada(r.get("tps_id")) else ""
        tempat = r["wilayah_nama"] + tps
        kondisi = f" ({_kata(r.get('kondisi'))})" if _kata(r.get("kondisi")) else ""
        # One short line each, so the column stays narrow beside the entry it dates.
        kapan = [html.Div(f"kejadian {_jam(r['waktu'], zona)}")]
        if _ada(r.get("dicatat_pada")):
            kapan.insert(0, html.Div(f"dicatat {_jam(r['dicatat_pada'], zona)}"))
        # A correction is a reversing entry: it shows with its link and the opposite sign, and
        # the entry it reverses stays in the history, marked (the ledger is append-only).
        membalik, dibalik = _nomor(r.get("membalik_id")), _nomor(r.get("dibalik_oleh"))
        uraian = _uraian_mutasi(r) + kondisi
        jumlah = format_angka(r["jumlah"])
        catatan: list[Component] = []
        if membalik is not None:
            uraian = f"Koreksi: membatalkan nomor {membalik} ({uraian})"
            jumlah = "−" + jumlah
        elif dibalik is not None:
            catatan = [dbc.Badge(f"dikoreksi (nomor {dibalik})", color="secondary",
                                 className="ms-1")]  # fmt: skip
        baris.append(
            html.Tr(
                [
                    html.Td(kapan, className="text-muted small"),
                    html.Td(
                        [
                            uraian,
                            *catatan,
                            html.Div(tempat, className="small text-muted"),
                        ],
                        className="text-wrap",  # a correction's line is long: wrap on a phone
                    ),
                    html.Td(r["jenis_nama"], className="small text-wrap"),
                    html.Td(
                        jumlah,
                        className="text-end"
                        + (" text-decoration-line-through text-muted" if dibalik else ""),
                    ),
                ]
            )
        )
    return [
        judul,
        dbc.Table(
            html.Tbody(baris), size="sm", className="kendali-tabel mb-0", id=ids.TABEL_MUTASI
        ),
    ]
