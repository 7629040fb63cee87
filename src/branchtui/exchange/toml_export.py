"""The TOML export (SPEC §6): the whole database or one year, as a file `import` reads back.

Members always all; plan items and checklists of one year, or of every year. Records come
in a fixed order (year, 序号 / position / name, then uid), so exporting the same data twice
gives the same text but for `exported_at`. The document is written by tomli-w (the design's
writer, SPEC §1): `[branch]`, then arrays of tables `[[members]]`, `[[plan_items]]`,
`[[checklists]]`, `[[meetings]]` with their nested records; text with line breaks as
multi-line strings.

Like `status`, the export reads through storage's plain-sqlite3 reader (`storage.rows`),
every table in one read transaction, so it never loads SQLAlchemy or SQLModel (~0.6 s
here): SPEC §9 allows the whole command 1.5× the time of tomli-w's `dumps` alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

from branchtui.domain.item_rules import effective_progress
from branchtui.exchange.records import (
    ATTENDANCE,
    BOOL,
    CHECK,
    CHECKLIST,
    DATE,
    ENTRY,
    EVENT,
    FORMAT,
    MEETING,
    MEMBER,
    PLAN_ITEM,
    REF,
    STAMP,
    TASK,
    TOP_LEVEL,
    VERSION,
    Field,
    RecordSpec,
    paused_gc,
)

if TYPE_CHECKING:
    from branchtui.storage.database import Database
    from branchtui.storage.rows import Reader

Progress = Callable[[int, int], None]
Row = tuple[Any, ...]
Record = dict[str, Any]

# Top-level records handed to tomli-w at a time: the progress bar moves between two.
_RECORDS_PER_DUMP = 200


def export_toml(
    db: Database | Path,
    *,
    year: int | None,
    include_private: bool,
    exported_at: datetime,
    progress: Progress | None = None,
) -> str:
    """The TOML text of the branch: one plan year, or every year when `year` is None.

    `db` is an open `Database` or just the path of its file (what the command line
    passes: nothing here needs SQLAlchemy). A database whose schema is behind raises
    `storage.schema.MigrationPending`; opening it as a `Database` migrates it.
    `include_private` adds the members' phone and ID numbers. `progress(done, total)`
    is called now and then while the text is written.
    """
    from branchtui.storage.rows import reading

    with paused_gc():  # rows and records: some 100,000 objects, no reference cycles
        with reading(db if isinstance(db, Path) else db.path) as reader:
            branch = reader.branch_name()
            tables = _read_tables(reader, year, include_private)
        document = export_document(branch, tables, year, exported_at)
    return dumps(document, progress)


def _read_tables(reader: Reader, year: int | None, private: bool) -> dict[RecordSpec, _Table]:
    """Members always all; the year's items and checklists (all years when None); the
    members' phone and ID numbers only when `private`."""
    item = ("item_id", "plan_item")
    checklist = ("checklist_id", "checklist")
    return {
        MEMBER: _Table.read(reader, MEMBER, None, private),
        EVENT: _Table.read(reader, EVENT),
        PLAN_ITEM: _Table.read(reader, PLAN_ITEM, year),
        TASK: _Table.read(reader, TASK, year, False, item),
        CHECKLIST: _Table.read(reader, CHECKLIST, year),
        ENTRY: _Table.read(reader, ENTRY, year, False, checklist),
        CHECK: _Table.read(reader, CHECK, year, False, ("entry_id", "checklist_entry"), checklist),
        MEETING: _Table.read(reader, MEETING, year),
        ATTENDANCE: _Table.read(reader, ATTENDANCE, year, False, ("meeting_id", "meeting")),
    }


class _Table:
    """The rows of one table: (id, parent id, then the values of `fields`, the spec's
    fields in file order), as stored: dates and timestamps as ISO text, booleans as 0/1."""

    def __init__(self, spec: RecordSpec, fields: list[Field], rows: list[Row]) -> None:
        self.spec = spec
        self.fields = fields
        self.rows = rows
        self.children: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            self.children[row[1]].append(row)

    def place(self, key: str) -> int:
        """Where a key's value is in a row."""
        return 2 + [f.key for f in self.fields].index(key)

    @classmethod
    def read(
        cls,
        reader: Reader,
        spec: RecordSpec,
        year: int | None = None,
        private: bool = False,
        *through: tuple[str, str],
    ) -> _Table:
        """The rows of `spec`'s table; with `year`, those of that plan year, reached
        `through` (column, parent table) links when the table has no year of its own."""
        fields = [f for f in spec.fields if private or not f.private]
        columns = ["id", spec.parent_attr or "id", *(f.column for f in fields)]
        return cls(spec, fields, reader.rows(spec.record, columns, year=year, through=through))


def export_document(
    branch: str | None,
    tables: dict[RecordSpec, _Table],
    year: int | None,
    exported_at: datetime,
) -> dict[str, Any]:
    """The export as the document tomli-w writes: the header, `[branch]`, then each kind
    of record as a list of tables (left out when empty), values as TOML types."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.replace(microsecond=0).astimezone(UTC),
    }
    if year is not None:
        document["year"] = year
    if branch is not None:
        document["branch"] = {"name": branch}
    builder = _Builder(tables)
    for spec in TOP_LEVEL:
        records = builder.records(spec, tables[spec].rows)
        if records:
            document[spec.key] = records
    return document


def dumps(document: dict[str, Any], progress: Progress | None = None) -> str:
    """`tomli_w.dumps(document, multiline_strings=True)`, a few hundred records at a time
    so that `progress(done, total)` can follow; the text is the same (tests check)."""
    arrays = [spec.key for spec in TOP_LEVEL if spec.key in document]
    header = {key: value for key, value in document.items() if key not in arrays}
    parts = [tomli_w.dumps(header, multiline_strings=True)]
    total = done = 0
    if progress is not None:
        total = sum(_count(record) for key in arrays for record in document[key])
        progress(0, total)
    for key in arrays:
        records = document[key]
        for start in range(0, len(records), _RECORDS_PER_DUMP):
            chunk = records[start : start + _RECORDS_PER_DUMP]
            parts.append(tomli_w.dumps({key: chunk}, multiline_strings=True))
            if progress is not None:
                done += sum(_count(record) for record in chunk)
                progress(done, total)
    return _escape_c1("\n".join(parts))


# TOML lets C1 control characters (U+0080–U+009F) stand raw in a string, and tomli-w leaves
# them so; a terminal would obey them. Input refuses them, but an older database may hold
# some: written as \u escapes they mean the same to tomllib and nothing to a terminal.
_C1 = {code: f"\\u{code:04x}" for code in range(0x80, 0xA0)}
_ANY_C1 = re.compile("[\x80-\x9f]")


def _escape_c1(text: str) -> str:
    return text.translate(_C1) if _ANY_C1.search(text) else text


def _count(record: Record) -> int:
    """A record and the records nested in it."""
    return 1 + sum(
        _count(child)
        for value in record.values()
        if isinstance(value, list)
        for child in value
        if isinstance(child, dict)
    )


def _date(text: Any) -> date:
    return text if isinstance(text, date) else date.fromisoformat(text)


def _stamp(text: Any) -> datetime:
    moment = text if isinstance(text, datetime) else datetime.fromisoformat(text)
    if moment.tzinfo is UTC:
        return moment  # as storage writes it
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)  # as storage reads it (UTCDateTime)
    return moment.astimezone(UTC) if moment.utcoffset() else moment


# Values sqlite3 returns as TOML wants them (text, integers, floats) need no converter.
_CONVERTERS: dict[str, Callable[[Any], Any]] = {DATE: _date, STAMP: _stamp, BOOL: bool}


class _Builder:
    """Turns rows into the document's records: keys in spec order, absent values left out,
    children sorted under their parent, an item's progress as its steps give it."""

    def __init__(self, tables: dict[RecordSpec, _Table]) -> None:
        self.tables = tables
        # id -> uid of the records others name: every member; the plan items exported (a
        # meeting names an item of another year only when that year is in the file too)
        uids = {
            target: dict(map(itemgetter(0, table.place("uid")), table.rows))
            for target, table in (("member", tables[MEMBER]), ("plan_item", tables[PLAN_ITEM]))
        }
        self.layouts = {spec: self._layout(table, uids) for spec, table in tables.items()}

    @staticmethod
    def _layout(table: _Table, uids: dict[str, dict[int, str]]) -> _Layout:
        """The keys of a row's values, the converters of those that need one, and the
        sort key."""
        keys = tuple(f.key for f in table.fields)
        converters: list[tuple[str, Callable[[Any], Any]]] = [
            (f.key, uids[f.target].get) for f in table.fields if f.kind == REF
        ]
        converters += [(f.key, _CONVERTERS[f.kind]) for f in table.fields if f.kind in _CONVERTERS]
        # The sort columns are NOT NULL; the uid breaks ties, so the order never depends
        # on ids.
        order = itemgetter(*(table.place(key) for key in (*table.spec.sort, "uid")))
        return keys, converters, order

    def records(self, spec: RecordSpec, rows: list[Row]) -> list[Record]:
        keys, converters, sort_key = self.layouts[spec]
        rows.sort(key=sort_key)
        children = [(child, self.tables[child].children) for child in spec.children]
        records = []
        for row in rows:
            record = {
                key: value
                for key, value in zip(keys, row[2:], strict=True)
                if value is not None and value != ""
            }
            for key, convert in converters:
                value = record.get(key)
                if value is not None:
                    converted = convert(value)
                    if converted is None:  # names a record the file does not hold
                        del record[key]
                    else:
                        record[key] = converted  # in place: the key keeps its order
            for child, by_parent in children:
                nested = by_parent.get(row[0])
                if nested:
                    record[child.key] = self.records(child, nested)
            if spec is PLAN_ITEM and TASK.key in record:
                steps = record[TASK.key]
                done = sum(1 for step in steps if step.get("done"))
                record["progress"] = effective_progress(0, done, len(steps))
            records.append(record)
        return records


# The keys of a row's values, the (key, converter) of those that need one, the sort key.
_Layout = tuple[tuple[str, ...], list[tuple[str, Callable[[Any], Any]]], Callable[[Row], Any]]


__all__ = ["Progress", "dumps", "export_document", "export_toml"]
