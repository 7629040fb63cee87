"""Finding the stored record each record of an import file stands for (SPEC §6: by uid).

`match` reads, in a few chunked queries, the stored rows of every uid the file names, the
members and plan items its records name (owners, hosts, attendees, the item a meeting
serves), the stored steps of its items, events of its members, checks of its entries and
attendance of its meetings (an item's final steps, a member's events, an entry's checks
and a meeting's attendance include those the file leaves out), and pairs a check without a
known uid with its entry's stored check of the same period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchtui.exchange import records as rec
from branchtui.exchange.records import RecordSpec
from branchtui.exchange.toml_types import Incoming, Row
from branchtui.storage.uow import chunks, read_rows


@dataclass
class Stored:
    """What the database holds for a file: stored rows by record, and which is whose."""

    matched: dict[Incoming, Row] = field(default_factory=dict)  # a file's record -> its row
    member_ids: dict[str, int] = field(default_factory=dict)  # member uid -> id
    item_ids: dict[str, int] = field(default_factory=dict)  # plan item uid -> id
    steps: dict[int, list[Row]] = field(default_factory=dict)  # item id -> its stored steps
    events: dict[int, list[Row]] = field(default_factory=dict)  # member id -> its events
    checks: dict[int, list[Row]] = field(default_factory=dict)  # entry id -> its checks
    attendance: dict[int, list[Row]] = field(default_factory=dict)  # meeting id -> its rows
    # stored members the file names (owners, hosts, attendees) but does not hold, by id
    named_members: dict[int, Row] = field(default_factory=dict)
    groups: set[str] = field(default_factory=set)  # the 党小组 of the stored members

    def ids(self, target: str) -> dict[str, int]:
        """The stored ids by uid of a kind of record the file's references name."""
        return self.member_ids if target == "member" else self.item_ids

    def id_of(self, incoming: Incoming) -> int | None:
        """The stored id of a file's record, None for a new one."""
        row = self.matched.get(incoming)
        return None if row is None else int(row["id"])


def select_rows(session: Session, spec: RecordSpec, by: str, keys: Sequence[Any]) -> Iterator[Row]:
    """Stored rows of `spec` whose `by` column is one of `keys`, as attribute -> value."""
    return read_rows(session, spec.model, by, keys)


def match(session: Session, records: dict[str, list[Incoming]]) -> Stored:
    """The stored rows of a file's records (by uid; checks also by entry and period)."""
    stored = Stored()
    for spec in rec.ALL_SPECS:
        incoming = records[spec.record]
        uids = [i.uid for i in incoming if i.uid is not None]
        by_uid = {row["uid"]: row for row in select_rows(session, spec, "uid", uids)}
        for record in incoming:
            row = by_uid.get(record.uid or "")
            if row is not None:
                stored.matched[record] = row
    for table, spec in (("member", rec.MEMBER), ("plan_item", rec.PLAN_ITEM)):
        stored.ids(table).update(
            {str(row["uid"]): int(row["id"]) for i, row in stored.matched.items() if i.spec is spec}
        )
    _references(session, records, stored)
    stored.steps = _children(session, rec.TASK, records[rec.PLAN_ITEM.record], stored)
    stored.events = _children(session, rec.EVENT, records[rec.MEMBER.record], stored)
    stored.checks = _children(session, rec.CHECK, records[rec.ENTRY.record], stored)
    stored.attendance = _children(session, rec.ATTENDANCE, records[rec.MEETING.record], stored)
    _match_checks(records[rec.CHECK.record], stored)
    if records[rec.MEETING.record]:
        group = rec.MEMBER.columns["group"]
        found = session.execute(select(group).where(group.is_not(None)).distinct()).scalars()
        stored.groups = {str(g) for g in found}
    return stored


def _references(session: Session, records: dict[str, list[Incoming]], stored: Stored) -> None:
    """The stored records the file names (an item's owner, a meeting's host, item and
    attendees) but does not hold: members with their rows, plan items' ids."""
    wanted: dict[str, set[str]] = {"member": set(), "plan_item": set()}
    for spec in rec.ALL_SPECS:
        targets = {f.attr: f.target for f in spec.fields if f.kind == rec.REF}
        for incoming in records[spec.record] if targets else ():
            for attr, uid in incoming.refs.items():
                if uid is not None and uid not in stored.ids(targets[attr]):
                    wanted[targets[attr]].add(uid)
    for row in select_rows(session, rec.MEMBER, "uid", sorted(wanted["member"])):
        stored.member_ids[row["uid"]] = row["id"]
        stored.named_members[row["id"]] = row
    item_uid = rec.PLAN_ITEM.columns["uid"]
    for chunk in chunks(sorted(wanted["plan_item"])):
        query = select(item_uid, rec.PLAN_ITEM.columns["id"]).where(item_uid.in_(chunk))
        stored.item_ids.update(dict(session.execute(query).all()))


def _children(
    session: Session, spec: RecordSpec, parents: list[Incoming], stored: Stored
) -> dict[int, list[Row]]:
    """The stored children (`spec`) of the file's stored parents, by parent id."""
    ids = [stored.matched[parent]["id"] for parent in parents if parent in stored.matched]
    found: dict[int, list[Row]] = defaultdict(list)
    for row in select_rows(session, spec, spec.parent_attr or "", ids):
        found[row[spec.parent_attr or ""]].append(row)
    return found


def _match_checks(checks: list[Incoming], stored: Stored) -> None:
    """A file's check without a known uid takes its entry's stored check of the same
    period (a period is checked once per entry)."""
    by_period = {
        (row["entry_id"], row["period"]): row for rows in stored.checks.values() for row in rows
    }
    taken = {stored.matched[c]["id"] for c in checks if c in stored.matched}
    for check in checks:
        if check in stored.matched or check.parent is None:
            continue
        entry_id = stored.id_of(check.parent)
        found = by_period.get((entry_id or -1, check.values.get("period", "")))
        if found is not None and found["id"] not in taken:
            taken.add(found["id"])
            stored.matched[check] = found


__all__ = ["Stored", "match", "select_rows"]
