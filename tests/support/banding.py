"""Comparing what two databases show: a region's figures, equal to the last share."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import astuple, is_dataclass

import pandas as pd

from dashboard.services.tampilan import TampilanWilayah


def bersih(v: object) -> object:
    """NaN equals NaN here (a missing figure is missing on both sides), and a share equals
    one summed in another order (PostgreSQL sums in SQL, the replay in pandas) to 12 places."""
    if isinstance(v, float):
        return "NaN" if math.isnan(v) else round(v, 12)
    if is_dataclass(v) and not isinstance(v, type):
        return bersih(astuple(v))
    if isinstance(v, dict):
        return {k: bersih(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [bersih(x) for x in v]
    return v


def rekaman(df: pd.DataFrame) -> list[dict]:
    """A frame's rows as plain values (dtypes differ between a SQL read and a recompute)."""
    if df.empty:
        return []
    d = df.reset_index(drop=True).astype(object)
    rows = d.where(d.notna(), None).to_dict("records")
    return [
        {
            k: bersih(
                int(v)
                if isinstance(v, float) and v.is_integer()
                else pd.Timestamp(v).tz_localize(None)
                if isinstance(v, dt.datetime) and v.tzinfo is None
                else pd.Timestamp(v).tz_convert(None)
                if isinstance(v, dt.datetime)
                else v
            )
            for k, v in r.items()
        }
        for r in rows
    ]


def sama_tampilan(
    kode: str, diputar: TampilanWilayah | None, oracle: TampilanWilayah | None
) -> None:
    """Assert a region shows the same figures, rows, items, incidents and exceptions."""
    assert diputar is not None and oracle is not None, kode
    assert bersih(diputar.total) == bersih(oracle.total), kode
    for nama in ("anak", "per_jenis", "kejadian", "tps", "mutasi"):
        assert rekaman(getattr(diputar, nama)) == rekaman(getattr(oracle, nama)), (kode, nama)
    assert bersih([astuple(p) for p in diputar.pengecualian]) == bersih(
        [astuple(p) for p in oracle.pengecualian]
    ), kode
    assert (diputar.target, diputar.target_anak) == (oracle.target, oracle.target_anak), kode
