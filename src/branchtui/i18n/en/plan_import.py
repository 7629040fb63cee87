"""English: plan documents (import-plan)."""

MESSAGES: dict[str, str] = {
    "plan.cannot_read": "Cannot read the plan file {file}: {detail}",
    "plan.none_found": "No plan part found in {file}: expected a heading that names a plan (plan, arrangements, priorities) followed by numbered items",
    "plan.detail.missing": "no such file",
    "plan.detail.os": "{error}",
    "plan.detail.binary": "not a text file (save an old .doc as .docx or .txt first)",
    "plan.detail.encoding": "unknown text encoding (UTF-8 and GB18030 are read)",
    "plan.detail.not_docx": "not a valid Word .docx file ({error})",
    "plan.detail.too_big": "the file is larger than {limit}, far more than a plan",
    "plan.detail.xml_too_big": "the Word document unpacks to {size}, over the limit of {limit} (a damaged or crafted file)",
    "plan.detail.too_many_paragraphs": "{count} paragraphs, over the limit of {limit}",
    "plan.too_many_items": "the plan in {file} has more than {limit} items (from item {number} on); at most {limit} are read: import it in parts",
}
