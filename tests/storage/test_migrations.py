"""Migrations: from empty to head, re-open, models and migrations agree, and the files
branchtui must refuse (a newer schema, not SQLite, corrupt, another program's database)."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import SQLModel, select

from branchtui.errors import StorageError
from branchtui.i18n import t
from branchtui.storage import migrate, schema
from branchtui.storage.database import open_database
from branchtui.storage.location import Sharing
from branchtui.storage.models import PlanItem
from tests.conftest import CliRunner
from tests.storage.helpers import add_items, query


def tables(path: Path) -> set[str]:
    rows = query(path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(name) for (name,) in rows}


def revision_of(path: Path) -> str:
    return str(query(path, "SELECT version_num FROM alembic_version")[0][0])


def test_create_migrates_empty_to_head(db_path: Path) -> None:
    assert not db_path.exists()
    db = open_database(str(db_path), user="tester", create=True)
    db.close()
    assert revision_of(db_path) == schema.HEAD
    assert set(SQLModel.metadata.tables) <= tables(db_path)
    assert query(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_empty_file_counts_as_new(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.touch()
    open_database(str(db_path), user="tester", create=True).close()
    assert revision_of(db_path) == schema.HEAD


def test_reopen_is_a_no_op(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(str(db_path), user="tester", create=True)
    add_items(db, 1)
    db.close()
    before = db_path.read_bytes()

    def no_upgrade(*args: object, **kwargs: object) -> None:
        raise AssertionError("an up-to-date database was migrated again")

    monkeypatch.setattr(migrate, "upgrade", no_upgrade)
    again = open_database(str(db_path), user="tester", create=True)
    with again.read() as session:
        assert len(session.exec(select(PlanItem)).all()) == 1
    again.close()
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.bak-*"))


def test_models_and_migrations_agree(db_path: Path) -> None:
    """The equivalent of `alembic check`: autogenerate finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    db = open_database(str(db_path), user="tester", create=True)
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        db.close()
    assert differences == []


def test_head_and_revisions_match_the_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_heads() == [schema.HEAD]
    oldest_first = [script.revision for script in scripts.walk_revisions()][::-1]
    assert list(schema.REVISIONS) == oldest_first


@pytest.mark.parametrize("create", [True, False])
def test_newer_schema_is_refused(db_path: Path, create: bool) -> None:
    open_database(str(db_path), user="tester", create=True).close()
    connection = sqlite3.connect(str(db_path))
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as caught:
        open_database(str(db_path), user="tester", create=create)
    assert caught.value.key == "db.newer_schema"
    assert str(caught.value) == t("db.newer_schema", path=str(db_path), revision="9999")
    assert db_path.read_bytes() == before


def test_newer_schema_via_cli(cli: CliRunner, db_path: Path) -> None:
    assert cli(["init", "--db", str(db_path)]).code == 0
    connection = sqlite3.connect(str(db_path))
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    result = cli(["init", "--db", str(db_path)])
    assert result.code == 1
    assert result.err.splitlines() == [
        t("error.prefix") + t("db.newer_schema", path=str(db_path), revision="9999")
    ]


@pytest.mark.parametrize("create", [True, False])
def test_text_file_is_refused_and_left_alone(db_path: Path, create: bool) -> None:
    db_path.parent.mkdir()
    db_path.write_text("一份会议记录，不是数据库\n", encoding="utf-8")
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as caught:
        open_database(str(db_path), user="tester", create=create)
    assert caught.value.key == "db.not_sqlite"
    assert str(db_path) in str(caught.value)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_text_file_via_cli(cli: CliRunner, db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(b"name,phone\nzhang,123\n")
    result = cli(["init", "--db", str(db_path)])
    assert result.code == 1
    assert result.err.splitlines() == [t("error.prefix") + t("db.not_sqlite", path=str(db_path))]
    assert db_path.read_bytes() == b"name,phone\nzhang,123\n"


def _corrupt(path: Path, keep: int) -> None:
    """Keep the first `keep` bytes of a real database, fill the rest with garbage."""
    data = path.read_bytes()
    noise = random.Random(7).randbytes(len(data) - keep)
    path.write_bytes(data[:keep] + noise)


@pytest.mark.parametrize("keep", [100, 4096], ids=["header-only", "first-page"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_corrupt_file_gives_one_clear_line(
    cli: CliRunner, db_path: Path, keep: int, lang: str
) -> None:
    db = open_database(str(db_path), user="tester", create=True)
    add_items(db, 3)
    db.close()
    _corrupt(db_path, keep)
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")
    for args in (["init"], ["--read-only", "init"], ["backup", str(db_path.parent / "copy.db")]):
        result = cli([*args, "--db", str(db_path), "--lang", lang])
        assert result.code == 1, (args, result)
        lines = result.err.splitlines()
        assert len(lines) == 1, (args, result.err)
        assert "Traceback" not in result.err
        assert str(db_path) in lines[0]
        prefix = "错误：数据库" if lang == "zh" else "Error: "
        assert lines[0].startswith(prefix), lines[0]
        assert ("已损坏" if lang == "zh" else "damaged") in lines[0] or "corrupt" in lines[0]


def test_foreign_sqlite_file_is_refused_and_left_alone(cli: CliRunner, db_path: Path) -> None:
    db_path.parent.mkdir()
    connection = sqlite3.connect(str(db_path))
    with connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        connection.execute("INSERT INTO notes (body) VALUES ('别的程序的数据')")
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as caught:
        open_database(str(db_path), user="tester", create=True)
    assert caught.value.key == "db.foreign"
    with pytest.raises(StorageError) as caught:
        open_database(str(db_path), user="tester")
    assert caught.value.key == "db.foreign"  # not "run init": init would not take it either
    result = cli(["init", "--db", str(db_path)])
    assert result.code == 1
    assert result.err.splitlines() == [t("error.prefix") + t("db.foreign", path=str(db_path))]
    assert db_path.read_bytes() == before
    assert tables(db_path) == {"notes"}


_PROBE = """
import json, sys
from sqlmodel import select
from branchtui.storage.database import open_database
from branchtui.storage.models import PlanItem
db = open_database(sys.argv[1], user="probe", create=sys.argv[2] == "create")
with db.read() as session:
    count = len(session.exec(select(PlanItem)).all())
db.close()
heavy = ("alembic", "alembic.runtime.migration", "alembic.operations", "alembic.autogenerate",
         "alembic.ddl", "mako", "branchtui.storage.migrate")
print(json.dumps({"count": count, "loaded": sorted(m for m in heavy if m in sys.modules),
                  "any_alembic": sorted(m for m in sys.modules if m.split(".")[0] == "alembic")}))
"""


def _probe(path: Path, mode: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), mode],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_opening_an_up_to_date_database_loads_no_migration_machinery(db_path: Path) -> None:
    db = open_database(str(db_path), user="tester", create=True)
    add_items(db, 2)
    db.close()
    result = _probe(db_path, "open")
    assert result == {"count": 2, "loaded": [], "any_alembic": []}
    # `create` on an up-to-date database is still only a check.
    assert _probe(db_path, "create")["loaded"] == []


def test_the_probe_sees_alembic_when_a_migration_runs(db_path: Path) -> None:
    """The check above can fail: creating a database does load Alembic."""
    db_path.parent.mkdir()
    result = _probe(db_path, "create")
    assert "alembic.runtime.migration" in result["loaded"]  # type: ignore[operator]
    assert "branchtui.storage.migrate" in result["loaded"]  # type: ignore[operator]


def test_creating_a_database_makes_no_backup(db_path: Path) -> None:
    open_database(str(db_path), user="tester", create=True).close()
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


class _Clock:
    """Stands in for migrate.datetime: each call to now() is one minute later."""

    def __init__(self) -> None:
        self.at = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)

    def now(self, tz: object = None) -> datetime:
        self.at += timedelta(minutes=1)
        return self.at


def test_backup_copy_keeps_the_newest_three_with_mode_0600(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(str(db_path), user="tester", create=True)
    item = add_items(db, 1)[0]
    db.close()
    monkeypatch.setattr(migrate, "datetime", _Clock())
    made = [migrate.backup_copy(db_path, "0001", Sharing(None)) for _ in range(5)]
    assert sorted(db_path.parent.glob(f"{db_path.name}.bak-*")) == made[2:]
    # Touching an older copy (a careless `cp`) must not make it count as new.
    os.utime(made[2], (2_000_000_000, 2_000_000_000))
    newest = migrate.backup_copy(db_path, "0001", Sharing(None))
    kept = sorted(db_path.parent.glob(f"{db_path.name}.bak-*"))
    assert kept == [made[3], made[4], newest]
    for copy in kept:
        assert copy.name.startswith(f"{db_path.name}.bak-0001-")
        assert copy.stat().st_mode & 0o7777 == 0o600
        assert query(copy, "PRAGMA integrity_check") == [("ok",)]
        assert query(copy, "SELECT id FROM plan_item") == [(item,)]
