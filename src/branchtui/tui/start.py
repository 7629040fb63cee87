"""Starting the app: open the branch, read the year's summary, run the App.

The summary (the lean read `status` uses: plain sqlite3) is ready before the App is built
and handed to it, so the dashboard paints it in the first frame. Where the machine has a
second core, a forked child reads it while this process imports Textual (~0.2 s of
start-up), and sends it back pickled: the first frame no longer waits for the ~60 ms the
summary takes at SPEC §9's size. Reading it in a thread was tried and came later, not
sooner: the threads only contend for the interpreter. A child that fails for any reason
sends nothing, and the summary is read here instead, raising what went wrong.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from branchtui.config import Settings
    from branchtui.domain.summary import Summary
    from branchtui.domain.workspace import Workspace


def run_app(settings: Settings, *, year: int | None, read_only_flag: bool) -> int:
    """Open the configured branch and run the app until the user quits; the exit code."""
    from branchtui.domain.workspace import Workspace
    from branchtui.tui.overview import SHOWN

    ws = Workspace.open(settings, read_only_flag=read_only_flag)
    try:
        shown = year or ws.default_year
        summary = summary_beside(ws, shown, SHOWN)
        from branchtui.tui.app import BranchApp

        theme = str(settings.get("ui.theme"))
        app = BranchApp(ws, year=shown, theme=theme, summary=summary())
        app.run()
        return app.return_code or 0
    finally:
        ws.close()


def summary_beside(ws: Workspace, year: int, limit: int) -> Callable[[], Summary]:
    """Start reading `year`'s summary (at most `limit` lines a list) in a forked child;
    a function that waits for it. In this process where there is no second core to run
    the child on, or no fork."""
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else ()
    if not hasattr(os, "fork") or len(cores) < 2:
        return lambda: ws.summary(year, limit=limit)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own connection (SQLite's are not to cross a fork)
        code = 1
        try:
            import pickle

            from branchtui.domain.summary import load_summary

            os.close(read_end)
            summary = load_summary(ws.path, year, ws.today, ws.rules, limit=limit)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(summary, pickle.HIGHEST_PROTOCOL))
            code = 0
        finally:  # never back into the caller's code, never its exit handlers
            os._exit(code)
    os.close(write_end)

    def received() -> Summary:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if data:
            import pickle

            try:
                return pickle.loads(data)  # type: ignore[no-any-return]
            except Exception:  # cut short (the child killed mid-write): read it here
                pass
        return ws.summary(year, limit=limit)

    return received


__all__ = ["run_app", "summary_beside"]
