"""/alur: an SOP's SOP AP flowchart as a photo, or a run's with its progress coloured in."""

from __future__ import annotations

import re
import textwrap

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from bot.i18n import _, use_locale
from bot.reports.flowchart import flowchart_pngs
from bot.reports.sheets import status_text
from bot.services import NotFoundError, NotMemberError
from bot.services.conversation import RunLine, active_runs
from bot.services.report_access import OfficeSop, office_sop, office_sops, run_progress
from bot.services.reports import RunReport
from bot.tg.context import now, unit_of_work
from bot.tg.people import reader, registered_sender
from bot.tg.rendering import off_loop
from bot.tg.replies import when
from bot.tg.report_buttons import FlowchartButton, decode_flowchart

Context = ContextTypes.DEFAULT_TYPE

_RUN_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


def _out_of_date() -> str:
    return _("This button is out of date. Send /alur again.")


def _unknown_run(run_id: str) -> str:
    return _("There is no run '{run}' in your offices. Send /alur to choose one.").format(
        run=run_id[:32]
    )


async def flowchart_command(update: Update, context: Context) -> None:
    """/alur: the SOPs and active runs of the person's offices; /alur RUN draws that run."""
    me = await registered_sender(update, context)
    if me is None:
        return
    message = me.message
    with use_locale(me.locale):
        if context.args:
            run_id = context.args[0]
            found = await _find_run(context, me.person.id, run_id)
            if found is None:
                await message.reply_text(_unknown_run(run_id))
            else:
                await _send_run(context, message.chat_id, found)
            return
        choices = await office_sops(unit_of_work(context), person_id=me.person.id, at=now(context))
        if not choices:
            await message.reply_text(_("Your offices have no SOP yet."))
            return
        lines = await active_runs(unit_of_work(context), person_id=me.person.id)
        await message.reply_text(
            _("Which flowchart? An SOP's, or a running run's with its progress."),
            reply_markup=_chooser(choices, lines),
        )


def _chooser(choices: list[OfficeSop], lines: list[RunLine]) -> InlineKeyboardMarkup:
    """One button per SOP, then one per active run."""
    rows = [
        [
            InlineKeyboardButton(
                textwrap.shorten(choice.sop.identity.name, width=60, placeholder="…"),
                callback_data=FlowchartButton(version_id=choice.version_id).encode(),
            )
        ]
        for choice in choices
    ]
    for line in lines:
        label = _("Run: {sop}, started {at}").format(
            sop=textwrap.shorten(line.sop.identity.name, width=40, placeholder="…"),
            at=when(line.summary.started_at, _zone_of(choices, line.summary.office_id)),
        )
        rows.append(
            [
                InlineKeyboardButton(
                    label, callback_data=FlowchartButton(run_id=line.run_id).encode()
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


def _zone_of(choices: list[OfficeSop], office_id: int) -> str:
    """The timezone of one of the listed offices (UTC when none is listed)."""
    return next((c.office.timezone for c in choices if c.office.id == office_id), "UTC")


async def on_flowchart_button(update: Update, context: Context) -> None:
    """An /alur button: re-check membership, then send the flowchart's pages as photos."""
    query = update.callback_query
    if query is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        button = decode_flowchart(query.data)
        if me.person is None or button is None:
            await query.answer(_out_of_date(), show_alert=True)
            return
        chat_id = query.from_user.id
        if button.run_id is not None:
            found = await _find_run(context, me.person.id, button.run_id)
            if found is None:
                await query.answer(_out_of_date(), show_alert=True)
                return
            await query.answer()
            await _send_run(context, chat_id, found)
            return
        assert button.version_id is not None
        try:
            choice = await office_sop(
                unit_of_work(context),
                person_id=me.person.id,
                version_id=button.version_id,
                at=now(context),
            )
        except NotFoundError:
            await query.answer(_out_of_date(), show_alert=True)
            return
        await query.answer()
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
        pages = await off_loop(flowchart_pngs, choice.sop)
        await _send_pages(context, chat_id, pages, choice.sop.identity.name)


async def _find_run(context: Context, person_id: int, run_id: str) -> RunReport | None:
    """The run with its tasks, for a member of its office; None for anyone else or no run."""
    if not _RUN_ID.match(run_id):
        return None
    try:
        return await run_progress(unit_of_work(context), run_id=run_id, person_id=person_id)
    except (NotFoundError, NotMemberError):
        return None


async def _send_run(context: Context, chat_id: int, found: RunReport) -> None:
    """Send the run's flowchart, its steps coloured by progress."""
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    pages = await off_loop(flowchart_pngs, found.sop, found.tasks)
    title = _("{sop} · run {run} · {status}").format(
        sop=found.sop.identity.name, run=found.run.id, status=status_text(found.run.status)
    )
    legend = _("Green: done · yellow: current step · red: done late.")
    await _send_pages(context, chat_id, pages, f"{title}\n{legend}")


async def _send_pages(context: Context, chat_id: int, pages: list[bytes], title: str) -> None:
    """Every page as a photo; the caption says which page it is when there are several."""
    for number, page in enumerate(pages, start=1):
        caption = title
        if len(pages) > 1:
            caption = _("{title}\nPage {page} of {pages}").format(
                title=title, page=number, pages=len(pages)
            )
        await context.bot.send_photo(
            chat_id, photo=page, caption=caption[:1024], filename=f"alur-{number}.png"
        )
