"""snapshot dan keputusan rapat: angka rapat yang dibekukan, catatan keputusan

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dibuat_oleh", sa.Integer(), nullable=True),
        sa.Column("provinsi_kode", sa.String(length=3), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dibuat_oleh"], ["pengguna.id"], name=op.f("fk_snapshot_dibuat_oleh_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot")),
    )
    op.create_table(
        "keputusan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wilayah_kode", sa.String(length=13), nullable=False),
        sa.Column("isi", sa.Text(), nullable=False),
        sa.Column("penanggung_jawab", sa.String(length=120), nullable=False),
        sa.Column("tenggat", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("dibuat_oleh", sa.Integer(), nullable=True),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("selesai_oleh", sa.Integer(), nullable=True),
        sa.Column("selesai_pada", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('terbuka', 'selesai')", name=op.f("ck_keputusan_status")),
        sa.ForeignKeyConstraint(
            ["wilayah_kode"], ["wilayah.kode"], name=op.f("fk_keputusan_wilayah_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["dibuat_oleh"], ["pengguna.id"], name=op.f("fk_keputusan_dibuat_oleh_pengguna")
        ),
        sa.ForeignKeyConstraint(
            ["selesai_oleh"], ["pengguna.id"], name=op.f("fk_keputusan_selesai_oleh_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keputusan")),
    )
    op.create_index(op.f("ix_keputusan_wilayah_kode"), "keputusan", ["wilayah_kode"])
    op.create_index("ix_keputusan_status_tenggat", "keputusan", ["status", "tenggat"])


def downgrade() -> None:
    op.drop_index("ix_keputusan_status_tenggat", table_name="keputusan")
    op.drop_index(op.f("ix_keputusan_wilayah_kode"), table_name="keputusan")
    op.drop_table("keputusan")
    op.drop_table("snapshot")
