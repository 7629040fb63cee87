"""Eight people adding members at once (issue 9, finding 6): every `member add` succeeds,
and the write lock is held only for the writes — pypinyin's name key and the rules are
computed before BEGIN IMMEDIATE.

Each worker runs the real command in a loop and records, by SQLAlchemy events, when its
BEGIN IMMEDIATE returned (the lock taken) and when its commit or rollback ended (the lock
released): the wall time, and the CPU time spent inside, which a busy machine cannot
stretch. Workers come from a fork server that has imported the program but not pypinyin,
so each worker loads pypinyin itself, as a fresh `branchtui member add` does.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

WORKERS = 8
ADDS = 4
LOCK_LIMIT = 0.050  # seconds


def _worker(db: str, start: str, worker: int, results: Any) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    import branchtui.storage.database as database
    from branchtui.cli.main import run

    held: list[tuple[float, float]] = []
    started: dict[str, float] = {}

    def locked(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            started["wall"], started["cpu"] = time.perf_counter(), time.thread_time()

    def released(session: Any, *args: Any) -> None:
        if "wall" in started:
            wall = time.perf_counter() - started.pop("wall")
            held.append((wall, time.thread_time() - started.pop("cpu")))

    event.listen(Engine, "after_cursor_execute", locked)
    event.listen(Session, "after_commit", released)
    event.listen(Session, "after_rollback", released)

    # One command per process, as people run them: each run's database is closed after
    # it. (A connection left open while the next run reads the file's header with a plain
    # open() would lose its POSIX locks — SQLite's documented hazard.)
    opened: list[Any] = []
    real_open = database.open_database

    def open_database(*args: Any, **kwargs: Any) -> Any:
        opened.append(real_open(*args, **kwargs))
        return opened[-1]

    database.open_database = open_database  # type: ignore[assignment]
    os.environ["BRANCHTUI_TODAY"] = "2024-07-01"
    while not Path(start).exists():
        time.sleep(0.005)
    failures = []
    for number in range(ADDS):
        argv = ["member", "add", f"曾晓明{worker}-{number}", "--applied", "2024-03-01", "--db", db]
        code = run(argv)
        while opened:
            opened.pop().close()
        if code != 0:
            failures.append(code)
    results.put((failures, held))


def test_eight_concurrent_member_add_loops(initialised_db: Path, tmp_path: Path) -> None:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["branchtui.cli.members", "branchtui.domain.members"])
    results = context.Queue()
    start = tmp_path / "start"
    workers = [
        context.Process(target=_worker, args=(str(initialised_db), str(start), n, results))
        for n in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    time.sleep(0.5)
    start.touch()
    outcomes = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    failures = [code for found, _ in outcomes for code in found]
    held = [pair for _, pairs in outcomes for pair in pairs]
    assert failures == []
    connection = sqlite3.connect(initialised_db)
    try:
        keyed = connection.execute(
            "SELECT count(*) FROM member WHERE name_key LIKE 'zengxiaoming%'"
        )
        assert keyed.fetchone()[0] == WORKERS * ADDS
    finally:
        connection.close()
    assert len(held) == WORKERS * ADDS  # one write transaction per add
    walls = sorted(wall for wall, _cpu in held)
    cpus = sorted(cpu for _wall, cpu in held)
    print(
        f"lock held: median {statistics.median(walls) * 1000:.1f} ms,"
        f" max {walls[-1] * 1000:.1f} ms; work inside: max {cpus[-1] * 1000:.1f} ms CPU"
    )
    # The work done holding the lock (before, pypinyin loaded inside it: 100-250 ms) is
    # what the code controls; its CPU time does not stretch when the machine is busy.
    assert cpus[-1] <= LOCK_LIMIT, cpus[-5:]
    # The wall time also counts waiting for a CPU: on a quiet machine it is the same few
    # milliseconds; on two cores shared by eight writers and more, it is the scheduler's.
    assert walls[0] <= LOCK_LIMIT and walls[-1] <= 40 * LOCK_LIMIT, walls
