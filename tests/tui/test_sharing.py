"""Sharing one database: another user's process changes data and the open screen shows it
with the cursor kept; a save that meets someone else's change says who and keeps what was
typed; a read-only branch shows a banner and refuses every edit with the reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from branchtui.tui.screens.plan import PlanScreen
from branchtui.tui.widgets.plan_table import PlanTable
from tests.tui.conftest import (
    TODAY,
    AppFactory,
    db_rows,
    notifications,
    press,
    screen_text,
    settle,
    type_text,
)

OTHER = "李委员"


def other_user(db: Path, *args: str) -> None:
    """`branchtui ARGS` run by another user, in another process."""
    env = dict(os.environ, BRANCHTUI_USER=OTHER, BRANCHTUI_TODAY=TODAY)
    result = subprocess.run(
        [sys.executable, "-m", "branchtui", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def item_id(db: Path, number: int) -> int:
    return int(
        db_rows(db, "SELECT id FROM plan_item WHERE year = 2024 AND number = ?", number)[0][0]
    )


async def open_plan(pilot: Any) -> PlanTable:
    await press(pilot, "2")
    assert isinstance(pilot.app.screen, PlanScreen)
    return pilot.app.screen.query_one(PlanTable)


async def test_another_process_change_shows_with_the_cursor_kept(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    sixth, fifth = item_id(demo_db, 6), item_id(demo_db, 5)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        await press(pilot, *["j"] * 5)
        assert table.row is not None and table.row.id == sixth and table.cursor == 5
        other_user(demo_db, "item", "set", str(sixth), "--number", "1")
        other_user(demo_db, "item", "set", str(fifth), "--title", "每月一次集中交流研讨")
        app.poll_feed()  # what the timer does every half second
        await settle(pilot)
        assert table.row is not None and table.row.id == sixth  # same item…
        assert table.cursor == 0  # …now first in 序号 order
        assert "每月一次集中交流研讨" in screen_text(app)


async def test_the_timer_brings_others_changes_without_a_key(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        other_user(demo_db, "item", "set", str(item_id(demo_db, 5)), "--title", "别人改的标题")
        for _ in range(100):  # the feed is polled every 0.5 s; give it ample time
            await pilot.pause(0.1)
            if "别人改的标题" in screen_text(app):
                break
        assert "别人改的标题" in screen_text(app)


async def test_the_dashboard_follows_others_changes(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "已完成 2/7" in screen_text(app)
        other_user(demo_db, "item", "done", str(item_id(demo_db, 5)))
        app.poll_feed()
        await settle(pilot)
        assert "已完成 3/7" in screen_text(app)


async def test_a_save_that_meets_someone_elses_change_keeps_what_was_typed(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    fifth = item_id(demo_db, 5)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, *["j"] * 4, "e", "home", "ctrl+k")
        await type_text(pilot, "我改的标题")
        other_user(demo_db, "item", "set", str(fifth), "--status", "blocked")
        await press(pilot, "ctrl+s")
        said = [m for m in notifications(app) if OTHER in m]
        assert said and "已被 李委员 于 2" in said[0]
        text = screen_text(app)
        assert "李委员 于" in text and "你填写的内容保留着" in text
        assert "我改的标题" in text  # what was typed is still in the form
        assert "受阻" in text  # their status, taken into the field left alone
        assert db_rows(demo_db, "SELECT title FROM plan_item WHERE id = ?", fifth) == [
            ("定期进行集中交流研讨",)
        ]
        await press(pilot, "ctrl+s")
        assert db_rows(demo_db, "SELECT title, status FROM plan_item WHERE id = ?", fifth) == [
            ("我改的标题", "blocked")
        ]


async def test_undo_refuses_naming_who_changed_the_record_since(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    fifth = item_id(demo_db, 5)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, *["j"] * 4, "space")
        other_user(demo_db, "item", "set", str(fifth), "--title", "别人后来改的")
        await press(pilot, "u")
        assert any("不能撤销" in m and OTHER in m for m in notifications(app))
        assert db_rows(demo_db, "SELECT status FROM plan_item WHERE id = ?", fifth) == [("doing",)]


async def test_read_only_shows_a_banner_and_refuses_edits_with_the_reason(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(read_only=True)
    before = db_rows(demo_db, "SELECT id, status, progress, title, version FROM plan_item")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "只读：" in screen_text(app).splitlines()[1]
        await open_plan(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "新建事项" not in footer and "推进状态" not in footer and "帮助" in footer
        for key in ("space", "x", "plus", "d", "n", "e", "u"):
            count = len(notifications(app))
            await press(pilot, key)
            assert len(notifications(app)) == count + 1, key
            assert "只读" in notifications(app)[-1], key
            assert isinstance(app.screen, PlanScreen), key  # no form, no question
        await press(pilot, "enter", "space", "a")  # the detail's keys too
        assert "只读" in notifications(app)[-1]
        await press(pilot, "question_mark")
        assert "（现在不可用）" in screen_text(app)
    assert db_rows(demo_db, "SELECT id, status, progress, title, version FROM plan_item") == before
