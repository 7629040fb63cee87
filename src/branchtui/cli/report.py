"""Commands of this resource (filled in by a later issue)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def register(command: Callable[..., Any]) -> None:
    """Add this module's commands to the parser."""
