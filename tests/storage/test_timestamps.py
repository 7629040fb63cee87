"""Timestamps: aware UTC through the models, ISO text with an offset through plain sqlite3."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.exc import StatementError
from sqlmodel import select

from branchtui.storage.database import Database
from branchtui.storage.models import Change, History, PlanItem
from branchtui.storage.uow import UnitOfWork, snapshot
from tests.storage.helpers import add_items, increment, query

BEIJING = timezone(timedelta(hours=8))


def test_timestamps_read_back_aware_utc(db: Database) -> None:
    item_id = add_items(db, 1)[0]
    completed = datetime(2024, 6, 30, 17, 30, 15, 123456, tzinfo=BEIJING)
    with UnitOfWork(db, "test.complete") as uow:
        item = uow.get(PlanItem, item_id)
        before = snapshot(item)
        item.completed_at = completed
        uow.update(item, before)
    with db.read() as session:
        item = session.get(PlanItem, item_id)
        assert item is not None
        changes = session.exec(select(Change)).all()
        stamps = [item.created_at, item.updated_at, item.completed_at, *(c.at for c in changes)]
    for stamp in stamps:
        assert isinstance(stamp, datetime)
        assert stamp.tzinfo is not None
        assert stamp.utcoffset() == timedelta(0)
    assert item.completed_at == completed  # the same instant…
    assert item.completed_at.hour == 9  # …given in UTC  # type: ignore[union-attr]
    assert abs(datetime.now(UTC) - item.created_at) < timedelta(minutes=5)


def test_plain_sqlite_reads_iso_text_with_offset(db: Database, db_path: Path) -> None:
    item_id = add_items(db, 1)[0]
    increment(db, item_id)
    rows = query(db_path, "SELECT created_at, updated_at FROM plan_item")
    rows += query(db_path, "SELECT at, at FROM change")
    assert len(rows) == 3
    for row in rows:
        for text in row:
            assert isinstance(text, str)
            assert text.endswith("+00:00"), text
            parsed = datetime.fromisoformat(text)
            assert parsed.utcoffset() == timedelta(0)
    # The history's before/after carry the same text.
    with db.read() as session:
        after = session.exec(select(History).where(History.op == "update")).one().after
    assert after is not None and '+00:00"' in after


@pytest.mark.parametrize("field", ["created_at", "completed_at"])
def test_naive_datetimes_are_refused(db: Database, db_path: Path, field: str) -> None:
    item = PlanItem(year=2024, number=1, title="无时区")
    setattr(item, field, datetime(2024, 6, 30, 12, 0))
    with (
        pytest.raises((ValueError, StatementError), match="naive"),
        UnitOfWork(db, "test.naive") as uow,
    ):
        uow.add(item)
    assert query(db_path, "SELECT count(*) FROM plan_item") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM change") == [(0,)]
