"""Task buttons round-trip, stay within Telegram's 64 bytes and reject foreign data."""

import pytest

from bot.tg.callbacks import MAX_CALLBACK_BYTES, TaskAction, TaskButton, decode_task_button


@pytest.mark.parametrize("action", list(TaskAction))
def test_every_action_round_trips_within_64_bytes(action) -> None:
    button = TaskButton(action=action, run_id="Ab3_-xYz0123", task_no=999_999)
    data = button.encode()
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert decode_task_button(data) == button


@pytest.mark.parametrize(
    "data", [None, "", "t:s:run", "t:q:abc:1", "t:s:abc:x", "t:s:a b:1", "x:s:abc:1", "t:s:abc:1:2"]
)
def test_foreign_or_damaged_data_decodes_to_none(data) -> None:
    assert decode_task_button(data) is None
