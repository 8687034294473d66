"""Documents and photos sent as a step's output.

Which task a file belongs to: the task of the message it replies to (a card or a
prompt, read from that message's buttons), else the task whose files the bot is
waiting for, else the person's only open task that produces a document; with
several candidates a chooser asks, and the file is read again from the upload the
chooser replies to (Telegram keeps it, so a restart in between loses nothing).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.engine.errors import EngineError
from bot.i18n import _, use_locale
from bot.services import OutputKind, OutputMeta, ServiceError
from bot.services.prompts import Prompt, PromptKind, current_prompt, set_prompt
from bot.services.task_work import TaskView, attach_output, open_tasks
from bot.store import PersonInfo
from bot.tg.buttons import decode_upload, upload_button
from bot.tg.callbacks import decode_task_button
from bot.tg.context import now, unit_of_work
from bot.tg.people import is_private, reader
from bot.tg.replies import MAX_DOWNLOAD_BYTES, file_names, not_yours, refusal
from bot.tg.tasks import prompt_keyboard

Context = ContextTypes.DEFAULT_TYPE


def output_meta(message: Message) -> OutputMeta | None:
    """What Telegram says about the document or photo in a message."""
    if message.document is not None:
        document = message.document
        return OutputMeta(
            telegram_file_id=document.file_id,
            telegram_file_unique_id=document.file_unique_id,
            file_name=document.file_name or document.file_unique_id,
            kind=OutputKind.DOCUMENT,
            size=document.file_size,
            mime_type=document.mime_type,
        )
    if message.photo:
        photo = message.photo[-1]  # the largest size Telegram made
        return OutputMeta(
            telegram_file_id=photo.file_id,
            telegram_file_unique_id=photo.file_unique_id,
            # Photos have no name; Telegram's stable id makes one that never clashes.
            file_name=f"{photo.file_unique_id}.jpg",
            kind=OutputKind.PHOTO,
            size=photo.file_size,
            mime_type="image/jpeg",
        )
    return None


def _replied_task(message: Message) -> tuple[str, int] | None:
    """The task named by the buttons of the message this one replies to."""
    replied = message.reply_to_message
    markup = None if replied is None else replied.reply_markup
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            data = button.callback_data if isinstance(button.callback_data, str) else None
            task = decode_task_button(data)
            if task is not None:
                return task.run_id, task.task_no
            upload = decode_upload(data)
            if upload is not None:
                return upload
    return None


def _takes_files(view: TaskView) -> bool:
    return bool(view.output) and (not view.is_decision or view.needs_output)


async def _target(
    context: Context, person: PersonInfo, message: Message
) -> tuple[str, int] | list[TaskView]:
    """The task the file goes to, or the candidates when it is not clear (maybe none)."""
    replied = _replied_task(message)
    if replied is not None:
        return replied
    views = await open_tasks(unit_of_work(context), person_id=person.id, at=now(context))
    candidates = [view for view in views if _takes_files(view)]
    prompt = await current_prompt(unit_of_work(context), person_id=person.id)
    if prompt is not None and prompt.kind is PromptKind.FILES:
        # The task that asked for files, unless it closed since (then the prompt is moot).
        for view in candidates:
            if (view.run_id, view.task_no) == (prompt.run_id, prompt.task_no):
                return view.run_id, view.task_no
    if len(candidates) == 1:
        return candidates[0].run_id, candidates[0].task_no
    return candidates


async def attach(
    context: Context, person: PersonInfo, meta: OutputMeta, run_id: str, task_no: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Keep the file with the task; the answer says so and offers the confirm button."""
    try:
        view = await attach_output(
            unit_of_work(context),
            run_id=run_id,
            task_no=task_no,
            meta=meta,
            by=person.id,
            at=now(context),
        )
    except (EngineError, ServiceError) as exc:
        return refusal(exc), None
    await set_prompt(
        unit_of_work(context),
        person_id=person.id,
        prompt=Prompt(PromptKind.FILES, run_id, task_no),
        at=now(context),
    )
    text = _(
        "Received for step {step}: {files}. Send more files, or press Confirm to complete the step."
    ).format(step=view.step, files=file_names(view))
    return text, prompt_keyboard(run_id, task_no, confirm=True)


def _chooser(views: list[TaskView]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                _("{sop} · step {step}").format(sop=view.sop_name, step=view.step),
                callback_data=upload_button(view.run_id, view.task_no),
            )
        ]
        for view in views
    ]
    return InlineKeyboardMarkup(rows)


async def on_upload(update: Update, context: Context) -> None:
    """A document or photo in a private chat: keep it with the task it belongs to."""
    message = update.effective_message
    if message is None or not is_private(update):
        return
    meta = output_meta(message)
    if meta is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        if me.person is None:
            await message.reply_text(_("You are not registered yet: open your invitation link."))
            return
        if meta.size is not None and meta.size > MAX_DOWNLOAD_BYTES:
            await message.reply_text(
                _(
                    "This file is larger than 20 MB, the most a bot can receive. Send a "
                    "smaller file (compress it, or split it into parts)."
                )
            )
            return
        target = await _target(context, me.person, message)
        if isinstance(target, tuple):
            text, keyboard = await attach(context, me.person, meta, *target)
            await message.reply_text(text, reply_markup=keyboard)
        elif target:
            # A reply to the upload: the chosen button finds the file in it again.
            await message.reply_text(
                _("Which task is this file for?"), reply_markup=_chooser(target), do_quote=True
            )
        else:
            await message.reply_text(
                _(
                    "None of your tasks is waiting for a file right now, so I did not keep "
                    "it. Send /tugas to see your tasks; send the file when a step asks for it."
                )
            )


async def on_upload_choice(update: Update, context: Context) -> None:
    """The chooser of an ambiguous upload was answered: keep the file with that task."""
    query = update.callback_query
    if query is None:
        return
    me = await reader(update, context)
    with use_locale(me.locale):
        chosen = decode_upload(query.data)
        chooser = query.message if isinstance(query.message, Message) else None
        upload = None if chooser is None else chooser.reply_to_message
        meta = None if upload is None else output_meta(upload)
        if me.person is None or (
            upload is not None
            and upload.from_user is not None
            and upload.from_user.id != query.from_user.id
        ):
            await query.answer(not_yours(), show_alert=True)
            return
        if chosen is None or meta is None:
            await query.answer(_("Please send the file again."), show_alert=True)
            return
        text, keyboard = await attach(context, me.person, meta, *chosen)
        await query.answer()
        await query.edit_message_text(text, reply_markup=keyboard)
