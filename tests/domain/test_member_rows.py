"""What the member screen stands on: the lean rows with each member's next step (pure
rules, plain SQL), and the Workspace's member calls — the promotion preview computed by
the code `promote` runs, without writing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from branchtui.config import load_settings
from branchtui.domain.changes import UNSET
from branchtui.domain.member_events import EventChanges
from branchtui.domain.member_rows import EventFacts, NextStep, next_step
from branchtui.domain.members import MemberChanges
from branchtui.domain.stages import Rules
from branchtui.domain.workspace import Workspace
from branchtui.errors import ConflictError, ValidationError

TODAY = date(2024, 7, 1)
RULES = Rules()


@pytest.fixture
def ws(initialised_db: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("BRANCHTUI_TODAY", TODAY.isoformat())
    monkeypatch.setenv("BRANCHTUI_USER", "王书记")
    workspace = Workspace.open(load_settings(flags={"database.url": str(initialised_db)}))
    yield workspace
    workspace.close()


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


# -- the next step, pure ----------------------------------------------------------------------


NO_EVENTS = EventFacts()


def step(stage: str, facts: EventFacts = NO_EVENTS, **dates: date) -> NextStep | None:
    return next_step(stage, dict(dates), facts, TODAY, RULES)


def test_an_applicant_is_talked_to_within_a_month_then_may_become_an_activist() -> None:
    assert step("applicant", applied_on=date(2024, 6, 20)) == NextStep("talk", date(2024, 7, 20))
    late = step("applicant", applied_on=date(2024, 5, 1))
    assert late == NextStep("talk", date(2024, 6, 1), late=True)
    talked = EventFacts(last_talk=date(2024, 5, 10))
    assert step("applicant", talked, applied_on=date(2024, 5, 1)) == NextStep(
        "activist", date(2024, 6, 30)
    )
    assert step("applicant") is None  # no application date: nothing to count from


def test_an_activist_late_assessment_comes_before_being_eligible() -> None:
    # activist for over a year, last assessed 2023-12-01: due 2024-06-01, late
    facts = EventFacts(last_assessment=date(2023, 12, 1))
    assert step("activist", facts, activist_on=date(2023, 3, 1)) == NextStep(
        "assessment", date(2024, 6, 1), late=True
    )
    # assessed recently: may become a candidate now (since 2024-02-29)
    recent = EventFacts(last_assessment=date(2024, 6, 1))
    eligible = step("activist", recent, activist_on=date(2023, 3, 1))
    assert eligible == NextStep("candidate", date(2024, 2, 29))
    assert eligible is not None and eligible.reached(TODAY)
    # a new activist: the first assessment comes before the year is over
    assert step("activist", activist_on=date(2024, 4, 1)) == NextStep(
        "assessment", date(2024, 10, 1)
    )


def test_a_candidate_needs_training_then_may_be_admitted() -> None:
    short = EventFacts(training_hours=16)
    assert step("candidate", short, candidate_on=date(2024, 3, 10)) == NextStep(
        "training", None, hours=16, required=24
    )
    trained = EventFacts(training_hours=24)
    assert step("candidate", trained, candidate_on=date(2024, 5, 1)) == NextStep(
        "admission", date(2024, 6, 30)
    )


def test_a_probationary_member_s_next_step_is_the_end_of_the_probation() -> None:
    assert step("probationary", admitted_on=date(2023, 11, 15)) == NextStep(
        "probation_end", date(2024, 11, 15)
    )
    over = step("probationary", admitted_on=date(2023, 5, 1))
    assert over == NextStep("probation_end", date(2024, 5, 1), late=True)
    extended = step(
        "probationary", admitted_on=date(2023, 5, 1), probation_extended_to=date(2024, 11, 1)
    )
    assert extended == NextStep("probation_end", date(2024, 11, 1))
    assert step("full", admitted_on=date(2000, 1, 1)) is None


# -- the rows, through the Workspace -----------------------------------------------------------


def test_member_rows_carry_what_the_table_shows_and_the_next_step(ws: Workspace) -> None:
    first = ws.add_member(
        MemberChanges(
            name="曾刚",
            gender="男",
            group="第一党小组",
            post="组织委员",
            stage="probationary",
            applied_on=date(2020, 1, 1),
            activist_on=date(2021, 1, 1),
            candidate_on=date(2022, 6, 1),
            admitted_on=date(2023, 11, 15),
            phone="13800000001",
        )
    ).view
    second = ws.add_member(
        MemberChanges(name="单丽", stage="activist", activist_on=date(2024, 4, 1))
    ).view
    ws.add_event(second.id, "training", date(2024, 5, 1), 8, "培训")
    gone = ws.add_member(MemberChanges(name="周走", stage="full", admitted_on=date(2010, 1, 1)))
    ws.leave(gone.view.id, date(2024, 6, 1), "调往外单位", gone.view.version)

    rows = ws.member_rows()
    assert [r.name for r in rows] == ["曾刚", "单丽"]
    zeng = rows[0]
    assert (zeng.id, zeng.gender, zeng.group, zeng.post, zeng.stage) == (
        first.id,
        "男",
        "第一党小组",
        "组织委员",
        "probationary",
    )
    assert zeng.admitted_on == date(2023, 11, 15) and zeng.confirmed_on is None
    assert "zenggang" in zeng.name_key.split() and "zg" in zeng.name_key.split()
    assert zeng.phone == "13800000001"  # stored; the screen masks it
    assert zeng.next == NextStep("probation_end", date(2024, 11, 15))
    assert rows[1].next == NextStep("assessment", date(2024, 10, 1))

    everyone = ws.member_rows(include_left=True)
    assert [r.name for r in everyone] == ["曾刚", "单丽", "周走"]  # active first
    left = everyone[2]
    assert not left.active and left.next == NextStep("left", date(2024, 6, 1))


def test_member_rows_import_no_orm(initialised_db: Path) -> None:
    code = (
        "import sys; from branchtui.config import load_settings;"
        "from branchtui.domain.workspace import Workspace;"
        f"ws = Workspace.open(load_settings(flags={{'database.url': {str(initialised_db)!r}}}));"
        "ws.member_rows(True); ws.owner_choices();"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'sqlmodel', 'pydantic', 'pypinyin', 'alembic'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# -- the promotion preview -----------------------------------------------------------------------


def test_the_preview_says_what_promote_then_does_and_writes_nothing(
    ws: Workspace, initialised_db: Path
) -> None:
    member = ws.add_member(
        MemberChanges(name="吴婷", stage="activist", activist_on=date(2024, 4, 1))
    ).view
    before = dump(initialised_db)
    preview = ws.promotion_preview(member.id, TODAY, member.version)
    assert dump(initialised_db) == before  # nothing written
    assert (preview.stage, preview.target, preview.on_date) == ("activist", "candidate", TODAY)
    assert [w.key for w in preview.warnings] == ["stages.too_soon", "member.few_sponsors"]
    assert preview.confirmed_on is None and preview.version == member.version

    written = ws.promote(member.id, TODAY, preview.version)
    assert written.view.stage == "candidate" and written.view.candidate_on == TODAY
    assert written.notices == preview.warnings  # the same warnings, from the same code


def test_the_preview_of_a_confirmation_gives_the_date_the_rules_give(ws: Workspace) -> None:
    member = ws.add_member(
        MemberChanges(name="刘洋", stage="probationary", admitted_on=date(2023, 11, 15))
    ).view
    preview = ws.promotion_preview(member.id, TODAY, member.version)
    assert preview.target == "full"
    assert preview.confirmed_on == date(2024, 11, 15)  # the end of the 预备期, not TODAY
    assert [w.key for w in preview.warnings] == ["stages.probation_not_over"]
    view = ws.promote(member.id, TODAY, preview.version).view
    assert view.confirmed_on == date(2024, 11, 15)
    assert [(e.kind, e.date) for e in view.events] == [("approval", TODAY)]


def test_the_preview_refuses_what_promote_refuses_and_a_stale_version(ws: Workspace) -> None:
    member = ws.add_member(
        MemberChanges(name="孙浩", stage="applicant", applied_on=date(2024, 3, 15))
    ).view
    with pytest.raises(ValidationError) as after_today:
        ws.promotion_preview(member.id, date(2024, 8, 1), member.version)
    assert after_today.value.key == "member.promote_after_today"
    edited = ws.edit_member(member.id, MemberChanges(group="第二党小组"), member.version)
    with pytest.raises(ConflictError) as stale:
        ws.promotion_preview(member.id, TODAY, member.version)
    assert stale.value.who == "王书记"
    with pytest.raises(ConflictError):
        ws.promote(member.id, TODAY, member.version)
    assert ws.promote(member.id, TODAY, edited.view.version).view.stage == "activist"


def test_members_and_events_through_the_workspace(ws: Workspace) -> None:
    written = ws.add_member(
        MemberChanges(name="黄丽", stage="candidate", candidate_on=date(2024, 5, 1))
    )
    member = written.view
    assert member.name == "黄丽" and written.changed
    event_id = ws.add_event(member.id, "training", date(2024, 5, 20), 20, "集中培训")
    assert ws.member(member.id).training_hours == 20
    event = ws.member(member.id).events[0]
    assert event.id == event_id
    edited = ws.edit_event(event_id, EventChanges(hours=24.0), event.version)
    assert edited.changed and edited.view.hours == 24
    assert ws.member(member.id).training_hours == 24
    with pytest.raises(ConflictError):
        ws.edit_event(event_id, EventChanges(note="旧版本"), event.version)
    same = ws.edit_event(event_id, EventChanges(hours=24.0), edited.view.version)
    assert not same.changed
    ws.delete_event(event_id, edited.view.version)
    assert ws.member(member.id).events == ()

    current = ws.member(member.id)
    changes = MemberChanges(post="青年委员", phone="13912345678", notes=UNSET)
    after = ws.edit_member(member.id, changes, current.version)
    assert after.view.post == "青年委员" and after.view.phone == "13912345678"
    gone = ws.leave(member.id, TODAY, None, after.view.version).view
    assert not gone.active and gone.left_on == TODAY
    assert [r.id for r in ws.member_rows()] == []
