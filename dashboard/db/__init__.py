"""Database layer: models, engine, migrations and query functions."""
