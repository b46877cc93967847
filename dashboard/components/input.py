"""Data-entry forms: a movement form, a spreadsheet upload, incident report and update."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.components.alat import pilih_tanggal
from dashboard.domain.akses import PERAN, Akun, alasan_tolak_menulis
from dashboard.domain.angka import format_angka
from dashboard.domain.buku_besar import Alasan, JenisMutasi, Kondisi, Tahap
from dashboard.domain.isian import LABEL_KOLOM, MAKS_BYTE
from dashboard.domain.kejadian import JENIS_KEJADIAN, KEPARAHAN, STATUS_KEJADIAN
from dashboard.domain.waktu import WIB

LABEL_JENIS = {
    JenisMutasi.TERIMA_PENYEDIA: "Terima dari penyedia",
    JenisMutasi.SORTIR_LIPAT: "Sortir-lipat / pengepakan",
    JenisMutasi.KIRIM: "Kirim ke PPK/PPS/TPS",
    JenisMutasi.TERIMA: "Terima di PPK/PPS/TPS",
    JenisMutasi.PENYESUAIAN: "Kerusakan / penggantian",
}
LABEL_KONDISI = {
    Kondisi.BAIK: "Baik",
    Kondisi.RUSAK_RINGAN: "Rusak ringan",
    Kondisi.RUSAK_BERAT: "Rusak berat",
}
LABEL_ALASAN = {
    Alasan.RUSAK: "Rusak ditemukan (mis. saat sortir-lipat)",
    Alasan.HILANG: "Hilang",
    Alasan.PENGGANTI: "Pengganti diterima",
    Alasan.SALAH_JENIS: "Salah jenis (tertukar dapil/daerah)",
}
_DROPDOWN_LABEL: dcc.Dropdown.Labels = {"search": "Cari…", "no_options_found": "Tidak ditemukan"}


def id_baru() -> str:
    """A fresh submission id, held by the browser until the server confirms the write."""
    return uuid.uuid4().hex


# The movement form's field groups, which `kolom_tampak` shows or hides by movement type.
KOLOM_FORMULIR = frozenset(
    {
        "jenis", "tanggal", "jam", "tahap", "kabkota", "kecamatan", "desa", "nomor_tps",
        "jenis_logistik", "jumlah", "kondisi", "alasan", "keterangan",
    }
)  # fmt: skip


def _grup(kolom: str, isi: Component, label: str | None = None) -> html.Div:
    """A labelled field. Only the movement form's groups get the pattern id its show/hide
    callback addresses; the upload's and the incident form's are always shown."""
    teks = label or LABEL_KOLOM.get(kolom, kolom)
    if kolom in KOLOM_FORMULIR:
        return html.Div(
            [dbc.Label(teks, className="fw-semibold mb-1"), isi],
            id={"type": ids.INPUT_GRUP, "kolom": kolom},
            className="mb-3",
        )
    return html.Div([dbc.Label(teks, className="fw-semibold mb-1"), isi], className="mb-3")


def _pilih_jenis(id_: str) -> dbc.RadioItems:
    """The movement kinds as a row of toggle buttons (one click, no menu to open)."""
    return dbc.RadioItems(
        id=id_,
        options=[{"label": v, "value": str(k)} for k, v in LABEL_JENIS.items()],
        value=str(JenisMutasi.TERIMA_PENYEDIA),
        inline=True,
        className="kendali-jenis-catatan",
        inputClassName="btn-check",
        labelClassName="btn btn-outline-primary btn-sm",
        labelCheckedClassName="active",
    )


def _dropdown(
    id_: str,
    placeholder: str,
    options: list[dict[str, str]] | None = None,
    value: str | None = None,
) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=id_,
        options=options or [],
        value=value,
        placeholder=placeholder,
        labels=_DROPDOWN_LABEL,
        clearable=False,
    )


def perlu_masuk() -> dbc.Alert:
    """Shown instead of the forms to a visitor without an account that may write."""
    return dbc.Alert(
        [
            html.H2("Pencatatan memerlukan akun", className="h5"),
            html.P("Masuk dengan akun operator KPU Kab/Kota atau admin provinsi untuk mencatat."),
            dbc.Button("Masuk", href=urls.masuk(urls.INPUT), color="primary"),
        ],
        color="info",
        className="kendali-panel",
    )


def hanya_baca(akun: Akun) -> dbc.Alert:
    """Shown instead of the forms to a pimpinan or a pengawas: reading is all they do here."""
    peran = PERAN.get(akun.peran, akun.peran)
    alasan = alasan_tolak_menulis(akun)
    return dbc.Alert(
        [html.Div(f"Akun {akun.username} · {peran}", className="fw-semibold"), alasan]
        if alasan
        else f"Akun {akun.username} berperan {peran}: dapat melihat semua halaman, tetapi tidak "
        "mencatat. Pencatatan dilakukan operator KPU Kab/Kota.",
        color="secondary",
        id=ids.INPUT_HANYA_BACA,
    )


def formulir_mutasi(
    kabkota: list[tuple[str, str]], jenis_logistik: pd.DataFrame, hari: dt.date
) -> html.Div:
    """The movement form; location pickers start from the kab/kota the account may write for."""
    pilihan_kab = [{"label": f"{n} ({k})", "value": k} for k, n in kabkota]
    pilihan_jenis = [
        {"label": f"{r.nama} ({r.kode})", "value": r.kode} for r in jenis_logistik.itertuples()
    ]
    return html.Div(
        [
            _grup(
                "jenis",
                _pilih_jenis(ids.INPUT_JENIS),
                "Jenis catatan",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _grup(
                            "tanggal",
                            pilih_tanggal(ids.INPUT_TANGGAL, hari),
                            "Tanggal",
                        ),
                        xs=6,
                    ),
                    dbc.Col(
                        _grup(
                            "jam",
                            dbc.Input(
                                id=ids.INPUT_JAM,
                                type="text",
                                inputMode="decimal",
                                maxLength=5,
                                placeholder="jj.mm, mis. 14.30",
                                autoComplete="off",
                                value=dt.datetime.now(dt.UTC).astimezone(WIB).strftime("%H.%M"),
                            ),
                            "Jam (WIB, 24 jam)",
                        ),
                        xs=6,
                    ),
                ]
            ),
            _grup(
                "tahap",
                _dropdown(ids.INPUT_TAHAP, "Pilih tahap…"),
                "Tahap (lokasi)",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _grup(
                            "kabkota",
                            _dropdown(
                                ids.INPUT_KABKOTA,
                                "Pilih kab/kota…",
                                pilihan_kab,
                                pilihan_kab[0]["value"] if len(pilihan_kab) == 1 else None,
                            ),
                            "Kabupaten/kota",
                        ),
                        md=6,
                    ),
                    dbc.Col(
                        _grup(
                            "kecamatan",
                            _dropdown(ids.INPUT_KECAMATAN, "Pilih kecamatan (PPK)…"),
                            "Kecamatan (PPK)",
                        ),
                        md=6,
                    ),
                    dbc.Col(
                        _grup(
                            "desa",
                            _dropdown(ids.INPUT_DESA, "Pilih desa/kelurahan (PPS)…"),
                            "Desa/kelurahan (PPS)",
                        ),
                        md=6,
                    ),
                    dbc.Col(_grup("nomor_tps", _dropdown(ids.INPUT_TPS, "Pilih TPS…")), md=6),
                ]
            ),
            _grup(
                "jenis_logistik",
                _dropdown(ids.INPUT_JENIS_LOGISTIK, "Pilih jenis logistik…", pilihan_jenis),
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _grup(
                            "jumlah",
                            dbc.Input(
                                id=ids.INPUT_JUMLAH,
                                type="text",
                                inputMode="numeric",
                                placeholder="mis. 1.234",
                                autoComplete="off",
                            ),
                        ),
                        md=6,
                    ),
                    dbc.Col(
                        _grup(
                            "kondisi",
                            dbc.RadioItems(
                                id=ids.INPUT_KONDISI,
                                options=[
                                    {"label": v, "value": str(k)} for k, v in LABEL_KONDISI.items()
                                ],
                                value=str(Kondisi.BAIK),
                                inline=True,
                            ),
                        ),
                        md=6,
                    ),
                ]
            ),
            _grup(
                "alasan",
                _dropdown(
                    ids.INPUT_ALASAN,
                    "Pilih alasan…",
                    [{"label": v, "value": str(k)} for k, v in LABEL_ALASAN.items()],
                ),
            ),
            _grup(
                "keterangan",
                dbc.Textarea(
                    id=ids.INPUT_KETERANGAN,
                    maxLength=500,
                    rows=2,
                    placeholder="Catatan (boleh kosong)",
                ),
            ),
            dcc.Store(id=ids.INPUT_CLIENT_ID, data=id_baru()),
            dbc.Button(
                [html.I(className="bi bi-check2-circle me-1"), "Simpan"],
                id=ids.INPUT_SIMPAN,
                color="primary",
                className="px-4",
            ),
            # Scrolled into view when it changes (assets/pencatatan.js): on a phone the answer
            # to Simpan is on screen, not below the fold.
            html.Div(id=ids.INPUT_HASIL, className="mt-3 kendali-hasil-kotak", role="status"),
        ]
    )


def opsi_tahap(jenis: str | None) -> list[dict[str, str]]:
    """Return the hops a movement type may be recorded at (gudang only for receipts/packing)."""
    if jenis in (JenisMutasi.KIRIM, JenisMutasi.TERIMA):
        daftar = [Tahap.PPK, Tahap.PPS, Tahap.TPS]
    elif jenis == JenisMutasi.PENYESUAIAN:
        daftar = list(Tahap)
    else:
        daftar = [Tahap.GUDANG]
    return [{"label": t.label, "value": str(t)} for t in daftar]


def kolom_tampak(jenis: str | None, tahap: str | None) -> set[str]:
    """Return which field groups the form shows for a movement type and hop."""
    tampak = {"jenis", "tanggal", "jam", "kabkota", "jenis_logistik", "jumlah", "keterangan"}
    if jenis in (JenisMutasi.KIRIM, JenisMutasi.TERIMA, JenisMutasi.PENYESUAIAN):
        tampak.add("tahap")
    if jenis in (JenisMutasi.TERIMA_PENYEDIA, JenisMutasi.TERIMA):
        tampak.add("kondisi")
    if jenis == JenisMutasi.PENYESUAIAN:
        tampak.add("alasan")
    if "tahap" in tampak and tahap in (Tahap.PPK, Tahap.PPS, Tahap.TPS):
        tampak.add("kecamatan")
    if "tahap" in tampak and tahap in (Tahap.PPS, Tahap.TPS):
        tampak.add("desa")
    if "tahap" in tampak and tahap == Tahap.TPS:
        tampak.add("nomor_tps")
    return tampak


def hasil_galat(judul: str, pesan: list[str]) -> dbc.Alert:
    """A refusal: what was not saved and every reason why."""
    return dbc.Alert(
        [html.Strong(judul), html.Ul([html.Li(p) for p in pesan], className="mb-0 mt-1")],
        color="danger",
        className="kendali-hasil",
    )


def hasil_ok(pesan: str, baru: bool = True) -> dbc.Alert:
    """A confirmation (green), or a resubmission reported as already received (blue)."""
    return dbc.Alert(
        [html.I(className="bi bi-check-circle-fill me-2"), pesan],
        color="success" if baru else "info",
        className="kendali-hasil",
    )


def formulir_unggah() -> html.Div:
    """Upload: pick the movement type, download its template, upload, check, then confirm."""
    return html.Div(
        [
            html.P(
                "Unggah banyak catatan sekaligus. Berkas diperiksa dulu tanpa menyimpan apa pun; "
                "setelah semua baris benar, tekan Simpan semua. Jika satu baris salah, tidak ada "
                "yang disimpan.",
                className="text-secondary",
            ),
            _grup(
                "unggah_jenis",
                _pilih_jenis(ids.UNGGAH_JENIS),
                "Jenis catatan",
            ),
            html.Div(id=ids.UNGGAH_TEMPLAT, className="mb-3 d-flex gap-2"),
            dcc.Upload(
                id=ids.UNGGAH_BERKAS,
                children=html.Div(
                    [
                        html.I(className="bi bi-cloud-arrow-up fs-3 d-block"),
                        "Tarik berkas .xlsx atau .csv ke sini, atau ",
                        html.A("pilih berkas", href="#", className="fw-semibold"),
                        html.Div(f"Paling besar {MAKS_BYTE // 1_048_576} MB", className="small"),
                    ]
                ),
                # No `accept` or `max_size`: the drop zone would drop such a file without a
                # word. assets/pencatatan.js keeps an oversized file in the browser and the
                # server names what is wrong with it.
                multiple=False,
                className="kendali-unggah",
            ),
            dcc.Store(id=ids.UNGGAH_PILIHAN, data={"batas": MAKS_BYTE}),
            dcc.Loading(
                html.Div(id=ids.UNGGAH_LAPORAN, className="mt-3 kendali-hasil-kotak", role="status")
            ),
            # Rows already recorded, or repeated in the file, are skipped unless ticked here.
            dbc.Checklist(id=ids.UNGGAH_KONFIRMASI, options=[], value=[], className="mt-2 small"),
            dbc.Button(
                [html.I(className="bi bi-database-check me-1"), "Simpan semua"],
                id=ids.UNGGAH_SIMPAN,
                color="success",
                className="mt-2",
                disabled=True,
            ),
            dcc.Loading(html.Div(id=ids.UNGGAH_HASIL, className="mt-3", role="status")),
        ]
    )


def tautan_templat(jenis: str) -> list[dbc.Button]:
    """Download links for one movement type's templates."""
    return [
        dbc.Button(
            [html.I(className="bi bi-file-earmark-excel me-1"), "Templat Excel"],
            href=urls.templat(jenis, "xlsx"),
            external_link=True,
            color="success",
            outline=True,
            size="sm",
        ),
        dbc.Button(
            [html.I(className="bi bi-filetype-csv me-1"), "Templat CSV"],
            href=urls.templat(jenis, "csv"),
            external_link=True,
            color="secondary",
            outline=True,
            size="sm",
        ),
    ]


def pilihan_konfirmasi(lewat: list[tuple[int, str]]) -> list[dict[str, object]]:
    """One tick box per skipped row: 'Baris 7 (sudah tercatat: nomor 12345, …): simpan juga'."""
    return [{"label": f"Baris {n} ({alasan}): simpan juga", "value": n} for n, alasan in lewat]


def laporan_unggah(
    nama: str,
    jumlah_baris: int,
    galat: list[tuple[int, str, str]],
    baru: int,
    sudah_ada: int,
    lewat: int = 0,
) -> Component:
    """The dry-run report: every row error, or how many rows are ready and which are skipped."""
    if galat:
        return html.Div(
            [
                dbc.Alert(
                    f"{nama}: {len(galat)} kesalahan pada {len({g[0] for g in galat})} dari "
                    f"{jumlah_baris} baris. Perbaiki berkas lalu unggah lagi; belum ada yang "
                    "disimpan.",
                    color="danger",
                ),
                dbc.Table(
                    [
                        html.Thead(html.Tr([html.Th("Baris"), html.Th("Kolom"), html.Th("Pesan")])),
                        html.Tbody(
                            [
                                html.Tr([html.Td(str(n)), html.Td(k or "—"), html.Td(p)])
                                for n, k, p in galat[:500]
                            ]
                        ),
                    ],
                    size="sm",
                    striped=True,
                    className="kendali-tabel-galat",
                ),
            ]
        )
    tambahan = (
        f"; {sudah_ada} baris sudah pernah diterima dan tidak dihitung lagi" if sudah_ada else ""
    )
    kembar = lewat - sudah_ada
    if kembar > 0:
        tambahan += f"; {kembar} baris sama persis dengan baris lain di berkas ini"
    if lewat:
        tambahan += " (dilewati, kecuali dicentang di bawah)"
    return dbc.Alert(
        f"{nama}: {jumlah_baris} baris diperiksa, tidak ada kesalahan. {baru} catatan siap "
        f"disimpan{tambahan}. Tekan Simpan semua.",
        color="success",
    )


def formulir_kejadian(kabkota: list[tuple[str, str]], jenis_logistik: pd.DataFrame) -> html.Div:
    """Report a new incident in a region within the account's scope."""
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        _grup(
                            "kejadian_wilayah",
                            _dropdown(
                                ids.KEJADIAN_WILAYAH,
                                "Pilih wilayah…",
                                [{"label": f"{n} ({k})", "value": k} for k, n in kabkota],
                                kabkota[0][0] if len(kabkota) == 1 else None,
                            ),
                            "Wilayah (kab/kota)",
                        ),
                        md=6,
                    ),
                    dbc.Col(
                        _grup(
                            "kejadian_jenis",
                            _dropdown(
                                ids.KEJADIAN_JENIS,
                                "Pilih jenis…",
                                [{"label": v, "value": k} for k, v in JENIS_KEJADIAN.items()],
                            ),
                            "Jenis kejadian",
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        _grup(
                            "kejadian_keparahan",
                            _dropdown(
                                ids.KEJADIAN_KEPARAHAN,
                                "Keparahan…",
                                [{"label": v, "value": k} for k, v in KEPARAHAN.items()],
                                "sedang",
                            ),
                            "Keparahan",
                        ),
                        md=3,
                    ),
                ]
            ),
            _grup(
                "kejadian_judul",
                dbc.Input(
                    id=ids.KEJADIAN_JUDUL,
                    maxLength=200,
                    placeholder="mis. Banjir menutup akses ke PPK",
                ),
                "Judul",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _grup(
                            "kejadian_jenis_logistik",
                            dcc.Dropdown(
                                id=ids.KEJADIAN_JENIS_LOGISTIK,
                                options=[
                                    {"label": r.nama, "value": r.kode}
                                    for r in jenis_logistik.itertuples()
                                ],
                                placeholder="(tidak terkait satu jenis)",
                                labels=_DROPDOWN_LABEL,
                            ),
                            "Jenis logistik terkait",
                        ),
                        md=6,
                    ),
                ]
            ),
            _grup(
                "kejadian_keterangan",
                dbc.Textarea(id=ids.KEJADIAN_KETERANGAN, rows=2, maxLength=500),
                "Keterangan",
            ),
            dcc.Store(id=ids.KEJADIAN_CLIENT_ID, data=id_baru()),
            dbc.Button(
                [html.I(className="bi bi-exclamation-triangle me-1"), "Laporkan"],
                id=ids.KEJADIAN_LAPOR,
                color="danger",
            ),
            html.Div(id=ids.KEJADIAN_HASIL, className="mt-3 kendali-hasil-kotak", role="status"),
            html.H3("Kejadian aktif di wilayah Anda", className="kendali-h2 mt-4"),
            html.Div(id=ids.KEJADIAN_DAFTAR),
        ]
    )


def daftar_kejadian_ubah(kejadian: pd.DataFrame) -> list[Component]:
    """Open incidents, each with status and severity controls tied to the version shown."""
    if kejadian.empty:
        return [html.P("Tidak ada kejadian aktif.", className="text-secondary")]
    kartu = []
    for r in kejadian.head(30).itertuples():
        kid = int(r.id)
        kartu.append(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(
                            [
                                html.Strong(r.judul),
                                html.Span(
                                    f" · {r.wilayah_nama} ({r.wilayah_kode}) · "
                                    f"{JENIS_KEJADIAN.get(r.jenis, r.jenis)}",
                                    className="text-secondary small",
                                ),
                            ]
                        ),
                        dbc.Row(
                            [
                                dbc.Col(
                                    dcc.Dropdown(
                                        id={"type": ids.KEJADIAN_STATUS, "id": kid},
                                        options=[
                                            {"label": v, "value": k}
                                            for k, v in STATUS_KEJADIAN.items()
                                        ],
                                        value=r.status,
                                        clearable=False,
                                    ),
                                    md=3,
                                ),
                                dbc.Col(
                                    dcc.Dropdown(
                                        id={"type": ids.KEJADIAN_UBAH_KEPARAHAN, "id": kid},
                                        options=[
                                            {"label": v, "value": k} for k, v in KEPARAHAN.items()
                                        ],
                                        value=r.keparahan,
                                        clearable=False,
                                    ),
                                    md=3,
                                ),
                                dbc.Col(
                                    dbc.Input(
                                        id={"type": ids.KEJADIAN_CATATAN, "id": kid},
                                        placeholder="Catatan tindak lanjut",
                                        maxLength=500,
                                    ),
                                    md=4,
                                ),
                                dbc.Col(
                                    dbc.Button(
                                        "Simpan",
                                        id={"type": ids.KEJADIAN_UBAH, "id": kid},
                                        color="primary",
                                        size="sm",
                                        className="w-100",
                                    ),
                                    md=2,
                                ),
                            ],
                            className="g-2 mt-1 align-items-center",
                        ),
                        dcc.Store(id={"type": ids.KEJADIAN_VERSI, "id": kid}, data=int(r.versi)),
                        html.Div(id={"type": ids.KEJADIAN_UBAH_HASIL, "id": kid}, className="mt-2"),
                    ]
                ),
                className="mb-2",
            )
        )
    return kartu


# ---- what was saved, and corrections -------------------------------------------------------


def _waktu_wib(nilai: object) -> str:
    waktu = pd.Timestamp(nilai)
    waktu = waktu.tz_localize("UTC") if waktu.tzinfo is None else waktu
    return f"{waktu.tz_convert(WIB):%d-%m-%Y %H.%M} WIB"


def _ada(nilai: object) -> bool:
    """Whether a nullable column holds a value (pandas hands NULL back as None or NaN)."""
    return nilai is not None and not (isinstance(nilai, float) and pd.isna(nilai)) and nilai != ""


def tempat_catatan(r: Mapping[str, Any]) -> str:
    """Where an entry happened, by name: 'Gudang KPU Kota Semarang', 'PPK Tugu',
    'TPS 003 · Jatisari'."""
    tahap = Tahap(r["tahap"])
    nama = r.get("wilayah_nama") or r["wilayah_kode"]
    if tahap is Tahap.TPS and _ada(r.get("nomor_tps")):
        return f"TPS {int(r['nomor_tps']):03d} · {nama}"
    if tahap is Tahap.GUDANG and _ada(r.get("wilayah_nama")):
        return f"Gudang KPU {nama}"
    return f"{tahap.label} {nama}"


def uraian_catatan(r: Mapping[str, Any]) -> str:
    """One line saying what an entry recorded: kind, item, quantity, condition or reason."""
    jm = JenisMutasi(r["jenis_mutasi"])
    jenis = LABEL_JENIS.get(jm, jm.label)
    satuan = f" {r['satuan']}" if _ada(r.get("satuan")) else ""
    jumlah = f"{format_angka(r['jumlah'])}{satuan}"
    bagian = [jenis, f"{r['jenis_nama']} ({r['jenis_kode']})", jumlah]
    if _ada(r.get("kondisi")):
        bagian.append(f"kondisi {LABEL_KONDISI[Kondisi(r['kondisi'])].lower()}")
    if _ada(r.get("alasan")):
        bagian.append(f"alasan {str(r['alasan']).replace('_', ' ')}")
    return " · ".join(bagian)


def hasil_tersimpan(r: Mapping[str, Any] | None, pesan: str, baru: bool) -> dbc.Alert:
    """The confirmation after Simpan: the number, and what, where, how many and when."""
    if r is None:
        return hasil_ok(pesan, baru)
    judul = (
        f"Tercatat — nomor {r['id']}" if baru else f"Sudah diterima sebelumnya — nomor {r['id']}"
    )
    return dbc.Alert(
        [
            html.Div(
                [html.I(className="bi bi-check-circle-fill me-2"), html.Strong(judul)],
                className="mb-1",
            ),
            html.Div(uraian_catatan(r), className="kendali-hasil-apa"),
            html.Div(
                f"{tempat_catatan(r)} · {_waktu_wib(r['waktu'])}", className="kendali-hasil-mana"
            ),
            html.Div(
                "Formulir siap untuk catatan berikutnya: tempat dan tanggal tetap, jumlah dan "
                "keterangan dikosongkan."
                if baru
                else "Tidak dihitung dua kali.",
                className="small mt-1",
            ),
        ],
        color="success" if baru else "info",
        className="kendali-hasil",
    )


def formulir_koreksi() -> html.Div:
    """The correction tab: the writer's newest entries, each with a Koreksi button that opens
    the form asking for the reason."""
    return html.Div(
        [
            html.P(
                "Salah catat (mis. 1.000 seharusnya 100)? Buku besar tidak dapat diubah: koreksi "
                "mencatat catatan pembalik yang membatalkan catatan yang salah. Catatan asli tetap "
                "tampak di riwayat. Setelah itu catat isian yang benar sebagai catatan baru.",
                className="text-secondary",
            ),
            html.Div(id=ids.KOREKSI_HASIL, className="kendali-hasil-kotak", role="status"),
            html.Div(
                [
                    html.H3("Koreksi catatan", className="kendali-h2"),
                    html.Div(id=ids.KOREKSI_URAIAN, className="mb-2"),
                    _grup(
                        "alasan_koreksi",
                        dbc.Textarea(
                            id=ids.KOREKSI_ALASAN,
                            rows=2,
                            maxLength=500,
                            placeholder="mis. Salah ketik: seharusnya 100",
                        ),
                        "Alasan koreksi (wajib)",
                    ),
                    html.Div(
                        [
                            dbc.Button(
                                [html.I(className="bi bi-arrow-counterclockwise me-1"),
                                 "Simpan koreksi"],
                                id=ids.KOREKSI_SIMPAN,
                                color="danger",
                            ),
                            dbc.Button("Batal", id=ids.KOREKSI_BATAL, color="secondary",
                                       outline=True),
                        ],
                        className="d-flex gap-2 flex-wrap",
                    ),
                ],
                id=ids.KOREKSI_FORM,
                className="kendali-panel mb-3 kendali-hasil-kotak",
                style={"display": "none"},
            ),
            dcc.Store(id=ids.KOREKSI_PILIH),
            html.H3("Catatan terbaru Anda", className="kendali-h2"),
            html.Div(id=ids.KOREKSI_DAFTAR),
        ]
    )  # fmt: skip


def daftar_koreksi(catatan: pd.DataFrame) -> list[Component]:
    """The writer's newest entries, each with what it recorded and a Koreksi button (none for a
    reversal or an entry already reversed, which say so instead)."""
    if catatan.empty:
        return [html.P("Belum ada catatan Anda.", className="text-secondary")]
    kartu: list[Component] = []
    for r in catatan.to_dict("records"):
        nomor = int(r["id"])
        membalik = r.get("membalik_id")
        dibalik = r.get("dibalik_oleh")
        if _ada(membalik):
            status: Component = dbc.Badge(
                f"Koreksi atas nomor {int(membalik)}", color="warning", text_color="dark"
            )
        elif _ada(dibalik):
            status = dbc.Badge(f"Sudah dikoreksi (nomor {int(dibalik)})", color="secondary")
        else:
            status = dbc.Button(
                [html.I(className="bi bi-arrow-counterclockwise me-1"), "Koreksi"],
                id={"type": ids.KOREKSI_BUKA, "id": nomor},
                color="danger",
                outline=True,
                size="sm",
            )
        kartu.append(
            dbc.ListGroupItem(
                html.Div(
                    [
                        html.Div(
                            [
                                html.Div(
                                    [html.Strong(f"Nomor {nomor}"),
                                     html.Span(f" · {_waktu_wib(r['waktu'])}",
                                               className="text-secondary small")]
                                ),
                                html.Div(uraian_catatan(r), className="small"),
                                html.Div(tempat_catatan(r), className="small text-secondary"),
                            ],
                            className="flex-grow-1 kendali-min-0",
                        ),
                        html.Div(status, className="flex-shrink-0"),
                    ],
                    className="d-flex gap-2 align-items-center",
                ),
                id={"type": ids.KOREKSI_BARIS, "id": nomor},
            )
        )  # fmt: skip
    return [dbc.ListGroup(kartu)]
