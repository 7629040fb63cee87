"""`branchtui meeting …`: the year's 组织生活 records (三会一课) and their board.

`meeting add` records every expected attendee present unless `--absent`/`--excused` name
them (`M:REASON`, a full-width colon too); `--host`, `--recorder`, `--lecturer` take a
member's id or name, and a name no member has is recorded as text (said on stderr).
What the domain says about a write (a 党员大会 below quorum…) goes to stderr as warnings.
How meetings and the board are printed is `cli.meeting_output`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from branchtui.cli.arguments import member_ref, record_id
from branchtui.cli.codes import add_code_option
from branchtui.cli.context import Context
from branchtui.domain.meeting_kinds import MEETING_KINDS
from branchtui.i18n import t

_HANDLERS = "branchtui.cli.meetings"
# `--absent 张三:出差`: a member and, after the first colon, the reason.
_COLONS = (":", "：")


def register(command: Callable[..., Any]) -> None:
    """Add `meeting add|list|show|set|delete|board`."""
    from branchtui.cli.main import nested

    meeting = nested(command("meeting", t("help.meeting")), "meeting")

    add = meeting("add", t("help.meeting.add"), f"{_HANDLERS}:add")
    _kind_option(add, "kind", metavar="KIND")
    add.add_argument("--date", required=True, metavar="D", help=t("help.meeting.date"))
    _field_options(add)

    listing = meeting("list", t("help.meeting.list"), f"{_HANDLERS}:list_meetings")
    _kind_option(listing, "--kind", help_key="help.meeting.kind_filter")
    listing.add_argument("--json", action="store_true", help=t("help.json"))

    show = meeting("show", t("help.meeting.show"), f"{_HANDLERS}:show")
    show.add_argument("id", type=record_id, metavar="ID")
    show.add_argument("--json", action="store_true", help=t("help.json"))

    change = meeting("set", t("help.meeting.set"), f"{_HANDLERS}:set_fields")
    change.add_argument("id", type=record_id, metavar="ID")
    _kind_option(change, "--kind")
    change.add_argument("--date", metavar="D", help=t("help.meeting.date"))
    _field_options(change)

    delete = meeting("delete", t("help.meeting.delete"), f"{_HANDLERS}:delete")
    delete.add_argument("id", type=record_id, metavar="ID")
    delete.add_argument("--yes", action="store_true", help=t("help.yes"))

    board = meeting("board", t("help.meeting.board"), f"{_HANDLERS}:board")
    board.add_argument("--json", action="store_true", help=t("help.json"))


def _kind_option(
    parser: argparse.ArgumentParser,
    flag: str,
    metavar: str = "K",
    help_key: str = "help.meeting.kind",
) -> None:
    """The meeting kind, as a code or its label."""
    add_code_option(
        parser, flag, kind="meeting_kind", codes=MEETING_KINDS, metavar=metavar, help=t(help_key)
    )


def item_ref(text: str) -> int | None:
    """`--item`: a plan item's id; empty clears it (`meeting set ID --item ""`)."""
    return None if not text.strip() else record_id(text)


def attendance_mark(text: str) -> tuple[str, str | None]:
    """`M[:REASON]`: a member (id or name) and the reason, if given."""
    cut = min((i for i in (text.find(c) for c in _COLONS) if i >= 0), default=-1)
    member, reason = (text, None) if cut < 0 else (text[:cut], text[cut + 1 :])
    if not member.strip():
        raise argparse.ArgumentTypeError(t("meeting.mark_needs_member", value=text))
    return member_ref(member.strip()), (reason.strip() or None) if reason else None


def _field_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--topic", metavar="T", help=t("help.meeting.topic"))
    parser.add_argument("--place", metavar="T", help=t("help.meeting.place"))
    for role in ("host", "recorder", "lecturer"):
        parser.add_argument(
            f"--{role}", metavar="M", type=member_ref, help=t(f"help.meeting.{role}")
        )
    parser.add_argument("--group", metavar="G", help=t("help.meeting.group"))
    # Absent unless given: `--item ""` clears the item, no --item leaves it.
    parser.add_argument(
        "--item",
        metavar="ID",
        type=item_ref,
        default=argparse.SUPPRESS,
        help=t("help.meeting.item"),
    )
    parser.add_argument("--content", metavar="T", help=t("help.meeting.content"))
    for status in ("absent", "excused", "present"):
        parser.add_argument(
            f"--{status}",
            metavar="M[:REASON]" if status != "present" else "M",
            type=attendance_mark,
            action="append",
            default=[],
            help=t(f"help.meeting.{status}"),
        )


def _marks(ctx: Context) -> tuple[Any, ...]:
    from branchtui.domain.meetings import Mark

    return tuple(
        Mark(member, status, reason)
        for status in ("present", "excused", "absent")
        for member, reason in getattr(ctx.args, status)
    )


def _warn(ctx: Context, written: Any) -> None:
    for notice in written.notices:
        ctx.warn(notice.message())


def add(ctx: Context) -> int:
    """`meeting add KIND --date D …`: prints only the new id; warnings on stderr."""
    from branchtui.domain.meetings import MeetingDraft, add_meeting

    args = ctx.args
    held_on = ctx.date(args.date)
    if held_on is None:
        from branchtui.errors import UsageError

        raise UsageError("meeting.date_required")
    draft = MeetingDraft(
        kind=args.kind,
        held_on=held_on,
        topic=args.topic,
        place=args.place,
        host=args.host,
        recorder=args.recorder,
        lecturer=args.lecturer,
        group=args.group,
        item_id=getattr(args, "item", None),
        content=args.content,
        attendance=_marks(ctx),
    )
    written = add_meeting(ctx.db(), draft, today=ctx.today)
    _warn(ctx, written)
    ctx.out(str(written.view.id))
    return 0


def list_meetings(ctx: Context) -> int:
    """`meeting list [--kind K]`: the year's meetings in the order they were held."""
    from branchtui.cli.meeting_output import meeting_json, print_list
    from branchtui.domain.meeting_views import list_meetings as read

    rows = read(ctx.db(), ctx.year, ctx.args.kind)
    if ctx.args.json:
        ctx.print_json([meeting_json(m) for m in rows])
    else:
        print_list(ctx.console, rows, ctx.year)
    return 0


def show(ctx: Context) -> int:
    """`meeting show ID`: the record, its attendance and its history."""
    from branchtui.cli.history import entry_json, history_table
    from branchtui.cli.meeting_output import show_json, show_lines
    from branchtui.domain import history
    from branchtui.domain.meeting_views import get_meeting

    db = ctx.db()
    view = get_meeting(db, ctx.args.id)
    changes = history.list_history(db, limit=50, record="meeting", record_uid=view.uid)
    if ctx.args.json:
        data = show_json(view)
        data["history"] = [
            {k: v for k, v in entry_json(e).items() if k in ("at", "who", "action", "changes")}
            for e in changes
        ]
        ctx.print_json(data)
        return 0
    for renderable in show_lines(view):
        ctx.console.print(renderable)
    if changes:
        ctx.console.print(history_table(changes, title=t("history.title")))
    return 0


def set_fields(ctx: Context) -> int:
    """`meeting set ID …`: change the options given (an empty text clears one)."""
    from dataclasses import replace

    from branchtui.domain.changes import given
    from branchtui.domain.meetings import MeetingChanges, update_meeting
    from branchtui.errors import UsageError

    args = ctx.args
    changes = ctx.change_set(
        MeetingChanges,
        kind=args.kind,
        held_on=ctx.date(args.date) if args.date is not None else None,
        topic=args.topic,
        place=args.place,
        host=args.host,
        recorder=args.recorder,
        lecturer=args.lecturer,
        group=args.group,
        content=args.content,
    )
    if hasattr(args, "item"):  # `--item ""` clears it
        changes = replace(changes, item_id=args.item)
    marks = _marks(ctx)
    if not given(changes) and not marks:
        raise UsageError("meeting.nothing_to_set")
    written = update_meeting(ctx.db(), args.id, changes, marks, today=ctx.today)
    _warn(ctx, written)
    ctx.report(written)
    return 0


def delete(ctx: Context) -> int:
    """`meeting delete ID --yes`."""
    from branchtui.domain.meetings import delete_meeting

    ctx.require_yes("meeting.delete_needs_yes", ctx.args.id)
    delete_meeting(ctx.db(), ctx.args.id)
    return 0


def board(ctx: Context) -> int:
    """`meeting board`: 三会一课 of the year, each kind (and 党小组) × period."""
    from branchtui.cli.meeting_output import board_json, board_lines

    data = load_board(ctx)
    if ctx.args.json:
        ctx.print_json(board_json(data))
        return 0
    from branchtui.cli.lines import LinePrinter

    printer = LinePrinter()
    printer.write(board_lines(data, printer.layout_width))
    return 0


def load_board(ctx: Context) -> Any:
    """The year's board through the light read path (as `status`)."""
    from branchtui.cli.status import open_light
    from branchtui.domain.meeting_board import read_board

    connection = open_light(ctx)
    try:
        return read_board(connection, ctx.year, ctx.today, absent_months(ctx))
    finally:
        connection.close()


def absent_months(ctx: Context) -> int:
    """`[rules] absent_months`."""
    from branchtui.domain.stages import Rules

    return Rules.from_mapping(ctx.settings.rules()).absent_months
