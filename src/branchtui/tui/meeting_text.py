"""What the 三会一课 screen shows, as rich `Text`: the board (each kind, and each 党小组's
group meetings, × the periods of the year), its reminders, and the lines of the year's
meetings.

The board is laid out like `meeting board`: monthly kinds under twelve month headings;
the quarterly and the yearly ones side by side beneath when the width allows (so the
board fits 80×24 with the list under it). ✓ held, · due now, ✗ overdue, blank not due:
symbol and colour. Plain functions over the domain's plain rows, tested without Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from branchtui.display import cell_width, fit, pad, safe
from branchtui.domain.meeting_board import BoardRow, MeetingBoard, MeetingReminder
from branchtui.domain.meeting_kinds import kind_label
from branchtui.domain.meeting_list import MeetingRow
from branchtui.domain.periods import period_label
from branchtui.i18n import t, tn

SYMBOLS = {"held": "✓", "due": "·", "overdue": "✗", "not_due": " "}
STATES = tuple(SYMBOLS)
INDENT = 1
GAP = 2  # between the quarterly and the yearly half of the board's lower part
REMINDERS_SHOWN = 2  # at most this many reminder lines; then how many more
Styles = dict[str, Style]


def kind_text(kind: str, group: str | None) -> str:
    """A kind as shown: 党小组会（第一党小组）; stored text made safe."""
    return safe(kind_label(kind, group))


def _headings(row: BoardRow, compact: bool) -> list[str]:
    return [period_label(p.period, row.frequency, compact=compact) for p in row.periods]


def _centre(text: str, width: int) -> str:
    free = max(0, width - cell_width(text))
    return " " * (free // 2) + text + " " * (free - free // 2)


def _block(
    rows: Sequence[BoardRow], heading: str, label_width: int, compact: bool, styles: Styles
) -> list[Text]:
    """One group of the board: its heading line with the periods, a line per row."""
    names = _headings(rows[0], compact)
    cell = max(cell_width(name) for name in names)
    head = Text(" " * INDENT + pad(heading, label_width) + " ", style="bold")
    head.append(" ".join(_centre(name, cell) for name in names), style="bold")
    lines = [head]
    for row in rows:
        line = Text(" " * INDENT + pad(kind_text(row.kind, row.group), label_width) + " ")
        for index, period in enumerate(row.periods):
            if index:
                line.append(" ")
            line.append(_centre(SYMBOLS[period.state], cell), style=styles.get(period.state, ""))
        lines.append(line)
    return lines


def _width(lines: Sequence[Text]) -> int:
    return max((line.cell_len for line in lines), default=0)


def board_lines(board: MeetingBoard, width: int, styles: Styles) -> list[Text]:
    """The board within `width` cells: a title, the monthly kinds, the quarterly and the
    yearly ones (side by side when they fit), the legend."""
    # Judged as of today: another year's board says which year's today that is.
    today = board.today.strftime("%m-%d" if board.today.year == board.year else "%Y-%m-%d")
    if board.starts_on is None:
        title = t("tui_meetings.board_unjudged", year=board.year, today=today)
    else:
        since = board.starts_on.strftime("%m-%d")
        title = t("tui_meetings.board_title", year=board.year, today=today, since=since)
    lines = [Text(fit(title, width), style="bold")]
    groups = {
        layout: [row for row in board.rows if row.frequency == layout]
        for layout in ("monthly", "quarterly", "yearly")
    }
    labels = [kind_text(row.kind, row.group) for row in board.rows]
    label_width = max([cell_width(x) for x in labels] + [cell_width(t("meeting.group.monthly"))])
    monthly = groups["monthly"]
    if monthly:
        heading = t("meeting.group.monthly")
        block = _block(monthly, heading, label_width, False, styles)
        if _width(block) > width:  # 1…12 instead of 1月…12月
            block = _block(monthly, heading, label_width, True, styles)
        lines += block
    lower = [
        _block(rows, t(f"tui_meetings.group.{layout}"), _labels(rows), False, styles)
        for layout, rows in groups.items()
        if layout != "monthly" and rows
    ]
    if len(lower) == 2 and _width(lower[0]) + GAP + _width(lower[1]) <= width:
        left, right = lower
        room = _width(left) + GAP
        for index in range(max(len(left), len(right))):
            line = left[index].copy() if index < len(left) else Text()
            line.pad_right(room - line.cell_len)
            if index < len(right):
                line.append_text(right[index])
            lines.append(line)
    else:
        for block in lower:
            lines += block
    lines.append(legend(styles, width))
    return lines


def _labels(rows: Sequence[BoardRow]) -> int:
    return max(cell_width(kind_text(row.kind, row.group)) for row in rows)


def legend(styles: Styles, width: int) -> Text:
    """Every symbol of the board and what it means."""
    text = Text(" " * INDENT)
    for state in STATES:
        symbol = SYMBOLS[state].strip() or t("tui_checklists.blank")
        text.append(symbol, style=styles.get(state, ""))
        text.append(f" {t(f'tui_meetings.legend.{state}')}  ", style="dim")
    text.truncate(width, overflow="ellipsis")
    return text


def reminder_lines(
    reminders: Sequence[MeetingReminder], width: int, styles: Styles, shown: int = REMINDERS_SHOWN
) -> list[Text]:
    """The board's reminders (the secretary's 党课; members without meetings), at most
    `shown` lines and then how many more."""
    lines = []
    for reminder in reminders[:shown]:
        name = safe(reminder.name)
        if reminder.kind == "secretary_lecture":
            said = t("meeting.reminder.secretary_lecture", name=name, year=reminder.date.year)
            line = Text(" " * INDENT + "· ", style=styles.get("due", ""))
        else:
            last = reminder.last.isoformat() if reminder.last else None
            key = "meeting.reminder.no_meetings" if last else "meeting.reminder.no_meetings_never"
            said = tn(key, reminder.months, name=name, last=last)
            line = Text(" " * INDENT + "✗ ", style=styles.get("overdue", ""))
        line.append(fit(said, max(8, width - INDENT - 2)))
        lines.append(line)
    if len(reminders) > shown:
        more = tn("tui_meetings.more_reminders", len(reminders) - shown)
        lines.append(Text(" " * (INDENT + 2) + more, style="dim"))
    return lines


# -- the meetings list -----------------------------------------------------------------------
DATE_WIDTH = 5  # MM-DD
KIND_WIDTH = (8, 22)  # the kind column: at least, at most (党小组会（第二党小组）)
MIN_TOPIC = 24
COUNT_WIDTH = 7  # present/expected
QUORUM_WIDTH = 10


def _right(text: str, width: int) -> str:
    return " " * max(0, width - cell_width(text)) + text


def kind_width(rows: Sequence[MeetingRow], width: int) -> int:
    """The kind column: the widest kind shown, within KIND_WIDTH, leaving the topic
    MIN_TOPIC cells."""
    widest = max([cell_width(kind_text(r.kind, r.group)) for r in rows] + [KIND_WIDTH[0]])
    room = width - 1 - DATE_WIDTH - 2 - 2 - 1 - COUNT_WIDTH - QUORUM_WIDTH - MIN_TOPIC
    return max(KIND_WIDTH[0], min(widest, KIND_WIDTH[1], room))


def _topic_width(width: int, kinds: int) -> int:
    return max(8, width - 1 - DATE_WIDTH - 2 - kinds - 2 - 1 - COUNT_WIDTH - QUORUM_WIDTH)


def list_heading(width: int, kinds: int) -> Text:
    """The column titles over the meetings (`kinds`: the kind column's width)."""
    text = " " + pad(t("meeting.col.date"), DATE_WIDTH) + "  " + pad(t("meeting.col.kind"), kinds)
    text += "  " + pad(t("meeting.col.topic"), _topic_width(width, kinds))
    text += " " + _right(t("meeting.col.attendance"), COUNT_WIDTH)
    return Text(text, style="bold")


def meeting_line(row: MeetingRow, width: int, kinds: int, styles: Styles) -> Text:
    """One meeting: when, what, the topic, present/expected, and for a 支部党员大会
    whether it was quorate."""
    kind = pad(kind_text(row.kind, row.group), kinds)
    text = Text(" " + row.held_on.strftime("%m-%d") + "  " + kind + "  ")
    text.append(pad(safe(row.topic or ""), _topic_width(width, kinds)))
    text.append(" " + _right(f"{row.present}/{row.expected}", COUNT_WIDTH))
    if row.quorate is True:
        text.append(" " + t("tui_meetings.quorate"), style=styles.get("held", ""))
    elif row.quorate is False:
        text.append(" ✗ " + t("meeting.not_quorate"), style=styles.get("overdue", ""))
    return text


__all__ = [
    "board_lines",
    "kind_text",
    "kind_width",
    "legend",
    "list_heading",
    "meeting_line",
    "reminder_lines",
]
