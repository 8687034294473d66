"""Task buttons (Mulai, Selesai, confirm, cancel) and /tugas.

Every press is checked again by the services: the presser must be the assignee or
their acting official and the task must still be open; otherwise an alert says why
and nothing changes. A step whose output is required asks for the file(s) on
*Selesai*; the task is completed by the confirm button once files are there.
Task cards themselves are delivered (and edited) through the outbox, not here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.engine.errors import DecisionRequiredError, EngineError, NotADecisionError
from bot.i18n import _, use_locale
from bot.services import ServiceError, start_task
from bot.services.prompts import Prompt, PromptKind, clear_prompt, set_prompt
from bot.services.task_work import TaskView, finish_task, open_task_for, open_tasks
from bot.store import PersonInfo
from bot.tg.callbacks import TaskAction, TaskButton, decode_task_button
from bot.tg.context import now, unit_of_work
from bot.tg.people import reader, registered_sender
from bot.tg.replies import file_names, not_yours, refusal, task_line

Context = ContextTypes.DEFAULT_TYPE
# A task action returns the short notice shown on the pressed button (or None).
TaskActionHandler = Callable[[Update, Context, PersonInfo, TaskButton], Awaitable[str | None]]


def prompt_keyboard(run_id: str, task_no: int, *, confirm: bool) -> InlineKeyboardMarkup:
    """Confirm (once files are there) and Cancel, for a prompt about one task."""
    row = []
    if confirm:
        row.append(
            InlineKeyboardButton(
                _("Confirm"),
                callback_data=TaskButton(TaskAction.CONFIRM, run_id, task_no).encode(),
            )
        )
    row.append(
        InlineKeyboardButton(
            _("Cancel"), callback_data=TaskButton(TaskAction.CANCEL, run_id, task_no).encode()
        )
    )
    return InlineKeyboardMarkup([row])


async def _view(context: Context, person: PersonInfo, button: TaskButton) -> TaskView:
    return await open_task_for(
        unit_of_work(context),
        run_id=button.run_id,
        task_no=button.task_no,
        by=person.id,
        at=now(context),
    )


async def ask_for_files(
    update: Update, context: Context, person: PersonInfo, view: TaskView
) -> str:
    """Wait for the task's files; with files already there, offer the confirm button."""
    await set_prompt(
        unit_of_work(context),
        person_id=person.id,
        prompt=Prompt(PromptKind.FILES, view.run_id, view.task_no),
        at=now(context),
    )
    message = update.effective_message
    assert message is not None
    if view.files:
        text = _(
            "Step {step}: you sent {files}. Press Confirm to complete the step, or send more."
        ).format(step=view.step, files=file_names(view))
    else:
        text = _(
            "Step {step}: send the output '{output}' now, as a document or a photo (one or "
            "several files). Then press Confirm."
        ).format(step=view.step, output=view.output or "")
    keyboard = prompt_keyboard(view.run_id, view.task_no, confirm=bool(view.files))
    await context.bot.send_message(message.chat.id, text, reply_markup=keyboard)
    return _("Waiting for the file.")


async def finish(context: Context, person: PersonInfo, run_id: str, task_no: int) -> str:
    """Complete the task (or approve the decision) with the files sent for it."""
    transition = await finish_task(
        unit_of_work(context), run_id=run_id, task_no=task_no, by=person.id, at=now(context)
    )
    await clear_prompt(
        unit_of_work(context),
        person_id=person.id,
        prompt=Prompt(PromptKind.FILES, run_id, task_no),
    )
    done = transition.state.task(task_no)
    step = done.step if done is not None else task_no
    return _("Step {step} is done.").format(step=step)


async def _start(update: Update, context: Context, person: PersonInfo, button: TaskButton) -> str:
    transition = await start_task(
        unit_of_work(context),
        run_id=button.run_id,
        task_no=button.task_no,
        by=person.id,
        at=now(context),
    )
    task = transition.state.task(button.task_no)
    return _("Step {step} started. Press Done when it is finished.").format(
        step=task.step if task else button.task_no
    )


async def _done(update: Update, context: Context, person: PersonInfo, button: TaskButton) -> str:
    view = await _view(context, person, button)
    if view.is_decision:
        raise DecisionRequiredError(run_id=view.run_id, task_no=view.task_no, who=str(person.id))
    if view.needs_output:
        return await ask_for_files(update, context, person, view)
    return await finish(context, person, button.run_id, button.task_no)


async def _confirm(update: Update, context: Context, person: PersonInfo, button: TaskButton) -> str:
    text = await finish(context, person, button.run_id, button.task_no)
    query = update.callback_query
    if query is not None and query.message is not None:
        # The prompt's buttons must not be pressed again: it now says what happened.
        await query.edit_message_text(text)
    return text


async def _approve(update: Update, context: Context, person: PersonInfo, button: TaskButton) -> str:
    view = await _view(context, person, button)
    if not view.is_decision:
        raise NotADecisionError(run_id=view.run_id, task_no=view.task_no, who=str(person.id))
    if view.needs_output and not view.files:
        return await ask_for_files(update, context, person, view)
    return await finish(context, person, button.run_id, button.task_no)


async def _ask_reason(
    update: Update, context: Context, person: PersonInfo, button: TaskButton
) -> str:
    view = await _view(context, person, button)
    if not view.is_decision:
        raise NotADecisionError(run_id=view.run_id, task_no=view.task_no, who=str(person.id))
    await set_prompt(
        unit_of_work(context),
        person_id=person.id,
        prompt=Prompt(PromptKind.REASON, view.run_id, view.task_no),
        at=now(context),
    )
    if button.action is TaskAction.REJECT:
        text = _("Step {step}: write why you reject it, as your next message.")
    else:
        text = _("Step {step}: write why you send it back, as your next message.")
    message = update.effective_message
    assert message is not None
    keyboard = prompt_keyboard(view.run_id, view.task_no, confirm=False)
    await context.bot.send_message(
        message.chat.id, text.format(step=view.step), reply_markup=keyboard
    )
    return _("Waiting for the reason.")


async def _cancel(update: Update, context: Context, person: PersonInfo, button: TaskButton) -> str:
    uow = unit_of_work(context)
    for kind in (PromptKind.FILES, PromptKind.REASON):
        await clear_prompt(
            uow, person_id=person.id, prompt=Prompt(kind, button.run_id, button.task_no)
        )
    text = _("Cancelled. The task stays open; files already sent stay with it.")
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_text(text)
    return text


_ACTIONS: dict[TaskAction, TaskActionHandler] = {
    TaskAction.START: _start,
    TaskAction.DONE: _done,
    TaskAction.CONFIRM: _confirm,
    TaskAction.APPROVE: _approve,
    TaskAction.SEND_BACK: _ask_reason,
    TaskAction.REJECT: _ask_reason,
    TaskAction.CANCEL: _cancel,
}


async def on_task_button(update: Update, context: Context) -> None:
    """Handle a press on a task button: re-check it, act, and answer the press."""
    query = update.callback_query
    if query is None:
        return
    button = decode_task_button(query.data)
    me = await reader(update, context)
    with use_locale(me.locale):
        if me.person is None:
            await query.answer(not_yours(), show_alert=True)
            return
        if button is None:
            await query.answer(
                _("This button is out of date. Send /tugas to see your tasks."), show_alert=True
            )
            return
        try:
            notice = await _ACTIONS[button.action](update, context, me.person, button)
        except (EngineError, ServiceError) as exc:
            await query.answer(refusal(exc), show_alert=True)
            return
        await query.answer(notice)


async def list_tasks(update: Update, context: Context) -> None:
    """/tugas: the person's open tasks with their due times, late ones first."""
    me = await registered_sender(update, context)
    if me is None:
        return
    message = me.message
    with use_locale(me.locale):
        at: datetime = now(context)
        views = await open_tasks(unit_of_work(context), person_id=me.person.id, at=at)
        if not views:
            await message.reply_text(_("You have no open tasks."))
            return
        lines = [_("Your open tasks:")]
        lines.extend(f"{number}. {task_line(view, at)}" for number, view in enumerate(views, 1))
        await message.reply_text("\n".join(lines))
