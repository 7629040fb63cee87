"""`branchtui backup` and the copy before a migration: a consistent copy of the database
while others keep working, through SQLite's backup API (plain sqlite3, no SQLAlchemy)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from branchtui.errors import StorageError
from branchtui.i18n import t
from branchtui.storage import location
from branchtui.storage.files import new_file
from branchtui.storage.schema import uri_path


def online_backup(source: Path, target: Path, sharing: location.Sharing) -> None:
    """A consistent copy through SQLite's backup API, while others keep writing.

    The copy is written as a new file (`storage.files`): never over an existing file or
    through a symlink, with the database's mode from the start, and with nothing left
    behind (not even SQLite's -journal) when it fails.
    """
    gid = sharing.gid  # an unknown group is an error before anything is written
    if os.path.lexists(target) and not target.is_symlink():
        raise StorageError("db.backup_exists", dest=str(target))
    with new_file(target, mode=sharing.file_mode, gid=gid, replace=False) as temporary:
        try:
            src = sqlite3.connect(f"file:{uri_path(source)}?mode=ro", uri=True, timeout=5.0)
            dst = sqlite3.connect(temporary)
            try:
                src.execute("PRAGMA busy_timeout = 5000")
                # One step under one read transaction: in WAL it does not block writers, and
                # unlike stepwise copying it cannot restart forever while others commit.
                src.backup(dst, pages=-1)
            finally:
                dst.close()
                src.close()
        except sqlite3.Error as error:
            full = any(location.disk_full(path) for path in (temporary, source))
            detail = t("os.ENOSPC") if full else str(error)
            raise StorageError("db.backup_failed", dest=str(target), detail=detail) from None
