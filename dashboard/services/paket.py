"""The meeting pack's workbook: the figures behind every slide, from the same meeting dict."""

from __future__ import annotations

import pandas as pd

from dashboard.domain.kejadian import KEPARAHAN, STATUS_KEJADIAN
from dashboard.domain.kesiapan import LABEL_BAGIAN, LABEL_KELAS
from dashboard.domain.rapat import DataRapat, KeputusanRapat
from dashboard.domain.stok import KOLOM_STOK
from dashboard.services.ekspor import ke_excel_buku

KOLOM_KABKOTA = [
    ("kode", "Kode", "teks"),
    ("nama", "Kabupaten/Kota", "teks"),
    ("indeks", "Indeks kesiapan", "persen"),
    ("kelas_label", "Kelas", "teks"),
    *((b, LABEL_BAGIAN[b], "persen") for b in LABEL_BAGIAN),
    ("stok", "Stok gudang", "persen"),
    ("sortir", "Sortir-lipat", "persen"),
    ("rusak", "Rusak", "persen"),
    ("terima_ppk", "Tiba di PPK", "persen"),
    ("terima_pps", "Tiba di PPS", "persen"),
    ("terima_tps", "Tiba di TPS", "persen"),
    ("jumlah_tps", "TPS", "angka"),
    ("tps_lengkap", "TPS lengkap", "angka"),
    ("dpt", "DPT", "angka"),
    ("kejadian_aktif", "Kejadian aktif", "angka"),
]
_LABEL_STOK = {k: label for k, label, _ in KOLOM_STOK}
KOLOM_KEKURANGAN = [
    ("kode", "Kode", "teks"),
    ("nama", "Kabupaten/Kota", "teks"),
    ("jenis", "Jenis logistik", "teks"),
    ("kebutuhan", _LABEL_STOK.get("kebutuhan", "Kebutuhan"), "angka"),
    ("stok_bersih", _LABEL_STOK.get("stok_bersih", "Stok baik bersih"), "angka"),
    ("kekurangan", _LABEL_STOK.get("kekurangan", "Kekurangan"), "angka"),
    ("cakupan", _LABEL_STOK.get("cakupan", "Cakupan"), "persen"),
]
KOLOM_LINIMASA = [
    ("tanggal", "Tanggal", "teks"),
    ("tahap", "Tahap", "teks"),
    ("target", "Rencana (kumulatif)", "persen"),
    ("rasio", "Tiba (kumulatif)", "persen"),
]
KOLOM_KEJADIAN = [
    ("anak_kode", "Kab/Kota", "teks"),
    ("wilayah_nama", "Lokasi", "teks"),
    ("judul", "Kejadian", "teks"),
    ("keparahan", "Keparahan", "teks"),
    ("status", "Status", "teks"),
]
KOLOM_RUTE = [
    ("kode", "Kode", "teks"),
    ("nama", "Kabupaten/Kota", "teks"),
    ("rencana", "Rencana armada", "teks"),
    ("tersulit_nama", "Tempat tersulit", "teks"),
    ("tersulit_jam", "Waktu tempuh (jam)", "desimal"),
    ("berangkat", "Berangkat paling lambat", "teks"),
    ("tak_terjangkau", "Tempat tak terjangkau", "angka"),
    ("rawan", "Rute rawan (gudang → PPK)", "angka"),
    ("armada_siap", "Armada siap", "angka"),
    ("cadangan", "Armada cadangan siap", "angka"),
]
KOLOM_KEPUTUSAN = [
    ("id", "No.", "angka"),
    ("wilayah_nama", "Wilayah", "teks"),
    ("isi", "Keputusan / tindak lanjut", "teks"),
    ("penanggung_jawab", "Penanggung jawab", "teks"),
    ("tenggat", "Tenggat", "teks"),
    ("status", "Status", "teks"),
]


def nama_berkas(data: DataRapat) -> str:
    """A file name that says which campaign, province and moment the pack shows."""
    momen = (data.get("data_per") or "tanpa-data").replace(" WIB", "")
    tanggal, _, jam = momen.partition(" ")
    bagian = [data.get("pemilihan_kode", ""), data["provinsi_kode"], tanggal, jam.replace(".", "")]
    if data.get("snapshot_id"):
        bagian.append(f"snapshot{data['snapshot_id']}")
    return "_".join(b for b in bagian if b)


def buku_rapat(data: DataRapat, keputusan: list[KeputusanRapat]) -> bytes:
    """Return the pack's Excel workbook: kab/kota, shortfalls, timeline, incidents, routes and
    fleet (when the figures have them), decisions."""
    kabkota = pd.DataFrame(data["wilayah"])
    if len(kabkota):
        kabkota["kelas_label"] = kabkota["kelas"].map(LABEL_KELAS)
    nyata = pd.DataFrame(data["linimasa"]["nyata"], columns=["tahap", "tanggal", "rasio"])
    rencana = pd.DataFrame(data["linimasa"]["rencana"], columns=["tahap", "tanggal", "target"])
    linimasa = rencana.merge(nyata, on=["tahap", "tanggal"], how="left").sort_values(
        ["tanggal", "tahap"]
    )
    kejadian = pd.DataFrame(data["kejadian"], columns=[k for k, _, _ in KOLOM_KEJADIAN])
    kejadian["keparahan"] = kejadian["keparahan"].map(KEPARAHAN)
    kejadian["status"] = kejadian["status"].map(STATUS_KEJADIAN)
    daftar = pd.DataFrame(keputusan, columns=[k for k, _, _ in KOLOM_KEPUTUSAN])
    daftar["tenggat"] = [t.strftime("%d-%m-%Y") if t else "" for t in daftar["tenggat"]]
    rute_armada = data.get("rute_armada")
    rute = pd.DataFrame(
        rute_armada["kabkota"] if rute_armada else [],
        columns=[k for k, _, _ in KOLOM_RUTE if k != "rencana"] + ["rencana_diterima"],
    )
    rute["rencana"] = rute["rencana_diterima"].map({True: "diterima", False: "belum diterima"})
    k = data["kesiapan"]
    keterangan = [
        ("Provinsi", f"{data['provinsi_nama']} ({data['provinsi_kode']})"),
        ("Pemilihan", data["pemilihan_nama"]),
        ("Hari", f"{data['hminus']} (pemungutan {data['hari_pemungutan']})"),
        ("Data per", data.get("data_per") or "belum ada data"),
        ("Dibekukan", data.get("dibekukan_pada") or "tidak (data langsung)"),
        ("Snapshot", str(data.get("snapshot_id") or "–")),
        ("Indeks kesiapan provinsi", f"{(k.get('indeks') or 0) * 100:.1f}%".replace(".", ",")),
        ("Keputusan", "keputusan terbuka saat paket dibuat (tidak ikut dibekukan)"),
        ("Sumber", "Pusat Kendali Logistik (ringkasan buku besar mutasi)"),
    ]
    return ke_excel_buku(
        [
            ("Kab-Kota", kabkota, KOLOM_KABKOTA),
            ("Kekurangan stok", pd.DataFrame(data["kekurangan"]), KOLOM_KEKURANGAN),
            ("Linimasa distribusi", linimasa, KOLOM_LINIMASA),
            ("Kejadian aktif", kejadian, KOLOM_KEJADIAN),
            *([("Rute & armada", rute, KOLOM_RUTE)] if rute_armada else []),
            ("Keputusan terbuka", daftar, KOLOM_KEPUTUSAN),
        ],
        keterangan,
    )
