"""中文: pure rules: dates, periods, names, stages."""

MESSAGES: dict[str, str] = {
    "record.required": "{field} 不能为空",
    "record.not_text": "{field} 应为文字，实际为 {value}",
    "record.too_long": "{field} 太长：{length} 个字符，最多 {limit} 个",
    "record.not_integer": "{field} 应为整数，实际为 {value}",
    "record.out_of_range": "{field} 的值 {value} 超出范围 {low}–{high}",
    "record.not_date": "{field} 应为日期（YYYY-MM-DD），实际为 {value}",
    "record.completion_not_done": "{field}：只有已完成的记录才有完成时间",
    "record.done_progress": "已完成的事项进度应为 100，实际为 {value}",
    "record.progress_from_steps": "进度 {value} 与步骤不符：按步骤应为 {derived}",
    "checklist.bad_kind": "清单类型“{value}”无效，可选：{valid}",
    "text.control_character": "{field} 含有控制字符 {char}：请只输入可见文字（多行字段可换行）",
    "date.invalid": (
        "日期“{value}”无效：请写 YYYY-MM-DD、YYYY/M/D、YYYY.M.D、YYYY年M月D日，"
        "或计划年度内的 M月D日、M.D（如 6.30），且须是实际存在的日期"
    ),
    "date.bad_today": "环境变量 {name} 的值“{value}”无效，应为 YYYY-MM-DD 格式的日期",
    "date.bad_timezone": "时区“{value}”无效，应为 IANA 时区名称（如 Asia/Shanghai）",
    "period.invalid": "期间“{value}”无效，可选：{valid}",
    "period.bad_frequency": "频次“{value}”无效，可选：{valid}",
    "period.bad_due_month": "截止月份 {value} 无效，应为 1–12",
    "stages.unknown": "阶段“{value}”无效，可选：{valid}",
    "stages.no_next": "已是正式党员，没有下一阶段",
    "stages.since_unknown": (
        "未记录成为{stage_label}的日期，无法检查转为{next_stage_label}前的最短期限"
    ),
    "stages.too_soon": (
        "从{stage_label}（{since}）到{next_stage_label}一般至少需要 {required} 天，"
        "目前只有 {elapsed} 天"
    ),
    "stages.training_short": (
        "发展对象接收为预备党员前应参加集中培训不少于 {required} 学时，目前只记录了 {hours} 学时"
    ),
    "stages.probation_not_over": "预备期到 {end} 才满，{date} 转正早了 {days} 天",
    "rules.unknown_key": "未知配置项 {name}",
    "rules.bad_value": "配置项 {name} 应为非负整数，实际为 {value!r}",
}
