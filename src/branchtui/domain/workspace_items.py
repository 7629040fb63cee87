"""The workspace's plan area: the plan table's rows (plain SQL) and the items and their
steps (through the domain's one write path).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from branchtui.domain.dates import is_overdue
from branchtui.domain.item_rules import effective_progress
from branchtui.domain.workspace_core import WorkspaceCore

if TYPE_CHECKING:
    from branchtui.domain.changes import Written
    from branchtui.domain.item_changes import ItemChanges, ItemDraft
    from branchtui.domain.items import ItemView
    from branchtui.domain.step_changes import StepChanges
    from branchtui.domain.steps import StepView


class PlanRow(NamedTuple):
    """One row of the plan table: what it shows, sorts and filters on.

    A named tuple: 10,000 of them are built when the plan screen opens.
    """

    id: int
    number: int
    title: str
    category: str
    owner: str | None
    due: date | None
    status: str
    progress: int
    steps_done: int
    steps_total: int
    overdue: bool
    version: int
    owner_key: str  # the owner's stored pinyin key ("" for owner text or none)


class PlanArea(WorkspaceCore):
    """计划: the plan table's rows, one item, and every write to items and steps."""

    def plan_rows(self, year: int) -> list[PlanRow]:
        """The year's plan items in 序号 order, as the plan table shows them."""
        from branchtui.storage.lists import plan_tuples

        with self._lock:
            tuples = plan_tuples(self._connection, year)
        today = self.today
        rows: list[PlanRow] = []
        for (
            item_id,
            number,
            title,
            category,
            owner,
            owner_key,
            due_text,
            status,
            progress,
            done,
            total,
            version,
        ) in tuples:
            due = date.fromisoformat(due_text) if due_text else None
            rows.append(
                PlanRow(
                    item_id,
                    number,
                    title,
                    category,
                    owner,
                    due,
                    status,
                    effective_progress(progress, done, total),
                    done,
                    total,
                    is_overdue(due, status, today),
                    version,
                    owner_key or "",
                )
            )
        return rows

    # plan items
    def item(self, item_id: int) -> ItemView:
        """One item with its steps."""
        from branchtui.domain.items import get_item

        return get_item(self.db, item_id, self.today)

    def add_item(self, year: int, draft: ItemDraft) -> int:
        """A new item at the end of the year's plan; its id."""
        from branchtui.domain.item_changes import add_item

        return add_item(self.db, year, draft)

    def edit_item(
        self, item_id: int, changes: ItemChanges, version: int, *, close_steps: bool = False
    ) -> Written[ItemView]:
        """Change an item's fields (the form's save)."""
        from branchtui.domain.item_changes import update_item

        return update_item(
            self.db,
            item_id,
            changes,
            today=self.today,
            expected_version=version,
            close_steps=close_steps,
        )

    def advance_item(self, item_id: int, version: int) -> Written[ItemView]:
        """`space`: the next status of the cycle."""
        from branchtui.domain.item_changes import advance_status

        return advance_status(self.db, item_id, today=self.today, expected_version=version)

    def bump_item(self, item_id: int, delta: int, version: int) -> Written[ItemView]:
        """`+`/`-`: progress by hand ±delta."""
        from branchtui.domain.item_changes import bump_progress

        return bump_progress(self.db, item_id, delta, today=self.today, expected_version=version)

    def complete_item(
        self,
        item_id: int,
        version: int,
        *,
        evidence: str | None = None,
        close_steps: bool = False,
    ) -> Written[ItemView]:
        """`x`: mark done (closing its steps when asked)."""
        from branchtui.domain.item_changes import complete

        return complete(
            self.db,
            item_id,
            today=self.today,
            evidence=evidence,
            close_steps=close_steps,
            expected_version=version,
        )

    def delete_item(self, item_id: int, version: int) -> None:
        """Delete an item and its steps (undo restores them)."""
        from branchtui.domain.item_changes import delete_item

        delete_item(self.db, item_id, expected_version=version)

    def move_item(self, item_id: int, number: int, version: int) -> Written[ItemView]:
        """Move an item to 序号 `number`."""
        from branchtui.domain.item_changes import ItemChanges

        return self.edit_item(item_id, ItemChanges(number=number), version)

    # steps
    def add_step(self, item_id: int, title: str, due: date | None = None) -> Written[StepView]:
        """A new step at the end of an item's steps."""
        from branchtui.domain.step_changes import add_step

        return add_step(self.db, item_id, title, due)

    def tick_step(self, step_id: int, done: bool, version: int) -> Written[StepView]:
        """Tick or untick a step."""
        from branchtui.domain.step_changes import tick_step

        return tick_step(self.db, step_id, done, expected_version=version)

    def edit_step(self, step_id: int, changes: StepChanges, version: int) -> Written[StepView]:
        """Change a step's title or due date."""
        from branchtui.domain.step_changes import update_step

        return update_step(self.db, step_id, changes, expected_version=version)

    def move_step(self, step_id: int, to: int, version: int) -> Written[StepView]:
        """Move a step to position `to`."""
        from branchtui.domain.step_changes import move_step

        return move_step(self.db, step_id, to, expected_version=version)

    def delete_step(self, step_id: int, version: int) -> Written[StepView]:
        """Delete a step."""
        from branchtui.domain.step_changes import delete_step

        return delete_step(self.db, step_id, expected_version=version)


__all__ = ["PlanArea", "PlanRow"]
