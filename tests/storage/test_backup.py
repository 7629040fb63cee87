"""`branchtui backup DEST`: a consistent copy while another process keeps writing."""

from __future__ import annotations

import multiprocessing
import sqlite3
import traceback
from pathlib import Path
from typing import Any

from branchtui.i18n import t
from branchtui.storage.database import open_database
from branchtui.storage.models import PlanItem
from branchtui.storage.uow import UnitOfWork
from tests.conftest import CliRunner
from tests.storage.helpers import increment, query

WRITER_CAP = 2000  # increments; far more than a backup needs while the writer runs


def _fill(path: Path) -> int:
    """Enough data that the copy takes many pages (about 3 MB); return the counter's id."""
    db = open_database(str(path), user="filler")
    try:
        with UnitOfWork(db, "test.fill") as uow:
            counter = uow.add(PlanItem(year=2024, number=0, title="计数"))
            for number in range(1, 1501):
                uow.session.add(
                    PlanItem(year=2024, number=number, title=f"事项{number}", detail="详" * 600)
                )
        assert counter.id is not None
        return counter.id
    finally:
        db.close()


def _writer(path: str, item_id: int, running: Any, stop: Any, report: Any) -> None:
    done = 0
    try:
        db = open_database(path, user="writer")
        while not stop.is_set() and done < WRITER_CAP:
            increment(db, item_id, "test.write")
            done += 1
            if done == 5:
                running.set()
        db.close()
        report.put({"done": done, "stopped": stop.is_set(), "error": None})
    except Exception:
        report.put({"done": done, "stopped": stop.is_set(), "error": traceback.format_exc()})


def test_backup_while_another_process_writes(
    cli_db: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    item_id = _fill(db_path)
    context = multiprocessing.get_context("fork")
    running, stop, report = context.Event(), context.Event(), context.Queue()
    writer = context.Process(target=_writer, args=(str(db_path), item_id, running, stop, report))
    writer.start()
    try:
        assert running.wait(60), "the writer never got going"
        dest = tmp_path / "copy.db"
        result = cli_db(["backup", str(dest)])
        writes_during = query(db_path, "SELECT number FROM plan_item WHERE id = ?", item_id)
    finally:
        stop.set()
        outcome = report.get(timeout=120)
        writer.join(timeout=30)
    assert outcome["error"] is None, outcome["error"]
    # The writer was still going when the backup finished: the backup did not wait it out.
    assert outcome["done"] < WRITER_CAP
    assert writes_during[0][0] < WRITER_CAP

    assert result.code == 0, result.err
    assert result.out.strip() == t("db.backup_done", dest=str(dest))
    assert dest.stat().st_mode & 0o777 == 0o600
    copy = sqlite3.connect(f"file:{dest}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        assert {"plan_item", "history", "change", "alembic_version", "member"} <= names
        assert copy.execute("SELECT count(*) FROM plan_item").fetchone() == (1501,)
        # Consistent: the counter matches the number of its changes in the same copy.
        (number,) = copy.execute("SELECT number FROM plan_item WHERE id = ?", (item_id,)).fetchone()
        (writes,) = copy.execute(
            "SELECT count(*) FROM history h JOIN change c ON c.id = h.change_id"
            " WHERE c.action = 'test.write'"
        ).fetchone()
        assert number == writes >= 5
    finally:
        copy.close()
    # The copy is a working branchtui database.
    assert cli_db(["init", "--db", str(dest)]).code == 0


def test_backup_into_a_directory(cli_db: CliRunner, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "backups"
    target.mkdir()
    result = cli_db(["backup", str(target)])
    assert result.code == 0, result.err
    made = list(target.iterdir())
    assert len(made) == 1
    assert made[0].suffix == ".db"
    assert result.out.strip() == t("db.backup_done", dest=str(made[0]))
    assert query(made[0], "PRAGMA integrity_check") == [("ok",)]
    assert query(made[0], "SELECT name FROM branch") == query(db_path, "SELECT name FROM branch")


def test_backup_never_overwrites(cli_db: CliRunner, tmp_path: Path) -> None:
    dest = tmp_path / "precious.db"
    dest.write_bytes(b"do not touch")
    for lang in ("zh", "en"):
        result = cli_db(["backup", str(dest), "--lang", lang])
        assert result.code == 1
        assert result.err.splitlines() == [
            t("error.prefix") + t("db.backup_exists", dest=str(dest))
        ]
        assert dest.read_bytes() == b"do not touch"


def test_backup_of_a_path_with_odd_characters(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "支部 #1?.db"
    assert cli(["init", "--db", str(source)]).code == 0
    dest = tmp_path / "copy.db"
    result = cli(["backup", str(dest), "--db", str(source)])
    assert result.code == 0, result.err
    assert query(dest, "PRAGMA integrity_check") == [("ok",)]
