"""`branchtui member …`: the member register (党员名册) and the 发展党员 stages.

Dates typed by the user are parsed here (every form of SPEC §5, the plan year for short
forms) before anything is written; the domain gets `date` objects. How members are printed
(phone and ID numbers masked unless `--include-private`) is `cli.member_output`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from branchtui.cli.arguments import finite_number, record_id
from branchtui.cli.context import Context
from branchtui.i18n import label, t

if TYPE_CHECKING:
    from datetime import date

    from branchtui.domain.stages import Rules

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
    _output_options(listing)

    add = member("add", t("help.member.add"), f"{_HANDLERS}:add")
    add.add_argument("name", metavar="NAME", help=t("member.field.name"))
    _field_options(add, STAGES)

    show = member("show", t("help.member.show"), f"{_HANDLERS}:show")
    show.add_argument("id", type=record_id, metavar="ID")
    _output_options(show)

    change = member("set", t("help.member.set"), f"{_HANDLERS}:set_fields")
    change.add_argument("id", type=record_id, metavar="ID")
    change.add_argument("--name", metavar="NAME", help=t("member.field.name"))
    _field_options(change, STAGES)

    promote = member("promote", t("help.member.promote"), f"{_HANDLERS}:promote")
    promote.add_argument("id", type=record_id, metavar="ID")
    promote.add_argument("--date", required=True, metavar="D", help=t("help.member.promote_date"))

    event = member("event", t("help.member.event"), f"{_HANDLERS}:event")
    event.add_argument("id", type=record_id, metavar="ID")
    event.add_argument("--kind", required=True, choices=EVENT_KINDS, help=t("help.member.kind"))
    event.add_argument("--date", required=True, metavar="D", help=t("help.member.event_date"))
    event.add_argument("--hours", type=finite_number, metavar="H", help=t("help.member.hours"))
    event.add_argument("--note", metavar="T", help=t("help.member.note"))

    leave = member("leave", t("help.member.leave"), f"{_HANDLERS}:leave")
    leave.add_argument("id", type=record_id, metavar="ID")
    leave.add_argument("--date", required=True, metavar="D", help=t("help.member.leave_date"))
    leave.add_argument("--note", metavar="T", help=t("help.member.note"))


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=t("help.member.json"))
    parser.add_argument(
        "--include-private", action="store_true", help=t("help.member.include_private")
    )


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


def _rules(ctx: Context) -> Rules:
    from branchtui.domain.stages import Rules

    return Rules.from_mapping(ctx.settings.rules())


# -- handlers -----------------------------------------------------------------------------


def list_members(ctx: Context) -> int:
    """`member list`: active members (all with --all), by id."""
    from branchtui.cli.member_output import member_json, print_list
    from branchtui.domain import member_views

    args = ctx.args
    rows = member_views.list_members(
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
    print_list(ctx.console, rows, args.include_private, args.all)
    return 0


def add(ctx: Context) -> int:
    """`member add NAME …`: prints only the new id."""
    from branchtui.domain import members

    values = _fields(ctx)
    member_id = members.add_member(ctx.db(), ctx.args.name, **values)
    ctx.out(str(member_id))
    return 0


def show(ctx: Context) -> int:
    """`member show ID`: the record, its events and what is due."""
    from branchtui.cli.member_output import events_table, show_json, show_lines
    from branchtui.domain import member_views

    m = member_views.get_member(ctx.db(), ctx.args.id, today=ctx.today, rules=_rules(ctx))
    private = ctx.args.include_private
    if ctx.args.json:
        ctx.print_json(show_json(m, private))
        return 0
    ctx.out(t("member.show.title", id=m.id, name=m.name))
    for line in show_lines(m, private):
        ctx.out(line)
    if m.events:
        ctx.console.print(events_table(m.events))
    else:
        ctx.out(t("member.no_events"))
    for reminder in m.reminders:
        ctx.out(t("member.reminder_prefix") + reminder.message())
    return 0


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
    from branchtui.domain import member_views, members

    on = _date(ctx, ctx.args.date)
    db = ctx.db()
    before = member_views.get_member(db, ctx.args.id, today=ctx.today, rules=_rules(ctx))
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
    from branchtui.domain import member_events

    on = _date(ctx, ctx.args.date)
    event_id = member_events.add_event(
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
