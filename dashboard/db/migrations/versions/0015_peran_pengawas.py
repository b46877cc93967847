"""peran pengawas: Bawaslu reads every page and the audit summary, and writes nothing

Revision ID: 0015
Revises: 0014

The accounts table lists the roles it accepts in a CHECK constraint; this widens the list by
'pengawas'.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

LAMA = "peran IN ('pimpinan', 'admin_provinsi', 'operator_kabkota')"
BARU = "peran IN ('pimpinan', 'admin_provinsi', 'operator_kabkota', 'pengawas')"


def _ganti_sqlite(dari: str, ke: str) -> None:
    """Rewrite the CHECK in the stored table definition, as SQLite's documentation describes
    for loosening or removing a constraint. Copying the table instead (a batch operation)
    would drop it under foreign keys that every ledger, audit and incident row holds."""
    koneksi = op.get_bind()
    sql = koneksi.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'pengguna'"
    ).scalar_one()
    if dari not in sql:
        raise RuntimeError(f"Batasan peran tabel pengguna tidak dikenali: {sql}")
    versi = koneksi.exec_driver_sql("PRAGMA schema_version").scalar_one()
    koneksi.exec_driver_sql("PRAGMA writable_schema = ON")
    koneksi.execute(
        sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'pengguna'"),
        {"sql": sql.replace(dari, ke)},
    )
    koneksi.exec_driver_sql(f"PRAGMA schema_version = {int(versi) + 1}")
    koneksi.exec_driver_sql("PRAGMA writable_schema = OFF")


def _ganti(dari: str, ke: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _ganti_sqlite(dari, ke)
        return
    op.drop_constraint(op.f("ck_pengguna_peran"), "pengguna", type_="check")
    op.create_check_constraint(op.f("ck_pengguna_peran"), "pengguna", ke)


def upgrade() -> None:
    _ganti(LAMA, BARU)


def downgrade() -> None:
    ada = op.get_bind().scalar(sa.text("SELECT count(*) FROM pengguna WHERE peran = 'pengawas'"))
    if ada:
        raise RuntimeError(
            f"{ada} akun berperan pengawas masih ada; versi sebelum 0015 tidak mengenal peran itu."
        )
    _ganti(BARU, LAMA)
