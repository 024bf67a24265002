"""/add, /feeds, /delete, /stats and uploaded files: where the articles come from.

Changing the store (adding a page, following a feed, uploading, deleting) is for the
admins in BRIEFBOT_ADMINS; reading its state (/feeds, /stats) is for everyone. Every
refusal is one line that says why. Uploads are handled here without Telegram types:
the adapter checks `upload_refusal` before downloading, then calls `upload`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import PurePath
from zoneinfo import ZoneInfo

from sqlalchemy import delete as delete_rows
from sqlalchemy import exists, func, select, text
from sqlalchemy.orm import Session

from bot.admin import is_admin, refusal
from bot.events.indexing import EventIndexer
from bot.services import Services
from handlers.callback_data import summary_data
from handlers.messages import Button, Reply, Request
from handlers.render import escape, format_date
from storage.feeds import Feed, FeedRepository
from storage.ingestion.feeds import FeedError, FeedPoller, FeedReport
from storage.ingestion.fetch import FetchError
from storage.ingestion.jsonl import ingest_lines
from storage.ingestion.pipeline import Outcome, Status
from storage.ingestion.readers import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES
from storage.ingestion.web import ingest_url
from storage.models import Article, Event, EventSource, MeetingMentionRow
from storage.repositories import ArticleRepository
from storage.search_index import SearchIndex

ADD_USAGE = "Usage: /add <url>, for example /add https://www.wcoomd.org/en/media/newsroom.aspx"
FEEDS_USAGE = "Usage: /feeds, /feeds add <url> or /feeds remove <id>"
DELETE_USAGE = "Usage: /delete <id>, for example /delete 12"
MAX_URLS = 5  # per /add message: each is a fetch the sender waits for
UPLOAD_SUFFIXES = (*ARTICLE_SUFFIXES, ".jsonl")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the largest file Telegram lets a bot download
MAX_LISTED = 10  # articles added, and lines refused, named in an upload's answer
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)  # not "host:8080"


def add(request: Request, services: Services) -> list[Reply]:
    """Fetch each page, store its article and answer with its card."""
    admins = services.settings.admins
    if not is_admin(admins, request.user_id):
        return [Reply(escape(refusal("add articles", admins)))]
    urls = [_with_scheme(word) for word in request.args.split()]
    if not urls or len(urls) > MAX_URLS:
        return [Reply(escape(ADD_USAGE if not urls else f"At most {MAX_URLS} addresses at once."))]
    return [
        _card(services, ingest_url(url, services.fetcher, services.ingestor), "Could not add ")
        for url in urls
    ]


def feeds(request: Request, services: Services) -> list[Reply]:
    """List the feeds; admins also follow (`add <url>`) and unfollow (`remove <id>`)."""
    action, _, rest = request.args.strip().partition(" ")
    action, rest = action.lower(), rest.strip()
    if not action:
        return [_feed_list(FeedPoller.of(services).feeds(), services)]
    if action not in ("add", "remove") or not rest or " " in rest:
        return [Reply(escape(FEEDS_USAGE))]
    admins = services.settings.admins
    if not is_admin(admins, request.user_id):
        return [Reply(escape(refusal("change the feeds", admins)))]
    poller = FeedPoller.of(services)
    if action == "remove":
        if not rest.isdigit() or len(rest) > 12:
            return [Reply(escape(FEEDS_USAGE))]
        gone = poller.unfollow(int(rest))
        if gone is None:
            return [Reply(f"There is no feed #{rest}. Send /feeds for the list.")]
        return [
            Reply(
                f"Stopped following feed #{gone.id} ({escape(gone.title or gone.url)}). "
                "Its articles stay in the store."
            )
        ]
    url = _with_scheme(rest)
    try:
        report = poller.follow(url, added_by=request.user_id)
    except (FeedError, FetchError) as error:
        return [Reply(escape(f"Could not follow {url}: {error}"))]
    return [
        Reply(
            f"Following feed #{report.feed_id}: <b>{escape(report.title)}</b>\n"
            f"{escape(report.url)}\n{escape(_tally(report.outcomes, 'entry', 'entries'))}\n"
            "New entries will be added as they appear."
        )
    ]


def delete(request: Request, services: Services) -> list[Reply]:
    """Remove an article, its search entry, summaries and meeting mentions, at once."""
    admins = services.settings.admins
    if not is_admin(admins, request.user_id):
        return [Reply(escape(refusal("delete articles", admins)))]
    target = request.args.strip().lstrip("#")
    if not target.isdigit() or len(target) > 12:
        return [Reply(escape(DELETE_USAGE))]
    article_id = int(target)
    with services.database.transaction() as session:
        article = ArticleRepository(session).get(article_id)
        if article is None:
            return [Reply(f"There is no article #{article_id}. Try /search to find one.")]
        title = article.title
        _delete_article(session, article)
    return [Reply(f"Deleted #{article_id}: {escape(title)}")]


def stats(request: Request, services: Services) -> list[Reply]:
    """How much the store holds and when it last grew."""
    with services.database.reader() as session:
        articles, last_added = session.execute(
            select(func.count(), func.max(Article.added_at)).select_from(Article)
        ).one()
        events = session.scalar(select(func.count()).select_from(Event)) or 0
        feed_count, failing = FeedRepository(session).count()
        size = _store_size(session)
    broken = f" ({failing} failing)" if failing else ""
    last = _when(last_added, services.settings.timezone) if last_added else "never"
    return [
        Reply(
            "<b>Store</b>\n"
            f"Articles: {articles:,}\n"
            f"Meetings: {events:,}\n"
            f"Feeds: {feed_count:,}{broken}\n"
            f"Size: {size / 1_048_576:.1f} MB ({escape(services.database.dialect)})\n"
            f"Last article added: {escape(last)}"
        )
    ]


def upload_refusal(
    file_name: str, size: int | None, user_id: int | None, services: Services
) -> Reply | None:
    """Why an uploaded file will not be taken, checked before downloading it; or None."""
    admins = services.settings.admins
    if not is_admin(admins, user_id):
        return Reply(escape(refusal("add articles", admins)))
    name = _file_name(file_name)
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return Reply(escape(f"{name}: send a .txt, .md, .html or .jsonl file."))
    limit = MAX_UPLOAD_BYTES if suffix == ".jsonl" else MAX_ARTICLE_BYTES
    if size is not None and size > limit:
        return Reply(
            escape(f"{name}: too large ({size / 1_048_576:.1f} MB; the limit is {limit >> 20} MB)")
        )
    return None


def upload(file_name: str, data: bytes, user_id: int | None, services: Services) -> list[Reply]:
    """Store an uploaded article file, or every good line of a JSON Lines file."""
    if refused := upload_refusal(file_name, len(data), user_id, services):
        return [refused]
    name = _file_name(file_name)
    suffix = PurePath(name).suffix.lower()
    if suffix != ".jsonl":
        outcome = services.ingestor.ingest_bytes(data, source=name, suffix=suffix)
        return [_card(services, outcome, "Refused ")]
    outcomes = list(ingest_lines(data.splitlines(), services.ingestor, name=name))
    added = [f"Added #{o.article_id}: {o.title}" for o in outcomes if o.status is Status.ADDED]
    refusals = [o.reason or "" for o in outcomes if o.status is Status.REFUSED]
    lines = [
        _tally(outcomes, "line", "lines"),
        *_at_most(added, "added"),
        *_at_most(refusals, "refused lines"),
    ]
    return [Reply(f"<b>{escape(name)}</b>: " + "\n".join(escape(line) for line in lines))]


def _at_most(lines: list[str], what: str) -> list[str]:
    """The first MAX_LISTED of `lines`, then how many more there are."""
    more = len(lines) - MAX_LISTED
    return lines[:MAX_LISTED] + ([f"… and {more} more {what}"] if more > 0 else [])


def feed_alerts(reports: Iterable[FeedReport]) -> list[Reply]:
    """What to tell the admins after a poll: feeds that broke or mended, once each."""
    return [Reply(escape(report.alert)) for report in reports if report.alert]


def _card(services: Services, outcome: Outcome, refusal_prefix: str) -> Reply:
    """The stored article's id, title, date and source, with a summary button; or the
    refusal's reason after `refusal_prefix`."""
    if outcome.status is Status.REFUSED or outcome.article_id is None:
        return Reply(escape(f"{refusal_prefix}{outcome.reason}"))
    with services.database.reader() as session:
        article = ArticleRepository(session).get(outcome.article_id)
        if article is None:  # deleted meanwhile
            return Reply(f"Article #{outcome.article_id} is no longer stored.")
        published, source, title = article.published, article.source, article.title
    heading = "Added" if outcome.status is Status.ADDED else "Already stored"
    return Reply(
        f"{heading}:\n<b>#{outcome.article_id} {escape(title)}</b>\n"
        f"<i>{escape(format_date(published))} · {escape(source)}</i>",
        ((Button("Summary", summary_data(outcome.article_id)),),),
    )


def _delete_article(session: Session, article: Article) -> None:
    """Delete inside the caller's transaction. Mentions, event links and summaries go by
    cascade; the meetings it told of are merged again from the other articles, and a
    meeting no other article mentions goes too."""
    mentioned = select(MeetingMentionRow.series).where(MeetingMentionRow.article_id == article.id)
    series = set(session.scalars(mentioned))
    linked = select(EventSource.event_id).where(EventSource.article_id == article.id)
    event_ids = set(session.scalars(linked))
    SearchIndex(session).remove(article)
    session.delete(article)
    session.flush()
    if series:
        EventIndexer().merge_series(session, series)
    if event_ids:
        orphan = ~exists().where(EventSource.event_id == Event.id)
        session.execute(
            delete_rows(Event).where(Event.id.in_(event_ids), orphan),
            execution_options={"synchronize_session": False},
        )


def _feed_list(followed: Sequence[Feed], services: Services) -> Reply:
    if not followed:
        return Reply("No feeds yet. Admins add one with /feeds add &lt;url&gt;.")
    zone = services.settings.timezone
    lines = [f"<b>{len(followed)} feed{'s' if len(followed) != 1 else ''}</b>"]
    for feed in followed:
        checked = f"checked {_when(feed.checked_at, zone)}" if feed.checked_at else "not checked"
        state = ""
        if feed.error and feed.failing_since:
            state = f" · failing since {_when(feed.failing_since, zone)}: {feed.error}"
        lines.append(
            f"#{feed.id} <b>{escape(feed.title or feed.url)}</b>\n"
            f"   {escape(feed.url)}\n   {escape(checked + state)}"
        )
    return Reply("\n".join(lines))


def _tally(outcomes: Sequence[Outcome], one: str, many: str) -> str:
    """'12 lines: 10 added, 1 already stored, 1 refused'."""
    counts = {status: sum(o.status is status for o in outcomes) for status in Status}
    return (
        f"{len(outcomes)} {one if len(outcomes) == 1 else many}: {counts[Status.ADDED]} added, "
        f"{counts[Status.DUPLICATE]} already stored, {counts[Status.REFUSED]} refused"
    )


def _store_size(session: Session) -> int:
    """Bytes the store takes on disk."""
    if session.get_bind().dialect.name == "sqlite":
        pages = session.scalar(text("PRAGMA page_count")) or 0
        return pages * (session.scalar(text("PRAGMA page_size")) or 0)
    return session.scalar(text("SELECT pg_database_size(current_database())")) or 0


def _when(moment: datetime, zone: str) -> str:
    """A stored time in the team's time zone: '10 Jun 2024 14:05'."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ZoneInfo(zone))
    return f"{format_date(local.date())} {local:%H:%M}"


def _with_scheme(url: str) -> str:
    """An address as people paste it: 'www.example.com/x' means https://www.example.com/x."""
    url = url.strip("<>")
    return url if _SCHEME.match(url) else f"https://{url}"


def _file_name(file_name: str) -> str:
    return PurePath(file_name.replace("\\", "/")).name[:200] or "upload.txt"
