"""Task cards for Telegram: the card's text with the buttons its task allows right now.

*Mulai* and *Selesai* while the task is ready, *Selesai* once started; a decision
step gets *Setujui* and *Kembalikan* (or *Tolak* when its Tidak ends the run). A
task that is done, no longer needed or given to someone else has no buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine import TaskStatus
from bot.i18n import _
from bot.render.task_card import CardView, card_text
from bot.sop.model import REJECT
from bot.tg.callbacks import TaskAction, TaskButton

# Telegram cuts a message at 4096 characters; a card longer than that is shortened.
MAX_TEXT = 4096


@dataclass(frozen=True, slots=True)
class RenderedCard:
    text: str
    keyboard: InlineKeyboardMarkup | None


def _button(view: CardView, label: str, action: TaskAction) -> InlineKeyboardButton:
    """A button for this card's task; its callback data names the task, nothing more."""
    data = TaskButton(action=action, run_id=view.state.run_id, task_no=view.task.no).encode()
    return InlineKeyboardButton(label, callback_data=data)


def card_keyboard(view: CardView) -> InlineKeyboardMarkup | None:
    """The buttons for the task's current state, or None when nothing is left to press."""
    task = view.task
    if not (view.is_owners and task.is_open and view.state.is_active):
        return None
    decision = view.step.decision
    if decision is not None:
        refuse = (
            _button(view, _("Reject"), TaskAction.REJECT)
            if decision.no == REJECT
            else _button(view, _("Send back"), TaskAction.SEND_BACK)
        )
        return InlineKeyboardMarkup([[_button(view, _("Approve"), TaskAction.APPROVE), refuse]])
    done = _button(view, _("Done"), TaskAction.DONE)
    if task.status is TaskStatus.READY:
        return InlineKeyboardMarkup([[_button(view, _("Start"), TaskAction.START), done]])
    return InlineKeyboardMarkup([[done]])


def render_card(view: CardView) -> RenderedCard:
    """The card's text (within Telegram's limit) and its buttons."""
    text = card_text(view)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return RenderedCard(text=text, keyboard=card_keyboard(view))
