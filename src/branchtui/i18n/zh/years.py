"""中文: opening a year (year start)."""

MESSAGES: dict[str, str] = {
    "help.year_command": "年度",
    "help.year.start": "开启新年度：上年度的责任清单再建一份（不含勾选），未完成事项结转为新年度事项",
    "help.year.year": "要开启的年度（如 2025）",
    "help.year.dry_run": "只列出将要新增的内容，不写入",
    "year.done": "已开启{year}年（自{previous}年）：",
    "year.preview": "预览：开启{year}年（自{previous}年）将新增以下内容，未写入：",
    "year.nothing": "{year}年已开启：{previous}年的责任清单和未完成事项都已在{year}年，没有要新增的。",
    "year.checklists": "责任清单 {count} 份：",
    "year.checklists_one": "责任清单 {count} 份：",
    "year.checklist": "{title}（{kind}，{entries} 项，自 {starts_on} 起，编号 {id}）",
    "year.items": "结转事项 {count} 项：",
    "year.items_one": "结转事项 {count} 项：",
    "year.item": "{previous}年第{old}项 → {year}年第{number}项 {title}{steps}（编号 {id}）",
    "year.steps": "，未完成步骤 {count} 个",
    "year.steps_one": "，未完成步骤 {count} 个",
    "year.already": "已在新年度的不再新增：责任清单 {checklists}；已结转的事项 {items} 项",
    "item.carried_from": "结转自",
    "item.carried_to": "已结转至",
    "item.ref": "{year}年第{number}项“{title}”（编号 {id}）",
}
