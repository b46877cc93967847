"""evaluasi: re-votes (PSU/PSL/PSS) and supervisory findings entered for a campaign's evaluation

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
# Built beside other helpers' migrations; whoever merges them chains this one after the last
# by changing only this string.
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "temuan_evaluasi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pemilihan_kode", sa.String(length=20), nullable=False),
        sa.Column("wilayah_kode", sa.String(length=13), nullable=False),
        sa.Column("jenis", sa.String(length=6), nullable=False),
        sa.Column("sebab_logistik", sa.Boolean(), nullable=False),
        sa.Column("prinsip", sa.String(length=8), nullable=True),
        sa.Column("jumlah_tps", sa.Integer(), nullable=False),
        sa.Column("keterangan", sa.Text(), nullable=False),
        sa.Column("dicatat_oleh", sa.Integer(), nullable=True),
        sa.Column("dicatat_pada", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "jenis IN ('psu', 'psl', 'pss', 'temuan')", name=op.f("ck_temuan_evaluasi_jenis")
        ),
        sa.CheckConstraint(
            "prinsip IS NULL OR prinsip IN ('jumlah', 'jenis', 'sasaran', 'waktu', 'kualitas')",
            name=op.f("ck_temuan_evaluasi_prinsip"),
        ),
        sa.CheckConstraint("jumlah_tps >= 0", name=op.f("ck_temuan_evaluasi_jumlah_tps")),
        sa.ForeignKeyConstraint(
            ["pemilihan_kode"],
            ["pemilihan.kode"],
            name=op.f("fk_temuan_evaluasi_pemilihan_kode_pemilihan"),
        ),
        sa.ForeignKeyConstraint(
            ["wilayah_kode"],
            ["wilayah.kode"],
            name=op.f("fk_temuan_evaluasi_wilayah_kode_wilayah"),
        ),
        sa.ForeignKeyConstraint(
            ["dicatat_oleh"],
            ["pengguna.id"],
            name=op.f("fk_temuan_evaluasi_dicatat_oleh_pengguna"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_temuan_evaluasi")),
    )
    op.create_index(
        "ix_temuan_evaluasi_pemilihan_wilayah",
        "temuan_evaluasi",
        ["pemilihan_kode", "wilayah_kode"],
    )


def downgrade() -> None:
    op.drop_index("ix_temuan_evaluasi_pemilihan_wilayah", table_name="temuan_evaluasi")
    op.drop_table("temuan_evaluasi")
