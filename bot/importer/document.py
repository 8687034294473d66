"""Import one document file into draft SOP YAML text with a review summary."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML

from bot.i18n import _
from bot.importer.build import Draft, build_draft
from bot.importer.errors import UnreadableDocumentError
from bot.importer.word import word_lines

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # what a Telegram bot may download


def read_document(path: Path) -> str:
    """The text of a document file: a Word document, or a UTF-8 text extraction."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocumentError(str(path), exc.strerror or str(exc)) from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocumentError(str(path), _("the file is larger than 20 MB"))
    if path.suffix.lower() == ".docx" or data.startswith(b"PK\x03\x04"):
        return "\n".join(word_lines(data, str(path)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocumentError(str(path), _("not UTF-8 text")) from exc


def import_document(path: Path) -> Draft:
    """Read a document into a draft SOP."""
    return build_draft(read_document(path), str(path))


def draft_yaml(draft: Draft) -> str:
    """The draft as SOP YAML, ending with a comment that lists what needs review."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.allow_unicode = True
    buffer = io.StringIO()
    buffer.write("%YAML 1.2\n---\n")
    yaml.dump(draft.data, buffer)
    if draft.review:
        buffer.write("\n# " + _("To review before publishing:") + "\n")
        buffer.writelines(f"# - {line}\n" for line in draft.review)
    return buffer.getvalue()
