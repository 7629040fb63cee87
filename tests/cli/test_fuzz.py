"""Fuzzed command lines (issue 9): commands with hostile, malformed and extreme values —
markup, escape sequences, huge numbers, impossible dates, bytes that are not UTF-8,
abbreviated options. Whatever the words, the program answers with an exit code of SPEC §5
(0, 1, 2 or 3), never a traceback or a Python class name, and the database stays sound.

In-process runs of the real entry point on one database that the examples keep changing;
a fixed number of examples (BRANCHTUI_FUZZ_EXAMPLES to run more), derandomised so a run is
repeatable.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CliRunner
from tests.storage.helpers import query

EXAMPLES = int(os.environ.get("BRANCHTUI_FUZZ_EXAMPLES", "100"))
PYTHON_ERROR = re.compile(
    r"Traceback|\b[A-Z][a-zA-Z]*(Error|Exception|Warning)\b|\bErrno\b|sqlalche\.me"
)

# Each command: its positional values, and the options it takes.
COMMANDS: dict[str, tuple[int, list[str]]] = {
    "status": (0, ["--json", "--check"]),
    "item list": (0, ["--status", "--json"]),
    "item add": (1, ["--due", "--owner", "--owner-text", "--category", "--detail"]),
    "item show": (1, ["--json"]),
    "item set": (1, ["--title", "--due", "--owner", "--status", "--progress", "--number"]),
    "item done": (1, ["--evidence", "--close-steps"]),
    "item delete": (1, ["--yes"]),
    "task add": (2, ["--due"]),
    "task done": (1, ["--untick"]),
    "task move": (1, ["--to"]),
    "task set": (1, ["--title", "--due"]),
    "task delete": (1, ["--yes"]),
    "checklist new": (0, ["--template", "--title", "--starts-on"]),
    "checklist list": (0, ["--json"]),
    "checklist rename": (2, []),
    "checklist entry-add": (2, ["--frequency", "--due-month", "--owner", "--note"]),
    "checklist entry-set": (1, ["--title", "--frequency", "--due-month", "--owner"]),
    "checklist check": (1, ["--period", "--evidence", "--untick"]),
    "member list": (0, ["--stage", "--all", "--search", "--json", "--include-private"]),
    "member add": (1, ["--stage", "--birth", "--phone", "--id-number", "--admitted", "--notes"]),
    "member show": (1, ["--json", "--include-private"]),
    "member set": (1, ["--name", "--stage", "--birth", "--phone", "--id-number"]),
    "member event": (1, ["--kind", "--date", "--hours", "--note"]),
    "member promote": (1, ["--date"]),
    "member leave": (1, ["--date", "--note"]),
    "history": (0, ["--limit", "--json"]),
    "undo": (0, []),
    "export": (0, ["--format", "-o", "--all-years", "--include-private"]),
    "report": (0, ["-o"]),
    "import-plan": (1, ["--dry-run"]),
    "import": (1, ["--dry-run"]),
    "backup": (1, []),
    "config show": (0, []),
    "init": (0, ["--name", "--demo"]),
}
FLAGS = {
    "--json", "--check", "--close-steps", "--yes", "--untick", "--all", "--include-private",
    "--all-years", "--dry-run", "--demo", "--read-only", "--",
}  # fmt: skip
# Global options, abbreviations and others' options: now and then.
STRAY = ["--year", "--lang", "--read-only", "--config", "--d", "--con", "--ye", "--", "--db"]
HOSTILE = [
    "[/]", "见[/附件]", "see [note 1]", "[link=http://x]x[/link]", "\x1b[2J\x1b[H",
    "\x1b]0;title\x07", "\x1b]52;c;SGk=\x07", "\x07", "a\rb", "\x9b2J", "\x00", "\t",
    "", " ", "-", "--", "-1", "0", "1", "2", "3", "7", "01", "1.5", "1e999", "nan", "inf",
    str(2**63), str(2**63 - 1), "-" + str(2**63), "9" * 40, "２０２４", "²",
    "2024-02-30", "2024/6/30", "6.30", "2024年6月30日", "6月30日", "99999-01-01",
    "0000-00-00", "2024-13-01", "2024", "24", "1899", "3000", "2024Q5", "2024-M13", "2024H3",
    "todo", "done", "doing", "cancelled", "monthly", "once", "talk", "full", "probationary",
    "study", "ideology", "md", "toml", "zh", "en", "张三", "王 五",
    "张" * 600, "张" * 1000, "x" * 10_000,
    os.fsdecode(b"\xff\xfe"), os.fsdecode(b"\xb9\xa4\xd7\xf7.md"),
    "%s%n{0}", "'; DROP TABLE plan_item; --", "../../etc/passwd", "/", ".",
]  # fmt: skip

# Ordinary values too, half the time, so that examples get past the parser to the work.
ORDINARY = ["1", "2", "3", "学习", "张三", "2024-07-01", "2024-03", "todo", "monthly", "talk"]
words = st.one_of(st.sampled_from(ORDINARY), st.sampled_from(HOSTILE))


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], bool]:
    name = draw(st.sampled_from(sorted(COMMANDS)))
    positionals, options = COMMANDS[name]
    argv = name.split() + [draw(words) for _ in range(positionals)]
    choices = st.sampled_from(options) if options else st.sampled_from(STRAY)
    for _ in range(draw(st.integers(0, 3))):
        option = draw(st.one_of(choices, choices, choices, st.sampled_from(STRAY)))
        argv.append(option)
        if option not in FLAGS or draw(st.integers(0, 9)) == 0:
            argv.append(draw(words))
    return argv, draw(st.integers(0, 9)) > 0  # mostly on our database


@pytest.fixture
def fuzz_db(
    cli: CliRunner, initialised_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A branch with a little of everything; the examples run in a directory of their own
    (`backup 1` or `export -o x` write there)."""
    setup = [
        "member add 张三 --stage full",
        "member event 1 --kind talk --date 2024-03-01",
        "item add 学习 --year 2024 --due 2024-03-01 --owner 1",
        "item add 调研 --year 2024",
        "task add 1 步骤",
        "checklist new --template integrity --year 2024",
    ]
    for line in setup:
        assert cli([*line.split(), "--db", str(initialised_db)]).code == 0
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("BRANCHTUI_TODAY", "2024-07-15")
    return initialised_db


@pytest.mark.filterwarnings("ignore")
def test_fuzzed_command_lines(cli: CliRunner, fuzz_db: Path) -> None:
    seen: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(command_lines())
    def one(case: tuple[list[str], bool]) -> None:
        argv, on_our_database = case
        if on_our_database:
            argv = [*argv, "--db", str(fuzz_db)]
        result = cli(argv)
        seen.append(result.code)
        assert result.code in (0, 1, 2, 3), (argv, result)
        assert not PYTHON_ERROR.search(result.err), (argv, result.err)
        assert query(fuzz_db, "PRAGMA integrity_check") == [("ok",)]

    one()
    print(f"{len(seen)} command lines, exit codes {dict(Counter(seen))}")  # shown with -s
    assert len(seen) >= EXAMPLES
    # The examples reached the commands, not only the parser's refusals.
    assert seen.count(0) > EXAMPLES // 20, seen
    shutil.rmtree(Path.cwd(), ignore_errors=True)
