"""The records an import reads and what it reports: the types every import stage shares.

`Incoming` is one record as read from the file; `Operation` what the merge makes of it (its
final values); `ImportPlan` a checked file; `ImportResult` what an import did (or,
previewed, would do). Data only: the stages that fill them (`toml_checks`, `toml_merge`,
`toml_rules`, `toml_store`, `toml_import`) import this module, never each other backwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from branchtui.domain.stages import Rules
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_problems import Problem

# progress(done, total), called now and then while a long import or export runs.
Progress = Callable[[int, int], None]
Row = dict[str, Any]  # a record's values by model attribute


@dataclass(eq=False)  # compared by identity: two records of a file are never the same
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


@dataclass(frozen=True)
class RuleContext:
    """What the record rules take besides a record: who imports and when (what they fill
    in: a done step's user and time), today (a member's dates may not be later) and the
    branch's `[rules]`."""

    who: str
    now: datetime
    today: date
    rules: Rules


@dataclass(eq=False)
class Operation:
    """One record of the file as it will be stored.

    `row` holds every attribute of the record's final state: the stored row (or, for a new
    record, the columns' defaults) with the file's keys applied, then normalised by the
    domain's record rules. An owner is its member's id, or the member's uid while that
    member is still to be created; the parent's id is set when writing. `changed` names
    what differs from the stored row.
    """

    incoming: Incoming
    existing: Row | None  # the stored row; None for a new record
    row: Row
    changed: tuple[str, ...] = ()


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
class ImportPlan:
    """A checked file, ready to write, with a preview of what writing it would change."""

    source: str
    branch_name: str | None
    year: int | None
    records: dict[str, list[Incoming]]  # by table name, parents before children
    preview: ImportResult | None  # None when planned with preview=False
    today: date
    rules: Rules
    text: str = ""  # kept to find line numbers should a recheck fail

    @property
    def size(self) -> int:
        """How many records the file holds."""
        return sum(len(items) for items in self.records.values())


__all__ = [
    "Counts",
    "ImportPlan",
    "ImportResult",
    "Incoming",
    "Operation",
    "Progress",
    "RecordChange",
    "Row",
    "RuleContext",
]
