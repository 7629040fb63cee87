"""4 党员: the register's table and each of its keys, a member's detail and 培养记录,
checked on the screen and in the database.

The demo's register on 2024-07-01 (stage order): 张建国 书记, 翟志强, 曾晓明, 单丽华, 李红梅,
王磊, 赵敏 (full); 刘洋 (probationary, 预备期 to 2024-11-15), 陈静; 杨帆 (candidate, 16 of
24 学时), 黄丽; 周强, 吴婷 (activists, 吴婷 since 2024-04-01, no contacts, no sponsors);
孙浩, 朱琳 (applicants); 仇伟 transferred out on 2024-04-30.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import Select

from branchtui.tui.screens.member import MemberScreen
from branchtui.tui.screens.members import MembersScreen
from branchtui.tui.widgets.member_table import MemberTable
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


def member_id(db: Path, name: str) -> int:
    return int(db_rows(db, "SELECT id FROM member WHERE name = ?", name)[0][0])


def member(db: Path, name: str, *columns: str) -> tuple[Any, ...]:
    rows = db_rows(db, f"SELECT {', '.join(columns)} FROM member WHERE name = ?", name)
    return rows[0]


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


def add_people(db: Path, *names: str) -> None:
    """Members the demo lacks (full members, admitted 2015), written as the commands do."""
    from branchtui.domain import members
    from branchtui.domain.stages import Rules
    from branchtui.storage.database import open_database

    database = open_database(str(db), user=USER)
    try:
        for name in names:
            members.add_member(
                database,
                name,
                today=date(2024, 7, 1),
                rules=Rules(),
                stage="full",
                admitted_on=date(2015, 7, 1),
            )
    finally:
        database.close()


async def open_members(pilot: Any) -> MemberTable:
    await press(pilot, "4")
    assert isinstance(pilot.app.screen, MembersScreen)
    return pilot.app.screen.query_one(MemberTable)


async def pick(pilot: Any, query: str) -> MemberTable:
    """The cursor on the first member the filter `query` finds (the filter kept)."""
    table = pilot.app.screen.query_one(MemberTable)
    await press(pilot, "slash", *query, "enter")
    return table


def shown_names(table: MemberTable) -> list[str]:
    return [row.name for row in table.model.shown]


# -- the table ----------------------------------------------------------------------------------


async def test_the_table_lists_active_members_with_their_next_step(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_members(pilot)
        text = screen_text(app)
        heading = text.splitlines()[1]
        for column in ("姓名", "性别", "党小组", "职务", "阶段▲", "入党", "下一步"):
            assert column in heading
        assert shown_names(table)[:3] == ["张建国", "翟志强", "曾晓明"]  # full, by seniority
        assert "仇伟" not in shown_names(table) and len(table.model.shown) == 15
        assert table.row is not None and table.row.name == "张建国"
        lines = text.splitlines()

        def line(name: str) -> str:
            return next(x for x in lines if name in x)

        assert "2000-06-20" in line("张建国") and "书记" in line("张建国")
        assert "11-15预备期满" in line("刘洋")
        assert "培训 16/24 学时" in line("杨帆")
        assert "10-01考察" in line("吴婷")
        assert "07-01前谈话" in line("朱琳")
        assert "在册 15 人" in text


async def test_a_shows_those_who_left_and_hides_them_again(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_members(pilot)
        await press(pilot, "a")
        assert shown_names(table)[-1] == "仇伟"  # those who left come last
        line = next(x for x in screen_text(app).splitlines() if "仇伟" in x)
        assert "04-30转出" in line
        assert "另有已转出 1 人" in screen_text(app)
        await press(pilot, "a")
        assert "仇伟" not in shown_names(table)


async def test_s_sorts_by_the_next_column_keeping_the_cursor(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_members(pilot)
        await press(pilot, "j", "j")  # 曾晓明
        await press(pilot, "s")  # by name (pinyin)
        assert shown_names(table)[:3] == ["陈静", "黄丽", "李红梅"]  # 单 read shàn: under S
        assert "姓名▲" in screen_text(app).splitlines()[1]
        assert table.row is not None and table.row.name == "曾晓明"
        await press(pilot, "S")
        assert shown_names(table)[0] == "朱琳"
        assert "姓名▼" in screen_text(app).splitlines()[1]


async def test_slash_filters_by_pinyin_and_initials_with_surnames_read_apart(
    make_app: AppFactory, demo_db: Path
) -> None:
    add_people(demo_db, "张三", "曾刚")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_members(pilot)
        await press(pilot, "slash", *"zs")
        assert shown_names(table) == ["张三"]
        assert "筛选“zs”：1 人" in screen_text(app)
        # 曾 read as a surname (zēng, not céng): full pinyin and initials
        await press(pilot, "backspace", "backspace", *"zenggang")
        assert shown_names(table) == ["曾刚"]
        await press(pilot, *["backspace"] * 8, *"zg")
        assert shown_names(table) == ["曾刚"]
        await press(pilot, "backspace", "backspace", *"cenggang")  # the everyday reading too
        assert shown_names(table) == ["曾刚"]
        # 单 as a surname is shàn, not dān
        await press(pilot, *["backspace"] * 8, *"shan")
        assert shown_names(table) == ["单丽华"]
        await press(pilot, *["backspace"] * 4, "曾")
        assert sorted(shown_names(table)) == ["曾刚", "曾晓明"]
        await press(pilot, "backspace", *"第二党小组")  # groups and posts by their text
        assert "刘洋" in shown_names(table) and "张建国" not in shown_names(table)
        await press(pilot, "escape")
        assert len(table.model.shown) == 17
        await press(pilot, "slash", *"xyz")
        assert table.model.shown == []
        assert "没有与“xyz”相符的人员" in screen_text(app)


# -- p: the next stage --------------------------------------------------------------------------


async def test_p_shows_the_interval_warning_and_confirmed_writes_the_stage(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "wuting")
        await press(pilot, "p")
        assert "吴婷：入党积极分子 → 发展对象" in screen_text(app)
        await press(pilot, "ctrl+s")  # the date offered: today
        text = screen_text(app)
        assert "将 吴婷 从入党积极分子转为发展对象（2024-07-01）？" in text
        assert "从入党积极分子（2024-04-01）到发展对象一般至少需要 365" in text
        assert "目前只有 91 天" in text
        assert "发展对象应有两名入党介绍人，目前记录了 0" in text
        await press(pilot, "y")
        assert member(demo_db, "吴婷", "stage", "candidate_on", "version") == (
            "candidate",
            "2024-07-01",
            2,
        )
        said = notifications(app)
        assert said.count("吴婷 已转为发展对象（2024-07-01）") == 1
        assert any("一般至少需要 365 天" in message for message in said)
        assert db_rows(demo_db, "SELECT who, action FROM change ORDER BY id DESC LIMIT 1") == [
            (USER, "member.promote")
        ]
        line = next(x for x in screen_text(app).splitlines() if "吴婷" in x)
        assert "发展对象" in line


async def test_p_cancelled_writes_nothing(make_app: AppFactory, demo_db: Path) -> None:
    before = dump(demo_db)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "wuting")
        await press(pilot, "p", "ctrl+s")
        assert "目前只有 91 天" in screen_text(app)
        await press(pilot, "n")
        assert "已取消，没有修改" in notifications(app)
        assert isinstance(app.screen, MembersScreen)
        await press(pilot, "p", "escape")  # and the date asked, then not given
        assert isinstance(app.screen, MembersScreen)
    assert dump(demo_db) == before


async def test_p_to_full_gives_the_date_the_rules_give(make_app: AppFactory, demo_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "liuyang")
        await press(pilot, "p")
        assert "支部大会讨论通过转正的日期" in screen_text(app)
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "7.30")  # the plan-year shorthand: after today
        await press(pilot, "ctrl+s")
        assert "晚于今天" in screen_text(app)  # refused on the date field
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "6月28日")
        assert "2024-06-28" in screen_text(app)  # what the typed date means
        await press(pilot, "ctrl+s")
        text = screen_text(app)
        assert "转正日期：2024-11-15（预备期满之日" in text
        assert "2024-06-28 转正早了 140 天" in text
        await press(pilot, "enter")
    assert member(demo_db, "刘洋", "stage", "confirmed_on") == ("full", "2024-11-15")
    approval = db_rows(
        demo_db,
        "SELECT kind, date FROM member_event WHERE member_id = ? ORDER BY id DESC LIMIT 1",
        member_id(demo_db, "刘洋"),
    )
    assert approval == [("approval", "2024-06-28")]


async def test_p_on_a_full_member_says_there_is_no_next_stage(
    make_app: AppFactory, demo_db: Path
) -> None:
    before = dump(demo_db)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await press(pilot, "p")
        assert "张建国 已是正式党员，没有下一阶段" in notifications(app)
        assert isinstance(app.screen, MembersScreen)
    assert dump(demo_db) == before


# -- private fields ----------------------------------------------------------------------------


async def test_private_fields_are_masked_until_revealed_and_masked_again_on_leaving(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        table = await open_members(pilot)
        assert "手机号" in screen_text(app).splitlines()[1]
        assert "*******0001" in screen_text(app)
        assert "13800000001" not in screen_text(app)
        await press(pilot, "ctrl+r")
        assert "13800000001" in screen_text(app) and table.revealed
        await press(pilot, "enter")  # the detail: masked, whatever the table showed
        assert isinstance(app.screen, MemberScreen)
        assert "手机号：*******0001" in screen_text(app)
        assert "13800000001" not in screen_text(app)
        await press(pilot, "ctrl+r")
        assert "手机号：13800000001" in screen_text(app)
        await press(pilot, "escape")  # leaving: the table was left too, masked again
        assert "13800000001" not in screen_text(app) and "*******0001" in screen_text(app)
        await press(pilot, "enter")
        assert "手机号：*******0001" in screen_text(app)  # a new visit starts masked
        await press(pilot, "escape", "ctrl+r", "1", "4")  # another screen and back
        assert "13800000001" not in screen_text(app)


async def test_the_edit_form_keeps_a_masked_number_unless_a_new_one_is_typed(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await press(pilot, "e")
        assert "*******0001（已隐藏" in screen_text(app)
        assert "13800000001" not in screen_text(app)
        app.screen.query_one("#member-post").focus()
        await press(pilot, "end")
        await type_text(pilot, "兼党课讲师")
        await press(pilot, "ctrl+s")
        assert member(demo_db, "张建国", "post", "phone") == ("书记兼党课讲师", "13800000001")
        assert "已保存 张建国" in notifications(app)


# -- the detail and its 培养记录 -------------------------------------------------------------


async def test_the_detail_shows_every_field_party_age_and_the_timeline(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "liuyang")
        await press(pilot, "enter")
        assert isinstance(app.screen, MemberScreen)
        text = screen_text(app)
        for shown in (
            "刘洋（编号",
            "预备党员",
            "民族：汉族",
            "出生日期：1996-05-06",
            "入党（预备）：2023-11-15",
            "预备期满：2024-11-15",
            "党龄：自 2024-11-15 起算",
            "入党介绍人：张建国、曾晓明",
            "培养记录（培训共 24 学时）",
            "2023-10-20  培训",
            "发展对象集中培训",
        ):
            assert shown in text, shown
        await press(pilot, "escape")
        assert isinstance(app.screen, MembersScreen)


async def test_the_first_record_added_can_be_edited_at_once(
    make_app: AppFactory, demo_db: Path
) -> None:
    who = member_id(demo_db, "翟志强")  # no 培养记录 yet
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "zzq")
        await press(pilot, "enter", "a", "ctrl+s")
        await settle(pilot)
        assert db_rows(demo_db, "SELECT COUNT(*) FROM member_event WHERE member_id = ?", who) == [
            (1,)
        ]
        await press(pilot, "e")
        assert "修改培养记录：翟志强" in screen_text(app)


async def test_the_timeline_adds_edits_and_deletes_a_record(
    make_app: AppFactory, demo_db: Path
) -> None:
    who = member_id(demo_db, "杨帆")

    def events() -> list[tuple[Any, ...]]:
        return db_rows(
            demo_db,
            "SELECT kind, date, hours, note FROM member_event WHERE member_id = ? ORDER BY id",
            who,
        )

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "yangfan")
        await press(pilot, "enter", "a")
        assert "新增培养记录：杨帆" in screen_text(app)
        await press(pilot, "enter", "down", "enter")  # the kind: talk → training
        assert app.screen.query_one("#event-kind", Select).value == "training"
        await press(pilot, "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "6.20")
        await press(pilot, "tab")
        await type_text(pilot, "8")
        await press(pilot, "tab")
        await type_text(pilot, "党校集中培训")
        await press(pilot, "ctrl+s")
        assert events()[-1] == ("training", "2024-06-20", 8.0, "党校集中培训")
        assert "培养记录（培训共 24 学时）" in screen_text(app)  # 16 + 8
        await press(pilot, "e")  # the cursor went to the new record (the second)
        assert "修改培养记录：杨帆" in screen_text(app)
        await press(pilot, "tab", "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "12")
        await press(pilot, "ctrl+s")
        assert events()[-1] == ("training", "2024-06-20", 12.0, "党校集中培训")
        assert "培养记录（培训共 28 学时）" in screen_text(app)
        await press(pilot, "d")
        assert "删除 2024-06-20 的培养记录（培训）？" in screen_text(app)
        await press(pilot, "y")
        assert events() == [("training", "2024-04-12", 16.0, "线上集中学习（未满24学时）")]
        assert "培养记录（培训共 16 学时）" in screen_text(app)


async def test_a_record_with_bad_hours_says_why_inline(make_app: AppFactory, demo_db: Path) -> None:
    before = dump(demo_db)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "yangfan")
        await press(pilot, "enter", "a", "tab", "tab")
        await type_text(pilot, "-3")
        await press(pilot, "ctrl+s")
        assert "学时“-3”无效，应为大于 0 的数字" in screen_text(app)
        assert "新增培养记录" in screen_text(app)  # still open, what was typed kept
    assert dump(demo_db) == before


# -- n, t ----------------------------------------------------------------------------------------


async def test_n_adds_a_member_with_inline_errors_first(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_members(pilot)
        await press(pilot, "n")
        assert "新增人员" in screen_text(app)
        await type_text(pilot, "欧阳明")
        app.screen.query_one("#field-applied_on Input").focus()
        await type_text(pilot, "2024/13/1")
        assert "日期“2024/13/1”无效" in screen_text(app)  # said as it is typed
        await press(pilot, "ctrl+s")
        assert db_rows(demo_db, "SELECT count(*) FROM member WHERE name = '欧阳明'") == [(0,)]
        await press(pilot, *["backspace"] * 9)
        await type_text(pilot, "2024年6月3日")
        assert "2024-06-03" in screen_text(app)
        await press(pilot, "ctrl+s")
        stage, applied, key = member(demo_db, "欧阳明", "stage", "applied_on", "name_key")
        assert (stage, applied) == ("applicant", "2024-06-03")
        assert "ouyangming" in key.split() and "oym" in key.split()  # 欧阳 read as a unit
        assert table.row is not None and table.row.name == "欧阳明"


async def test_t_transfers_a_member_out_on_the_date_asked(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_members(pilot)
        await pick(pilot, "zhulin")
        await press(pilot, "t")
        assert "转出：朱琳" in screen_text(app)
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "6.30")
        await press(pilot, "tab")
        await type_text(pilot, "调往项目公司")
        await press(pilot, "ctrl+s")
        assert member(demo_db, "朱琳", "active", "left_on") == (0, "2024-06-30")
        assert "朱琳 已于 2024-06-30 转出" in notifications(app)
        assert "朱琳" not in shown_names(table)


# -- links: the dashboard and the palette -------------------------------------------------------


async def test_a_member_reminder_on_the_dashboard_opens_that_member(
    make_app: AppFactory, demo_db: Path
) -> None:
    from branchtui.tui.widgets.line_list import LineList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        attention = app.screen.query_one(LineList)
        target = f"member:{member_id(demo_db, '刘洋')}"
        while attention.targets[attention.cursor or 0] != target:
            before = attention.cursor
            await press(pilot, "j")
            assert attention.cursor != before, "no reminder of 刘洋 on the dashboard"
        await press(pilot, "enter")
        assert isinstance(app.screen, MemberScreen)
        assert "刘洋（编号" in screen_text(app)
        await press(pilot, "escape")
        table = app.screen.query_one(MemberTable)
        assert table.row is not None and table.row.name == "刘洋"


async def test_the_palette_finds_a_member_by_initials_and_opens_them(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "ctrl+p")
        await type_text(pilot, "zxm")
        assert "党员: 曾晓明（第一党小组 · 副书记）" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, MemberScreen)
        assert "曾晓明（编号" in screen_text(app)


async def test_help_on_a_member_names_the_screen_not_the_id(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_members(pilot)
        await pick(pilot, "yangfan")
        await press(pilot, "enter", "question_mark")
        assert "帮助：党员详情的按键" in screen_text(app)
