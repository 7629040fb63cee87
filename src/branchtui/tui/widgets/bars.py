"""Progress as a bar of block characters: visible in 16 colours and without colour."""

from __future__ import annotations

# One cell in eighths: the partial blocks U+258F…U+2589, then the full block.
_EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
EMPTY = "░"


def bar(percent: float, width: int) -> str:
    """`percent` (0–100) as exactly `width` cells: full blocks, one partial, then shade."""
    if width <= 0:
        return ""
    eighths = round(max(0.0, min(100.0, percent)) * width * 8 / 100)
    full, part = divmod(eighths, 8)
    shown = FULL * full + (_EIGHTHS[part] if part else "")
    return shown + EMPTY * (width - len(shown))


def percent_text(percent: float) -> str:
    """`percent` as people read it: `45%`, `45.3%` when not whole."""
    if float(percent).is_integer():
        return f"{int(percent)}%"
    return f"{percent:.1f}%"


__all__ = ["EMPTY", "FULL", "bar", "percent_text"]
