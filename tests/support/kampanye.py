"""The small demo campaign the tests build again and again, and a valid entry in it."""

from __future__ import annotations

# Kalimantan Utara: five kab/kota, ~1,100 TPS — small enough to rebuild per test.
PROVINSI_KECIL = "65"

# A valid receipt from the vendor in the small campaign, as the /input form sends its fields:
# Kota Tarakan's Walikota ballots, still short of their need (191.162) as of H-3, so it stays
# within the sanity bound (1.5x the need) however often a test records it.
TERIMA = {
    "tanggal": "20-11-2024",
    "jam": "09.15",
    "kode_wilayah": "65.71",
    "jenis_logistik": "SS-WAL",
    "jumlah": "1.234",
    "kondisi": "baik",
    "keterangan": "",
}
