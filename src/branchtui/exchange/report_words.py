"""The year-end report's words: numbering (一、 一是), sentences and clauses made from the
user's titles, dates as the document writes them. In the current language: English numbers
sections "1." and points "First, … Second, …"; the user's data stays as stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from branchtui.exchange.enumerators import to_chinese
from branchtui.i18n import current_language, t

__all__ = ["clause", "flat", "long_date", "numbered", "numeral", "ordinal", "quoted", "sentence"]

# Sentence-final punctuation: a text ending in one needs no full stop added.
_FINAL = "。！？；….!?;"
# Punctuation a title may end with that the report's own punctuation replaces.
_TRAILING = "。，、；：,.;: "

_ENGLISH_ORDINALS = (
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
)


def ordinal(number: int) -> str:
    """The marker of the `number`th point: 一是 / First, (SPEC §6: numbered 一是…)."""
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


def flat(text: str | None) -> str:
    """Stored text on one line: its line breaks and runs of blanks become one space."""
    return " ".join((text or "").split())


def sentence(text: str) -> str:
    """`text` ending in sentence-final punctuation (a full stop added when it has none)."""
    text = flat(text)
    return text if not text or text[-1] in _FINAL else text + t("report.full_stop")


def clause(text: str) -> str:
    """A title as part of a sentence: no punctuation of its own at the end."""
    return flat(text).rstrip(_TRAILING)


def quoted(title: str) -> str:
    """A title to stand inside “…”: its own double quotes, curly or paired straight ones,
    become single ones (‘…’), as Chinese documents nest quotes."""
    text = clause(title).replace("“", "‘").replace("”", "’")
    if text.count('"') % 2 == 0:
        parts = text.split('"')
        text = "".join(
            part + ("" if index == len(parts) - 1 else "‘" if index % 2 == 0 else "’")
            for index, part in enumerate(parts)
        )
    return text


def long_date(day: date) -> str:
    """A date in prose: 2024年6月30日 / 2024-06-30."""
    return t("report.date", year=day.year, month=day.month, day=day.day)


def numbered(entries: Sequence[str]) -> tuple[str, ...]:
    """一是…；二是…；三是…。 — each point its own paragraph, the last one closing the list."""
    points = []
    for index, entry in enumerate(entries, start=1):
        body = clause(entry)
        end = t("report.full_stop") if index == len(entries) else t("report.semicolon")
        points.append(ordinal(index) + body + end)
    return tuple(points)
