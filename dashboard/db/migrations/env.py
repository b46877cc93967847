"""Alembic environment: runs migrations on the engine handed over by dashboard.db.engine."""

from alembic import context

from dashboard.db.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    from dashboard.db.engine import buat_engine
    from dashboard.settings import Settings

    engine = buat_engine(Settings.from_env().database_url)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    dbapi = connection.connection.driver_connection
    if sqlite and dbapi is not None:
        # SQLite's way to copy a table others refer to (batch mode): references off for the
        # copy, outside any transaction (the pragma is ignored inside one), checked by the
        # migration that copies, and back on before the connection returns to the pool.
        dbapi.execute("PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=sqlite,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        if sqlite and dbapi is not None:
            dbapi.execute("PRAGMA foreign_keys=ON")
