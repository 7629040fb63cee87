"""Cleaning what users type into free-text fields: ends trimmed, blank meaning none.

Pure and light (the member events module uses it and must stay importable without
SQLModel).
"""

from __future__ import annotations

from typing import Any


def clean_text(value: Any) -> str | None:
    """`value` as text with its ends trimmed; None or a blank text is None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None
