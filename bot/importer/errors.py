"""Why a document could not be imported."""

from __future__ import annotations

from bot.i18n import _


class ImportFailed(Exception):
    """Base of every error about importing a document."""


class NotAnSopError(ImportFailed):
    """The document is not an SOP AP table; ``missing`` names what was not found."""

    def __init__(self, source: str, missing: tuple[str, ...]) -> None:
        super().__init__(
            _("{source} is not an SOP AP document: no {missing} found").format(
                source=source, missing=", ".join(missing)
            )
        )
        self.source = source
        self.missing = missing


class UnreadableDocumentError(ImportFailed):
    """The file cannot be read as text or as a Word document."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(_("cannot read {source}: {reason}").format(source=source, reason=reason))
        self.source = source
        self.reason = reason
