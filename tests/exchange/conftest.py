"""Fixtures for the file tests: the demo branch built once, copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from branchtui.storage.database import Database, open_database

DEMO_TODAY = date(2024, 7, 1)


@pytest.fixture(scope="session")
def demo_template(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo branch as `branchtui init --demo` builds it on 2024-07-01, built once."""
    from branchtui.domain.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "branch.db"
    shutil.copyfile(initialised_template, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRANCHTUI_TODAY", DEMO_TODAY.isoformat())
        db = open_database(str(path), user="tester")
        load_demo(db, DEMO_TODAY)
        db.close()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the demo database, open."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    db = open_database(str(path), user="tester")
    yield db
    db.close()


@pytest.fixture
def empty(initialised_db: Path) -> Iterator[Database]:
    """An initialised database with nothing in it, open."""
    db = open_database(str(initialised_db), user="tester")
    yield db
    db.close()
