"""The TOML export (SPEC §6): the whole database or one year, as a file `import` reads back.

Members always all; plan items and checklists of one year, or of every year. Records come
in a fixed order (year, 序号 / position / name, then uid), so exporting the same data twice
gives the same text but for `exported_at`.

SPEC §9's 10,000 items must export in under 2 s, start-up included. Like `status`, the
export reads through storage's plain-sqlite3 reader (`storage.rows`), every table in one
read transaction, so it never loads SQLAlchemy or SQLModel (~0.6 s here) and converts
the stored text itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branchtui.exchange import toml_writer
from branchtui.exchange.records import (
    BOOL,
    CHECK,
    CHECKLIST,
    DATE,
    ENTRY,
    EVENT,
    FLOAT,
    FORMAT,
    INT,
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

# How often the progress callback is told (records written between two calls).
_PROGRESS_EVERY = 500


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

    with paused_gc():
        with reading(db if isinstance(db, Path) else db.path) as reader:
            branch = reader.branch_name()
            tables = _read_tables(reader, year)
        return _export(branch, tables, year, include_private, exported_at, progress)


def _read_tables(reader: Reader, year: int | None) -> dict[RecordSpec, _Table]:
    """Members always all; the year's items and checklists (all years when None)."""
    item = ("item_id", "plan_item")
    checklist = ("checklist_id", "checklist")
    return {
        MEMBER: _Table.read(reader, MEMBER),
        EVENT: _Table.read(reader, EVENT),
        PLAN_ITEM: _Table.read(reader, PLAN_ITEM, year),
        TASK: _Table.read(reader, TASK, year, item),
        CHECKLIST: _Table.read(reader, CHECKLIST, year),
        ENTRY: _Table.read(reader, ENTRY, year, checklist),
        CHECK: _Table.read(reader, CHECK, year, ("entry_id", "checklist_entry"), checklist),
    }


def _export(
    branch: str | None,
    tables: dict[RecordSpec, _Table],
    year: int | None,
    include_private: bool,
    exported_at: datetime,
    progress: Progress | None,
) -> str:
    uid = 2 + MEMBER.fields.index(MEMBER.by_key["uid"])
    owners = {row[0]: row[uid] for row in tables[MEMBER].rows}  # member id -> uid
    skip = () if include_private else tuple(f.key for f in MEMBER.fields if f.private)
    out = [
        f"format = {toml_writer.string(FORMAT)}\n",
        f"version = {VERSION}\n",
        f"exported_at = {toml_writer.value(exported_at.replace(microsecond=0).astimezone(UTC))}\n",
    ]
    if year is not None:
        out.append(f"year = {year}\n")
    if branch is not None:
        out.append(f"\n[branch]\nname = {toml_writer.string(branch)}\n")
    emitter = _Emitter(out, tables, owners, skip, progress)
    for spec in TOP_LEVEL:
        emitter.emit(spec, tables[spec].rows, spec.key)
    if progress is not None:
        progress(emitter.total, emitter.total)
    return "".join(out)


class _Table:
    """The rows of one table: (id, parent id, then the spec's fields in file order),
    values as stored: dates and timestamps as ISO text, booleans as 0/1."""

    def __init__(self, spec: RecordSpec, rows: list[Row]) -> None:
        self.spec = spec
        self.rows = rows
        self.children: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            self.children[row[1]].append(row)

    @classmethod
    def read(
        cls,
        reader: Reader,
        spec: RecordSpec,
        year: int | None = None,
        *through: tuple[str, str],
    ) -> _Table:
        """The rows of `spec`'s table; with `year`, those of that plan year, reached
        `through` (column, parent table) links when the table has no year of its own."""
        columns = ["id", spec.parent_attr or "id", *(f.column for f in spec.fields)]
        return cls(spec, reader.rows(spec.record, columns, year=year, through=through))


def _date(text: Any) -> str:
    if isinstance(text, str):
        return date.fromisoformat(text).isoformat()
    return str(text.isoformat())


# A timestamp as storage writes it (UTC, microseconds): already valid TOML, written as is.
_STORED_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")


def _stamp(text: Any) -> str:
    if isinstance(text, str) and _STORED_STAMP.fullmatch(text):
        return text
    moment = datetime.fromisoformat(text) if isinstance(text, str) else text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # as storage reads it (UTCDateTime)
    elif moment.utcoffset():
        moment = moment.astimezone(UTC)
    return str(moment.isoformat(timespec="microseconds"))


def _formatter(kind: str) -> Callable[[Any], str]:
    if kind == DATE:
        return _date
    if kind == STAMP:
        return _stamp
    if kind == BOOL:
        return lambda value: "true" if value else "false"
    if kind in (INT, FLOAT):
        return toml_writer.value
    return toml_writer.string


class _Emitter:
    """Writes records as `[[path]]` tables, keys in spec order, absent values left out."""

    def __init__(
        self,
        out: list[str],
        tables: dict[RecordSpec, _Table],
        owners: dict[int, str],
        skip: tuple[str, ...],
        progress: Progress | None,
    ) -> None:
        self.out = out
        self.tables = tables
        self.owners = owners
        self.skip = skip
        self.progress = progress
        self.total = sum(len(table.rows) for table in tables.values())
        self.layouts = {spec: self._layout(spec) for spec in tables}
        self.done = 0
        if progress is not None:
            progress(0, self.total)

    def _layout(self, spec: RecordSpec) -> tuple[list[tuple[int, str, Any]], Any]:
        """Each written key (its place in a row, `key = `, its formatter) and the sort key."""
        fields = [
            (index + 2, f"{f.key} = ", self._format(f))
            for index, f in enumerate(spec.fields)
            if f.key not in self.skip
        ]
        order = [spec.fields.index(spec.by_key[key]) + 2 for key in spec.sort]
        uid = spec.fields.index(spec.by_key["uid"]) + 2

        def sort_key(row: Row) -> tuple[Any, ...]:
            # Absent values first; the uid breaks ties, so the order never depends on ids.
            return (*((row[i] is not None, row[i] or 0) for i in order), row[uid])

        return fields, sort_key

    def emit(self, spec: RecordSpec, rows: list[Row], path: str) -> None:
        fields, sort_key = self.layouts[spec]
        rows.sort(key=sort_key)
        out = self.out
        header = f"\n[[{path}]]\n"
        children = [(child, f"{path}.{child.key}") for child in spec.children]
        for row in rows:
            out.append(header)
            out.extend(
                [
                    prefix + format_value(row[index]) + "\n"
                    for index, prefix, format_value in fields
                    if row[index] is not None and row[index] != ""
                ]
            )
            for child, child_path in children:
                nested = self.tables[child].children.get(row[0])
                if nested:
                    self.emit(child, nested, child_path)
            self.done += 1
            if self.progress is not None and self.done % _PROGRESS_EVERY == 0:
                self.progress(self.done, self.total)

    def _format(self, spec_field: Field) -> Callable[[Any], str]:
        if spec_field.kind == REF:
            owners = self.owners
            return lambda member_id: toml_writer.string(owners[member_id])
        return _formatter(spec_field.kind)


__all__ = ["Progress", "export_toml"]
