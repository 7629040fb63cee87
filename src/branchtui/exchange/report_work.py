"""Part one of the year-end report, what was done: one section per field of work (the plan
categories, in their order), each from

- the year's done plan items: the title, then the evidence of what was done;
- the checklists of that field (意识形态 → ideology, 党风廉政 → integrity, 维稳 → stability,
  custom ones under other work): each entry ticked in the year with the evidence given;
- for organisation building, 三会一课 (`meeting_counts`, from the meeting records) and
  发展党员 from the stage dates of the year.

Cancelled items count nowhere; nothing here names a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from branchtui.domain.checklist_views import ChecklistView, EntryView, evidence_groups
from branchtui.domain.item_rules import CATEGORIES
from branchtui.domain.periods import SINGLE_PERIOD
from branchtui.exchange.report_words import clause, flat, sentence
from branchtui.i18n import t, tn

if TYPE_CHECKING:
    from branchtui.domain.items import ItemView
    from branchtui.domain.member_views import MemberView
    from branchtui.storage.database import Database

__all__ = [
    "MeetingCounts",
    "Recruitment",
    "meeting_counts",
    "recruitment",
    "sections",
]

# The field of work a checklist's kind belongs to.
KIND_CATEGORY = {"ideology": "ideology", "integrity": "integrity", "stability": "stability"}


@dataclass(frozen=True)
class MeetingCounts:
    """三会一课 held in a year (SPEC §6): 支部党员大会, 支委会, 党小组会, 党课."""

    general: int
    committee: int
    group: int
    lecture: int


def meeting_counts(db: Database, year: int) -> MeetingCounts | None:
    """The year's 三会一课 as recorded (`domain.meeting_views`); None when the branch
    recorded no meeting that year (the report then says nothing of them rather than
    "0 次": its minutes are kept elsewhere)."""
    from collections import Counter

    from branchtui.domain.meeting_views import list_meetings

    held = Counter(meeting.kind for meeting in list_meetings(db, year))
    if not held:
        return None
    return MeetingCounts(
        general=held["general"],
        committee=held["committee"],
        group=held["group"],
        lecture=held["lecture"],
    )


@dataclass(frozen=True)
class Recruitment:
    """发展党员 in a year, from the stage dates: applications, activists and candidates
    named, probationary members admitted, members whose 预备期 ended (转正)."""

    applied: int = 0
    activist: int = 0
    candidate: int = 0
    admitted: int = 0
    confirmed: int = 0

    def __bool__(self) -> bool:
        return any((self.applied, self.activist, self.candidate, self.admitted, self.confirmed))


def recruitment(members: Sequence[MemberView], year: int) -> Recruitment:
    """Count the stage dates falling in `year`, active members and those who left alike."""

    def count(field: str) -> int:
        return sum(
            1 for m in members if (day := getattr(m, field)) is not None and day.year == year
        )

    confirmed = sum(
        1 for m in members if m.stage == "full" and m.confirmed_on and m.confirmed_on.year == year
    )
    return Recruitment(
        applied=count("applied_on"),
        activist=count("activist_on"),
        candidate=count("candidate_on"),
        admitted=count("admitted_on"),
        confirmed=confirmed,
    )


def sections(
    done: Sequence[ItemView],
    checklists: Sequence[ChecklistView],
    year: int,
    members: Recruitment,
    meetings: MeetingCounts | None,
) -> list[tuple[str, list[str]]]:
    """(category, paragraphs) of every field of work with something done, in category order."""
    paragraphs: dict[str, list[str]] = {category: [] for category in CATEGORIES}
    for item in done:
        paragraphs[item.category].append(_done_item(item))
    if meetings is not None:
        paragraphs["organization"].append(
            t(
                "report.meetings",
                general=meetings.general,
                committee=meetings.committee,
                group=meetings.group,
                lecture=meetings.lecture,
            )
        )
    if members:
        paragraphs["organization"].append(_recruitment(members, year))
    for checklist in checklists:
        paragraph = _checklist(checklist)
        if paragraph:
            paragraphs[KIND_CATEGORY.get(checklist.kind, "other")].append(paragraph)
    return [(category, found) for category, found in paragraphs.items() if found]


def _done_item(item: ItemView) -> str:
    evidence = flat(item.evidence)
    if not evidence:
        return clause(item.title) + t("report.full_stop")
    return t("report.done_item", title=clause(item.title), evidence=sentence(evidence))


def _checklist(checklist: ChecklistView) -> str | None:
    """The checklist's entries ticked in the year, each with how often and the evidence."""
    entries = [text for entry in checklist.entries if (text := _entry(entry))]
    if not entries:
        return None
    return t(
        "report.checklist",
        title=clause(checklist.title),
        entries=t("report.entry_joiner").join(entries),
    )


def _entry(entry: EntryView) -> str | None:
    """What was done for an entry: the evidence given with its ticks (the entry's own words
    when none was given), with how many times for an entry due more than once a year."""
    ticked = sum(1 for state in entry.periods if state.done)
    if not ticked:
        return None
    joiner = t("report.evidence_joiner")
    text = joiner.join(clause(text) for _states, text in evidence_groups(entry))
    text = text or clause(entry.title)
    if entry.frequency in SINGLE_PERIOD or ticked == 1:
        return text
    return t("report.checklist_entry_times", text=text, count=ticked)


def _recruitment(members: Recruitment, year: int) -> str:
    facts = [tn("report.recruit.applied", members.applied)] if members.applied else []
    kinds = [
        tn(f"report.recruit.{kind}", count)
        for kind, count in (("activist", members.activist), ("candidate", members.candidate))
        if count
    ]
    if kinds:
        facts.append(t("report.recruit.named", kinds=t("report.recruit.kinds_joiner").join(kinds)))
    if members.admitted:
        facts.append(tn("report.recruit.admitted", members.admitted))
    if members.confirmed:
        facts.append(tn("report.recruit.confirmed", members.confirmed))
    return t("report.recruitment", year=year, facts=t("report.recruit.joiner").join(facts))
