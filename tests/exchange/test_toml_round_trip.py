"""The exact round trip of SPEC §6 on random data: export, import into an empty database,
export again — the same file but for `exported_at` — written by tomli-w as arrays of
tables and read back by tomllib.

The data is what the commands can store: every record goes through the domain's record
rules before it is stored, as every writer's records do.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchtui.domain import record_rules
from branchtui.domain.periods import periods
from branchtui.domain.stages import Rules
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
from tests.exchange.test_toml import TODAY, body, do_import, dump, new_db

WHO = "tester"


# A template database, migrated once: each hypothesis example copies it.
@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    new_db(path).close()
    return path


# One-line text refuses control characters; multi-line text allows newline and tab.
_line = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
_lines = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t"), max_size=12
)
_title = _line.filter(lambda s: s.strip() != "")
_optional_line = st.none() | _line
_optional_lines = st.none() | _lines
# A phone number as the member rules take one (digits, + - ( ), spaces taken out).
_phone = st.none() | st.from_regex(r"\+?[0-9() \-]{0,8}[0-9][0-9() \-]{0,8}", fullmatch=True)
_days = st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))
_stamps = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
_members = st.lists(
    st.fixed_dictionaries(
        {
            "name": _title,
            "stage": st.sampled_from(
                ["applicant", "activist", "candidate", "probationary", "full"]
            ),
            "group": _optional_line,
            "notes": _optional_lines,
            "phone": _phone,
            "admitted_on": st.none() | _days,
            "active": st.booleans(),
            "events": st.lists(
                st.fixed_dictionaries(
                    {
                        "date": _days,
                        "kind": st.sampled_from(["talk", "training", "other"]),
                        "hours": st.none()
                        | st.floats(min_value=0.5, max_value=100, allow_nan=False),
                        "note": _optional_lines,
                    }
                ),
                max_size=2,
            ),
        }
    ),
    max_size=3,
)
_plan = st.lists(
    st.fixed_dictionaries(
        {
            "year": st.sampled_from([2023, 2024]),
            "title": _title,
            "detail": _optional_lines,
            "status": st.sampled_from(["todo", "doing", "done", "blocked"]),
            "category": st.sampled_from(["study", "other", "service"]),
            "progress": st.integers(0, 100),
            "due": st.none() | _days,
            "owner": st.none() | st.integers(0, 2),
            "owner_text": _optional_line,
            "completed_at": st.none() | _stamps,
            "tasks": st.lists(
                st.fixed_dictionaries(
                    {"title": _title, "done": st.booleans(), "due": st.none() | _days}
                ),
                max_size=3,
            ),
        }
    ),
    max_size=4,
)
_checklists = st.lists(
    st.fixed_dictionaries(
        {
            "year": st.sampled_from([2023, 2024]),
            "title": _title,
            "kind": st.sampled_from(["ideology", "integrity", "stability", "custom"]),
            "starts_on": st.none() | st.integers(1, 360),
            "entries": st.lists(
                st.fixed_dictionaries(
                    {
                        "title": _title,
                        "frequency": st.sampled_from(
                            ["once", "yearly", "half_yearly", "quarterly", "monthly"]
                        ),
                        "due_month": st.none() | st.integers(1, 12),
                        "owner": _optional_line,
                        "checks": st.lists(st.integers(0, 11), max_size=3, unique=True),
                        "evidence": _optional_lines,
                    }
                ),
                max_size=3,
            ),
        }
    ),
    max_size=2,
)
datasets = st.fixed_dictionaries(
    {"members": _members, "plan": _plan, "checklists": _checklists, "stamp": _stamps}
)


def _store(db: Database, data: dict[str, Any]) -> None:
    """The data as the commands would store it: each record through its rule."""
    now = data["stamp"]
    with UnitOfWork(db, "test.seed") as uow:
        member_ids = []
        for m in data["members"]:
            events = m.pop("events")
            if m["stage"] not in ("probationary", "full"):
                m["admitted_on"] = None  # a stage not reached has no date
            row = record_rules.member(m, events, rules=Rules(), today=TODAY)
            member = uow.add(Member(**row, name_key="", created_at=now, updated_at=now))
            member_ids.append(member.id)
            for e in events:
                uow.add(MemberEvent(member_id=member.id, **record_rules.member_event(e, row)))
        numbers: dict[int, int] = {}
        for p in data["plan"]:
            numbers[p["year"]] = numbers.get(p["year"], 0) + 1
            done = p["status"] == "done"
            steps = [
                record_rules.step({**t, "done": t["done"] or done, "position": n}, who=WHO, now=now)
                for n, t in enumerate(p.pop("tasks"), start=1)
            ]
            owner = p.pop("owner")
            values = {
                **p,
                "number": numbers[p["year"]],
                "progress": 100 if done and not steps else p["progress"],
                "completed_at": p["completed_at"] if done else None,
                "owner_id": member_ids[owner]
                if owner is not None and owner < len(member_ids)
                else None,
            }
            item = uow.add(PlanItem(**record_rules.plan_item(values, steps, who=WHO, now=now)))
            for step in steps:
                uow.add(Step(item_id=item.id, **step))
        for c in data["checklists"]:
            year = c["year"]
            day = c["starts_on"]
            values = {
                "year": year,
                "title": c["title"],
                "kind": c["kind"],
                "starts_on": None
                if day is None
                else date.fromordinal(date(year, 1, 1).toordinal() + day - 1),
            }
            checklist = uow.add(Checklist(**record_rules.checklist(values)))
            for position, e in enumerate(c["entries"], start=1):
                single = e["frequency"] in ("once", "yearly")
                entry = record_rules.checklist_entry(
                    {
                        "position": position,
                        "title": e["title"],
                        "frequency": e["frequency"],
                        "due_month": e["due_month"] if single else None,
                        "owner": e["owner"],
                    }
                )
                stored = uow.add(ChecklistEntry(checklist_id=checklist.id, **entry))
                valid = periods(e["frequency"], year)
                for period in sorted({valid[i % len(valid)] for i in e["checks"]}):
                    check = record_rules.checklist_check(
                        {"period": period, "evidence": e["evidence"]}, entry, year, who=WHO, now=now
                    )
                    uow.add(Check(entry_id=stored.id, **check))


def _records(document: dict[str, Any]) -> int:
    return sum(
        1 + _records(item)
        for value in document.values()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict)
    )


_ARRAY_HEADER = re.compile(r"^\[\[[a-z_.]+\]\]$", re.MULTILINE)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=datasets)
def test_round_trip_of_random_data(template: Path, data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source_path, target_path = Path(folder) / "a.db", Path(folder) / "b.db"
        shutil.copy(template, source_path)
        shutil.copy(template, target_path)
        source = open_database(str(source_path), user="tester")
        target = open_database(str(target_path), user="tester")
        try:
            _store(source, data)
            text = dump(source)
            document = tomllib.loads(text)
            # tomli-w's own text of the same document, and every record a [[table]]
            assert tomli_w.dumps(document, multiline_strings=True) == text
            assert len(_ARRAY_HEADER.findall(text)) == _records(document)
            do_import(target, text)
            assert body(dump(target)) == body(text)
        finally:
            source.close()
            target.close()
