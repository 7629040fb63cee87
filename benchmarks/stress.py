"""Several users at once on one database: nothing lost, nothing crashes (issue 9's repeat).

Starts WORKERS processes, each a different BRANCHTUI_USER, each running COMMANDS commands
of the real command line against one shared database — adding items and steps, ticking
them, editing, adding members, ticking checklist cells, `status`, `history`, `undo` —
then checks what must hold: every command answered with an exit code of 0, 1 or 2 and no
traceback; every record a command reported created is there (or was taken back by its own
user's undo); `PRAGMA integrity_check` is ok.

    uv run python benchmarks/stress.py [--workers 8] [--commands 60]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BRANCHTUI = [sys.executable, "-m", "branchtui"]


def run(db: Path, user: str, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "BRANCHTUI_USER": user, "BRANCHTUI_TODAY": "2024-07-15"}
    done = subprocess.run(
        [*BRANCHTUI, *args, "--db", str(db), "--year", "2024"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def worker(db: Path, user: str, commands: int, seed: int) -> dict[str, object]:
    """One user's session: what it ran, what it created, what failed how."""
    rng = random.Random(seed)
    items: list[int] = []
    steps: list[int] = []
    created = {"item": 0, "step": 0, "member": 0}
    undone = 0
    codes: dict[int, int] = {}
    tracebacks = 0
    refusals: dict[str, int] = {}
    for n in range(commands):
        choice = rng.random()
        if choice < 0.2 or not items:
            args = ("item", "add", f"{user}的事项{n}")
        elif choice < 0.4:
            args = ("task", "add", str(rng.choice(items)), f"{user}的步骤{n}")
        elif choice < 0.5 and steps:
            args = ("task", "done", str(rng.choice(steps)))
        elif choice < 0.6:
            args = ("item", "set", str(rng.choice(items)), "--detail", f"{user}第{n}次改")
        elif choice < 0.68:
            args = ("member", "add", f"{user}{n}号", "--stage", "applicant")
        elif choice < 0.76:
            args = ("checklist", "check", str(rng.randint(1, 13)))
        elif choice < 0.88:
            args = ("status",)
        elif choice < 0.94:
            args = ("history", "--limit", "5")
        else:
            args = ("undo",)
        code, out, err = run(db, user, *args)
        codes[code] = codes.get(code, 0) + 1
        tracebacks += "Traceback" in err
        if code != 0:
            # The refusal's kind: the message with this run's numbers and names left out.
            kind = " ".join(args[:2]) + ": " + "".join(c for c in err if not c.isdigit())[:40]
            refusals[kind] = refusals.get(kind, 0) + 1
        if code == 0 and args[:2] == ("item", "add"):
            items.append(int(out.strip()))
            created["item"] += 1
        elif code == 0 and args[:2] == ("task", "add"):
            steps.append(int(out.split()[0]))
            created["step"] += 1
        elif code == 0 and args[:2] == ("member", "add"):
            created["member"] += 1
        elif code == 0 and args[0] == "undo":
            undone += 1
    return {
        "codes": codes,
        "tracebacks": tracebacks,
        "created": created,
        "undone": undone,
        "refusals": refusals,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--commands", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "branch.db"
        assert run(db, "setup", "init", "--name", "压力测试支部")[0] == 0
        assert run(db, "setup", "checklist", "new", "--template", "ideology")[0] == 0
        start = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            results = list(
                pool.map(
                    lambda n: worker(db, f"user{n}", args.commands, n),
                    range(args.workers),
                )
            )
        elapsed = time.perf_counter() - start
        connection = sqlite3.connect(db)
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        stored = {
            "item": connection.execute("SELECT count(*) FROM plan_item").fetchone()[0],
            "step": connection.execute("SELECT count(*) FROM step").fetchone()[0],
            "member": connection.execute("SELECT count(*) FROM member").fetchone()[0],
        }
        undo_deletes = connection.execute(
            "SELECT h.record, count(*) FROM history h JOIN change c ON c.id = h.change_id "
            "WHERE c.action = 'undo' AND h.op = 'delete' GROUP BY h.record"
        ).fetchall()
        connection.close()
    codes: dict[int, int] = {}
    for result in results:
        for code, count in result["codes"].items():  # type: ignore[attr-defined]
            codes[code] = codes.get(code, 0) + count
    created = {
        kind: sum(r["created"][kind] for r in results)  # type: ignore[index]
        for kind in ("item", "step", "member")
    }
    taken_back = dict.fromkeys(("item", "step", "member"), 0)
    for record, count in undo_deletes:
        key = {"plan_item": "item", "step": "step", "member": "member"}.get(record)
        if key:
            taken_back[key] += count
    commands = sum(codes.values())
    tracebacks = sum(int(r["tracebacks"]) for r in results)  # type: ignore[call-overload]
    print(f"{args.workers} users × {args.commands} commands = {commands} in {elapsed:.0f} s")
    print(f"exit codes: {dict(sorted(codes.items()))}; tracebacks: {tracebacks}")
    lost = {k: created[k] - taken_back[k] - stored[k] for k in created}
    print(f"created {created}, taken back by undo {taken_back}, stored {stored}")
    print(f"lost: {lost}; integrity_check: {integrity}")
    refusals: dict[str, int] = {}
    for result in results:
        for kind, count in result["refusals"].items():  # type: ignore[attr-defined]
            refusals[kind] = refusals.get(kind, 0) + count
    for kind, count in sorted(refusals.items(), key=lambda pair: -pair[1]):
        print(f"  refused {count}× {kind.strip()}")
    ok = integrity == "ok" and tracebacks == 0 and not any(lost.values())
    ok = ok and set(codes) <= {0, 1, 2}
    print("OK" if ok else "PROBLEMS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
