"""Keeping ordered records numbered 1…n: steps and checklist entries by `position`, a
year's plan items by 序号 (`number`), each renumbered record with its history row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from branchtui.storage.uow import snapshot

if TYPE_CHECKING:
    from sqlmodel import SQLModel

    from branchtui.storage.uow import UnitOfWork


def renumber(
    uow: UnitOfWork,
    records: Sequence[SQLModel],
    field: str = "position",
    *,
    written_later: SQLModel | None = None,
) -> bool:
    """Set `field` of `records` to 1, 2, … in their order, writing each record that changes;
    True if any did. `written_later` gets its number without a write of its own: its
    caller writes it together with its other changes (one history row)."""
    changed = False
    for number, record in enumerate(records, start=1):
        if record is written_later:
            setattr(record, field, number)
        elif getattr(record, field) != number:
            before = snapshot(record)
            setattr(record, field, number)
            changed = uow.update(record, before) or changed
    return changed
