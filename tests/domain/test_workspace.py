"""The Workspace the app stands on: a light open, the change feed, lean rows."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from branchtui.config import load_settings
from branchtui.domain.item_changes import ItemChanges, ItemDraft
from branchtui.domain.workspace import Workspace


def open_workspace(path: Path, **flags: object) -> Workspace:
    return Workspace.open(load_settings(flags={"database.url": str(path), **flags}))


def other_process(path: Path, *args: str, user: str = "bob") -> None:
    """`branchtui ARGS` as another user, in another process."""
    env = {**os.environ, "BRANCHTUI_USER": user}
    subprocess.run(
        [sys.executable, "-m", "branchtui", *args, "--db", str(path)],
        env=env,
        check=True,
        capture_output=True,
    )


def test_the_feed_reports_another_process_commit_and_names_the_record(
    initialised_db: Path,
) -> None:
    ws = open_workspace(initialised_db)
    last = ws.feed.last_change_id()
    assert ws.feed.poll() is False
    ws.summary(2024)  # this process only reads: nothing to report
    ws.plan_rows(2024)
    assert ws.feed.poll() is False
    other_process(initialised_db, "item", "add", "乙新增的事项", "--year", "2024")
    assert ws.feed.poll() is True  # within one poll
    assert ws.feed.poll() is False  # and once
    changed = ws.changes_since(last)
    item_id = ws.plan_rows(2024)[0].id
    assert ("plan_item", item_id) in changed.records
    assert changed.who == {"bob"}
    assert changed.touches("plan_item") and not changed.touches("member")
    assert ws.changes_since(changed.last_id).records == frozenset()
    ws.close()


def test_the_feed_sees_this_process_writes_too(initialised_db: Path) -> None:
    """A write through the ORM side is another connection: the screen refreshes after it."""
    ws = open_workspace(initialised_db)
    ws.add_item(2024, ItemDraft("自己新增"))
    assert ws.feed.poll() is True
    ws.close()


def test_plan_rows_carry_what_the_table_shows(initialised_db: Path) -> None:
    ws = open_workspace(initialised_db)
    os.environ["BRANCHTUI_TODAY"] = "2024-07-15"
    try:
        first = ws.add_item(2024, ItemDraft("甲", due=date(2024, 6, 30)))
        second = ws.add_item(2024, ItemDraft("乙", owner_text="团支部"))
        step = ws.add_step(second, "一步").view
        ws.tick_step(step.id, True, step.version)
        ws.add_step(second, "二步")
        rows = ws.plan_rows(2024)
    finally:
        del os.environ["BRANCHTUI_TODAY"]
    assert [(r.id, r.number, r.title) for r in rows] == [(first, 1, "甲"), (second, 2, "乙")]
    assert rows[0].overdue and not rows[1].overdue
    assert (rows[1].owner, rows[1].progress, rows[1].steps_done, rows[1].steps_total) == (
        "团支部",
        50,
        1,
        2,
    )
    assert rows[1].status == "doing"  # the first ticked step started it
    ws.close()


def test_open_imports_no_orm_and_the_summary_reads_without_it(initialised_db: Path) -> None:
    code = (
        "import sys; from branchtui.config import load_settings;"
        "from branchtui.domain.workspace import Workspace;"
        f"ws = Workspace.open(load_settings(flags={{'database.url': {str(initialised_db)!r}}}));"
        "ws.summary(2024); ws.plan_rows(2024); ws.feed.poll();"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'sqlmodel', 'pydantic', 'pypinyin', 'alembic'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_read_only_by_flag_says_why_and_refuses_writes(initialised_db: Path) -> None:
    from branchtui.errors import ReadOnlyError

    ws = open_workspace(initialised_db, **{"access.read_only": True})
    assert ws.access.read_only is not None
    with pytest.raises(ReadOnlyError):
        ws.add_item(2024, ItemDraft("不该写入"))
    ws.close()


def test_an_unchanged_edit_writes_no_history(initialised_db: Path) -> None:
    ws = open_workspace(initialised_db)
    item_id = ws.add_item(2024, ItemDraft("同一个标题"))
    before = len(ws.history())
    written = ws.edit_item(item_id, ItemChanges(title="同一个标题"), 1)
    assert written.changed is False
    assert len(ws.history()) == before
    ws.close()
