"""English: history, undo and `status`."""

MESSAGES: dict[str, str] = {
    "help.status": "the year at a glance",
    "help.json": "print JSON",
    "help.status.check": "exit with code 3 when anything is overdue",
    "status.heading": "{year} · today {today}",
    "status.plan": "Plan: Done {done}/{total} · mean progress {percent}%",
    "status.overdue": "{count} overdue:",
    "status.overdue_item": "{due}, {days} days late",
    "status.more": "…and {count} more overdue (branchtui item list shows all)",
    "status.no_overdue": "Nothing is overdue.",
    "status.checklists": "Checklists:",
    "status.checks_overdue": "{count} overdue",
    "status.members": "Members and candidates: {total}",
    "status.due_soon": "{count} due within {days} days",
    "status.other_years": "No plan items this year; plans exist for {years} (add --year)",
    "list.separator": ", ",
}
