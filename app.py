"""WSGI entry point: `python app.py` for a local run, `gunicorn app:server` for deployment."""

from dashboard.factory import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    settings = server.config["SETTINGS"]
    app.run(host=settings.host, port=settings.port, debug=False)
