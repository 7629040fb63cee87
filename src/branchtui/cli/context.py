"""What a command handler gets: the merged settings, its arguments, and ways to print."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from branchtui.config import Settings, Source, load_settings
from branchtui.i18n import t

T = TypeVar("T")

if TYPE_CHECKING:
    from rich.console import Console

    from branchtui.storage.database import Database

# DEL and the C1 controls, which json.dumps(ensure_ascii=False) writes as they are.
_C1 = re.compile("[\x7f-\x9f]")


def settings_from(
    argv: Sequence[str], prescan: Callable[[Sequence[str], str], str | None]
) -> Settings:
    """Settings with the command line's flags applied as the strongest layer."""
    year = prescan(argv, "--year")
    flags: dict[str, Any] = {
        "database.url": prescan(argv, "--db"),
        "ui.language": prescan(argv, "--lang"),
        "branch.year": _year(year),
        "access.read_only": True if "--read-only" in argv else None,
    }
    creating = _command_words(argv)[:2] == ["config", "init"]
    return load_settings(
        flags=flags, config_file=prescan(argv, "--config"), user_file_must_exist=not creating
    )


def _year(text: str | None) -> int | None:
    """The `--year` flag for the settings; a bad one is left to the parser to report."""
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _command_words(argv: Sequence[str]) -> list[str]:
    """The words that are neither options nor a global option's value: the command."""
    words: list[str] = []
    takes_value = False
    for word in argv:
        if takes_value:
            takes_value = False
        elif word in ("--db", "--config", "--lang", "--year"):
            takes_value = True
        elif not word.startswith("-"):
            words.append(word)
    return words


class Context:
    """One command's run: settings, arguments, the database when asked for, output."""

    def __init__(self, settings: Settings, args: argparse.Namespace) -> None:
        self.settings = settings
        self.args = args
        self._db: Database | None = None
        if getattr(args, "year", None) is not None:
            settings.set("branch.year", args.year, Source("flag"))

    # -- dates ---------------------------------------------------------------------------
    @cached_property
    def today(self) -> date:
        """Today in the branch's timezone (BRANCHTUI_TODAY overrides)."""
        from branchtui.domain.dates import today

        return today(self.settings.timezone)

    @property
    def year(self) -> int:
        """The plan year: --year, `[branch] year`, else this year."""
        return self.settings.year or self.today.year

    def date(self, text: str | None) -> date | None:
        """A date the user typed, in any form of SPEC §5; empty text clears (None)."""
        if text is None or not text.strip():
            return None
        from branchtui.domain.dates import parse_date

        return parse_date(text, self.year)

    # -- the database --------------------------------------------------------------------
    def database_target(self) -> str:
        """The database as configured: a path or sqlite:/// URL."""
        return self.settings.database_target

    def db_path(self) -> str:
        """The database file's path."""
        from branchtui.storage.location import database_path

        return str(database_path(self.database_target()))

    def read_only_reason(self) -> Any:
        from branchtui.storage.database import ReadOnly

        if (
            getattr(self.args, "read_only", False)
            or self.settings.sources["access.read_only"].kind == "flag"
        ):
            return ReadOnly("db.read_only.flag")
        if self.settings.read_only:
            return ReadOnly("db.read_only.config")
        return None

    def db(self, create: bool = False) -> Database:
        """The branch database, opened once per command; its warnings go to stderr."""
        if self._db is None:
            from branchtui.storage.database import open_database

            self._db = open_database(
                self.database_target(),
                user=self.settings.user_name,
                group=self.settings.get("database.group"),
                read_only=self.read_only_reason(),
                create=create,
            )
            for key, params in self._db.warnings:
                self.warn(t(key, **params))
        return self._db

    # -- output --------------------------------------------------------------------------
    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(highlight=False, soft_wrap=False)

    def out(self, text: str = "") -> None:
        """A plain line on stdout; stored text in it never reaches the terminal raw."""
        from branchtui.display import safe

        print(safe(text, keep_layout=True))

    def warn(self, text: str) -> None:
        """A warning line on stderr, beginning 警告： / Warning: (SPEC §5)."""
        from branchtui.display import safe

        print(t("warning.prefix") + safe(text, keep_layout=True), file=sys.stderr)

    def require_yes(self, key: str, record_id: int) -> None:
        """A delete runs only with --yes; without it, the usage error `key` naming the id."""
        if not self.args.yes:
            from branchtui.errors import UsageError

            raise UsageError(key, id=record_id)

    def change_set(self, kind: type[T], /, **values: Any) -> T:
        """A typed change set (`ItemChanges`…) from option values: an option not given
        (None) leaves its field UNSET. (`kind` positional only: a meeting's change set
        has a field of that name.)"""
        from branchtui.domain.changes import UNSET

        return kind(**{name: UNSET if value is None else value for name, value in values.items()})

    def notice(self, text: str) -> None:
        """Something to know about what was done, on stderr (stdout carries only results)."""
        print(t("notice.prefix") + text, file=sys.stderr)

    def report(self, written: Any) -> None:
        """What a write says beyond its result: "nothing changed", and its notices."""
        if not written.changed:
            self.notice(t("write.unchanged"))
        for notice in written.notices:
            self.notice(notice.message())

    def print_json(self, data: Any) -> None:
        """JSON on stdout: UTF-8 text, not escaped. Indented for a person at a terminal;
        compact in a pipe, where json's C encoder is ten times faster on big lists."""
        import json

        indent = 2 if sys.stdout.isatty() else None
        text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
        # json escapes C0 controls but writes DEL and the C1 controls (U+009B is a CSI to
        # some terminals) as they are; they can only stand inside strings, where \u00XX
        # is the same data.
        print(_C1.sub(lambda found: f"\\u{ord(found.group()):04x}", text))
