"""/laporan: one SOP's report of a period (a summary, the chart, the XLSX); registers /alur.

Reports are for the office head and admins (the rule is in
``bot.services.report_access``); every press is checked against the database again.
The figures come from the same report services and renderers as ``sopbot report``.
"""

from __future__ import annotations

import textwrap
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.i18n import N_, _, use_locale
from bot.reports.periods import PeriodChoice, period_of
from bot.reports.summary import period_text, summary_text
from bot.services import NotFoundError, ServiceError
from bot.services.calendar import office_calendar
from bot.services.report_access import NotReportReaderError, OfficeSop, office_sops, report_sop
from bot.services.reports import sop_reports
from bot.tg.context import now, unit_of_work
from bot.tg.flowcharts import flowchart_command, on_flowchart_button
from bot.tg.people import reader, registered_sender
from bot.tg.rendering import off_loop, report_files
from bot.tg.report_buttons import FLOWCHART_PATTERN, REPORT_PATTERN, ReportButton, decode_report

Context = ContextTypes.DEFAULT_TYPE
TelegramApp = Application[Any, Any, Any, Any, Any, Any]

_PERIOD_LABELS = {
    PeriodChoice.THIS_MONTH: N_("This month"),
    PeriodChoice.LAST_MONTH: N_("Last month"),
    PeriodChoice.LAST_THREE_MONTHS: N_("Last 3 months"),
    PeriodChoice.THIS_YEAR: N_("This year"),
    PeriodChoice.LAST_YEAR: N_("Last year"),
}


def not_a_reader() -> str:
    """Why someone gets no report, and what to do."""
    return _(
        "Reports are for the office head (who decides in the SOP) and office admins. "
        "Ask an office admin if you need one."
    )


def out_of_date(command: str) -> str:
    """The alert for a button that no longer matches the database."""
    return _("This button is out of date. Send {command} again.").format(command=command)


def sop_label(choice: OfficeSop, several_offices: bool) -> str:
    """A button's text for an SOP: its name, and its office when there are several."""
    name = choice.sop.identity.name
    if several_offices:
        name = f"{name} · {choice.office.name}"
    return textwrap.shorten(name, width=60, placeholder="…")


def _sop_keyboard(choices: list[OfficeSop]) -> InlineKeyboardMarkup:
    several = len({choice.office.id for choice in choices}) > 1
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    sop_label(choice, several),
                    callback_data=ReportButton(choice.version_id).encode(),
                )
            ]
            for choice in choices
        ]
    )


def _period_keyboard(version_id: int) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(_(label), callback_data=ReportButton(version_id, choice).encode())
        for choice, label in _PERIOD_LABELS.items()
    ]
    return InlineKeyboardMarkup([buttons[index : index + 2] for index in range(0, len(buttons), 2)])


async def report_command(update: Update, context: Context) -> None:
    """/laporan: the SOPs whose reports the person may read, as buttons."""
    me = await registered_sender(update, context)
    if me is None:
        return
    message = me.message
    with use_locale(me.locale):
        choices = await office_sops(unit_of_work(context), person_id=me.person.id, at=now(context))
        allowed = [choice for choice in choices if choice.may_report]
        if not allowed:
            await message.reply_text(
                not_a_reader() if choices else _("Your offices have no SOP yet.")
            )
            return
        await message.reply_text(
            _("Which SOP's report do you want?"), reply_markup=_sop_keyboard(allowed)
        )


async def on_report_button(update: Update, context: Context) -> None:
    """A /laporan button: re-check the rights, then ask the period or send the report."""
    query = update.callback_query
    if query is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        button = decode_report(query.data)
        if me.person is None or button is None:
            await query.answer(out_of_date("/laporan"), show_alert=True)
            return
        try:
            choice = await report_sop(
                unit_of_work(context),
                person_id=me.person.id,
                version_id=button.version_id,
                at=now(context),
            )
        except NotReportReaderError:
            await query.answer(not_a_reader(), show_alert=True)
            return
        except NotFoundError:
            await query.answer(out_of_date("/laporan"), show_alert=True)
            return
        if button.period is None:
            await query.answer()
            await query.edit_message_text(
                _("'{sop}': which period? (runs started in it)").format(
                    sop=choice.sop.identity.name
                ),
                reply_markup=_period_keyboard(choice.version_id),
            )
            return
        await query.answer(_("Preparing the report…"))
        await _send_report(context, query.from_user.id, choice, button.period)


async def _send_report(
    context: Context, chat_id: int, choice: OfficeSop, chosen: PeriodChoice
) -> None:
    """The summary as text, the steps chart as a photo and the workbook as a document."""
    today = now(context).astimezone(office_calendar(choice.office).zone).date()
    period = period_of(chosen, today)
    try:
        [report] = await sop_reports(
            unit_of_work(context), office_id=choice.office.id, period=period, sop_key=choice.sop.key
        )
    except ServiceError as exc:
        await context.bot.send_message(chat_id, exc.message)
        return
    if report.lead.runs == 0:
        await context.bot.send_message(
            chat_id,
            _("No run of '{sop}' started in {period}.").format(
                sop=report.sop_name, period=period_text(report)
            ),
        )
        return
    await context.bot.send_message(chat_id, summary_text(report, choice.office.name))
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    chart, workbook = await off_loop(report_files, report)
    await context.bot.send_photo(
        chat_id,
        photo=chart,
        caption=_(
            "Each step: its standard against the median time taken; the red mark is "
            "the 90th percentile."
        ),
    )
    await context.bot.send_document(
        chat_id,
        document=workbook,
        filename=f"{report.sop_key}_{period.first.isoformat()}_{period.last.isoformat()}.xlsx",
        caption=_(
            "The whole report as a workbook: steps, ranking, runs, people, roles, send-backs."
        ),
    )


def register(application: TelegramApp) -> None:
    """Add /laporan and /alur with their buttons (before the catch-all handlers)."""
    private = filters.ChatType.PRIVATE
    application.add_handler(
        CommandHandler(["laporan", "report"], report_command, filters=private), group=0
    )
    application.add_handler(
        CommandHandler(["alur", "flowchart"], flowchart_command, filters=private), group=0
    )
    application.add_handler(CallbackQueryHandler(on_report_button, pattern=REPORT_PATTERN), 0)
    application.add_handler(CallbackQueryHandler(on_flowchart_button, pattern=FLOWCHART_PATTERN), 0)
