"""Files in and out: `export --format toml|md` and `import FILE.toml`.

The work is done by `branchtui.exchange`; this module reads the options, shows a progress
bar on a terminal when a run takes more than a second, writes the file and prints.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branchtui.cli.context import Context
from branchtui.i18n import t

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from branchtui.exchange.toml_import import ImportResult

FORMATS = ("toml", "md")
# How many changes `import --dry-run` lists before "… and N more".
SHOWN_CHANGES = 50
# A progress bar appears only when a run lasts longer than this (seconds).
PROGRESS_DELAY = 1.0


def register(command: Callable[..., Any]) -> None:
    """Add `export` and `import`."""
    export = command("export", t("help.export"), "branchtui.cli.files:export")
    export.add_argument("--format", choices=FORMATS, default="toml", help=t("help.export.format"))
    export.add_argument("-o", "--output", metavar="FILE", help=t("help.export.output"))
    export.add_argument("--all-years", action="store_true", help=t("help.export.all_years"))
    export.add_argument(
        "--include-private",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=t("help.export.include_private"),
    )

    load = command("import", t("help.import"), "branchtui.cli.files:import_file")
    load.add_argument("file", metavar="FILE.toml", help=t("help.import.file"))
    load.add_argument("--dry-run", action="store_true", help=t("help.import.dry_run"))


# -- export ---------------------------------------------------------------------------------
def export(ctx: Context) -> int:
    """Export the plan year (or every year) as TOML or Markdown, to stdout or a file."""
    args = ctx.args
    year = None if args.all_years else ctx.year
    private = args.include_private
    if private is None:
        private = bool(ctx.settings.get("export.include_private"))
    if args.format == "md":
        text = _markdown(ctx, year)
        private = False  # the report shows counts, never phone or ID numbers
    else:
        from datetime import UTC, datetime

        from branchtui.exchange.toml_export import export_toml
        from branchtui.storage.schema import MigrationPending

        # The light path, as `status` reads: the database's file, no SQLAlchemy.
        path = Path(ctx.db_path())
        with progress_bar() as bar:
            options: dict[str, Any] = {
                "year": year,
                "include_private": private,
                "exported_at": datetime.now(UTC),
                "progress": bar(t("export.progress")),
            }
            try:
                text = export_toml(path, **options)
            except MigrationPending:
                ctx.db().close()  # the full path migrates it (with a backup) first
                text = export_toml(path, **options)
    output = args.output
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        if private:
            ctx.warn(t("export.private_stdout"))
        return 0
    from branchtui.exchange.files import write_file

    write_file(Path(output), text, private=private, database=Path(ctx.db_path()))
    ctx.out(t("export.written_private" if private else "export.written", file=output))
    return 0


def _markdown(ctx: Context, year: int | None) -> str:
    """The Markdown progress report (`branchtui.exchange.markdown`, built separately)."""
    import importlib

    from branchtui.errors import BranchError

    try:
        markdown = importlib.import_module("branchtui.exchange.markdown")
    except ModuleNotFoundError as error:
        if error.name != "branchtui.exchange.markdown":
            raise
        raise BranchError("export.md_unavailable") from None
    return str(markdown.render(ctx.db(), year=year, today=ctx.today))


# -- import ---------------------------------------------------------------------------------
def import_file(ctx: Context) -> int:
    """Check a whole TOML export, then merge it by uid as one change (or, dry, preview it)."""
    from branchtui.cli.members import rules
    from branchtui.exchange.toml_import import apply_import, plan_import, read_import_file

    path = Path(ctx.args.file)
    text = read_import_file(path)
    db = ctx.db()
    with progress_bar() as bar:
        plan = plan_import(
            db,
            text,
            today=ctx.today,
            rules=rules(ctx),
            source=str(path),
            progress=bar(t("import.progress.check")),
            preview=ctx.args.dry_run,
        )
        if plan.preview is not None:
            result = plan.preview
        else:
            result = apply_import(db, plan, progress=bar(t("import.progress.write")))
    _summary(ctx, result, dry_run=ctx.args.dry_run)
    return 0


def _summary(ctx: Context, result: ImportResult, dry_run: bool) -> None:
    total = result.total
    key = "import.dry_run" if dry_run else "import.done"
    ctx.out(t(key, created=total.created, updated=total.updated, unchanged=total.unchanged))
    from branchtui.storage.models import RECORD_TABLES  # its order: parents first

    for record in RECORD_TABLES:
        counts = result.counts.get(record)
        if counts is None:
            continue
        ctx.out(
            t(
                "import.counts_line",
                record=t(f"record.{record}"),
                created=counts.created,
                updated=counts.updated,
                unchanged=counts.unchanged,
            )
        )
    if not dry_run:
        return
    for change in result.changes[:SHOWN_CHANGES]:
        ctx.out(
            "  "
            + t(
                f"import.change.{change.op}",
                record=t(f"record.{change.record}"),
                label=change.label,
                fields=", ".join(change.fields),
            )
        )
    if len(result.changes) > SHOWN_CHANGES:
        ctx.out("  " + t("import.changes_more", count=len(result.changes) - SHOWN_CHANGES))


# -- progress -------------------------------------------------------------------------------
ProgressCallback = Callable[[int, int], None]


class _DelayedBar:
    """A rich progress bar on stderr that shows itself only after PROGRESS_DELAY seconds.

    A timer starts it, so it also appears while a long step reports nothing (parsing).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._label = ""
        self._state: tuple[int, int | None] = (0, None)
        self._stopped = False
        self._timer = threading.Timer(PROGRESS_DELAY, self._start)
        self._timer.daemon = True
        self._timer.start()

    def phase(self, label: str) -> ProgressCallback:
        """A callback for one phase of the work, shown under `label`."""
        with self._lock:
            self._label = label
            self._state = (0, None)
            self._show()

        def update(done: int, total: int) -> None:
            with self._lock:
                self._state = (done, total)
                self._show()

        return update

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        with self._lock:
            if self._stopped:  # the work ended as the timer fired
                return
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._label, total=None)
            self._show()

    def _show(self) -> None:
        if self._progress is None or self._task is None:
            return
        done, total = self._state
        self._progress.update(self._task, description=self._label, completed=done, total=total)

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            if self._progress is not None:
                self._progress.stop()
                self._progress = None


@contextmanager
def progress_bar() -> Iterator[Callable[[str], ProgressCallback | None]]:
    """`with progress_bar() as bar: work(progress=bar("label"))` — a bar only on a terminal."""
    if not sys.stderr.isatty():
        yield lambda label: None
        return
    bar = _DelayedBar()
    try:
        yield bar.phase
    finally:
        bar.stop()
