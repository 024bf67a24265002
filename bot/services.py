"""The services every front end shares: one object built once per process."""

from __future__ import annotations

from dataclasses import dataclass

from bot.access import ChatAllowList
from bot.aliases import load_aliases
from bot.clock import Clock
from bot.config import Settings
from bot.events.indexing import EventIndexer
from bot.events.service import EventService
from bot.rate_limit import RateLimiter
from bot.search import SearchService
from bot.summaries import SummaryService
from storage.engine import Database
from storage.ingestion.fetch import Fetcher, FetchPolicy
from storage.ingestion.pipeline import Ingestor


@dataclass
class Services:
    """Search, summaries, events, ingestion and safe fetching over one store and one clock,
    with who may use them: the chats served and each person's rate limit."""

    settings: Settings
    clock: Clock
    database: Database
    ingestor: Ingestor
    search: SearchService
    summaries: SummaryService
    events: EventService
    fetcher: Fetcher
    allowed_chats: ChatAllowList
    rate_limiter: RateLimiter

    @classmethod
    def open(cls, settings: Settings, clock: Clock | None = None) -> Services:
        """Open (and migrate) the store; load the seed articles if it is empty."""
        clock = clock or Clock()
        database = Database.open(settings.database_url)
        ingestor = Ingestor(database, clock, on_added=[EventIndexer()])
        ingestor.ingest_seeds_if_empty()
        search = SearchService(database, load_aliases(settings.aliases_file))
        return cls(
            settings=settings,
            clock=clock,
            database=database,
            ingestor=ingestor,
            search=search,
            summaries=SummaryService(database, search),
            events=EventService(database, clock, settings.timezone),
            fetcher=Fetcher(FetchPolicy.allowing(settings.fetch_allow_hosts)),
            allowed_chats=ChatAllowList(settings.allowed_chats),
            rate_limiter=RateLimiter(settings.rate_limit),
        )

    def close(self) -> None:
        """Release the store's connections."""
        self.database.close()
