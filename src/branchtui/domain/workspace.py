"""The branch opened for one user: the one entry point the app uses for everything.

`Workspace.open(settings)` is light — configuration, the schema check and one plain
sqlite3 connection — so the app paints its first frame from `summary()` (the same lean
read `status` uses) before SQLModel is imported. Everything else (details, writes,
history, undo) imports the ORM-backed domain modules on first use, which the app does in a
worker thread after the first frame.

Every write takes the version the caller's view was based on and answers with
`changes.Written` (the record as now stored, whether anything changed, notices); a record
someone else changed meanwhile raises `ConflictError` (who, when). `feed` tells when
another process committed and which records it touched.

The app imports neither `storage` nor SQLAlchemy/SQLModel (an import-linter contract): it
gets plain frozen views and named tuples from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchtui.config import Settings
from branchtui.domain.workspace_checklists import ChecklistArea
from branchtui.domain.workspace_core import Access
from branchtui.domain.workspace_items import PlanArea, PlanRow
from branchtui.domain.workspace_meetings import MeetingArea
from branchtui.domain.workspace_members import MemberArea, OwnerChoice
from branchtui.storage.feed import Changed

if TYPE_CHECKING:
    from branchtui.domain.history import HistoryEntry
    from branchtui.domain.summary import Summary


class Workspace(PlanArea, ChecklistArea, MemberArea, MeetingArea):
    """One user's view of one branch database (see the module's docstring); each area's
    reads and writes are its own module's (`workspace_items`, `_checklists`, `_members`,
    `_meetings`)."""

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings, *, read_only_flag: bool = False) -> Workspace:
        """Open the configured database (migrating it first when it is behind)."""
        from branchtui.i18n import t
        from branchtui.storage import location
        from branchtui.storage.schema import MigrationPending, open_for_reading

        path = location.database_path(settings.database_target)
        reason: tuple[str, dict[str, str]] | None = None
        if read_only_flag:
            reason = ("db.read_only.flag", {})
        elif settings.read_only:
            reason = ("db.read_only.config", {})
        try:
            connection, snapshot = open_for_reading(path)
        except MigrationPending:
            from branchtui.storage.database import open_database

            open_database(str(path), user=settings.user_name, create=False).close()
            connection, snapshot = open_for_reading(path)
        connection.close()
        from branchtui.storage.schema import connect_plain

        connection = connect_plain(path, immutable=snapshot, shared=True)
        if reason is None and (snapshot or not location.can_write(path)):
            reason = ("db.read_only.permission", {"path": str(path)})
        access = Access(
            read_only=None if reason is None else t(reason[0], **reason[1]), snapshot=snapshot
        )
        return cls(settings, path, connection, access, reason)

    # -- light reads (plain sqlite3, no ORM) -------------------------------------------------
    def summary(self, year: int, *, limit: int | None = None) -> Summary:
        """The year at a glance: what `status` prints and the dashboard shows, read in one
        transaction; `limit` cuts its lists (overdue and due-soon items, late steps) to
        that many lines, counts staying complete."""
        from branchtui.domain.summary import read_summary

        with self._lock:
            return read_summary(self._connection, year, self.today, self.rules, limit=limit)

    def changes_since(self, change_id: int) -> Changed:
        """What was committed after `change_id` (by anyone): records touched, who."""
        return self.feed.changes_since(change_id)

    # history
    def history(self, limit: int = 50) -> list[HistoryEntry]:
        """The newest changes first."""
        from branchtui.domain.history import list_history

        return list_history(self.db, limit=limit)

    def record_history(self, record: str, uid: str, limit: int = 50) -> list[HistoryEntry]:
        """The changes that touched one record (`plan_item`, `member`…), newest first."""
        from branchtui.domain.history import list_history

        return list_history(self.db, limit=limit, record=record, record_uid=uid)

    def undo(self) -> HistoryEntry:
        """Take back this user's last change; what was undone."""
        from branchtui.domain.history import undo

        return undo(self.db)


__all__ = ["Access", "Changed", "OwnerChoice", "PlanRow", "Workspace"]
