"""The write half of `import-plan`: a parsed plan document becomes plan items of a year.

`plan_doc.load_plan` finds the items; `import_plan` creates them through the domain
(`item_changes.add_items`: the same rules as `item add`), all in one change (one `undo`
removes the whole import), numbered after the year's existing items. An entry whose title
the year already has is skipped and said, so importing a plan twice adds nothing. The
category is guessed from a few unambiguous keywords (the title first, then the detail)
and is `other` whenever the text names none or more than one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from branchtui.exchange.plan_doc import PlanDocument, PlanEntry
from branchtui.storage.database import Database

__all__ = ["PlanImport", "PlannedItem", "guess_category", "import_plan", "planned_items"]

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


@dataclass(frozen=True)
class PlanImport:
    """What importing a document into a year does: the items it creates, in order, and
    the titles it skips because the year already has an item so named (a second import
    of the same plan adds nothing)."""

    items: list[PlannedItem]
    skipped: list[str]


def planned_items(db: Database, document: PlanDocument, year: int) -> PlanImport:
    """What `import_plan` would do (the dry run shows this; nothing written)."""
    from branchtui.domain.items import list_items

    existing = list_items(db, year, date(year, 1, 1))
    taken = {item.title for item in existing}
    last = max((item.number for item in existing), default=0)
    items: list[PlannedItem] = []
    skipped: list[str] = []
    for entry in document.items:
        parts = _title_and_detail(entry)
        if parts is None:
            continue
        title, detail = parts
        if title in taken:
            skipped.append(title)
            continue
        taken.add(title)
        last += 1
        items.append(PlannedItem(last, title, detail, guess_category(title, detail or "")))
    return PlanImport(items, skipped)


def import_plan(db: Database, document: PlanDocument, year: int) -> tuple[list[int], list[str]]:
    """Create one plan item of `year` per new entry of `document` through the domain's own
    function, numbered after the year's items, as one change; the new ids and the skipped
    titles."""
    from branchtui.domain.item_changes import ItemDraft, add_items

    plan = planned_items(db, document, year)
    drafts = [ItemDraft(p.title, detail=p.detail, category=p.category) for p in plan.items]
    ids = add_items(db, year, drafts, action="import_plan") if drafts else []
    return ids, plan.skipped
