"""Typed SQLAlchemy 2.0 models: regions, TPS, catalogue, the movement ledger and its summaries."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite keeps 64-bit integers in INTEGER; PostgreSQL gets BIGINT where sums can grow.
Jumlah = BigInteger().with_variant(Integer(), "sqlite")


class WaktuUtc(TypeDecorator):
    """A moment stored in UTC. SQLite keeps only an aware value's wall clock, so an entry typed
    at 17.00 WIB would read back as 17.00 UTC (a day later in WIB); converting first keeps both
    databases, and the daily timeline computed from them, in agreement."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            return value.astimezone(dt.UTC)
        return value


def _sekarang() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)

    if TYPE_CHECKING:
        # Every model here declares __tablename__, so its __table__ is a Table (SQLAlchemy
        # types it as the wider FromClause, which has no name, insert or delete).
        __table__: ClassVar[Table]


def _kampanye_sisip(context: DefaultExecutionContext) -> str:
    # Imported here: db.kampanye reads these models.
    from dashboard.db.kampanye import isi_bawaan

    return isi_bawaan(context)


class BerKampanye:
    """A row of one campaign: `db.kampanye` limits every ORM statement to the active one."""

    @declared_attr
    def pemilihan_kode(cls) -> Mapped[str]:
        return mapped_column(
            String(20), ForeignKey("pemilihan.kode"), default=_kampanye_sisip, index=True
        )


def _fk_jenis(tabel: str) -> ForeignKeyConstraint:
    """An item reference within the row's own campaign (the catalogue's key is campaign, kode)."""
    return ForeignKeyConstraint(
        ["pemilihan_kode", "jenis_kode"],
        ["jenis_logistik.pemilihan_kode", "jenis_logistik.kode"],
        name=f"fk_{tabel}_jenis_logistik",
    )


class Kampanye(BerKampanye, Base):
    """What this database holds: one election for one province (or all), as of a date."""

    __tablename__ = "kampanye"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provinsi_kode: Mapped[str] = mapped_column(String(3))
    per_tanggal: Mapped[dt.date | None] = mapped_column(Date)
    seed: Mapped[int | None] = mapped_column(Integer)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    dibangun_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)


class Wilayah(Base):
    """A Kemendagri region: provinsi, kab/kota, kecamatan or desa/kelurahan (dotted code)."""

    __tablename__ = "wilayah"

    kode: Mapped[str] = mapped_column(String(13), primary_key=True)
    tingkat: Mapped[int] = mapped_column(SmallInteger)
    induk_kode: Mapped[str | None] = mapped_column(ForeignKey("wilayah.kode"), index=True)
    provinsi_kode: Mapped[str] = mapped_column(String(2), index=True)
    nama: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    penduduk: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        CheckConstraint("tingkat BETWEEN 1 AND 4", name="tingkat"),
        Index("ix_wilayah_provinsi_tingkat", "provinsi_kode", "tingkat"),
    )


class Pemilihan(Base):
    """An election with its polling day and TPS limits (timeline kept as JSON)."""

    __tablename__ = "pemilihan"

    kode: Mapped[str] = mapped_column(String(20), primary_key=True)
    nama: Mapped[str] = mapped_column(String(120))
    hari_pemungutan: Mapped[dt.date] = mapped_column(Date)
    maks_pemilih_per_tps: Mapped[int] = mapped_column(Integer)
    target_pemilih_per_tps: Mapped[int] = mapped_column(Integer)
    jadwal: Mapped[dict] = mapped_column(JSON)


class JenisLogistik(BerKampanye, Base):
    """A catalogue item and its quantity rule, as loaded from data/katalog (one per campaign:
    two elections may both have a "KOTAK")."""

    __tablename__ = "jenis_logistik"

    pemilihan_kode: Mapped[str] = mapped_column(
        String(20), ForeignKey("pemilihan.kode"), primary_key=True, default=_kampanye_sisip
    )
    kode: Mapped[str] = mapped_column(String(20), primary_key=True)
    nama: Mapped[str] = mapped_column(String(120))
    satuan: Mapped[str] = mapped_column(String(20))
    kelompok: Mapped[str] = mapped_column(String(20))
    urutan: Mapped[int] = mapped_column(SmallInteger)
    warna: Mapped[str] = mapped_column(String(9), default="")
    aturan: Mapped[dict] = mapped_column(JSON)
    # One unit's size, for loading vehicles (migration 0013); 0 where the catalogue is silent.
    volume_liter: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    berat_kg: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")


class Tps(BerKampanye, Base):
    """A polling station in a desa, with its voters and completeness counters."""

    __tablename__ = "tps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    desa_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"))
    nomor: Mapped[int] = mapped_column(SmallInteger)
    dpt: Mapped[int] = mapped_column(Integer)
    dptb: Mapped[int] = mapped_column(Integer, default=0)
    kecamatan_kode: Mapped[str] = mapped_column(String(8), index=True)
    kabkota_kode: Mapped[str] = mapped_column(String(5), index=True)
    provinsi_kode: Mapped[str] = mapped_column(String(2), index=True)
    jenis_dibutuhkan: Mapped[int] = mapped_column(SmallInteger, default=0)
    jenis_terpenuhi: Mapped[int] = mapped_column(SmallInteger, default=0)

    __table_args__ = (
        UniqueConstraint("pemilihan_kode", "desa_kode", "nomor"),
        CheckConstraint("dpt >= 0 AND dptb >= 0", name="dpt_positif"),
    )


class Kebutuhan(BerKampanye, Base):
    """Need of one TPS for one item, and the good stock it holds of it (kept by the ledger)."""

    __tablename__ = "kebutuhan"

    tps_id: Mapped[int] = mapped_column(ForeignKey("tps.id"), primary_key=True)
    jenis_kode: Mapped[str] = mapped_column(String(20), primary_key=True)
    jumlah: Mapped[int] = mapped_column(Integer)
    tersedia: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (_fk_jenis("kebutuhan"),)


class Pengguna(Base):
    """An account: pimpinan, admin provinsi, operator bound to one kab/kota, or pengawas
    (Bawaslu: the province, or one kab/kota)."""

    __tablename__ = "pengguna"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    nama: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    peran: Mapped[str] = mapped_column(String(20))
    wilayah_kode: Mapped[str | None] = mapped_column(ForeignKey("wilayah.kode"))
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    dibuat_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        CheckConstraint(
            "peran IN ('pimpinan', 'admin_provinsi', 'operator_kabkota', 'pengawas')",
            name="peran",
        ),
        CheckConstraint(
            "peran <> 'operator_kabkota' OR wilayah_kode IS NOT NULL", name="operator_wilayah"
        ),
    )


class Mutasi(BerKampanye, Base):
    """One ledger entry. Append-only: triggers refuse UPDATE and DELETE."""

    __tablename__ = "mutasi"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    # Indexed with the time received (below): a campaign's newest entries, and "Data per".
    pemilihan_kode: Mapped[str] = mapped_column(
        String(20), ForeignKey("pemilihan.kode"), default=_kampanye_sisip
    )
    jenis_mutasi: Mapped[str] = mapped_column(String(20))
    jenis_kode: Mapped[str] = mapped_column(String(20))
    tahap: Mapped[str] = mapped_column(String(8))
    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"))
    tps_id: Mapped[int | None] = mapped_column(ForeignKey("tps.id"))
    jumlah: Mapped[int] = mapped_column(Integer)
    kondisi: Mapped[str | None] = mapped_column(String(14))
    alasan: Mapped[str | None] = mapped_column(String(14))
    waktu: Mapped[dt.datetime] = mapped_column(WaktuUtc())
    dicatat_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)
    pengguna_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    kantor_kode: Mapped[str] = mapped_column(String(5))
    keterangan: Mapped[str] = mapped_column(Text, default="")
    # A reversing entry (koreksi): the entry it undoes. Same kind, place, item and quantity,
    # with the opposite effect on every summary; the original stays in the ledger.
    membalik_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), ForeignKey("mutasi.id")
    )

    __table_args__ = (
        _fk_jenis("mutasi"),
        CheckConstraint("jumlah > 0", name="jumlah_positif"),
        CheckConstraint(
            "jenis_mutasi IN ('terima_penyedia', 'penyesuaian', 'sortir_lipat', 'kirim', 'terima', "
            "'pinjam_keluar', 'pinjam_masuk')",
            name="jenis_mutasi",
        ),
        CheckConstraint("tahap IN ('gudang', 'ppk', 'pps', 'tps')", name="tahap"),
        Index("ix_mutasi_wilayah_waktu", "wilayah_kode", "waktu"),
        Index("ix_mutasi_waktu", "waktu"),
        Index("ix_mutasi_tps", "tps_id"),
        # "Data per" and the recent-entries lists go by when an entry was received.
        Index("ix_mutasi_dicatat_pada", "dicatat_pada"),
        Index("ix_mutasi_pemilihan_kode_dicatat_pada", "pemilihan_kode", "dicatat_pada"),
        Index("ix_mutasi_wilayah_dicatat", "wilayah_kode", "dicatat_pada"),
        Index("ix_mutasi_membalik_id", "membalik_id", unique=True),
    )


class BatasWajar(BerKampanye, Base):
    """An admin's raised bound for one region and item, where a real surplus exists.

    Replaces the configured multiple of the need (`BATAS_KELIPATAN_KEBUTUHAN`) for entries at
    that region (any hop located there); who set it, when and why is kept here and in the
    audit trail.
    """

    __tablename__ = "batas_wajar"

    pemilihan_kode: Mapped[str] = mapped_column(
        String(20), ForeignKey("pemilihan.kode"), primary_key=True, default=_kampanye_sisip
    )
    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), primary_key=True)
    jenis_kode: Mapped[str] = mapped_column(String(20), primary_key=True)
    kelipatan: Mapped[float] = mapped_column(Float)
    alasan: Mapped[str] = mapped_column(Text)
    diubah_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diubah_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        _fk_jenis("batas_wajar"),
        CheckConstraint("kelipatan >= 1", name="kelipatan"),
    )


class Ringkasan(BerKampanye, Base):
    """Counters per region x item x hop, updated in the same transaction as each ledger write."""

    __tablename__ = "ringkasan"

    pemilihan_kode: Mapped[str] = mapped_column(
        String(20), ForeignKey("pemilihan.kode"), primary_key=True, default=_kampanye_sisip
    )
    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), primary_key=True)
    jenis_kode: Mapped[str] = mapped_column(String(20), primary_key=True)
    tahap: Mapped[str] = mapped_column(String(8), primary_key=True)
    kebutuhan: Mapped[int] = mapped_column(Jumlah, default=0)
    dikirim: Mapped[int] = mapped_column(Jumlah, default=0)
    diterima_baik: Mapped[int] = mapped_column(Jumlah, default=0)
    diterima_rusak_ringan: Mapped[int] = mapped_column(Jumlah, default=0)
    diterima_rusak_berat: Mapped[int] = mapped_column(Jumlah, default=0)
    rusak: Mapped[int] = mapped_column(Jumlah, default=0)
    hilang: Mapped[int] = mapped_column(Jumlah, default=0)
    pengganti: Mapped[int] = mapped_column(Jumlah, default=0)
    salah_jenis: Mapped[int] = mapped_column(Jumlah, default=0)
    disortir: Mapped[int] = mapped_column(Jumlah, default=0)
    tps_terpenuhi: Mapped[int] = mapped_column(Integer, default=0)
    diterima_cukup: Mapped[int] = mapped_column(Jumlah, default=0, server_default="0")
    dipinjamkan: Mapped[int] = mapped_column(Jumlah, default=0, server_default="0")
    dipinjam: Mapped[int] = mapped_column(Jumlah, default=0, server_default="0")

    __table_args__ = (_fk_jenis("ringkasan"),)


class RingkasanHarian(BerKampanye, Base):
    """Daily movement totals per province and kab/kota x item x hop, for timelines (WIB days)."""

    __tablename__ = "ringkasan_harian"

    pemilihan_kode: Mapped[str] = mapped_column(
        String(20), ForeignKey("pemilihan.kode"), primary_key=True, default=_kampanye_sisip
    )
    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), primary_key=True)
    jenis_kode: Mapped[str] = mapped_column(String(20), primary_key=True)
    tahap: Mapped[str] = mapped_column(String(8), primary_key=True)
    tanggal: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    dikirim: Mapped[int] = mapped_column(Jumlah, default=0)
    diterima: Mapped[int] = mapped_column(Jumlah, default=0)
    disortir: Mapped[int] = mapped_column(Jumlah, default=0)

    __table_args__ = (_fk_jenis("ringkasan_harian"),)


class RingkasanWilayah(BerKampanye, Base):
    """Per-region TPS counters: how many TPS, voters, and TPS with every item complete."""

    __tablename__ = "ringkasan_wilayah"

    pemilihan_kode: Mapped[str] = mapped_column(
        String(20), ForeignKey("pemilihan.kode"), primary_key=True, default=_kampanye_sisip
    )
    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), primary_key=True)
    jumlah_tps: Mapped[int] = mapped_column(Integer, default=0)
    dpt: Mapped[int] = mapped_column(Jumlah, default=0)
    dptb: Mapped[int] = mapped_column(Jumlah, default=0)
    tps_lengkap: Mapped[int] = mapped_column(Integer, default=0)


class Kejadian(BerKampanye, Base):
    """An incident or risk (flood, road access, shortage, wrong ballot type…) in a region."""

    __tablename__ = "kejadian"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), index=True)
    jenis: Mapped[str] = mapped_column(String(20))
    keparahan: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="terbuka")
    judul: Mapped[str] = mapped_column(String(200))
    keterangan: Mapped[str] = mapped_column(Text, default="")
    jenis_kode: Mapped[str | None] = mapped_column(String(20))
    dilaporkan_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dilaporkan_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc())
    diperbarui_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diperbarui_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc())
    versi: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": versi}
    __table_args__ = (
        _fk_jenis("kejadian"),
        CheckConstraint(
            "jenis IN ('banjir', 'longsor', 'akses_jalan', 'kekurangan', 'kerusakan', "
            "'salah_jenis', 'keterlambatan', 'keamanan', 'lainnya')",
            name="jenis",
        ),
        CheckConstraint("keparahan IN ('rendah', 'sedang', 'tinggi', 'kritis')", name="keparahan"),
        CheckConstraint("status IN ('terbuka', 'ditangani', 'selesai')", name="status"),
    )


class BatasWilayah(Base):
    """Map shape of a kab/kota or kecamatan: approximate (from desa points) or official.

    GeoJSON geometry text in WGS84 lon/lat, already simplified for the browser.
    """

    __tablename__ = "batas_wilayah"

    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), primary_key=True)
    tingkat: Mapped[int] = mapped_column(SmallInteger)
    sumber: Mapped[str] = mapped_column(String(10))
    geojson: Mapped[str] = mapped_column(Text)
    luas_km2: Mapped[float] = mapped_column(Float)
    diperbarui_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        CheckConstraint("tingkat IN (2, 3)", name="tingkat"),
        CheckConstraint("sumber IN ('perkiraan', 'resmi')", name="sumber"),
    )


class Audit(Base):
    """Who wrote what, when and from where: one row per write, in the write's own transaction."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    pengguna_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    waktu: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)
    aksi: Mapped[str] = mapped_column(String(30))
    entitas: Mapped[str] = mapped_column(String(20))
    entitas_id: Mapped[str] = mapped_column(String(64))
    wilayah_kode: Mapped[str | None] = mapped_column(String(13))
    sebelum: Mapped[dict | None] = mapped_column(JSON)
    sesudah: Mapped[dict | None] = mapped_column(JSON)
    ip: Mapped[str] = mapped_column(String(45), default="")

    __table_args__ = (
        Index("ix_audit_waktu", "waktu"),
        Index("ix_audit_wilayah_waktu", "wilayah_kode", "waktu"),
    )


class Snapshot(BerKampanye, Base):
    """The meeting figures frozen at one moment, so every slide shows the same numbers."""

    __tablename__ = "snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dibuat_pada: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_sekarang)
    dibuat_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    provinsi_kode: Mapped[str] = mapped_column(String(3))
    data: Mapped[dict] = mapped_column(JSON)


class Keputusan(BerKampanye, Base):
    """A decision or action agreed at a coordination meeting, tied to a region, until done."""

    __tablename__ = "keputusan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), index=True)
    isi: Mapped[str] = mapped_column(Text)
    penanggung_jawab: Mapped[str] = mapped_column(String(120))
    tenggat: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="terbuka")
    dibuat_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuat_pada: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_sekarang)
    selesai_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    selesai_pada: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("status IN ('terbuka', 'selesai')", name="status"),
        Index("ix_keputusan_status_tenggat", "status", "tenggat"),
    )


class VersiData(Base):
    """The data version, the sum of `nilai` over its rows: every committed write transaction
    raises one row chosen at random (see `db.engine.pembuat_sesi`, migration 0011).

    Every view is cached on it, so whatever a write changes — ledger, incidents, boundaries,
    decisions, snapshots, catalogue — the next request sees it.
    """

    __tablename__ = "versi_data"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nilai: Mapped[int] = mapped_column(BigInteger, default=0)


# --- jaringan (issue 18) ------------------------------------------------------------------


class JaringanJalan(Base):
    """A province's road network as one compressed blob (domain.jaringan.ke_bytes).

    `osm` when imported from an OpenStreetMap extract, `perkiraan` when built from the place
    points; one row per province, replaced by the next import.
    """

    __tablename__ = "jaringan_jalan"

    provinsi_kode: Mapped[str] = mapped_column(String(2), primary_key=True)
    jenis: Mapped[str] = mapped_column(String(10))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sumber: Mapped[str] = mapped_column(String(255), default="")
    jumlah_simpul: Mapped[int] = mapped_column(Integer)
    jumlah_ruas: Mapped[int] = mapped_column(Integer)
    dibangun_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (CheckConstraint("jenis IN ('osm', 'perkiraan')", name="jenis"),)


class Lintasan(Base):
    """A water or air leg (port to port, airstrip to airstrip), run both ways, entered by an
    admin provinsi: it joins the road network at the places nearest its ends."""

    __tablename__ = "lintasan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provinsi_kode: Mapped[str] = mapped_column(String(2), index=True)
    nama: Mapped[str] = mapped_column(String(120))
    moda: Mapped[str] = mapped_column(String(6))
    asal_nama: Mapped[str] = mapped_column(String(120))
    asal_kode: Mapped[str | None] = mapped_column(ForeignKey("wilayah.kode"))
    asal_lat: Mapped[float] = mapped_column(Float)
    asal_lon: Mapped[float] = mapped_column(Float)
    tujuan_nama: Mapped[str] = mapped_column(String(120))
    tujuan_kode: Mapped[str | None] = mapped_column(ForeignKey("wilayah.kode"))
    tujuan_lat: Mapped[float] = mapped_column(Float)
    tujuan_lon: Mapped[float] = mapped_column(Float)
    durasi_menit: Mapped[int] = mapped_column(Integer)
    jadwal: Mapped[str] = mapped_column(String(200), default="")
    kapasitas_kg: Mapped[int | None] = mapped_column(Integer)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    dibuat_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuat_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        CheckConstraint("moda IN ('laut', 'udara')", name="moda"),
        CheckConstraint("durasi_menit > 0", name="durasi_positif"),
    )


class RuasTertutup(Base):
    """A blocked road: between two points (or two places), or around one point; routes avoid
    it while it is active. Opening it keeps the row (who closed and opened it, when)."""

    __tablename__ = "ruas_tertutup"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provinsi_kode: Mapped[str] = mapped_column(String(2))
    kabkota_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"))
    asal_kode: Mapped[str | None] = mapped_column(ForeignKey("wilayah.kode"))
    asal_lat: Mapped[float] = mapped_column(Float)
    asal_lon: Mapped[float] = mapped_column(Float)
    tujuan_kode: Mapped[str | None] = mapped_column(ForeignKey("wilayah.kode"))
    tujuan_lat: Mapped[float | None] = mapped_column(Float)
    tujuan_lon: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[float] = mapped_column(Float, default=300.0)
    alasan: Mapped[str] = mapped_column(String(20))
    keterangan: Mapped[str] = mapped_column(Text, default="")
    kejadian_id: Mapped[int | None] = mapped_column(ForeignKey("kejadian.id"))
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    dibuat_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuat_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)
    dibuka_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuka_pada: Mapped[dt.datetime | None] = mapped_column(WaktuUtc())

    __table_args__ = (
        CheckConstraint(
            "alasan IN ('banjir', 'longsor', 'jembatan_putus', 'jalan_rusak', 'keamanan', "
            "'lainnya')",
            name="alasan",
        ),
        Index("ix_ruas_tertutup_provinsi_aktif", "provinsi_kode", "aktif"),
    )


# --- armada (issue 18)


class Kendaraan(Base):
    """A vehicle a kab/kota can send goods with: its kind, capacity and whether it can go now.

    `moda` follows from `jenis` (truk and pikap by land, kapal by sea, pesawat by air) and is
    stored so the plan and the board filter on it without knowing the kinds. A reserve vehicle
    (`cadangan`, armada cadangan) is planned only where the regular fleet cannot cope.
    """

    __tablename__ = "kendaraan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kabkota_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), index=True)
    nama: Mapped[str] = mapped_column(String(80))
    nomor: Mapped[str] = mapped_column(String(20), unique=True)
    jenis: Mapped[str] = mapped_column(String(8))
    moda: Mapped[str] = mapped_column(String(6))
    kapasitas_m3: Mapped[float] = mapped_column(Float)
    kapasitas_kg: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(6), default="siap")
    alasan_status: Mapped[str] = mapped_column(Text, default="")
    cadangan: Mapped[bool] = mapped_column(Boolean, default=False)
    diubah_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diubah_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        CheckConstraint("jenis IN ('truk', 'pikap', 'kapal', 'pesawat')", name="jenis"),
        CheckConstraint("moda IN ('darat', 'laut', 'udara')", name="moda"),
        CheckConstraint("status IN ('siap', 'rusak')", name="status"),
        CheckConstraint("kapasitas_m3 > 0 AND kapasitas_kg > 0", name="kapasitas"),
    )


class RencanaArmada(BerKampanye, Base):
    """A vehicle plan of one kab/kota and hop: proposed by the solver, accepted, or replaced.

    `rencana` holds the plan as JSON (domain.armada.ke_json): per vehicle its trips' ordered
    stops with arrival times and loads, which routes an admin locked, and what could not be
    served and why. At most one accepted plan per kab/kota and hop is current; accepting
    another marks it `diganti`.
    """

    __tablename__ = "rencana_armada"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kabkota_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"))
    tahap: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(8), default="usulan")
    rencana: Mapped[dict] = mapped_column(JSON)
    perubahan: Mapped[str] = mapped_column(Text, default="")
    dibuat_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuat_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)
    diterima_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diterima_pada: Mapped[dt.datetime | None] = mapped_column(WaktuUtc())

    __table_args__ = (
        CheckConstraint("tahap IN ('ppk', 'pps')", name="tahap"),
        CheckConstraint("status IN ('usulan', 'diterima', 'diganti')", name="status"),
        Index("ix_rencana_armada_kabkota_tahap_status", "kabkota_kode", "tahap", "status"),
    )


# --- bahaya (issue 18)


class Bahaya(Base):
    """A hazard zone imported from an office's layer (flood, landslide, ...), for one province.

    GeoJSON geometry text in WGS84 lon/lat, repaired and simplified for drawing; the bounding
    box columns let a route or a region pick its candidate zones without parsing every shape.
    """

    __tablename__ = "bahaya"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provinsi_kode: Mapped[str] = mapped_column(String(3))
    jenis: Mapped[str] = mapped_column(String(10))
    tingkat: Mapped[str] = mapped_column(String(10))
    nama: Mapped[str] = mapped_column(String(200))
    geojson: Mapped[str] = mapped_column(Text)
    bujur_min: Mapped[float] = mapped_column(Float)
    lintang_min: Mapped[float] = mapped_column(Float)
    bujur_maks: Mapped[float] = mapped_column(Float)
    lintang_maks: Mapped[float] = mapped_column(Float)
    luas_km2: Mapped[float] = mapped_column(Float)
    sumber_berkas: Mapped[str] = mapped_column(String(200))
    diimpor_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diimpor_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        CheckConstraint(
            "jenis IN ('banjir', 'longsor', 'gempa', 'tsunami', 'erupsi', 'lainnya')", name="jenis"
        ),
        CheckConstraint("tingkat IN ('rendah', 'sedang', 'tinggi')", name="tingkat"),
        Index("ix_bahaya_provinsi_kotak", "provinsi_kode", "bujur_min", "bujur_maks"),
    )


class RisikoRute(Base):
    """A route's risk grade to one PPK or PPS: computed from hazards, or set by hand (audited).

    A manual grade wins over the computed one for the same destination and stays until removed.
    """

    __tablename__ = "risiko_rute"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kabkota_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"))
    tujuan_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"))
    tahap: Mapped[str] = mapped_column(String(3))
    tingkat: Mapped[str] = mapped_column(String(12))
    sumber: Mapped[str] = mapped_column(String(6))
    alasan: Mapped[str] = mapped_column(Text)
    diubah_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diubah_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        CheckConstraint("tahap IN ('ppk', 'pps')", name="tahap"),
        CheckConstraint("tingkat IN ('aman', 'rawan', 'sangat_rawan')", name="tingkat"),
        CheckConstraint("sumber IN ('hitung', 'manual')", name="sumber"),
        UniqueConstraint("tujuan_kode", "tahap", "sumber"),
        Index("ix_risiko_rute_kabkota_kode", "kabkota_kode"),
    )


class Pinjaman(BerKampanye, Base):
    """A loan of one item between two kab/kota gudang: requested, approved by both offices,
    shipped (a ledger entry out of the lender's gudang), received (one into the borrower's)."""

    __tablename__ = "pinjaman"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    jenis_kode: Mapped[str] = mapped_column(String(20))
    peminjam_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), index=True)
    pemberi_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"), index=True)
    jumlah: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="diajukan")
    setuju_peminjam_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    setuju_peminjam_pada: Mapped[dt.datetime | None] = mapped_column(WaktuUtc())
    setuju_pemberi_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    setuju_pemberi_pada: Mapped[dt.datetime | None] = mapped_column(WaktuUtc())
    mutasi_keluar_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), ForeignKey("mutasi.id")
    )
    mutasi_masuk_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), ForeignKey("mutasi.id")
    )
    kondisi_terima: Mapped[str | None] = mapped_column(String(14))
    alasan_tutup: Mapped[str] = mapped_column(Text, default="")
    diajukan_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diajukan_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc())
    diperbarui_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc())

    __table_args__ = (
        _fk_jenis("pinjaman"),
        CheckConstraint("jumlah > 0", name="jumlah_positif"),
        CheckConstraint(
            "status IN ('diajukan', 'disetujui', 'dikirim', 'diterima', 'dibatalkan', 'ditolak')",
            name="status",
        ),
        CheckConstraint("peminjam_kode <> pemberi_kode", name="dua_wilayah"),
    )


class PinjamanRiwayat(Base):
    """Every step of a loan: who, when, what it became and why (the board's history)."""

    __tablename__ = "pinjaman_riwayat"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pinjaman_id: Mapped[int] = mapped_column(ForeignKey("pinjaman.id"), index=True)
    waktu: Mapped[dt.datetime] = mapped_column(WaktuUtc())
    pengguna_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    username: Mapped[str] = mapped_column(String(64))
    aksi: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    keterangan: Mapped[str] = mapped_column(Text, default="")


class CatatanKoordinasi(BerKampanye, Base):
    """A note between two offices on one loan: who wrote it, for which office, when."""

    __tablename__ = "catatan_koordinasi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    pinjaman_id: Mapped[int] = mapped_column(ForeignKey("pinjaman.id"), index=True)
    pengguna_id: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    username: Mapped[str] = mapped_column(String(64))
    kantor_kode: Mapped[str] = mapped_column(String(13))
    waktu: Mapped[dt.datetime] = mapped_column(WaktuUtc())
    teks: Mapped[str] = mapped_column(Text)


# --- risiko (issue 17)


class Risiko(BerKampanye, Base):
    """A risk in a region's register: cause, likelihood × impact (1–5 each), mitigation, owner.

    Stored by hand or accepted from a suggestion (`kunci_usulan` names which one, so the same
    suggestion is not offered again while the risk stays open).
    """

    __tablename__ = "risiko"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wilayah_kode: Mapped[str] = mapped_column(String(13), ForeignKey("wilayah.kode"))
    judul: Mapped[str] = mapped_column(String(200))
    penyebab: Mapped[str] = mapped_column(Text)
    kemungkinan: Mapped[int] = mapped_column(SmallInteger)
    dampak: Mapped[int] = mapped_column(SmallInteger)
    mitigasi: Mapped[str] = mapped_column(Text)
    pemilik: Mapped[str] = mapped_column(String(120))
    tenggat: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="terbuka")
    sumber: Mapped[str] = mapped_column(String(6), default="manual")
    kunci_usulan: Mapped[str | None] = mapped_column(String(40))
    dibuat_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dibuat_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)
    diubah_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    diubah_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        CheckConstraint("kemungkinan BETWEEN 1 AND 5", name="kemungkinan"),
        CheckConstraint("dampak BETWEEN 1 AND 5", name="dampak"),
        CheckConstraint("status IN ('terbuka', 'dimitigasi', 'ditutup')", name="status"),
        CheckConstraint("sumber IN ('manual', 'usulan')", name="sumber"),
        Index("ix_risiko_wilayah_status", "wilayah_kode", "status"),
    )


class RisikoTinjauan(Base):
    """One review of a risk: likelihood, impact and status before and after, and why."""

    __tablename__ = "risiko_tinjauan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    risiko_id: Mapped[int] = mapped_column(ForeignKey("risiko.id"))
    kemungkinan_sebelum: Mapped[int] = mapped_column(SmallInteger)
    dampak_sebelum: Mapped[int] = mapped_column(SmallInteger)
    status_sebelum: Mapped[str] = mapped_column(String(10))
    kemungkinan_sesudah: Mapped[int] = mapped_column(SmallInteger)
    dampak_sesudah: Mapped[int] = mapped_column(SmallInteger)
    status_sesudah: Mapped[str] = mapped_column(String(10))
    catatan: Mapped[str] = mapped_column(Text)
    oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (Index("ix_risiko_tinjauan_risiko_id", "risiko_id"),)


# --- evaluasi (issue 17)


class TemuanEvaluasi(BerKampanye, Base):
    """A re-vote (PSU, PSL, PSS) or a supervisory finding of a campaign, entered by an admin
    provinsi for the evaluation: where, whether logistics caused it and which principle."""

    __tablename__ = "temuan_evaluasi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Indexed with the region (below) rather than alone, as migration 0018 made it.
    pemilihan_kode: Mapped[str] = mapped_column(
        String(20), ForeignKey("pemilihan.kode"), default=_kampanye_sisip
    )
    wilayah_kode: Mapped[str] = mapped_column(ForeignKey("wilayah.kode"))
    jenis: Mapped[str] = mapped_column(String(6))
    sebab_logistik: Mapped[bool] = mapped_column(Boolean, default=False)
    prinsip: Mapped[str | None] = mapped_column(String(8))
    jumlah_tps: Mapped[int] = mapped_column(Integer, default=0)
    keterangan: Mapped[str] = mapped_column(Text)
    dicatat_oleh: Mapped[int | None] = mapped_column(ForeignKey("pengguna.id"))
    dicatat_pada: Mapped[dt.datetime] = mapped_column(WaktuUtc(), default=_sekarang)

    __table_args__ = (
        CheckConstraint("jenis IN ('psu', 'psl', 'pss', 'temuan')", name="jenis"),
        CheckConstraint(
            "prinsip IS NULL OR prinsip IN ('jumlah', 'jenis', 'sasaran', 'waktu', 'kualitas')",
            name="prinsip",
        ),
        CheckConstraint("jumlah_tps >= 0", name="jumlah_tps"),
        Index("ix_temuan_evaluasi_pemilihan_wilayah", "pemilihan_kode", "wilayah_kode"),
    )
