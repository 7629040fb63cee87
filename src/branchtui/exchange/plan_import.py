"""The write half of `import-plan`: a parsed plan document becomes plan items of a year.

`plan_doc.load_plan` finds the items; `import_plan` writes them, all in one unit of work
(one change in history, so one `undo` removes the whole import), numbered after the year's
existing items. The category is guessed from a few unambiguous keywords (the title first,
then the detail) and is `other` whenever the text names none or more than one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from branchtui.exchange.plan_doc import PlanDocument, PlanEntry
from branchtui.storage.database import Database
from branchtui.storage.models import PlanItem
from branchtui.storage.uow import UnitOfWork

__all__ = ["PlannedItem", "guess_category", "import_plan", "planned_items"]

# Keywords that name one category and no other (DOMAIN §1's sections). Words shared by
# several ("学习" alone, "党员", "建设") are left out on purpose: a wrong guess is worse than
# `other`, which the user sets once.
_KEYWORDS: dict[str, re.Pattern[str]] = {
    "study": re.compile(r"理论学习|学习教育|理论武装|政治理论|第一议题|读书班|学习强国"),
    "organization": re.compile(
        r"组织生活|三会一课|组织建设|支部建设|发展党员|党员发展|主题党日|民主评议|换届"
    ),
    "integrity": re.compile(r"党风廉政|廉政|廉洁|从严治党|八项规定|四风|警示教育|党纪|纪律教育"),
    "ideology": re.compile(r"意识形态|舆情|舆论|宣传阵地"),
    "mass": re.compile(r"群团|团建|团支部|共青团|工会|职工之家"),
    "stability": re.compile(r"维稳|信访|风险防控|安全稳定|矛盾纠纷|农民工工资"),
    "service": re.compile(r"办实事|为民服务|为群众|急难愁盼|志愿服务"),
}


def guess_category(title: str, detail: str = "") -> str:
    """The category one keyword names: in the title, else in the detail; else `other`."""
    for text in (title, detail):
        found = {code for code, pattern in _KEYWORDS.items() if pattern.search(text)}
        if len(found) == 1:
            return found.pop()
        if found:
            return "other"  # ambiguous: do not guess
    return "other"


@dataclass(frozen=True)
class PlannedItem:
    """What importing one entry creates: its 序号, title, detail and category."""

    number: int
    title: str
    detail: str | None
    category: str


def _title_and_detail(entry: PlanEntry) -> tuple[str, str | None] | None:
    title, detail = entry.title.strip(), entry.detail.strip()
    if not title:  # an item that was all detail: its text is the title
        title, detail = detail, ""
    return (title, detail or None) if title else None


def _last_number(db: Database, year: int) -> int:
    with db.read() as session:
        value = session.exec(select(func.max(PlanItem.number)).where(PlanItem.year == year)).one()
    return int(value or 0)


def planned_items(db: Database, document: PlanDocument, year: int) -> list[PlannedItem]:
    """What `import_plan` would create, in order (the dry run shows this; nothing written)."""
    return _plan(document.items, _last_number(db, year))


def _plan(entries: Sequence[PlanEntry], last: int) -> list[PlannedItem]:
    planned = []
    for entry in entries:
        parts = _title_and_detail(entry)
        if parts is None:
            continue
        title, detail = parts
        last += 1
        planned.append(PlannedItem(last, title, detail, guess_category(title, detail or "")))
    return planned


def import_plan(db: Database, document: PlanDocument, year: int) -> list[int]:
    """Create one plan item of `year` per entry of `document`, numbered after the year's
    existing items, as one change; the new items' ids in order."""
    ids: list[int] = []
    with UnitOfWork(db, "import_plan") as uow:
        value = uow.session.exec(
            select(func.max(PlanItem.number)).where(PlanItem.year == year)
        ).one()
        for planned in _plan(document.items, int(value or 0)):
            item = uow.add(
                PlanItem(
                    year=year,
                    number=planned.number,
                    title=planned.title,
                    detail=planned.detail,
                    category=planned.category,
                )
            )
            assert item.id is not None
            ids.append(item.id)
    return ids
