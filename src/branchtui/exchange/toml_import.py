"""Reading a TOML export back (SPEC §6): check the whole file, then merge it by uid.

`plan_import` parses the file with tomllib (`toml_parse`) and checks everything first — the
header, unknown keys at every level, types, codes, dates, ranges, uids, duplicates
(`toml_checks`), then against the database and the domain's record rules (`toml_merge`,
`toml_rules`) — and previews what would change; any problem raises an `ImportFileError`
naming the record and the key, and nothing is written. `apply_import` then writes the plan
as one unit of work (one change that `undo` reverts, `toml_store`), checking it again
inside that transaction. A key absent from the file leaves the stored value as it is; an
empty string clears a text.
"""

from __future__ import annotations

from datetime import date

from branchtui.domain.stages import Rules
from branchtui.errors import ValidationError
from branchtui.exchange.records import paused_gc
from branchtui.exchange.toml_checks import read_records
from branchtui.exchange.toml_merge import merge
from branchtui.exchange.toml_parse import parse, read_import_file
from branchtui.exchange.toml_problems import ImportFileError, Problem, record_lines
from branchtui.exchange.toml_store import Writer
from branchtui.exchange.toml_types import (
    Counts,
    ImportPlan,
    ImportResult,
    Incoming,
    Progress,
    RecordChange,
    RuleContext,
)
from branchtui.storage.database import Database
from branchtui.storage.models import utc_now
from branchtui.storage.uow import UnitOfWork


def plan_import(
    db: Database,
    text: str,
    *,
    today: date,
    rules: Rules,
    source: str = "<text>",
    progress: Progress | None = None,
    preview: bool = True,
) -> ImportPlan:
    """Parse and check a whole export file against the database; preview the merge.

    `today` and `rules` (the branch's `[rules]`) are what the member rules judge dates by.

    Raises `ImportFileError` (or a one-line `ValidationError` for an empty file, a syntax
    error or the wrong format) without writing anything. With `preview=False` the checks
    that need the database (owners, the record rules on final states, 序号 in use) are
    left to `apply_import`, which makes them before it writes anything: a caller about to
    write saves reading the database twice.
    """
    document = parse(text, source)
    with paused_gc():
        header_year, branch_name, records, problems = read_records(document, progress)
        if problems:
            raise ImportFileError(source, problems, text)
        if branch_name is None and not any(records.values()):
            raise ValidationError("import.nothing", file=source)
        result = None
        if preview:
            context = RuleContext(db.user, utc_now(), today, rules)
            with db.read() as session:
                outcome = merge(session, records, branch_name, header_year, context)
            if outcome.problems:
                raise ImportFileError(source, outcome.problems, text)
            result = outcome.result
    return ImportPlan(source, branch_name, header_year, records, result, today, rules, text)


def apply_import(
    db: Database, plan: ImportPlan, *, progress: Progress | None = None
) -> ImportResult:
    """Write a checked plan as one unit of work ("import"); return what it did.

    The plan is checked again inside the transaction, so a record someone changed or
    deleted meanwhile is taken into account; on any error nothing is written.
    """
    context = RuleContext(db.user, utc_now(), plan.today, plan.rules)
    try:
        with paused_gc(), UnitOfWork(db, "import") as uow:
            outcome = merge(uow.session, plan.records, plan.branch_name, plan.year, context)
            if outcome.problems:
                raise ImportFileError(plan.source, outcome.problems, plan.text)
            if not outcome.result.changes:
                # Nothing differs: leave no empty change behind for `history` and `undo`.
                raise _NothingChanged(outcome.result)
            Writer(uow, context.now, progress, plan.size).run(outcome)
            return outcome.result
    except _NothingChanged as unchanged:
        return unchanged.result


class _NothingChanged(Exception):
    """Rolls back an import that changes nothing, carrying its counts out."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("nothing changed")
        self.result = result


__all__ = [
    "Counts",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "Incoming",
    "Problem",
    "RecordChange",
    "apply_import",
    "parse",
    "plan_import",
    "read_import_file",
    "record_lines",
]
