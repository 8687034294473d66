"""Checks of what people type or Telegram sends, before anything reaches the database.

Every text the store keeps has a length; a NUL byte is refused by PostgreSQL and
silently kept by SQLite, so it is refused here for both. File names are shortened
(keeping the extension) rather than refused: the user did not choose the limit.
"""

from __future__ import annotations

from dataclasses import replace

from bot.i18n import _
from bot.services.errors import InvalidRequestError
from bot.store import OutputMeta
from bot.store.limits import BIGINT_MAX, BIGINT_MIN, text_limit

# Free texts without a column limit (reasons, notes) still have one: a Telegram message.
FREE_TEXT_LIMIT = 4096


def checked_text(value: str, *, field: str, table: str, column: str) -> str:
    """``value`` if the column can keep it; else InvalidRequestError saying why."""
    limit = text_limit(table, column) or FREE_TEXT_LIMIT
    if "\x00" in value:
        raise InvalidRequestError(field=field, reason=_("the text contains a NUL character"))
    if len(value) > limit:
        raise InvalidRequestError(
            field=field,
            reason=_("the text is {length} characters long; at most {limit} fit").format(
                length=len(value), limit=limit
            ),
        )
    return value


def fitted_file_name(name: str, *, table: str = "outputs", column: str = "file_name") -> str:
    """The file name without NULs, shortened to the column's limit, extension kept."""
    limit = text_limit(table, column) or FREE_TEXT_LIMIT
    clean = name.replace("\x00", "")
    if len(clean) <= limit:
        return clean
    stem, dot, extension = clean.rpartition(".")
    if not dot or len(extension) > 16:
        return clean[: limit - 1] + "…"
    return stem[: limit - len(extension) - 2] + "…." + extension


def checked_telegram_id(value: int, *, field: str) -> int:
    """A Telegram user or chat id within the database's 64-bit integers."""
    if not BIGINT_MIN <= value <= BIGINT_MAX:
        raise InvalidRequestError(field=field, reason=_("not a Telegram id"))
    return value


def checked_output(meta: OutputMeta) -> OutputMeta:
    """An uploaded file's metadata as the store can keep it."""
    for field, value in (
        ("telegram_file_id", meta.telegram_file_id),
        ("telegram_file_unique_id", meta.telegram_file_unique_id),
        ("mime_type", meta.mime_type or ""),
        ("sha256", meta.sha256 or ""),
    ):
        checked_text(value, field=field, table="outputs", column=field)
    if meta.size is not None and not 0 <= meta.size <= BIGINT_MAX:
        raise InvalidRequestError(field="size", reason=_("not a file size"))
    return replace(meta, file_name=fitted_file_name(meta.file_name))
