"""Start-up: the dashboard's summary is read by a forked child while Textual imports, and
is the same summary this process would have read; a child that fails changes nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from branchtui.config import load_settings
from branchtui.domain.workspace import Workspace
from branchtui.tui import start
from tests.tui.conftest import TODAY


@pytest.fixture
def ws(demo_db: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(load_settings(flags={"database.url": str(demo_db)}))
    yield workspace
    workspace.close()


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Two cores whatever the machine has; the children forked (their pids)."""
    children: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(os, "fork", counted)
    return children


def test_the_summary_read_beside_is_the_one_read_here(ws: Workspace, forks: list[int]) -> None:
    received = start.summary_beside(ws, 2024, 8)
    summary = received()
    assert len(forks) == 1
    assert summary == ws.summary(2024, limit=8)
    assert summary.today.isoformat() == TODAY and summary.total == 7
    with pytest.raises(ChildProcessError):  # waited for: no zombie left behind
        os.waitpid(forks[0], os.WNOHANG)


def test_a_child_that_fails_leaves_the_read_to_this_process(
    ws: Workspace, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the child's read failed")

    monkeypatch.setattr("branchtui.domain.summary.load_summary", broken)
    summary = start.summary_beside(ws, 2024, 8)()
    assert len(forks) == 1
    assert summary == ws.summary(2024, limit=8)


def test_one_core_reads_it_here_without_forking(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise AssertionError("forked on one core")

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    monkeypatch.setattr(os, "fork", no_fork)
    assert start.summary_beside(ws, 2024, 8)() == ws.summary(2024, limit=8)
