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

    args = list(sys.argv[1:] if argv is None else argv)
    result = run(args)
    if isinstance(result, OpenApp):
        return open_app(result, args)
    sys.stdout.flush()
    return result


def open_app(request: object, argv: Sequence[str] = ()) -> int:
    """Open the Textual app on the requested database (`branchtui`, `branchtui demo`).

    The settings are the command's own layers (flags in `argv`, BRANCHTUI_*, the config
    files); the language and timezone were set by the command line already. The database
    is the one the request names (a fresh demo database for `demo`).
    """
    from branchtui.cli.context import settings_from
    from branchtui.cli.main import OpenApp
    from branchtui.cli.main import _prescan as prescan
    from branchtui.config import Source
    from branchtui.errors import BranchError
    from branchtui.i18n import t

    assert isinstance(request, OpenApp)
    try:
        settings = settings_from(argv, prescan)
        settings.set("database.url", request.target, Source("flag"))
        read_only_flag = settings.sources["access.read_only"].kind == "flag"
        from branchtui.tui.start import run_app

        code = run_app(settings, year=request.year or settings.year, read_only_flag=read_only_flag)
        if request.demo:  # where it is, for the commands (nothing else points to it)
            import os

            from branchtui.domain.dates import TODAY_VARIABLE

            day = os.environ.get(TODAY_VARIABLE, "")
            print(t("tui.demo_db", path=request.target, today=day))
        return code
    except BranchError as error:
        print(t("error.prefix") + error.message(), file=sys.stderr)
        return error.exit_code
