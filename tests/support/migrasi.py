"""Taking a test database back to an older schema."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, text

from dashboard.db.engine import alembic_config


def mundur(engine: Engine, revisi: str) -> None:
    """Downgrade to `revisi`. The demo holds a Bawaslu pengawas account, which schemas before
    0015 cannot hold (the downgrade refuses while one exists): it is removed first."""
    with engine.begin() as c:
        c.execute(text("DELETE FROM pengguna WHERE peran = 'pengawas'"))
    command.downgrade(alembic_config(engine), revisi)
