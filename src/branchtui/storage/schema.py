"""The schema revision, checked with one plain query before anything heavy is imported.

`HEAD` must equal the newest Alembic revision in `migrations/versions` (a test keeps them
in step). Alembic itself is imported only when a database is behind `HEAD`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from branchtui.errors import StorageError
from branchtui.storage.location import check_readable, database_exists, disk_full

# Oldest first; the last one is the head.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
HEAD = REVISIONS[-1]


class MigrationPending(StorageError):
    """The database is older than this program: the full open path migrates it."""


def uri_path(path: Path) -> str:
    """A path as an SQLite URI path: only %, ? and # need escaping (urllib costs 4 ms)."""
    return str(path).replace("%", "%25").replace("?", "%3F").replace("#", "%23")


def connect_plain(
    path: Path, *, immutable: bool = False, shared: bool = False
) -> sqlite3.Connection:
    """A read-only sqlite3 connection; `immutable` for a directory this user cannot write;
    `shared` for one the caller uses from several threads under its own lock."""
    flag = "immutable=1" if immutable else "mode=ro"
    connection = sqlite3.connect(
        f"file:{uri_path(path)}?{flag}", uri=True, timeout=5.0, check_same_thread=not shared
    )
    connection.execute("PRAGMA busy_timeout = 5000")
    return connection


# Tables every revision of branchtui's schema has: a database with an `alembic_version`
# table but without these is another program's (Alembic is common), not a newer branchtui.
OWN_TABLES = frozenset({"branch", "change", "history", "plan_item"})
# Tables SQLite itself may add to any database.
_SQLITE_TABLES = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"})


def read_revision(connection: sqlite3.Connection, path: Path) -> str | None:
    """The database's revision, or None for an empty database (no tables yet).

    Raises `db.foreign` for a database that holds other tables: another program's
    (with or without Alembic), or one left with an `alembic_version` table only.
    """
    tables = {
        name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    } - _SQLITE_TABLES
    if not tables:
        return None
    row = None
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None or not tables >= OWN_TABLES:
        raise StorageError("db.foreign", path=str(path))
    return str(row[0])


def check_revision(path: Path, revision: str | None) -> str:
    """Classify a revision: 'current', 'pending' (older or none) — or raise for a newer one."""
    if revision == HEAD:
        return "current"
    if revision is None or revision in REVISIONS:
        return "pending"
    raise StorageError("db.newer_schema", path=str(path), revision=revision)


def open_for_reading(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A plain read connection to an up-to-date database; True when it is a snapshot.

    WAL needs the -shm file: `mode=ro` fails in a directory this user cannot write unless
    another process has the database open, so fall back to `immutable=1` (SPEC §8).
    """
    if not database_exists(path):
        raise StorageError("db.missing", path=str(path))
    check_readable(path)  # not SQLite: SQLite says so below ("file is not a database")
    snapshot = False
    try:
        connection = connect_plain(path)
    except sqlite3.DatabaseError as error:
        raise describe_sqlite_error(path, error) from None
    try:
        try:
            revision = read_revision(connection, path)
        except sqlite3.OperationalError:
            connection.close()
            connection = connect_plain(path, immutable=True)
            snapshot = True
            revision = read_revision(connection, path)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise describe_sqlite_error(path, error) from None
    if check_revision(path, revision) != "current":
        connection.close()
        if revision is None:
            raise StorageError("db.not_initialised", path=str(path))
        raise MigrationPending("db.not_initialised", path=str(path))
    return connection, snapshot


def describe_sqlite_error(path: Path, error: Exception) -> StorageError:
    """One clear line for what sqlite3 says about a damaged or foreign file."""
    text = str(error)
    if ("disk I/O error" in text or "disk is full" in text) and disk_full(path):
        return StorageError("db.disk_full", path=str(path), dir=str(path.parent))
    if "file is not a database" in text or "not a database" in text:
        return StorageError("db.not_sqlite", path=str(path))
    if "malformed" in text or "corrupt" in text:
        return StorageError("db.corrupt", path=str(path), detail=text)
    if "locked" in text or "busy" in text:
        return StorageError("db.locked", path=str(path))
    return StorageError("db.cannot_open", path=str(path), detail=text)
