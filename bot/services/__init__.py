"""Use cases, one transaction each, over a `bot.store.SqlUnitOfWork`.

Run actions return the engine's `Transition` (new state and events). Refusals
raise `ServiceError` subclasses; engine errors pass through unchanged.
"""

from bot.services.errors import (
    AlreadyExistsError,
    ConflictError,
    DuplicateError,
    InvalidInviteError,
    InvalidRequestError,
    NotAdminError,
    NotAllowedError,
    NotFoundError,
    NotMemberError,
    ServiceError,
)
from bot.services.invites import CreatedInvite, accept_invite, create_invite, hash_token
from bot.services.notify import MessageKind, messages_for
from bot.services.offices import (
    add_member,
    add_person,
    create_office,
    grant_role,
    person_for_telegram,
    set_acting_official,
)
from bot.services.outbox import Batch, Outcome, claim_batch, finish_batch
from bot.services.runs import (
    cancel_run,
    complete_task,
    decide,
    get_run,
    reassign_task,
    start_run,
    start_task,
)
from bot.services.sops import PublishedSop, current_sops, publish_sop
from bot.store import OutputKind, OutputMeta

__all__ = [
    "AlreadyExistsError",
    "Batch",
    "ConflictError",
    "CreatedInvite",
    "DuplicateError",
    "InvalidInviteError",
    "InvalidRequestError",
    "MessageKind",
    "NotAdminError",
    "NotAllowedError",
    "NotFoundError",
    "NotMemberError",
    "Outcome",
    "OutputKind",
    "OutputMeta",
    "PublishedSop",
    "ServiceError",
    "accept_invite",
    "add_member",
    "add_person",
    "cancel_run",
    "claim_batch",
    "complete_task",
    "create_invite",
    "create_office",
    "current_sops",
    "decide",
    "finish_batch",
    "get_run",
    "grant_role",
    "hash_token",
    "messages_for",
    "person_for_telegram",
    "publish_sop",
    "reassign_task",
    "set_acting_official",
    "start_run",
    "start_task",
]
