"""Starting the app: open the branch, read the year's summary, run the App.

The summary (the lean read `status` uses: plain sqlite3) is read before Textual is
imported and handed to the App, so the dashboard paints it in the first frame. Reading it
in a thread while Textual imports was tried: on two busy cores the threads only contend
for the interpreter, and the first frame came later, not sooner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from branchtui.config import Settings


def run_app(settings: Settings, *, year: int | None, read_only_flag: bool) -> int:
    """Open the configured branch and run the app until the user quits; the exit code."""
    from branchtui.domain.workspace import Workspace
    from branchtui.tui.overview import SHOWN

    ws = Workspace.open(settings, read_only_flag=read_only_flag)
    try:
        shown = year or ws.default_year
        summary = ws.summary(shown, limit=SHOWN)
        from branchtui.tui.app import BranchApp

        theme = str(settings.get("ui.theme"))
        app = BranchApp(ws, year=shown, theme=theme, summary=summary)
        app.run()
        return app.return_code or 0
    finally:
        ws.close()


__all__ = ["run_app"]
