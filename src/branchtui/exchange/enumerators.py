"""Recognising the numbers that start an enumerated item in a Chinese (or English) document.

Both the document reader (to check that a synthetic marker for Word's automatic numbering
will be recognised) and the plan parser use this, so it lives on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN = "一二三四五六七八九十百零〇"
# The largest item number read (一是 … 九百九十九是, 1. … 999.): a plan numbered on past it
# is refused by the parser, naming the limit, never cut short.
MAX_NUMBER = 999

# Each pattern: (style, regex). The style names a family: "1." and "1、" are one family,
# because writers mix them within a list; "一是" and "一、" are two, told apart by the parser.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("shi", re.compile(rf"([{_CN}]{{1,5}})是(?=\S)")),
    ("cn", re.compile(rf"([{_CN}]{{1,5}})\s*(?:、|[．.](?![\d{_CN}]))")),
    ("cn_paren", re.compile(rf"[（(]\s*([{_CN}]{{1,5}})\s*[）)]")),
    ("di", re.compile(rf"第([{_CN}]{{1,5}})\s*[，,、：:]")),
    ("arabic_paren", re.compile(r"[（(]\s*(\d{1,3})\s*[）)]")),
    # "1.5万元" or "6.30节点" is a number, not an item: no digit may follow the dot.
    ("arabic", re.compile(r"(\d{1,3})\s*(?:[.．](?![\d.．])|、)")),
    ("arabic_half", re.compile(r"(\d{1,3})\s*[)）]")),
)
# A number past MAX_NUMBER where an item would stand: "1000. …", "一千、…".
PAST_LIMIT = re.compile(r"(?:\d{4,}|[一二三四五六七八九十百零〇]*[千万])\s*(?:[.．、)）]|是)")
# Unicode's enclosed numbers: ①…⑳, ⑴…⒇, ⒈…⒛.
_ENCLOSED: tuple[tuple[str, int, int], ...] = (
    ("circled", 0x2460, 0x2473),
    ("arabic_paren", 0x2474, 0x2487),
    ("arabic", 0x2488, 0x249B),
)


@dataclass(frozen=True)
class Enumerator:
    """The number found at the start of a line: its style family, value and the text after it."""

    style: str
    number: int
    rest: str


def chinese_number(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百 → 100, 一百零五 → 105, 三百二十 → 320;
    None for anything else (一一, 十十, 百)."""
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        high = _CN_DIGITS.get(hundreds) if len(hundreds) == 1 else None
        if not high:
            return None
        if not rest:
            return high * 100
        if rest[0] in "零〇":
            low = _CN_DIGITS.get(rest[1:]) if len(rest) == 2 else None
            return high * 100 + low if low else None
        # 一百二十 / 一百一十五: the tens written out (一百十二 reads as 112 too).
        low = _below_hundred(rest)
        return high * 100 + low if low is not None and low >= 10 else None
    return _below_hundred(text)


def _below_hundred(text: str) -> int | None:
    if not text or any(ch in "零〇" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    high = 1 if not tens else _CN_DIGITS.get(tens)
    low = 0 if not units else _CN_DIGITS.get(units)
    if high is None or low is None or high == 0 or (units and low == 0):
        return None
    return high * 10 + low


def to_chinese(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三, 105 → 一百零五, 120 → 一百二十 (up to
    MAX_NUMBER; larger numbers stay Arabic)."""
    digits = "零一二三四五六七八九"
    if number <= 0 or number > MAX_NUMBER:
        return str(number)
    hundreds, rest = divmod(number, 100)
    if hundreds:
        if rest == 0:
            return digits[hundreds] + "百"
        if rest < 10:
            return digits[hundreds] + "百零" + digits[rest]
        tens, units = divmod(rest, 10)
        return digits[hundreds] + "百" + digits[tens] + "十" + (digits[units] if units else "")
    tens, units = divmod(number, 10)
    if tens == 0:
        return digits[units]
    head = "" if tens == 1 else digits[tens]
    return head + "十" + (digits[units] if units else "")


def match_enumerator(line: str) -> Enumerator | None:
    """The enumerator that starts `line` (already stripped), or None."""
    if not line:
        return None
    code = ord(line[0])
    for style, first, last in _ENCLOSED:
        if first <= code <= last:
            return Enumerator(style, code - first + 1, _clean_rest(line[1:]))
    for style, pattern in _PATTERNS:
        found = pattern.match(line)
        if found is None:
            continue
        raw = found.group(1)
        number = int(raw) if raw.isdigit() else chinese_number(raw)
        if number is None or number == 0:
            continue
        return Enumerator(style, number, _clean_rest(line[found.end() :]))
    return None


def _clean_rest(text: str) -> str:
    # "一是：加强…" or "1、 加强…": the separator after the number is not part of the text.
    return text.lstrip(" \t\u3000:：、，,.．")
