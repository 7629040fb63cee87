"""The 三会一课 board (pure): periods held, due and overdue from SPEC §4's frequencies, for
a branch that started mid-year; the no-meetings reminder after `absent_months`; the
secretary's yearly 党课."""

from __future__ import annotations

from datetime import date

from branchtui.domain.meeting_board import MeetingBoard, board_from_raw
from branchtui.storage.summary import RawMeetings

# id, name, stage, post, admitted_on, last meeting attended
SECRETARY = (1, "张建国", "full", "书记", "2000-06-20", "2024-07-15")
MEMBER = (2, "王磊", "full", None, "2017-07-01", "2024-07-15")


def raw(
    meetings: list[tuple[int, str, str | None, str, int | None]],
    *,
    starts_on: str | None = "2024-07-10",
    members: list[tuple[int, str, str, str | None, str | None, str | None]] | None = None,
    first_meeting: str | None = "2024-07-15",
) -> RawMeetings:
    return RawMeetings(
        meetings=meetings,
        starts_on=starts_on,
        groups=["第一党小组", "第二党小组"],
        members=[SECRETARY, MEMBER] if members is None else members,
        first_meeting=first_meeting,
    )


def cells(board: MeetingBoard, kind: str, group: str | None = None) -> dict[str, str]:
    """Each period of a row as ✓ held, ✗ overdue, · due, blank not due."""
    row = next(r for r in board.rows if r.kind == kind and r.group == group)
    return {
        p.period: "✓" if p.held else "✗" if p.overdue else "·" if p.due else " "
        for p in row.periods
    }


MID_YEAR = [
    (1, "committee", None, "2024-07-15", None),
    (2, "general", None, "2024-07-15", None),
    (3, "group", "第一党小组", "2024-08-20", None),
    (4, "lecture", None, "2024-07-20", 1),
]


def test_a_branch_that_started_in_july_owes_nothing_before() -> None:
    board = board_from_raw(raw(MID_YEAR), 2024, date(2024, 9, 15), 3)
    assert board.starts_on == date(2024, 7, 10)
    committee = cells(board, "committee")
    assert [committee[f"2024-{m:02d}"] for m in range(1, 13)] == (
        [" "] * 6 + ["✓", "✗", "·"] + [" "] * 3
    )
    assert cells(board, "general") == {
        "2024-Q1": " ",
        "2024-Q2": " ",
        "2024-Q3": "✓",
        "2024-Q4": " ",
    }
    first = cells(board, "group", "第一党小组")
    second = cells(board, "group", "第二党小组")
    assert (first["2024-07"], first["2024-08"], first["2024-09"]) == ("✗", "✓", "·")
    assert (second["2024-07"], second["2024-08"], second["2024-09"]) == ("✗", "✗", "·")
    assert cells(board, "life") == {"2024": "·"}  # due in December
    assert cells(board, "theme_day")["2024-06"] == " "
    assert [row.kind for row in board.rows] == [
        "general",
        "committee",
        "group",
        "group",
        "lecture",
        "theme_day",
        "life",
        "review",
    ]
    assert board.counts["committee"] == 1 and board.counts["other"] == 0
    row = next(r for r in board.rows if r.kind == "committee")
    assert (row.due, row.held, row.overdue) == (3, 1, 1)


def test_the_yearly_meetings_are_overdue_after_december() -> None:
    board = board_from_raw(raw(MID_YEAR), 2024, date(2025, 1, 2), 3)
    assert cells(board, "life") == {"2024": "✗"} and cells(board, "review") == {"2024": "✗"}
    assert cells(board, "general")["2024-Q4"] == "✗"


def test_nothing_is_due_in_a_year_nothing_was_recorded_in_nor_without_meetings() -> None:
    empty = board_from_raw(raw([], starts_on=None), 2024, date(2024, 9, 15), 3)
    assert empty.overdue == 0 and all(not p.due for r in empty.rows for p in r.periods)
    none = board_from_raw(raw([], first_meeting=None), 2024, date(2024, 9, 15), 3)
    assert none.starts_on is None and none.overdue == 0 and none.reminders == ()


def test_no_meetings_reminder_after_three_months() -> None:
    members = [
        (1, "张建国", "full", "书记", "2000-06-20", "2024-03-05"),
        (2, "王磊", "full", None, "2017-07-01", None),  # never attended
        (3, "陈静", "probationary", None, "2024-05-20", None),  # admitted later
    ]
    meetings = [(1, "lecture", None, "2024-01-10", 1)]

    def reminded(today: date, months: int = 3) -> list[tuple[str, str, date, date | None]]:
        board = board_from_raw(
            raw(meetings, members=members, first_meeting="2024-01-10", starts_on="2024-01-01"),
            2024,
            today,
            months,
        )
        return [(r.name, r.kind, r.date, r.last) for r in board.reminders]

    assert reminded(date(2024, 4, 9)) == []
    assert reminded(date(2024, 4, 10)) == [("王磊", "no_meetings", date(2024, 4, 10), None)]
    assert reminded(date(2024, 6, 5)) == [
        ("王磊", "no_meetings", date(2024, 4, 10), None),
        ("张建国", "no_meetings", date(2024, 6, 5), date(2024, 3, 5)),
    ]
    # counted from the admission for someone admitted after the first meeting
    assert ("陈静", "no_meetings", date(2024, 8, 20), None) in reminded(date(2024, 8, 20))
    assert reminded(date(2024, 6, 5), months=0) == []  # 0: no reminder
    assert len(reminded(date(2024, 6, 5), months=4)) == 1


def test_the_secretary_is_reminded_of_the_yearly_lecture() -> None:
    others = [(4, "lecture", None, "2024-07-20", 2)]  # given by someone else
    board = board_from_raw(raw(others), 2024, date(2024, 9, 15), 3)
    assert [(r.name, r.kind, r.date) for r in board.reminders] == [
        ("张建国", "secretary_lecture", date(2024, 12, 31))
    ]
    assert board_from_raw(raw(MID_YEAR), 2024, date(2024, 9, 15), 3).reminders == ()


def test_attending_since_that_day_is_never_reminded() -> None:
    """`attended_since` lets storage skip reading the last meeting of those who attended
    recently: anyone who attended on or after it must not be due a reminder, whatever the
    month ends (every day of four years, 1 to 4 months)."""
    from datetime import timedelta

    from branchtui.domain.dates import add_months
    from branchtui.domain.meeting_board import attended_since

    day = date(2023, 1, 1)
    while day < date(2027, 1, 1):
        for months in (1, 2, 3, 4):
            since = attended_since(day, months)
            assert since is not None
            first = date.fromisoformat(since)
            # the day itself and the days after it
            for later in (first, first + timedelta(days=1)):
                assert add_months(later, months) > day, (day, months, later)
            # and it is close: a week earlier would be due
            assert add_months(first - timedelta(days=7), months) <= day
        day += timedelta(days=1)
    assert attended_since(date(2024, 7, 1), 0) is None


def test_members_who_attended_since_are_skipped() -> None:
    members = [(1, "张建国", "full", "书记", "2000-06-20", None)]
    raw = RawMeetings(
        meetings=[(1, "lecture", None, "2024-06-10", 1)],
        starts_on="2024-01-01",
        groups=[],
        members=members,
        first_meeting="2024-01-10",
        present_since=frozenset({1}),
    )
    assert board_from_raw(raw, 2024, date(2024, 7, 1), 3).reminders == ()
    reminded = board_from_raw(raw._replace(present_since=frozenset()), 2024, date(2024, 7, 1), 3)
    assert [r.kind for r in reminded.reminders] == ["no_meetings"]
