"""batas wajar per wilayah dan jenis (dinaikkan admin), indeks waktu dicatat mutasi

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
# Numbered 0009 so it does not clash with another branch's 0008; whoever merges both puts
# them in a chain (0007 → 0008 → 0009).
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batas_wajar",
        sa.Column("wilayah_kode", sa.String(length=13), nullable=False),
        sa.Column("jenis_kode", sa.String(length=20), nullable=False),
        sa.Column("kelipatan", sa.Float(), nullable=False),
        sa.Column("alasan", sa.Text(), nullable=False),
        sa.Column("diubah_oleh", sa.Integer(), nullable=True),
        sa.Column("diubah_pada", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kelipatan >= 1", name=op.f("ck_batas_wajar_kelipatan")),
        sa.ForeignKeyConstraint(
            ["diubah_oleh"], ["pengguna.id"], name=op.f("fk_batas_wajar_diubah_oleh_pengguna")
        ),
        sa.ForeignKeyConstraint(
            ["jenis_kode"],
            ["jenis_logistik.kode"],
            name=op.f("fk_batas_wajar_jenis_kode_jenis_logistik"),
        ),
        sa.ForeignKeyConstraint(
            ["wilayah_kode"], ["wilayah.kode"], name=op.f("fk_batas_wajar_wilayah_kode_wilayah")
        ),
        sa.PrimaryKeyConstraint("wilayah_kode", "jenis_kode", name=op.f("pk_batas_wajar")),
    )
    op.create_index("ix_mutasi_dicatat_pada", "mutasi", ["dicatat_pada"], unique=False)
    op.create_index(
        "ix_mutasi_wilayah_dicatat", "mutasi", ["wilayah_kode", "dicatat_pada"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_mutasi_wilayah_dicatat", table_name="mutasi")
    op.drop_index("ix_mutasi_dicatat_pada", table_name="mutasi")
    op.drop_table("batas_wajar")
