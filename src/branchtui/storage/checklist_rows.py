"""The plain-SQL read behind the app's checklist screen: a year's checklists, their
entries and their ticks, as raw tuples in one read transaction.

Through the ORM SPEC §9's twenty checklists take 15–50 ms to read (more while the app's
own thread wants the interpreter); as tuples, a few. The domain builds the views
(`domain.checklist_year`).
"""

from __future__ import annotations

import sqlite3

# id, uid, year, kind, title, starts_on, version
ChecklistTuple = tuple[int, str, int, str, str, str | None, int]
# id, uid, checklist_id, position, title, frequency, due_month, owner, note, version
EntryTuple = tuple[int, str, int, int, str, str, int | None, str | None, str | None, int]
# entry_id, period, uid, evidence, done_at (ISO with offset), done_by
CheckTuple = tuple[int, str, str, str | None, str, str | None]

_CHECKLISTS = """
SELECT id, uid, year, kind, title, starts_on, version FROM checklist WHERE year = ? ORDER BY id
"""
_ENTRIES = """
SELECT e.id, e.uid, e.checklist_id, e.position, e.title, e.frequency, e.due_month, e.owner,
       e.note, e.version
FROM checklist_entry AS e JOIN checklist AS c ON c.id = e.checklist_id
WHERE c.year = ? ORDER BY e.position, e.id
"""
_CHECKS = """
SELECT k.entry_id, k.period, k.uid, k.evidence, k.done_at, k.done_by
FROM checklist_check AS k
JOIN checklist_entry AS e ON e.id = k.entry_id
JOIN checklist AS c ON c.id = e.checklist_id WHERE c.year = ?
"""


def checklist_tuples(
    connection: sqlite3.Connection, year: int
) -> tuple[list[ChecklistTuple], list[EntryTuple], list[CheckTuple]]:
    """The year's checklists (oldest first), entries (in order) and checks."""
    connection.execute("BEGIN")
    try:
        checklists = connection.execute(_CHECKLISTS, (year,)).fetchall()
        entries = connection.execute(_ENTRIES, (year,)).fetchall()
        checks = connection.execute(_CHECKS, (year,)).fetchall()
    finally:
        connection.execute("ROLLBACK")
    return checklists, entries, checks


__all__ = ["CheckTuple", "ChecklistTuple", "EntryTuple", "checklist_tuples"]
