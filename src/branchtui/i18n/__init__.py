"""Messages in Chinese and English: one catalog per language, one lookup function.

The language is chosen once per process (`set_language`), from `--lang`, `BRANCHTUI_LANG`,
the configuration, then the locale (SPEC §3). Both catalogs hold the same keys; a test
keeps them equal.
"""

from __future__ import annotations

import os
from typing import Any

LANGUAGES = ("zh", "en")
_current = "zh"
_catalogs: dict[str, dict[str, str]] = {}


def locale_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """`en` when the locale (LC_ALL > LC_MESSAGES > LANG) starts with "en", else `zh`."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def set_language(language: str) -> None:
    """Choose the language of every later message (`auto`, or anything unknown, follows
    the locale: a bad BRANCHTUI_LANG is reported in a language the user reads)."""
    global _current
    _current = language if language in LANGUAGES else locale_language()


def current_language() -> str:
    """The language messages are given in now."""
    return _current


def catalog(language: str) -> dict[str, str]:
    """The whole catalog of one language (loaded on first use)."""
    if language not in _catalogs:
        if language == "en":
            from branchtui.i18n.en import MESSAGES
        else:
            from branchtui.i18n.zh import MESSAGES
        _catalogs[language] = MESSAGES
    return _catalogs[language]


def t(key: str, /, **params: Any) -> str:
    """The message `key` in the current language, with `params` filled in."""
    text = catalog(_current).get(key)
    if text is None:
        text = catalog("zh").get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def tn(key: str, count: int, /, **params: Any) -> str:
    """`t` for a message about `count` things: `key_one` when there is one and the catalog
    has it (English "1 day", not "1 days"), else `key`."""
    one = f"{key}_one"
    if count == 1 and one in catalog(_current):
        return t(one, count=count, **params)
    return t(key, count=count, **params)


def label(kind: str, code: str | None) -> str:
    """The shown label of a stored code, e.g. label("status", "done") -> 已完成 / done."""
    if code is None:
        return ""
    return t(f"{kind}.{code}") if f"{kind}.{code}" in catalog(_current) else code
