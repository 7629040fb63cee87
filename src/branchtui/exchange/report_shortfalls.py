"""存在的不足 of the year-end report: what is unfinished, judged on the year's last day (or
today, while the year runs), naming the work and never the people.

In order: plan items past their due date, the other unfinished items (each said by its
state: not started, under way, awaiting review, held up; at most SHOWN of them, the rest
counted), each checklist with periods not done on time (naming its entries), then members'
procedures not done on time (转正 after the 预备期, activists' assessments), counted.
Cancelled items count as nothing; no "N days overdue" and no mean progress in the prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import reduce
from typing import TYPE_CHECKING

from branchtui.domain.checklist_views import ChecklistView
from branchtui.exchange.report_words import clause, long_date, quoted
from branchtui.i18n import t, tn

if TYPE_CHECKING:
    from branchtui.domain.items import ItemView
    from branchtui.domain.summary import Summary

__all__ = ["SHOWN", "UNFINISHED", "shortfalls"]

UNFINISHED = ("todo", "doing", "review", "blocked")
# Unfinished items named one by one; more are counted in one point.
SHOWN = 8
# Checklist entries named in a checklist's point; more are counted.
ENTRIES_SHOWN = 3


def shortfalls(
    items: Sequence[ItemView],
    checklists: Sequence[ChecklistView],
    year_end: Summary,
) -> list[str]:
    """The points of 存在的不足, each a clause (the caller numbers them 一是…).

    `items` and `checklists` are read as of the day judged on (their overdue flags are for
    that day); `year_end` is the summary of that day (its member reminders).
    """
    unfinished = [item for item in items if item.status in UNFINISHED]
    late = sorted((i for i in unfinished if i.overdue), key=lambda i: (i.due or date.max, i.number))
    open_ = [item for item in unfinished if not item.overdue]
    points = [_item(item, late=True) for item in late[:SHOWN]]
    points += [_item(item, late=False) for item in open_[: max(0, SHOWN - len(points))]]
    if len(unfinished) > len(points):
        points.append(tn("report.short.more", len(unfinished) - len(points)))
    points += [point for checklist in checklists if (point := _checklist(checklist))]
    if year_end.probation_overdue:
        points.append(tn("report.short.probation", year_end.probation_overdue))
    if year_end.assessments_overdue:
        points.append(tn("report.short.assessment", year_end.assessments_overdue))
    if year_end.meetings_overdue:
        points.append(_meetings(year_end))
    return points


def _meetings(year_end: Summary) -> str:
    """三会一课 not held when due: each kind (and 党小组) with how many times."""
    from branchtui.domain.meeting_kinds import kind_label

    parts = [
        tn("report.short.meeting_kind", row.overdue, kind=kind_label(row.kind, row.group))
        for row in year_end.meetings
        if row.overdue
    ]
    return t("report.short.meetings", parts=t("report.short.meetings_joiner").join(parts))


def _item(item: ItemView, *, late: bool) -> str:
    if late and item.due is not None:
        return t(
            f"report.short.late.{item.status}", title=quoted(item.title), date=long_date(item.due)
        )
    return t(f"report.short.{item.status}", title=quoted(item.title))


def _checklist(checklist: ChecklistView) -> str | None:
    """A checklist's periods not done on time, with the entries they belong to."""
    late: dict[int, int] = {}
    titles: dict[int, str] = {}
    for entry in checklist.entries:
        count = sum(1 for state in entry.periods if state.overdue)
        if count:
            late[entry.id] = count
            titles[entry.id] = quoted(entry.title)
    if not late:
        return None
    # “甲”“乙”: quoted titles side by side take no 顿号 between them (GB/T 15834).
    named = reduce(
        lambda first, second: t("report.quote_pair", first=first, second=second),
        (t("report.quoted", title=title) for title in list(titles.values())[:ENTRIES_SHOWN]),
    )
    if len(late) > ENTRIES_SHOWN:
        named = t("report.short.entries_more", entries=named, n=len(late))
    return tn(
        "report.short.checks",
        sum(late.values()),
        title=clause(checklist.title),
        entries=named,
    )
