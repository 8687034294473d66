"""Read a Word (.docx) SOP into the tab-separated lines the text importer reads.

Each table row becomes one line of cells; a Pelaksana cell that holds a drawn
flowchart shape gets a mark, as the paper version shows; numbered paragraphs get
their numbers back ("1. ", "2. "), which Word keeps in the numbering, not the text.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from bot.i18n import _
from bot.importer.errors import UnreadableDocumentError

SHAPE_MARK = "◆"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SHAPE_TAGS = ("drawing", "pict", "AlternateContent", "wsp", "shape", "oval", "rect", "roundrect")


def word_lines(data: bytes, source: str) -> list[str]:
    """The document body in order: paragraphs as lines, table rows as tab-separated cells."""
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocumentError(source, _("not a Word (.docx) document")) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return lines


def _table_lines(table: Table) -> list[str]:
    """One line per row; merged cells repeat their text in every grid column they cover."""
    return ["\t".join(_cell_text(cell) for cell in row.cells) for row in table.rows]


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs on one line, numbered again, with a mark for a drawn shape."""
    parts: list[str] = []
    counter = 0
    for paragraph in cell.paragraphs:
        text = paragraph.text.strip()
        if _is_numbered(paragraph) and text:
            counter += 1
            text = f"{counter}. {text}"
        if text:
            parts.append(text)
    for nested in cell.tables:
        parts.extend(line.replace("\t", " ") for line in _table_lines(nested))
    text = " ".join(parts)
    if _has_shape(cell) and not text:
        return SHAPE_MARK
    return text


def _is_numbered(paragraph: Paragraph) -> bool:
    """Tell whether Word numbers this paragraph (a list item)."""
    properties = paragraph._p.pPr
    if properties is not None and properties.find(f"{_W}numPr") is not None:
        return True
    style = paragraph.style  # "List Number" numbers through its style
    while style is not None:
        style_properties = style.element.pPr
        if style_properties is not None and style_properties.find(f"{_W}numPr") is not None:
            return True
        style = style.base_style
    return False


def _has_shape(cell: _Cell) -> bool:
    """Tell whether a drawing or shape is anchored in the cell."""
    return any(str(element.tag).rsplit("}", 1)[-1] in _SHAPE_TAGS for element in cell._tc.iter())
