"""`branchtui report` (the year-end draft) and `branchtui import-plan` (a plan document in).

report [-o FILE]
    The draft of the year's summary and next year's plan (exchange/report.py) on stdout,
    or written atomically to FILE (a Word document when FILE ends in .docx, else text),
    saying where. Notices about the draft (the default year before March, a plan not
    entered yet) go to stderr, never into the document.
import-plan FILE [--year Y] [--dry-run]
    The plan items of a .txt, .md or .docx document become plan items of the global
    `--year` when given, else of the year the plan's heading names (neither: an error
    asking for --year). All in one change: one `undo` removes the whole import. Prints a
    summary line, then one line per item: `序号. title（category，编号 id）`. `--dry-run`
    prints the same lines without ids and writes nothing. A title the year already has
    gives a warning (importing the same plan twice makes duplicates), never a refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branchtui.cli.context import Context
from branchtui.i18n import t, tn

if TYPE_CHECKING:
    from branchtui.exchange.plan_doc import PlanDocument


def register(command: Callable[..., Any]) -> None:
    """Add `report` and `import-plan` to the parser."""
    report = command("report", t("help.report"), "branchtui.cli.report:report")
    report.add_argument("-o", "--output", metavar="FILE", help=t("help.report.output"))

    plan = command("import-plan", t("help.import_plan"), "branchtui.cli.report:import_plan")
    plan.add_argument("file", metavar="FILE", help=t("help.import_plan.file"))
    plan.add_argument("--dry-run", action="store_true", help=t("help.import_plan.dry_run"))


# -- report ------------------------------------------------------------------------------


def report(ctx: Context) -> int:
    """Print (or write) the year-end draft: of `--year` or `[branch] year` when given, else
    of this year, or before March of the year just ended (said on stderr, as is anything
    the user should know about the draft; the document holds none of it)."""
    from branchtui.domain.stages import Rules
    from branchtui.exchange.report import build_report, default_year
    from branchtui.exchange.report_document import render_text

    year = ctx.settings.year
    notices = []
    if year is None:
        year = default_year(ctx.today)
        if year != ctx.today.year:
            notices.append(t("report.notice.default_year", year=year))
    rules = Rules.from_mapping(ctx.settings.rules())
    document = build_report(ctx.db(), year=year, today=ctx.today, rules=rules)
    output = ctx.args.output
    if not output:
        import sys

        sys.stdout.write(render_text(document))
    else:
        from branchtui.exchange.files import write_file

        path = Path(output)
        if path.suffix.lower() == ".docx":
            from branchtui.exchange.report_docx import docx_bytes

            write_file(path, docx_bytes(document), private=False, database=Path(ctx.db_path()))
        else:
            write_file(path, render_text(document), private=False, database=Path(ctx.db_path()))
        ctx.out(t("report.written", file=output))
    # Said once the draft is out: a failed write is one error line, nothing else.
    for notice in [*notices, *document.notices]:
        ctx.warn(notice)
    return 0


# -- import-plan -------------------------------------------------------------------------


def plan_year(ctx: Context, document: PlanDocument, file: str) -> int:
    """The year to import into: --year, else the plan heading's year, else an error."""
    if ctx.settings.sources["branch.year"].kind == "flag" and ctx.settings.year is not None:
        return ctx.settings.year
    if document.year is not None:
        return document.year
    from branchtui.errors import UsageError

    raise UsageError("import_plan.no_year", file=file, heading=document.heading)


def import_plan(ctx: Context) -> int:
    """Import a plan document's items (or, with --dry-run, show what would be created)."""
    from branchtui.exchange.plan_doc import load_plan
    from branchtui.exchange.plan_import import import_plan as write_plan
    from branchtui.exchange.plan_import import planned_items
    from branchtui.i18n import label

    file = ctx.args.file
    document = load_plan(Path(file))  # a document without a plan part stops here
    year = plan_year(ctx, document, file)
    db = ctx.db()
    plan = planned_items(db, document, year)
    if plan.skipped:
        ctx.warn(tn("import_plan.skipped", len(plan.skipped), year=year, first=plan.skipped[0]))
    if ctx.args.dry_run:
        key = "import_plan.dry_run_one" if len(plan.items) == 1 else "import_plan.dry_run"
        ctx.out(t(key, count=len(plan.items), year=year))
        for entry in plan.items:
            ctx.out(
                t(
                    "import_plan.line",
                    number=entry.number,
                    title=entry.title,
                    category=label("category", entry.category),
                )
            )
        return 0
    ids, _skipped = write_plan(db, document, year)
    from branchtui.domain.items import list_items

    created = {item.id: item for item in list_items(db, year, ctx.today)}
    key = "import_plan.done_one" if len(ids) == 1 else "import_plan.done"
    ctx.out(t(key, count=len(ids), year=year))
    for item_id in ids:
        item = created[item_id]
        ctx.out(
            t(
                "import_plan.line_id",
                number=item.number,
                title=item.title,
                category=label("category", item.category),
                id=item_id,
            )
        )
    return 0
