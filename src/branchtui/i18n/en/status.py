"""English: `status`."""

MESSAGES: dict[str, str] = {
    "help.status": "the year at a glance: progress, what is late or due soon, reminders",
    "help.json": "print JSON",
    "help.status.check": (
        "exit with code 3 when anything is overdue (items, steps, checklist periods,"
        " probation ended without confirmation, activist assessments)"
    ),
    "status.heading": "{year} · today {today}",
    "status.plan": "Plan: Done {done}/{total} · mean progress {percent}%",
    "status.overdue": "{count} items overdue:",
    "status.overdue_one": "{count} item overdue:",
    "status.days_late": "{due}, {count} days late",
    "status.days_late_one": "{due}, {count} day late",
    "status.days_left": "{due}, in {count} days",
    "status.days_left_one": "{due}, in {count} day",
    "status.due_today": "{due}, due today",
    "status.more": "…and {count} more",
    "status.due_soon": "{count} items due within {days} days:",
    "status.due_soon_one": "{count} item due within {days} days:",
    "status.overdue_steps": "{count} steps overdue:",
    "status.overdue_steps_one": "{count} step overdue:",
    "status.checklists": "Checklists:",
    "status.checks_done": "done {done}/{total}",
    "status.checks_overdue": "{count} periods overdue",
    "status.checks_overdue_one": "{count} period overdue",
    "status.more_periods": "…and {count} more overdue",
    "status.due_now": "{count} entries due this period",
    "status.due_now_one": "{count} entry due this period",
    "status.members": "Party members: {count} ({full} full, {probationary} probationary)",
    "status.reminder.probation_end.over": (
        "probation ended {date}, not yet confirmed as a full member ({count} days ago)"
    ),
    "status.reminder.probation_end.over_one": (
        "probation ended {date}, not yet confirmed as a full member ({count} day ago)"
    ),
    "status.reminder.probation_end.today": "probation ends today ({date}): time to confirm",
    "status.reminder.probation_end.soon": "probation ends {date} (in {count} days)",
    "status.reminder.probation_end.soon_one": "probation ends {date} (in {count} day)",
    "status.reminder.assessment.over": (
        "activist assessment due {date}, none recorded ({count} days ago)"
    ),
    "status.reminder.assessment.over_one": (
        "activist assessment due {date}, none recorded ({count} day ago)"
    ),
    "status.reminder.assessment.today": "activist assessment due today ({date})",
    "status.reminder.assessment.soon": "activist assessment due {date} (in {count} days)",
    "status.reminder.assessment.soon_one": "activist assessment due {date} (in {count} day)",
    "status.no_overdue": "Nothing is overdue.",
    "status.late": "Overdue: {parts}.",
    "status.late.joiner": ", ",
    "status.late.items": "{count} items",
    "status.late.items_one": "{count} item",
    "status.late.steps": "{count} steps",
    "status.late.steps_one": "{count} step",
    "status.late.periods": "{count} checklist periods",
    "status.late.periods_one": "{count} checklist period",
    "status.late.probation": "{count} members past probation without confirmation",
    "status.late.probation_one": "{count} member past probation without confirmation",
    "status.late.assessments": "{count} activist assessments",
    "status.late.assessments_one": "{count} activist assessment",
    "status.other_years": "No plan items this year; plans exist for {years} (add --year)",
    "list.separator": ", ",
}
