"""The rules a member's record and its 培养记录 obey (DOMAIN §2), whoever writes them.

Part of the one write path (`domain.record_rules` exposes these): the commands, the TOML
import and the register import (Excel/CSV) hand a record's complete values — a dict keyed
by model attribute, as `storage.uow.snapshot` gives them and import rows hold them — and
get them back normalised, or a `FieldError` naming the field. Pure: no database, nothing
heavy; `today` and the `[rules]` come from the caller.

Refused (the 细则 and 党章 leave no choice):
- a stage code that is not one; a date of a stage the member has not reached;
- stage dates out of order (applied ≤ activist ≤ candidate ≤ admitted), or after today;
- an application before the 18th birthday (党章 art. 1), when the birth date is known;
- a 转正 date other than the end of the 预备期 (admission + 1 year + any extension: 党龄
  counts from it, art. 7); for a full member it is derived when not given;
- an extension not 6–12 months past the regular end, or recorded twice.
The minimum intervals between stages are the branch's `[rules]` and only warn
(`stage_warnings`), never refuse.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from branchtui.domain.dates import add_months, add_years
from branchtui.domain.stages import STAGE_DATE_FIELD, STAGES, Rules, Warning, check_stage
from branchtui.errors import FieldError, ValidationError

# The dates that mark entering each stage before 转正, in the order they must come.
STAGE_DATES = ("applied_on", "activist_on", "candidate_on", "admitted_on")
# One-line texts of a member (names of sponsors and contacts included).
MEMBER_TEXTS = (
    "gender",
    "ethnicity",
    "education",
    "group",
    "post",
    "sponsors",
    "contacts",
    "phone",
    "id_number",
)
MEMBER_DATES = (
    "birth_date",
    *STAGE_DATES,
    "confirmed_on",
    "probation_extended_to",
    "left_on",
)
ADULT_AGE = 18  # 党章 art. 1: 年满十八岁
EXTENSION_MONTHS = (6, 12)  # 细则: 延长时间不能少于半年，最长不超过一年
# SPEC §4: talk 谈话, training 培训 (with 学时), assessment 考察, report 思想汇报,
# approval 审批, extension 延长预备期, transfer_in 转入, transfer_out 转出, other 其他.
EVENT_KINDS = (
    "talk",
    "training",
    "assessment",
    "report",
    "approval",
    "extension",
    "transfer_in",
    "transfer_out",
    "other",
)
# The minimum before the next stage, by the stage's date field and the [rules] key.
_INTERVALS = (
    ("applied_on", "activist_on", "applicant_min_days"),
    ("activist_on", "candidate_on", "activist_min_days"),
    ("candidate_on", "admitted_on", "candidate_min_days"),
)
Row = dict[str, Any]


# -- values ----------------------------------------------------------------------------------
def person_name(value: Any) -> str:
    """A name as registers write it, cleaned: full-width letters and spaces made plain,
    and the spaces that pad a two-character Chinese name (张　伟) taken out; a space
    between words of other scripts (Ahmat Tursun) stays, one."""
    name = text(value, "name", required=True)
    assert name is not None
    words = unicodedata.normalize("NFKC", name).split()
    joined = words[0]
    for word in words[1:]:
        spaced = _word_char(joined[-1]) and _word_char(word[0])
        joined += f" {word}" if spaced else word
    # Once more: a mark that followed a space now joins its letter (A + ´ → Á), so that
    # cleaning a cleaned name changes nothing (an export imports back unchanged).
    return unicodedata.normalize("NFKC", joined)


def _word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces (not Chinese)."""
    return char.isalnum() and not unicodedata.name(char, "").startswith("CJK")


def number_text(value: Any, name: str) -> str | None:
    """A phone or ID number: spaces taken out (full-width digits made ASCII); a phone
    number of digits with + - ( ) only, an ID number's lowercase x made the X it is."""
    cleaned = text(value, name)
    if cleaned is None:
        return None
    joined = "".join(unicodedata.normalize("NFKC", cleaned).split())
    if name == "phone":
        if not _PHONE.fullmatch(joined):
            raise FieldError("member.phone_invalid", name, value=cleaned)
        return joined
    return unicodedata.normalize("NFKC", joined.upper())  # idempotent, as person_name


# A phone number as people write it: 13912345678, +86-139-1234-5678, (0571)88888888.
_PHONE = re.compile(r"\+?[0-9()\-]*[0-9][0-9()\-]*")


def event_kind(value: Any) -> str:
    """An event kind code, or an error listing the valid ones."""
    if value not in EVENT_KINDS:
        raise ValidationError(
            "member.event_kind_unknown", value=value, valid=", ".join(EVENT_KINDS)
        )
    return str(value)


def hours(value: Any) -> float | None:
    """学时: a positive finite number, or None for none."""
    import math

    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError("member.hours_invalid", value=value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError("member.hours_invalid", value=value) from None
    if not math.isfinite(number) or number <= 0:
        raise ValidationError("member.hours_invalid", value=f"{number:g}")
    return number


# -- a member --------------------------------------------------------------------------------
def member(
    values: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]] = (),
    *,
    rules: Rules,
    today: date,
) -> Row:
    """A member as it will be stored, with the member's events (each `member_event`-checked).

    Returns the values normalised, with a full member's `confirmed_on` derived from the
    admission and any extension; raises `FieldError` naming the field that breaks a rule.
    """
    row = dict(values)
    row["name"] = person_name(row.get("name"))
    for name in MEMBER_TEXTS:
        row[name] = text(row.get(name), name)
    for name in ("phone", "id_number"):
        row[name] = number_text(row[name], name)
    row["notes"] = text(row.get("notes"), "notes", multiline=True)
    row["stage"] = code(row.get("stage") or "applicant", "stage", STAGES, _stage)
    row["active"] = bool(row.get("active", True))
    for name in MEMBER_DATES:
        row[name] = a_date(row.get(name), name)
    _not_after_today(row, today)
    _reached(row)
    _in_order(row)
    _adult(row)
    _extension(row, events, rules)
    row["confirmed_on"] = _confirmed(row, rules)
    return row


def _stage(value: str) -> str:
    check_stage(value)
    return value


def _label(kind: str, code_: str) -> Any:
    """A label rendered in the language of the message, not of the moment it is raised."""
    from branchtui.i18n.labels import Shown

    return Shown(kind, code_)


def _field_name(name: str) -> Any:
    return _label("field", name)


def _not_after_today(row: Row, today: date) -> None:
    """A birth or a stage is a fact that happened: not later than today."""
    for name in ("birth_date", *STAGE_DATES):
        value = row[name]
        if value is not None and value > today:
            raise FieldError(
                "member.rule.after_today", name, date=value.isoformat(), today=today.isoformat()
            )


def _reached(row: Row) -> None:
    """No date of a stage after the member's own (an activist has no admission date)."""
    stage = row["stage"]
    later = STAGES[STAGES.index(stage) + 1 :]
    for next_stage in later:
        name = STAGE_DATE_FIELD[next_stage]
        if row[name] is not None:
            raise FieldError(
                "member.rule.stage_not_reached",
                name,
                date=row[name].isoformat(),
                stage_label=_label("stage", stage),
            )
    if row["probation_extended_to"] is not None and stage not in ("probationary", "full"):
        raise FieldError(
            "member.rule.stage_not_reached",
            "probation_extended_to",
            date=row["probation_extended_to"].isoformat(),
            stage_label=_label("stage", stage),
        )


def _in_order(row: Row) -> None:
    """applied ≤ activist ≤ candidate ≤ admitted, among the dates known."""
    latest: tuple[str, date] | None = None
    for name in STAGE_DATES:
        value = row[name]
        if value is None:
            continue
        if latest is not None and value < latest[1]:
            raise FieldError(
                "member.rule.date_order",
                name,
                date=value.isoformat(),
                earlier_field=_field_name(latest[0]),
                earlier=latest[1].isoformat(),
            )
        latest = (name, value)


def _adult(row: Row) -> None:
    """At least 18 on applying (the first stage date known, when the birth date is)."""
    born = row["birth_date"]
    if born is None:
        return
    first = next((name for name in STAGE_DATES if row[name] is not None), None)
    if first is None:
        return
    of_age = add_years(born, ADULT_AGE)
    if row[first] < of_age:
        raise FieldError(
            "member.rule.under_age",
            first,
            date=row[first].isoformat(),
            birth=born.isoformat(),
            of_age=of_age.isoformat(),
        )


def regular_probation_end(admitted_on: date, rules: Rules) -> date:
    """The end of a 预备期 that was not extended: one year after the admission (党章
    art. 7), or `[rules] probation_days` when a branch counts otherwise."""
    from branchtui.domain.stages import probation_end

    return probation_end(admitted_on, None, rules.probation_days)


def extension_window(admitted_on: date, rules: Rules) -> tuple[date, date]:
    """The earliest and latest new end of an extended 预备期: 6 to 12 months past the
    regular end."""
    end = regular_probation_end(admitted_on, rules)
    return add_months(end, EXTENSION_MONTHS[0]), add_months(end, EXTENSION_MONTHS[1])


def _extension(row: Row, events: Sequence[Mapping[str, Any]], rules: Rules) -> None:
    """The extension: once, 6–12 months past the regular end, measured from the admission."""
    extension_once(events)
    extended = row["probation_extended_to"]
    if extended is None:
        return
    admitted = row["admitted_on"]
    if admitted is None:
        raise FieldError("member.rule.extension_needs_admission", "probation_extended_to")
    low, high = extension_window(admitted, rules)
    if not low <= extended <= high:
        raise FieldError(
            "member.rule.extension_window",
            "probation_extended_to",
            date=extended.isoformat(),
            admitted=admitted.isoformat(),
            end=regular_probation_end(admitted, rules).isoformat(),
            low=low.isoformat(),
            high=high.isoformat(),
        )


def extension_once(events: Sequence[Mapping[str, Any]]) -> None:
    """The 预备期 is extended once at most: one `extension` event among a member's."""
    extensions = sorted(e["date"] for e in events if e.get("kind") == "extension")
    if len(extensions) > 1:
        from branchtui.i18n.labels import Listed

        dates = Listed([d.isoformat() for d in extensions])
        raise FieldError("member.rule.extension_twice", "kind", dates=dates)


def _confirmed(row: Row, rules: Rules) -> date | None:
    """A full member's 转正 date: the end of the 预备期, derived when not given; another
    date is refused, naming the one the rules give."""
    confirmed: date | None = row["confirmed_on"]
    admitted = row["admitted_on"]
    if row["stage"] != "full" or admitted is None:
        return confirmed  # before 转正 `_reached` refused it; without an admission, as given
    from branchtui.domain.stages import probation_end

    end = probation_end(admitted, row["probation_extended_to"], rules.probation_days)
    if confirmed is not None and confirmed != end:
        raise FieldError(
            "member.rule.confirmed_not_end",
            "confirmed_on",
            date=confirmed.isoformat(),
            end=end.isoformat(),
            admitted=admitted.isoformat(),
        )
    return end


# -- warnings (never refusals) ---------------------------------------------------------------
def stage_warnings(
    values: Mapping[str, Any], rules: Rules, *, today: date, changed: Iterable[str] | None = None
) -> list[Warning]:
    """What DOMAIN §2 advises against in a member's stage dates (checked values): a stage
    left sooner than `[rules]` asks, a full member whose 预备期 is not over yet.

    With `changed` (the fields a `set` wrote), only what those fields touch is said, so an
    unrelated change does not repeat an old warning.
    """
    touched = None if changed is None else set(changed)
    found: list[Warning] = []
    for since_field, to_field, rule in _INTERVALS:
        since, to = values.get(since_field), values.get(to_field)
        if since is None or to is None:
            continue
        if touched is not None and not touched & {since_field, to_field}:
            continue
        required = int(getattr(rules, rule))
        elapsed = (to - since).days
        if elapsed < required:
            stage = _stage_of(since_field)
            found.append(
                Warning(
                    "stages.too_soon",
                    {
                        "stage": stage,
                        "next_stage": _stage_of(to_field),
                        "required": required,
                        "elapsed": elapsed,
                        "since": since.isoformat(),
                    },
                )
            )
    confirmed = values.get("confirmed_on")
    relevant = touched is None or touched & {"stage", "admitted_on", "probation_extended_to"}
    if values.get("stage") == "full" and confirmed is not None and confirmed > today and relevant:
        found.append(Warning("member.rule.full_before_end", {"end": confirmed.isoformat()}))
    return found


def _stage_of(date_field: str) -> str:
    return next(stage for stage, name in STAGE_DATE_FIELD.items() if name == date_field)


# -- a 培养记录 -------------------------------------------------------------------------------
def member_event(
    values: Mapping[str, Any], member: Mapping[str, Any], today: date | None = None
) -> Row:
    """A 培养记录 of `member` (the member's stored values) as it will be stored.

    A kind of EVENT_KINDS, a date (not before the member was born, not after `today` when
    given: a record of what happened), 学时 a positive number or none, a note; an
    extension only for a member who has been admitted.
    """
    row = dict(values)
    with field("kind"):
        row["kind"] = event_kind(row.get("kind"))
    on = a_date(row.get("date"), "date")
    if on is None:
        raise FieldError("record.required", "date")
    born = member.get("birth_date")
    if born is not None and on < born:
        raise FieldError(
            "member.rule.event_before_birth", "date", date=on.isoformat(), birth=born.isoformat()
        )
    if today is not None and on > today:
        raise FieldError(
            "member.rule.after_today", "date", date=on.isoformat(), today=today.isoformat()
        )
    with field("hours"):
        row["hours"] = hours(row.get("hours"))
    row["note"] = text(row.get("note"), "note", multiline=True)
    if row["kind"] == "extension" and member.get("stage") not in ("probationary", "full"):
        raise FieldError(
            "member.rule.extension_not_probationary",
            "kind",
            stage_label=_label("stage", str(member.get("stage"))),
        )
    return row


# record_rules exposes this module's rules (its last line imports them), and this module
# uses record_rules' value helpers: imported last, so either module may be imported first.
from branchtui.domain.record_rules import a_date, code, field, text  # noqa: E402

__all__ = [
    "ADULT_AGE",
    "EVENT_KINDS",
    "EXTENSION_MONTHS",
    "MEMBER_DATES",
    "MEMBER_TEXTS",
    "STAGE_DATES",
    "event_kind",
    "extension_once",
    "extension_window",
    "hours",
    "member",
    "member_event",
    "number_text",
    "person_name",
    "regular_probation_end",
    "stage_warnings",
]
