"""`branchtui task …`: the steps of a plan item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from branchtui.cli.arguments import positive, record_id
from branchtui.cli.context import Context
from branchtui.i18n import t


def register(command: Callable[..., Any]) -> None:
    """Add `task add|done|move`."""
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


def add(ctx: Context) -> int:
    from branchtui.domain import steps

    step_id = steps.add_step(ctx.db(), ctx.args.item_id, ctx.args.title, ctx.date(ctx.args.due))
    ctx.out(str(step_id))
    return 0


def done(ctx: Context) -> int:
    from branchtui.domain import steps

    steps.tick_step(ctx.db(), ctx.args.task_id, done=not ctx.args.untick)
    return 0


def move(ctx: Context) -> int:
    from branchtui.domain import steps

    steps.move_step(ctx.db(), ctx.args.task_id, ctx.args.to)
    return 0
