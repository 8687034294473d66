"""People: one row per human, linked to a Telegram account once they join."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from bot.store.models import Person
from bot.store.records import PersonInfo
from bot.store.repositories.base import Repository


def _info(row: Person) -> PersonInfo:
    assert row.id is not None
    return PersonInfo(
        id=row.id,
        display_name=row.display_name,
        created_at=row.created_at,
        telegram_user_id=row.telegram_user_id,
        locale=row.locale,
        telegram_language=row.telegram_language,
        blocked_at=row.blocked_at,
    )


class PersonRepository(Repository):
    async def add(
        self,
        *,
        display_name: str,
        created_at: datetime,
        telegram_user_id: int | None = None,
        locale: str | None = None,
    ) -> PersonInfo:
        row = Person(
            display_name=display_name,
            telegram_user_id=telegram_user_id,
            locale=locale,
            created_at=created_at,
        )
        self.session.add(row)
        await self.session.flush()
        return _info(row)

    async def get(self, person_id: int) -> PersonInfo | None:
        row = await self.session.get(Person, person_id)
        return None if row is None else _info(row)

    async def by_telegram_id(self, telegram_user_id: int) -> PersonInfo | None:
        row = await self.session.scalar(
            select(Person).where(Person.telegram_user_id == telegram_user_id)
        )
        return None if row is None else _info(row)

    async def update(
        self,
        *,
        person_id: int,
        telegram_user_id: int | None = None,
        locale: str | None = None,
    ) -> PersonInfo | None:
        """Link a Telegram account and/or set the language; None leaves a value as it is."""
        row = await self.session.get(Person, person_id)
        if row is None:
            return None
        if telegram_user_id is not None:
            row.telegram_user_id = telegram_user_id
        if locale is not None:
            row.locale = locale
        await self.session.flush()
        return _info(row)

    async def set_telegram_language(self, *, person_id: int, language_code: str | None) -> None:
        """Keep Telegram's language_code of a person (used when they chose no language)."""
        row = await self.session.get(Person, person_id)
        if row is not None and row.telegram_language != language_code:
            row.telegram_language = language_code
            await self.session.flush()
