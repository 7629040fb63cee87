"""The 中文 catalog, one module per area; the same keys as the other language's
(tests/test_i18n.py checks)."""

from branchtui.i18n.zh import (
    changes,
    checklists,
    cli,
    codes,
    config,
    exchange,
    fields,
    general,
    items,
    meetings,
    members,
    plan_import,
    register,
    report,
    rules,
    status,
    storage,
    years,
)

MESSAGES: dict[str, str] = {
    **codes.MESSAGES,
    **general.MESSAGES,
    **config.MESSAGES,
    **storage.MESSAGES,
    **cli.MESSAGES,
    **items.MESSAGES,
    **checklists.MESSAGES,
    **members.MESSAGES,
    **meetings.MESSAGES,
    **register.MESSAGES,
    **status.MESSAGES,
    **exchange.MESSAGES,
    **report.MESSAGES,
    **rules.MESSAGES,
    **plan_import.MESSAGES,
    **fields.MESSAGES,
    **changes.MESSAGES,
    **years.MESSAGES,
}
