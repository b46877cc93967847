"""Page weight and load time in headless Chromium (issue 16): bytes on the wire of a first load
and of a repeat visit, and the time to a usable page on loopback and on a throttled network.

Figures, not pass/fail. Bytes come from the DevTools protocol (`Network.loadingFinished`
`encodedDataLength`: compressed body plus headers, as on the wire); times from the page's own
clock (`performance.now()`), so the WebDriver round trips are not counted.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard import ids, urls
from dashboard.web.cetak import ARGUMEN_CHROMIUM, CHROMIUM, GagalCetak, Pencetak

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

LEBAR, TINGGI = 1366, 768
# Issue 16: a slow mobile link (DevTools "Slow 4G"-like): 1.6 Mbit/s down, 750 kbit/s up, 150 ms.
JARINGAN_LAMBAT = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
ARGUMEN = (*ARGUMEN_CHROMIUM, "--disable-quic")
STABIL_MS = 300  # a page counts as usable once it has stayed ready this long
BATAS_DETIK = 120  # a throttled first load of several MB takes tens of seconds
TERBESAR = 8
KABKOTA = "/wilayah/<kabkota>"  # stands for the first kab/kota of the campaign, read from "/"

# The element that shows a page has its own content, not just the frame (all must be present).
KUNCI: dict[str, tuple[str, ...]] = {
    urls.RINGKASAN: (f"#{ids.RINGKASAN_KPI} > *", f"#{ids.RINGKASAN_TABEL} table"),
    urls.DISTRIBUSI: (f"#{ids.DISTRIBUSI_RUTE} > *", f"#{ids.DISTRIBUSI_LINIMASA} g.trace"),
    urls.PETA: (f"#{ids.PETA_MAP} path.leaflet-interactive",),
    urls.STOK: (f"#{ids.STOK_RINGKAS} > *", f"#{ids.STOK_GRAFIK_CAKUPAN} g.trace"),
    KABKOTA: (f"#{ids.RINGKASAN_KPI} > *", f"#{ids.RINGKASAN_TABEL} table"),
}
HALAMAN = (urls.RINGKASAN, urls.DISTRIBUSI, urls.PETA, urls.STOK, KABKOTA)
# Where the in-app navigation goes from each page once it is loaded: every page is reached once,
# through the navbar, or (the kab/kota page) through the first link of the overview's table.
BERIKUTNYA = {
    urls.RINGKASAN: KABKOTA,
    KABKOTA: urls.DISTRIBUSI,
    urls.DISTRIBUSI: urls.PETA,
    urls.PETA: urls.STOK,
    urls.STOK: urls.RINGKASAN,
}

# Installed in every new document before its own scripts: samples readiness every 20 ms and
# keeps the page-clock time since when it has been ready without a break (null when not ready).
_PENGAMAT = """
(() => {
  if (window.__bench) return;
  const b = window.__bench = Object.assign({siapSejak: null, t0: 0}, %s);
  const periksa = () => {
    let siap = false;
    try {
      siap = location.pathname === b.jalur
        && !!document.querySelector('#react-entry-point #_pages_content')
        && !document.querySelector('[data-dash-is-loading="true"], ._dash-loading')
        && b.kunci.every((s) => document.querySelector(s))
        && (!b.judul || document.title === b.judul);
    } catch (e) { siap = false; }
    if (!siap) b.siapSejak = null;
    else if (b.siapSejak === null) b.siapSejak = performance.now();
  };
  setInterval(periksa, 20);
})();
"""
# Why a page is not ready, for the error message.
_KEADAAN = """
const b = window.__bench || {kunci: []};
const sibuk = [...document.querySelectorAll('[data-dash-is-loading="true"], ._dash-loading')];
return {jalur: location.pathname, diharapkan: b.jalur, judul: document.title,
        sibuk: sibuk.map((e) => e.id || e.className).slice(0, 8),
        kunci_tidak_ada: b.kunci.filter((s) => !document.querySelector(s))};
"""
# Point the watcher at the next page, note the time, then click the link (all in one task,
# so the old page cannot be taken for the new one).
_KLIK = """
const b = window.__bench, a = document.querySelector(arguments[0]);
if (!a) return false;
Object.assign(b, {jalur: arguments[1], kunci: arguments[2], judul: arguments[3], siapSejak: null});
b.t0 = performance.now();
a.click();
return true;
"""


# --- DevTools events: pure helpers (tested in tests/unit) ------------------------------------


@dataclass(frozen=True)
class Sumber:
    """One request of a page: its URL, bytes on the wire and after decoding, and headers."""

    url: str
    status: int | None
    byte_jaringan: int
    byte_isi: int
    dari_cache: bool
    content_encoding: str
    cache_control: str
    jenis: str


@dataclass(frozen=True)
class Jaringan:
    """What one page visit moved: totals and the largest resources."""

    byte_jaringan: int
    byte_isi: int
    permintaan: int
    dari_cache: int
    terbesar: list[Sumber] = field(default_factory=list)


def pesan_cdp(entri: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The DevTools messages ({"method", "params"}) inside chromedriver's performance log."""
    hasil = []
    for e in entri:
        try:
            hasil.append(json.loads(e["message"])["message"])
        except (KeyError, TypeError, ValueError):
            continue
    return hasil


def _header(h: dict[str, Any], nama: str) -> str:
    return next((str(v) for k, v in (h or {}).items() if k.lower() == nama), "")


def ringkas_jaringan(pesan: Iterable[dict[str, Any]], terbesar: int = TERBESAR) -> Jaringan:
    """Sum one visit's Network.* events: bytes on the wire (`loadingFinished.encodedDataLength`,
    headers included), decoded bytes (`dataReceived.dataLength`), requests, cache hits, and the
    `terbesar` largest resources on the wire. data: URLs are not requests and are left out."""
    req: dict[str, dict[str, Any]] = {}
    for m in pesan:
        metode, p = m.get("method"), m.get("params") or {}
        rid = p.get("requestId")
        if rid is None:
            continue
        if metode == "Network.requestWillBeSent":
            url = (p.get("request") or {}).get("url", "")
            if url.startswith("data:"):
                continue
            r = req.setdefault(rid, {"kabel": 0, "isi": 0, "cache": False, "h": {}, "status": None})
            r.update(url=url, jenis=p.get("type", ""))
        elif rid not in req:
            continue
        elif metode == "Network.responseReceived":
            resp = p.get("response") or {}
            req[rid].update(status=resp.get("status"), h=resp.get("headers") or {})
            if resp.get("fromDiskCache") or resp.get("fromPrefetchCache"):
                req[rid]["cache"] = True
        elif metode == "Network.requestServedFromCache":
            req[rid]["cache"] = True
        elif metode == "Network.dataReceived":
            req[rid]["isi"] += int(p.get("dataLength") or 0)
        elif metode == "Network.loadingFinished":
            req[rid]["kabel"] = int(p.get("encodedDataLength") or 0)
    sumber = [
        Sumber(
            url=r.get("url", ""),
            status=int(r["status"]) if r["status"] is not None else None,
            byte_jaringan=r["kabel"],
            byte_isi=r["isi"],
            dari_cache=r["cache"],
            content_encoding=_header(r["h"], "content-encoding"),
            cache_control=_header(r["h"], "cache-control"),
            jenis=r.get("jenis", ""),
        )
        for r in req.values()
    ]
    urut = sorted(sumber, key=lambda s: s.byte_jaringan, reverse=True)
    return Jaringan(
        byte_jaringan=sum(s.byte_jaringan for s in sumber),
        byte_isi=sum(s.byte_isi for s in sumber),
        permintaan=len(sumber),
        dari_cache=sum(s.dari_cache for s in sumber),
        terbesar=[s for s in urut[:terbesar] if s.byte_jaringan > 0],
    )


def median(nilai: Sequence[float | None]) -> float | None:
    """Median of the measured values (None: not measured, e.g. the page never became usable)."""
    ada = [v for v in nilai if v is not None]
    return statistics.median(ada) if ada else None


# --- The browser ----------------------------------------------------------------------------


class Peramban:
    """One headless Chromium (fresh profile, 1366x768) with the readiness watcher for one page."""

    def __init__(self, dasar: str, jalur: str, kunci: Sequence[str], lambat: bool) -> None:
        self.dasar = dasar
        self._p = Pencetak(LEBAR, TINGGI, argumen=ARGUMEN, log_jaringan=True)
        self.d: Chrome = self._p.driver
        try:
            self.d.execute_cdp_cmd("Network.enable", {})
            self.d.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": LEBAR, "height": TINGGI, "deviceScaleFactor": 1, "mobile": False},
            )
            if lambat:
                self.d.execute_cdp_cmd("Network.emulateNetworkConditions", JARINGAN_LAMBAT)
            konfig = json.dumps({"jalur": jalur, "kunci": list(kunci), "judul": ""})
            self.d.execute_cdp_cmd(
                "Page.addScriptToEvaluateOnNewDocument", {"source": _PENGAMAT % konfig}
            )
            self.d.get("about:blank")
            self.kuras()
        except BaseException:
            self._p.tutup()
            raise

    def tutup(self) -> None:
        """Quit Chromium and delete its profile."""
        self._p.tutup()

    def kuras(self) -> list[dict[str, Any]]:
        """The DevTools messages since the last call (the log empties when read)."""
        return pesan_cdp(self.d.get_log("performance"))

    def tunggu_siap(self, batas: float = BATAS_DETIK) -> float:
        """Wait until the watched page has been usable for STABIL_MS; return since when (ms on
        the page clock). Raise GagalCetak if it never gets there."""
        akhir = time.monotonic() + batas
        while time.monotonic() < akhir:
            sejak, kini = self.d.execute_script(
                "const b = window.__bench; return b ? [b.siapSejak, performance.now()] : [null, 0];"
            )
            if sejak is not None and kini - sejak >= STABIL_MS:
                return float(sejak)
            time.sleep(0.1)
        raise GagalCetak(f"tidak siap dalam {batas:.0f} s: {self.d.execute_script(_KEADAAN)}")

    def buka(self, jalur: str) -> tuple[float, Jaringan]:
        """Navigate to `jalur` (a new navigation) and return (seconds to usable, traffic)."""
        self.d.get(self.dasar + jalur)
        siap_ms = self.tunggu_siap()
        return siap_ms / 1000, ringkas_jaringan(self.kuras())

    def pindah(
        self, tautan: str, jalur: str, kunci: Sequence[str], judul: str
    ) -> tuple[float, Jaringan]:
        """Click the link `tautan` (CSS) to `jalur` inside the app and return (seconds until that
        page is usable, traffic)."""
        self.kuras()
        if not self.d.execute_script(_KLIK, tautan, jalur, list(kunci), judul):
            raise GagalCetak(f"tautan {tautan} tidak ada di {self.d.current_url}")
        siap_ms = self.tunggu_siap()
        t0 = self.d.execute_script("return window.__bench.t0;")
        return (siap_ms - float(t0)) / 1000, ringkas_jaringan(self.kuras())

    def tautan_kabkota(self) -> str:
        """Path of the first kab/kota link in the overview's table."""
        href = self.d.execute_script(
            "const a = document.querySelector(arguments[0]); return a && a.getAttribute('href');",
            f"#{ids.RINGKASAN_TABEL} a[href^='/wilayah/']",
        )
        if not href:
            raise GagalCetak("tabel ringkasan tidak berisi tautan kab/kota")
        return str(href)


@contextmanager
def _peramban(dasar: str, jalur: str, kunci: Sequence[str], lambat: bool) -> Iterator[Peramban]:
    p = Peramban(dasar, jalur, kunci, lambat)
    try:
        yield p
    finally:
        p.tutup()


# --- One target, one round -------------------------------------------------------------------


@dataclass
class Target:
    """A server under test and what was learnt about it in the warm-up."""

    label: str
    dasar: str
    kabkota: str = ""
    judul: dict[str, str] = field(default_factory=dict)

    def jalur(self, halaman: str) -> str:
        return self.kabkota if halaman == KABKOTA else halaman


def _selektor_tautan(jalur: str) -> str:
    if jalur.startswith("/wilayah/"):
        return f"#{ids.RINGKASAN_TABEL} a[href='{jalur}']"
    return f".kendali-nav a.nav-link[href='{jalur}']"


def pemanasan(t: Target, log: Callable[[str], None]) -> None:
    """Visit every page once (not measured): fills the server's caches, finds the first
    kab/kota and each page's title (the sign that client-side routing has finished)."""
    with _peramban(t.dasar, urls.RINGKASAN, KUNCI[urls.RINGKASAN], lambat=False) as p:
        p.buka(urls.RINGKASAN)
        t.kabkota = p.tautan_kabkota()
        t.judul[urls.RINGKASAN] = p.d.title
    for h in HALAMAN[1:]:
        with _peramban(t.dasar, t.jalur(h), KUNCI[h], lambat=False) as p:
            detik, _ = p.buka(t.jalur(h))
            t.judul[h] = p.d.title
            log(f"  pemanasan {t.label} {t.jalur(h)}: {detik:.2f} s, judul {p.d.title!r}")


def ukur_halaman(t: Target, h: str) -> dict[str, Any]:
    """One round of one page: first load and repeat visit on loopback, then the in-app move to
    the next page; the same first load and move on the throttled network (fresh profiles).
    A phase that fails is recorded as {"galat": why} and the round goes on."""
    jalur, ke = t.jalur(h), BERIKUTNYA[h]
    tautan, kunci_ke, judul_ke = _selektor_tautan(t.jalur(ke)), KUNCI[ke], t.judul[ke]
    hasil: dict[str, Any] = {"jalur": jalur, "pindah_ke": t.jalur(ke)}

    def fase(bagian: str, ukur: Callable[[], tuple[float, Jaringan]], rinci: bool) -> bool:
        try:
            detik, j = ukur()
        except GagalCetak as e:
            hasil[bagian] = {"galat": str(e)}
            return False
        if rinci:
            hasil[bagian] = {"detik": detik, **asdict(j)}
        else:
            hasil[bagian] = {"detik": detik, "byte_jaringan": j.byte_jaringan}
        return True

    def ulang(p: Peramban) -> tuple[float, Jaringan]:
        p.d.get("about:blank")  # so the repeat visit is a new navigation, not a reload
        p.kuras()
        return p.buka(jalur)

    with _peramban(t.dasar, jalur, KUNCI[h], lambat=False) as p:
        if fase("pertama", lambda: p.buka(jalur), True) and fase("ulang", lambda: ulang(p), True):
            fase("pindah", lambda: p.pindah(tautan, t.jalur(ke), kunci_ke, judul_ke), True)
    with _peramban(t.dasar, jalur, KUNCI[h], lambat=True) as p:
        if fase("lambat_pertama", lambda: p.buka(jalur), False):
            fase("lambat_pindah", lambda: p.pindah(tautan, t.jalur(ke), kunci_ke, judul_ke), False)
    return hasil


# --- Summary ----------------------------------------------------------------------------------

_ANGKA = (
    ("pertama", "byte_jaringan"),
    ("pertama", "byte_isi"),
    ("pertama", "permintaan"),
    ("pertama", "detik"),
    ("ulang", "byte_jaringan"),
    ("ulang", "permintaan"),
    ("ulang", "detik"),
    ("pindah", "byte_jaringan"),
    ("pindah", "detik"),
    ("lambat_pertama", "detik"),
    ("lambat_pindah", "detik"),
)


def ringkas_putaran(putaran: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the rounds of one page (missing figures skipped), plus the largest
    resources of the first round's first load and repeat visit."""
    hasil: dict[str, Any] = {}
    for bagian, kunci in _ANGKA:
        nilai = [r.get(bagian, {}).get(kunci) for r in putaran]
        hasil[f"{bagian}.{kunci}"] = median(nilai)
    pertama = next((r for r in putaran if "pertama" in r), {})
    hasil["terbesar_pertama"] = pertama.get("pertama", {}).get("terbesar", [])
    hasil["terbesar_ulang"] = pertama.get("ulang", {}).get("terbesar", [])
    return hasil


def _kb(b: float | None) -> str:
    return "—" if b is None else f"{b / 1000:,.0f}".replace(",", ".")


def _s(s: float | None) -> str:
    return "—" if s is None else f"{s:.2f}".replace(".", ",")


def tabel(hasil: dict[str, Any]) -> str:
    """A compact text table of every label's medians (kB = 1000 bytes on the wire). The last
    three columns are the in-app move from this row's page to the page named under "ke"."""
    kepala = (
        f"{'label':<10} {'halaman':<16} {'pertama kB':>10} {'req':>4} {'ulang kB':>9} "
        f"{'req':>4} {'siap s':>7} {'lambat s':>9}  {'ke':<16} {'pindah kB':>9} "
        f"{'pindah s':>8} {'lambat s':>9}"
    )
    baris = [kepala, "-" * len(kepala)]
    for label, isi in hasil["target"].items():
        for r in isi["halaman"].values():
            m = r["median"]
            baris.append(
                f"{label:<10} {r['jalur']:<16} {_kb(m['pertama.byte_jaringan']):>10} "
                f"{_angka(m['pertama.permintaan']):>4} {_kb(m['ulang.byte_jaringan']):>9} "
                f"{_angka(m['ulang.permintaan']):>4} {_s(m['pertama.detik']):>7} "
                f"{_s(m['lambat_pertama.detik']):>9}  {r['pindah_ke']:<16} "
                f"{_kb(m['pindah.byte_jaringan']):>9} {_s(m['pindah.detik']):>8} "
                f"{_s(m['lambat_pindah.detik']):>9}"
            )
    return "\n".join(baris)


def _angka(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f}"


def _baris_log(r: dict[str, Any]) -> str:
    bagian = []
    for nama in ("pertama", "ulang", "pindah", "lambat_pertama", "lambat_pindah"):
        f = r.get(nama)
        if f is None:
            continue
        if "galat" in f:
            bagian.append(f"{nama} GAGAL {f['galat']}")
        else:
            kb = f" {f['byte_jaringan'] / 1000:.0f} kB" if "byte_jaringan" in f else ""
            bagian.append(f"{nama} {f['detik']:.2f} s{kb}")
    return "; ".join(bagian)


def _versi_chromium() -> str:
    try:
        keluaran = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError:
        return ""
    return keluaran.strip().splitlines()[0] if keluaran.strip() else ""


def jalankan(
    target: Sequence[tuple[str, str]], ulang: int = 3, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Measure every page of every (label, base URL) for `ulang` rounds, the targets taking
    turns within each round (A, B, A, B, ...) so that background noise hits them alike."""
    from selenium.common.exceptions import WebDriverException

    daftar = [Target(label, dasar.rstrip("/")) for label, dasar in target]
    for t in daftar:
        pemanasan(t, log)
    mentah: dict[str, dict[str, list[dict[str, Any]]]] = {t.label: {} for t in daftar}
    for n in range(ulang):
        for t in daftar:
            for h in HALAMAN:
                mulai = time.perf_counter()
                try:
                    r = ukur_halaman(t, h)
                except (GagalCetak, WebDriverException) as e:
                    r = {"jalur": t.jalur(h), "galat": str(e)}
                    log(f"  putaran {n + 1} {t.label} {t.jalur(h)}: GAGAL {e}")
                else:
                    log(
                        f"  putaran {n + 1} {t.label} {t.jalur(h)}: {_baris_log(r)} "
                        f"({time.perf_counter() - mulai:.0f} s)"
                    )
                mentah[t.label].setdefault(h, []).append(r)
    return {
        "waktu": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "mesin": {"python": platform.python_version(), "chromium": _versi_chromium()},
        "jendela": [LEBAR, TINGGI],
        "jaringan_lambat": JARINGAN_LAMBAT,
        "stabil_ms": STABIL_MS,
        "ulang": ulang,
        "target": {
            t.label: {
                "url": t.dasar,
                "halaman": {
                    h: {
                        "jalur": t.jalur(h),
                        "pindah_ke": t.jalur(BERIKUTNYA[h]),
                        "median": ringkas_putaran(mentah[t.label][h]),
                        "putaran": mentah[t.label][h],
                    }
                    for h in HALAMAN
                },
            }
            for t in daftar
        },
    }


def tulis(hasil: dict[str, Any], folder: Path) -> list[Path]:
    """Write one `halaman_<label>.json` per target; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    berkas = []
    for label, isi in hasil["target"].items():
        satu = {k: v for k, v in hasil.items() if k != "target"} | {"label": label, **isi}
        path = folder / f"halaman_{label}.json"
        path.write_text(json.dumps(satu, indent=1, ensure_ascii=False) + "\n")
        berkas.append(path)
    return berkas
