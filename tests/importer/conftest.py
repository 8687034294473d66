"""The importer's messages are checked in English unless a test says otherwise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.i18n import use_locale


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_locale("en"):
        yield
