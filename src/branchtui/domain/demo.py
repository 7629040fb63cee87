"""Loading the demo branch: a 2023 summary, the 2024 plan and checklist, about fifteen
members and the year's 三会一课.

The tables are `domain.demo_data`: the 2023 sections as done items with their evidence, the
seven 2024 plan items with their titles as `import-plan` takes them. Everything goes
through the domain functions, so the demo obeys the same rules as a user's own data, and
all of it inside one unit of work: the demo is one change, loaded whole or not at all,
and one `undo` removes it. Only a database without records takes it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlmodel import select

from branchtui.domain import (
    checklist_views,
    checklists,
    checks,
    demo_meetings,
    item_changes,
    meetings,
    member_events,
    members,
    names,
    step_changes,
)
from branchtui.domain.demo_data import (
    DEMO_YEAR,
    IDEOLOGY_EVIDENCE,
    IDEOLOGY_TICKS,
    LEFT,
    MEMBERS,
    PLAN_2024,
    SUMMARY_2023,
)
from branchtui.domain.item_changes import ItemChanges, ItemDraft
from branchtui.domain.periods import period_bounds, periods
from branchtui.domain.stages import Rules
from branchtui.errors import BranchError
from branchtui.storage.database import Database
from branchtui.storage.models import RECORD_TABLES, stamped_at
from branchtui.storage.uow import UnitOfWork

# The demo branch keeps China Standard Time; its records are stamped late in the afternoon
# of the day they would have been entered (a tick on its period's last day or today).
CST = timezone(timedelta(hours=8), "CST")
ENTERED_AT = time(17, 30)


def _on(day: date) -> datetime:
    """The moment a record of `day` is stamped with."""
    return datetime.combine(day, ENTERED_AT, tzinfo=CST)


def _date(text: str) -> date:
    if "." in text:
        month, day = text.split(".")
        return date(DEMO_YEAR, int(month), int(day))
    return date.fromisoformat(text)


def holds_records(db: Database) -> bool:
    """Whether the database holds any record of a branch's work (its name aside)."""
    with db.read() as session:
        for record, model in RECORD_TABLES.items():
            if record != "branch" and session.exec(select(model).limit(1)).first():
                return True
    return False


def refuse_unless_empty(db: Database) -> None:
    """The demo goes only into a database without records: refuse naming it."""
    if holds_records(db):
        raise BranchError("demo.not_empty", path=str(db.path))


def load_demo(db: Database, today: date) -> None:
    """Fill an empty database with the demo branch, as one change."""
    names.name_key(MEMBERS[0][0])  # pinyin's tables load now, not inside the transaction
    # Stamped as entered on `today` (what it is seen from), not on the day it is built.
    with stamped_at(_on(today)), UnitOfWork(db, "demo.load"):
        refuse_unless_empty(db)  # inside: two runs at once cannot both load it
        ids = _load_members(db, today)
        for title, category, evidence in SUMMARY_2023:
            draft = ItemDraft(title, category=category)
            item_id = item_changes.add_item(db, DEMO_YEAR - 1, draft)
            with stamped_at(_on(min(date(DEMO_YEAR - 1, 12, 29), today))):
                item_changes.complete(db, item_id, today=today, evidence=evidence)
        for spec in PLAN_2024:
            _load_item(db, spec, today)
        _load_checklist(db, today)
        name, on, note = LEFT
        members.leave(db, ids[name], _date(on), note=note, today=today, rules=Rules())
        _load_meetings(db, today)


def _load_members(db: Database, today: date) -> dict[str, int]:
    ids: dict[str, int] = {}
    for name, fields, events in MEMBERS:
        values: dict[str, Any] = {
            key: _date(value) if key.endswith(("_on", "_date")) else value
            for key, value in fields.items()
        }
        ids[name], _warnings = members.add_member(db, name, today=today, rules=Rules(), **values)
        for kind, on, hours, note in events:
            member_events.add_event(
                db, ids[name], kind, _date(on), hours=hours, note=note, today=today
            )
    return ids


def _load_item(db: Database, spec: dict[str, Any], today: date) -> None:
    draft = ItemDraft(
        spec["title"],
        due=_date(spec["due"]),
        owner=spec.get("owner"),
        owner_text=spec.get("owner_text"),
        category=spec["category"],
        detail=spec["detail"],
    )
    item_id = item_changes.add_item(db, DEMO_YEAR, draft)
    done_on = _on(min(draft.due or today, today))  # steps and the item done by its due date
    for step_title, done in spec["steps"]:
        step = step_changes.add_step(db, item_id, step_title).view
        if done:
            with stamped_at(done_on):
                step_changes.tick_step(db, step.id)
    if "progress" in spec:
        item_changes.update_item(db, item_id, ItemChanges(progress=spec["progress"]), today=today)
    status = spec["status"]
    if status == "done":
        with stamped_at(done_on):
            item_changes.complete(
                db, item_id, today=today, evidence=spec.get("evidence"), close_steps=True
            )
    elif status != "todo":
        item_changes.update_item(db, item_id, ItemChanges(status=status), today=today)


def _load_checklist(db: Database, today: date) -> None:
    # Kept since January: the demo shows a year in progress, not one set up mid-way.
    checklist_id = checklists.new_from_template(
        db, DEMO_YEAR, "ideology", today, starts_on=date(DEMO_YEAR, 1, 1)
    )
    view = checklist_views.get_checklist(db, checklist_id, today)
    for entry in view.entries:
        for period in IDEOLOGY_TICKS.get(entry.position, ()):
            first_day, last_day = period_bounds(period, entry.frequency, entry.due_month)
            if period in periods(entry.frequency, DEMO_YEAR) and first_day <= today:
                evidence = IDEOLOGY_EVIDENCE.get(entry.position, "已落实，记录存档")
                with stamped_at(_on(min(last_day, today))):
                    checks.check(db, entry.id, period, today, evidence=evidence)


def _load_meetings(db: Database, today: date) -> None:
    """The year's meetings held by `today` (after the members: who is expected follows
    the register on each meeting's day)."""
    from branchtui.storage.models import PlanItem

    with db.read() as session:
        item_six = session.exec(
            select(PlanItem.id).where(PlanItem.year == DEMO_YEAR, PlanItem.number == 6)
        ).first()
    for kind, day, topic, options in demo_meetings.MEETINGS:
        held_on = _date(day)
        if held_on > today:
            continue
        group = options.get("group")
        marks = [
            meetings.Mark(name, status, reason)
            for status in ("excused", "absent")
            for name, reason in options.get(status, ())
        ]
        draft = meetings.MeetingDraft(
            kind,
            held_on,
            topic=topic,
            place=demo_meetings.PLACE,
            host=demo_meetings.GROUP_LEADERS[group] if group else demo_meetings.HOST,
            recorder=demo_meetings.RECORDER,
            group=group,
            lecturer=options.get("lecturer"),
            item_id=item_six if kind in demo_meetings.SERVING_ITEM_SIX else None,
            attendance=tuple(marks),
        )
        with stamped_at(_on(held_on)):
            meetings.add_meeting(db, draft, today=today)
