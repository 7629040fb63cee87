"""Codes from what people type: a stored code, or its label in either language.

`--stage 预备党员`, `--status 进行中`, `--kind 谈话` and a register's 阶段 column all name a
code by its label (SPEC §5); this is the one place that reads a label back. Light: the
catalogs are plain dicts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from branchtui.i18n import LANGUAGES, catalog, current_language, label


def _key(text: str) -> str:
    """What is compared: full-width made plain, case and spaces, `-` and `_` ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if not char.isspace() and char not in "-_")


def code_of(kind: str, text: str, codes: Sequence[str]) -> str | None:
    """The code of `codes` that `text` names — the code itself, or its label in Chinese or
    English (`label(kind, code)`) — or None when it names none."""
    wanted = _key(text)
    if not wanted:
        return None
    for code in codes:
        if wanted == _key(code):
            return code
    for language in LANGUAGES:
        messages = catalog(language)
        for code in codes:
            shown = messages.get(f"{kind}.{code}")
            if shown is not None and wanted == _key(shown):
                return code
    return None


def choices_text(kind: str, codes: Sequence[str]) -> str:
    """The codes with their labels in the current language, as help and errors list them:
    `todo 未开始, doing 进行中…` (in English only the code where the label is the same)."""
    separator = "、" if current_language() == "zh" else ", "
    parts = []
    for code in codes:
        shown = label(kind, code)
        parts.append(code if _key(shown) == _key(code) else f"{code} {shown}")
    return separator.join(parts)


class Shown:
    """A code's label, or a field's name, rendered when the message is: an error raised
    while one language is set may be printed in another (the app switches), so its
    parameters keep the code and turn it into words only in `str()`."""

    def __init__(self, kind: str, code: str) -> None:
        self.kind = kind
        self.code = code

    def __str__(self) -> str:
        if self.kind == "field":
            from branchtui.i18n import t

            key = f"field.{self.code}"
            return t(key) if key in catalog(current_language()) else self.code
        return label(self.kind, self.code)

    def __repr__(self) -> str:
        return f"Shown({self.kind!r}, {self.code!r})"


class Listed:
    """Items joined as the language of the message lists them (、 or ", "), when shown."""

    def __init__(self, items: Sequence[object]) -> None:
        self.items = tuple(items)

    def __str__(self) -> str:
        separator = "、" if current_language() == "zh" else ", "
        return separator.join(str(item) for item in self.items)

    def __repr__(self) -> str:
        return f"Listed({self.items!r})"


__all__ = ["Listed", "Shown", "choices_text", "code_of"]
