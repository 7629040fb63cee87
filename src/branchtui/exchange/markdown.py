"""The Markdown progress report (SPEC §6): `branchtui export --format md`.

A person reads it in a terminal (`branchtui export --format md | less`) or pastes it into a
document, so it is GitHub-flavoured Markdown whose tables are padded to line up in a
terminal (a CJK character counts two columns). Its order: the title with the branch, the
years and the day of the report; overdue work (items and checklist periods) at the top;
then per year the plan table (序号, 工作事项, 责任人, 截止, 状态, 进度), the steps as task lists,
the checklists as entries × quarters and 三会一课 as kinds × quarters
(`markdown_meetings`); last the member counts by stage.

Headings and labels are in the current language; the user's data stays as stored. Nothing
here prints, and no timestamp is shown, so the same data on the same day gives the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import col, select

from branchtui.display import cell_width, safe
from branchtui.domain.checklist_views import (
    ChecklistView,
    EntryView,
    PeriodView,
    evidence_groups,
    list_checklists,
    period_label,
)
from branchtui.domain.dates import days_overdue
from branchtui.domain.item_rules import OVERDUE_SYMBOL, STATUS_SYMBOLS
from branchtui.domain.items import ItemView, list_items
from branchtui.domain.member_views import list_members
from branchtui.domain.stages import STAGES, Rules
from branchtui.domain.steps import StepView, step_view
from branchtui.exchange import markdown_meetings
from branchtui.i18n import label, t, tn
from branchtui.storage.database import Database
from branchtui.storage.models import Checklist, PlanItem, Step

if TYPE_CHECKING:
    from branchtui.domain.meeting_board import MeetingBoard

__all__ = ["escape_cell", "render", "table"]

# A checklist period's cell (as in `checklist list`): done, overdue, due, not yet due.
DONE, OVERDUE, PENDING, NOT_DUE = "✓", "✗", "·", ""
QUARTERS = (1, 2, 3, 4)
# Columns are padded to line up in a terminal up to this width; a longer cell sticks out
# of its row rather than widening every row of the table (one long title would).
PAD_LIMIT = 60


# --- Markdown building blocks -------------------------------------------------------------


def escape_cell(value: object) -> str:
    """Text that stays inside one table cell: `|` escaped, line breaks as `<br>`."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text.replace("|", "\\|").replace("\n", "<br>")


def inline(value: object) -> str:
    """Text that stays on one line of a list: line breaks become spaces."""
    text = "" if value is None else str(value)
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], right: Sequence[int] = ()
) -> str:
    """A Markdown table padded to line up in a terminal; columns in `right` align right."""
    cells = [[escape_cell(h) for h in headers]]
    cells += [[escape_cell(value) for value in row] for row in rows]
    widths = [
        min(PAD_LIMIT, max(3, *(cell_width(row[i]) for row in cells))) for i in range(len(headers))
    ]

    def line(row: Sequence[str]) -> str:
        parts = []
        for index, cell in enumerate(row):
            pad = " " * max(0, widths[index] - cell_width(cell))
            parts.append(pad + cell if index in right else cell + pad)
        return "| " + " | ".join(parts) + " |"

    rule = [
        "-" * (widths[i] - 1) + ":" if i in right else "-" * widths[i] for i in range(len(headers))
    ]
    return "\n".join([line(cells[0]), line(rule), *(line(row) for row in cells[1:])])


def _percent(part: float, whole: float) -> str:
    """part / whole as a percentage with one decimal at most ("59.4", "100", "0")."""
    return f"{round(100 * part / whole, 1) if whole else 0.0:g}"


# --- what is read -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Year:
    year: int
    items: list[ItemView]
    steps: dict[int, list[StepView]]
    checklists: list[ChecklistView]
    meetings: MeetingBoard


def _years(db: Database) -> list[int]:
    """Every year that has plan items or checklists, oldest first."""
    with db.read() as session:
        found = set(session.exec(select(PlanItem.year).distinct()).all())
        found |= set(session.exec(select(Checklist.year).distinct()).all())
    return sorted(found)


def _steps(db: Database, year: int) -> dict[int, list[StepView]]:
    """The steps of the year's items in one query (a year may hold 30,000)."""
    by_item: dict[int, list[StepView]] = {}
    with db.read() as session:
        rows = session.exec(
            select(Step)
            .join(PlanItem, col(PlanItem.id) == col(Step.item_id))
            .where(PlanItem.year == year)
            .order_by(col(Step.item_id), col(Step.position), col(Step.id))
        ).all()
        for step in rows:
            by_item.setdefault(step.item_id, []).append(step_view(step))
    return by_item


def _read(db: Database, year: int, today: date) -> _Year:
    return _Year(
        year=year,
        items=list_items(db, year, today),
        steps=_steps(db, year),
        checklists=list_checklists(db, year, today),
        meetings=markdown_meetings.boards(Path(db.path), [year], today)[year],
    )


# --- the report ---------------------------------------------------------------------------


def render(db: Database, *, year: int | None, today: date) -> str:
    """The Markdown progress report of `year` (None: every year in the database, each its
    own section) as of `today`."""
    from branchtui.domain import branch

    name = branch.name(db)
    years = [year] if year is not None else _years(db)
    data = [_read(db, y, today) for y in years]
    blocks = [f"# {_title(name, years)}", t("md.date", date=today.isoformat())]
    blocks += _overdue(data, today)
    for year_data in data:
        blocks += _year_section(year_data)
    blocks += _members(db, today)
    # Stored text may hold control characters (an older version, another tool): the
    # report is read in a terminal, so they are made visible, never sent (SPEC §8).
    return safe("\n\n".join(blocks) + "\n", keep_layout=True)


def _title(name: str, years: Sequence[int]) -> str:
    if not years:
        return t("md.title_no_year", branch=name)
    if len(years) == 1:
        return t("md.title", branch=name, year=years[0])
    return t("md.title_years", branch=name, first=years[0], last=years[-1])


def _days(days: int) -> str:
    return t("md.days_one" if days == 1 else "md.days", days=days)


def _overdue(data: Sequence[_Year], today: date) -> list[str]:
    """The overdue items and checklist periods of every year shown, oldest due first."""
    items = sorted(
        ((y.year, item) for y in data for item in y.items if item.overdue),
        key=lambda pair: (pair[1].due or today, pair[0], pair[1].number),
    )
    lines = []
    for year, item in items:
        facts = [item.owner] if item.owner else []
        assert item.due is not None  # overdue needs a due date
        facts.append(t("md.due_on", due=item.due.isoformat()))
        facts.append(_days(days_overdue(item.due, today)))
        lines.append(
            "- "
            + t("md.overdue_item", year=year, number=item.number, title=inline(item.title))
            + t("md.separator")
            + t("md.list_joiner").join(facts)
        )
    periods = sorted(
        (
            (state.last_day, y.year, checklist, entry, state)
            for y in data
            for checklist in y.checklists
            for entry in checklist.entries
            for state in entry.periods
            if state.overdue
        ),
        key=lambda row: (row[0], row[1], row[2].id, row[3].position),
    )
    meetings = markdown_meetings.overdue_lines({y.year: y.meetings for y in data}, today)
    for last_day, _year, checklist, entry, state in periods:
        facts = [entry.owner] if entry.owner else []
        facts.append(t("md.due_on", due=last_day.isoformat()))
        facts.append(_days(days_overdue(last_day, today)))
        lines.append(
            "- "
            + t(
                "md.overdue_check",
                checklist=inline(checklist.title),
                position=entry.position,
                title=inline(entry.title),
                period=state.period,
            )
            + t("md.separator")
            + t("md.list_joiner").join(facts)
        )
    lines += [line for _last_day, line in sorted(meetings, key=lambda row: row[0])]
    heading = f"## {t('md.overdue_heading', count=len(lines))}"
    if not lines:
        return [heading, t("md.no_overdue")]
    return [heading, "\n".join(lines)]


def _status(item: ItemView) -> str:
    text = f"{STATUS_SYMBOLS.get(item.status, '')} {label('status', item.status)}".strip()
    return text + t("md.overdue_mark", symbol=OVERDUE_SYMBOL) if item.overdue else text


def _year_section(data: _Year) -> list[str]:
    blocks = [f"## {t('md.year_heading', year=data.year)}", f"### {t('md.plan_heading')}"]
    if not data.items:
        blocks.append(t("md.no_items", year=data.year))
    else:
        counted = [item for item in data.items if item.status != "cancelled"]
        percent = _percent(sum(i.progress for i in counted), 100 * len(counted))
        done = sum(1 for item in data.items if item.status == "done")
        overdue = sum(1 for item in data.items if item.overdue)
        blocks.append(
            t("md.plan_summary", done=done, total=len(data.items), percent=percent, overdue=overdue)
        )
        headers = [t(f"col.{key}") for key in ("number", "title", "owner", "due", "status")]
        rows = [
            (
                item.number,
                item.title,
                item.owner or "",
                item.due.isoformat() if item.due else "",
                _status(item),
                f"{item.progress}%",
            )
            for item in data.items
        ]
        blocks.append(table([*headers, t("col.progress")], rows, right=(0, 5)))
        steps = _steps_block(data)
        if steps:
            blocks += [f"#### {t('md.steps_heading')}", steps]
    blocks += _checklists(data)
    blocks += markdown_meetings.section(data.meetings)
    return blocks


def _steps_block(data: _Year) -> str:
    """Each item with steps as a list entry, its steps as a nested task list."""
    lines: list[str] = []
    for item in data.items:
        steps = data.steps.get(item.id, [])
        if not steps:
            continue
        done = sum(1 for step in steps if step.done)
        lines.append(
            f"- {item.number}. {inline(item.title)}"
            + t("md.steps_count", done=done, total=len(steps))
        )
        for step in steps:
            box = "[x]" if step.done else "[ ]"
            due = t("md.step_due", due=step.due.isoformat()) if step.due else ""
            lines.append(f"  - {box} {inline(step.title)}{due}")
    return "\n".join(lines)


# --- checklists ---------------------------------------------------------------------------


def _symbol(state: PeriodView) -> str:
    if state.done:
        return DONE
    if state.overdue:
        return OVERDUE
    return PENDING if state.due else NOT_DUE


def _quarter_cells(entry: EntryView) -> list[str]:
    """An entry's periods grouped by the quarter each ends in: monthly entries give three
    symbols a quarter, quarterly one, half-yearly and yearly one in the quarter of their
    deadline."""
    cells: dict[int, list[str]] = {quarter: [] for quarter in QUARTERS}
    for state in entry.periods:
        cells[(state.last_day.month - 1) // 3 + 1].append(_symbol(state))
    return [" ".join(cells[quarter]).strip() for quarter in QUARTERS]


def _checklists(data: _Year) -> list[str]:
    if not data.checklists:
        return []
    blocks = [f"### {t('md.checklists_heading')}", t("md.legend")]
    for checklist in data.checklists:
        blocks.append(f"#### {inline(checklist.title)}")
        states = [state for entry in checklist.entries for state in entry.periods if state.due]
        done = sum(1 for state in states if state.done)
        overdue = sum(1 for state in states if state.overdue)
        percent = _percent(done, len(states))
        blocks.append(
            tn(
                "md.checklist_summary",
                len(states),
                done=done,
                total=len(states),
                overdue=overdue,
                percent=percent,
            )
        )
        if not checklist.entries:
            blocks.append(t("md.no_entries"))
            continue
        with_owner = any(entry.owner for entry in checklist.entries)
        headers = [t("col.number"), t("md.col.entry"), t("md.col.frequency")]
        headers += [t("md.col.owner")] if with_owner else []
        headers += [t(f"md.col.q{quarter}") for quarter in QUARTERS]
        rows = []
        for entry in checklist.entries:
            row: list[object] = [entry.position, entry.title, label("frequency", entry.frequency)]
            row += [entry.owner or ""] if with_owner else []
            rows.append(row + _quarter_cells(entry))
        blocks.append(table(headers, rows, right=(0,)))
        evidence = _evidence(checklist)
        if evidence:
            blocks += [t("md.evidence_heading"), evidence]
    return blocks


def _evidence(checklist: ChecklistView) -> str:
    """What was done for each entry, as given with its ticks: one list line per entry and
    text, with the periods it was given for."""
    lines = []
    for entry in checklist.entries:
        for states, evidence in evidence_groups(entry):
            periods = t("list.separator").join(
                period_label(state.period, entry.frequency) for state in states
            )
            lines.append(
                "- "
                + t(
                    "md.evidence_line",
                    position=entry.position,
                    title=inline(entry.title),
                    periods=periods,
                    evidence=evidence,
                )
            )
    return "\n".join(lines)


# --- members ------------------------------------------------------------------------------


def _members(db: Database, today: date) -> list[str]:
    counts = dict.fromkeys(STAGES, 0)
    for member in list_members(db, today=today, rules=Rules()):  # stages only: no reminders
        counts[member.stage] = counts.get(member.stage, 0) + 1
    rows: list[tuple[object, ...]] = [(label("stage", stage), n) for stage, n in counts.items()]
    rows.append((t("md.total"), sum(counts.values())))
    return [
        f"## {t('md.members_heading')}",
        table([t("md.col.stage"), t("md.col.count")], rows, right=(1,)),
    ]
