"""Sentence-level rules of plan documents: where a sentence ends, how a broken line joins,
where an item's title ends.

The title of an item is its text up to the first ，or 。 (or ；：！？ and their ASCII forms),
never inside quotes or brackets: 开展“学习、交流，提高”活动 is one title.
"""

from __future__ import annotations

import unicodedata

_FINAL = set("。！？；!?;…．.")
_CLOSERS = "”’」』）)》】〕\"' \t"


def finished(text: str) -> bool:
    """Whether `text` ends a sentence (closing quotes and brackets looked through)."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL


def ends_with_colon(text: str) -> bool:
    """Whether `text` introduces what follows ("一、加强思想建设：")."""
    return text.rstrip().endswith(("：", ":"))


def is_wide(ch: str) -> bool:
    """Whether `ch` is Chinese-width (CJK, full-width forms, Chinese quotes and dashes)."""
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in "“”‘’…·—"


def join_broken(left: str, right: str) -> str:
    """Join a line broken mid-sentence: no space for Chinese, one space for Latin text."""
    if not left or not right or is_wide(left[-1]) or is_wide(right[0]):
        return left + right
    return left + " " + right


_TITLE_END_WIDE = set("，。；：！？")
_TITLE_END_ASCII = set(",.;:!?")
_OPENERS = "“‘《「『（(【〔"
_CLOSING = "”’》」』）)】〕"
_STRIP_LEAD = " \t\u3000，。；：！？、,.;:!?"


def _title_end(text: str, aware: bool) -> int | None:
    depth, quoted = 0, False
    for i, ch in enumerate(text):
        if aware:
            if ch in _OPENERS:
                depth += 1
            elif ch in _CLOSING:
                depth = max(0, depth - 1)
            elif ch == '"':
                quoted = not quoted
            if depth or quoted:
                continue
        if ch in _TITLE_END_WIDE:
            return i
        # ASCII punctuation ends the title only before a space, CJK or the end: 6.30, 1,000
        # are numbers.
        if ch in _TITLE_END_ASCII:
            after = text[i + 1 : i + 2]
            if not after or after.isspace() or is_wide(after):
                return i
    return None


def split_title(text: str) -> tuple[str, str]:
    """(title, detail): the text up to the first title end, and the rest without its
    leading punctuation."""
    end = _title_end(text, aware=True)
    if end is None:
        # Unbalanced quotes would hide every comma: look again without them.
        end = _title_end(text, aware=False)
        if end is not None and _balanced(text):
            end = None
    if end is None:
        return text.strip(), ""
    return text[:end].strip(), text[end + 1 :].lstrip(_STRIP_LEAD).strip()


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSING:
            depth -= 1
    return depth == 0 and text.count('"') % 2 == 0
