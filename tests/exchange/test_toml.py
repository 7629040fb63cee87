"""TOML export and import (SPEC §6): layout, round trips, merging by uid, every bad file."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import tomllib
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from branchtui.domain import branch, history
from branchtui.domain.item_changes import ItemDraft, add_item
from branchtui.domain.stages import Rules
from branchtui.errors import BranchError, ValidationError
from branchtui.exchange import toml_store
from branchtui.exchange.files import write_file
from branchtui.exchange.toml_export import export_toml
from branchtui.exchange.toml_import import (
    ImportFileError,
    ImportPlan,
    apply_import,
    plan_import,
    read_import_file,
    record_lines,
)
from branchtui.storage.database import Database, open_database
from branchtui.storage.models import (
    Check,
    Checklist,
    ChecklistEntry,
    Member,
    MemberEvent,
    PlanItem,
    Step,
)
from branchtui.storage.uow import UnitOfWork

AT = datetime(2024, 7, 1, 8, 30, tzinfo=UTC)
STAMP = datetime(2024, 3, 1, 9, 0, 0, 123456, tzinfo=UTC)
TABLES = (
    "member",
    "member_event",
    "plan_item",
    "step",
    "checklist",
    "checklist_entry",
    "checklist_check",
    "change",
    "history",
)


# -- helpers --------------------------------------------------------------------------------
def new_db(path: Path, name: str = "第一党支部") -> Database:
    """A new migrated database with its branch row."""
    db = open_database(str(path), user="tester", create=True)
    branch.ensure(db, name, rename=False)
    return db


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_db(tmp_path / "a" / "branch.db")
    yield database
    database.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Database]:
    database = new_db(tmp_path / "b" / "branch.db", name="空支部")
    yield database
    database.close()


def counts(db: Database) -> dict[str, int]:
    """Rows per table, read with plain sqlite3."""
    with sqlite3.connect(db.path) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def dump(db: Database, year: int | None = None, private: bool = True) -> str:
    return export_toml(db, year=year, include_private=private, exported_at=AT)


def body(text: str) -> str:
    """An export without its `exported_at` line."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("exported_at"))


TODAY = date(2030, 1, 1)  # the import's today: after every date of these tests
# The database a write must never replace: none, for the tests of writing as such.
ELSEWHERE = Path("/nonexistent/branch.db")


def plan(db: Database, text: str, **options: Any) -> ImportPlan:
    """`plan_import` on TODAY with the default [rules]."""
    return plan_import(db, text, today=TODAY, rules=Rules(), **options)


def do_import(db: Database, text: str) -> Any:
    return apply_import(db, plan(db, text, source="f.toml"))


def populate(db: Database) -> dict[str, Any]:
    """Members, events, items of two years with steps, checklists with entries and checks."""
    with UnitOfWork(db, "test.seed") as uow:
        zhang = uow.add(
            Member(
                name="张三",
                name_key="zhangsan zs",
                gender="男",
                group="第一党小组",
                post="书记",
                stage="full",
                admitted_on=date(2019, 7, 1),
                confirmed_on=date(2020, 7, 1),
                sponsors="王五、赵六",
                notes='第一行\n第二行 "引号" \\ 反斜杠\t制表',
                phone="13800000000",
                id_number="110101199001011234",
            )
        )
        li = uow.add(Member(name="李四", name_key="lisi ls", stage="activist", active=False))
        uow.add(MemberEvent(member_id=zhang.id, date=date(2024, 3, 5), kind="training", hours=12.5))
        uow.add(MemberEvent(member_id=li.id, date=date(2024, 1, 9), kind="talk", note="谈心"))
        first = uow.add(
            PlanItem(
                year=2024,
                number=1,
                title="强党员干部的学习教育",
                detail="把学习文件为主的方式…结合起来",
                category="study",
                owner_id=zhang.id,
                due=date(2024, 6, 30),
                status="doing",
                progress=30,
            )
        )
        uow.add(
            PlanItem(
                year=2024,
                number=2,
                title="党建带团建",
                category="mass",
                owner_text="团支部",
                status="done",
                progress=100,
                evidence="已完成",
                completed_at=STAMP,
                completed_by="书记",
            )
        )
        uow.add(PlanItem(year=2023, number=1, title="去年的事项", status="cancelled"))
        uow.add(Step(item_id=first.id, position=2, title="交流研讨"))
        uow.add(
            Step(
                item_id=first.id,
                position=1,
                title="制定方案",
                done=True,
                done_at=STAMP,
                done_by="tester",
                due=date(2024, 2, 1),
            )
        )
        checklist = uow.add(
            Checklist(year=2024, kind="ideology", title="意识形态清单", starts_on=date(2024, 1, 1))
        )
        yearly = uow.add(
            ChecklistEntry(
                checklist_id=checklist.id,
                position=1,
                title="年度方案",
                frequency="once",
                due_month=3,
            )
        )
        quarterly = uow.add(
            ChecklistEntry(
                checklist_id=checklist.id,
                position=2,
                title="形势研判",
                frequency="quarterly",
                owner="书记",
            )
        )
        uow.add(Check(entry_id=yearly.id, period="2024", done_at=STAMP, done_by="tester"))
        uow.add(Check(entry_id=quarterly.id, period="2024-Q1", done_at=STAMP, evidence="记录"))
        old = uow.add(Checklist(year=2023, kind="custom", title="旧清单"))
        uow.add(ChecklistEntry(checklist_id=old.id, position=1, title="月度", frequency="monthly"))
        return {"zhang": zhang.uid, "li": li.uid, "first": first.uid, "checklist": checklist.uid}


# -- export -----------------------------------------------------------------------------------
def test_export_header_records_and_links(db: Database) -> None:
    uids = populate(db)
    data = tomllib.loads(dump(db, year=2024, private=False))
    assert data["format"] == "branchtui" and data["version"] == 1 and data["year"] == 2024
    assert data["exported_at"] == AT
    assert data["branch"] == {"name": "第一党支部"}
    assert [m["name"] for m in data["members"]] == ["张三", "李四"]  # all members, by name
    zhang = data["members"][0]
    assert zhang["uid"] == uids["zhang"] and zhang["group"] == "第一党小组"
    assert zhang["admitted_on"] == date(2019, 7, 1)  # a TOML date
    assert zhang["created_at"].tzinfo is not None and "updated_at" in zhang
    assert "phone" not in zhang and "id_number" not in zhang  # private: not by default
    assert not any(key in zhang for key in ("id", "version", "name_key"))
    assert zhang["events"][0]["hours"] == 12.5
    assert data["members"][1]["active"] is False
    titles = [(i["year"], i["number"], i["title"]) for i in data["plan_items"]]
    assert titles == [(2024, 1, "强党员干部的学习教育"), (2024, 2, "党建带团建")]
    first, second = data["plan_items"]
    assert first["owner_uid"] == uids["zhang"] and "owner_text" not in first
    assert [t["position"] for t in first["tasks"]] == [1, 2]  # by position
    assert first["tasks"][0]["done_at"] == STAMP
    assert second["owner_text"] == "团支部" and second["completed_by"] == "书记"
    assert "tasks" not in second and "detail" not in second  # absent: left out
    (checklist,) = data["checklists"]
    assert checklist["uid"] == uids["checklist"]
    assert [e["title"] for e in checklist["entries"]] == ["年度方案", "形势研判"]
    assert checklist["entries"][0]["checks"][0]["period"] == "2024"
    assert "due_month" not in checklist["entries"][1]


def test_export_private_fields_and_all_years(db: Database) -> None:
    populate(db)
    data = tomllib.loads(dump(db, year=None, private=True))
    assert "year" not in data
    assert data["members"][0]["phone"] == "13800000000"
    assert data["members"][0]["id_number"] == "110101199001011234"
    assert [(i["year"], i["number"]) for i in data["plan_items"]] == [
        (2023, 1),
        (2024, 1),
        (2024, 2),
    ]
    assert [c["year"] for c in data["checklists"]] == [2023, 2024]
    other = tomllib.loads(dump(db, year=2023))
    assert [i["title"] for i in other["plan_items"]] == ["去年的事项"]
    assert len(other["members"]) == 2  # members whatever the year


def test_export_text_is_escaped_and_multiline(db: Database) -> None:
    populate(db)
    text = dump(db)
    assert 'notes = """\n第一行\n第二行 \\"引号\\" \\\\ 反斜杠\t制表"""' in text
    notes = tomllib.loads(text)["members"][0]["notes"]
    assert notes == '第一行\n第二行 "引号" \\ 反斜杠\t制表'


def test_export_is_deterministic(db: Database) -> None:
    populate(db)
    first = export_toml(db, year=None, include_private=True, exported_at=AT)
    later = export_toml(db, year=None, include_private=True, exported_at=AT + timedelta(days=1))
    assert first != later
    assert body(first) == body(later)


def test_export_progress_reaches_total(db: Database) -> None:
    populate(db)
    seen: list[tuple[int, int]] = []
    export_toml(
        db,
        year=None,
        include_private=False,
        exported_at=AT,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (0, 16) and seen[-1] == (16, 16)  # 16 records in all years


# -- round trips ------------------------------------------------------------------------------
def test_round_trip_into_an_empty_database(db: Database, empty: Database) -> None:
    populate(db)
    add_item(db, 2024, ItemDraft("经由领域层新增的事项", due=date(2024, 9, 1), category="service"))
    original = dump(db)
    result = do_import(empty, original)
    assert result.counts["plan_item"].created == 4
    assert result.counts["branch"].updated == 1
    assert body(dump(empty)) == body(original)
    assert branch.name(empty) == "第一党支部"


def test_round_trip_of_the_demo(db: Database, empty: Database) -> None:
    from branchtui.domain.demo import load_demo

    load_demo(db, date(2024, 7, 1))
    original = dump(db)
    result = do_import(empty, original)
    assert result.total.created > 50
    assert body(dump(empty)) == body(original)
    assert do_import(empty, original).total.created == 0


def test_reimport_is_unchanged_and_writes_no_change(db: Database) -> None:
    populate(db)
    before = counts(db)
    result = do_import(db, dump(db))
    assert result.total.created == result.total.updated == 0
    assert result.total.unchanged == 17
    assert counts(db) == before  # not even an empty change row


# -- merging by uid ---------------------------------------------------------------------------
def _replace_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_absent_keys_keep_values_and_private_fields_survive(db: Database) -> None:
    uids = populate(db)
    public = dump(db, private=False)
    # the file without phone numbers, with a changed post and no `notes` key at all
    edited = _replace_line(public, 'post = "书记"', 'post = "副书记"')
    edited = re.sub(r'notes = """.*?"""\n', "", edited, flags=re.DOTALL)
    assert "第一行" not in edited
    result = do_import(db, edited)
    assert result.counts["member"].updated == 1
    with db.read() as session:
        from sqlmodel import select

        zhang = session.exec(select(Member).where(Member.uid == uids["zhang"])).one()
    assert zhang.post == "副书记"
    assert zhang.phone == "13800000000" and zhang.id_number == "110101199001011234"
    assert zhang.notes is not None and zhang.notes.startswith("第一行")


def test_empty_string_clears_text_and_date(db: Database) -> None:
    uids = populate(db)
    text = dump(db)
    text = _replace_line(text, 'detail = "把学习文件为主的方式…结合起来"', 'detail = ""')
    text = _replace_line(text, "due = 2024-06-30", 'due = ""')
    text = _replace_line(text, f'owner_uid = "{uids["zhang"]}"', 'owner_uid = ""')
    result = do_import(db, text)
    change = next(c for c in result.changes if c.record == "plan_item")
    assert set(change.fields) == {"detail", "due", "owner_uid"}
    with db.read() as session:
        from sqlmodel import select

        item = session.exec(select(PlanItem).where(PlanItem.uid == uids["first"])).one()
    assert item.detail is None and item.due is None and item.owner_id is None
    assert item.version == 2


def test_update_takes_the_files_timestamps(db: Database, empty: Database) -> None:
    populate(db)
    text = dump(db)
    stamp = "updated_at = 2030-01-02T03:04:05.000006+00:00"
    lines = text.split("\n")
    index = lines.index('title = "强党员干部的学习教育"')
    lines[index] = 'title = "新标题"'
    updated = next(i for i in range(index, len(lines)) if lines[i].startswith("updated_at"))
    lines[updated] = stamp
    do_import(empty, text)
    do_import(empty, "\n".join(lines))
    data = tomllib.loads(dump(empty))
    first = data["plan_items"][1]
    assert first["title"] == "新标题"
    assert first["updated_at"] == datetime(2030, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    assert first["created_at"] == tomllib.loads(text)["plan_items"][1]["created_at"]


HEADER = 'format = "branchtui"\nversion = 1\n'


def uid(n: int) -> str:
    """A fixed uid for a hand-written record, as a TOML line."""
    return f'uid = "{uuid.UUID(int=n, version=4)}"\n'


def test_new_records_get_numbers_positions_and_defaults(db: Database) -> None:
    populate(db)
    text = (
        HEADER
        + "year = 2024\n"
        + f'[[plan_items]]\n{uid(1)}title = "无序号的新事项"\n'
        + f'[[plan_items.tasks]]\n{uid(2)}title = "第一步"\n'
        + f'[[plan_items.tasks]]\n{uid(3)}title = "第二步"\n'
        + f'[[plan_items]]\n{uid(4)}number = 9\ntitle = "指定序号"\n'
    )
    result = do_import(db, text)
    assert result.counts["plan_item"].created == 2
    data = tomllib.loads(dump(db, year=2024))
    new = {i["title"]: i for i in data["plan_items"]}
    assert new["无序号的新事项"]["number"] == 10  # after every number of 2024, 9 of the file too
    assert new["无序号的新事项"]["status"] == "todo" and new["无序号的新事项"]["progress"] == 0
    assert [t["position"] for t in new["无序号的新事项"]["tasks"]] == [1, 2]
    assert new["指定序号"]["number"] == 9


def test_owner_may_be_a_member_of_the_file_or_of_the_database(
    db: Database, empty: Database
) -> None:
    uids = populate(db)
    only_items = HEADER + (
        f'[[plan_items]]\n{uid(1)}year = 2024\ntitle = "由数据库中的党员负责"\n'
        f'owner_uid = "{uids["zhang"]}"\n'
    )
    do_import(db, only_items)
    new_member = "6f1c6a52-8b0e-4c2a-9d55-1f4f2f0f2a11"
    both = HEADER + (
        f'[[members]]\nuid = "{new_member}"\nname = "王五"\n'
        f'[[plan_items]]\n{uid(2)}year = 2024\ntitle = "由文件中的党员负责"\n'
        f'owner_uid = "{new_member}"\n'
    )
    do_import(empty, both)
    data = tomllib.loads(dump(empty))
    assert data["plan_items"][0]["owner_uid"] == new_member
    assert data["members"][0]["stage"] == "applicant"


def test_check_without_uid_merges_with_the_stored_period(db: Database) -> None:
    uids = populate(db)
    data = tomllib.loads(dump(db))
    entry = data["checklists"][1]["entries"][0]
    text = HEADER + (
        f'[[checklists]]\nuid = "{uids["checklist"]}"\n'
        f'[[checklists.entries]]\nuid = "{entry["uid"]}"\n'
        '[[checklists.entries.checks]]\nperiod = "2024"\nevidence = "补充佐证"\n'
    )
    result = do_import(db, text)
    assert result.counts["checklist_check"].updated == 1
    again = tomllib.loads(dump(db))["checklists"][1]["entries"][0]["checks"]
    assert len(again) == 1 and again[0]["evidence"] == "补充佐证"


def test_import_is_one_change_that_undo_reverts(db: Database, empty: Database) -> None:
    populate(db)
    text = dump(db)
    before = counts(empty)
    empty_export = body(dump(empty))
    do_import(empty, text)
    assert counts(empty)["change"] == before["change"] + 1
    entry = history.list_history(empty, limit=1)[0]
    assert entry.action == "import" and entry.records == 17
    history.undo(empty)
    after = counts(empty)
    assert {k: v for k, v in after.items() if k not in ("change", "history")} == {
        k: v for k, v in before.items() if k not in ("change", "history")
    }
    assert body(dump(empty)) == empty_export  # the branch's name is back too


def test_history_rows_are_what_the_unit_of_work_writes(db: Database, empty: Database) -> None:
    import json

    from sqlmodel import select

    from branchtui.domain.privacy import mask_record
    from branchtui.storage.models import History
    from branchtui.storage.uow import snapshot

    populate(db)
    do_import(empty, dump(db))
    with empty.read() as session:
        rows = session.exec(
            select(History).where(History.op == "create", History.record != "branch")
        ).all()
        assert len(rows) == 16
        for row in rows:
            model = {"member": Member, "plan_item": PlanItem, "checklist_check": Check}.get(
                row.record
            )
            if model is None:
                continue
            stored = session.exec(select(model).where(model.uid == row.record_uid)).one()  # type: ignore[attr-defined]
            assert json.loads(row.after or "") == mask_record(row.record, snapshot(stored))


def test_preview_writes_nothing(db: Database, empty: Database) -> None:
    populate(db)
    before = counts(empty)
    planned = plan(empty, dump(db), source="f.toml")
    assert planned.preview is not None
    assert planned.preview.total.created == 16
    assert {c.record for c in planned.preview.changes} >= {"member", "plan_item", "branch"}
    assert counts(empty) == before


def test_a_failure_part_way_through_writes_nothing(
    db: Database, empty: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(db)
    text = dump(db)
    before = counts(empty)
    original = toml_store.Writer._create

    def failing(self: toml_store.Writer, spec: Any, ops: Any) -> None:
        original(self, spec, ops)
        if spec.record == "step":  # members, events, items and steps are written by now
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(toml_store.Writer, "_create", failing)
    with pytest.raises(RuntimeError):
        do_import(empty, text)
    assert counts(empty) == before
    assert branch.name(empty) == "空支部"


# -- bad files --------------------------------------------------------------------------------
ITEM = HEADER + f'[[plan_items]]\n{uid(1)}year = 2024\ntitle = "t"\n'
ENTRY = (
    HEADER
    + f'[[checklists]]\n{uid(2)}year = 2024\ntitle = "c"\n'
    + f'[[checklists.entries]]\n{uid(3)}title = "e"\n'
)
MEMBER = HEADER + f'[[members]]\n{uid(4)}name = "n"\n'
GHOST = "0b0b0b0b-0000-4000-8000-000000000000"
BAD_FILES = [
    ("", "import.empty", None),
    ("   \n\n", "import.empty", None),
    (HEADER, "import.nothing", None),
    ('format = "branchtui"\nversion = 1\n[[plan_items]\n', "import.syntax", None),
    ('format = "other"\nversion = 1\n', "import.not_branchtui", None),
    ("version = 1\n", "import.not_branchtui", None),
    ('format = "branchtui"\nversion = 2\n', "import.bad_version", None),
    (HEADER + "colour = 1\n", "import.unknown_key", "colour"),
    (HEADER + '[branch]\nname = "x"\nmotto = "y"\n', "import.unknown_key", "motto"),
    (
        ITEM + 'owner = "x"\n',
        "import.unknown_key",
        "owner",
    ),
    (
        ITEM + f'[[plan_items.tasks]]\n{uid(5)}title = "s"\nstate = 1\n',
        "import.unknown_key",
        "state",
    ),
    (
        ITEM + 'progress = "50"\n',
        "import.wrong_type",
        "progress",
    ),
    (HEADER + f'[[plan_items]]\n{uid(1)}year = "2024"\ntitle = "t"\n', "import.wrong_type", "year"),
    (HEADER + f"[[plan_items]]\n{uid(1)}year = 2024\ntitle = 5\n", "import.wrong_type", "title"),
    (HEADER + "plan_items = 3\n", "import.wrong_type", "plan_items"),
    (
        ITEM + 'status = "finished"\n',
        "import.bad_code",
        "status",
    ),
    (
        ITEM + 'category = "fun"\n',
        "import.bad_code",
        "category",
    ),
    (MEMBER + 'stage = "leader"\n', "import.bad_code", "stage"),
    (
        MEMBER + f'[[members.events]]\n{uid(5)}date = 2024-01-01\nkind = "party"\n',
        "import.bad_code",
        "kind",
    ),
    (
        ENTRY + 'frequency = "weekly"\n',
        "import.bad_code",
        "frequency",
    ),
    (
        HEADER + f'[[checklists]]\n{uid(2)}year = 2024\ntitle = "c"\nkind = "fun"\n',
        "import.bad_code",
        "kind",
    ),
    (
        ITEM + 'due = "2024-02-30"\n',
        "import.bad_date",
        "due",
    ),
    (
        ITEM + "due = 2024-06-30T00:00:00Z\n",
        "import.wrong_type",
        "due",
    ),
    (
        ITEM + "completed_at = 2024-06-30T09:00:00\n",
        "import.naive_datetime",
        "completed_at",
    ),
    (
        ITEM + "progress = 101\n",
        "import.range",
        "progress",
    ),
    (ITEM + "number = 0\n", "import.range", "number"),
    (HEADER + f'[[plan_items]]\n{uid(1)}year = 2024\ntitle = "  "\n', "import.empty_text", "title"),
    (HEADER + f"[[plan_items]]\n{uid(1)}year = 2024\n", "import.missing", "title"),
    (HEADER + f'[[plan_items]]\n{uid(1)}title = "t"\n', "import.missing", "year"),
    (HEADER + '[[plan_items]]\nyear = 2024\ntitle = "t"\n', "import.missing_uid", "uid"),
    (ITEM + "number = 9223372036854775807\n", "import.range", "number"),
    (ITEM + "number = 100000\n", "import.range", "number"),
    (
        HEADER + '[[plan_items]]\nuid = "item-1"\nyear = 2024\ntitle = "t"\n',
        "import.bad_uid",
        "uid",
    ),
    (
        ENTRY + 'frequency = "monthly"\ndue_month = 3\n',
        "checklist.due_month_not_single",
        "due_month",
    ),
    (
        ENTRY + "due_month = 13\n",
        "import.range",
        "due_month",
    ),
    (
        ENTRY + 'frequency = "quarterly"\n[[checklists.entries.checks]]\nperiod = "2024-07"\n',
        "period.invalid",
        "period",
    ),
    (
        ENTRY + 'frequency = "monthly"\n[[checklists.entries.checks]]\nperiod = "2023-07"\n',
        "period.invalid",
        "period",
    ),
    (
        ENTRY + '[[checklists.entries.checks]]\nperiod = "2024"\n'
        '[[checklists.entries.checks]]\nperiod = "2024"\n',
        "import.duplicate_period",
        "period",
    ),
    (
        ITEM + f'owner_uid = "{GHOST}"\n',
        "import.dangling",
        "owner_uid",
    ),
    (
        HEADER + f'[[members]]\nuid = "{GHOST}"\nname = "a"\n'
        f'[[members]]\nuid = "{GHOST}"\nname = "b"\n',
        "import.duplicate_uid",
        "uid",
    ),
    (HEADER + f"[[plan_items]]\n{uid(1)}[plan_items.x]\n", "import.unknown_key", "x"),
    (HEADER + "plan_items = [1]\n", "import.not_a_record", None),
    (
        MEMBER + f'[[members.events]]\n{uid(5)}date = 2024-01-01\nkind = "training"\nhours = -2\n',
        "import.not_positive",
        "hours",
    ),
]


@pytest.mark.parametrize(("text", "key", "field"), BAD_FILES)
def test_bad_files_are_refused_naming_record_and_key(
    db: Database, text: str, key: str, field: str | None
) -> None:
    populate(db)
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        do_import(db, text)
    error = caught.value
    if isinstance(error, ImportFileError):
        problem = error.problems[0]
        assert problem.message_key == key
        assert problem.key == field
        assert "f.toml" in error.message().split("\n")[0]
    else:
        assert error.key == key
        assert "\n" not in error.message()
    assert counts(db) == before


def test_an_error_names_the_record_its_line_and_uid(db: Database) -> None:
    bad = "0b0b0b0b-0000-4000-8000-000000000001"
    text = HEADER + (
        f'[[plan_items]]\n{uid(1)}year = 2024\ntitle = "好"\n'
        f'[[plan_items]]\nuid = "{bad}"\nyear = 2024\ntitle = "坏"\nstatus = "finished"\n'
    )
    with pytest.raises(ImportFileError) as caught:
        plan(db, text, source="plan.toml")
    message = caught.value.message()
    assert message.splitlines()[0] == (
        f"无法导入 plan.toml：plan_items[2]（第 7 行，uid {bad}） 的 status："
        "“finished”不是有效的代码（可选：todo, doing, review, done, blocked, cancelled）"
    )


def test_many_errors_are_listed_a_few_at_a_time(db: Database) -> None:
    text = HEADER + "".join(
        f'[[plan_items]]\n{uid(n + 10)}year = 2024\ntitle = "t{n}"\nprogress = 200\n'
        for n in range(9)
    )
    with pytest.raises(ImportFileError) as caught:
        plan(db, text, source="f.toml")
    lines = caught.value.message().splitlines()
    assert len(lines) == 6 and "plan_items[1]" in lines[0] and "另有 4 处错误" in lines[-1]


def test_orphaned_checks_are_refused(db: Database) -> None:
    uids = populate(db)
    data = tomllib.loads(dump(db))
    entry = data["checklists"][1]["entries"][1]  # quarterly, checked for 2024-Q1
    text = HEADER + (
        f'[[checklists]]\nuid = "{uids["checklist"]}"\n'
        f'[[checklists.entries]]\nuid = "{entry["uid"]}"\nfrequency = "monthly"\n'
    )
    with pytest.raises(ImportFileError) as caught:
        do_import(db, text)
    assert caught.value.problems[0].message_key == "import.orphaned_check"
    moved = HEADER + f'[[checklists]]\nuid = "{uids["checklist"]}"\nyear = 2025\n'
    with pytest.raises(ImportFileError) as caught:
        do_import(db, moved)
    assert caught.value.problems[0].key == "year"


def test_record_lines() -> None:
    text = "[[members]]\n\n[[members.events]]\n[[plan_items]]\n[[plan_items.tasks]]\n" * 2
    lines = record_lines(text)
    assert lines["members[2].events[1]"] == 8
    assert lines["plan_items[1].tasks[1]"] == 5
    assert lines["plan_items[2]"] == 9


# -- reading and writing files ----------------------------------------------------------------
def test_read_import_file(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_bytes("\ufeff".encode() + HEADER.encode())
    assert read_import_file(path) == HEADER
    path.write_bytes("名".encode("gb18030"))
    with pytest.raises(ValidationError, match="UTF-8"):
        read_import_file(path)
    with pytest.raises(ValidationError, match="找不到文件"):
        read_import_file(tmp_path / "missing.toml")
    with pytest.raises(ValidationError):
        read_import_file(tmp_path)


def test_write_file_modes_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        private = tmp_path / "private.toml"
        write_file(private, "a = 1\n", private=True, database=ELSEWHERE)
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
        public = tmp_path / "public.toml"
        write_file(public, "a = 1\n", private=False, database=ELSEWHERE)
        assert stat.S_IMODE(public.stat().st_mode) == 0o666
        os.umask(0o027)
        write_file(
            public, "a = 2\n", private=True, database=ELSEWHERE
        )  # replacing it with private data
        assert stat.S_IMODE(public.stat().st_mode) == 0o600
        assert public.read_text(encoding="utf-8") == "a = 2\n"
        fresh = tmp_path / "fresh.toml"
        write_file(fresh, "a = 1\n", private=False, database=ELSEWHERE)
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fresh.toml",
        "private.toml",
        "public.toml",
    ]


def test_write_file_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BranchError, match="无法写入"):
        write_file(tmp_path / "no" / "such" / "dir.toml", "x", private=False, database=ELSEWHERE)
    target = tmp_path / "keep.toml"
    target.write_text("old", encoding="utf-8")

    def broken(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(BranchError, match="磁盘空间不足"):
        write_file(target, "new", private=False, database=ELSEWHERE)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.toml"]


def test_timestamps_with_other_offsets_are_stored_in_utc(empty: Database) -> None:
    text = HEADER + (
        f'[[members]]\n{uid(1)}name = "赵"\ncreated_at = 2024-05-01T08:00:00+08:00\n'
        'updated_at = "2024-05-01T09:00:00Z"\n'
    )
    do_import(empty, text)
    member = tomllib.loads(dump(empty))["members"][0]
    assert member["created_at"] == datetime(2024, 5, 1, 0, 0, tzinfo=UTC)
    assert member["created_at"].utcoffset() == timedelta(0)
    assert member["updated_at"] == datetime(2024, 5, 1, 9, tzinfo=timezone.utc)  # noqa: UP017
