"""1 概览: painted from the lean summary before the ORM is imported; what it shows; an
overdue item opens on the plan screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from branchtui.tui.screens.dashboard import DashboardScreen
from branchtui.tui.screens.item import ItemScreen
from branchtui.tui.screens.plan import PlanScreen
from branchtui.tui.widgets.line_list import LineList
from branchtui.tui.widgets.plan_table import PlanTable
from tests.tui.conftest import TODAY, USER, AppFactory, press, screen_text, settle


async def test_it_shows_done_of_total_the_bar_and_counts_by_status(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "2024年工作计划  已完成 2/7" in text
        assert "█" in text.splitlines()[1] and "平均进度 59.4%" in text
        for count in ("○ 未开始 1", "◐ 进行中 3", "◎ 待审核 1", "● 已完成 2", "⊘ 受阻 0"):
            assert count in text
        assert "2024年意识形态工作责任制清单  已落实 20/35  逾期 3 期" in text
        assert "名册 15 人" in text


async def test_it_lists_overdue_items_with_owner_and_days(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "逾期事项 1 项" in text
        line = next(x for x in text.splitlines() if "把学习文件" in x)
        assert "!" in line and "单丽华" in line and "06-30 逾期 1 天" in line


async def test_it_speaks_english(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Plan 2024  Done 2/7" in text
        assert "◐ doing 3" in text and "1 item overdue" in text
        assert "已完成" not in text


async def test_enter_on_an_overdue_item_opens_it_on_the_plan_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(LineList).has_focus
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemScreen)
        assert "第 2 项" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, PlanScreen)
        table = app.screen.query_one(PlanTable)
        assert table.row is not None and table.row.number == 2
        await press(pilot, "1")
        assert isinstance(app.screen, DashboardScreen)


def test_the_first_frame_is_painted_before_sqlmodel_is_imported(demo_db: Path) -> None:
    """In a fresh process: when the dashboard has painted its data, neither SQLAlchemy nor
    SQLModel (nor pypinyin) is loaded; the worker that follows loads the ORM."""
    probe = f"""
import asyncio, json, sys
from branchtui import i18n
i18n.set_language("zh")
from branchtui.config import load_settings
from branchtui.domain.workspace import Workspace
from branchtui.tui.app import BranchApp

HEAVY = ("sqlalchemy", "sqlmodel", "pypinyin")
seen = {{}}

def probe(app, preload):
    def first_frame():  # the app calls preload after the first frame
        seen["shown"] = str(app.screen.query_one("#dash-summary").render())
        seen["first_frame"] = [m for m in HEAVY if m in sys.modules]
        return preload()
    return first_frame

async def main():
    ws = Workspace.open(load_settings(flags={{"database.url": {str(demo_db)!r}}}))
    app = BranchApp(ws, year=2024)
    app.preload = probe(app, app.preload)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)  # preload starts 0.3 s after mount
        await app.workers.wait_for_complete()
        seen["after"] = [m for m in HEAVY if m in sys.modules]
    print("SEEN=" + json.dumps(seen, ensure_ascii=False))

asyncio.run(main())
"""
    env = dict(os.environ, BRANCHTUI_TODAY=TODAY, BRANCHTUI_USER=USER)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("SEEN=")), None)
    assert line is not None, result.stdout + result.stderr
    seen = json.loads(line.removeprefix("SEEN="))
    assert "已完成 2/7" in seen["shown"]
    assert seen["first_frame"] == []
    assert "sqlmodel" in seen["after"]


async def test_enter_on_a_checklist_period_opens_it_with_the_cursor_on_that_cell(
    make_app: AppFactory,
) -> None:
    from branchtui.tui.screens.checklists import ChecklistScreen
    from branchtui.tui.widgets.checklist_grid import ChecklistGrid

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first_late = next(x for x in screen_text(app).splitlines() if "› 5." in x)
        assert "2024-Q2 逾期" in first_late
        await press(pilot, "j", "enter")  # past the overdue item, to that late period
        assert isinstance(app.screen, ChecklistScreen)
        model = app.screen.query_one(ChecklistGrid).model
        assert model.entry is not None and model.entry.position == 5
        assert model.cell is not None and model.cell.period == "2024-Q2"
        assert "Q2 (04-01至06-30)  ✗ 逾期未落实" in screen_text(app)
        # back, and down to the periods due now: entry 2's H2 (a half year)
        await press(pilot, "1", "j", "j", "j", "enter")
        model = app.screen.query_one(ChecklistGrid).model
        assert model.entry is not None and model.entry.position == 2
        assert model.cell is not None and model.cell.period == "2024-H2"


async def test_it_counts_the_meetings_and_a_late_kind_opens_screen_5(make_app: AppFactory) -> None:
    from branchtui.tui.screens.meetings import MeetingScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        summary = app.screen.summary
        due = [row for row in summary.meetings if row.due]
        held, late = sum(r.held for r in due), summary.meetings_overdue
        assert late > 0  # the demo misses a few by July
        assert f"三会一课：已开 {held}/{sum(r.due for r in due)} 期  逾期 {late} 期" in (
            screen_text(app)
        )
        attention = app.screen.query_one(LineList)
        texts = [line.plain for line in attention.lines]
        assert f"三会一课：逾期 {late} 期" in texts
        first = next(i for i, x in enumerate(attention.targets) if x and x.startswith("meet"))
        assert "支委会  逾期 1 期：2024-04" in texts[first]
        for _ in range(60):
            if attention.cursor == first:
                break
            await press(pilot, "j")
        await press(pilot, "enter")
        assert isinstance(app.screen, MeetingScreen)
