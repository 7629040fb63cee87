"""The `branchtui` entry point: run a command, or open the app when asked to.

Kept apart from `cli` so that the command line never builds the App (the import contract
says so): the CLI only returns an `OpenApp` request, and this module acts on it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run `branchtui` with `argv` (default: the process's arguments); return the exit code."""
    from branchtui.cli.main import OpenApp, run

    result = run(argv)
    if isinstance(result, OpenApp):
        return open_app(result)
    sys.stdout.flush()
    return result


def open_app(request: object) -> int:
    """Open the Textual app on the requested database."""
    from branchtui.cli.main import OpenApp
    from branchtui.i18n import t

    assert isinstance(request, OpenApp)
    try:
        from branchtui.tui.app import run_app  # type: ignore[import-not-found]
    except ImportError:
        # Until the app lands: show what it would open on, and where the database is.
        if request.demo:
            from branchtui.cli.main import run
            from branchtui.i18n import current_language

            run(
                [
                    "status",
                    "--db",
                    request.target,
                    "--year",
                    str(request.year),
                    "--lang",
                    current_language(),
                ]
            )
        print(t("cli.app_missing", path=request.target))
        return 0
    return int(run_app(request))
