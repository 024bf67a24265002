"""Feeds the bot follows, and the entries it has already taken from them.

A feed row keeps what the next poll needs: the validators for a conditional request
(ETag, Last-Modified) and the failure state, so a broken feed is reported once when it
breaks, not at every poll. An entry row remembers each link taken from a feed, even
when the article was refused or later deleted, so it is never fetched or added again.

`next_poll_at` is how several processes share the polling: a poller claims a feed's
poll by moving that moment one interval on, in a conditional UPDATE that matches only
while the poll is still due, so exactly one process wins each poll. The moved moment is
also the claim's lease: a poller that dies mid-poll holds the feed until then, no longer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    CursorResult,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from storage.models import Article, Base, UTCDateTime

MAX_URL_CHARS = 1000


class Feed(Base):
    """An RSS or Atom feed polled for new articles."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(MAX_URL_CHARS), unique=True)
    title: Mapped[str | None] = mapped_column(String(300))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    added_by: Mapped[int | None] = mapped_column(BigInteger)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime)

    entries: Mapped[list[FeedEntry]] = relationship(
        back_populates="feed", cascade="all, delete-orphan", passive_deletes=True
    )


class FeedEntry(Base):
    """A link taken from a feed, with the article it became (if it was stored)."""

    __tablename__ = "feed_entries"

    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    )
    url: Mapped[str] = mapped_column(String(MAX_URL_CHARS), primary_key=True, index=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    feed: Mapped[Feed] = relationship(back_populates="entries")


class FeedRepository:
    """Reads and writes feeds inside the caller's session (and so its transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, feed_id: int) -> Feed | None:
        """The feed with this id, if followed."""
        return self.session.get(Feed, feed_id)

    def by_url(self, url: str) -> Feed | None:
        """The feed at this address, if followed."""
        return self.session.scalar(select(Feed).where(Feed.url == url))

    def all(self) -> Sequence[Feed]:
        """Every feed, oldest first."""
        return self.session.scalars(select(Feed).order_by(Feed.id)).all()

    def due(self, by: datetime) -> Sequence[Feed]:
        """The feeds whose next poll is due by `by`, the longest waiting first."""
        query = select(Feed).where(Feed.next_poll_at <= by)
        return self.session.scalars(query.order_by(Feed.next_poll_at, Feed.id)).all()

    def claim(self, feed_id: int, *, due_by: datetime, next_poll_at: datetime) -> bool:
        """Take the feed's poll if it is still due by `due_by`, moving the next one to
        `next_poll_at`; False when another process took it first."""
        moved = update(Feed).where(Feed.id == feed_id, Feed.next_poll_at <= due_by)
        result = self.session.execute(moved.values(next_poll_at=next_poll_at))
        return cast("CursorResult[Any]", result).rowcount == 1

    def count(self) -> tuple[int, int]:
        """How many feeds are followed, and how many of them are failing."""
        total, failing = self.session.execute(
            select(func.count(), func.count(Feed.error)).select_from(Feed)
        ).one()
        return total, failing

    def seen(self, feed_id: int, urls: Iterable[str]) -> set[str]:
        """Which of `urls` this feed has already given."""
        wanted = list(urls)
        if not wanted:
            return set()
        query = select(FeedEntry.url).where(FeedEntry.feed_id == feed_id, FeedEntry.url.in_(wanted))
        return set(self.session.scalars(query))

    def stored_as(self, url: str) -> Article | None:
        """The article already stored from this address, by any feed or by /add."""
        from_feed = select(FeedEntry.article_id).where(
            FeedEntry.url == url, FeedEntry.article_id.is_not(None)
        )
        if (article_id := self.session.scalar(from_feed.limit(1))) is not None:
            return self.session.get(Article, article_id)
        return self.session.scalar(select(Article).where(Article.source == url).limit(1))
