"""What the member table shows, without Textual: the register's rows in the chosen order,
filtered, the columns fitted to the width, and each cell's words (the 下一步 included).

Filtering matches a name by its text or by the pinyin key stored with it (full or
initials: `zs` finds 张三, `shan` finds 单 as a surname) through `names.matches`, and
the 党小组 and 职务 by their text; pinyin is never computed here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, ClassVar

from branchtui.display import cell_width
from branchtui.domain.member_rows import MemberRow, NextStep
from branchtui.domain.names import matches
from branchtui.domain.stages import STAGE_DATE_FIELD, STAGES
from branchtui.i18n import label, t
from branchtui.tui.widgets.row_model import GAP, Column, RowModel

# The columns, in the order shown (`phone` only where there is room); `s` cycles the
# sort through SORT_CYCLE.
COLUMNS = ("name", "gender", "group", "post", "stage", "dates", "next", "phone")
SORT_CYCLE = ("stage", "name", "group", "post", "dates", "next", "gender")
MARKER = 1  # the mark of a late next step before the name
WIDE = 100  # from this width: full stage labels, both dates
PHONE_FROM = 130  # from this width: the (masked) phone too
PHONE_WIDTH = 11
MIN_NEXT = 12
WIDE_NEXT = 30  # at most, where there is room to spare
# The posts of a branch committee in the order a register lists them.
POST_ORDER = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员")
# Stored genders that have a label (registers write them in Chinese).
GENDERS = {"男": "male", "女": "female"}
# A 党小组 numbered in Chinese sorts as its number (第二 before 第十一).
_NUMERALS = {c: n for n, c in enumerate("零一二三四五六七八九", start=0)}
_RUN = re.compile(r"[零一二三四五六七八九十]+|\d+")


def _number(run: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 12 → 12 (up to 99: 党小组 are few)."""
    if run.isdigit():
        return int(run)
    if "十" not in run:
        return int("".join(str(_NUMERALS[c]) for c in run))
    tens, _ten, ones = run.partition("十")
    return (_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)


def natural(text: str) -> tuple[Any, ...]:
    """A sort key in which numbers (Chinese or Arabic) count as numbers."""
    parts: list[Any] = []
    last = 0
    for match in _RUN.finditer(text):
        parts.extend((text[last : match.start()], _number(match.group())))
        last = match.end()
    parts.append(text[last:])
    return tuple(parts)


def _name_order(row: MemberRow) -> str:
    # By pinyin (the stored key's first reading), as people expect names in order.
    return row.name_key.split(" ", 1)[0] if row.name_key else row.name


def _post_rank(post: str | None) -> tuple[int, str]:
    if not post:
        return (len(POST_ORDER) + 1, "")
    plain = post.removeprefix("党支部").removeprefix("支部")
    return (POST_ORDER.index(plain) if plain in POST_ORDER else len(POST_ORDER), post)


def _since(row: MemberRow) -> date:
    """The day the member's stage began (the 入党 date for full members: seniority)."""
    field = "admitted_on" if row.stage == "full" else STAGE_DATE_FIELD.get(row.stage, "")
    value = getattr(row, field, None)
    return value if isinstance(value, date) else date.max


_STAGE_RANK = {code: rank for rank, code in enumerate(reversed(STAGES))}  # full first
_SORT_KEYS: dict[str, Callable[[MemberRow], Any]] = {
    "stage": lambda r: (not r.active, _STAGE_RANK.get(r.stage, 9), _since(r), r.id),
    "name": lambda r: (not r.active, _name_order(r), r.id),
    "group": lambda r: (not r.active, r.group is None, natural(r.group or ""), _name_order(r)),
    "post": lambda r: (not r.active, _post_rank(r.post), _name_order(r)),
    "dates": lambda r: (not r.active, r.admitted_on is None, r.admitted_on or date.max, r.id),
    "next": lambda r: (not r.active, _next_order(r.next), r.id),
    "gender": lambda r: (not r.active, r.gender or "\uffff", _name_order(r)),
}


def _next_order(step: NextStep | None) -> tuple[int, date]:
    if step is None:
        return (2, date.max)
    return (0, step.date) if step.date is not None else (1, date.max)


class MemberModel(RowModel[MemberRow]):
    """The register's rows as the table shows them: sorted, then filtered."""

    SORT_KEYS: ClassVar[dict[str, Callable[[Any], Any]]] = _SORT_KEYS
    SORT_CYCLE = SORT_CYCLE

    def __init__(self) -> None:
        super().__init__("stage")
        self._texts: list[str] = []  # 党小组 and 职务, case-folded, in sorted order

    def prepare(self, ordered: list[MemberRow]) -> None:
        self._texts = [f"{row.group or ''}\n{row.post or ''}".casefold() for row in ordered]

    def matching(self, needle: str) -> list[MemberRow]:
        texts = self._texts
        return [
            row
            for index, row in enumerate(self._sorted)
            if matches(needle, row.name, row.name_key) or needle in texts[index]
        ]


# -- what a cell says ------------------------------------------------------------------------
def day_text(day: date | None, today: date) -> str:
    """A date as the table shows it: `10-01` in this year, else in full."""
    if day is None:
        return ""
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


def gender_text(gender: str | None, short: bool = True) -> str:
    """A stored gender in the user's language (男/女 have labels; other text as stored)."""
    if gender in GENDERS:
        return t(f"tui.members.gender{'_short' if short else ''}.{GENDERS[gender]}")
    return gender or ""


def stage_text(stage: str, short: bool) -> str:
    """A stage's label; `short` for a narrow table (积极分子)."""
    return t(f"tui.members.stage_short.{stage}") if short else label("stage", stage)


def next_text(step: NextStep | None, today: date) -> str:
    """The 下一步 cell: what comes next for the member, in words."""
    if step is None:
        return ""
    if step.kind == "training":
        return t(
            "tui.members.next.training", hours=f"{step.hours:g}", required=f"{step.required:g}"
        )
    day = day_text(step.date, today)
    if step.kind in ("activist", "candidate", "admission") and step.reached(today):
        return t(f"tui.members.next.{step.kind}_now")
    late = "_late" if step.late else ""
    return t(f"tui.members.next.{step.kind}{late}", date=day)


def dates_text(row: MemberRow, both: bool) -> str:
    """The 入党/转正 cell: the admission, and (with `both`) the 转正 date."""
    admitted = row.admitted_on.isoformat() if row.admitted_on else ""
    if not both:
        return admitted
    confirmed = row.confirmed_on.isoformat() if row.confirmed_on else ""
    if not admitted and not confirmed:
        return ""
    return f"{admitted or '—'}/{confirmed or '—'}"


# -- columns ---------------------------------------------------------------------------------
def _widest(texts: Iterable[str], cap: int) -> int:
    # Each distinct text once: groups, posts and genders repeat across a thousand rows.
    return min(cap, max(map(cell_width, set(texts)), default=0))


def layout(width: int, rows: list[MemberRow]) -> list[Column]:
    """The columns fitted to `width` cells: each at the width its content needs (capped),
    下一步 taking what is left; at WIDE both dates and full stage labels, at PHONE_FROM the
    phone too."""
    wide = width >= WIDE
    names = ["name", "gender", "group", "post", "stage", "dates", "next"]
    if width >= PHONE_FROM:
        names.append("phone")
    headings = {name: t(f"tui.members.col.{name}") for name in names}
    if not wide:
        headings["dates"] = t("tui.members.col.admitted")
    widths = {
        "name": _widest([r.name for r in rows], 12 if wide else 8),
        "gender": _widest({gender_text(g) for g in {r.gender for r in rows}}, 4),
        "group": _widest([r.group or "" for r in rows], 16 if wide else 10),
        "post": _widest([r.post or "" for r in rows], 12 if wide else 8),
        "stage": max(cell_width(stage_text(code, not wide)) for code in STAGES),
        "dates": 21 if wide else 10,
        "phone": PHONE_WIDTH,
    }
    widths = {name: widths[name] for name in names if name != "next"}
    for name, value in widths.items():
        widths[name] = max(value, cell_width(headings[name]) + 1)  # + the sort arrow
    fixed = MARKER + sum(widths.values()) + GAP * (len(names) - 1)
    widths["next"] = max(MIN_NEXT, width - fixed)
    if wide:
        widths["next"] = min(WIDE_NEXT, widths["next"])
    return [Column(name, headings[name], widths[name]) for name in names]


__all__ = [
    "COLUMNS",
    "GENDERS",
    "MARKER",
    "SORT_CYCLE",
    "MemberModel",
    "dates_text",
    "day_text",
    "gender_text",
    "layout",
    "natural",
    "next_text",
    "stage_text",
]
