"""What is wrong with an import file, and how it is told (SPEC §6).

A `Problem` names the record (`plan_items[3].tasks[2]`, 1-based in file order), the key and
what is wrong; an `ImportFileError` carries every problem found and shows the first few
with the line of each record, then "… and N more". Every stage of an import (reading the
values, checking them against the database, the domain's record rules) reports through
these, so one file's problems are listed together and nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from branchtui.errors import BranchError, ValidationError

# How many problems an error lists before "… and N more".
SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (record and key) and what.

    `message_key` and `params` say what, in the catalog's words; a broken record rule
    comes as its `error` (a `FieldError`), which words itself.
    """

    where: str  # e.g. plan_items[3].tasks[2]; empty for the file's header
    key: str | None
    message_key: str
    params: dict[str, Any] = field(default_factory=dict)
    uid: str | None = None
    error: BranchError | None = None

    def message(self, line: int | None = None) -> str:
        """The problem as one line in the current language, e.g.
        `plan_items[3] (line 40, uid …), status: "finished" is not a valid code (…)`."""
        from branchtui.i18n import t

        what = self.error.message() if self.error else t(self.message_key, **self.params)
        where = self.where
        details = [t("import.line", line=line)] if line is not None and where else []
        if self.uid:
            details.append(f"uid {self.uid}")
        if details:
            where = t("import.place", where=where, details=t("import.separator").join(details))
        if where and self.key:
            return t("import.where_key", where=where, key=self.key, problem=what)
        if where or self.key:
            return t("import.where", where=where or self.key, problem=what)
        return what


class ImportFileError(ValidationError):
    """A file that cannot be imported: the first problems, each naming record and key."""

    def __init__(self, source: str, problems: list[Problem], text: str = "") -> None:
        super().__init__("import.invalid", file=source, count=len(problems))
        self.source = source
        self.problems = problems
        self._lines = record_lines(text) if text else {}

    def message(self) -> str:
        """The first problem on the first line (with the file), a few more below it."""
        from branchtui.i18n import t

        shown = [p.message(self._lines.get(p.where)) for p in self.problems[:SHOWN_PROBLEMS]]
        lines = [t("import.invalid", file=self.source, problem=shown[0])]
        lines += [f"  {line}" for line in shown[1:]]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append("  " + t("import.more", count=len(self.problems) - SHOWN_PROBLEMS))
        return "\n".join(lines)


_ARRAY_HEADER = re.compile(r"\[\[\s*([A-Za-z0-9_.\s-]+?)\s*\]\]")


def record_lines(text: str) -> dict[str, int]:
    """The line of each `[[array.of.tables]]` header, keyed like `plan_items[3].tasks[2]`."""
    lines: dict[str, int] = {}
    counters: dict[str, int] = {}
    current: dict[str, str] = {}  # array path -> indexed path of its latest table
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("[["):
            continue
        match = _ARRAY_HEADER.match(line)
        if match is None:
            continue
        parts = [part.strip() for part in match.group(1).split(".")]
        parent = ".".join(parts[:-1])
        prefix = current.get(parent, parent) if parent else ""
        path = f"{prefix}.{parts[-1]}" if prefix else parts[-1]
        counters[path] = counters.get(path, 0) + 1
        indexed = f"{path}[{counters[path]}]"
        current[".".join(parts)] = indexed
        lines[indexed] = number
    return lines


__all__ = ["SHOWN_PROBLEMS", "ImportFileError", "Problem", "record_lines"]
