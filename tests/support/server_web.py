"""The dashboard under gunicorn in its own process group, to be killed with SIGKILL by fault tests.

Also the request bodies a browser sends for the data-entry callbacks, so tests can write over
HTTP exactly as the /input page does.
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from dashboard.tools import benchmark
from dashboard.tools.demo import KATA_SANDI_DEMO
from dashboard.tools.local_servers import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


class ServerWeb:
    """`gunicorn -w N --threads T app:server` on a loopback port, for one database URL."""

    def __init__(self, database_url: str, provinsi: str, log: Path, **env: str) -> None:
        self.database_url = database_url
        self.provinsi = provinsi
        self.log = log
        self.env = env
        self.port = free_port()
        self.proses: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def mulai(self, pekerja: int = 2, utas: int = 8, batas_detik: float = 90) -> ServerWeb:
        """Start the server and wait until the login page answers."""
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "KPU_PROVINSI": self.provinsi,
            "SECRET_KEY": "uji-mati-mendadak",
            "CACHE_TYPE": "NullCache",
            **self.env,
        }
        with self.log.open("ab") as keluaran:
            self.proses = subprocess.Popen(
                [str(GUNICORN), "-w", str(pekerja), "--threads", str(utas), "--timeout", "120",
                 "-b", f"127.0.0.1:{self.port}", "app:server"],
                cwd=ROOT, env=env, stdout=keluaran, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        tenggat = time.monotonic() + batas_detik
        while time.monotonic() < tenggat:
            if self.proses.poll() is not None:
                raise RuntimeError(f"gunicorn berhenti: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.base}/masuk", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.matikan_paksa()
        raise RuntimeError(f"gunicorn tidak menjawab: {self.log.read_text()[-3000:]}")

    def matikan_paksa(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut would."""
        if self.proses is None:
            return
        try:
            os.killpg(self.proses.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proses.wait(timeout=10)
        self.proses = None

    def berhenti(self) -> None:
        """Stop the server politely (end of a test)."""
        if self.proses is None:
            return
        try:
            os.killpg(self.proses.pid, signal.SIGTERM)
            self.proses.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proses.pid, signal.SIGKILL)
            self.proses.wait(timeout=10)
        self.proses = None

    def masuk(self, username: str, kata_sandi: str = KATA_SANDI_DEMO) -> requests.Session:
        """Return an HTTP session signed in as `username`."""
        s = requests.Session()
        r = s.post(
            f"{self.base}/masuk",
            data={"username": username, "kata_sandi": kata_sandi},
            allow_redirects=False,
            timeout=30,
        )
        if r.status_code != 302:
            raise RuntimeError(f"masuk sebagai {username} gagal: {r.status_code}")
        return s


def badan_simpan(
    kabkota: str,
    client_id: str,
    *,
    jumlah: str = "5.000",
    jenis_logistik: str = "SS-GUB",
    tanggal: str = "2024-11-10",
    keterangan: str = "",
) -> dict:
    """The body Dash sends for the movement form's Simpan button (receipt from the vendor)."""
    return benchmark.badan_simpan(
        client_id, kabkota, tanggal, jenis_logistik, jumlah=jumlah, keterangan=keterangan
    )


def badan_unggah(output: str, nama: str, isi: bytes, jenis: str = "terima_penyedia") -> dict:
    """The body of the upload's confirm button; `output` as /_dash-dependencies names it."""
    data = "data:application/octet-stream;base64," + base64.b64encode(isi).decode()
    keluaran = [o.split(".", 1) for o in output.strip(".").split("...")]
    return {
        "output": output,
        "outputs": [{"id": i, "property": p} for i, p in keluaran],
        "inputs": [{"id": "unggah-simpan", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["unggah-simpan.n_clicks"],
        "state": [
            {"id": "unggah-berkas", "property": "contents", "value": data},
            {"id": "unggah-jenis", "property": "value", "value": jenis},
            {"id": "unggah-berkas", "property": "filename", "value": nama},
            # No skipped row ticked: rows already recorded stay skipped.
            {"id": "unggah-konfirmasi", "property": "value", "value": []},
        ],
    }


def keluaran_callback(base: str, awalan: str) -> str:
    """The `output` key of the callback whose outputs start with `awalan` (hash suffixes kept)."""
    dep = requests.get(f"{base}/_dash-dependencies", timeout=30).json()
    return next(d["output"] for d in dep if d["output"].startswith(awalan))
