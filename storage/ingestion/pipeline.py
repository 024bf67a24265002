"""Ingestion: from files or text to stored articles, one transaction per article.

Cleaning, the duplicate check and the insert happen together, so an article is stored
whole or not at all, and the same article ingested twice is reported, not stored twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clock import Clock
from storage.engine import Database
from storage.ingestion.cleaning import CleanArticle, clean_article
from storage.ingestion.language import guess_language
from storage.ingestion.readers import (
    ARTICLE_SUFFIXES,
    RawArticle,
    RefusedInput,
    article_from_bytes,
    read_article_file,
)
from storage.models import Article
from storage.repositories import ArticleRepository
from storage.search_index import SearchIndex

log = logging.getLogger(__name__)

MIN_BODY_CHARS = 80


# Work done on newly stored articles inside their transaction (e.g. finding meetings).
AddedHook = Callable[[Session, Sequence[Article]], None]


class Status(StrEnum):
    """What became of one input."""

    ADDED = "added"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    """The result of ingesting one input, with a one-line description for people."""

    status: Status
    source: str
    article_id: int | None = None
    title: str | None = None
    reason: str | None = None

    def describe(self) -> str:
        """One line: what happened to this input."""
        if self.status is Status.ADDED:
            return f"Added #{self.article_id}: {self.title} ({self.source})"
        if self.status is Status.DUPLICATE:
            return f"Already stored as #{self.article_id}: {self.title} ({self.source})"
        return f"Refused {self.reason}"


def content_hash(body: str) -> str:
    """Hash of the cleaned text, blind to case and spacing, that identifies an article."""
    return hashlib.sha256(" ".join(body.casefold().split()).encode()).hexdigest()


class Ingestor:
    """Stores articles from raw text, files, folders and the shipped seeds."""

    def __init__(
        self, database: Database, clock: Clock, *, on_added: Sequence[AddedHook] = ()
    ) -> None:
        self.database = database
        self.clock = clock
        self.on_added = tuple(on_added)

    def ingest(self, raw: RawArticle) -> Outcome:
        """Clean, store and index one article in one transaction."""
        return self.ingest_many([raw])[0]

    def ingest_many(self, raws: Sequence[RawArticle]) -> list[Outcome]:
        """Clean, store and index articles in one transaction; one outcome per input.

        If another process stores one of them meanwhile, the batch is retried one
        article at a time, so each is either stored once or reported as a duplicate.
        """
        prepared = [(raw, clean_article(raw.text)) for raw in raws]
        try:
            with self.database.transaction() as session:
                return self._store(session, prepared)
        except IntegrityError:
            if len(prepared) == 1:
                return [self._duplicate_after_race(*prepared[0])]
            return [outcome for raw in raws for outcome in self.ingest_many([raw])]

    def _store(
        self, session: Session, prepared: Sequence[tuple[RawArticle, CleanArticle]]
    ) -> list[Outcome]:
        articles = ArticleRepository(session)
        outcomes: list[Outcome | None] = []
        seen: dict[str, Article] = {}
        added: list[Article] = []
        for raw, cleaned in prepared:
            if len(cleaned.body) < MIN_BODY_CHARS:
                reason = f"{raw.source}: no article text found"
                outcomes.append(Outcome(Status.REFUSED, raw.source, reason=reason))
                continue
            digest = content_hash(cleaned.body)
            if existing := seen.get(digest) or articles.by_hash(digest):
                outcomes.append(Outcome(Status.DUPLICATE, raw.source, existing.id, existing.title))
                continue
            article = articles.add(self._article(raw, cleaned, digest))
            seen[digest] = article
            added.append(article)
            outcomes.append(Outcome(Status.ADDED, raw.source, article.id, article.title))
        SearchIndex(session).add_many(added)
        for hook in self.on_added:
            hook(session, added)
        return [outcome for outcome in outcomes if outcome is not None]

    def _article(self, raw: RawArticle, cleaned: CleanArticle, digest: str) -> Article:
        published = cleaned.published or raw.published
        return Article(
            title=cleaned.title[:300],
            title_derived=cleaned.title_derived,
            body=cleaned.body,
            raw_text=raw.text,
            source=raw.source[:1000],
            author=cleaned.author or raw.author or None,
            published=published,
            published_precision="day" if published else None,
            language=guess_language(cleaned.body),
            added_at=self.clock.now(),
            content_hash=digest,
        )

    def _duplicate_after_race(self, raw: RawArticle, cleaned: CleanArticle) -> Outcome:
        with self.database.reader() as session:
            existing = ArticleRepository(session).by_hash(content_hash(cleaned.body))
        if existing is None:
            raise RuntimeError(f"{raw.source}: store refused the article for another reason")
        return Outcome(Status.DUPLICATE, raw.source, existing.id, existing.title)

    def ingest_bytes(self, data: bytes, *, source: str, suffix: str = ".txt") -> Outcome:
        """Ingest an uploaded or piped article."""
        try:
            raw = article_from_bytes(data, source=source, suffix=suffix)
        except RefusedInput as refusal:
            return Outcome(Status.REFUSED, source, reason=str(refusal))
        return self.ingest(raw)

    def ingest_paths(self, paths: Iterable[Path]) -> Iterator[Outcome]:
        """Ingest files and every article file inside folders, in name order."""
        for path in paths:
            for file in article_files(path):
                try:
                    raw = read_article_file(file)
                except RefusedInput as refusal:
                    yield Outcome(Status.REFUSED, file.name, reason=str(refusal))
                except OSError as error:
                    yield Outcome(Status.REFUSED, str(file), reason=f"{file}: {error.strerror}")
                else:
                    yield self.ingest(raw)

    def ingest_seeds_if_empty(self) -> list[Outcome]:
        """Load the shipped seed articles into an empty store."""
        with self.database.reader() as session:
            if ArticleRepository(session).count():
                return []
        seeds = sorted(resources.files("seeds").iterdir(), key=lambda item: item.name)
        outcomes = self.ingest_many(
            [
                article_from_bytes(item.read_bytes(), source=item.name)
                for item in seeds
                if item.name.endswith(".txt")
            ]
        )
        log.info("Loaded %d seed articles into the empty store", len(outcomes))
        return outcomes


def article_files(path: Path) -> Iterator[Path]:
    """`path` itself, or the article files inside the folder `path`, in name order."""
    if path.is_dir():
        yield from sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
        )
    else:
        yield path
