"""中文: what writes say (notices, "nothing changed") and the step and checklist editing commands."""

MESSAGES: dict[str, str] = {
    "notice.prefix": "提示：",
    "write.unchanged": "没有变化：内容与原来相同，未写入",
    "item.reopened": "第 {number} 项“{title}”有未完成的步骤，已改回进行中",
    "item.started": "第 {number} 项“{title}”已有完成的步骤，状态改为进行中",
    "item.all_steps_done": "第 {number} 项的步骤已全部完成：可用 item done {id} 标记完成",
    "help.task.set": "修改步骤的标题或截止日期",
    "help.task.title": "新标题",
    "help.task.due_clear": "截止日期（空字符串清除）",
    "help.task.delete": "删除步骤",
    "task.nothing_to_set": "没有要修改的内容：请给出 --title 或 --due",
    "task.delete_needs_yes": "删除步骤 {id} 需要加 --yes 确认",
    "help.checklist.starts_on": "开始日期：此前结束的期间不计（默认今天，或该年1月1日）",
    "help.checklist.rename": "修改责任清单的名称",
    "help.checklist.delete": "删除责任清单及其事项和落实记录",
    "help.checklist.entry_set": "修改清单事项",
    "help.checklist.entry_move": "调整清单事项顺序",
    "help.checklist.entry_delete": "删除清单事项及其落实记录",
    "checklist.delete_needs_yes": "删除责任清单 {id} 需要加 --yes 确认",
    "checklist.entry_delete_needs_yes": "删除清单事项 {id} 需要加 --yes 确认",
    "checklist.nothing_to_set": "没有要修改的内容：请给出至少一个选项（如 --title）",
}
