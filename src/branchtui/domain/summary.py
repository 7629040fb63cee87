"""The year at a glance: what `status` prints and the dashboard shows.

Pure: it takes storage's raw rows and applies the domain's rules (overdue, progress from
steps, checklist periods), so the quick path never loads the ORM.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from branchtui.domain.dates import days_overdue, is_due_soon, is_overdue
from branchtui.domain.item_rules import STATUSES, effective_progress
from branchtui.domain.periods import period_states
from branchtui.domain.stages import STAGES
from branchtui.storage.summary import RawSummary


class OverdueItem(NamedTuple):
    """A plan item past its due date and not done or cancelled (labels fetched apart).

    A named tuple, not a dataclass: a big plan has thousands, built on every `status`.
    """

    id: int
    due: date
    days: int


@dataclass(frozen=True)
class ChecklistTally:
    """A checklist's due periods: how many, how many ticked, how many overdue."""

    id: int
    title: str
    kind: str
    checks_total: int
    checks_done: int
    checks_overdue: int

    @property
    def percent(self) -> float:
        return round(100 * self.checks_done / self.checks_total, 1) if self.checks_total else 0.0


@dataclass(frozen=True)
class Summary:
    """Everything of SPEC §5's `status --json`."""

    branch: str
    year: int
    today: date
    total: int
    by_status: dict[str, int]
    percent: float
    overdue: list[OverdueItem]
    due_soon: int
    checklists: list[ChecklistTally]
    members_total: int
    plan_years: list[int]
    by_stage: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.by_status.get("done", 0)

    @property
    def checks_overdue(self) -> int:
        return sum(tally.checks_overdue for tally in self.checklists)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def summarize(raw: RawSummary, year: int, today: date, due_soon_days: int = 14) -> Summary:
    """Apply the rules to the raw rows (`due_soon_days`: `[rules] due_soon_days`)."""
    by_status = dict.fromkeys(STATUSES, 0)
    steps = {item_id: (done, total) for item_id, done, total in raw.steps}
    today_text = today.isoformat()
    progress_sum, counted = 0, 0
    overdue: list[OverdueItem] = []
    soon_text = (today + timedelta(days=due_soon_days)).isoformat()
    due_soon = 0
    for item_id, due_text, status, progress in raw.items:
        by_status[status] = by_status.get(status, 0) + 1
        if status != "cancelled":
            progress_sum += effective_progress(progress, *steps.get(item_id, (0, 0)))
            counted += 1
        # ISO dates order as text: parse only the ones that may be late or due soon.
        if due_text is not None and today_text <= due_text <= soon_text:
            due_soon += is_due_soon(date.fromisoformat(due_text), status, today, due_soon_days)
        elif due_text is not None and due_text < today_text:
            due = date.fromisoformat(due_text)
            if is_overdue(due, status, today):
                overdue.append(OverdueItem(item_id, due, days_overdue(due, today)))
    overdue.sort(key=lambda item: (item.due, item.id))
    by_stage = dict.fromkeys(STAGES, 0)
    for stage, count in raw.stages:
        by_stage[stage] = by_stage.get(stage, 0) + count
    return Summary(
        branch=raw.branch,
        year=year,
        today=today,
        total=len(raw.items),
        by_status=by_status,
        percent=round(progress_sum / counted, 1) if counted else 0.0,
        overdue=overdue,
        due_soon=due_soon,
        checklists=_tally_checklists(raw, year, today),
        members_total=sum(by_stage.values()),
        plan_years=raw.plan_years,
        by_stage=by_stage,
    )


def _tally_checklists(raw: RawSummary, year: int, today: date) -> list[ChecklistTally]:
    checked: dict[int, set[str]] = defaultdict(set)
    for entry_id, period in raw.checks:
        checked[entry_id].add(period)
    counts: dict[int, list[int]] = {cid: [0, 0, 0] for cid, *_ in raw.checklists}
    starts = {cid: _date(starts_on) for cid, _t, _k, starts_on in raw.checklists}
    for entry_id, checklist_id, frequency, due_month in raw.entries:
        tally = counts[checklist_id]
        states = period_states(
            frequency, year, due_month, starts[checklist_id], today, checked[entry_id]
        )
        for state in states:
            if state.due:
                tally[0] += 1
                tally[1] += state.done
                tally[2] += state.overdue
    return [
        ChecklistTally(cid, title, kind, *counts[cid]) for cid, title, kind, _s in raw.checklists
    ]
