"""`branchtui checklist …`: the year's responsibility checklists, entries and ticks (SPEC §5).

The domain and storage are imported inside the handlers, so building the parser (which
every command does) costs nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from branchtui.cli.arguments import positive, record_id, whole_number
from branchtui.cli.codes import add_code_option
from branchtui.cli.context import Context
from branchtui.i18n import t

if TYPE_CHECKING:
    from branchtui.domain.checklist_views import ChecklistView

# Kept here rather than imported from the domain: registering the parser must stay light.
TEMPLATE_CHOICES = ("ideology", "integrity", "stability")
FREQUENCY_CHOICES = ("once", "yearly", "half_yearly", "quarterly", "monthly")


def register(command: Callable[..., Any]) -> None:
    """Add this module's commands to the parser."""
    from branchtui.cli.main import nested

    cl = nested(command("checklist", t("help.checklist")), "checklist")

    new = cl("new", t("help.checklist.new"), "branchtui.cli.checklists:new")
    source = new.add_mutually_exclusive_group(required=True)
    add_code_option(
        source,
        "--template",
        kind="kind",
        codes=TEMPLATE_CHOICES,
        metavar="T",
        help=t("help.checklist.template"),
    )
    source.add_argument("--title", help=t("help.checklist.title"))
    new.add_argument("--starts-on", metavar="D", help=t("help.checklist.starts_on"))

    rename = cl("rename", t("help.checklist.rename"), "branchtui.cli.checklists:rename")
    rename.add_argument("checklist_id", metavar="ID", type=record_id)
    rename.add_argument("title", metavar="TITLE", help=t("help.checklist.title"))

    drop = cl("delete", t("help.checklist.delete"), "branchtui.cli.checklists:delete")
    drop.add_argument("checklist_id", metavar="ID", type=record_id)
    drop.add_argument("--yes", action="store_true", help=t("help.yes"))

    add = cl("entry-add", t("help.checklist.entry_add"), "branchtui.cli.checklists:entry_add")
    add.add_argument(
        "checklist_id",
        metavar="CHECKLIST_ID",
        type=record_id,
        help=t("help.checklist.checklist_id"),
    )
    add.add_argument("title", metavar="TITLE", help=t("help.checklist.entry_title"))
    add_code_option(
        add,
        "--frequency",
        kind="frequency",
        codes=FREQUENCY_CHOICES,
        metavar="F",
        required=True,
        help=t("help.checklist.frequency"),
    )
    add.add_argument(
        "--due-month", type=whole_number(), metavar="M", help=t("help.checklist.due_month")
    )
    add.add_argument("--owner", metavar="T", help=t("help.checklist.owner"))
    add.add_argument("--note", metavar="T", help=t("help.checklist.note"))

    change = cl("entry-set", t("help.checklist.entry_set"), "branchtui.cli.checklists:entry_set")
    change.add_argument(
        "entry_id", metavar="ENTRY_ID", type=record_id, help=t("help.checklist.entry_id")
    )
    change.add_argument("--title", metavar="T", help=t("help.checklist.entry_title"))
    change.add_argument(
        "--frequency", choices=FREQUENCY_CHOICES, help=t("help.checklist.frequency")
    )
    change.add_argument(
        "--due-month", type=whole_number(), metavar="M", help=t("help.checklist.due_month")
    )
    change.add_argument("--owner", metavar="T", help=t("help.checklist.owner"))
    change.add_argument("--note", metavar="T", help=t("help.checklist.note"))

    move = cl("entry-move", t("help.checklist.entry_move"), "branchtui.cli.checklists:entry_move")
    move.add_argument(
        "entry_id", metavar="ENTRY_ID", type=record_id, help=t("help.checklist.entry_id")
    )
    move.add_argument("--to", type=positive, metavar="N", required=True, help=t("help.task.to"))

    remove = cl(
        "entry-delete", t("help.checklist.entry_delete"), "branchtui.cli.checklists:entry_delete"
    )
    remove.add_argument(
        "entry_id", metavar="ENTRY_ID", type=record_id, help=t("help.checklist.entry_id")
    )
    remove.add_argument("--yes", action="store_true", help=t("help.yes"))

    listing = cl("list", t("help.checklist.list"), "branchtui.cli.checklists:list_")
    listing.add_argument("--json", action="store_true", help=t("help.checklist.json"))

    tick = cl("check", t("help.checklist.check"), "branchtui.cli.checklists:check")
    tick.add_argument(
        "entry_id", metavar="ENTRY_ID", type=record_id, help=t("help.checklist.entry_id")
    )
    tick.add_argument("--period", metavar="P", help=t("help.checklist.period"))
    how = tick.add_mutually_exclusive_group()
    how.add_argument("--evidence", metavar="T", help=t("help.checklist.evidence"))
    how.add_argument(
        "--untick", action="store_true", default=False, help=t("help.checklist.untick")
    )


# -- handlers ---------------------------------------------------------------------------


def new(ctx: Context) -> int:
    """Create the year's checklist from a template or with a title; print its id."""
    from branchtui.domain import checklists

    db = ctx.db()
    starts_on = ctx.date(ctx.args.starts_on)
    if ctx.args.template is not None:
        new_id = checklists.new_from_template(
            db, ctx.year, ctx.args.template, ctx.today, starts_on=starts_on
        )
    else:
        new_id = checklists.new_blank(db, ctx.year, ctx.args.title, ctx.today, starts_on)
    ctx.out(str(new_id))
    return 0


def rename(ctx: Context) -> int:
    """Give a checklist a new title."""
    from branchtui.domain import checklists

    if not checklists.rename_checklist(ctx.db(), ctx.args.checklist_id, ctx.args.title):
        ctx.notice(t("write.unchanged"))
    return 0


def delete(ctx: Context) -> int:
    """Delete a checklist with its entries and ticks (undo restores them)."""
    from branchtui.domain import checklists

    ctx.require_yes("checklist.delete_needs_yes", ctx.args.checklist_id)
    checklists.delete_checklist(ctx.db(), ctx.args.checklist_id)
    return 0


def entry_set(ctx: Context) -> int:
    """Change an entry's title, frequency, due month, owner or note."""
    from branchtui.domain import checklists
    from branchtui.domain.changes import given
    from branchtui.errors import UsageError

    args = ctx.args
    changes = ctx.change_set(
        checklists.EntryChanges,
        title=args.title,
        frequency=args.frequency,
        due_month=args.due_month,
        owner=args.owner,
        note=args.note,
    )
    if not given(changes):
        raise UsageError("checklist.nothing_to_set")
    if not checklists.update_entry(ctx.db(), args.entry_id, changes):
        ctx.notice(t("write.unchanged"))
    return 0


def entry_move(ctx: Context) -> int:
    """Move an entry to another position in its checklist."""
    from branchtui.domain import checklists

    if not checklists.move_entry(ctx.db(), ctx.args.entry_id, ctx.args.to):
        ctx.notice(t("write.unchanged"))
    return 0


def entry_delete(ctx: Context) -> int:
    """Delete an entry and its ticks (undo restores them)."""
    from branchtui.domain import checklists

    ctx.require_yes("checklist.entry_delete_needs_yes", ctx.args.entry_id)
    checklists.delete_entry(ctx.db(), ctx.args.entry_id)
    return 0


def entry_add(ctx: Context) -> int:
    """Add an entry to a checklist; print its id."""
    from branchtui.domain import checklists

    args = ctx.args
    new_id = checklists.add_entry(
        ctx.db(),
        args.checklist_id,
        args.title,
        args.frequency,
        due_month=args.due_month,
        owner=args.owner,
        note=args.note,
    )
    ctx.out(str(new_id))
    return 0


def list_(ctx: Context) -> int:
    """The year's checklists: each entry with the state of every period and the evidence
    given with each tick (text: cli/checklist_grid.py; JSON: SPEC §5's shape)."""
    from branchtui.domain import checklist_views

    views = checklist_views.list_checklists(ctx.db(), ctx.year, ctx.today)
    if ctx.args.json:
        ctx.print_json(as_json(views))
        return 0
    if not views:
        ctx.out(t("checklist.none", year=ctx.year))
        return 0
    from branchtui.cli.checklist_grid import grid_lines
    from branchtui.cli.lines import LinePrinter

    printer = LinePrinter()
    printer.write(grid_lines(views, printer.layout_width))
    return 0


def check(ctx: Context) -> int:
    """Tick (or with --untick, untick) one period of an entry; default the current one."""
    from branchtui.domain import checks

    args = ctx.args
    if args.untick:
        written = checks.uncheck(ctx.db(), args.entry_id, args.period, ctx.today)
        ctx.out(t("checklist.unchecked", id=args.entry_id, period=written.view))
    else:
        written = checks.check(
            ctx.db(), args.entry_id, args.period, ctx.today, evidence=args.evidence
        )
        ctx.out(t("checklist.checked", id=args.entry_id, period=written.view))
    ctx.report(written)
    return 0


# -- output -----------------------------------------------------------------------------


def as_json(views: Iterable[ChecklistView]) -> list[dict[str, Any]]:
    """SPEC §5's `checklist list --json`: one object per entry, its checklist by title; each
    period with its tick's evidence, time and who (null when not ticked)."""
    from branchtui.cli.output import json_value

    return [
        {
            "id": entry.id,
            "checklist": view.title,
            "title": entry.title,
            "frequency": entry.frequency,
            "owner": entry.owner,
            "periods": [
                {
                    "period": p.period,
                    "done": p.done,
                    "due": p.due,
                    "overdue": p.overdue,
                    "evidence": p.evidence,
                    "done_at": json_value(p.done_at),
                    "done_by": p.done_by,
                }
                for p in entry.periods
            ],
        }
        for view in views
        for entry in view.entries
    ]


__all__ = [
    "as_json",
    "check",
    "delete",
    "entry_add",
    "entry_delete",
    "entry_move",
    "entry_set",
    "list_",
    "new",
    "register",
    "rename",
]
