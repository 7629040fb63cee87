"""The plan table: the year's plan items on the line API (`row_table.RowTable`), each row
with its overdue mark, status symbol and progress bar.

10,000 plan items stay instant because nothing is built per row until the row is visible
(see `row_table`). The rows are `PlanRow` tuples in a `PlanModel` (sorted, filtered).
User text goes into Segments as data, never through markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.strip import Strip

from branchtui.display import safe
from branchtui.domain.item_rules import OVERDUE_SYMBOL, STATUS_SYMBOLS
from branchtui.domain.workspace import PlanRow
from branchtui.i18n import label, t
from branchtui.tui.widgets.bars import bar
from branchtui.tui.widgets.plan_model import PlanModel, due_text, layout
from branchtui.tui.widgets.row_model import GAP, Column
from branchtui.tui.widgets.row_table import RowTable

BAR_WIDTH = 4


class PlanTable(RowTable[PlanRow]):
    """The year's plan items, one line each, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort", "key.plan.sort", show=False, id="plan.sort"),
        Binding("S", "sort_reverse", "key.plan.sort_reverse", show=False, id="plan.sort_reverse"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "plan-table--overdue",
        "plan-table--bar",
        *(f"plan-table--{status}" for status in STATUS_SYMBOLS),
    }
    DEFAULT_CSS = """
    PlanTable {
        & > .plan-table--overdue { color: $error; text-style: bold; }
        & > .plan-table--bar { color: $primary; }
        & > .plan-table--todo { color: $foreground; }
        & > .plan-table--doing { color: $warning; }
        & > .plan-table--review { color: $accent; }
        & > .plan-table--done { color: $success; }
        & > .plan-table--blocked { color: $error; }
        & > .plan-table--cancelled { color: $text-muted; }
    }
    """

    class CursorMoved(RowTable.CursorMoved):
        """The cursor is on another item (or on none)."""

    def __init__(self, *, year: int, id: str | None = None) -> None:
        super().__init__(PlanModel(), id=id)
        self.year = year

    def show_rows(self, rows: list[PlanRow], year: int, *, keep: int | None = None) -> None:
        """The year's rows; the cursor stays on item `keep` (default: the current row)
        when it is still shown, else at the same place."""
        self.year = year
        self.load_rows(rows, keep=keep)

    def select_item(self, item_id: int) -> bool:
        """Put the cursor on item `item_id`; False when it is not shown."""
        return self.select_id(item_id)

    # -- rendering --------------------------------------------------------------------------
    def columns_for(self, width: int) -> list[Column]:
        return layout(width, self.model.rows, self.year)

    def empty_text(self) -> str:
        query = self.model.query.strip()
        return t("tui.plan.no_match", query=safe(query)) if query else t("tui.plan.empty")

    def row_strip(self, row: PlanRow, columns: list[Column], width: int) -> Strip:
        # Partial styles (colour, weight; no background of their own), so the cursor's
        # background runs under every cell of its row.
        status_style = self.get_component_rich_style(f"plan-table--{row.status}", partial=True)
        overdue = self.get_component_rich_style("plan-table--overdue", partial=True)
        bar_style = self.get_component_rich_style("plan-table--bar", partial=True)
        values = {
            "number": str(row.number),
            "title": safe(row.title),
            "category": label("category", row.category),
            "owner": safe(row.owner or ""),
            "due": due_text(row.due, self.year),
            "status": f"{STATUS_SYMBOLS.get(row.status, '?')} {label('status', row.status)}",
        }
        styles: dict[str, Style] = {"status": status_style}
        if row.overdue:
            styles["due"] = overdue
            styles["title"] = overdue
        segments = [Segment(OVERDUE_SYMBOL if row.overdue else " ", overdue)]
        for column in columns:
            if column.name == "progress":
                filled = bar(row.progress, BAR_WIDTH)
                segments.append(Segment(filled, bar_style))
                segments.append(Segment(f"{row.progress:>4}%"[-(column.width - BAR_WIDTH) :]))
                segments.append(Segment(" " * GAP))
            else:
                segments.extend(self.cells([column], values, styles))
        return Strip(segments).adjust_cell_length(width)


__all__ = ["PlanTable"]
