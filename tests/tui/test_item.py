"""The item's detail: its steps as a checklist (tick, add, edit, delete, reorder), the
item's own keys, its evidence and its history in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from branchtui.tui.screens.item import ItemScreen, StepList
from tests.tui.conftest import AppFactory, db_rows, notifications, press, screen_text, type_text


def steps(db: Path, number: int) -> list[tuple[Any, ...]]:
    """(position, title, done) of the steps of the 2024 item with this 序号."""
    return db_rows(
        db,
        "SELECT s.position, s.title, s.done FROM step AS s JOIN plan_item AS i "
        "ON i.id = s.item_id WHERE i.year = 2024 AND i.number = ? ORDER BY s.position",
        number,
    )


async def open_item(pilot: Any, number: int) -> ItemScreen:
    await press(pilot, "2", *["j"] * (number - 1), "enter")
    screen = pilot.app.screen
    assert isinstance(screen, ItemScreen)
    return screen


async def test_space_ticks_and_unticks_a_step(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_item(pilot, 2)
        assert steps(demo_db, 2)[1][2] == 0
        await press(pilot, "j", "space")
        assert steps(demo_db, 2)[1][2] == 1
        assert "步骤（已完成 2/3）" in screen_text(app)
        assert screen.query_one(StepList).highlighted == 1  # the cursor stays on the step
        await press(pilot, "space")
        assert steps(demo_db, 2)[1][2] == 0


async def test_a_adds_a_step_with_a_due_date(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_item(pilot, 5)
        assert "还没有步骤，按 a 新增" in screen_text(app)
        await press(pilot, "a")
        await type_text(pilot, "拟定研讨题目")
        await press(pilot, "tab")
        await type_text(pilot, "7月15日")
        assert "2024-07-15" in screen_text(app)  # what the date means, under the field
        await press(pilot, "ctrl+s")
        rows = db_rows(
            demo_db,
            "SELECT s.title, s.due FROM step AS s JOIN plan_item AS i ON i.id = s.item_id "
            "WHERE i.year = 2024 AND i.number = 5",
        )
        assert rows == [("拟定研讨题目", "2024-07-15")]
        assert "☐ 1. 拟定研讨题目  07-15" in screen_text(app)


async def test_e_edits_a_step_and_d_deletes_one_after_asking(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_item(pilot, 2)
        await press(pilot, "j", "e", "end")
        await type_text(pilot, "第二次")
        await press(pilot, "ctrl+s")
        assert steps(demo_db, 2)[1][1] == "观看红色电影第二次"
        await press(pilot, "d")
        assert "删除步骤“观看红色电影第二次”？" in screen_text(app)
        await press(pilot, "y")
        assert [title for _p, title, _d in steps(demo_db, 2)] == [
            "参观教育基地",
            "邀请专家座谈交流",
        ]


async def test_shift_arrows_reorder_the_steps(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_item(pilot, 2)
        await press(pilot, "shift+down")
        assert [title for _p, title, _d in steps(demo_db, 2)] == [
            "观看红色电影",
            "参观教育基地",
            "邀请专家座谈交流",
        ]
        assert screen.query_one(StepList).highlighted == 1  # it moved, the cursor with it
        await press(pilot, "shift+up")
        assert steps(demo_db, 2)[0][1] == "参观教育基地"


async def test_the_detail_shows_every_field_the_evidence_and_the_history(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_item(pilot, 3)  # done, with evidence
        await press(pilot, "tab")  # to the scrolling body: evidence and history below
        screen.query_one("#item-body").scroll_end(animate=False)
        await press(pilot, "end")
        text = screen_text(app)
        assert "落实情况" in text
        assert "修改历史" in text
        assert "2024-06-28 10:00 王书记" in text


async def test_x_marks_the_item_done_and_big_e_opens_its_form(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_item(pilot, 5)
        await press(pilot, "x")
        assert db_rows(
            demo_db, "SELECT status, progress FROM plan_item WHERE year = 2024 AND number = 5"
        ) == [("done", 100)]
        assert "第 5 项：已完成" in notifications(app)
        await press(pilot, "E")
        assert "修改第 5 项" in screen_text(app)
