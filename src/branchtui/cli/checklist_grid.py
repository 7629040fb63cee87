"""`checklist list` as text: each checklist's entries × periods, with period headings that
line up, and the evidence recorded with each tick under its entry.

Entries are grouped by how their year is divided (once or yearly: one period; half years
H1 H2; quarters Q1…Q4; months 1月…12月), each group under its own heading row, so every
symbol stands under the period it belongs to. Plain lines (cli/lines.py) laid out with
display.cell_width: CJK characters take two cells, columns stay aligned at any width;
titles and evidence wrap within their column rather than being cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from branchtui.display import cell_width, char_width, safe
from branchtui.i18n import label, t

if TYPE_CHECKING:
    from branchtui.cli.lines import Segment
    from branchtui.domain.checklist_views import ChecklistView, EntryView, PeriodView

# A period's cell: symbol and colour (SPEC §7: never colour alone).
DONE, OVERDUE, PENDING, NOT_DUE = "✓", "✗", "·", " "
STYLE = {DONE: "green", OVERDUE: "bold red", PENDING: "yellow", NOT_DUE: ""}
# How a year is divided, in the order the groups are shown; once and yearly entries share
# the one-period layout.
LAYOUTS = (("once", "yearly"), ("half_yearly",), ("quarterly",), ("monthly",))
GAP = 2
MIN_TITLE = 16
# Months are headed 1月…12月 when the titles keep this much room beside them, else 1…12.
ROOMY_TITLE = 30
OWNER_MAX = 10
# Chinese punctuation that never begins a line (the character before it moves down too).
_CLOSING = frozenset("，。、；：！？）》」』”’…,.;:!?)")


def symbol(state: PeriodView) -> str:
    """One period as a glyph: ✓ done, ✗ overdue, · due and not done, blank not due."""
    if state.done:
        return DONE
    if state.overdue:
        return OVERDUE
    if state.due:
        return PENDING
    return NOT_DUE


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells: Chinese breaks anywhere but before closing
    punctuation, English words at spaces."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for char in paragraph:
            if cell_width(line) + char_width(char) <= width or not line:
                line += char
                continue
            if char == " ":
                lines.append(line.rstrip())
                line = ""
                continue
            cut = line.rfind(" ")
            if cut > 0 and (line[cut + 1 :] + char).isascii():
                lines.append(line[:cut].rstrip())
                line = line[cut + 1 :]
            elif char in _CLOSING and len(line) > 1:
                lines.append(line[:-1])
                line = line[-1]
            else:
                lines.append(line.rstrip())
                line = ""
            line += char
        lines.append(line.rstrip())
    return lines


def _pad(text: str, width: int, *, right: bool = False) -> str:
    space = " " * max(0, width - cell_width(text))
    return space + text if right else text + space


def _centre(text: str, width: int) -> str:
    free = max(0, width - cell_width(text))
    return " " * (free // 2) + text + " " * (free - free // 2)


def headings(entry: EntryView, compact: bool) -> list[str]:
    """The period headings of an entry's layout: 2024 | H1 H2 | Q1…Q4 | 1月…12月."""
    from branchtui.domain.checklist_views import period_label

    return [period_label(p.period, entry.frequency, compact=compact) for p in entry.periods]


def grid_lines(views: Sequence[ChecklistView], width: int) -> list[list[Segment]]:
    """Every checklist of the year as lines of styled segments, within `width` cells."""
    lines: list[list[Segment]] = []
    for index, view in enumerate(views):
        if index:
            lines.append([])
        lines += _checklist(view, width)
    lines.append([(t("checklist.legend"), "")])
    return lines


def _checklist(view: ChecklistView, width: int) -> list[list[Segment]]:
    starts_on = view.starts_on.isoformat() if view.starts_on else f"{view.year}-01-01"
    heading = t(
        "checklist.heading",
        title=safe(view.title),
        id=view.id,
        kind=label("kind", view.kind),
        starts_on=starts_on,
    )
    lines: list[list[Segment]] = [[(heading, "bold")]]
    if not view.entries:
        return [*lines, [("  " + t("checklist.no_entries", id=view.id), "")]]
    owners = [safe(entry.owner) for entry in view.entries if entry.owner]
    id_width = max(cell_width(t("checklist.col.id")), *(len(str(e.id)) for e in view.entries))
    owner_width = 0
    if owners:
        owner_width = min(
            OWNER_MAX, max(cell_width(t("checklist.col.owner")), *map(cell_width, owners))
        )
    fixed = 2 + id_width + GAP + (owner_width + GAP if owner_width else 0) + GAP

    def area(compact: bool) -> int:
        widest = 0
        for entry in view.entries:
            cells = [max(1, cell_width(h)) for h in headings(entry, compact)]
            widest = max(widest, sum(cells) + len(cells) - 1)
        return widest

    compact = width - fixed - area(False) < ROOMY_TITLE
    title_width = max(MIN_TITLE, width - fixed - area(compact))
    columns = (id_width, title_width, owner_width, width)
    for layout in LAYOUTS:
        group = [entry for entry in view.entries if entry.frequency in layout]
        if group:
            lines += _group(group, layout, columns, compact)
    return lines


def _group(
    entries: list[EntryView],
    layout: tuple[str, ...],
    columns: tuple[int, int, int, int],
    compact: bool,
) -> list[list[Segment]]:
    id_width, title_width, owner_width, width = columns
    names = headings(entries[0], compact)
    cell_widths = [max(1, cell_width(name)) for name in names]
    group_label = t(f"checklist.group.{layout[-1]}")
    header = "  " + _pad(t("checklist.col.id"), id_width, right=True) + " " * GAP
    header += _pad(group_label, title_width)
    if owner_width:
        header += " " * GAP + _pad(t("checklist.col.owner"), owner_width)
    header += " " * GAP + " ".join(_pad(n, w) for n, w in zip(names, cell_widths, strict=True))
    lines: list[list[Segment]] = [[(header.rstrip(), "bold")]]
    indent = " " * (2 + id_width + GAP)
    for entry in entries:
        title_lines = wrap(safe(entry.title), title_width)
        first: list[Segment] = [("  " + _pad(str(entry.id), id_width, right=True) + " " * GAP, "")]
        first.append((_pad(title_lines[0], title_width), ""))
        if owner_width:
            owner = safe(entry.owner or "")
            if cell_width(owner) > owner_width:
                from branchtui.display import fit

                owner = fit(owner, owner_width)
            first.append((" " * GAP + _pad(owner, owner_width), ""))
        first.append((" " * GAP, ""))
        for index, (state, cell) in enumerate(zip(entry.periods, cell_widths, strict=True)):
            glyph = symbol(state)
            if index:
                first.append((" ", ""))
            first.append((_centre(glyph, cell) if cell > 1 else glyph, STYLE[glyph]))
        _trim(first)
        lines.append(first)
        lines += [[(indent + line, "")] for line in title_lines[1:]]
        lines += _evidence(entry, indent, max(MIN_TITLE, width - len(indent)))
    return lines


def _trim(segments: list[Segment]) -> None:
    """No trailing blanks: the last segments of a row lose their spaces at the end."""
    while segments and not segments[-1][0].strip():
        segments.pop()
    if segments:
        text, style = segments[-1]
        segments[-1] = (text.rstrip(), style)


def _evidence(entry: EntryView, indent: str, width: int) -> list[list[Segment]]:
    """The evidence given with the entry's ticks under its title, periods with the same
    words on one line."""
    from branchtui.domain.checklist_views import evidence_groups, period_label

    lines: list[list[Segment]] = []
    for states, evidence in evidence_groups(entry):
        periods = t("list.separator").join(period_label(s.period, entry.frequency) for s in states)
        text = t("checklist.evidence_line", period=periods, evidence=safe(evidence))
        for index, line in enumerate(wrap(text, width - 2)):
            lines.append([(indent + ("↳ " if index == 0 else "  ") + line, "dim")])
    return lines
