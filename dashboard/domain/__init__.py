"""Pure domain rules: no Dash, Flask, SQLAlchemy or other project layers are imported here."""
