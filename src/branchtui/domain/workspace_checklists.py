"""The workspace's checklist area (责任清单): the year's grids and every write to them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from branchtui.domain.workspace_core import WorkspaceCore

if TYPE_CHECKING:
    from branchtui.domain.changes import Written
    from branchtui.domain.checklist_year import ChecklistView, PeriodView
    from branchtui.domain.checklists import EntryChanges, EntryRef
    from branchtui.domain.checks import CheckSeen


class ChecklistArea(WorkspaceCore):
    """责任清单: the year's checklists, their entries and ticks."""

    # checklists
    def checklists(self, year: int) -> list[ChecklistView]:
        """The year's checklists, each entry with every period's state, read in plain SQL
        on the light connection (what `checklist list` reads through the ORM)."""
        from branchtui.domain.checklist_year import read_checklists

        with self._lock:
            return read_checklists(self._connection, year, self.today)

    def new_checklist(
        self,
        year: int,
        *,
        template: str | None = None,
        title: str | None = None,
        starts_on: date | None = None,
    ) -> int:
        """The year's checklist from a template (`ideology`, `integrity`, `stability`) or
        blank with a title; its id."""
        from branchtui.domain import checklists

        if template is not None:
            return checklists.new_from_template(
                self.db, year, template, self.today, starts_on=starts_on
            )
        return checklists.new_blank(self.db, year, title or "", self.today, starts_on)

    def rename_checklist(self, checklist_id: int, title: str, version: int) -> bool:
        """A checklist's new title; False when unchanged."""
        from branchtui.domain.checklists import rename_checklist

        return rename_checklist(self.db, checklist_id, title, expected_version=version)

    def delete_checklist(self, checklist_id: int, version: int) -> None:
        """Delete a checklist with its entries and ticks."""
        from branchtui.domain.checklists import delete_checklist

        delete_checklist(self.db, checklist_id, expected_version=version)

    def add_entry(
        self,
        checklist_id: int,
        title: str,
        frequency: str,
        *,
        due_month: int | None = None,
        owner: str | None = None,
        note: str | None = None,
    ) -> int:
        """A new entry at the end of a checklist; its id."""
        from branchtui.domain.checklists import add_entry

        return add_entry(self.db, checklist_id, title, frequency, due_month, owner, note)

    def edit_entry(self, entry_id: int, changes: EntryChanges, version: int) -> Written[EntryRef]:
        """Change an entry; its new version (`changed` False: nothing to change)."""
        from branchtui.domain.checklists import edit_entry

        return edit_entry(self.db, entry_id, changes, expected_version=version)

    def move_entry(self, entry_id: int, to: int, version: int) -> Written[EntryRef]:
        """Move an entry to position `to`; its new version."""
        from branchtui.domain.checklists import place_entry

        return place_entry(self.db, entry_id, to, expected_version=version)

    def delete_entry(self, entry_id: int, version: int) -> None:
        """Delete an entry with its ticks."""
        from branchtui.domain.checklists import delete_entry

        delete_entry(self.db, entry_id, expected_version=version)

    def tick(
        self, entry_id: int, period: str, seen: CheckSeen, evidence: str | None = None
    ) -> Written[PeriodView]:
        """Tick a cell (or change its evidence), based on what the cell showed; the cell
        as it now is."""
        from branchtui.domain.checks import check_cell

        return check_cell(self.db, entry_id, period, self.today, evidence, seen=seen)

    def untick(self, entry_id: int, period: str, seen: CheckSeen) -> Written[PeriodView]:
        """Untick a cell, based on what it showed; the cell as it now is."""
        from branchtui.domain.checks import uncheck_cell

        return uncheck_cell(self.db, entry_id, period, self.today, seen=seen)


__all__ = ["ChecklistArea"]
