"""Subscriptions and deliveries: all the schedule's state, kept in the store.

A subscription row holds a chat's settings; a delivery row records one digest or
reminder for it. The triple (subscription, kind, key) is unique in the database, so
whoever inserts the row first owns the send: a restarted bot, or a second process on
the same PostgreSQL, finds the row and sends nothing. A delivery moves through

    claimed  -> sending -> sent          (Telegram accepted every part)
             -> skipped                  (a digest with nothing new)
             -> failed                   (Telegram refused; not retried)
             -> lost                     (the sender died while sending; not retried)

"claimed" is written before the message is composed, "sending" just before the first
request to Telegram. A claim left "claimed" by a dead process provably sent nothing
and is released for a retry; one left "sending" may or may not have reached the chat,
and since Telegram has no idempotency key we choose never-twice: it becomes "lost"
and the job logs it as an error. Every method here is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TypeVar

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    delete,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.schedule import DEFAULT_REMINDER_DAYS, DEFAULT_TIME, ChatSchedule, Frequency, Kind
from storage.engine import Database
from storage.models import Article, Base, UTCDateTime

ACTIVE, OFF, PAUSED = "active", "off", "paused"
CLAIMED, SENDING, SENT, SKIPPED, FAILED, LOST = (
    "claimed",
    "sending",
    "sent",
    "skipped",
    "failed",
    "lost",
)
RELEASED = "released"  # not a status: the row is deleted so the item can be tried again
# Deliveries older than this cannot matter to what is due: a reminder is claimed at
# most 30 days before its meeting and a digest within a week of its slot.
HISTORY = timedelta(days=62)
T = TypeVar("T")


class Subscription(Base):
    """A chat's digest and reminder settings, and whether it is subscribed.

    The row outlives /unsubscribe (status "off"), so settings are kept and deliveries
    already made are not repeated after a new /subscribe.
    """

    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'off', 'paused')", name="status"),
        CheckConstraint("frequency IN ('daily', 'weekly')", name="frequency"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    frequency: Mapped[str] = mapped_column(String(10))
    digest_time: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    reminder_days: Mapped[str] = mapped_column(String(40))  # "7,1,0"; empty when off
    active_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    digest_after: Mapped[int] = mapped_column(Integer)  # articles with a larger id are new
    paused_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def days(self) -> tuple[int, ...]:
        """Reminder days as numbers, farthest first."""
        return tuple(int(d) for d in self.reminder_days.split(",") if d)


class Delivery(Base):
    """One digest or reminder for one subscription: claimed, then sent (or not)."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "kind", "key"),
        CheckConstraint(
            "status IN ('claimed', 'sending', 'sent', 'skipped', 'failed', 'lost')",
            name="status",
        ),
        CheckConstraint("kind IN ('digest', 'reminder')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)  # where it went: groups change ids
    owner: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    detail: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True)
class Claim:
    """A delivery this process owns: it alone may send it."""

    id: int
    subscription_id: int
    chat_id: int
    kind: Kind
    key: str


@dataclass(frozen=True)
class Expired:
    """A claim whose process stopped answering, and what became of it."""

    chat_id: int
    kind: str
    key: str
    owner: str
    outcome: str  # LOST, or RELEASED when it never reached Telegram


class SubscriptionRepository:
    """Reads and writes subscriptions and deliveries; each write is one transaction."""

    def __init__(self, database: Database, default_timezone: str) -> None:
        self.database = database
        self.default_timezone = default_timezone

    # -------------------------------------------------------------- settings

    def find(self, chat_id: int) -> Subscription | None:
        """The chat's row, subscribed or not."""
        with self.database.reader() as session:
            return session.scalar(select(Subscription).where(Subscription.chat_id == chat_id))

    def subscribe(
        self,
        chat_id: int,
        chat_type: str,
        now: datetime,
        *,
        frequency: Frequency | None = None,
        at: time | None = None,
    ) -> tuple[Subscription, bool]:
        """Subscribe (or change the digest of) the chat; True if it was not subscribed.

        A chat that starts (again) is owed nothing from before `now`, and its first
        digest carries the articles added from now on.
        """

        def change(row: Subscription, session: Session) -> bool:
            started = row.status != ACTIVE
            if started:
                row.status, row.active_since, row.paused_reason = ACTIVE, now, None
                row.digest_after = session.scalar(select(func.max(Article.id))) or 0
            if frequency is not None:
                row.frequency = frequency.value
            if at is not None:
                row.digest_time = at
            return started

        return self._upsert(chat_id, chat_type, change)

    def update(
        self,
        chat_id: int,
        chat_type: str,
        *,
        frequency: Frequency | None = None,
        at: time | None = None,
        timezone: str | None = None,
        reminder_days: tuple[int, ...] | None = None,
    ) -> Subscription:
        """Change some settings, subscribed or not."""

        def change(row: Subscription, _session: Session) -> None:
            if frequency is not None:
                row.frequency = frequency.value
            if at is not None:
                row.digest_time = at
            if timezone is not None:
                row.timezone = timezone
            if reminder_days is not None:
                row.reminder_days = ",".join(map(str, reminder_days))

        return self._upsert(chat_id, chat_type, change)[0]

    def unsubscribe(self, chat_id: int) -> bool:
        """Stop the chat's digests and reminders; False if it was not subscribed."""
        with self.database.transaction() as session:
            row = self._row(session, chat_id)
            if row is None or row.status == OFF:
                return False
            row.status, row.paused_reason = OFF, None
            return True

    def pause(self, chat_id: int, reason: str) -> bool:
        """Stop sending to a chat the bot cannot post to; False if it was not subscribed."""
        with self.database.transaction() as session:
            row = self._row(session, chat_id)
            if row is None or row.status != ACTIVE:
                return False
            row.status, row.paused_reason = PAUSED, reason
            return True

    def move_chat(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Keep a group's subscription when Telegram upgrades it to a supergroup.

        If the supergroup already has its own row, that one wins and the old is
        switched off. False when there was nothing to move.
        """
        with self.database.transaction() as session:
            row = self._row(session, old_chat_id)
            if row is None:
                return False
            if self._row(session, new_chat_id) is not None:
                row.status = OFF
                return False
            row.chat_id, row.chat_type = new_chat_id, "supergroup"
            return True

    def _upsert(
        self, chat_id: int, chat_type: str, change: Callable[[Subscription, Session], T]
    ) -> tuple[Subscription, T]:
        """Apply `change` to the chat's row, created with the defaults if missing."""
        try:
            return self._change(chat_id, chat_type, change)
        except IntegrityError:  # another writer created the row meanwhile: it exists now
            return self._change(chat_id, chat_type, change)

    def _change(
        self, chat_id: int, chat_type: str, change: Callable[[Subscription, Session], T]
    ) -> tuple[Subscription, T]:
        with self.database.transaction() as session:
            row = self._row(session, chat_id, lock=True)
            if row is None:
                row = Subscription(
                    chat_id=chat_id,
                    chat_type=chat_type,
                    status=OFF,
                    frequency=Frequency.DAILY.value,
                    digest_time=DEFAULT_TIME,
                    timezone=self.default_timezone,
                    reminder_days=",".join(map(str, DEFAULT_REMINDER_DAYS)),
                    digest_after=0,
                )
                session.add(row)
            result = change(row, session)
            session.flush()
            return row, result

    @staticmethod
    def _row(session: Session, chat_id: int, *, lock: bool = False) -> Subscription | None:
        query = select(Subscription).where(Subscription.chat_id == chat_id)
        return session.scalar(query.with_for_update() if lock else query)

    # -------------------------------------------------------------- what the job reads

    def schedules(self, now: datetime, *, chat_id: int | None = None) -> list[ChatSchedule]:
        """Every subscribed chat (or just `chat_id`, if subscribed) with the deliveries
        recorded for it lately."""
        with self.database.reader() as session:
            query = select(Subscription).where(Subscription.status == ACTIVE)
            if chat_id is not None:
                query = query.where(Subscription.chat_id == chat_id)
            rows = session.scalars(query.order_by(Subscription.id)).all()
            taken: dict[int, set[tuple[str, str]]] = {row.id: set() for row in rows}
            recent = session.execute(
                select(Delivery.subscription_id, Delivery.kind, Delivery.key).where(
                    Delivery.subscription_id.in_(list(taken)),
                    Delivery.claimed_at >= now - HISTORY,
                )
            )
            for subscription_id, kind, key in recent:
                if subscription_id in taken:
                    taken[subscription_id].add((kind, key))
        return [
            ChatSchedule(
                subscription_id=row.id,
                chat_id=row.chat_id,
                frequency=Frequency(row.frequency),
                at=row.digest_time,
                timezone=row.timezone,
                reminder_days=row.days,
                since=row.active_since or now,
                taken=frozenset(taken[row.id]),
            )
            for row in rows
        ]

    def articles_after(self, article_id: int) -> Sequence[tuple[int, str]]:
        """(id, title) of the articles added after `article_id`, oldest first."""
        with self.database.reader() as session:
            found = session.execute(
                select(Article.id, Article.title)
                .where(Article.id > article_id)
                .order_by(Article.id)
            )
            return [(row.id, row.title) for row in found]

    def digest_after(self, subscription_id: int) -> int:
        """The id of the last article the chat's digests have covered."""
        with self.database.reader() as session:
            row = session.get(Subscription, subscription_id)
            return row.digest_after if row else 0

    # -------------------------------------------------------------- claims

    def claim(
        self, chat: ChatSchedule, kind: Kind, key: str, now: datetime, owner: str
    ) -> Claim | None:
        """Take the delivery, in its own transaction; None if someone else has it."""
        try:
            with self.database.transaction() as session:
                row = Delivery(
                    subscription_id=chat.subscription_id,
                    kind=kind.value,
                    key=key,
                    status=CLAIMED,
                    chat_id=chat.chat_id,
                    owner=owner,
                    claimed_at=now,
                )
                session.add(row)
                session.flush()
                return Claim(row.id, chat.subscription_id, chat.chat_id, kind, key)
        except IntegrityError:
            return None

    def sending(self, claim: Claim, chat_id: int) -> None:
        """Mark that requests to Telegram start now: from here a crash means "lost"."""
        with self.database.transaction() as session:
            row = session.get_one(Delivery, claim.id)
            row.status, row.chat_id = SENDING, chat_id

    def finish(
        self,
        claim: Claim,
        status: str,
        now: datetime,
        *,
        detail: str | None = None,
        digest_after: int | None = None,
        pause: str | None = None,
    ) -> None:
        """Record the outcome; with it, in the same transaction, move the chat's digest
        mark past the articles sent, or pause the chat."""
        with self.database.transaction() as session:
            row = session.get_one(Delivery, claim.id)
            row.status, row.finished_at, row.detail = status, now, detail
            subscription = session.get_one(Subscription, claim.subscription_id)
            if digest_after is not None:
                subscription.digest_after = max(subscription.digest_after, digest_after)
            if pause is not None and subscription.status == ACTIVE:
                subscription.status, subscription.paused_reason = PAUSED, pause

    def release(self, claim: Claim) -> None:
        """Give the claim up: nothing was sent, so the next check may try again."""
        with self.database.transaction() as session:
            session.execute(
                delete(Delivery).where(
                    Delivery.id == claim.id, Delivery.status.in_((CLAIMED, SENDING))
                )
            )

    def expire(self, now: datetime, timeout: timedelta) -> list[Expired]:
        """Settle claims older than `timeout`: release those that never reached
        Telegram, mark the others lost."""
        with self.database.transaction() as session:
            stale = session.scalars(
                select(Delivery)
                .where(
                    Delivery.status.in_((CLAIMED, SENDING)),
                    Delivery.claimed_at < now - timeout,
                )
                .with_for_update(skip_locked=True)
            ).all()
            settled = []
            for row in stale:
                outcome = RELEASED if row.status == CLAIMED else LOST
                settled.append(Expired(row.chat_id, row.kind, row.key, row.owner, outcome))
                if outcome == RELEASED:
                    session.delete(row)
                else:
                    row.status, row.finished_at = LOST, now
                    row.detail = f"{row.owner} stopped while sending; not resent"
            return settled
