"""The records of a TOML export (SPEC §6) and how their keys map onto the tables.

One description serves both directions: `toml_export` writes the keys in this order, and
the import (`toml_checks`, `toml_merge`, `toml_store`) checks, converts and writes them
back. A file carries uids, never integer
ids or versions; a plan item names its owner by the member's uid (`owner_uid`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from branchtui.domain.item_rules import CATEGORIES, STATUSES
from branchtui.domain.meeting_kinds import ATTENDANCE_STATUSES, MEETING_KINDS
from branchtui.domain.member_events import EVENT_KINDS
from branchtui.domain.periods import FREQUENCIES
from branchtui.domain.record_rules import MAX_NUMBER
from branchtui.domain.stages import STAGES
from branchtui.domain.templates import TEMPLATE_KINDS

if TYPE_CHECKING:
    from sqlalchemy import Column
    from sqlmodel import SQLModel

# Kept light on purpose: the export reads with plain SQL and must not load SQLAlchemy
# (SPEC §9: 2 s in all), so the models are looked up only when the import needs them.
# `domain.checklists.KINDS`, without importing that module's database code.
CHECKLIST_KINDS = (*TEMPLATE_KINDS, "custom")
FORMAT = "branchtui"
VERSION = 1
# The top-level keys of a file, besides the arrays of records.
HEADER_KEYS = ("format", "version", "exported_at", "year", "branch")
BRANCH_KEYS = ("name",)
YEAR_RANGE = (1900, 2999)

# Kinds of value a key may hold (`toml_checks` converts each).
UID = "uid"
TEXT = "text"  # optional text; "" clears it
TITLE = "title"  # text that may not be empty
CODE = "code"
DATE = "date"
STAMP = "datetime"  # a timestamp with its offset
INT = "int"
FLOAT = "float"  # a positive number (学时)
BOOL = "bool"
REF = "ref"  # another record's uid (a member's, unless `target` says), stored as its id
PERIOD = "period"


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a record: its name in the file, the model attribute, what it holds."""

    key: str
    attr: str
    kind: str
    column: str  # the column holding it (Member.group is stored as party_group)
    codes: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    required: bool = False  # a new record must have it
    private: bool = False  # only with --include-private
    target: str = "member"  # REF: the table of the record it names


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: it is a constant
class RecordSpec:
    """One kind of record: its table, its keys in file order, and its nested records."""

    record: str  # the table's name, as history names it
    key: str  # its key in the file: plan_items, tasks…
    fields: tuple[Field, ...]
    parent_attr: str | None = None  # the column holding the parent's id
    children: tuple[RecordSpec, ...] = ()
    label: str = "title"  # the attribute that names a record in messages
    sort: tuple[str, ...] = ()  # export order within the parent, uid breaking ties

    @cached_property
    def by_key(self) -> dict[str, Field]:
        """The fields by their key in the file."""
        return {field.key: field for field in self.fields}

    @cached_property
    def keys(self) -> dict[str, str]:
        """The file's key of each model attribute (`owner_id` is written `owner_uid`)."""
        return {field.attr: field.key for field in self.fields}

    def target_of(self, attr: str) -> str:
        """The table a reference attribute (`owner_id`, `item_id`…) names."""
        return next(f.target for f in self.fields if f.attr == attr)

    def key_of(self, attr: str) -> str:
        """The file's key for a model attribute (the attribute itself when the file has
        no key for it)."""
        return self.keys.get(attr, attr)

    @cached_property
    def model(self) -> type[SQLModel]:
        """The table's SQLModel class (imported on first use)."""
        from branchtui.storage.models import RECORD_TABLES

        return RECORD_TABLES[self.record]

    @cached_property
    def columns(self) -> dict[str, Column[Any]]:
        """Each attribute's column (`Member.group` is stored as `party_group`)."""
        from sqlalchemy import inspect

        return {attr.key: attr.columns[0] for attr in inspect(self.model).column_attrs}


def _f(
    key: str, kind: str, attr: str | None = None, column: str | None = None, **options: Any
) -> Field:
    return Field(key=key, attr=attr or key, kind=kind, column=column or attr or key, **options)


def _stamps() -> tuple[Field, Field]:
    return _f("created_at", STAMP), _f("updated_at", STAMP)


CHECK = RecordSpec(
    record="checklist_check",
    key="checks",
    parent_attr="entry_id",
    label="period",
    sort=("period",),
    fields=(
        _f("uid", UID),
        _f("period", PERIOD, required=True),
        _f("done_at", STAMP),
        _f("done_by", TEXT),
        _f("evidence", TEXT),
    ),
)

ENTRY = RecordSpec(
    record="checklist_entry",
    key="entries",
    parent_attr="checklist_id",
    children=(CHECK,),
    sort=("position",),
    fields=(
        _f("uid", UID),
        _f("position", INT, low=1),
        _f("title", TITLE, required=True),
        _f("frequency", CODE, codes=FREQUENCIES),
        _f("due_month", INT, low=1, high=12),
        _f("owner", TEXT),
        _f("note", TEXT),
        *_stamps(),
    ),
)

CHECKLIST = RecordSpec(
    record="checklist",
    key="checklists",
    children=(ENTRY,),
    sort=("year", "created_at"),
    fields=(
        _f("uid", UID),
        _f("year", INT, low=YEAR_RANGE[0], high=YEAR_RANGE[1], required=True),
        _f("kind", CODE, codes=CHECKLIST_KINDS),
        _f("title", TITLE, required=True),
        _f("starts_on", DATE),
        *_stamps(),
    ),
)

TASK = RecordSpec(
    record="step",
    key="tasks",
    parent_attr="item_id",
    sort=("position",),
    fields=(
        _f("uid", UID),
        _f("position", INT, low=1),
        _f("title", TITLE, required=True),
        _f("done", BOOL),
        _f("done_at", STAMP),
        _f("done_by", TEXT),
        _f("due", DATE),
        *_stamps(),
    ),
)

PLAN_ITEM = RecordSpec(
    record="plan_item",
    key="plan_items",
    children=(TASK,),
    sort=("year", "number"),
    fields=(
        _f("uid", UID),
        _f("year", INT, low=YEAR_RANGE[0], high=YEAR_RANGE[1], required=True),
        _f("number", INT, low=1, high=MAX_NUMBER),
        _f("title", TITLE, required=True),
        _f("detail", TEXT),
        _f("category", CODE, codes=CATEGORIES),
        _f("owner_uid", REF, attr="owner_id"),
        _f("owner_text", TEXT),
        _f("due", DATE),
        _f("status", CODE, codes=STATUSES),
        _f("progress", INT, low=0, high=100),
        _f("evidence", TEXT),
        _f("completed_at", STAMP),
        _f("completed_by", TEXT),
        _f("carried_from", TEXT),
        *_stamps(),
    ),
)

EVENT = RecordSpec(
    record="member_event",
    key="events",
    parent_attr="member_id",
    label="kind",
    sort=("date", "created_at"),
    fields=(
        _f("uid", UID),
        _f("date", DATE, required=True),
        _f("kind", CODE, codes=EVENT_KINDS, required=True),
        _f("hours", FLOAT),
        _f("note", TEXT),
        *_stamps(),
    ),
)

MEMBER = RecordSpec(
    record="member",
    key="members",
    children=(EVENT,),
    label="name",
    sort=("name",),
    fields=(
        _f("uid", UID),
        _f("name", TITLE, required=True),
        _f("gender", TEXT),
        _f("ethnicity", TEXT),
        _f("birth_date", DATE),
        _f("education", TEXT),
        _f("group", TEXT, column="party_group"),
        _f("post", TEXT),
        _f("stage", CODE, codes=STAGES),
        _f("applied_on", DATE),
        _f("activist_on", DATE),
        _f("candidate_on", DATE),
        _f("admitted_on", DATE),
        _f("confirmed_on", DATE),
        _f("probation_extended_to", DATE),
        _f("sponsors", TEXT),
        _f("contacts", TEXT),
        _f("active", BOOL),
        _f("left_on", DATE),
        _f("notes", TEXT),
        _f("phone", TEXT, private=True),
        _f("id_number", TEXT, private=True),
        *_stamps(),
    ),
)

ATTENDANCE = RecordSpec(
    record="meeting_attendance",
    key="attendance",
    parent_attr="meeting_id",
    label="status",
    sort=(),  # by uid: member ids differ from one database to the next
    fields=(
        _f("uid", UID),
        _f("member_uid", REF, attr="member_id", required=True),
        _f("status", CODE, codes=ATTENDANCE_STATUSES),
        _f("reason", TEXT),
    ),
)

MEETING = RecordSpec(
    record="meeting",
    key="meetings",
    children=(ATTENDANCE,),
    label="held_on",
    sort=("held_on", "created_at"),
    fields=(
        _f("uid", UID),
        _f("kind", CODE, codes=MEETING_KINDS, required=True),
        _f("held_on", DATE, required=True),
        _f("place", TEXT),
        _f("host_uid", REF, attr="host_id"),
        _f("host_text", TEXT),
        _f("recorder_uid", REF, attr="recorder_id"),
        _f("recorder_text", TEXT),
        _f("group", TEXT, column="party_group"),
        _f("topic", TEXT),
        _f("content", TEXT),
        _f("lecturer_uid", REF, attr="lecturer_id"),
        _f("lecturer_text", TEXT),
        _f("item_uid", REF, attr="item_id", target="plan_item"),
        *_stamps(),
    ),
)

# The top-level arrays, in file order; a parent always comes before its children, and the
# records others name (members, plan items) before those that name them.
TOP_LEVEL = (MEMBER, PLAN_ITEM, CHECKLIST, MEETING)
ALL_SPECS = (MEMBER, EVENT, PLAN_ITEM, TASK, CHECKLIST, ENTRY, CHECK, MEETING, ATTENDANCE)
SPEC_BY_RECORD = {spec.record: spec for spec in ALL_SPECS}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while an import or export builds its records.

    They are hundreds of thousands of dicts and tuples without reference cycles, and each
    collection walks all of them again: pausing it while an import checks, merges and
    writes SPEC §9's file saves about 15 % of its CPU time (tomllib's parse alone gains
    nothing measurable and runs outside). Reference counting still frees everything;
    collection resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = [
    "ALL_SPECS",
    "ATTENDANCE",
    "CHECK",
    "CHECKLIST",
    "ENTRY",
    "EVENT",
    "FORMAT",
    "HEADER_KEYS",
    "MEETING",
    "MEMBER",
    "PLAN_ITEM",
    "SPEC_BY_RECORD",
    "TASK",
    "TOP_LEVEL",
    "VERSION",
    "Field",
    "RecordSpec",
    "paused_gc",
]
