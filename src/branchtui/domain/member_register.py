"""The register from a file (SPEC §5 `member import`): each row matched to the person
already on the register — by 身份证号, else by 姓名 and 出生日期 — every row through the
member rules, and all of it written as one change (one undo) or nothing.

The file's own conventions (headings, date forms, labels) are `exchange.register*`; this
module gets rows of values by attribute and the row numbers errors name. As in
`domain.members`, everything is read and checked (and the pinyin keys computed) before the
unit of work, which holds the write lock for the writes only; a person changed by someone
else since the read is a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import col, select

from branchtui.domain import member_rules, names
from branchtui.domain.stages import STAGE_DATE_FIELD, STAGES, Rules, Warning
from branchtui.errors import BranchError, FieldError, ValidationError
from branchtui.storage.database import Database
from branchtui.storage.models import Member, MemberEvent
from branchtui.storage.uow import UnitOfWork, values_of

# What a row may give: every field of the record a register holds.
REGISTER_FIELDS = frozenset(
    ("name", "stage", *member_rules.MEMBER_TEXTS, "notes", *member_rules.MEMBER_DATES)
) - {"left_on"}


@dataclass(frozen=True)
class RegisterRow:
    """One row of a register file: its number in the file and the values it gives, by
    attribute (only the columns the file has; None for a blank cell)."""

    line: int
    values: dict[str, Any]


@dataclass(frozen=True)
class RowProblem:
    """Why a row cannot be taken: its line, the field at fault (None: the whole row)."""

    line: int
    field: str | None
    error: BranchError


class RegisterRowsError(ValidationError):
    """Rows of a register break the rules: nothing was written. `problems` name each row
    and field (the file layer turns fields into its column headings)."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__("register.rows_invalid", count=len(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class RowChange:
    """A person the import adds or changes: the row, the name, the fields it changes."""

    line: int
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RowWarning:
    """What the rules advise against in a row (never a refusal)."""

    line: int
    name: str
    warning: Warning


@dataclass(frozen=True)
class RegisterOutcome:
    """What an import did, or (dry run) would do."""

    added: tuple[RowChange, ...] = ()
    updated: tuple[RowChange, ...] = ()
    unchanged: int = 0
    warnings: tuple[RowWarning, ...] = ()
    written: bool = False


@dataclass
class _Plan:
    new_rows: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    added: list[RowChange] = field(default_factory=list)
    updated: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[RowWarning] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def import_register(
    db: Database,
    rows: Sequence[RegisterRow],
    *,
    today: date,
    rules: Rules,
    dry_run: bool = False,
) -> RegisterOutcome:
    """Take a register's rows: new people added, known ones (by 身份证号, else 姓名 and
    出生日期) changed in the fields the file has. A blank cell clears its field; people
    the file does not list are left alone. Every row is checked first: any problem
    raises `RegisterRowsError` listing them all, and nothing is written."""
    stored, events = _registered(db)
    plan = _plan(rows, stored, events, today, rules)
    if plan.problems:
        raise RegisterRowsError(plan.problems)
    written = False
    if not dry_run and (plan.new_rows or plan.updates):
        with UnitOfWork(db, "member.import") as uow:
            uow.insert_many(Member, plan.new_rows)
            uow.update_many(Member, plan.updates)
        written = True
    return RegisterOutcome(
        tuple(plan.added), tuple(plan.updated), plan.unchanged, tuple(plan.warnings), written
    )


def _registered(db: Database) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]]:
    """Everyone on the register, and the events the rules look at (extensions)."""
    with db.read() as session:
        people = [values_of(m) for m in session.exec(select(Member).order_by(col(Member.id)))]
        events: dict[int, list[dict[str, Any]]] = {}
        extensions = session.exec(select(MemberEvent).where(MemberEvent.kind == "extension"))
        for event in extensions:
            events.setdefault(event.member_id, []).append(values_of(event))
    return people, events


def _plan(
    rows: Sequence[RegisterRow],
    stored: list[dict[str, Any]],
    events: dict[int, list[dict[str, Any]]],
    today: date,
    rules: Rules,
) -> _Plan:
    plan = _Plan()
    by_id_number = {p["id_number"]: p for p in stored if p["id_number"]}
    by_person: dict[tuple[str, date], list[dict[str, Any]]] = {}
    for person in stored:
        if person["birth_date"] is not None:
            by_person.setdefault((person["name"], person["birth_date"]), []).append(person)
    seen: dict[Any, int] = {}
    for row in rows:
        try:
            _take(row, plan, by_id_number, by_person, seen, events, today, rules)
        except FieldError as error:
            plan.problems.append(RowProblem(row.line, error.field, error))
        except BranchError as error:
            plan.problems.append(RowProblem(row.line, None, error))
    return plan


def _take(
    row: RegisterRow,
    plan: _Plan,
    by_id_number: Mapping[str, dict[str, Any]],
    by_person: Mapping[tuple[str, date], list[dict[str, Any]]],
    seen: dict[Any, int],
    events: Mapping[int, list[dict[str, Any]]],
    today: date,
    rules: Rules,
) -> None:
    """Match one row, check it through the member rules, and add it to the plan."""
    for key in row.values:
        if key not in REGISTER_FIELDS:
            raise ValidationError("member.unknown_field", field=key)
    given = dict(row.values)
    given["name"] = member_rules.person_name(given.get("name"))
    given["id_number"] = member_rules.number_text(given.get("id_number"), "id_number")
    if "id_number" not in row.values:
        del given["id_number"]
    _once(row, given, seen)
    match = _match(given, by_id_number, by_person)
    if match is not None and not match["active"]:
        raise ValidationError(
            "register.person_left", name=match["name"], id=match["id"], left_on=match["left_on"]
        )
    if match is None:
        values = dict(given)
        if values.get("stage") is None:
            values["stage"] = _stage_from_dates(values) or "applicant"
        new = member_rules.member(values, (), rules=rules, today=today)
        plan.warnings.extend(_warnings(row, new, rules, today, None))
        member = Member(**{key: new[key] for key in (*REGISTER_FIELDS, "active")})
        member.name_key = names.name_key(new["name"])
        plan.new_rows.append(values_of(member))
        plan.added.append(RowChange(row.line, new["name"], tuple(sorted(row.values))))
        return
    values = {**match, "confirmed_on": None, **given}
    if values.get("stage") is None:
        values["stage"] = _stage_from_dates(values) or match["stage"]
    new = member_rules.member(values, events.get(match["id"], ()), rules=rules, today=today)
    changed = {key: new[key] for key in REGISTER_FIELDS if new[key] != match[key]}
    plan.warnings.extend(_warnings(row, new, rules, today, changed))
    if not changed:
        plan.unchanged += 1
        return
    if "name" in changed:
        changed["name_key"] = names.name_key(new["name"])
    plan.updates.append((match, changed))
    plan.updated.append(
        RowChange(row.line, new["name"], tuple(k for k in changed if k != "name_key"))
    )


def _once(row: RegisterRow, given: Mapping[str, Any], seen: dict[Any, int]) -> None:
    """A person appears once in a file: the same 身份证号, or name and birth date, twice
    is refused naming the earlier row."""
    keys: list[tuple[str, Any]] = []
    if given.get("id_number"):
        keys.append(("id_number", given["id_number"]))
    if given.get("birth_date") is not None:
        keys.append(("name", (given["name"], given["birth_date"])))
    for name, key in keys:
        earlier = seen.get((name, key))
        if earlier is not None:
            raise FieldError("register.duplicate_row", name, line=earlier)
    for name, key in keys:
        seen[(name, key)] = row.line


def _match(
    given: Mapping[str, Any],
    by_id_number: Mapping[str, dict[str, Any]],
    by_person: Mapping[tuple[str, date], list[dict[str, Any]]],
) -> dict[str, Any] | None:
    """The person a row names: by 身份证号; else by name and birth date (refused when that
    person has another 身份证号, or when several share name and birth date)."""
    id_number = given.get("id_number")
    if id_number and id_number in by_id_number:
        return by_id_number[id_number]
    birth = given.get("birth_date")
    if birth is None:
        return None
    found = by_person.get((given["name"], birth), [])
    if len(found) > 1:
        raise FieldError(
            "register.ambiguous_person",
            "name",
            name=given["name"],
            ids=", ".join(str(p["id"]) for p in found),
        )
    if not found:
        return None
    person = found[0]
    if id_number and person["id_number"] and person["id_number"] != id_number:
        raise FieldError(
            "register.other_id_number", "id_number", name=person["name"], id=person["id"]
        )
    return person


def _stage_from_dates(values: Mapping[str, Any]) -> str | None:
    """A row without a stage: the latest stage whose date it gives."""
    for stage in reversed(STAGES):
        if values.get(STAGE_DATE_FIELD[stage]) is not None:
            return stage
    return None


def _warnings(
    row: RegisterRow,
    values: Mapping[str, Any],
    rules: Rules,
    today: date,
    changed: Mapping[str, Any] | None,
) -> list[RowWarning]:
    found = member_rules.stage_warnings(values, rules, today=today, changed=changed)
    return [RowWarning(row.line, values["name"], warning) for warning in found]


__all__ = [
    "REGISTER_FIELDS",
    "RegisterOutcome",
    "RegisterRow",
    "RegisterRowsError",
    "RowChange",
    "RowProblem",
    "RowWarning",
    "import_register",
]
