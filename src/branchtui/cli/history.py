"""`branchtui history` and `branchtui undo`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from branchtui.cli.arguments import positive
from branchtui.cli.context import Context
from branchtui.i18n import label, t

if TYPE_CHECKING:
    from rich.table import Table


def register(command: Callable[..., Any]) -> None:
    """Add `history` and `undo`."""
    history = command("history", t("help.history"), "branchtui.cli.history:history")
    history.add_argument("--limit", type=positive, default=20, metavar="N", help=t("help.limit"))
    history.add_argument("--json", action="store_true", help=t("help.json"))
    command("undo", t("help.undo"), "branchtui.cli.history:undo")


def entry_json(entry: Any) -> dict[str, Any]:
    """`history --json`'s shape (SPEC §5)."""
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "who": entry.who,
        "action": entry.action,
        "record": entry.record,
        "record_id": entry.record_id,
        "changes": entry.changes,
        "description": entry.description,
    }


def history_table(entries: Sequence[Any], title: str | None = None) -> Table:
    from branchtui.cli import output

    return output.table(
        [t("col.id"), t("col.at"), t("col.who"), t("col.action"), t("col.changes")],
        (
            (
                e.id,
                e.at,
                e.who,
                label("action", e.action) + (f" ({t('history.undone')})" if e.undone else ""),
                e.description,
            )
            for e in entries
        ),
        title=title,
    )


def history(ctx: Context) -> int:
    from branchtui.domain.history import list_history

    entries = list_history(ctx.db(), limit=ctx.args.limit)
    if ctx.args.json:
        ctx.print_json([entry_json(e) for e in entries])
    else:
        ctx.console.print(history_table(entries, title=t("history.title")))
    return 0


def undo(ctx: Context) -> int:
    from branchtui.display import local_time
    from branchtui.domain.history import undo as undo_last

    entry = undo_last(ctx.db())
    ctx.out(
        t(
            "history.undone_line",
            action=entry.description or label("action", entry.action),
            at=local_time(entry.at),
        )
    )
    for notice in entry.notices:
        ctx.notice(notice.message())
    return 0
