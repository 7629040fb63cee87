"""Reading a plan document (.txt, .md, .docx) into plain lines for the plan parser.

Text is decoded as UTF-8 (with or without BOM), UTF-16 with a BOM (Word's "Unicode text"),
else GB18030, the encodings Chinese offices actually save in. Markdown loses its markup but
keeps its numbering. A .docx gives its paragraphs in order; Word's automatic numbering,
which is not part of a paragraph's text, becomes a visible marker ("1. ", "一、") so the
parser sees an enumerated item.

A plan is a few pages. What is far beyond that is refused before it is parsed, naming the
limit: a file over MAX_FILE_BYTES; a .docx whose XML would expand past MAX_XML_BYTES (a
2 MB "zip bomb" once unpacked to 550 MB of XML; zipfile never inflates a member past its
declared size, so the declared sizes bound the work); more than MAX_PARAGRAPHS paragraphs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from branchtui.errors import ValidationError, os_reason
from branchtui.exchange.enumerators import match_enumerator, to_chinese

_ZIP_MAGIC = b"PK\x03\x04"
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}

MAX_FILE_BYTES = 20 * 1024 * 1024  # a Word file with photos; a text plan is a few KB
MAX_XML_BYTES = 40 * 1024 * 1024  # a 300-page document's XML is about 10 MB
MAX_ZIP_MEMBERS = 5000
MAX_PARAGRAPHS = 20_000  # lines of text, paragraphs of Word (a plan has a few hundred)


def read_lines(path: Path) -> list[str]:
    """The document's lines, in order (not yet cleaned of noise).

    Raises `ValidationError("plan.cannot_read")` for a missing or unreadable file, a file
    that is not a real .docx, or text in none of the accepted encodings.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _cannot_read(path, "plan.detail.missing") from None
    except OSError as exc:
        raise _cannot_read(path, "plan.detail.os", error=os_reason(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise _cannot_read(path, "plan.detail.too_big", limit=_megabytes(MAX_FILE_BYTES))
    suffix = path.suffix.lower()
    # A .docx renamed to .txt is still a zip; read it as Word rather than as garbage text.
    if suffix in {".docx", ".docm", ".dotx"} or data.startswith(_ZIP_MAGIC):
        _check_package(path)
        lines = _docx_lines(path)
    else:
        lines = _decode(path, data).splitlines()
        if suffix in _MARKDOWN_SUFFIXES:
            lines = _markdown_lines(lines)
    paragraphs = sum(1 for line in lines if line.strip())
    if paragraphs > MAX_PARAGRAPHS:
        raise _cannot_read(
            path, "plan.detail.too_many_paragraphs", count=paragraphs, limit=MAX_PARAGRAPHS
        )
    return lines


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check_package(path: Path) -> None:
    """Refuse a .docx whose parts would unpack to more XML than any plan holds."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _cannot_read(path, "plan.detail.not_docx", error=str(exc)) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise _cannot_read(path, "plan.detail.not_docx", error=f"{len(members)} parts")
    unpacked = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if unpacked > MAX_XML_BYTES:
        raise _cannot_read(
            path,
            "plan.detail.xml_too_big",
            size=_megabytes(unpacked),
            limit=_megabytes(MAX_XML_BYTES),
        )


def _cannot_read(path: Path, detail_key: str, **params: Any) -> ValidationError:
    from branchtui.i18n import t

    return ValidationError("plan.cannot_read", file=str(path), detail=t(detail_key, **params))


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _cannot_read(path, "plan.detail.encoding") from None
    # NUL bytes mean a binary file (an old .doc, a PDF): GB18030 would "decode" it to garbage.
    if b"\x00" in data:
        raise _cannot_read(path, "plan.detail.binary")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _cannot_read(path, "plan.detail.encoding")


# --- Markdown ---------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_=]\s*){3,}$")
_MD_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_MD_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?:\[[ xX]\]\s+)?")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`]*)`")


def _markdown_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if _MD_FENCE.match(line) or _MD_RULE.match(line):
            continue
        heading = _MD_HEADING.match(line)
        if heading is not None:
            out.append(_md_inline(heading.group(1)))
            # A heading is a paragraph of its own; the blank line tells the parser so.
            out.append("")
            continue
        line = _MD_QUOTE.sub("", line)
        line = _MD_BULLET.sub("", line)
        out.append(_md_inline(line))
    return out


def _md_inline(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    return _MD_CODE.sub(r"\1", text)


# --- Word -------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_lines(path: Path) -> list[str]:
    # Imported here: python-docx (and lxml) is only needed when a .docx is actually read.
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise _cannot_read(path, "plan.detail.not_docx", error=str(exc)) from None
    numbering = _Numbering(document)
    lines: list[str] = []
    numbered: list[bool] = []  # per line: whether Word numbers it
    seen_cells: set[Any] = set()  # the cells' XML elements, kept alive so identity holds

    def paragraph(par: Paragraph) -> None:
        text = par.text
        marker = numbering.marker(par)
        # A typed-in number wins over the automatic one (some documents carry both).
        if marker and match_enumerator(text.strip()) is None:
            text = marker + text.strip()
        # An automatically numbered paragraph is a whole list item, never the first half
        # of a sentence the next, unnumbered paragraph finishes: a blank line says so.
        if not marker and lines and numbered[-1]:
            lines.append("")
            numbered.append(False)
        lines.append(text)
        numbered.append(bool(marker))

    def table(tab: Table) -> None:
        for row in tab.rows:
            for cell in row.cells:
                # A merged cell appears once per grid column it spans: take it once.
                if cell._tc in seen_cells:
                    continue
                seen_cells.add(cell._tc)
                for block in cell.iter_inner_content():
                    if isinstance(block, Paragraph):
                        paragraph(block)
                    else:
                        table(block)

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph(block)
        else:
            table(block)
    return lines


class _Numbering:
    """Word's automatic numbering: which paragraphs are numbered, and what the number reads."""

    def __init__(self, document: Any) -> None:
        self._formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._styles = _StyleNumbering(document)
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: python-docx cannot even create an empty one
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in node.findall(f"{_W}lvl"):
                levels[_int(lvl.get(f"{_W}ilvl"), 0)] = (
                    _val(lvl.find(f"{_W}numFmt"), "decimal"),
                    _val(lvl.find(f"{_W}lvlText"), ""),
                    _int(_val(lvl.find(f"{_W}start"), "1"), 1),
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.findall(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            levels = dict(abstract.get(_val(num.find(f"{_W}abstractNumId"), ""), {}))
            for override in num.findall(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"), 0)
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, _int(_val(start, "1"), 1))
            for ilvl, level in levels.items():
                self._formats[(num_id, ilvl)] = level

    def marker(self, par: Any) -> str:
        """The visible number of `par` followed by a space ("1. ", "一、"), or "" if none."""
        found = _num_pr(par, self._styles)
        if found is None:
            return ""
        num_id, ilvl = found
        if num_id in ("", "0"):  # numId 0 switches numbering off
            return ""
        fmt, text, start = self._formats.get((num_id, ilvl), ("decimal", "", 1))
        if fmt in ("bullet", "none"):
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        # A higher level moving on restarts the levels below it, as in Word.
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        value = counters[ilvl]
        if _known_format(fmt):
            marker = self._render(text, num_id, ilvl, counters)
            if marker and match_enumerator(marker + "x") is not None:
                return marker + " "
        # A number the parser would not recognise (a., iv., 1.1, 第一条): a plain one that
        # still tells a sub-level from the top level.
        return f"{value}. " if ilvl == 0 else f"({value}) "

    def _render(self, text: str, num_id: str, ilvl: int, counters: dict[int, int]) -> str:
        if not text:
            text = f"%{ilvl + 1}."

        def level_value(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            fmt, _, start = self._formats.get((num_id, level), ("decimal", "", 1))
            return _format_number(counters.get(level, start), fmt)

        return re.sub(r"%(\d)", level_value, text).strip()


def _num_pr(par: Any, styles: _StyleNumbering) -> tuple[str, int] | None:
    """(numId, ilvl) from the paragraph's own properties, else from its style chain."""
    num_id: str | None = None
    ilvl: int | None = None
    ppr = par._p.pPr
    if ppr is not None and ppr.numPr is not None:
        if ppr.numPr.numId is not None:
            num_id = str(ppr.numPr.numId.val)
        if ppr.numPr.ilvl is not None:
            ilvl = int(ppr.numPr.ilvl.val)
    style_num_id, style_ilvl = styles.of(par._p.style)
    num_id = style_num_id if num_id is None else num_id
    ilvl = style_ilvl if ilvl is None else ilvl
    if num_id is None:
        return None
    return num_id, ilvl or 0


class _StyleNumbering:
    """The numbering each paragraph style gives (through its `basedOn` chain), worked out
    once per style: python-docx's `paragraph.style` scans every style on each call, which
    made a document of 10,000 paragraphs take seconds."""

    def __init__(self, document: Any) -> None:
        self._styles: dict[str, Any] = {}
        self._default: str | None = None
        self._found: dict[str | None, tuple[str | None, int | None]] = {}
        try:
            root = document.styles.element
        except Exception:  # no styles part
            return
        for style in root.findall(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if style_id is None:
                continue
            self._styles[style_id] = style
            default = style.get(f"{_W}default") in ("1", "true", "on")
            if default and style.get(f"{_W}type") == "paragraph":
                self._default = style_id

    def of(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) the style `style_id` (None or unknown: the default) numbers with."""
        key = style_id if style_id in self._styles else self._default
        if key not in self._found:
            self._found[key] = self._resolve(key)
        return self._found[key]

    def _resolve(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        # Bounded: a malformed document may chain its styles in a loop.
        while style_id is not None and style_id not in seen and len(seen) < 16:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            numbering = style.find(f"{_W}pPr/{_W}numPr")
            if numbering is not None:
                if num_id is None and numbering.find(f"{_W}numId") is not None:
                    num_id = _val(numbering.find(f"{_W}numId"), "")
                if ilvl is None and numbering.find(f"{_W}ilvl") is not None:
                    ilvl = _int(_val(numbering.find(f"{_W}ilvl"), "0"), 0)
            based = style.find(f"{_W}basedOn")
            style_id = None if based is None else based.get(f"{_W}val")
        return num_id, ilvl


def _known_format(fmt: str) -> bool:
    return fmt in ("decimal", "decimalZero", "decimalEnclosedCircle", "decimalFullWidth") or (
        fmt.startswith(("chineseCounting", "ideographDigital", "chineseLegalSimplified"))
    )


def _format_number(value: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideographDigital", "chineseLegalSimplified")):
        return to_chinese(value)
    if fmt == "decimalEnclosedCircle" and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(value))
    return str(value)


def _val(node: Any, default: str) -> str:
    if node is None:
        return default
    value = node.get(f"{_W}val")
    return default if value is None else str(value)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
