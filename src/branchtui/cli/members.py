"""`branchtui member …`: the member register (党员名册) and the 发展党员 stages.

Dates typed by the user are parsed here (every form of SPEC §5, the plan year for short
forms) before anything is written; the domain gets `date` objects. Phone and ID numbers
are masked on screen unless `--include-private`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from branchtui.cli.context import Context
from branchtui.i18n import label, t

if TYPE_CHECKING:
    from datetime import date

    from branchtui.domain.members import MemberView

# (option, field, takes a date) for `member add` and `member set`, in help order.
FIELD_OPTIONS: tuple[tuple[str, str, bool], ...] = (
    ("--gender", "gender", False),
    ("--ethnicity", "ethnicity", False),
    ("--birth", "birth_date", True),
    ("--education", "education", False),
    ("--group", "group", False),
    ("--post", "post", False),
    ("--applied", "applied_on", True),
    ("--activist", "activist_on", True),
    ("--candidate", "candidate_on", True),
    ("--admitted", "admitted_on", True),
    ("--confirmed", "confirmed_on", True),
    ("--extended-to", "probation_extended_to", True),
    ("--sponsors", "sponsors", False),
    ("--contacts", "contacts", False),
    ("--phone", "phone", False),
    ("--id-number", "id_number", False),
    ("--notes", "notes", False),
)
LIST_JSON_KEYS = (
    "id",
    "uid",
    "name",
    "stage",
    "group",
    "post",
    "admitted_on",
    "confirmed_on",
    "active",
)
PRIVATE = ("phone", "id_number")
# `member show`: the record's fields in the order shown.
SHOW_FIELDS = (
    "name",
    "stage",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "group",
    "post",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "probation_extended_to",
    "probation_end",
    "confirmed_on",
    "party_age",
    "sponsors",
    "contacts",
    "training_hours",
    "phone",
    "id_number",
    "active",
    "notes",
)

_HANDLERS = "branchtui.cli.members"


def register(command: Callable[..., Any]) -> None:
    """Add `member list|add|show|set|promote|event|leave`."""
    from branchtui.cli.main import nested
    from branchtui.domain.member_events import EVENT_KINDS
    from branchtui.domain.stages import STAGES

    member = nested(command("member", t("help.member")), "member")

    listing = member("list", t("help.member.list"), f"{_HANDLERS}:list_members")
    listing.add_argument("--stage", choices=STAGES, help=t("help.member.stage_filter"))
    listing.add_argument("--all", action="store_true", help=t("help.member.all"))
    listing.add_argument("--search", metavar="TEXT", help=t("help.member.search"))
    listing.add_argument("--json", action="store_true", help=t("help.member.json"))
    listing.add_argument(
        "--include-private", action="store_true", help=t("help.member.include_private")
    )

    add = member("add", t("help.member.add"), f"{_HANDLERS}:add")
    add.add_argument("name", metavar="NAME", help=t("member.field.name"))
    _field_options(add, STAGES)

    show = member("show", t("help.member.show"), f"{_HANDLERS}:show")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help=t("help.member.json"))
    show.add_argument(
        "--include-private", action="store_true", help=t("help.member.include_private")
    )

    change = member("set", t("help.member.set"), f"{_HANDLERS}:set_fields")
    change.add_argument("id", type=int, metavar="ID")
    change.add_argument("--name", metavar="NAME", help=t("member.field.name"))
    _field_options(change, STAGES)

    promote = member("promote", t("help.member.promote"), f"{_HANDLERS}:promote")
    promote.add_argument("id", type=int, metavar="ID")
    promote.add_argument("--date", required=True, metavar="D", help=t("help.member.promote_date"))

    event = member("event", t("help.member.event"), f"{_HANDLERS}:event")
    event.add_argument("id", type=int, metavar="ID")
    event.add_argument("--kind", required=True, choices=EVENT_KINDS, help=t("help.member.kind"))
    event.add_argument("--date", required=True, metavar="D", help=t("help.member.event_date"))
    event.add_argument("--hours", type=float, metavar="H", help=t("help.member.hours"))
    event.add_argument("--note", metavar="T", help=t("help.member.note"))

    leave = member("leave", t("help.member.leave"), f"{_HANDLERS}:leave")
    leave.add_argument("id", type=int, metavar="ID")
    leave.add_argument("--date", required=True, metavar="D", help=t("help.member.leave_date"))
    leave.add_argument("--note", metavar="T", help=t("help.member.note"))


def _field_options(parser: argparse.ArgumentParser, stages: tuple[str, ...]) -> None:
    parser.add_argument("--stage", choices=stages, help=t("member.field.stage"))
    for option, field, is_date in FIELD_OPTIONS:
        parser.add_argument(
            option,
            dest=field,
            metavar="D" if is_date else "T",
            help=t(f"member.field.{field}"),
        )


def _fields(ctx: Context) -> dict[str, Any]:
    """The field options given, dates parsed (an empty value clears the field)."""
    from branchtui.domain.dates import parse_date

    values: dict[str, Any] = {}
    if getattr(ctx.args, "stage", None) is not None:
        values["stage"] = ctx.args.stage
    if getattr(ctx.args, "name", None) is not None and ctx.args.member_command == "set":
        values["name"] = ctx.args.name
    for _option, field, is_date in FIELD_OPTIONS:
        value = getattr(ctx.args, field)
        if value is None:
            continue
        if is_date:
            value = parse_date(value, ctx.year) if value.strip() else None
        values[field] = value
    return values


def _date(ctx: Context, text: str) -> date:
    from branchtui.domain.dates import parse_date

    return parse_date(text, ctx.year)


def _rules(ctx: Context) -> Any:
    from branchtui.domain.stages import Rules

    return Rules.from_mapping(ctx.settings.rules())


def _private(value: str | None, include: bool) -> str | None:
    from branchtui.domain.privacy import mask

    return value if include else mask(value)


# -- handlers -----------------------------------------------------------------------------


def list_members(ctx: Context) -> int:
    """`member list`: active members (all with --all), by id."""
    from branchtui.cli import output
    from branchtui.domain import members

    args = ctx.args
    rows = members.list_members(
        ctx.db(),
        args.stage,
        include_inactive=args.all,
        query=args.search,
        today=ctx.today,
        rules=_rules(ctx),
    )
    if args.json:
        ctx.print_json([member_json(m, args.include_private) for m in rows])
        return 0
    if args.include_private:
        # A contact list: the private numbers take the place of the post and the dates.
        fields = ["id", "name", "stage", "group", *PRIVATE]
    else:
        fields = ["id", "name", "stage", "group", "post", "admitted_on", "confirmed_on"]
    if args.all:
        fields.append("left_on")
    headers = [t(f"member.field.{field}") for field in fields]

    def cells(m: MemberView) -> list[Any]:
        return [label("stage", m.stage) if f == "stage" else getattr(m, f) for f in fields]

    table_rows = [cells(m) for m in rows]
    result = output.table(
        headers,
        table_rows,
        title=t("member.list_title", count=len(rows)),
        justify=["right", *(["left"] * (len(fields) - 1))],
    )
    for column, keep in zip(result.columns, _keep_whole(headers, table_rows, fields), strict=True):
        column.no_wrap = keep
    ctx.console.print(result)
    return 0


# Which list columns keep their cells on one line, most important first; the others wrap.
_WHOLE_FIRST = (
    "id",
    "name",
    "admitted_on",
    "confirmed_on",
    "left_on",
    "stage",
    "phone",
    "id_number",
)


def _keep_whole(headers: list[str], rows: list[list[Any]], fields: list[str]) -> list[bool]:
    """The columns that keep their cells on one line on an 80-column terminal, in the order
    of _WHOLE_FIRST, as long as the table still fits with every other column wrapped."""
    from rich.cells import cell_len

    from branchtui.cli.output import text

    narrow, padding, width = 4, 3, 79
    full = [
        max(cell_len(cell) for cell in [headers[i], *(text(row[i]) for row in rows)])
        for i in range(len(headers))
    ]
    least = [
        min(size, max(narrow, cell_len(header))) for size, header in zip(full, headers, strict=True)
    ]
    used = sum(size + padding for size in least)
    kept = [False] * len(fields)
    for field in _WHOLE_FIRST:
        if field not in fields:
            continue
        index = fields.index(field)
        extra = full[index] - least[index]
        if used + extra <= width:
            kept[index] = True
            used += extra
    return kept


def member_json(m: MemberView, include_private: bool = False) -> dict[str, Any]:
    """`member list --json`'s shape (SPEC §5); the private fields only when asked for."""
    from branchtui.cli.output import json_value

    data = {key: json_value(getattr(m, key)) for key in LIST_JSON_KEYS}
    if include_private:
        data.update({key: getattr(m, key) for key in PRIVATE})
    return data


def add(ctx: Context) -> int:
    """`member add NAME …`: prints only the new id."""
    from branchtui.domain import members

    values = _fields(ctx)
    member_id = members.add_member(ctx.db(), ctx.args.name, **values)
    ctx.out(str(member_id))
    return 0


def show(ctx: Context) -> int:
    """`member show ID`: the record, its events and what is due."""
    from branchtui.cli import output
    from branchtui.domain import members

    m = members.get_member(ctx.db(), ctx.args.id, today=ctx.today, rules=_rules(ctx))
    private = ctx.args.include_private
    if ctx.args.json:
        ctx.print_json(show_json(m, private))
        return 0
    separator = t("member.show.separator")
    ctx.out(t("member.show.title", id=m.id, name=m.name))
    for field in SHOW_FIELDS:
        value = _show_value(m, field, private)
        if value:
            ctx.out(f"{t(f'member.field.{field}')}{separator}{value}")
    if m.events:
        headers = [t(f"member.field.{f}") for f in ("event_date", "event_kind", "hours", "note")]
        rows = (
            (e.date, label("event", e.kind), "" if e.hours is None else f"{e.hours:g}", e.note)
            for e in m.events
        )
        ctx.console.print(output.table(headers, rows, title=t("member.events_title")))
    else:
        ctx.out(t("member.no_events"))
    for reminder in m.reminders:
        ctx.out(t("member.reminder_prefix") + reminder.message())
    return 0


def _show_value(m: MemberView, field: str, private: bool) -> str:
    from branchtui.cli.output import text

    if field == "stage":
        return label("stage", m.stage)
    if field == "party_age":
        if m.party_age_start is None:
            return ""
        if m.party_age_years is None:
            return t("member.party_age_from", start=m.party_age_start.isoformat())
        return t(
            "member.party_age_value",
            years=m.party_age_years,
            start=m.party_age_start.isoformat(),
        )
    if field == "training_hours":
        return t("member.hours_value", hours=f"{m.training_hours:g}") if m.training_hours else ""
    if field == "active":
        if m.active:
            return t("member.active")
        return t("member.left", date=text(m.left_on))
    if field in PRIVATE:
        return text(_private(getattr(m, field), private))
    return text(getattr(m, field))


def show_json(m: MemberView, include_private: bool = False) -> dict[str, Any]:
    """`member show --json`: the list keys and every other field, events, reminders;
    phone and ID number masked unless asked for."""
    from branchtui.cli.output import json_value

    data = member_json(m)
    for key in (
        "gender",
        "ethnicity",
        "birth_date",
        "education",
        "applied_on",
        "activist_on",
        "candidate_on",
        "probation_extended_to",
        "sponsors",
        "contacts",
        "left_on",
        "notes",
        "probation_end",
        "party_age_start",
        "party_age_years",
        "training_hours",
        "version",
        "created_at",
        "updated_at",
    ):
        data[key] = json_value(getattr(m, key))
    for key in PRIVATE:
        data[key] = _private(getattr(m, key), include_private)
    data["events"] = [
        {
            "id": e.id,
            "uid": e.uid,
            "date": json_value(e.date),
            "kind": e.kind,
            "hours": e.hours,
            "note": e.note,
        }
        for e in m.events
    ]
    data["reminders"] = [{"key": r.key, "message": r.message()} for r in m.reminders]
    return data


def set_fields(ctx: Context) -> int:
    """`member set ID …`: change the fields given (an empty value clears one)."""
    from branchtui.domain import members
    from branchtui.errors import UsageError

    values = _fields(ctx)
    if not values:
        raise UsageError("member.nothing_to_set")
    m = members.update_member(ctx.db(), ctx.args.id, values, today=ctx.today, rules=_rules(ctx))
    ctx.out(t("member.updated", id=m.id, name=m.name))
    return 0


def promote(ctx: Context) -> int:
    """`member promote ID --date D`: the next stage, with DOMAIN §2's warnings on stderr."""
    from branchtui.domain import members

    on = _date(ctx, ctx.args.date)
    db = ctx.db()
    before = members.get_member(db, ctx.args.id, today=ctx.today, rules=_rules(ctx))
    m, warnings = members.promote(
        db,
        ctx.args.id,
        on,
        _rules(ctx),
        expected_version=before.version,
        today=ctx.today,
    )
    for warning in warnings:
        ctx.warn(warning.message())
    ctx.out(
        t(
            "member.promoted",
            id=m.id,
            name=m.name,
            stage_label=label("stage", before.stage),
            next_stage_label=label("stage", m.stage),
            date=on.isoformat(),
        )
    )
    return 0


def event(ctx: Context) -> int:
    """`member event ID --kind K --date D`: prints only the new event's id."""
    from branchtui.domain import members

    on = _date(ctx, ctx.args.date)
    event_id = members.add_event(
        ctx.db(), ctx.args.id, ctx.args.kind, on, ctx.args.hours, ctx.args.note
    )
    ctx.out(str(event_id))
    return 0


def leave(ctx: Context) -> int:
    """`member leave ID --date D`: transferred out (no longer on the active register)."""
    from branchtui.domain import members

    on = _date(ctx, ctx.args.date)
    m = members.leave(ctx.db(), ctx.args.id, on, ctx.args.note, today=ctx.today, rules=_rules(ctx))
    ctx.out(t("member.left_done", id=m.id, name=m.name, date=on.isoformat()))
    return 0
