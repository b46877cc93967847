"""Bulk loading of DataFrames: COPY on PostgreSQL, raw executemany in big batches on SQLite."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import DateTime, Table, TypeDecorator
from sqlalchemy.orm import Session

from dashboard.db.kampanye import kampanye_sesi

UKURAN_BATCH = 100_000


def sisip_massal(session: Session, table: Table, df: pd.DataFrame) -> int:
    """Insert every row of `df` (columns named as the table's) inside the session's transaction.

    Rows of a campaign-scoped table without a `pemilihan_kode` column belong to the session's
    campaign (db.kampanye): the raw load bypasses the column default that would say so.
    """
    if df.empty:
        return 0
    if "pemilihan_kode" in table.columns and "pemilihan_kode" not in df.columns:
        df = df.assign(pemilihan_kode=kampanye_sesi(session))
    cols = [c for c in table.columns if c.name in df.columns]
    data = df[[c.name for c in cols]].copy()
    postgres = session.get_bind().dialect.name == "postgresql"
    for c in cols:
        jenis = c.type.impl_instance if isinstance(c.type, TypeDecorator) else c.type
        if isinstance(jenis, DateTime) and pd.api.types.is_datetime64_any_dtype(data[c.name]):
            s = data[c.name]
            if s.dt.tz is None:
                s = s.dt.tz_localize("UTC")
            # SQLite keeps SQLAlchemy's naive-UTC text form; PostgreSQL takes aware values.
            data[c.name] = (
                s if postgres else s.dt.tz_convert("UTC").dt.strftime("%Y-%m-%d %H:%M:%S.%f")
            )
    data = data.astype(object).where(data.notna(), None)
    rows = list(data.itertuples(index=False, name=None))
    names = ", ".join(c.name for c in cols)
    dbapi = session.connection().connection.driver_connection
    if dbapi is None:
        raise RuntimeError("Koneksi basis data sudah ditutup; sisip massal tidak dapat berjalan")
    if postgres:
        with dbapi.cursor() as cur, cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(cols))})"
        cur = dbapi.cursor()
        for i in range(0, len(rows), UKURAN_BATCH):
            cur.executemany(sql, rows[i : i + UKURAN_BATCH])
        cur.close()
    return len(rows)
