"""Compare two checkouts' `python -m dashboard bench` on one throwaway PostgreSQL server, or on
SQLite files.

Figures, not pass/fail. Each checkout builds demo 33 in a database of its own (with its own
schema), then the benches run alternately, two rounds each, so both see the same machine.

    .venv/bin/python benchmarks/banding_dua_versi.py LAMA_CHECKOUT BARU_CHECKOUT [KELUARAN] [DB]

DB is `postgresql` (default) or `sqlite`; BANDING_HANGAT / BANDING_DINGIN set the number of
warm and cold calls per callback (default 20 and 3).

Each checkout needs its own .venv (scripts/test or scripts/run makes it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dashboard.tools.local_servers import PostgresServer

BARIS = ("ringkasan provinsi", "simpan", "tulis", "commit", "naif")


def main(
    lama: str, baru: str, keluaran: str = "benchmarks/banding", db: str = "postgresql"
) -> None:
    """Build, bench twice alternately, and print the write lines of each run."""
    kode = {"lama": Path(lama).resolve(), "baru": Path(baru).resolve()}
    server = PostgresServer().start() if db == "postgresql" else None
    try:
        if server:
            urls = {k: server.create_database(f"banding_{k}") for k in kode}
        else:
            folder_db = tempfile.mkdtemp(prefix="banding-")
            urls = {k: f"sqlite:///{folder_db}/{k}.db" for k in kode}

        def jalankan(k: str, *argumen: str) -> str:
            env = {**os.environ, "DATABASE_URL": urls[k], "KPU_PROVINSI": "33"}
            python = str(kode[k] / ".venv" / "bin" / "python")
            r = subprocess.run([python, "-m", "dashboard", *argumen], cwd=kode[k], env=env,
                               check=True, capture_output=True, text=True)
            return r.stdout

        for k in kode:
            jalankan(k, "demo", "--provinsi", "33")
        for putaran in (1, 2):
            for k in kode:
                folder = Path(keluaran).resolve() / f"{k}{putaran}"
                folder.mkdir(parents=True, exist_ok=True)
                keluar = jalankan(k, "bench",
                                  "--hangat", os.environ.get("BANDING_HANGAT", "20"),
                                  "--dingin", os.environ.get("BANDING_DINGIN", "3"),
                                  "--keluaran", str(folder))
                print(f"== {k}, putaran {putaran}")
                print("\n".join(b for b in keluar.splitlines() if b.startswith(BARIS)), flush=True)
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main(*sys.argv[1:])
