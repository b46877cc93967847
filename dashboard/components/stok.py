"""Pieces of the stock view: item picker, headline figures, and the sortable stock table."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import pandas as pd
from dash import html
from dash.dash_table.DataTable import DataTable
from dash.dash_table.Format import Format, Group, Scheme

from dashboard import ids
from dashboard.components.figures import FONT
from dashboard.domain.angka import format_angka, format_persen
from dashboard.domain.stok import KOLOM_STOK

# As the JSON the table receives: the `Format` builder itself is untyped.
_FORMAT: dict[str, DataTable.ColumnsFormat] = {
    "angka": Format(
        group=Group.yes,
        precision=0,
        scheme=Scheme.fixed,
        group_delimiter=".",
        decimal_delimiter=",",
    ).to_plotly_json(),
    "persen": Format(precision=1, scheme=Scheme.percentage, decimal_delimiter=",").to_plotly_json(),
}
MERAH_MUDA = "#f8d7da"


def pilihan_jenis(jenis: pd.DataFrame) -> list[dict[str, str]]:
    """Return the item picker's options, in catalogue order."""
    return [{"label": r["nama"], "value": r["kode"]} for r in jenis.to_dict("records")]


def kolom_tabel() -> list[DataTable.Columns]:
    """Return the DataTable columns: Indonesian headers, numbers formatted 1.234.567."""
    kolom = []
    for k, label, jenis in KOLOM_STOK:
        c: DataTable.Columns = {
            "id": k,
            "name": label,
            "type": "text" if jenis == "teks" else "numeric",
        }
        if jenis in _FORMAT:
            c["format"] = _FORMAT[jenis]
        kolom.append(c)
    return kolom


def tabel_stok() -> DataTable:
    """Return the empty stock table (rows come from a callback), sortable and filterable."""
    teks = [k for k, _, j in KOLOM_STOK if j == "teks"]
    with warnings.catch_warnings():
        # Dash 4 announces DataTable's move out of the core; it is still the built-in table
        # with native sort and filter, and dash-ag-grid would add a dependency.
        warnings.simplefilter("ignore", DeprecationWarning)
        return DataTable(
            id=ids.STOK_TABEL,
            columns=kolom_tabel(),
            data=[],
            sort_action="native",
            sort_mode="multi",
            filter_action="native",
            filter_options={"case": "insensitive", "placeholder_text": "saring…"},
            page_action="none",
            style_as_list_view=True,
            style_table={"overflowX": "auto"},
            style_cell={
                "fontFamily": FONT,
                "fontVariantNumeric": "tabular-nums",
                "fontSize": "0.85rem",
                "padding": "4px 8px",
                "whiteSpace": "nowrap",
                "textAlign": "right",
            },
            style_header={
                "backgroundColor": "#e7edf9",
                "color": "#0b3d91",
                "fontWeight": 700,
                "whiteSpace": "normal",
                "height": "auto",
                "textAlign": "right",
            },
            style_filter={"backgroundColor": "#f8f9fb"},
            style_cell_conditional=[{"if": {"column_id": k}, "textAlign": "left"} for k in teks],
            style_header_conditional=[{"if": {"column_id": k}, "textAlign": "left"} for k in teks],
            style_data_conditional=[
                {"if": {"filter_query": "{kekurangan} > 0"}, "backgroundColor": "#fff5f5"},
                {
                    "if": {"filter_query": "{kekurangan} > 0", "column_id": "kekurangan"},
                    "backgroundColor": MERAH_MUDA,
                    "color": "#842029",
                    "fontWeight": 700,
                },
                {
                    "if": {"filter_query": "{kekurangan} > 0", "column_id": "cakupan"},
                    "color": "#842029",
                    "fontWeight": 700,
                },
                {"if": {"column_id": "stok_bersih"}, "fontWeight": 600},
            ],
        )


def _angka(label: str, nilai: str, keterangan: str = "", warna: str = "") -> html.Div:
    return html.Div(
        [
            html.Div(label, className="kendali-stat-label"),
            html.Div(nilai, className=f"kendali-stat-nilai {warna}"),
            html.Div(keterangan, className="kendali-stat-ket"),
        ],
        className="kendali-stat",
    )


def ringkas_stok(
    total: Mapping[str, float | int | None], nama: str, satuan: str, jumlah_wilayah: int
) -> list[html.Div]:
    """Return the headline figures of one item across the province."""
    kurang = int(total["kekurangan"] or 0)  # always an int from total_stok; None only in type
    terpenuhi = total["terpenuhi"]
    return [
        html.Div(
            [html.Div(nama, className="kendali-stat-judul"), html.Div(f"satuan: {satuan}")],
            className="kendali-stat kendali-stat-utama",
        ),
        _angka("Kebutuhan", format_angka(total["kebutuhan"]), "termasuk cadangan PSU"),
        _angka("Stok baik bersih", format_angka(total["stok_bersih"]), "setelah penyesuaian"),
        _angka(
            "Kebutuhan terpenuhi",
            format_persen(terpenuhi),
            "di kab/kota masing-masing",
            "text-success" if not kurang else "text-danger",
        ),
        _angka(
            "Kekurangan",
            format_angka(kurang),
            f"di {total['wilayah_kurang']} dari {jumlah_wilayah} kab/kota",
            "text-danger" if kurang else "text-success",
        ),
        _angka(
            "Rusak",
            format_angka(total["rusak"]),
            f"hilang/salah jenis {format_angka(total['hilang_salah'])}",
        ),
    ]
