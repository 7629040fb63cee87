"""`branchtui status`: the year at a glance, fast, saying plainly what is late.

The quick path: settings (tomllib), one plain sqlite3 connection, `domain.summary`'s one
read transaction and pure rules. No ORM, no Alembic, no pypinyin, no Textual: a test
checks `sys.modules` after a run.

What is late (and makes `--check` exit 3): plan items past due, open steps past due,
checklist periods past their last day unticked, members whose 预备期 has ended without
转正, activists whose six-monthly assessment has passed its day.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from branchtui.cli.context import Context
from branchtui.display import safe
from branchtui.i18n import label, t, tn

if TYPE_CHECKING:
    import sqlite3

    from branchtui.cli.lines import Segment
    from branchtui.domain.summary import (
        ChecklistSummary,
        DatedItem,
        MemberReminder,
        PeriodRef,
        Summary,
    )

# Lines listed per kind in the text; the rest are counted ("…and 12 more").
SHOWN = 10
PERIODS_SHOWN = 5
LATE, SOON = "✗", "·"


def register(command: Callable[..., Any]) -> None:
    """Add `status` to the parser."""
    status = command("status", t("help.status"), "branchtui.cli.status:status")
    status.add_argument("--json", action="store_true", help=t("help.json"))
    status.add_argument("--check", action="store_true", help=t("help.status.check"))


def open_light(ctx: Context) -> sqlite3.Connection:
    """A plain read connection to the up-to-date database (the light path: an older one
    is migrated through the full open path first); the database's safety warnings and a
    snapshot's go to stderr."""
    from pathlib import Path

    from branchtui.storage.location import safety_warnings
    from branchtui.storage.schema import MigrationPending, open_for_reading

    path = Path(ctx.db_path())
    try:
        connection, snapshot = open_for_reading(path)
    except MigrationPending:
        ctx.db().close()  # the full path migrates (with a backup), then read again
        connection, snapshot = open_for_reading(path)
    else:
        # As every other command warns through the full open path (SPEC §8).
        for key, params in safety_warnings(path, ctx.settings.get("database.group")):
            ctx.warn(t(key, **params))
    if snapshot:
        from branchtui.storage.location import snapshot_warning

        key, params = snapshot_warning(path)
        ctx.warn(t(key, **params))
    return connection


def load(ctx: Context, limit: int | None) -> Summary:
    """The year's summary, its lists cut to `limit` lines (all when None), read in one
    transaction through the light path; the database's safety warnings go to stderr."""
    from branchtui.domain.stages import Rules
    from branchtui.domain.summary import read_summary

    rules = Rules.from_mapping(ctx.settings.rules())
    connection = open_light(ctx)
    try:
        return read_summary(connection, ctx.year, ctx.today, rules, limit=limit)
    finally:
        connection.close()


def status(ctx: Context) -> int:
    """Print the summary; with --check, exit 3 when anything is overdue."""
    summary = load(ctx, None if ctx.args.json else SHOWN)
    if ctx.args.json:
        ctx.print_json(as_json(summary))
    else:
        from branchtui.cli.lines import LinePrinter

        LinePrinter().write(text_lines(summary))
    return 3 if ctx.args.check and summary.late else 0


# --- JSON ---------------------------------------------------------------------------------


def _item_json(item: DatedItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "number": item.number,
        "title": item.title,
        "due": item.due.isoformat(),
        "owner": item.owner,
    }


def _period_json(ref: PeriodRef) -> dict[str, Any]:
    return {
        "entry_id": ref.entry_id,
        "position": ref.position,
        "title": ref.title,
        "period": ref.period,
        "last_day": ref.last_day.isoformat(),
        "done": ref.done,
    }


def as_json(summary: Summary) -> dict[str, Any]:
    """SPEC §5's fixed shape, with what late work there is listed in full."""
    return {
        "branch": summary.branch,
        "year": summary.year,
        "today": summary.today.isoformat(),
        "late": summary.late,
        "plan": {
            "total": summary.total,
            "by_status": summary.by_status,
            "percent": summary.percent,
            "overdue": [_item_json(i) | {"days_late": i.days} for i in summary.overdue],
            "due_soon_days": summary.due_soon_days,
            "due_soon": [_item_json(i) | {"days_left": i.days} for i in summary.due_soon],
            "overdue_steps": [
                {
                    "id": step.id,
                    "title": step.title,
                    "due": step.due.isoformat(),
                    "days_late": step.days,
                    "item_id": step.item_id,
                    "item_number": step.item_number,
                    "item_title": step.item_title,
                }
                for step in summary.overdue_steps
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
                "due_now": [_period_json(ref) for ref in c.due_now],
                "overdue": [_period_json(ref) for ref in c.overdue],
            }
            for c in summary.checklists
        ],
        "members": {
            "total": summary.members_total,
            "by_stage": summary.by_stage,
            "reminders": [
                {
                    "member_id": r.member_id,
                    "name": r.name,
                    "kind": r.kind,
                    "date": r.date.isoformat(),
                    "overdue": r.overdue,
                    **({"last": r.last.isoformat() if r.last else None} if r.months else {}),
                }
                for r in summary.reminders
            ],
        },
        "meetings": [
            {
                "kind": row.kind,
                "group": row.group,
                "due": row.due,
                "held": row.held,
                "overdue": row.overdue,
            }
            for row in summary.meetings
        ],
    }


# --- text ---------------------------------------------------------------------------------


def text_lines(summary: Summary) -> list[list[Segment]]:
    """The human summary: plan, what is late or due soon, checklists, members, and a last
    line saying what is overdue (or that nothing is). Lines are cut at the terminal's edge
    rather than wrapped (cli/lines.py: plain text, not rich, for speed)."""
    heading = t("status.heading", year=summary.year, today=summary.today.isoformat())
    lines: list[list[Segment]] = [
        [(safe(summary.branch), "bold"), ("  " + heading, "")],
        [(t("status.plan", done=summary.done, total=summary.total, percent=summary.percent), "")],
    ]
    counts = "  ".join(f"{label('status', code)} {n}" for code, n in summary.by_status.items() if n)
    if counts:
        lines.append([("  " + counts, "")])
    elif summary.plan_years:
        years = t("list.separator").join(str(y) for y in summary.plan_years)
        lines.append([("  " + t("status.other_years", years=years), "")])
    lines += _items(summary)
    lines += _steps(summary)
    if summary.checklists:
        lines.append([(t("status.checklists"), "")])
        for checklist in summary.checklists:
            lines += _checklist(checklist)
    lines += _meetings(summary)
    lines += _members(summary)
    lines.append(_verdict(summary))
    return lines


def _more(shown: int, count: int) -> list[list[Segment]]:
    return [[("    " + t("status.more", count=count - shown), "")]] if count > shown else []


def _item_line(item: DatedItem, mark: str, when: str) -> list[Segment]:
    # Due and owner first: a long title is cut at the terminal's edge, not them.
    owner = f"{safe(item.owner)}  " if item.owner else ""
    return [
        ("  ", ""),
        (mark, "red" if mark == LATE else ""),
        (f" {when}  {owner}{item.number}. {safe(item.title)}", ""),
    ]


def _items(summary: Summary) -> list[list[Segment]]:
    lines: list[list[Segment]] = []
    if summary.overdue_count:
        lines.append([(tn("status.overdue", summary.overdue_count), "bold red")])
        for item in summary.overdue:
            late = tn("status.days_late", item.days, due=item.due.isoformat())
            lines.append(_item_line(item, LATE, late))
        lines += _more(len(summary.overdue), summary.overdue_count)
    if summary.due_soon_count:
        count, days = summary.due_soon_count, summary.due_soon_days
        lines.append([(tn("status.due_soon", count, days=days), "bold")])
        for item in summary.due_soon:
            due = item.due.isoformat()
            left = (
                tn("status.days_left", item.days, due=due)
                if item.days
                else t("status.due_today", due=due)
            )
            lines.append(_item_line(item, SOON, left))
        lines += _more(len(summary.due_soon), summary.due_soon_count)
    return lines


def _steps(summary: Summary) -> list[list[Segment]]:
    if not summary.overdue_steps_count:
        return []
    lines: list[list[Segment]] = [
        [(tn("status.overdue_steps", summary.overdue_steps_count), "bold red")]
    ]
    for step in summary.overdue_steps:
        late = tn("status.days_late", step.days, due=step.due.isoformat())
        where = f"{step.item_number}. {safe(step.item_title)}"
        lines.append([("  ", ""), (LATE, "red"), (f" {late}  {safe(step.title)}  ‹ {where}", "")])
    lines += _more(len(summary.overdue_steps), summary.overdue_steps_count)
    return lines


def _checklist(checklist: ChecklistSummary) -> list[list[Segment]]:
    done = t("status.checks_done", done=checklist.checks_done, total=checklist.checks_total)
    line: list[Segment] = [(f"  {safe(checklist.title)}  {done} ({checklist.percent}%)", "")]
    if checklist.checks_overdue:
        line.append(("  " + tn("status.checks_overdue", checklist.checks_overdue), "red"))
    lines = [line]
    for ref in checklist.overdue[:PERIODS_SHOWN]:
        late = tn("status.days_late", ref.days_late, due=ref.period)
        lines.append(
            [("    ", ""), (LATE, "red"), (f" {late}  {ref.position}. {safe(ref.title)}", "")]
        )
    if checklist.checks_overdue > PERIODS_SHOWN:
        more = t("status.more_periods", count=checklist.checks_overdue - PERIODS_SHOWN)
        lines.append([("      " + more, "")])
    if checklist.due_now:
        lines.append([("    " + tn("status.due_now", len(checklist.due_now)), "")])
    return lines


def _meetings(summary: Summary) -> list[list[Segment]]:
    """三会一课: periods held of those due, then each kind (and 党小组) with overdue ones."""
    rows = [row for row in summary.meetings if row.due]
    if not rows:
        return []
    from branchtui.cli.meeting_output import kind_text

    held, due = sum(row.held for row in rows), sum(row.due for row in rows)
    line: list[Segment] = [(t("status.meetings", held=held, due=due), "")]
    if summary.meetings_overdue:
        line.append(("  " + tn("status.meetings_overdue", summary.meetings_overdue), "red"))
    lines = [line]
    for row in rows:
        if row.overdue:
            periods = t("list.separator").join(p.period for p in row.periods if p.overdue)
            text = tn("status.meeting_row_overdue", row.overdue, periods=periods)
            lines.append(
                [("  ", ""), (LATE, "red"), (f" {kind_text(row.kind, row.group)}  {text}", "")]
            )
    return lines


def _members(summary: Summary) -> list[list[Segment]]:
    stages = summary.by_stage
    members = stages.get("full", 0) + stages.get("probationary", 0)
    lines: list[list[Segment]] = [
        [
            (
                t(
                    "status.members",
                    count=members,
                    full=stages.get("full", 0),
                    probationary=stages.get("probationary", 0),
                ),
                "",
            )
        ]
    ]
    pipeline = "  ".join(
        f"{label('stage', code)} {stages.get(code, 0)}"
        for code in ("applicant", "activist", "candidate")
        if stages.get(code, 0)
    )
    if pipeline:
        lines.append([("  " + pipeline, "")])
    for reminder in summary.reminders[:SHOWN]:
        lines.append(_reminder(reminder))
    lines += _more(min(SHOWN, len(summary.reminders)), len(summary.reminders))
    return lines


def _reminder(reminder: MemberReminder) -> list[Segment]:
    if reminder.kind in ("no_meetings", "secretary_lecture"):
        from branchtui.cli.meeting_output import reminder_line

        return reminder_line(reminder, reminder.today)
    state = "over" if reminder.overdue else "soon" if reminder.days else "today"
    text = tn(
        f"status.reminder.{reminder.kind}.{state}",
        reminder.days,
        date=reminder.date.isoformat(),
    )
    mark = LATE if reminder.overdue else SOON
    return [
        ("  ", ""),
        (mark, "red" if reminder.overdue else ""),
        (f" {safe(reminder.name)}  {text}", ""),
    ]


def _verdict(summary: Summary) -> list[Segment]:
    """One line: what is overdue, counted by kind, or that nothing is."""
    if not summary.late:
        return [(t("status.no_overdue"), "")]
    counts = [
        ("status.late.items", summary.overdue_count),
        ("status.late.steps", summary.overdue_steps_count),
        ("status.late.periods", summary.checks_overdue),
        ("status.late.probation", summary.probation_overdue),
        ("status.late.assessments", summary.assessments_overdue),
        ("status.late.meetings", summary.meetings_overdue),
    ]
    parts = [tn(key, count) for key, count in counts if count]
    return [(t("status.late", parts=t("status.late.joiner").join(parts)), "bold red")]
