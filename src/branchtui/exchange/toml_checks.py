"""Checking an import file's values, record by record, before the database is read.

Every key of every record is checked against `records`: unknown keys, types, codes,
dates, ranges, uids; then what the file says twice (uids, a check's period). Problems are
collected, not raised, so an error can list several at once. The common case comes first
in each converter: an export of SPEC §9's data set holds some 400,000 values.

Every record but a check must carry its uid. A record without one cannot be found again:
importing the same file twice would create it twice (and a step would move to the copy of
its item). Matching such records by their content instead (title, 序号, name) would guess,
and a guess that merges two different records loses one of them silently; the file's own
export always writes uids, and the message offers a fresh one for a hand-written record.
A check needs none: it is matched by its entry and period, which are unique together.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from branchtui.exchange import records as rec
from branchtui.exchange.records import TOP_LEVEL, Field, RecordSpec
from branchtui.exchange.toml_problems import Problem
from branchtui.exchange.toml_types import Incoming, Progress

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CANONICAL_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ZERO = timedelta(0)


def read_records(
    document: dict[str, Any], progress: Progress | None = None
) -> tuple[int | None, str | None, dict[str, list[Incoming]], list[Problem]]:
    """The header's year, the branch's name and the records of a parsed file, checked.

    Records come by table name, parents before their children; `problems` lists what is
    wrong (empty when nothing is).
    """
    problems: list[Problem] = []
    header_year = _header(document, problems)
    branch_name = _branch(document.get("branch"), problems)
    records: dict[str, list[Incoming]] = {spec.record: [] for spec in rec.ALL_SPECS}
    reader = _Reader(records, problems, progress, max(_count(document, TOP_LEVEL), 1))
    for spec in TOP_LEVEL:
        reader.array(document.get(spec.key), spec, spec.key, None)
    _duplicates(records, problems)
    return header_year, branch_name, records, problems


def _header(document: dict[str, Any], problems: list[Problem]) -> int | None:
    known = {*rec.HEADER_KEYS, *(spec.key for spec in TOP_LEVEL)}
    for key in document:
        if key not in known:
            problems.append(Problem("", key, "import.unknown_key", {"valid": _list(known)}))
    exported = document.get("exported_at")
    if exported is not None and not isinstance(exported, datetime):
        problems.append(_wrong_type("", "exported_at", "import.expected.datetime", exported))
    year = document.get("year")
    if year is None:
        return None
    low, high = rec.YEAR_RANGE
    if isinstance(year, bool) or not isinstance(year, int):
        problems.append(_wrong_type("", "year", "expected.integer", year))
        return None
    if not low <= year <= high:
        problems.append(
            Problem("", "year", "import.range", {"value": year, "low": low, "high": high})
        )
        return None
    return year


def _branch(branch: Any, problems: list[Problem]) -> str | None:
    if branch is None:
        return None
    if not isinstance(branch, dict):
        problems.append(_wrong_type("", "branch", "import.expected.table", branch))
        return None
    for key in branch:
        if key not in rec.BRANCH_KEYS:
            problems.append(Problem("branch", key, "import.unknown_key", {"valid": "name"}))
    name = branch.get("name")
    if name is None:
        return None
    if not isinstance(name, str):
        problems.append(_wrong_type("branch", "name", "expected.string", name))
        return None
    if not name.strip():
        problems.append(Problem("branch", "name", "import.empty_text"))
        return None
    return name


class _Reader:
    """Walks the arrays of records, converting each key and collecting problems."""

    def __init__(
        self,
        records: dict[str, list[Incoming]],
        problems: list[Problem],
        progress: Progress | None,
        total: int,
    ) -> None:
        self.records = records
        self.problems = problems
        self.progress = progress
        self.total = total
        self.done = 0

    def array(self, value: Any, spec: RecordSpec, path: str, parent: Incoming | None) -> None:
        if value is None:
            return
        where = parent.where if parent else ""
        if not isinstance(value, list):
            self.problems.append(_wrong_type(where, spec.key, "import.expected.tables", value))
            return
        for index, table in enumerate(value, start=1):
            self.record(table, spec, f"{path}[{index}]", parent)

    def record(self, table: Any, spec: RecordSpec, where: str, parent: Incoming | None) -> None:
        if not isinstance(table, dict):
            self.problems.append(Problem(where, None, "import.not_a_record"))
            return
        raw_uid = table.get("uid")
        uid = _uid(raw_uid) if isinstance(raw_uid, str) else None
        incoming = Incoming(spec, where, uid, {}, parent=parent)
        if raw_uid is None and spec is not rec.CHECK:
            self.problems.append(incoming.problem("uid", "import.missing_uid", new=uuid.uuid4()))
        converters = _converters(spec)
        values = incoming.values
        for key, value in table.items():
            found = converters.get(key)
            if found is None:
                if key not in converters["\0children"]:
                    valid = _list([k for k in converters if k[0] != "\0"])
                    self.problems.append(incoming.problem(key, "import.unknown_key", valid=valid))
                continue
            spec_field, converter = found
            try:
                converted = converter(value)
            except _Bad as bad:
                self.problems.append(incoming.problem(key, bad.key, **bad.params))
                continue
            if spec_field.kind == rec.REF:
                incoming.refs[spec_field.attr] = converted
            elif spec_field.kind != rec.UID:  # the uid is kept as incoming.uid
                values[spec_field.attr] = converted
        self.records[spec.record].append(incoming)
        self.done += 1
        if self.progress is not None and self.done % 1000 == 0:
            self.progress(min(self.done, self.total), self.total)
        for child in spec.children:
            self.array(table.get(child.key), child, f"{where}.{child.key}", incoming)


class _Bad(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


_CONVERTERS: dict[str, dict[str, Any]] = {}


def _converters(spec: RecordSpec) -> dict[str, Any]:
    """Each key of a record with its field and converter; "\0children" names the nested
    arrays (a key no file can hold, so it never clashes)."""
    found = _CONVERTERS.get(spec.record)
    if found is None:
        found = {f.key: (f, _converter(f, _nullable(spec, f))) for f in spec.fields}
        found["\0children"] = {child.key for child in spec.children}
        _CONVERTERS[spec.record] = found
    return found


def _nullable(spec: RecordSpec, spec_field: Field) -> bool:
    if spec_field.kind in (rec.TEXT, rec.REF):
        return True
    return bool(spec.columns[spec_field.attr].nullable)


def convert(spec_field: Field, value: Any, *, nullable: bool = True) -> Any:
    """A file's value for one key as stored; raises `_Bad` with the reason.

    An empty string clears a key whose column may be empty (texts, dates, the owner…).
    """
    return _converter(spec_field, nullable)(value)


def _converter(spec_field: Field, nullable: bool) -> Callable[[Any], Any]:
    """The function that checks and converts one key's values (the common case first:
    an export holds some 400,000 values)."""
    kind = spec_field.kind
    clears = nullable and kind not in (rec.UID, rec.TITLE, rec.PERIOD)
    check = _CHECKS[kind]
    if kind == rec.CODE:
        codes = frozenset(spec_field.codes)
        valid = ", ".join(spec_field.codes)

        def check_code(value: Any) -> Any:
            if type(value) is str and value in codes:
                return value
            text = _expect(value, str, "expected.string")
            raise _Bad("import.bad_code", value=text, valid=valid)

        check = check_code
    elif kind == rec.INT:
        low, high = spec_field.low, spec_field.high

        def check_int(value: Any) -> Any:
            if type(value) is not int:
                raise _Bad(
                    "import.wrong_type", expected=_t("expected.integer"), actual=_show(value)
                )
            _range(value, low, high)
            return value

        check = check_int
    if not clears:
        return check

    def clearing(value: Any) -> Any:
        return None if value == "" and type(value) is str else check(value)

    return clearing


def _check_text(value: Any) -> Any:
    if type(value) is str:
        return value
    return _expect(value, str, "expected.string")


def _check_title(value: Any) -> Any:
    text = _expect(value, str, "expected.string")
    if not text.strip():
        raise _Bad("import.empty_text")
    return text


def _check_uid(value: Any) -> Any:
    text = _expect(value, str, "expected.string")
    checked = _uid(text)
    if checked is None:
        raise _Bad("import.bad_uid", value=text)
    return checked


def _check_period(value: Any) -> Any:
    text = _expect(value, str, "expected.string")
    if not text:
        raise _Bad("import.empty_text")
    return text


def _check_float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad("import.wrong_type", expected=_t("import.expected.number"), actual=_show(value))
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        number = float("inf")
    if not number > 0 or number == float("inf"):
        raise _Bad("import.not_positive", value=_show(value))
    return number


def _check_bool(value: Any) -> Any:
    return _expect(value, bool, "expected.boolean")


_CHECKS: dict[str, Callable[[Any], Any]] = {
    rec.TEXT: _check_text,
    rec.TITLE: _check_title,
    rec.UID: _check_uid,
    rec.REF: _check_uid,
    rec.CODE: _check_text,  # replaced per field (its codes)
    rec.PERIOD: _check_period,
    rec.INT: _check_text,  # replaced per field (its range)
    rec.FLOAT: _check_float,
    rec.BOOL: _check_bool,
    rec.DATE: lambda value: _date(value),
    rec.STAMP: lambda value: _stamp(value),
}


def _expect(value: Any, kind: type, expected: str) -> Any:
    if not isinstance(value, kind):
        raise _Bad("import.wrong_type", expected=_t(expected), actual=_show(value))
    return value


def _range(value: int, low: int | None, high: int | None) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        raise _Bad("import.range", value=value, low=low if low is not None else "", high=high or "")


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise _Bad("import.bad_date", value=value)
    raise _Bad("import.wrong_type", expected=_t("import.expected.date"), actual=_show(value))


def _stamp(value: Any) -> datetime:
    if type(value) is datetime and value.tzinfo is not None:
        return value if value.utcoffset() == _ZERO else value.astimezone(UTC)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise _Bad("import.bad_datetime", value=value) from None
    if not isinstance(value, datetime):
        raise _Bad(
            "import.wrong_type", expected=_t("import.expected.datetime"), actual=_show(value)
        )
    if value.tzinfo is None:
        raise _Bad("import.naive_datetime", value=value.isoformat())
    return value.astimezone(UTC)


def _uid(text: str) -> str | None:
    if _CANONICAL_UID.fullmatch(text):
        return text
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _duplicates(records: dict[str, list[Incoming]], problems: list[Problem]) -> None:
    """The same uid twice in a kind of record; the same period twice for one entry."""
    for items in records.values():
        seen: dict[str, Incoming] = {}
        for incoming in items:
            if incoming.uid is None:
                continue
            first = seen.setdefault(incoming.uid, incoming)
            if first is not incoming:
                problems.append(incoming.problem("uid", "import.duplicate_uid", other=first.where))
    periods: dict[tuple[int, str], Incoming] = {}
    for check in records[rec.CHECK.record]:
        period = check.values.get("period")
        if period is None or check.parent is None:
            continue
        first = periods.setdefault((id(check.parent), period), check)
        if first is not check:
            problems.append(
                check.problem("period", "import.duplicate_period", period=period, other=first.where)
            )


def _count(table: dict[str, Any], specs: tuple[RecordSpec, ...]) -> int:
    """How many records a document holds, nested ones included (only where records go:
    a file's depth is bounded by the record kinds, whatever it nests elsewhere)."""
    total = 0
    for spec in specs:
        value = table.get(spec.key)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    total += 1 + _count(item, spec.children)
    return total


def _wrong_type(where: str, key: str, expected: str, value: Any) -> Problem:
    return Problem(
        where, key, "import.wrong_type", {"expected": _t(expected), "actual": _show(value)}
    )


def _show(value: Any) -> str:
    """A value as the file writes it, shortened, for messages."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, dict):
        text = "{…}"
    elif isinstance(value, list):
        text = "[…]"
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _list(keys: Any) -> str:
    return ", ".join(sorted(keys))


def _t(key: str) -> str:
    from branchtui.i18n import t

    return t(key)


__all__ = ["convert", "read_records"]
