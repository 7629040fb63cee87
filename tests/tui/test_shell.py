"""The shell: modes 1–5, the plan year, help, the palette (with the file actions), undo,
quit, the header and the theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from branchtui.tui.app import pick_theme
from branchtui.tui.modals.help import HelpModal
from branchtui.tui.screens.checklists import ChecklistScreen
from branchtui.tui.screens.dashboard import DashboardScreen
from branchtui.tui.screens.item import ItemScreen
from branchtui.tui.screens.meetings import MeetingScreen
from branchtui.tui.screens.members import MembersScreen
from branchtui.tui.screens.plan import PlanScreen
from branchtui.tui.widgets.plan_table import PlanTable
from tests.tui.conftest import (
    USER,
    AppFactory,
    db_rows,
    notifications,
    press,
    screen_text,
    settle,
    type_text,
)

DATA = Path(__file__).resolve().parent.parent / "data"


async def test_the_header_names_the_branch_the_year_and_the_user(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert "XX党支部" in header and "2024年" in header and USER in header
        assert "概览" in header


async def test_keys_1_to_5_switch_the_areas(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await press(pilot, "2")
        assert isinstance(app.screen, PlanScreen)
        await press(pilot, "3")
        assert isinstance(app.screen, ChecklistScreen)
        await press(pilot, "4")
        assert isinstance(app.screen, MembersScreen)
        await press(pilot, "5")
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "1")
        assert isinstance(app.screen, DashboardScreen)


async def test_brackets_change_the_plan_year_everywhere(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "已完成 2/7" in screen_text(app)
        await press(pilot, "left_square_bracket")
        assert app.year == 2023
        text = screen_text(app)
        assert "2023年" in text.splitlines()[0]
        assert "已完成 6/6" in text  # the demo's 2023: six sections, all done
        await press(pilot, "2")
        table = app.screen.query_one(PlanTable)
        assert len(table.model.shown) == 6
        await press(pilot, "right_square_bracket")
        assert len(table.model.shown) == 7
        assert "2024年 共 7 项" in screen_text(app)


async def test_help_lists_every_key_of_the_screen_from_its_bindings(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "question_mark")
        assert isinstance(app.screen, HelpModal)
        text = screen_text(app)
        assert "帮助：工作计划的按键" in text
        for key, words in (
            ("n", "新建事项"),
            ("e", "修改事项"),
            ("space", "推进状态"),
            ("x", "标记完成"),
            ("+", "进度 +10"),
            ("-", "进度 −10"),
            ("d", "删除事项"),
            ("/", "筛选"),
            ("s", "换一列排序"),
            ("j", "下移"),
            ("u", "撤销我最近的修改"),
            ("[", "上一年度"),
            ("1", "概览"),
            ("q", "退出"),
        ):
            line = next((x for x in text.splitlines() if words in x), "")
            assert key in line.split(words)[0], (key, words, line)
        await press(pilot, "escape")
        assert isinstance(app.screen, PlanScreen)


async def test_help_in_english_says_the_same_in_english(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "question_mark")
        text = screen_text(app)
        assert "Help: keys of Plan" in text
        assert "new item" in text and "undo my last change" in text
        assert "新建" not in text


async def test_the_palette_offers_the_screens_actions_and_runs_them(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "ctrl+p")
        await type_text(pilot, "新建事项")
        assert "工作计划: 新建事项" in screen_text(app)
        await press(pilot, "enter")
        assert "新建工作事项（2024年）" in screen_text(app)


async def run_file_command(pilot: Any, command: str, target: Path) -> None:
    """`ctrl+p`, the command by its title, the path typed over the one offered."""
    await settle(pilot)
    await press(pilot, "ctrl+p")
    await type_text(pilot, command)
    assert f"文件: {command}" in screen_text(pilot.app)
    await press(pilot, "enter")
    assert "保存到" in screen_text(pilot.app)
    await press(pilot, "home", "ctrl+k")
    await type_text(pilot, str(target))
    await press(pilot, "enter")


async def test_the_palette_exports_toml_to_the_path_asked(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    target = tmp_path / "out" / "plan.toml"
    target.parent.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_file_command(pilot, "导出 TOML", target)
        assert 'format = "branchtui"' in target.read_text(encoding="utf-8")
        assert f"已写入 {target}" in notifications(app)


async def test_an_export_onto_the_database_itself_is_refused_and_keeps_it(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    before = db_rows(demo_db, "SELECT id, title, status FROM plan_item ORDER BY id")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_file_command(pilot, "导出 Markdown 进度报告", demo_db)
        await settle(pilot)
        assert f"{demo_db} 是支部的数据库，导出不会覆盖它（请换一个文件名）" in notifications(app)
    assert db_rows(demo_db, "SELECT id, title, status FROM plan_item ORDER BY id") == before
    assert Path(f"{demo_db}-wal").exists()  # still in use: nothing replaced under the app


async def test_the_database_itself_offered_as_a_plan_is_refused_unread(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "导入工作计划")
        await press(pilot, "enter")
        await type_text(pilot, str(demo_db))
        await press(pilot, "enter")
        await settle(pilot)
        assert f"{demo_db} 是支部的数据库本身，不是要导入的文件" in notifications(app)
    assert Path(f"{demo_db}-wal").exists()


async def test_the_palette_writes_the_report_as_word_for_a_docx_path(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    target = tmp_path / "总结.docx"
    async with app.run_test(size=(80, 24)) as pilot:
        await run_file_command(pilot, "生成年终总结报告草稿", target)
        assert target.read_bytes()[:2] == b"PK"  # a Word document is a zip
        assert f"已写入 {target}" in notifications(app)


async def test_the_palette_imports_a_plan_after_showing_it(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "导入工作计划")
        await press(pilot, "enter")
        await type_text(pilot, str(DATA / "plans" / "plan_2025.md"))
        await press(pilot, "enter")
        text = screen_text(app)
        assert "导入 3 项到 2025年的工作计划？" in text
        assert "强化理论学习" in text
        assert db_rows(demo_db, "SELECT count(*) FROM plan_item WHERE year = 2025") == [(0,)]
        await press(pilot, "y")
        assert db_rows(demo_db, "SELECT count(*) FROM plan_item WHERE year = 2025") == [(3,)]
        assert "已导入 3 项到 2025年的工作计划（可按 u 撤销）" in notifications(app)


async def test_u_with_nothing_of_mine_to_undo_says_so(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRANCHTUI_USER", "新来的")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "u")
        assert "新来的 没有可撤销的修改" in notifications(app)


async def test_q_quits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "2", "j", "enter")
        assert isinstance(app.screen, ItemScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


def test_theme_auto_is_ansi_dark_on_16_colour_terminals() -> None:
    themes = {"textual-dark", "ansi-dark", "nord"}
    assert pick_theme("auto", "standard", themes) == "ansi-dark"
    assert pick_theme("auto", "256", themes) == "textual-dark"
    assert pick_theme("auto", "truecolor", themes) == "textual-dark"
    assert pick_theme("nord", "truecolor", themes) == "nord"
    assert pick_theme("no-such-theme", "truecolor", themes) == "textual-dark"


async def test_a_16_colour_terminal_gets_the_ansi_theme(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    app = make_app()
    assert app.theme == "ansi-dark"
