"""Plain-sqlite3 table reads for the TOML export (SPEC §9: export ≤ 2 s, start-up included).

sqlite3 only, like `summary`: this module must not import SQLAlchemy (see
docs/architecture.md). `reading(path)` opens one read transaction, so every table comes
from the same picture; rows come back as stored (dates and timestamps as ISO text,
booleans as 0/1) and the caller converts them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Row = tuple[Any, ...]


def _name(identifier: str) -> str:
    """A table or column name quoted for SQL."""
    return '"' + identifier.replace('"', '""') + '"'


# Tables without a `year` column whose year is the year of a date (a meeting's: the day
# it was held).
_DATED = {"meeting": "held_on"}


class Reader:
    """Reads tables inside one read transaction (see `reading`)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def branch_name(self) -> str | None:
        """The branch's name, or None before it has one."""
        found = self._connection.execute("SELECT name FROM branch ORDER BY id LIMIT 1").fetchone()
        return None if found is None else str(found[0])

    def rows(
        self,
        table: str,
        columns: Sequence[str],
        *,
        year: int | None = None,
        through: Sequence[tuple[str, str]] = (),
    ) -> list[Row]:
        """`columns` of every row of `table`; with `year`, only the rows of that plan year:
        by the table's own `year` (a meeting's: the year it was held), or, `through` a chain
        of (column, parent table) links, by the year of the ancestor at the end of it."""
        query = f"SELECT {', '.join(map(_name, columns))} FROM {_name(table)}"
        if year is None:
            return self._connection.execute(query).fetchall()
        last = through[-1][1] if through else table
        params: tuple[object, ...] = (int(year),)
        condition = "year = ?"
        if last in _DATED:
            condition = f"{_name(_DATED[last])} BETWEEN ? AND ?"
            params = (f"{int(year):04d}-01-01", f"{int(year):04d}-12-31")
        for column, parent in reversed(through):
            condition = f"{_name(column)} IN (SELECT id FROM {_name(parent)} WHERE {condition})"
        return self._connection.execute(f"{query} WHERE {condition}", params).fetchall()


@contextmanager
def reading(path: Path) -> Iterator[Reader]:
    """A `Reader` over an up-to-date database file, in one read transaction.

    Raises `storage.schema.MigrationPending` when the schema is behind (opening the file
    as a `Database` migrates it) and the usual storage errors for a missing or bad file.
    """
    from branchtui.storage.schema import open_for_reading

    connection, _snapshot = open_for_reading(path)
    try:
        connection.execute("BEGIN")  # one read transaction: a consistent picture
        try:
            yield Reader(connection)
        finally:
            connection.rollback()
    finally:
        connection.close()


__all__ = ["Reader", "Row", "reading"]
