"""mutasi append-only: the database itself refuses UPDATE and DELETE on the ledger

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PESAN = "buku besar mutasi hanya boleh ditambah (append-only)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION mutasi_tolak_ubah() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{PESAN}'; END $$;
            """
        )
        op.execute(
            "CREATE TRIGGER mutasi_append_only BEFORE UPDATE OR DELETE ON mutasi "
            "FOR EACH ROW EXECUTE FUNCTION mutasi_tolak_ubah()"
        )
        op.execute(
            "CREATE TRIGGER mutasi_tanpa_truncate BEFORE TRUNCATE ON mutasi "
            "FOR EACH STATEMENT EXECUTE FUNCTION mutasi_tolak_ubah()"
        )
    else:
        for aksi in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER mutasi_tolak_{aksi.lower()} BEFORE {aksi} ON mutasi "
                f"BEGIN SELECT RAISE(ABORT, '{PESAN}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER mutasi_tanpa_truncate ON mutasi")
        op.execute("DROP TRIGGER mutasi_append_only ON mutasi")
        op.execute("DROP FUNCTION mutasi_tolak_ubah()")
    else:
        op.execute("DROP TRIGGER mutasi_tolak_update")
        op.execute("DROP TRIGGER mutasi_tolak_delete")
