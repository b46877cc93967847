"""Incidents and risks (kejadian/risiko): their kinds, severities and statuses."""

from __future__ import annotations

JENIS_KEJADIAN = {
    "banjir": "Banjir",
    "longsor": "Tanah longsor",
    "akses_jalan": "Akses jalan terputus/sulit",
    "kekurangan": "Kekurangan logistik",
    "kerusakan": "Kerusakan logistik",
    "salah_jenis": "Salah jenis (tertukar dapil/daerah)",
    "keterlambatan": "Keterlambatan pengiriman",
    "keamanan": "Gangguan keamanan",
    "lainnya": "Lainnya",
}

KEPARAHAN = {"rendah": "Rendah", "sedang": "Sedang", "tinggi": "Tinggi", "kritis": "Kritis"}
BOBOT_KEPARAHAN = {"rendah": 1, "sedang": 2, "tinggi": 3, "kritis": 4}

STATUS_KEJADIAN = {"terbuka": "Terbuka", "ditangani": "Sedang ditangani", "selesai": "Selesai"}
STATUS_AKTIF = ("terbuka", "ditangani")
