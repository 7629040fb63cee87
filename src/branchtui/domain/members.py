"""Members and the 发展党员 stages: adding and changing members, promoting, leaving.

The rules live here and in `domain.stages` (DOMAIN §2): every write is one unit of work with
its history. The stage intervals, the training hours, the 预备期 and the sponsors give
warnings, never refusals. `name_key` is computed whenever a name is written (the only place
pypinyin loads). Reading members is `domain.member_views`; event kinds and member events
are `domain.member_events`.

The 预备期 extension (DOMAIN §2: once, by 6–12 months) is recorded as the new end in
`probation_extended_to` (`update_member`, `member set --extended-to`); an `extension` event
may record the decision itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from branchtui.domain import names, stages
from branchtui.domain.member_events import EventFacts, event_facts, member_row
from branchtui.domain.member_views import (
    MemberView,
    member_view,
    probation_end_of,
    today_and_rules,
)
from branchtui.domain.stages import STAGE_DATE_FIELD, Rules, Warning, check_stage
from branchtui.domain.text import clean_text
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

# Sponsors (入党介绍人) and contacts (培养联系人) are typed as a list of names.
_NAME_SEPARATORS = re.compile(r"[、,，;；/\s]+")


# -- finding ----------------------------------------------------------------------------


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
        assert member.id is not None
        return member.id


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
    today, rules = today_and_rules(today, rules)
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
        return member_view(uow.session, member, today, rules)


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
    today, rules = today_and_rules(today, rules)
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
        end = probation_end_of(member, rules)
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
        return member_view(uow.session, member, today, rules), warnings


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
    today, rules = today_and_rules(today, rules)
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
        uow.add(
            MemberEvent(
                member_id=member_id,
                date=on,
                kind="transfer_out",
                note=clean_text(note, "note", multiline=True),
            )
        )
        return member_view(uow.session, member, today, rules)


# -- checks -------------------------------------------------------------------------------


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Checked field values: known names, texts trimmed (blank -> None), real dates."""
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise ValidationError("member.unknown_field", field=key)
        if key in TEXT_FIELDS:
            value = clean_text(value, key, multiline=key == "notes")
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


def _iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


__all__ = [
    "DATE_FIELDS",
    "EDITABLE_FIELDS",
    "TEXT_FIELDS",
    "add_member",
    "leave",
    "promote",
    "resolve_member",
    "update_member",
]
