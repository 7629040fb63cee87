"""What the plan table shows, without Textual: the rows in the chosen order, filtered, and
the columns fitted to the terminal's width.

Built for 10,000 rows (`row_model`): the order is computed once per sort, the filter's
haystacks once per order (titles case-folded; owners grouped, so a query is matched
against each distinct owner's stored pinyin key once, not once per row), so a keystroke
in the filter is a scan of plain lists. Pinyin is never computed here: `names.matches`
reads the stored keys.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from branchtui.display import cell_width
from branchtui.domain.item_rules import CATEGORIES, STATUSES
from branchtui.domain.names import matches
from branchtui.domain.workspace import PlanRow
from branchtui.i18n import label, t
from branchtui.tui.widgets.row_model import GAP, Column, RowModel

# The columns, in the order shown; `s` cycles the sort through SORT_CYCLE.
COLUMNS = ("number", "title", "category", "owner", "due", "status", "progress")
SORT_CYCLE = ("number", "due", "status", "progress", "owner", "category", "title")
MARKER = 1  # the overdue mark before 序号
MIN_TITLE = 10


def _owner_order(row: PlanRow) -> tuple[int, str]:
    # By pinyin (the stored key's first reading), as people expect names in order;
    # owner text has no key and follows its own text; no owner comes last.
    if row.owner is None:
        return (2, "")
    if row.owner_key:
        return (0, row.owner_key.split(" ", 1)[0])
    return (1, row.owner)


_CATEGORY_RANK = {code: rank for rank, code in enumerate(CATEGORIES)}
_STATUS_RANK = {code: rank for rank, code in enumerate(STATUSES)}
_SORT_KEYS: dict[str, Callable[[PlanRow], Any]] = {
    "number": lambda r: (r.number, r.id),
    "title": lambda r: (r.title.casefold(), r.number),
    "category": lambda r: (_CATEGORY_RANK.get(r.category, 99), r.number),
    "owner": lambda r: (_owner_order(r), r.number),
    "due": lambda r: (r.due is None, r.due or date.min, r.number),
    "status": lambda r: (_STATUS_RANK.get(r.status, 99), r.number),
    "progress": lambda r: (r.progress, r.number),
}


class PlanModel(RowModel[PlanRow]):
    """The plan's rows as the table shows them: sorted, then filtered by title, owner
    (name, pinyin, initials) or 序号."""

    SORT_KEYS: ClassVar[dict[str, Callable[[Any], Any]]] = _SORT_KEYS
    SORT_CYCLE = SORT_CYCLE

    def __init__(self) -> None:
        super().__init__("number")
        self._titles: list[str] = []  # case-folded titles, in sorted order
        self._owner_slot: list[int] = []  # index into _owners, in sorted order
        self._owners: list[tuple[str, str]] = []  # distinct (owner, stored key)

    def prepare(self, ordered: list[PlanRow]) -> None:
        self._titles = [row.title.casefold() for row in ordered]
        slots: dict[tuple[str, str], int] = {}
        self._owner_slot = [
            slots.setdefault((row.owner or "", row.owner_key), len(slots)) for row in ordered
        ]
        self._owners = list(slots)

    def matching(self, needle: str) -> list[PlanRow]:
        owner_hits = [bool(name) and matches(needle, name, key) for name, key in self._owners]
        number = int(needle) if needle.isdigit() else None
        titles, slots = self._titles, self._owner_slot
        return [
            row
            for index, row in enumerate(self._sorted)
            if needle in titles[index] or owner_hits[slots[index]] or row.number == number
        ]


# -- columns ---------------------------------------------------------------------------------
def _labels_width(kind: str, codes: tuple[str, ...]) -> int:
    return max(cell_width(label(kind, code)) for code in codes)


def due_text(due: date | None, year: int) -> str:
    """A due date as the table shows it: `06-30` in the plan year, else in full."""
    if due is None:
        return ""
    return due.strftime("%m-%d") if due.year == year else due.isoformat()


def layout(width: int, rows: list[PlanRow], year: int) -> list[Column]:
    """The columns fitted to `width` cells: every column but the title at the width its
    content needs (category and owner capped), the title taking what is left."""
    headings = {name: t(f"tui.col.{name}") for name in COLUMNS}
    numbers = max((len(str(row.number)) for row in rows), default=1)
    full_dates = any(row.due is not None and row.due.year != year for row in rows)
    widths = {
        "number": max(cell_width(headings["number"]), numbers),
        "category": min(8, _labels_width("category", CATEGORIES)),
        "owner": 6,
        "due": 10 if full_dates else 5,
        "status": 2 + _labels_width("status", STATUSES),
        "progress": 9,  # a 4-cell bar and " 100%"
    }
    if width >= 100:  # room to spare: show categories and owners whole
        widths["category"] = _labels_width("category", CATEGORIES)
        widths["owner"] = 10
    for name, value in widths.items():
        widths[name] = max(value, cell_width(headings[name]) + 1)  # + the sort arrow
    fixed = MARKER + sum(widths.values()) + GAP * (len(COLUMNS) - 1)
    widths["title"] = max(MIN_TITLE, width - fixed)
    return [Column(name, headings[name], widths[name], right=name == "number") for name in COLUMNS]


__all__ = [
    "COLUMNS",
    "MARKER",
    "SORT_CYCLE",
    "PlanModel",
    "due_text",
    "layout",
]
