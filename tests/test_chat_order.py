"""Chats are served side by side; each chat's updates in the order they came."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update

from bot.chat_order import PerChatUpdateProcessor


def _update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, "private" if chat_id > 0 else "group")
    return Update(update_id, message=Message(update_id, datetime.now(UTC), chat, text="/help"))


def test_a_slow_chat_does_not_hold_up_another_and_each_keeps_its_order() -> None:
    done: list[str] = []

    async def handle(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        done.append(name)

    async def scenario() -> None:
        processor = PerChatUpdateProcessor()
        await asyncio.gather(
            processor.process_update(_update(1, 7), handle("chat 7, first (slow)", 0.3)),
            processor.process_update(_update(2, 7), handle("chat 7, second", 0.0)),
            processor.process_update(_update(3, -100), handle("group, only", 0.05)),
            processor.process_update(object(), handle("not an update", 0.0)),
        )
        assert processor._queues == {}  # nothing kept for idle chats

    asyncio.run(scenario())
    assert done == ["not an update", "group, only", "chat 7, first (slow)", "chat 7, second"]
