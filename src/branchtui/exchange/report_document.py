"""The year-end report as a document: headings, paragraphs and numbered points, written
once (exchange/report.py) and rendered as plain text here or as Word (report_docx.py).

Plain text keeps the sample document's look (tests/data/sample_2023_summary_2024_plan.txt):
one line per heading and paragraph, each numbered point (一是…；) on its own line, a blank
line before the shortcomings and before part two.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from branchtui.display import safe


@dataclass(frozen=True)
class Heading:
    """The title (level 0), a part (level 1: 第一部分…) or a section (level 2: 一、…)."""

    text: str
    level: int
    spaced: bool = False  # a blank line before it in plain text


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of prose."""

    text: str
    spaced: bool = False


@dataclass(frozen=True)
class Numbered:
    """Points numbered in the text itself (一是…；二是…。), one paragraph each."""

    points: tuple[str, ...]


Block = Heading | Paragraph | Numbered


@dataclass(frozen=True)
class ReportDocument:
    """The report's blocks in order, and what the user should know about it (said on
    stderr, never written into the document)."""

    blocks: tuple[Block, ...]
    notices: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        """The document's title (its first heading)."""
        first = self.blocks[0]
        return first.text if isinstance(first, Heading) else ""


def render_text(document: ReportDocument) -> str:
    """The document as plain text. Stored text may hold control characters (an older
    version, another tool): they are made visible, never sent to a terminal (SPEC §8)."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Numbered):
            lines += block.points
            continue
        if block.spaced:
            lines.append("")
        lines.append(block.text)
    return safe("\n".join(lines) + "\n", keep_layout=True)


__all__ = ["Block", "Heading", "Numbered", "Paragraph", "ReportDocument", "render_text"]
