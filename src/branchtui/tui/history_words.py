"""History entries as the app shows them: when and who, then the domain's words for what
the change did (`HistoryEntry.description`, 修改工作事项“学习教育”：状态 未开始 → 进行中) and
one line per field that moved (`details`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchtui.display import local_time, safe
from branchtui.i18n import label

if TYPE_CHECKING:
    from branchtui.domain.history import HistoryEntry


def describe_entry(entry: HistoryEntry) -> str:
    """One line: what the change did (the action's name when the domain gave no words)."""
    return safe(entry.description) if entry.description else label("action", entry.action)


def entry_details(entry: HistoryEntry) -> tuple[str, ...]:
    """The lines under it, field by field."""
    return tuple(safe(line) for line in entry.details)


def entry_heading(entry: HistoryEntry) -> str:
    """When and who: `2024-07-01 10:00 王书记`."""
    return f"{local_time(entry.at)} {safe(entry.who)}"


__all__ = ["describe_entry", "entry_details", "entry_heading"]
