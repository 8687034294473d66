"""Publishing SOP definitions as immutable versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.i18n import _
from bot.services.errors import InvalidRequestError
from bot.services.offices import require_office
from bot.services.transaction import in_transaction
from bot.sop.model import Sop
from bot.store import SopVersionInfo, SqlUnitOfWork


@dataclass(frozen=True, slots=True)
class PublishedSop:
    """The version new runs will use, and whether publishing created it."""

    version: SopVersionInfo
    created: bool


async def publish_sop(
    uow: SqlUnitOfWork, *, office_id: int, sop: Sop, at: datetime
) -> PublishedSop:
    """Make ``sop`` the SOP's current definition; a new version only if it changed.

    Publishing a definition that an older version already has (a revert) makes that
    version current again. Runs keep the version they started with.
    """
    if not sop.key:
        raise InvalidRequestError(field="kode", reason=_("the SOP needs a key ('kode')"))
    definition = sop.to_data()

    async def work() -> PublishedSop:
        await require_office(uow, office_id)
        found = await uow.sops.find(office_id=office_id, sop_key=sop.key, definition=definition)
        version = found or await uow.sops.add_version(
            office_id=office_id, sop_key=sop.key, definition=definition, at=at
        )
        current = await uow.sops.current(office_id=office_id, sop_key=sop.key)
        if current is None or current.id != version.id:
            await uow.sops.set_current(
                office_id=office_id, sop_key=sop.key, sop_version_id=version.id, at=at
            )
        return PublishedSop(version=version, created=found is None)

    return await in_transaction(uow, work)


async def current_sops(uow: SqlUnitOfWork, *, office_id: int) -> list[SopVersionInfo]:
    """The current version of every SOP of an office."""

    async def work() -> list[SopVersionInfo]:
        await require_office(uow, office_id)
        return await uow.sops.list_current(office_id)

    return await in_transaction(uow, work)
