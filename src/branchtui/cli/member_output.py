"""How the `member` commands print members: the list table, `show`'s lines and the JSON
shapes of SPEC §5. Phone and ID numbers are masked unless asked for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from branchtui.cli.output import json_value, table, text
from branchtui.domain.privacy import PRIVATE_FIELDS, shown
from branchtui.i18n import current_language, label, t

if TYPE_CHECKING:
    from rich.table import Table

    from branchtui.domain.member_events import EventView
    from branchtui.domain.member_views import MemberView

LIST_JSON_KEYS = (
    "id",
    "uid",
    "name",
    "stage",
    "group",
    "post",
    "admitted_on",
    "confirmed_on",
    "active",
)
PRIVATE = PRIVATE_FIELDS["member"]
# `member show`: the record's fields in the order shown.
SHOW_FIELDS = (
    "name",
    "stage",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "group",
    "post",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "probation_extended_to",
    "probation_end",
    "confirmed_on",
    "party_age",
    "sponsors",
    "contacts",
    "training_hours",
    "phone",
    "id_number",
    "active",
    "notes",
)
# `member show --json`: the fields it adds to the list keys (the private ones come after).
SHOW_JSON_KEYS = (
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "applied_on",
    "activist_on",
    "candidate_on",
    "probation_extended_to",
    "sponsors",
    "contacts",
    "left_on",
    "notes",
    "probation_end",
    "party_age_start",
    "party_age_years",
    "training_hours",
    "version",
    "created_at",
    "updated_at",
)
# Which list columns keep their cells on one line, most important first; the others wrap.
_WHOLE_FIRST = (
    "id",
    "name",
    "admitted_on",
    "confirmed_on",
    "left_on",
    "stage",
    "phone",
    "id_number",
)


# -- member list ----------------------------------------------------------------------------


def print_list(
    console: Any, rows: Sequence[MemberView], include_private: bool, include_left: bool
) -> None:
    """`member list`: a rich table, or plain lines for a long register (cli/lines.py)."""
    from branchtui.cli.output import LONG_LISTING, print_listing

    if len(rows) <= LONG_LISTING:
        console.print(list_table(rows, include_private, include_left))
    else:
        fields = _list_fields(include_private, include_left)
        print_listing(
            console,
            [t(f"member.field.{field}") for field in fields],
            [_cells(m, fields) for m in rows],
            title=list_title(rows),
            justify=["right", *(["left"] * (len(fields) - 1))],
        )
    if rows:
        print(stage_counts(rows))


def list_title(rows: Sequence[MemberView]) -> str:
    """The listing's title: 党员名册 only when everyone listed is a Party member (full or
    probationary); otherwise the register of members and activists."""
    if not rows:
        return t("member.list_title.empty")
    if {m.stage for m in rows} <= {"full", "probationary"}:
        return t("member.list_title.members", count=len(rows))
    return t("member.list_title.mixed", count=len(rows))


def stage_counts(rows: Sequence[MemberView]) -> str:
    """How many of each stage, members first (an applicant is not counted as a member)."""
    from branchtui.domain.stages import STAGES

    counts = {stage: 0 for stage in reversed(STAGES)}
    for m in rows:
        counts[m.stage] += 1
    separator = "，" if current_language() == "zh" else ", "
    shown = separator.join(
        t("member.count", label=label("stage", stage), count=n) for stage, n in counts.items() if n
    )
    return t("member.counts_line", counts=shown)


def _list_fields(include_private: bool, include_left: bool) -> list[str]:
    if include_private:
        # A contact list: the private numbers take the place of the post and the dates.
        fields = ["id", "name", "stage", "group", *PRIVATE]
    else:
        fields = ["id", "name", "stage", "group", "post", "admitted_on", "confirmed_on"]
    if include_left:
        fields.append("left_on")
    return fields


def _cells(m: MemberView, fields: list[str]) -> list[Any]:
    return [label("stage", m.stage) if f == "stage" else getattr(m, f) for f in fields]


def list_table(rows: Sequence[MemberView], include_private: bool, include_left: bool) -> Table:
    """`member list`'s table: the private numbers when asked for, the day of leaving with
    --all."""
    fields = _list_fields(include_private, include_left)
    headers = [t(f"member.field.{field}") for field in fields]
    table_rows = [_cells(m, fields) for m in rows]
    result = table(
        headers,
        table_rows,
        title=list_title(rows),
        justify=["right", *(["left"] * (len(fields) - 1))],
    )
    for column, keep in zip(result.columns, _keep_whole(headers, table_rows, fields), strict=True):
        column.no_wrap = keep
    return result


def _keep_whole(headers: list[str], rows: list[list[Any]], fields: list[str]) -> list[bool]:
    """The columns that keep their cells on one line on an 80-column terminal, in the order
    of _WHOLE_FIRST, as long as the table still fits with every other column wrapped."""
    from branchtui.display import cell_width as cell_len

    narrow, padding, width = 4, 3, 79
    full = [
        max(cell_len(cell) for cell in [headers[i], *(text(row[i]) for row in rows)])
        for i in range(len(headers))
    ]
    least = [
        min(size, max(narrow, cell_len(header))) for size, header in zip(full, headers, strict=True)
    ]
    used = sum(size + padding for size in least)
    kept = [False] * len(fields)
    for field in _WHOLE_FIRST:
        if field not in fields:
            continue
        index = fields.index(field)
        extra = full[index] - least[index]
        if used + extra <= width:
            kept[index] = True
            used += extra
    return kept


def member_json(m: MemberView, include_private: bool = False) -> dict[str, Any]:
    """`member list --json`'s shape (SPEC §5); the private fields only when asked for."""
    data = {key: json_value(getattr(m, key)) for key in LIST_JSON_KEYS}
    if include_private:
        data.update({key: getattr(m, key) for key in PRIVATE})
    return data


# -- member show ----------------------------------------------------------------------------


def show_lines(m: MemberView, private: bool) -> list[str]:
    """`member show`'s record: one line a field that has a value, in SHOW_FIELDS order."""
    separator = t("member.show.separator")
    lines: list[str] = []
    for field in SHOW_FIELDS:
        value = _show_value(m, field, private)
        if value:
            lines.append(f"{t(f'member.field.{field}')}{separator}{value}")
    return lines


def _show_value(m: MemberView, field: str, private: bool) -> str:
    if field == "stage":
        return label("stage", m.stage)
    if field == "party_age":
        if m.party_age_start is None:
            return ""
        if m.party_age_years is None:
            return t("member.party_age_from", start=m.party_age_start.isoformat())
        return t(
            "member.party_age_value",
            years=m.party_age_years,
            start=m.party_age_start.isoformat(),
        )
    if field == "training_hours":
        return t("member.hours_value", hours=f"{m.training_hours:g}") if m.training_hours else ""
    if field == "active":
        if m.active:
            return t("member.active")
        return t("member.left", date=text(m.left_on))
    if field in PRIVATE:
        return text(shown(getattr(m, field), private))
    return text(getattr(m, field))


def events_table(events: Iterable[EventView]) -> Table:
    """`member show`'s 培养记录: id (what `event-set` takes), date, kind, hours, note."""
    fields = ("event_id", "event_date", "event_kind", "hours", "note")
    headers = [t(f"member.field.{f}") for f in fields]
    rows = (
        (e.id, e.date, label("event", e.kind), "" if e.hours is None else f"{e.hours:g}", e.note)
        for e in events
    )
    return table(
        headers,
        rows,
        title=t("member.events_title"),
        justify=["right", "left", "left", "right", "left"],
    )


def show_json(m: MemberView, include_private: bool = False) -> dict[str, Any]:
    """`member show --json`: the list keys and every other field, events, reminders;
    phone and ID number masked unless asked for."""
    data = member_json(m)
    for key in SHOW_JSON_KEYS:
        data[key] = json_value(getattr(m, key))
    for key in PRIVATE:
        data[key] = shown(getattr(m, key), include_private)
    data["events"] = [
        {
            "id": e.id,
            "uid": e.uid,
            "date": json_value(e.date),
            "kind": e.kind,
            "hours": e.hours,
            "note": e.note,
        }
        for e in m.events
    ]
    data["reminders"] = [{"key": r.key, "message": r.message()} for r in m.reminders]
    return data
