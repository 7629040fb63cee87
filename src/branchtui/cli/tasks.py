"""`branchtui task …`: the steps of a plan item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from branchtui.cli.arguments import positive, record_id
from branchtui.cli.context import Context
from branchtui.i18n import t


def register(command: Callable[..., Any]) -> None:
    """Add `task add|done|move|set|delete`."""
    from branchtui.cli.main import nested

    task = nested(command("task", t("help.task")), "task")
    add = task("add", t("help.task.add"), "branchtui.cli.tasks:add")
    add.add_argument("item_id", type=record_id, metavar="ITEM_ID")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--due", metavar="D", help=t("help.due"))

    done = task("done", t("help.task.done"), "branchtui.cli.tasks:done")
    done.add_argument("task_id", type=record_id, metavar="TASK_ID")
    done.add_argument("--untick", action="store_true", help=t("help.task.untick"))

    move = task("move", t("help.task.move"), "branchtui.cli.tasks:move")
    move.add_argument("task_id", type=record_id, metavar="TASK_ID")
    move.add_argument("--to", type=positive, metavar="N", required=True, help=t("help.task.to"))

    change = task("set", t("help.task.set"), "branchtui.cli.tasks:set_fields")
    change.add_argument("task_id", type=record_id, metavar="TASK_ID")
    change.add_argument("--title", metavar="T", help=t("help.task.title"))
    change.add_argument("--due", metavar="D", help=t("help.task.due_clear"))

    delete = task("delete", t("help.task.delete"), "branchtui.cli.tasks:delete")
    delete.add_argument("task_id", type=record_id, metavar="TASK_ID")
    delete.add_argument("--yes", action="store_true", help=t("help.yes"))


def add(ctx: Context) -> int:
    from branchtui.domain.step_changes import add_step

    written = add_step(ctx.db(), ctx.args.item_id, ctx.args.title, ctx.date(ctx.args.due))
    ctx.out(str(written.view.id))
    ctx.report(written)
    return 0


def done(ctx: Context) -> int:
    from branchtui.domain.step_changes import tick_step

    ctx.report(tick_step(ctx.db(), ctx.args.task_id, done=not ctx.args.untick))
    return 0


def move(ctx: Context) -> int:
    from branchtui.domain.step_changes import move_step

    ctx.report(move_step(ctx.db(), ctx.args.task_id, ctx.args.to))
    return 0


def set_fields(ctx: Context) -> int:
    from dataclasses import replace

    from branchtui.domain.changes import given
    from branchtui.domain.step_changes import StepChanges, update_step
    from branchtui.errors import UsageError

    args = ctx.args
    changes = ctx.change_set(StepChanges, title=args.title)
    if args.due is not None:  # an empty text clears the date
        changes = replace(changes, due=ctx.date(args.due))
    if not given(changes):
        raise UsageError("task.nothing_to_set")
    ctx.report(update_step(ctx.db(), args.task_id, changes))
    return 0


def delete(ctx: Context) -> int:
    from branchtui.domain.step_changes import delete_step

    ctx.require_yes("task.delete_needs_yes", ctx.args.task_id)
    ctx.report(delete_step(ctx.db(), ctx.args.task_id))
    return 0
