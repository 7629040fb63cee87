"""Finding the plan part of a branch's document and its enumerated items (SPEC §6 import-plan).

A branch's year-end document usually holds last year's summary (with enumerated sections and
shortcomings) and then next year's plan; only the plan's items are wanted. The rules:

- the plan part starts at the last heading that names a plan (计划, 安排, 打算, 要点, 思路,
  工作重点, …) and is followed by enumerated items; its four-digit year is the plan's year;
- items are enumerated 一是/二是, 一、, （一）, 1. / 1、/ 1．, (1), 1), ①, 第一，… — mixed
  within one list; a number restarting at 1 in another style opens a sub-list, kept in the
  detail of its item;
- a line without enumerator continues the item when the item's text is unfinished (no
  sentence-final punctuation); after a finished item it is a closing remark, which ends the
  list; after a short unpunctuated heading-like item or one ending in a colon it is that
  item's body;
- markers like ##paidbegin##, page numbers, date lines and blank lines are noise;
- an item's title is its text up to the first ，or 。 (or ；：！？ and their ASCII forms, never
  inside quotes or brackets), the rest is its detail.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from branchtui.errors import ValidationError
from branchtui.exchange.doc_reader import read_lines
from branchtui.exchange.enumerators import MAX_NUMBER, PAST_LIMIT, Enumerator, match_enumerator
from branchtui.exchange.plan_text import (
    ends_with_colon,
    finished,
    is_wide,
    join_broken,
    split_title,
)

__all__ = ["PlanDocument", "PlanEntry", "load_plan", "parse_plan", "read_lines"]


@dataclass(frozen=True)
class PlanEntry:
    """One plan item: its position in the list (1, 2, …), title and the rest of its text."""

    number: int
    title: str
    detail: str


@dataclass(frozen=True)
class PlanDocument:
    """The plan part of a document: the year its heading names (if any), the heading, items."""

    year: int | None
    heading: str
    items: list[PlanEntry]


def load_plan(path: Path) -> PlanDocument:
    """Read and parse the plan document at `path`.

    Raises `ValidationError` "plan.cannot_read" or "plan.none_found" (with the file name).
    """
    lines = read_lines(path)
    try:
        return parse_plan(lines)
    except ValidationError as exc:
        if exc.key in ("plan.none_found", "plan.too_many_items"):
            raise ValidationError(exc.key, **{**exc.params, "file": str(path)}) from None
        raise


def parse_plan(lines: list[str]) -> PlanDocument:
    """The plan part of a document given as lines. Raises `ValidationError("plan.none_found")`."""
    clean = _clean(lines)
    candidates = [i for i, line in enumerate(clean) if _heading_text(line) is not None]
    candidates = [i for i in candidates if not _mid_list(clean, i)]
    following = _following(clean)
    absorbed: set[int] = set()
    found: dict[int, list[_Item]] = {}
    ends: dict[int, int] = {}
    for index in candidates:
        if index in absorbed:
            continue
        items, end = _parse_list(clean, index, following)
        if not items:
            continue
        found[index], ends[index] = items, end
        # A plan whose own items name plans ("一、学习计划") owns them: they are not headings,
        # but a section naming the plan's tasks ("三、重点任务") is where the items are.
        # A combined summary+plan title ("2023年工作总结及2024年工作计划") owns nothing.
        if not _mentions_summary(clean, index, end):
            sections = {item.line for item in items if _PLAN_PART.search(item.text)}
            absorbed.update(i for i in candidates if index < i < end and i not in sections)
    chosen = [i for i in found if i not in absorbed]
    if not chosen:
        raise ValidationError("plan.none_found", file="")
    index = chosen[-1]
    heading = _heading_text(clean[index]) or ""
    # An enumerator with nothing after it (an empty numbered Word paragraph) is no item.
    kept = [item for item in found[index] if item.text or item.body]
    entries = [_entry(number, item) for number, item in enumerate(kept, start=1)]
    year = _plan_year(clean, index, heading)
    # "三、重点任务" of "XX党支部2025年工作计划": the plan it is a section of names the year.
    outers = [i for i in ends if i < index < ends[i]]
    while year is None and outers:
        year = _year_in(_heading_text(clean[outers.pop()]) or "")
    return PlanDocument(year, heading, entries)


# --- lines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    text: str  # cleaned; "" for a blank line
    enum: Enumerator | None


_MARKER = re.compile(r"##[^#\s]{1,40}##")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–−\s]*\d{1,4}[-—–−\s]*|第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?"
    r"|(?:page\s*)?\d+\s*(?:/|of)\s*\d+)$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")


def _clean(lines: list[str]) -> list[_Line]:
    out: list[_Line] = []
    for raw in lines:
        text = raw.translate(_INVISIBLE).strip()
        if not text:
            out.append(_Line("", None))
            continue
        text = _MARKER.sub("", text).strip()
        # Markers, page numbers, date lines and rules of symbols carry nothing: gone
        # altogether (not even a blank), so a sentence broken around them still joins.
        if not text or _PAGE_NUMBER.match(text) or _DATE_LINE.match(text):
            continue
        if not any(ch.isalnum() for ch in text):
            continue
        out.append(_Line(text, match_enumerator(text)))
    return out


# --- headings ---------------------------------------------------------------------------

_PLAN_WORD = re.compile(
    r"计划|安排|打算|要点|思路|工作重点|重点工作|重点任务|主要任务|规划|\bplans?\b|\bpriorities\b",
    re.IGNORECASE,
)
_PLAN_PART = re.compile(
    r"(?:重点|主要)(?:任务|工作)|工作(?:重点|任务|安排|计划|打算|要点|思路)|下一步|明年|来年"
)
_SUMMARY_WORD = re.compile(r"总结|回顾|\bsummary\b|\breview\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_INNER_PUNCTUATION = set("，。；！？,;!?")


def _heading_text(line: _Line) -> str | None:
    """The heading `line` is when it names a plan ("二、2025年工作打算"), else None."""
    head = _any_heading(line.text)
    return head if head is not None and _PLAN_WORD.search(head) else None


def _any_heading(text: str) -> str | None:
    """`text` (up to a colon) when it looks like a heading: short, no inner punctuation."""
    # "三、2025年工作计划：2025年，支部将…" is a heading followed by its intro on one line.
    head = re.split(r"[：:]", text, maxsplit=1)[0].strip()
    limit = 40 if any(is_wide(ch) for ch in head) else 80
    if not head or len(head) > limit or _INNER_PUNCTUATION & set(head):
        return None
    return head


def _mid_list(lines: list[_Line], index: int) -> bool:
    """Whether an enumerated candidate is just an item followed by its next sibling."""
    own = lines[index].enum
    if own is None:
        return False
    for line in lines[index + 1 :]:
        if line.enum is not None:
            return line.enum.style == own.style and line.enum.number == own.number + 1
    return False


def _mentions_summary(lines: list[_Line], start: int, end: int) -> bool:
    if _SUMMARY_WORD.search(lines[start].text):
        return True
    for line in lines[start + 1 : end]:
        head = _any_heading(line.text)
        if head is not None and _SUMMARY_WORD.search(head):
            return True
    return False


def _year_in(text: str) -> int | None:
    years = list(_YEAR.finditer(text))
    if not years:
        return None
    # "2023年工作总结及2024年工作计划": the year nearest before the plan word is the plan's.
    keyword = _PLAN_WORD.search(text)
    before = [m for m in years if keyword is not None and m.start() < keyword.start()]
    return int((before or years)[-1 if before else 0].group())


def _plan_year(lines: list[_Line], index: int, heading: str) -> int | None:
    year = _year_in(heading)
    if year is not None:
        return year
    # "具体工作安排如下" under "2025年党建工作": a sub-heading inherits the year above it.
    for line in reversed(lines[:index]):
        if line.enum is not None:
            break
        head = _any_heading(line.text)
        year = None if head is None else _year_in(head)
        if year is not None:
            return year
    return None


# --- the list ---------------------------------------------------------------------------


@dataclass
class _Item:
    line: int  # index of its first line
    text: str  # the item's own paragraph, enumerator removed
    raw_length: int  # length of its first line, enumerator included
    joined: bool = False  # whether a continuation line was added
    body: list[str] = field(default_factory=list)  # later paragraphs, sub-items
    body_ends_in_sub_item: bool = False


def _following(lines: list[_Line]) -> list[Enumerator | None]:
    """The next enumerated line after each line (computed once for every candidate list:
    per candidate it made a document of many headings quadratic)."""
    following: list[Enumerator | None] = [None] * len(lines)
    after: Enumerator | None = None
    for index in range(len(lines) - 1, -1, -1):
        following[index] = after
        after = lines[index].enum or after
    return following


# Paragraphs between a plan's heading and its first item ("为做好…，现安排如下："): a
# handful in real documents; bounding it keeps a document of many headings linear.
MAX_INTRO = 200


def _parse_list(
    lines: list[_Line], heading: int, following: list[Enumerator | None]
) -> tuple[list[_Item], int]:
    """The items after the heading at `heading`, and the index where the list ends."""
    own = lines[heading].enum
    items: list[_Item] = []
    top_styles: set[str] = set()
    top = 0
    sub: Enumerator | None = None
    blank = False
    intro = 0
    earlier_bare = True  # every item before the last is a bare title

    def continues(index: int) -> bool:
        # Whether the list goes on after `index`: then a paragraph there is an item's body
        # ("一、坚持政治引领，筑牢思想根基" and its paragraphs), not a closing remark.
        enum = following[index]
        if enum is None or (own is not None and _is_next_sibling(enum, own)):
            return False
        return enum.style in top_styles and enum.number == top + 1

    for index in range(heading + 1, len(lines)):
        line = lines[index]
        if not line.text:
            blank = True
            continue
        enum = line.enum
        if not items:
            intro += 1
            if intro > MAX_INTRO or following[heading] is None:
                return items, index  # no item follows (soon enough): not a plan's list
            if enum is not None and own is not None and _is_next_sibling(enum, own):
                return items, index
            if enum is not None:  # the intro before the first item is skipped
                items.append(_Item(index, enum.rest, len(line.text)))
                top_styles, top = {enum.style}, enum.number
            blank = False
            continue
        item = items[-1]
        if enum is None and top >= MAX_NUMBER and PAST_LIMIT.match(line.text):
            # Item 1000 of a plan: refused naming the limit, not taken as item 999's text.
            raise ValidationError("plan.too_many_items", file="", limit=MAX_NUMBER, number=top + 1)
        if enum is not None:
            kind = _classify(enum, own, top_styles, top, sub)
            if kind == "end":
                return items, index
            if kind == "top":
                # Only the last item still changes: the others are judged once, here.
                earlier_bare = earlier_bare and _title_only(item)
                items.append(_Item(index, enum.rest, len(line.text)))
                top_styles.add(enum.style)
                top, sub = max(top, enum.number), None
            else:
                item.body.append(line.text)
                item.body_ends_in_sub_item = True
                if kind == "sub":
                    sub = enum
            blank = False
            continue
        if not item.body:
            if ends_with_colon(item.text):
                pass  # "一、加强思想建设：" introduces its body
            elif len(items) > 1 and earlier_bare and _title_only(item):
                # A list of bare titles ("1. 加强学习" "2. 规范组织生活"): a line after the
                # last one is a closing remark, one before the next a broken title's end.
                if not continues(index):
                    return items, index
                if not blank:
                    item.text = join_broken(item.text, line.text)
                    item.joined = True
                    continue
            elif _heading_like(item, line, blank):
                # A heading item owns the paragraph below it, unless no item before it had
                # one and the list ends here: then that paragraph closes the list.
                if len(items) > 1 and not any(e.body for e in items) and not continues(index):
                    return items, index
            elif not blank and not finished(item.text):
                item.text = join_broken(item.text, line.text)
                item.joined = True
                continue
            elif not continues(index):
                return items, index  # a closing remark after the last item
            item.body.append(line.text)
        elif item.body_ends_in_sub_item and finished(item.body[-1]) and not continues(index):
            return items, index  # a closing remark after the last sub-item
        elif not blank and not finished(item.body[-1]) and not ends_with_colon(item.body[-1]):
            item.body[-1] = join_broken(item.body[-1], line.text)
        else:
            item.body.append(line.text)
            item.body_ends_in_sub_item = False
        blank = False
    return items, len(lines)


def _classify(
    enum: Enumerator, own: Enumerator | None, top_styles: set[str], top: int, sub: Enumerator | None
) -> str:
    """What an enumerated line is in the list: "top", "sub", "other" (body) or "end"."""
    # "三、保障措施" after the items of "二、2025年工作计划": the heading's next sibling.
    if own is not None and own.style not in top_styles and _is_next_sibling(enum, own):
        return "end"
    if enum.style in top_styles and enum.number == top + 1:
        return "top"
    if sub is not None and enum.style == sub.style and enum.number == sub.number + 1:
        return "sub"
    if enum.number == 1 and enum.style not in top_styles:
        return "sub"
    if enum.number == top + 1:
        return "top"  # mixed styles: 一是… then 二、…
    if enum.style in top_styles:
        # A gap or a repeated number is a slip of the writer; a smaller one, a new list.
        return "top" if enum.number >= top else "end"
    return "other"


def _is_next_sibling(enum: Enumerator, own: Enumerator) -> bool:
    return enum.style == own.style and enum.number > own.number


def _title_only(item: _Item) -> bool:
    """Whether the item so far is a bare title: one short line without punctuation."""
    if item.joined or item.body or not item.text or len(item.text) > 30:
        return False
    return not any(
        unicodedata.category(ch).startswith("P") and ch not in "“”‘’《》（）()\"'"
        for ch in item.text
    )


def _heading_like(item: _Item, line: _Line, blank: bool) -> bool:
    """Whether the item is a short heading ("（一）加强思想建设") with `line` as its body.

    A line broken mid-sentence is as long as (or longer than) the line that follows it;
    a heading is shorter than its body, has no punctuation, or stands alone.
    """
    return _title_only(item) and (blank or len(line.text) > item.raw_length + 2)


def _entry(number: int, item: _Item) -> PlanEntry:
    title, rest = split_title(item.text)
    detail = "\n".join(part for part in (rest, *item.body) if part)
    return PlanEntry(number, title, detail)
