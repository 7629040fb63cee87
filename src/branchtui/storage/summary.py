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
    # id, number, title, due (ISO text or None), status, progress, owner, steps_done, steps_total
    items: list[tuple[int, int, str, str | None, str, int, str | None, int, int]]
    # id, title, kind, starts_on (ISO text or None)
    checklists: list[tuple[int, str, str, str | None]]
    # id, checklist_id, frequency, due_month
    entries: list[tuple[int, int, str, int | None]]
    # entry_id, period
    checks: list[tuple[int, str]]
    # stage, count of active members
    stages: list[tuple[str, int]]


_ITEMS = """
SELECT i.id, i.number, i.title, i.due, i.status, i.progress,
       COALESCE(m.name, i.owner_text), COALESCE(s.done, 0), COALESCE(s.total, 0)
FROM plan_item AS i
LEFT JOIN member AS m ON m.id = i.owner_id
LEFT JOIN (SELECT item_id, SUM(done) AS done, COUNT(*) AS total FROM step GROUP BY item_id) AS s
       ON s.item_id = i.id
WHERE i.year = ?
ORDER BY i.number, i.id
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
_STAGES = "SELECT stage, COUNT(*) FROM member WHERE active = 1 GROUP BY stage"


def read_summary(connection: sqlite3.Connection, year: int) -> RawSummary:
    """One read transaction: a consistent picture of the year."""
    connection.execute("BEGIN")
    try:
        branch = connection.execute("SELECT name FROM branch ORDER BY id LIMIT 1").fetchone()
        return RawSummary(
            branch=branch[0] if branch else "",
            items=connection.execute(_ITEMS, (year,)).fetchall(),
            checklists=connection.execute(_CHECKLISTS, (year,)).fetchall(),
            entries=connection.execute(_ENTRIES, (year,)).fetchall(),
            checks=connection.execute(_CHECKS, (year,)).fetchall(),
            stages=connection.execute(_STAGES).fetchall(),
        )
    finally:
        connection.execute("ROLLBACK")
