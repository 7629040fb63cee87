"""The unit of work: optimistic locking names who changed the record, read-only refuses,
a missing record writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchtui.errors import ConflictError, NotFoundError, ReadOnlyError
from branchtui.i18n import set_language, t
from branchtui.storage.database import Database, ReadOnly, open_database
from branchtui.storage.models import PlanItem
from branchtui.storage.uow import UnitOfWork, snapshot
from tests.storage.helpers import add_items, query


def _edit(db: Database, item_id: int, expected: int, title: str) -> None:
    with UnitOfWork(db, "item.set") as uow:
        item = uow.get(PlanItem, item_id)
        uow.check_version(item, expected)
        before = snapshot(item)
        item.title = title
        uow.update(item, before)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_second_save_of_the_same_version_is_a_conflict_naming_who(
    db: Database, db_path: Path, lang: str
) -> None:
    set_language(lang)
    item_id = add_items(db, 1)[0]
    alice = open_database(str(db_path), user="alice")
    bob = open_database(str(db_path), user="bob")
    try:
        # Both read version 1 …
        with alice.read() as session:
            seen_by_alice = session.get(PlanItem, item_id)
        with bob.read() as session:
            seen_by_bob = session.get(PlanItem, item_id)
        assert seen_by_alice is not None and seen_by_bob is not None
        assert seen_by_alice.version == seen_by_bob.version == 1
        # … alice saves first, bob's save is refused, naming alice.
        _edit(alice, item_id, seen_by_alice.version, "张三改的")
        with pytest.raises(ConflictError) as caught:
            _edit(bob, item_id, seen_by_bob.version, "李四改的")
    finally:
        alice.close()
        bob.close()
    error = caught.value
    assert error.key == "db.conflict"
    assert error.params["who"] == "alice"
    assert "alice" in str(error)
    assert (t("record.plan_item") + f" {item_id}") in str(error)
    assert query(db_path, "SELECT title, version FROM plan_item") == [("张三改的", 2)]
    assert query(db_path, "SELECT who FROM change WHERE action = 'item.set'") == [("alice",)]


def test_stale_version_without_history_is_still_a_conflict(db: Database, db_path: Path) -> None:
    """A version moved on by something that left no history still refuses the save."""
    item_id = add_items(db, 1)[0]
    with UnitOfWork(db, "test.bump") as uow:
        item = uow.get(PlanItem, item_id)
        item.version = 5
        uow.session.flush()
        uow._recorded = True  # keep the bump although it left no history row
    with pytest.raises(ConflictError):
        _edit(db, item_id, 1, "旧版本")
    assert query(db_path, "SELECT title FROM plan_item") == [("事项1",)]


@pytest.mark.parametrize("reason", ["db.read_only.flag", "db.read_only.config"])
def test_read_only_database_refuses_a_unit_of_work(
    db: Database, db_path: Path, reason: str
) -> None:
    add_items(db, 1)
    db.close()
    before = db_path.read_bytes()
    viewer = open_database(str(db_path), user="viewer", read_only=ReadOnly(reason))
    try:
        with viewer.read() as session:
            assert session.get(PlanItem, 1) is not None
        with pytest.raises(ReadOnlyError) as caught, UnitOfWork(viewer, "item.set"):
            pytest.fail("a read-only database opened a unit of work")
    finally:
        viewer.close()
    assert str(caught.value) == t("db.read_only", reason=t(reason))
    assert db_path.read_bytes() == before
    assert query(db_path, "SELECT count(*) FROM change WHERE who = 'viewer'") == [(0,)]


def test_missing_id_is_not_found_and_writes_nothing(db: Database, db_path: Path) -> None:
    add_items(db, 1)
    changes = query(db_path, "SELECT count(*) FROM change")
    with pytest.raises(NotFoundError) as caught, UnitOfWork(db, "item.set") as uow:
        uow.get(PlanItem, 999)
    assert str(caught.value) == t("record.not_found", record=t("record.plan_item") + " 999")
    assert query(db_path, "SELECT count(*) FROM change") == changes
    assert query(db_path, "SELECT count(*) FROM change WHERE action = 'item.set'") == [(0,)]


def test_an_error_inside_rolls_back_everything(db: Database, db_path: Path) -> None:
    item_id = add_items(db, 1)[0]
    with pytest.raises(RuntimeError), UnitOfWork(db, "item.set") as uow:
        item = uow.get(PlanItem, item_id)
        before = snapshot(item)
        item.title = "半途而废"
        uow.update(item, before)
        raise RuntimeError("stop")
    assert query(db_path, "SELECT title, version FROM plan_item") == [("事项1", 1)]
    assert query(db_path, "SELECT count(*) FROM change WHERE action = 'item.set'") == [(0,)]
