"""Whole-process timings of what users feel every day (SPEC §9).

Installs the project as a user gets it — not editable, bytecode compiled — into its own
environment (benchmarks/.venv), builds SPEC §9's data set (10,000 plan items with 30,000
steps, 1,000 members, 20 checklists), prints its counts, then the median wall time of
several runs of each command, next to the floor (python + sqlite3 + rich alone). The TOML
export and import are also timed against the libraries they are built on, in the same run:
tomli-w's `dumps` and tomllib's `load` of the same document alone (SPEC §9: the export
command ≤ 1.5× the one, the import command ≤ 4× the other).
Then the app's figures (benchmarks/app.py): first frame, keys at 10,000 rows, peak RSS.

    uv run python benchmarks/run.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "benchmarks" / ".venv"
TARGETS_MS = {"status": 100}
EXPORT_RATIO = 1.5  # the whole export command against tomli-w's dumps of its document
IMPORT_RATIO = 4.0  # the whole import command against tomllib's load of the same file
# The library baselines: parse the export with tomllib and write it back with tomli-w (as
# the export calls it), each timed inside the process (wall and CPU ms).
LIBRARIES = """
import sys, time, tomllib, tomli_w
wall, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as stream:
    document = tomllib.load(stream)
load = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
wall, cpu = time.perf_counter(), time.process_time()
tomli_w.dumps(document, multiline_strings=True)
dumps = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
print(*load, *dumps)
"""


def install() -> Path:
    """`uv sync --no-editable` into benchmarks/.venv; returns its `branchtui` executable."""
    env = dict(os.environ, UV_PROJECT_ENVIRONMENT=str(VENV), UV_COMPILE_BYTECODE="1")
    subprocess.run(
        ["uv", "sync", "--no-editable", "--no-dev", "--quiet", "--reinstall-package", "branchtui"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return VENV / "bin" / "branchtui"


def timed(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median and minimum wall time in ms of `runs` runs (one warm-up run first)."""
    samples = []
    for index in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
        elapsed = (time.perf_counter() - start) * 1000
        if index:
            samples.append(elapsed)
    return statistics.median(samples), min(samples)


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "plan_item",
                "step",
                "member",
                "checklist",
                "checklist_entry",
                "meeting",
                "meeting_attendance",
            )
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of export and import")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from benchmarks.dataset import build_dataset

    exe = install()
    python = str(VENV / "bin" / "python")
    work = Path(tempfile.mkdtemp(prefix="branchtui-bench-"))
    db = work / "bench.db"
    started = time.perf_counter()
    subprocess.run([str(exe), "init", "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
    build_dataset(db)
    print(f"data set built in {time.perf_counter() - started:.1f} s: {counts(db)}")

    env = {k: v for k, v in os.environ.items() if not k.startswith("BRANCHTUI_")} | {
        "HOME": str(work),
        "BRANCHTUI_DB": str(db),
        "BRANCHTUI_TODAY": "2024-07-01",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    year = ["--year", "2024"]
    export = work / "export.toml"
    commands: dict[str, list[str]] = {
        "floor: python + sqlite3 + rich": [
            python,
            "-c",
            "import sqlite3, rich.console, rich.table; rich.console.Console()",
        ],
        "status": [str(exe), "status", *year],
        "status --json": [str(exe), "status", "--json", *year],
        "item list --json": [str(exe), "item", "list", "--json", *year],
        "member list": [str(exe), "member", "list"],
    }
    print(f"{'command':<34}{'median ms':>10}{'min ms':>9}  target")
    floor = 0.0
    for name, argv in commands.items():
        median, fastest = timed(argv, env, args.runs)
        floor = floor or median
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else f"≤ {target} {'ok' if median <= target else 'OVER'}"
        if name == "status":
            # SPEC §9: ≤ 100 ms is ≈ 1.85× its floor of ~55 ms; machines differ, so the
            # ratio to this machine's floor is printed too.
            verdict += f"; {median / floor:.2f}× the floor (spec: ≈ 1.85×)"
        print(f"{name:<34}{median:>10.0f}{fastest:>9.0f}  {verdict}")

    # export and import (the slow ones: fewer runs), each against its library alone. The
    # three runs take turns, so each ratio compares runs made under the same load (other
    # processes share this machine); CPU time (user + sys) is shown beside the wall time.
    export_argv = [str(exe), "export", "--format", "toml", "-o", str(export), *year]
    run_child(export_argv, env)  # warm-up, and the file the others read
    samples: dict[str, list[tuple[float, float]]] = defaultdict(list)
    refused = ""  # why the import refused the file, if it did
    for run in range(args.slow_runs):
        samples["export"].append(run_child(export_argv, env))
        target_db = work / f"import-{run}.db"
        run_child([str(exe), "init", "--db", str(target_db)], env)
        try:
            timing = run_child([str(exe), "import", str(export), "--db", str(target_db)], env)
        except Failed as failed:
            refused = failed.stderr.strip().splitlines()[0]
        else:
            samples["import"].append(timing)
        library_run = subprocess.run(
            [python, "-c", LIBRARIES, str(export)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        load_wall, load_cpu, dumps_wall, dumps_cpu = (float(x) for x in library_run.stdout.split())
        samples["load"].append((load_wall, load_cpu))
        samples["dumps"].append((dumps_wall, dumps_cpu))
    size = export.stat().st_size / 1_000_000
    print(f"{'command':<34}{'median ms':>10}{'cpu ms':>9}  target ({args.slow_runs} runs each)")
    medians = {name: _medians(values) for name, values in samples.items()}
    for name, label, base, limit in (
        ("export", "export (toml)", "dumps", EXPORT_RATIO),
        ("import", "import (toml), empty db", "load", IMPORT_RATIO),
    ):
        library_name = "tomli_w.dumps alone" if base == "dumps" else "tomllib.load alone"
        note = f"  ({size:.1f} MB file)" if base == "load" else ""
        print(f"{'  ' + library_name:<34}{medians[base][0]:>10.0f}{medians[base][1]:>9.0f}{note}")
        if name not in medians:
            print(f"{label:<34}  REFUSED the file: {refused}")
            continue
        wall = medians[name][0] / medians[base][0]
        cpu = medians[name][1] / medians[base][1]
        verdict = f"{wall:.2f}× (cpu {cpu:.2f}×) {library_name.split()[0]}"
        verdict += f" (≤ {limit}× {_ok(wall <= limit)})"
        print(f"{label:<34}{medians[name][0]:>10.0f}{medians[name][1]:>9.0f}  {verdict}")

    # undo of the last import (one change of 43,000 records)
    if refused:
        return 1
    undo_wall, undo_cpu = run_child([str(exe), "undo", "--db", str(target_db)], env)
    print(f"{'undo of that import':<34}{undo_wall:>10.0f}{undo_cpu:>9.0f}")

    # the app: first frame in a pseudo-terminal against a bare Textual app, keys, RSS
    from benchmarks.app import app_figures

    app_figures(exe, python, db, env, args.runs)
    return 0


class Failed(Exception):
    """A command exited with an error; `stderr` says why."""

    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


def run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command; its wall time and CPU time (user + sys), in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False
    )
    wall = (time.perf_counter() - start) * 1000
    if done.returncode:
        raise Failed(done.stderr or f"exit code {done.returncode}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return wall, cpu


def _medians(values: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)


def _ok(within: bool) -> str:
    return "ok" if within else "OVER"


if __name__ == "__main__":
    raise SystemExit(main())
