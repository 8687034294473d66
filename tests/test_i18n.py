"""The catalogs: Indonesian translates every message, placeholders survive, nothing is stale."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot.i18n import (
    CATALOGS_DIR,
    CatalogMissingError,
    _,
    ngettext,
    require_catalogs,
    translations,
    use_locale,
)

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "locales"
POT = SOURCES / "messages.pot"
ID_PO = SOURCES / "id" / "LC_MESSAGES" / "messages.po"
FIX = "run ./scripts/i18n, then translate the new entries in locales/id/LC_MESSAGES/messages.po"


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message: Message) -> str | tuple[str, ...]:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def _texts(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [text for text in value if text]


def _placeholders(text: str) -> set[str]:
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field}


def test_id_catalog_translates_a_known_message() -> None:
    with use_locale("id"):
        assert _("step {number}").format(number=3) == "langkah 3"
        assert _("actor '{role}' is not in the list of roles (peran)").format(role="x") == (
            "pelaksana 'x' tidak ada di daftar peran"
        )


def test_english_is_the_msgid_itself() -> None:
    with use_locale("en"):
        assert _("step {number}").format(number=3) == "step 3"


def test_indonesian_has_one_plural_form() -> None:
    catalog = _read(ID_PO)
    assert catalog.plural_forms == "nplurals=1; plural=0;"
    with use_locale("id"):
        assert ngettext("{count} hour", "{count} hours", 1) == "{count} jam"
        assert ngettext("{count} hour", "{count} hours", 5) == "{count} jam"
    with use_locale("en"):
        assert ngettext("{count} hour", "{count} hours", 5) == "{count} hours"


def test_every_msgid_has_an_indonesian_translation() -> None:
    template = _read(POT)
    catalog = _read(ID_PO)
    problems = []
    for entry in template:
        if not entry.id:
            continue
        translated = catalog.get(entry.id)
        if translated is None or not _texts(translated.string):
            problems.append(f"untranslated: {entry.id!r}")
        elif translated.fuzzy:
            problems.append(f"fuzzy: {entry.id!r}")
    assert not problems, f"{FIX}\n" + "\n".join(problems)


def test_translations_keep_the_placeholders() -> None:
    problems = []
    for message in _read(ID_PO):
        if not message.id:
            continue
        expected = set().union(*(_placeholders(text) for text in _texts(message.id)))
        for text in _texts(message.string):
            if _placeholders(text) != expected:
                problems.append(f"{message.id!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_template_holds_every_message_in_the_code() -> None:
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    in_code = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(REPO / "bot"), method_map, options_map
        )
    }
    in_template = {entry.id if isinstance(entry.id, str) else entry.id[0] for entry in _read(POT)}
    missing = sorted(in_code - in_template)
    assert not missing, f"{FIX}\n" + "\n".join(map(repr, missing))


def test_missing_compiled_catalog_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogMissingError) as caught:
        require_catalogs(tmp_path)
    assert caught.value.path == tmp_path / "id" / "LC_MESSAGES" / "messages.mo"


def test_compiled_catalogs_are_present_inside_the_package() -> None:
    require_catalogs()
    assert CATALOGS_DIR == REPO / "bot" / "locales"
    for po in SOURCES.glob("*/LC_MESSAGES/messages.po"):
        locale = po.parent.parent.name
        assert (CATALOGS_DIR / locale / "LC_MESSAGES" / "messages.mo").is_file(), locale
    assert translations("id").gettext("step {number}") == "langkah {number}"
