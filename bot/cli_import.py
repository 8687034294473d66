"""``sopbot import``: turn an SOP AP document into a draft SOP YAML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli_support import fail, out
from bot.i18n import N_, _, ngettext
from bot.importer.document import draft_yaml, import_document
from bot.importer.errors import ImportFailed
from bot.sop.errors import SopValidationError
from bot.sop.loader import parse_sop


def register(app: typer.Typer) -> None:
    """Add the import command to ``app``."""
    app.command("import", help=N_("Read an SOP AP document into a draft SOP YAML file."))(
        import_command
    )


def import_command(
    file: Annotated[
        Path, typer.Argument(help=N_("The document: a Word file (.docx) or a text extraction."))
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=N_("Write the draft here."))
    ] = None,
) -> None:
    """Import ``file``, check the draft like ``sopbot validate``, write it and the review list."""
    try:
        draft = import_document(file)
    except ImportFailed as exc:
        fail(str(exc))
    text = draft_yaml(draft)
    try:
        parse_sop(text, str(output or file.with_suffix(".yaml")))
    except SopValidationError as exc:
        fail(_("the draft is not a valid SOP; please report it:") + "\n" + str(exc))
    if output is None:
        out().print(text, markup=False, highlight=False, end="", soft_wrap=True)
    else:
        output.write_text(text, encoding="utf-8")
        out().print(_("Draft written to {path}.").format(path=output), markup=False)
    out().print(
        ngettext(
            "{count} item needs review (marked 'tinjau' in the draft).",
            "{count} items need review (marked 'tinjau' in the draft).",
            len(draft.review),
        ).format(count=len(draft.review)),
        markup=False,
    )
