"""Private member fields (phone, ID number): masked on screen, in history and its output.

The list of private columns and the mask live below the tables (`storage.private`),
because history stores them masked from the moment a change is written; they import
nothing, so the app masks without loading the ORM.
"""

from __future__ import annotations

from typing import Any

from branchtui.storage.private import PRIVATE_COLUMNS as PRIVATE_FIELDS
from branchtui.storage.private import mask


def mask_record(record: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
    """A snapshot with the record's private fields masked."""
    if values is None:
        return None
    private = PRIVATE_FIELDS.get(record, ())
    return {k: (mask(v) if k in private and isinstance(v, str) else v) for k, v in values.items()}


def shown(value: str | None, include: bool) -> str | None:
    """A private value as shown: whole when the user asked for it (`include`), else masked."""
    return value if include else mask(value)


__all__ = ["PRIVATE_FIELDS", "mask", "mask_record", "shown"]
