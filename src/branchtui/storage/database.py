"""Opening the database: one engine per process, the pragmas, and the read-only rules.

Every connection runs with WAL, `busy_timeout` 5000 ms and foreign keys on. pysqlite's own
deferred BEGIN is switched off so that the engine's `begin` event decides: readers get a
plain `BEGIN`, units of work `BEGIN IMMEDIATE`, so two writers queue on the lock instead of
deadlocking into "database is locked" (SQLAlchemy's pysqlite docs describe the recipe).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from branchtui.errors import ReadOnlyError, StorageError
from branchtui.storage import location, schema

IMMEDIATE = "branchtui_immediate"


@dataclass
class ReadOnly:
    """Why this database may not be changed: a catalog key with its parameters."""

    key: str
    params: dict[str, str] = field(default_factory=dict)

    def error(self) -> ReadOnlyError:
        """The error raised when a change is attempted."""
        from branchtui.i18n import t

        return ReadOnlyError("db.read_only", reason=t(self.key, **self.params))


def _connect_url(path: Path, mode: str) -> URL:
    # URL.create, not a string: SQLAlchemy would read a '?', '#' or '%' in the path as URL syntax.
    if mode == "rw":
        return URL.create("sqlite", database=str(path))
    flag = {"immutable": "1"} if mode == "immutable" else {"mode": "ro"}
    return URL.create(
        "sqlite", database=f"file:{schema.uri_path(path)}", query={**flag, "uri": "true"}
    )


def make_engine(path: Path, mode: str = "rw", *, foreign_keys: bool = True) -> Engine:
    """The process's engine for `path`; `mode` is rw, ro or immutable.

    `foreign_keys=False` only for migrations, which copy tables and check keys afterwards.
    """
    engine = create_engine(_connect_url(path, mode), connect_args={"timeout": 5.0})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see `_on_begin`)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if mode == "rw":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """An open branch database: read sessions, units of work, and who is acting."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        user: str,
        read_only: ReadOnly | None = None,
        snapshot: bool = False,
    ) -> None:
        self.path = path
        self.engine = engine
        self.user = user
        self.read_only = read_only
        self.snapshot = snapshot
        self.warnings: list[tuple[str, dict[str, str]]] = []
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        self._units = threading.local()  # the unit of work open in each thread, if any

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read session (a deferred transaction: it never blocks writers).

        Inside a unit of work (the same thread), its session: a read then sees what the
        unit has written so far.
        """
        unit = self.active_unit()
        if unit is not None:
            with translate_errors(self.path):
                yield unit.session
            return
        with translate_errors(self.path), Session(self.engine, expire_on_commit=False) as session:
            yield session

    def active_unit(self) -> Any:
        """The unit of work open in this thread (`storage.uow.UnitOfWork`), or None."""
        return getattr(self._units, "unit", None)

    def set_active_unit(self, unit: Any) -> None:
        """Called by UnitOfWork as it begins (the unit) and ends (None)."""
        self._units.unit = unit

    def write_session(self) -> Session:
        """A session whose transaction begins with BEGIN IMMEDIATE (used by UnitOfWork)."""
        if self.read_only is not None:
            raise self.read_only.error()
        return Session(self._writer, expire_on_commit=False, autoflush=True)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn what SQLite says into one clear line naming the database."""
    try:
        yield
    except (OperationalError, DBAPIError) as error:
        original = error.orig if error.orig is not None else error
        if "readonly" in str(original) or "read-only" in str(original):
            raise ReadOnly("db.read_only.permission", {"path": str(path)}).error() from None
        raise schema.describe_sqlite_error(path, original) from None


def open_database(
    target: str,
    *,
    user: str,
    group: str | None = None,
    read_only: ReadOnly | None = None,
    create: bool = False,
) -> Database:
    """Open (with `create`, create or migrate) the database named by `target`.

    The revision is checked with one plain query; Alembic is imported only when the
    database is behind. A file this user cannot write opens read-only, saying why.
    """
    path = location.database_path(target)
    sharing = location.Sharing(group)
    if not location.database_exists(path):
        if not create:
            raise StorageError("db.missing", path=str(path))
        if read_only is not None:
            raise read_only.error()  # creating a database is a change
        location.make_directory(path.parent, sharing)
        location.create_file(path, sharing)
    else:  # not SQLite: the probe below says so, as SQLite does
        location.check_readable(path)

    if read_only is None and not location.can_write(path):
        read_only = ReadOnly("db.read_only.permission", {"path": str(path)})

    revision, snapshot = _probe(path, writable=read_only is None)
    state = schema.check_revision(path, revision)
    if state == "pending":
        if revision is None and not create:
            raise StorageError("db.not_initialised", path=str(path))
        if read_only is not None:
            raise StorageError("db.needs_upgrade", path=str(path))
        from branchtui.storage.migrate import upgrade

        # A backup only when there is something to lose (SPEC §8: none for a new file).
        upgrade(path, revision, sharing, backup=revision is not None)

    mode = "rw" if read_only is None else ("immutable" if snapshot else "ro")
    database = Database(path, make_engine(path, mode), user, read_only, snapshot)
    database.warnings = location.safety_warnings(path, group)
    if snapshot:
        database.warnings.append(location.snapshot_warning(path))
    return database


def _probe(path: Path, writable: bool) -> tuple[str | None, bool]:
    """Read the revision with plain sqlite3; True as second value when only a snapshot works."""
    try:
        if writable:
            connection = sqlite3.connect(str(path), timeout=5.0)
            connection.execute("PRAGMA busy_timeout = 5000")
            try:
                return schema.read_revision(connection, path), False
            finally:
                connection.close()
        connection, snapshot = _open_readonly(path)
        try:
            return schema.read_revision(connection, path), snapshot
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise schema.describe_sqlite_error(path, error) from None


def _open_readonly(path: Path) -> tuple[sqlite3.Connection, bool]:
    connection = schema.connect_plain(path)
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return connection, False
    except sqlite3.OperationalError:
        connection.close()
        return schema.connect_plain(path, immutable=True), True
