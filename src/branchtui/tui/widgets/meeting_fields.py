"""A meeting's people and the plan item it serves, found as an item's owner is: a host,
recorder or lecturer by name, pinyin or initials (or kept as text); the item by its 序号,
part of its title, or its owner's name or pinyin (the owner field's search, over the
year's items)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from branchtui.domain.workspace import OwnerChoice, PlanRow
from branchtui.i18n import t
from branchtui.tui.widgets.owner_field import OwnerField


def item_choices(rows: Sequence[PlanRow]) -> list[OwnerChoice]:
    """The year's items as the field offers them: `序号. title`, searched by the owner's
    stored pinyin key too, the owner shown beside."""
    return [
        OwnerChoice(row.id, f"{row.number}. {row.title}", row.owner_key, row.owner, None)
        for row in rows
    ]


class PersonField(OwnerField):
    """Who hosted, recorded or lectured: a member picked, or a name kept as text (a
    lecturer from the higher Party committee)."""

    PLACEHOLDER = "tui_meetings.form.person_placeholder"
    HINTS: ClassVar[dict[str, str]] = {
        **OwnerField.HINTS,
        "none": "tui_meetings.form.person_none",
        "text": "tui_meetings.form.person_text",
    }


class ItemField(OwnerField):
    """A plan item of the year, or none; text that names no item is not one."""

    PLACEHOLDER = "tui_meetings.form.item_placeholder"

    @property
    def item_id(self) -> int | None:
        """The item chosen (None: none, or text that names no item)."""
        value = self.value
        return value.member_id if value is not None else None

    @property
    def unmatched(self) -> bool:
        """Text typed that names no item."""
        value = self.value
        return value is not None and value.member_id is None

    def _hint(self) -> None:
        value = self.value
        if value is None:
            key = "tui_meetings.form.item_none"
        elif value.member_id is None:
            key = "tui_meetings.form.item_unmatched"
        else:
            key = "tui_meetings.form.item_chosen"
        self.query_one(".owner-hint", Static).update(Text(t(key), style="dim"))


__all__ = ["ItemField", "PersonField", "item_choices"]
