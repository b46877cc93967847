"""pinjaman: lending between kab/kota gudang, its history and the notes between offices

Revision ID: 0017
Revises: 0016

A loan is recorded in the ledger by two new kinds of entry (pinjam_keluar out of the lender's
gudang, pinjam_masuk into the borrower's), counted by two new summary counters. Existing
databases hold no such entries, so both counters start at 0 and every summary stays equal to
its recompute without one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
# Written beside 0016 (another branch of issue 17): whoever merges both sets this to the
# revision it follows. Nothing here depends on 0016.
down_revision = "0016"
branch_labels = None
depends_on = None

LAMA = "jenis_mutasi IN ('terima_penyedia', 'penyesuaian', 'sortir_lipat', 'kirim', 'terima')"
BARU = (
    "jenis_mutasi IN ('terima_penyedia', 'penyesuaian', 'sortir_lipat', 'kirim', 'terima', "
    "'pinjam_keluar', 'pinjam_masuk')"
)
Waktu = sa.DateTime(timezone=True)
IdMutasi = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ganti_sqlite(dari: str, ke: str) -> None:
    """Rewrite the CHECK in the stored table definition (SQLite's documented way to loosen a
    constraint): copying the append-only ledger in a batch would drop its triggers and the
    foreign keys that point at it."""
    koneksi = op.get_bind()
    sql = koneksi.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'mutasi'"
    ).scalar_one()
    if dari not in sql:
        raise RuntimeError(f"Batasan jenis mutasi tabel mutasi tidak dikenali: {sql}")
    versi = koneksi.exec_driver_sql("PRAGMA schema_version").scalar_one()
    koneksi.exec_driver_sql("PRAGMA writable_schema = ON")
    koneksi.execute(
        sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'mutasi'"),
        {"sql": sql.replace(dari, ke)},
    )
    koneksi.exec_driver_sql(f"PRAGMA schema_version = {int(versi) + 1}")
    koneksi.exec_driver_sql("PRAGMA writable_schema = OFF")


def _ganti(dari: str, ke: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _ganti_sqlite(dari, ke)
        return
    op.drop_constraint(op.f("ck_mutasi_jenis_mutasi"), "mutasi", type_="check")
    op.create_check_constraint(op.f("ck_mutasi_jenis_mutasi"), "mutasi", ke)


def upgrade() -> None:
    _ganti(LAMA, BARU)
    # Plain ALTER TABLE: a batch copy would recreate the summaries table under its keys.
    for kolom in ("dipinjamkan", "dipinjam"):
        op.add_column(
            "ringkasan", sa.Column(kolom, sa.BigInteger(), nullable=False, server_default="0")
        )
    op.create_table(
        "pinjaman",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("jenis_kode", sa.String(length=20), nullable=False),
        sa.Column("peminjam_kode", sa.String(length=13), nullable=False),
        sa.Column("pemberi_kode", sa.String(length=13), nullable=False),
        sa.Column("jumlah", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("setuju_peminjam_oleh", sa.Integer(), nullable=True),
        sa.Column("setuju_peminjam_pada", Waktu, nullable=True),
        sa.Column("setuju_pemberi_oleh", sa.Integer(), nullable=True),
        sa.Column("setuju_pemberi_pada", Waktu, nullable=True),
        sa.Column("mutasi_keluar_id", IdMutasi, nullable=True),
        sa.Column("mutasi_masuk_id", IdMutasi, nullable=True),
        sa.Column("kondisi_terima", sa.String(length=14), nullable=True),
        sa.Column("alasan_tutup", sa.Text(), nullable=False),
        sa.Column("diajukan_oleh", sa.Integer(), nullable=True),
        sa.Column("diajukan_pada", Waktu, nullable=False),
        sa.Column("diperbarui_pada", Waktu, nullable=False),
        sa.CheckConstraint("jumlah > 0", name=op.f("ck_pinjaman_jumlah_positif")),
        sa.CheckConstraint(
            "status IN ('diajukan', 'disetujui', 'dikirim', 'diterima', 'dibatalkan', 'ditolak')",
            name=op.f("ck_pinjaman_status"),
        ),
        sa.CheckConstraint("peminjam_kode <> pemberi_kode", name=op.f("ck_pinjaman_dua_wilayah")),
        sa.ForeignKeyConstraint(
            ["jenis_kode"],
            ["jenis_logistik.kode"],
            name=op.f("fk_pinjaman_jenis_kode_jenis_logistik"),
        ),
        sa.ForeignKeyConstraint(
            ["peminjam_kode"], ["wilayah.kode"], name=op.f("fk_pinjaman_peminjam_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["pemberi_kode"], ["wilayah.kode"], name=op.f("fk_pinjaman_pemberi_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["setuju_peminjam_oleh"],
            ["pengguna.id"],
            name=op.f("fk_pinjaman_setuju_peminjam_oleh_pengguna"),
        ),
        sa.ForeignKeyConstraint(
            ["setuju_pemberi_oleh"],
            ["pengguna.id"],
            name=op.f("fk_pinjaman_setuju_pemberi_oleh_pengguna"),
        ),
        sa.ForeignKeyConstraint(
            ["mutasi_keluar_id"], ["mutasi.id"], name=op.f("fk_pinjaman_mutasi_keluar_id_mutasi")
        ),
        sa.ForeignKeyConstraint(
            ["mutasi_masuk_id"], ["mutasi.id"], name=op.f("fk_pinjaman_mutasi_masuk_id_mutasi")
        ),
        sa.ForeignKeyConstraint(
            ["diajukan_oleh"], ["pengguna.id"], name=op.f("fk_pinjaman_diajukan_oleh_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pinjaman")),
        sa.UniqueConstraint("client_id", name=op.f("uq_pinjaman_client_id")),
    )
    op.create_index("ix_pinjaman_peminjam_kode", "pinjaman", ["peminjam_kode"])
    op.create_index("ix_pinjaman_pemberi_kode", "pinjaman", ["pemberi_kode"])
    op.create_table(
        "pinjaman_riwayat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pinjaman_id", sa.Integer(), nullable=False),
        sa.Column("waktu", Waktu, nullable=False),
        sa.Column("pengguna_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("aksi", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("keterangan", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pinjaman_id"], ["pinjaman.id"], name=op.f("fk_pinjaman_riwayat_pinjaman_id_pinjaman")
        ),
        sa.ForeignKeyConstraint(
            ["pengguna_id"], ["pengguna.id"], name=op.f("fk_pinjaman_riwayat_pengguna_id_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pinjaman_riwayat")),
    )
    op.create_index("ix_pinjaman_riwayat_pinjaman_id", "pinjaman_riwayat", ["pinjaman_id"])
    op.create_table(
        "catatan_koordinasi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("pinjaman_id", sa.Integer(), nullable=False),
        sa.Column("pengguna_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("kantor_kode", sa.String(length=13), nullable=False),
        sa.Column("waktu", Waktu, nullable=False),
        sa.Column("teks", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pinjaman_id"],
            ["pinjaman.id"],
            name=op.f("fk_catatan_koordinasi_pinjaman_id_pinjaman"),
        ),
        sa.ForeignKeyConstraint(
            ["pengguna_id"],
            ["pengguna.id"],
            name=op.f("fk_catatan_koordinasi_pengguna_id_pengguna"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catatan_koordinasi")),
        sa.UniqueConstraint("client_id", name=op.f("uq_catatan_koordinasi_client_id")),
    )
    op.create_index("ix_catatan_koordinasi_pinjaman_id", "catatan_koordinasi", ["pinjaman_id"])


def downgrade() -> None:
    ada = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM mutasi WHERE jenis_mutasi IN ('pinjam_keluar', 'pinjam_masuk')"
        )
    )
    if ada:
        raise RuntimeError(
            f"{ada} catatan pinjaman antar kab/kota ada di buku besar; versi sebelum 0017 tidak "
            "mengenal jenis itu."
        )
    op.drop_table("catatan_koordinasi")
    op.drop_table("pinjaman_riwayat")
    op.drop_table("pinjaman")
    for kolom in ("dipinjam", "dipinjamkan"):
        op.drop_column("ringkasan", kolom)
    _ganti(BARU, LAMA)
