"""2 工作计划: the table and each of its keys, checked on the screen and in the database.

The demo's 2024 plan: 1 学习教育 (doing, 3 steps, 1 done), 2 组织生活 (doing, overdue on
2024-07-01, 3 steps, 1 done), 3 (done), 4 (done), 5 (todo, no steps), 6 (doing), 7 (review).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from branchtui.tui.screens.item import ItemScreen
from branchtui.tui.screens.plan import PlanScreen
from branchtui.tui.widgets.plan_table import PlanTable
from tests.tui.conftest import (
    AppFactory,
    db_rows,
    notifications,
    press,
    screen_text,
    settle,
    type_text,
)


def item(db: Path, number: int, *columns: str) -> tuple[Any, ...]:
    """Columns of the 2024 item with this 序号."""
    wanted = ", ".join(columns)
    rows = db_rows(db, f"SELECT {wanted} FROM plan_item WHERE year = 2024 AND number = ?", number)
    return rows[0]


async def open_plan(pilot: Any) -> PlanTable:
    await press(pilot, "2")
    assert isinstance(pilot.app.screen, PlanScreen)
    return pilot.app.screen.query_one(PlanTable)


async def test_opens_sorted_by_number_with_the_cursor_on_the_first_row(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = await open_plan(pilot)
        assert [row.number for row in table.model.shown] == [1, 2, 3, 4, 5, 6, 7]
        assert table.row is not None and table.row.number == 1
        text = screen_text(app)
        heading = text.splitlines()[1]
        for column in ("序号▲", "工作事项", "分类", "责任人", "截止", "状态", "进度"):
            assert column in heading
        assert "2024年 共 7 项" in text


async def test_j_and_k_move_and_overdue_rows_are_marked(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        await press(pilot, "j", "j", "k")
        assert table.row is not None and table.row.number == 2
        line = next(x for x in screen_text(app).splitlines() if "把学习文件" in x)
        assert line.startswith("!"), line  # 2 is overdue: the mark before its number
        await press(pilot, "down", "up", "up")
        assert table.row is not None and table.row.number == 1


async def test_s_cycles_the_sort_column_and_shift_s_reverses_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        await press(pilot, "s")  # by due date
        dues = [row.due for row in table.model.shown]
        assert dues == sorted(dues)
        assert "截止▲" in screen_text(app).splitlines()[1]
        assert table.row is not None and table.row.number == 1  # the cursor stays on its item
        await press(pilot, "S")
        assert [row.due for row in table.model.shown] == sorted(dues, reverse=True)
        assert "截止▼" in screen_text(app).splitlines()[1]


async def test_slash_filters_by_title_and_by_owner_pinyin_and_initials(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        await press(pilot, "slash", *"交流")
        assert [row.number for row in table.model.shown] == [2, 5]
        assert "筛选“交流”：2/7 项" in screen_text(app)
        await press(pilot, "escape")
        assert len(table.model.shown) == 7
        # 单丽华 owns 2 and 6: by initials, and by the surname's reading (单 = shan)
        await press(pilot, "slash", *"slh")
        assert [row.number for row in table.model.shown] == [2, 6]
        await press(pilot, *["backspace"] * 3, *"shanlihua", "enter")
        assert [row.number for row in table.model.shown] == [2, 6]
        assert table.has_focus  # enter keeps the filter and goes back to the table
        await press(pilot, "slash", *["backspace"] * 9, *"没有这样的")
        assert table.model.shown == []
        assert "没有与“没有这样的”相符的事项" in screen_text(app)


async def test_escape_on_the_table_clears_a_kept_filter(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        assert "esc 清除筛选" not in screen_text(app)  # no filter: not offered
        await press(pilot, "slash", *"交流", "enter")
        assert table.has_focus and [row.number for row in table.model.shown] == [2, 5]
        assert "esc 清除筛选" in screen_text(app)
        await press(pilot, "escape")
        assert len(table.model.shown) == 7 and table.has_focus
        assert "筛选" not in screen_text(app).splitlines()[-2]


async def test_space_advances_the_status_and_the_database_holds_it(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        await press(pilot, *["j"] * 4)  # 5: todo
        await press(pilot, "space")
        assert item(demo_db, 5, "status") == ("doing",)
        assert table.row is not None and table.row.status == "doing"
        assert notifications(app).count("第 5 项：进行中") == 1  # once, not twice
        assert "◐ 进行中" in next(x for x in screen_text(app).splitlines() if "集中交流研讨" in x)


async def test_space_on_a_done_item_says_to_use_e(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, "j", "j", "space")  # 3: done
        assert item(demo_db, 3, "status") == ("done",)
        assert any("请用 e 修改" in message for message in notifications(app))


async def test_plus_and_minus_change_progress_by_ten_without_steps(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, *["j"] * 4)  # 5 has no steps
        await press(pilot, "plus", "plus", "plus", "minus")
        assert item(demo_db, 5, "progress") == (20,)
        assert "第 5 项：进度 20%" in notifications(app)


async def test_plus_on_an_item_with_steps_says_why_not(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        before = item(demo_db, 1, "progress", "version")
        await press(pilot, "plus")
        assert item(demo_db, 1, "progress", "version") == before
        assert any("进度由步骤计算" in message for message in notifications(app))


async def test_x_asks_to_close_open_steps_then_marks_done(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        await press(pilot, "x")  # 1: 2 of 3 steps open
        assert "还有 2 个步骤未完成" in screen_text(app)
        await press(pilot, "n")
        assert item(demo_db, 1, "status") == ("doing",)
        await press(pilot, "x", "y")
        assert item(demo_db, 1, "status") == ("done",)
        assert table.row is not None and table.row.progress == 100
        steps = db_rows(
            demo_db,
            "SELECT count(*) FROM step JOIN plan_item ON plan_item.id = step.item_id "
            "WHERE plan_item.year = 2024 AND number = 1 AND NOT step.done",
        )
        assert steps == [(0,)]


async def test_d_deletes_after_asking_and_u_brings_it_back(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        await press(pilot, "j", "d")
        assert "删除第 2 项" in screen_text(app)
        await press(pilot, "escape")
        assert db_rows(demo_db, "SELECT count(*) FROM plan_item WHERE year = 2024") == [(7,)]
        await press(pilot, "d", "y")
        assert db_rows(demo_db, "SELECT count(*) FROM plan_item WHERE year = 2024") == [(6,)]
        app.poll_feed()
        await settle(pilot)
        assert len(table.model.shown) == 6
        assert "把学习文件" not in screen_text(app)
        await press(pilot, "u")
        assert db_rows(demo_db, "SELECT count(*) FROM plan_item WHERE year = 2024") == [(7,)]
        assert any(message.startswith("已撤销") for message in notifications(app))
        app.poll_feed()
        await settle(pilot)
        assert len(table.model.shown) == 7


async def test_enter_opens_the_detail_and_escape_goes_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, "j", "enter")
        assert isinstance(app.screen, ItemScreen)
        text = screen_text(app)
        assert "第 2 项（编号" in text
        assert "把学习文件为主的方式" in text
        assert "步骤（已完成 1/3）" in text
        assert "修改历史" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, PlanScreen)


async def test_n_creates_an_item_from_the_form(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        await press(pilot, "n")
        assert "新建工作事项（2024年）" in screen_text(app)
        await press(pilot, *"开展主题党日", "tab", "tab", *"zjg")
        await press(pilot, "enter", "tab", *"9.30", "ctrl+s")
        rows = db_rows(
            demo_db,
            "SELECT number, title, due, owner_id, owner_text FROM plan_item "
            "WHERE year = 2024 AND title = '开展主题党日'",
        )
        owner = db_rows(demo_db, "SELECT id FROM member WHERE name = '张建国'")[0][0]
        assert rows == [(8, "开展主题党日", "2024-09-30", owner, None)]
        assert table.row is not None and table.row.title == "开展主题党日"


async def test_the_form_shows_what_is_wrong_on_its_field(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, "n", "tab", "tab", "tab", *"13.45", "ctrl+s")
        text = screen_text(app)
        assert "标题不能为空" in text
        assert "13.45" in text
        assert db_rows(demo_db, "SELECT count(*) FROM plan_item WHERE year = 2024") == [(7,)]
        app.screen.query_one("#title").focus()
        await press(pilot, *"学习")
        assert "标题不能为空" not in screen_text(app)  # it spoke of what is gone


async def test_escape_on_a_changed_form_asks_first(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, "n", *"草稿", "escape")
        assert "放弃已填写的内容？" in screen_text(app)
        await press(pilot, "n")  # no: back to the form, what was typed still there
        assert "草稿" in screen_text(app)
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, PlanScreen)
        assert db_rows(demo_db, "SELECT count(*) FROM plan_item WHERE title = '草稿'") == [(0,)]


async def test_e_edits_only_what_was_changed(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, *["j"] * 4, "e")  # 5
        assert "修改第 5 项" in screen_text(app)
        await press(pilot, "home", "ctrl+k", *"每季度集中研讨", "ctrl+s")
        assert item(demo_db, 5, "title", "status", "owner_id") == (
            "每季度集中研讨",
            "todo",
            db_rows(demo_db, "SELECT id FROM member WHERE name = '曾晓明'")[0][0],
        )
        history = db_rows(demo_db, "SELECT action FROM change ORDER BY id DESC LIMIT 1")
        assert history == [("item.set",)]


async def test_typing_in_an_edit_form_adds_to_the_title(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, *["j"] * 4, "e")
        await type_text(pilot, "每季度")
        await press(pilot, "ctrl+s")
        assert item(demo_db, 5, "title") == ("定期进行集中交流研讨每季度",)


async def test_a_match_offered_for_the_owner_is_named_until_taken(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, "n", "tab", "tab", *"zhangjian")
        text = screen_text(app)
        assert "⏎ 选定 张建国（↑↓ 换一个）；不选则按所填文字保存" in text
        assert "非党员责任人，按文字保存" not in text
        await press(pilot, "enter")
        assert "党员（第一党小组 · 书记）" in screen_text(app)
        await press(pilot, "ctrl+a", "ctrl+k", *"团支部")
        assert "非党员责任人，按文字保存" in screen_text(app)


async def test_a_members_whole_initials_left_in_the_owner_field_are_that_member(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, "n", *"走访", "tab", "tab", *"zjg")
        assert "党员（第一党小组 · 书记）" in screen_text(app)  # not "kept as text"
        await press(pilot, "tab")  # leaving the field names him
        assert "张建国" in screen_text(app)
        await press(pilot, "ctrl+s")
        await settle(pilot)
    owner = db_rows(demo_db, "SELECT id FROM member WHERE name = '张建国'")[0][0]
    rows = db_rows(demo_db, "SELECT owner_id, owner_text FROM plan_item WHERE title = '走访'")
    assert rows == [(owner, None)]


async def test_what_is_typed_right_after_slash_goes_into_the_filter(
    make_app: AppFactory,
) -> None:
    """A quick typist's keys arrive together: none of them may reach the table."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_plan(pilot)
        for key, character in (("slash", "/"), ("s", "s"), ("l", "l"), ("h", "h")):
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert [row.number for row in table.model.shown] == [2, 6]
        assert table.cursor == 0 and table.model.sort_column == "number"


async def test_space_to_done_with_open_steps_asks_as_x_does(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await press(pilot, "j", "space")  # 2: doing, 2 of 3 steps open
        assert "还有 2 个步骤未完成。一并勾选并标记完成？" in screen_text(app)
        assert not any("--close-steps" in message for message in notifications(app))
        await press(pilot, "y")
        assert item(demo_db, 2, "status") == ("done",)
