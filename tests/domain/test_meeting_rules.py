"""The meeting rules (pure): who is expected at each kind of meeting on its day, the quorum
of a 支部党员大会 (预备党员 attend but do not vote), 支委 posts, and the record's rules."""

from __future__ import annotations

from datetime import date

import pytest

from branchtui.domain.meeting_kinds import is_committee_post, is_secretary
from branchtui.domain.meeting_rules import (
    Person,
    expected,
    meeting,
    meeting_attendance,
    quorum,
    voter_on,
)
from branchtui.errors import FieldError

TODAY = date(2024, 7, 1)


def someone(
    member_id: int,
    stage: str = "full",
    *,
    group: str | None = "第一党小组",
    post: str | None = None,
    admitted_on: date | None = date(2010, 1, 1),
    confirmed_on: date | None = None,
    active: bool = True,
    left_on: date | None = None,
) -> Person:
    return Person(
        member_id, f"人{member_id}", stage, active, group, post, admitted_on, confirmed_on, left_on
    )


BRANCH = [
    someone(1, post="书记"),
    someone(2, post="副书记", group="第二党小组"),
    someone(3, post="组织委员、纪检委员"),
    someone(4, group="第二党小组"),
    someone(5, "probationary", admitted_on=date(2023, 11, 15)),
    someone(6, "activist", admitted_on=None),
    someone(7, group="第二党小组", active=False, left_on=date(2024, 4, 30)),  # transferred out
    someone(8, "probationary", group="第二党小组", admitted_on=date(2024, 5, 20)),
    someone(9, post="团支部书记"),
    # 转正 on 2024-06-01: probationary before that day, full after
    someone(10, group="第二党小组", admitted_on=date(2023, 6, 1), confirmed_on=date(2024, 6, 1)),
]


def ids(people: list[Person]) -> list[int]:
    return [p.id for p in people]


@pytest.mark.parametrize("kind", ["general", "lecture", "theme_day", "life", "review"])
def test_every_party_member_of_that_day_is_expected(kind: str) -> None:
    # March: the member who left in April was still here; the one admitted in May not yet.
    assert ids(expected(kind, None, date(2024, 3, 1), BRANCH)) == [1, 2, 3, 4, 5, 7, 9, 10]
    assert ids(expected(kind, None, date(2024, 6, 1), BRANCH)) == [1, 2, 3, 4, 5, 8, 9, 10]


def test_committee_meetings_expect_the_committee_members() -> None:
    assert ids(expected("committee", None, date(2024, 3, 1), BRANCH)) == [1, 2, 3]


def test_group_meetings_expect_the_group() -> None:
    second = expected("group", "第二党小组", date(2024, 3, 1), BRANCH)
    assert ids(second) == [2, 4, 7, 10]
    assert ids(expected("group", "第二党小组", date(2024, 6, 1), BRANCH)) == [2, 4, 8, 10]
    assert expected("group", None, date(2024, 6, 1), BRANCH) == []


@pytest.mark.parametrize(
    ("post", "committee", "secretary"),
    [
        ("书记", True, True),
        ("支部书记", True, True),
        ("党支部书记", True, True),
        ("副书记", True, False),
        ("组织委员", True, False),
        ("宣传委员", True, False),
        ("纪检委员", True, False),
        ("青年委员", True, False),
        ("委员", True, False),
        ("支委", True, False),
        ("副书记、纪检委员", True, False),
        ("团支部书记", False, False),
        ("团委委员", False, False),
        ("项目经理", False, False),
        (None, False, False),
        ("", False, False),
    ],
)
def test_committee_posts(post: str | None, committee: bool, secretary: bool) -> None:
    assert is_committee_post(post) is committee
    assert is_secretary(post) is secretary


def test_probationary_members_attend_but_do_not_vote() -> None:
    day = date(2024, 3, 1)
    present = {1: "present", 2: "present", 3: "absent", 4: "absent", 5: "present", 10: "present"}
    attendance = [(p, present.get(p.id, "absent")) for p in expected("general", None, day, BRANCH)]
    count = quorum("general", day, attendance)
    assert count is not None
    # voters: 1, 2, 3, 4, 7, 9 (member 10 was still probationary, 5 is): 2 of 6 present
    assert (count.voters, count.present, count.quorate) == (6, 2, False)
    more = [(p, "present" if p.id in (1, 2, 3, 4) else s) for p, s in attendance]
    count = quorum("general", day, more)
    assert count is not None and (count.voters, count.present, count.quorate) == (6, 4, True)
    # exactly half is not more than half
    half = [(p, "present" if p.id in (1, 2, 3) else "absent") for p, _s in attendance]
    count = quorum("general", day, half)
    assert count is not None and (count.present, count.quorate) == (3, False)
    assert quorum("committee", day, attendance) is None


def test_a_member_votes_from_the_end_of_the_probation() -> None:
    confirmed = BRANCH[9]
    assert not voter_on(confirmed, date(2024, 5, 31))
    assert voter_on(confirmed, date(2024, 6, 1))
    assert not voter_on(BRANCH[4], TODAY)  # probationary
    assert not voter_on(BRANCH[5], TODAY)  # an activist is not a member


PEOPLE = {p.id: p for p in BRANCH}


def values(**changes: object) -> dict[str, object]:
    return {"kind": "general", "held_on": date(2024, 3, 1), **changes}


@pytest.mark.parametrize(
    ("given", "field", "key"),
    [
        ({"kind": "meeting"}, "kind", "meeting.bad_kind"),
        ({"held_on": None}, "held_on", "record.required"),
        ({"held_on": "2024-03-01"}, "held_on", "record.not_date"),
        ({"held_on": date(2024, 7, 2)}, "held_on", "meeting.in_future"),
        ({"kind": "group"}, "group", "meeting.group_required"),
        ({"group": "第一党小组"}, "group", "meeting.group_only_for_group"),
        ({"kind": "lecture"}, "lecturer", "meeting.lecturer_required"),
        ({"topic": "学习\x1b[31m"}, "topic", "text.control_character"),
        ({"topic": "长" * 501}, "topic", "record.too_long"),
        ({"host_id": 99}, "host", "meeting.no_such_member"),
    ],
)
def test_the_meeting_rule_refuses(given: dict[str, object], field: str, key: str) -> None:
    with pytest.raises(FieldError) as caught:
        meeting(values(**given), PEOPLE, today=TODAY)
    assert (caught.value.field, caught.value.key) == (field, key)


def test_the_meeting_rule_normalises() -> None:
    row = meeting(
        values(
            kind="lecture",
            topic="  学习党章  ",
            content="第一段\r\n第二段",
            lecturer_id=1,
            lecturer_text="外请",
        ),
        PEOPLE,
        today=TODAY,
    )
    assert row["topic"] == "学习党章" and row["content"] == "第一段\n第二段"
    assert row["lecturer_text"] is None  # a member is named by the register


def test_the_attendance_rule() -> None:
    day = {"held_on": date(2024, 6, 1)}
    row = meeting_attendance({"member_id": 4, "status": "present", "reason": "x"}, day, PEOPLE)
    assert row["reason"] is None  # no reason for being there
    row = meeting_attendance({"member_id": 4, "status": "excused", "reason": " 出差 "}, day, PEOPLE)
    assert row["reason"] == "出差"
    with pytest.raises(FieldError) as caught:
        meeting_attendance({"member_id": 7, "status": "absent"}, day, PEOPLE)
    assert caught.value.key == "meeting.not_on_register"  # left in April
    with pytest.raises(FieldError) as caught:
        meeting_attendance({"member_id": 4, "status": "late"}, day, PEOPLE)
    assert caught.value.key == "meeting.bad_attendance"
    with pytest.raises(FieldError) as caught:
        meeting_attendance({"member_id": 99, "status": "present"}, day, PEOPLE)
    assert caught.value.key == "meeting.no_such_member"
