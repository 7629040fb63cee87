"""The plain-SQL queries behind `status` and the dashboard's counters.

sqlite3 only: this module must not import SQLAlchemy (see docs/architecture.md). It returns
raw rows; the rules (overdue, progress from steps, checklist periods) are the domain's.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class RawSummary:
    """Everything `status` needs, as stored."""

    branch: str
    # id, due (ISO text or None), status, progress — no titles: 10,000 of them cost more
    # than the rest of `status` together; `item_labels` fetches the few that are shown.
    items: list[tuple[int, str | None, str, int]]
    # item_id, steps done, steps in all (only items that have steps)
    steps: list[tuple[int, int, int]]
    # id, title, kind, starts_on (ISO text or None)
    checklists: list[tuple[int, str, str, str | None]]
    # id, checklist_id, frequency, due_month
    entries: list[tuple[int, int, str, int | None]]
    # entry_id, period
    checks: list[tuple[int, str]]
    # stage, count of active members
    stages: list[tuple[str, int]]
    # the years that have plan items, read only when this year has none (a hint)
    plan_years: list[int]


_ITEMS = "SELECT id, due, status, progress FROM plan_item WHERE year = ?"
# Every year's steps: one ordered scan of ix_step_item_done is cheaper than joining the
# year's items and sorting for the GROUP BY; other years' counts are simply not looked up.
_STEPS = "SELECT item_id, SUM(done), COUNT(*) FROM step GROUP BY item_id"
_LABELS = """
SELECT i.id, i.number, i.title, COALESCE(m.name, i.owner_text)
FROM plan_item AS i LEFT JOIN member AS m ON m.id = i.owner_id
WHERE i.id IN (SELECT value FROM json_each(?))
"""
_CHECKLISTS = "SELECT id, title, kind, starts_on FROM checklist WHERE year = ? ORDER BY id"
_ENTRIES = """
SELECT e.id, e.checklist_id, e.frequency, e.due_month FROM checklist_entry AS e
JOIN checklist AS c ON c.id = e.checklist_id WHERE c.year = ? ORDER BY e.checklist_id, e.position
"""
_CHECKS = """
SELECT k.entry_id, k.period FROM checklist_check AS k
JOIN checklist_entry AS e ON e.id = k.entry_id
JOIN checklist AS c ON c.id = e.checklist_id WHERE c.year = ?
"""
_YEARS = "SELECT DISTINCT year FROM plan_item ORDER BY year"
_STAGES = "SELECT stage, COUNT(*) FROM member WHERE active = 1 GROUP BY stage"


def read_summary(connection: sqlite3.Connection, year: int) -> RawSummary:
    """One read transaction: a consistent picture of the year."""
    connection.execute("BEGIN")
    try:
        branch = connection.execute("SELECT name FROM branch ORDER BY id LIMIT 1").fetchone()
        items = connection.execute(_ITEMS, (year,)).fetchall()
        years = [] if items else [y for (y,) in connection.execute(_YEARS).fetchall()]
        return RawSummary(
            branch=branch[0] if branch else "",
            items=items,
            steps=connection.execute(_STEPS).fetchall(),
            checklists=connection.execute(_CHECKLISTS, (year,)).fetchall(),
            entries=connection.execute(_ENTRIES, (year,)).fetchall(),
            checks=connection.execute(_CHECKS, (year,)).fetchall(),
            stages=connection.execute(_STAGES).fetchall(),
            plan_years=years,
        )
    finally:
        connection.execute("ROLLBACK")


def item_labels(
    connection: sqlite3.Connection, ids: list[int]
) -> dict[int, tuple[int, str, str | None]]:
    """Number, title and owner (member name or owner text) of the given items."""
    import json

    rows = connection.execute(_LABELS, (json.dumps(ids),)).fetchall()
    return {item_id: (number, title, owner) for item_id, number, title, owner in rows}
