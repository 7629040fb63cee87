"""Reading a TOML export back (SPEC §6): check the whole file, then merge it by uid.

`plan_import` parses and checks everything first — the header, unknown keys at every
level, types, codes, dates, ranges, references, duplicate uids, periods — and previews what
would change; any problem raises an `ImportFileError` naming the record and the key, and
nothing is written. `apply_import` then writes the plan as one unit of work (one change
that `undo` reverts), rechecking it against the database inside that transaction.
A key absent from the file leaves the stored value as it is; an empty string clears a text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from branchtui.config import syntax_position
from branchtui.errors import ValidationError, os_reason
from branchtui.exchange import records as rec
from branchtui.exchange import toml_reader
from branchtui.exchange.records import FORMAT, VERSION, RecordSpec
from branchtui.storage.database import Database

Progress = Callable[[int, int], None]

# How many problems an error lists before "… and N more".
SHOWN_PROBLEMS = 5


# -- what comes out -------------------------------------------------------------------------
@dataclass(frozen=True)
class Counts:
    """How many records of one kind an import creates, updates and leaves as they are."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class RecordChange:
    """One record an import creates or updates; `fields` are the keys that change."""

    record: str  # the table name: plan_item, member…
    op: str  # create | update
    uid: str | None  # None for the branch
    label: str  # its title, name or period
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a preview, would do)."""

    counts: dict[str, Counts]
    changes: tuple[RecordChange, ...]

    @property
    def total(self) -> Counts:
        """The counts summed over every kind of record."""
        return Counts(
            created=sum(c.created for c in self.counts.values()),
            updated=sum(c.updated for c in self.counts.values()),
            unchanged=sum(c.unchanged for c in self.counts.values()),
        )


@dataclass
class Incoming:
    """One record as read from the file: its converted values, keyed by model attribute."""

    spec: RecordSpec
    where: str  # e.g. "plan_items[3].tasks[2]" (1-based, in file order)
    uid: str | None
    values: dict[str, Any]
    refs: dict[str, str | None] = field(default_factory=dict)  # owner_id -> member uid
    parent: Incoming | None = None

    def problem(self, key: str | None, message_key: str, **params: Any) -> Problem:
        """A problem with this record (and `key`, when one key is wrong)."""
        return Problem(self.where, key, message_key, params, self.uid)


@dataclass
class ImportPlan:
    """A checked file, ready to write, with a preview of what writing it would change."""

    source: str
    branch_name: str | None
    year: int | None
    records: dict[str, list[Incoming]]  # by table name, parents before children
    preview: ImportResult | None  # None when planned with preview=False
    text: str = ""  # kept to find line numbers should a recheck fail

    @property
    def size(self) -> int:
        """How many records the file holds."""
        return sum(len(items) for items in self.records.values())


# -- errors ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (record and key) and what."""

    where: str  # e.g. plan_items[3].tasks[2]; empty for the file's header
    key: str | None
    message_key: str
    params: dict[str, Any] = field(default_factory=dict)
    uid: str | None = None

    def message(self, line: int | None = None) -> str:
        """The problem as one line in the current language, e.g.
        `plan_items[3] (line 40, uid …), status: "finished" is not a valid code (…)`."""
        from branchtui.i18n import t

        what = t(self.message_key, **self.params)
        where = self.where
        details = [t("import.line", line=line)] if line is not None and where else []
        if self.uid:
            details.append(f"uid {self.uid}")
        if details:
            where = t("import.place", where=where, details=t("import.separator").join(details))
        if where and self.key:
            return t("import.where_key", where=where, key=self.key, problem=what)
        if where or self.key:
            return t("import.where", where=where or self.key, problem=what)
        return what


class ImportFileError(ValidationError):
    """A file that cannot be imported: the first problems, each naming record and key."""

    def __init__(self, source: str, problems: list[Problem], text: str = "") -> None:
        super().__init__("import.invalid", file=source, count=len(problems))
        self.source = source
        self.problems = problems
        self._lines = record_lines(text) if text else {}

    def message(self) -> str:
        """The first problem on the first line (with the file), a few more below it."""
        from branchtui.i18n import t

        shown = [p.message(self._line(p)) for p in self.problems[:SHOWN_PROBLEMS]]
        lines = [t("import.invalid", file=self.source, problem=shown[0])]
        lines += [f"  {line}" for line in shown[1:]]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append("  " + t("import.more", count=len(self.problems) - SHOWN_PROBLEMS))
        return "\n".join(lines)

    def _line(self, problem: Problem) -> int | None:
        return self._lines.get(problem.where)


def record_lines(text: str) -> dict[str, int]:
    """The line of each `[[array.of.tables]]` header, keyed like `plan_items[3].tasks[2]`."""
    lines: dict[str, int] = {}
    counters: dict[str, int] = {}
    current: dict[str, str] = {}  # array path -> indexed path of its latest table
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("[["):
            continue
        match = re.match(r"\[\[\s*([A-Za-z0-9_.\s-]+?)\s*\]\]", line)
        if match is None:
            continue
        parts = [part.strip() for part in match.group(1).split(".")]
        parent = ".".join(parts[:-1])
        prefix = current.get(parent, parent) if parent else ""
        path = f"{prefix}.{parts[-1]}" if prefix else parts[-1]
        counters[path] = counters.get(path, 0) + 1
        indexed = f"{path}[{counters[path]}]"
        current[".".join(parts)] = indexed
        lines[indexed] = number
    return lines


# -- reading the file -----------------------------------------------------------------------
def read_import_file(path: Path) -> str:
    """A file's text: UTF-8, with or without a byte-order mark; one clear error otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError("import.missing_file", file=str(path)) from None
    except IsADirectoryError:
        raise ValidationError(
            "import.unreadable", file=str(path), detail="is a directory"
        ) from None
    except OSError as error:
        raise ValidationError(
            "import.unreadable", file=str(path), detail=os_reason(error)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("import.not_utf8", file=str(path), offset=error.start) from None


def plan_import(
    db: Database,
    text: str,
    *,
    source: str = "<text>",
    progress: Progress | None = None,
    preview: bool = True,
) -> ImportPlan:
    """Parse and check a whole export file against the database; preview the merge.

    Raises `ImportFileError` (or a one-line `ValidationError` for an empty file, a syntax
    error or the wrong format) without writing anything. With `preview=False` the checks
    that need the database (owners, periods of stored entries, keys a new record needs)
    are left to `apply_import`, which makes them before it writes anything: a caller about
    to write saves reading the database twice.
    """
    with rec.paused_gc():
        return _plan(db, text, source, progress, preview)


def _plan(
    db: Database, text: str, source: str, progress: Progress | None, preview: bool
) -> ImportPlan:
    from branchtui.exchange import toml_checks, toml_merge

    document = parse(text, source)
    header_year, branch_name, records, problems = toml_checks.read_records(document, progress)
    if problems:
        raise ImportFileError(source, problems, text)
    if branch_name is None and not any(records.values()):
        raise ValidationError("import.nothing", file=source)
    result = None
    if preview:
        with db.read() as session:
            outcome = toml_merge.merge(session, records, branch_name, header_year, write=None)
        if outcome.problems:
            raise ImportFileError(source, outcome.problems, text)
        result = outcome.result
    return ImportPlan(source, branch_name, header_year, records, result, text)


def apply_import(
    db: Database, plan: ImportPlan, *, progress: Progress | None = None
) -> ImportResult:
    """Write a checked plan as one unit of work ("import"); return what it did.

    The plan is checked again inside the transaction, so a record someone changed or
    deleted meanwhile is taken into account; on any error nothing is written.
    """
    from branchtui.exchange import toml_merge, toml_store
    from branchtui.storage.uow import UnitOfWork

    try:
        with rec.paused_gc(), UnitOfWork(db, "import") as uow:
            writer = toml_store.Writer(uow, progress, plan.size)
            outcome = toml_merge.merge(
                uow.session, plan.records, plan.branch_name, plan.year, write=writer
            )
            if outcome.problems:
                raise ImportFileError(plan.source, outcome.problems, plan.text)
            if not outcome.result.changes:
                # Nothing differs: leave no empty change behind for `history` and `undo`.
                raise _NothingChanged(outcome.result)
            return outcome.result
    except _NothingChanged as unchanged:
        return unchanged.result


class _NothingChanged(Exception):
    """Rolls back an import that changes nothing, carrying its counts out."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("nothing changed")
        self.result = result


_DATE_LINE = re.compile(r"\s*([A-Za-z0-9_]+)\s*=\s*(\d{4}-\d{2}-\d{2})\b")


def _impossible_date(line: str) -> tuple[str, str] | None:
    """`key = 2024-13-31`: TOML calls an impossible date a syntax error; say what it is."""
    match = _DATE_LINE.match(line)
    if match is None:
        return None
    try:
        date.fromisoformat(match.group(2))
    except ValueError:
        return match.group(1), match.group(2)
    return None


def parse(text: str, source: str) -> dict[str, Any]:
    """The TOML document, after the checks that stop at once: empty, syntax, format."""
    if not text.strip():
        raise ValidationError("import.empty", file=source)
    try:
        document = toml_reader.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, reason = syntax_position(error)
        lines = text.splitlines()
        bad_date = _impossible_date(lines[line - 1] if 0 < line <= len(lines) else "")
        if bad_date is not None:
            key, value = bad_date
            raise ValidationError(
                "import.bad_date_line", file=source, line=line, key=key, value=value
            ) from None
        raise ValidationError("import.syntax", file=source, line=line, detail=reason) from None
    if document.get("format") != FORMAT:
        raise ValidationError("import.not_branchtui", file=source, format=FORMAT)
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ValidationError("import.bad_version", file=source, version=version, supported=VERSION)
    return document


__all__ = [
    "Counts",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "Incoming",
    "Problem",
    "RecordChange",
    "apply_import",
    "parse",
    "plan_import",
    "read_import_file",
    "record_lines",
]
