"""The change feed: has anyone committed since I last looked, and what did they touch?

Under WAL another process's commit does not move the database file's mtime, so the app
asks SQLite itself: `PRAGMA data_version` on one long-lived read connection changes
whenever another connection has committed (SQLite's documentation of the pragma). It is a
few microseconds, cheap enough to poll twice a second. `changes_since` then reads the
history written after a change id, so a screen refreshes only what changed.

Plain sqlite3 (no SQLAlchemy): the app polls from its first frame on. The connection is
shared by the app's threads, so it is opened with `check_same_thread=False` and used under
a lock; it never holds a transaction open between calls.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from branchtui.storage.schema import connect_plain

# More history rows than this since the last look (an import, an undo of one): the screen
# reloads everything instead of being told record by record.
MAX_RECORDS = 2000

_SINCE = """
SELECT c.id, c.who, c.action, h.record, h.record_id
FROM change AS c JOIN history AS h ON h.change_id = c.id
WHERE c.id > ? ORDER BY c.id, h.id LIMIT ?
"""


@dataclass(frozen=True)
class Changed:
    """What others (or this process) committed after a change id.

    `records` holds (record kind, id) pairs such as ("plan_item", 12); `everything` is
    True when there were too many to list (reload the whole screen).
    """

    last_id: int
    who: frozenset[str]
    records: frozenset[tuple[str, int]]
    everything: bool = False

    def touches(self, *kinds: str) -> bool:
        """Whether any record of these kinds changed (always True after `everything`)."""
        return self.everything or any(kind in kinds for kind, _id in self.records)


class ChangeFeed:
    """Polls one read connection for commits made through other connections."""

    def __init__(self, path: Path, *, immutable: bool = False) -> None:
        self._connection = connect_plain(path, immutable=immutable, shared=True)
        self._lock = threading.Lock()
        self._version = self._data_version()

    def _data_version(self) -> int:
        row = self._connection.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def poll(self) -> bool:
        """True once after each commit by another connection since the previous poll."""
        with self._lock:
            version = self._data_version()
            moved = version != self._version
            self._version = version
            return moved

    def last_change_id(self) -> int:
        """The newest change's id (0 for none)."""
        with self._lock:
            row = self._connection.execute("SELECT COALESCE(MAX(id), 0) FROM change").fetchone()
            return int(row[0])

    def changes_since(self, change_id: int) -> Changed:
        """The records touched by every change after `change_id`, and who made them."""
        with self._lock:
            rows = self._connection.execute(_SINCE, (change_id, MAX_RECORDS + 1)).fetchall()
            if len(rows) > MAX_RECORDS:
                last = self._connection.execute("SELECT MAX(id) FROM change").fetchone()[0]
                who = self._connection.execute(
                    "SELECT DISTINCT who FROM change WHERE id > ?", (change_id,)
                ).fetchall()
                return Changed(int(last), frozenset(w for (w,) in who), frozenset(), True)
        if not rows:
            return Changed(change_id, frozenset(), frozenset())
        return Changed(
            last_id=max(row[0] for row in rows),
            who=frozenset(row[1] for row in rows),
            records=frozenset((row[3], row[4]) for row in rows if row[4] is not None),
        )

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._connection.close()


__all__ = ["MAX_RECORDS", "ChangeFeed", "Changed"]
