"""Downloads beside Dash: boundary layers, upload templates, the meeting pack, daily reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from flask import Flask, Response, abort, current_app, request

from dashboard import urls
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.domain.isian import KOLOM
from dashboard.domain.rapat import DataRapat
from dashboard.services import evaluasi, peta, presentasi, tampilan
from dashboard.services.akun import akun_sekarang
from dashboard.services.kampanye import kampanye_terpilih
from dashboard.services.pencatatan import Pelaku
from dashboard.services.presentasi import RapatDitolak
from dashboard.services.unggahan import templat
from dashboard.web.cetak import (
    GagalCetak,
    evaluasi_pdf,
    laporan_harian,
    paket_rapat,
    zip_berkas,
)

if TYPE_CHECKING:
    from werkzeug.local import LocalProxy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lapisan(versi: str, induk: str, tingkat: int) -> Response:
    try:
        data = peta.lapisan_geojson(induk, tingkat)
    except ValueError:
        abort(404)
    sidik = f"{peta.versi_batas()}-{induk}-{tingkat}"
    etag = f'"{sidik}"'
    # Compression adds ":br" or ":gzip" to the tag the browser sends back.
    if any(e.split(":")[0] == sidik for e in request.if_none_match.as_set()):
        return Response(status=304, headers={"ETag": etag})
    resp = Response(data, mimetype="application/geo+json")
    resp.headers["ETag"] = etag
    # The version is in the URL, so a layer never changes under it: cached for a year and
    # compressed once per worker (web/aset.py).
    return resp


def _templat(jenis: str, format_: str) -> Response:
    """Serve an upload template; its drop-down lists and code sheet hold the account's own
    regions."""
    try:
        jm = JenisMutasi(jenis)
    except ValueError:
        abort(404)
    if jm not in KOLOM or format_ not in urls.FORMAT_TEMPLAT:  # loans have no upload template
        abort(404)
    pelaku = Pelaku.sekarang()
    # ?isi=ppk or ?isi=pps: one row per PPK or PPS of the office, ready to fill in.
    isi_wilayah = request.args.get("isi", "")
    isi = templat(jm, format_, pelaku.akun, pelaku.provinsi, isi_wilayah or None)
    mimetype = (
        "text/csv"
        if format_ == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp = Response(isi, mimetype=mimetype)
    kampanye = kampanye_terpilih() or "tanpa-kampanye"
    nama = f"templat_{kampanye}_{jm.value}.{format_}"
    resp.headers["Content-Disposition"] = f'attachment; filename="{nama}"'
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


def _data_unduhan() -> DataRapat | Response:
    """The figures a download shows: the snapshot in ?snapshot=, else freeze one now (which
    needs a meeting role, so that the PDF and the workbook show the very same moment). A
    Response says why there are none."""
    info = tampilan.info_kampanye()
    if info is None:
        return Response("Basis data belum berisi data kampanye.", status=404)
    teks = request.args.get("snapshot", "")
    if teks:
        data = presentasi.data_untuk(info.provinsi_kode, int(teks) if teks.isdigit() else -1)
        if data is None:
            return Response(f"Snapshot '{teks}' tidak ada.", status=404)
        return data
    try:
        sid = presentasi.bekukan(info.provinsi_kode, akun_sekarang())
    except RapatDitolak as e:
        return Response(f"{e} Atau bekukan data di presentasi lalu unduh.", status=403)
    data = presentasi.data_untuk(info.provinsi_kode, sid)
    if data is None:  # the snapshot just stored cannot be read back
        return Response(f"Snapshot '{sid}' tidak ada.", status=404)
    return data


def _aplikasi() -> Flask:
    """The app itself rather than its proxy: the print server serves it from another thread."""
    # Flask declares current_app as a Flask; it is a werkzeug proxy to one.
    return cast("LocalProxy[Flask]", current_app)._get_current_object()


def _kuki_permintaan() -> tuple[str, str] | None:
    nama = current_app.config.get("SESSION_COOKIE_NAME", "session")
    return (nama, request.cookies[nama]) if nama in request.cookies else None


def _unduh(isi: bytes, nama: str, jenis: str) -> Response:
    resp = Response(isi, mimetype=jenis)
    resp.headers["Content-Disposition"] = f'attachment; filename="{nama}"'
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _unduh_paket() -> Response:
    data = _data_unduhan()
    if isinstance(data, Response):
        return data
    try:
        berkas = paket_rapat(_aplikasi(), data, _kuki_permintaan())
    except GagalCetak as e:
        return Response(str(e), status=503)
    nama = berkas[0].nama.rsplit(".", 1)[0]
    return _unduh(zip_berkas(berkas), f"{nama}.zip", "application/zip")


def _unduh_laporan(kode: str, bentuk: str) -> Response:
    if bentuk not in urls.BENTUK_LAPORAN:
        abort(404)
    data: DataRapat | None = None
    if request.args.get("snapshot"):
        dipilih = _data_unduhan()
        if isinstance(dipilih, Response):
            return dipilih
        data = dipilih
    if data is None:  # a daily report of live figures needs no snapshot
        info = tampilan.info_kampanye()
        data = presentasi.data_rapat(info.provinsi_kode) if info else None
        if data is None:
            return Response("Basis data belum berisi data kampanye.", status=404)
    try:
        (b,) = laporan_harian(_aplikasi(), data, [kode], (bentuk,), _kuki_permintaan())
    except GagalCetak as e:
        return Response(str(e), status=404 if "Bukan kab/kota" in str(e) else 503)
    return _unduh(b.isi, b.nama, "image/png" if bentuk == "png" else "application/pdf")


def _unduh_evaluasi(bentuk: str) -> Response:
    if bentuk not in urls.BENTUK_EVALUASI:
        abort(404)
    hasil = evaluasi.hasil_evaluasi()
    if hasil is None:
        return Response("Basis data belum berisi data kampanye.", status=404)
    if bentuk == "xlsx":
        return _unduh(evaluasi.buku_excel(hasil), f"{hasil.nama_berkas}.xlsx", XLSX)
    try:
        b = evaluasi_pdf(_aplikasi(), hasil.nama_berkas, _kuki_permintaan())
    except GagalCetak as e:
        return Response(str(e), status=503)
    return _unduh(b.isi, b.nama, "application/pdf")


def register(server: Flask) -> None:
    """Attach every download route: boundary layers, templates, meeting pack, daily reports."""
    server.add_url_rule(urls.LAPISAN_BATAS, "lapisan_batas", _lapisan, methods=["GET"])
    server.add_url_rule(urls.TEMPLAT, "templat_unggahan", _templat, methods=["GET"])
    server.add_url_rule(urls.UNDUH_PAKET_RAPAT, "paket_rapat", _unduh_paket)
    server.add_url_rule(urls.UNDUH_LAPORAN, "laporan_harian", _unduh_laporan)
    server.add_url_rule(urls.UNDUH_EVALUASI, "evaluasi", _unduh_evaluasi)
