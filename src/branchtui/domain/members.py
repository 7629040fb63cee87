"""Members and the 发展党员 stages: adding and changing members, promoting, leaving.

Every write follows one pattern, so no update is lost and the write lock is held briefly
(SPEC §8): read the member (and what the rules need) in a read transaction, check the
values through `member_rules` and compute the pinyin key (pypinyin loads in ~100 ms)
outside any lock, then write in one unit of work that re-reads the member only to check
its version. A write based on a version another user has since changed is a conflict;
when the caller gave no version (a command run once), it is read again and retried.

The stage intervals, the training hours and the sponsors give warnings, never refusals;
the rules of `member_rules` refuse. Reading members is `domain.member_views`; 培养记录 are
`domain.member_events`; the register from a file is `domain.member_register`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from branchtui.domain import member_rules, names, stages
from branchtui.domain.changes import UNSET, Unset, Written, given
from branchtui.domain.member_events import EventFacts, event_facts, events_of, member_row
from branchtui.domain.member_views import MemberView, get_member
from branchtui.domain.stages import STAGE_DATE_FIELD, Rules, Warning
from branchtui.errors import ConflictError, NotFoundError, ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import Member, MemberEvent
from branchtui.storage.uow import UnitOfWork, conflict, snapshot, values_of

# Fields a caller may write with `add_member` / `update_member`.
TEXT_FIELDS = ("name", *member_rules.MEMBER_TEXTS, "notes")
DATE_FIELDS = member_rules.MEMBER_DATES
EDITABLE_FIELDS = frozenset((*TEXT_FIELDS, *DATE_FIELDS, "stage", "active"))
# Attempts for a write whose caller gave no version, when others keep changing the member.
_ATTEMPTS = 3

# Sponsors (入党介绍人) and contacts (培养联系人) are typed as a list of names.
_NAME_SEPARATORS = re.compile(r"[、,，;；/\s]+")

Result = TypeVar("Result")


# -- finding ----------------------------------------------------------------------------


def resolve_member(session: Session, text: str, *, include_left: bool = False) -> Member:
    """The member `text` names: an id (all digits), else the exact name of one active member
    (with `include_left`, of one who left when no active member has it).

    An unknown id is a NotFoundError; a name no member has is `member.no_such_name`; a name
    several share is `member.ambiguous`, listing them with id and group.
    """
    wanted = text.strip()
    if wanted.isdigit():
        return member_row(session, int(wanted))
    found = _named(session, wanted, active=True)
    if not found and include_left:
        found = _named(session, wanted, active=False)
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


def _named(session: Session, name: str, *, active: bool) -> list[Member]:
    return list(
        session.exec(
            select(Member)
            .where(Member.name == name, col(Member.active).is_(active))
            .order_by(col(Member.id))
        ).all()
    )


def member_id_of(db: Database, text: str, *, include_left: bool = True) -> int:
    """The id of the member `text` names (an id, or a unique name; see `resolve_member`)."""
    with db.read() as session:
        try:
            member = resolve_member(session, text, include_left=include_left)
        except NotFoundError as error:
            if error.key != "member.no_such_name":
                raise
            raise NotFoundError("member.no_such_person", **error.params) from None
        assert member.id is not None
        return member.id


def _candidate(member: Member) -> str:
    """A member as an ambiguity message lists it: 张伟 (3, 一组)."""
    detail = str(member.id) if not member.group else f"{member.id}, {member.group}"
    return f"{member.name} ({detail})"


# -- what a write starts from -------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    """A member as read before a write: its values by attribute, its events (as the
    rules take them) and its counted training hours."""

    values: dict[str, Any]
    events: list[dict[str, Any]]
    facts: EventFacts

    @property
    def version(self) -> int:
        return int(self.values["version"])


def read_member(db: Database, member_id: int, expected_version: int | None = None) -> Stored:
    """The member with what the rules need, in one read transaction; a conflict when it
    is no longer at `expected_version`."""
    with db.read() as session:
        member = member_row(session, member_id)
        if expected_version is not None and member.version != expected_version:
            raise conflict(session, member)
        facts = event_facts(session, [member_id]).get(member_id, EventFacts())
        return Stored(
            values=values_of(member),
            events=[values_of(e) for e in events_of(session, member_id)],
            facts=facts,
        )


def _retrying(expected_version: int | None, attempt: Callable[[], Result]) -> Result:
    """Run a read-check-write; when the caller gave no version, a conflict from a change
    between the read and the write is met by reading again."""
    for number in range(1, _ATTEMPTS + 1):
        try:
            return attempt()
        except ConflictError:
            if expected_version is not None or number == _ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _write_member(
    db: Database,
    action: str,
    stored: Stored,
    changes: Mapping[str, Any],
    new_events: tuple[dict[str, Any], ...] = (),
) -> None:
    """One unit of work: the member, still at the version read, gets `changes`; the
    events are added. Nothing is computed here: the lock is held for the writes only."""
    member_id = stored.values["id"]
    events = [MemberEvent(member_id=member_id, **values) for values in new_events]
    with UnitOfWork(db, action) as uow:
        member = uow.get(Member, member_id)
        uow.check_version(member, stored.version)
        if changes:
            before = snapshot(member)
            for key, value in changes.items():
                setattr(member, key, value)
            uow.update(member, before)
        for event in events:
            uow.add(event)


def _checked(
    values: Mapping[str, Any], stored: Stored, today: date, rules: Rules
) -> dict[str, Any]:
    """`values` through the member rules, with the member's events."""
    return member_rules.member(values, stored.events, rules=rules, today=today)


def _changed(new: Mapping[str, Any], old: Mapping[str, Any]) -> dict[str, Any]:
    return {key: new[key] for key in EDITABLE_FIELDS if new.get(key) != old.get(key)}


# -- writing ------------------------------------------------------------------------------


def add_member(
    db: Database,
    name: str,
    *,
    today: date,
    rules: Rules,
    **fields: Any,
) -> tuple[int, list[Warning]]:
    """Add a member (stage `applicant` unless given); returns the new id and what the
    rules advise against (stage dates closer than `[rules]` asks).

    `fields` are any of EDITABLE_FIELDS: texts (blank means none), dates as `date`
    objects, `stage` a code of STAGES. A full member's 转正 date is derived from the
    admission when not given.
    """
    given = _known({"name": name, **fields})
    row = member_rules.member(given, (), rules=rules, today=today)
    warnings = member_rules.stage_warnings(row, rules, today=today)
    member = Member(
        **{key: row[key] for key in EDITABLE_FIELDS}, name_key=names.name_key(row["name"])
    )
    with UnitOfWork(db, "member.add") as uow:
        uow.add(member)
        assert member.id is not None
        return member.id, warnings


@dataclass(frozen=True)
class MemberChanges:
    """The fields of a member to change; UNSET leaves one alone, None (or "") clears it."""

    name: str | Unset = UNSET
    stage: str | Unset = UNSET
    gender: str | Unset | None = UNSET
    ethnicity: str | Unset | None = UNSET
    birth_date: date | Unset | None = UNSET
    education: str | Unset | None = UNSET
    group: str | Unset | None = UNSET
    post: str | Unset | None = UNSET
    applied_on: date | Unset | None = UNSET
    activist_on: date | Unset | None = UNSET
    candidate_on: date | Unset | None = UNSET
    admitted_on: date | Unset | None = UNSET
    confirmed_on: date | Unset | None = UNSET
    probation_extended_to: date | Unset | None = UNSET
    sponsors: str | Unset | None = UNSET
    contacts: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    id_number: str | Unset | None = UNSET
    notes: str | Unset | None = UNSET


def update_member(
    db: Database,
    member_id: int,
    changes: MemberChanges | Mapping[str, Any],
    expected_version: int | None = None,
    *,
    today: date,
    rules: Rules,
) -> Written[MemberView]:
    """Change fields of a member (None or "" clears a text), by the same rules as
    `add_member`; the member afterwards, whether anything changed (an unchanged member
    is not written and leaves no history), and warnings as notices. A new name gets a
    new pinyin key. The 转正 date follows the admission and any extension unless given.
    Setting `stage` directly corrects the record (`promote` is the way to the next
    stage)."""
    wanted = _known(given(changes) if isinstance(changes, MemberChanges) else changes)

    def attempt() -> Written[MemberView]:
        stored = read_member(db, member_id, expected_version)
        old = stored.values
        # The 转正 date is derived (DOMAIN §2) unless this change gives one.
        values = {**old, "confirmed_on": None, **wanted}
        new = _checked(values, stored, today, rules)
        changed = _changed(new, old)
        warnings = member_rules.stage_warnings(new, rules, today=today, changed=changed)
        if "confirmed_on" in changed and "confirmed_on" not in wanted and old["confirmed_on"]:
            warnings.append(_confirmed_corrected(old["confirmed_on"], new["confirmed_on"]))
        if "name" in changed:
            changed["name_key"] = names.name_key(new["name"])
        if changed:
            _write_member(db, "member.set", stored, changed)
        view = get_member(db, member_id, today=today, rules=rules)
        return Written(view, bool(changed), tuple(warnings))

    return _retrying(expected_version, attempt)


def _confirmed_corrected(old: date, new: date | None) -> Warning:
    """The stored 转正 date moved with the record: to the end of the 预备期, or away (no
    longer a full member)."""
    if new is None:
        return Warning("member.confirmed_cleared", {"old": old.isoformat()})
    return Warning("member.confirmed_corrected", {"old": old.isoformat(), "new": new.isoformat()})


@dataclass(frozen=True)
class PromotionPreview:
    """What `promote` would do, computed by the same code without writing: the member at
    `version`, the stage it moves from and to on `on_date`, DOMAIN §2's warnings, and for
    a 转正 the date the rules give (the end of the 预备期, the day 党龄 counts from)."""

    member_id: int
    name: str
    stage: str
    target: str
    on_date: date
    confirmed_on: date | None
    warnings: tuple[Warning, ...]
    version: int


@dataclass(frozen=True)
class _Promotion:
    """A promotion checked and ready to write: what it shows, what it writes."""

    preview: PromotionPreview
    changes: dict[str, Any]
    approval: tuple[dict[str, Any], ...]


def _plan_promotion(stored: Stored, on_date: date, today: date, rules: Rules) -> _Promotion:
    """Check a promotion of the member as read on `on_date` and work out what it writes
    (refusals raise; the rules' advice is in the preview's warnings)."""
    old = stored.values
    if not old["active"]:
        raise ValidationError("member.inactive", name=old["name"], left_on=_iso(old["left_on"]))
    stage = old["stage"]
    target = stages.next_stage(stage)
    if target is None:
        raise ValidationError("member.no_next_stage", name=old["name"])
    since: date | None = old[STAGE_DATE_FIELD[stage]]
    _check_promotion_date(on_date, since, stage, target, today)
    changes: dict[str, Any] = {"stage": target, "confirmed_on": None}
    approval: tuple[dict[str, Any], ...] = ()
    if target == "full":
        if old["admitted_on"] is None:
            raise ValidationError("member.full_needs_admission", name=old["name"])
        approval = (member_rules.member_event({"kind": "approval", "date": on_date}, old),)
    else:
        changes[STAGE_DATE_FIELD[target]] = on_date
    new = _checked({**old, **changes}, stored, today, rules)
    end = new["confirmed_on"] if target == "full" else None
    warnings = stages.promotion_warnings(
        stage, since, on_date, stored.facts.training_hours, rules, probation_end=end
    )
    warnings.extend(_people_warnings(old, target))
    preview = PromotionPreview(
        member_id=old["id"],
        name=old["name"],
        stage=stage,
        target=target,
        on_date=on_date,
        confirmed_on=end,
        warnings=tuple(warnings),
        version=stored.version,
    )
    return _Promotion(preview, _changed(new, old), approval)


def preview_promotion(
    db: Database,
    member_id: int,
    on_date: date,
    *,
    today: date,
    rules: Rules,
    expected_version: int | None = None,
) -> PromotionPreview:
    """What `promote` with the same arguments would do, and its warnings; nothing is
    written. A refusal raises as `promote` would."""
    stored = read_member(db, member_id, expected_version)
    return _plan_promotion(stored, on_date, today, rules).preview


def promote(
    db: Database,
    member_id: int,
    on_date: date,
    *,
    today: date,
    rules: Rules,
    expected_version: int | None = None,
) -> tuple[MemberView, list[Warning]]:
    """Move a member to the next stage on `on_date` (not after today, not before the
    current stage began) and return the member afterwards with DOMAIN §2's warnings: too
    short a time in the stage, training under `candidate_training_hours` (counted from
    the activist date) before admission, a 转正 before the 预备期 ends, missing sponsors
    or contacts (`preview_promotion` gives the same without writing).

    To `full`: the 转正 date is the end of the 预备期 (admission + 1 year + any extension)
    and `on_date`, the meeting that approved it, is recorded as an `approval` event.
    """

    def attempt() -> tuple[MemberView, list[Warning]]:
        stored = read_member(db, member_id, expected_version)
        planned = _plan_promotion(stored, on_date, today, rules)
        _write_member(db, "member.promote", stored, planned.changes, planned.approval)
        view = get_member(db, member_id, today=today, rules=rules)
        return view, list(planned.preview.warnings)

    return _retrying(expected_version, attempt)


def _check_promotion_date(
    on_date: date, since: date | None, stage: str, target: str, today: date
) -> None:
    """A promotion happened: not after today, not before the current stage began."""
    from branchtui.i18n.labels import Shown

    if on_date > today:
        raise ValidationError(
            "member.promote_after_today", date=on_date.isoformat(), today=today.isoformat()
        )
    if since is not None and on_date < since:
        raise ValidationError(
            "member.promote_before_since",
            date=on_date.isoformat(),
            since=since.isoformat(),
            stage_label=Shown("stage", stage),
            next_stage_label=Shown("stage", target),
        )


def leave(
    db: Database,
    member_id: int,
    on: date,
    note: str | None = None,
    expected_version: int | None = None,
    *,
    today: date,
    rules: Rules,
) -> MemberView:
    """Transfer a member out (转出) on `on`: no longer active, `left_on`, a `transfer_out`
    event, all in one unit of work. A member who has already left is refused."""

    def attempt() -> MemberView:
        stored = read_member(db, member_id, expected_version)
        old = stored.values
        if not old["active"]:
            raise ValidationError(
                "member.already_left", name=old["name"], left_on=_iso(old["left_on"])
            )
        transfer = {"kind": "transfer_out", "date": on, "note": note}
        event = member_rules.member_event(transfer, old, today)
        new = _checked({**old, "active": False, "left_on": on}, stored, today, rules)
        _write_member(db, "member.leave", stored, _changed(new, old), (event,))
        return get_member(db, member_id, today=today, rules=rules)

    return _retrying(expected_version, attempt)


# -- checks -------------------------------------------------------------------------------


def _known(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values given, refusing a field a member does not have."""
    for key in values:
        if key not in EDITABLE_FIELDS:
            raise ValidationError("member.unknown_field", field=key)
    return dict(values)


def _people_warnings(member: Mapping[str, Any], target: str) -> list[Warning]:
    """Two sponsors for candidates and probationary members; a contact for activists."""
    warnings: list[Warning] = []
    if target in ("candidate", "probationary"):
        count = _count_names(member["sponsors"])
        if count < 2:
            warnings.append(Warning("member.few_sponsors", {"next_stage": target, "count": count}))
    elif target == "activist" and _count_names(member["contacts"]) == 0:
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
    "MemberChanges",
    "PromotionPreview",
    "Stored",
    "add_member",
    "leave",
    "member_id_of",
    "preview_promotion",
    "promote",
    "read_member",
    "resolve_member",
    "update_member",
]
