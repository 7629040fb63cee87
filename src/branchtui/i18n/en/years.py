"""English: opening a year (year start)."""

MESSAGES: dict[str, str] = {
    "help.year_command": "the plan year",
    "help.year.start": (
        "open a year: last year's checklists again (no ticks), its unfinished items carried over"
    ),
    "help.year.year": "the year to open (such as 2025)",
    "help.year.dry_run": "only list what would be added; write nothing",
    "year.done": "Opened {year} from {previous}:",
    "year.preview": "Preview: opening {year} from {previous} would add (nothing written):",
    "year.nothing": (
        "{year} is open already: the checklists and unfinished items of {previous} are all"
        " in {year}; nothing to add."
    ),
    "year.checklists": "{count} checklists:",
    "year.checklists_one": "{count} checklist:",
    "year.checklist": "{title} ({kind}, {entries} entries, from {starts_on}, id {id})",
    "year.items": "{count} items carried over:",
    "year.items_one": "{count} item carried over:",
    "year.item": "{previous} no. {old} -> {year} no. {number} {title}{steps} (id {id})",
    "year.steps": ", {count} open steps",
    "year.steps_one": ", {count} open step",
    "year.already": (
        "already in the new year, not added again: checklists {checklists};"
        " {items} items carried over before"
    ),
    "item.carried_from": "carried from",
    "item.carried_to": "carried over to",
    "item.ref": '{year} no. {number} "{title}" (id {id})',
}
