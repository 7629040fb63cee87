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


@pytest.fixture(scope="session")
def initialised_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database per test session; each test gets a copy (migrating is slow)."""
    from branchtui.domain import branch
    from branchtui.storage.database import open_database

    path = tmp_path_factory.mktemp("template") / "branch.db"
    db = open_database(str(path), user="tester", create=True)
    branch.ensure(db, "XX党支部", rename=False)
    db.close()
    return path


@pytest.fixture
def initialised_db(db_path: Path, initialised_template: Path) -> Path:
    """A fresh copy of an initialised database (mode 0600 like one branchtui creates)."""
    import shutil

    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(initialised_template, db_path)
    db_path.chmod(0o600)
    return db_path


@pytest.fixture
def cli_db(cli: CliRunner, initialised_db: Path) -> Iterator[CliRunner]:
    """`cli` bound to an initialised temporary database (`--db` added to every call)."""

    def run(args: str | list[str], **env: str) -> Result:
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        return cli([*argv, "--db", str(initialised_db)], **env)

    yield run


HEAVY_MODULES = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "textual", "pypinyin", "docx")


def heavy_modules_loaded(argv: list[str]) -> tuple[list[str], int]:
    """Run `branchtui ARGV` in a fresh Python process; the heavy packages it imported and
    its exit code (the light paths promise to import none)."""
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "from branchtui.main import main\n"
        f"rc = main({argv!r})\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY_MODULES!r}))\n"
        "print('HEAVY=' + json.dumps([heavy, rc]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHTUI_")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    import json

    line = next((x for x in result.stdout.splitlines() if x.startswith("HEAVY=")), None)
    assert line is not None, result.stdout + result.stderr
    heavy, rc = json.loads(line.removeprefix("HEAVY="))
    return heavy, rc
