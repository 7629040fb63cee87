"""What users type into text fields: ends trimmed, blank meaning none, no control characters.

Every writer (commands, file imports, the app) goes through `clean_text` (or `check_text`
for a text that may not be blank), so an ESC sequence typed into a title never reaches
another user's terminal (SPEC §8). Newline and tab are allowed in multi-line fields
(detail, evidence, notes, meeting content); a Windows line end becomes a plain newline.

Pure and light (the member events module uses it and must stay importable without
SQLModel).
"""

from __future__ import annotations

import re
from typing import Any

from branchtui.errors import ValidationError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_controls(text: str, field: str, *, multiline: bool = False) -> str:
    """`text` unchanged, or a ValidationError naming `field` and the first control
    character (as U+001B) when it holds one."""
    if multiline:
        text = text.replace("\r\n", "\n")
    found = (_CONTROL_IN_MULTILINE if multiline else _CONTROL).search(text)
    if found is not None:
        raise ValidationError(
            "text.control_character", field=field, char=f"U+{ord(found.group()):04X}"
        )
    return text


def clean_text(value: Any, field: str = "text", *, multiline: bool = False) -> str | None:
    """`value` as text with its ends trimmed; None or a blank text is None. A control
    character is refused, naming `field`."""
    if value is None:
        return None
    text = check_controls(str(value), field, multiline=multiline).strip()
    return text or None
