"""Files another user set up to fool us, and files that are not what they seem (issue 9
findings 4 and 10): a symlink planted by `nobody` where a backup, export or report is to
go; a directory, an unreadable file or another program's Alembic database given as
`--db`. Each is refused with one clear line; nothing is written through a link.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from branchtui.i18n import t
from tests.conftest import CliRunner
from tests.storage.helpers import dump, query
from tests.storage.test_permissions import GROUP, NOBODY, as_nobody, group_id, run_main

__all__ = ["group_id"]  # the fixture, shared with the permission tests

PYTHON_ERROR = re.compile(r"[A-Z][a-zA-Z]+(Error|Exception)\b|Traceback|Errno")


def one_clear_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert not PYTHON_ERROR.search(err), err
    return lines[0]


def directory_in_tmp(mode: int) -> Iterator[Path]:
    """A directory in /tmp (pytest's own temporary root is closed to `nobody`)."""
    directory = Path(tempfile.mkdtemp(dir="/tmp", prefix="branchtui-hostile-"))
    os.chmod(directory, mode)
    yield directory
    shutil.rmtree(directory)


@pytest.fixture
def sticky() -> Iterator[Path]:
    """A /tmp-like directory: anyone may create files, only owners remove them."""
    yield from directory_in_tmp(0o1777)


@pytest.fixture
def loot(sticky: Path) -> Path:
    """Where `nobody` wants our data to land: a directory of theirs."""
    directory = sticky / "nobody-home"
    directory.mkdir()
    os.chown(directory, NOBODY, NOBODY)
    os.chmod(directory, 0o755)
    return directory


def plant(link: Path, target: Path) -> None:
    """`nobody` creates the symlink `link` -> `target` (in a forked child)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.symlink(target, link)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert link.is_symlink() and link.lstat().st_uid == NOBODY


@pytest.mark.parametrize(
    "command",
    [
        ["backup", "{link}"],
        ["export", "--format", "toml", "--include-private", "-o", "{link}"],
        ["export", "--format", "md", "-o", "{link}"],
        ["report", "--year", "2024", "-o", "{link}"],
    ],
    ids=["backup", "export-toml", "export-md", "report"],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_planted_symlink_is_refused(
    cli_db: CliRunner, sticky: Path, loot: Path, command: list[str], lang: str
) -> None:
    assert cli_db("member add 张三 --phone 13912345678 --id-number 110101199001011234").code == 0
    link = sticky / "copy.db"
    plant(link, loot / "stolen")
    result = cli_db([*(word.format(link=link) for word in command), "--lang", lang])
    assert result.code == 1
    line = one_clear_line(result.err)
    assert str(link) in line and ("符号链接" in line or "symbolic link" in line)
    assert list(loot.iterdir()) == []  # nothing landed where the link points
    assert sorted(p.name for p in sticky.iterdir()) == ["copy.db", "nobody-home"]


def test_a_planted_journal_link_is_never_written_through(
    cli_db: CliRunner, sticky: Path, loot: Path
) -> None:
    """SQLite writes `<file>-journal` beside the file it fills: the backup is filled in a
    private directory, so a link planted at `copy.db-journal` is never touched."""
    plant(sticky / "copy.db-journal", loot / "journal")
    result = cli_db(["backup", str(sticky / "copy.db")])
    assert result.code == 0, result.err
    assert list(loot.iterdir()) == []
    assert query(sticky / "copy.db", "PRAGMA integrity_check") == [("ok",)]
    assert stat.S_IMODE((sticky / "copy.db").stat().st_mode) == 0o600


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_backup_mode_from_the_first_byte(
    cli_db: CliRunner, tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real_connect = sqlite3.connect

    def watching(target: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if Path(str(target)).name == "copy.db":  # the copy, as SQLite opens it to fill it
            seen.append(stat.S_IMODE(os.stat(target).st_mode))
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", watching)
    old = os.umask(umask)
    try:
        result = cli_db(["backup", str(tmp_path / "copy.db")])
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    assert seen == [0o600]
    assert stat.S_IMODE((tmp_path / "copy.db").stat().st_mode) == 0o600


def test_backup_mode_and_group_of_a_shared_database(
    cli_db: CliRunner, tmp_path: Path, group_id: int
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\ngroup = "{GROUP}"\n', encoding="utf-8")
    old = os.umask(0o077)
    try:
        result = cli_db(["backup", str(tmp_path / "copy.db"), "--config", str(config)])
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    info = (tmp_path / "copy.db").stat()
    assert (stat.S_IMODE(info.st_mode), info.st_gid) == (0o660, group_id)


def test_backup_into_a_directory_named_with_a_slash(
    cli_db: CliRunner, tmp_path: Path, initialised_db: Path
) -> None:
    folder = tmp_path / "bk"
    missing = cli_db(["backup", f"{folder}/"])
    assert missing.code == 1 and str(folder) in one_clear_line(missing.err)
    assert not folder.exists()
    folder.mkdir()
    made = cli_db(["backup", f"{folder}/"])
    assert made.code == 0, made.err
    (copy,) = folder.iterdir()
    assert re.fullmatch(rf"{initialised_db.stem}-\d{{8}}-\d{{6}}\.db", copy.name)


# -- --db that is not a branchtui database ---------------------------------------------------

COMMANDS = ["status", "item list", "history", "init", "export", "backup {tmp}/b.db"]


def _alembic_database(path: Path, revision: str | None, own_tables: bool = False) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        if revision is not None:
            connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        if own_tables:
            for table in ("branch", "change", "history", "plan_item"):
                connection.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
    connection.close()


@pytest.mark.parametrize("revision", ["0002", "0001", "ae1027a6acf", None])
@pytest.mark.parametrize("command", COMMANDS)
def test_another_programs_alembic_database_is_named_as_such(
    cli: CliRunner, tmp_path: Path, revision: str | None, command: str
) -> None:
    path = tmp_path / "other.db"
    _alembic_database(path, revision)
    before = dump(path)
    result = cli([*command.format(tmp=tmp_path).split(), "--db", str(path)])
    assert result.code == 1
    assert one_clear_line(result.err) == t("error.prefix") + t("db.foreign", path=str(path))
    assert dump(path) == before


def test_a_newer_branchtui_database_is_still_called_newer(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    _alembic_database(path, "9999", own_tables=True)
    result = cli(["status", "--db", str(path)])
    assert result.code == 1
    line = one_clear_line(result.err)
    assert line == t("error.prefix") + t("db.newer_schema", path=str(path), revision="9999")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_directory_as_db_is_one_clear_line(
    cli: CliRunner, tmp_path: Path, command: str, lang: str
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    result = cli([*command.format(tmp=tmp_path).split(), "--db", str(folder), "--lang", lang])
    assert result.code == 1
    assert str(folder) in one_clear_line(result.err)
    assert list(folder.iterdir()) == []


# -- a database this user may not read -------------------------------------------------------


@pytest.fixture
def work() -> Iterator[Path]:
    yield from directory_in_tmp(0o755)


def test_a_database_nobody_may_read(cli: CliRunner, work: Path) -> None:
    private = work / "private.db"
    locked = work / "locked" / "branch.db"
    for path in (private, locked):
        assert cli(["init", "--db", str(path)]).code == 0
        assert cli(["status", "--db", str(path)]).code == 0  # every import done before the fork
    os.chmod(locked.parent, 0o700)
    commands = [["status"], ["item", "list"], ["history"], ["init"], ["export"]]

    def body() -> dict[str, Any]:
        return {
            f"{path.name} {' '.join(argv)} {lang}": run_main([*argv, "--db", str(path), *lang])
            for path in (private, locked)
            for argv in commands
            for lang in ([], ["--lang", "en"])
        }

    for name, result in as_nobody(work, body).items():
        assert result["code"] == 1, (name, result)
        line = one_clear_line(result["err"])
        assert "没有权限" in line or "ermission" in line, (name, line)
