"""What the checklist screen says around its grid, as rich `Text`: the line of the year's
checklists (the one shown highlighted), what the cell under the cursor is (its period,
its state in words, who ticked it and when, the evidence), and the legend.

Plain functions over the domain's views, tested without Textual. User text is never
markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.style import Style
from rich.text import Text

from branchtui.display import cell_width, fit, local_time, safe
from branchtui.domain.checklist_year import ChecklistView, EntryView, PeriodView
from branchtui.domain.periods import SINGLE_PERIOD, period_label
from branchtui.i18n import label, t, tn
from branchtui.tui.widgets.grid_model import STATES, SYMBOLS, cell_state

TAB_TITLE = 24  # cells of a checklist's title on the line of checklists (the current: all)


def tabs_line(views: Sequence[ChecklistView], current: int, width: int, chosen: Style) -> Text:
    """`‹ 1/3 ›` and the checklists' titles, the current one highlighted, cut to `width`
    around it."""
    if not views:
        return Text(" " + t("tui_checklists.none_short"), style="dim")
    head = f" {current + 1}/{len(views)} "
    chips = []
    for index, view in enumerate(views):
        room = width if index == current else TAB_TITLE
        chips.append((f" {fit(safe(view.title), room)} ", index == current))
    # From the current one, add neighbours while they fit (later ones first).
    shown = [current]
    used = cell_width(head) + cell_width(chips[current][0])
    left, right = current - 1, current + 1
    while left >= 0 or right < len(chips):
        for index in (right, left):
            if 0 <= index < len(chips) and used + cell_width(chips[index][0]) + 2 <= width:
                shown.append(index)
                used += cell_width(chips[index][0])
        left, right = left - 1, right + 1
    shown.sort()
    text = Text(head, style="bold")
    if shown[0] > 0:
        text.append("…")
    for index in shown:
        chip, selected = chips[index]
        text.append(chip, style=chosen if selected else "dim")
    if shown[-1] < len(chips) - 1:
        text.append("…")
    text.truncate(width, overflow="ellipsis")
    return text


def period_name(cell: PeriodView, entry: EntryView) -> str:
    """A period as a heading names it: 2024年, H1, Q3, 7月."""
    if entry.frequency in SINGLE_PERIOD:
        return t("tui_checklists.year_period", year=cell.period)
    return period_label(cell.period, entry.frequency)


def entry_line(entry: EntryView, width: int) -> Text:
    """`7. title  每月 · 责任人 书记`."""
    facts = [label("frequency", entry.frequency)]
    if entry.frequency in SINGLE_PERIOD:
        facts.append(t(f"tui_checklists.due_month.{entry.due_month or 12}"))
    if entry.owner:
        facts.append(t("tui_checklists.owner", owner=safe(entry.owner)))
    tail = "  " + " · ".join(facts)
    head = f"{entry.position}. "
    room = max(8, width - cell_width(head) - cell_width(tail))
    text = Text(head + fit(safe(entry.title), room), style="bold")
    text.append(tail, style="dim")
    return text


def cell_line(
    entry: EntryView,
    cell: PeriodView,
    starts_on: date | None,
    today: date,
    styles: dict[str, Style],
) -> Text:
    """The cell under the cursor: its period and days, its state in words (and who ticked
    it when)."""
    state = cell_state(cell, starts_on)
    days = t(
        "tui_checklists.days",
        first=cell.first_day.strftime("%m-%d"),
        last=cell.last_day.strftime("%m-%d"),
    )
    text = Text(f"{period_name(cell, entry)} ({days})  ")
    text.append(f"{SYMBOLS[state].strip() or '○'} ", style=styles.get(state, ""))
    if state == "done":
        at = local_time(cell.done_at) if cell.done_at else ""
        said = t("tui_checklists.state.done", who=safe(cell.done_by or ""), at=at)
    elif state == "overdue":
        said = tn("tui_checklists.state.overdue", (today - cell.last_day).days)
    elif state == "due":
        said = t("tui_checklists.state.due", last=cell.last_day.isoformat())
    elif state == "not_counted":
        start = starts_on.isoformat() if starts_on else ""
        said = t("tui_checklists.state.not_counted", starts_on=start)
    else:
        said = t("tui_checklists.state.not_yet", first=cell.first_day.isoformat())
    text.append(said, style=styles.get(state, "") if state != "not_yet" else "")
    return text


def evidence_line(entry: EntryView, cell: PeriodView, width: int) -> Text:
    """The evidence given with the tick (one line, cut), or how to give some; the entry's
    note when it has one."""
    if cell.done and cell.evidence:
        evidence = " ".join(safe(cell.evidence).split())
        return Text(fit(t("tui_checklists.evidence", evidence=evidence), width))
    key = "tui_checklists.no_evidence" if cell.done else "tui_checklists.tick_hint"
    text = Text(t(key), style="dim")
    if entry.note:
        note = " ".join(safe(entry.note).split())
        room = width - text.cell_len - 2
        if room > 8:
            text.append("  " + fit(t("tui_checklists.note", note=note), room), style="dim")
    return text


def legend(starts_on: date | None, styles: dict[str, Style], width: int) -> Text:
    """Every symbol and what it means; the day the checklist counts from."""
    text = Text()
    for state in STATES:
        symbol = SYMBOLS[state].strip() or t("tui_checklists.blank")
        text.append(symbol, style=styles.get(state, ""))
        text.append(f" {t(f'tui_checklists.legend.{state}')}  ", style="dim")
    if starts_on is not None:
        since = t("tui_checklists.since", starts_on=starts_on.isoformat())
        if text.cell_len + cell_width(since) <= width:
            text.append(since, style="dim")
    text.truncate(width, overflow="ellipsis")
    return text


__all__ = [
    "cell_line",
    "entry_line",
    "evidence_line",
    "legend",
    "period_name",
    "tabs_line",
]
