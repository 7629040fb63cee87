"""`branchtui member …`: the register of members and activists, and the 发展党员 stages.

Every command that takes a person takes an id or a unique name (SPEC §5). Dates typed by
the user are parsed here (every form of SPEC §5, the plan year for short forms) before
anything is written; the domain gets `date` objects. How people are printed (phone and ID
numbers masked unless `--include-private`) is `cli.member_output`; the register in and out
of Excel/CSV is `cli.member_files`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from branchtui.cli.arguments import finite_number, member_ref, record_id
from branchtui.cli.codes import add_code_option
from branchtui.cli.context import Context
from branchtui.i18n import label, t

if TYPE_CHECKING:
    from datetime import date

    from branchtui.domain.changes import Notice
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
_FILES = "branchtui.cli.member_files"


def register(command: Callable[..., Any]) -> None:
    """Add `member list|add|show|set|promote|event|event-set|event-delete|leave|import|export`."""
    from branchtui.cli.main import nested
    from branchtui.domain.member_rules import EVENT_KINDS
    from branchtui.domain.stages import STAGES

    member = nested(command("member", t("help.member")), "member")

    listing = member("list", t("help.member.list"), f"{_HANDLERS}:list_members")
    add_code_option(
        listing,
        "--stage",
        kind="stage",
        codes=STAGES,
        metavar="S",
        help=t("help.member.stage_filter"),
    )
    listing.add_argument("--all", action="store_true", help=t("help.member.all"))
    listing.add_argument("--search", metavar="TEXT", help=t("help.member.search"))
    _output_options(listing)

    add = member("add", t("help.member.add"), f"{_HANDLERS}:add")
    add.add_argument("name", metavar="NAME", help=t("member.field.name"))
    _field_options(add, STAGES)

    show = member("show", t("help.member.show"), f"{_HANDLERS}:show")
    _member_argument(show)
    _output_options(show)

    change = member("set", t("help.member.set"), f"{_HANDLERS}:set_fields")
    _member_argument(change)
    change.add_argument("--name", metavar="NAME", help=t("member.field.name"))
    _field_options(change, STAGES)

    promote = member("promote", t("help.member.promote"), f"{_HANDLERS}:promote")
    _member_argument(promote)
    promote.add_argument("--date", required=True, metavar="D", help=t("help.member.promote_date"))

    event = member("event", t("help.member.event"), f"{_HANDLERS}:event")
    _member_argument(event)
    _event_options(event, EVENT_KINDS, required=True)

    event_set = member("event-set", t("help.member.event_set"), f"{_HANDLERS}:event_set")
    event_set.add_argument(
        "event_id", type=record_id, metavar="EVENT_ID", help=t("help.member.event_id")
    )
    _event_options(event_set, EVENT_KINDS, required=False)

    event_delete = member(
        "event-delete", t("help.member.event_delete"), f"{_HANDLERS}:event_delete"
    )
    event_delete.add_argument(
        "event_id", type=record_id, metavar="EVENT_ID", help=t("help.member.event_id")
    )
    event_delete.add_argument("--yes", action="store_true", help=t("help.member.yes"))

    leave = member("leave", t("help.member.leave"), f"{_HANDLERS}:leave")
    _member_argument(leave)
    leave.add_argument("--date", required=True, metavar="D", help=t("help.member.leave_date"))
    leave.add_argument("--note", metavar="T", help=t("help.member.note"))

    imported = member("import", t("help.register.import"), f"{_FILES}:import_register")
    imported.add_argument("file", metavar="FILE", help=t("help.register.file"))
    imported.add_argument("--dry-run", action="store_true", help=t("help.register.dry_run"))

    exported = member("export", t("help.register.export"), f"{_FILES}:export_register")
    exported.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=t("help.register.output")
    )
    exported.add_argument(
        "--include-private", action="store_true", help=t("help.register.include_private")
    )


def _member_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("member", metavar="MEMBER", type=member_ref, help=t("help.member.member"))


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=t("help.member.json"))
    parser.add_argument(
        "--include-private", action="store_true", help=t("help.member.include_private")
    )


def _field_options(parser: argparse.ArgumentParser, stages: tuple[str, ...]) -> None:
    add_code_option(
        parser, "--stage", kind="stage", codes=stages, metavar="S", help=t("member.field.stage")
    )
    for option, field, is_date in FIELD_OPTIONS:
        parser.add_argument(
            option,
            dest=field,
            metavar="D" if is_date else "T",
            help=t(f"member.field.{field}"),
        )


def _event_options(parser: argparse.ArgumentParser, kinds: Sequence[str], required: bool) -> None:
    add_code_option(
        parser,
        "--kind",
        kind="event",
        codes=kinds,
        metavar="K",
        required=required,
        help=t("help.member.kind"),
    )
    parser.add_argument("--date", required=required, metavar="D", help=t("help.member.event_date"))
    parser.add_argument("--hours", type=finite_number, metavar="H", help=t("help.member.hours"))
    parser.add_argument("--note", metavar="T", help=t("help.member.note"))


def _fields(ctx: Context) -> dict[str, Any]:
    """The field options given, dates parsed (an empty value clears the field)."""
    values: dict[str, Any] = {}
    if getattr(ctx.args, "stage", None) is not None:
        values["stage"] = ctx.args.stage
    if getattr(ctx.args, "name", None) is not None and ctx.args.member_command == "set":
        values["name"] = ctx.args.name
    for _option, field, is_date in FIELD_OPTIONS:
        value = getattr(ctx.args, field)
        if value is None:
            continue
        values[field] = ctx.date(value) if is_date else value
    return values


def _date(ctx: Context, text: str) -> date:
    from branchtui.domain.dates import parse_date

    return parse_date(text, ctx.year)


def rules(ctx: Context) -> Rules:
    """The `[rules]` of the configuration."""
    from branchtui.domain.stages import Rules

    return Rules.from_mapping(ctx.settings.rules())


def _member_id(ctx: Context) -> int:
    """The member the MEMBER argument names: an id or a unique name."""
    from branchtui.domain.members import member_id_of

    return member_id_of(ctx.db(), ctx.args.member)


def _warn(ctx: Context, warnings: Sequence[Notice]) -> None:
    for warning in warnings:
        ctx.warn(warning.message())


# -- handlers -----------------------------------------------------------------------------


def list_members(ctx: Context) -> int:
    """`member list`: people on the register (all with --all), by id."""
    from branchtui.cli.member_output import member_json, print_list
    from branchtui.domain import member_views

    args = ctx.args
    rows = member_views.list_members(
        ctx.db(),
        args.stage,
        include_inactive=args.all,
        query=args.search,
        today=ctx.today,
        rules=rules(ctx),
    )
    if args.json:
        ctx.print_json([member_json(m, args.include_private) for m in rows])
        return 0
    print_list(ctx.console, rows, args.include_private, args.all)
    return 0


def add(ctx: Context) -> int:
    """`member add NAME …`: prints only the new id; warnings on stderr."""
    from branchtui.domain import members

    values = _fields(ctx)
    member_id, warnings = members.add_member(
        ctx.db(), ctx.args.name, today=ctx.today, rules=rules(ctx), **values
    )
    _warn(ctx, warnings)
    ctx.out(str(member_id))
    return 0


def show(ctx: Context) -> int:
    """`member show MEMBER`: the record, its events and what is due."""
    from branchtui.cli.member_output import events_table, show_json, show_lines
    from branchtui.domain import member_views

    m = member_views.get_member(ctx.db(), _member_id(ctx), today=ctx.today, rules=rules(ctx))
    private = ctx.args.include_private
    if ctx.args.json:
        ctx.print_json(show_json(m, private))
        return 0
    ctx.out(t("member.show.title", id=m.id, name=m.name, stage_label=label("stage", m.stage)))
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
    """`member set MEMBER …`: change the fields given (an empty value clears one)."""
    from branchtui.domain import members
    from branchtui.errors import UsageError

    values = _fields(ctx)
    if not values:
        raise UsageError("member.nothing_to_set")
    done = members.update_member(
        ctx.db(), _member_id(ctx), values, today=ctx.today, rules=rules(ctx)
    )
    _warn(ctx, done.notices)
    m = done.view
    ctx.out(t("member.updated" if done.changed else "member.unchanged", id=m.id, name=m.name))
    return 0


def promote(ctx: Context) -> int:
    """`member promote MEMBER --date D`: the next stage, with DOMAIN §2's warnings on stderr."""
    from branchtui.domain import members

    on = _date(ctx, ctx.args.date)
    db = ctx.db()
    member_id = _member_id(ctx)
    m, warnings = members.promote(db, member_id, on, today=ctx.today, rules=rules(ctx))
    _warn(ctx, warnings)
    from branchtui.domain.stages import STAGES

    previous = STAGES[STAGES.index(m.stage) - 1]
    ctx.out(
        t(
            "member.promoted_full" if m.stage == "full" else "member.promoted",
            id=m.id,
            name=m.name,
            stage_label=label("stage", previous),
            next_stage_label=label("stage", m.stage),
            date=on.isoformat(),
            confirmed="" if m.confirmed_on is None else m.confirmed_on.isoformat(),
        )
    )
    return 0


def event(ctx: Context) -> int:
    """`member event MEMBER --kind K --date D`: prints only the new event's id."""
    from branchtui.domain import member_events

    on = _date(ctx, ctx.args.date)
    event_id = member_events.add_event(
        ctx.db(),
        _member_id(ctx),
        ctx.args.kind,
        on,
        ctx.args.hours,
        ctx.args.note,
        today=ctx.today,
    )
    ctx.out(str(event_id))
    return 0


def event_set(ctx: Context) -> int:
    """`member event-set EVENT_ID …`: change the options given."""
    from branchtui.domain import member_events
    from branchtui.domain.changes import UNSET, given
    from branchtui.errors import UsageError

    args = ctx.args
    changes = member_events.EventChanges(
        kind=UNSET if args.kind is None else args.kind,
        date=UNSET if args.date is None else _date(ctx, args.date),
        hours=UNSET if args.hours is None else args.hours,
        note=UNSET if args.note is None else args.note,
    )
    if not given(changes):
        raise UsageError("member.event_nothing_to_set")
    _view, changed = member_events.update_event(ctx.db(), args.event_id, changes, today=ctx.today)
    ctx.out(t("member.event_updated" if changed else "member.event_unchanged", id=args.event_id))
    return 0


def event_delete(ctx: Context) -> int:
    """`member event-delete EVENT_ID --yes`."""
    from branchtui.domain import member_events

    ctx.require_yes("member.event_delete_needs_yes", ctx.args.event_id)
    gone = member_events.delete_event(ctx.db(), ctx.args.event_id)
    ctx.out(
        t(
            "member.event_deleted",
            id=gone.id,
            date=gone.date.isoformat(),
            kind_label=label("event", gone.kind),
        )
    )
    return 0


def leave(ctx: Context) -> int:
    """`member leave MEMBER --date D`: transferred out (no longer on the active register)."""
    from branchtui.domain import members

    on = _date(ctx, ctx.args.date)
    m = members.leave(
        ctx.db(), _member_id(ctx), on, ctx.args.note, today=ctx.today, rules=rules(ctx)
    )
    ctx.out(t("member.left_done", id=m.id, name=m.name, date=on.isoformat()))
    return 0
