"""The year-end report draft (SPEC §6 `report`), in the structure of the branch's own
document (tests/data/sample_2023_summary_2024_plan.txt):

    XX党支部2023年工作总结及2024年工作计划
    第一部分2023年党建工作总结
    intro
    一、<category>            one section per category with done items, in category order
    <done item: title。evidence>
    …
    <lead-in>还存在以下不足：
    一是…；二是…。          unfinished or overdue items, then overdue checklist periods
    第二部分2024年党建工作计划
    intro
    一是<title>，<detail>     next year's items, else this year's unfinished work

Plain text, deterministic (no timestamps), in the current language (English numbers the
sections "1." and the lists "First, … Second, …"); the user's data stays as stored. The
plan part reads back with `import-plan`: its heading names the plan and its items are
numbered 一是…, each title followed by a comma.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from branchtui.display import safe
from branchtui.domain.checklist_views import ChecklistView, list_checklists
from branchtui.domain.dates import days_overdue
from branchtui.domain.item_rules import CATEGORIES
from branchtui.domain.items import ItemView, list_items
from branchtui.exchange.enumerators import to_chinese
from branchtui.i18n import current_language, label, t
from branchtui.storage.database import Database

__all__ = ["draft_report", "numeral", "ordinal"]

# Sentence-final punctuation: a text ending in one needs no full stop added.
_FINAL = "。！？；….!?;"
# Punctuation a title may end with that the report's own punctuation replaces.
_TRAILING = "。，、；：,.;: "
_UNFINISHED = ("todo", "doing", "review", "blocked")

_ENGLISH_ORDINALS = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
    "Twentieth",
]


def ordinal(number: int) -> str:
    """The list marker of the `number`th point: 一是 / First, (SPEC: numbered 一是…)."""
    if current_language() == "zh":
        word = to_chinese(number)
    elif number <= len(_ENGLISH_ORDINALS):
        word = _ENGLISH_ORDINALS[number - 1]
    else:
        tens = number % 100
        suffix = "th" if 10 <= tens <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        word = f"{number}{suffix}"
    return t("report.ordinal", word=word)


def numeral(number: int) -> str:
    """A section number: 一、二、… in Chinese, 1. 2. … in English."""
    return to_chinese(number) if current_language() == "zh" else str(number)


def _sentence(text: str) -> str:
    """`text` ending in sentence-final punctuation (a full stop added when it has none)."""
    text = text.strip()
    return text if not text or text[-1] in _FINAL else text + t("report.full_stop")


def _clause(text: str) -> str:
    """A title as the start of a sentence: no punctuation of its own at the end."""
    return text.strip().rstrip(_TRAILING)


def _percent(items: Sequence[ItemView]) -> str:
    """The mean progress of the items not cancelled, one decimal at most ("59.4", "100")."""
    counted = [item for item in items if item.status != "cancelled"]
    value = round(sum(i.progress for i in counted) / len(counted), 1) if counted else 0.0
    return f"{value:g}"


def _quoted(title: str) -> str:
    """A title to stand inside “…”: its own double quotes become single ones (‘…’)."""
    return _clause(title).replace("“", "‘").replace("”", "’")


def _numbered(entries: Sequence[str]) -> list[str]:
    """一是…；二是…；三是…。 — each on its own line, the last one closing the list."""
    lines = []
    for index, entry in enumerate(entries, start=1):
        body = entry.strip().rstrip(_TRAILING)
        end = t("report.full_stop") if index == len(entries) else t("report.semicolon")
        lines.append(ordinal(index) + body + end)
    return lines


def draft_report(db: Database, *, year: int, today: date) -> str:
    """The draft of `year`'s summary and next year's plan, as of `today`."""
    from branchtui.domain import branch

    name = branch.name(db)
    items = list_items(db, year, today)
    upcoming = [i for i in list_items(db, year + 1, today) if i.status != "cancelled"]
    checklists = list_checklists(db, year, today)
    lines = [t("report.title", branch=name, year=year, next=year + 1)]
    lines += _part_one(name, year, items, checklists, today)
    lines.append("")
    lines += _part_two(name, year, items, upcoming)
    # Stored control characters are made visible, never sent to a terminal (SPEC §8).
    return safe("\n".join(lines) + "\n", keep_layout=True)


def _part_one(
    name: str,
    year: int,
    items: Sequence[ItemView],
    checklists: Sequence[ChecklistView],
    today: date,
) -> list[str]:
    done = [item for item in items if item.status == "done"]
    lines = [
        t("report.part_one", year=year),
        t(
            "report.intro",
            branch=name,
            year=year,
            next=year + 1,
            total=len(items),
            done=len(done),
            percent=_percent(items),
        ),
    ]
    sections = [c for c in CATEGORIES if any(item.category == c for item in done)]
    if not sections:
        lines.append(t("report.no_done", year=year))
    for number, category in enumerate(sections, start=1):
        heading = label("category", category)
        lines.append(t("report.section", number=numeral(number), label=_capital(heading)))
        for item in done:
            if item.category == category:
                lines.append(_done_paragraph(item))
    lines.append("")
    shortfalls = _shortfalls(items, checklists, today)
    if shortfalls:
        lines.append(t("report.shortfalls", branch=name, year=year))
        lines += _numbered(shortfalls)
    else:
        lines.append(t("report.no_shortfalls", branch=name, year=year))
    return lines


def _capital(text: str) -> str:
    """A label as a heading: its first letter capitalised (no change to Chinese)."""
    return text[:1].upper() + text[1:]


def _done_paragraph(item: ItemView) -> str:
    title = _clause(item.title)
    evidence = (item.evidence or "").strip()
    if not evidence:
        return title + t("report.full_stop")
    evidence = " ".join(part.strip() for part in evidence.splitlines() if part.strip())
    return t("report.done_item", title=title, evidence=_sentence(evidence))


def _shortfalls(
    items: Sequence[ItemView], checklists: Sequence[ChecklistView], today: date
) -> list[str]:
    """What fell short: overdue items (longest overdue first), the other unfinished items
    in 序号 order, then each checklist with overdue periods."""
    late = sorted((i for i in items if i.overdue), key=lambda i: (i.due or today, i.number))
    open_ = [i for i in items if i.status in _UNFINISHED and not i.overdue]
    entries = []
    for item in late:
        assert item.due is not None  # overdue needs a due date
        entries.append(
            t(
                "report.overdue_item",
                title=_quoted(item.title),
                days=_days(days_overdue(item.due, today)),
                due=item.due.isoformat(),
                facts=_facts(item),
            )
        )
    for item in open_:
        entries.append(t("report.open_item", title=_quoted(item.title), facts=_facts(item)))
    for checklist in checklists:
        count = sum(1 for entry in checklist.entries for state in entry.periods if state.overdue)
        if count:
            key = "report.overdue_checks_one" if count == 1 else "report.overdue_checks"
            entries.append(t(key, title=_quoted(checklist.title), count=count))
    return entries


def _days(days: int) -> str:
    return t("report.days_one" if days == 1 else "report.days", days=days)


def _facts(item: ItemView) -> str:
    """Owner, status and progress, joined as the language joins a list."""
    facts = [t("report.owner", owner=item.owner)] if item.owner else []
    facts += [label("status", item.status), t("report.progress", progress=item.progress)]
    return t("report.list_joiner").join(facts)


def _part_two(
    name: str, year: int, items: Sequence[ItemView], upcoming: Sequence[ItemView]
) -> list[str]:
    next_year = year + 1
    lines = [t("report.part_two", year=next_year)]
    if upcoming:
        lines.append(t("report.plan_intro", branch=name, year=year, next=next_year))
        chosen: Sequence[ItemView] = upcoming
    else:
        chosen = [item for item in items if item.status in _UNFINISHED]
        key = "report.carried_intro" if chosen else "report.no_plan"
        lines.append(t(key, branch=name, year=year, next=next_year))
    entries = []
    for item in chosen:
        detail = " ".join(part.strip() for part in (item.detail or "").splitlines() if part.strip())
        title = _clause(item.title)
        entries.append(t("report.plan_item", title=title, detail=detail) if detail else title)
    lines += _numbered(entries)
    return lines
