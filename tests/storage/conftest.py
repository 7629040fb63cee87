"""Storage fixtures: a freshly created database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from branchtui.storage.database import Database, open_database


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A freshly created database, closed afterwards."""
    database = open_database(str(db_path), user="tester", create=True)
    yield database
    database.close()
