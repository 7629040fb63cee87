"""The plain-SQL reads behind the app's big lists: the year's plan, the member register.

10,000 plan items through the ORM take about a second; as plain tuples from one query they
take a few tens of milliseconds, which is what lets the plan screen open at once (SPEC §9).
sqlite3 only, one read transaction per list, raw values out: the domain turns them into
rows with what is derived (progress from steps, overdue, the search key).
"""

from __future__ import annotations

import sqlite3

# id, number, title, category, owner (member name or owner text), owner's pinyin key,
# due (ISO text), status, progress (by hand), steps done, steps in all, version
PlanTuple = tuple[int, int, str, str, str | None, str | None, str | None, str, int, int, int, int]

_PLAN = """
SELECT i.id, i.number, i.title, i.category, COALESCE(m.name, i.owner_text), m.name_key,
       i.due, i.status, i.progress, COALESCE(s.done, 0), COALESCE(s.total, 0), i.version
FROM plan_item AS i
LEFT JOIN member AS m ON m.id = i.owner_id
LEFT JOIN (SELECT item_id, SUM(done) AS done, COUNT(*) AS total FROM step GROUP BY item_id)
     AS s ON s.item_id = i.id
WHERE i.year = ?
ORDER BY i.number, i.id
"""

# id, name, name_key, gender, group, post, stage, applied_on, activist_on, candidate_on,
# admitted_on, confirmed_on, probation_extended_to, active, left_on, phone, version
# (dates as ISO text)
MemberTuple = tuple[
    int,
    str,
    str,
    str | None,
    str | None,
    str | None,
    str,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    int,
    str | None,
    str | None,
    int,
]

_MEMBERS = """
SELECT id, name, name_key, gender, party_group, post, stage, applied_on, activist_on,
       candidate_on, admitted_on, confirmed_on, probation_extended_to, active, left_on,
       phone, version
FROM member {where} ORDER BY active DESC, id
"""

# member id, kind, latest date, hours: what "next step" needs of the 培养记录 — the last
# assessment and talk, and the training hours counted from the activist date on (all of
# them when it is not recorded), as `domain.member_events.event_facts` counts them
_EVENT_FACTS = """
SELECT e.member_id, e.kind, MAX(e.date), SUM(e.hours)
FROM member_event AS e JOIN member AS m ON m.id = e.member_id
WHERE e.kind IN ('assessment', 'talk')
   OR (e.kind = 'training' AND (m.activist_on IS NULL OR e.date >= m.activist_on))
GROUP BY e.member_id, e.kind
"""

EventFactTuple = tuple[int, str, str | None, float | None]


def plan_tuples(connection: sqlite3.Connection, year: int) -> list[PlanTuple]:
    """The year's plan items in 序号 order, as raw tuples."""
    return connection.execute(_PLAN, (year,)).fetchall()


def member_tuples(
    connection: sqlite3.Connection, include_left: bool
) -> tuple[list[MemberTuple], list[EventFactTuple]]:
    """Members (active first), and what their events say (last assessment and talk,
    training hours), read in one transaction."""
    where = "" if include_left else "WHERE active = 1"
    connection.execute("BEGIN")
    try:
        members = connection.execute(_MEMBERS.format(where=where)).fetchall()
        events = connection.execute(_EVENT_FACTS).fetchall()
    finally:
        connection.execute("ROLLBACK")
    return members, events


__all__ = ["EventFactTuple", "MemberTuple", "PlanTuple", "member_tuples", "plan_tuples"]
