"""The plain line printer `status` uses: cut at the terminal's edge, CJK counted as two."""

from __future__ import annotations

import io
import os

import pytest

from branchtui.cli.lines import LinePrinter, cell_width


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1


def printer(width: int | None, terminal: bool = True) -> tuple[LinePrinter, io.StringIO]:
    stream = Terminal() if terminal else io.StringIO()
    result = LinePrinter(stream)
    result.width = width
    return result, stream


def test_cell_width_counts_cjk_and_full_width_as_two() -> None:
    assert cell_width("abc") == 3
    assert cell_width("党支部") == 6
    assert cell_width("“三会一课”") == 2 + 8 + 2 - 2  # curly quotes are ambiguous: one cell
    assert cell_width("ＡＢ") == 4


def test_long_lines_are_cut_with_an_ellipsis_within_the_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    lines, stream = printer(20)
    lines.write([[("  ✗ 06-30 ", ""), ("把学习文件为主的方式与交流研讨", "")], [("short", "")]])
    first, second = stream.getvalue().splitlines()
    assert first.endswith("…") and cell_width(first) <= 20
    assert first.startswith("  ✗ 06-30 把学习")
    assert second == "short"


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    lines, stream = printer(None)
    lines.write([[("逾期", "bold red")]])
    assert stream.getvalue() == "\x1b[1;31m逾期\x1b[0m\n"
    piped, out = printer(None, terminal=False)
    piped.write([[("逾期", "bold red")]])
    assert out.getvalue() == "逾期\n"
    monkeypatch.setenv("NO_COLOR", "1")
    plain, out = printer(None)
    plain.write([[("逾期", "red")]])
    assert out.getvalue() == "逾期\n"


def test_a_long_listing_is_plain_lines_that_fit_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from branchtui.cli import output

    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    monkeypatch.setattr("sys.stdout", stream)
    monkeypatch.setattr("os.get_terminal_size", lambda fd: os.terminal_size((40, 24)))
    rows = [[n, f"事项{n}" + "很长的标题" * 5, "张伟"] for n in range(1, output.LONG_LISTING + 2)]
    output.print_listing(
        None, ["ID", "工作事项", "责任人"], rows, title="计划", justify=["right", "left", "left"]
    )
    lines = stream.getvalue().splitlines()
    assert lines[0] == "计划" and lines[1].split() == ["ID", "工作事项", "责任人"]
    assert len(lines) == 3 + len(rows)
    assert all(cell_width(line) <= 40 for line in lines)
    assert lines[3].startswith("  1  事项1很长") and "…" in lines[3] and lines[3].endswith("张伟")
