"""The demo branch's data: about fifteen invented members, the 2023 summary, the 2024 plan
and the ideology checklist's ticks.

Taken from the sample document (tests/data/sample_2023_summary_2024_plan.txt); people are
invented (no real personal data). `domain.demo` loads these tables through the domain
functions. Dates are ISO text, or `M.D` in DEMO_YEAR.
"""

from __future__ import annotations

from typing import Any

DEMO_YEAR = 2024
# The day the demo is seen from, unless BRANCHTUI_TODAY says otherwise: just before the
# year-end inspection, when the secretary asks what is late and drafts the report — not
# two years on, when everything would read as hundreds of days overdue.
DEMO_TODAY = "2024-12-20"
BRANCH_NAME = "XX党支部"

# name, fields (stage dates, group, post…), events (kind, date, hours, note)
MEMBERS: list[tuple[str, dict[str, Any], list[tuple[str, str, float | None, str]]]] = [
    (
        "张建国",
        {
            "gender": "男",
            "ethnicity": "汉族",
            "birth_date": "1975-03-12",
            "education": "大学本科",
            "group": "第一党小组",
            "post": "书记",
            "stage": "full",
            "admitted_on": "2000-06-20",
            "confirmed_on": "2001-06-20",
            "phone": "13800000001",
        },
        [],
    ),
    (
        "曾晓明",
        {
            "gender": "男",
            "ethnicity": "汉族",
            "birth_date": "1982-08-02",
            "education": "大学本科",
            "group": "第一党小组",
            "post": "副书记",
            "stage": "full",
            "admitted_on": "2008-07-01",
            "confirmed_on": "2009-07-01",
        },
        [],
    ),
    (
        "单丽华",
        {
            "gender": "女",
            "ethnicity": "汉族",
            "birth_date": "1986-11-23",
            "education": "硕士研究生",
            "group": "第一党小组",
            "post": "组织委员",
            "stage": "full",
            "admitted_on": "2012-05-18",
            "confirmed_on": "2013-05-18",
        },
        [],
    ),
    (
        "翟志强",
        {
            "gender": "男",
            "ethnicity": "回族",
            "birth_date": "1979-01-30",
            "education": "大学专科",
            "group": "第二党小组",
            "post": "纪检委员",
            "stage": "full",
            "admitted_on": "2005-12-01",
            "confirmed_on": "2006-12-01",
        },
        [],
    ),
    (
        "李红梅",
        {
            "gender": "女",
            "ethnicity": "彝族",
            "birth_date": "1990-04-15",
            "education": "大学本科",
            "group": "第二党小组",
            "post": "宣传委员",
            "stage": "full",
            "admitted_on": "2014-06-28",
            "confirmed_on": "2015-06-28",
        },
        [],
    ),
    (
        "王磊",
        {
            "gender": "男",
            "ethnicity": "汉族",
            "birth_date": "1992-09-09",
            "education": "大学本科",
            "group": "第二党小组",
            "post": "青年委员",
            "stage": "full",
            "admitted_on": "2017-07-01",
            "confirmed_on": "2018-07-01",
        },
        [],
    ),
    (
        "赵敏",
        {
            "gender": "女",
            "ethnicity": "白族",
            "birth_date": "1995-02-14",
            "education": "大学本科",
            "group": "第一党小组",
            "stage": "full",
            "admitted_on": "2021-06-25",
            "confirmed_on": "2022-06-25",
        },
        [],
    ),
    (
        "刘洋",
        {
            "gender": "男",
            "ethnicity": "汉族",
            "birth_date": "1996-05-06",
            "education": "大学本科",
            "group": "第二党小组",
            "stage": "probationary",
            "applied_on": "2020-03-02",
            "activist_on": "2020-09-10",
            "candidate_on": "2023-08-15",
            "admitted_on": "2023-11-15",
            "sponsors": "张建国、曾晓明",
        },
        [
            ("training", "2023-10-20", 24.0, "发展对象集中培训"),
            ("approval", "2023-11-15", None, "支部大会讨论通过接收为预备党员"),
        ],
    ),
    (
        "陈静",
        {
            "gender": "女",
            "ethnicity": "汉族",
            "birth_date": "1997-12-01",
            "education": "硕士研究生",
            "group": "第一党小组",
            "stage": "probationary",
            "applied_on": "2021-04-06",
            "activist_on": "2021-10-12",
            "candidate_on": "2024-01-10",
            "admitted_on": "2024-05-20",
            "sponsors": "单丽华、李红梅",
        },
        [("training", "2024-03-18", 24.0, "公司党委发展对象培训班")],
    ),
    (
        "杨帆",
        {
            "gender": "男",
            "ethnicity": "汉族",
            "birth_date": "1998-07-21",
            "education": "大学本科",
            "group": "第二党小组",
            "stage": "candidate",
            "applied_on": "2022-03-01",
            "activist_on": "2022-09-15",
            "candidate_on": "2024-03-10",
            "sponsors": "翟志强、王磊",
        },
        [("training", "2024-04-12", 16.0, "线上集中学习（未满24学时）")],
    ),
    (
        "黄丽",
        {
            "gender": "女",
            "ethnicity": "壮族",
            "birth_date": "1999-10-03",
            "education": "大学本科",
            "group": "第一党小组",
            "stage": "candidate",
            "applied_on": "2022-05-05",
            "activist_on": "2022-11-20",
            "candidate_on": "2024-05-01",
            "sponsors": "张建国、赵敏",
        },
        [("training", "2024-05-20", 24.0, "发展对象集中培训")],
    ),
    (
        "周强",
        {
            "gender": "男",
            "ethnicity": "汉族",
            "birth_date": "2000-01-17",
            "education": "大学专科",
            "group": "第二党小组",
            "stage": "activist",
            "applied_on": "2023-03-20",
            "activist_on": "2023-10-10",
            "contacts": "张建国、李红梅",
        },
        [
            ("assessment", "2024-04-10", None, "半年考察：表现良好"),
            ("report", "2024-03-30", None, "第一季度思想汇报"),
        ],
    ),
    (
        "吴婷",
        {
            "gender": "女",
            "ethnicity": "汉族",
            "birth_date": "2001-06-30",
            "education": "大学本科",
            "group": "第一党小组",
            "stage": "activist",
            "applied_on": "2023-09-01",
            "activist_on": "2024-04-01",
            "contacts": "单丽华",
        },
        [],
    ),
    (
        "孙浩",
        {
            "gender": "男",
            "ethnicity": "汉族",
            "birth_date": "2001-12-12",
            "education": "大学本科",
            "group": "第二党小组",
            "stage": "applicant",
            "applied_on": "2024-03-15",
        },
        [("talk", "2024-04-02", None, "组织委员谈话")],
    ),
    (
        "朱琳",
        {
            "gender": "女",
            "ethnicity": "汉族",
            "birth_date": "2002-08-08",
            "education": "大学本科",
            "group": "第一党小组",
            "stage": "applicant",
            "applied_on": "2024-06-01",
        },
        [],
    ),
    (
        "仇伟",
        {
            "gender": "男",
            "ethnicity": "汉族",
            "birth_date": "1988-03-03",
            "education": "大学本科",
            "group": "第二党小组",
            "stage": "full",
            "admitted_on": "2010-07-01",
            "confirmed_on": "2011-07-01",
        },
        [],
    ),
]
LEFT = ("仇伟", "2024-04-30", "调往公司总部，组织关系转出")

# The 2023 summary's six sections, done, with what the document says was done.
SUMMARY_2023: list[tuple[str, str, str]] = [
    (
        "筑牢思想之基，不断深化理论学习教育",
        "study",
        "参加公司党委专项理论学习、“万名党员进党校”、中层管理人员能力提升培训班；运用集中学习、"
        "个人自学、交流研讨、“云岭先锋”夜校、微党课等形式开展学习。",
    ),
    (
        "深入推进“五融五创”工作，有效提升党建工作质量",
        "organization",
        "联合市红十字会开展“党建共建强堡垒”主题党日活动；设立“党员先锋队”“火炬”青年突击队，"
        "划分党员责任区；XX项目顺利完成“6.30”节点任务。",
    ),
    (
        "强化党风廉政建设，全面推进从严治党",
        "integrity",
        "书记履行第一责任人职责，班子成员履行“一岗双责”；重点岗位人员签订廉洁从业承诺书；"
        "落实中央八项规定精神和反“四风”要求。",
    ),
    (
        "抓牢意识形态工作，加强舆情监控",
        "ideology",
        "书记拟定年度工作清单和落实方案；意识形态工作纳入“三会一课”和理论学习计划，"
        "与业务工作同部署、同落实、同检查、同考核。",
    ),
    (
        "强化群团工作，有效凝聚职工力量",
        "mass",
        "开展职工生日慰问、送温暖、“十建杯”职工篮球比赛、送清凉等活动；"
        "组织两名青年团员参加公司专题演讲比赛。",
    ),
    (
        "强化风险防控，信访维稳平稳可控",
        "stability",
        "落实农民工实名制管理，工资按时足额发放，未发生恶意讨薪事件；严格落实维稳“零报告”制度。",
    ),
]

# The 2024 plan: title, detail, category, owner (member or owner text), due, status,
# progress by hand (items without steps), evidence, steps (title, done).
PLAN_2024: list[dict[str, Any]] = [
    {
        "title": "强党员干部的学习教育",
        "detail": "不断提高广大党员干部的思想政治素质，把学习贯彻习近平新时代中国特色社会主义思想、"
        "XX大精神作为重中之重，做到系统深入学、带着问题学、结合实际学，不断把学习引向深入",
        "category": "study",
        "owner": "李红梅",
        "due": "12.31",
        "status": "doing",
        "steps": [
            ("制定年度学习计划", True),
            ("每月集中学习一次", False),
            ("撰写学习心得体会", False),
        ],
    },
    {
        "title": "把学习文件为主的方式与交流研讨、观看红色电影、参观教育基地、参与公益活动、"
        "现场观摩、邀请专家进行座谈交流等多样性学习方式结合起来",
        "detail": "使支部组织生活由形式单一向多样化转变；",
        "category": "organization",
        "owner": "单丽华",
        "due": "6.30",
        "status": "doing",
        "steps": [("参观教育基地", True), ("观看红色电影", False), ("邀请专家座谈交流", False)],
    },
    {
        "title": "进一步落实全面从严治党主体责任",
        "detail": "以政治建设统领支部党建工作，突出政治功能，抓实支部建设。进一步健全和完善党建目标"
        "责任制和各项工作制度。认真落实党风廉政建设责任目标。",
        "category": "integrity",
        "owner": "翟志强",
        "due": "3.31",
        "status": "done",
        "evidence": "签订廉洁从业承诺书12份；开展警示教育2次；完善党建目标责任制。",
        "steps": [("签订廉洁从业承诺书", True), ("开展警示教育", True)],
    },
    {
        "title": "党支部书记是党建带团建第一责任人",
        "detail": "要切实担负起党建带团建的领导责任，经常听取团支部工作汇报，为团组织创造良好的"
        "工作条件，确保团组织的各项活动顺利开展。",
        "category": "mass",
        "owner_text": "团支部",
        "due": "5.4",
        "status": "done",
        "evidence": "“五·四”青年节专题活动已开展，书记听取团支部工作汇报2次。",
        "steps": [],
    },
    {
        "title": "定期进行集中交流研讨",
        "detail": "支部内党员干部职工互相交流体会、收获以及进一步打算，不断提高党组织生活质量。",
        "category": "organization",
        "owner": "曾晓明",
        "due": "9.30",
        "status": "todo",
        "steps": [],
    },
    {
        "title": "严格按照“三会一课”要求召开会议和组织活动",
        "detail": "不断创新丰富活动形式，并加强对先进典型的学习宣传，用身边事教育、引导身边人，"
        "不断突出党员先锋模范作用。",
        "category": "organization",
        "owner": "单丽华",
        "due": "12.31",
        "status": "doing",
        "progress": 50,
        "steps": [],
    },
    {
        "title": "持之以恒将“我为群众办实事”融入日常",
        "detail": "抓在经常，深入了解一线职工的急难愁盼问题，加大“我为群众办实事”实践活动力度，"
        "将涉及群众切身利益的实事作为重点工作持续推进。",
        "category": "service",
        "owner": "张建国",
        "due": "8.20",
        "status": "review",
        "steps": [("走访一线职工收集问题清单", True), ("解决食堂和宿舍问题", True)],
    },
]

# Ideology checklist ticks: entry position -> periods ticked (those begun by `today`).
IDEOLOGY_TICKS: dict[int, tuple[str, ...]] = {
    1: ("2024",),
    2: ("2024-H1",),
    3: ("2024-H1",),
    4: ("2024-Q1", "2024-Q2"),
    5: ("2024-Q1",),
    7: ("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"),
    8: ("2024-Q1",),
    9: ("2024-01", "2024-02", "2024-03", "2024-04", "2024-05"),
    10: ("2024-Q1", "2024-Q2"),
}

# What the demo records as done with each entry's ticks (by entry position).
IDEOLOGY_EVIDENCE: dict[int, str] = {
    1: "制定2024年意识形态工作责任清单，明确书记第一责任人和支委分工",
    2: "支委会专题研究意识形态工作，形成会议纪要",
    3: "向公司党委书面报告上半年意识形态工作，并在党员大会上通报",
    4: "形成季度意识形态形势研判报告",
    5: "在“三会一课”中安排意识形态专题学习",
    7: "更新宣传栏，审核职工微信群和公众号发布内容",
    8: "对外发布稿件经支部审核并报备",
    9: "开展网络舆情监测，未发现负面舆情",
    10: "排查苗头性、倾向性问题，未发现重大情况",
}
