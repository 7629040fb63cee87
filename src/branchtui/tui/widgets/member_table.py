"""The member table: the register on the line API (`row_table.RowTable`), one member a
line — 姓名, 性别, 党小组, 职务, 阶段, 入党/转正, 下一步 (and the phone, masked, where there
is room). A late next step is marked `!` and coloured; those who left are dimmed.

The phone is masked unless the screen has revealed private fields (`revealed`). User
text goes into Segments as data, never through markup.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.strip import Strip

from branchtui.display import safe
from branchtui.domain.item_rules import OVERDUE_SYMBOL
from branchtui.domain.member_rows import MemberRow
from branchtui.domain.privacy import shown
from branchtui.i18n import t
from branchtui.tui.widgets.member_model import (
    WIDE,
    MemberModel,
    dates_text,
    gender_text,
    layout,
    next_text,
    stage_text,
)
from branchtui.tui.widgets.row_model import Column
from branchtui.tui.widgets.row_table import RowTable


class MemberTable(RowTable[MemberRow]):
    """The register, one member a line, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort", "key.members.sort", show=False, id="members.sort"),
        Binding(
            "S", "sort_reverse", "key.members.sort_reverse", show=False, id="members.sort_reverse"
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "member-table--late",
        "member-table--soon",
        "member-table--left",
    }
    DEFAULT_CSS = """
    MemberTable {
        & > .member-table--late { color: $error; text-style: bold; }
        & > .member-table--soon { color: $warning; }
        & > .member-table--left { text-style: dim; }
    }
    """
    # A next step within this many days is coloured as coming soon.
    SOON_DAYS = 30

    class CursorMoved(RowTable.CursorMoved):
        """The cursor is on another member (or on none)."""

    def __init__(self, *, today: date, id: str | None = None) -> None:
        super().__init__(MemberModel(), id=id)
        self.today = today
        self.revealed = False

    def reveal(self, revealed: bool) -> None:
        """Show the private fields (True) or mask them again."""
        if revealed != self.revealed:
            self.revealed = revealed
            self.redraw()

    def columns_for(self, width: int) -> list[Column]:
        return layout(width, self.model.rows)

    def empty_text(self) -> str:
        query = self.model.query.strip()
        if query:
            return t("tui.members.no_match", query=safe(query))
        return t("tui.members.empty")

    def row_strip(self, row: MemberRow, columns: list[Column], width: int) -> Strip:
        wide = width >= WIDE
        step = row.next
        late = self.get_component_rich_style("member-table--late", partial=True)
        left = self.get_component_rich_style("member-table--left", partial=True)
        values = {
            "name": safe(row.name),
            "gender": safe(gender_text(row.gender)),
            "group": safe(row.group or ""),
            "post": safe(row.post or ""),
            "stage": stage_text(row.stage, not wide),
            "dates": dates_text(row, wide),
            "next": next_text(step, self.today),
            "phone": safe(shown(row.phone, self.revealed) or ""),
        }
        styles: dict[str, Style] = {}
        is_late = step is not None and step.late and row.active
        if is_late:
            styles["next"] = late
        elif step is not None and step.date is not None and row.active:
            days = (step.date - self.today).days
            if 0 <= days <= self.SOON_DAYS and step.kind in ("talk", "assessment", "probation_end"):
                styles["next"] = self.get_component_rich_style("member-table--soon", partial=True)
        segments = [Segment(OVERDUE_SYMBOL if is_late else " ", late)]
        segments.extend(self.cells(columns, values, styles))
        strip = Strip(segments).adjust_cell_length(width)
        return strip if row.active else strip.apply_style(left)


__all__ = ["MemberTable"]
