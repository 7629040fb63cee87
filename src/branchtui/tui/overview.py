"""What the dashboard shows, from the year's summary (`domain.summary.Summary`): the
counters, and a list of what needs attention (overdue and due-soon items, late steps,
checklist periods overdue or due now, members' coming dates), each line knowing the
record it opens.

Plain data and rich `Text` (user text is never markup); no widgets, so it is tested
without Textual running. The summary is read with `limit=SHOWN`: its lists hold the
lines shown, its counts stay complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text

from branchtui.display import cell_width, fit, safe
from branchtui.domain.item_rules import OVERDUE_SYMBOL, STATUS_SYMBOLS
from branchtui.domain.meeting_kinds import kind_label
from branchtui.domain.summary import ChecklistSummary, PeriodRef, Summary
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

    `kind`: heading or note (open nothing), item (`target` an item id), period (a
    checklist entry id, `period` its period), member (a member id), meetings (screen 5).
    """

    kind: str
    text: Text
    target: int | None = None
    period: str | None = None


def headline(summary: Summary, width: int, styles: Styles) -> Text:
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


def status_counts(summary: Summary, styles: Styles, width: int = 80) -> Text:
    """Every status with its symbol, label and count (closer together when they would not
    fit on one line)."""
    counts = summary.by_status.items()
    parts = [f"{STATUS_SYMBOLS.get(code, '?')} {label('status', code)} {n}" for code, n in counts]
    # Two spaces between them, else one, else the symbol against its label too (four-digit
    # counts at 80 columns).
    gap, joint = "  ", " "
    if cell_width(gap.join(parts)) > width:
        gap = " "
        if cell_width(gap.join(parts)) > width:
            joint = ""
    text = Text()
    for code, count in counts:
        if text:
            text.append(gap)
        text.append(f"{STATUS_SYMBOLS.get(code, '?')}{joint}", style=styles[f"status-{code}"])
        text.append(f"{label('status', code)} {count}")
    return text


def checklist_lines(summary: Summary, width: int, styles: Styles) -> list[Text]:
    """One line per checklist: ticked of due, overdue; one line for them all when there
    are more than CHECKLIST_LINES (their overdue periods are in the attention list)."""
    checklists = summary.checklists
    if not checklists:
        return [Text(t("tui.dash.no_checklists"), style=styles["muted"])]
    if len(checklists) > CHECKLIST_LINES:
        text = Text(t("tui.dash.checklists", count=len(checklists)), style="bold")
        done = sum(tally.checks_done for tally in checklists)
        total = sum(tally.checks_total for tally in checklists)
        _tally(text, done, total, summary.checks_overdue, styles)
        return [text]
    lines = []
    for tally in checklists:
        text = Text(fit(safe(tally.title), max(10, width // 2)), style="bold")
        _tally(text, tally.checks_done, tally.checks_total, tally.checks_overdue, styles)
        lines.append(text)
    return lines


def _tally(text: Text, done: int, total: int, late: int, styles: Styles) -> None:
    text.append("  " + t("tui.dash.checks", done=done, total=total))
    if late:
        text.append("  " + t("status.checks_overdue", count=late), styles["overdue"])


def members_line(summary: Summary, width: int = 80) -> Text:
    """Active members by stage, on one line: the stages' short names (积极分子) when the
    full ones would wrap."""
    head = t("tui.dash.members", count=summary.members_total)
    stages = [(code, n) for code, n in summary.by_stage.items() if n]
    line = ""
    # Full names, else short ones, else with a tighter separator (a comma in English,
    # where words without one run together), else none (hundreds in each stage).
    for name, gap, dot in (
        (lambda code: label("stage", code), "  ", " · "),
        (_short_stage, "  ", " · "),
        (_short_stage, " ", t("tui.dash.stage_separator")),
        (_short_stage, " ", " "),
    ):
        line = gap.join([head, dot.join(f"{name(code)} {n}" for code, n in stages)])
        if cell_width(line) <= width:
            break
    return Text(line.rstrip())


def meetings_line(summary: Summary, styles: Styles) -> Text | None:
    """三会一课: periods held of those due so far, and how many are overdue (None before
    the branch has any meeting period due, as `status`)."""
    rows = [row for row in summary.meetings if row.due]
    if not rows:
        return None
    held, due = sum(row.held for row in rows), sum(row.due for row in rows)
    text = Text(t("status.meetings", held=held, due=due))
    if summary.meetings_overdue:
        text.append("  ")
        text.append(tn("status.meetings_overdue", summary.meetings_overdue), styles["overdue"])
    return text


def _short_stage(code: str) -> str:
    return t(f"tui.members.stage_short.{code}")


def attention(summary: Summary, width: int, styles: Styles) -> list[Attention]:
    """Everything that needs doing, most urgent first, headed by kind."""
    lines: list[Attention] = []
    today = summary.today
    numbers = [item.number for item in (*summary.overdue, *summary.due_soon)]
    numbers += [step.item_number for step in summary.overdue_steps]
    digits = max((len(str(number)) for number in numbers), default=1)
    if summary.overdue_count:
        lines.append(_heading(tn("tui.dash.overdue_items", summary.overdue_count)))
        for item in summary.overdue[:SHOWN]:
            when = tn("status.days_late", item.days, due=_day(item.due, today))
            head = f"{OVERDUE_SYMBOL} {item.number:>{digits}}"
            line = _line(head, safe(item.title), safe(item.owner or ""), when, width, styles)
            lines.append(Attention("item", line, item.id))
        lines.extend(_more(summary.overdue_count, styles))
    if summary.due_soon_count:
        days = summary.due_soon_days
        lines.append(_heading(t("tui.dash.due_soon", days=days, count=summary.due_soon_count)))
        for item in summary.due_soon[:SHOWN]:
            day = _day(item.due, today)
            when = tn("tui.dash.due_in", item.days, due=day)
            if not item.days:
                when = t("tui.dash.due_today", due=day)
            head = f"  {item.number:>{digits}}"
            line = _line(head, safe(item.title), safe(item.owner or ""), when, width, styles)
            lines.append(Attention("item", line, item.id))
        lines.extend(_more(summary.due_soon_count, styles))
    if summary.overdue_steps_count:
        lines.append(_heading(tn("tui.dash.overdue_steps", summary.overdue_steps_count)))
        for step in summary.overdue_steps[:SHOWN]:
            when = tn("status.days_late", step.days, due=_day(step.due, today))
            head = f"{OVERDUE_SYMBOL} {step.item_number:>{digits}}"
            title = f"{safe(step.item_title)} › {safe(step.title)}"
            lines.append(
                Attention("item", _line(head, title, "", when, width, styles), step.item_id)
            )
        lines.extend(_more(summary.overdue_steps_count, styles))
    lines.extend(_periods(summary, width, styles))
    lines.extend(_meetings(summary, width, styles))
    lines.extend(_reminders(summary, width, styles))
    if not lines:
        lines.append(Attention("note", Text(t("tui.dash.all_clear"), style=styles["muted"])))
    return lines


def _day(day: date, today: date) -> str:
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


def _heading(text: str) -> Attention:
    return Attention("heading", Text(text, style="bold"))


def _more(count: int, styles: Styles) -> list[Attention]:
    """ "… and N more" when `count` lines are more than those shown."""
    if count <= SHOWN:
        return []
    more = Text("   " + t("tui.dash.more", count=count - SHOWN), style=styles["muted"])
    return [Attention("note", more)]


def _line(head: str, title: str, owner: str, when: str, width: int, styles: Styles) -> Text:
    """` ! 12 title…  owner  when`: the title cut so that the line fits `width`; red when
    the head carries the overdue mark."""
    tail = f"  {owner}  {when}" if owner else f"  {when}"
    head = f" {head} "
    room = max(6, width - cell_width(head) - cell_width(tail) - 1)
    late = styles["overdue"] if OVERDUE_SYMBOL in head else ""
    text = Text(head, style=late)
    text.append(fit(title, room))
    text.append(tail, style=late or styles["muted"])
    return text


def _periods(summary: Summary, width: int, styles: Styles) -> list[Attention]:
    late: list[tuple[ChecklistSummary, PeriodRef]] = []
    now: list[tuple[ChecklistSummary, PeriodRef]] = []
    for checklist in summary.checklists:
        late.extend((checklist, ref) for ref in checklist.overdue)
        now.extend((checklist, ref) for ref in checklist.due_now)
    lines: list[Attention] = []
    for key, refs, marked in (
        ("tui.dash.periods_overdue", late, True),
        ("tui.dash.periods_now", now, False),
    ):
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
            head = OVERDUE_SYMBOL if marked else " "
            line = _line(head, title, "", when, width, styles)
            lines.append(Attention("period", line, ref.entry_id, ref.period))
        lines.extend(_more(len(refs), styles))
    return lines


def _meetings(summary: Summary, width: int, styles: Styles) -> list[Attention]:
    """Each kind (and 党小组) with periods past without its meeting; each opens screen 5."""
    late = [row for row in summary.meetings if row.overdue]
    if not late:
        return []
    lines = [_heading(tn("tui.dash.meetings_overdue", summary.meetings_overdue))]
    for row in late[:SHOWN]:
        periods = [p.period for p in row.periods if p.overdue]
        when = tn(
            "status.meeting_row_overdue", len(periods), periods=t("list.separator").join(periods)
        )
        line = _line(OVERDUE_SYMBOL, safe(kind_label(row.kind, row.group)), "", when, width, styles)
        lines.append(Attention("meetings", line, 0))
    lines.extend(_more(len(late), styles))
    return lines


def _reminders(summary: Summary, width: int, styles: Styles) -> list[Attention]:
    reminders = summary.reminders
    if not reminders:
        return []
    lines = [_heading(tn("tui.dash.reminders", len(reminders)))]
    for reminder in reminders[:SHOWN]:
        key = f"tui.dash.reminder.{reminder.kind}{'_late' if reminder.overdue else ''}"
        when = tn(key, reminder.days, date=reminder.date.isoformat())
        late = styles["overdue"] if reminder.overdue else ""
        text = Text(f" {OVERDUE_SYMBOL if reminder.overdue else ' '}     ", style=late)
        text.append(fit(safe(reminder.name), 12), style="bold")
        text.append("  " + fit(when, max(10, width - 22)), style=late)
        lines.append(Attention("member", text, reminder.member_id))
    return lines + _more(len(reminders), styles)


__all__ = [
    "CHECKLIST_LINES",
    "SHOWN",
    "Attention",
    "Styles",
    "attention",
    "checklist_lines",
    "headline",
    "members_line",
    "status_counts",
]
