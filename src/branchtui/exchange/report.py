"""The year-end report draft (SPEC §6 `report`), written as a branch secretary writes it,
in the structure of the branch's own document (tests/data/sample_2023_summary_2024_plan.txt):

    XX党支部2024年工作总结及2025年工作计划
    第一部分2024年党建工作总结
    intro (the year's counts of plan items, no percentages)
    一、<field of work>        done items with their evidence, the checklists' ticks and
    …                          evidence, 三会一课 and 发展党员 (report_work.py)
    <lead-in>还存在以下不足：
    一是…；二是…。            unfinished work at the year's end (report_shortfalls.py)
    第二部分2025年党建工作计划
    intro
    一是<title>，<detail>；…   next year's items, else this year's unfinished work

The document is built once (`build_report`) and rendered as text (`draft_report`) or Word
(report_docx.py). What the user should know about it ("the 2025 plan is not entered yet")
is in `ReportDocument.notices`, for stderr, never in the document. Deterministic (no
timestamps), in the current language; the user's data stays as stored. The plan part
reads back with `import-plan`: its heading names the plan year and its items are numbered
一是…, each title followed by a comma.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from branchtui.domain.checklist_views import list_checklists
from branchtui.domain.items import ItemView, list_items
from branchtui.domain.stages import Rules
from branchtui.exchange import report_work
from branchtui.exchange.report_document import (
    Block,
    Heading,
    Numbered,
    Paragraph,
    ReportDocument,
    render_text,
)
from branchtui.exchange.report_shortfalls import UNFINISHED, shortfalls
from branchtui.exchange.report_words import clause, flat, numbered, numeral
from branchtui.i18n import t, tn
from branchtui.storage.database import Database

__all__ = ["build_report", "default_year", "draft_report", "judged_on"]


def judged_on(year: int, today: date) -> date:
    """The day the year's work is judged on: the day after its last once it is over (work
    due on 31 December and not done is late then), else today. So the shortfalls say what
    was unfinished when the year ended, not how late it is now."""
    return min(today, date(year + 1, 1, 1))


def default_year(today: date) -> int:
    """The year a report is of when none is asked for: before March, the year just ended."""
    return today.year - 1 if today.month < 3 else today.year


def draft_report(db: Database, *, year: int, today: date, rules: Rules | None = None) -> str:
    """The draft of `year`'s summary and next year's plan as plain text, as of `today`."""
    return render_text(build_report(db, year=year, today=today, rules=rules))


def build_report(
    db: Database, *, year: int, today: date, rules: Rules | None = None
) -> ReportDocument:
    """The year-end document of `year` as of `today`; `rules` (the `[rules]` settings)
    decide when a 预备期 has ended and an assessment is due."""
    from branchtui.domain import branch
    from branchtui.domain.member_views import list_members
    from branchtui.domain.summary import load_summary

    rules = rules or Rules()
    name = branch.name(db)
    day = judged_on(year, today)
    items = [item for item in list_items(db, year, day) if item.status != "cancelled"]
    upcoming = [item for item in list_items(db, year + 1, today) if item.status != "cancelled"]
    checklists = list_checklists(db, year, day)
    members = report_work.recruitment(
        list_members(db, include_inactive=True, today=day, rules=rules), year
    )
    year_end = load_summary(Path(db.path), year, day, rules, limit=0)
    done = [item for item in items if item.status == "done"]
    meetings = report_work.meeting_counts(db, year)
    work = report_work.sections(done, checklists, year, members, meetings)
    notices: list[str] = []
    if not work:
        notices.append(t("report.notice.no_done", year=year))
    blocks: list[Block] = [
        Heading(t("report.title", branch=name, year=year, next=year + 1), 0),
        Heading(t("report.part_one", year=year), 1),
        Paragraph(_intro(name, year, items)),
    ]
    for number, (category, paragraphs) in enumerate(work, start=1):
        heading = t(f"report.heading.{category}")
        blocks.append(Heading(t("report.section", number=numeral(number), heading=heading), 2))
        blocks += [Paragraph(text) for text in paragraphs]
    points = shortfalls(items, checklists, year_end)
    if points:
        blocks.append(Paragraph(t("report.shortfalls", branch=name, year=year), spaced=True))
        blocks.append(Numbered(numbered(points)))
    else:
        blocks.append(Paragraph(t("report.no_shortfalls", branch=name, year=year), spaced=True))
    blocks += _part_two(name, year, items, upcoming, notices)
    return ReportDocument(tuple(blocks), tuple(notices))


def _intro(name: str, year: int, items: Sequence[ItemView]) -> str:
    done = sum(1 for item in items if item.status == "done")
    counts = tn("report.intro_counts", len(items), total=len(items), done=done) if items else ""
    return t("report.intro", branch=name, year=year, next=year + 1, counts=counts)


def _part_two(
    name: str,
    year: int,
    items: Sequence[ItemView],
    upcoming: Sequence[ItemView],
    notices: list[str],
) -> list[Block]:
    next_year = year + 1
    blocks: list[Block] = [Heading(t("report.part_two", year=next_year), 1, spaced=True)]
    chosen: Sequence[ItemView] = upcoming
    if upcoming:
        blocks.append(Paragraph(t("report.plan_intro", branch=name, year=year, next=next_year)))
    else:
        chosen = [item for item in items if item.status in UNFINISHED]
        key = "carried" if chosen else "no_plan"
        blocks.append(Paragraph(t(f"report.{key}_intro", branch=name, year=year, next=next_year)))
        notices.append(t(f"report.notice.{key}", year=year, next=next_year))
    if chosen:
        blocks.append(Numbered(numbered([_plan_entry(item) for item in chosen])))
    return blocks


def _plan_entry(item: ItemView) -> str:
    detail = flat(item.detail)
    title = clause(item.title)
    return t("report.plan_item", title=title, detail=detail) if detail else title
