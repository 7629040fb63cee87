"""An export, report or register written to the branch's own database (a slip of the
keyboard, or another name for the same file) is refused with one line, and the database
is left as it was."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.test_cli_setup import one_error_line

REFUSED = {
    "zh": "是支部的数据库，导出不会覆盖它（请换一个文件名）",
    "en": "is the branch's database and an export never replaces it (choose another file name)",
}


def intact(path: Path) -> bool:
    """Still an SQLite database, whole (what a refused write must leave)."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "command", ["export --format toml", "export --format md", "report", "export --all-years"]
)
def test_writing_over_the_database_is_refused(
    cli_db: CliRunner, initialised_db: Path, command: str, lang: str
) -> None:
    assert cli_db("item add 学习文件 --category 理论学习 --year 2024").code == 0
    result = cli_db(f"{command} --year 2024 -o {initialised_db} --lang {lang}")
    assert result.code == 1
    line = one_error_line(result.err, lang)
    assert f"{initialised_db} {REFUSED[lang]}" in line
    assert intact(initialised_db)
    assert "学习文件" in cli_db("item list --year 2024").out


def test_another_name_for_the_database_counts_too(cli_db: CliRunner, initialised_db: Path) -> None:
    register = initialised_db.parent / "register.csv"
    os.link(initialised_db, register)  # the same file under a name `member export` takes
    result = cli_db(f"member export -o {register}")
    assert result.code == 1
    assert REFUSED["zh"] in one_error_line(result.err, "zh")
    assert intact(initialised_db)


def test_a_file_beside_it_is_written_as_usual(cli_db: CliRunner, initialised_db: Path) -> None:
    target = initialised_db.parent / "branch.toml"
    assert cli_db(f"export -o {target}").code == 0
    assert target.read_text(encoding="utf-8").startswith('format = "branchtui"')
