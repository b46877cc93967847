"""Who may write where: pure authorisation rules for roles and region scopes."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.domain.wilayah import KODE_NASIONAL

PERAN = {
    "pimpinan": "Pimpinan",
    "admin_provinsi": "Admin Provinsi",
    "operator_kabkota": "Operator Kab/Kota",
    "pengawas": "Pengawas (Bawaslu)",
}

# Roles that read everything and write nothing, with the words every write refuses them with.
# Bawaslu supervises KPU's logistics: what it reads must be what KPU recorded, so no form,
# upload, correction, incident, meeting record or sanity bound may carry its hand.
PERAN_HANYA_LIHAT = {
    "pengawas": (
        "Peran Pengawas hanya dapat melihat: Bawaslu membaca semua halaman dan ringkasan jejak "
        "audit, tetapi tidak mencatat, mengunggah, mengoreksi, melaporkan atau mengubah kejadian, "
        "membekukan data rapat, mencatat keputusan rapat, maupun mengubah batas wajar."
    ),
}


@dataclass(frozen=True)
class Akun:
    """The signed-in account as the rules see it (taken from the server-side session)."""

    id: int
    username: str
    nama: str
    peran: str
    wilayah_kode: str | None


def di_bawah(kode: str, lingkup: str) -> bool:
    """Tell whether a dotted region code is the scope region itself or lies beneath it; a
    national deployment ('all', root KODE_NASIONAL) covers every region."""
    if lingkup in ("all", KODE_NASIONAL):
        return True
    return kode == lingkup or kode.startswith(lingkup + ".")


def alasan_tolak_menulis(akun: Akun | None) -> str | None:
    """Return why this account may write nothing at all, or None when some write may follow.

    The first gate of every write — ledger entries, uploads, corrections, incidents, meeting
    decisions and frozen figures, sanity bounds — and of the web edge for every write callback,
    so a read-only role is refused in the same words wherever the request comes in.
    """
    if akun is None:
        return "Silakan masuk terlebih dahulu; pencatatan memerlukan akun."
    return PERAN_HANYA_LIHAT.get(akun.peran)


def lingkup_tulis(akun: Akun, provinsi: str) -> str | None:
    """Return the region an account may write for, or None when it may not write at all.

    Pimpinan and Pengawas only read. An admin provinsi may correct entries anywhere in the
    province; an operator writes for its own kab/kota and what lies beneath it.
    """
    if alasan_tolak_menulis(akun):
        return None
    if akun.peran == "admin_provinsi":
        return akun.wilayah_kode or provinsi
    if akun.peran == "operator_kabkota" and akun.wilayah_kode:
        return akun.wilayah_kode
    return None


def alasan_tolak_tulis(akun: Akun | None, kode: str, provinsi: str) -> str | None:
    """Return why this account may not write for region `kode`, or None when it may."""
    gerbang = alasan_tolak_menulis(akun)
    if akun is None or gerbang:
        return gerbang
    lingkup = lingkup_tulis(akun, provinsi)
    if lingkup is None:
        return f"Peran {PERAN.get(akun.peran, akun.peran)} hanya dapat melihat, tidak mencatat."
    if not kode or not di_bawah(kode, lingkup):
        return (
            f"Wilayah {kode or '(kosong)'} di luar wilayah tugas akun {akun.username} ({lingkup})."
        )
    return None


PERAN_RAPAT = ("pimpinan", "admin_provinsi")


def alasan_tolak_rapat(akun: Akun | None) -> str | None:
    """Return why this account may not record meeting decisions or freeze figures, or None.

    The coordination meeting is the province's: its leaders and the provincial admin who
    runs the projector write the decision log; kab/kota operators read it.
    """
    if akun is None:
        return "Silakan masuk terlebih dahulu; pencatatan keputusan rapat memerlukan akun."
    if gerbang := alasan_tolak_menulis(akun):
        return gerbang
    if akun.peran not in PERAN_RAPAT:
        return (
            f"Peran {PERAN.get(akun.peran, akun.peran)} tidak dapat mencatat keputusan rapat; "
            "hanya Pimpinan dan Admin Provinsi."
        )
    return None


def boleh_lihat_audit(akun: Akun | None) -> bool:
    """Only an admin provinsi reads the audit trail row by row (values before and after, the
    client address)."""
    return akun is not None and akun.peran == "admin_provinsi"


def boleh_lihat_ringkasan_audit(akun: Akun | None) -> bool:
    """The admin provinsi and Bawaslu's pengawas read the audit trail's summary."""
    return akun is not None and akun.peran in ("admin_provinsi", "pengawas")


def lingkup_ringkasan_audit(akun: Akun | None, provinsi: str) -> str | None:
    """Return the region whose audit summary (who did what, counted per day, office and action)
    this account may read, or None.

    An admin provinsi and a Bawaslu Provinsi pengawas read the province's; a Bawaslu Kab/Kota
    pengawas supervises its own KPU Kab/Kota, so it reads that kab/kota's and what lies beneath.
    """
    if akun is None or not boleh_lihat_ringkasan_audit(akun):
        return None
    return akun.wilayah_kode or provinsi


def periksa_akun_baru(peran: str, wilayah_kode: str | None, provinsi: str) -> list[str]:
    """Return every reason a new account's role and region do not fit together."""
    salah = []
    if peran not in PERAN:
        salah.append(f"Peran '{peran}' tidak dikenal; pilih: {', '.join(PERAN)}")
    if peran == "operator_kabkota":
        if not wilayah_kode or wilayah_kode.count(".") != 1:
            salah.append("Operator kab/kota wajib diberi kode kab/kota, mis. 33.74")
        elif not di_bawah(wilayah_kode, provinsi):
            salah.append(f"Kab/kota {wilayah_kode} bukan bagian provinsi {provinsi}")
    elif peran == "pengawas" and wilayah_kode and wilayah_kode != provinsi:
        # Bawaslu Provinsi: no region (the whole province); Bawaslu Kab/Kota: its kab/kota.
        if wilayah_kode.count(".") != 1:
            salah.append("Pengawas berlaku untuk seluruh provinsi atau satu kab/kota, mis. 33.74")
        elif not di_bawah(wilayah_kode, provinsi):
            salah.append(f"Kab/kota {wilayah_kode} bukan bagian provinsi {provinsi}")
    elif wilayah_kode and wilayah_kode != provinsi:
        salah.append(f"Peran {peran} berlaku untuk seluruh provinsi; wilayah harus {provinsi}")
    return salah


def _hanya_admin(akun: Akun | None, kode: str, provinsi: str, hal: str) -> str | None:
    """Refuse anyone but an admin provinsi (within its province) changing `hal`."""
    if akun is None:
        return f"Mengubah {hal} memerlukan akun Admin Provinsi."
    if gerbang := alasan_tolak_menulis(akun):
        return gerbang
    if akun.peran != "admin_provinsi":
        return (
            f"Peran {PERAN.get(akun.peran, akun.peran)} tidak dapat mengubah {hal}; "
            "hanya Admin Provinsi."
        )
    return alasan_tolak_tulis(akun, kode, provinsi)


def wilayah_akun(peran: str, wilayah_kode: str | None, provinsi: str) -> str | None:
    """Return the region stored with a new account (checked by `periksa_akun_baru`): a kab/kota
    for an operator or a Bawaslu Kab/Kota pengawas, none for a province-wide role."""
    if peran == "operator_kabkota" or (peran == "pengawas" and wilayah_kode != provinsi):
        return wilayah_kode or None
    return None


def alasan_tolak_batas_wajar(akun: Akun | None, kode: str, provinsi: str) -> str | None:
    """Return why this account may not raise the sanity bound of region `kode`, or None.

    Only an admin provinsi may, within its province: a raised bound lets figures past what the
    need explains, so it is a provincial decision with a stated reason, not an office's.
    """
    return _hanya_admin(akun, kode, provinsi, "batas wajar")


def alasan_tolak_lintasan(akun: Akun | None, kode: str, provinsi: str) -> str | None:
    """Return why this account may not enter or remove a water/air leg, or None.

    A ship or flight links kab/kota (Jepara to Karimunjawa, Sibolga to Nias) and every office
    routes over it, so it is the province's to enter, like a raised bound.
    """
    return _hanya_admin(akun, kode, provinsi, "lintasan laut/udara")


def alasan_tolak_evaluasi(akun: Akun | None, kode: str, provinsi: str) -> str | None:
    """Return why this account may not enter a re-vote or supervisory finding, or None.

    The evaluation of a campaign is the province's: only an admin provinsi enters what
    Bawaslu found and where voting was repeated, so every office reads the same record.
    """
    return _hanya_admin(akun, kode, provinsi, "temuan evaluasi")


# What the audit trail records, with its label.
AKSI_AUDIT = {
    "catat_mutasi": "Catat mutasi",
    "koreksi_mutasi": "Koreksi mutasi (catatan pembalik)",
    "lapor_kejadian": "Lapor kejadian",
    "ubah_kejadian": "Ubah kejadian",
    "tambah_akun": "Tambah akun",
    "keputusan_tambah": "Catat keputusan rapat",
    "keputusan_selesai": "Keputusan selesai",
    "snapshot_bekukan": "Bekukan data rapat",
    "setel_batas_wajar": "Ubah batas wajar",
    "hapus_batas_wajar": "Hapus batas wajar",
    "lintasan_tambah": "Tambah lintasan laut/udara",
    "lintasan_hapus": "Hapus lintasan laut/udara",
    "lintasan_nonaktif": "Hentikan lintasan laut/udara",
    "lintasan_aktif": "Jalankan lagi lintasan laut/udara",
    "ruas_tutup": "Tutup ruas jalan",
    "ruas_buka": "Buka ruas jalan",
    "kendaraan_tambah": "Tambah kendaraan",
    "kendaraan_ubah": "Ubah kendaraan",
    "kendaraan_rusak": "Kendaraan rusak",
    "kendaraan_siap": "Kendaraan siap kembali",
    "rencana_armada_usul": "Usulan rencana armada",
    "rencana_armada_ulang": "Rencana armada ulang",
    "rencana_armada_terima": "Terima rencana armada",
    "rencana_armada_kunci": "Kunci rute rencana armada",
    "rencana_armada_buka": "Buka kunci rute rencana armada",
    "rencana_armada_sunting": "Sunting rencana armada",
    "impor_bahaya": "Impor zona bahaya",
    "hapus_bahaya": "Hapus zona bahaya",
    "hapus_bahaya_berkas": "Hapus zona bahaya satu berkas",
    "setel_risiko_rute": "Ubah tingkat risiko rute",
    "hapus_risiko_rute": "Hapus tingkat risiko rute manual",
    "pinjaman_ajukan": "Ajukan pinjaman antar kab/kota",
    "pinjaman_setuju_peminjam": "Setujui pinjaman (kantor peminjam)",
    "pinjaman_setuju_pemberi": "Setujui pinjaman (kantor pemberi)",
    "pinjaman_kirim": "Kirim pinjaman",
    "pinjaman_terima": "Terima pinjaman",
    "pinjaman_batalkan": "Batalkan pinjaman",
    "pinjaman_tolak": "Tolak pinjaman",
    "pinjaman_catatan": "Catatan koordinasi",
    "risiko_tambah": "Catat risiko",
    "risiko_ubah": "Ubah risiko",
    "risiko_tinjau": "Tinjau risiko",
    "temuan_evaluasi_tambah": "Catat PSU/temuan evaluasi",
}
