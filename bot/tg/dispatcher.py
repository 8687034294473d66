"""Deliver the outbox: claim a batch, render each message in its reader's language, send it
through the Application's bot (AIORateLimiter), then record the batch in one transaction.

A batch holds at most one message per chat (the head of its queue), so the messages
of a batch go out concurrently while each chat keeps its order. RetryAfter and network
errors put a message back with a delay; after ``MAX_ATTEMPTS`` it is given up and the
office's admins are told. Forbidden means the person blocked the bot: they are marked
and the admins are told. The JobQueue runs ``dispatch_pending`` every second.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import warnings
from datetime import timedelta
from typing import Any

from telegram import Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ContextTypes, ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot.i18n import normalize_locale, use_locale
from bot.services import Batch, MessageKind, Outcome, claim_batch, finish_batch
from bot.sop.escape import escape_control
from bot.store import OutboxMessage, OutboxState, OutputKind, SqlUnitOfWork, TaskMessageInfo
from bot.tg.context import deps
from bot.tg.render_outbox import RenderError, card_view, render_text

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
JOB_INTERVAL = 1.0
# A job stops claiming new batches after this share of its interval, so ticks rarely overlap.
_JOB_BUDGET = 0.8
_FIRST_BACKOFF = timedelta(seconds=5)
_MAX_BACKOFF = timedelta(minutes=10)
# AIORateLimiter retries a RetryAfter once in place; a longer flood comes back to the outbox.
_SEND_RETRIES = 1
# A send that takes longer than this share of the claim's lease is given up (and retried).
_SEND_SHARE_OF_LEASE = 0.5
_NOT_MODIFIED = "message is not modified"
_EDIT_GONE = ("message to edit not found", "message can't be edited")
WORKER = f"{socket.gethostname()}:{os.getpid()}"

TelegramApp = Application[Any, Any, Any, Any, Any, Any]


def _safe(text: str) -> str:
    """Names, reasons and file names come from people: no bidi overrides or controls."""
    return escape_control(text, keep_newlines=True)


def _backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … doubling per attempt, at most 10 minutes."""
    return min(_FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), _MAX_BACKOFF)


def _retry_seconds(exc: RetryAfter) -> float:
    """Telegram's retry_after in seconds (an int today, a timedelta in a later PTB)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class _Sender:
    """Sends the messages of one batch through the application's bot, in each reader's language."""

    def __init__(self, application: TelegramApp, batch: Batch, *, timeout: float) -> None:
        self.bot: ExtBot[Any] = application.bot
        self.batch = batch
        self.default_locale: str = deps(application).settings.default_locale
        self.timeout = timeout

    def _clean(self, text: str) -> str:
        """An error text without the bot token (exceptions may quote request URLs)."""
        return text.replace(self.bot.token, "<token>")

    def _again(self, message: OutboxMessage, error: str, delay: timedelta) -> Outcome:
        """Try again after ``delay``, or give the message up after MAX_ATTEMPTS."""
        if message.attempts >= MAX_ATTEMPTS:
            return Outcome(message=message, state=OutboxState.DEAD, error=error)
        return Outcome(
            message=message,
            state=OutboxState.PENDING,
            error=error,
            retry_at=self.batch.at + delay,
        )

    def _locale(self, message: OutboxMessage) -> str:
        """The reader's language: chosen with /bahasa, else Telegram's, else the default."""
        person = self.batch.people.get(message.person_id or 0)
        if person is not None and person.locale:
            return normalize_locale(person.locale)
        if person is not None and person.telegram_language:
            return normalize_locale(person.telegram_language)
        return self.default_locale

    def _chat(self, message: OutboxMessage) -> int | None:
        """The chat to send to: the row's own chat, else the person's private chat."""
        if message.chat_id is not None:
            return message.chat_id
        person = self.batch.people.get(message.person_id or 0)
        return None if person is None else person.telegram_user_id

    async def deliver(self, message: OutboxMessage) -> Outcome:
        """Send one message and say what became of it; never raises."""
        chat_id = self._chat(message)
        if chat_id is None:
            return Outcome(
                message=message, state=OutboxState.DEAD, error="no Telegram chat for recipient"
            )
        try:
            with use_locale(self._locale(message)):
                async with asyncio.timeout(self.timeout):
                    return await self._send(message, chat_id)
        except Forbidden as exc:
            error = self._clean(str(exc))
            return Outcome(message=message, state=OutboxState.DEAD, error=error, blocked=True)
        except RetryAfter as exc:
            delay = timedelta(seconds=max(_retry_seconds(exc), 1.0))
            return self._again(message, self._clean(str(exc)), delay)
        except BadRequest as exc:
            return self._bad_request(message, exc)
        except NetworkError as exc:
            return self._again(message, self._clean(str(exc)), _backoff(message.attempts))
        except TimeoutError:
            # Given up before the claim runs out, so no other sender takes the message
            # while this one may still be on its way: at most one copy too many.
            error = f"no answer within {self.timeout:g} s"
            return self._again(message, error, _backoff(message.attempts))
        except RenderError as exc:
            return Outcome(message=message, state=OutboxState.DEAD, error=str(exc))
        except Exception as exc:  # a bug or an unknown failure: logged, tried again later
            logger.exception("outbox message %s (%s) failed", message.id, message.kind)
            error = self._clean(f"{type(exc).__name__}: {exc}")
            return self._again(message, error, _backoff(message.attempts))

    def _bad_request(self, message: OutboxMessage, exc: BadRequest) -> Outcome:
        """An edit that changes nothing is done; any other refusal will not improve."""
        text = str(exc).lower()
        if _NOT_MODIFIED in text or any(gone in text for gone in _EDIT_GONE):
            return Outcome(message=message, state=OutboxState.SENT, error=str(exc))
        return Outcome(message=message, state=OutboxState.DEAD, error=self._clean(str(exc)))

    async def _send(self, message: OutboxMessage, chat_id: int) -> Outcome:
        """Render and send one message by its kind."""
        kind = MessageKind(message.kind)
        if kind is MessageKind.TASK_INPUT:
            await self._send_input(message, chat_id)
        elif kind is MessageKind.TASK_CARD:
            return await self._send_card(message, chat_id)
        elif kind is MessageKind.CARD_UPDATE:
            return await self._edit_card(message)
        else:
            text = _safe(render_text(self.batch, message))
            await self.bot.send_message(chat_id, text, rate_limit_args=_SEND_RETRIES)
        return Outcome(message=message, state=OutboxState.SENT)

    async def _send_input(self, message: OutboxMessage, chat_id: int) -> None:
        """Re-send a previous step's output by its file_id, as a photo or a document."""
        output = self.batch.outputs.get(int(message.payload["output_id"]))
        if output is None:
            raise RenderError("the output file is no longer stored")
        caption = _safe(render_text(self.batch, message))
        meta = output.meta
        if meta.kind is OutputKind.PHOTO:
            await self.bot.send_photo(
                chat_id, meta.telegram_file_id, caption=caption, rate_limit_args=_SEND_RETRIES
            )
        else:
            await self.bot.send_document(
                chat_id, meta.telegram_file_id, caption=caption, rate_limit_args=_SEND_RETRIES
            )

    async def _send_card(self, message: OutboxMessage, chat_id: int) -> Outcome:
        """Send a new task card and keep its message id for later edits."""
        rendered = card_view(self.batch, message)
        sent: Message = await self.bot.send_message(
            chat_id,
            _safe(rendered.text),
            reply_markup=rendered.keyboard,
            rate_limit_args=_SEND_RETRIES,
        )
        card = TaskMessageInfo(
            run_id=message.run_id or "",
            task_no=int(message.payload["task_no"]),
            person_id=message.person_id or 0,
            chat_id=chat_id,
            message_id=sent.message_id,
            sent_at=self.batch.at,
        )
        return Outcome(message=message, state=OutboxState.SENT, card=card)

    async def _edit_card(self, message: OutboxMessage) -> Outcome:
        """Edit the card to the task's state now; without a known card there is nothing to do."""
        key = (message.run_id or "", int(message.payload["task_no"]), message.person_id or 0)
        card = self.batch.cards.get(key)
        if card is None:
            return Outcome(message=message, state=OutboxState.SENT, error="no card to edit")
        rendered = card_view(self.batch, message)
        await self.bot.edit_message_text(
            _safe(rendered.text),
            chat_id=card.chat_id,
            message_id=card.message_id,
            reply_markup=rendered.keyboard,
            rate_limit_args=_SEND_RETRIES,
        )
        return Outcome(message=message, state=OutboxState.SENT)


async def _deliver_batch(
    application: TelegramApp, batch: Batch, *, lease: timedelta
) -> list[Outcome]:
    """Send every message of a batch at once (one per chat) and collect the outcomes."""
    # Every send ends well within the claim's lease, so the batch is marked before it expires.
    sender = _Sender(application, batch, timeout=lease.total_seconds() * _SEND_SHARE_OF_LEASE)
    return list(await asyncio.gather(*(sender.deliver(m) for m in batch.messages)))


async def dispatch_pending(application: TelegramApp, *, budget: float | None = None) -> int:
    """Deliver every message due now (or until ``budget`` seconds passed); return how many."""
    shared = deps(application)
    at = shared.clock()
    lease = timedelta(seconds=shared.settings.outbox_lease_seconds)
    loop = asyncio.get_running_loop()
    began = loop.time()
    delivered = 0
    while budget is None or loop.time() - began < budget:
        uow = SqlUnitOfWork(shared.sessions)
        batch = await claim_batch(uow, worker=WORKER, at=at, lease=lease)
        if batch is None:
            break
        outcomes = await _deliver_batch(application, batch, lease=lease)
        for outcome in outcomes:
            if outcome.state is not OutboxState.SENT:
                logger.warning(
                    "outbox message %s (%s) %s: %s",
                    outcome.message.id,
                    outcome.message.kind,
                    outcome.state.value,
                    outcome.error,
                )
        marked = await finish_batch(uow, batch=batch, outcomes=outcomes, at=shared.clock())
        if marked < len(outcomes):
            logger.warning(
                "%d outbox claims had expired before they were marked", len(outcomes) - marked
            )
        delivered += sum(outcome.state is OutboxState.SENT for outcome in outcomes)
    return delivered


async def _dispatch_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue's tick: deliver what is due, within most of one interval."""
    await dispatch_pending(context.application, budget=JOB_INTERVAL * _JOB_BUDGET)


def deliver_soon(application: TelegramApp) -> None:
    """Deliver now instead of at the next tick (a handler calls this after a service call)."""
    if application.job_queue is not None and application.running:
        application.job_queue.run_once(_dispatch_job, when=0.0, name="outbox-now")


def start_dispatcher(application: TelegramApp, *, interval: float = JOB_INTERVAL) -> None:
    """Deliver the outbox every ``interval`` seconds while the application runs."""
    if application.job_queue is None:
        raise RuntimeError(
            "the outbox dispatcher needs PTB's JobQueue (python-telegram-bot[job-queue])"
        )
    # APScheduler logs every run of a job at INFO: once a second would drown the log.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    application.job_queue.run_repeating(
        _dispatch_job,
        interval=interval,
        first=0.0,
        name="outbox",
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
