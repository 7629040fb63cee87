"""The 发展党员 stages (DOMAIN §2): their order, the [rules] intervals, warnings and reminders.

The intervals are defaults a higher committee may change (SPEC §3 `[rules]`), so every rule
here produces a warning, never a refusal. Pure: stdlib only, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from branchtui.domain.changes import Notice
from branchtui.domain.dates import add_months, add_years
from branchtui.errors import ConfigError, ValidationError

if TYPE_CHECKING:
    from collections.abc import Mapping

STAGES = ("applicant", "activist", "candidate", "probationary", "full")
# The member field holding the day each stage began.
STAGE_DATE_FIELD = {
    "applicant": "applied_on",
    "activist": "activist_on",
    "candidate": "candidate_on",
    "probationary": "admitted_on",
    "full": "confirmed_on",
}


@dataclass(frozen=True)
class Rules:
    """The `[rules]` section of the configuration (SPEC §3), with DOMAIN §2's defaults."""

    applicant_min_days: int = 60
    activist_min_days: int = 365
    candidate_min_days: int = 60
    probation_days: int = 365
    candidate_training_hours: int = 24
    activist_assessment_months: int = 6
    probation_reminder_days: int = 60
    due_soon_days: int = 14
    absent_months: int = 3  # no attended meeting this long: a reminder (0: none)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Rules:
        """Rules from a `[rules]` table; absent keys keep their default.

        An unknown key or a value that is not a non-negative integer is a ConfigError.
        """
        known = {field.name for field in fields(cls)}
        checked: dict[str, int] = {}
        for key, value in values.items():
            if key not in known:
                raise ConfigError("rules.unknown_key", name=f"rules.{key}")
            # bool is an int in Python; `true` is not a number of days.
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError("rules.bad_value", name=f"rules.{key}", value=value)
            checked[key] = value
        return cls(**checked)


# The [rules] field giving the minimum days in a stage before the next one; probationary
# members are checked against the end of their 预备期 instead.
_MIN_DAYS_FIELD = {
    "applicant": "applicant_min_days",
    "activist": "activist_min_days",
    "candidate": "candidate_min_days",
}


@dataclass(frozen=True)
class Warning(Notice):  # shadows the builtin on purpose: the domain's word; the builtin is unused
    """Something a rule advises against, shown but never enforced: a `Notice` a write
    reports back (`changes.Written`).

    `params` holds plain values (codes, ISO dates, numbers), so a warning can be stored or
    sent as JSON; `message()` turns stage codes into labels in the current language.
    """

    def message(self) -> str:
        """The warning as one line in the current language (without the 警告： prefix)."""
        from branchtui.i18n import label, t

        params = dict(self.params)
        for name in ("stage", "next_stage"):
            if name in params:
                params[f"{name}_label"] = label("stage", params[name])
        return t(self.key, **params)


def check_stage(stage: str) -> None:
    """Refuse a stage code that is not one of STAGES (ValidationError `stages.unknown`)."""
    if stage not in STAGES:
        raise ValidationError("stages.unknown", value=stage, valid=", ".join(STAGES))


def next_stage(stage: str) -> str | None:
    """The stage after `stage`, or None for a full member."""
    check_stage(stage)
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


def probation_end(admitted_on: date, extended_to: date | None, probation_days: int = 365) -> date:
    """The day the 预备期 ends: the recorded extension, else `probation_days` after admission.

    The default 365 means one calendar year (2023-07-01 -> 2024-07-01; Feb 29 -> Feb 28),
    as 党章 art. 7 counts it; any other number counts days.
    """
    if extended_to is not None:
        return extended_to
    if probation_days == 365:
        return add_years(admitted_on, 1)
    return admitted_on + timedelta(days=probation_days)


# promotion_warnings has a parameter named probation_end; this keeps the function reachable.
_probation_end = probation_end


def party_age_start(
    admitted_on: date | None,
    extended_to: date | None = None,
    probation_days: int = 365,
    confirmed_on: date | None = None,
) -> date | None:
    """The day 党龄 counts from: the end of the 预备期 (DOMAIN §2).

    `confirmed_on` is that day when recorded; otherwise it follows from the admission and
    any extension. None when neither is known.
    """
    if confirmed_on is not None:
        return confirmed_on
    if admitted_on is None:
        return None
    return probation_end(admitted_on, extended_to, probation_days)


def party_age_years(start: date, today: date) -> int:
    """Full years from `start` to `today` (0 before the first anniversary or before start)."""
    years = today.year - start.year - ((today.month, today.day) < (start.month, start.day))
    return max(0, years)


def _hours(value: float) -> str:
    return f"{value:g}"  # 24.0 -> "24", 12.5 -> "12.5"


def promotion_warnings(
    stage: str,
    stage_since: date | None,
    to_date: date,
    training_hours: float,
    rules: Rules,
    probation_end: date | None = None,
) -> list[Warning]:
    """What DOMAIN §2 advises against in moving a member from `stage` to the next on `to_date`.

    `stage_since` is the day the current stage began (a promotion before it is refused by
    the caller, `domain.members.promote`); `training_hours` the member's training counted
    from the activist date (checked for candidate -> probationary); `probation_end` the
    end of the 预备期 when known (with any extension), else computed from `stage_since`.
    """
    target = next_stage(stage)
    if target is None:
        raise ValidationError("stages.no_next", value=stage)
    warnings: list[Warning] = []
    base = {"stage": stage, "next_stage": target}
    if stage_since is None:
        # A probationary member's known 预备期 end is check enough without the admission day.
        if not (stage == "probationary" and probation_end is not None):
            warnings.append(Warning("stages.since_unknown", dict(base)))
    elif stage in _MIN_DAYS_FIELD:
        required = int(getattr(rules, _MIN_DAYS_FIELD[stage]))
        elapsed = (to_date - stage_since).days
        if elapsed < required:
            warnings.append(
                Warning(
                    "stages.too_soon",
                    {
                        **base,
                        "required": required,
                        "elapsed": elapsed,
                        "since": stage_since.isoformat(),
                    },
                )
            )
    if stage == "candidate" and training_hours < rules.candidate_training_hours:
        warnings.append(
            Warning(
                "stages.training_short",
                {
                    **base,
                    "hours": _hours(training_hours),
                    "required": _hours(rules.candidate_training_hours),
                },
            )
        )
    if stage == "probationary":
        end = probation_end
        if end is None and stage_since is not None:
            end = _probation_end(stage_since, None, rules.probation_days)
        if end is not None and to_date < end:
            warnings.append(
                Warning(
                    "stages.probation_not_over",
                    {
                        **base,
                        "date": to_date.isoformat(),
                        "end": end.isoformat(),
                        "days": (end - to_date).days,
                    },
                )
            )
    return warnings


def probation_ending_soon(
    admitted_on: date, extended_to: date | None, today: date, rules: Rules
) -> date | None:
    """The end of the 预备期 when it falls within the next `probation_reminder_days`.

    An end already past is returned too: the 转正 is then outstanding (ask this only of
    probationary members).
    """
    end = probation_end(admitted_on, extended_to, rules.probation_days)
    if end <= today + timedelta(days=rules.probation_reminder_days):
        return end
    return None


def next_assessment(activist_on: date, last_assessment: date | None, rules: Rules) -> date:
    """The day an activist's next assessment falls due: every `activist_assessment_months`
    from the last recorded `assessment` event, or from becoming an activist."""
    start = activist_on if last_assessment is None else max(activist_on, last_assessment)
    return add_months(start, rules.activist_assessment_months)


def assessment_due(
    activist_on: date, last_assessment: date | None, today: date, rules: Rules
) -> date | None:
    """The next assessment date when it is today or past, else None."""
    due = next_assessment(activist_on, last_assessment, rules)
    return due if due <= today else None


__all__ = [
    "STAGES",
    "STAGE_DATE_FIELD",
    "Rules",
    "Warning",
    "assessment_due",
    "check_stage",
    "next_assessment",
    "next_stage",
    "party_age_start",
    "party_age_years",
    "probation_end",
    "probation_ending_soon",
    "promotion_warnings",
]
