"""The checklist screen's figures (issue 12), measured in-process and headless like the
plan's keys (benchmarks/app.py), on a copy of SPEC §9's data set with one more checklist
of 13 monthly entries:

- switching to screen 3 with its 20 checklists: the first switch (the screen built, its
  checklists read), from the key press to the first frame with the grid drawn in it handed
  to the terminal, in fresh apps; and switching back to it later (`1` then `3`), from the
  key press to the first frame of the screen handed to the terminal;
- a tick: from `space` to the last `render_line` of the 13-entry monthly grid showing the
  cell ticked (the write included), and the redraw alone — from the write's answer
  reaching the screen to the end of that render — against one frame at 60 Hz.

Called by benchmarks/app.py; run alone: `python -m benchmarks.app_grids PYTHON DB` (from the root).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.app import TIMING_HOOKS

TARGET_SWITCH_MS = 100
FRAME_MS = 1000 / 60

GRIDS = r"""
import asyncio, json, shutil, sys, tempfile, time
from datetime import date
from pathlib import Path
from branchtui import i18n
i18n.set_language("zh")
from branchtui.config import load_settings
from branchtui.domain.workspace import Workspace
from branchtui.tui.app import BranchApp
from branchtui.tui.screens.checklists import ChecklistScreen
from branchtui.tui.widgets.checklist_grid import ChecklistGrid

TIMING_HOOKS
answered = []
original_written = ChecklistScreen.on_cell_written
def on_cell_written(self, message):
    answered.append(time.perf_counter())
    original_written(self, message)
ChecklistScreen.on_cell_written = on_cell_written

work = Path(tempfile.mkdtemp(prefix="branchtui-grids-"))
db = work / "grids.db"
shutil.copyfile(sys.argv[1], db)
settings = load_settings(flags={"database.url": str(db)})
ws = Workspace.open(settings)
monthly = ws.new_checklist(2024, title="每月事项清单", starts_on=date(2024, 1, 1))
for index in range(13):
    ws.add_entry(monthly, f"每月事项 {index + 1}", "monthly", owner="书记")
ws.close()

async def drawn(pilot, key, ready):
    "ms from pressing `key` to the last grid render once `ready()` holds."
    rendered.clear()
    start = time.perf_counter()
    await pilot.press(key)
    for _ in range(5000):
        if ready() and rendered and rendered[-1] > start:
            break
        await pilot.pause(0.001)
    await pilot.pause()
    return (max(rendered) - start) * 1000

async def shown(pilot, key, app):
    # ms from pressing `key` to the first frame of the checklist screen (its grid's
    # lines already cut: the compositor reuses them) handed to the terminal
    painted.clear()
    start = time.perf_counter()
    await pilot.press(key)
    while not isinstance(app.screen, ChecklistScreen):
        await pilot.pause(0.001)
    await pilot.pause()
    if not painted:
        raise SystemExit(f"no paint after {key!r}")
    return (min(painted) - start) * 1000

def grid(app):
    screen = app.screen
    return screen.query_one(ChecklistGrid) if isinstance(screen, ChecklistScreen) else None

async def main():
    first, again, ticks, redraws = [], [], [], []
    for run in range(6):
        ws = Workspace.open(settings)
        app = BranchApp(ws, year=2024)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.6)  # the ORM's preload, as a user's app has done by then
            await app.workers.wait_for_complete()
            loaded = lambda: (
                grid(app) is not None and grid(app).loaded and len(app.screen.views) == 21
            )
            painted.clear()
            start = time.perf_counter()
            await drawn(pilot, "3", loaded)
            # the first frame with the grid drawn in it, handed to the terminal
            frames = [moment for moment in painted if moment >= min(rendered)]
            if run and frames:
                first.append((frames[0] - start) * 1000)
            for _ in range(5):
                await pilot.press("1")
                await pilot.pause(0.05)
                again.append(await shown(pilot, "3", app))
            if run == 0:
                await pilot.press("shift+tab")  # the last checklist: 13 monthly entries
                await pilot.pause(0.05)
                model = grid(app).model
                assert len(model.entries) == 13 and model.entries[0].frequency == "monthly"
                for index in range(40):
                    want = index % 2 == 0
                    answered.clear()
                    ms = await drawn(pilot, "space", lambda: model.cell.done == want and answered)
                    ticks.append(ms)
                    redraws.append((max(rendered) - answered[-1]) * 1000)
        ws.close()
    print(json.dumps({"first": first, "again": again, "tick": ticks, "redraw": redraws}))

asyncio.run(main())
""".replace("TIMING_HOOKS", TIMING_HOOKS.replace("WIDGET", "ChecklistGrid"))


def grid_timings(python: str, db: Path, env: dict[str, str]) -> dict[str, list[float]]:
    """Switching to screen 3 and ticking a cell (ms), in-process."""
    result = subprocess.run(
        [python, "-c", GRIDS, str(db)], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def grid_figures(python: str, db: Path, env: dict[str, str]) -> None:
    """Print the checklist screen's figures with their targets."""
    timings = grid_timings(python, db, env)
    for name, label, target in (
        ("first", "app: switch to 3 (20 lists), first", TARGET_SWITCH_MS),
        ("again", "app: switch to 3 again", TARGET_SWITCH_MS),
        ("tick", "app: tick, key to redrawn (13×12)", None),
        ("redraw", "app: tick, answer to redrawn", FRAME_MS),
    ):
        median, fastest = statistics.median(timings[name]), min(timings[name])
        if target is None:
            print(f"{label:<34}{median:>10.1f}{fastest:>9.1f}  (the write included)")
            continue
        verdict = "ok" if median <= target else "OVER"
        print(f"{label:<34}{median:>10.1f}{fastest:>9.1f}  ≤ {target:.0f} {verdict}")


if __name__ == "__main__":
    python, db = sys.argv[1], Path(sys.argv[2])
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHTUI_")}
    base |= {"BRANCHTUI_DB": str(db), "BRANCHTUI_TODAY": "2024-07-01"}
    grid_figures(python, db, base)
