"""`member import FILE [--dry-run]` and `member export -o FILE [--include-private]`: the
register in and out of Excel/CSV (`exchange.register`)."""

from __future__ import annotations

from pathlib import Path

from branchtui.cli.context import Context
from branchtui.cli.members import rules
from branchtui.i18n import current_language, t, tn


def import_register(ctx: Context) -> int:
    """Take a register file: all rows or none; with --dry-run, say what would change."""
    from branchtui.exchange.register import import_file

    path = Path(ctx.args.file).expanduser()
    dry_run = ctx.args.dry_run
    done = import_file(ctx.db(), path, today=ctx.today, rules=rules(ctx), dry_run=dry_run)
    separator = "、" if current_language() == "zh" else ", "
    if done.ignored:
        ctx.warn(t("register.ignored", headings=separator.join(done.ignored)))
    outcome = done.outcome
    for warned in outcome.warnings:
        message = warned.warning.message()
        ctx.warn(t("register.row_warning", line=warned.line, name=warned.name, message=message))
    counts = {
        "added": len(outcome.added),
        "updated": len(outcome.updated),
        "unchanged": outcome.unchanged,
    }
    if dry_run:
        ctx.out(t("register.preview", file=str(path), **counts))
        for change in outcome.added:
            ctx.out(t("register.preview_added", line=change.line, name=change.name))
        for change in outcome.updated:
            fields = separator.join(t(f"member.field.{field}") for field in change.fields)
            ctx.out(
                t("register.preview_updated", line=change.line, name=change.name, fields=fields)
            )
        return 0
    ctx.out(t("register.imported", file=str(path), **counts))
    return 0


def export_register(ctx: Context) -> int:
    """Write the register to .xlsx or .csv; private columns only when asked for."""
    from branchtui.exchange.register import export_file

    path = Path(ctx.args.output).expanduser()
    private = ctx.args.include_private
    count = export_file(ctx.db(), path, include_private=private, today=ctx.today)
    key = "register.exported_private" if private else "register.exported"
    ctx.out(tn(key, count, file=str(path)))
    return 0
