"""Search: finds the articles a person means, however they spell it.

Query words are normalised like the articles (case, diacritics, punctuation) and
matched with rapidfuzz, allowing one typo in words of 5 to 8 letters and two from 9
letters on. Matches in the title count more than matches in the body, exact more than
fuzzy, and articles holding every query word come before those holding some.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise

from rapidfuzz.distance import Levenshtein
from sumy.utils import get_stop_words

from bot.textnorm import normalize, word_spans
from storage.engine import Database
from storage.models import Article
from storage.repositories import ArticleRepository

MAX_QUERY_CHARS = 300
PAGE_SIZE = 5
SNIPPET_CHARS = 220
_TITLE_WEIGHT = 3.0
_HYPHENS = re.compile(r"[-‐‑‒–]")


class QueryError(ValueError):
    """A query that cannot be run; the message is a one-line answer for people."""


@dataclass(frozen=True)
class Snippet:
    """A passage of an article and the character ranges in it that matched the query."""

    text: str
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchHit:
    """One ranked article."""

    article_id: int
    title: str
    source: str
    published: date | None
    score: float
    snippet: Snippet


@dataclass(frozen=True)
class SearchResults:
    """A page of hits for a query, with the total number of matching articles."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    offset: int


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in get_stop_words("english"))


def allowed_typos(word: str) -> int:
    """Edits tolerated in a word of this length: none up to 4 letters, 1 to 8, then 2."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def query_terms(query: str) -> list[str]:
    """The normalised words worth matching; stop words go unless nothing else is left."""
    if not query.strip():
        raise QueryError("Usage: /search <words>, for example /search WCO conference")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"That query is {len(query):,} characters long; please keep it under {MAX_QUERY_CHARS}."
        )
    terms = list(dict.fromkeys(normalize(query).split()))
    if not terms:
        raise QueryError("That query has no words to search for.")
    content = [t for t in terms if t not in _stop_words()]
    return content or terms


def _term_match(term: str, vocabulary: set[str]) -> tuple[str, float] | None:
    """The best word of `vocabulary` for `term` and its quality (1 exact, less if fuzzy)."""
    if term in vocabulary:
        return term, 1.0
    limit = allowed_typos(term)
    best: tuple[str, float] | None = None
    for word in vocabulary:
        if limit and abs(len(word) - len(term)) <= limit:
            distance = Levenshtein.distance(term, word, score_cutoff=limit)
            if distance <= limit:
                quality = 1.0 - 0.25 * distance
                if best is None or quality > best[1]:
                    best = (word, quality)
    return best


def vocabulary(text: str, spans: Sequence[tuple[int, int, str]]) -> set[str]:
    """The words of a text as a query may name them: each word, the parts of hyphenated
    words ("e-commerce" gives "e", "commerce"), and each pair of neighbours written as
    one ("phu quoc" gives "phuquoc"), so that spacing and hyphens never hide a match."""
    forms = {form for _, _, form in spans}
    for start, end, _ in spans:
        if _HYPHENS.search(text[start:end]):
            forms.update(normalize(_HYPHENS.sub(" ", text[start:end])).split())
    forms.update(a[2] + b[2] for a, b in pairwise(spans))
    return forms


class SearchService:
    """Ranks stored articles for a query."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def search(self, query: str, *, limit: int = PAGE_SIZE, offset: int = 0) -> SearchResults:
        """The `limit` best articles for `query` from rank `offset` on."""
        terms = query_terms(query)
        with self.database.reader() as session:
            articles = ArticleRepository(session).newest()
        ranked = sorted(
            (hit for article in articles if (hit := self._score(article, terms))),
            key=lambda hit: (-hit.score, -(hit.published or date.min).toordinal(), hit.article_id),
        )
        return SearchResults(query, tuple(ranked[offset : offset + limit]), len(ranked), offset)

    def _score(self, article: Article, terms: Sequence[str]) -> SearchHit | None:
        title_words = vocabulary(article.title, word_spans(article.title))
        body_spans = word_spans(article.body)
        body_words = vocabulary(article.body, body_spans)
        score = 0.0
        matched_words: set[str] = set()
        found = 0
        for term in terms:
            in_title = _term_match(term, title_words)
            in_body = _term_match(term, body_words)
            if not (in_title or in_body):
                continue
            found += 1
            score += max(
                _TITLE_WEIGHT * in_title[1] if in_title else 0.0,
                in_body[1] if in_body else 0.0,
            )
            matched_words.update(m[0] for m in (in_title, in_body) if m)
        if not found:
            return None
        score += 2.0 * found / len(terms)
        return SearchHit(
            article_id=article.id,
            title=article.title,
            source=article.source,
            published=article.published,
            score=round(score, 4),
            snippet=make_snippet(article.body, body_spans, matched_words),
        )


def make_snippet(text: str, spans: Sequence[tuple[int, int, str]], matched: set[str]) -> Snippet:
    """The passage of about `SNIPPET_CHARS` around the densest cluster of matched words."""
    hits = [(start, end) for start, end, form in spans if form in matched]
    if not hits:
        end = _cut_at_space(text, SNIPPET_CHARS)
        return Snippet(text[:end] + ("…" if end < len(text) else ""), ())
    best_start = max(
        (start for start, _ in hits),
        key=lambda s: sum(1 for h, _ in hits if s <= h < s + SNIPPET_CHARS),
    )
    window_start = max(0, text.rfind(" ", 0, max(0, best_start - 40)) + 1)
    window_end = _cut_at_space(text, window_start + SNIPPET_CHARS)
    passage = " ".join(text[window_start:window_end].split())
    passage = ("…" if window_start > 0 else "") + passage + ("…" if window_end < len(text) else "")
    highlights = tuple((start, end) for start, end, form in word_spans(passage) if form in matched)
    return Snippet(passage, highlights)


def _cut_at_space(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position)
    return space if space > 0 else position
