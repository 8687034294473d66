"""``/anggota``: an office's people and roles; give or take a role, or admin rights."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.i18n import _, use_locale
from bot.services import NotFoundError, ServiceError
from bot.services.administration import (
    admin_roster,
    grant_member_role,
    revoke_member_role,
    set_member_admin,
)
from bot.services.directory import Roster
from bot.store import MemberEntry
from bot.tg.admin_buttons import AdminAction, AdminButton
from bot.tg.admin_common import (
    Actor,
    Context,
    admin_request,
    office_keyboard,
    refusal,
    show,
)
from bot.tg.context import unit_of_work


def _role_names(roster: Roster, member: MemberEntry) -> str:
    """The jabatan of each of the member's roles, or 'no role'."""
    return ", ".join(roster.roles.get(role, role) for role in member.roles) or _("no role")


def _roster_view(roster: Roster) -> tuple[str, InlineKeyboardMarkup]:
    """Everyone with their roles; a button per person to change them."""
    lines = [_("Members of {office}:").format(office=roster.office.name)]
    for member in roster.members:
        admin = _(" · admin") if member.is_admin else ""
        lines.append(
            _("• {name}: {roles}{admin}").format(
                name=member.display_name, roles=_role_names(roster, member), admin=admin
            )
        )
    vacant = roster.vacant_roles
    if vacant:
        names = ", ".join(roster.roles[role] for role in vacant)
        lines.append(_("Nobody holds yet: {roles}. /undang invites people.").format(roles=names))
    lines.append(_("Tap a person to change their roles."))
    rows = [
        [
            InlineKeyboardButton(
                member.display_name,
                callback_data=AdminButton(
                    AdminAction.MEMBER, roster.office.id, member.person_id
                ).encode(),
            )
        ]
        for member in roster.members
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _member_view(roster: Roster, member: MemberEntry) -> tuple[str, InlineKeyboardMarkup]:
    """One person: a button per role of the office (✅ held, ➕ not held), admin, back."""
    office, person = roster.office.id, member.person_id
    lines = [
        _("{name} in {office}").format(name=member.display_name, office=roster.office.name),
        _("Roles: {roles}").format(roles=_role_names(roster, member)),
        _("Office admin: yes") if member.is_admin else _("Office admin: no"),
        _("Tap ➕ to give a role, ✅ to take it away."),
    ]
    rows = []
    # A role no current SOP uses any more can still be taken away.
    stale = {key: key for key in member.roles if key not in roster.roles}
    for key, title in {**roster.roles, **stale}.items():
        held = key in member.roles
        action = AdminAction.REVOKE if held else AdminAction.GRANT
        rows.append(
            [
                InlineKeyboardButton(
                    ("✅ " if held else "➕ ") + title,
                    callback_data=AdminButton(action, office, person, key).encode(),
                )
            ]
        )
    if member.is_admin:
        admin_label, flag = _("Take away admin rights"), "0"
    else:
        admin_label, flag = _("Make office admin"), "1"
    rows.append(
        [
            InlineKeyboardButton(
                admin_label,
                callback_data=AdminButton(AdminAction.SET_ADMIN, office, person, flag).encode(),
            )
        ]
    )
    rows.append(
        [
            InlineKeyboardButton(
                _("« All members"),
                callback_data=AdminButton(AdminAction.MEMBERS, office).encode(),
            )
        ]
    )
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def members_command(update: Update, context: Context) -> None:
    """``/anggota``: choose the office (if several), then see its people."""
    request = await admin_request(update, context)
    if request is None:
        return
    message, actor, offices = request.message, request.actor, request.offices
    with use_locale(request.locale):
        if len(offices) > 1:
            markup = office_keyboard(offices, AdminAction.MEMBERS)
            await message.reply_text(_("The members of which office?"), reply_markup=markup)
            return
        try:
            roster = await admin_roster(
                unit_of_work(context),
                office_id=offices[0].id,
                by=request.person_id,
                bot_admin=actor.bot_admin,
            )
        except ServiceError as exc:
            await message.reply_text(refusal(exc))
            return
        text, markup = _roster_view(roster)
        await message.reply_text(text, reply_markup=markup)


async def _change(context: Context, actor: Actor, button: AdminButton) -> str | None:
    """Carry out a change button; the short confirmation to show, None if nothing changed."""
    assert actor.person_id is not None and button.person_id is not None
    office, person, by, bot_admin = (
        button.office_id,
        button.person_id,
        actor.person_id,
        actor.bot_admin,
    )
    uow = unit_of_work(context)
    if button.action is AdminAction.GRANT:
        changed = await grant_member_role(
            uow, office_id=office, person_id=person, role_key=button.arg, by=by, bot_admin=bot_admin
        )
        return _("Role given.") if changed else None
    if button.action is AdminAction.REVOKE:
        changed = await revoke_member_role(
            uow, office_id=office, person_id=person, role_key=button.arg, by=by, bot_admin=bot_admin
        )
        return _("Role taken away.") if changed else None
    changed = await set_member_admin(
        uow,
        office_id=office,
        person_id=person,
        is_admin=button.arg == "1",
        by=by,
        bot_admin=bot_admin,
    )
    if not changed:
        return None
    return _("Now an office admin.") if button.arg == "1" else _("Admin rights taken away.")


async def on_members_button(
    query: CallbackQuery, context: Context, actor: Actor, button: AdminButton
) -> None:
    """An /anggota button: navigate, or change a role or admin rights, then show the result."""
    done: str | None = None
    if button.action in (AdminAction.GRANT, AdminAction.REVOKE, AdminAction.SET_ADMIN):
        done = await _change(context, actor, button)
    assert actor.person_id is not None
    roster = await admin_roster(
        unit_of_work(context),
        office_id=button.office_id,
        by=actor.person_id,
        bot_admin=actor.bot_admin,
    )
    if button.person_id is None:
        await query.answer()
        await show(query, *_roster_view(roster))
        return
    member = next((m for m in roster.members if m.person_id == button.person_id), None)
    if member is None:
        raise NotFoundError(what="person", key=button.person_id)
    await query.answer(done)
    await show(query, *_member_view(roster, member))
