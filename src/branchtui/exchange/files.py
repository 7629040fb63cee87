"""Writing an export or a report: the whole file or nothing, never through a symlink
(`storage.files`), with the mode its contents call for. Used by `export`, `report` and
`member export`. Never over the branch's database (or its -wal and -shm): an export
named like it by a slip of the keyboard would replace the branch's records with text."""

from __future__ import annotations

import os
from pathlib import Path

from branchtui.errors import StorageError
from branchtui.storage.files import write_whole


def write_file(path: Path, text: str | bytes, *, private: bool, database: Path) -> None:
    """Write `text` (UTF-8) or bytes (a workbook) to `path` atomically: a new file beside
    it, then a rename.

    A `private` file (one holding phone or ID numbers) is readable by its owner only
    (0600) whatever the umask; otherwise a new file gets the usual mode (0666 less the
    umask) and a replaced file keeps its mode. An existing symlink is refused (it may
    point at anyone's file); nothing is left behind on failure.
    """
    path = path.expanduser()
    refuse_database(path, database)
    if private:
        mode = 0o600
    else:
        try:
            mode = path.stat().st_mode & 0o777 if path.is_file() else 0o666 & ~_umask()
        except OSError:
            mode = 0o666 & ~_umask()
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    write_whole(path, data, mode=mode)


def refuse_database(path: Path, database: Path, key: str = "file.is_database") -> None:
    """Raise `key` (`file.is_database`) when `path` is the database file or one of its
    companions (compared by the file system's identity, so another name for it counts too).
    Also before reading a file in a process that has the database open: reading the
    database itself through a file of our own would drop the process's SQLite locks."""
    for own in (database, *(Path(f"{database}{end}") for end in ("-wal", "-shm", "-journal"))):
        try:
            same = os.path.samefile(path, own)
        except OSError:  # one of them does not exist: not the same file
            continue
        if same:
            raise StorageError(key, file=str(path))


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
