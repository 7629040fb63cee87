"""English: plan documents (import-plan)."""

MESSAGES: dict[str, str] = {
    "plan.cannot_read": "Cannot read the plan file {file}: {detail}",
    "plan.none_found": "No plan part found in {file}: expected a heading that names a plan (plan, arrangements, priorities) followed by numbered items",
    "plan.detail.missing": "no such file",
    "plan.detail.os": "{error}",
    "plan.detail.binary": "not a text file (save an old .doc as .docx or .txt first)",
    "plan.detail.encoding": "unknown text encoding (UTF-8 and GB18030 are read)",
    "plan.detail.not_docx": "not a valid Word .docx file ({error})",
}
