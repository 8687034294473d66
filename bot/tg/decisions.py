"""Plain text in a private chat: the reason the bot asked for, else a pointer to /bantuan.

*Setujui* is a task button (``bot.tg.tasks``); *Kembalikan* and *Tolak* ask for a
reason, stored as the person's prompt, and the next text message is that reason.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.engine.errors import EngineError, ReasonRequiredError
from bot.i18n import _, use_locale
from bot.services import ServiceError, cancel_run, decide
from bot.services.prompts import Prompt, PromptKind, clear_prompt, current_prompt
from bot.store import PersonInfo
from bot.tg.context import now, unit_of_work
from bot.tg.people import is_private, reader
from bot.tg.replies import refusal

Context = ContextTypes.DEFAULT_TYPE


def help_pointer() -> str:
    return _("I only understand commands and the buttons I send. Send /bantuan for help.")


async def _send_back(context: Context, person: PersonInfo, prompt: Prompt, reason: str) -> str:
    assert prompt.task_no is not None
    transition = await decide(
        unit_of_work(context),
        run_id=prompt.run_id,
        task_no=prompt.task_no,
        by=person.id,
        at=now(context),
        approve=False,
        reason=reason,
    )
    await clear_prompt(unit_of_work(context), person_id=person.id, prompt=prompt)
    task = transition.state.task(prompt.task_no)
    step = task.step if task is not None else prompt.task_no
    if transition.state.is_active:
        return _("Step {step} was sent back. Reason: {reason}").format(step=step, reason=reason)
    return _("Step {step}: rejected; the run has ended. Reason: {reason}").format(
        step=step, reason=reason
    )


async def _cancel_run(context: Context, person: PersonInfo, prompt: Prompt, reason: str) -> str:
    await cancel_run(
        unit_of_work(context), run_id=prompt.run_id, by=person.id, at=now(context), reason=reason
    )
    await clear_prompt(unit_of_work(context), person_id=person.id, prompt=prompt)
    return _("The run was cancelled. Reason: {reason}").format(reason=reason)


async def on_text(update: Update, context: Context) -> None:
    """Take the awaited reason, or point the person to /bantuan (never stay silent)."""
    message = update.effective_message
    if message is None or message.text is None or not is_private(update):
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        if me.person is None:
            await message.reply_text(help_pointer())
            return
        prompt = await current_prompt(unit_of_work(context), person_id=me.person.id)
        reason = message.text.strip()
        try:
            if prompt is not None and prompt.kind is PromptKind.REASON:
                await message.reply_text(await _send_back(context, me.person, prompt, reason))
            elif prompt is not None and prompt.kind is PromptKind.CANCEL_RUN:
                await message.reply_text(await _cancel_run(context, me.person, prompt, reason))
            elif prompt is not None and prompt.kind is PromptKind.FILES:
                await message.reply_text(
                    _(
                        "I am waiting for the step's file: send it as a document or a photo, "
                        "or press Cancel. Send /bantuan for help."
                    )
                )
            else:
                await message.reply_text(help_pointer())
        except (EngineError, ServiceError) as exc:
            closed = isinstance(exc, EngineError) and not isinstance(exc, ReasonRequiredError)
            if prompt is not None and closed:
                # A prompt whose task closed meanwhile must not swallow later messages;
                # a reason that was refused (too long, say) may be written again.
                await clear_prompt(unit_of_work(context), person_id=me.person.id, prompt=prompt)
            await message.reply_text(refusal(exc))


async def on_unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: say so and point to /bantuan."""
    message = update.effective_message
    if message is None or not is_private(update):
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        await message.reply_text(
            _("I do not know that command. Send /bantuan to see what I can do.")
        )
