"""中文: plan documents (import-plan)."""

MESSAGES: dict[str, str] = {
    "plan.cannot_read": "无法读取计划文件 {file}：{detail}",
    "plan.none_found": "{file} 中没有找到工作计划部分：需要一个写明计划（计划、安排、打算、要点等）的标题，其后是编号的条目（一是、一、（一）、1. 等）",
    "plan.detail.missing": "文件不存在",
    "plan.detail.os": "{error}",
    "plan.detail.binary": "不是文本文件（旧版 .doc 请先另存为 .docx 或 .txt）",
    "plan.detail.encoding": "文本编码无法识别（支持 UTF-8、GB18030）",
    "plan.detail.not_docx": "不是有效的 Word .docx 文件（{error}）",
    "plan.detail.too_big": "文件超过 {limit}，不像是一份工作计划",
    "plan.detail.xml_too_big": "Word 文档解压后的内容达 {size}，超过上限 {limit}（文件可能已损坏或是恶意构造的）",
    "plan.detail.too_many_paragraphs": "共有 {count} 段，超过上限 {limit} 段",
    "plan.too_many_items": "{file} 中的计划超过 {limit} 条（第 {number} 条起），本程序最多读取 {limit} 条，请分成几份导入",
}
