"""kampanye: several campaigns in one database (docs/kampanye.md)

Revision ID: 0019
Revises: 0018

Every campaign-scoped table gets `pemilihan_kode`, filled with the one election the database
held until now, so every figure stays what it was. The catalogue's key becomes (campaign,
kode): two elections may both have a "KOTAK". Item references become (campaign, item);
summaries, reasonable bounds and TPS numbers are keyed within their campaign.

SQLite: the append-only ledger and the tables whose key stays get their column with ALTER
TABLE (its default keeps the old rows' value, so it stays in the schema; the app always names
the campaign) and their item reference rewritten in the stored definition, SQLite's documented
way for a constraint change that leaves the stored rows as they are; tables whose key changes
are copied (batch). Foreign keys are off for the copy (env.py) and checked afterwards.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# Tables that only gain the column (and an index on it).
TAMBAH = (
    "tps",
    "kebutuhan",
    "mutasi",
    "kejadian",
    "snapshot",
    "keputusan",
    "rencana_armada",
    "risiko",
    "pinjaman",
    "catatan_koordinasi",
)
# Tables whose key gains the campaign: (table, new key).
KUNCI = {
    "ringkasan": ("pemilihan_kode", "wilayah_kode", "jenis_kode", "tahap"),
    "ringkasan_harian": ("pemilihan_kode", "wilayah_kode", "jenis_kode", "tahap", "tanggal"),
    "ringkasan_wilayah": ("pemilihan_kode", "wilayah_kode"),
    "batas_wajar": ("pemilihan_kode", "wilayah_kode", "jenis_kode"),
}
# Tables that refer to a catalogue item.
RUJUK_JENIS = (
    "kebutuhan",
    "mutasi",
    "batas_wajar",
    "ringkasan",
    "ringkasan_harian",
    "kejadian",
    "pinjaman",
)


def _kode_lama() -> str | None:
    """The one election this database held (None for a database without one)."""
    kode = [r[0] for r in op.get_bind().exec_driver_sql("SELECT kode FROM pemilihan")]
    if len(kode) > 1:
        raise RuntimeError(
            "Basis data memuat lebih dari satu pemilihan sebelum migrasi kampanye: "
            + ", ".join(kode)
        )
    return kode[0] if kode else None


def _kolom(bawaan: str | None) -> sa.Column:
    return sa.Column(
        "pemilihan_kode",
        sa.String(20),
        sa.ForeignKey("pemilihan.kode", name=None),
        nullable=False,
        server_default=bawaan or "",
    )


def _indeks(tabel: str) -> None:
    # The ledger's with the time received: a campaign's newest entries and its "Data per".
    if tabel == "mutasi":
        op.create_index(
            "ix_mutasi_pemilihan_kode_dicatat_pada", "mutasi", ["pemilihan_kode", "dicatat_pada"]
        )
    else:
        op.create_index(f"ix_{tabel}_pemilihan_kode", tabel, ["pemilihan_kode"])


def _indeks_nama(tabel: str) -> str:
    return (
        "ix_mutasi_pemilihan_kode_dicatat_pada"
        if tabel == "mutasi"
        else f"ix_{tabel}_pemilihan_kode"
    )


def upgrade() -> None:
    kode = _kode_lama()
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql(kode)
    else:
        _upgrade_sqlite(kode)


def _fk_jenis(tabel: str) -> None:
    op.create_foreign_key(
        f"fk_{tabel}_jenis_logistik",
        tabel,
        "jenis_logistik",
        ["pemilihan_kode", "jenis_kode"],
        ["pemilihan_kode", "kode"],
    )


def _upgrade_postgresql(kode: str | None) -> None:
    for t in RUJUK_JENIS:
        op.drop_constraint(f"fk_{t}_jenis_kode_jenis_logistik", t, type_="foreignkey")
    op.drop_constraint("pk_jenis_logistik", "jenis_logistik", type_="primary")
    op.create_primary_key("pk_jenis_logistik", "jenis_logistik", ["pemilihan_kode", "kode"])
    for t in (*TAMBAH, *KUNCI):
        # A constant default fills the existing rows without an UPDATE (the ledger refuses
        # those); it is dropped at once, so a row the app did not tag is refused, not guessed.
        op.add_column(
            t,
            sa.Column("pemilihan_kode", sa.String(20), nullable=False, server_default=kode or ""),
        )
        op.alter_column(t, "pemilihan_kode", server_default=None)
        op.create_foreign_key(
            f"fk_{t}_pemilihan_kode_pemilihan", t, "pemilihan", ["pemilihan_kode"], ["kode"]
        )
    for t in TAMBAH:
        _indeks(t)
    for t, kunci in KUNCI.items():
        op.drop_constraint(f"pk_{t}", t, type_="primary")
        op.create_primary_key(f"pk_{t}", t, list(kunci))
    op.drop_constraint("uq_tps_desa_kode_nomor", "tps", type_="unique")
    op.create_unique_constraint(
        "uq_tps_pemilihan_kode_desa_kode_nomor", "tps", ["pemilihan_kode", "desa_kode", "nomor"]
    )
    for t in RUJUK_JENIS:
        _fk_jenis(t)


def _sql_tabel(nama: str) -> str:
    sql: str = (
        op.get_bind()
        .exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (nama,))
        .scalar_one()
    )
    return sql


def _tulis_sql_tabel(nama: str, sql: str) -> None:
    koneksi = op.get_bind()
    koneksi.exec_driver_sql("PRAGMA writable_schema = ON")
    koneksi.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, nama)
    )
    koneksi.exec_driver_sql("PRAGMA writable_schema = OFF")


def _upgrade_sqlite(kode: str | None) -> None:
    koneksi = op.get_bind()
    bawaan = (kode or "").replace("'", "''")
    with op.batch_alter_table("jenis_logistik", recreate="always") as b:
        b.drop_constraint("pk_jenis_logistik", type_="primary")
        b.create_primary_key("pk_jenis_logistik", ["pemilihan_kode", "kode"])
    for t in TAMBAH:
        if t == "tps":
            continue
        koneksi.exec_driver_sql(
            f"ALTER TABLE {t} ADD COLUMN pemilihan_kode VARCHAR(20) NOT NULL "
            f"DEFAULT '{bawaan}' "
            f"CONSTRAINT fk_{t}_pemilihan_kode_pemilihan REFERENCES pemilihan (kode)"
        )
        _indeks(t)
        if t in RUJUK_JENIS:
            lama = (
                f"CONSTRAINT fk_{t}_jenis_kode_jenis_logistik FOREIGN KEY(jenis_kode) "
                "REFERENCES jenis_logistik (kode)"
            )
            sql = _sql_tabel(t)
            if lama not in sql:
                raise RuntimeError(f"Rujukan jenis logistik tabel {t} tidak dikenali: {sql}")
            _tulis_sql_tabel(
                t,
                sql.replace(
                    lama,
                    f"CONSTRAINT fk_{t}_jenis_logistik FOREIGN KEY(pemilihan_kode, jenis_kode) "
                    "REFERENCES jenis_logistik (pemilihan_kode, kode)",
                ),
            )
    with op.batch_alter_table("tps", recreate="always") as b:
        b.add_column(_kolom(kode))
        b.create_foreign_key(
            "fk_tps_pemilihan_kode_pemilihan", "pemilihan", ["pemilihan_kode"], ["kode"]
        )
        b.drop_constraint("uq_tps_desa_kode_nomor", type_="unique")
        b.create_unique_constraint(
            "uq_tps_pemilihan_kode_desa_kode_nomor", ["pemilihan_kode", "desa_kode", "nomor"]
        )
        b.create_index("ix_tps_pemilihan_kode", ["pemilihan_kode"])
    for t, kunci in KUNCI.items():
        with op.batch_alter_table(t, recreate="always") as b:
            b.add_column(_kolom(kode))
            b.create_foreign_key(
                f"fk_{t}_pemilihan_kode_pemilihan", "pemilihan", ["pemilihan_kode"], ["kode"]
            )
            if t in RUJUK_JENIS:
                b.drop_constraint(f"fk_{t}_jenis_kode_jenis_logistik", type_="foreignkey")
                b.create_foreign_key(
                    f"fk_{t}_jenis_logistik",
                    "jenis_logistik",
                    ["pemilihan_kode", "jenis_kode"],
                    ["pemilihan_kode", "kode"],
                )
            b.drop_constraint(f"pk_{t}", type_="primary")
            b.create_primary_key(f"pk_{t}", list(kunci))
    salah = koneksi.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if salah:
        raise RuntimeError(f"Rujukan rusak setelah migrasi kampanye: {salah[:5]}")


PESAN_MUTASI = "buku besar mutasi hanya boleh ditambah (append-only)"  # revision 0008


def downgrade() -> None:
    """Back to one campaign per database: only while the database holds one."""
    kode = [r[0] for r in op.get_bind().exec_driver_sql("SELECT kode FROM pemilihan")]
    if len(kode) > 1:
        raise RuntimeError(
            "Basis data memuat beberapa kampanye (" + ", ".join(kode) + "); skema lama hanya "
            "memuat satu. Pulihkan cadangan sebelum migrasi kampanye."
        )
    postgres = op.get_bind().dialect.name == "postgresql"
    for t in RUJUK_JENIS:
        if postgres:
            op.drop_constraint(f"fk_{t}_jenis_logistik", t, type_="foreignkey")
    if postgres:
        op.drop_constraint("uq_tps_pemilihan_kode_desa_kode_nomor", "tps", type_="unique")
        op.create_unique_constraint("uq_tps_desa_kode_nomor", "tps", ["desa_kode", "nomor"])
        for t, kunci in KUNCI.items():
            op.drop_constraint(f"pk_{t}", t, type_="primary")
            op.create_primary_key(f"pk_{t}", t, [k for k in kunci if k != "pemilihan_kode"])
        for t in TAMBAH:
            op.drop_index(_indeks_nama(t), table_name=t)
        for t in (*TAMBAH, *KUNCI):
            op.drop_column(t, "pemilihan_kode")  # its foreign key goes with it
        op.drop_constraint("pk_jenis_logistik", "jenis_logistik", type_="primary")
        op.create_primary_key("pk_jenis_logistik", "jenis_logistik", ["kode"])
        for t in RUJUK_JENIS:
            op.create_foreign_key(
                f"fk_{t}_jenis_kode_jenis_logistik", t, "jenis_logistik", ["jenis_kode"], ["kode"]
            )
        return
    # SQLite drops no column that holds a reference: every table is copied (batch); the
    # ledger's append-only triggers go with its copy and are put back (as revision 0008 does).
    for aksi in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS mutasi_tolak_{aksi.lower()}")
    for t in (*TAMBAH, *KUNCI):
        with op.batch_alter_table(t, recreate="always") as b:
            if t in RUJUK_JENIS:
                b.drop_constraint(f"fk_{t}_jenis_logistik", type_="foreignkey")
            if t in KUNCI:
                b.drop_constraint(f"pk_{t}", type_="primary")
                b.create_primary_key(f"pk_{t}", [k for k in KUNCI[t] if k != "pemilihan_kode"])
            else:
                b.drop_index(_indeks_nama(t))
            if t == "tps":
                b.drop_constraint("uq_tps_pemilihan_kode_desa_kode_nomor", type_="unique")
                b.create_unique_constraint("uq_tps_desa_kode_nomor", ["desa_kode", "nomor"])
            if t == "tps" or t in KUNCI:  # named by the copy; an added column's goes with it
                b.drop_constraint(f"fk_{t}_pemilihan_kode_pemilihan", type_="foreignkey")
            b.drop_column("pemilihan_kode")
    with op.batch_alter_table("jenis_logistik", recreate="always") as b:
        b.drop_constraint("pk_jenis_logistik", type_="primary")
        b.create_primary_key("pk_jenis_logistik", ["kode"])
    for t in RUJUK_JENIS:
        with op.batch_alter_table(t, recreate="always") as b:
            b.create_foreign_key(
                f"fk_{t}_jenis_kode_jenis_logistik", "jenis_logistik", ["jenis_kode"], ["kode"]
            )
    for aksi in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER mutasi_tolak_{aksi.lower()} BEFORE {aksi} ON mutasi "
            f"BEGIN SELECT RAISE(ABORT, '{PESAN_MUTASI}'); END"
        )
