"""Summaries: a few sentences of the article itself, in the article's order.

Extractive only, so every sentence a leader reads is one the source wrote. The methods
live in `bot/summary_methods.py` (the default is the one that measures best against
human highlights); summaries of stored articles are cached per method and length and
made again when the article's text changes. A topic digest summarizes the best
matching articles together, saying each fact once and naming its sources.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.search import QueryError, SearchService
from bot.summary_methods import DEFAULT_METHOD, METHODS, rank_sentences
from storage.engine import Database
from storage.failures import store_problem
from storage.models import Article, CachedSummary
from storage.repositories import ArticleRepository

log = logging.getLogger(__name__)

DEFAULT_SENTENCES = 3
MAX_SENTENCES = 10
MAX_TEXT_CHARS = 200_000
TOPIC_ARTICLES = 4
TOPIC_SENTENCES = 5
_SAME_FACT = 75  # rapidfuzz token-set ratio above which two sentences say the same


class SummaryError(ValueError):
    """A summary that cannot be made; the message is a one-line answer for people."""


@dataclass(frozen=True)
class Summary:
    """Chosen sentences, the share of the text's characters they cover, and whether
    only the opening of an over-long text was read."""

    sentences: tuple[str, ...]
    share: float
    truncated: bool = False


@dataclass(frozen=True)
class ArticleSummary:
    """A summary of a stored article, with what a reader needs to cite it."""

    article_id: int
    title: str
    source: str
    published: date | None
    summary: Summary
    method: str
    chosen_by_search: bool = False


@dataclass(frozen=True)
class SourcedSentence:
    """A sentence of a topic digest and the article it comes from."""

    text: str
    article_id: int


@dataclass(frozen=True)
class TopicSummary:
    """A digest of several articles on one topic, each fact once, with its sources."""

    query: str
    sentences: tuple[SourcedSentence, ...]
    sources: tuple[tuple[int, str], ...]


def check_options(sentences: int, method: str) -> None:
    """Raise SummaryError for a length or method we do not offer."""
    if not 1 <= sentences <= MAX_SENTENCES:
        raise SummaryError(f"Choose between 1 and {MAX_SENTENCES} sentences.")
    if method not in METHODS:
        raise SummaryError(f"Unknown method “{method}”. Choose one of: {', '.join(METHODS)}.")


def summarize_text(
    text: str,
    *,
    sentences: int = DEFAULT_SENTENCES,
    method: str = DEFAULT_METHOD,
    title: str | None = None,
) -> Summary:
    """The `sentences` best sentences of `text`, verbatim and in their original order."""
    check_options(sentences, method)
    if not text.strip():
        raise SummaryError("There is no text to summarize.")
    truncated = len(text) > MAX_TEXT_CHARS
    if truncated:
        text = text[: text.rfind(" ", 0, MAX_TEXT_CHARS) + 1 or MAX_TEXT_CHARS]
    chosen = rank_sentences(text, count=sentences, method=method, title=title)
    if not chosen:
        raise SummaryError("I found no sentences to summarize in that text.")
    share = min(1.0, sum(map(len, chosen)) / max(1, len(" ".join(text.split()))))
    return Summary(tuple(chosen), share, truncated)


class SummaryService:
    """Summaries of stored articles, of the best match for some words, of a topic, or
    of any text."""

    def __init__(self, database: Database, search: SearchService) -> None:
        self.database = database
        self.search = search

    def for_article(
        self, article_id: int, *, sentences: int = DEFAULT_SENTENCES, method: str = DEFAULT_METHOD
    ) -> ArticleSummary:
        """Summary of the article with this id, from the cache when still fresh."""
        check_options(sentences, method)
        with self.database.reader() as session:
            article = ArticleRepository(session).get(article_id)
            cached = session.get(CachedSummary, (article_id, method, sentences))
        if article is None:
            raise SummaryError(f"There is no article #{article_id}. Try /search to find one.")
        if cached is not None and cached.content_hash == article.content_hash:
            chosen = tuple(cached.sentences)
            share = min(1.0, sum(map(len, chosen)) / max(1, len(article.body)))
            summary = Summary(chosen, share)
        else:
            summary = summarize_text(
                article.body, sentences=sentences, method=method, title=article.title
            )
            self._remember(article, method, sentences, summary)
        return ArticleSummary(
            article.id, article.title, article.source, article.published, summary, method
        )

    def _remember(self, article: Article, method: str, count: int, summary: Summary) -> None:
        try:
            with self.database.transaction() as session:
                row = session.get(CachedSummary, (article.id, method, count))
                if row is None:
                    row = CachedSummary(article_id=article.id, method=method, sentence_count=count)
                    session.add(row)
                row.content_hash = article.content_hash
                row.sentences = list(summary.sentences)
        except IntegrityError:  # another process cached the same summary meanwhile
            pass
        except SQLAlchemyError as error:  # a cache is worth no refusal: answer uncached
            if (problem := store_problem(error)) is None:
                raise
            log.warning("Summary of #%d not cached: %s", article.id, problem)

    def for_query(
        self, query: str, *, sentences: int = DEFAULT_SENTENCES, method: str = DEFAULT_METHOD
    ) -> ArticleSummary:
        """Summary of the article that best matches `query`."""
        hits = self._hits(query, 1)
        summary = self.for_article(hits[0], sentences=sentences, method=method)
        return replace(summary, chosen_by_search=True)

    def for_topic(self, query: str, *, sentences: int = TOPIC_SENTENCES) -> TopicSummary:
        """The best matching articles summarized together, each fact said once."""
        check_options(sentences, DEFAULT_METHOD)
        article_ids = self._hits(query, TOPIC_ARTICLES)
        summaries = [self.for_article(i, sentences=sentences) for i in article_ids]
        chosen: list[SourcedSentence] = []
        # Round robin over the articles, best match first, so each source gets its say.
        for rank in range(sentences):
            for summary in summaries:
                if rank < len(summary.summary.sentences) and len(chosen) < sentences:
                    candidate = summary.summary.sentences[rank]
                    if not any(_same_fact(candidate, s.text) for s in chosen):
                        chosen.append(SourcedSentence(candidate, summary.article_id))
        used = {s.article_id for s in chosen}
        sources = tuple((s.article_id, s.title) for s in summaries if s.article_id in used)
        return TopicSummary(query, tuple(chosen), sources)

    def _hits(self, query: str, limit: int) -> list[int]:
        try:
            results = self.search.search(query, limit=limit)
        except QueryError as error:
            raise SummaryError(str(error)) from error
        if not results.hits:
            raise SummaryError(f"No article matches “{query}”. Try /search with other words.")
        return [hit.article_id for hit in results.hits]


def _same_fact(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a, b) >= _SAME_FACT
