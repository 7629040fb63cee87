"""The newest version of each record this app has written, so that quick successive
writes to one record (`+` `+` `+`) each build on the one before instead of meeting the
app's own earlier write as a conflict. Versions only grow, so the newest of what the
screen shows and what the app wrote is the one to send."""

from __future__ import annotations

import threading
from typing import Any


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


class Cells:
    """The checklist cells this app has ticked or unticked, as its writes answered, so a
    cell pressed again before the grid has reloaded is based on the app's own last write
    (`space space` is a tick and an untick, not a conflict with itself). A reload that
    began after a write has seen it: `forget_before` drops what it supersedes, so others'
    later changes to the cell count again."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, str], tuple[int, Any]] = {}
        self._written = 0
        self._lock = threading.Lock()

    @property
    def written(self) -> int:
        """How many writes were recorded so far (a reload notes it when it starts)."""
        with self._lock:
            return self._written

    def latest(self, key: tuple[int, str], seen: Any) -> Any:
        """The cell to base a write on: the app's own last write to it, else what the
        grid showed."""
        with self._lock:
            found = self._known.get(key)
        return seen if found is None else found[1]

    def saw(self, key: tuple[int, str], cell: Any) -> None:
        """A write answered with `cell`."""
        with self._lock:
            self._written += 1
            self._known[key] = (self._written, cell)

    def forget_before(self, written: int) -> None:
        """A reload that started after `written` writes shows them: drop them."""
        with self._lock:
            self._known = {k: v for k, v in self._known.items() if v[0] > written}


__all__ = ["Cells", "Versions"]
