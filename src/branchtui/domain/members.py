"""Members and the 发展党员 stages: the register, stage changes, events, leaving, reading.

The rules live here and in `domain.stages` (DOMAIN §2): every write is one unit of work with
its history; every read returns frozen dataclasses built inside the session. The stage
intervals, the training hours, the 预备期 and the sponsors give warnings, never refusals.
`name_key` is computed whenever a name is written (the only place pypinyin loads); searching
uses the stored key. Event kinds and member events are in `domain.member_events`.

The 预备期 extension (DOMAIN §2: once, by 6–12 months) is recorded as the new end in
`probation_extended_to` (`update_member`, `member set --extended-to`); an `extension` event
may record the decision itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from branchtui.domain import names, stages
from branchtui.domain.member_events import (
    EventFacts,
    EventView,
    add_event,
    event_facts,
    event_view,
    events_of,
    member_events,
    member_row,
    reminders,
)
from branchtui.domain.stages import STAGE_DATE_FIELD, STAGES, Rules, Warning
from branchtui.errors import NotFoundError, ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import Member, MemberEvent
from branchtui.storage.uow import UnitOfWork, snapshot

# Fields a caller may write with `add_member` / `update_member`, by kind.
TEXT_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "education",
    "group",
    "post",
    "sponsors",
    "contacts",
    "notes",
    "phone",
    "id_number",
)
DATE_FIELDS = (
    "birth_date",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "confirmed_on",
    "probation_extended_to",
    "left_on",
)
EDITABLE_FIELDS = frozenset((*TEXT_FIELDS, *DATE_FIELDS, "stage", "active"))
PRIVATE_FIELDS = ("phone", "id_number")

# Sponsors (入党介绍人) and contacts (培养联系人) are typed as a list of names.
_NAME_SEPARATORS = re.compile(r"[、,，;；/\s]+")


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


# -- reading ------------------------------------------------------------------------------


def list_members(
    db: Database,
    stage: str | None = None,
    include_inactive: bool = False,
    *,
    query: str | None = None,
    today: date | None = None,
    rules: Rules | None = None,
) -> list[MemberView]:
    """Members by id: active ones unless `include_inactive`, of one stage when given.

    `query` keeps those whose name or pinyin key matches (`names.matches`). Reminders are
    computed as of `today` (default: today in the default timezone or BRANCHTUI_TODAY).
    """
    if stage is not None:
        check_stage(stage)
    today, rules = _defaults(today, rules)
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
    today: date | None = None,
    rules: Rules | None = None,
) -> list[MemberView]:
    """Members whose name contains `query` or whose pinyin (full or initials) does.

    `zxm` finds 曾晓明, as does `zeng`; never loads pypinyin.
    """
    return list_members(
        db, include_inactive=include_inactive, query=query, today=today, rules=rules
    )


def get_member(
    db: Database, member_id: int, *, today: date | None = None, rules: Rules | None = None
) -> MemberView:
    """One member with events (by date), 预备期 end, 党龄 as of `today`, and reminders."""
    today, rules = _defaults(today, rules)
    with db.read() as session:
        member = member_row(session, member_id)
        return _full_view(session, member, today, rules)


def resolve_member(session: Session, text: str) -> Member:
    """The member `text` names: an id (all digits), else the exact name of one active member.

    An unknown id is a NotFoundError; a name no active member has is `member.no_such_name`;
    a name several active members share is `member.ambiguous`, listing them with id and group.
    """
    wanted = text.strip()
    if wanted.isdigit():
        return member_row(session, int(wanted))
    found = list(
        session.exec(
            select(Member)
            .where(Member.name == wanted, col(Member.active).is_(True))
            .order_by(col(Member.id))
        ).all()
    )
    if not found:
        raise NotFoundError("member.no_such_name", name=wanted)
    if len(found) > 1:
        from branchtui.i18n import current_language

        separator = "、" if current_language() == "zh" else ", "
        raise ValidationError(
            "member.ambiguous",
            name=wanted,
            candidates=separator.join(_candidate(member) for member in found),
        )
    return found[0]


def _candidate(member: Member) -> str:
    """A member as an ambiguity message lists it: 张伟 (3, 一组)."""
    detail = str(member.id) if not member.group else f"{member.id}, {member.group}"
    return f"{member.name} ({detail})"


# -- writing ------------------------------------------------------------------------------


def add_member(db: Database, name: str, **fields: Any) -> int:
    """Add a member (stage `applicant` unless given); returns the new id.

    `fields` are any of EDITABLE_FIELDS: texts (blank means none), dates as `date`
    objects, `stage` a code of STAGES.
    """
    values = _clean({"name": name, **fields})
    values.setdefault("stage", "applicant")
    _check_consistency(values)
    with UnitOfWork(db, "member.add") as uow:
        member = Member(**values)
        member.name_key = names.name_key(member.name)
        uow.add(member)
        return _id(member)


def update_member(
    db: Database,
    member_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    *,
    today: date | None = None,
    rules: Rules | None = None,
) -> MemberView:
    """Change fields of a member (same rules as `add_member`; None or "" clears a text).

    A new name gets a new pinyin key. Setting `stage` directly corrects the record and
    gives no warnings (`promote` is the checked way to the next stage).
    """
    values = _clean(dict(changes))
    today, rules = _defaults(today, rules)
    with UnitOfWork(db, "member.set") as uow:
        member = uow.get(Member, member_id)
        uow.check_version(member, expected_version)
        before = snapshot(member)
        for key, value in values.items():
            setattr(member, key, value)
        if "name" in values and before["name"] != member.name:
            member.name_key = names.name_key(member.name)
        _check_consistency(_dates(member))
        uow.update(member, before)
        return _full_view(uow.session, member, today, rules)


def promote(
    db: Database,
    member_id: int,
    on_date: date,
    rules: Rules | None = None,
    expected_version: int | None = None,
    *,
    today: date | None = None,
) -> tuple[MemberView, list[Warning]]:
    """Move a member to the next stage on `on_date`, setting that stage's date.

    Returns the member afterwards and what DOMAIN §2 advises against: too short a time in
    the stage, training under `candidate_training_hours` (summed `training` events) before
    admission, a 转正 before the 预备期 (with any extension) ends or recorded on a later
    day than its end, missing sponsors or contacts. A full member has no next stage.
    """
    today, rules = _defaults(today, rules)
    with UnitOfWork(db, "member.promote") as uow:
        member = uow.get(Member, member_id)
        uow.check_version(member, expected_version)
        if not member.active:
            raise ValidationError("member.inactive", name=member.name, left_on=_iso(member.left_on))
        target = stages.next_stage(member.stage)
        if target is None:
            raise ValidationError("member.no_next_stage", name=member.name)
        facts = event_facts(uow.session, [member_id]).get(member_id, EventFacts())
        since: date | None = getattr(member, STAGE_DATE_FIELD[member.stage])
        end = _probation_end(member, rules)
        warnings = stages.promotion_warnings(
            member.stage, since, on_date, facts.training_hours, rules, probation_end=end
        )
        warnings.extend(_people_warnings(member, target))
        if target == "full" and end is not None and on_date > end:
            warnings.append(
                Warning(
                    "member.confirmed_after_end",
                    {"date": on_date.isoformat(), "end": end.isoformat()},
                )
            )
        before = snapshot(member)
        member.stage = target
        setattr(member, STAGE_DATE_FIELD[target], on_date)
        uow.update(member, before)
        return _full_view(uow.session, member, today, rules), warnings


def leave(
    db: Database,
    member_id: int,
    on: date,
    note: str | None = None,
    expected_version: int | None = None,
    *,
    today: date | None = None,
    rules: Rules | None = None,
) -> MemberView:
    """Transfer a member out (转出) on `on`: no longer active, `left_on`, a `transfer_out`
    event, all in one unit of work. A member who has already left is refused."""
    today, rules = _defaults(today, rules)
    with UnitOfWork(db, "member.leave") as uow:
        member = uow.get(Member, member_id)
        uow.check_version(member, expected_version)
        if not member.active:
            raise ValidationError(
                "member.already_left", name=member.name, left_on=_iso(member.left_on)
            )
        before = snapshot(member)
        member.active = False
        member.left_on = on
        uow.update(member, before)
        uow.add(MemberEvent(member_id=member_id, date=on, kind="transfer_out", note=_text(note)))
        return _full_view(uow.session, member, today, rules)


# -- checks -------------------------------------------------------------------------------


def check_stage(stage: str) -> str:
    """A stage code, or an error listing the valid ones."""
    if stage not in STAGES:
        raise ValidationError("stages.unknown", value=stage, valid=", ".join(STAGES))
    return stage


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Checked field values: known names, texts trimmed (blank -> None), real dates."""
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError("member.unknown_field", field=key)
        if key in TEXT_FIELDS:
            value = _text(value)
            if key == "name" and value is None:
                raise ValidationError("member.name_empty")
        elif key in DATE_FIELDS:
            # datetime is a date subclass; a timestamp is not a day.
            if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
                raise TypeError(f"{key} must be a datetime.date, not {type(value).__name__}")
        elif key == "stage":
            check_stage(value)
        elif key == "active":
            value = bool(value)
        cleaned[key] = value
    return cleaned


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _dates(member: Member) -> dict[str, Any]:
    """The fields `_check_consistency` looks at."""
    return {key: getattr(member, key) for key in ("admitted_on", "probation_extended_to")}


def _check_consistency(values: Mapping[str, Any]) -> None:
    """An extension must end after the admission (the regular end is checked by the view)."""
    admitted = values.get("admitted_on")
    extended = values.get("probation_extended_to")
    if extended is not None and admitted is not None and extended <= admitted:
        raise ValidationError(
            "member.extension_before_admission",
            date=extended.isoformat(),
            admitted=admitted.isoformat(),
        )


def _people_warnings(member: Member, target: str) -> list[Warning]:
    """Two sponsors for candidates and probationary members; a contact for activists."""
    warnings: list[Warning] = []
    if target in ("candidate", "probationary"):
        count = _count_names(member.sponsors)
        if count < 2:
            warnings.append(Warning("member.few_sponsors", {"next_stage": target, "count": count}))
    elif target == "activist" and _count_names(member.contacts) == 0:
        warnings.append(Warning("member.no_contacts", {"next_stage": target}))
    return warnings


def _count_names(text: str | None) -> int:
    return len([part for part in _NAME_SEPARATORS.split(text or "") if part])


# -- views --------------------------------------------------------------------------------


def _defaults(today: date | None, rules: Rules | None) -> tuple[date, Rules]:
    if today is None:
        from branchtui.config import DEFAULTS
        from branchtui.domain.dates import today as branch_today

        today = branch_today(str(DEFAULTS["branch.timezone"]))
    return today, rules if rules is not None else Rules()


def _id(member: Member) -> int:
    assert member.id is not None
    return member.id


def _iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _probation_end(member: Member | MemberView, rules: Rules) -> date | None:
    if member.admitted_on is None:
        return member.probation_extended_to
    return stages.probation_end(
        member.admitted_on, member.probation_extended_to, rules.probation_days
    )


def _full_view(session: Session, member: Member, today: date, rules: Rules) -> MemberView:
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
    end = _probation_end(member, rules) if member.stage in ("probationary", "full") else None
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
    "DATE_FIELDS",
    "EDITABLE_FIELDS",
    "PRIVATE_FIELDS",
    "TEXT_FIELDS",
    "EventView",
    "MemberView",
    "add_event",
    "add_member",
    "check_stage",
    "find_members",
    "get_member",
    "leave",
    "list_members",
    "member_events",
    "promote",
    "reminders",
    "resolve_member",
    "update_member",
]
