"""The plain-SQL reads behind the app's 三会一课 screen: the year's meetings with their
attendance counted, and the register as the meeting rules see it.

Through the ORM a year of a big branch's meetings (60 meetings, 10,000 attendees) takes
about 200 ms; counted in SQL it takes a few. sqlite3 only, one read transaction, raw
values out: the domain decides the quorum and who is expected.
"""

from __future__ import annotations

import sqlite3

# id, kind, held_on, group, topic, host (member name or text), version, expected, present
MeetingTuple = tuple[int, str, str, str | None, str | None, str | None, int, int, int]
# meeting id, status, then the member: id, name, stage, active, group, post, admitted_on,
# confirmed_on, left_on
VoterTuple = tuple[int, str, int, str, str, int, str | None, str | None, str | None,
                   str | None, str | None]  # fmt: skip
# id, name, stage, active, group, post, admitted_on, confirmed_on, left_on
PersonTuple = tuple[int, str, str, int, str | None, str | None, str | None, str | None,
                    str | None]  # fmt: skip

_MEETINGS = """
SELECT m.id, m.kind, m.held_on, m.party_group, m.topic, COALESCE(h.name, m.host_text),
       m.version, COUNT(a.id), COALESCE(SUM(a.status = 'present'), 0)
FROM meeting AS m
LEFT JOIN member AS h ON h.id = m.host_id
LEFT JOIN meeting_attendance AS a ON a.meeting_id = m.id
WHERE m.held_on BETWEEN ? AND ?
GROUP BY m.id
ORDER BY m.held_on, m.id
"""

_PERSON = """p.id, p.name, p.stage, p.active, p.party_group, p.post, p.admitted_on,
       p.confirmed_on, p.left_on"""

# The attendance of the year's 支部党员大会 only: their quorum needs who could vote.
_GENERAL = f"""
SELECT a.meeting_id, a.status, {_PERSON}
FROM meeting AS m
JOIN meeting_attendance AS a ON a.meeting_id = m.id
JOIN member AS p ON p.id = a.member_id
WHERE m.kind = 'general' AND m.held_on BETWEEN ? AND ?
"""

_PEOPLE = f"SELECT {_PERSON} FROM member AS p ORDER BY p.id"


def meeting_tuples(
    connection: sqlite3.Connection, year: int
) -> tuple[list[MeetingTuple], list[VoterTuple]]:
    """The meetings held in `year` (in order) with their counts, and the attendance of its
    支部党员大会 with each attendee's stage, read in one transaction."""
    bounds = (f"{year:04d}-01-01", f"{year:04d}-12-31")
    connection.execute("BEGIN")
    try:
        meetings = connection.execute(_MEETINGS, bounds).fetchall()
        voters = connection.execute(_GENERAL, bounds).fetchall()
    finally:
        connection.execute("ROLLBACK")
    return meetings, voters


def person_tuples(connection: sqlite3.Connection) -> list[PersonTuple]:
    """Everyone on the register (those who left too), as the meeting rules see them."""
    return connection.execute(_PEOPLE).fetchall()


__all__ = ["MeetingTuple", "PersonTuple", "VoterTuple", "meeting_tuples", "person_tuples"]
