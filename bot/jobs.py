"""The schedule job: every minute, send each chat the digests and reminders it is owed.

The job keeps no state of its own: each run reads the subscriptions and deliveries
from the store, works out what is due (`bot.schedule`), and for each item claims it,
composes it, sends it and records the outcome (`storage.subscriptions` explains the
states). The first run comes right after start-up, so a bot that was down catches up.

Delivery is at most once. Telegram has no idempotency key, so a send that may or may
not have arrived (the process died mid-request, a read timed out) is never repeated:
it is marked lost and logged as an error naming the chat. A send that surely did not
happen (Telegram refused it, the connection was never made, flood control outlasted
the rate limiter) is released and tried again at the next run while still due.

A chat the bot can no longer post to (removed from the group, blocked) is paused; a
group upgraded to a supergroup keeps its subscription under the new id, whether the
bot learns it from the upgrade message or from the refused send.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot, LinkPreviewOptions, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    TelegramError,
)
from telegram.ext import (
    Application,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.schedule import Item, due, upcoming
from bot.services import Services
from handlers.messages import Reply
from handlers.render import split_message, to_plain
from handlers.send_errors import RETRY, UNKNOWN, classify
from handlers.subscriptions import Outgoing, as_meetings, compose, dated_meetings, repository
from handlers.telegram import SERVICES_KEY, keyboard
from storage.failures import first_line, store_problem
from storage.subscriptions import FAILED, LOST, RELEASED, SENT, SKIPPED, Claim

log = logging.getLogger(__name__)

INTERVAL = timedelta(minutes=1)
# A claim older than this belongs to a process that died: no send takes this long,
# even with the rate limiter waiting out flood control three times.
CLAIM_TIMEOUT = timedelta(minutes=15)
# Who holds a claim, for the logs: host, process and a nonce (pids are reused).
OWNER = f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(3)}"
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def install_jobs(application: Application) -> None:
    """Run the schedule at start-up and every minute; follow the bot out of chats and
    groups into supergroups."""
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
    # Jobs added before the application starts get their first time when added; the
    # catch-up run must happen however late the start is, hence no misfire grace.
    queue.run_once(
        check_schedule, when=0, name="schedule at start", job_kwargs={"misfire_grace_time": None}
    )
    queue.run_repeating(check_schedule, interval=INTERVAL, first=INTERVAL, name="schedule")
    application.add_handler(
        ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER), group=1
    )
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrated), group=1)


async def check_schedule(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One run of the schedule job."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    try:
        await Courier(services, context.bot).run()
    except SQLAlchemyError as error:
        if (problem := store_problem(error)) is None:
            raise
        # Claims are written before sending, so nothing went out unrecorded; next minute
        # tries again.
        log.error("Schedule check skipped: store unavailable: %s (%s)", problem, first_line(error))


class Courier:
    """Sends what is due through one bot, recording each delivery in the store."""

    def __init__(self, services: Services, bot: Bot, owner: str = OWNER) -> None:
        self.services = services
        self.bot = bot
        self.owner = owner
        self.store = repository(services)

    async def run(self) -> dict[str, int]:
        """Settle dead claims, then deliver every due item; returns counts by outcome."""
        now = self.services.clock.now()
        for expired in await asyncio.to_thread(self.store.expire, now, CLAIM_TIMEOUT):
            if expired.outcome == LOST:
                log.error(
                    "LOST %s %s for chat %s: %s died while sending it; it may not have "
                    "arrived and is not resent",
                    expired.kind,
                    expired.key,
                    expired.chat_id,
                    expired.owner,
                )
            else:
                log.warning(
                    "Released %s %s for chat %s: %s died before sending it",
                    expired.kind,
                    expired.key,
                    expired.chat_id,
                    expired.owner,
                )
        counts: dict[str, int] = {}
        for item in await asyncio.to_thread(self._due, now):
            outcome = await self.deliver(item, now)
            counts[outcome] = counts.get(outcome, 0) + 1
        log.info(
            "Schedule checked as of %s: %s",
            now.isoformat(timespec="minutes"),
            ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "nothing due",
        )
        return counts

    def _due(self, now: datetime) -> list[Item]:
        meetings = as_meetings(dated_meetings(self.services))
        served = self.services.allowed_chats.allows  # a chat taken off the list goes quiet
        return [
            item
            for chat in self.store.schedules(now)
            if served(chat.chat_id)
            for item in due(chat, meetings, now)
        ]

    async def deliver(self, item: Item, now: datetime) -> str:
        """Claim, compose, send and record one item; returns what happened to it."""
        claim = await asyncio.to_thread(
            self.store.claim, item.chat, item.kind, item.key, now, self.owner
        )
        if claim is None:
            return "taken"
        try:
            outgoing = await asyncio.to_thread(compose, item, self.services, now)
        except Exception:
            log.exception("Could not compose %s %s for chat %s", item.kind, item.key, claim.chat_id)
            await asyncio.to_thread(self.store.release, claim)
            return RELEASED
        if outgoing.reply is None:
            await asyncio.to_thread(self.store.finish, claim, SKIPPED, now, detail=outgoing.note)
            return SKIPPED
        return await self._send(claim, outgoing, outgoing.reply, now)

    async def _send(self, claim: Claim, outgoing: Outgoing, reply: Reply, now: datetime) -> str:
        chat_id = claim.chat_id
        await asyncio.to_thread(self.store.sending, claim, chat_id)
        parts = split_message(reply.html)
        sent, moved = 0, False
        while sent < len(parts):
            markup = keyboard(reply) if sent == len(parts) - 1 else None
            try:
                await self._send_part(chat_id, parts[sent], markup)
            except ChatMigrated as error:
                if moved:  # a second upgrade in one send: Telegram is confused, stop here
                    return await self._failed(claim, error, sent, len(parts), now)
                moved, old_id, chat_id = True, chat_id, int(error.new_chat_id)
                log.warning("Chat %s became supergroup %s; its subscription moves", old_id, chat_id)
                await asyncio.to_thread(self.store.move_chat, old_id, chat_id)
                await asyncio.to_thread(self.store.sending, claim, chat_id)
                continue
            except Forbidden as error:
                log.warning("Chat %s refuses the bot (%s); subscription paused", chat_id, error)
                await asyncio.to_thread(
                    self.store.finish,
                    claim,
                    FAILED,
                    now,
                    detail=str(error),
                    pause="the bot could not post here (removed or blocked)",
                )
                return FAILED
            except TelegramError as error:
                return await self._failed(claim, error, sent, len(parts), now)
            sent += 1
        await asyncio.to_thread(
            self.store.finish,
            claim,
            SENT,
            now,
            detail=outgoing.note,
            digest_after=outgoing.digest_after,
        )
        return SENT

    async def _send_part(self, chat_id: int, text: str, markup: Any) -> None:
        """One message; HTML Telegram cannot parse is sent again as plain text."""
        try:
            await self.bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=_NO_PREVIEW,
            )
        except BadRequest as error:
            if "can't parse entities" not in error.message.lower():
                raise
            log.error("Telegram refused our HTML (%s); sending it as plain text", error.message)
            await self.bot.send_message(
                chat_id, to_plain(text), reply_markup=markup, link_preview_options=_NO_PREVIEW
            )

    async def _failed(
        self, claim: Claim, error: TelegramError, sent: int, parts: int, now: datetime
    ) -> str:
        """Record a send that stopped with `error` after `sent` of `parts` messages."""
        what = f"{claim.kind} {claim.key} for chat {claim.chat_id}"
        kind = classify(error)
        if kind == RETRY and sent == 0:
            log.warning("Could not send %s (%s); will try again", what, error)
            await asyncio.to_thread(self.store.release, claim)
            return RELEASED
        if kind == UNKNOWN:
            log.error(
                "LOST %s after %d of %d parts: %s. It may not have arrived; not resent",
                what,
                sent,
                parts,
                error,
            )
            detail = f"{error} (after {sent} of {parts} parts)"
            await asyncio.to_thread(self.store.finish, claim, LOST, now, detail=detail)
            return LOST
        log.error("Telegram refused %s after %d of %d parts: %s", what, sent, parts, error)
        detail = f"{error} (after {sent} of {parts} parts)"
        await asyncio.to_thread(self.store.finish, claim, FAILED, now, detail=detail)
        return FAILED


# ------------------------------------------------------------------ chat changes


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from a group or blocked: pause the chat's subscription."""
    change = update.my_chat_member
    if change is None:
        return
    if change.new_chat_member.status not in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return
    services: Services = context.application.bot_data[SERVICES_KEY]
    reason = "the bot was removed or blocked"
    if await asyncio.to_thread(repository(services).pause, change.chat.id, reason):
        log.warning("Chat %s: %s; subscription paused", change.chat.id, reason)


async def on_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its subscription follows it to the new id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    services: Services = context.application.bot_data[SERVICES_KEY]
    if await asyncio.to_thread(repository(services).move_chat, old, new):
        log.warning("Chat %s became supergroup %s; its subscription moved", old, new)


# ------------------------------------------------------------------ for `briefbot reminders`


def due_report(services: Services, at: datetime | None = None) -> list[dict[str, Any]]:
    """For every subscribed chat, its settings and the digests and reminders due now or
    in the next month, with when (in the chat's time zone) and whether they are due.

    `at` stands for now; without an offset it is read in the configured time zone.
    """
    now = at or services.clock.now()
    if now.tzinfo is None:
        now = now.replace(tzinfo=ZoneInfo(services.settings.timezone))
    meetings = as_meetings(dated_meetings(services))
    report = []
    for chat in repository(services).schedules(now):
        report.append(
            {
                "chat_id": chat.chat_id,
                "frequency": chat.frequency.value,
                "time": f"{chat.at:%H:%M}",
                "timezone": chat.timezone,
                "reminder_days": list(chat.reminder_days),
                "items": [
                    {
                        "kind": item.kind.value,
                        "key": item.key,
                        "at": item.at.astimezone(chat.zone).isoformat(timespec="minutes"),
                        "due": item.at <= now,
                        "event_id": item.meeting.id if item.meeting else None,
                        "event": item.meeting.name if item.meeting else None,
                        "days_before": item.days_before,
                    }
                    for item in upcoming(chat, meetings, now)
                ],
            }
        )
    return report
