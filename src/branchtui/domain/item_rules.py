"""The plan item rules that need no database: codes and their checks, the `space` cycle,
progress.

Light on purpose: the quick `status` path uses them on plain rows.
"""

from __future__ import annotations

from branchtui.errors import ValidationError

STATUSES = ("todo", "doing", "review", "done", "blocked", "cancelled")
CATEGORIES = (
    "study",
    "organization",
    "integrity",
    "ideology",
    "mass",
    "stability",
    "service",
    "other",
)
# `space` in the plan table: todo → doing → done; review → done; blocked → doing.
_NEXT = {"todo": "doing", "doing": "done", "review": "done", "blocked": "doing"}
PROGRESS_STEP = 10
# Status is shown by symbol as well as colour (16-colour terminals, colour-blind users).
STATUS_SYMBOLS = {
    "todo": "○",
    "doing": "◐",
    "review": "◎",
    "done": "●",
    "blocked": "⊘",
    "cancelled": "✕",
}
OVERDUE_SYMBOL = "!"


def next_status(status: str) -> str | None:
    """The status `space` moves to, or None on done/cancelled (use edit there)."""
    return _NEXT.get(status)


def effective_progress(manual: int, steps_done: int, steps_total: int) -> int:
    """Progress from the steps when there are any (rounded down), else the value set by hand."""
    return steps_done * 100 // steps_total if steps_total else manual


def check_status(status: str) -> str:
    """A status code, or an error listing the valid ones."""
    if status not in STATUSES:
        raise ValidationError("item.bad_status", value=status, valid=", ".join(STATUSES))
    return status


def check_category(category: str) -> str:
    """A category code, or an error listing the valid ones."""
    if category not in CATEGORIES:
        raise ValidationError("item.bad_category", value=category, valid=", ".join(CATEGORIES))
    return category


def check_title(title: str) -> str:
    """A title (of an item or a step) with its ends trimmed; an empty one is refused."""
    title = title.strip()
    if not title:
        raise ValidationError("item.empty_title")
    return title
