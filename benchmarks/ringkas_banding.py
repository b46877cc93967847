"""Print markdown tables from a `banding_dua_versi.py` run: old and new code, both rounds.

    .venv/bin/python benchmarks/ringkas_banding.py benchmarks/banding16/postgresql
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path


def _muat(folder: Path) -> dict[str, list[dict]]:
    hasil: dict[str, list[dict]] = {"lama": [], "baru": []}
    for k in hasil:
        for putaran in (1, 2):
            for f in sorted((folder / f"{k}{putaran}").glob("bench_*.json")):
                hasil[k].append(json.loads(f.read_text()))
    return hasil


def main(folder: str) -> None:
    """Per callback: cold p50 and the naive/cold ratio of each run; warm p50; writes."""
    data = _muat(Path(folder))
    nama = list(data["baru"][0]["callback"])
    print(
        "| Callback | cold p50 ms, old (2 runs) | cold p50 ms, new (2 runs) | naive ÷ cold, old "
        "| **naive ÷ cold, new** | warm p50 ms old / new |"
    )
    print("|---|---|---|---|---|---|")
    for n in nama:
        def sel(k: str, kunci: str, n: str = n) -> list[float]:
            return [r["callback"][n][kunci]["p50_ms"] for r in data[k] if n in r["callback"]]

        def rasio(k: str, n: str = n) -> str:
            return " / ".join(
                f"{r['naif']['ringkasan']['p50_ms'] / r['callback'][n]['dingin']['p50_ms']:.1f}×"
                for r in data[k]
            )

        print(
            f"| {n} | {' / '.join(f'{v:.1f}' for v in sel('lama', 'dingin'))} | "
            f"{' / '.join(f'{v:.1f}' for v in sel('baru', 'dingin'))} | {rasio('lama')} | "
            f"**{rasio('baru')}** | {statistics.median(sel('lama', 'hangat')):.2f} / "
            f"{statistics.median(sel('baru', 'hangat')):.2f} |"
        )
    naif = {k: [r["naif"]["ringkasan"]["p50_ms"] for r in data[k]] for k in data}
    print(f"\nNaive aggregate p50 ms: old {naif['lama']}, new {naif['baru']}\n")
    print("| Write | old p50 / p99 ms (2 runs) | new p50 / p99 ms (2 runs) |")
    print("|---|---|---|")
    for label, jalur in (
        ("one writer", ("tunggal",)),
        ("35 writers at once (burst)", ("serentak_35",)),
        ("35 offices, 0.5–1.5 s apart", ("serentak_35_berjeda", "tulis")),
        ("commit → visible", ("commit_ke_terlihat",)),
    ):
        def ambil(r: dict, jalur: tuple[str, ...] = jalur) -> dict:
            x = r["tulis"]
            for j in jalur:
                x = x[j]
            return x

        sel_ = {
            k: ", ".join(f"{ambil(r)['p50_ms']:.1f} / {ambil(r)['p99_ms']:.1f}" for r in data[k])
            for k in data
        }
        print(f"| {label} | {sel_['lama']} | {sel_['baru']} |")
    http = {k: ", ".join(f"{r['tulis_http']['baru']['p50_ms']:.1f} / "
                         f"{r['tulis_http']['baru']['p99_ms']:.1f}" for r in data[k])
            for k in data}  # fmt: skip
    print(f"| Simpan over HTTP (operator) | {http['lama']} | {http['baru']} |")


if __name__ == "__main__":
    main(sys.argv[1])
