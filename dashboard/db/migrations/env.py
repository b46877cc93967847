"""Alembic environment: runs migrations on the engine handed over by dashboard.db.engine."""

from alembic import context

from dashboard.db.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    from dashboard.db.engine import buat_engine
    from dashboard.settings import Settings

    engine = buat_engine(Settings.from_env().database_url)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
