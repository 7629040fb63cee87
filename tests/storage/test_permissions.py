"""SPEC §8 file modes, groups and read-only access, checked as the unprivileged user `nobody`.

Root passes every permission check, so each case runs in a forked child that has dropped
to uid 65534 after everything it needs is imported (the interpreter's own library lives
under /root, which `nobody` cannot read), in a temporary directory outside pytest's 0700
root. The child reports back as JSON through a pipe.
"""

from __future__ import annotations

import contextlib
import grp
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from branchtui import i18n, locations
from branchtui.errors import ReadOnlyError
from branchtui.i18n import t
from branchtui.storage import schema
from branchtui.storage.database import ReadOnly, make_engine, open_database
from branchtui.storage.models import Branch, PlanItem
from branchtui.storage.uow import UnitOfWork
from tests.conftest import CliRunner
from tests.storage.helpers import add_items, increment, query

NOBODY = 65534
GROUP = "branchtui-test"


def run_main(args: list[str]) -> dict[str, Any]:
    """`branchtui ARGS` in this process: exit code, stdout and stderr."""
    from branchtui.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def describe(path: Path) -> dict[str, int]:
    info = path.stat()
    return {"mode": stat.S_IMODE(info.st_mode), "uid": info.st_uid, "gid": info.st_gid}


@pytest.fixture(scope="module")
def group_id() -> int:
    """A system group for the shared-database cases (created once; idempotent)."""
    for _attempt in range(20):  # another test run may hold /etc/group's lock a moment
        if subprocess.run(["groupadd", "-f", "-r", GROUP], capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    return grp.getgrnam(GROUP).gr_gid


@pytest.fixture(scope="module", autouse=True)
def warmed_up(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Run every path the children take once as root, so their imports are all done."""
    if os.getuid() != 0:
        pytest.fail("these tests drop to `nobody` and must start as root")
    base = tmp_path_factory.mktemp("warm")
    path = base / "data" / "warm.db"
    for lang in ("zh", "en"):
        i18n.catalog(lang)
    assert run_main(["init", "--db", str(path), "--name", "暖机"])["code"] == 0
    assert run_main(["--read-only", "init", "--name", "x", "--db", str(path)])["code"] == 1
    assert run_main(["init", "--db", str(path), "--lang", "en"])["code"] == 0
    config = base / "config.toml"
    config.write_text("[access]\nread_only = false\n", encoding="utf-8")
    assert run_main(["init", "--db", str(path), "--config", str(config)])["code"] == 0
    db = open_database(str(path), user="root", group=None)
    add_items(db, 1)
    increment(db, 1)
    with db.read() as session:
        session.exec(select(Branch)).first()
    db.close()
    for engine_mode in ("ro", "immutable"):
        engine = make_engine(path, engine_mode)
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM plan_item").fetchall()
        engine.dispose()
    viewer = open_database(str(path), user="root", read_only=ReadOnly("db.read_only.flag"))
    with pytest.raises(ReadOnlyError), UnitOfWork(viewer, "x"):
        pass
    viewer.close()
    connection, _ = schema.open_for_reading(path)
    connection.close()
    schema.connect_plain(path, immutable=True).close()
    json.dumps({"warm": traceback.format_exc()})
    i18n.set_language("zh")


@pytest.fixture(scope="module")
def readable_migrations() -> Iterator[Path]:
    """Alembic reads its scripts from disk at every migration, and the checkout may sit in
    a directory `nobody` cannot enter (a 0700 temporary clone, root's home): the children
    migrate from a world-readable copy instead."""
    from branchtui.storage import migrate

    base = Path(tempfile.mkdtemp(dir="/tmp", prefix="branchtui-migrations-"))
    os.chmod(base, 0o755)
    copy = base / "migrations"
    shutil.copytree(migrate.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for path in [copy, *copy.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield copy
    shutil.rmtree(base)


@pytest.fixture(autouse=True)
def migrations_nobody_can_read(readable_migrations: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from branchtui.storage import migrate

    monkeypatch.setattr(migrate, "MIGRATIONS", readable_migrations)


@pytest.fixture
def work() -> Iterator[Path]:
    """A directory `nobody` owns, outside pytest's 0700 temporary root."""
    directory = Path(tempfile.mkdtemp(dir="/tmp", prefix="branchtui-perm-"))
    os.chown(directory, NOBODY, NOBODY)
    os.chmod(directory, 0o755)
    yield directory
    shutil.rmtree(directory)


def as_nobody(
    work: Path,
    body: Callable[[], Any],
    *,
    umask: int = 0o022,
    groups: tuple[int, ...] = (),
) -> Any:
    """Run `body` in a forked child as `nobody`; return what it returned (JSON-able)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(read_end)
            # Nothing of root's: home, config and system config all inside `work`.
            os.environ.update(
                HOME=str(work),
                XDG_CONFIG_HOME=str(work / ".config"),
                XDG_DATA_HOME=str(work / ".local"),
                BRANCHTUI_USER="nobody",
            )
            locations.SYSTEM_CONFIG = work / "etc" / "config.toml"
            os.setgroups(list(groups))
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.umask(umask)
            report = {"value": body()}
        except BaseException:
            report = {"error": traceback.format_exc()}
        try:
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                pipe.write(json.dumps(report, ensure_ascii=False))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    report = json.loads(data)
    assert "error" not in report, report["error"]
    return report["value"]


def test_the_child_really_is_nobody(work: Path) -> None:
    """The premise of every case below: the child may not do what root may."""

    def body() -> dict[str, Any]:
        try:
            Path("/etc/branchtui-test-nobody").write_text("x")
            wrote_etc = True
        except PermissionError:
            wrote_etc = False
        return {"uid": os.getuid(), "euid": os.geteuid(), "wrote_etc": wrote_etc}

    assert as_nobody(work, body) == {"uid": NOBODY, "euid": NOBODY, "wrote_etc": False}


# -- modes of new files -------------------------------------------------------------------


def _create_and_write(path: Path, group: str | None) -> dict[str, Any]:
    db = open_database(str(path), user="nobody", group=group, create=True)
    add_items(db, 1)
    # The engine keeps its connection: -wal and -shm exist now.
    files = {
        "dir": describe(path.parent),
        "db": describe(path),
        "wal": describe(path.with_name(path.name + "-wal")),
        "shm": describe(path.with_name(path.name + "-shm")),
    }
    db.close()
    return files


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o000], ids=["022", "077", "000"])
def test_private_modes_whatever_the_umask(work: Path, umask: int) -> None:
    path = work / "data" / "branch.db"
    files = as_nobody(work, lambda: _create_and_write(path, None), umask=umask)
    assert files["dir"] == {"mode": 0o700, "uid": NOBODY, "gid": NOBODY}
    for name in ("db", "wal", "shm"):
        assert files[name] == {"mode": 0o600, "uid": NOBODY, "gid": NOBODY}, name


@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["022", "077"])
def test_group_modes_whatever_the_umask(work: Path, umask: int, group_id: int) -> None:
    path = work / "shared" / "branch.db"
    files = as_nobody(work, lambda: _create_and_write(path, GROUP), umask=umask, groups=(group_id,))
    assert files["dir"] == {"mode": 0o2770, "uid": NOBODY, "gid": group_id}
    for name in ("db", "wal", "shm"):
        assert files[name] == {"mode": 0o660, "uid": NOBODY, "gid": group_id}, name


def test_group_from_the_configuration_via_the_cli(work: Path, group_id: int) -> None:
    path = work / "shared" / "branch.db"
    config = work / "config.toml"
    config.write_text(f'[database]\ngroup = "{GROUP}"\n', encoding="utf-8")

    def body() -> dict[str, Any]:
        created = run_main(["init", "--db", str(path), "--config", str(config)])
        if created["code"] != 0:
            return {"created": created}
        files = {"dir": describe(path.parent), "db": describe(path)}
        # A shared directory that lost its setgid bit earns a warning.
        os.chmod(path.parent, 0o770)
        again = run_main(["init", "--db", str(path), "--config", str(config)])
        return {"created": created, "files": files, "again": again}

    result = as_nobody(work, body, umask=0o077, groups=(group_id,))
    assert result["created"]["code"] == 0, result["created"]
    assert result["created"]["err"] == ""
    assert result["files"]["dir"] == {"mode": 0o2770, "uid": NOBODY, "gid": group_id}
    assert result["files"]["db"] == {"mode": 0o660, "uid": NOBODY, "gid": group_id}
    assert result["again"]["code"] == 0
    warning = t("warning.prefix") + t("db.dir_not_setgid", dir=str(path.parent), group=GROUP)
    assert result["again"]["err"].splitlines() == [warning]


def test_unknown_group_is_one_clear_error_and_creates_nothing(
    cli: CliRunner, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[database]\ngroup = "no-such-group-xyz"\n', encoding="utf-8")
    path = tmp_path / "data" / "branch.db"
    for args in (["init"], ["init", "--lang", "en"]):
        result = cli([*args, "--db", str(path), "--config", str(config)])
        assert result.code == 1
        assert result.err.splitlines() == [
            t("error.prefix") + t("db.unknown_group", group="no-such-group-xyz")
        ]
        i18n.set_language("zh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]
    # Also when the directory exists: no empty database file is left behind.
    path.parent.mkdir()
    assert cli(["init", "--db", str(path), "--config", str(config)]).code == 1
    assert list(path.parent.iterdir()) == []


# -- a file the user may read but not write -------------------------------------------------


def _root_owned_database(directory: Path, dir_mode: int) -> Path:
    directory.mkdir(mode=0o755)
    path = directory / "branch.db"
    db = open_database(str(path), user="root", create=True)
    add_items(db, 2)
    db.close()  # the last connection: -wal and -shm are gone
    os.chmod(path, 0o644)
    os.chmod(directory, dir_mode)
    assert sorted(p.name for p in directory.iterdir()) == ["branch.db"]
    return path


def _read_only_session(path: Path) -> dict[str, Any]:
    connection, snapshot = schema.open_for_reading(path)
    plain_count = connection.execute("SELECT count(*) FROM plan_item").fetchone()[0]
    connection.close()
    db = open_database(str(path), user="nobody")
    with db.read() as session:
        orm_count = len(session.exec(select(PlanItem)).all())
    try:
        with UnitOfWork(db, "item.set"):
            pass
        refused = None
    except ReadOnlyError as error:
        refused = str(error)
    result = {
        "plain": [plain_count, snapshot],
        "orm": orm_count,
        "reason": db.read_only.key if db.read_only else None,
        "snapshot": db.snapshot,
        "warnings": [key for key, _ in db.warnings],
        "refused": refused,
        "cli_rename": run_main(["init", "--name", "新名字", "--db", str(path)]),
    }
    db.close()
    return result


@pytest.mark.parametrize("dir_mode", [0o755, 0o777], ids=["dir-not-writable", "dir-writable"])
def test_readable_but_not_writable(work: Path, dir_mode: int) -> None:
    path = _root_owned_database(work / "ro", dir_mode)
    before = path.read_bytes()
    result = as_nobody(work, lambda: _read_only_session(path))
    # SQLite cannot make the -shm file in a directory nobody may write: an immutable snapshot.
    snapshot = dir_mode == 0o755
    assert result["plain"] == [2, snapshot]
    assert result["orm"] == 2
    assert result["reason"] == "db.read_only.permission"
    assert result["snapshot"] is snapshot
    assert ("db.snapshot" in result["warnings"]) is snapshot
    assert "db.world_readable" in result["warnings"]
    message = t("db.read_only", reason=t("db.read_only.permission", path=str(path)))
    assert result["refused"] == message
    rename = result["cli_rename"]
    assert rename["code"] == 1
    assert rename["err"].splitlines()[-1] == t("error.prefix") + message
    assert path.read_bytes() == before
    assert query(path, "SELECT name FROM branch") != [("新名字",)]


# -- --read-only and [access] read_only ------------------------------------------------------


def test_read_only_flag_refuses_writes(work: Path) -> None:
    path = work / "data" / "branch.db"
    config = work / "config.toml"
    config.write_text("[access]\nread_only = true\n", encoding="utf-8")
    fresh = work / "new" / "branch.db"

    def body() -> dict[str, Any]:
        created = run_main(["init", "--db", str(path), "--name", "一支部"])
        return {
            "created": created,
            "before": run_main(["--read-only", "init", "--name", "二支部", "--db", str(path)]),
            "after": run_main(["init", "--name", "二支部", "--db", str(path), "--read-only"]),
            "config": run_main(
                ["init", "--name", "二支部", "--db", str(path), "--config", str(config)]
            ),
            "en": run_main(
                ["init", "--name", "二支部", "--db", str(path), "--read-only", "--lang", "en"]
            ),
            "look": run_main(["--read-only", "init", "--db", str(path)]),
            "fresh": run_main(["--read-only", "init", "--db", str(fresh)]),
            "fresh_exists": fresh.exists() or fresh.parent.exists(),
        }

    result = as_nobody(work, body)
    assert result["created"]["code"] == 0, result["created"]
    flag = t("error.prefix") + t("db.read_only", reason=t("db.read_only.flag"))
    for case in ("before", "after"):
        assert result[case]["code"] == 1, result[case]
        assert result[case]["err"].splitlines() == [flag]
    assert result["config"]["code"] == 1
    assert result["config"]["err"].splitlines() == [
        t("error.prefix") + t("db.read_only", reason=t("db.read_only.config"))
    ]
    i18n.set_language("en")
    english = t("error.prefix") + t("db.read_only", reason=t("db.read_only.flag"))
    i18n.set_language("zh")
    assert result["en"]["code"] == 1
    assert result["en"]["err"].splitlines() == [english]
    # Looking is allowed; creating a database is a change.
    assert result["look"]["code"] == 0, result["look"]
    assert result["fresh"]["code"] == 1
    assert result["fresh"]["err"].splitlines() == [flag]
    assert result["fresh_exists"] is False
    assert query(path, "SELECT name FROM branch") == [("一支部",)]


# -- the world-readable warning ---------------------------------------------------------------


def test_world_readable_database_warns(work: Path) -> None:
    path = work / "data" / "branch.db"

    def body() -> dict[str, Any]:
        results = {"created": run_main(["init", "--db", str(path)])}
        for file_mode in (0o644, 0o640, 0o604, 0o600):
            os.chmod(path, file_mode)
            results[oct(file_mode)] = run_main(["init", "--db", str(path)])
            results[oct(file_mode) + "en"] = run_main(["init", "--db", str(path), "--lang", "en"])
        return results

    result = as_nobody(work, body)
    zh = t("warning.prefix") + t("db.world_readable", path=str(path))
    i18n.set_language("en")
    en = t("warning.prefix") + t("db.world_readable", path=str(path))
    i18n.set_language("zh")
    assert zh.startswith("警告：") and en.startswith("Warning:")
    assert result["created"]["err"] == ""
    for file_mode in ("0o644", "0o604"):
        assert result[file_mode]["code"] == 0
        assert result[file_mode]["err"].splitlines() == [zh]
        assert result[file_mode + "en"]["err"].splitlines() == [en]
    for file_mode in ("0o640", "0o600"):
        assert result[file_mode]["code"] == 0
        assert result[file_mode]["err"] == ""
        assert result[file_mode + "en"]["err"] == ""


def test_plain_sqlite_read_of_the_created_file_is_refused_to_others(work: Path) -> None:
    """A database created by root with the default modes is closed to `nobody`."""
    path = work / "rootdb" / "branch.db"
    open_database(str(path), user="root", create=True).close()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700

    def body() -> str:
        try:
            sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("SELECT 1 FROM sqlite_master")
        except sqlite3.OperationalError as error:
            return str(error)
        return "read"

    assert as_nobody(work, body) != "read"
