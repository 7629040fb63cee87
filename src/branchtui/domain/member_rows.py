"""The member table's rows: each member as the app lists them, with the next thing due
for that person (下一步), computed by DOMAIN §2's pure rules from plain values.

Pure and light (stdlib and the stage rules): the rows are built from the plain-SQL read of
the register (`storage.lists.member_tuples`) without the ORM, so 1,000 members list in
milliseconds. The reminders the dashboard shows (`summary.member_reminders`) and the ones
`MemberView` carries follow the same rules; here every member gets one next step, the
most pressing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from branchtui.domain.dates import add_months
from branchtui.domain.member_events import APPLICANT_TALK_MONTHS
from branchtui.domain.stages import Rules, next_assessment, probation_end

if TYPE_CHECKING:
    from branchtui.storage.lists import EventFactTuple, MemberTuple

# NextStep has a field named `date`, which hides the type in its body.
_Day = date


class NextStep(NamedTuple):
    """What comes next for a member (the table's 下一步 column).

    `kind`:
    - `talk`: an applicant's talk, due by `date` (a month after applying);
    - `activist` / `candidate` / `admission`: may become an activist, a candidate, a
      probationary member from `date` (the `[rules]` minimum in the stage);
    - `assessment`: an activist's six-monthly assessment, due on `date`;
    - `training`: a candidate's training is short (`hours` of `required` 学时);
    - `probation_end`: the 预备期 ends on `date` (转正 then);
    - `left`: transferred out on `date`.
    `late`: a duty whose day has passed (a talk, an assessment, a 预备期 over without 转正).
    """

    kind: str
    date: _Day | None
    late: bool = False
    hours: float = 0.0
    required: float = 0.0

    def reached(self, today: _Day) -> bool:
        """A `from` date (activist, candidate, admission) that has come."""
        return self.date is not None and self.date <= today


class EventFacts(NamedTuple):
    """What a member's events say for the next step: last assessment and talk, and the
    training hours counted from the activist date."""

    last_assessment: date | None = None
    last_talk: date | None = None
    training_hours: float = 0.0


class MemberRow(NamedTuple):
    """One row of the member table: what it shows, sorts and filters on.

    `phone` is the stored value: whoever shows it masks it unless asked not to."""

    id: int
    name: str
    name_key: str
    gender: str | None
    group: str | None
    post: str | None
    stage: str
    applied_on: date | None
    activist_on: date | None
    candidate_on: date | None
    admitted_on: date | None
    confirmed_on: date | None
    active: bool
    left_on: date | None
    phone: str | None
    next: NextStep | None
    version: int


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def event_facts(rows: Iterable[EventFactTuple]) -> dict[int, EventFacts]:
    """Per member, from (member id, kind, last date, hours) rows as storage reads them."""
    found: dict[int, EventFacts] = {}
    for member_id, kind, last, hours in rows:
        entry = found.get(member_id, EventFacts())
        if kind == "assessment":
            entry = entry._replace(last_assessment=_day(last))
        elif kind == "talk":
            entry = entry._replace(last_talk=_day(last))
        elif kind == "training":
            entry = entry._replace(training_hours=float(hours or 0))
        found[member_id] = entry
    return found


def next_step(
    stage: str,
    dates: dict[str, date | None],
    facts: EventFacts,
    today: date,
    rules: Rules,
) -> NextStep | None:
    """The most pressing next thing for an active member in `stage`: a duty whose day
    has passed first, then a stage that may be entered now, then what comes soonest.

    `dates`: the member's applied_on, activist_on, candidate_on, admitted_on and
    probation_extended_to (absent or None when not recorded). None when nothing follows
    (a full member) or the dates the rule needs are not recorded.
    """
    if stage == "applicant":
        applied = dates.get("applied_on")
        if applied is None:
            return None
        talked = facts.last_talk is not None and facts.last_talk >= applied
        eligible = NextStep("activist", applied + timedelta(days=rules.applicant_min_days))
        if talked:
            return eligible
        due = add_months(applied, APPLICANT_TALK_MONTHS)
        return _first(NextStep("talk", due, late=due < today), eligible, today)
    if stage == "activist":
        activist = dates.get("activist_on")
        if activist is None:
            return None
        due = next_assessment(activist, facts.last_assessment, rules)
        eligible = NextStep("candidate", activist + timedelta(days=rules.activist_min_days))
        return _first(NextStep("assessment", due, late=due < today), eligible, today)
    if stage == "candidate":
        required = float(rules.candidate_training_hours)
        if facts.training_hours < required:
            return NextStep("training", None, hours=facts.training_hours, required=required)
        candidate = dates.get("candidate_on")
        if candidate is None:
            return None
        return NextStep("admission", candidate + timedelta(days=rules.candidate_min_days))
    if stage == "probationary":
        admitted, extended = dates.get("admitted_on"), dates.get("probation_extended_to")
        if admitted is None:
            return None if extended is None else NextStep("probation_end", extended)
        end = probation_end(admitted, extended, rules.probation_days)
        return NextStep("probation_end", end, late=end < today)
    return None


def _first(duty: NextStep, eligible: NextStep, today: date) -> NextStep:
    """A late duty; else a stage that may be entered now; else the sooner of the two."""
    if duty.late:
        return duty
    if eligible.reached(today):
        return eligible
    assert duty.date is not None and eligible.date is not None
    return duty if duty.date <= eligible.date else eligible


def member_rows(
    members: Iterable[MemberTuple], events: Iterable[EventFactTuple], today: date, rules: Rules
) -> list[MemberRow]:
    """The table's rows from the register's plain tuples (`storage.lists.member_tuples`:
    ISO dates as text) and the events' facts, in the order read."""
    facts = event_facts(events)
    none = EventFacts()
    rows: list[MemberRow] = []
    for (
        member_id,
        name,
        key,
        gender,
        group,
        post,
        stage,
        applied,
        activist,
        candidate,
        admitted,
        confirmed,
        extended,
        active,
        left,
        phone,
        version,
    ) in members:
        dates = {
            "applied_on": _day(applied),
            "activist_on": _day(activist),
            "candidate_on": _day(candidate),
            "admitted_on": _day(admitted),
            "probation_extended_to": _day(extended),
        }
        left_on = _day(left)
        if active:
            step = next_step(stage, dates, facts.get(member_id, none), today, rules)
        else:
            step = NextStep("left", left_on)
        rows.append(
            MemberRow(
                member_id,
                name,
                key or "",
                gender,
                group,
                post,
                stage,
                dates["applied_on"],
                dates["activist_on"],
                dates["candidate_on"],
                dates["admitted_on"],
                _day(confirmed),
                bool(active),
                left_on,
                phone,
                step,
                version,
            )
        )
    return rows


__all__ = ["EventFacts", "MemberRow", "NextStep", "event_facts", "member_rows", "next_step"]
