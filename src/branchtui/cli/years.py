"""`branchtui year start YEAR [--dry-run]`: open a year from the one before (SPEC §5).

Last year's checklists again (entries, no ticks, from January 1st) and its unfinished items
carried over as new items numbered after the year's own, as one change; `--dry-run` lists
the same and writes nothing. A second run adds nothing (`domain.year_start`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from branchtui.cli.arguments import plan_year
from branchtui.cli.context import Context
from branchtui.display import safe
from branchtui.i18n import label, t, tn


def register(command: Callable[..., Any]) -> None:
    """Add `year start`."""
    from branchtui.cli.main import nested

    year = nested(command("year", t("help.year_command")), "year")
    start = year("start", t("help.year.start"), "branchtui.cli.years:start")
    start.add_argument("new_year", type=plan_year, metavar="YEAR", help=t("help.year.year"))
    start.add_argument("--dry-run", action="store_true", help=t("help.year.dry_run"))


def start(ctx: Context) -> int:
    """Open the year; print what was made (or, with --dry-run, would be)."""
    from branchtui.domain.year_start import start_year

    year, preview = ctx.args.new_year, ctx.args.dry_run
    done = start_year(ctx.db(), year, preview=preview)
    if done.empty:
        ctx.out(t("year.nothing", year=year, previous=year - 1))
    else:
        ctx.out(t("year.preview" if preview else "year.done", year=year, previous=year - 1))
    if done.checklists:
        ctx.out(tn("year.checklists", len(done.checklists)))
        for copy in done.checklists:
            ctx.out(
                "  "
                + t(
                    "year.checklist",
                    title=safe(copy.title),
                    kind=label("kind", copy.kind),
                    entries=copy.entries,
                    starts_on=copy.starts_on.isoformat(),
                    id=copy.id if copy.id is not None else "-",
                )
            )
    if done.items:
        ctx.out(tn("year.items", len(done.items)))
        for item in done.items:
            steps = tn("year.steps", item.steps) if item.steps else ""
            ctx.out(
                "  "
                + t(
                    "year.item",
                    previous=year - 1,
                    old=item.source_number,
                    year=year,
                    number=item.number,
                    title=safe(item.title),
                    steps=steps,
                    id=item.id if item.id is not None else "-",
                )
            )
    if done.checklists_there or done.items_there:
        there = t("list.separator").join(f"“{safe(title)}”" for title in done.checklists_there)
        ctx.notice(
            t(
                "year.already",
                checklists=there or "-",
                items=done.items_there,
            )
        )
    return 0
