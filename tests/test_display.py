"""How values are shown: times in the branch's zone, widths as Textual counts them, control
characters made visible."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from rich.cells import cell_len

from branchtui import display


@pytest.mark.parametrize(
    "text",
    ["abc", "党支部", "“三会一课”", "学习·教育…", "全角　空格", "e\u0301", "ＡＢＣ", "—", ""],
)
def test_cell_width_agrees_with_rich(text: str) -> None:
    assert display.cell_width(text) == cell_len(text)


def test_fit_cuts_on_cells_and_pads_to_exact_width() -> None:
    assert display.fit("党支部工作", 7) == "党支部…"
    assert display.cell_width(display.pad("“三会一课”要求", 9)) == 9
    assert display.pad("ab", 4) == "ab  "


def test_safe_makes_every_control_character_visible() -> None:
    hostile = "a\x1b[2Jb\x07c\rd\x9be\x7f\n\tf"
    shown = display.safe(hostile)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert shown.startswith("a␛[2Jb␇c␍d")
    kept = display.safe(hostile, keep_layout=True)
    assert "\n\t" in kept and "\x1b" not in kept


def test_local_time_follows_the_branch_zone_not_the_server_clock() -> None:
    """The same instant reads the same under TZ=UTC and TZ=America/New_York."""
    code = (
        "from datetime import datetime, UTC; from branchtui import display;"
        "display.set_timezone('Asia/Shanghai');"
        "print(display.local_time(datetime(2024, 6, 30, 8, 43, tzinfo=UTC)))"
    )
    for zone in ("UTC", "America/New_York"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "TZ": zone},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert out == "2024-06-30 16:43"


def test_local_time_with_an_unknown_zone_still_shows_the_time() -> None:
    display.set_timezone("Nowhere/Atlantis")
    try:
        assert display.local_time(datetime(2024, 1, 1, tzinfo=UTC)).startswith("2024-01-01")
    finally:
        display.set_timezone("Asia/Shanghai")
