"""English: the Markdown progress report and the year-end report."""

MESSAGES: dict[str, str] = {
    "md.title": "{branch}: progress in {year}",
    "md.title_years": "{branch}: progress, {first}–{last}",
    "md.title_no_year": "{branch}: progress",
    "md.date": "Report date: {date}",
    "md.overdue_heading": "Overdue ({count})",
    "md.no_overdue": "Nothing is overdue.",
    "md.overdue_item": "{year}, item {number}: {title}",
    "md.overdue_check": "{checklist}, entry {position}: {title} ({period})",
    "md.separator": " — ",
    "md.list_joiner": ", ",
    "md.due_on": "due {due}",
    "md.days": "{days} days overdue",
    "md.days_one": "{days} day overdue",
    "md.overdue_mark": " {symbol} overdue",
    "md.year_heading": "{year}",
    "md.plan_heading": "Plan items",
    "md.no_items": "No plan items in {year}.",
    "md.plan_summary": "Done {done} of {total}, mean progress {percent}%, {overdue} overdue.",
    "md.steps_heading": "Steps",
    "md.steps_count": " ({done}/{total})",
    "md.step_due": " (due {due})",
    "md.checklists_heading": "Checklists",
    "md.legend": (
        "Legend: ✓ done, ✗ overdue, · due and not done, blank not yet due. Each period "
        "stands in the quarter it ends in: monthly entries have three marks a quarter, "
        "quarterly ones one, half-yearly, yearly and once entries one in the quarter of "
        "their deadline."
    ),
    "md.checklist_summary": ("{done} of {total} due periods done ({percent}%), {overdue} overdue."),
    "md.evidence_heading": "What was done:",
    "md.evidence_line": "{position}. {title} ({periods}): {evidence}",
    "md.no_entries": "(No entries yet.)",
    "md.col.entry": "Entry",
    "md.col.frequency": "Frequency",
    "md.col.owner": "Owner",
    "md.col.q1": "Q1",
    "md.col.q2": "Q2",
    "md.col.q3": "Q3",
    "md.col.q4": "Q4",
    "md.members_heading": "Members and recruitment",
    "md.col.stage": "Stage",
    "md.col.count": "Count",
    "md.total": "Total",
    "report.title": "{branch}: {year} work summary and {next} work plan",
    "report.part_one": "Part One: summary of {year}",
    "report.intro": (
        "In {year}, {branch} worked through the year's plan: {done} of its {total} items "
        "are done, with a mean progress of {percent}%. The summary of {year} and the plan "
        "for {next} follow."
    ),
    "report.no_done": "(No plan item of {year} is done yet.)",
    "report.section": "{number}. {label}",
    "report.done_item": "{title}: {evidence}",
    "report.full_stop": ".",
    "report.semicolon": ";",
    "report.ordinal": "{word}, ",
    "report.shortfalls": (
        "{branch} made progress in {year}, but measured against the plan the following fell short:"
    ),
    "report.no_shortfalls": (
        "Measured against the plan, all of {branch}'s work for {year} is done: nothing is "
        "unfinished or overdue."
    ),
    "report.overdue_item": '"{title}" is {days} overdue (due {due}, {facts})',
    "report.days": "{days} days",
    "report.days_one": "{days} day",
    "report.open_item": '"{title}" is not finished ({facts})',
    "report.overdue_checks": '{count} periods of "{title}" are overdue',
    "report.overdue_checks_one": '{count} period of "{title}" is overdue',
    "report.owner": "owner {owner}",
    "report.progress": "{progress}% done",
    "report.list_joiner": ", ",
    "report.part_two": "Part Two: work plan for {year}",
    "report.plan_intro": (
        "Next, {branch} will carry out its {next} plan, concentrating on the following:"
    ),
    "report.carried_intro": (
        "The {next} plan has not been entered yet. Next, {branch} will carry on the "
        "unfinished work of {year}:"
    ),
    "report.no_plan": (
        "The {next} plan has not been entered yet, and no work of {year} is carried over."
    ),
    "report.plan_item": "{title}: {detail}",
    "help.report": "a draft of the year-end summary and next year's plan (the document's structure)",
    "help.report.output": "write to FILE (default: standard output)",
    "help.import_plan": "import plan items from a plan document (.txt, .md, .docx)",
    "help.import_plan.file": "the plan document",
    "help.import_plan.dry_run": "show what would be created; write nothing",
    "import_plan.no_year": (
        'The plan heading "{heading}" in {file} names no year: give the year with --year'
    ),
    "import_plan.dry_run": (
        "Dry run: would import {count} items into the {year} plan (nothing written):"
    ),
    "import_plan.dry_run_one": (
        "Dry run: would import {count} item into the {year} plan (nothing written):"
    ),
    "import_plan.done": "Imported {count} items into the {year} plan:",
    "import_plan.done_one": "Imported {count} item into the {year} plan:",
    "import_plan.line": "{number}. {title} ({category})",
    "import_plan.line_id": "{number}. {title} ({category}, id {id})",
    "import_plan.skipped": 'Skipped {count} items: the {year} plan already has items so named (e.g. "{first}")',
    "import_plan.skipped_one": 'Skipped {count} item: the {year} plan already has an item so named ("{first}")',
}
