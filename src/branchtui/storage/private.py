"""Personal data (SPEC §4): which columns are private and how they are masked.

Masked on screen, never exported by default, and stored in history only masked, so old
numbers do not pile up there (undo asks for them again). Plain Python, so the app can
mask without importing the tables (`domain.privacy` gives it these).
"""

from __future__ import annotations

PRIVATE_COLUMNS: dict[str, tuple[str, ...]] = {"member": ("phone", "id_number")}


def mask(value: str | None) -> str | None:
    """A private value with at most its last 4 characters shown: *******5678."""
    if not value:
        return value
    if len(value) <= 4:
        return "*" * len(value)
    return "*" * (len(value) - 4) + value[-4:]


__all__ = ["PRIVATE_COLUMNS", "mask"]
