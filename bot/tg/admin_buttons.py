"""Callback data of the admin buttons (/undang, /anggota): short, and never trusted.

``adm:<action>:<office id>:<person id or empty>:<role key or flag, or empty>``.
Task buttons start with ``t:``, so the two never clash. Everything a button names
is looked up again and the presser's rights re-checked when it is pressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.tg.callbacks import MAX_CALLBACK_BYTES

ADMIN_BUTTON_PATTERN = r"^adm:"
"""For ``CallbackQueryHandler(pattern=...)``: every admin button starts like this."""


class AdminAction(StrEnum):
    """What an admin button asks for."""

    INVITE_OFFICE = "io"  # /undang: this office → choose the role
    INVITE_ROLE = "ir"  # /undang: a link for this role
    INVITE_ADMIN = "ia"  # /undang: a link for an office admin without a role
    MEMBERS = "mo"  # /anggota: the office's members
    MEMBER = "mp"  # /anggota: one member and their roles
    GRANT = "rg"  # give this role to the member
    REVOKE = "rr"  # take this role from the member
    SET_ADMIN = "sa"  # make the member admin (arg "1") or not (arg "0")


_BUTTON = re.compile(r"^adm:([a-z]{2}):(\d{1,10}):(\d{0,10}):([a-z0-9_]{0,32})$")


@dataclass(frozen=True, slots=True)
class AdminButton:
    action: AdminAction
    office_id: int
    person_id: int | None = None
    arg: str = ""

    def encode(self) -> str:
        """The callback data; ValueError if it would not decode or is over 64 bytes."""
        person = "" if self.person_id is None else str(self.person_id)
        data = f"adm:{self.action.value}:{self.office_id}:{person}:{self.arg}"
        if len(data.encode()) > MAX_CALLBACK_BYTES or not _BUTTON.match(data):
            raise ValueError(f"not valid admin callback data: {data!r}")
        return data


def decode_admin_button(data: str | None) -> AdminButton | None:
    """The admin button in ``data``, or None when it is not one of ours."""
    found = _BUTTON.match(data or "")
    if found is None:
        return None
    try:
        action = AdminAction(found.group(1))
    except ValueError:
        return None
    person = found.group(3)
    return AdminButton(
        action=action,
        office_id=int(found.group(2)),
        person_id=int(person) if person else None,
        arg=found.group(4),
    )
