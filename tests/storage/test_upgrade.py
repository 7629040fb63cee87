"""A database from an older branchtui is upgraded on open: backup first, data kept."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Sequence
from pathlib import Path

from alembic import command

from branchtui.storage import location, models, schema
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


RECORD_TABLES = [table for table in models.RECORD_TABLES if table != "branch"]
# What migration 0006 adds: its tables, and to plan_item a column and its index.
TABLES_0006 = ("meeting", "meeting_attendance")
INDEX_0006 = "ix_plan_item_carried_from:0:carried_from"


def _schema_of(path: Path, tables: Sequence[str] = RECORD_TABLES) -> dict[str, list[str]]:
    """Each record table's indexes and unique constraints, by name and columns."""
    found: dict[str, list[str]] = {}
    with sqlite3.connect(path) as connection:
        for table in tables:
            indexes = connection.execute(f"PRAGMA index_list('{table}')").fetchall()
            found[table] = sorted(
                # A UNIQUE constraint's index is named by SQLite: compared by its columns.
                ("unique" if name.startswith("sqlite_autoindex") else name)
                + f":{unique}:"
                + ",".join(
                    str(col[2]) for col in connection.execute(f"PRAGMA index_info('{name}')")
                )
                for _, name, unique, *_rest in indexes
            )
            keys = connection.execute(f"PRAGMA foreign_key_list('{table}')").fetchall()
            found[table] += sorted(f"fk:{k[2]}.{k[4]}<-{k[3]}:{k[6]}" for k in keys)
    return found


def _rows(path: Path, tables: Sequence[str] = RECORD_TABLES) -> dict[str, list[dict[str, object]]]:
    """Every row of `tables`, as column -> value."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return {
            table: [dict(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY id")]
            for table in tables
        }


def _as_before(
    after: dict[str, list[dict[str, object]]], before: dict[str, list[dict[str, object]]]
) -> dict[str, list[dict[str, object]]]:
    """`after`'s rows with only the columns `before`'s had (a migration may add some)."""
    keys = {table: list(rows[0]) if rows else [] for table, rows in before.items()}
    return {
        table: [{k: row[k] for k in keys[table]} for row in rows] for table, rows in after.items()
    }


def test_upgrade_from_0003_keeps_data_and_indexes_and_never_reuses_ids(
    db_path: Path, cli: CliRunner
) -> None:
    make_old_database(db_path, "0003")
    stamp = "'2024-01-01T00:00:00+00:00'"
    with sqlite3.connect(db_path) as connection:
        connection.executescript(
            f"""
            INSERT INTO member (uid, name, name_key, stage, active, created_at, updated_at,
                version) VALUES ('m-1', '张三', 'zhangsan zs', 'full', 1, {stamp}, {stamp}, 1);
            INSERT INTO member_event (uid, member_id, date, kind, created_at, updated_at,
                version) VALUES ('e-1', 1, '2024-03-01', 'talk', {stamp}, {stamp}, 1);
            INSERT INTO step (uid, item_id, position, title, done, created_at, updated_at,
                version) VALUES ('s-1', 1, 1, '步骤', 0, {stamp}, {stamp}, 1);
            INSERT INTO checklist (uid, year, kind, title, created_at, updated_at, version)
                VALUES ('c-1', 2024, 'custom', '清单', {stamp}, {stamp}, 1);
            INSERT INTO checklist_entry (uid, checklist_id, position, title, frequency,
                created_at, updated_at, version)
                VALUES ('ce-1', 1, 1, '事项', 'yearly', {stamp}, {stamp}, 1);
            INSERT INTO checklist_check (uid, entry_id, period, done_at)
                VALUES ('k-1', 1, '2024', {stamp});
            -- plan item 7 was created and deleted: only history remembers its id
            INSERT INTO change (at, who, action) VALUES ({stamp}, 'alice', 'item.delete');
            INSERT INTO history (change_id, record, record_id, record_uid, op, before)
                VALUES (1, 'plan_item', 7, 'u-7', 'delete', '{{"id": 7}}');
            """
        )
    old_tables = [table for table in RECORD_TABLES if table not in TABLES_0006]
    before_schema, before_rows = _schema_of(db_path, old_tables), _rows(db_path, old_tables)

    open_database(str(db_path), user="tester").close()

    assert revision_of(db_path) == schema.HEAD
    assert _as_before(_rows(db_path, old_tables), before_rows) == before_rows
    after_schema = _schema_of(db_path, old_tables)
    after_schema["plan_item"].remove(INDEX_0006)
    assert after_schema == before_schema  # the covering indexes, keys, uniques
    with sqlite3.connect(db_path) as connection:
        for table in RECORD_TABLES:
            (sql,) = connection.execute(
                "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
            ).fetchone()
            assert "AUTOINCREMENT" in sql, table
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The next item is numbered above every id the table or its history ever held.
    result = cli(["item", "add", "新事项", "--year", "2024", "--db", str(db_path)])
    assert result.code == 0, result.err
    assert int(result.out) == 8


def test_undo_of_a_delete_after_another_user_added_a_record(cli: CliRunner, db_path: Path) -> None:
    """alice deletes the newest item; bob adds one; alice's undo restores hers under its
    old id (before 0003, bob's item had taken that id: "UNIQUE constraint failed")."""

    def run(who: str, *argv: str) -> str:
        result = cli([*argv, "--db", str(db_path)], BRANCHTUI_USER=who)
        assert result.code == 0, result.err
        return result.out

    run("alice", "init")
    run("alice", "item", "add", "甲", "--year", "2024")
    deleted = int(run("alice", "item", "add", "乙", "--year", "2024"))
    run("alice", "item", "delete", str(deleted), "--yes")
    added = int(run("bob", "item", "add", "丙", "--year", "2024"))
    assert added != deleted
    run("alice", "undo")
    with sqlite3.connect(db_path) as connection:
        titles = dict(connection.execute("SELECT id, title FROM plan_item").fetchall())
    assert titles[deleted] == "乙" and titles[added] == "丙"


def test_upgrade_masks_private_numbers_already_in_history(db_path: Path) -> None:
    make_old_database(db_path, "0004")
    before = '{"id": 1, "name": "张三", "phone": "13912345678", "id_number": null}'
    after = '{"id": 1, "name": "张三", "phone": "13800001111", "id_number": "110101199001011234"}'
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO change (at, who, action) VALUES ('2024-01-01T00:00:00+00:00', 'a', 'x')"
        )
        connection.execute(
            "INSERT INTO history (change_id, record, record_id, record_uid, op, before, after)"
            " VALUES (1, 'member', 1, 'm-1', 'update', ?, ?)",
            (before, after),
        )
    open_database(str(db_path), user="tester").close()
    with sqlite3.connect(db_path) as connection:
        stored = " ".join(connection.execute("SELECT before || after FROM history").fetchone())
    assert "13912345678" not in stored and "13800001111" not in stored
    assert "110101199001011234" not in stored
    assert "*******5678" in stored and "*******1111" in stored and "张三" in stored


def test_upgrade_from_0005_adds_meetings_and_keeps_data(db_path: Path, cli: CliRunner) -> None:
    """0006: the meeting tables (AUTOINCREMENT, cascade from the meeting, one row per member
    and meeting) and `carried_from` on plan items, whose rows are kept as they were."""
    make_old_database(db_path, "0005")
    stamp = "'2024-01-01T00:00:00+00:00'"
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO member (uid, name, name_key, stage, active, created_at, updated_at,"
            f" version) VALUES ('m-1', '张三', 'zhangsan zs', 'full', 1, {stamp}, {stamp}, 1)"
        )
    old_tables = [table for table in RECORD_TABLES if table not in TABLES_0006]
    before = _rows(db_path, old_tables)

    open_database(str(db_path), user="tester").close()

    assert revision_of(db_path) == schema.HEAD
    assert _as_before(_rows(db_path, old_tables), before) == before
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT carried_from FROM plan_item").fetchall() == [(None,)]
        for table in TABLES_0006:
            (sql,) = connection.execute(
                "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
            ).fetchone()
            assert "AUTOINCREMENT" in sql, table
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert "uq:" not in str(_schema_of(db_path, TABLES_0006))
    assert "unique:1:meeting_id,member_id" in _schema_of(db_path, TABLES_0006)["meeting_attendance"]
    # The new tables work: a meeting with the member present, the item it serves.
    result = cli(
        ["meeting", "add", "general", "--date", "2024-03-01", "--item", "1", "--db", str(db_path)],
        BRANCHTUI_TODAY="2024-03-02",
    )
    assert result.code == 0, result.err
    with sqlite3.connect(db_path) as connection:
        assert connection.execute(
            "SELECT m.kind, m.item_id, a.member_id, a.status FROM meeting AS m"
            " JOIN meeting_attendance AS a ON a.meeting_id = m.id"
        ).fetchall() == [("general", 1, 1, "present")]
