"""Several processes writing the same records at once: no update lost, none refused, every
write transaction begun with BEGIN IMMEDIATE; a long reader does not block writers."""

from __future__ import annotations

import itertools
import multiprocessing
import re
import sqlite3
import time
import traceback
from pathlib import Path
from typing import Any

from sqlalchemy import event

from branchtui.storage.database import Database, open_database
from branchtui.storage.models import PlanItem
from tests.storage.helpers import add_items, increment, query

WORKERS = 4
INCREMENTS = 200
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
BEGIN = re.compile(r"^\s*BEGIN\b", re.IGNORECASE)
END = re.compile(r"^\s*(COMMIT|ROLLBACK|END)\b", re.IGNORECASE)

Log = list[tuple[int, str]]


def trace_statements(db: Database) -> Log:
    """Every statement each new connection of `db` runs, as (connection number, SQL)."""
    log: Log = []
    numbers = itertools.count()

    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        number = next(numbers)
        dbapi_connection.set_trace_callback(lambda sql: log.append((number, sql)))

    event.listen(db.engine, "connect", on_connect)
    return log


def transactions(log: Log) -> tuple[list[list[str]], list[str]]:
    """Split each connection's statements into transactions; also the writes outside any."""
    by_connection: dict[int, list[str]] = {}
    for number, sql in log:
        by_connection.setdefault(number, []).append(sql)
    found: list[list[str]] = []
    stray: list[str] = []
    for statements in by_connection.values():
        current: list[str] | None = None
        for sql in statements:
            if BEGIN.match(sql):
                assert current is None, f"BEGIN inside a transaction: {sql}"
                current = [sql]
            elif END.match(sql):
                assert current is not None, f"{sql} outside a transaction"
                current.append(sql)
                found.append(current)
                current = None
            elif current is not None:
                current.append(sql)
            elif WRITE.match(sql):
                stray.append(sql)
        assert current is None, "a transaction was left open"
    return found, stray


def _worker(
    path: str,
    ids: list[int],
    barrier: Any,
    results: Any,
    index: int,
) -> None:
    errors: list[str] = []
    log: Log = []
    try:
        db = open_database(path, user=f"worker{index}")
        log = trace_statements(db)
        barrier.wait(timeout=30)
        for n in range(INCREMENTS):
            try:
                increment(db, ids[n % len(ids)])
            except Exception as error:
                errors.append(f"{type(error).__name__}: {error}")
        db.close()
    except Exception:
        errors.append(traceback.format_exc())
    results.put({"index": index, "errors": errors, "log": log})


def test_four_writers_lose_nothing(db: Database, db_path: Path) -> None:
    ids = add_items(db, 2)
    db.close()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WORKERS)
    results = context.Queue()
    workers = [
        context.Process(target=_worker, args=(str(db_path), ids, barrier, results, index))
        for index in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    errors = [error for report in reports for error in report["errors"]]
    assert errors == []
    assert not any("locked" in error for error in errors)

    per_item = WORKERS * INCREMENTS // len(ids)
    numbers = dict(query(db_path, "SELECT id, number FROM plan_item"))
    assert numbers == {ids[0]: 1 + per_item, ids[1]: 2 + per_item}
    versions = dict(query(db_path, "SELECT id, version FROM plan_item"))
    assert versions == {ids[0]: 1 + per_item, ids[1]: 1 + per_item}

    changes = query(db_path, "SELECT count(*) FROM change WHERE action = 'test.increment'")
    assert changes == [(WORKERS * INCREMENTS,)]
    history = query(
        db_path,
        "SELECT h.record, h.op, count(*), count(DISTINCT h.change_id) FROM history h"
        " JOIN change c ON c.id = h.change_id WHERE c.action = 'test.increment'"
        " GROUP BY h.record, h.op",
    )
    assert history == [("plan_item", "update", WORKERS * INCREMENTS, WORKERS * INCREMENTS)]
    who = query(
        db_path, "SELECT who, count(*) FROM change WHERE action = 'test.increment' GROUP BY who"
    )
    assert dict(who) == {f"worker{i}": INCREMENTS for i in range(WORKERS)}
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]

    # From each child's statement log: every transaction that writes began BEGIN IMMEDIATE.
    for report in reports:
        found, stray = transactions([tuple(entry) for entry in report["log"]])  # type: ignore[misc]
        assert stray == []
        writing = [txn for txn in found if any(WRITE.match(sql) for sql in txn)]
        assert len(writing) == INCREMENTS
        for txn in writing:
            assert txn[0].strip().upper() == "BEGIN IMMEDIATE", txn
            assert txn[-1].strip().upper() == "COMMIT", txn


def test_reads_begin_deferred_and_writes_immediate(db: Database) -> None:
    """The statement-log check above can tell the two kinds of BEGIN apart."""
    log = trace_statements(db)
    db.engine.dispose()  # new connections, so the listener sees them
    ids = add_items(db, 1)
    with db.read() as session:
        assert session.get(PlanItem, ids[0]) is not None
    found, stray = transactions(log)
    assert stray == []
    begins = [txn[0].strip().upper() for txn in found]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]
    assert any(WRITE.match(sql) for sql in found[0])
    assert not any(WRITE.match(sql) for sql in found[1])


def test_a_long_reader_does_not_block_writers(db: Database, db_path: Path) -> None:
    ids = add_items(db, 1)
    reader = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT number FROM plan_item").fetchall() == [(1,)]
        started = time.monotonic()
        for _ in range(3):
            increment(db, ids[0])
        # Well under busy_timeout (5 s): the writers did not wait for the reader.
        assert time.monotonic() - started < 2.5
        # The reader still sees its snapshot; the writes are committed for everyone else.
        assert reader.execute("SELECT number FROM plan_item").fetchall() == [(1,)]
        assert query(db_path, "SELECT number FROM plan_item") == [(4,)]
        reader.execute("COMMIT")
        assert reader.execute("SELECT number FROM plan_item").fetchall() == [(4,)]
    finally:
        reader.close()
