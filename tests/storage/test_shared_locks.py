"""A process that reads the database a second way while its connections are open (the
app exporting, writing the report or reading the summary) keeps their locks: another
process closing its own connection must not take itself for the database's last user and
delete the -wal file under this one (SQLite's "How To Corrupt" §2.2: a descriptor of our
own on the file, once closed, drops every POSIX lock this process holds on it)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from branchtui.domain.summary import load_summary
from branchtui.exchange.toml_export import export_toml
from branchtui.storage.database import open_database
from tests.storage.helpers import add_items

# Another user's command: connect, read, close (the last one out checkpoints and deletes
# the -wal file, when it can take the database's lock for itself).
ANOTHER_PROCESS = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
print(connection.execute("SELECT COUNT(*) FROM plan_item").fetchone()[0])
connection.close()
"""


def items_seen_elsewhere(path: Path) -> int:
    """How many plan items another process reads (closing its connection after)."""
    done = subprocess.run(
        [sys.executable, "-c", ANOTHER_PROCESS, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@pytest.mark.parametrize("read", ["export", "summary"])
def test_another_process_leaves_the_wal_of_one_that_read_again(
    initialised_db: Path, read: str
) -> None:
    db = open_database(str(initialised_db), user="王书记")
    try:
        add_items(db, 2)  # the pool keeps its connection, and its lock
        if read == "export":
            export_toml(db, year=2024, include_private=False, exported_at=datetime.now(UTC))
        else:
            load_summary(Path(db.path), 2024, date(2024, 7, 1))
        assert items_seen_elsewhere(initialised_db) == 2
        assert Path(f"{initialised_db}-wal").exists()
        add_items(db, 1)  # and this process goes on writing where the others read
        assert items_seen_elsewhere(initialised_db) == 3
    finally:
        db.close()
