"""jaringan jalan per provinsi, lintasan laut/udara, ruas tertutup

Revision ID: 0012
Revises: 0011

Routes from gudang to PPK and PPS (issue 18): a province's road network kept as one compressed
blob, the water and air legs admins enter, and the roads closed by flood or landslide.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _waktu() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "jaringan_jalan",
        sa.Column("provinsi_kode", sa.String(length=2), nullable=False),
        sa.Column("jenis", sa.String(length=10), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("sumber", sa.String(length=255), nullable=False),
        sa.Column("jumlah_simpul", sa.Integer(), nullable=False),
        sa.Column("jumlah_ruas", sa.Integer(), nullable=False),
        sa.Column("dibangun_pada", _waktu(), nullable=False),
        sa.CheckConstraint("jenis IN ('osm', 'perkiraan')", name=op.f("ck_jaringan_jalan_jenis")),
        sa.PrimaryKeyConstraint("provinsi_kode", name=op.f("pk_jaringan_jalan")),
    )
    op.create_table(
        "lintasan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provinsi_kode", sa.String(length=2), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("moda", sa.String(length=6), nullable=False),
        sa.Column("asal_nama", sa.String(length=120), nullable=False),
        sa.Column("asal_kode", sa.String(length=13), nullable=True),
        sa.Column("asal_lat", sa.Float(), nullable=False),
        sa.Column("asal_lon", sa.Float(), nullable=False),
        sa.Column("tujuan_nama", sa.String(length=120), nullable=False),
        sa.Column("tujuan_kode", sa.String(length=13), nullable=True),
        sa.Column("tujuan_lat", sa.Float(), nullable=False),
        sa.Column("tujuan_lon", sa.Float(), nullable=False),
        sa.Column("durasi_menit", sa.Integer(), nullable=False),
        sa.Column("jadwal", sa.String(length=200), nullable=False),
        sa.Column("kapasitas_kg", sa.Integer(), nullable=True),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("dibuat_oleh", sa.Integer(), nullable=True),
        sa.Column("dibuat_pada", _waktu(), nullable=False),
        sa.CheckConstraint("moda IN ('laut', 'udara')", name=op.f("ck_lintasan_moda")),
        sa.CheckConstraint("durasi_menit > 0", name=op.f("ck_lintasan_durasi_positif")),
        sa.ForeignKeyConstraint(
            ["asal_kode"], ["wilayah.kode"], name=op.f("fk_lintasan_asal_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["tujuan_kode"], ["wilayah.kode"], name=op.f("fk_lintasan_tujuan_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["dibuat_oleh"], ["pengguna.id"], name=op.f("fk_lintasan_dibuat_oleh_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lintasan")),
    )
    op.create_index("ix_lintasan_provinsi_kode", "lintasan", ["provinsi_kode"], unique=False)
    op.create_table(
        "ruas_tertutup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provinsi_kode", sa.String(length=2), nullable=False),
        sa.Column("kabkota_kode", sa.String(length=13), nullable=False),
        sa.Column("asal_kode", sa.String(length=13), nullable=True),
        sa.Column("asal_lat", sa.Float(), nullable=False),
        sa.Column("asal_lon", sa.Float(), nullable=False),
        sa.Column("tujuan_kode", sa.String(length=13), nullable=True),
        sa.Column("tujuan_lat", sa.Float(), nullable=True),
        sa.Column("tujuan_lon", sa.Float(), nullable=True),
        sa.Column("radius_m", sa.Float(), nullable=False),
        sa.Column("alasan", sa.String(length=20), nullable=False),
        sa.Column("keterangan", sa.Text(), nullable=False),
        sa.Column("kejadian_id", sa.Integer(), nullable=True),
        sa.Column("aktif", sa.Boolean(), nullable=False),
        sa.Column("dibuat_oleh", sa.Integer(), nullable=True),
        sa.Column("dibuat_pada", _waktu(), nullable=False),
        sa.Column("dibuka_oleh", sa.Integer(), nullable=True),
        sa.Column("dibuka_pada", _waktu(), nullable=True),
        sa.CheckConstraint(
            "alasan IN ('banjir', 'longsor', 'jembatan_putus', 'jalan_rusak', 'keamanan', "
            "'lainnya')",
            name=op.f("ck_ruas_tertutup_alasan"),
        ),
        sa.ForeignKeyConstraint(
            ["kabkota_kode"], ["wilayah.kode"], name=op.f("fk_ruas_tertutup_kabkota_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["asal_kode"], ["wilayah.kode"], name=op.f("fk_ruas_tertutup_asal_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["tujuan_kode"], ["wilayah.kode"], name=op.f("fk_ruas_tertutup_tujuan_kode_wilayah")
        ),
        sa.ForeignKeyConstraint(
            ["kejadian_id"], ["kejadian.id"], name=op.f("fk_ruas_tertutup_kejadian_id_kejadian")
        ),
        sa.ForeignKeyConstraint(
            ["dibuat_oleh"], ["pengguna.id"], name=op.f("fk_ruas_tertutup_dibuat_oleh_pengguna")
        ),
        sa.ForeignKeyConstraint(
            ["dibuka_oleh"], ["pengguna.id"], name=op.f("fk_ruas_tertutup_dibuka_oleh_pengguna")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ruas_tertutup")),
    )
    op.create_index("ix_ruas_tertutup_provinsi_aktif", "ruas_tertutup", ["provinsi_kode", "aktif"])


def downgrade() -> None:
    op.drop_index("ix_ruas_tertutup_provinsi_aktif", table_name="ruas_tertutup")
    op.drop_table("ruas_tertutup")
    op.drop_index("ix_lintasan_provinsi_kode", table_name="lintasan")
    op.drop_table("lintasan")
    op.drop_table("jaringan_jalan")
