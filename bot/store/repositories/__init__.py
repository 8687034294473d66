"""Repositories, one per aggregate; they read and write but never commit."""

from bot.store.repositories.bot_settings import BotSettingRepository
from bot.store.repositories.clock import ClockRepository
from bot.store.repositories.conversation import ConversationRepository
from bot.store.repositories.delivery import DeliveryRepository
from bot.store.repositories.directory import DirectoryRepository
from bot.store.repositories.events import EventRepository
from bot.store.repositories.invites import InviteRepository
from bot.store.repositories.memberships import MembershipRepository
from bot.store.repositories.offices import OfficeRepository
from bot.store.repositories.outbox import OutboxRepository
from bot.store.repositories.people import PersonRepository
from bot.store.repositories.runs import RunRepository
from bot.store.repositories.sops import SopRepository
from bot.store.repositories.task_messages import TaskMessageRepository

__all__ = [
    "BotSettingRepository",
    "ClockRepository",
    "ConversationRepository",
    "DeliveryRepository",
    "DirectoryRepository",
    "EventRepository",
    "InviteRepository",
    "MembershipRepository",
    "OfficeRepository",
    "OutboxRepository",
    "PersonRepository",
    "RunRepository",
    "SopRepository",
    "TaskMessageRepository",
]
