"""bahaya: zona bahaya yang diimpor dan tingkat risiko rute (dihitung atau manual)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
# Built beside 0012 (jaringan) and 0013 (armada); whoever merges them chains this one after
# 0013 by changing only this string.
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bahaya",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provinsi_kode", sa.String(length=3), nullable=False),
        sa.Column("jenis", sa.String(length=10), nullable=False),
        sa.Column("tingkat", sa.String(length=10), nullable=False),
        sa.Column("nama", sa.String(length=200), nullable=False),
        sa.Column("geojson", sa.Text(), nullable=False),
        sa.Column("bujur_min", sa.Float(), nullable=False),
        sa.Column("lintang_min", sa.Float(), nullable=False),
        sa.Column("bujur_maks", sa.Float(), nullable=False),
        sa.Column("lintang_maks", sa.Float(), nullable=False),
        sa.Column("luas_km2", sa.Float(), nullable=False),
        sa.Column("sumber_berkas", sa.String(length=200), nullable=False),
        sa.Column("diimpor_oleh", sa.Integer(), nullable=True),
        sa.Column("diimpor_pada", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "jenis IN ('banjir', 'longsor', 'gempa', 'tsunami', 'erupsi', 'lainnya')",
            name=op.f("ck_bahaya_jenis"),
        ),
        sa.CheckConstraint(
            "tingkat IN ('rendah', 'sedang', 'tinggi')", name=op.f("ck_bahaya_tingkat")
        ),
        sa.ForeignKeyConstraint(
            ["diimpor_oleh"], ["pengguna.id"], name=op.f("fk_bahaya_diimpor_oleh_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bahaya")),
    )
    op.create_index(
        "ix_bahaya_provinsi_kotak", "bahaya", ["provinsi_kode", "bujur_min", "bujur_maks"]
    )
    op.create_table(
        "risiko_rute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kabkota_kode", sa.String(length=13), nullable=False),
        sa.Column("tujuan_kode", sa.String(length=13), nullable=False),
        sa.Column("tahap", sa.String(length=3), nullable=False),
        sa.Column("tingkat", sa.String(length=12), nullable=False),
        sa.Column("sumber", sa.String(length=6), nullable=False),
        sa.Column("alasan", sa.Text(), nullable=False),
        sa.Column("diubah_oleh", sa.Integer(), nullable=True),
        sa.Column("diubah_pada", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("tahap IN ('ppk', 'pps')", name=op.f("ck_risiko_rute_tahap")),
        sa.CheckConstraint(
            "tingkat IN ('aman', 'rawan', 'sangat_rawan')", name=op.f("ck_risiko_rute_tingkat")
        ),
        sa.CheckConstraint("sumber IN ('hitung', 'manual')", name=op.f("ck_risiko_rute_sumber")),
        sa.ForeignKeyConstraint(
            ["diubah_oleh"], ["pengguna.id"], name=op.f("fk_risiko_rute_diubah_oleh_pengguna")
        ),
        sa.ForeignKeyConstraint(
            ["kabkota_kode"], ["wilayah.kode"], name=op.f("fk_risiko_rute_kabkota_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["tujuan_kode"], ["wilayah.kode"], name=op.f("fk_risiko_rute_tujuan_kode_wilayah")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risiko_rute")),
        sa.UniqueConstraint(
            "tujuan_kode", "tahap", "sumber", name=op.f("uq_risiko_rute_tujuan_kode_tahap_sumber")
        ),
    )
    op.create_index("ix_risiko_rute_kabkota_kode", "risiko_rute", ["kabkota_kode"])


def downgrade() -> None:
    op.drop_index("ix_risiko_rute_kabkota_kode", table_name="risiko_rute")
    op.drop_table("risiko_rute")
    op.drop_index("ix_bahaya_provinsi_kotak", table_name="bahaya")
    op.drop_table("bahaya")
