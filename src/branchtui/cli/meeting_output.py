"""How the `meeting` commands print: the list table, `show`'s lines, the board's grid and
the JSON shapes of SPEC §5.

The board is laid out like `checklist list`: rows grouped by how the year divides for
their kind (months, quarters, the year), each group under its own heading row so every
symbol stands under its period; ✓ held, ✗ overdue, · due, blank not yet due (symbol and
colour, SPEC §7). Plain lines (cli/lines.py): the board is on the light read path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from branchtui.cli.output import json_value
from branchtui.display import cell_width, safe
from branchtui.i18n import label, t, tn

if TYPE_CHECKING:
    from branchtui.cli.lines import Segment
    from branchtui.domain.meeting_board import BoardRow, MeetingBoard
    from branchtui.domain.meeting_views import MeetingView

HELD, OVERDUE, DUE, NOT_DUE = "✓", "✗", "·", " "
SYMBOL = {"held": HELD, "overdue": OVERDUE, "due": DUE, "not_due": NOT_DUE}
STYLE = {HELD: "green", OVERDUE: "bold red", DUE: "yellow", NOT_DUE: ""}
# The board's groups, in the order shown.
LAYOUTS = ("monthly", "quarterly", "yearly")
# Months are headed 1月…12月 when the labels keep this much room beside them, else 1…12.
_INDENT = 2


def kind_text(kind: str, group: str | None) -> str:
    """A meeting's kind as shown: 党小组会（第一党小组）; stored text made safe."""
    from branchtui.domain.meeting_kinds import kind_label

    return safe(kind_label(kind, group))


# -- list and show ---------------------------------------------------------------------------
def meeting_json(view: MeetingView) -> dict[str, Any]:
    """`meeting list --json`'s shape (SPEC §5), with the group, lecturer and item."""
    return {
        "id": view.id,
        "uid": view.uid,
        "kind": view.kind,
        "held_on": json_value(view.held_on),
        "topic": view.topic,
        "place": view.place,
        "host": view.host,
        "expected": view.expected,
        "present": view.present,
        "excused": view.excused,
        "absent": view.absent,
        "quorate": view.quorate,
        "group": view.group,
        "lecturer": view.lecturer,
        "item_id": view.item_id,
    }


def show_json(view: MeetingView) -> dict[str, Any]:
    """`meeting show --json`: the list keys, the other fields and the attendance."""
    return meeting_json(view) | {
        "recorder": view.recorder,
        "host_id": view.host_id,
        "recorder_id": view.recorder_id,
        "lecturer_id": view.lecturer_id,
        "item": view.item,
        "content": view.content,
        "voters": view.quorum.voters if view.quorum else None,
        "voters_present": view.quorum.present if view.quorum else None,
        "version": view.version,
        "created_at": json_value(view.created_at),
        "updated_at": json_value(view.updated_at),
        "attendance": [
            {
                "member_id": a.member_id,
                "name": a.name,
                "status": a.status,
                "reason": a.reason,
                "voter": a.voter,
            }
            for a in view.attendance
        ],
    }


def _counts(view: MeetingView) -> str:
    return t(
        "meeting.counts",
        expected=view.expected,
        present=view.present,
        excused=view.excused,
        absent=view.absent,
    )


def print_list(console: Any, rows: Sequence[MeetingView], year: int) -> None:
    """`meeting list`: a table of the year's meetings; who attended as present/expected,
    a 支部党员大会 below quorum marked (the host and the rest are in `meeting show`)."""
    from branchtui.cli.output import table

    headers = [t(f"meeting.col.{name}") for name in ("id", "date", "kind", "topic")]
    result = table(
        [*headers, t("meeting.col.attendance")],
        [
            [
                m.id,
                m.held_on,
                kind_text(m.kind, m.group),
                m.topic,
                f"{m.present}/{m.expected}"
                + ("" if m.quorate is not False else " " + t("meeting.not_quorate")),
            ]
            for m in rows
        ],
        title=t("meeting.list_title", year=year, count=len(rows)),
        justify=["right", "left", "left", "left", "right"],
    )
    for index in (0, 1, 4):
        result.columns[index].no_wrap = True
    console.print(result)


def show_lines(view: MeetingView) -> list[Any]:
    """`meeting show`: the fields, then the attendance as a table."""
    from rich.text import Text

    from branchtui.cli.output import text

    lines: list[Any] = [
        Text(t("meeting.show_title", id=view.id, kind=kind_text(view.kind, view.group)), "bold")
    ]
    fields = [
        ("held_on", view.held_on),
        ("place", view.place),
        ("host", view.host),
        ("recorder", view.recorder),
        ("lecturer", view.lecturer),
        ("topic", view.topic),
        ("item", view.item),
        ("content", view.content),
    ]
    for name, value in fields:
        if value not in (None, ""):
            shown = text(value, keep_layout=name == "content")
            heading = t("meeting.served_item") if name == "item" else t(f"field.{name}")
            lines.append(Text.assemble((heading, "bold"), ": ", shown))
    lines.append(Text.assemble((t("meeting.col.attendance"), "bold"), ": ", _counts(view)))
    if view.quorum is not None:
        key = "meeting.quorum_line" if view.quorum.quorate else "meeting.quorum_short"
        lines.append(
            Text(
                t(key, voters=view.quorum.voters, present=view.quorum.present),
                "" if view.quorum.quorate else "bold red",
            )
        )
    if view.attendance:
        from branchtui.cli.output import table

        lines.append(
            table(
                [t("meeting.col.member"), t("meeting.col.status"), t("meeting.col.reason")],
                ((a.name, label("attendance", a.status), a.reason) for a in view.attendance),
            )
        )
    return lines


# -- the board -------------------------------------------------------------------------------
def board_json(board: MeetingBoard) -> dict[str, Any]:
    """`meeting board --json` (SPEC §5), with the day counting began, the year's counts
    and the reminders."""
    return {
        "year": board.year,
        "today": board.today.isoformat(),
        "starts_on": json_value(board.starts_on),
        "rows": [
            {
                "kind": row.kind,
                "group": row.group,
                "frequency": row.frequency,
                "due": row.due,
                "held": row.held,
                "overdue": row.overdue,
                "periods": [
                    {
                        "period": p.period,
                        "held": bool(p.held),
                        "count": p.held,
                        "due": p.due,
                        "overdue": p.overdue,
                    }
                    for p in row.periods
                ],
            }
            for row in board.rows
        ],
        "counts": board.counts,
        "reminders": [
            {
                "member_id": r.member_id,
                "name": r.name,
                "kind": r.kind,
                "date": r.date.isoformat(),
                "last": json_value(r.last),
            }
            for r in board.reminders
        ],
    }


def _headings(row: BoardRow, compact: bool) -> list[str]:
    from branchtui.domain.periods import period_label

    return [period_label(p.period, row.frequency, compact=compact) for p in row.periods]


def board_lines(board: MeetingBoard, width: int) -> list[list[Segment]]:
    """The board as lines of styled segments within `width` cells, then the legend, the
    reminders and a last line saying what is overdue."""
    today = board.today.isoformat()
    if board.starts_on is None:
        # Nothing recorded that year, or no meeting ever: nothing is counted as due.
        title = t("meeting.board_title_unjudged", year=board.year, today=today)
    else:
        since = board.starts_on.isoformat()
        title = t("meeting.board_title", year=board.year, today=today, since=since)
    lines: list[list[Segment]] = [[(title, "bold")]]
    labels = [kind_text(row.kind, row.group) for row in board.rows]
    label_width = max([cell_width(x) for x in labels] + [cell_width(t("meeting.group.monthly"))])
    months = [row for row in board.rows if row.frequency == "monthly"]
    roomy = (
        _INDENT + label_width + 2 + sum(cell_width(h) + 1 for h in _headings(months[0], False))
        if months
        else 0
    )
    compact = roomy > width
    for layout in LAYOUTS:
        rows = [
            (row, text)
            for row, text in zip(board.rows, labels, strict=True)
            if row.frequency == layout
        ]
        if rows:
            lines += _group(rows, layout, label_width, compact)
    lines.append([(t("meeting.legend"), "")])
    for reminder in board.reminders:
        lines.append(reminder_line(reminder, board.today))
    lines.append(_verdict(board))
    return lines


def _group(
    rows: list[tuple[BoardRow, str]], layout: str, label_width: int, compact: bool
) -> list[list[Segment]]:
    names = _headings(rows[0][0], compact)
    widths = [max(1, cell_width(name)) for name in names]
    heading = _pad(t(f"meeting.group.{layout}"), _INDENT + label_width) + "  "
    heading += " ".join(_pad(name, w) for name, w in zip(names, widths, strict=True))
    lines: list[list[Segment]] = [[(heading.rstrip(), "bold")]]
    for row, text in rows:
        segments: list[Segment] = [(" " * _INDENT + _pad(text, label_width) + "  ", "")]
        for index, (cell, cell_w) in enumerate(zip(row.periods, widths, strict=True)):
            glyph = SYMBOL[cell.state]
            if index:
                segments.append((" ", ""))
            segments.append((_centre(glyph, cell_w), STYLE[glyph]))
        while segments and not segments[-1][0].strip():
            segments.pop()
        lines.append(segments)
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def _centre(text: str, width: int) -> str:
    free = max(0, width - cell_width(text))
    return " " * (free // 2) + text + " " * (free - free // 2)


def reminder_line(reminder: Any, today: Any) -> list[Segment]:
    """A meeting reminder as one line (the board and `status`)."""
    name = safe(reminder.name)
    if reminder.kind == "secretary_lecture":
        text = t("meeting.reminder.secretary_lecture", name=name, year=reminder.date.year)
        return [("  ", ""), (DUE, ""), (" " + text, "")]
    last = reminder.last.isoformat() if reminder.last else None
    key = "meeting.reminder.no_meetings" if last else "meeting.reminder.no_meetings_never"
    text = tn(key, reminder.months, name=name, last=last)
    return [("  ", ""), (OVERDUE, "red"), (" " + text, "")]


def _verdict(board: MeetingBoard) -> list[Segment]:
    if not board.overdue:
        return [(t("meeting.board_none_overdue"), "")]
    parts = [
        t("meeting.board_overdue_row", kind=kind_text(row.kind, row.group), count=row.overdue)
        for row in board.rows
        if row.overdue
    ]
    return [(t("meeting.board_overdue", parts=t("list.separator").join(parts)), "bold red")]
