"""audit: siapa menulis apa, kapan, dari mana

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("pengguna_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("aksi", sa.String(length=30), nullable=False),
        sa.Column("entitas", sa.String(length=20), nullable=False),
        sa.Column("entitas_id", sa.String(length=64), nullable=False),
        sa.Column("wilayah_kode", sa.String(length=13), nullable=True),
        sa.Column("sebelum", sa.JSON(), nullable=True),
        sa.Column("sesudah", sa.JSON(), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.ForeignKeyConstraint(
            ["pengguna_id"], ["pengguna.id"], name=op.f("fk_audit_pengguna_id_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    op.create_index(op.f("ix_audit_pengguna_id"), "audit", ["pengguna_id"], unique=False)
    op.create_index("ix_audit_waktu", "audit", ["waktu"], unique=False)
    op.create_index("ix_audit_wilayah_waktu", "audit", ["wilayah_kode", "waktu"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_wilayah_waktu", table_name="audit")
    op.drop_index("ix_audit_waktu", table_name="audit")
    op.drop_index(op.f("ix_audit_pengguna_id"), table_name="audit")
    op.drop_table("audit")
