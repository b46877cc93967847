"""/publik: the readiness of every kab/kota for anyone, without login, when the settings allow.

A plain server-rendered page (no Dash callbacks), so it also opens where reading the dashboard
needs an account (LOGIN_WAJIB_BACA): it shows region names and figures only.
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, render_template_string
from markupsafe import Markup

from dashboard import urls
from dashboard.domain.angka import format_angka, format_persen
from dashboard.domain.kelas import LABEL_KELAS
from dashboard.domain.waktu import WIB
from dashboard.services.publik import kesiapan_publik

WARNA_KELAS = {"siap": "success", "waspada": "warning", "kritis": "danger"}

_HALAMAN = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kesiapan logistik {{ k.wilayah }} — Pusat Kendali Logistik</title>
<link rel="stylesheet" href="/bootstrap/static/css/bootstrap.min.css">
</head><body class="bg-light">
<main class="container py-4">
  <h1 class="h4 mb-1">Kesiapan logistik {{ k.pemilihan }}</h1>
  <p class="text-secondary mb-3">{{ k.wilayah }} · pemungutan
    {{ k.hari_pemungutan.strftime("%d-%m-%Y") }} · {{ hminus }}
    {% if data_per %}· data per {{ data_per }}{% endif %}</p>
  <div class="row g-2 mb-3" id="publik-total">{% for label, nilai in kartu %}
    <div class="col-6 col-md-3"><div class="card card-body">
      <div class="small text-secondary">{{ label }}</div>
      <div class="fs-4 fw-semibold">{{ persen(nilai) }}</div>
      {% if loop.first %}<div>{{ lencana(k.total.kelas) }}</div>{% endif %}
    </div></div>{% endfor %}
  </div>
  <div class="table-responsive card">
  <table class="table table-sm table-striped mb-0" id="publik-tabel">
    <thead><tr><th>Wilayah</th><th class="text-end">TPS</th><th class="text-end">Indeks</th>
      <th>Kelas</th>{% for label in kolom %}<th class="text-end">{{ label }}</th>{% endfor %}
    </tr></thead>
    <tbody>{% for b in k.anak %}<tr>
      <td>{{ b.nama }}</td><td class="text-end">{{ angka(b.jumlah_tps) }}</td>
      <td class="text-end">{{ persen(b.indeks) }}</td><td>{{ lencana(b.kelas) }}</td>
      {% for nilai in (b.stok, b.terima_ppk, b.terima_pps, b.terima_tps) %}
      <td class="text-end">{{ persen(nilai) }}</td>{% endfor %}
    </tr>{% endfor %}</tbody>
  </table></div>
  <p class="small text-secondary mt-3">Indeks kesiapan menggabungkan tepat jumlah, waktu, sasaran,
    jenis dan kualitas. Stok gudang: barang baik di gudang KPU Kab/Kota terhadap kebutuhan; "tiba
    di" setiap tahap: bagian kebutuhan yang sudah diterima di tahap itu.</p>
</main></body></html>"""


def _lencana(kelas: str | None) -> str:
    if kelas not in LABEL_KELAS:
        return ""
    return f'<span class="badge text-bg-{WARNA_KELAS[kelas]}">{LABEL_KELAS[kelas]}</span>'


def _publik() -> Response:
    if not current_app.config["SETTINGS"].halaman_publik:
        abort(404)
    k = kesiapan_publik()
    if k is None:
        return Response("Basis data belum berisi data kampanye.", status=404, mimetype="text/plain")
    html = render_template_string(
        _HALAMAN,
        k=k,
        data_per=f"{k.data_per.astimezone(WIB):%d-%m-%Y %H.%M} WIB" if k.data_per else "",
        kartu=[
            ("Indeks kesiapan", k.total.indeks),
            ("Stok gudang", k.total.stok),
            ("Tiba di PPS", k.total.terima_pps),
            ("Tiba di TPS", k.total.terima_tps),
        ],
        kolom=["Stok gudang", "Tiba di PPK", "Tiba di PPS", "Tiba di TPS"],
        hminus=f"H−{-k.h}" if k.h < 0 else ("hari H" if k.h == 0 else f"H+{k.h}"),
        persen=format_persen,
        angka=format_angka,
        lencana=lambda kelas: Markup(_lencana(kelas)),
    )
    resp = Response(html, mimetype="text/html")
    resp.headers["Cache-Control"] = "public, max-age=60"
    return resp


def register(server: Flask) -> None:
    """Serve /publik (answered 404 unless Settings.halaman_publik)."""
    server.add_url_rule(urls.PUBLIK, "publik", _publik)
