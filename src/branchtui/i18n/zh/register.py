"""中文: the register in and out of Excel/CSV (member import/export)."""

MESSAGES: dict[str, str] = {
    "help.register.import": "从 Excel（.xlsx）或 CSV 导入名册：按身份证号、否则按姓名和出生日期对应已有人员；全部成功才写入",
    "help.register.file": "名册文件（.xlsx 或 .csv，CSV 可为 UTF-8 或 GB18030 编码）",
    "help.register.dry_run": "预览：只检查并列出将作的修改，不写入",
    "help.register.export": "把名册中在册人员导出为 Excel（.xlsx）或 CSV",
    "help.register.output": "输出文件（.xlsx 或 .csv）",
    "help.register.include_private": "包括联系电话和身份证号（文件仅本人可读）",
}
