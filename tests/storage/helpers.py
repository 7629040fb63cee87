"""Helpers shared by the storage tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from branchtui.storage.database import Database
from branchtui.storage.models import PlanItem
from branchtui.storage.uow import UnitOfWork, snapshot


def add_items(db: Database, count: int = 2, year: int = 2024) -> list[int]:
    """Create `count` plan items numbered 1…count in one change; return their ids."""
    ids = []
    with UnitOfWork(db, "test.add") as uow:
        for number in range(1, count + 1):
            item = uow.add(PlanItem(year=year, number=number, title=f"事项{number}"))
            assert item.id is not None
            ids.append(item.id)
    return ids


def increment(db: Database, item_id: int, action: str = "test.increment") -> None:
    """One read-modify-write of an item's number through a unit of work."""
    with UnitOfWork(db, action) as uow:
        item = uow.get(PlanItem, item_id)
        before = snapshot(item)
        item.number += 1
        assert uow.update(item, before)


def query(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Rows from plain sqlite3 (a connection of its own, closed afterwards)."""
    connection = sqlite3.connect(str(path))
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def dump(path: Path) -> list[str]:
    """Everything the database holds, to prove a refused command wrote nothing."""
    connection = sqlite3.connect(str(path))
    try:
        return list(connection.iterdump())
    finally:
        connection.close()
