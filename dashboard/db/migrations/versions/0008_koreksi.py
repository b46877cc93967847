"""koreksi: a reversing entry names the ledger entry it reverses (at most one per entry)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PESAN = "buku besar mutasi hanya boleh ditambah (append-only)"


def upgrade() -> None:
    # Adding a nullable column rewrites no row, so the append-only triggers are not involved
    # (a batch copy of the table would drop them on SQLite).
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("mutasi", sa.Column("membalik_id", sa.BigInteger(), nullable=True))
        op.create_foreign_key(
            op.f("fk_mutasi_membalik_id_mutasi"), "mutasi", "mutasi", ["membalik_id"], ["id"]
        )
    else:  # SQLite adds a column with its reference in place, but no constraint afterwards
        op.execute("ALTER TABLE mutasi ADD COLUMN membalik_id INTEGER REFERENCES mutasi (id)")
    # Unique: an entry is reversed at most once, even by two writers pressing at the same time.
    op.create_index("ix_mutasi_membalik_id", "mutasi", ["membalik_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_mutasi_membalik_id", table_name="mutasi")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("fk_mutasi_membalik_id_mutasi"), "mutasi", type_="foreignkey")
        op.drop_column("mutasi", "membalik_id")
        return
    # SQLite drops no column that holds a reference: copy the table, then put back the
    # append-only triggers (revision 0002) that the copy leaves behind.
    for aksi in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS mutasi_tolak_{aksi.lower()}")
    with op.batch_alter_table("mutasi", recreate="always") as batch:
        batch.drop_column("membalik_id")
    for aksi in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER mutasi_tolak_{aksi.lower()} BEFORE {aksi} ON mutasi "
            f"BEGIN SELECT RAISE(ABORT, '{PESAN}'); END"
        )
