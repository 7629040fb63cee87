"""The demo branch's 2024 三会一课: the meetings the sample branch would have held, with a
few missing so the board shows what is late.

支部党员大会 in three quarters (the fourth missing), 支委会 every month but April and
November, each 党小组's monthly meeting (the first group's missing in August, the second's
in May and October), a 党课 every quarter (the secretary's in March, one by a lecturer of
the company's Party committee), 主题党日 every month but March and November, and in
December the 组织生活会 and the 民主评议党员. Attendance as a project branch has it:
members on site excused, 仇伟 until his transfer, and 刘洋 away on a training course from
April to June (so the no-meetings reminder has someone to name). `domain.demo` loads the
meetings held by the day the demo is loaded. Dates are `M.D` in DEMO_YEAR.
"""

from __future__ import annotations

from typing import Any

PLACE = "项目部党员活动室"
HOST = "张建国"
RECORDER = "单丽华"
GROUP_LEADERS = {"第一党小组": "曾晓明", "第二党小组": "翟志强"}
# 刘洋 away on a course (April to June), 王磊 on site now and then, 仇伟 before his transfer.
COURSE = ("刘洋", "参加公司青年骨干培训班")
SITE = ("王磊", "在施工现场值守")
TRANSFER = ("仇伟", "在公司总部办理调动手续")
AWAY = {"excused": [COURSE]}

# kind, day, topic, options: group, lecturer, excused/absent [(name, reason)]
MEETINGS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("committee", "1.8", "研究制定支部2024年工作计划和意识形态工作责任清单", {}),
    ("group", "1.12", "学习支部2024年工作计划", {"group": "第一党小组"}),
    ("group", "1.15", "学习支部2024年工作计划", {"group": "第二党小组", "excused": [SITE]}),
    ("theme_day", "1.19", "开展“新春走访慰问”主题党日活动", {}),
    ("general", "1.26", "审议支部2024年工作计划", {"excused": [TRANSFER]}),
    ("committee", "2.26", "研究节后复工安全稳定和农民工工资支付工作", {}),
    ("group", "2.27", "学习贯彻中央八项规定精神", {"group": "第一党小组"}),
    ("group", "2.28", "学习贯彻中央八项规定精神", {"group": "第二党小组"}),
    ("theme_day", "2.29", "开展“学雷锋志愿服务”主题党日活动", {}),
    ("committee", "3.11", "研究发展对象培养考察和一季度意识形态形势研判", {}),
    ("group", "3.14", "交流一季度工作体会", {"group": "第一党小组"}),
    ("group", "3.15", "交流一季度工作体会", {"group": "第二党小组", "absent": [TRANSFER]}),
    ("lecture", "3.21", "学习党章 做合格党员", {"lecturer": "张建国"}),
    ("general", "3.28", "通报一季度党建工作，学习全国两会精神", {"excused": [SITE]}),
    ("group", "4.16", "学习《中国共产党纪律处分条例》", {"group": "第一党小组"}),
    ("group", "4.18", "学习《中国共产党纪律处分条例》", {"group": "第二党小组", **AWAY}),
    ("theme_day", "4.26", "开展党纪学习教育警示教育主题党日活动", {"excused": [COURSE]}),
    ("committee", "5.13", "讨论陈静同志入党事宜，研究“五·四”青年节活动", {}),
    ("group", "5.16", "学习党纪学习教育读本", {"group": "第一党小组"}),
    (
        "general",
        "5.20",
        "讨论接收陈静同志为预备党员",
        {"excused": [COURSE, ("翟志强", "在分包结算现场")]},
    ),
    ("theme_day", "5.24", "参观红色教育基地", {"excused": [COURSE]}),
    ("committee", "6.17", "研究“七一”表彰和上半年工作总结", {}),
    ("group", "6.18", "交流党纪学习教育心得", {"group": "第一党小组"}),
    ("group", "6.20", "交流党纪学习教育心得", {"group": "第二党小组", "excused": [COURSE]}),
    ("theme_day", "6.21", "开展“安全生产月”主题党日活动", {"excused": [COURSE]}),
    ("lecture", "6.28", "廉洁从业专题党课", {"lecturer": "公司党委副书记王海", **AWAY}),
    ("committee", "7.15", "研究下半年重点工作和防汛安全", {}),
    ("group", "7.16", "学习党的二十届三中全会公报", {"group": "第一党小组"}),
    ("group", "7.18", "学习党的二十届三中全会公报", {"group": "第二党小组"}),
    ("theme_day", "7.26", "开展“送清凉”主题党日活动", {}),
    ("committee", "8.19", "研究“我为群众办实事”项目推进", {}),
    ("group", "8.22", "交流“我为群众办实事”进展", {"group": "第二党小组", "excused": [SITE]}),
    ("theme_day", "8.30", "开展“我为群众办实事”走访一线主题党日活动", {}),
    ("committee", "9.9", "研究三季度意识形态形势研判和国庆节前安全稳定", {}),
    ("group", "9.12", "学习党的二十届三中全会精神", {"group": "第一党小组"}),
    ("group", "9.13", "学习党的二十届三中全会精神", {"group": "第二党小组"}),
    ("lecture", "9.20", "意识形态工作专题党课", {"lecturer": "李红梅"}),
    ("general", "9.26", "学习贯彻党的二十届三中全会精神", {"absent": [("刘洋", "未请假")]}),
    ("theme_day", "9.27", "开展“迎国庆”主题党日活动", {}),
    ("committee", "10.14", "研究发展党员和四季度重点工作", {}),
    ("group", "10.17", "学习《中国共产党发展党员工作细则》", {"group": "第一党小组"}),
    ("theme_day", "10.25", "开展“重阳敬老”志愿服务主题党日活动", {}),
    ("group", "11.14", "对照检查，查摆问题", {"group": "第一党小组"}),
    ("group", "11.15", "对照检查，查摆问题", {"group": "第二党小组", "excused": [SITE]}),
    ("lecture", "12.12", "学习贯彻党的二十届三中全会精神专题党课", {"lecturer": "曾晓明"}),
    ("committee", "12.16", "研究召开年度组织生活会和民主评议党员", {}),
    ("group", "12.17", "年度工作总结", {"group": "第一党小组"}),
    ("group", "12.18", "年度工作总结", {"group": "第二党小组"}),
    ("theme_day", "12.20", "开展年终送温暖活动", {}),
    ("life", "12.25", "召开2024年度组织生活会，开展批评和自我批评", {}),
    ("review", "12.26", "开展2024年度民主评议党员", {"excused": [SITE]}),
]

# The kinds recorded as serving plan item 六 (严格按照“三会一课”要求召开会议和组织活动).
SERVING_ITEM_SIX = frozenset(("general", "committee", "lecture", "life"))
