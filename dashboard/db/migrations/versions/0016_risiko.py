"""risiko: the risk register of a region (5×5 likelihood × impact) and its review history

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
# Built beside other helpers' migrations; whoever merges them chains this one after the last
# by changing only this string.
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risiko",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wilayah_kode", sa.String(length=13), nullable=False),
        sa.Column("judul", sa.String(length=200), nullable=False),
        sa.Column("penyebab", sa.Text(), nullable=False),
        sa.Column("kemungkinan", sa.SmallInteger(), nullable=False),
        sa.Column("dampak", sa.SmallInteger(), nullable=False),
        sa.Column("mitigasi", sa.Text(), nullable=False),
        sa.Column("pemilik", sa.String(length=120), nullable=False),
        sa.Column("tenggat", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("sumber", sa.String(length=6), nullable=False),
        sa.Column("kunci_usulan", sa.String(length=40), nullable=True),
        sa.Column("dibuat_oleh", sa.Integer(), nullable=True),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("diubah_oleh", sa.Integer(), nullable=True),
        sa.Column("diubah_pada", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kemungkinan BETWEEN 1 AND 5", name=op.f("ck_risiko_kemungkinan")),
        sa.CheckConstraint("dampak BETWEEN 1 AND 5", name=op.f("ck_risiko_dampak")),
        sa.CheckConstraint(
            "status IN ('terbuka', 'dimitigasi', 'ditutup')", name=op.f("ck_risiko_status")
        ),
        sa.CheckConstraint("sumber IN ('manual', 'usulan')", name=op.f("ck_risiko_sumber")),
        sa.ForeignKeyConstraint(
            ["wilayah_kode"], ["wilayah.kode"], name=op.f("fk_risiko_wilayah_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["dibuat_oleh"], ["pengguna.id"], name=op.f("fk_risiko_dibuat_oleh_pengguna")
        ),
        sa.ForeignKeyConstraint(
            ["diubah_oleh"], ["pengguna.id"], name=op.f("fk_risiko_diubah_oleh_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risiko")),
    )
    op.create_index("ix_risiko_wilayah_status", "risiko", ["wilayah_kode", "status"])
    op.create_table(
        "risiko_tinjauan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("risiko_id", sa.Integer(), nullable=False),
        sa.Column("kemungkinan_sebelum", sa.SmallInteger(), nullable=False),
        sa.Column("dampak_sebelum", sa.SmallInteger(), nullable=False),
        sa.Column("status_sebelum", sa.String(length=10), nullable=False),
        sa.Column("kemungkinan_sesudah", sa.SmallInteger(), nullable=False),
        sa.Column("dampak_sesudah", sa.SmallInteger(), nullable=False),
        sa.Column("status_sesudah", sa.String(length=10), nullable=False),
        sa.Column("catatan", sa.Text(), nullable=False),
        sa.Column("oleh", sa.Integer(), nullable=True),
        sa.Column("pada", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["risiko_id"], ["risiko.id"], name=op.f("fk_risiko_tinjauan_risiko_id_risiko")
        ),
        sa.ForeignKeyConstraint(
            ["oleh"], ["pengguna.id"], name=op.f("fk_risiko_tinjauan_oleh_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risiko_tinjauan")),
    )
    op.create_index("ix_risiko_tinjauan_risiko_id", "risiko_tinjauan", ["risiko_id"])


def downgrade() -> None:
    op.drop_index("ix_risiko_tinjauan_risiko_id", table_name="risiko_tinjauan")
    op.drop_table("risiko_tinjauan")
    op.drop_index("ix_risiko_wilayah_status", table_name="risiko")
    op.drop_table("risiko")
