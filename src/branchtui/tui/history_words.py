"""History entries as the app shows them: one line in words, with details under it.

The domain words each change (`HistoryEntry.description`, `.details`: 修改工作事项“学习教育”：
状态 未开始 → 进行中). Until every entry carries them, an entry without is shown as its
action's label and the title it touched — TODO: drop the fallback once
`HistoryEntry.description` is on main.
"""

from __future__ import annotations

from typing import Any

from branchtui.display import fit, local_time, safe
from branchtui.i18n import label

QUOTED = 24  # cells of a title quoted in a line of history


def describe_entry(entry: Any) -> str:
    """One line: what the change did."""
    description = getattr(entry, "description", None)
    if description:
        return safe(str(description))
    words = label("action", entry.action)
    changes = getattr(entry, "changes", {}) or {}
    title = changes.get("title")
    if isinstance(title, list | tuple) and len(title) == 2:
        shown = title[1] if title[1] is not None else title[0]
        if shown:
            words += f"“{fit(safe(str(shown)), QUOTED)}”"
    return words


def entry_details(entry: Any) -> tuple[str, ...]:
    """The lines under it (field by field), when the domain gives them."""
    return tuple(safe(str(line)) for line in getattr(entry, "details", ()) or ())


def entry_heading(entry: Any) -> str:
    """When and who: `2024-07-01 10:00 王书记`."""
    return f"{local_time(entry.at)} {safe(entry.who)}"


__all__ = ["describe_entry", "entry_details", "entry_heading"]
