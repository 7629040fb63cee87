"""How stored values are shown to people, the same way in the CLI, the files and the app.

- `local_time`: a stored (UTC) timestamp in the branch's timezone, whatever the server's
  clock zone (`set_timezone` once per process, as `i18n.set_language`).
- `cell_width` / `fit`: terminal cells a text takes, CJK counting two, as rich and Textual
  count them (“” · … are one cell), so columns line up.
- `safe`: user text with any control character made visible. Input refuses them
  (`domain.text`), but a database written by an older version or by hand may hold some,
  and an ESC sequence printed raw reaches another user's terminal (SPEC §8).

Light on purpose: the quick `status` path uses it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, tzinfo
from functools import lru_cache

_zone_name = "Asia/Shanghai"

# C0 controls, DEL and C1 controls. Newline and tab are handled by the caller's layout.
# Lone surrogates too: bytes that were not UTF-8 (a file name), which no stream can write.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_KEEPING_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def set_timezone(name: str) -> None:
    """Show times in the IANA zone `name` from now on (the branch's `[branch] timezone`)."""
    global _zone_name
    _zone_name = name


@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None  # config.py reports a bad zone; showing times must not fail on it


def local_time(at: datetime, *, seconds: bool = False) -> str:
    """`at` as the branch reads it: `2024-06-30 16:43` in the branch's timezone."""
    zone = _zone(_zone_name)
    shown = at.astimezone(zone) if zone is not None else at
    return shown.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␍ for CR…: visible, one cell, harmless
    return "␡" if code == 0x7F else "\ufffd"


def safe(text: str, *, keep_layout: bool = False) -> str:
    """`text` with control characters replaced by visible pictures (␛ ␇ ␍ …).

    With `keep_layout`, newline and tab stay (multi-line fields printed as blocks).
    """
    pattern = _CONTROL_KEEPING_LAYOUT if keep_layout else _CONTROL
    if pattern.search(text) is None:
        return text
    return pattern.sub(_picture, text)


def char_width(char: str) -> int:
    """Cells one character takes: 0 for combining marks, 2 for wide and full-width."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells `text` takes (ASCII fast path)."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def fit(text: str, width: int, *, ellipsis: str = "…") -> str:
    """`text` cut to at most `width` cells, ending in `ellipsis` when cut."""
    if cell_width(text) <= width:
        return text
    room = max(0, width - cell_width(ellipsis))
    kept: list[str] = []
    for char in text:
        need = char_width(char)
        if need > room:
            break
        kept.append(char)
        room -= need
    return "".join(kept) + ellipsis if width >= cell_width(ellipsis) else ""


def pad(text: str, width: int) -> str:
    """`text` fitted to `width` cells and padded with spaces to exactly that width."""
    shown = fit(text, width)
    return shown + " " * (width - cell_width(shown))
