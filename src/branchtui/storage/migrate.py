"""Schema migrations with Alembic, run only when a database is behind `schema.HEAD`.

A migration runs in one transaction on a connection with foreign keys off (SQLite cannot
alter most tables in place, so batch mode copies them), checks `PRAGMA foreign_key_check`
before committing, and is preceded by a backup copy of a database that holds data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from branchtui.errors import StorageError
from branchtui.storage import location
from branchtui.storage.backup import online_backup
from branchtui.storage.database import IMMEDIATE, make_engine

MIGRATIONS = Path(__file__).with_name("migrations")
BACKUPS_KEPT = 3


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, pointing at the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(path: Path, revision: str | None, sharing: location.Sharing, backup: bool) -> None:
    """Bring the database at `path` to the newest revision."""
    if backup:
        backup_copy(path, revision or "0", sharing)
    engine = make_engine(path, "rw", foreign_keys=False)
    try:
        with engine.connect() as plain:
            connection = plain.execution_options(**{IMMEDIATE: True})
            with connection.begin() as transaction:
                command.upgrade(alembic_config(connection), "head")
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    transaction.rollback()
                    raise StorageError("db.migration_fk", detail=repr(problems[:5]))
    finally:
        engine.dispose()


def backup_copy(path: Path, revision: str, sharing: location.Sharing) -> Path:
    """`<db>.bak-<revision>-<time>` with the database's mode; only the newest three are kept."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    online_backup(path, target, sharing)
    # Oldest first by the time in the name: a copy touched later (cp, rsync) is not newer.
    old = sorted(path.parent.glob(f"{path.name}.bak-*"), key=lambda p: p.name.rsplit("-", 1)[-1])
    for stale in old[:-BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
    return target
