"""A Bot API stub that enforces Telegram's limits, and a delivery run against it.

The stub models each limit as a leaky bucket (``rate`` messages per ``period``,
a burst of ``rate``): overall, per group, per private chat. A message over a limit
is answered 429 with ``retry_after``. Time is scaled by ``scale`` (0.01 makes a
minute 0.6 s) so a run of the real limits takes seconds.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.config import Settings
from bot.services import MessageKind
from bot.services.offices import create_office, person_for_telegram
from bot.store import SqlUnitOfWork, outbox_row
from bot.tg.app import build_application
from bot.tg.dispatcher import dispatch_pending
from bot.tg.rate_limits import ChatRateLimiter
from tests.tg.fakes import BOT_USER, TOKEN

OVERALL = (30, 1.0)
GROUP = (20, 60.0)
CHAT = (1, 1.0)
_SEQUENCE = re.compile(r"(\d+)")
# Timers are not exact: a bucket may run this share of one message over.
_JITTER = 0.05


class _Bucket:
    """A leaky bucket: ``rate`` messages, leaking ``rate`` per ``period``."""

    def __init__(self, rate: int, period: float) -> None:
        self.rate, self.period = rate, period
        self.level, self.at = 0.0, time.monotonic()

    def _leak(self, now: float) -> None:
        self.level = max(0.0, self.level - (now - self.at) * self.rate / self.period)
        self.at = now

    def wait(self, now: float) -> float:
        """Seconds until one more message fits (0 when it fits now)."""
        self._leak(now)
        over = self.level + 1 - self.rate - _JITTER
        return 0.0 if over <= 0 else over * self.period / self.rate

    def take(self) -> None:
        self.level += 1


@dataclass
class LimitedBotApi(BaseRequest):
    """Answers sendMessage like Telegram, with 429 when a limit is exceeded."""

    scale: float = 1.0
    received: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    n429: int = 0
    _buckets: dict[Any, _Bucket] = field(default_factory=dict)
    _ids: int = 0

    def __post_init__(self) -> None:
        super().__init__()

    def _bucket(self, key: Any, limit: tuple[int, float]) -> _Bucket:
        if key not in self._buckets:
            self._buckets[key] = _Bucket(limit[0], limit[1] * self.scale)
        return self._buckets[key]

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """No network."""

    async def shutdown(self) -> None:
        """No network."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """sendMessage under the limits; getMe and the rest answered plainly."""
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if name != "sendMessage":
            result: Any = BOT_USER if name == "getMe" else True
            return 200, json.dumps({"ok": True, "result": result}).encode()
        chat_id = int(params["chat_id"])
        buckets = [self._bucket("all", OVERALL)]
        buckets.append(self._bucket(chat_id, GROUP if chat_id < 0 else CHAT))
        now = time.monotonic()
        wait = max(bucket.wait(now) for bucket in buckets)
        if wait > 0:
            self.n429 += 1
            retry = max(1, math.ceil(wait))
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {retry}",
                "parameters": {"retry_after": retry},
            }
            return 429, json.dumps(body).encode()
        for bucket in buckets:
            bucket.take()
        self.received[chat_id].append(str(params["text"]))
        self._ids += 1
        message = {
            "message_id": self._ids,
            "date": 1_767_225_600,
            "chat": {"id": chat_id, "type": "group" if chat_id < 0 else "private"},
            "from": BOT_USER,
            "text": params["text"],
        }
        return 200, json.dumps({"ok": True, "result": message}).encode()


def scaled_limiter(scale: float) -> ChatRateLimiter:
    """The bot's limiter with Telegram's limits, time scaled like the stub's."""
    return ChatRateLimiter(
        overall_max_rate=OVERALL[0],
        overall_time_period=OVERALL[1] * scale,
        group_max_rate=GROUP[0],
        group_time_period=GROUP[1] * scale,
        chat_max_rate=CHAT[0],
        chat_time_period=CHAT[1] * scale,
    )


def floor_seconds(counts: dict[int, int], scale: float) -> float:
    """The least time the limits allow for ``counts`` messages per chat (leaky buckets)."""

    def least(n: int, limit: tuple[int, float]) -> float:
        rate, period = limit
        return max(0, n - rate) * period * scale / rate

    worst = least(sum(counts.values()), OVERALL)
    for chat_id, n in counts.items():
        worst = max(worst, least(n, GROUP if chat_id < 0 else CHAT))
    return worst


@dataclass
class DeliveryFigures:
    delivered: int
    duplicates: int
    lost: int
    out_of_order: int
    seconds: float
    floor: float
    n429: int

    @property
    def time_over_floor(self) -> float:
        return self.seconds / self.floor if self.floor else 0.0


async def run_delivery(
    sessions: Any, *, chats: int, per_chat: int, groups: int, per_group: int, scale: float
) -> DeliveryFigures:
    """Queue the messages, deliver them through the real Application, check what arrived."""
    uow = SqlUnitOfWork(sessions)
    at = datetime.now(UTC)
    office = await create_office(uow, name="Kantor Uji", at=at)
    people = [
        await person_for_telegram(uow, telegram_user_id=10_000 + i, display_name=f"P{i}", at=at)
        for i in range(chats)
    ]
    rows = []
    expected: dict[int, int] = {}
    for seq in range(max(per_chat, per_group)):
        for person in people if seq < per_chat else []:
            rows.append(
                _row(MessageKind.PERSONAL_DIGEST, seq, office.id, person_id=person.id, at=at)
            )
        for g in range(groups if seq < per_group else 0):
            rows.append(_row(MessageKind.GROUP_DIGEST, seq, office.id, chat_id=-5000 - g, at=at))
    for i in range(chats):
        expected[10_000 + i] = per_chat
    for g in range(groups):
        expected[-5000 - g] = per_group
    async with uow:
        await uow.outbox.add(rows=rows)
        await uow.commit()
    api = LimitedBotApi(scale=scale)
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN)  # type: ignore[call-arg]
    app = build_application(
        settings, request=api, sessions=sessions, rate_limiter=scaled_limiter(scale)
    )
    await app.initialize()
    began = time.monotonic()
    try:
        while await _pending(sessions):
            if not await dispatch_pending(app):
                await asyncio.sleep(0.05)
    finally:
        await app.shutdown()
    seconds = time.monotonic() - began
    return _figures(api, expected, seconds, floor_seconds(expected, scale))


def _row(kind: MessageKind, seq: int, office_id: int, at: datetime, **to: int) -> dict[str, Any]:
    """A digest whose open-task count is its sequence number in its chat."""
    target = to.get("person_id") or to.get("chat_id")
    return outbox_row(
        kind=kind.value,
        dedupe_key=f"load:{target}:{seq}",
        at=at,
        payload={"office": "K", "open": seq, "overdue": 0, "due_today": 0},
        office_id=office_id,
        **to,
    )


async def _pending(sessions: Any) -> int:
    async with SqlUnitOfWork(sessions) as uow:
        return await uow.outbox.pending_count()


def _figures(
    api: LimitedBotApi, expected: dict[int, int], seconds: float, floor: float
) -> DeliveryFigures:
    """Compare what each chat received with what it should have, in order."""
    delivered = duplicates = lost = out_of_order = 0
    for chat_id, count in expected.items():
        sequence = [int(_SEQUENCE.search(text).group(1)) for text in api.received.get(chat_id, [])]  # type: ignore[union-attr]
        delivered += len(set(sequence))
        duplicates += len(sequence) - len(set(sequence))
        lost += count - len(set(sequence))
        out_of_order += sequence != sorted(sequence)
    return DeliveryFigures(delivered, duplicates, lost, out_of_order, seconds, floor, api.n429)
