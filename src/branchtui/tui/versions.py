"""The newest version of each record this app has written, so that quick successive
writes to one record (`+` `+` `+`) each build on the one before instead of meeting the
app's own earlier write as a conflict. Versions only grow, so the newest of what the
screen shows and what the app wrote is the one to send."""

from __future__ import annotations

import threading


class Versions:
    """Record -> the newest version known; safe to use from worker threads."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def latest(self, record: tuple[str, int] | None, seen: int) -> int:
        """The version to base a write on: what the screen showed, or newer."""
        if record is None:
            return seen
        with self._lock:
            return max(seen, self._known.get(record, 0))

    def saw(self, record: tuple[str, int] | None, version: int | None) -> None:
        """A write answered with `version`."""
        if record is None or version is None:
            return
        with self._lock:
            self._known[record] = max(version, self._known.get(record, 0))


__all__ = ["Versions"]
