"""The province's /rute panels an admin provinsi works in: water and air legs (list, suspend,
delete, add) and hazard layers (upload, list, delete). Everyone sees the lists; the forms and
buttons are drawn for accounts that may write, and the services refuse anyone else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.domain.angka import format_angka, format_km
from dashboard.domain.bahaya import JENIS_BAHAYA, TINGKAT_BAHAYA
from dashboard.domain.isian import MAKS_BYTE
from dashboard.domain.waktu import format_wib

MODA_LINTASAN = {"laut": "Laut", "udara": "Udara"}
IKON_MODA = {"laut": "bi-water", "udara": "bi-airplane"}
MAKS_ZONA_TAMPIL = 60
DARI_KOLOM = "kolom"  # kind/level read from the file's column, not one for every zone
MAKS_BYTE_TAMPIL = MAKS_BYTE  # the upload limit the service holds a hazard file to


class LintasanTampil(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def nama(self) -> str: ...
    @property
    def moda(self) -> str: ...
    @property
    def asal_nama(self) -> str: ...
    @property
    def tujuan_nama(self) -> str: ...
    @property
    def durasi_menit(self) -> int: ...
    @property
    def jadwal(self) -> str: ...
    @property
    def kapasitas_kg(self) -> int | None: ...
    @property
    def aktif(self) -> bool: ...


class ZonaTampil(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def jenis(self) -> str: ...
    @property
    def tingkat(self) -> str: ...
    @property
    def nama(self) -> str: ...
    @property
    def luas_km2(self) -> float: ...
    @property
    def sumber_berkas(self) -> str: ...
    @property
    def diimpor_oleh(self) -> str | None: ...
    @property
    def diimpor_pada(self) -> Any: ...


class BerkasTampil(Protocol):
    @property
    def sumber(self) -> str: ...
    @property
    def jumlah(self) -> int: ...
    @property
    def diimpor_oleh(self) -> str | None: ...
    @property
    def diimpor_pada(self) -> Any: ...


# Typing reaches every desa (an island desa of a kecamatan) and an exact point as lat,lon.
_CARI_TEMPAT = "Cari kab/kota, kecamatan, desa, atau lat,lon…"


def _tombol_hapus(
    id_: dict[str, Any], pertanyaan: str, label: str = "Hapus"
) -> dcc.ConfirmDialogProvider:
    """A delete button that asks first: one slip of the thumb must not remove a leg or zone."""
    tombol = dbc.Button(label, size="sm", color="danger", outline=True, className="text-nowrap")
    return dcc.ConfirmDialogProvider(tombol, id=id_, message=pertanyaan)


def _kolom(label: str, kontrol: Any, lebar: int, bantuan: str = "") -> dbc.Col:
    isi = [dbc.Label(label, html_for=kontrol.id, className="mb-0 small fw-semibold"), kontrol]
    if bantuan:
        isi.append(html.Div(bantuan, className="form-text mt-0"))
    return dbc.Col(isi, xs=12, md=lebar)


def panel_kelola() -> html.Div:
    """Both panels under the province's list, with their message boxes and version store."""
    return html.Div(
        [
            dcc.Store(id=ids.LINTASAN_VERSI, data=0),
            html.Div(
                [
                    html.H2("Lintasan laut & udara", className="kendali-h2"),
                    html.P(
                        "Kapal dan pesawat antarpelabuhan/bandara dipakai semua kab/kota dalam "
                        "menghitung rute. Lintasan yang dinonaktifkan (cuaca, kapal docking) "
                        "tidak dipakai sampai diaktifkan lagi.",
                        className="text-muted small",
                    ),
                    html.Div(id=ids.LINTASAN_DAFTAR),
                    html.Div(_isian_lintasan(), id=ids.LINTASAN_ISIAN, style={"display": "none"}),
                    html.Div(id=ids.LINTASAN_PESAN, className="mt-2", role="status"),
                ],
                id=ids.LINTASAN_PANEL,
                className="kendali-panel mt-3",
            ),
            html.Div(
                [
                    html.H2("Zona bahaya", className="kendali-h2"),
                    html.P(
                        "Zona banjir, longsor dan bahaya lain milik kantor (GeoJSON atau "
                        "GeoPackage) digambar di peta rute dan dipakai menilai risiko rute.",
                        className="text-muted small",
                    ),
                    html.Div(_isian_bahaya(), id=ids.BAHAYA_ISIAN, style={"display": "none"}),
                    html.Div(id=ids.BAHAYA_PESAN, className="mt-2", role="status"),
                    html.Div(id=ids.BAHAYA_DAFTAR, className="mt-2"),
                ],
                className="kendali-panel mt-3",
            ),
        ]
    )


def _isian_lintasan() -> dbc.Card:
    """The add-leg form, the command line's `jalan lintasan tambah` fields."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("Tambah lintasan", className="h6 fw-semibold"),
                dbc.Row(
                    [
                        _kolom("Nama lintasan", dbc.Input(id=ids.LINTASAN_NAMA, maxLength=120,
                               placeholder="mis. Kapal Jepara–Karimunjawa"), 5),
                        _kolom("Moda", dbc.Select(id=ids.LINTASAN_MODA, value="laut",
                               options=[{"label": v, "value": k}
                                        for k, v in MODA_LINTASAN.items()]), 2),
                        _kolom("Durasi (menit)", dbc.Input(id=ids.LINTASAN_DURASI, type="text",
                               inputMode="numeric", placeholder="mis. 240"), 2),
                        _kolom("Kapasitas (kg)", dbc.Input(id=ids.LINTASAN_KAPASITAS,
                               type="text", inputMode="numeric", placeholder="boleh kosong"),
                               3),
                    ],
                    className="g-2 mb-2",
                ),
                dbc.Row(
                    [
                        _kolom("Asal", dcc.Dropdown(id=ids.LINTASAN_ASAL, options=[],
                               searchable=True, placeholder=_CARI_TEMPAT,
                               optionHeight=48), 6),
                        _kolom("Tujuan", dcc.Dropdown(id=ids.LINTASAN_TUJUAN, options=[],
                               searchable=True, placeholder=_CARI_TEMPAT,
                               optionHeight=48), 6),
                    ],
                    className="g-2 mb-2",
                ),
                dbc.Row(
                    [
                        _kolom("Nama pelabuhan/bandara asal", dbc.Input(
                               id=ids.LINTASAN_ASAL_NAMA, maxLength=120,
                               placeholder="bawaan: nama wilayah"), 4),
                        _kolom("Nama pelabuhan/bandara tujuan", dbc.Input(
                               id=ids.LINTASAN_TUJUAN_NAMA, maxLength=120,
                               placeholder="bawaan: nama wilayah"), 4),
                        _kolom("Jadwal", dbc.Input(id=ids.LINTASAN_JADWAL, maxLength=200,
                               placeholder="mis. Sen, Kam 08.00"), 4),
                    ],
                    className="g-2 mb-2",
                ),
                dbc.Button([html.I(className="bi bi-plus-lg me-1"), "Tambah lintasan"],
                           id=ids.LINTASAN_TAMBAH, color="primary", size="sm"),
            ]
        ),
        className="mt-3",
    )  # fmt: skip


def daftar_lintasan(lintasan: Sequence[LintasanTampil], boleh: bool) -> Component:
    """The province's legs as a table; the actions only for accounts that may change them."""
    if not lintasan:
        return html.Div("Belum ada lintasan laut/udara.", className="text-muted small")
    kepala = ["Lintasan", "Dari", "Ke", "Moda", "Durasi", "Jadwal", "Kapasitas", "Status"]
    if boleh:
        kepala.append("")
    baris = []
    for x in lintasan:
        status = (html.Span("Aktif", className="kendali-chip kelas-siap") if x.aktif
                  else html.Span("Nonaktif", className="kendali-chip kelas-kritis"))  # fmt: skip
        kapasitas = "—" if x.kapasitas_kg is None else f"{format_angka(x.kapasitas_kg)} kg"
        ikon = html.I(className=f"bi {IKON_MODA.get(x.moda, 'bi-signpost')} me-1")
        sel: list[Any] = [
            html.Td(html.Strong(x.nama)),
            _sel(x.asal_nama, "Dari"),
            _sel(x.tujuan_nama, "Ke"),
            _sel([ikon, MODA_LINTASAN.get(x.moda, x.moda)], "Moda", "text-nowrap"),
            _sel(_durasi(x.durasi_menit), "Durasi", "text-nowrap"),
            _sel(x.jadwal or "—", "Jadwal"),
            _sel(kapasitas, "Kapasitas", "text-nowrap"),
            html.Td(status),
        ]
        if boleh:
            ubah = dbc.Button(
                "Nonaktifkan" if x.aktif else "Aktifkan",
                id={"type": ids.LINTASAN_AKTIF, "id": x.id, "aktif": not x.aktif},
                size="sm", color="secondary", outline=True,
            )  # fmt: skip
            hapus = _tombol_hapus(
                {"type": ids.LINTASAN_HAPUS, "id": x.id},
                f"Hapus lintasan “{x.nama}”? Rute dihitung ulang tanpa lintasan ini; "
                "catatan audit tetap menyimpannya.",
            )
            sel.append(
                html.Td(
                    html.Div([ubah, hapus], className="d-flex gap-1 justify-content-end"),
                    className="kendali-aksi",
                )
            )
        baris.append(html.Tr(sel, **_data_id(x.id)))
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(k) for k in kepala])), html.Tbody(baris)],
        size="sm", hover=True, responsive=True,
        className="mb-0 align-middle kendali-lintasan kendali-kartu-hp",
    )  # fmt: skip


def _sel(isi: Any, label: str, kelas: str = "") -> html.Td:
    """A cell that names its column on a phone, where the table is drawn as cards."""
    nama: dict[str, Any] = {"data-label": label}
    return html.Td(isi, className=kelas or None, **nama)


def _data_id(nomor: int) -> dict[str, Any]:
    """A row's record id for tests and scripts (Dash takes data-* only as keywords)."""
    return {"data-id": str(nomor)}


def _durasi(menit: int) -> str:
    jam, sisa = divmod(int(menit), 60)
    if not jam:
        return f"{sisa} menit"
    return f"{jam} jam" + (f" {sisa} menit" if sisa else "")


def _isian_bahaya() -> dbc.Card:
    """The hazard upload: a file, and what the command line's options would say about it."""
    pilih_jenis = [{"label": "dari kolom berkas", "value": DARI_KOLOM}] + [
        {"label": v, "value": k} for k, v in JENIS_BAHAYA.items()
    ]
    pilih_tingkat = [{"label": "dari kolom berkas", "value": DARI_KOLOM}] + [
        {"label": v, "value": k} for k, v in TINGKAT_BAHAYA.items()
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("Impor lapisan zona bahaya", className="h6 fw-semibold"),
                dcc.Upload(
                    id=ids.BAHAYA_BERKAS,
                    children=html.Div([
                        html.I(className="bi bi-cloud-arrow-up fs-4 d-block"),
                        "Tarik berkas .geojson, .gpkg atau .zip ke sini, atau ",
                        html.A("pilih berkas", href="#", className="fw-semibold"),
                        html.Div(f"Paling besar {MAKS_BYTE_TAMPIL // 1_048_576} MB; koordinat "
                                 "apa pun diproyeksikan ke WGS84", className="small"),
                    ]),
                    # No `accept` or `max_size`: the drop zone would drop such a file without a
                    # word; assets/pencatatan.js keeps an oversized one in the browser and the
                    # server names what is wrong with it.
                    multiple=False,
                    className="kendali-unggah mb-2",
                ),
                dcc.Store(id=ids.BAHAYA_PILIHAN, data={"batas": MAKS_BYTE_TAMPIL}),
                html.Div(id=ids.BAHAYA_DIPILIH, className="small mb-2"),
                dbc.Row(
                    [
                        _kolom("Lapisan", dbc.Input(id=ids.BAHAYA_LAPISAN, maxLength=120,
                               placeholder="untuk GeoPackage berisi beberapa lapisan"), 4),
                        _kolom("Semua zona berjenis", dbc.Select(id=ids.BAHAYA_JENIS,
                               value=DARI_KOLOM, options=pilih_jenis), 4),
                        _kolom("Semua zona bertingkat", dbc.Select(id=ids.BAHAYA_TINGKAT,
                               value=DARI_KOLOM, options=pilih_tingkat), 4),
                        _kolom("Kolom jenis", dbc.Input(id=ids.BAHAYA_KOLOM_JENIS, maxLength=80,
                               placeholder="bawaan: dikenali dari nama"), 4),
                        _kolom("Kolom tingkat", dbc.Input(id=ids.BAHAYA_KOLOM_TINGKAT,
                               maxLength=80, placeholder="bawaan: dikenali dari nama"), 4),
                        _kolom("Kolom nama", dbc.Input(id=ids.BAHAYA_KOLOM_NAMA, maxLength=80,
                               placeholder="bawaan: dikenali dari nama"), 4),
                    ],
                    className="g-2 mb-2",
                ),
                dbc.Button([html.I(className="bi bi-upload me-1"), "Impor zona bahaya"],
                           id=ids.BAHAYA_IMPOR, color="primary", size="sm"),
            ]
        ),
    )  # fmt: skip


def berkas_dipilih(nama: str, ukuran: int) -> Component:
    """The chosen file in words, before it is imported."""
    kb = max(round(ukuran / 1024), 1)
    ikon = html.I(className="bi bi-file-earmark-check me-1 text-success")
    return html.Span([ikon, f"Dipilih: {nama} ({format_angka(kb)} KB). Tekan Impor zona bahaya."])


def laporan_impor(lap: Any) -> dbc.Alert:
    """What an import read and stored (services.bahaya.LaporanImpor), in words."""
    crs = f"{lap.crs}, diproyeksikan ke WGS84" if lap.diproyeksikan else lap.crs
    jenis = ", ".join(f"{JENIS_BAHAYA.get(j, j).lower()} {n}" for j, n in lap.per_jenis.items())
    tingkat = ", ".join(f"{t} {n}" for t, n in lap.per_tingkat.items())
    isi: list[Any] = [
        html.Strong(f"{lap.jumlah_zona} zona bahaya dari {lap.berkas} disimpan."),
        html.Div(f"Lapisan {lap.lapisan} ({crs}), {lap.jumlah_fitur} fitur. Jenis: {jenis}; "
                 f"tingkat: {tingkat}."),
        html.Div(f"Kolom dipakai: jenis={lap.kolom_jenis or '-'}, "
                 f"tingkat={lap.kolom_tingkat or '-'}, nama={lap.kolom_nama or '-'}.",
                 className="small"),
    ]  # fmt: skip
    if lap.diganti:
        isi.append(html.Div(f"{lap.diganti} zona dari impor sebelumnya berkas yang sama diganti."))
    if lap.di_luar_provinsi:
        isi.append(html.Div(f"{lap.di_luar_provinsi} fitur di luar provinsi diabaikan."))
    isi += [html.Div(f"Catatan: {c}", className="small") for c in lap.catatan]
    return dbc.Alert(isi, color="success", className="mb-0")


def daftar_berkas(berkas: Sequence[BerkasTampil], boleh: bool) -> Component:
    """The imported files, newest first, each with its zone count and, for accounts that may,
    a button that deletes all its zones (an outdated map goes in one step)."""
    baris = []
    for b in berkas:
        sel: list[Any] = [
            html.Td(html.Strong(b.sumber, className="text-break")),
            _sel(f"{format_angka(b.jumlah)} zona", "Zona", "text-nowrap"),
            _sel(f"{b.diimpor_oleh or 'baris perintah'}, {format_wib(b.diimpor_pada)}",
                 "Diimpor", "small"),
        ]  # fmt: skip
        if boleh:
            hapus = _tombol_hapus(
                {"type": ids.BAHAYA_HAPUS_BERKAS, "berkas": b.sumber},
                f"Hapus semua {format_angka(b.jumlah)} zona bahaya dari berkas “{b.sumber}”? "
                "Impor ulang berkasnya bila masih diperlukan.",
                "Hapus berkas",
            )
            sel.append(html.Td(hapus, className="kendali-aksi"))
        atribut: dict[str, Any] = {"data-berkas": b.sumber}
        baris.append(html.Tr(sel, **atribut))
    kepala = ["Berkas", "Zona", "Diimpor"] + ([""] if boleh else [])
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(k) for k in kepala])), html.Tbody(baris)],
        size="sm", hover=True, responsive=True,
        className="mb-2 align-middle kendali-berkas-zona kendali-kartu-hp",
    )  # fmt: skip


def daftar_zona(
    zona: Sequence[ZonaTampil], berkas: Sequence[BerkasTampil], boleh: bool
) -> Component:
    """The files imported, then the stored zones, newest import first, with Delete buttons
    for accounts that may."""
    if not zona:
        return html.Div("Belum ada zona bahaya tersimpan.", className="text-muted small")
    kepala = ["Zona", "Jenis", "Tingkat", "Luas", "Berkas", "Diimpor"]
    if boleh:
        kepala.append("")
    baris = []
    for z in zona[:MAKS_ZONA_TAMPIL]:
        sel: list[Any] = [
            html.Td(html.Strong(z.nama or f"Zona {z.id}")),
            _sel(JENIS_BAHAYA.get(z.jenis, z.jenis), "Jenis"),
            _sel(TINGKAT_BAHAYA.get(z.tingkat, z.tingkat), "Tingkat"),
            _sel(format_km(z.luas_km2) + "²", "Luas", "text-nowrap text-end"),
            _sel(z.sumber_berkas, "Berkas", "small text-break"),
            _sel(f"{z.diimpor_oleh or 'baris perintah'}, {format_wib(z.diimpor_pada)}", "Diimpor",
                 "small"),
        ]  # fmt: skip
        if boleh:
            hapus = _tombol_hapus(
                {"type": ids.BAHAYA_HAPUS, "id": z.id},
                f"Hapus zona bahaya “{z.nama or z.id}”? Rute tidak lagi ditandai melewatinya.",
            )
            sel.append(html.Td(hapus, className="kendali-aksi"))
        baris.append(html.Tr(sel, **_data_id(z.id)))
    isi: list[Any] = [
        html.H3("Berkas diimpor", className="h6 fw-semibold mb-1"),
        daftar_berkas(berkas, boleh),
        html.H3("Zona tersimpan", className="h6 fw-semibold mb-1"),
        dbc.Table(
            [html.Thead(html.Tr([html.Th(k) for k in kepala])), html.Tbody(baris)],
            size="sm", hover=True, responsive=True,
            className="mb-0 align-middle kendali-zona kendali-kartu-hp",
        ),
    ]  # fmt: skip
    if len(zona) > MAKS_ZONA_TAMPIL:
        isi.append(html.Div(f"{format_angka(MAKS_ZONA_TAMPIL)} zona terbaru dari "
                            f"{format_angka(len(zona))} ditampilkan.", className="small "
                            "text-muted mt-1"))  # fmt: skip
    return html.Div(isi)
