"""English: meeting records (the "three meetings and one lecture") and their board."""

MESSAGES: dict[str, str] = {
    "help.meeting": "meeting records (three meetings and one lecture)",
    "help.meeting.add": (
        "record a meeting and print its new id; everyone expected is present unless listed"
        " with --absent/--excused"
    ),
    "help.meeting.kind": "the kind of meeting",
    "help.meeting.kind_filter": "only meetings of this kind",
    "help.meeting.date": "the day it was held",
    "help.meeting.list": "the year's meetings",
    "help.meeting.show": "one meeting with its attendance and history",
    "help.meeting.set": "change a meeting (the options given)",
    "help.meeting.delete": "delete a meeting (needs --yes)",
    "help.meeting.board": "the year's meetings by kind and period: held, due, overdue",
    "help.meeting.topic": "the topic",
    "help.meeting.place": "the place",
    "help.meeting.host": "who chaired it: a member's id or name (anyone else as text)",
    "help.meeting.recorder": "who took the minutes: a member's id or name",
    "help.meeting.lecturer": "who gave the Party lecture: a member's id or name (a guest as text)",
    "help.meeting.group": "the Party group (required for group meetings)",
    "help.meeting.item": "the id of the plan item it serves (empty to clear)",
    "help.meeting.content": "what was discussed and decided",
    "help.meeting.absent": "someone absent and why, e.g. 3:travelling (repeatable)",
    "help.meeting.excused": "someone excused and why, e.g. 5:ill (repeatable)",
    "help.meeting.present": "someone present (back to present, or attending as a guest; repeatable)",
    "meeting.mark_needs_member": '"{value}" names nobody: write NAME or ID[:REASON]',
    "meeting.date_required": "give the day it was held with --date",
    "meeting.nothing_to_set": "nothing to change: give at least one option (such as --topic or --absent)",
    "meeting.delete_needs_yes": "deleting meeting {id} and its attendance: add --yes to confirm",
    "meeting.kind_group": "{kind} ({group})",
    "meeting.counts": "{expected} expected, {present} present, {excused} excused, {absent} absent",
    "meeting.quorate": "quorate",
    "meeting.not_quorate": "no quorum",
    "meeting.quorum_line": "{present} of the {voters} full members entitled to vote present: quorate",
    "meeting.quorum_short": (
        "{present} of the {voters} full members entitled to vote present, not more than half:"
        " the meeting cannot decide"
    ),
    "meeting.col.id": "id",
    "meeting.col.date": "date",
    "meeting.col.kind": "kind",
    "meeting.col.topic": "topic",
    "meeting.col.host": "chair",
    "meeting.col.attendance": "attendance",
    "meeting.col.quorum": "quorum",
    "meeting.col.member": "member",
    "meeting.col.status": "attendance",
    "meeting.col.reason": "reason",
    "meeting.list_title": "Meetings of {year} ({count})",
    "meeting.show_title": "Meeting {id}: {kind}",
    "meeting.board_title": "Meetings of {year} as of {today} (counted from {since})",
    "meeting.group.monthly": "Monthly",
    "meeting.group.quarterly": "Quarterly",
    "meeting.group.yearly": "Yearly (by December)",
    "meeting.legend": "✓ held  ✗ overdue  · due now  blank not yet due",
    "meeting.reminder.secretary_lecture": (
        "{name}, the secretary, has given no Party lecture in {year} (at least one a year)"
    ),
    "meeting.reminder.no_meetings": "{name} has attended no meeting for {count} months (last: {last})",
    "meeting.reminder.no_meetings_never": (
        "{name} has attended no meeting for {count} months (none recorded)"
    ),
    "meeting.reminder.no_meetings_never_one": (
        "{name} has attended no meeting for a month (none recorded)"
    ),
    "meeting.reminder.no_meetings_one": "{name} has attended no meeting for a month (last: {last})",
    "meeting.board_none_overdue": "No meeting is overdue.",
    "meeting.board_overdue_row": "{kind}: {count}",
    "meeting.board_overdue": "Overdue periods: {parts}.",
    "meeting.bad_kind": '"{value}" is not a kind of meeting; choose from: {valid}',
    "meeting.bad_attendance": '"{value}" is not an attendance; choose from: {valid}',
    "meeting.in_future": "{field} {date} is after today ({today}): record a meeting once held",
    "meeting.no_such_member": "{field}: no one on the register has id {value}",
    "meeting.no_such_attendee": 'attendance: no one on the register is called "{name}"',
    "meeting.no_such_item": "{field}: there is no plan item {value}",
    "meeting.group_required": "a Party group meeting needs its group (--group)",
    "meeting.group_only_for_group": 'only Party group meetings have a group; "{group}" does not apply',
    "meeting.unknown_group": 'the register has no Party group "{group}"; it has: {groups}',
    "meeting.lecturer_required": "a Party lecture needs its lecturer",
    "meeting.not_on_register": "{name} was not on the register on {date}",
    "meeting.attendance_twice": "{name} is listed twice in the attendance",
    "meeting.role_as_text": 'no one on the register is called "{name}": {role_label} recorded as text',
    "meeting.not_expected": "{name} was not expected at the {kind_label}; recorded as given",
    "meeting.below_quorum": (
        "the general meeting of {date}: {present} of the {voters} full members entitled to"
        " vote present, not more than half (at least {needed} needed): it cannot decide"
    ),
    "meeting.same_day": (
        "there is already a {kind_label} on {date} (meeting {id}): make sure it is not entered twice"
    ),
    "status.meetings": "Meetings: held in {held} of {due} periods",
    "status.meetings_overdue": "{count} periods overdue",
    "status.meetings_overdue_one": "{count} period overdue",
    "status.meeting_row_overdue": "{count} periods overdue: {periods}",
    "status.meeting_row_overdue_one": "{count} period overdue: {periods}",
    "status.late.meetings": "{count} meeting periods",
    "status.late.meetings_one": "{count} meeting period",
    "action.meeting.add": "add meeting",
    "action.meeting.set": "change meeting",
    "action.meeting.delete": "delete meeting",
    "action.year.start": "start year",
    "meeting.served_item": "serves plan item",
    "report.short.meetings": "meetings were not held when due: {parts}",
    "report.short.meetings_joiner": ", ",
    "report.short.meeting_kind": "the {kind} {count} times",
    "report.short.meeting_kind_one": "the {kind} once",
    "md.overdue_meeting": "meetings: {kind} ({period})",
    "md.meetings_heading": "Meetings",
    "md.meetings_summary": "Held: {counts}; {held} of {due} periods due held, {overdue} overdue.",
    "md.meetings_joiner": ", ",
    "md.meeting_count": "{kind} {count}",
    "md.meetings_legend": (
        "Key: ✓ held, ✗ overdue, · due now, blank not yet due. Monthly meetings show three"
        " marks a quarter, quarterly ones one, yearly ones one in the fourth quarter."
    ),
    "md.col.meeting": "Meeting",
    "meeting.board_title_unjudged": "Meetings of {year} as of {today} (nothing recorded that year: nothing counted as due)",
}
