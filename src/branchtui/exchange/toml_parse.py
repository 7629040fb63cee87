"""From an import file's bytes to its TOML document, with the checks that stop at once.

The text is read with tomllib (the design's reader, SPEC §1). Everything that keeps a file
from being read at all is one line naming the file: missing or unreadable, not UTF-8,
empty, a syntax error (with its line; an impossible date such as 2024-13-31 is named as
such), nesting too deep to read, a number too long to read, not a branchtui export, or a
format version this program does not know.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from branchtui.config import syntax_position
from branchtui.errors import ValidationError, os_reason
from branchtui.exchange.records import FORMAT, VERSION


def read_import_file(path: Path) -> str:
    """A file's text: UTF-8, with or without a byte-order mark; one clear error otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError("import.missing_file", file=str(path)) from None
    except IsADirectoryError:
        raise ValidationError(
            "import.unreadable", file=str(path), detail="is a directory"
        ) from None
    except OSError as error:
        raise ValidationError(
            "import.unreadable", file=str(path), detail=os_reason(error)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("import.not_utf8", file=str(path), offset=error.start) from None


def parse(text: str, source: str) -> dict[str, Any]:
    """The TOML document, after the checks that stop at once: empty, syntax, format."""
    if not text.strip():
        raise ValidationError("import.empty", file=source)
    try:
        # (Pausing the cyclic collector here gains nothing measurable: SPEC §9's file
        # parses in the same CPU time either way.)
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(error, text, source) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively
        raise ValidationError("import.too_deep", file=source) from None
    except ValueError:
        # the only other ValueError tomllib lets out: an integer longer than Python
        # converts (4,300 digits)
        raise ValidationError("import.number_too_long", file=source) from None
    if document.get("format") != FORMAT:
        raise ValidationError("import.not_branchtui", file=source, format=FORMAT)
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ValidationError("import.bad_version", file=source, version=version, supported=VERSION)
    return document


_DATE_LINE = re.compile(r"\s*([A-Za-z0-9_]+)\s*=\s*(\d{4}-\d{2}-\d{2})\b")


def _syntax_error(error: tomllib.TOMLDecodeError, text: str, source: str) -> ValidationError:
    """The syntax error with its line; TOML calls an impossible date (`due = 2024-13-31`)
    a syntax error, so that one is named as what it is."""
    line, reason = syntax_position(error)
    lines = text.splitlines()
    match = _DATE_LINE.match(lines[line - 1] if 0 < line <= len(lines) else "")
    if match is not None:
        try:
            date.fromisoformat(match.group(2))
        except ValueError:
            return ValidationError(
                "import.bad_date_line",
                file=source,
                line=line,
                key=match.group(1),
                value=match.group(2),
            )
    return ValidationError("import.syntax", file=source, line=line, detail=reason)


__all__ = ["parse", "read_import_file"]
