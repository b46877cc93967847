"""diterima_cukup: kedatangan dihitung hingga kebutuhan tiap lokasi saja

Revision ID: 0010
Revises: 0009

A surplus at one PPS must not hide a gap at another: each summary row gets the sum over its
locations of min(received, need). The column is filled from the stored location rows, so an
existing database carries over without a recompute.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Length of a location's code per hop: kab/kota gudang, kecamatan PPK, desa PPS and TPS.
PANJANG_LOKASI = {"gudang": 5, "ppk": 8, "pps": 13, "tps": 13}


def upgrade() -> None:
    with op.batch_alter_table("ringkasan") as batch:
        batch.add_column(
            sa.Column("diterima_cukup", sa.BigInteger(), nullable=False, server_default="0")
        )
    # Location rows first, then summed up to every stored ancestor (codes are prefixes).
    koneksi = op.get_bind()
    baris = koneksi.execute(
        sa.text(
            "SELECT wilayah_kode, jenis_kode, tahap, kebutuhan, diterima_baik"
            " + diterima_rusak_ringan + diterima_rusak_berat FROM ringkasan"
        )
    ).all()
    jumlah: dict[tuple[str, str, str], int] = {}
    for kode, jenis, tahap, kebutuhan, diterima in baris:
        if len(kode) != PANJANG_LOKASI.get(tahap):
            continue
        cukup = min(max(int(diterima), 0), int(kebutuhan))
        for n in (5, 8, 13):
            if n <= len(kode):
                kunci = (kode[:n], jenis, tahap)
                jumlah[kunci] = jumlah.get(kunci, 0) + cukup
    isi = [{"k": k, "j": j, "t": t, "v": v} for (k, j, t), v in jumlah.items() if v]
    if isi:
        koneksi.execute(
            sa.text(
                "UPDATE ringkasan SET diterima_cukup = :v"
                " WHERE wilayah_kode = :k AND jenis_kode = :j AND tahap = :t"
            ),
            isi,
        )


def downgrade() -> None:
    with op.batch_alter_table("ringkasan") as batch:
        batch.drop_column("diterima_cukup")
