"""The 三会一课 part of the Markdown progress report (`exchange.markdown`): each year's
board as a table of kinds × quarters, with what was held, and its overdue periods for the
report's list of overdue work.

Read through the board's light path (`domain.meeting_board.load_board`). A year of a
branch that records no meetings has no such part (it keeps its minutes elsewhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from branchtui.domain.dates import days_overdue
from branchtui.domain.meeting_kinds import kind_label
from branchtui.i18n import label, t

if TYPE_CHECKING:
    from branchtui.domain.meeting_board import BoardRow, MeetingBoard

__all__ = ["boards", "overdue_lines", "section"]

# A period's cell: held, overdue, due now, not yet due (blank).
SYMBOL = {"held": "✓", "overdue": "✗", "due": "·", "not_due": ""}
QUARTERS = (1, 2, 3, 4)


def boards(path: Path, years: Sequence[int], today: date) -> dict[int, MeetingBoard]:
    """The board of each year, as of `today`."""
    from branchtui.domain.meeting_board import load_board

    return {year: load_board(path, year, today) for year in years}


def overdue_lines(boards: dict[int, MeetingBoard], today: date) -> list[tuple[date, str]]:
    """Each overdue period of every year's board as (last day, Markdown list line)."""
    lines = []
    for board in boards.values():
        for row in board.rows:
            for cell in row.periods:
                if cell.overdue:
                    facts = [
                        t("md.due_on", due=cell.last_day.isoformat()),
                        _days(days_overdue(cell.last_day, today)),
                    ]
                    text = t(
                        "md.overdue_meeting",
                        kind=kind_label(row.kind, row.group),
                        period=cell.period,
                    )
                    lines.append(
                        (
                            cell.last_day,
                            "- " + text + t("md.separator") + t("md.list_joiner").join(facts),
                        )
                    )
    return lines


def _days(days: int) -> str:
    return t("md.days_one" if days == 1 else "md.days", days=days)


def section(board: MeetingBoard) -> list[str]:
    """`### 三会一课`: what was held, then the board by quarter; nothing when the branch
    records no meetings."""
    from branchtui.exchange.markdown import table

    if board.starts_on is None and not any(board.counts.values()):
        return []
    due = sum(row.due for row in board.rows)
    held = sum(row.held for row in board.rows)
    counts = t("md.meetings_joiner").join(
        t("md.meeting_count", kind=kind_label(kind), count=count)
        for kind, count in board.counts.items()
        if count
    )
    summary = t(
        "md.meetings_summary", counts=counts or "-", due=due, held=held, overdue=board.overdue
    )
    headers = [t("md.col.meeting"), t("md.col.frequency")]
    headers += [t(f"md.col.q{quarter}") for quarter in QUARTERS]
    rows = [
        [kind_label(row.kind, row.group), label("frequency", row.frequency), *_quarters(row)]
        for row in board.rows
    ]
    return [
        f"### {t('md.meetings_heading')}",
        summary,
        t("md.meetings_legend"),
        table(headers, rows),
    ]


def _quarters(row: BoardRow) -> list[str]:
    """A row's periods by the quarter each ends in (three a quarter for monthly meetings)."""
    cells: dict[int, list[str]] = {quarter: [] for quarter in QUARTERS}
    for cell in row.periods:
        cells[(cell.last_day.month - 1) // 3 + 1].append(SYMBOL[cell.state])
    return [" ".join(cells[quarter]).strip() for quarter in QUARTERS]
