"""中文: history, undo and `status`."""

MESSAGES: dict[str, str] = {
    "help.status": "本年度工作概况",
    "help.json": "以 JSON 输出",
    "help.status.check": "有逾期工作时以退出码 3 结束",
    "status.heading": "{year}年 · 今天 {today}",
    "status.plan": "工作计划：已完成 {done}/{total} · 平均进度 {percent}%",
    "status.overdue": "逾期 {count} 项：",
    "status.overdue_item": "{due} 逾期 {days} 天",
    "status.more": "…另有 {count} 项逾期（branchtui item list 查看全部）",
    "status.no_overdue": "没有逾期事项。",
    "status.checklists": "责任清单：",
    "status.checks_overdue": "逾期 {count}",
    "status.members": "党员及发展对象 {total} 人",
    "status.due_soon": "{days} 天内到期 {count} 项",
    "status.other_years": "本年度还没有工作事项；已有 {years} 年的计划（加 --year 查看）",
    "list.separator": "、",
}
