"""The app's figures of SPEC §9, measured the way a user meets them.

- First frame with data: the installed `branchtui` started in a pseudo-terminal (80×24,
  256 colours), timed from the spawn until the dashboard's `已完成` reaches the terminal;
  next to a bare Textual app (one Static saying `已完成`) started the same way by the same
  Python. Median of several runs each.
- Peak RSS: ru_maxrss of the app's process after the dashboard, the ORM preload, and the
  plan screen with its 10,000 rows.
- A filter keystroke and page-down at 10,000 rows: in-process, headless (`run_test`), from
  the key press to the end of the last `render_line` of the plan table that follows it
  (the refreshed render), median of many.
- The members screen at 1,000 members, the same way: switching to it with `4` (the first
  time, when the screen is built and its rows read; then again from the dashboard) until
  the first frame with its rows reaches the terminal (and, the first time, the last frame
  that follows), and a filter keystroke (pinyin, initials, Chinese).
- The checklist screen at 20 checklists: switching to it and a tick (benchmarks/app_grids.py).

Called by benchmarks/run.py; run alone: `python -m benchmarks.app EXE PYTHON DB` (from the root).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

MARKER = "已完成".encode()
PLAN_MARKER = "共 10000 项".encode()
BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("已完成")

Bare().run()
"""
TARGET_FIRST_FRAME_MS = 800
TARGET_RATIO = 1.5
TARGET_FILTER_MS = 50
TARGET_PAGE_MS = 30
TARGET_SWITCH_MS = 100
TARGET_RSS_MB = 120


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    """`argv` on a new 80×24 pseudo-terminal; (pid, the terminal's master end)."""
    pid, master = pty.fork()
    if pid == 0:  # the child: its terminal is the pty
        os.execve(argv[0], argv, env)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    return pid, master


def _read_until(master: int, marker: bytes, timeout: float = 30.0) -> bytes:
    """What the terminal shows until `marker` appears (escape sequences included)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{marker!r} not shown in {timeout} s")
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                raise RuntimeError(seen.decode(errors="replace")[-2000:]) from None
    return seen


def _stop(pid: int, master: int) -> int:
    """End the process; its peak RSS in KB."""
    os.kill(pid, signal.SIGTERM)
    while True:  # drain the terminal so the child is never blocked writing
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            break
        try:
            if not os.read(master, 65536):
                break
        except OSError:
            break
    _pid, _status, usage = os.wait4(pid, 0)
    os.close(master)
    return int(usage.ru_maxrss)


def first_frames(
    argvs: dict[str, list[str]], env: dict[str, str], runs: int
) -> dict[str, tuple[float, float]]:
    """Median and minimum ms from spawn to `已完成` on the terminal, for each command.

    The commands take turns, run by run (after one warm-up each), so a machine whose load
    changes during the measurement slows them alike."""
    samples: dict[str, list[float]] = {name: [] for name in argvs}
    for index in range(runs + 1):
        for name, argv in argvs.items():
            start = time.perf_counter()
            pid, master = _spawn(argv, env)
            _read_until(master, MARKER)
            elapsed = (time.perf_counter() - start) * 1000
            _stop(pid, master)
            if index:
                samples[name].append(elapsed)
    return {name: (statistics.median(s), min(s)) for name, s in samples.items()}


def peak_rss_mb(argv: list[str], env: dict[str, str]) -> float:
    """The app's peak RSS after the dashboard, the preload and the plan screen."""
    pid, master = _spawn(argv, env)
    _read_until(master, MARKER)
    time.sleep(2.0)  # the worker importing the ORM
    os.write(master, b"2")
    _read_until(master, PLAN_MARKER)
    time.sleep(0.5)
    return _stop(pid, master) / 1024


# In the benchmark's own environment (textual is installed there, pytest need not be).
# Timestamps of every render_line of WIDGET (`rendered`) and of every frame handed to the
# terminal (`painted`: a screen brought back unchanged is composited from cached lines, with
# no render_line), patched into an in-process app by the scripts below.
TIMING_HOOKS = r"""
rendered = []
original = WIDGET.render_line
def render_line(self, y):
    strip = original(self, y)
    rendered.append(time.perf_counter())
    return strip
WIDGET.render_line = render_line
painted = []
display = BranchApp._display
def _display(self, screen, renderable):
    if renderable is not None:
        painted.append(time.perf_counter())
    return display(self, screen, renderable)
BranchApp._display = _display
"""

KEYS = r"""
import asyncio, json, statistics, sys, time
from branchtui import i18n
i18n.set_language("zh")
from branchtui.config import load_settings
from branchtui.domain.workspace import Workspace
from branchtui.tui.app import BranchApp
from branchtui.tui.widgets.member_table import MemberTable
from branchtui.tui.widgets.plan_table import PlanTable
from branchtui.tui.widgets.row_table import RowTable

TIMING_HOOKS

async def timed(pilot, key):
    rendered.clear()
    start = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    if not rendered:
        raise SystemExit(f"no render after {key!r}")
    return (max(rendered) - start) * 1000

async def switched(pilot, app, key):
    # From `key` to the first frame handed to the terminal with the table's rows drawn in
    # it (what the user sees as the switch), and to the last frame that follows (the
    # table restyled as focused, the key bar): (shown, settled) in ms.
    rendered.clear()
    painted.clear()
    start = time.perf_counter()
    await pilot.press(key)
    await app.workers.wait_for_complete()
    await pilot.pause(0.3)
    drawn = min(rendered, default=start)
    shown = [moment for moment in painted if moment >= drawn]
    if not shown:
        raise SystemExit(f"no paint after {key!r}")
    return (shown[0] - start) * 1000, (max(rendered + painted) - start) * 1000

async def main():
    ws = Workspace.open(load_settings(flags={"database.url": sys.argv[1]}))
    app = BranchApp(ws, year=2024)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        assert len(table.model.shown) == 10000, len(table.model.shown)
        pages = [await timed(pilot, "pagedown") for _ in range(40)]
        await pilot.press("home")
        await pilot.press("slash")
        back = ["backspace"] * 2
        keys = [*"学习教育", *back, *back, *"zs", *back, *"第1", *back]
        filters = [await timed(pilot, key) for key in keys]
        await pilot.press("escape", "1")
        await app.workers.wait_for_complete()  # the dashboard catching up is not the switch
        await pilot.pause(0.3)
        first, settled = await switched(pilot, app, "4")
        members = app.screen.query_one(MemberTable)
        assert len(members.model.shown) > 900, len(members.model.shown)
        switches = []
        for _ in range(10):
            await pilot.press("1")
            await pilot.pause()
            switches.append((await switched(pilot, app, "4"))[0])
        await pilot.press("slash")
        back = ["backspace"] * 5
        keys = [*"zs", "backspace", "backspace", *"zhang", *back, "张", "backspace", *"wl"]
        member_filters = [await timed(pilot, key) for key in keys]
    print(json.dumps({"page": pages, "filter": filters,
                      "members_first": [first], "members_settled": [settled],
                      "members_switch": switches, "members_filter": member_filters}))

asyncio.run(main())
""".replace("TIMING_HOOKS", TIMING_HOOKS.replace("WIDGET", "RowTable"))


def key_timings(python: str, db: Path, env: dict[str, str]) -> dict[str, list[float]]:
    """Page-down and filter keystroke timings (ms) over the data set, in-process."""
    result = subprocess.run(
        [python, "-c", KEYS, str(db)], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def app_figures(exe: Path, python: str, db: Path, env: dict[str, str], runs: int) -> None:
    """Print the app's figures with their targets."""
    terminal = env | {"TERM": "xterm-256color", "COLORTERM": "", "LANG": "C.UTF-8"}
    terminal.pop("COLORTERM")
    app_argv = [str(exe), "--year", "2024"]
    bare_argv = [python, "-c", BARE_APP]
    frames = first_frames({"app": app_argv, "bare": bare_argv}, terminal, runs)
    (app_ms, app_min), (bare_ms, bare_min) = frames["app"], frames["bare"]
    ratio = app_ms / bare_ms
    ok = app_ms <= TARGET_FIRST_FRAME_MS and ratio <= TARGET_RATIO
    print(f"{'app: bare Textual app (one Static)':<34}{bare_ms:>10.0f}{bare_min:>9.0f}")
    print(
        f"{'app: first frame with data':<34}{app_ms:>10.0f}{app_min:>9.0f}  "
        f"≤ {TARGET_FIRST_FRAME_MS} and ≤ {TARGET_RATIO}× bare: {ratio:.2f}× "
        f"{'ok' if ok else 'OVER'}"
    )
    keys = key_timings(python, db, env)
    for name, label, target in (
        ("filter", "app: filter keystroke (10,000)", TARGET_FILTER_MS),
        ("page", "app: page-down (10,000 rows)", TARGET_PAGE_MS),
        ("members_first", "app: 4 members, first (1,000)", TARGET_SWITCH_MS),
        ("members_switch", "app: 4 members, again (1,000)", TARGET_SWITCH_MS),
        ("members_filter", "app: member filter key (1,000)", TARGET_FILTER_MS),
    ):
        median, fastest = statistics.median(keys[name]), min(keys[name])
        verdict = "ok" if median <= target else "OVER"
        print(f"{label:<34}{median:>10.1f}{fastest:>9.1f}  ≤ {target} {verdict}")
        if name == "members_first":
            settled = keys["members_settled"][0]
            print(f"{'  … until its last frame':<34}{settled:>10.1f}{settled:>9.1f}")
    from benchmarks.app_grids import grid_figures

    grid_figures(python, db, env)
    rss = peak_rss_mb(app_argv, terminal)
    verdict = "ok" if rss <= TARGET_RSS_MB else "OVER"
    print(f"{'app: peak RSS (MB)':<34}{rss:>10.0f}{'':>9}  ≤ {TARGET_RSS_MB} {verdict}")


if __name__ == "__main__":
    exe, python, db = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHTUI_")}
    base |= {"BRANCHTUI_DB": str(db), "BRANCHTUI_TODAY": "2024-07-01"}
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    app_figures(exe, python, db, base, runs=int(os.environ.get("RUNS", "7")))
