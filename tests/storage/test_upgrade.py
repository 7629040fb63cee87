"""A database from an older branchtui is upgraded on open: backup first, data kept."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

from alembic import command

from branchtui.storage import location, schema
from branchtui.storage.database import IMMEDIATE, make_engine, open_database
from branchtui.storage.migrate import alembic_config
from tests.conftest import CliRunner


def make_old_database(path: Path, revision: str = "0001") -> None:
    """A database as branchtui at `revision` left it, with one plan item."""
    path.parent.mkdir(parents=True, exist_ok=True)
    location.create_file(path, location.Sharing(None))
    engine = make_engine(path, "rw", foreign_keys=False)
    with engine.connect() as plain:
        connection = plain.execution_options(**{IMMEDIATE: True})
        with connection.begin():
            command.upgrade(alembic_config(connection), revision)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO plan_item (uid, year, number, title, category, status, progress,"
            " created_at, updated_at, version) VALUES ('u-1', 2024, 1, '学习', 'study', 'todo',"
            " 40, '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00', 1)"
        )


def revision_of(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_an_older_database_is_backed_up_then_upgraded(db_path: Path) -> None:
    make_old_database(db_path)
    assert revision_of(db_path) == "0001"

    db = open_database(str(db_path), user="tester")
    db.close()

    assert revision_of(db_path) == schema.HEAD
    backups = sorted(db_path.parent.glob("branch.db.bak-0001-*"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    assert revision_of(backups[0]) == "0001"  # the copy is the database as it was
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT title, progress FROM plan_item").fetchall() == [
            ("学习", 40)
        ]
        indexes = {row[1] for row in connection.execute("PRAGMA index_list('step')")}
        assert "ix_step_summary" in indexes
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_status_upgrades_an_older_database_then_answers(cli: CliRunner, db_path: Path) -> None:
    make_old_database(db_path)
    result = cli(f"status --json --year 2024 --db {db_path}")
    assert result.code == 0, result.err
    assert json.loads(result.out)["plan"]["total"] == 1
    assert revision_of(db_path) == schema.HEAD


def test_a_read_only_user_cannot_upgrade(cli: CliRunner, db_path: Path) -> None:
    make_old_database(db_path)
    result = cli(f"--read-only item list --year 2024 --db {db_path} --lang en")
    assert result.code == 1
    assert "upgrade" in result.err and result.err.count("\n") == 1
    assert revision_of(db_path) == "0001"
