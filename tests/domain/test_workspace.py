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


def test_the_meetings_screen_api(initialised_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Add, read, the attendance's `space` with the version the form showed, a stale
    version refused naming who, the board, delete: frozen views throughout."""
    import dataclasses

    from branchtui.domain import members
    from branchtui.domain.meetings import Mark, MeetingChanges, MeetingDraft
    from branchtui.errors import ConflictError

    monkeypatch.setenv("BRANCHTUI_TODAY", "2024-07-01")
    ws = open_workspace(initialised_db)
    secretary, _ = members.add_member(
        ws.db,
        "张建国",
        stage="full",
        admitted_on=date(2000, 6, 20),
        post="书记",
        today=ws.today,
        rules=ws.rules,
    )
    member, _ = members.add_member(
        ws.db, "王磊", stage="full", admitted_on=date(2017, 7, 1), today=ws.today, rules=ws.rules
    )
    draft = MeetingDraft(
        "general",
        date(2024, 3, 5),
        topic="学习党章",
        host=secretary,
        attendance=(Mark(member, "excused", "出差"),),
    )
    written = ws.add_meeting(draft)
    view = written.view
    assert (view.expected, view.present, view.excused, view.quorate) == (2, 1, 1, False)
    assert [n.key for n in written.notices] == ["meeting.below_quorum"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.topic = "x"  # type: ignore[misc]
    assert [m.id for m in ws.meetings(2024)] == [view.id] and ws.meetings(2023) == []

    ticked = ws.set_attendance(view.id, member, "present", None, view.version)
    assert ticked.view.present == 2 and ticked.view.quorate is True
    assert ticked.view.version == view.version + 1
    # The form still shows the first version: someone has changed the meeting since.
    with pytest.raises(ConflictError) as caught:
        ws.set_attendance(view.id, member, "absent", "未请假", view.version)
    assert caught.value.who == ws.user
    with pytest.raises(ConflictError):
        ws.edit_meeting(view.id, MeetingChanges(topic="别的"), view.version)
    edited = ws.edit_meeting(view.id, MeetingChanges(place="会议室"), ticked.view.version)
    assert ws.meeting(view.id).place == "会议室" and edited.changed

    board = ws.meeting_board(2024)
    general = next(row for row in board.rows if row.kind == "general")
    assert [p.held for p in general.periods] == [1, 0, 0, 0]
    assert general.overdue == 1  # Q2 passed without one
    with pytest.raises(ConflictError):
        ws.delete_meeting(view.id, view.version)
    ws.delete_meeting(view.id, edited.view.version)
    assert ws.meetings(2024) == []
    ws.close()
