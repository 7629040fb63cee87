"""The command line's edge (issue 9 findings 5 and 10): no abbreviated options, no empty
`--db`, numbers within SQLite's range and years within 1900–2999, arguments in UTF-8 —
each a usage error of one clear line (exit 2) that writes nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.storage.helpers import dump

# A Python class name in an error means a case nobody handled.
PYTHON_ERROR = re.compile(r"[A-Z][a-zA-Z]+(Error|Exception)\b|Traceback")
HUGE = str(2**63)


def default_database(home: Path) -> Path:
    return home / ".local" / "share" / "branchtui" / "branch.db"


@pytest.mark.parametrize(
    "argv",
    [
        ["--d", "{db}", "item", "add", "学习"],
        ["item", "add", "学习", "--d={db}"],
        ["--con", "{config}", "item", "add", "学习", "--db", "{db}"],
        ["item", "add", "学习", "--db", "{db}", "--read"],
        ["item", "add", "学习", "--det", "细节", "--db", "{db}"],
        ["item", "list", "--stat", "todo", "--db", "{db}"],
        ["member", "list", "--incl", "--db", "{db}"],
        ["history", "--lim", "5", "--db", "{db}"],
    ],
)
def test_abbreviated_options_are_usage_errors(
    cli: CliRunner, initialised_db: Path, isolated: Path, tmp_path: Path, argv: list[str]
) -> None:
    config = tmp_path / "other.toml"
    config.write_text('[database]\nurl = "/nonexistent/x.db"\n', encoding="utf-8")
    before = dump(initialised_db)
    words = [w.format(db=initialised_db, config=config) for w in argv]
    result = cli(words)
    assert result.code == 2, result
    assert result.out == "" and len(result.err.splitlines()) == 1
    assert dump(initialised_db) == before
    assert not default_database(isolated).exists()


def test_an_abbreviated_global_option_names_the_option_meant(cli: CliRunner) -> None:
    result = cli("--d /tmp/other.db item add X --lang en")
    assert result.code == 2
    assert "--d" in result.err and "--db" in result.err and "abbreviation" in result.err
    assert "--db" in cli("--d /tmp/other.db item add X").err


@pytest.mark.parametrize("option", ["--db", "--config"])
@pytest.mark.parametrize("form", ["separate", "equals"])
def test_an_empty_path_is_an_error_not_the_default(
    cli: CliRunner, isolated: Path, option: str, form: str
) -> None:
    argv = [f"{option}=", "init"] if form == "equals" else [option, "", "init"]
    result = cli(argv)
    assert result.code == 2 and option in result.err
    assert not default_database(isolated).exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "command",
    [
        f"item show {HUGE}",
        f"item set {HUGE} --title x",
        f"item set 1 --progress {HUGE}",
        f"item set 1 --number {HUGE}",
        f"item set 1 --number -{HUGE}0",
        f"item done {HUGE}",
        f"item delete {HUGE} --yes",
        f"task add {HUGE} 步骤",
        f"task move 1 --to {HUGE}",
        f"task done {HUGE}",
        f"member show {HUGE}",
        "member event 1 --kind talk --date 2024-01-01 --hours 1e999",
        "member event 1 --kind talk --date 2024-01-01 --hours nan",
        f"checklist entry-add {HUGE} 事项 --frequency monthly",
        f"checklist entry-add 1 事项 --frequency yearly --due-month {HUGE}",
        f"checklist check {HUGE}",
        f"history --limit {HUGE}",
        "history --limit 0",
        "item show 0",
        "item show -1",
        f"status --year {HUGE}",
        "status --year 24",
        "status --year 1899",
        "status --year 3000",
        "item list --year ²",
    ],
)
def test_numbers_out_of_range_are_one_clear_line(
    cli_db: CliRunner, initialised_db: Path, command: str, lang: str
) -> None:
    before = dump(initialised_db)
    result = cli_db(f"{command} --lang {lang}")
    assert result.code == 2, result
    assert len(result.err.splitlines()) == 1, result.err
    assert not PYTHON_ERROR.search(result.err), result.err
    assert dump(initialised_db) == before


def test_a_four_digit_year_in_range_is_taken(cli_db: CliRunner) -> None:
    assert cli_db("item add 学习 --year 2999").code == 0
    assert cli_db("item list --year 1900").code == 0


def test_text_that_is_not_utf8_is_refused_naming_the_argument(
    cli_db: CliRunner, initialised_db: Path
) -> None:
    before = dump(initialised_db)
    title = os.fsdecode(b"\xff\xfe")  # what Python makes of bytes that are not UTF-8
    for argv in (["item", "add", title], ["item", "add", "学习", "--detail", title]):
        result = cli_db([*argv, "--lang", "en"])
        assert result.code == 2, result
        assert "UTF-8" in result.err and "Unicode" not in result.err
        assert "\udcff" not in result.err
    assert dump(initialised_db) == before


def test_a_file_name_that_is_not_utf8_still_works(cli_db: CliRunner, tmp_path: Path) -> None:
    assert cli_db("item add 学习 --year 2024").code == 0
    target = tmp_path / os.fsdecode(b"\xb9\xa4\xd7\xf7.md")  # 工作 in GBK
    result = cli_db(["export", "--format", "md", "--year", "2024", "-o", str(target)])
    assert result.code == 0, result.err
    assert (tmp_path / os.fsdecode(b"\xb9\xa4\xd7\xf7.md")).is_file()
    result.out.encode("utf-8")  # what it printed can be written to any UTF-8 terminal


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "text",
    [
        "[branch]\nname = 'x'\nnested = " + "[" * 5000 + "]" * 5000 + "\n",  # RecursionError
        None,  # a name longer than the system allows
    ],
    ids=["nested", "long-name"],
)
def test_a_hostile_config_file_is_one_clear_line(
    cli_db: CliRunner, tmp_path: Path, text: str | None, lang: str
) -> None:
    config = tmp_path / ("张" * 100 + ".toml" if text is None else "deep.toml")
    if text is not None:
        config.write_text(text, encoding="utf-8")
    result = cli_db(["status", "--config", str(config), "--lang", lang])
    assert result.code == 1
    assert len(result.err.splitlines()) == 1 and not PYTHON_ERROR.search(result.err), result.err
