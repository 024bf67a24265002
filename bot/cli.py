"""The `briefbot` command: the bot, the local chat, ingestion and JSON for scripts.

Without a subcommand it starts the bot: on Telegram when TELEGRAM_BOT_TOKEN is set,
otherwise the local chat in the terminal. The JSON forms are stable, for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from bot.clock import Clock
from bot.config import Settings
from bot.events.indexing import EventIndexer
from bot.events.service import EventQueryError, EventView
from bot.logs import configure_logging
from bot.search import QueryError, SearchResults
from bot.services import Services
from bot.summaries import DEFAULT_SENTENCES, ArticleSummary, SummaryError, summarize_text
from bot.summary_methods import DEFAULT_METHOD, METHODS
from storage.ingestion.jsonl import count_lines, ingest_lines
from storage.ingestion.pipeline import Outcome, Status, article_files
from storage.ingestion.web import ingest_url
from storage.models import Article
from storage.repositories import ArticleRepository
from storage.search_index import SearchIndex


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    configure_logging(
        settings.log_level, secrets=[settings.telegram_bot_token, settings.webhook_secret]
    )
    clock = Clock.as_of(args.as_of) if getattr(args, "as_of", None) else Clock(settings.now)
    services = Services.open(settings, clock)
    try:
        return int(args.action(services, args) or 0)
    except (QueryError, SummaryError, EventQueryError) as error:
        print(f"briefbot: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        services.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefbot", description=__doc__.splitlines()[0])
    parser.set_defaults(action=_run)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = commands.add_parser("run", help="start the Telegram bot (local chat without a token)")
    run.add_argument("--webhook", metavar="URL", help="serve a webhook at this public URL")
    run.add_argument(
        "--listen", type=_host_port, metavar="HOST:PORT", help="where the webhook server listens"
    )
    run.set_defaults(action=_run)
    chat = commands.add_parser("chat", help="talk to the bot in the terminal")
    chat.set_defaults(action=_chat)

    ingest = commands.add_parser(
        "ingest", help="add article files, folders, JSON Lines files or web pages to the store"
    )
    ingest.add_argument("sources", nargs="+", metavar="PATH|URL")
    ingest.set_defaults(action=_ingest)

    reindex = commands.add_parser(
        "reindex", help="rebuild the search index and find the meetings in every article again"
    )
    reindex.set_defaults(action=_reindex)

    listing = commands.add_parser("list", help="list stored articles")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--limit", type=_positive, default=None, help="at most N articles")
    listing.set_defaults(action=_list)

    search = commands.add_parser("search", help="search the articles")
    search.add_argument("words", nargs="+")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--limit", type=_positive, default=5, help="at most N results")
    search.set_defaults(action=_search)

    summary = commands.add_parser("summary", help="summarize an article, standard input or JSONL")
    source = summary.add_mutually_exclusive_group(required=True)
    source.add_argument("id", type=_positive, nargs="?", help="article id")
    source.add_argument("--stdin", action="store_true", help="summarize the text on stdin")
    source.add_argument(
        "--jsonl",
        type=Path,
        metavar="FILE",
        help='lines of {"id": ..., "text": ...} in, lines of {"id": ..., "summary": [...]} out',
    )
    summary.add_argument("--sentences", type=_positive, default=DEFAULT_SENTENCES)
    summary.add_argument("--method", choices=METHODS, default=DEFAULT_METHOD)
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.set_defaults(action=_summary)

    events = commands.add_parser("events", help="list the meetings found in the articles")
    events.add_argument("--json", action="store_true", help="print JSON")
    when = events.add_mutually_exclusive_group()
    when.add_argument("--upcoming", action="store_true", help="only meetings still to come")
    when.add_argument("--past", action="store_true", help="only meetings that are over")
    _as_of(events)
    events.set_defaults(action=_events)

    event = commands.add_parser("event", help="the briefing of one meeting")
    event.add_argument("id", type=_positive)
    event.add_argument("--json", action="store_true", help="print JSON")
    _as_of(event)
    event.set_defaults(action=_event)

    reminders = commands.add_parser(
        "reminders", help="digests and reminders due, per subscribed chat"
    )
    reminders.add_argument("--json", action="store_true", help="print JSON")
    reminders.add_argument(
        "--as-of",
        dest="moment",
        type=datetime.fromisoformat,
        metavar="YYYY-MM-DDTHH:MM",
        help="take this moment as now (in BRIEFBOT_TIMEZONE unless it has an offset)",
    )
    reminders.set_defaults(action=_reminders)
    return parser


def _as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD", help="take this day as today"
    )


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError("use HOST:PORT, for example 0.0.0.0:8443")
    return host.strip("[]"), int(port)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _run(services: Services, args: argparse.Namespace) -> int:
    webhook, listen = getattr(args, "webhook", None), getattr(args, "listen", None)
    if not services.settings.telegram_bot_token:
        if webhook:
            print("briefbot: --webhook needs TELEGRAM_BOT_TOKEN.", file=sys.stderr)
            return 2
        print("TELEGRAM_BOT_TOKEN is not set: opening the local chat.", file=sys.stderr)
        return _chat(services, args)
    from bot.telegram_app import run_polling, run_webhook  # Telegram only when needed

    if not webhook:
        run_polling(services)
        return 0
    if not services.settings.webhook_secret:
        print("briefbot: --webhook needs BRIEFBOT_WEBHOOK_SECRET.", file=sys.stderr)
        return 2
    host, port = listen or ("0.0.0.0", 8443)
    run_webhook(services, webhook, host, port)
    return 0


def _chat(services: Services, _args: argparse.Namespace) -> int:
    from handlers.terminal import run_chat

    run_chat(services)
    return 0


def _ingest(services: Services, args: argparse.Namespace) -> int:
    """One line per input; on a terminal, more than one input shows a progress bar
    instead, and only the refusals are listed, before the totals."""
    plan = [_ingest_source(services, source) for source in args.sources]
    total = sum(size for size, _ in plan)
    bar = _Progress(total, sys.stdout) if total > 1 and sys.stdout.isatty() else None
    counts = dict.fromkeys(Status, 0)
    refusals: list[str] = []
    for _, outcomes in plan:
        for outcome in outcomes:
            counts[outcome.status] += 1
            if bar is None:
                print(outcome.describe())
                continue
            bar.advance()
            if outcome.status is Status.REFUSED:
                refusals.append(outcome.describe())
    if bar is not None:
        bar.close()
    for line in refusals:
        print(line)
    print(
        f"{counts[Status.ADDED]} added, {counts[Status.DUPLICATE]} already stored, "
        f"{counts[Status.REFUSED]} refused"
    )
    return 1 if counts[Status.REFUSED] and not counts[Status.ADDED] else 0


def _ingest_source(services: Services, source: str) -> tuple[int, Iterator[Outcome]]:
    """How many outcomes a source will give (for the bar), and the outcomes, lazily."""
    if source.startswith(("http://", "https://")):
        return 1, _url_outcome(source, services)
    path = Path(source)
    if path.suffix.lower() == ".jsonl":
        return _jsonl_size(path), _jsonl_outcomes(path, services)
    files = list(article_files(path))
    return len(files), services.ingestor.ingest_paths(files)


def _url_outcome(url: str, services: Services) -> Iterator[Outcome]:
    yield ingest_url(url, services.fetcher, services.ingestor)


def _jsonl_size(path: Path) -> int:
    try:
        with path.open("rb") as lines:
            return count_lines(lines)
    except OSError:
        return 1


def _jsonl_outcomes(path: Path, services: Services) -> Iterator[Outcome]:
    try:
        lines = path.open("rb")
    except OSError as error:
        yield Outcome(Status.REFUSED, str(path), reason=f"{path}: {error.strerror}")
        return
    with lines:
        yield from ingest_lines(lines, services.ingestor, name=path.name)


class _Progress:
    """A bar redrawn in place on the terminal, at most ten times a second."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.drawn_at = 0.0

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.drawn_at >= 0.1 or self.done == self.total:
            self.drawn_at = now
            filled = self.WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * (self.WIDTH + 2 * len(str(self.total)) + 4) + "\r")
        self.stream.flush()


def _reindex(services: Services, _args: argparse.Namespace) -> int:
    """One transaction: search and events come out whole, or stay as they were."""
    with services.database.transaction() as session:
        articles = session.scalars(select(Article).order_by(Article.id)).all()
        SearchIndex(session).rebuild(articles)
        events = EventIndexer().rebuild(session)
    print(f"Reindexed {len(articles)} articles; {events} meetings found.")
    return 0


def _list(services: Services, args: argparse.Namespace) -> int:
    with services.database.reader() as session:
        articles = ArticleRepository(session).newest(args.limit)
        rows = [
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "published": _iso(a.published),
                "language": a.language,
                "added_at": a.added_at.isoformat(),
            }
            for a in articles
        ]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(f"#{row['id']}  {row['published'] or '----------'}  {row['title']}")
    return 0


def _search(services: Services, args: argparse.Namespace) -> int:
    query = " ".join(args.words)
    results = services.search.search(query, limit=args.limit)
    if args.json:
        _print_json(_search_json(results))
    else:
        _print_chat(services, f"/search {query}")
    return 0


def _summary(services: Services, args: argparse.Namespace) -> int:
    if args.jsonl:
        return _summary_batch(args)
    if args.stdin:
        text = sys.stdin.read()
        summary = summarize_text(text, sentences=args.sentences, method=args.method)
        if args.json:
            _print_json({"sentences": list(summary.sentences), "share": round(summary.share, 4)})
        else:
            print("\n".join(summary.sentences))
        return 0
    result = services.summaries.for_article(args.id, sentences=args.sentences, method=args.method)
    if args.json:
        _print_json(_summary_json(result))
    else:
        _print_chat(services, f"/summary {args.id} {args.sentences} {args.method}")
    return 0


def _summary_batch(args: argparse.Namespace) -> int:
    """One process for many texts, for scripts and benchmarks; bad lines are reported."""
    failures = 0
    with args.jsonl.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                summary = summarize_text(
                    str(item["text"]),
                    sentences=args.sentences,
                    method=args.method,
                    title=item.get("title"),
                )
                out = {"id": item.get("id"), "summary": list(summary.sentences)}
            except (ValueError, KeyError, TypeError, SummaryError) as error:
                failures += 1
                print(f"briefbot: line {number}: {error}", file=sys.stderr)
                continue
            print(json.dumps(out, ensure_ascii=False))
    return 1 if failures else 0


def _events(services: Services, args: argparse.Namespace) -> int:
    which = "upcoming" if args.upcoming else "past" if args.past else ""
    if args.json:
        if which:
            found = services.events.listing(which, limit=10_000)[1]
        else:
            found = services.events.newest_first()
        _print_json([_event_json(event) for event in found])
    else:
        _print_chat(services, f"/events {which}")
    return 0


def _event(services: Services, args: argparse.Namespace) -> int:
    card = services.events.briefing(args.id)
    if not args.json:
        _print_chat(services, f"/event {args.id}")
        return 0
    _print_json(
        {
            **_event_json(card.event),
            "host": card.host,
            "theme": card.theme,
            "attendance": card.attendance,
            "participants": list(card.participants),
            "people": [vars(person) for person in card.people],
            "date_confidence": card.date_confidence,
            "other_editions": [_event_json(other) for other in card.background],
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "published": _iso(s.published),
                    "evidence": s.evidence,
                }
                for s in card.sources
            ],
        }
    )
    return 0


def _reminders(services: Services, args: argparse.Namespace) -> int:
    from bot.jobs import due_report

    report = due_report(services, args.moment)
    if args.json:
        _print_json(report)
        return 0
    for chat in report:
        print(f"chat {chat['chat_id']}: {chat['frequency']} at {chat['time']} {chat['timezone']}")
        for item in chat["items"]:
            what = f"reminder #{item['event_id']} {item['event']}" if item["event_id"] else "digest"
            print(f"  {item['at']}  {'due now ' if item['due'] else ''}{what}")
    return 0


def _print_chat(services: Services, line: str) -> None:
    from handlers.terminal import answer

    print(answer(line, services))


def _search_json(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query,
        "total": results.total,
        "results": [
            {
                "id": hit.article_id,
                "title": hit.title,
                "source": hit.source,
                "published": _iso(hit.published),
                "score": hit.score,
                "snippet": hit.snippet.text,
            }
            for hit in results.hits
        ],
    }


def _summary_json(result: ArticleSummary) -> dict[str, Any]:
    return {
        "id": result.article_id,
        "title": result.title,
        "source": result.source,
        "published": _iso(result.published),
        "method": result.method,
        "sentences": list(result.summary.sentences),
        "share": round(result.summary.share, 4),
    }


def _event_json(event: EventView) -> dict[str, Any]:
    return {
        "id": event.id,
        "name": event.name,
        "start": _iso(event.start),
        "end": _iso(event.end),
        "precision": event.precision,
        "location": event.location or None,
        "city": event.city,
        "province": event.province,
        "country": event.country,
        "status": event.status.value,
        "relative": event.relative,
        "article_ids": list(event.article_ids),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
