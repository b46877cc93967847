"""A database from an older version: the app refuses it in words, `migrate` (or the run script's
`demo --jika-belum-ada`) brings it up to date with its data, and then the app serves it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from dashboard.db import models
from dashboard.db.engine import pembuat_sesi, revisi_skema
from dashboard.factory import SkemaUsang, create_app
from dashboard.tools.cli import main
from tests.support.migrasi import mundur
from tests.support.pengaturan import settings_uji


def _mundur_ke_0005(engine) -> int:  # type: ignore[no-untyped-def]
    """Take the schema back to the version before meeting decisions; return the ledger size."""
    mundur(engine, "0005")
    with engine.connect() as c:  # the old schema: no campaign column for the models to use
        return int(c.execute(text("SELECT count(*) FROM mutasi")).scalar_one())


def test_an_old_schema_is_refused_in_words_then_migrate_brings_it_up(
    kampanye_kecil, db_url, monkeypatch, capsys
):
    engine, _ = kampanye_kecil
    mutasi = _mundur_ke_0005(engine)
    with pytest.raises(SkemaUsang) as e:
        create_app(settings_uji(db_url))
    assert "versi 0005" in str(e.value) and "python -m dashboard migrate" in str(e.value)

    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["migrate"]) == 0
    assert "dari versi 0005 ke" in capsys.readouterr().out
    assert revisi_skema(engine)[0] == revisi_skema(engine)[1]
    with pembuat_sesi(engine)() as s:
        assert s.scalar(select(func.count()).select_from(models.Mutasi)) == mutasi
        assert s.scalar(select(func.count()).select_from(models.Keputusan)) == 0
    app = create_app(settings_uji(db_url))
    assert app.server.test_client().get("/rapat").status_code == 200

    assert main(["migrate"]) == 0
    assert "sudah versi terbaru" in capsys.readouterr().out


def test_the_run_script_updates_an_existing_demo_database(
    kampanye_kecil, db_url, monkeypatch, capsys
):
    engine, _ = kampanye_kecil
    mutasi = _mundur_ke_0005(engine)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["demo", "--jika-belum-ada"]) == 0
    keluaran = capsys.readouterr().out
    assert "Skema diperbarui dari versi 0005" in keluaran and "tidak dibangun ulang" in keluaran
    with pembuat_sesi(engine)() as s:
        assert s.scalar(select(func.count()).select_from(models.Mutasi)) == mutasi
    create_app(settings_uji(db_url))


@pytest.mark.parametrize("perintah", [["migrate"], ["check"], ["demo", "--jika-belum-ada"]])
def test_an_unreachable_database_is_named_in_words_without_its_password(
    perintah, monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://kpu:rahasia@127.0.0.1:1/kendali")
    assert main(perintah) == 2
    galat = capsys.readouterr().err
    assert "basis data postgresql+psycopg://kpu:***@127.0.0.1:1/kendali tidak dapat dihubungi" in (
        galat
    )
    assert "rahasia" not in galat and "Traceback" not in galat
