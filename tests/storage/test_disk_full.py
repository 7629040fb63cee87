"""A full disk (issue 9 finding 10): said as such in the user's language — not "disk I/O
error", and `status` does not blame the directory — and a failed backup or export leaves
nothing behind, not even SQLite's -journal.

The disk is a small tmpfs mounted for the test (the tests run as root, as the permission
tests must), filled to the last byte.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from branchtui.i18n import t
from tests.conftest import CliRunner
from tests.storage.helpers import query


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A 4 MiB filesystem of its own, unmounted afterwards."""
    mount_point = Path(tempfile.mkdtemp(prefix="branchtui-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a small tmpfs (root needed): {mounted.stderr}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        shutil.rmtree(mount_point, ignore_errors=True)


def fill(disk: Path) -> None:
    """Take every free byte of `disk`."""
    with (disk / "filler").open("wb", buffering=0) as stream:
        for size in (1 << 16, 1 << 12, 1):
            try:
                while stream.write(b"\0" * size):
                    pass
            except OSError:
                pass
    assert os.statvfs(disk).f_bavail == 0


@pytest.fixture
def full_db(cli: CliRunner, tiny_disk: Path) -> Path:
    """A branch database on a disk that has just filled up."""
    path = tiny_disk / "data" / "branch.db"
    assert cli(["init", "--db", str(path)]).code == 0
    assert cli(["item", "add", "学习", "--year", "2024", "--db", str(path)]).code == 0
    gc.collect()  # the commands' connections close: -wal and -shm go, as between two runs
    assert sorted(p.name for p in path.parent.iterdir()) == ["branch.db"]
    fill(tiny_disk)
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_status_on_a_full_disk_says_so(cli: CliRunner, full_db: Path, lang: str) -> None:
    result = cli(["status", "--year", "2024", "--db", str(full_db), "--lang", lang])
    assert result.code == 0, result.err
    assert "1" in result.out  # the item is still counted, from a snapshot
    warning = t("warning.prefix") + t("db.snapshot.disk_full", dir=str(full_db.parent))
    if lang == "en":
        assert "disk" in result.err and "full" in result.err
    else:
        assert result.err.splitlines() == [warning]
    assert "不可写" not in result.err and "not writable" not in result.err


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", [["item", "add", "又一件"], ["item", "list"], ["history"]])
def test_commands_on_a_full_disk_say_the_disk_is_full(
    cli: CliRunner, full_db: Path, lang: str, command: list[str]
) -> None:
    result = cli([*command, "--db", str(full_db), "--lang", lang])
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 1 and "I/O" not in lines[0]
    assert ("磁盘已满" if lang == "zh" else "The disk is full") in lines[0]


def test_a_backup_onto_a_full_disk_leaves_nothing(
    cli_db: CliRunner, tiny_disk: Path, initialised_db: Path
) -> None:
    assert cli_db(["item", "add", "学习", "--detail", "详" * 4000]).code == 0
    fill(tiny_disk)
    before = sorted(p.name for p in tiny_disk.iterdir())
    for lang in ("zh", "en"):
        result = cli_db(["backup", str(tiny_disk / "copy.db"), "--lang", lang])
        assert result.code == 1
        assert len(result.err.splitlines()) == 1, result.err
        assert "磁盘空间不足" in result.err or "space" in result.err
    assert sorted(p.name for p in tiny_disk.iterdir()) == before  # no copy, no -journal
    assert query(initialised_db, "PRAGMA integrity_check") == [("ok",)]


def test_an_export_onto_a_full_disk_leaves_nothing(cli_db: CliRunner, tiny_disk: Path) -> None:
    assert cli_db(["item", "add", "学习", "--year", "2024"]).code == 0
    fill(tiny_disk)
    before = sorted(p.name for p in tiny_disk.iterdir())
    result = cli_db(["export", "--all-years", "-o", str(tiny_disk / "out.toml")])
    assert result.code == 1
    assert result.err.splitlines() == [
        t("error.prefix")
        + t("file.write_failed", file=str(tiny_disk / "out.toml"), detail=t("os.ENOSPC"))
    ]
    assert sorted(p.name for p in tiny_disk.iterdir()) == before
