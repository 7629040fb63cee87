"""`branchtui item …`: the year's plan items."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from branchtui.cli.arguments import member_ref, record_id, whole_number
from branchtui.cli.codes import add_code_option
from branchtui.cli.context import Context
from branchtui.domain.item_rules import CATEGORIES, STATUSES
from branchtui.i18n import label, t, tn


def register(command: Callable[..., Any]) -> None:
    """Add `item list|add|show|set|done|delete`."""
    from branchtui.cli.main import nested

    item = nested(command("item", t("help.item")), "item")
    listing = item("list", t("help.item.list"), "branchtui.cli.items:list_items")
    add_code_option(
        listing, "--status", kind="status", codes=STATUSES, metavar="S", help=t("help.item.status")
    )
    listing.add_argument("--json", action="store_true", help=t("help.json"))

    add = item("add", t("help.item.add"), "branchtui.cli.items:add")
    add.add_argument("title", metavar="TITLE", help=t("help.item.title"))
    _field_options(add, with_status=False)

    show = item("show", t("help.item.show"), "branchtui.cli.items:show")
    show.add_argument("id", type=record_id, metavar="ID")
    show.add_argument("--json", action="store_true", help=t("help.json"))

    change = item("set", t("help.item.set"), "branchtui.cli.items:set_fields")
    change.add_argument("id", type=record_id, metavar="ID")
    change.add_argument("--title", help=t("help.item.title"))
    _field_options(change, with_status=True)

    done = item("done", t("help.item.done"), "branchtui.cli.items:done")
    done.add_argument("id", type=record_id, metavar="ID")
    done.add_argument("--evidence", metavar="T", help=t("help.item.evidence"))
    done.add_argument("--close-steps", action="store_true", help=t("help.item.close_steps"))

    delete = item("delete", t("help.item.delete"), "branchtui.cli.items:delete")
    delete.add_argument("id", type=record_id, metavar="ID")
    delete.add_argument("--yes", action="store_true", help=t("help.yes"))


def _field_options(parser: argparse.ArgumentParser, with_status: bool) -> None:
    parser.add_argument("--due", metavar="D", help=t("help.due"))
    parser.add_argument("--owner", metavar="M", type=member_ref, help=t("help.item.owner"))
    parser.add_argument("--owner-text", metavar="T", help=t("help.item.owner_text"))
    add_code_option(
        parser,
        "--category",
        kind="category",
        codes=CATEGORIES,
        metavar="C",
        help=t("help.item.category"),
    )
    parser.add_argument("--detail", metavar="T", help=t("help.item.detail"))
    if with_status:
        add_code_option(
            parser,
            "--status",
            kind="status",
            codes=STATUSES,
            metavar="S",
            help=t("help.item.status"),
        )
        parser.add_argument(
            "--progress", type=whole_number(), metavar="N", help=t("help.item.progress")
        )
        parser.add_argument("--evidence", metavar="T", help=t("help.item.evidence"))
        parser.add_argument(
            "--number", type=whole_number(), metavar="N", help=t("help.item.number")
        )


def item_json(item: Any) -> dict[str, Any]:
    """`item list --json`'s shape (SPEC §5)."""
    from branchtui.cli.output import json_value

    return {
        "id": item.id,
        "uid": item.uid,
        "year": item.year,
        "number": item.number,
        "title": item.title,
        "category": item.category,
        "owner": item.owner,
        "owner_id": item.owner_id,
        "due": json_value(item.due),
        "status": item.status,
        "progress": item.progress,
        "tasks_done": item.tasks_done,
        "tasks_total": item.tasks_total,
        "updated_at": json_value(item.updated_at),
    }


def status_cell(item: Any) -> str:
    """Status by symbol and word; an overdue item is marked too."""
    from branchtui.domain.item_rules import OVERDUE_SYMBOL, STATUS_SYMBOLS

    text = f"{STATUS_SYMBOLS[item.status]} {label('status', item.status)}"
    return f"{text} {OVERDUE_SYMBOL}" if item.overdue else text


def list_items(ctx: Context) -> int:
    from branchtui.cli import output
    from branchtui.domain import items

    rows = items.list_items(ctx.db(), ctx.year, ctx.today, ctx.args.status)
    if ctx.args.json:
        ctx.print_json([item_json(item) for item in rows])
        return 0
    # The id is what `item show/set/done` and `task add` take; 序号 is the plan's order.
    names = ("id", "number", "title", "owner", "due", "status", "progress")
    headers = [t(f"col.{name}") for name in names]
    output.print_listing(
        ctx.console,
        headers,
        [[i.id, i.number, i.title, i.owner, i.due, status_cell(i), f"{i.progress}%"] for i in rows],
        title=tn("item.list_title", len(rows), year=ctx.year),
        justify=["right", "right", "left", "left", "left", "left", "right"],
    )
    return 0


def add(ctx: Context) -> int:
    from branchtui.domain.item_changes import ItemDraft, add_item

    args = ctx.args
    draft = ItemDraft(
        args.title,
        due=ctx.date(args.due),
        owner=args.owner,
        owner_text=args.owner_text,
        category=args.category or "other",
        detail=args.detail,
    )
    ctx.out(str(add_item(ctx.db(), ctx.year, draft)))
    return 0


def show(ctx: Context) -> int:
    from branchtui.cli import output
    from branchtui.cli.history import entry_json
    from branchtui.domain import history, items

    db = ctx.db()
    item = items.get_item(db, ctx.args.id, ctx.today)
    changes = history.list_history(db, limit=50, record="plan_item", record_uid=item.uid)
    if ctx.args.json:
        data = item_json(item) | {
            "detail": item.detail,
            "evidence": item.evidence,
            "completed_at": output.json_value(item.completed_at),
            "completed_by": item.completed_by,
            "tasks": [
                {
                    "id": s.id,
                    "uid": s.uid,
                    "position": s.position,
                    "title": s.title,
                    "done": s.done,
                    "done_at": output.json_value(s.done_at),
                    "done_by": s.done_by,
                    "due": output.json_value(s.due),
                }
                for s in item.steps
            ],
            "history": [
                {k: v for k, v in entry_json(e).items() if k in ("at", "who", "action", "changes")}
                for e in changes
            ],
            "carried_from": item.carried_from,
            "carried_to": [ref._asdict() for ref in item.carried_to],
        }
        ctx.print_json(data)
        return 0
    fields = [
        ("col.number", item.number),
        ("col.title", item.title),
        ("col.category", label("category", item.category)),
        ("col.owner", item.owner),
        ("col.due", item.due),
        ("col.status", status_cell(item)),
        ("col.progress", f"{item.progress}%"),
        ("col.detail", item.detail),
        ("col.evidence", item.evidence),
        ("col.completed", f"{output.text(item.completed_at)} {item.completed_by or ''}".strip()),
        # `year start`: the item of last year it continues, the items continuing it
        ("item.carried_from", _ref(item.source)),
        ("item.carried_to", t("list.separator").join(_ref(ref) or "" for ref in item.carried_to)),
    ]
    from rich.text import Text

    for key, value in fields:
        if value not in (None, ""):
            shown = output.text(value, keep_layout=key in ("col.detail", "col.evidence"))
            ctx.console.print(Text.assemble((t(key), "bold"), ": ", shown))
    if item.steps:
        ctx.console.print(
            output.table(
                [t("col.id"), t("col.position"), t("col.step"), t("col.due"), t("col.done")],
                ((s.id, s.position, s.title, s.due, "✓" if s.done else "·") for s in item.steps),
                title=t("item.steps_title", done=item.tasks_done, total=item.tasks_total),
            )
        )
    if changes:
        from branchtui.cli.history import history_table

        ctx.console.print(history_table(changes, title=t("history.title")))
    return 0


def _ref(ref: Any) -> str | None:
    """Another item as `item show` names it: 2025年第3项“…”（编号 40）."""
    if ref is None:
        return None
    return t("item.ref", year=ref.year, number=ref.number, title=ref.title, id=ref.id)


def set_fields(ctx: Context) -> int:
    from dataclasses import replace

    from branchtui.domain.changes import given
    from branchtui.domain.item_changes import ItemChanges, update_item
    from branchtui.errors import UsageError

    args = ctx.args
    changes = ctx.change_set(
        ItemChanges,
        title=args.title,
        detail=args.detail,
        category=args.category,
        owner=args.owner,
        owner_text=args.owner_text,
        status=args.status,
        progress=args.progress,
        evidence=args.evidence,
        number=args.number,
    )
    if args.due is not None:  # an empty text clears the date
        changes = replace(changes, due=ctx.date(args.due))
    if not given(changes):
        raise UsageError("item.nothing_to_set")
    ctx.report(update_item(ctx.db(), args.id, changes, today=ctx.today))
    return 0


def done(ctx: Context) -> int:
    from branchtui.domain.item_changes import complete

    written = complete(
        ctx.db(),
        ctx.args.id,
        today=ctx.today,
        evidence=ctx.args.evidence,
        close_steps=ctx.args.close_steps,
    )
    ctx.report(written)
    return 0


def delete(ctx: Context) -> int:
    from branchtui.domain.item_changes import delete_item

    ctx.require_yes("item.delete_needs_yes", ctx.args.id)
    delete_item(ctx.db(), ctx.args.id)
    return 0
