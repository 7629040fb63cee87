"""Fixtures shared by every tier: isolation from the developer's own files, a temporary
database, and the real command line run in-process with its output and exit code."""

from __future__ import annotations

import contextlib
import io
import os
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from branchtui import i18n, locations


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the developer's config, data, locale or BRANCHTUI_* settings."""
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith("BRANCHTUI_") or name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(locations, "SYSTEM_CONFIG", home / "etc" / "branchtui" / "config.toml")
    i18n.set_language("zh")
    yield home
    i18n.set_language("zh")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path in an empty directory (the file does not exist yet)."""
    return tmp_path / "data" / "branch.db"


@dataclass
class Result:
    """What a user sees of one command: exit code, stdout, stderr."""

    code: int
    out: str
    err: str


CliRunner = Callable[..., Result]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run `branchtui ARGS` in-process through the real entry point."""

    def run(args: str | list[str], **env: str) -> Result:
        from branchtui.main import main

        argv = shlex.split(args) if isinstance(args, str) else list(args)
        with monkeypatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
        return Result(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def cli_db(cli: CliRunner, db_path: Path) -> Iterator[CliRunner]:
    """`cli` bound to an initialised temporary database (`--db` added to every call)."""

    def run(args: str | list[str], **env: str) -> Result:
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        return cli([*argv, "--db", str(db_path)], **env)

    assert cli(["init", "--db", str(db_path)]).code == 0
    yield run
