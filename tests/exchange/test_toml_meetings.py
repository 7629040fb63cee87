"""Meetings in the TOML exchange (SPEC §6): `[[meetings]]` with `[[meetings.attendance]]`,
people and the plan item by uid, the exact round trip, and an import judged by the meeting
rules (naming the record and key, writing nothing)."""

from __future__ import annotations

import tomllib
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from branchtui.domain import history
from branchtui.domain.meetings import Mark, MeetingDraft, add_meeting
from branchtui.exchange.toml_import import ImportFileError
from branchtui.storage.database import Database
from branchtui.storage.models import PlanItem
from branchtui.storage.uow import UnitOfWork
from tests.exchange.test_toml import body, counts, do_import, dump, new_db, plan, populate
from tests.storage.helpers import query

MEETINGS = "SELECT kind, held_on, topic FROM meeting ORDER BY held_on"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """The branch exported (`empty`, tests/exchange/conftest.py, is where it goes)."""
    database = new_db(tmp_path / "source" / "branch.db")
    yield database
    database.close()


def seed(db: Database) -> dict[str, Any]:
    """populate()'s records, a carried-over item and three meetings: a 党员大会 serving an
    item with 张三 present, a 党课 by an outside lecturer, a group meeting of last year."""
    uids = populate(db)
    with UnitOfWork(db, "test.seed") as uow:
        carried = uow.add(
            PlanItem(year=2024, number=3, title="结转的事项", carried_from=str(uuid.uuid4()))
        )
    items = {i.uid: i.id for i in _items(db)}
    today = date(2024, 7, 1)
    add_meeting(
        db,
        MeetingDraft(
            "general",
            date(2024, 3, 5),
            topic="学习党章",
            place="项目部会议室",
            host="张三",
            recorder="外单位记录员",
            item_id=items[uids["first"]],
            content="第一项\n第二项",
        ),
        today=today,
    )
    add_meeting(
        db,
        MeetingDraft(
            "lecture",
            date(2024, 5, 10),
            lecturer="公司党委书记",
            attendance=(Mark("张三", "excused", "出差"),),
        ),
        today=today,
    )
    old_item = next(i.id for i in _items(db) if i.year == 2023)
    add_meeting(
        db,
        MeetingDraft("group", date(2023, 12, 5), group="第一党小组", item_id=old_item),
        today=today,
    )
    return {**uids, "carried": carried.uid}


def _items(db: Database) -> list[PlanItem]:
    from sqlmodel import select

    with db.read() as session:
        return list(session.exec(select(PlanItem)).all())


def test_meetings_are_exported_with_attendance_and_references(db: Database) -> None:
    uids = seed(db)
    data = tomllib.loads(dump(db, year=None))
    meetings = data["meetings"]
    assert [(m["kind"], m["held_on"]) for m in meetings] == [
        ("group", date(2023, 12, 5)),
        ("general", date(2024, 3, 5)),
        ("lecture", date(2024, 5, 10)),
    ]
    general = meetings[1]
    assert general["host_uid"] == uids["zhang"] and general["item_uid"] == uids["first"]
    assert general["recorder_text"] == "外单位记录员" and "recorder_uid" not in general
    assert general["content"] == "第一项\n第二项" and general["place"] == "项目部会议室"
    assert general["attendance"] == [
        {"uid": general["attendance"][0]["uid"], "member_uid": uids["zhang"], "status": "present"}
    ]
    lecture = meetings[2]
    assert lecture["lecturer_text"] == "公司党委书记"
    assert lecture["attendance"][0]["status"] == "excused"
    assert lecture["attendance"][0]["reason"] == "出差"
    assert meetings[0]["group"] == "第一党小组"
    carried = next(i for i in data["plan_items"] if i["uid"] == uids["carried"])
    assert "carried_from" in carried
    # One year: its meetings; a meeting's item of a year not in the file is left out.
    year = tomllib.loads(dump(db, year=2023))
    assert [m["held_on"] for m in year["meetings"]] == [date(2023, 12, 5)]
    assert "item_uid" in year["meetings"][0]
    later = tomllib.loads(dump(db, year=2024))
    assert [m["kind"] for m in later["meetings"]] == ["general", "lecture"]


def test_round_trip_with_meetings(db: Database, empty: Database) -> None:
    seed(db)
    original = dump(db)
    result = do_import(empty, original)
    assert result.counts["meeting"].created == 3
    assert result.counts["meeting_attendance"].created == 3
    assert body(dump(empty)) == body(original)
    assert query(empty.path, MEETINGS) == query(db.path, MEETINGS)
    again = do_import(empty, original)
    assert again.total.created == 0 and again.total.updated == 0
    # one year's file into an empty database: the meeting of last year's item reads back
    # without the item, and the file once more is the same
    lone = dump(db, year=2024)
    assert "item_uid" in lone
    assert do_import(empty, lone).total.created == 0


def test_undo_takes_back_the_imported_meetings(db: Database, empty: Database) -> None:
    seed(db)
    do_import(empty, dump(db))
    history.undo(empty)
    assert query(empty.path, "SELECT count(*) FROM meeting") == [(0,)]
    assert query(empty.path, "SELECT count(*) FROM meeting_attendance") == [(0,)]


MEMBER = "11111111-1111-4111-8111-111111111111"
MEETING = "22222222-2222-4222-8222-222222222222"
ROW = "33333333-3333-4333-8333-333333333333"


def file(meeting: str, attendance: str = "", members: str = "") -> str:
    return f"""format = "branchtui"
version = 1
{members}
[[meetings]]
uid = "{MEETING}"
{meeting}
{attendance}
"""


PERSON = f"""[[members]]
uid = "{MEMBER}"
name = "王五"
stage = "full"
admitted_on = 2010-07-01
group = "第二党小组"
"""
PRESENT = f"""[[meetings.attendance]]
uid = "{ROW}"
member_uid = "{MEMBER}"
"""


@pytest.mark.parametrize(
    ("meeting", "attendance", "members", "where", "key", "words"),
    [
        (
            'kind = "general"\nheld_on = 2024-03-05',
            PRESENT,
            "",
            "meetings[1]",
            "member_uid",
            MEMBER,
        ),
        ('kind = "group"\nheld_on = 2024-03-05', "", PERSON, "meetings[1]", "group", "党小组会须"),
        (
            'kind = "group"\nheld_on = 2024-03-05\ngroup = "第三党小组"',
            "",
            PERSON,
            "meetings[1]",
            "group",
            "第三党小组",
        ),
        ('kind = "lecture"\nheld_on = 2024-03-05', "", "", "meetings[1]", "lecturer_uid", "授课人"),
        ('kind = "general"\nheld_on = 2031-01-01', "", "", "meetings[1]", "held_on", "之后"),
        ('kind = "meeting"\nheld_on = 2024-03-05', "", "", "meetings[1]", "kind", "meeting"),
        ("held_on = 2024-03-05", "", "", "meetings[1]", "kind", ""),
        (
            'kind = "general"\nheld_on = 2009-03-05',
            PRESENT.replace('"\n', '"\nstatus = "absent"\n', 1),
            PERSON + "active = false\nleft_on = 2008-01-01\n",
            "meetings[1].attendance[1]",
            "member_uid",
            "王五",
        ),
        (
            'kind = "general"\nheld_on = 2024-03-05\ntopic = "学习\\u001b[2J"',
            "",
            "",
            "meetings[1]",
            "topic",
            "U+001B",
        ),
        (
            'kind = "general"\nheld_on = 2024-03-05',
            PRESENT + PRESENT.replace(ROW, str(uuid.uuid4())),
            PERSON,
            "meetings[1]",
            "attendance",
            "两次",
        ),
    ],
)
def test_an_import_is_judged_by_the_meeting_rules(
    db: Database, meeting: str, attendance: str, members: str, where: str, key: str, words: str
) -> None:
    before = counts(db)
    text = file(meeting, attendance, members)
    with pytest.raises(ImportFileError) as caught:
        plan(db, text, source="f.toml")
    message = str(caught.value)
    assert where in message and key in message and words in message, message
    assert counts(db) == before
