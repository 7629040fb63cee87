"""An import can store only what the commands can (SPEC §6, one write path): every record's
final state goes through the domain's record rules, a broken rule names record and key and
writes nothing; what the rules fill in is what gets stored. And the file-level checks:
uids, 序号 once per year, nesting and numbers too big to read."""

from __future__ import annotations

import sqlite3
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from branchtui.errors import ValidationError
from branchtui.exchange.toml_import import ImportFileError, apply_import
from branchtui.storage.database import Database
from branchtui.storage.models import PlanItem, Step
from branchtui.storage.uow import UnitOfWork
from tests.conftest import CliRunner
from tests.exchange.test_toml import HEADER, do_import, dump, new_db, plan, populate, uid

ITEM = HEADER + f'[[plan_items]]\n{uid(1)}year = 2024\ntitle = "t"\n'
CHECKLIST = HEADER + f'[[checklists]]\n{uid(2)}year = 2024\ntitle = "c"\n'
ENTRY = CHECKLIST + f'[[checklists.entries]]\n{uid(3)}title = "e"\n'
MEMBER = HEADER + f'[[members]]\n{uid(4)}name = "张三"\n'


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_db(tmp_path / "branch.db")
    yield database
    database.close()


def task(n: int, *, done: bool = False, title: str = "s") -> str:
    return f'[[plan_items.tasks]]\n{uid(n)}title = "{title}"\ndone = {str(done).lower()}\n'


def sql_dump(db: Database) -> str:
    """The whole database as SQL text: equal before and after means nothing was written."""
    with sqlite3.connect(db.path) as connection:
        return "\n".join(connection.iterdump())


BROKEN_RULES = {
    "done with an open step": (
        ITEM + 'status = "done"\n' + task(5, done=True) + task(6),
        "plan_items[1]",
        "status",
        "import.open_steps",
    ),
    "done at progress 30 without steps": (
        ITEM + 'status = "done"\nprogress = 30\n',
        "plan_items[1]",
        "progress",
        "record.done_progress",
    ),
    "completed_at on a doing item": (
        ITEM + 'status = "doing"\ncompleted_at = 2024-06-30T09:00:00Z\n',
        "plan_items[1]",
        "completed_at",
        "record.completion_not_done",
    ),
    "progress other than the steps'": (
        ITEM + "progress = 80\n" + task(5, done=True) + task(6),
        "plan_items[1]",
        "progress",
        "record.progress_from_steps",
    ),
    "monthly entry with a due month": (
        ENTRY + 'frequency = "monthly"\ndue_month = 3\n',
        "checklists[1].entries[1]",
        "due_month",
        "checklist.due_month_not_single",
    ),
    "ESC in a title": (
        HEADER + f'[[plan_items]]\n{uid(1)}year = 2024\ntitle = "a\\u001b[2Jb"\n',
        "plan_items[1]",
        "title",
        "text.control_character",
    ),
    "ESC in a step title": (
        ITEM + task(5, title="\\u001b]52;c;ZXZpbA==\\u0007"),
        "plan_items[1].tasks[1]",
        "title",
        "text.control_character",
    ),
    "a 600-character title": (
        HEADER + f'[[plan_items]]\n{uid(1)}year = 2024\ntitle = "{"长" * 600}"\n',
        "plan_items[1]",
        "title",
        "record.too_long",
    ),
    "a check for a period the entry does not have": (
        ENTRY + 'frequency = "quarterly"\n[[checklists.entries.checks]]\nperiod = "2024-H1"\n',
        "checklists[1].entries[1].checks[1]",
        "period",
        "period.invalid",
    ),
    "a 预备期 extension ending before the admission": (
        MEMBER + 'stage = "probationary"\nadmitted_on = 2023-07-01\n'
        "probation_extended_to = 2023-01-01\n",
        "members[1]",
        "probation_extended_to",
        "member.rule.extension_window",
    ),
    "an extension event for an applicant": (
        MEMBER + f'[[members.events]]\n{uid(5)}date = 2024-01-01\nkind = "extension"\n',
        "members[1].events[1]",
        "kind",
        "member.rule.extension_not_probationary",
    ),
    "a checklist starting outside its year": (
        CHECKLIST + "starts_on = 2023-12-01\n",
        "checklists[1]",
        "starts_on",
        "checklist.starts_on_outside_year",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_RULES))
def test_a_record_breaking_a_rule_is_refused_and_nothing_is_written(
    db: Database, case: str
) -> None:
    text, where, key, message_key = BROKEN_RULES[case]
    populate(db)
    before = sql_dump(db)
    with pytest.raises(ImportFileError) as previewed:
        plan(db, text, source="f.toml")  # the preview (--dry-run) refuses it
    unchecked = plan(db, text, source="f.toml", preview=False)
    with pytest.raises(ImportFileError) as written:
        apply_import(db, unchecked)  # and so does the write, inside its transaction
    for caught in (previewed, written):
        problem = caught.value.problems[0]
        assert (problem.where, problem.key, problem.message_key) == (where, key, message_key)
        first = caught.value.message().splitlines()[0]
        assert where in first and f" 的 {key}：" in first
    assert sql_dump(db) == before


def test_an_item_is_judged_with_its_stored_steps_too(db: Database) -> None:
    """The file holds the item alone; its stored open step keeps it from being done."""
    uids = populate(db)  # "first": doing, one of its two stored steps done
    before = sql_dump(db)
    text = HEADER + f'[[plan_items]]\nuid = "{uids["first"]}"\nstatus = "done"\n'
    with pytest.raises(ImportFileError) as caught:
        do_import(db, text)
    problem = caught.value.problems[0]
    assert (problem.where, problem.key, problem.params["count"]) == ("plan_items[1]", "status", 1)
    assert "1 个步骤未完成" in caught.value.message()
    assert sql_dump(db) == before


def test_several_broken_rules_are_listed_at_once(db: Database) -> None:
    text = HEADER + "".join(
        f'[[plan_items]]\n{uid(n)}year = 2024\ntitle = "t{n}"\nstatus = "done"\nprogress = 10\n'
        for n in range(1, 9)
    )
    with pytest.raises(ImportFileError) as caught:
        do_import(db, text)
    lines = caught.value.message().splitlines()
    assert len(caught.value.problems) == 8
    assert len(lines) == 6 and lines[-1].strip() == "……另有 3 处错误"


def test_what_the_rules_fill_in_is_what_is_stored(db: Database) -> None:
    text = (
        ITEM
        + 'status = "todo"\n'
        + task(5, done=True)
        + task(6)
        + CHECKLIST.removeprefix(HEADER)
        + f'[[checklists.entries]]\n{uid(3)}title = "年度"\nfrequency = "yearly"\n'
        + f'[[checklists.entries]]\n{uid(4)}title = "月度"\nfrequency = "monthly"\n'
    )
    before = datetime.now(UTC)
    do_import(db, text)
    data = tomllib.loads(dump(db))
    item = next(i for i in data["plan_items"] if i["title"] == "t")
    assert item["status"] == "doing"  # a todo item with a ticked step has started
    done = item["tasks"][0]
    assert done["done_by"] == "tester" and done["done_at"] >= before.replace(microsecond=0)
    assert "done_at" not in item["tasks"][1]
    yearly, monthly = data["checklists"][0]["entries"]
    assert yearly["due_month"] == 12  # a yearly entry is due in December unless told
    assert "due_month" not in monthly


def test_a_full_members_confirmation_date_is_derived(db: Database) -> None:
    do_import(db, MEMBER + 'stage = "full"\nadmitted_on = 2022-06-30\n')
    (member,) = tomllib.loads(dump(db))["members"]
    assert str(member["confirmed_on"]) == "2023-06-30"  # the end of the 预备期


def test_leaving_done_clears_the_completion_as_the_commands_do(db: Database) -> None:
    populate(db)
    second = tomllib.loads(dump(db, year=2024))["plan_items"][1]  # done, completed by 书记
    assert second["completed_by"] == "书记"
    text = HEADER + f'[[plan_items]]\nuid = "{second["uid"]}"\nstatus = "doing"\n'
    result = do_import(db, text)
    (change,) = result.changes
    assert set(change.fields) == {"status", "completed_at", "completed_by"}
    again = tomllib.loads(dump(db, year=2024))["plan_items"][1]
    assert again["status"] == "doing" and "completed_at" not in again


def test_an_entry_no_longer_yearly_loses_its_due_month(db: Database) -> None:
    uids = populate(db)
    entry = tomllib.loads(dump(db))["checklists"][1]["entries"][0]  # once, due in March
    assert entry["due_month"] == 3
    text = HEADER + (
        f'[[checklists]]\nuid = "{uids["checklist"]}"\n'
        f'[[checklists.entries]]\nuid = "{entry["uid"]}"\nfrequency = "half_yearly"\n'
        f'[[checklists.entries.checks]]\nuid = "{entry["checks"][0]["uid"]}"\nperiod = "2024-H1"\n'
    )
    do_import(db, text)
    again = tomllib.loads(dump(db))["checklists"][1]["entries"][0]
    assert again["frequency"] == "half_yearly" and "due_month" not in again


# -- file-level checks ---------------------------------------------------------------------------
def test_a_number_used_twice_in_a_year_is_refused(db: Database) -> None:
    populate(db)  # 2024 holds numbers 1 and 2
    before = sql_dump(db)
    twice = HEADER + "".join(
        f'[[plan_items]]\n{uid(n)}year = 2025\nnumber = 7\ntitle = "t{n}"\n' for n in (1, 2)
    )
    with pytest.raises(ImportFileError) as caught:
        do_import(db, twice)
    problem = caught.value.problems[0]
    assert (problem.where, problem.key, problem.message_key) == (
        "plan_items[2]",
        "number",
        "import.duplicate_number",
    )
    assert "序号 7 在 2025 年已被 plan_items[1] 使用" in caught.value.message()
    taken = HEADER + f'[[plan_items]]\n{uid(3)}year = 2024\nnumber = 1\ntitle = "抢占"\n'
    with pytest.raises(ImportFileError) as caught:
        do_import(db, taken)
    assert "已被 “强党员干部的学习教育” 使用" in caught.value.message()
    assert sql_dump(db) == before


def test_numbers_may_be_swapped_in_one_file(db: Database) -> None:
    populate(db)
    first, second = tomllib.loads(dump(db, year=2024))["plan_items"]
    text = HEADER + (
        f'[[plan_items]]\nuid = "{first["uid"]}"\nnumber = 2\n'
        f'[[plan_items]]\nuid = "{second["uid"]}"\nnumber = 1\n'
    )
    do_import(db, text)
    titles = [i["title"] for i in tomllib.loads(dump(db, year=2024))["plan_items"]]
    assert titles == [second["title"], first["title"]]


def test_a_huge_number_is_refused_and_item_add_still_works(
    cli_db: CliRunner, tmp_path: Path
) -> None:
    assert cli_db("item add 学习 --year 2024").code == 0
    path = tmp_path / "huge.toml"
    path.write_text(ITEM + "number = 9223372036854775807\n", encoding="utf-8")
    result = cli_db(["import", str(path)])
    assert result.code == 1 and result.err.count("\n") == 1
    assert "number：9223372036854775807 超出范围 1–99999" in result.err
    assert cli_db("item add 之后新增 --year 2024").code == 0
    listed = cli_db("item list --year 2024 --json").out
    assert "之后新增" in listed and "9223372036854775807" not in listed


# Each kind of record with what a new one needs, its parents first.
MINIMAL = {
    "members": 'name = "n"\n',
    "members.events": 'date = 2024-01-01\nkind = "talk"\n',
    "plan_items": 'year = 2024\ntitle = "t"\n',
    "plan_items.tasks": 'title = "s"\n',
    "checklists": 'year = 2024\ntitle = "c"\n',
    "checklists.entries": 'title = "e"\n',
    "checklists.entries.checks": 'period = "2024"\n',
}


def test_an_array_or_a_table_for_any_key_is_refused_naming_it(db: Database) -> None:
    from branchtui.exchange.records import ALL_SPECS

    paths = {spec: path for path in MINIMAL for spec in ALL_SPECS if path.endswith(spec.key)}
    for spec, path in paths.items():
        parts = path.split(".")
        parents = "".join(
            f"[[{'.'.join(parts[:n])}]]\n{uid(n)}{MINIMAL['.'.join(parts[:n])]}"
            for n in range(1, len(parts))
        )
        for spec_field in spec.fields:
            own = "".join(
                line + "\n"
                for line in MINIMAL[path].splitlines()
                if not line.startswith(f"{spec_field.key} ")
            )
            for bad in ("[1]", "{ a = 1 }"):
                text = f"{HEADER}{parents}[[{path}]]\n{own}{spec_field.key} = {bad}\n"
                if spec_field.key != "uid":
                    text = text.replace(f"[[{path}]]\n", f"[[{path}]]\n{uid(9)}")
                with pytest.raises(ImportFileError) as caught:
                    plan(db, text, source="f.toml")
                keys = [problem.key for problem in caught.value.problems]
                assert spec_field.key in keys, (path, spec_field.key, bad)


DEEP = {
    "arrays": "a = " + "[" * 1000 + "]" * 1000 + "\n",
    "inline tables": "a = " + "{b = " * 1000 + "1" + "}" * 1000 + "\n",
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_is_one_clear_line(db: Database, shape: str) -> None:
    with pytest.raises(ValidationError) as caught:
        plan(db, HEADER + DEEP[shape], source="deep.toml")
    assert caught.value.key == "import.too_deep"
    assert caught.value.message().count("\n") == 0 and "deep.toml" in caught.value.message()


def test_a_number_too_long_to_read_is_one_clear_line(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        plan(db, ITEM + "progress = " + "1" * 5000 + "\n", source="f.toml")
    assert caught.value.key == "import.number_too_long"


def test_hours_too_large_for_a_float_are_refused(db: Database) -> None:
    text = HEADER + (
        f'[[members]]\n{uid(1)}name = "n"\n[[members.events]]\n{uid(2)}date = 2024-01-01\n'
        f'kind = "training"\nhours = {"9" * 400}\n'
    )
    with pytest.raises(ImportFileError) as caught:
        do_import(db, text)
    assert caught.value.problems[0].key == "hours"


def test_deep_nesting_through_the_command_line(cli_db: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(HEADER + DEEP["arrays"], encoding="utf-8")
    result = cli_db(["import", str(path), "--lang", "en"])
    assert result.code == 1 and result.out == ""
    assert result.err.count("\n") == 1 and "nests arrays or tables too deeply" in result.err
    assert "Traceback" not in result.err and "RecursionError" not in result.err


# -- export ---------------------------------------------------------------------------------------
def test_export_writes_the_progress_the_steps_give(db: Database) -> None:
    with UnitOfWork(db, "test.seed") as uow:
        for number, ticks in ((1, (True, True)), (2, (True, False, False))):
            item = uow.add(
                PlanItem(year=2024, number=number, title=f"事项{number}", status="doing")
            )
            for position, done in enumerate(ticks, start=1):
                uow.add(Step(item_id=item.id, position=position, title="步", done=done))
    progress = [i["progress"] for i in tomllib.loads(dump(db))["plan_items"]]
    assert progress == [100, 33]  # the stored hand-set value is 0 for both
