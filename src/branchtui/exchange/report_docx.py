"""The year-end report as a Word document (SPEC §6: `report -o 总结.docx`), with python-docx.

The document's title in Word's Title style, 第一部分/第二部分 as Heading 1, 一、… sections
as Heading 2, every paragraph and numbered point (一是…) a paragraph of its own. Chinese
text is set as official documents are: 仿宋 for the body with a first-line indent of two
characters, 黑体 for headings, 小标宋 (falling back to 宋体) for the title; Word and
LibreOffice substitute what a machine lacks.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from branchtui.display import safe
from branchtui.exchange.report_document import Heading, Numbered, Paragraph, ReportDocument
from branchtui.i18n import current_language

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["docx_bytes"]

BODY_PT = 14
# East Asian fonts by role: (font, size in points).
_ZH_FONTS = {
    "Normal": ("仿宋", BODY_PT),
    "Title": ("方正小标宋简体", 20),
    "Heading 1": ("黑体", 16),
    "Heading 2": ("楷体", 15),
}


def docx_bytes(document: ReportDocument) -> bytes:
    """The report as the bytes of a .docx file."""
    import docx

    word = docx.Document()
    word.core_properties.title = document.title
    word.core_properties.author = ""
    zh = current_language() == "zh"
    if zh:
        _chinese_styles(word)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(safe(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            _paragraph(word, block.text, zh)
        elif isinstance(block, Numbered):
            for point in block.points:
                _paragraph(word, point, zh)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _paragraph(word: Document, text: str, zh: bool) -> None:
    from docx.shared import Pt

    paragraph = word.add_paragraph(safe(text))
    if zh:
        # Two characters' indent on the first line, as Chinese documents are set.
        paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_PT)


def _chinese_styles(word: Document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name, (font, size) in _ZH_FONTS.items():
        style: Any = word.styles[name]
        style.font.size = Pt(size)
        style.font.name = font
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), font)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)  # headings black, not Word's blue
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title: Any = word.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
