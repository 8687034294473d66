"""/mulai (start a run after a confirm), /status (active runs → a timeline), /batal."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.engine import RunStatus, Task, TaskStatus
from bot.engine.errors import EngineError
from bot.i18n import _, use_locale
from bot.render.durations import hours_minutes
from bot.services import ServiceError, start_run
from bot.services.conversation import RunLine, Timeline, active_runs, run_timeline
from bot.services.prompts import (
    Prompt,
    PromptKind,
    clear_prompt,
    offer_start,
    set_prompt,
    take_start_offer,
)
from bot.services.startable import StartableSop, startable_sop, startable_sops
from bot.store import PersonInfo
from bot.tg.buttons import KEEP_RUN, StartButton, decode_run, decode_start, run_button
from bot.tg.context import now, unit_of_work
from bot.tg.people import reader, registered_sender
from bot.tg.replies import refusal, when

Context = ContextTypes.DEFAULT_TYPE


def _missing_text(choice: StartableSop) -> str:
    text = _(
        "'{sop}' cannot start yet: nobody holds these roles: {roles}. A run would get "
        "stuck at their steps."
    ).format(sop=choice.sop.identity.name, roles=", ".join(choice.missing_names))
    if choice.is_admin:
        text += "\n" + _("Invite someone to each role with /undang.")
    else:
        text += "\n" + _("Ask an office admin to invite someone to each role.")
    return text


async def start_command(update: Update, context: Context) -> None:
    """/mulai: the SOPs the person may start, as buttons."""
    me = await registered_sender(update, context)
    if me is None:
        return
    message = me.message
    with use_locale(me.locale):
        choices = await startable_sops(unit_of_work(context), person_id=me.person.id)
        if not choices:
            await message.reply_text(
                _("There is no SOP you may start: a run is started by the first step's actor.")
            )
            return
        rows = [
            [
                InlineKeyboardButton(
                    choice.sop.identity.name,
                    callback_data=StartButton("v", choice.version_id).encode(),
                )
            ]
            for choice in choices
        ]
        await message.reply_text(
            _("Which SOP do you want to start?"), reply_markup=InlineKeyboardMarkup(rows)
        )


async def on_start_button(update: Update, context: Context) -> None:
    """A /mulai button: show the confirm, start the run, or drop the question."""
    query = update.callback_query
    if query is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        button = decode_start(query.data)
        if me.person is None or button is None:
            await query.answer(_("This button is out of date."), show_alert=True)
            return
        alert = None
        try:
            alert = await _start_step(query, context, me.person, button)
        except (EngineError, ServiceError) as exc:
            alert = refusal(exc)
        await query.answer(alert, show_alert=alert is not None)


async def _start_step(
    query: CallbackQuery, context: Context, person: PersonInfo, button: StartButton
) -> str | None:
    """Act on one /mulai button; returns an alert, or None when all went well."""
    if button.step == "x":
        await query.edit_message_text(_("Nothing was started."))
        return None
    assert button.version_id is not None
    choice = await startable_sop(
        unit_of_work(context), person_id=person.id, version_id=button.version_id
    )
    if choice.missing:
        await query.edit_message_text(_missing_text(choice))
    elif button.step == "v":
        await _confirm(query, context, person, choice)
    elif not await take_start_offer(
        unit_of_work(context), person_id=person.id, version_id=choice.version_id
    ):
        # A second tap on the same confirm (or an old one): the run exists already.
        return _("This was already started. Send /status to see it.")
    else:
        await start_run(
            unit_of_work(context),
            office_id=choice.office_id,
            sop_key=choice.sop.key,
            by=person.id,
            at=now(context),
        )
        await query.edit_message_text(
            _("'{sop}' has started. The first step's actor gets the task now.").format(
                sop=choice.sop.identity.name
            )
        )
    return None


async def _confirm(
    query: CallbackQuery, context: Context, person: PersonInfo, choice: StartableSop
) -> None:
    await offer_start(
        unit_of_work(context), person_id=person.id, version_id=choice.version_id, at=now(context)
    )
    first = choice.sop.steps[0]
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Yes, start"), callback_data=StartButton("c", choice.version_id).encode()
                ),
                InlineKeyboardButton(_("Cancel"), callback_data=StartButton("x").encode()),
            ]
        ]
    )
    text = _("Start '{sop}' ({office})? Step 1 of {steps}: {activity}").format(
        sop=choice.sop.identity.name,
        office=choice.office_name,
        steps=len(choice.sop.steps),
        activity=first.activity,
    )
    await query.edit_message_text(text, reply_markup=keyboard)


def _holders(line: RunLine) -> str:
    parts = [
        _("step {step}: {name}").format(
            step=step.step, name=line.names.get(step.assignee_id, str(step.assignee_id))
        )
        for step in line.summary.open_steps
    ]
    return "; ".join(parts) or "-"


async def status_command(update: Update, context: Context) -> None:
    """/status: the active runs of the person's offices; a button opens a timeline."""
    me = await registered_sender(update, context)
    if me is None:
        return
    message = me.message
    with use_locale(me.locale):
        lines = await active_runs(unit_of_work(context), person_id=me.person.id)
        if not lines:
            await message.reply_text(_("No run is active in your offices."))
            return
        text = [_("Active runs:")]
        rows = []
        for number, line in enumerate(lines, 1):
            text.append(f"{number}. {line.sop.identity.name}: {_holders(line)}")
            rows.append(
                [
                    InlineKeyboardButton(
                        f"{number}. {line.sop.identity.name}",
                        callback_data=run_button("r", line.run_id),
                    )
                ]
            )
        await message.reply_text("\n".join(text), reply_markup=InlineKeyboardMarkup(rows))


def _task_line(timeline: Timeline, task: Task) -> str:
    zone = timeline.ctx.office.timezone
    name = timeline.names.get(int(task.assignee), task.assignee)
    head = _("Step {step} (round {round}) · {name}").format(
        step=task.step, round=task.iteration, name=name
    )
    lines = [head, _("   assigned {at}").format(at=when(task.assigned_at, zone))]
    if task.status is TaskStatus.DONE and task.completed_at is not None:
        lines.append(_("   done {at}").format(at=when(task.completed_at, zone)))
        lines.append(_measure(task))
    elif task.is_open:
        lines.append(_("   open, due {due}").format(due=when(task.due_at, zone)))
    else:
        lines.append(_("   closed without being done"))
    return "\n".join(lines)


def _measure(task: Task) -> str:
    actual = hours_minutes(task.lead_minutes or 0)
    if task.standard.is_none or task.late_minutes is None:
        return _("   took {actual}").format(actual=actual)
    standard = task.standard.text
    if task.late_minutes:
        return _("   took {actual} (standard {standard}), late by {late}").format(
            actual=actual, standard=standard, late=hours_minutes(task.late_minutes)
        )
    return _("   took {actual} (standard {standard}), on time").format(
        actual=actual, standard=standard
    )


def timeline_text(timeline: Timeline) -> str:
    """Each task of the run: who, assigned and done, standard against actual."""
    state = timeline.ctx.state
    words = {
        RunStatus.ACTIVE: _("running"),
        RunStatus.FINISHED: _("finished"),
        RunStatus.REJECTED: _("rejected"),
        RunStatus.CANCELLED: _("cancelled"),
    }
    head = _("{sop} · {status}").format(
        sop=timeline.ctx.sop.identity.name, status=words[state.status]
    )
    return "\n".join([head, *(_task_line(timeline, task) for task in state.tasks)])


async def on_status_button(update: Update, context: Context) -> None:
    """A run chosen in /status: its timeline."""
    query = update.callback_query
    if query is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        run_id = decode_run("r", query.data)
        if me.person is None or run_id is None:
            await query.answer(_("This button is out of date."), show_alert=True)
            return
        try:
            timeline = await run_timeline(
                unit_of_work(context), run_id=run_id, person_id=me.person.id
            )
        except ServiceError as exc:
            await query.answer(refusal(exc), show_alert=True)
            return
        await query.answer()
        await context.bot.send_message(query.from_user.id, timeline_text(timeline))


async def cancel_command(update: Update, context: Context) -> None:
    """/batal: the runs the person may cancel (their own, or any as an admin)."""
    me = await registered_sender(update, context)
    if me is None:
        return
    message = me.message
    with use_locale(me.locale):
        lines = [
            line
            for line in await active_runs(unit_of_work(context), person_id=me.person.id)
            if line.may_cancel
        ]
        if not lines:
            await message.reply_text(_("There is no run you may cancel."))
            return
        rows = [
            [
                InlineKeyboardButton(
                    f"{line.sop.identity.name}: {_holders(line)}",
                    callback_data=run_button("b", line.run_id),
                )
            ]
            for line in lines
        ]
        rows.append([InlineKeyboardButton(_("Keep them all"), callback_data="b:" + KEEP_RUN)])
        await message.reply_text(
            _("Which run do you want to cancel?"), reply_markup=InlineKeyboardMarkup(rows)
        )


async def on_cancel_button(update: Update, context: Context) -> None:
    """A run chosen in /batal: ask for the reason (the next message)."""
    query = update.callback_query
    if query is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        run_id = decode_run("b", query.data)
        if me.person is None or run_id is None:
            await query.answer(_("This button is out of date."), show_alert=True)
            return
        uow = unit_of_work(context)
        if run_id == KEEP_RUN:
            await clear_prompt(uow, person_id=me.person.id)
            await query.answer()
            await query.edit_message_text(_("Nothing was cancelled."))
            return
        lines = await active_runs(uow, person_id=me.person.id)
        if not any(line.run_id == run_id and line.may_cancel for line in lines):
            await query.answer(_("You may not cancel this run, or it has ended."), show_alert=True)
            return
        await set_prompt(
            unit_of_work(context),
            person_id=me.person.id,
            prompt=Prompt(PromptKind.CANCEL_RUN, run_id),
            at=now(context),
        )
        await query.answer()
        keep = InlineKeyboardMarkup(
            [[InlineKeyboardButton(_("Keep the run"), callback_data="b:" + KEEP_RUN)]]
        )
        await query.edit_message_text(
            _("Write why the run is cancelled, as your next message."), reply_markup=keep
        )
