"""The demo branch (issue 9 findings 8 and 13): one change, loaded whole or not at all, only
into a database without records, never creating a file when read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.storage.helpers import dump, query

RECORDS = (
    "member",
    "member_event",
    "plan_item",
    "step",
    "checklist",
    "checklist_entry",
    "meeting",
    "meeting_attendance",
)


def counts(path: Path) -> dict[str, int]:
    return {table: int(query(path, f"SELECT count(*) FROM {table}")[0][0]) for table in RECORDS}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_is_refused_on_a_database_with_data(
    cli_db: CliRunner, initialised_db: Path, lang: str
) -> None:
    assert cli_db("item add 我们自己的事项 --year 2024").code == 0
    before = dump(initialised_db)
    result = cli_db(f"init --demo --name 别的名字 --lang {lang}")
    assert result.code == 1
    assert result.err.count("\n") == 1 and str(initialised_db) in result.err
    assert dump(initialised_db) == before  # not even the branch renamed


def test_the_demo_is_one_change_that_one_undo_removes(cli: CliRunner, db_path: Path) -> None:
    assert cli(["init", "--demo", "--db", str(db_path)]).code == 0
    loaded = counts(db_path)
    assert loaded["member"] >= 10 and loaded["plan_item"] >= 10 and loaded["step"] > 0
    assert loaded["meeting"] >= 40 and loaded["meeting_attendance"] > 200  # a year of 三会一课
    changes = query(db_path, "SELECT action FROM change ORDER BY id")
    assert changes == [("init",), ("demo.load",)]
    undo = cli(["undo", "--db", str(db_path)])
    assert undo.code == 0, undo.err
    assert counts(db_path) == dict.fromkeys(RECORDS, 0)
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_a_second_demo_changes_nothing(cli: CliRunner, db_path: Path) -> None:
    assert cli(["init", "--demo", "--db", str(db_path)]).code == 0
    before = dump(db_path)
    again = cli(["init", "--demo", "--db", str(db_path)])
    assert again.code == 1
    assert dump(db_path) == before


def test_a_demo_that_fails_half_way_leaves_nothing(
    cli: CliRunner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from branchtui.domain import demo

    assert cli(["init", "--db", str(db_path)]).code == 0

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(demo, "_load_checklist", broken)  # after members and items
    assert cli(["init", "--demo", "--db", str(db_path)]).code == 1
    assert counts(db_path) == dict.fromkeys(RECORDS, 0)
    assert query(db_path, "SELECT action FROM change") == [("init",)]


def test_read_only_demo_creates_no_database(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "new.db"
    result = cli(["--read-only", "demo", "--db", str(target)])
    assert result.code == 1 and result.out == ""
    assert list(tmp_path.iterdir()) == []


def test_the_demo_is_stamped_as_entered_on_its_days_not_on_the_day_it_was_built(
    cli: CliRunner, db_path: Path
) -> None:
    # Built today, seen from 2024-12-20: a tick of 2024-Q1 must not say it was done years
    # later, nor anything say it was entered after the day the demo is seen from.
    assert cli(["init", "--demo", "--db", str(db_path)], BRANCHTUI_TODAY="2024-12-20").code == 0
    stamps = [
        str(row[0])
        for sql in (
            "SELECT done_at FROM checklist_check",
            "SELECT completed_at FROM plan_item WHERE completed_at IS NOT NULL",
            "SELECT done_at FROM step WHERE done_at IS NOT NULL",
            "SELECT created_at FROM meeting",
            "SELECT at FROM change WHERE action = 'demo.load'",
        )
        for row in query(db_path, sql)
    ]
    assert stamps and all(stamp[:10] <= "2024-12-20" for stamp in stamps), stamps
    ticks = query(db_path, "SELECT period, done_at FROM checklist_check WHERE period = '2024-Q1'")
    assert ticks and all("2024-03-31" in str(done_at) for _period, done_at in ticks)
    held = query(db_path, "SELECT held_on, created_at FROM meeting")
    assert all(str(created).startswith(str(on)) for on, created in held)
