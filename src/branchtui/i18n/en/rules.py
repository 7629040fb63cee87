"""English: pure rules: dates, periods, names, stages."""

MESSAGES: dict[str, str] = {
    "record.required": "{field} may not be empty",
    "record.not_text": "{field} should be text, not {value}",
    "record.too_long": "{field} is too long: {length} characters, at most {limit}",
    "record.not_integer": "{field} should be a whole number, not {value}",
    "record.out_of_range": "{field} {value} is outside {low}–{high}",
    "record.not_date": "{field} should be a date (YYYY-MM-DD), not {value}",
    "record.completion_not_done": "{field}: only a done record has a completion time",
    "record.done_progress": "a done item's progress is 100, not {value}",
    "record.progress_from_steps": "progress {value} does not match the steps: they give {derived}",
    "checklist.bad_kind": 'unknown checklist kind "{value}"; valid: {valid}',
    "text.control_character": "{field} holds the control character {char}: type visible text only (multi-line fields may hold line breaks)",
    "date.invalid": (
        'Invalid date "{value}": write YYYY-MM-DD, YYYY/M/D or YYYY.M.D, '
        "or M.D within the plan year (e.g. 6.30); Chinese year-month-day forms work too; "
        "the day must exist"
    ),
    "date.bad_today": (
        'Environment variable {name} = "{value}" is not valid; expected a date YYYY-MM-DD'
    ),
    "date.bad_timezone": (
        'Invalid time zone "{value}"; expected an IANA zone name (e.g. Asia/Shanghai)'
    ),
    "period.invalid": 'Invalid period "{value}"; valid periods: {valid}',
    "period.bad_frequency": 'Invalid frequency "{value}"; valid: {valid}',
    "period.bad_due_month": "Invalid due month {value}; expected 1-12",
    "stages.unknown": 'Invalid stage "{value}"; valid: {valid}',
    "stages.no_next": "Already a full member: there is no next stage",
    "stages.since_unknown": (
        "The date this member became {stage_label} is not recorded, "
        "so the minimum interval before {next_stage_label} cannot be checked"
    ),
    "stages.too_soon": (
        "From {stage_label} (since {since}) to {next_stage_label} usually takes "
        "at least {required} days; only {elapsed} have passed"
    ),
    "stages.training_short": (
        "A candidate should have at least {required} hours of training "
        "before admission; only {hours} are recorded"
    ),
    "stages.probation_not_over": (
        "The probation ends on {end}; confirming on {date} is {days} days early"
    ),
    "rules.unknown_key": "Unknown configuration key {name}",
    "rules.bad_value": "{name} must be a non-negative integer, not {value!r}",
}
