"""`branchtui status`: the year at a glance, fast.

The quick path: settings (tomllib), one plain sqlite3 connection, storage/summary.py's
queries and the pure domain rules. No ORM, no Alembic, no pypinyin, no Textual: a test
checks `sys.modules` after a run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from branchtui.cli.context import Context
from branchtui.i18n import label, t, tn

OVERDUE_SHOWN = 10


def register(command: Callable[..., Any]) -> None:
    """Add `status` to the parser."""
    status = command("status", t("help.status"), "branchtui.cli.status:status")
    status.add_argument("--json", action="store_true", help=t("help.json"))
    status.add_argument("--check", action="store_true", help=t("help.status.check"))


def load(ctx: Context, labels_for: int | None) -> tuple[Any, dict[int, Any]]:
    """The year's summary, and number/title/owner of its first `labels_for` overdue items
    (all when None), read through the light path in one connection."""
    from pathlib import Path

    from branchtui.domain.summary import summarize
    from branchtui.storage.schema import MigrationPending, open_for_reading
    from branchtui.storage.summary import item_labels, read_summary

    path = Path(ctx.db_path())
    try:
        connection, snapshot = open_for_reading(path)
    except MigrationPending:
        ctx.db().close()  # the full path migrates (with a backup), then read again
        connection, snapshot = open_for_reading(path)
    if snapshot:
        from branchtui.storage.location import snapshot_warning

        key, params = snapshot_warning(path)
        ctx.warn(t(key, **params))
    try:
        raw = read_summary(connection, ctx.year)
        due_soon_days = int(ctx.settings.get("rules.due_soon_days"))
        summary = summarize(raw, ctx.year, ctx.today, due_soon_days)
        shown = summary.overdue if labels_for is None else summary.overdue[:labels_for]
        labels = item_labels(connection, [item.id for item in shown])
    finally:
        connection.close()
    return summary, labels


def status(ctx: Context) -> int:
    """Print the summary; with --check, exit 3 when anything is overdue."""
    summary, labels = load(ctx, None if ctx.args.json else OVERDUE_SHOWN)
    if ctx.args.json:
        ctx.print_json(as_json(summary, labels))
    else:
        print_text(ctx, summary, labels)
    late = bool(summary.overdue) or summary.checks_overdue > 0
    return 3 if ctx.args.check and late else 0


def as_json(summary: Any, labels: dict[int, Any]) -> dict[str, Any]:
    """SPEC §5's fixed shape."""
    return {
        "branch": summary.branch,
        "year": summary.year,
        "today": summary.today.isoformat(),
        "plan": {
            "total": summary.total,
            "by_status": summary.by_status,
            "percent": summary.percent,
            "due_soon": summary.due_soon,
            "overdue": [
                {
                    "id": item.id,
                    "number": labels[item.id][0],
                    "title": labels[item.id][1],
                    "due": item.due.isoformat(),
                    "owner": labels[item.id][2],
                }
                for item in summary.overdue
            ],
        },
        "checklists": [
            {
                "id": c.id,
                "title": c.title,
                "kind": c.kind,
                "checks_total": c.checks_total,
                "checks_done": c.checks_done,
                "checks_overdue": c.checks_overdue,
                "percent": c.percent,
            }
            for c in summary.checklists
        ],
        "members": {"total": summary.members_total, "by_stage": summary.by_stage},
    }


def print_text(ctx: Context, summary: Any, labels: dict[int, Any]) -> None:
    """The human summary: plan, overdue items, checklists, members. Lines are cut at the
    terminal's edge rather than wrapped (cli/lines.py: plain text, not rich, for speed)."""
    from branchtui.cli.lines import LinePrinter, Segment

    heading = t("status.heading", year=summary.year, today=summary.today.isoformat())
    lines: list[list[Segment]] = [
        [(summary.branch, "bold"), ("  " + heading, "")],
        [(t("status.plan", done=summary.done, total=summary.total, percent=summary.percent), "")],
    ]
    counts = "  ".join(f"{label('status', code)} {n}" for code, n in summary.by_status.items() if n)
    if counts:
        lines.append([("  " + counts, "")])
    elif summary.plan_years:
        years = t("list.separator").join(str(y) for y in summary.plan_years)
        lines.append([("  " + t("status.other_years", years=years), "")])
    if summary.overdue:
        lines.append([(t("status.overdue", count=len(summary.overdue)), "bold red")])
        for item in summary.overdue[:OVERDUE_SHOWN]:
            number, title, owner_name = labels[item.id]
            # Due and owner first: a long title is cut at the terminal's edge, not them.
            owner = f"{owner_name}  " if owner_name else ""
            due = tn("status.overdue_item", item.days, due=item.due.isoformat(), days=item.days)
            lines.append([("  ", ""), ("✗", "red"), (f" {due}  {owner}{number}. {title}", "")])
        if len(summary.overdue) > OVERDUE_SHOWN:
            lines.append(
                [("  " + t("status.more", count=len(summary.overdue) - OVERDUE_SHOWN), "")]
            )
    else:
        lines.append([(t("status.no_overdue"), "")])
    if summary.due_soon:
        days = int(ctx.settings.get("rules.due_soon_days"))
        lines.append([(t("status.due_soon", count=summary.due_soon, days=days), "")])
    if summary.checklists:
        lines.append([(t("status.checklists"), "")])
        for c in summary.checklists:
            line = [(f"  {c.title}  {c.checks_done}/{c.checks_total} ({c.percent}%)", "")]
            if c.checks_overdue:
                line.append(("  " + t("status.checks_overdue", count=c.checks_overdue), "red"))
            lines.append(line)
    lines.append([(t("status.members", total=summary.members_total), "")])
    stages = "  ".join(f"{label('stage', code)} {n}" for code, n in summary.by_stage.items() if n)
    if stages:
        lines.append([("  " + stages, "")])
    LinePrinter().write(lines)
