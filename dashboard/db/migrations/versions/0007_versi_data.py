"""versi data: satu angka yang dinaikkan setiap transaksi tulis (kunci cache semua tampilan)

Revision ID: 0007
Revises: 0006
"""

import time

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tabel = op.create_table(
        "versi_data",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nilai", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_versi_data")),
    )
    # Start from the clock (ms), not 1: a database built again (demo, new campaign) then never
    # repeats a version a running app may still hold views cached under.
    op.bulk_insert(tabel, [{"id": 1, "nilai": time.time_ns() // 1_000_000}])


def downgrade() -> None:
    op.drop_table("versi_data")
