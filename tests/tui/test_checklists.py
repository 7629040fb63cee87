"""3 责任清单: the grid and each of its keys, checked on the screen and in the database.

The demo's 2024 ideology checklist (starts 2024-01-01; entry id = position): shown in
groups — once/yearly 1 6 11 12 13, half-yearly 2 3, quarterly 4 5 8 10, monthly 7 9. On
2024-07-01 entry 7 is ticked January to June, entry 9 January to May (June overdue),
entry 5's Q2 is overdue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from branchtui.display import cell_width, char_width
from branchtui.tui.screens.checklists import ChecklistScreen
from branchtui.tui.widgets.checklist_grid import ChecklistGrid
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
from tests.tui.test_sharing import OTHER, other_user


def check_row(db: Path, entry: int, period: str) -> list[tuple[Any, ...]]:
    return db_rows(
        db,
        "SELECT done_by, evidence FROM checklist_check WHERE entry_id = ? AND period = ?",
        entry,
        period,
    )


async def open_grid(pilot: Any) -> ChecklistGrid:
    await press(pilot, "3")
    assert isinstance(pilot.app.screen, ChecklistScreen)
    return pilot.app.screen.query_one(ChecklistGrid)


async def go_to(pilot: Any, grid: ChecklistGrid, position: int) -> None:
    """Down (with j) to the entry numbered `position`."""
    for _ in range(len(grid.model.entries)):
        if grid.model.entry is not None and grid.model.entry.position == position:
            return
        await press(pilot, "j")
    raise AssertionError(f"no entry {position}")


def cell(grid: ChecklistGrid) -> tuple[int, str]:
    assert grid.model.entry is not None and grid.model.cell is not None
    return grid.model.entry.position, grid.model.cell.period


def grid_line(app: Any, title_start: str) -> str:
    return next(x for x in screen_text(app).splitlines() if title_start in x)


def by_cell(line: str) -> list[str]:
    """The line's characters by terminal cell (a wide character's second cell is "")."""
    cells: list[str] = []
    for char in line:
        cells += [char] + [""] * (char_width(char) - 1)
    return cells


async def test_opens_on_the_first_entrys_current_period_with_symbols_and_a_legend(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        assert cell(grid) == (1, "2024")  # once, due March: its one period
        await press(pilot, "j")
        assert cell(grid) == (6, "2024")
        text = screen_text(app)
        assert "1/1  2024年意识形态工作责任制清单" in text
        assert "✓ 已落实  · 应落实  ✗ 逾期  空白 未到期  – 开始前不计" in text
        months = grid_line(app, "每月")
        assert months.rstrip().endswith("1  2  3  4  5  6  7  8  9 10 11 12")
        # Each symbol stands under its month: entry 9 ✓ to May, ✗ June, · July.
        line = by_cell(grid_line(app, "网络舆情监测"))
        for month, symbol in ((1, "✓"), (5, "✓"), (6, "✗"), (7, "·"), (8, " ")):
            at = cell_width(months[: months.index(f" {month} ")]) + 1
            assert line[at] == symbol, (month, line)
        assert "✓        ✗        ·" in grid_line(app, "将意识形态内容纳入")  # Q1 Q2 Q3
        # Down into the quarterly group and the monthly one: July is Q3, then July.
        await press(pilot, *["j"] * 6)
        assert cell(grid) == (4, "2024-Q3")
        await press(pilot, *["j"] * 4, "left")
        assert cell(grid) == (7, "2024-06")
        await press(pilot, "k")
        assert cell(grid) == (10, "2024-Q2")  # June is Q2
        assert "Q2 (04-01至06-30)  ✓ 已落实" in screen_text(app)


async def test_space_ticks_and_unticks_and_the_database_holds_it(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await go_to(pilot, grid, 9)
        assert cell(grid) == (9, "2024-07")
        await press(pilot, "space")
        assert check_row(demo_db, 9, "2024-07") == [(USER, None)]
        assert grid.model.cell is not None and grid.model.cell.done
        assert "已打勾：9. 网络舆情监测，更新舆情…（7月）" in notifications(app)
        assert f"7月 (07-01至07-31)  ✓ 已落实  {USER}" in screen_text(app)
        await press(pilot, "left", "left", "space")  # May: ticked in the demo
        assert cell(grid) == (9, "2024-05")
        assert check_row(demo_db, 9, "2024-05") == []
        assert grid.model.cell is not None and not grid.model.cell.done
        # Two presses before either write has answered (another write holds the lock):
        # a tick and an untick, not a conflict with itself.
        with app.write_lock:
            await pilot.press("space", "space")
            await pilot.pause()
        await settle(pilot)
        assert check_row(demo_db, 9, "2024-05") == []
        assert not any("已被" in message for message in notifications(app))
        await press(pilot, "space")
        assert check_row(demo_db, 9, "2024-05") == [(USER, None)]


async def test_a_cell_not_begun_is_refused_and_nothing_is_written(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    before = db_rows(demo_db, "SELECT * FROM checklist_check")
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await go_to(pilot, grid, 9)
        await press(pilot, "right", "space")
        assert cell(grid) == (9, "2024-08")
        assert any("尚未到期" in message for message in notifications(app))
    assert db_rows(demo_db, "SELECT * FROM checklist_check") == before


async def test_evidence_given_in_the_form_is_stored_and_shown(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await go_to(pilot, grid, 9)
        await press(pilot, "enter")
        assert "落实情况：9. 网络舆情监测，更新舆情应对预案（7月）" in screen_text(app)
        assert "保存后此期记为已落实" in screen_text(app)
        await type_text(pilot, "开展舆情监测 未发现负面舆情")
        await press(pilot, "ctrl+s")
        assert check_row(demo_db, 9, "2024-07") == [(USER, "开展舆情监测 未发现负面舆情")]
        text = screen_text(app)
        assert "落实情况：开展舆情监测 未发现负面舆情" in text
        assert f"✓ 已落实  {USER} 20" in text  # who and when
        await press(pilot, "enter", "f7", "backspace")  # the text replaced…
        await type_text(pilot, "舆情应对预案已更新")
        await press(pilot, "ctrl+s")
        assert check_row(demo_db, 9, "2024-07") == [(USER, "舆情应对预案已更新")]
        assert "落实情况：舆情应对预案已更新" in screen_text(app)


async def test_a_checklist_started_in_july_does_not_count_the_earlier_periods(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await press(pilot, "n")
        text = screen_text(app)
        assert "新建2024年责任清单" in text and "党风廉政建设" in text  # ideology: taken
        assert "2024-07-01" in text  # counted from today, by default
        await press(pilot, "ctrl+s")
        rows = db_rows(demo_db, "SELECT kind, starts_on FROM checklist WHERE kind = 'integrity'")
        assert rows == [("integrity", "2024-07-01")]
        text = screen_text(app)
        assert "2/2" in text and "2024年党风廉政建设责任清单" in text
        assert cell(grid) == (1, "2024")
        assert "– 清单自 2024-07-01 起计，此期不计" in text
        line = grid_line(app, "开展警示教育")  # half-yearly: H1 not counted, H2 due
        assert "–" in line and "·" in line and "✗" not in line
        assert "✗" not in grid_line(app, "落实中央八项规定精神自查")  # Q1 Q2: –
        await press(pilot, "tab")
        assert "1/2" in screen_text(app) and cell(grid) == (1, "2024")


async def test_entries_are_added_edited_moved_and_deleted(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await press(pilot, "a")
        await type_text(pilot, "维稳零报告")
        await press(pilot, "tab", "tab")
        await type_text(pilot, "书记")
        await press(pilot, "ctrl+s")
        rows = db_rows(
            demo_db, "SELECT id, position, frequency, owner FROM checklist_entry WHERE title = ?",
            "维稳零报告",
        )  # fmt: skip
        assert [row[1:] for row in rows] == [(14, "monthly", "书记")]
        new_id = rows[0][0]
        assert grid.model.entry is not None and grid.model.entry.id == new_id
        assert cell(grid)[1] == "2024-07"  # the cursor on the new entry, same month
        await press(pilot, "K")  # before 9, the entry above it in the monthly group
        positions = dict(db_rows(demo_db, "SELECT id, position FROM checklist_entry"))
        assert positions[new_id] == 9 and positions[9] == 10
        said = [m for m in notifications(app) if "移到第 9 位" in m]
        assert len(said) == 1, said  # once, not once per screen class
        assert grid.model.entry is not None and grid.model.entry.id == new_id
        await press(pilot, "e", "home", "ctrl+k")
        await type_text(pilot, "维稳月报")
        await press(pilot, "ctrl+s")
        assert db_rows(demo_db, "SELECT title FROM checklist_entry WHERE id = ?", new_id) == [
            ("维稳月报",)
        ]
        await press(pilot, "d")
        assert "删除清单事项 9“维稳月报”？" in screen_text(app)
        await press(pilot, "n")
        assert db_rows(demo_db, "SELECT COUNT(*) FROM checklist_entry") == [(14,)]
        await press(pilot, "d", "y")
        assert db_rows(demo_db, "SELECT COUNT(*) FROM checklist_entry") == [(13,)]
        assert positions[9] == 10  # (before) …and 9 is 9 again after the gap closed
        assert db_rows(demo_db, "SELECT position FROM checklist_entry WHERE id = 9") == [(9,)]


async def test_another_process_tick_appears_with_the_cursor_kept(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await go_to(pilot, grid, 9)
        other_user(
            demo_db, "checklist", "check", "9", "--period", "2024-07", "--evidence", "已监测"
        )
        for _ in range(100):  # the feed is polled every 0.5 s; give it ample time
            await pilot.pause(0.1)
            if grid.model.cell is not None and grid.model.cell.done:
                break
        assert cell(grid) == (9, "2024-07")
        text = screen_text(app)
        assert f"✓ 已落实  {OTHER}" in text and "落实情况：已监测" in text


async def test_a_tick_on_a_cell_someone_else_changed_meanwhile_names_them(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await go_to(pilot, grid, 9)
        app.ws.feed.poll = lambda: False  # the screen has not seen their tick yet
        other_user(demo_db, "checklist", "check", "9", "--period", "2024-07", "--evidence", "他的")
        await press(pilot, "space")
        said = [message for message in notifications(app) if OTHER in message]
        assert said, notifications(app)
        assert check_row(demo_db, 9, "2024-07") == [(OTHER, "他的")]


async def test_read_only_refuses_every_edit_with_the_reason(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(read_only=True)
    tables = ("checklist", "checklist_entry", "checklist_check")
    before = [db_rows(demo_db, f"SELECT * FROM {table}") for table in tables]
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await go_to(pilot, grid, 9)
        footer = screen_text(app).splitlines()[-1]
        assert "打勾" not in footer and "新建清单" not in footer
        for key in ("space", "enter", "n", "a", "e", "d", "K"):
            count = len(notifications(app))
            await press(pilot, key)
            assert len(notifications(app)) == count + 1, key
            assert "只读" in notifications(app)[-1], key
            assert isinstance(app.screen, ChecklistScreen), key  # no form, no question
        await press(pilot, "left")  # moving is still allowed
        assert cell(grid) == (9, "2024-06")
    assert [db_rows(demo_db, f"SELECT * FROM {table}") for table in tables] == before


async def test_help_lists_the_grid_keys(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await press(pilot, "question_mark")
        text = screen_text(app)
        for words in ("tick/untick", "evidence", "new checklist", "add entry", "entry up",
                      "next checklist", "period before"):  # fmt: skip
            assert words in text, words


@pytest.mark.parametrize(
    ("lang", "due"), [("zh", "一次 · 3月底前"), ("en", "due by the end of March")]
)
async def test_a_once_entry_says_its_due_month_by_name(
    make_app: AppFactory, lang: str, due: str
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        assert due in screen_text(app)


async def test_help_wraps_a_long_description_rather_than_cutting_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "上一份清单 （现在不可用）" in text  # the only checklist: no other to go to
        assert "…" not in "".join(line for line in text.splitlines() if "│" in line)
