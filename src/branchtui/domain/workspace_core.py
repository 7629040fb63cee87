"""The workspace's footing, shared by its areas (`workspace_*.py`): who opened which
database with what access, the plain sqlite3 connection the light reads share (behind a
lock: the app reads from worker threads), and the ORM-backed `Database` opened on first
use. `workspace.Workspace` is what callers use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from branchtui.config import Settings
from branchtui.domain.dates import today as branch_today
from branchtui.domain.stages import Rules
from branchtui.storage.feed import ChangeFeed

if TYPE_CHECKING:
    import sqlite3

    from branchtui.storage.database import Database


@dataclass(frozen=True)
class Access:
    """Whether this user may change the branch's records, and if not, why (a sentence)."""

    read_only: str | None  # the reason, in the user's language; None: may write
    snapshot: bool  # opened as an immutable snapshot: others' changes will not show


class WorkspaceCore:
    """What every area of the workspace stands on: the settings, the light connection and
    its lock, today, and the ORM-backed database opened on first use."""

    def __init__(
        self,
        settings: Settings,
        path: Path,
        connection: sqlite3.Connection,
        access: Access,
        read_only_key: tuple[str, dict[str, str]] | None,
    ) -> None:
        self.settings = settings
        self.path = path
        self.access = access
        self.user = settings.user_name
        self.rules = Rules.from_mapping(settings.rules())
        self._connection = connection
        self._lock = threading.Lock()
        self._read_only_key = read_only_key
        self._db: Database | None = None
        self.feed = ChangeFeed(path, immutable=access.snapshot)
        self.branch_name = self._branch_name()

    def close(self) -> None:
        """Release the connections."""
        self.feed.close()
        with self._lock:
            self._connection.close()
        if self._db is not None:
            self._db.close()

    # -- facts -------------------------------------------------------------------------------
    @property
    def today(self) -> date:
        """Today in the branch's timezone (BRANCHTUI_TODAY overrides); asked each time, so
        an app left open over midnight moves on."""
        return branch_today(self.settings.timezone)

    @property
    def default_year(self) -> int:
        """The plan year shown first: `[branch] year`, else this year."""
        return self.settings.year or self.today.year

    def _branch_name(self) -> str:
        with self._lock:
            row = self._connection.execute("SELECT name FROM branch ORDER BY id LIMIT 1").fetchone()
        return str(row[0]) if row else ""

    # -- the full domain (imports SQLModel on first use) -------------------------------------
    @property
    def db(self) -> Database:
        """The ORM-backed database, opened on first use (call from a worker thread)."""
        if self._db is None:
            from branchtui.storage.database import ReadOnly, open_database

            read_only = None
            if self._read_only_key is not None:
                read_only = ReadOnly(self._read_only_key[0], self._read_only_key[1])
            self._db = open_database(
                str(self.path),
                user=self.user,
                group=self.settings.get("database.group"),
                read_only=read_only,
            )
        return self._db

    def warnings(self) -> list[str]:
        """What the user should know about the database file (world-readable, not setgid…)."""
        from branchtui.i18n import t

        return [t(key, **params) for key, params in self.db.warnings]


__all__ = ["Access", "WorkspaceCore"]
