"""Files from the palette, through `branchtui.exchange` as the commands use it: export
(TOML, Markdown) and the year-end report to a path asked for, and a plan document
imported after showing what it would create.

Each asks on the app's thread (a modal), then does the file work in a thread worker
whose errors reach the app's one error handler; the notification says where the file
went, or what was created.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from branchtui.display import safe
from branchtui.i18n import label, t, tn

if TYPE_CHECKING:
    from branchtui.tui.app import BranchApp

FORMATS = ("toml", "md", "report")


def default_path(app: BranchApp, kind: str) -> str:
    """Where a file goes unless the user says otherwise: the working directory."""
    suffix = {"toml": ".toml", "md": ".md", "report": ".txt"}[kind]
    stem = f"branchtui-report-{app.year}" if kind == "report" else f"branchtui-{app.year}"
    return str(Path.cwd() / f"{stem}{suffix}")


def ask_export(app: BranchApp, kind: str) -> None:
    """Ask where, then export the plan year (`toml`, `md`) or write the report."""
    from branchtui.tui.modals.path_prompt import PathModal

    async def ask() -> None:
        path = await app.push_screen_wait(
            PathModal(t(f"tui.files.ask.{kind}", year=app.year), default_path(app, kind))
        )
        if path is not None:
            app.run_worker(
                lambda: _export(app, kind, path, app.year),
                thread=True,
                group="files",
                exit_on_error=False,
            )

    app.run_worker(ask(), group="ask", exit_on_error=False)


def _export(app: BranchApp, kind: str, path: Path, year: int) -> None:
    from branchtui.exchange.files import write_file

    ws = app.ws
    private = False
    notices: tuple[str, ...] = ()
    content: str | bytes
    if kind == "toml":
        from branchtui.exchange.toml_export import export_toml

        private = bool(ws.settings.get("export.include_private"))
        now = datetime.now(UTC)
        content = export_toml(ws.db, year=year, include_private=private, exported_at=now)
    elif kind == "md":
        from branchtui.exchange.markdown import render

        content = render(ws.db, year=year, today=ws.today)
    else:  # the year-end report, as `branchtui report -o` writes it (.docx: Word)
        from branchtui.exchange.report import build_report
        from branchtui.exchange.report_document import render_text

        document = build_report(ws.db, year=year, today=ws.today, rules=ws.rules)
        notices = document.notices  # for the user, not in the document
        if path.suffix.lower() == ".docx":
            from branchtui.exchange.report_docx import docx_bytes

            content = docx_bytes(document)
        else:
            content = render_text(document)
    write_file(path, content, private=private, database=ws.path)
    key = "tui.files.written_private" if private else "tui.files.written"
    app.call_from_thread(app.say, t(key, path=safe(str(path))))
    for notice in notices:
        app.call_from_thread(app.say, notice, "warning")


def ask_import_plan(app: BranchApp) -> None:
    """Ask for a plan document, show what it would create, create it when confirmed."""
    from branchtui.tui.modals.path_prompt import PathModal

    if app.read_only is not None:
        app.say(t("tui.read_only", reason=app.read_only), "warning")
        return

    async def ask() -> None:
        path = await app.push_screen_wait(PathModal(t("tui.files.ask.plan")))
        if path is not None:
            app.run_worker(
                lambda: _read_plan(app, path), thread=True, group="files", exit_on_error=False
            )

    app.run_worker(ask(), group="ask", exit_on_error=False)


def _read_plan(app: BranchApp, path: Path) -> None:
    from branchtui.exchange.files import refuse_database
    from branchtui.exchange.plan_doc import load_plan
    from branchtui.exchange.plan_import import planned_items

    refuse_database(path.expanduser(), app.ws.path, "file.database_as_source")
    document = load_plan(path)
    year = document.year or app.year
    plan = planned_items(app.ws.db, document, year)
    lines = Text()
    for entry in plan.items:
        line = t(
            "import_plan.line",
            number=entry.number,
            title=safe(entry.title),
            category=label("category", entry.category),
        )
        lines.append(line + "\n")
    if plan.skipped:
        first = safe(plan.skipped[0])
        lines.append(tn("import_plan.skipped", len(plan.skipped), year=year, first=first) + "\n")
    planned = plan.items
    question = tn("tui.files.plan_question", len(planned), year=year, file=safe(path.name))

    async def confirm() -> None:
        from branchtui.tui.modals.confirm import ConfirmModal

        if not planned:  # nothing new: say what was skipped, or that there was nothing
            app.say(lines.plain.strip() or question, "warning")
            return
        modal = ConfirmModal(question, details=lines, yes=t("tui.files.plan_yes"))
        answer: bool | None = await app.push_screen_wait(modal)
        if answer:
            app.run_worker(
                lambda: _import_plan(app, path, year),
                thread=True,
                group="files",
                exit_on_error=False,
            )

    app.call_from_thread(app.run_worker, confirm(), group="ask", exit_on_error=False)


def _import_plan(app: BranchApp, path: Path, year: int) -> None:
    from branchtui.exchange.plan_doc import load_plan
    from branchtui.exchange.plan_import import import_plan

    with app.write_lock:
        ids, _skipped = import_plan(app.ws.db, load_plan(path), year)
    app.call_from_thread(app.say, tn("tui.files.plan_done", len(ids), year=year))


__all__ = ["FORMATS", "ask_export", "ask_import_plan", "default_path"]
