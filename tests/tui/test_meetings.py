"""5 三会一课: the board, the meetings list, a meeting's record and the record form with its
attendance list, checked on the screen and in the database.

The demo's 2024 on 2024-07-01: 26 meetings; the 支委会 of April, the second 党小组's May
meeting and the 主题党日 of March are missing; 刘洋 has attended nothing since March.
Party members: 张建国 (书记) … 赵敏 full (7 voters), 刘洋 and 陈静 probationary.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from branchtui.display import cell_width
from branchtui.tui.modals.meeting_form import MeetingForm
from branchtui.tui.screens.meeting import MeetingDetail
from branchtui.tui.screens.meetings import MeetingScreen
from branchtui.tui.widgets.attendance_list import Attendees
from branchtui.tui.widgets.line_list import LineList
from tests.tui.conftest import (
    AppFactory,
    db_rows,
    notifications,
    press,
    screen_text,
    settle,
    type_text,
)


def attendance(db: Path, meeting_id: int) -> dict[str, tuple[str, str | None]]:
    """Who was not present at a meeting, and why (by name)."""
    rows = db_rows(
        db,
        "SELECT m.name, a.status, a.reason FROM meeting_attendance AS a "
        "JOIN member AS m ON m.id = a.member_id WHERE a.meeting_id = ? AND a.status != 'present'",
        meeting_id,
    )
    return {name: (status, reason) for name, status, reason in rows}


def newest_meeting(db: Path) -> tuple[Any, ...]:
    return db_rows(db, "SELECT id, kind, held_on, party_group FROM meeting ORDER BY id DESC")[0]


async def open_meetings(pilot: Any) -> LineList:
    await press(pilot, "5")
    assert isinstance(pilot.app.screen, MeetingScreen)
    return pilot.app.screen.query_one("#meetings", LineList)


async def to_attendance(pilot: Any) -> None:
    """From the form's first field to its attendance list, by tab."""
    for _ in range(12):
        if isinstance(pilot.app.focused, Attendees):
            return
        await press(pilot, "tab")
    raise AssertionError(f"attendance list not reached: {pilot.app.focused}")


def symbols(line: str, heading: str, months: range) -> list[str]:
    """The symbol under each month's heading (columns by terminal cell)."""
    cells: list[str] = []
    for char in line:
        cells += [char] + [""] * (cell_width(char) - 1)
    found = []
    for month in months:
        at = cell_width(heading[: heading.index(f" {month} ")]) + 1
        found.append(cells[at] if at < len(cells) else " ")
    return found


async def test_the_board_shows_held_due_and_overdue_for_the_demo(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        lines = screen_text(app).splitlines()
        assert "2024年三会一课（截至 07-01，自 01-01 起计）" in lines[1]
        heading = next(x for x in lines if x.startswith(" 每月"))

        def row(name: str) -> list[str]:
            return symbols(
                next(x for x in lines if x.startswith(f" {name} ")), heading, range(1, 9)
            )

        assert row("支委会") == ["✓", "✓", "✓", "✗", "✓", "✓", "·", " "]
        assert row("党小组会（第一党小组）") == ["✓"] * 6 + ["·", " "]
        assert row("党小组会（第二党小组）") == ["✓"] * 4 + ["✗", "✓", "·", " "]
        assert row("主题党日") == ["✓", "✓", "✗", "✓", "✓", "✓", "·", " "]
        general = next(x for x in lines if "支部党员大会 " in x and "Q" not in x)
        assert "✓  ✓  ·" in general and "组织生活会" in general  # quarters | the year
        assert "✓ 已召开  · 本期应召开  ✗ 逾期未召开  空白 未到期" in screen_text(app)
        assert "✗ 刘洋 已满 3 个月未参加组织生活（最近一次：2024-03-28）" in screen_text(app)
        assert "2024年共 26 次会议" in screen_text(app)
        listed = next(x for x in lines if "01-26" in x)
        assert "支部党员大会" in listed and "8/9 ✓ 过半数" in listed


async def test_a_year_without_records_owes_nothing(make_app: AppFactory) -> None:
    app = make_app(year=2023)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        text = screen_text(app)
        board = text.split("\n", 1)[1].split("✓ 已召开")[0]
        assert "尚无记录，不计应开" in board and "✗" not in board and "·" not in board
        assert "2023年三会一课（截至 2024-07-01；" in board  # today, in its own year
        assert "2023年还没有会议记录。按 n 记录。" in text


async def test_recording_a_meeting_marks_attendance_with_reasons(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, MeetingForm)
        assert "应到 9 人，实到 9 人" in screen_text(app)  # a 支部党员大会: every member
        await press(pilot, "tab", "tab")  # past the day to the topic (no 党小组 asked)
        await type_text(pilot, "学习党的二十届三中全会精神")
        await to_attendance(pilot)
        await press(pilot, "space", "r")  # 张建国: excused, and why
        await type_text(pilot, "出差")
        await press(pilot, "enter", "j", "space", "space", "r")  # 曾晓明: absent
        await type_text(pilot, "病假")
        await press(pilot, "enter", "j", "space", "space", "space")  # 单丽华: back to present
        text = screen_text(app)
        assert "应到 9 人，实到 7 人，请假 1 人，缺席 1 人" in text
        assert "○ 张建国       请假  出差" in text and "✗ 曾晓明       缺席  病假" in text
        assert "有表决权的正式党员 7 名，到会 5 名，超过半数" in text
        await press(pilot, "ctrl+s")
        meeting_id, kind, held_on, _group = newest_meeting(demo_db)
        assert (kind, held_on) == ("general", "2024-07-01")
        assert attendance(demo_db, meeting_id) == {
            "张建国": ("excused", "出差"),
            "曾晓明": ("absent", "病假"),
        }
        assert db_rows(demo_db, "SELECT COUNT(*) FROM meeting_attendance WHERE meeting_id = ?",
                       meeting_id) == [(9,)]  # fmt: skip
        assert "已记录：2024-07-01 支部党员大会" in notifications(app)
        listed = next(x for x in screen_text(app).splitlines() if " 07-01  " in x)
        assert "学习党的二十届三中全会精神" in listed and "7/9 ✓ 过半数" in listed


async def test_a_general_meeting_below_quorum_is_warned_of(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await press(pilot, "n")
        await to_attendance(pilot)
        for _ in range(4):  # four of the seven voters absent
            await press(pilot, "space", "space", "j")
        assert "有表决权的正式党员 7 名，到会 3 名，未超过半数" in screen_text(app)
        await press(pilot, "ctrl+s")
        assert any("未超过半数（至少需 4 名）" in message for message in notifications(app))
        meeting_id = newest_meeting(demo_db)[0]
        assert len(attendance(demo_db, meeting_id)) == 4
        listed = next(x for x in screen_text(app).splitlines() if " 07-01  " in x)
        assert "5/9 ✗ 不足半数" in listed


async def test_a_group_meeting_expects_the_groups_members(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await press(pilot, "n", "enter", "down", "down", "enter")  # the kind: 党小组会
        text = screen_text(app)
        assert "党小组会" in text and "第一党小组" in text
        assert "应到 5 人" in text  # 张建国 曾晓明 单丽华 赵敏 陈静
        assert "翟志强" not in text
        await press(pilot, "ctrl+s")
        assert newest_meeting(demo_db)[1:] == ("group", "2024-07-01", "第一党小组")
        meeting_id = newest_meeting(demo_db)[0]
        assert db_rows(demo_db, "SELECT COUNT(*) FROM meeting_attendance WHERE meeting_id = ?",
                       meeting_id) == [(5,)]  # fmt: skip


async def test_editing_a_meetings_attendance_is_one_change(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_meetings(pilot)
        assert listing.cursor == 0  # 01-08 支委会, 6/6
        await press(pilot, "e")
        assert "修改会议记录：2024-01-08 支委会" in screen_text(app)
        await to_attendance(pilot)
        await press(pilot, "space", "r")
        await type_text(pilot, "外出学习")
        await press(pilot, "ctrl+s")
        assert attendance(demo_db, 1) == {"张建国": ("excused", "外出学习")}
        assert db_rows(demo_db, "SELECT version FROM meeting WHERE id = 1") == [(2,)]
        assert "5/6" in next(x for x in screen_text(app).splitlines() if "01-08" in x)


async def test_enter_opens_a_meeting_and_d_deletes_it_after_asking(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await press(pilot, "j", "j", "enter")  # 01-15, the second group's meeting
        assert isinstance(app.screen, MeetingDetail)
        text = screen_text(app)
        assert "会议记录：党小组会（第二党小组）" in text
        assert "2024-01-15" in text and "学习支部2024年工作计划" in text
        assert "应到 5 人，实到 4 人" in text
        await press(pilot, "d")
        assert "删除会议记录“2024-01-15 党小组会（第二党小组）”及其出席情况？" in screen_text(app)
        await press(pilot, "y")
        assert db_rows(demo_db, "SELECT COUNT(*) FROM meeting WHERE id = 3") == [(0,)]
        assert db_rows(demo_db, "SELECT COUNT(*) FROM meeting_attendance WHERE meeting_id = 3") == [
            (0,)
        ]
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert "2024年共 25 次会议" in screen_text(app)
        assert len([m for m in notifications(app) if "已删除" in m]) == 1


async def test_the_list_pages_and_jumps_and_a_deletion_leaves_the_cursor_beside_it(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_meetings(pilot)
        ids = [int(x) for x in listing.targets if x is not None]
        await press(pilot, "G")
        assert listing.cursor == len(ids) - 1
        await press(pilot, "g")
        assert listing.cursor == 0
        await press(pilot, "pagedown")
        assert 0 < (listing.cursor or 0) < len(ids) - 1
        await press(pilot, "end", "k", "d", "y")  # the one before the last
        await settle(pilot)
        gone = ids[-2]
        assert db_rows(demo_db, "SELECT COUNT(*) FROM meeting WHERE id = ?", gone) == [(0,)]
        assert listing.targets[listing.cursor or 0] == str(ids[-1])  # the next took its place
        top = round(listing.scroll_y)
        assert top <= (listing.cursor or 0) < top + listing.size.height  # and is in sight


async def test_read_only_refuses_every_edit_with_the_reason(
    make_app: AppFactory, demo_db: Path
) -> None:
    app = make_app(read_only=True)
    before = db_rows(demo_db, "SELECT * FROM meeting_attendance")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        for key in ("n", "e", "d"):
            count = len(notifications(app))
            await press(pilot, key)
            assert len(notifications(app)) == count + 1 and "只读" in notifications(app)[-1], key
            assert isinstance(app.screen, MeetingScreen), key
        await press(pilot, "enter")  # looking is allowed
        assert isinstance(app.screen, MeetingDetail)
        await press(pilot, "e")
        assert "只读" in notifications(app)[-1] and isinstance(app.screen, MeetingDetail)
    assert db_rows(demo_db, "SELECT * FROM meeting_attendance") == before


async def test_a_meeting_saved_over_someone_elses_change_takes_theirs_and_keeps_the_typing(
    make_app: AppFactory, demo_db: Path
) -> None:
    from tests.tui.test_sharing import OTHER, other_user

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await press(pilot, "e")  # 01-08 支委会, the first
        assert "修改会议记录" in screen_text(app)
        app.screen.query_one("#field-place Input").focus()
        await type_text(pilot, "二楼会议室")
        other_user(demo_db, "meeting", "set", "1", "--topic", "他改的议题")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert any(OTHER in m for m in notifications(app))
        text = screen_text(app)
        assert "他改的议题" in text and "二楼会议室" in text  # theirs taken, ours kept
        await press(pilot, "ctrl+s")
        await settle(pilot)
    assert db_rows(demo_db, "SELECT topic, place FROM meeting WHERE id = 1") == [
        ("他改的议题", "项目部党员活动室二楼会议室")
    ]
