"""What a failed Bot API request means for trying it again.

Telegram has no idempotency key, so only a request that surely never reached it may be
sent again: a refused connection, or a time-out while waiting for a free connection or
for the connection itself. A request that was answered with a refusal is not retried,
and one that may have arrived (the read timed out, the connection broke mid-way) is
never repeated. Flood control (429) is the rate limiter's to wait out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

log = logging.getLogger(__name__)

RETRY, REFUSED, UNKNOWN = "retry", "refused", "unknown"
# Back-off between attempts of a reply while Telegram cannot be reached: about a
# quarter of a minute in all, then the reply is given up.
REPLY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)

T = TypeVar("T")


def classify(error: TelegramError) -> str:
    """RETRY if the request surely did not reach Telegram, REFUSED if Telegram answered
    with a refusal, UNKNOWN if it may have been delivered."""
    cause = error.__cause__
    if isinstance(error, RetryAfter):
        return RETRY
    if isinstance(error, TimedOut):
        return RETRY if isinstance(cause, httpx.PoolTimeout | httpx.ConnectTimeout) else UNKNOWN
    if isinstance(error, BadRequest | Forbidden | InvalidToken | Conflict | ChatMigrated):
        return REFUSED
    if isinstance(error, NetworkError) and isinstance(cause, httpx.ConnectError):
        return RETRY
    return UNKNOWN


async def with_retries(
    call: Callable[..., Awaitable[T]], *args: Any, what: str, **kwargs: Any
) -> T:
    """`call(*args, **kwargs)`, tried again after each of REPLY_DELAYS while Telegram
    cannot be reached; the last failure, or any other, is raised to the caller."""
    for delay in REPLY_DELAYS:
        try:
            return await call(*args, **kwargs)
        except TelegramError as error:
            if isinstance(error, RetryAfter) or classify(error) != RETRY:
                raise
            log.warning(
                "Could not reach Telegram to send %s (%s); trying again in %g s", what, error, delay
            )
        await asyncio.sleep(delay)
    return await call(*args, **kwargs)
