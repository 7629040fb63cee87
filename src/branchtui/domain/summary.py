"""The year at a glance: what `status` prints and the app's dashboard shows.

One typed, light structure (`Summary`) built by one function:

    connection, snapshot = storage.schema.open_for_reading(path)
    summary = read_summary(connection, year=2024, today=date(2024, 7, 1), rules=Rules())

`read_summary` reads storage's raw rows and the labels of what it lists inside one read
transaction, then applies the domain's rules (overdue, progress from steps, checklist
periods, the 预备期 and assessment reminders). Everything is typed named tuples of plain
values (ids, dates, text as stored), so the CLI and the app format them as they need; the
ids let the dashboard open the record behind a line (an item, a step's item, a checklist
cell by entry id and period, a member). Named tuples rather than frozen dataclasses: on
this path each frozen dataclass costs about 1 ms to define at import, a named tuple a
third of that, and `status` runs in a fresh process every time.

Light on purpose (the quick `status` path): no ORM, no pypinyin, no Textual; an
import-linter contract and tests/cli/test_status.py keep it so.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from branchtui.domain.dates import CLOSED_STATUSES, days_overdue
from branchtui.domain.item_rules import STATUSES, effective_progress
from branchtui.domain.meeting_board import (
    BoardRow,
    MeetingReminder,
    attended_since,
    board_from_raw,
)
from branchtui.domain.periods import period_states
from branchtui.domain.stages import STAGES, Rules, assessment_due, probation_ending_soon
from branchtui.storage.summary import RawSummary, reading

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

__all__ = [
    "REMINDER_KINDS",
    "ChecklistSummary",
    "DatedItem",
    "MemberReminder",
    "OverdueStep",
    "PeriodRef",
    "Summary",
    "load_summary",
    "member_reminders",
    "read_summary",
]

# MemberReminder has a field named `date` (SPEC §5's key), which hides the type in its body.
_Day = date

# SPEC §5 `members.reminders[].kind`: DOMAIN §2's dates, then what the meeting records
# say (`domain.meeting_board`): no meeting attended for `absent_months`, the secretary's
# yearly 党课 not given.
REMINDER_KINDS = ("probation_end", "assessment", "no_meetings", "secretary_lecture")


class DatedItem(NamedTuple):
    """A plan item that is overdue (`days` late) or due soon (`days` left)."""

    id: int
    number: int
    title: str
    owner: str | None  # the member's name or the owner text
    due: date
    days: int


class OverdueStep(NamedTuple):
    """An open step past its due date, with the item it belongs to."""

    id: int
    title: str
    due: date
    days: int  # days late
    item_id: int
    item_number: int
    item_title: str


class PeriodRef(NamedTuple):
    """One cell of a checklist's grid: an entry's period (`entry_id` + `period` name it)."""

    entry_id: int
    position: int
    title: str  # the entry's
    period: str  # 2024, 2024-H1, 2024-Q3, 2024-07
    last_day: date
    done: bool
    days_late: int  # 0 unless overdue


class ChecklistSummary(NamedTuple):
    """A checklist's due periods (SPEC §5): how many, ticked, overdue; the current periods
    of its entries (ticked or not) and the overdue ones, oldest first."""

    id: int
    title: str
    kind: str
    checks_total: int
    checks_done: int
    checks_overdue: int
    current: tuple[PeriodRef, ...]
    overdue: tuple[PeriodRef, ...]

    @property
    def percent(self) -> float:
        """Done of due, one decimal (0 when nothing is due yet)."""
        return round(100 * self.checks_done / self.checks_total, 1) if self.checks_total else 0.0

    @property
    def due_now(self) -> tuple[PeriodRef, ...]:
        """The current periods not ticked yet: what to do now."""
        return tuple(ref for ref in self.current if not ref.done)


class MemberReminder(NamedTuple):
    """A date DOMAIN §2 asks the branch to watch (SPEC §5 `members.reminders`).

    `probation_end`: the 预备期 ends on `date` (within `probation_reminder_days`) or ended
    then without 转正; `assessment`: an activist's six-monthly assessment fell due on `date`;
    `no_meetings`: no meeting attended for `months` months on `date` (`last` the last one);
    `secretary_lecture`: the secretary's 党课 of the year is due by `date` (December 31).
    """

    member_id: int
    name: str
    kind: str
    date: _Day
    today: _Day
    last: _Day | None = None
    months: int = 0

    @property
    def overdue(self) -> bool:
        """Past: a 预备期 over without 转正, an assessment not held by its day."""
        return self.date < self.today

    @property
    def days(self) -> int:
        """Days late when overdue, else days left."""
        return abs((self.today - self.date).days)


class Summary(NamedTuple):
    """The year at a glance (SPEC §5 `status --json`, SPEC §7's dashboard).

    Lists are ordered most urgent first and hold at most the `limit` given to
    `read_summary` (each with its `*_count` of all); counts are always complete.
    """

    branch: str
    year: int
    today: date
    due_soon_days: int
    total: int
    by_status: dict[str, int]  # every status code
    percent: float  # mean progress of the items not cancelled
    overdue: tuple[DatedItem, ...]
    overdue_count: int
    due_soon: tuple[DatedItem, ...]
    due_soon_count: int
    overdue_steps: tuple[OverdueStep, ...]
    overdue_steps_count: int
    checklists: tuple[ChecklistSummary, ...]
    members_total: int  # active members of every stage
    by_stage: dict[str, int]  # every stage code
    reminders: tuple[MemberReminder, ...]
    plan_years: tuple[int, ...]  # years with plan items, given only when this one has none
    meetings: tuple[BoardRow, ...] = ()  # 三会一课: each kind (and 党小组) of the board

    @property
    def done(self) -> int:
        """Done items (SPEC §7: `已完成 D/T`)."""
        return self.by_status.get("done", 0)

    @property
    def checks_overdue(self) -> int:
        """Overdue checklist periods, all checklists together."""
        return sum(tally.checks_overdue for tally in self.checklists)

    @property
    def probation_overdue(self) -> int:
        """Members whose 预备期 has ended without 转正."""
        return sum(1 for r in self.reminders if r.kind == "probation_end" and r.overdue)

    @property
    def assessments_overdue(self) -> int:
        """Activists whose assessment day has passed without one recorded."""
        return sum(1 for r in self.reminders if r.kind == "assessment" and r.overdue)

    @property
    def meetings_overdue(self) -> int:
        """三会一课 periods past without the meeting they ask for."""
        return sum(row.overdue for row in self.meetings)

    @property
    def late(self) -> bool:
        """Anything overdue (`status --check` exits 3): an item, a step, a checklist
        period, a 预备期 over without 转正, an activist's assessment past its day, a
        三会一课 period without its meeting."""
        return bool(
            self.overdue_count
            or self.overdue_steps_count
            or self.checks_overdue
            or self.probation_overdue
            or self.assessments_overdue
            or self.meetings_overdue
        )


def read_summary(
    connection: sqlite3.Connection,
    year: int,
    today: date,
    rules: Rules | None = None,
    *,
    limit: int | None = None,
) -> Summary:
    """The summary of `year` as of `today`, read in one transaction.

    `connection`: a plain sqlite3 connection (`storage.schema.open_for_reading`).
    `rules`: the `[rules]` settings (due_soon_days, probation_reminder_days, the activists'
    assessment interval). `limit`: how many overdue items, items due soon and overdue steps
    to list with their titles (None: all); counts are complete either way.
    """
    rules = rules or Rules()
    with reading(connection) as reader:
        raw = reader.summary(year, today.isoformat())
        plan = _plan(raw, today, rules.due_soon_days)
        overdue, due_soon = plan.overdue[:limit], plan.due_soon[:limit]
        # A step is late when due < today, not done, and its item still open (a cancelled
        # item owes nothing): counted in _plan, the oldest listed here.
        steps = []
        if plan.late_steps:
            steps = reader.open_steps_due_before(
                year, today.isoformat(), sorted(CLOSED_STATUSES), limit
            )
        since = attended_since(today, rules.absent_months)
        board = board_from_raw(
            reader.meetings(year, today.isoformat(), since), year, today, rules.absent_months
        )
        labels = reader.item_labels(
            sorted({i for _d, i in overdue} | {i for _d, i in due_soon} | {s[0] for s in steps})
        )
    return Summary(
        branch=raw.branch,
        year=year,
        today=today,
        due_soon_days=rules.due_soon_days,
        total=len(raw.items),
        by_status=plan.by_status,
        percent=plan.percent,
        overdue=tuple(_dated(row, labels, today) for row in overdue),
        overdue_count=len(plan.overdue),
        due_soon=tuple(_dated(row, labels, today) for row in due_soon),
        due_soon_count=len(plan.due_soon),
        overdue_steps=tuple(
            OverdueStep(
                id=step_id,
                title=title,
                due=date.fromisoformat(due),
                days=days_overdue(date.fromisoformat(due), today),
                item_id=item_id,
                item_number=labels[item_id][0],
                item_title=labels[item_id][1],
            )
            for item_id, step_id, due, title in steps
        ),
        overdue_steps_count=plan.late_steps,
        checklists=tuple(_checklists(raw, year, today)),
        members_total=sum(count for _stage, count in raw.stages),
        by_stage=_by_stage(raw),
        reminders=tuple(
            sorted(
                [
                    *member_reminders(raw.candidates, today, rules),
                    *(_from_meetings(r, today) for r in board.reminders),
                ],
                key=lambda r: (r.date, r.member_id),
            )
        ),
        plan_years=tuple(raw.plan_years),
        meetings=board.rows,
    )


def _from_meetings(reminder: MeetingReminder, today: date) -> MemberReminder:
    return MemberReminder(
        reminder.member_id,
        reminder.name,
        reminder.kind,
        reminder.date,
        today,
        reminder.last,
        reminder.months,
    )


def load_summary(
    path: Path,
    year: int,
    today: date,
    rules: Rules | None = None,
    *,
    limit: int | None = None,
) -> Summary:
    """`read_summary` on a read connection of its own to the (up-to-date) database file at
    `path`, closed again: for a caller that holds no plain connection (the report)."""
    from branchtui.storage.schema import open_for_reading

    connection, _snapshot = open_for_reading(path)
    try:
        return read_summary(connection, year, today, rules, limit=limit)
    finally:
        connection.close()


# --- the rules on raw rows ----------------------------------------------------------------


class _Plan(NamedTuple):
    by_status: dict[str, int]
    percent: float
    overdue: list[tuple[str, int]]  # (ISO due, id), oldest due first
    due_soon: list[tuple[str, int]]  # (ISO due, id), soonest first
    late_steps: int  # open steps past due of open items


def _plan(raw: RawSummary, today: date, due_soon_days: int) -> _Plan:
    by_status = dict.fromkeys(STATUSES, 0)
    steps = {item_id: (done, total, late) for item_id, done, total, late in raw.steps}
    late_steps = 0
    today_text = today.isoformat()
    soon_text = (today + timedelta(days=due_soon_days)).isoformat()
    progress_sum, counted = 0, 0
    overdue: list[tuple[str, int]] = []
    due_soon: list[tuple[str, int]] = []
    for item_id, due_text, status, progress in raw.items:
        by_status[status] = by_status.get(status, 0) + 1
        done, total, late = steps.get(item_id, (0, 0, 0))
        if status != "cancelled":
            progress_sum += effective_progress(progress, done, total)
            counted += 1
        if status in CLOSED_STATUSES:
            continue
        late_steps += late
        if due_text is None:
            continue
        # dates.is_overdue / is_due_soon (SPEC §4) on ISO text, which orders as the dates
        # do: parsing SPEC §9's 10,000 dates would cost more than the rest of the loop.
        if due_text < today_text:
            overdue.append((due_text, item_id))
        elif due_text <= soon_text:
            due_soon.append((due_text, item_id))
    overdue.sort()
    due_soon.sort()
    return _Plan(
        by_status=by_status,
        percent=round(progress_sum / counted, 1) if counted else 0.0,
        overdue=overdue,
        due_soon=due_soon,
        late_steps=late_steps,
    )


def _dated(
    row: tuple[str, int], labels: dict[int, tuple[int, str, str | None]], today: date
) -> DatedItem:
    due_text, item_id = row
    due = date.fromisoformat(due_text)
    number, title, owner = labels[item_id]
    return DatedItem(item_id, number, title, owner, due, abs((due - today).days))


def _checklists(raw: RawSummary, year: int, today: date) -> list[ChecklistSummary]:
    checked: dict[int, set[str]] = defaultdict(set)
    for entry_id, period in raw.checks:
        checked[entry_id].add(period)
    starts = {cid: _date(starts_on) for cid, _t, _k, starts_on in raw.checklists}
    tallies: dict[int, list[int]] = {cid: [0, 0, 0] for cid in starts}
    current: dict[int, list[PeriodRef]] = defaultdict(list)
    overdue: dict[int, list[PeriodRef]] = defaultdict(list)
    for entry_id, checklist_id, position, title, frequency, due_month in raw.entries:
        tally = tallies[checklist_id]
        states = period_states(
            frequency, year, due_month, starts[checklist_id], today, checked[entry_id]
        )
        for state in states:
            if not state.due:
                continue
            tally[0] += 1
            tally[1] += state.done
            tally[2] += state.overdue
            if state.overdue or state.first_day <= today <= state.last_day:
                ref = PeriodRef(
                    entry_id=entry_id,
                    position=position,
                    title=title,
                    period=state.period,
                    last_day=state.last_day,
                    done=state.done,
                    days_late=days_overdue(state.last_day, today) if state.overdue else 0,
                )
                (overdue if state.overdue else current)[checklist_id].append(ref)
    return [
        ChecklistSummary(
            id=cid,
            title=title,
            kind=kind,
            checks_total=tallies[cid][0],
            checks_done=tallies[cid][1],
            checks_overdue=tallies[cid][2],
            current=tuple(current[cid]),
            overdue=tuple(sorted(overdue[cid], key=lambda r: (r.last_day, r.position))),
        )
        for cid, title, kind, _starts in raw.checklists
    ]


def _by_stage(raw: RawSummary) -> dict[str, int]:
    by_stage = dict.fromkeys(STAGES, 0)
    for stage, count in raw.stages:
        by_stage[stage] = by_stage.get(stage, 0) + count
    return by_stage


def member_reminders(
    candidates: list[tuple[int, str, str, str | None, str | None, str | None, str | None]],
    today: date,
    rules: Rules,
) -> list[MemberReminder]:
    """DOMAIN §2's reminders for active members, soonest (most overdue) first: a 预备期
    ending within `probation_reminder_days` or over without 转正, an activist's assessment
    due (every `activist_assessment_months` from the last one, or from becoming one).

    `candidates`: (id, name, stage, admitted_on, probation_extended_to, activist_on,
    last assessment) with ISO dates, as `storage.summary` reads them.
    """
    found: list[MemberReminder] = []
    for member_id, name, stage, admitted, extended, activist, assessed in candidates:
        if stage == "probationary" and admitted:
            end = probation_ending_soon(date.fromisoformat(admitted), _date(extended), today, rules)
            if end is not None:
                found.append(MemberReminder(member_id, name, "probation_end", end, today))
        elif stage == "activist" and activist:
            due = assessment_due(date.fromisoformat(activist), _date(assessed), today, rules)
            if due is not None:
                found.append(MemberReminder(member_id, name, "assessment", due, today))
    found.sort(key=lambda r: (r.date, r.member_id))
    return found


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
