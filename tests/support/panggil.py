"""Callback request bodies for any callback of the app, as the Dash renderer would send them.

`nilai_awal` reads the values a layout starts with; `badan_callback` builds the body of one
callback from such values, so a test can drive every callback of a kind (e.g. every
`daftar.baca` or `daftar.tulis`) without writing each body by hand.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import dash
from dash.development.base_component import Component

Nilai = Mapping[tuple[str, str], object]


def _kunci_id(i: object) -> str:
    """The id as a callback spec names it: a plain id, or a pattern id's `type`."""
    return str(i["type"]) if isinstance(i, dict) else str(i)


def nilai_awal(akar: Component) -> dict[tuple[str, str], object]:
    """Every (id, property) of the components in a layout with the value it starts with (the
    first occurrence of an id wins); pattern ids are keyed by their `type`."""
    nilai: dict[tuple[str, str], object] = {}
    for c in [akar, *akar._traverse()]:
        i = getattr(c, "id", None)
        if i is None:
            continue
        for prop in c._prop_names:
            nilai.setdefault((_kunci_id(i), prop), getattr(c, prop, None))
    return nilai


def id_callback(app: dash.Dash, kunci: str) -> set[str]:
    """The ids (pattern ids by `type`) a callback reads as inputs and state."""
    cb = app.callback_map[kunci]
    return {_kunci_id(_id(s["id"], None)) for s in cb["inputs"] + cb["state"]}


def _id(teks: str, cocok: object) -> object:
    if not teks.startswith("{"):
        return teks
    return {k: (cocok if v in (["MATCH"], ["ALL"]) else v) for k, v in json.loads(teks).items()}


def _teks_id(i: object) -> str:
    return json.dumps(i, sort_keys=True, separators=(",", ":")) if isinstance(i, dict) else str(i)


def badan_callback(
    app: dash.Dash,
    kunci: str,
    nilai: Nilai | None = None,
    *,
    cocok: object = 1,
    semua: Sequence[object] = (1,),
) -> dict:
    """The body for the callback `kunci` of `app.callback_map`: each input and state takes its
    value from `nilai` (a button's n_clicks 1 where not given), `cocok` fills a MATCH wildcard
    and `semua` lists the ids an ALL wildcard stands for."""
    nilai = nilai or {}
    cb = app.callback_map[kunci]
    keluaran: list[object] = []
    for bagian in kunci.strip(".").split("..."):
        i, p = bagian.split("@")[0].rsplit(".", 1)
        if '["ALL"]' in i:
            keluaran.append([{"id": _id(i, x), "property": p} for x in semua])
        else:
            keluaran.append({"id": _id(i, cocok), "property": p})

    def isi(s: dict) -> object:
        teks, prop = s["id"], s["property"]
        bawaan = 1 if prop == "n_clicks" else None
        v = nilai.get((_kunci_id(_id(teks, None)), prop), bawaan)
        if '["ALL"]' in teks:
            return [{"id": _id(teks, x), "property": prop, "value": v} for x in semua]
        return {"id": _id(teks, cocok), "property": prop, "value": v}

    masukan = [isi(s) for s in cb["inputs"]]
    pertama = masukan[0][0] if isinstance(masukan[0], list) else masukan[0]
    assert isinstance(pertama, dict)
    return {
        "output": kunci,
        "outputs": keluaran if len(keluaran) > 1 or kunci.startswith("..") else keluaran[0],
        "inputs": masukan,
        "changedPropIds": [f"{_teks_id(pertama['id'])}.{pertama['property']}"],
        "state": [isi(s) for s in cb["state"]],
    }
