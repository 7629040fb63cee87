"""Reading members: `MemberView` (the record with its 预备期 end, 党龄, training hours and
reminders), listing, searching and getting one.

Every read returns frozen dataclasses built inside the session. Searching uses the stored
pinyin key (`names.matches`) and never loads pypinyin. Writes are `domain.members`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from branchtui.domain import names, stages
from branchtui.domain.member_events import (
    EventFacts,
    EventView,
    event_facts,
    event_view,
    events_of,
    member_row,
    reminders,
)
from branchtui.domain.stages import STAGE_DATE_FIELD, Rules, Warning, check_stage
from branchtui.storage.database import Database
from branchtui.storage.models import Member


@dataclass(frozen=True)
class MemberView:
    """A member with what follows from the record: 预备期 end, 党龄, training, reminders.

    `phone` and `id_number` are the stored values: whoever shows them masks them
    (`privacy.mask`) unless asked not to. `events` is filled by `get_member` only.
    """

    id: int
    uid: str
    name: str
    name_key: str
    gender: str | None
    ethnicity: str | None
    birth_date: date | None
    education: str | None
    group: str | None
    post: str | None
    stage: str
    applied_on: date | None
    activist_on: date | None
    candidate_on: date | None
    admitted_on: date | None
    confirmed_on: date | None
    probation_extended_to: date | None
    sponsors: str | None
    contacts: str | None
    active: bool
    left_on: date | None
    notes: str | None
    phone: str | None
    id_number: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    probation_end: date | None
    party_age_start: date | None
    party_age_years: int | None
    training_hours: float
    reminders: tuple[Warning, ...] = ()
    events: tuple[EventView, ...] = ()

    @property
    def stage_since(self) -> date | None:
        """The day the current stage began, when recorded."""
        value: date | None = getattr(self, STAGE_DATE_FIELD[self.stage])
        return value


def list_members(
    db: Database,
    stage: str | None = None,
    include_inactive: bool = False,
    *,
    query: str | None = None,
    today: date,
    rules: Rules,
) -> list[MemberView]:
    """Members by id: active ones unless `include_inactive`, of one stage when given.

    `query` keeps those whose name or pinyin key matches (`names.matches`). Reminders are
    computed as of `today` (default: today in the default timezone or BRANCHTUI_TODAY).
    """
    if stage is not None:
        check_stage(stage)
    with db.read() as session:
        statement = select(Member).order_by(col(Member.id))
        if stage is not None:
            statement = statement.where(Member.stage == stage)
        if not include_inactive:
            statement = statement.where(col(Member.active).is_(True))
        members = [
            m
            for m in session.exec(statement).all()
            if query is None or names.matches(query, m.name, m.name_key)
        ]
        facts = event_facts(session, [_id(m) for m in members])
        return [_view(m, facts.get(_id(m), EventFacts()), today, rules) for m in members]


def find_members(
    db: Database,
    query: str,
    include_inactive: bool = False,
    *,
    today: date,
    rules: Rules,
) -> list[MemberView]:
    """Members whose name contains `query` or whose pinyin (full or initials) does.

    `zxm` finds 曾晓明, as does `zeng`; never loads pypinyin.
    """
    return list_members(
        db, include_inactive=include_inactive, query=query, today=today, rules=rules
    )


def get_member(db: Database, member_id: int, *, today: date, rules: Rules) -> MemberView:
    """One member with events (by date), 预备期 end, 党龄 as of `today`, and reminders."""
    with db.read() as session:
        member = member_row(session, member_id)
        return member_view(session, member, today, rules)


def _id(member: Member) -> int:
    assert member.id is not None
    return member.id


def probation_end_of(member: Member | MemberView, rules: Rules) -> date | None:
    """The day the member's 预备期 ends (with any extension), when it can be known."""
    if member.admitted_on is None:
        return member.probation_extended_to
    return stages.probation_end(
        member.admitted_on, member.probation_extended_to, rules.probation_days
    )


def member_view(session: Session, member: Member, today: date, rules: Rules) -> MemberView:
    """The view of a stored member with events and reminders (call inside its session)."""
    member_id = _id(member)
    facts = event_facts(session, [member_id]).get(member_id, EventFacts())
    events = tuple(event_view(e) for e in events_of(session, member_id))
    return _view(member, facts, today, rules, events)


def _view(
    member: Member,
    facts: EventFacts,
    today: date,
    rules: Rules,
    events: tuple[EventView, ...] = (),
) -> MemberView:
    end = probation_end_of(member, rules) if member.stage in ("probationary", "full") else None
    start: date | None = None
    years: int | None = None
    if member.stage in ("probationary", "full"):
        start = stages.party_age_start(
            member.admitted_on,
            member.probation_extended_to,
            rules.probation_days,
            member.confirmed_on if member.stage == "full" else None,
        )
        # 党龄 counts once the member is full; a probationary member's start is shown only.
        if member.stage == "full" and start is not None and start <= today:
            years = stages.party_age_years(start, today)
    return MemberView(
        id=_id(member),
        uid=member.uid,
        name=member.name,
        name_key=member.name_key,
        gender=member.gender,
        ethnicity=member.ethnicity,
        birth_date=member.birth_date,
        education=member.education,
        group=member.group,
        post=member.post,
        stage=member.stage,
        applied_on=member.applied_on,
        activist_on=member.activist_on,
        candidate_on=member.candidate_on,
        admitted_on=member.admitted_on,
        confirmed_on=member.confirmed_on,
        probation_extended_to=member.probation_extended_to,
        sponsors=member.sponsors,
        contacts=member.contacts,
        active=member.active,
        left_on=member.left_on,
        notes=member.notes,
        phone=member.phone,
        id_number=member.id_number,
        created_at=member.created_at,
        updated_at=member.updated_at,
        version=member.version,
        probation_end=end,
        party_age_start=start,
        party_age_years=years,
        training_hours=facts.training_hours,
        reminders=tuple(reminders(member, facts, today, rules)),
        events=events,
    )


__all__ = [
    "MemberView",
    "find_members",
    "get_member",
    "list_members",
    "member_view",
    "probation_end_of",
]
