"""Updates of different chats at once, those of one chat in the order they came.

python-telegram-bot handles one update at a time unless told otherwise, so one long
/summary topic would keep every other chat of the team waiting. Handling everything at
once would let a quick second question in a chat be answered before the first. This
processor does neither: each chat (or, for inline queries, each person) has its own
queue, and the queues run side by side.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 128


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Serialises updates per chat; different chats run concurrently."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._queues: dict[int, tuple[asyncio.Lock, int]] = {}  # chat -> (lock, waiting)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run `coroutine` once every earlier update of the same chat is done."""
        key = _chat_of(update)
        if key is None:
            await coroutine
            return
        lock, waiting = self._queues.get(key, (asyncio.Lock(), 0))
        self._queues[key] = (lock, waiting + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, waiting = self._queues[key]
            if waiting == 1:
                del self._queues[key]  # idle chats cost nothing
            else:
                self._queues[key] = (lock, waiting - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def _chat_of(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
