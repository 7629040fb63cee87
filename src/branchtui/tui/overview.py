"""What the dashboard shows, from the year's summary: the counters, and a list of what
needs attention (overdue and due-soon items, overdue steps, checklist periods overdue or
due now, members' coming dates), each line knowing the record it opens.

Plain data and rich `Text` (user text is never markup); no widgets, so it is tested
without Textual running.

The summary is `domain.summary.Summary`. A newer one (with `overdue_count`, titles of the
items it lists, `due_soon` items, `overdue_steps`, checklists' periods and `reminders`)
is being merged; everything here reads those with a fallback, so the dashboard shows
what the summary on main gives. TODO: drop the `getattr` fallbacks (and `labels`) once
the fuller summary is on main.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.style import Style
from rich.text import Text

from branchtui.display import cell_width, fit, safe
from branchtui.domain.item_rules import OVERDUE_SYMBOL, STATUS_SYMBOLS
from branchtui.i18n import label, t, tn
from branchtui.tui.widgets.bars import bar, percent_text

# How many lines each kind of attention gets before "… and N more".
SHOWN = 8
# More checklists than this are summed up in one line.
CHECKLIST_LINES = 3


class Styles(dict[str, Style | str]):
    """The dashboard's styles by name (overdue, muted, bar, status-<code>), taken from the
    theme by the screen; a name not given is unstyled."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Attention:
    """One line of the attention list: what it says, and what it opens.

    `kind`: heading (opens nothing), item (`target` an item id), period (a checklist
    entry id), member (a member id), note.
    """

    kind: str
    text: Text
    target: int | None = None


def headline(summary: Any, width: int, styles: Styles) -> Text:
    """`已完成 D/T`, the bar of the plan's mean progress, and the percent."""
    done = t("tui.dash.done", done=summary.done, total=summary.total)
    percent = t("tui.dash.percent", percent=percent_text(summary.percent))
    room = width - cell_width(done) - cell_width(percent) - 4
    text = Text.assemble((done, "bold"), "  ")
    if room >= 8:
        text.append(bar(summary.percent, room), style=styles["bar"])
        text.append("  ")
    text.append(percent)
    return text


def status_counts(summary: Any, styles: Styles) -> Text:
    """Every status with its symbol, label and count."""
    text = Text()
    for code, count in summary.by_status.items():
        if text:
            text.append("  ")
        text.append(f"{STATUS_SYMBOLS.get(code, '?')} ", style=styles[f"status-{code}"])
        text.append(f"{label('status', code)} {count}")
    return text


def checklist_lines(summary: Any, width: int, styles: Styles) -> list[Text]:
    """One line per checklist: ticked of due, overdue; one line for them all when there
    are more than CHECKLIST_LINES (their overdue periods are in the attention list)."""
    checklists = list(summary.checklists)
    if len(checklists) > CHECKLIST_LINES:
        done = sum(tally.checks_done for tally in checklists)
        total = sum(tally.checks_total for tally in checklists)
        late = sum(tally.checks_overdue for tally in checklists)
        text = Text(t("tui.dash.checklists", count=len(checklists)), style="bold")
        text.append("  " + t("tui.dash.checks", done=done, total=total))
        if late:
            text.append("  " + t("status.checks_overdue", count=late), styles["overdue"])
        return [text]
    lines = []
    for tally in checklists:
        text = Text(fit(safe(tally.title), max(10, width // 2)), style="bold")
        text.append("  " + t("tui.dash.checks", done=tally.checks_done, total=tally.checks_total))
        if tally.checks_overdue:
            text.append(
                "  " + t("status.checks_overdue", count=tally.checks_overdue), styles["overdue"]
            )
        lines.append(text)
    if not lines:
        lines.append(Text(t("tui.dash.no_checklists"), style=styles["muted"]))
    return lines


def members_line(summary: Any) -> Text:
    """Active members by stage."""
    text = Text(t("status.members", total=summary.members_total))
    parts = [
        f"{label('stage', code)} {count}"
        for code, count in getattr(summary, "by_stage", {}).items()
        if count
    ]
    if parts:
        text.append("  " + " · ".join(parts))
    return text


def needs_labels(summary: Any) -> bool:
    """The summary lists overdue items by id only (the summary on main today)."""
    return any(not hasattr(item, "title") for item in summary.overdue)


def attention(
    summary: Any, labels: Mapping[int, Any], width: int, styles: Styles
) -> list[Attention]:
    """Everything that needs doing, most urgent first, headed by kind."""
    lines: list[Attention] = []
    today: date = summary.today
    overdue = list(summary.overdue)
    count = getattr(summary, "overdue_count", len(overdue))
    if count:
        lines.append(_heading(tn("tui.dash.overdue_items", count)))
        for item in overdue[:SHOWN]:
            number, title, owner = _item_label(item, labels)
            when = tn("status.overdue_item", item.days, due=_day(item.due, today), days=item.days)
            lines.append(
                _item_line(OVERDUE_SYMBOL, number, title, owner, when, width, item.id, styles)
            )
        lines.extend(_more(count - min(count, SHOWN), styles))
    soon = getattr(summary, "due_soon", 0)
    soon_items = list(soon) if not isinstance(soon, int) else []
    soon_count = getattr(summary, "due_soon_count", soon if isinstance(soon, int) else 0)
    if soon_count:
        lines.append(_heading(t("status.due_soon", days=_soon_days(summary), count=soon_count)))
        for item in soon_items[:SHOWN]:
            number, title, owner = _item_label(item, labels)
            when = tn("tui.dash.due_in", item.days, due=_day(item.due, today))
            lines.append(_item_line(" ", number, title, owner, when, width, item.id, styles))
        lines.extend(_more(soon_count - min(soon_count, SHOWN), styles) if soon_items else [])
    lines.extend(_steps(summary, width, styles))
    lines.extend(_periods(summary, width, styles))
    lines.extend(_reminders(summary, width, styles))
    if not lines:
        lines.append(Attention("note", Text(t("tui.dash.all_clear"), style=styles["muted"])))
    return lines


def _soon_days(summary: Any) -> int:
    return int(getattr(summary, "due_soon_days", 14))


def _day(day: date, today: date) -> str:
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


def _heading(text: str) -> Attention:
    return Attention("heading", Text(text, style="bold"))


def _more(count: int, styles: Styles) -> list[Attention]:
    if count <= 0:
        return []
    return [Attention("note", Text("   " + t("tui.dash.more", count=count), style=styles["muted"]))]


def _item_label(item: Any, labels: Mapping[int, Any]) -> tuple[str, str, str]:
    if hasattr(item, "title"):
        return str(item.number), safe(item.title), safe(item.owner or "")
    row = labels.get(item.id)
    if row is None:
        return "", f"#{item.id}", ""
    return str(row.number), safe(row.title), safe(row.owner or "")


def _item_line(
    mark: str,
    number: str,
    title: str,
    owner: str,
    when: str,
    width: int,
    target: int,
    styles: Styles,
    kind: str = "item",
) -> Attention:
    tail = f"  {owner}  {when}" if owner else f"  {when}"
    head = f" {mark} {number:>3} "
    room = max(6, width - cell_width(head) - cell_width(tail) - 1)
    late = bool(mark.strip())
    text = Text(head, style=styles["overdue"] if late else "")
    text.append(fit(title, room))
    text.append(tail, style=styles["overdue"] if late else styles["muted"])
    return Attention(kind, text, target)


def _steps(summary: Any, width: int, styles: Styles) -> list[Attention]:
    steps = list(getattr(summary, "overdue_steps", ()))
    count = getattr(summary, "overdue_steps_count", len(steps))
    if not count:
        return []
    lines = [_heading(tn("tui.dash.overdue_steps", count))]
    for step in steps[:SHOWN]:
        when = tn(
            "status.overdue_item", step.days, due=_day(step.due, summary.today), days=step.days
        )
        title = f"{safe(step.item_title)} › {safe(step.title)}"
        number = str(step.item_number)
        lines.append(
            _item_line(OVERDUE_SYMBOL, number, title, "", when, width, step.item_id, styles)
        )
    return lines + _more(count - min(count, SHOWN), styles)


def _periods(summary: Any, width: int, styles: Styles) -> list[Attention]:
    late: list[tuple[Any, Any]] = []
    now: list[tuple[Any, Any]] = []
    for checklist in summary.checklists:
        late.extend((checklist, ref) for ref in getattr(checklist, "overdue", ()))
        now.extend((checklist, ref) for ref in getattr(checklist, "due_now", ()))
    lines: list[Attention] = []
    groups = (("tui.dash.periods_overdue", late, True), ("tui.dash.periods_now", now, False))
    for key, refs, marked in groups:
        if not refs:
            continue
        lines.append(_heading(tn(key, len(refs))))
        for checklist, ref in refs[:SHOWN]:
            if marked:
                when = tn("tui.dash.period_late", ref.days_late, period=ref.period)
            else:
                end = _day(ref.last_day, summary.today)
                when = t("tui.dash.period_until", period=ref.period, end=end)
            title = f"{fit(safe(checklist.title), 12)} › {ref.position}. {safe(ref.title)}"
            mark = OVERDUE_SYMBOL if marked else " "
            lines.append(
                _item_line(mark, "", title, "", when, width, ref.entry_id, styles, "period")
            )
        lines.extend(_more(len(refs) - min(len(refs), SHOWN), styles))
    return lines


def _reminders(summary: Any, width: int, styles: Styles) -> list[Attention]:
    reminders = list(getattr(summary, "reminders", ()))
    if not reminders:
        return []
    lines = [_heading(tn("tui.dash.reminders", len(reminders)))]
    for reminder in reminders[:SHOWN]:
        key = f"tui.dash.reminder.{reminder.kind}{'_late' if reminder.overdue else ''}"
        when = tn(key, reminder.days, date=reminder.date.isoformat(), days=reminder.days)
        late = styles["overdue"] if reminder.overdue else ""
        text = Text(f" {OVERDUE_SYMBOL if reminder.overdue else ' '}     ", style=late)
        text.append(fit(safe(reminder.name), 12), style="bold")
        text.append("  " + fit(when, max(10, width - 22)), style=late)
        lines.append(Attention("member", text, reminder.member_id))
    return lines + _more(len(reminders) - min(len(reminders), SHOWN), styles)


__all__ = [
    "SHOWN",
    "Attention",
    "Styles",
    "attention",
    "checklist_lines",
    "headline",
    "members_line",
    "needs_labels",
    "status_counts",
]
