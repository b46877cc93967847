"""versi data berbagi: satu baris per kelompok penulis, versi = jumlah semua baris

Revision ID: 0011
Revises: 0010

Every committed write raised the one row of versi_data, so on PostgreSQL concurrent writers
queued on its lock for the length of each COMMIT. Writers now raise one of BARIS_VERSI rows
chosen at random; the version is their sum, which still rises with every commit. The existing
row keeps its number, so views cached under it stay valid.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BARIS_VERSI = 16  # db.engine.BARIS_VERSI at the time of this migration


def upgrade() -> None:
    tabel = sa.table("versi_data", sa.column("id", sa.Integer), sa.column("nilai", sa.BigInteger))
    ada = set(op.get_bind().scalars(sa.select(tabel.c.id)))
    op.bulk_insert(
        tabel, [{"id": i, "nilai": 0} for i in range(1, BARIS_VERSI + 1) if i not in ada]
    )


def downgrade() -> None:
    tabel = sa.table("versi_data", sa.column("id", sa.Integer), sa.column("nilai", sa.BigInteger))
    koneksi = op.get_bind()
    total = koneksi.scalar(sa.select(sa.func.sum(tabel.c.nilai))) or 0
    koneksi.execute(sa.delete(tabel).where(tabel.c.id != 1))
    koneksi.execute(sa.update(tabel).where(tabel.c.id == 1).values(nilai=total))
