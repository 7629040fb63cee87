"""User text is data, never markup or terminal control (SPEC §8, issue 9 findings 2–3).

The hostile values are written straight into the database with sqlite3, as an older
version or another tool could have left them (input refuses control characters, so the
commands could not store them), then shown through every listing and file output: each
must show the text literally, and no ESC, BEL, CR or C1 byte from the data may reach the
output.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliRunner

MARKUP = ("[/]", "见[/附件]", "see [note 1]", "[link=http://x]x[/link]")
ESCAPES = {
    "clear screen": "\x1b[2J\x1b[H",
    "window title": "\x1b]0;pwned\x07",
    "clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "bell": "\x07",
    "carriage return": "\r",
    "C1 CSI": "\x9b2J",
}
# What must never come from the data: ESC, BEL, CR, the C1 controls (and DEL).
RAW_CONTROL = re.compile(r"[\x1b\x07\r\x7f-\x9f]")


def _hostile(kind: str) -> str:
    return f"前{ESCAPES[kind]}后"


@pytest.fixture
def hostile_db(cli_db: CliRunner, initialised_db: Path) -> Path:
    """A branch whose every kind of record holds markup and escape sequences."""
    assert cli_db("member add 张三 --stage full --year 2024").code == 0
    assert cli_db("member event 1 --kind talk --date 2024-03-01 --note 谈话").code == 0
    assert cli_db("item add 一 --year 2024 --due 2024-01-31").code == 0  # overdue
    assert cli_db("item add 二 --year 2024 --owner-text 王五").code == 0
    assert cli_db("item add 三 --year 2024 --due 2024-02-01 --owner 1").code == 0
    assert cli_db("item add 四 --year 2024").code == 0
    assert cli_db("item add 五 --year 2025").code == 0  # next year's plan, for `report`
    assert cli_db("task add 1 步骤").code == 0
    assert cli_db("item done 4 --evidence 证明 --year 2024").code == 0
    assert cli_db("checklist new --title 清单 --year 2024").code == 0
    assert cli_db("checklist entry-add 1 事项 --frequency monthly --owner 李四").code == 0
    # The history rows too: a rename whose before and after are then made hostile.
    assert cli_db("item set 2 --title 改名 --year 2024").code == 0
    titles = [*MARKUP, *(_hostile(kind) for kind in ESCAPES)]
    connection = sqlite3.connect(initialised_db)
    with connection:
        connection.execute("UPDATE branch SET name = ?", ("支部" + _hostile("window title"),))
        for item_id, title in zip((1, 2, 3, 4, 5), titles, strict=False):
            connection.execute("UPDATE plan_item SET title = ? WHERE id = ?", (title, item_id))
        connection.execute(
            "UPDATE plan_item SET detail = ?, evidence = ? WHERE id = 4",
            ("第一行\n" + _hostile("clipboard"), _hostile("clear screen") + "[/]"),
        )
        connection.execute(
            "UPDATE plan_item SET owner_text = ? WHERE id = 2", ("[bold]王五" + ESCAPES["bell"],)
        )
        connection.execute("UPDATE step SET title = ?", (_hostile("C1 CSI") + "[/]",))
        connection.execute(
            "UPDATE member SET name = ?, post = ?, notes = ?",
            ("张[/]三" + ESCAPES["C1 CSI"], _hostile("carriage return"), _hostile("bell")),
        )
        connection.execute("UPDATE member_event SET note = ?", (_hostile("clipboard"),))
        connection.execute("UPDATE checklist SET title = ?", ("清单[/]" + ESCAPES["clear screen"],))
        connection.execute(
            "UPDATE checklist_entry SET title = ?, owner = ?",
            (_hostile("window title") + "[link=x]", "[/]" + ESCAPES["carriage return"]),
        )
        changes = {"title": ["见[/附件]" + ESCAPES["clear screen"], "[/]" + ESCAPES["C1 CSI"]]}
        connection.execute(
            "UPDATE history SET before = ?, after = ? WHERE op = 'update' AND record = 'plan_item'",
            (
                json.dumps({"title": changes["title"][0]}),
                json.dumps({"title": changes["title"][1]}),
            ),
        )
    connection.close()
    return initialised_db


OUTPUTS = [
    "status --year 2024",
    "status --year 2024 --json",
    "item list --year 2024",
    "item list --year 2024 --json",
    "item show 1",
    "item show 2",
    "item show 4",
    "item show 4 --json",
    "member list",
    "member list --json",
    "member show 1",
    "member show 1 --json",
    "checklist list --year 2024",
    "checklist list --year 2024 --json",
    "history",
    "history --json",
    "export --format md --year 2024",
    "export --format md --all-years",
    "export --format toml --all-years",
    "report --year 2024",
]


@pytest.mark.parametrize("command", OUTPUTS)
def test_stored_markup_and_escapes_show_literally(
    cli_db: CliRunner, hostile_db: Path, command: str
) -> None:
    result = cli_db(command, BRANCHTUI_TODAY="2024-06-30")
    assert result.code == 0, result.err
    found = RAW_CONTROL.findall(result.out + result.err)
    assert not found, f"{command}: {found!r}"
    assert "MarkupError" not in result.err and "Traceback" not in result.err


def test_the_text_is_shown_not_swallowed(cli_db: CliRunner, hostile_db: Path) -> None:
    listing = cli_db("item list --year 2024", BRANCHTUI_TODAY="2024-06-30").out
    for title in ("[/]", "见[/附件]", "see [note 1]"):
        assert title in listing
    assert "[link=http://x]x[/link]" in cli_db("item show 4").out
    assert "[bold]王五" in listing
    shown = cli_db("item show 4", BRANCHTUI_TODAY="2024-06-30").out
    assert "前␛[2J␛[H后[/]" in shown  # evidence: ESC shown as ␛, brackets kept
    assert "第一行\n" in shown  # a multi-line field keeps its lines
    assert "步骤" not in shown or "[/]" in shown
    member = cli_db("member show 1").out
    assert "张[/]三" in member and "前␍后" in member
    checklists = cli_db("checklist list --year 2024", BRANCHTUI_TODAY="2024-06-30").out
    assert "清单[/]␛[2J" in checklists and "[link=x]" in checklists
    history = cli_db("history").out
    assert "[/]" in history and "见[/附件]␛[2J" in history
    status = cli_db("status --year 2024", BRANCHTUI_TODAY="2024-06-30").out
    assert "支部前␛]0;pwned␇后" in status


def test_json_keeps_the_data_but_escapes_the_controls(cli_db: CliRunner, hostile_db: Path) -> None:
    result = cli_db("member list --json")
    assert "\\u009b" in result.out
    assert json.loads(result.out)[0]["name"] == "张[/]三\x9b2J"


def test_history_keeps_working_after_a_markup_title(cli_db: CliRunner) -> None:
    assert cli_db("item add 学习 --year 2024").code == 0
    assert cli_db("item set 1 --title 见[/附件] --year 2024").code == 0
    assert cli_db("item set 1 --title 学习 --year 2024").code == 0  # fixed again
    result = cli_db("history")
    assert result.code == 0, result.err
    assert "见[/附件]" in result.out
    shown = cli_db("item show 1")
    assert shown.code == 0 and "见[/附件]" in shown.out


def test_long_listings_are_neutralised_too() -> None:
    """Over 200 rows a listing is plain lines (cli/lines.py): the same neutralising."""
    import contextlib
    import io

    from branchtui.cli.output import print_listing

    out = io.StringIO()
    rows = [[n, f"标题{n}\x1b[2J[/]"] for n in range(250)]
    with contextlib.redirect_stdout(out):
        print_listing(None, ["id", "title"], rows, title="x\x9b", justify=["right", "left"])
    assert not RAW_CONTROL.search(out.getvalue())
    assert "标题7␛[2J[/]" in out.getvalue()
