"""The page-weight benchmark's sums of DevTools events and its medians (no browser needed)."""

import json

from dashboard.tools.bench_halaman import median, pesan_cdp, ringkas_jaringan


def _m(method: str, **params: object) -> dict:
    return {"method": method, "params": params}


# A recorded visit: a compressed script, a 304 revalidation, a disk-cache hit, an inline
# data: image (not a request) and a callback whose body came in two chunks.
KUNJUNGAN = [
    _m("Network.requestWillBeSent", requestId="1", type="Document", request={"url": "http://h/"}),
    _m(
        "Network.responseReceived",
        requestId="1",
        response={"status": 200, "headers": {"Content-Type": "text/html"}},
    ),
    _m("Network.dataReceived", requestId="1", dataLength=8000),
    _m("Network.loadingFinished", requestId="1", encodedDataLength=8600),
    _m(
        "Network.requestWillBeSent",
        requestId="2",
        type="Script",
        request={"url": "http://h/plotly.js"},
    ),
    _m(
        "Network.responseReceived",
        requestId="2",
        response={
            "status": 200,
            "headers": {"Content-Encoding": "br", "cache-control": "max-age=31536000"},
        },
    ),
    _m("Network.dataReceived", requestId="2", dataLength=3_500_000),
    _m("Network.loadingFinished", requestId="2", encodedDataLength=1_000_000),
    _m(
        "Network.requestWillBeSent",
        requestId="3",
        type="Stylesheet",
        request={"url": "http://h/bootstrap.css"},
    ),
    _m(
        "Network.responseReceived",
        requestId="3",
        response={"status": 304, "headers": {"Cache-Control": "no-cache"}},
    ),
    _m("Network.loadingFinished", requestId="3", encodedDataLength=300),
    _m(
        "Network.requestWillBeSent",
        requestId="4",
        type="Font",
        request={"url": "http://h/icons.woff2"},
    ),
    _m("Network.requestServedFromCache", requestId="4"),
    _m(
        "Network.responseReceived",
        requestId="4",
        response={"status": 200, "fromDiskCache": True, "headers": {}},
    ),
    _m("Network.loadingFinished", requestId="4", encodedDataLength=0),
    _m(
        "Network.requestWillBeSent",
        requestId="5",
        type="Image",
        request={"url": "data:image/png;base64,AAAA"},
    ),
    _m("Network.loadingFinished", requestId="5", encodedDataLength=0),
    _m(
        "Network.requestWillBeSent",
        requestId="6",
        type="Fetch",
        request={"url": "http://h/_dash-update-component"},
    ),
    _m("Network.responseReceived", requestId="6", response={"status": 200, "headers": {}}),
    _m("Network.dataReceived", requestId="6", dataLength=100),
    _m("Network.dataReceived", requestId="6", dataLength=50),
    _m("Network.loadingFinished", requestId="6", encodedDataLength=700),
    _m("Page.frameNavigated", frame={"id": "x"}),  # not a network event
]


def test_visit_bytes_sum_encoded_lengths_and_data_urls_are_not_requests():
    j = ringkas_jaringan(KUNJUNGAN, terbesar=2)
    assert j.byte_jaringan == 8600 + 1_000_000 + 300 + 0 + 700
    assert j.byte_isi == 8000 + 3_500_000 + 150
    assert j.permintaan == 5
    assert j.dari_cache == 1
    assert [s.url for s in j.terbesar] == ["http://h/plotly.js", "http://h/"]
    besar = j.terbesar[0]
    assert (besar.content_encoding, besar.cache_control, besar.status) == (
        "br",
        "max-age=31536000",
        200,
    )


def test_largest_list_leaves_out_resources_that_crossed_no_bytes():
    cache_saja = [m for m in KUNJUNGAN if m["params"].get("requestId") == "4"]
    j = ringkas_jaringan(cache_saja)
    assert (j.byte_jaringan, j.permintaan, j.dari_cache, j.terbesar) == (0, 1, 1, [])


def test_performance_log_entries_are_unwrapped_and_broken_ones_skipped():
    entri = [
        {"message": json.dumps({"message": KUNJUNGAN[0], "webview": "A"}), "level": "INFO"},
        {"message": "bukan json"},
        {"level": "INFO"},
    ]
    assert pesan_cdp(entri) == [KUNJUNGAN[0]]


def test_median_skips_rounds_that_were_not_measured():
    assert median([3.0, None, 1.0, 2.0]) == 2.0
    assert median([None, None]) is None


def test_two_servers_give_one_file_each_and_one_table_row_per_page(tmp_path):
    from dashboard.tools.bench_halaman import ringkas_putaran, tabel, tulis

    def putaran(kb: int, detik: float | None) -> dict:
        fase = {"detik": detik, "byte_jaringan": kb * 1000, "permintaan": 30, "terbesar": []}
        return {"pertama": fase, "ulang": fase, "lambat_pertama": {"galat": "tidak siap"}}

    def target(url: str, kb: int) -> dict:
        rondes = [putaran(kb, 2.0), putaran(kb, None), putaran(kb, 4.0)]
        return {
            "url": url,
            "halaman": {
                "/": {
                    "jalur": "/",
                    "pindah_ke": "/peta",
                    "median": ringkas_putaran(rondes),
                    "putaran": rondes,
                }
            },
        }

    hasil = {
        "ulang": 3,
        "target": {"sebelum": target("http://a", 2473), "sesudah": target("http://b", 700)},
    }
    berkas = tulis(hasil, tmp_path)
    assert [p.name for p in berkas] == ["halaman_sebelum.json", "halaman_sesudah.json"]
    satu = json.loads(berkas[1].read_text())
    assert (satu["label"], satu["url"], satu["ulang"]) == ("sesudah", "http://b", 3)
    m = satu["halaman"]["/"]["median"]
    assert (m["pertama.detik"], m["lambat_pertama.detik"]) == (3.0, None)
    baris = tabel(hasil).splitlines()[2:]
    assert [b.split()[:3] for b in baris] == [["sebelum", "/", "2.473"], ["sesudah", "/", "700"]]
