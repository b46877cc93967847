"""Component ids shared by layouts and callbacks."""

URL = "url"
SHELL_JUDUL = "shell-judul"
SHELL_PEMILIHAN = "shell-pemilihan"
SHELL_DATA_PER = "shell-data-per"
SHELL_HMINUS = "shell-hminus"
SHELL_TAHAP = "shell-tahap"
SHELL_PESAN = "shell-pesan"
SEGARKAN = "segarkan-interval"

RINGKASAN_KPI = "ringkasan-kpi"
RINGKASAN_TABEL = "ringkasan-tabel"
RINGKASAN_KEJADIAN = "ringkasan-kejadian"
