"""Private member fields (phone, ID number): masked on screen and in history output."""

from __future__ import annotations

from typing import Any

PRIVATE_FIELDS: dict[str, tuple[str, ...]] = {"member": ("phone", "id_number")}


def mask(value: str | None) -> str | None:
    """Show only the ends of a private value: 139******78."""
    if not value:
        return value
    if len(value) <= 4:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def mask_record(record: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
    """A history snapshot with the record's private fields masked."""
    if values is None:
        return None
    private = PRIVATE_FIELDS.get(record, ())
    return {k: (mask(v) if k in private and isinstance(v, str) else v) for k, v in values.items()}
