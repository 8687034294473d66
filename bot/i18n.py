"""Translations through Babel's gettext catalogs: Indonesian first, English second.

msgids are English sentences; ``locales/id`` in the checkout holds the Indonesian
catalog's source. The compiled catalogs live inside the package (``bot/locales``):
the build (setup.py) and ./scripts/i18n compile them there, so an installed wheel
finds them wherever it is. The active locale lives in a context variable so that one
process can serve users in different languages at the same time.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import Translations

DEFAULT_LOCALE = "id"
SUPPORTED_LOCALES = ("id", "en")
DOMAIN = "messages"
CATALOGS_DIR = Path(__file__).resolve().parent / "locales"
COMPILE_HINT = "./scripts/i18n"

_current: ContextVar[str] = ContextVar("sopbot_locale", default=DEFAULT_LOCALE)


class CatalogMissingError(RuntimeError):
    """A compiled catalog (.mo) is missing; Babel would silently fall back to English."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"compiled catalog missing: {path} (in a checkout run {COMPILE_HINT}; "
            "a package built without it is broken)"
        )
        self.path = path


def normalize_locale(code: str | None) -> str:
    """Map a Telegram/OS language code ('en-US', 'id_ID.UTF-8') to a supported locale."""
    if not code:
        return DEFAULT_LOCALE
    base = code.replace("-", "_").split(".")[0].split("_")[0].lower()
    return base if base in SUPPORTED_LOCALES else DEFAULT_LOCALE


def require_catalogs(locales_dir: Path = CATALOGS_DIR) -> None:
    """Fail fast when a non-English compiled catalog is missing."""
    for locale in SUPPORTED_LOCALES:
        if locale == "en":
            continue
        mo = locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not mo.is_file():
            raise CatalogMissingError(mo)


@cache
def translations(locale: str, locales_dir: Path = CATALOGS_DIR) -> _gettext.NullTranslations:
    """Load the catalog for one locale (English needs none: msgids are English)."""
    if locale == "en":
        return _gettext.NullTranslations()
    return Translations.load(str(locales_dir), [locale], DOMAIN)


def current_locale() -> str:
    return _current.get()


def set_locale(locale: str) -> None:
    _current.set(normalize_locale(locale))


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Translate with ``locale`` inside the block."""
    token = _current.set(normalize_locale(locale))
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for the catalog only; it is translated where it is shown."""
    return message
