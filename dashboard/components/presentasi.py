"""Presenter slides: one full-screen frame, and a builder per kind of slide.

Sizes are in CSS units of a 1920×1080 design (assets/presentasi.css scales them with the
screen), so a slide reads the same on a 1280×720 projector. Every builder takes the plain
meeting dict of services.presentasi, live or frozen, and nothing else from the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash_bootstrap_components as dbc
import dash_leaflet as dl
from dash import dcc, html

from dashboard import ids, urls
from dashboard.components.figures import KONFIGURASI_GRAFIK
from dashboard.components.peta import hideout, legenda, ns
from dashboard.components.rapat import modal_keputusan
from dashboard.components.ringkasan import LABEL_MASALAH, kelas_progres
from dashboard.domain.angka import format_angka, format_durasi, format_persen
from dashboard.domain.kejadian import KEPARAHAN
from dashboard.domain.kelas import METRIK
from dashboard.domain.kesiapan import BAGIAN, LABEL_BAGIAN, LABEL_KELAS
from dashboard.domain.rapat import (
    TAHAP_RUTE,
    DataRapat,
    KabkotaRuteRapat,
    KejadianRapat,
    KeputusanRapat,
    wilayah_tanpa_angka,
)
from dashboard.domain.risiko import WARNA_TINGKAT
from dashboard.domain.wilayah import KODE_NASIONAL

PILIHAN_PUTAR = [
    {"label": "Manual", "value": "0"},
    {"label": "15 detik", "value": "15"},
    {"label": "30 detik", "value": "30"},
    {"label": "60 detik", "value": "60"},
    {"label": "2 menit", "value": "120"},
]
KEKURANGAN_PER_SLIDE = 9
TERENDAH_DI_PETA = 8
KEJADIAN_PER_WILAYAH = 3


def _nasional(data: DataRapat) -> bool:
    return data.get("provinsi_kode") == KODE_NASIONAL


def lembaga(data: DataRapat) -> str:
    """Whose meeting this is: a provincial KPU, or KPU RI for the national root."""
    return "KPU RI" if _nasional(data) else f"KPU Provinsi {data['provinsi_nama']}"


def label_anak(data: DataRapat) -> str:
    """What the regions one level down are called: kab/kota, or provinsi nationally."""
    return "provinsi" if _nasional(data) else "kab/kota"


def _akar(data: DataRapat) -> str:
    return "nasional" if _nasional(data) else "provinsi"


def kerangka(putar: str, cetak: bool) -> html.Div:
    """Return the presenter frame; callbacks fill in the slide and its controls."""
    # The controls stay in the print layout too (hidden by CSS): the slide callback fills them.
    kendali = [
        html.Div(
            [
                html.Div(id=ids.PRESENTASI_KENDALI, className="presentasi-kendali-slide"),
                *kendali_tetap(putar),
            ],
            className="presentasi-kendali",
        ),
        html.Div(id=ids.PRESENTASI_PESAN, className="presentasi-pesan"),
    ]
    return html.Div(
        [
            dcc.Store(id=ids.PRESENTASI_LAYAR),
            html.Div(id=ids.PRESENTASI_ISI, className="presentasi-isi"),
            *kendali,
            modal_keputusan(),
        ],
        id=ids.PRESENTASI,
        className="presentasi presentasi-cetak" if cetak else "presentasi",
    )


def _stempel(data: DataRapat) -> str:
    if data.get("dibekukan_pada"):
        return f"Data per {data['data_per']} · dibekukan {data['dibekukan_pada']}"
    return f"Data per {data['data_per']}" if data.get("data_per") else "Belum ada data"


def slide(
    judul: str | list,
    badan: list,
    data: DataRapat,
    nomor: int,
    jumlah: int,
    jenis: str,
    sub: str | list | None = None,
) -> html.Section:
    """Wrap one slide: heading, body, and a foot with the data stamp and the slide number."""
    kaki = html.Footer(
        [
            html.Span(
                ([html.I(className="bi bi-snow me-2")] if data.get("dibekukan_pada") else [])
                + [_stempel(data)],
                className="slide-stempel",
            ),
            html.Span(f"{lembaga(data)} · {data['hminus']}"),
            html.Span(f"{nomor} / {jumlah}", className="slide-nomor"),
        ],
        className="slide-kaki",
    )
    kepala = html.Header(
        [
            html.H1(judul, className="slide-judul"),
            html.Div(sub, className="slide-sub") if sub else None,
        ],
        className="slide-kepala",
    )
    # data-* is one of Dash's wildcard attributes, which the component signatures do not list.
    wildcard: dict[str, Any] = {"data-nomor": str(nomor)}
    return html.Section(
        [kepala, html.Div(badan, className="slide-badan"), kaki],
        className=f"slide jenis-{jenis}",
        **wildcard,
    )


def _kelas(kelas: str | None, indeks: float | None = None) -> html.Span:
    """A readiness class chip: its name in words on its colour, never colour alone."""
    teks = LABEL_KELAS.get(kelas or "", "–")
    if indeks is not None:
        teks = f"{teks} · {format_persen(indeks)}"
    return html.Span(teks, className=f"slide-kelas kelas-{kelas or 'kosong'}")


def _bar(
    label: str,
    nilai: float | None,
    target: float | None = None,
    toleransi: float | None = None,
    catatan: str | None = None,
) -> html.Div:
    """A labelled bar with its value, and the plan's share as a tick and in words."""
    kelas = kelas_progres(nilai, target if target is not None else 1.0, toleransi)
    isi = [
        html.Div(
            className=f"slide-bar-isi kelas-{kelas}",
            style={"width": f"{max(min(nilai or 0, 1), 0) * 100:.1f}%"},
        )
    ]
    if target:
        isi.append(html.Div(className="slide-bar-target", style={"left": f"{target * 100:.1f}%"}))
    nilai_teks = [html.Span(format_persen(nilai), className="slide-bar-nilai")]
    if target is not None:
        nilai_teks.append(html.Span(f"rencana {format_persen(target, 0)}", className="redup"))
    return html.Div(
        [
            html.Span(label, className="slide-bar-label"),
            html.Div(isi, className="slide-bar"),
            html.Div(nilai_teks, className="slide-bar-teks"),
            # What is short, in words, on its own line under the bar (it can be long).
            html.Div(catatan, className="slide-bar-catatan redup") if catatan else None,
        ],
        className="slide-bar-baris",
    )


def _angka(label: str, nilai: str, ket: str | None = None, besar: bool = False) -> html.Div:
    return html.Div(
        [
            html.Div(label, className="slide-angka-label"),
            html.Div(nilai, className="slide-angka-besar" if besar else "slide-angka-nilai"),
            html.Div(ket, className="redup") if ket else None,
        ],
        className="slide-angka",
    )


def slide_judul(data: DataRapat) -> list:
    """Title slide body: province, election, H-minus, polling day, current step, data stamp."""
    hari = dt.date.fromisoformat(data["hari_pemungutan"])
    return [
        html.Div("Rapat Koordinasi Logistik", className="slide-alis"),
        html.Div(lembaga(data), className="slide-judul-besar"),
        html.Div(data["pemilihan_nama"], className="slide-lead"),
        html.Div(
            [
                html.Div(data["hminus"], className="slide-hminus"),
                html.Div(
                    [
                        html.Div(f"Pemungutan suara {hari:%d-%m-%Y}"),
                        html.Div(f"Tahap berjalan: {data['tahap']}", className="redup"),
                    ],
                    className="slide-lead",
                ),
            ],
            className="slide-judul-baris",
        ),
        html.Div(
            ([html.I(className="bi bi-snow me-2")] if data.get("dibekukan_pada") else [])
            + [_stempel(data)],
            className="slide-lead slide-stempel-besar",
        ),
    ]


def slide_kesiapan(data: DataRapat) -> list:
    """Readiness of the whole province: index, class counts, principles, each hop vs plan."""
    k = data["kesiapan"]
    hitung = {kelas: 0 for kelas in ("kritis", "waspada", "siap")}
    for w in data["wilayah"]:
        hitung[w.get("kelas") or "kritis"] += 1
    kiri = html.Div(
        [
            html.Div(f"Indeks kesiapan {_akar(data)}", className="slide-angka-label"),
            html.Div(format_persen(k.get("indeks")), className="slide-angka-besar"),
            _kelas(k.get("kelas")),
            html.Div(
                [
                    html.Div(
                        [html.Span(str(n), className="slide-hitung-n"), _kelas(kelas)],
                        className="slide-hitung",
                    )
                    for kelas, n in hitung.items()
                ],
                className="slide-hitung-baris",
            ),
            html.Div(
                f"{len(data['wilayah'])} {label_anak(data)} · "
                f"{format_angka(k.get('jumlah_tps'))} TPS · "
                f"{format_angka(k.get('kejadian_aktif'))} kejadian aktif",
                className="redup",
            ),
        ],
        className="slide-kolom slide-kolom-sempit",
    )
    target = data["target"]
    kanan = html.Div(
        [html.H2("Lima prinsip tepat", className="slide-h2")]
        + [_bar(LABEL_BAGIAN[b], k.get(b)) for b in BAGIAN]
        + [html.H2("Distribusi terhadap rencana", className="slide-h2")]
        + [_bar(LABEL_MASALAH[t], k.get(t), target.get(t)) for t in TAHAP_RUTE],
        className="slide-kolom",
    )
    return [html.Div([kiri, kanan], className="slide-dua")]


def slide_peta(data: DataRapat, url_batas: str | None) -> list:
    """The readiness map of every kab/kota (same classes as /peta) and the lowest ones."""
    metrik = METRIK["indeks"]
    nilai = {w["kode"]: w.get("indeks") for w in data["wilayah"]}
    kelas = {w["kode"]: w.get("kelas") for w in data["wilayah"]}
    if url_batas:
        peta = dl.Map(
            dl.GeoJSON(
                id=ids.PRESENTASI_GEOJSON,
                url=url_batas,
                style=ns("gaya"),
                pointToLayer=ns("titik"),
                onEachFeature=ns("setiap"),
                zoomToBounds=True,
                hideout=hideout(metrik, nilai, kelas),
            ),
            id=ids.PRESENTASI_PETA,
            center=(-2.5, 118.0),
            zoom=5,
            zoomSnap=0.1,
            zoomControl=False,
            zoomAnimation=False,
            attributionControl=False,
            className="slide-peta",
        )
    else:
        peta = html.Div("Batas wilayah belum tersedia.", className="slide-peta redup")
    urut = sorted(data["wilayah"], key=lambda w: (w.get("indeks") is None, w.get("indeks") or 0))
    daftar = html.Ol(
        [
            html.Li(
                [
                    html.Span(
                        className="slide-warna",
                        style={"background": metrik.warna_wilayah(w.get("indeks"), w.get("kelas"))},
                    ),
                    html.Span(w["nama"].replace("Kabupaten ", "Kab. "), className="slide-nama"),
                    html.Span(format_persen(w.get("indeks")), className="slide-nilai"),
                ]
            )
            for w in urut[:TERENDAH_DI_PETA]
        ],
        className="slide-daftar",
    )
    return [
        html.Div(
            [
                # The legend sits beside the map, never on it: it would hide a region the
                # list names (Banyumas, in the south-west corner of Jawa Tengah).
                html.Div(peta, className="slide-peta-bingkai"),
                html.Div(
                    [
                        html.H2("Indeks terendah", className="slide-h2"),
                        daftar,
                        html.Div(legenda(metrik), className="slide-legenda"),
                    ],
                    className="slide-kolom slide-sisi",
                ),
            ],
            className="slide-dua slide-dua-peta",
        )
    ]


def _tenggat(tenggat: dt.date | str | None, acuan: dt.date) -> html.Span:
    if not tenggat:
        return html.Span("tanpa tenggat", className="redup")
    t = dt.date.fromisoformat(tenggat) if isinstance(tenggat, str) else tenggat
    if t < acuan:
        return html.Span(f"{t:%d-%m-%Y} · lewat", className="slide-lewat")
    return html.Span(f"{t:%d-%m-%Y}")


def _item_kejadian(k: KejadianRapat) -> html.Li:
    """An open incident: its severity badge (words, not colour alone) and its title."""
    return html.Li(
        [
            html.Span(
                KEPARAHAN.get(k["keparahan"], k["keparahan"]),
                className=f"slide-parah parah-{k['keparahan']}",
            ),
            html.Span(k["judul"]),
        ]
    )


def _item_keputusan(k: KeputusanRapat, acuan: dt.date) -> html.Li:
    """An open decision: what was decided, who owns it and its deadline."""
    return html.Li(
        [
            html.Div(k["isi"], className="slide-potong"),
            html.Div(
                [k["penanggung_jawab"], " · ", _tenggat(k["tenggat"], acuan)], className="redup"
            ),
        ],
        className="slide-keputusan",
    )


def slide_wilayah(data: DataRapat, kode: str, keputusan: list[KeputusanRapat]) -> tuple[list, list]:
    """One kab/kota behind plan: what is behind, its figures, open incidents and decisions."""
    w = next((x for x in data["wilayah"] if x["kode"] == kode), wilayah_tanpa_angka(kode, kode))
    tps = w.get("jumlah_tps") or 0
    angka = html.Div(
        [
            _angka("TPS", format_angka(tps)),
            _angka("TPS lengkap", format_angka(w.get("tps_lengkap"))),
            _angka("Kejadian aktif", format_angka(w.get("kejadian_aktif"))),
            html.Div(
                [
                    html.Div("Lima prinsip tepat", className="slide-angka-label"),
                    html.Div(
                        [
                            html.Span(
                                [
                                    f"{LABEL_BAGIAN[b].split()[1]} ",
                                    html.B(format_persen(w.get(b), 0)),
                                ],
                                className="slide-prinsip",
                            )
                            for b in BAGIAN
                        ],
                        className="slide-prinsip-baris",
                    ),
                ],
                className="slide-angka slide-angka-lebar",
            ),
        ],
        className="slide-angka-baris",
    )
    target = data.get("target_kabkota", {})
    rute = html.Div(
        [
            html.H2("Terhadap rencana hari ini", className="slide-h2"),
            _bar("Stok gudang", w.get("stok"), 1.0, 0.0, w.get("stok_teks")),
            *[_bar(LABEL_MASALAH[t], w.get(t), target.get(t)) for t in TAHAP_RUTE],
        ],
        className="slide-kolom",
    )
    kejadian = [k for k in data["kejadian"] if k.get("anak_kode") == kode]
    isi_kejadian = [_item_kejadian(k) for k in kejadian[:KEJADIAN_PER_WILAYAH]]
    if len(kejadian) > KEJADIAN_PER_WILAYAH:
        isi_kejadian.append(
            html.Li(f"dan {len(kejadian) - KEJADIAN_PER_WILAYAH} lainnya", className="redup")
        )
    acuan = dt.date.fromisoformat(data["acuan"])
    milik = [k for k in keputusan if k["wilayah_kode"].startswith(kode)]
    kiri = html.Div(
        [
            html.H2(f"Kejadian aktif ({len(kejadian)})", className="slide-h2"),
            html.Ul(
                isi_kejadian or [html.Li("Tidak ada.", className="redup")],
                className="slide-daftar-kejadian",
            ),
        ],
        className="slide-kolom",
    )
    kanan = html.Div(
        [
            html.H2(f"Keputusan terbuka ({len(milik)})", className="slide-h2"),
            html.Ul(
                [_item_keputusan(k, acuan) for k in milik[:2]]
                or [html.Li("Belum ada.", className="redup")],
                className="slide-daftar-kejadian",
            ),
        ],
        className="slide-kolom",
    )
    judul = [w["nama"], " ", _kelas(w.get("kelas"), w.get("indeks"))]
    return judul, [angka, rute, html.Div([kiri, kanan], className="slide-dua")]


def slide_kekurangan(data: DataRapat) -> list:
    """The largest gudang stock shortfalls (item × kab/kota); the full list is in the pack."""
    baris = data["kekurangan"]
    if not baris:
        return [html.Div("Tidak ada kekurangan stok di gudang kab/kota.", className="slide-lead")]
    kepala = html.Thead(
        html.Tr(
            [html.Th("Kab/Kota"), html.Th("Jenis logistik")]
            + [
                html.Th(t, className="angka")
                for t in ("Kebutuhan", "Stok baik", "Kurang", "Cakupan")
            ]
        )
    )
    isi = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(b["nama"].replace("Kabupaten ", "Kab. ")),
                    html.Td(b["jenis"]),
                    html.Td(format_angka(b["kebutuhan"]), className="angka"),
                    html.Td(format_angka(b["stok_bersih"]), className="angka"),
                    html.Td(format_angka(b["kekurangan"]), className="angka slide-lewat"),
                    html.Td(format_persen(b["cakupan"], 2), className="angka"),
                ]
            )
            for b in baris[:KEKURANGAN_PER_SLIDE]
        ]
    )
    lain = len(baris) - KEKURANGAN_PER_SLIDE
    return [
        html.Table([kepala, isi], className="slide-tabel"),
        html.Div(f"dan {lain} baris lain di lampiran Excel paket rapat.", className="redup")
        if lain > 0
        else None,
    ]


RUTE_PER_SLIDE = 8


def urutan_tersulit(k: KabkotaRuteRapat) -> tuple[int, float]:
    """Hardest first: places cut off, then the longest travel time."""
    return -k.get("tak_terjangkau", 0), -(k["tersulit_jam"] or 0.0)


def slide_rute(data: DataRapat) -> list:
    """Routes and fleet: which kab/kota still have no accepted vehicle plan, the hardest places
    to reach with their latest departure, and the fleet out of service and in reserve."""
    ra = data.get("rute_armada")
    if not ra:
        return [html.Div("Data rute dan armada tidak ada pada snapshot ini.",
                         className="slide-lead")]  # fmt: skip
    belum = [k for k in ra["kabkota"] if not k["rencana_diterima"]]
    tersulit = sorted(ra["kabkota"], key=urutan_tersulit)[:RUTE_PER_SLIDE]
    kepala = html.Thead(html.Tr([html.Th("Kab/Kota"), html.Th("Tempat tersulit"),
                                 html.Th("Waktu", className="angka"),
                                 html.Th("Berangkat paling lambat"),
                                 html.Th("Tak terjangkau", className="angka"),
                                 html.Th("Rute rawan", className="angka")]))  # fmt: skip
    isi = html.Tbody([
        html.Tr([
            html.Td(k["nama"].replace("Kabupaten ", "Kab. ")),
            html.Td(k["tersulit_nama"] or "–"),
            html.Td(format_durasi(k["tersulit_jam"]) if k["tersulit_jam"] is not None
                    else "tak terjangkau", className="angka"),
            html.Td(k["berangkat"] or "–"),
            html.Td(format_angka(k.get("tak_terjangkau", 0)), className="angka"
                    + (" slide-lewat" if k.get("tak_terjangkau") else "")),
            html.Td(format_angka(k["rawan"]), className="angka"),
        ])
        for k in tersulit
    ])  # fmt: skip
    nama_belum = ", ".join(k["nama"].replace("Kabupaten ", "Kab. ") for k in belum[:12])
    if len(belum) > 12:
        nama_belum += f", dan {len(belum) - 12} lainnya"
    return [
        html.Div(
            [
                _angka("Tanpa rencana armada diterima", f"{len(belum)} / {len(ra['kabkota'])}",
                       nama_belum or "semua kab/kota punya rencana", besar=True),
                _angka("Kendaraan rusak", format_angka(ra["rusak"]), "perlu rencana ulang"
                       if ra["rusak"] else "seluruh armada dapat dipakai"),
                _angka("Armada cadangan siap", format_angka(ra["cadangan_siap"])),
            ],
            className="slide-angka-baris",
        ),
        html.Table([kepala, isi], className="slide-tabel"),
    ]  # fmt: skip


RISIKO_PER_SLIDE = 4  # a risk takes two or three lines, a score's row two or three
SKOR_PER_SLIDE = 5


def _chip_risiko(tingkat: str, teks: str) -> html.Span:
    """A risk level's chip in the colour the register uses (set once in domain.risiko)."""
    return html.Span(
        teks,
        className="slide-kelas",
        style={"background": WARNA_TINGKAT[tingkat], "color": "#000" if tingkat in (
            "sedang", "tinggi") else "#fff"},
    )  # fmt: skip


def _alasan_utama(alasan: list[str]) -> str:
    """The heaviest reason of a score, and how many more there are: one line a room can read."""
    if not alasan:
        return "tidak ada masalah tercatat"
    return alasan[0] + (f" (+{len(alasan) - 1} lainnya)" if len(alasan) > 1 else "")


def ringkas_risiko(data: DataRapat) -> str:
    """The slide's subtitle: how many risks are open, per level."""
    rt = data.get("risiko_teratas")
    if not rt:
        return ""
    per = rt["per_tingkat"]
    return (
        f"{format_angka(rt['jumlah_aktif'])} risiko aktif: {per.get('ekstrem', 0)} ekstrem, "
        f"{per.get('tinggi', 0)} tinggi, {per.get('sedang', 0) + per.get('rendah', 0)} "
        "sedang/rendah"
    )


def slide_risiko(data: DataRapat) -> list:
    """Top risks: the open risks of the highest level with their region, owner and deadline,
    and the kab/kota of the highest risk score with the heaviest reason in words."""
    rt = data.get("risiko_teratas")
    if not rt:
        return [html.Div("Data risiko tidak ada pada snapshot ini.", className="slide-lead")]
    risiko = html.Table([
        html.Thead(html.Tr([html.Th("Risiko"), html.Th("K×D")])),
        html.Tbody([
            html.Tr([
                html.Td([
                    html.Div(r["judul"]),
                    html.Div(" · ".join(x for x in (
                        r["wilayah_nama"].replace("Kabupaten ", "Kab. "), r["pemilik"],
                        "tenggat " + dt.date.fromisoformat(r["tenggat"]).strftime("%d-%m")
                        if r["tenggat"] else "") if x), className="redup"),
                ]),
                html.Td(_chip_risiko(r["tingkat"], f"{r['kemungkinan']}×{r['dampak']}")),
            ])
            for r in rt["risiko"][:RISIKO_PER_SLIDE]
        ]),
    ], className="slide-tabel") if rt["risiko"] else html.Div(
        "Belum ada risiko terbuka di daftar risiko.", className="redup")  # fmt: skip
    skor = html.Table([
        html.Thead(html.Tr([html.Th("Kab/Kota"), html.Th("Skor", className="angka"),
                            html.Th("Mengapa")])),
        html.Tbody([
            html.Tr([
                html.Td(k["nama"].replace("Kabupaten ", "Kab. ")),
                html.Td(_chip_risiko(k["tingkat"], f"{k['skor']:.0f}"), className="angka"),
                html.Td(_alasan_utama(k["alasan"])),
            ])
            for k in rt["skor"][:SKOR_PER_SLIDE]
        ]),
    ], className="slide-tabel")  # fmt: skip
    return [
        html.Div(
            [
                html.Div(
                    [html.Div("Risiko tertinggi", className="slide-angka-label"), risiko],
                    className="slide-kolom",
                ),
                html.Div(
                    [
                        html.Div("Skor risiko kab/kota tertinggi", className="slide-angka-label"),
                        skor,
                    ],
                    className="slide-kolom",
                ),
            ],
            className="slide-dua",
        ),  # fmt: skip
    ]


def slide_linimasa(gambar: object) -> list:
    """The province's arrivals per hop against the plan (the figure comes from figures.py)."""
    return [
        dcc.Graph(
            id=ids.PRESENTASI_GRAFIK,
            figure=gambar,
            config={**KONFIGURASI_GRAFIK, "displayModeBar": False, "staticPlot": True},
            responsive=True,
            className="slide-grafik",
        )
    ]


def slide_keputusan(keputusan: list[KeputusanRapat], acuan: dt.date) -> list:
    """Open decisions of earlier and this meeting, earliest deadline first."""
    if not keputusan:
        return [html.Div("Belum ada keputusan terbuka.", className="slide-lead")]
    kepala = html.Thead(
        html.Tr(
            [
                html.Th("Wilayah"),
                html.Th("Keputusan / tindak lanjut"),
                html.Th("Penanggung jawab"),
                html.Th("Tenggat"),
            ]
        )
    )
    isi = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(k["wilayah_nama"].replace("Kabupaten ", "Kab. ")),
                    html.Td(html.Span(k["isi"], className="slide-potong")),
                    html.Td(k["penanggung_jawab"]),
                    html.Td(_tenggat(k["tenggat"], acuan)),
                ]
            )
            for k in keputusan
        ]
    )
    return [html.Table([kepala, isi], className="slide-tabel slide-tabel-keputusan")]


def kendali(
    nomor: int, jumlah: int, snapshot: int | None, putar: str | None, boleh_tulis: bool
) -> list:
    """The controls that depend on the slide: previous/next and freeze/unfreeze."""
    maju = nomor % jumlah + 1
    mundur = max(nomor - 1, 1)
    tombol = "btn btn-sm presentasi-tombol"
    bekukan = (
        dcc.Link(
            [html.I(className="bi bi-play-circle me-1"), "Data langsung"],
            href=urls.presentasi(nomor, None, putar),
            className=tombol,
            id="presentasi-cair",
            title="Kembali ke data langsung",
        )
        if snapshot
        else html.Button(
            [html.I(className="bi bi-snow me-1"), "Bekukan"],
            id=ids.PRESENTASI_BEKUKAN,
            className=tombol,
            disabled=not boleh_tulis,
            title="Bekukan angka pada saat ini"
            if boleh_tulis
            else "Masuk sebagai Pimpinan/Admin Provinsi untuk membekukan",
        )
    )
    paket = urls.unduh_paket_rapat(snapshot)
    return [
        dcc.Link(
            html.I(className="bi bi-chevron-left"),
            href=urls.presentasi(mundur, snapshot, putar),
            id=ids.PRESENTASI_MUNDUR,
            className=tombol,
            title="Sebelumnya (←)",
        ),
        dcc.Link(
            html.I(className="bi bi-chevron-right"),
            href=urls.presentasi(maju, snapshot, putar),
            id=ids.PRESENTASI_MAJU,
            className=tombol,
            title="Berikutnya (→, spasi)",
        ),
        bekukan,
        html.A(
            [html.I(className="bi bi-file-earmark-zip me-1"), "Paket rapat"],
            href=paket,
            id=ids.PAKET_UNDUH,
            className=tombol,
            title="Unduh PDF slide dan Excel angka"
            + ("" if snapshot else " (angka dibekukan dahulu)"),
        ),
    ]


def kendali_tetap(putar: str) -> list:
    """The controls that stay put between slides (kept out of callbacks so an open dialog or
    a chosen interval survives the minutely refresh)."""
    tombol = "btn btn-sm presentasi-tombol"
    putar = putar if putar.isdigit() else "0"
    pilihan = PILIHAN_PUTAR
    if putar not in {p["value"] for p in PILIHAN_PUTAR}:  # an interval typed into the URL
        pilihan = [*PILIHAN_PUTAR, {"label": f"{putar} detik", "value": putar}]
    return [
        html.Div(
            dbc.Select(
                id=ids.PRESENTASI_PUTAR,
                options=pilihan,
                value=putar,
                size="sm",
                className="presentasi-putar",
            ),
            title="Maju otomatis (p: jeda)",
        ),
        html.Span(id="presentasi-status", className="presentasi-status"),
        html.Button(
            [html.I(className="bi bi-journal-plus me-1"), "Keputusan"],
            id=ids.PRESENTASI_CATAT,
            className=tombol,
            title="Catat keputusan rapat",
        ),
        html.Button(
            html.I(className="bi bi-circle-half"),
            id="presentasi-tema",
            className=tombol,
            title="Tema terang/gelap (t)",
        ),
        html.Button(
            html.I(className="bi bi-fullscreen"),
            id="presentasi-penuh",
            className=tombol,
            title="Layar penuh (f)",
        ),
        dcc.Link(
            html.I(className="bi bi-x-lg"),
            href=urls.RAPAT,
            className=tombol,
            title="Keluar dari presentasi",
        ),
    ]


LAPORAN_KEKURANGAN = 3
LAPORAN_KEPUTUSAN = 3


def kerangka_laporan() -> html.Div:
    """The frame of a one-page daily situation report (1080×1350, for chat groups)."""
    return html.Div(id=ids.LAPORAN_ISI, className="presentasi laporan")


def laporan_harian(data: DataRapat, kode: str, keputusan: list[KeputusanRapat]) -> list:
    """One kab/kota on one page: readiness, each hop against plan, shortfalls, incidents and
    open decisions, stamped with the moment of the data."""
    w = next(x for x in data["wilayah"] if x["kode"] == kode)
    acuan = dt.date.fromisoformat(data["acuan"])
    target = data.get("target_kabkota", {})
    kurang = [b for b in data["kekurangan"] if b["kode"] == kode]
    kejadian = [k for k in data["kejadian"] if k.get("anak_kode") == kode]
    milik = [k for k in keputusan if k["wilayah_kode"].startswith(kode)]

    def daftar(judul: str, isi: list, jumlah: int) -> html.Div:
        lain = (
            [html.Li(f"dan {jumlah - len(isi)} lainnya", className="redup")]
            if jumlah > len(isi)
            else []
        )
        return html.Div(
            [
                html.H2(f"{judul} ({jumlah})", className="slide-h2"),
                html.Ul(
                    isi + lain or [html.Li("Tidak ada.", className="redup")],
                    className="slide-daftar-kejadian",
                ),
            ]
        )

    return [
        html.Header(
            [
                html.Div("Laporan situasi harian", className="slide-alis"),
                html.H1(w["nama"], className="slide-judul"),
                # Shared alone in a chat, the report names its election.
                html.Div(
                    f"{lembaga(data)} · {data['pemilihan_nama']} · {data['hminus']}",
                    className="redup",
                ),
            ],
            className="laporan-kepala",
        ),
        html.Div(
            [
                html.Div(
                    [
                        html.Div("Indeks kesiapan", className="slide-angka-label"),
                        html.Div(format_persen(w.get("indeks")), className="slide-angka-besar"),
                        _kelas(w.get("kelas")),
                    ],
                    className="slide-angka",
                ),
                html.Div(
                    [
                        _angka("TPS", format_angka(w.get("jumlah_tps"))),
                        _angka("Kejadian", format_angka(w.get("kejadian_aktif"))),
                    ],
                    className="slide-angka-baris",
                ),
            ],
            className="laporan-atas",
        ),
        html.Div(
            [_bar("Stok gudang", w.get("stok"), 1.0, 0.0, w.get("stok_teks"))]
            + [_bar(LABEL_MASALAH[t], w.get(t), target.get(t)) for t in TAHAP_RUTE],
            className="laporan-bar",
        ),
        daftar(
            "Kekurangan stok",
            [
                html.Li(f"{b['jenis']}: kurang {format_angka(b['kekurangan'])}")
                for b in kurang[:LAPORAN_KEKURANGAN]
            ],
            len(kurang),
        ),
        daftar(
            "Kejadian aktif",
            [_item_kejadian(k) for k in kejadian[:KEJADIAN_PER_WILAYAH]],
            len(kejadian),
        ),
        daftar(
            "Keputusan terbuka",
            [_item_keputusan(k, acuan) for k in milik[:LAPORAN_KEPUTUSAN]],
            len(milik),
        ),
        html.Footer(
            [
                html.Span(
                    ([html.I(className="bi bi-snow me-2")] if data.get("dibekukan_pada") else [])
                    + [_stempel(data)],
                    className="slide-stempel",
                ),
                html.Span("Pusat Kendali Logistik", className="slide-nomor"),
            ],
            className="slide-kaki laporan-kaki",
        ),
    ]
