"""Checklists on a temporary database: templates, entries, checks, due and overdue (SPEC §4)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from branchtui.domain import checklists, checks
from branchtui.domain.checklist_views import (
    ChecklistView,
    EntryView,
    PeriodView,
    get_checklist,
    list_checklists,
)
from branchtui.domain.checklists import EntryChanges
from branchtui.errors import ConflictError, NotFoundError, ValidationError
from branchtui.i18n import set_language
from branchtui.storage.database import Database, open_database
from branchtui.storage.models import Change, Check, Checklist, ChecklistEntry, History

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
MID_JULY = date(2024, 7, 15)

# DOMAIN.md §4, written out again here so that a slip in templates.py fails a test.
IDEOLOGY = [
    ('明确书记第一责任人、委员"一岗双责"分工，制定年度工作清单和落实方案', "once", 3),
    ("支委会专题研究意识形态工作", "half_yearly", None),
    ("向上级党组织书面报告意识形态工作，向党员通报情况", "half_yearly", None),
    ("开展意识形态领域形势分析研判，形成研判报告", "quarterly", None),
    ('将意识形态内容纳入"三会一课"和理论学习', "quarterly", None),
    ("开展意识形态专题培训或专题党课", "yearly", 12),
    ("管理宣传阵地（职工微信群、宣传栏、公众号）", "monthly", None),
    ("报告会、讲座、对外发布材料审核报备", "quarterly", None),
    ("网络舆情监测，更新舆情应对预案", "monthly", None),
    ("排查苗头性、倾向性问题，重大情况及时报告", "quarterly", None),
    ("书记述职中专题报告意识形态工作，纳入组织生活会", "yearly", 12),
    ("学习贯彻网络意识形态责任制实施细则", "yearly", 12),
    ("意识形态工作责任制落实情况自查和年度总结", "yearly", 12),
]
INTEGRITY = [
    ('制定年度党风廉政建设责任清单，落实书记第一责任人、班子成员"一岗双责"', "once", 3),
    ("关键岗位人员签订廉洁从业承诺书", "yearly", 3),
    ("开展警示教育（观看警示片、通报典型案例）", "half_yearly", None),
    ("元旦、春节、五一、国庆、中秋等节前廉洁提醒", "quarterly", None),
    ("开展廉政谈话（书记与班子成员、关键岗位）", "half_yearly", None),
    ("重点领域廉洁风险排查（物资采购、分包结算等）", "half_yearly", None),
    ("落实中央八项规定精神自查", "quarterly", None),
    ("向上级党组织报告党风廉政建设情况", "yearly", 12),
]
STABILITY = [
    ('维稳"零报告"：有事报情况、无事报平安', "monthly", None),
    ("核查农民工工资按时足额发放", "monthly", None),
    ("排查矛盾纠纷和不稳定因素，建立台账", "quarterly", None),
    ("重大节日、敏感节点前开展安全稳定排查", "quarterly", None),
    ("更新突发事件应急预案并组织演练", "yearly", 6),
    ('书记履行维稳"第一责任人"职责情况报告', "yearly", 12),
]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database migrated once; each test gets a copy (migrating costs ~0.25 s)."""
    path = tmp_path_factory.mktemp("migrated") / "branch.db"
    open_database(str(path), user="tester", create=True).close()
    return path


@pytest.fixture
def db(migrated: Path, db_path: Path) -> Iterator[Database]:
    db_path.parent.mkdir(mode=0o700, parents=True)
    shutil.copyfile(migrated, db_path)
    db_path.chmod(0o600)
    database = open_database(str(db_path), user="tester")
    yield database
    database.close()


def only(views: list[ChecklistView], checklist_id: int) -> ChecklistView:
    return next(view for view in views if view.id == checklist_id)


def entry_view(db: Database, entry_id: int, today: date, year: int = 2024) -> EntryView:
    for view in list_checklists(db, year, today):
        for entry in view.entries:
            if entry.id == entry_id:
                return entry
    raise AssertionError(f"entry {entry_id} not listed")


def state(db: Database, entry_id: int, period: str, today: date) -> PeriodView:
    return next(p for p in entry_view(db, entry_id, today).periods if p.period == period)


def changes(db: Database) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Change)).one()


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def blank(db: Database, starts_on: date = date(2024, 1, 1)) -> int:
    return checklists.new_blank(db, 2024, "测试清单", MID_JULY, starts_on=starts_on)


# -- templates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("ideology", "2024年意识形态工作责任制清单", IDEOLOGY),
        ("integrity", "2024年党风廉政建设责任清单", INTEGRITY),
        ("stability", "2024年风险防控与维稳工作清单", STABILITY),
    ],
)
def test_template_creates_domain_entries(
    db: Database, kind: str, title: str, expected: list[tuple[str, str, int | None]]
) -> None:
    checklist_id = checklists.new_from_template(db, 2024, kind, MID_JULY)
    view = only(list_checklists(db, 2024, MID_JULY), checklist_id)
    assert (view.kind, view.title, view.year) == (kind, title, 2024)
    assert [(e.title, e.frequency, e.due_month) for e in view.entries] == expected
    assert [e.position for e in view.entries] == list(range(1, len(expected) + 1))
    # One unit of work: one change, with a history row per record.
    assert changes(db) == 1
    with db.read() as session:
        ops = session.exec(select(History.record)).all()
    assert ops.count("checklist") == 1 and ops.count("checklist_entry") == len(expected)


def test_template_starts_on_today_within_the_year_else_january_first(db: Database) -> None:
    this_year = checklists.new_from_template(db, 2024, "ideology", MID_JULY)
    past = checklists.new_from_template(db, 2023, "ideology", MID_JULY)
    future = checklists.new_from_template(db, 2025, "ideology", MID_JULY)
    assert only(list_checklists(db, 2024, MID_JULY), this_year).starts_on == MID_JULY
    assert only(list_checklists(db, 2023, MID_JULY), past).starts_on == date(2023, 1, 1)
    assert only(list_checklists(db, 2025, MID_JULY), future).starts_on == date(2025, 1, 1)
    assert only(list_checklists(db, 2023, MID_JULY), past).title.startswith("2023年")


def test_second_checklist_of_a_template_in_a_year_is_refused(db: Database) -> None:
    first = checklists.new_from_template(db, 2024, "ideology", MID_JULY)
    before = changes(db), count(db, ChecklistEntry)
    with pytest.raises(ValidationError) as caught:
        checklists.new_from_template(db, 2024, "ideology", MID_JULY)
    message = caught.value.message()
    assert "2024" in message and str(first) in message and "意识形态工作责任制" in message
    assert (changes(db), count(db, ChecklistEntry)) == before
    set_language("en")
    with pytest.raises(ValidationError) as caught:
        checklists.new_from_template(db, 2024, "ideology", MID_JULY)
    # The checklist's title is data (stored Chinese); the rest of the sentence is English.
    assert not CJK.search(caught.value.message().replace("2024年意识形态工作责任制清单", ""))
    # Another kind, or the same kind another year, is fine.
    checklists.new_from_template(db, 2024, "integrity", MID_JULY)
    checklists.new_from_template(db, 2025, "ideology", MID_JULY)
    assert count(db, Checklist) == 3


def test_unknown_template(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        checklists.new_from_template(db, 2024, "weekly", MID_JULY)
    assert "ideology, integrity, stability" in caught.value.message()
    assert count(db, Checklist) == 0 and changes(db) == 0


# -- blank checklists and entries ----------------------------------------------------------


def test_blank_checklist(db: Database) -> None:
    checklist_id = checklists.new_blank(db, 2024, "  党建联建清单 ", MID_JULY)
    view = only(list_checklists(db, 2024, MID_JULY), checklist_id)
    assert (view.kind, view.title, view.starts_on, view.entries) == (
        "custom",
        "党建联建清单",
        MID_JULY,
        (),
    )
    with pytest.raises(ValidationError, match="标题"):
        checklists.new_blank(db, 2024, "   ", MID_JULY)
    with pytest.raises(ValidationError, match="2023-12-01"):
        checklists.new_blank(db, 2024, "x", MID_JULY, starts_on=date(2023, 12, 1))
    assert count(db, Checklist) == 1


def test_add_entry_positions_and_due_month_defaults(db: Database) -> None:
    checklist_id = blank(db)
    yearly = checklists.add_entry(db, checklist_id, "年度总结", "yearly", owner=" 书记 ")
    monthly = checklists.add_entry(db, checklist_id, "月报", "monthly", note="")
    once = checklists.add_entry(db, checklist_id, "一次性", "once", due_month=3)
    view = only(list_checklists(db, 2024, MID_JULY), checklist_id)
    got = [(e.id, e.position, e.frequency, e.due_month, e.owner, e.note) for e in view.entries]
    assert got == [
        (yearly, 1, "yearly", 12, "书记", None),
        (monthly, 2, "monthly", None, None, None),
        (once, 3, "once", 3, None, None),
    ]


@pytest.mark.parametrize(
    ("frequency", "due_month", "fragment"),
    [
        ("monthly", 3, "截止月份"),
        ("quarterly", 12, "截止月份"),
        ("half_yearly", 6, "截止月份"),
        ("yearly", 13, "13"),
        ("once", 0, "0"),
        ("weekly", None, "weekly"),
    ],
)
def test_add_entry_refuses_bad_frequency_or_due_month(
    db: Database, frequency: str, due_month: int | None, fragment: str
) -> None:
    checklist_id = blank(db)
    before = changes(db)
    with pytest.raises(ValidationError) as caught:
        checklists.add_entry(db, checklist_id, "事项", frequency, due_month=due_month)
    assert fragment in caught.value.message()
    assert changes(db) == before and count(db, ChecklistEntry) == 0
    set_language("en")
    with pytest.raises(ValidationError) as caught:
        checklists.add_entry(db, checklist_id, "事项", frequency, due_month=due_month)
    assert not CJK.search(caught.value.message())


def test_add_entry_to_a_missing_checklist_or_without_title(db: Database) -> None:
    with pytest.raises(NotFoundError, match="责任清单 42"):
        checklists.add_entry(db, 42, "事项", "monthly")
    checklist_id = blank(db)
    with pytest.raises(ValidationError):
        checklists.add_entry(db, checklist_id, "  ", "monthly")
    assert count(db, ChecklistEntry) == 0


# -- due and overdue at every boundary -------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "due_month", "period", "today", "due", "overdue"),
    [
        # monthly: due from the first day, overdue the day after the last
        ("monthly", None, "2024-01", date(2023, 12, 31), False, False),
        ("monthly", None, "2024-01", date(2024, 1, 1), True, False),
        ("monthly", None, "2024-01", date(2024, 1, 31), True, False),
        ("monthly", None, "2024-01", date(2024, 2, 1), True, True),
        ("monthly", None, "2024-02", date(2024, 2, 29), True, False),  # leap day
        ("monthly", None, "2024-02", date(2024, 3, 1), True, True),
        ("monthly", None, "2024-03", date(2024, 2, 29), False, False),
        ("monthly", None, "2024-12", date(2024, 12, 31), True, False),
        ("monthly", None, "2024-12", date(2025, 1, 1), True, True),
        # quarterly
        ("quarterly", None, "2024-Q1", date(2024, 3, 31), True, False),
        ("quarterly", None, "2024-Q1", date(2024, 4, 1), True, True),
        ("quarterly", None, "2024-Q2", date(2024, 3, 31), False, False),
        ("quarterly", None, "2024-Q2", date(2024, 4, 1), True, False),
        ("quarterly", None, "2024-Q3", date(2024, 9, 30), True, False),
        ("quarterly", None, "2024-Q3", date(2024, 10, 1), True, True),
        ("quarterly", None, "2024-Q4", date(2024, 12, 31), True, False),
        ("quarterly", None, "2024-Q4", date(2025, 1, 1), True, True),
        # half-yearly
        ("half_yearly", None, "2024-H1", date(2024, 6, 30), True, False),
        ("half_yearly", None, "2024-H1", date(2024, 7, 1), True, True),
        ("half_yearly", None, "2024-H2", date(2024, 6, 30), False, False),
        ("half_yearly", None, "2024-H2", date(2024, 7, 1), True, False),
        ("half_yearly", None, "2024-H2", date(2024, 12, 31), True, False),
        ("half_yearly", None, "2024-H2", date(2025, 1, 1), True, True),
        # once / yearly: due from January 1, overdue after the end of due_month
        ("once", 3, "2024", date(2024, 1, 1), True, False),
        ("once", 3, "2024", date(2024, 3, 31), True, False),
        ("once", 3, "2024", date(2024, 4, 1), True, True),
        ("yearly", 6, "2024", date(2024, 6, 30), True, False),
        ("yearly", 6, "2024", date(2024, 7, 1), True, True),
        ("yearly", 2, "2024", date(2024, 2, 29), True, False),
        ("yearly", 2, "2024", date(2024, 3, 1), True, True),
        ("yearly", None, "2024", date(2024, 12, 31), True, False),  # December by default
        ("yearly", None, "2024", date(2025, 1, 1), True, True),
        ("yearly", None, "2024", date(2023, 12, 31), False, False),
    ],
)
def test_due_and_overdue_at_the_boundaries(
    db: Database,
    frequency: str,
    due_month: int | None,
    period: str,
    today: date,
    due: bool,
    overdue: bool,
) -> None:
    entry_id = checklists.add_entry(db, blank(db), "事项", frequency, due_month=due_month)
    got = state(db, entry_id, period, today)
    assert (got.due, got.done, got.overdue) == (due, False, overdue)


def test_starts_on_mid_year_makes_earlier_periods_not_due(db: Database) -> None:
    checklist_id = checklists.new_from_template(db, 2024, "ideology", MID_JULY)
    view = only(list_checklists(db, 2024, date(2024, 12, 31)), checklist_id)
    by_frequency = {e.frequency: e for e in view.entries}
    due = {f: [p.period for p in e.periods if p.due] for f, e in by_frequency.items()}
    assert due["monthly"] == [f"2024-{m:02d}" for m in range(7, 13)]
    assert due["quarterly"] == ["2024-Q3", "2024-Q4"]
    assert due["half_yearly"] == ["2024-H2"]
    assert due["once"] == []  # due in March, before the checklist began
    assert due["yearly"] == ["2024"]
    assert not any(p.overdue for e in view.entries for p in e.periods if not p.due)


def test_a_period_ending_on_starts_on_is_due(db: Database) -> None:
    entry_id = checklists.add_entry(db, blank(db, starts_on=date(2024, 6, 30)), "事项", "quarterly")
    assert state(db, entry_id, "2024-Q2", date(2024, 7, 1)).overdue
    assert not state(db, entry_id, "2024-Q1", date(2024, 7, 1)).due


# -- checks -----------------------------------------------------------------------------------


def test_check_defaults_to_the_current_period(db: Database) -> None:
    entry_id = checklists.add_entry(db, blank(db), "季度研判", "quarterly")
    assert checks.check(db, entry_id, None, MID_JULY, evidence="研判报告").view == "2024-Q3"
    q3 = state(db, entry_id, "2024-Q3", MID_JULY)
    assert (q3.done, q3.due, q3.overdue, q3.evidence, q3.done_by) == (
        True,
        True,
        False,
        "研判报告",
        "tester",
    )
    assert q3.done_at is not None and q3.done_at.tzinfo is not None
    # A late check clears the overdue mark of a past period.
    assert state(db, entry_id, "2024-Q2", MID_JULY).overdue
    assert checks.check(db, entry_id, "第二季度", MID_JULY).view == "2024-Q2"
    q2 = state(db, entry_id, "2024-Q2", MID_JULY)
    assert (q2.done, q2.overdue) == (True, False)


@pytest.mark.parametrize(
    ("frequency", "typed", "canonical"),
    [
        ("monthly", "2024-07", "2024-07"),
        ("monthly", "3月", "2024-03"),
        ("quarterly", "q1", "2024-Q1"),
        ("half_yearly", "上半年", "2024-H1"),
        ("yearly", "2024", "2024"),
        ("once", None, "2024"),
    ],
)
def test_check_accepts_period_forms(
    db: Database, frequency: str, typed: str | None, canonical: str
) -> None:
    entry_id = checklists.add_entry(db, blank(db), "事项", frequency)
    assert checks.check(db, entry_id, typed, MID_JULY).view == canonical
    with db.read() as session:
        assert session.exec(select(Check.period)).all() == [canonical]


def test_checking_twice_updates_the_evidence(db: Database) -> None:
    entry_id = checklists.add_entry(db, blank(db), "月报", "monthly")
    checks.check(db, entry_id, "2024-06", MID_JULY, evidence="第一次")
    first = state(db, entry_id, "2024-06", MID_JULY)
    checks.check(db, entry_id, "2024-06", MID_JULY, evidence="补充材料")
    again = state(db, entry_id, "2024-06", MID_JULY)
    assert again.evidence == "补充材料" and again.done_at == first.done_at
    assert count(db, Check) == 1
    # Nothing new: nothing is written, not even an empty change.
    before = changes(db)
    assert checks.check(db, entry_id, "2024-06", MID_JULY).view == "2024-06"
    assert checks.check(db, entry_id, "2024-06", MID_JULY, evidence="补充材料").view == "2024-06"
    assert changes(db) == before
    # An empty text clears the evidence.
    checks.check(db, entry_id, "2024-06", MID_JULY, evidence="")
    assert state(db, entry_id, "2024-06", MID_JULY).evidence is None


def test_a_period_not_yet_begun_cannot_be_checked(db: Database) -> None:
    entry_id = checklists.add_entry(db, blank(db), "季度研判", "quarterly")
    with pytest.raises(ValidationError) as caught:
        checks.check(db, entry_id, "2024-Q4", MID_JULY)
    assert "2024-Q4" in caught.value.message() and "2024-10-01" in caught.value.message()
    set_language("en")
    with pytest.raises(ValidationError) as caught:
        checks.check(db, entry_id, "2024-Q4", MID_JULY)
    assert not CJK.search(caught.value.message())
    # The first day of the period is fine.
    assert checks.check(db, entry_id, "2024-Q4", date(2024, 10, 1)).view == "2024-Q4"
    assert count(db, Check) == 1


def test_next_years_checklist_cannot_be_checked_yet(db: Database) -> None:
    checklist_id = checklists.new_blank(db, 2025, "明年", MID_JULY)
    entry_id = checklists.add_entry(db, checklist_id, "月报", "monthly")
    with pytest.raises(ValidationError, match="2025-01"):
        checks.check(db, entry_id, None, MID_JULY)
    assert count(db, Check) == 0


@pytest.mark.parametrize(
    ("frequency", "period", "valid"),
    [
        ("quarterly", "2024-Q5", "2024-Q1, 2024-Q2, 2024-Q3, 2024-Q4"),
        ("quarterly", "2024-07", "2024-Q1, 2024-Q2, 2024-Q3, 2024-Q4"),
        ("monthly", "2024-Q3", "2024-01, 2024-02"),
        ("half_yearly", "2023-H1", "2024-H1, 2024-H2"),
        ("yearly", "2023", "2024"),
    ],
)
def test_check_refuses_periods_the_entry_does_not_have(
    db: Database, frequency: str, period: str, valid: str
) -> None:
    entry_id = checklists.add_entry(db, blank(db), "事项", frequency)
    before = changes(db)
    with pytest.raises(ValidationError) as caught:
        checks.check(db, entry_id, period, MID_JULY)
    assert period in caught.value.message() and valid in caught.value.message()
    assert count(db, Check) == 0 and changes(db) == before


def test_check_unknown_entry(db: Database) -> None:
    with pytest.raises(NotFoundError, match="清单事项 99"):
        checks.check(db, 99, None, MID_JULY)
    with pytest.raises(NotFoundError):
        checks.uncheck(db, 99, None, MID_JULY)


def test_uncheck(db: Database) -> None:
    entry_id = checklists.add_entry(db, blank(db), "月报", "monthly")
    checks.check(db, entry_id, None, MID_JULY)
    assert checks.uncheck(db, entry_id, None, MID_JULY).view == "2024-07"
    july = state(db, entry_id, "2024-07", MID_JULY)
    assert (july.done, july.due, july.evidence) == (False, True, None)
    assert count(db, Check) == 0
    with db.read() as session:
        last = session.exec(select(History).order_by(History.id.desc())).first()  # type: ignore[union-attr]
    assert last is not None and (last.record, last.op) == ("checklist_check", "delete")
    with pytest.raises(ValidationError, match="2024-06"):
        checks.uncheck(db, entry_id, "2024-06", MID_JULY)


# -- editing, moving, deleting ------------------------------------------------------------------


def test_update_entry(db: Database) -> None:
    entry_id = checklists.add_entry(db, blank(db), "年度总结", "yearly", due_month=6, owner="书记")
    assert checklists.update_entry(db, entry_id, EntryChanges(title="年度自查", owner=""))
    entry = entry_view(db, entry_id, MID_JULY)
    assert (entry.title, entry.owner, entry.due_month, entry.version) == ("年度自查", None, 6, 2)
    # once <-> yearly keeps the due month; another frequency drops it.
    checklists.update_entry(db, entry_id, EntryChanges(frequency="once"))
    assert entry_view(db, entry_id, MID_JULY).due_month == 6
    checklists.update_entry(db, entry_id, EntryChanges(frequency="quarterly"))
    entry = entry_view(db, entry_id, MID_JULY)
    assert (entry.frequency, entry.due_month) == ("quarterly", None)
    checklists.update_entry(db, entry_id, EntryChanges(frequency="yearly"))
    assert entry_view(db, entry_id, MID_JULY).due_month == 12
    # Nothing changed: False, and no change written.
    before = changes(db)
    assert checklists.update_entry(db, entry_id, EntryChanges(title="年度自查")) is False
    assert changes(db) == before


def test_update_entry_refusals(db: Database) -> None:
    entry_id = checklists.add_entry(db, blank(db), "月报", "monthly")
    checks.check(db, entry_id, "2024-07", MID_JULY)
    version = entry_view(db, entry_id, MID_JULY).version
    before = changes(db)
    with pytest.raises(ValidationError, match="2024-07"):
        checklists.update_entry(db, entry_id, EntryChanges(frequency="quarterly"))
    with pytest.raises(ValidationError, match="截止月份"):
        checklists.update_entry(db, entry_id, EntryChanges(due_month=3))
    with pytest.raises(ConflictError):
        checklists.update_entry(
            db, entry_id, EntryChanges(title="新"), expected_version=version + 1
        )
    assert changes(db) == before
    assert checklists.update_entry(db, entry_id, EntryChanges(title="新"), expected_version=version)


def test_move_and_delete_entries(db: Database) -> None:
    checklist_id = blank(db)
    a, b, c = (checklists.add_entry(db, checklist_id, t, "monthly") for t in "甲乙丙")
    checklists.move_entry(db, c, 1)
    order = [e.id for e in only(list_checklists(db, 2024, MID_JULY), checklist_id).entries]
    assert order == [c, a, b]
    checklists.move_entry(db, c, 99)  # clamped to the end
    order = [e.id for e in only(list_checklists(db, 2024, MID_JULY), checklist_id).entries]
    assert order == [a, b, c]
    checks.check(db, a, "2024-01", MID_JULY)
    checklists.delete_entry(db, a)
    view = only(list_checklists(db, 2024, MID_JULY), checklist_id)
    assert [(e.id, e.position) for e in view.entries] == [(b, 1), (c, 2)]
    assert count(db, Check) == 0


def test_delete_checklist_deletes_children_each_with_history(db: Database) -> None:
    checklist_id = checklists.new_from_template(db, 2024, "stability", MID_JULY)
    entries = only(list_checklists(db, 2024, MID_JULY), checklist_id).entries
    checks.check(db, entries[0].id, "2024-07", MID_JULY)
    checks.check(db, entries[1].id, "2024-07", MID_JULY)
    checklists.delete_checklist(db, checklist_id)
    assert (count(db, Checklist), count(db, ChecklistEntry), count(db, Check)) == (0, 0, 0)
    with db.read() as session:
        last = session.exec(select(Change).order_by(Change.id.desc())).first()  # type: ignore[union-attr]
        assert last is not None and last.action == "checklist.delete"
        rows = session.exec(select(History).where(History.change_id == last.id)).all()
    records = [row.record for row in rows]
    assert records.count("checklist_check") == 2
    assert records.count("checklist_entry") == len(STABILITY)
    assert records[-1] == "checklist" and all(row.op == "delete" for row in rows)
    with pytest.raises(NotFoundError):
        checklists.delete_checklist(db, checklist_id)


def test_get_checklist(db: Database) -> None:
    checklist_id = checklists.new_from_template(db, 2024, "integrity", MID_JULY)
    view = get_checklist(db, checklist_id, MID_JULY)
    assert view == only(list_checklists(db, 2024, MID_JULY), checklist_id)
    with pytest.raises(NotFoundError):
        get_checklist(db, 77, MID_JULY)


def test_list_only_the_year(db: Database) -> None:
    checklists.new_from_template(db, 2023, "ideology", MID_JULY)
    this_year = checklists.new_from_template(db, 2024, "stability", MID_JULY)
    assert [v.id for v in list_checklists(db, 2024, MID_JULY)] == [this_year]
    assert list_checklists(db, 2022, MID_JULY) == []
