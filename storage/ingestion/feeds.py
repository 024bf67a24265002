"""Following RSS and Atom feeds: each new entry becomes an article, once.

A poll asks with the validators of the last answer (ETag, Last-Modified), so an
unchanged feed costs one small 304. An entry is taken once per feed (its link is
remembered, whatever became of it) and skipped when another feed or /add already
stored its address; the content hash catches the same article under another address.
Each entry's article is read from its page, through the same safe fetcher as /add,
falling back to the text the feed carries when the page cannot be had.

Each feed is polled every BRIEFBOT_FEED_INTERVAL_MINUTES by one process however many
run: a poller polls only the feeds whose poll it claimed in the store (see
`storage.feeds`), so of two processes checking at once, one fetches and one skips.

A feed that fails is marked with why and since when; the report of the poll that
breaks it (and of the one that mends it) carries an alert for the admins, the polls in
between do not, so admins hear of a broken feed once.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol

import feedparser
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.config import Settings
from storage.engine import Database
from storage.feeds import Feed, FeedEntry, FeedRepository
from storage.ingestion.fetch import FEED_TYPES, Fetched, Fetcher, FetchError, checked_url
from storage.ingestion.pipeline import Ingestor, Outcome, Status
from storage.ingestion.readers import RawArticle, RefusedInput, article_from_bytes
from storage.ingestion.web import fetch_article

log = logging.getLogger(__name__)

MAX_ENTRIES = 50  # newest entries taken from one answer; feeds list newest first
# A check this much early still finds a poll due, so timer jitter between the minute
# checks does not postpone a poll by a whole minute.
EARLY = timedelta(seconds=5)


class FeedError(Exception):
    """A feed that cannot be followed or read; the message is one line for people."""


@dataclass(frozen=True)
class Entry:
    """What a feed says about one article."""

    url: str
    title: str = ""
    published: date | None = None
    author: str | None = None
    content: str = ""  # HTML the feed carries: the full text or a teaser


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and entries, newest first as the feed lists them."""

    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class FeedReport:
    """What one poll of one feed did; `alert` is for admins (the feed broke or mended)."""

    feed_id: int
    url: str
    title: str
    outcomes: tuple[Outcome, ...] = ()
    error: str | None = None
    alert: str | None = None

    def count(self, status: Status) -> int:
        """How many entries ended with `status`."""
        return sum(outcome.status is status for outcome in self.outcomes)


class FeedServices(Protocol):
    """The parts of the application services that feeds use."""

    database: Database
    ingestor: Ingestor
    fetcher: Fetcher
    clock: Clock
    settings: Settings


def poll_feeds(services: FeedServices) -> list[FeedReport]:
    """Poll the feeds that are due and that this process claims; the job calls this."""
    return FeedPoller.of(services).poll_due()


def parse_feed(data: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """The entries of an RSS or Atom document, or `FeedError` if it is not one."""
    # A stream, never bytes or str: feedparser opens a str URL and a bytes file name.
    parsed: Any = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-location": url, "content-type": content_type},
    )
    if not parsed.version:
        problem = parsed.get("bozo_exception")
        why = f" ({_first_line(problem)})" if problem else ""
        raise FeedError(f"not an RSS or Atom feed{why}")
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        link = _web_address(item.get("link")) or _web_address(item.get("id"))
        if not link or link in seen:
            continue
        seen.add(link)
        content = item.get("content") or [{}]
        entries.append(
            Entry(
                url=link,
                title=(item.get("title") or "").strip(),
                published=_date(item.get("published_parsed") or item.get("updated_parsed")),
                author=item.get("author") or None,
                content=content[0].get("value") or item.get("summary") or "",
            )
        )
    title = (parsed.feed.get("title") or "").strip()
    return ParsedFeed(title=title, entries=tuple(entries[:MAX_ENTRIES]))


class FeedPoller:
    """Follows, unfollows and polls feeds, each every `interval`; every state change is
    one transaction."""

    def __init__(
        self,
        database: Database,
        ingestor: Ingestor,
        fetcher: Fetcher,
        clock: Clock,
        *,
        interval: timedelta,
    ) -> None:
        self.database = database
        self.ingestor = ingestor
        self.fetcher = fetcher
        self.clock = clock
        self.interval = interval

    @classmethod
    def of(cls, services: FeedServices) -> FeedPoller:
        """A poller over the application's store, ingestor and fetcher."""
        return cls(
            services.database,
            services.ingestor,
            services.fetcher,
            services.clock,
            interval=timedelta(minutes=services.settings.feed_interval_minutes),
        )

    def follow(self, url: str, *, added_by: int | None = None) -> FeedReport:
        """Check that `url` is a feed, follow it and take its entries now.

        Raises `FeedError` or `FetchError` saying why not; nothing is stored then."""
        address = checked_url(url)
        with self.database.reader() as session:
            if existing := FeedRepository(session).by_url(address):
                raise FeedError(f"already following it as feed #{existing.id}")
        fetched = self.fetcher.fetch(address, accept=FEED_TYPES)
        parsed = parse_feed(fetched.body, url=address, content_type=fetched.content_type)
        now = self.clock.now()
        feed = Feed(
            url=address,
            title=parsed.title[:300],
            added_at=now,
            added_by=added_by,
            next_poll_at=now + self.interval,  # its entries are taken now
        )
        try:
            with self.database.transaction() as session:
                session.add(feed)
        except IntegrityError:  # followed by someone else meanwhile
            raise FeedError("already following it") from None
        return self._take(feed.id, fetched, parsed)

    def unfollow(self, feed_id: int) -> Feed | None:
        """Stop following a feed (its stored articles stay); the feed, if it existed."""
        with self.database.transaction() as session:
            feed = FeedRepository(session).get(feed_id)
            if feed is not None:
                session.delete(feed)
            return feed

    def feeds(self) -> Sequence[Feed]:
        """Every followed feed, oldest first."""
        with self.database.reader() as session:
            return FeedRepository(session).all()

    def poll_due(self) -> list[FeedReport]:
        """Poll each due feed this process claims first; one feed's failure, even a bug,
        does not stop the others."""
        with self.database.reader() as session:
            due = FeedRepository(session).due(self.clock.now() + EARLY)
        reports = []
        for feed in due:
            if not self._claim(feed.id):
                continue  # another process polls it
            try:
                reports.append(self.poll(feed))
            except Exception:
                log.exception("Polling feed #%d (%s) failed", feed.id, feed.url)
                reports.append(self._fail(feed.id, "it could not be read (the error is logged)"))
        return reports

    def _claim(self, feed_id: int) -> bool:
        """Take the feed's due poll; False when another process took it first."""
        now = self.clock.now()
        with self.database.transaction() as session:
            return FeedRepository(session).claim(
                feed_id, due_by=now + EARLY, next_poll_at=now + self.interval
            )

    def poll(self, feed: Feed) -> FeedReport:
        """Ask for the feed if changed and take its new entries, claimed or not."""
        try:
            fetched = self.fetcher.fetch(
                feed.url, accept=FEED_TYPES, etag=feed.etag, last_modified=feed.last_modified
            )
            if fetched.not_modified:
                return self._record(feed.id, fetched)
            parsed = parse_feed(fetched.body, url=feed.url, content_type=fetched.content_type)
        except (FetchError, FeedError) as error:
            return self._fail(feed.id, str(error))
        return self._take(feed.id, fetched, parsed)

    def _take(self, feed_id: int, fetched: Fetched, parsed: ParsedFeed) -> FeedReport:
        """Store the entries this feed has not given before, then the feed's new state."""
        with self.database.reader() as session:
            feeds = FeedRepository(session)
            seen = feeds.seen(feed_id, (entry.url for entry in parsed.entries))
            fresh = [entry for entry in parsed.entries if entry.url not in seen]
            known = {entry.url: feeds.stored_as(entry.url) for entry in fresh}
        outcomes: dict[str, Outcome] = {}
        raws: dict[str, RawArticle] = {}
        for entry in fresh:
            if article := known[entry.url]:
                outcomes[entry.url] = Outcome(
                    Status.DUPLICATE, entry.url, article.id, article.title
                )
            elif isinstance(found := self._article(entry), Outcome):
                outcomes[entry.url] = found
            else:
                raws[entry.url] = found
        stored = self.ingestor.ingest_many(list(raws.values())) if raws else []
        outcomes.update(zip(raws, stored, strict=True))
        return self._record(feed_id, fetched, parsed, [(e.url, outcomes[e.url]) for e in fresh])

    def _article(self, entry: Entry) -> RawArticle | Outcome:
        """The entry's article from its page, else from the text in the feed."""
        try:
            raw = fetch_article(entry.url, self.fetcher)
        except (FetchError, RefusedInput) as error:
            if not entry.content.strip():
                return Outcome(Status.REFUSED, entry.url, reason=f"{entry.url}: {error}")
            try:
                raw = _from_feed_text(entry)
            except RefusedInput as refusal:
                return Outcome(Status.REFUSED, entry.url, reason=str(refusal))
        return replace(
            raw,
            published=raw.published or entry.published,
            author=raw.author or entry.author,
        )

    def _record(
        self,
        feed_id: int,
        fetched: Fetched,
        parsed: ParsedFeed | None = None,
        taken: Sequence[tuple[str, Outcome]] = (),
    ) -> FeedReport:
        """A successful poll: remember the entries and validators; mend a failing feed."""
        now = self.clock.now()
        outcomes = tuple(outcome for _, outcome in taken)
        with self.database.transaction() as session:
            feed = FeedRepository(session).get(feed_id)
            if feed is None:  # unfollowed while polling
                return FeedReport(feed_id, fetched.url, fetched.url, outcomes)
            for url, outcome in taken:
                article_id = outcome.article_id if outcome.status is not Status.REFUSED else None
                entry = FeedEntry(feed_id=feed_id, url=url, article_id=article_id, seen_at=now)
                session.merge(entry)
            alert = None
            if feed.error is not None:
                alert = f"Feed #{feed.id} ({_name(feed)}) works again."
            if parsed is not None:
                feed.title = parsed.title[:300] or feed.title
                feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
            feed.checked_at, feed.error, feed.failing_since = now, None, None
            return FeedReport(feed.id, feed.url, _name(feed), outcomes, alert=alert)

    def _fail(self, feed_id: int, reason: str) -> FeedReport:
        """A failed poll: keep why; alert only when a working feed has just broken."""
        now = self.clock.now()
        with self.database.transaction() as session:
            feed = FeedRepository(session).get(feed_id)
            if feed is None:
                return FeedReport(feed_id, "", "", error=reason)
            alert = None
            if feed.error is None:
                feed.failing_since = now
                alert = (
                    f"Feed #{feed.id} ({_name(feed)}) is failing: {reason}. "
                    "You will hear again when it works."
                )
            feed.checked_at, feed.error = now, reason[:2000]
            return FeedReport(feed.id, feed.url, _name(feed), error=reason, alert=alert)


def _from_feed_text(entry: Entry) -> RawArticle:
    """The article as the feed carries it, its headline first as cleaning expects."""
    page = f"<html><body>{entry.content}</body></html>".encode()
    raw = article_from_bytes(page, source=entry.url, suffix=".html")
    return replace(raw, text=f"{entry.title}\n\n{raw.text}" if entry.title else raw.text)


def _name(feed: Feed) -> str:
    return feed.title or feed.url


def _date(parsed: Any) -> date | None:
    return date(*parsed[:3]) if parsed else None


def _web_address(value: object) -> str | None:
    """The normalised http(s) address in `value` (so links compare equal), if any."""
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return None
    try:
        return checked_url(value)
    except FetchError:
        return None


def _first_line(problem: object) -> str:
    return str(problem).strip().splitlines()[0][:200] if str(problem).strip() else ""
