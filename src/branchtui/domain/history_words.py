"""History in words: what a change did, as a branch secretary would say it.

"修改工作事项“学习教育”：状态 未开始 → 进行中；责任人 张伟 → 李明" — never `owner_id: 2 → 1` or
a raw code. Fields are named by their labels (i18n area `fields`), codes by their labels,
members by name, timestamps in the branch's timezone, private fields masked, long texts
cut. Pure: the caller passes the names it looked up (`Names`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from branchtui.display import fit, local_time, safe
from branchtui.domain.privacy import PRIVATE_FIELDS, mask

# Fields a person never needs to read in history: bookkeeping and derived values.
QUIET = frozenset(
    (
        "id",
        "uid",
        "version",
        "created_at",
        "updated_at",
        "name_key",
        "done_at",
        "done_by",
        "completed_at",
        "completed_by",
    )
)
# Fields holding a code, and the label family that names it.
CODE_LABELS = {
    "status": "status",
    "category": "category",
    "stage": "stage",
    "frequency": "frequency",
    "kind": "kind",  # checklist kind; member events are handled by record
}
# Fields holding another record's id, and which names stand for it.
REFERENCES = {
    "owner_id": "member",
    "member_id": "member",
    "host_id": "member",
    "recorder_id": "member",
    "lecturer_id": "member",
    "item_id": "plan_item",
    "meeting_id": "meeting",
}
# Code fields whose labels depend on the record: a meeting's kind, an attendee's status.
RECORD_CODE_LABELS = {
    ("member_event", "kind"): "event",
    ("meeting", "kind"): "meeting_kind",
    ("meeting_attendance", "status"): "attendance",
}
# The field that names a record of each kind in a sentence.
NAMING_FIELD = {
    "plan_item": "title",
    "step": "title",
    "checklist": "title",
    "checklist_entry": "title",
    "member": "name",
    "branch": "name",
}
TEXT_WIDTH = 24  # cells of a long text shown in a history line


@dataclass
class Names:
    """Names of records that history rows refer to by id, looked up by the caller."""

    member: dict[int, str] = field(default_factory=dict)
    plan_item: dict[int, str] = field(default_factory=dict)
    checklist_entry: dict[int, str] = field(default_factory=dict)
    meeting: dict[int, str] = field(default_factory=dict)  # as `meeting_name` gives it
    # The stored values of records whose update rows hold only what changed (to name them).
    current: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)


def _label(kind: str, code: Any) -> str:
    from branchtui.i18n import label

    return label(kind, str(code))


def value_text(record: str, name: str, value: Any, names: Names) -> str:
    """One stored value as people read it."""
    from branchtui.i18n import t

    if value is None or value == "":
        return t("value.none")
    if name in PRIVATE_FIELDS.get(record, ()):
        return mask(str(value)) or ""
    if isinstance(value, bool):
        return t("value.true" if value else "value.false")
    if name in REFERENCES and isinstance(value, int):
        found = getattr(names, REFERENCES[name]).get(value)
        return safe(found) if found is not None else f"#{value}"
    if (record, name) in RECORD_CODE_LABELS:
        return _label(RECORD_CODE_LABELS[(record, name)], value)
    if name in CODE_LABELS:
        return _label(CODE_LABELS[name], value)
    if name.endswith("_at") and isinstance(value, str):
        try:
            return local_time(datetime.fromisoformat(value))
        except ValueError:
            return safe(value)
    text = " ".join(str(value).split())  # one line
    return fit(safe(text), TEXT_WIDTH)


def field_label(name: str) -> str:
    """A field as people name it (责任人, not owner_id)."""
    from branchtui.i18n import catalog, current_language, t

    for key in (f"field.{name}", f"field.{name.removesuffix('_id')}"):
        if key in catalog(current_language()):
            return t(key)
    return name


def record_label(record: str, values: Mapping[str, Any], names: Names) -> str:
    """A record as a sentence names it: 工作事项“学习教育”, 落实记录“月度零报告” 2024-07."""
    from branchtui.i18n import t

    kind = t(f"record.{record}")
    name = ""
    suffix = ""
    if record == "checklist_check":
        name = names.checklist_entry.get(values.get("entry_id") or -1, "")
        suffix = str(values.get("period") or "")
    elif record == "member_event":
        name = names.member.get(values.get("member_id") or -1, "")
        suffix = f"{_label('event', values.get('kind'))} {values.get('date') or ''}".strip()
    elif record == "meeting":
        name = meeting_name(values)
    elif record == "meeting_attendance":
        name = names.member.get(values.get("member_id") or -1, "")
        suffix = names.meeting.get(values.get("meeting_id") or -1, "")
    elif record in NAMING_FIELD:
        name = str(values.get(NAMING_FIELD[record]) or "")
    shown = t("history.words.named", kind=kind, name=fit(safe(name), TEXT_WIDTH)) if name else kind
    return f"{shown} {suffix}".strip()


def meeting_name(values: Mapping[str, Any]) -> str:
    """A meeting as a sentence names it: 支委会 2024-03-05, 党小组会（第一党小组） 2024-03-07."""
    from branchtui.domain.meeting_kinds import kind_label

    kind = kind_label(str(values.get("kind")), values.get("group"))
    return f"{kind} {values.get('held_on') or ''}".strip()


def field_changes(
    record: str, before: Mapping[str, Any], after: Mapping[str, Any], names: Names
) -> list[str]:
    """`状态 未开始 → 进行中` for each field that moved."""
    lines = []
    for name in [k for k in {**before, **after} if k not in QUIET]:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        lines.append(
            f"{field_label(name)} {value_text(record, name, old, names)} → "
            f"{value_text(record, name, new, names)}"
        )
    return lines


def describe(
    op: str,
    record: str,
    record_id: int | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    names: Names,
    others: int,
) -> tuple[str, tuple[str, ...]]:
    """One line saying what a change did to its main record, and one line per field."""
    from branchtui.i18n import t, tn

    values = after if after is not None else before or {}
    if op == "update" and record_id is not None:
        values = {**names.current.get((record, record_id), {}), **values}
    subject = record_label(record, values, names)
    details: tuple[str, ...] = ()
    if op == "create":
        line = t("history.words.create", record=subject)
    elif op == "delete":
        line = t("history.words.delete", record=subject)
    else:
        details = tuple(field_changes(record, before or {}, after or {}, names))
        line = t("history.words.update", record=subject)
        if details:
            line += t("history.words.colon") + t("history.words.separator").join(details[:3])
            if len(details) > 3:
                line += t("history.words.ellipsis")
    if others:
        line += tn("history.more_records", others)
    return line, details


__all__ = [
    "Names",
    "describe",
    "field_changes",
    "field_label",
    "meeting_name",
    "record_label",
    "value_text",
]
