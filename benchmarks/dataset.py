"""SPEC §9's data set: 10,000 plan items in one year (30,000 steps), 1,000 members and
20 checklists — and half a year of 三会一课 for those members (SPEC §9 names none; a
branch this size records some 60 meetings with about 10,000 attendees by July) — written
with plain sqlite3 into a migrated database in a few seconds.

`build_dataset(path)` creates and migrates the database first when it is missing or empty
(through branchtui itself), then inserts the rows directly: going through the domain
layer, one unit of work per record, would take minutes. The data is random but fixed by a
seed, so every run measures the same thing.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from branchtui.domain.item_rules import CATEGORIES

ITEMS = 10_000
STEPS_PER_ITEM = 3
MEMBERS = 1_000
EVENTS_PER_MEMBER = 2
CHECKLISTS = 20
YEAR = 2024

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曾彭萧田董袁潘于蒋蔡余杜叶程"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌宁海燕鹏辉晓东雪梅"
_STATUSES = ("todo", "doing", "doing", "review", "done", "done", "blocked", "cancelled")
_CATEGORIES = CATEGORIES
_STAGES = ("applicant", "activist", "candidate", "probationary", "full", "full", "full")
_EVENT_KINDS = ("talk", "training", "assessment", "report", "approval", "other")
_PHRASES = (
    "强化党员干部的学习教育",
    "落实全面从严治党主体责任",
    "严格按照“三会一课”要求召开会议和组织活动",
    "持之以恒将“我为群众办实事”融入日常",
    "定期进行集中交流研讨",
    "党建带团建",
    "开展主题党日活动",
    "做好发展党员工作",
)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ensure_schema(path: Path) -> None:
    """A migrated database with its branch row (branchtui's own `init`)."""
    if path.exists() and path.stat().st_size > 0:
        with sqlite3.connect(path) as connection:
            found = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'plan_item'"
            ).fetchone()[0]
        if found:
            return
    from branchtui.domain import branch
    from branchtui.storage.database import open_database

    db = open_database(str(path), user="benchmark", create=True)
    try:
        branch.ensure(db, "基准测试党支部", rename=False)
    finally:
        db.close()


def build_dataset(path: Path | str, *, seed: int = 20240701) -> dict[str, int]:
    """Fill the database at `path` with SPEC §9's data set; return the rows per table."""
    from branchtui.domain.names import name_key
    from branchtui.domain.templates import TEMPLATES

    path = Path(path)
    _ensure_schema(path)
    rng = random.Random(seed)
    start = datetime(YEAR, 1, 5, 9, 0, tzinfo=UTC)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:
            if connection.execute("SELECT count(*) FROM branch").fetchone()[0] == 0:
                connection.execute(
                    "INSERT INTO branch (name, created_at) VALUES (?, ?)",
                    ("基准测试党支部", _stamp(start)),
                )
            member_ids = _members(connection, rng, start, name_key)
            _items(connection, rng, start, member_ids)
            _checklists(connection, rng, start, list(TEMPLATES.values()))
            _meetings(connection, rng, start)
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "member",
                "member_event",
                "plan_item",
                "step",
                "checklist",
                "checklist_entry",
                "checklist_check",
                "meeting",
                "meeting_attendance",
            )
        }
    finally:
        connection.close()


def _members(
    connection: sqlite3.Connection, rng: random.Random, start: datetime, name_key: object
) -> list[int]:
    keys: dict[str, str] = {}
    ids: list[int] = []
    for index in range(MEMBERS):
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(("", *_GIVEN))
        if name not in keys:
            keys[name] = name_key(name)  # type: ignore[operator]
        stage = rng.choice(_STAGES)
        created = _stamp(start + timedelta(minutes=index))
        admitted = date(2015 + index % 9, 1 + index % 12, 1 + index % 28)
        cursor = connection.execute(
            "INSERT INTO member (uid, name, name_key, gender, ethnicity, birth_date,"
            " education, party_group, post, stage, applied_on, admitted_on, active,"
            " phone, id_number, created_at, updated_at, version)"
            " VALUES (?, ?, ?, ?, '汉族', ?, '大学本科', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (
                _uid(rng),
                name,
                keys[name],
                rng.choice(("男", "女")),
                date(1960 + index % 35, 1 + index % 12, 1 + index % 28).isoformat(),  # 18 by 2014
                f"第{1 + index % 8}党小组",
                "书记" if index == 0 else None,
                stage,
                date(2014, 3, 1).isoformat(),
                admitted.isoformat() if stage in ("probationary", "full") else None,
                index % 50 != 0,
                f"138{index:08d}",
                f"110101{1960 + index % 40}0101{index % 10000:04d}",
                created,
                created,
            ),
        )
        assert cursor.lastrowid is not None
        ids.append(cursor.lastrowid)
    events = [
        (
            _uid(rng),
            member_id,
            date(YEAR, 1 + n * 5, 10).isoformat(),
            rng.choice(_EVENT_KINDS),
            4.0 if n == 0 else None,
            "谈心谈话",
            _stamp(start),
            _stamp(start),
        )
        for member_id in ids
        for n in range(EVENTS_PER_MEMBER)
    ]
    connection.executemany(
        "INSERT INTO member_event (uid, member_id, date, kind, hours, note, created_at,"
        " updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
        events,
    )
    return ids


def _items(
    connection: sqlite3.Connection, rng: random.Random, start: datetime, member_ids: list[int]
) -> None:
    item_rows = []
    for number in range(1, ITEMS + 1):
        status = rng.choice(_STATUSES)
        created = start + timedelta(seconds=number)
        done = status == "done"
        item_rows.append(
            (
                _uid(rng),
                YEAR,
                number,
                f"{rng.choice(_PHRASES)}（第{number}项）",
                "围绕年度重点任务，结合支部实际，制定具体措施并抓好落实。" if number % 3 else None,
                rng.choice(_CATEGORIES),
                rng.choice(member_ids) if number % 3 == 0 else None,
                "团支部" if number % 3 == 1 else None,
                (date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))).isoformat(),
                status,
                100 if done else rng.choice((0, 10, 30, 50, 80)),
                "已按计划完成，佐证材料已归档。" if done else None,
                _stamp(created + timedelta(days=30)) if done else None,
                "书记" if done else None,
                _stamp(created),
                _stamp(created + timedelta(days=30)),
            )
        )
    connection.executemany(
        "INSERT INTO plan_item (uid, year, number, title, detail, category, owner_id,"
        " owner_text, due, status, progress, evidence, completed_at, completed_by,"
        " created_at, updated_at, version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        item_rows,
    )
    ids = [
        row[0]
        for row in connection.execute(
            "SELECT id FROM plan_item WHERE year = ? ORDER BY number", (YEAR,)
        )
    ]
    steps = []
    statuses = [row[9] for row in item_rows]  # in 序号 order, like `ids`
    for item_id, status in zip(ids, statuses, strict=True):
        for position in range(1, STEPS_PER_ITEM + 1):
            # As the commands keep them (the import refuses anything else): a done item's
            # steps all done, a todo item's none.
            done = status == "done" or (status != "todo" and rng.random() < 0.4)
            stamp = _stamp(start + timedelta(days=position * 20))
            steps.append(
                (
                    _uid(rng),
                    item_id,
                    position,
                    f"第{position}步：制定方案并组织实施",
                    done,
                    stamp if done else None,
                    "组织委员" if done else None,
                    date(YEAR, 2 * position + 1, 15).isoformat(),
                    stamp,
                    stamp,
                )
            )
    connection.executemany(
        "INSERT INTO step (uid, item_id, position, title, done, done_at, done_by, due,"
        " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        steps,
    )


def _checklists(
    connection: sqlite3.Connection, rng: random.Random, start: datetime, templates: list[object]
) -> None:
    from branchtui.domain.periods import periods

    for index in range(CHECKLISTS):
        template = templates[index % len(templates)]
        stamp = _stamp(start + timedelta(hours=index))
        cursor = connection.execute(
            "INSERT INTO checklist (uid, year, kind, title, starts_on, created_at, updated_at,"
            " version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
            (
                _uid(rng),
                YEAR,
                template.kind,  # type: ignore[attr-defined]
                f"{template.title(YEAR)}（{index + 1}）",  # type: ignore[attr-defined]
                date(YEAR, 1, 1).isoformat(),
                stamp,
                stamp,
            ),
        )
        checklist_id = cursor.lastrowid
        for position, entry in enumerate(template.entries, start=1):  # type: ignore[attr-defined]
            cursor = connection.execute(
                "INSERT INTO checklist_entry (uid, checklist_id, position, title, frequency,"
                " due_month, owner, note, created_at, updated_at, version)"
                " VALUES (?, ?, ?, ?, ?, ?, '书记', NULL, ?, ?, 1)",
                (
                    _uid(rng),
                    checklist_id,
                    position,
                    entry.title,
                    entry.frequency,
                    entry.due_month,
                    stamp,
                    stamp,
                ),
            )
            entry_id = cursor.lastrowid
            for period in periods(entry.frequency, YEAR)[:6]:
                if period > f"{YEAR}-06" or rng.random() < 0.2:
                    continue
                connection.execute(
                    "INSERT INTO checklist_check (uid, entry_id, period, done_at, done_by,"
                    " evidence) VALUES (?, ?, ?, ?, '书记', '会议记录已归档')",
                    (_uid(rng), entry_id, period, stamp),
                )


def _meetings(connection: sqlite3.Connection, rng: random.Random, start: datetime) -> None:
    """January to June: 支委会, each 党小组's meeting and 主题党日 monthly, 支部党员大会 and
    党课 quarterly; every active Party member expected (the group's at a group meeting),
    about one in ten excused."""
    party = connection.execute(
        "SELECT id, party_group, post FROM member"
        " WHERE active = 1 AND stage IN ('probationary', 'full')"
    ).fetchall()
    groups = sorted({group for _id, group, _post in party})
    planned: list[tuple[str, str | None, date]] = []
    for month in range(1, 7):
        planned.append(("committee", None, date(YEAR, month, 8)))
        planned.append(("theme_day", None, date(YEAR, month, 20)))
        planned += [("group", group, date(YEAR, month, 12)) for group in groups]
    for month in (3, 6):
        planned.append(("general", None, date(YEAR, month, 26)))
        planned.append(("lecture", None, date(YEAR, month, 15)))
    stamp = _stamp(start)
    for kind, group, held_on in planned:
        cursor = connection.execute(
            "INSERT INTO meeting (uid, kind, held_on, place, host_id, party_group, topic,"
            " lecturer_id, created_at, updated_at, version)"
            " VALUES (?, ?, ?, '党员活动室', ?, ?, ?, ?, ?, ?, 1)",
            (
                _uid(rng),
                kind,
                held_on.isoformat(),
                party[0][0],
                group,
                rng.choice(_PHRASES),
                party[0][0] if kind == "lecture" else None,
                stamp,
                stamp,
            ),
        )
        expected = [
            member_id
            for member_id, member_group, post in party
            if (kind != "group" or member_group == group) and (kind != "committee" or post)
        ]
        connection.executemany(
            "INSERT INTO meeting_attendance (uid, meeting_id, member_id, status, reason)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (_uid(rng), cursor.lastrowid, member_id, *excused)
                for member_id in expected
                for excused in [("excused", "出差") if rng.random() < 0.1 else ("present", None)]
            ],
        )


if __name__ == "__main__":
    import sys

    print(build_dataset(Path(sys.argv[1])))
