"""English: what writes say (notices, "nothing changed") and the step and checklist editing commands."""

MESSAGES: dict[str, str] = {
    "notice.prefix": "Note: ",
    "write.unchanged": "Nothing changed: the values are the same as before; nothing written",
    "item.reopened": 'Item {number} "{title}" has an open step again: it is back to in progress',
    "item.started": 'Item {number} "{title}" has a ticked step: it is now in progress',
    "item.all_steps_done": "Every step of item {number} is ticked: mark it done with `item done {id}`",
    "help.task.set": "change a step's title or due date",
    "help.task.title": "new title",
    "help.task.due_clear": "due date (an empty text clears it)",
    "help.task.delete": "delete a step",
    "task.nothing_to_set": "Nothing to change: give --title or --due",
    "task.delete_needs_yes": "Deleting step {id} needs --yes",
    "help.checklist.starts_on": "start date: periods ending before it are not due (default: today, or January 1 of the year)",
    "help.checklist.rename": "rename a checklist",
    "help.checklist.delete": "delete a checklist with its entries and ticks",
    "help.checklist.entry_set": "change a checklist entry",
    "help.checklist.entry_move": "move a checklist entry",
    "help.checklist.entry_delete": "delete a checklist entry with its ticks",
    "checklist.delete_needs_yes": "Deleting checklist {id} needs --yes",
    "checklist.entry_delete_needs_yes": "Deleting checklist entry {id} needs --yes",
    "checklist.nothing_to_set": "Nothing to change: give at least one option (e.g. --title)",
}
