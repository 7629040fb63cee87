"""English: pure rules: dates, periods, names, stages."""

MESSAGES: dict[str, str] = {
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
    "stages.before_since": (
        "The date {date} for {next_stage_label} is before the member became {stage_label} ({since})"
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
