"""The one write path, for an import: every record's final state through the domain's rules.

Each record the file creates or updates is judged as it will be stored — a new record with
the columns' defaults, a stored one with the file's keys applied — by
`domain.record_rules`, the same functions every command's write goes through, so an import
can produce only states the commands can (SPEC §6). An item is judged with its final steps,
a member with its final events and a meeting with its final attendance: the file's, and
the stored ones the file leaves out. A
broken rule becomes a `Problem` naming the record and the key; what the rules fill in or
normalise (a yearly entry's December, a started item's `doing`, a done step's time and
user, a full member's 转正 date) is what gets stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from branchtui.domain import meeting_rules, record_rules
from branchtui.errors import FieldError
from branchtui.exchange import records as rec
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_match import Stored
from branchtui.exchange.toml_problems import Problem
from branchtui.exchange.toml_types import Incoming, Operation, Row, RuleContext

# Domain messages that speak of a command; in an import the file is what to change.
_IMPORT_WORDING = {"item.open_steps": "import.open_steps"}


def apply_rules(
    ops: dict[str, list[Operation]], stored: Stored, context: RuleContext
) -> list[Problem]:
    """Pass every operation's final row through its record rule, in place; the problems."""
    problems: list[Problem] = []
    who, now = context.who, context.now

    def judge(op: Operation, rule: Callable[[Row], Row]) -> None:
        try:
            op.row = rule(op.row)
        except FieldError as error:
            problems.append(_problem(op.incoming, error))

    events = _final_children(ops, rec.MEMBER, rec.EVENT, stored.events)
    for op in ops[rec.MEMBER.record]:
        judge(op, _member_rule(events.get(op.incoming, []), context))
    members = {op.incoming: op.row for op in ops[rec.MEMBER.record]}
    for op in ops[rec.EVENT.record]:
        if op.incoming.parent is not None:  # an event is always read inside its member
            judge(op, _event_rule(members[op.incoming.parent]))
    for op in ops[rec.TASK.record]:
        judge(op, lambda row: record_rules.step(row, who=who, now=now))
    steps = _final_children(ops, rec.PLAN_ITEM, rec.TASK, stored.steps)
    for op in ops[rec.PLAN_ITEM.record]:
        judge(op, _item_rule(op, steps.get(op.incoming, []), who, now))
    for op in ops[rec.CHECKLIST.record]:
        judge(op, record_rules.checklist)
    for op in ops[rec.ENTRY.record]:
        judge(op, record_rules.checklist_entry)
    entries = {op.incoming: op.row for op in ops[rec.ENTRY.record]}
    years = {op.incoming: op.row.get("year") for op in ops[rec.CHECKLIST.record]}
    for op in ops[rec.CHECK.record]:
        entry = op.incoming.parent
        if entry is None or entry.parent is None:
            continue  # a check is always read inside its entry, inside its checklist
        judge(op, _check_rule(entries[entry], years[entry.parent], who, now))
    _judge_meetings(ops, stored, context, judge)
    return problems


def _judge_meetings(
    ops: dict[str, list[Operation]],
    stored: Stored,
    context: RuleContext,
    judge: Callable[[Operation, Callable[[Row], Row]], None],
) -> None:
    """Meetings with their final attendance, the people they name as the file leaves them
    (a member the file holds) or as stored."""
    if not ops[rec.MEETING.record]:
        return
    people = {
        key: meeting_rules.person(row, key)
        for key, row in (
            *((r["id"], r) for r in stored.named_members.values()),
            *(
                (op.existing["id"] if op.existing else op.row["uid"], op.row)
                for op in ops[rec.MEMBER.record]
            ),
        )
    }
    groups = stored.groups | {op.row["group"] for op in ops[rec.MEMBER.record] if op.row["group"]}
    attendance = _final_children(ops, rec.MEETING, rec.ATTENDANCE, stored.attendance)

    def meeting_rule(op: Operation) -> Callable[[Row], Row]:
        def rule(row: Row) -> Row:
            row = record_rules.meeting(row, people, today=context.today)
            if row["kind"] == "group":
                meeting_rules.check_group(row["group"], groups)
            meeting_rules.check_attendance(attendance.get(op.incoming, []), people)
            return row

        return rule

    for op in ops[rec.MEETING.record]:
        judge(op, meeting_rule(op))
    meetings = {op.incoming: op.row for op in ops[rec.MEETING.record]}
    for op in ops[rec.ATTENDANCE.record]:
        parent = op.incoming.parent
        if parent is not None:  # attendance is always read inside its meeting
            judge(op, _attendance_rule(meetings[parent], people))


def _attendance_rule(meeting: Row, people: Mapping[Any, Any]) -> Callable[[Row], Row]:
    def rule(row: Row) -> Row:
        return record_rules.meeting_attendance(row, meeting, people)

    return rule


def _member_rule(events: Sequence[Mapping[str, Any]], context: RuleContext) -> Callable[[Row], Row]:
    def rule(row: Row) -> Row:
        return record_rules.member(row, events, rules=context.rules, today=context.today)

    return rule


def _event_rule(member: Row) -> Callable[[Row], Row]:
    def rule(row: Row) -> Row:
        return record_rules.member_event(row, member)

    return rule


def _item_rule(
    op: Operation, steps: Sequence[Mapping[str, Any]], who: str, now: datetime
) -> Callable[[Row], Row]:
    def rule(row: Row) -> Row:
        given = op.incoming.values.get("progress")
        if given is not None and steps:
            record_rules.check_progress_matches_steps(given, steps)
        row = record_rules.plan_item(row, steps, who=who, now=now)
        if steps and op.existing is not None:
            # An item with steps shows their progress; the column keeps the value set by
            # hand, which the commands leave alone while there are steps.
            row["progress"] = op.existing["progress"]
        return row

    return rule


def _check_rule(entry: Row, year: Any, who: str, now: datetime) -> Callable[[Row], Row]:
    def rule(row: Row) -> Row:
        if not isinstance(year, int):
            return row  # the checklist's own rule has said what is wrong with its year
        return record_rules.checklist_check(row, entry, year, who=who, now=now)

    return rule


def _final_children(
    ops: dict[str, list[Operation]],
    parent: RecordSpec,
    child: RecordSpec,
    stored_children: dict[int, list[Row]],
) -> dict[Incoming, list[Row]]:
    """Each of the file's parents (items, members) with the children it will have: the
    file's (as the rules left them, when already judged), then its stored ones the file
    does not hold (under any parent)."""
    final: dict[Incoming, list[Row]] = {}
    in_file: set[str] = set()
    for op in ops[child.record]:
        if op.incoming.parent is not None:
            final.setdefault(op.incoming.parent, []).append(op.row)
        if op.incoming.uid is not None:
            in_file.add(op.incoming.uid)
    for op in ops[parent.record]:
        if op.existing is None:
            continue
        kept = [r for r in stored_children.get(op.existing["id"], []) if r["uid"] not in in_file]
        if kept:
            final.setdefault(op.incoming, []).extend(kept)
    return final


def _problem(incoming: Incoming, error: FieldError) -> Problem:
    """A broken rule as a problem naming the record and the file's key."""
    wording = _IMPORT_WORDING.get(error.key)
    if wording is not None:
        params = {k: v for k, v in error.params.items() if k != "field"}
        error = FieldError(wording, error.field, **params)
    spec, field = incoming.spec, error.field
    if field not in spec.keys and f"{field}_id" in spec.keys:
        field = f"{field}_id"  # the rule names the person (host); the file its uid key
    key = spec.key_of(field)
    return Problem(incoming.where, key, error.key, dict(error.params), incoming.uid, error)


__all__ = ["apply_rules"]
