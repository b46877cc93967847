"""armada: kendaraan per kab/kota, rencana armada, ukuran satuan jenis logistik

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
# Written beside 0012 (routes, issue 18 part 1) on another branch: whoever merges both sets
# this to "0012" so the chain is 0011 → 0012 → 0013. Nothing else here depends on 0012.
down_revision = "0012"
branch_labels = None
depends_on = None

# Unit sizes (litres, kg) of the catalogue items as of this migration (data/katalog/*.toml,
# all "perkiraan"), so a database from before it plans with real loads, not zero, until its
# catalogue is loaded again.
UKURAN_AWAL = {
    "SS-PRES": (0.008, 0.006),
    "SS-DPR": (0.02, 0.016),
    "SS-DPD": (0.012, 0.01),
    "SS-DPRDP": (0.02, 0.016),
    "SS-DPRDK": (0.02, 0.016),
    "KOTAK": (20.0, 2.0),
    "BILIK": (15.0, 1.5),
    "TINTA": (0.1, 0.08),
    "SEGEL": (0.01, 0.005),
    "SAMPUL": (2.0, 1.0),
    "FORMULIR": (1.0, 0.8),
    "BRAILLE": (0.3, 0.05),
    "DCT": (1.5, 0.6),
    "SS-GUB": (0.008, 0.006),
    "SS-BUP": (0.008, 0.006),
    "SS-WAL": (0.008, 0.006),
    "ALAT-COBLOS": (0.05, 0.02),
    "DPC": (0.3, 0.1),
}


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+ and PostgreSQL): a batch copy would drop and recreate
    # jenis_logistik, which the ledger and the summaries reference.
    op.add_column(
        "jenis_logistik", sa.Column("volume_liter", sa.Float(), server_default="0", nullable=False)
    )
    op.add_column(
        "jenis_logistik", sa.Column("berat_kg", sa.Float(), server_default="0", nullable=False)
    )
    op.get_bind().execute(
        sa.text("UPDATE jenis_logistik SET volume_liter = :v, berat_kg = :b WHERE kode = :k"),
        [{"k": k, "v": v, "b": b} for k, (v, b) in UKURAN_AWAL.items()],
    )
    op.create_table(
        "kendaraan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kabkota_kode", sa.String(length=13), nullable=False),
        sa.Column("nama", sa.String(length=80), nullable=False),
        sa.Column("nomor", sa.String(length=20), nullable=False),
        sa.Column("jenis", sa.String(length=8), nullable=False),
        sa.Column("moda", sa.String(length=6), nullable=False),
        sa.Column("kapasitas_m3", sa.Float(), nullable=False),
        sa.Column("kapasitas_kg", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=6), nullable=False),
        sa.Column("alasan_status", sa.Text(), nullable=False),
        sa.Column("cadangan", sa.Boolean(), nullable=False),
        sa.Column("diubah_oleh", sa.Integer(), nullable=True),
        sa.Column("diubah_pada", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "jenis IN ('truk', 'pikap', 'kapal', 'pesawat')", name=op.f("ck_kendaraan_jenis")
        ),
        sa.CheckConstraint("moda IN ('darat', 'laut', 'udara')", name=op.f("ck_kendaraan_moda")),
        sa.CheckConstraint("status IN ('siap', 'rusak')", name=op.f("ck_kendaraan_status")),
        sa.CheckConstraint(
            "kapasitas_m3 > 0 AND kapasitas_kg > 0", name=op.f("ck_kendaraan_kapasitas")
        ),
        sa.ForeignKeyConstraint(
            ["diubah_oleh"], ["pengguna.id"], name=op.f("fk_kendaraan_diubah_oleh_pengguna")
        ),
        sa.ForeignKeyConstraint(
            ["kabkota_kode"], ["wilayah.kode"], name=op.f("fk_kendaraan_kabkota_kode_wilayah")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kendaraan")),
        sa.UniqueConstraint("nomor", name=op.f("uq_kendaraan_nomor")),
    )
    op.create_index("ix_kendaraan_kabkota_kode", "kendaraan", ["kabkota_kode"], unique=False)
    op.create_table(
        "rencana_armada",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kabkota_kode", sa.String(length=13), nullable=False),
        sa.Column("tahap", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("rencana", sa.JSON(), nullable=False),
        sa.Column("perubahan", sa.Text(), nullable=False),
        sa.Column("dibuat_oleh", sa.Integer(), nullable=True),
        sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
        sa.Column("diterima_oleh", sa.Integer(), nullable=True),
        sa.Column("diterima_pada", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("tahap IN ('ppk', 'pps')", name=op.f("ck_rencana_armada_tahap")),
        sa.CheckConstraint(
            "status IN ('usulan', 'diterima', 'diganti')", name=op.f("ck_rencana_armada_status")
        ),
        sa.ForeignKeyConstraint(
            ["dibuat_oleh"], ["pengguna.id"], name=op.f("fk_rencana_armada_dibuat_oleh_pengguna")
        ),
        sa.ForeignKeyConstraint(
            ["diterima_oleh"],
            ["pengguna.id"],
            name=op.f("fk_rencana_armada_diterima_oleh_pengguna"),
        ),
        sa.ForeignKeyConstraint(
            ["kabkota_kode"], ["wilayah.kode"], name=op.f("fk_rencana_armada_kabkota_kode_wilayah")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rencana_armada")),
    )
    op.create_index(
        "ix_rencana_armada_kabkota_tahap_status",
        "rencana_armada",
        ["kabkota_kode", "tahap", "status"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_rencana_armada_kabkota_tahap_status", table_name="rencana_armada")
    op.drop_table("rencana_armada")
    op.drop_index("ix_kendaraan_kabkota_kode", table_name="kendaraan")
    op.drop_table("kendaraan")
    op.execute("ALTER TABLE jenis_logistik DROP COLUMN berat_kg")
    op.execute("ALTER TABLE jenis_logistik DROP COLUMN volume_liter")
