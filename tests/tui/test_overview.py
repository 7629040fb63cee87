"""The dashboard's lines from a summary, without Textual: what is late first, each line
opening its record, long lists cut with "… and N more", lines fitted to the width."""

from __future__ import annotations

from datetime import date, timedelta

from branchtui.display import cell_width
from branchtui.domain.summary import (
    ChecklistSummary,
    DatedItem,
    MemberReminder,
    OverdueStep,
    PeriodRef,
    Summary,
)
from branchtui.i18n import set_language
from branchtui.tui import overview

TODAY = date(2024, 7, 1)


def summary(late: int = 0, checklists: int = 1) -> Summary:
    overdue = tuple(
        DatedItem(
            100 + n,
            n + 1,
            f"逾期事项“{n}”·很长很长很长很长的标题…",
            "张三",
            TODAY - timedelta(3),
            3,
        )
        for n in range(late)
    )
    refs = (PeriodRef(7, 4, "开展形势分析研判", "2024-Q2", date(2024, 6, 30), False, 1),)
    now = (PeriodRef(8, 2, "支委会专题研究", "2024-H2", date(2024, 12, 31), False, 0),)
    tallies = tuple(
        ChecklistSummary(n, f"清单{n}", "ideology", 10, 4, 1, now, refs) for n in range(checklists)
    )
    return Summary(
        branch="XX党支部",
        year=2024,
        today=TODAY,
        due_soon_days=14,
        total=20,
        by_status={"todo": 5, "doing": 5, "review": 0, "done": 10, "blocked": 0, "cancelled": 0},
        percent=62.5,
        overdue=overdue[: overview.SHOWN],
        overdue_count=late,
        due_soon=(DatedItem(300, 9, "即将到期", None, TODAY + timedelta(5), 5),),
        due_soon_count=1,
        overdue_steps=(OverdueStep(400, "制定方案", TODAY - timedelta(2), 2, 101, 2, "学习"),),
        overdue_steps_count=1,
        checklists=tallies,
        members_total=15,
        by_stage={"full": 10, "probationary": 5},
        reminders=(MemberReminder(55, "李四", "probation_end", TODAY + timedelta(20), TODAY),),
        plan_years=(),
    )


def test_each_line_opens_its_record_and_long_lists_say_how_many_more() -> None:
    lines = overview.attention(summary(late=12), 78, overview.Styles())
    kinds = [(line.kind, line.target) for line in lines]
    assert kinds[0] == ("heading", None)
    assert kinds[1 : 1 + overview.SHOWN] == [("item", 100 + n) for n in range(overview.SHOWN)]
    assert "…另有 4 项" in lines[1 + overview.SHOWN].text.plain
    assert ("item", 300) in kinds  # due soon
    assert ("item", 101) in kinds  # a late step opens its item
    assert ("period", 7) in kinds and ("period", 8) in kinds
    assert ("member", 55) in kinds
    for line in lines:
        assert cell_width(line.text.plain) <= 78, line.text.plain


def test_the_headline_says_done_of_total_and_many_checklists_take_one_line() -> None:
    text = overview.headline(summary(), 60, overview.Styles()).plain
    assert text.startswith("已完成 10/20") and "平均进度 62.5%" in text and "█" in text
    assert len(overview.checklist_lines(summary(checklists=2), 78, overview.Styles())) == 2
    one = overview.checklist_lines(summary(checklists=20), 78, overview.Styles())
    assert [line.plain for line in one] == ["责任清单 20 个  已落实 80/200  逾期 20 期"]


def test_nothing_to_do_says_so() -> None:
    quiet = summary()._replace(
        due_soon=(),
        due_soon_count=0,
        overdue_steps=(),
        overdue_steps_count=0,
        checklists=(),
        reminders=(),
    )
    lines = overview.attention(quiet, 78, overview.Styles())
    assert [line.text.plain for line in lines] == ["没有逾期或即将到期的工作。"]


def test_counts_in_the_thousands_stay_on_one_line_at_80_columns() -> None:
    # SPEC §9's branch: four-digit counts of every status, hundreds in every stage.
    big = summary()._replace(
        total=9000,
        by_status={"todo": 1214, "doing": 2472, "review": 1278, "done": 2603, "blocked": 1185}
        | {"cancelled": 1248},
        members_total=980,
        by_stage={"applicant": 130, "activist": 147, "candidate": 131}
        | {"probationary": 148, "full": 424},
    )
    styles = overview.Styles()
    counts = overview.status_counts(big, styles, 78)
    members = overview.members_line(big, 78)
    assert cell_width(counts.plain) <= 78 and "已取消 1248" in counts.plain
    assert cell_width(members.plain) <= 78 and "正式党员 424" in members.plain
    # Where there is room, the full names and the spacing stay.
    assert "入党积极分子 147 · " in overview.members_line(big, 120).plain
    assert "○ 未开始 1214  ◐" in overview.status_counts(big, styles, 120).plain


def test_the_stages_stay_apart_in_english_when_the_line_is_tight() -> None:
    set_language("en")
    try:
        small = summary()._replace(
            members_total=15,
            by_stage={"applicant": 2, "activist": 2, "candidate": 2, "probationary": 2, "full": 7},
        )
        line = overview.members_line(small, 78).plain
    finally:
        set_language("zh")
    assert line == ("Register: 15 people applicant 2, activist 2, candidate 2, probation 2, full 7")
