"""Search: finds the articles a person means, however they spell it.

A query becomes groups of alternatives, one group per thing the person typed: the word
itself, its abbreviation or long form (`bot/aliases.py`), the index words within one
typo of it (two from 9 letters on), and for the last word its completions. The store's
full-text index (FTS5 or PostgreSQL) returns candidates holding every group, or some
when too few hold all; they are then ranked as a person would: all words above some,
exact above corrected, title and lead above deep body, close together above far apart,
newer above older.
"""

from __future__ import annotations

import bisect
import calendar
import re
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sumy.utils import get_stop_words

from bot.aliases import AliasTable
from bot.textnorm import normalize, word_spans
from storage.engine import Database
from storage.models import Article
from storage.repositories import SavedSearchRepository
from storage.search_index import LEAD_WORDS, Alternative, Filters, SearchIndex

MAX_QUERY_CHARS = 300
MAX_QUERY_WORDS = 12
PAGE_SIZE = 5
SNIPPET_CHARS = 220
CANDIDATES = 40
MIN_COVERAGE = 0.5  # an article must hold at least half of what was typed
_COMPLETIONS = 8
_CORRECTIONS = 6
_RARE = 3  # a word held by fewer articles than this may still be a typo
_FIELD_WEIGHT = {"title": 3.0, "lead": 2.0, "body": 1.0}
_FILTER = re.compile(r"(?<!\S)(after|before|source):(\S*)", re.IGNORECASE)
_HYPHENATED = re.compile(r"\w+(?:[-‐‑‒–]\w+)+")
_HYPHEN = re.compile(r"[-‐‑‒–]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


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
    """A page of hits for a query, the number of matching articles found, suggestions."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int
    offset: int
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedQuery:
    """The words to look for (normalised, stop words gone) and the filters."""

    words: tuple[str, ...]
    filters: Filters
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "ecommerce": (e, commerce)


@dataclass(frozen=True)
class TermGroup:
    """What one typed word (or abbreviation phrase) may match, each with a quality."""

    typed: tuple[str, ...]
    options: tuple[tuple[Alternative, float], ...]

    @property
    def alternatives(self) -> list[Alternative]:
        """The alternatives alone, for the index."""
        return [alternative for alternative, _ in self.options]


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in get_stop_words("english"))


def allowed_typos(word: str, *, known: bool = True) -> int:
    """Edits tolerated: none up to 3 letters, 4 letters only if unknown, 1 to 8, then 2."""
    if len(word) < 4 or (len(word) == 4 and known) or word.isdigit():
        return 0
    return 1 if len(word) < 9 else 2


def parse_query(query: str) -> ParsedQuery:
    """Words and `after:`, `before:`, `source:` filters; raises QueryError with a reason."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"That query is {len(query):,} characters long; please keep it under {MAX_QUERY_CHARS}."
        )
    filters = Filters()
    for name, value in _FILTER.findall(query):
        filters = _with_filter(filters, name.lower(), value)
    rest = _FILTER.sub(" ", query)
    if not rest.strip() and not filters:
        raise QueryError("Usage: /search <words>, for example /search WCO conference")
    words = list(dict.fromkeys(normalize(rest).split()))
    if not words and not filters:
        raise QueryError("That query has no words to search for.")
    droppable = _droppable(rest)
    content = [w for w in words if w not in droppable] or words
    parts = {
        normalize(token): tuple(normalize(_HYPHEN.sub(" ", token)).split())
        for token in _HYPHENATED.findall(rest)
    }
    return ParsedQuery(tuple(content[:MAX_QUERY_WORDS]), filters, parts)


def _droppable(text: str) -> set[str]:
    """Stop words as typed: in lower case, or capitalised only as the first word. "Can"
    in "Nguyen Van Can" and "Cần" are names, not the English verb."""
    tokens = text.split()
    return {
        normalize(token)
        for index, token in enumerate(tokens)
        if token.isascii()
        and normalize(token) in _stop_words()
        and (token.islower() or (index == 0 and token[:1].isupper() and token[1:].islower()))
    }


def _with_filter(filters: Filters, name: str, value: str) -> Filters:
    if name == "source":
        if not value:
            raise QueryError("source: needs part of a source name, e.g. source:vietnamplus")
        return Filters(filters.after, filters.before, value)
    period = _period(value)
    if period is None:
        raise QueryError(f"{name}: takes a date like 2024, 2024-06 or 2024-06-30.")
    if name == "after":
        return Filters(period[0], filters.before, filters.source)
    return Filters(filters.after, period[1], filters.source)


def _period(value: str) -> tuple[date, date] | None:
    """First and last day of a year, month or day written as 2024, 2024-06, 2024-06-30."""
    match = _DATE.match(value)
    if not match:
        return None
    year = int(match[1])
    try:
        if match[3]:
            day = date(year, int(match[2]), int(match[3]))
            return day, day
        if match[2]:
            month = int(match[2])
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return date(year, month, 1), date(year, month, last)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


@dataclass
class Vocabulary:
    """The index words with their article counts, arranged for typo and prefix lookups."""

    counts: dict[str, int]
    by_length: dict[int, list[str]] = field(init=False)
    ordered: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.by_length = {}
        for word in self.counts:
            if not any(c.isdigit() for c in word):
                self.by_length.setdefault(len(word), []).append(word)
        self.ordered = sorted(self.counts)

    def corrections(self, word: str, edits: int) -> list[tuple[str, int]]:
        """Index words within `edits` of `word`, closest and commonest first."""
        found: list[tuple[str, int]] = []
        for length in range(len(word) - edits, len(word) + edits + 1):
            for candidate, distance, _ in process.extract(
                word,
                self.by_length.get(length, ()),
                scorer=Levenshtein.distance,
                score_cutoff=edits,
                limit=None,
            ):
                if candidate != word:
                    found.append((candidate, int(distance)))
        found.sort(key=lambda pair: (pair[1], -self.counts[pair[0]]))
        return found[:_CORRECTIONS]

    def completions(self, prefix: str) -> list[str]:
        """The commonest index words that start with `prefix` (not `prefix` itself)."""
        start = bisect.bisect_left(self.ordered, prefix)
        matches: list[str] = []
        for word in self.ordered[start:]:
            if not word.startswith(prefix):
                break
            if word != prefix:
                matches.append(word)
        matches.sort(key=lambda w: -self.counts[w])
        return matches[:_COMPLETIONS]

    def closest(self, word: str) -> str | None:
        """The nearest index word for "did you mean", looser than typo correction."""
        pool = [
            w
            for length in range(len(word) - 3, len(word) + 4)
            for w in self.by_length.get(length, ())
        ]
        best = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=60)
        return best[0] if best else None


def plan_groups(
    parsed: ParsedQuery, vocabulary: Vocabulary, aliases: AliasTable
) -> list[TermGroup]:
    """Groups of alternatives for the query words, abbreviation phrases taken whole."""
    words = parsed.words
    groups: list[TermGroup] = []
    position = 0
    while position < len(words):
        for size in range(min(aliases.longest, len(words) - position), 0, -1):
            phrase = tuple(words[position : position + size])
            if aliases.knows(phrase):
                options = [
                    (Alternative(form), 1.0 if form == phrase else 0.95)
                    for form in aliases.forms_of(phrase)
                ]
                groups.append(TermGroup(phrase, tuple(options)))
                position += size
                break
        else:
            last = position == len(words) - 1
            word = words[position]
            groups.append(_word_group(word, parsed.parts.get(word), vocabulary, last=last))
            position += 1
    return groups


def _word_group(
    word: str, parts: tuple[str, ...] | None, vocabulary: Vocabulary, *, last: bool
) -> TermGroup:
    count = vocabulary.counts.get(word, 0)
    options: dict[tuple[str, ...], float] = {(word,): 1.0}
    if parts and len(parts) > 1:
        options[parts] = 1.0
    if count < _RARE:
        edits = allowed_typos(word, known=count > 0)
        for correction, distance in vocabulary.corrections(word, edits) if edits else ():
            options.setdefault((correction,), 1.0 - 0.2 * distance)
    if last and len(word) >= 3:
        for completion in vocabulary.completions(word):
            options.setdefault((completion,), 0.8)
    return TermGroup((word,), tuple((Alternative(w), q) for w, q in options.items()))


class SearchService:
    """Ranks stored articles for a query, through the store's full-text index."""

    def __init__(self, database: Database, aliases: AliasTable) -> None:
        self.database = database
        self.aliases = aliases
        self._vocabulary: Vocabulary | None = None
        self._vocabulary_mark: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def vocabulary(self) -> Vocabulary:
        """The index vocabulary, reloaded when articles have been added or deleted since."""
        with self.database.reader() as session:
            newest, count = session.execute(select(func.max(Article.id), func.count())).one()
            mark = (newest or 0, count)
            with self._lock:
                if self._vocabulary is None or mark != self._vocabulary_mark:
                    self._vocabulary = Vocabulary(SearchIndex(session).vocabulary())
                    self._vocabulary_mark = mark
                return self._vocabulary

    def search(self, query: str, *, limit: int = PAGE_SIZE, offset: int = 0) -> SearchResults:
        """The `limit` best articles for `query` from rank `offset` on."""
        parsed = parse_query(query)
        vocabulary = self.vocabulary()
        groups = plan_groups(parsed, vocabulary, self.aliases)
        with self.database.reader() as session:
            index = SearchIndex(session)
            if not groups:
                ids = index.filtered(parsed.filters, limit=offset + limit + CANDIDATES)
                articles = _load(session, ids)
                ranked = [
                    Ranked(0.0, a, frozenset())
                    for a in sorted(articles, key=lambda a: ids.index(a.id))
                ]
            else:
                scores = dict(
                    index.candidates(
                        [g.alternatives for g in groups],
                        every=True,
                        filters=parsed.filters,
                        limit=CANDIDATES,
                    )
                )
                if len(scores) < offset + limit and len(groups) > 1:
                    for article_id, score in index.candidates(
                        [g.alternatives for g in groups],
                        every=False,
                        filters=parsed.filters,
                        limit=CANDIDATES,
                    ):
                        scores.setdefault(article_id, score)
                ranked = rank(_load(session, list(scores)), groups, scores)
        suggestions = () if ranked else self.suggest(parsed.words, vocabulary)
        page = tuple(_hit(r) for r in ranked[offset : offset + limit])  # snippets: page only
        return SearchResults(query, page, len(ranked), offset, suggestions)

    def save_query(self, query: str, now: datetime) -> int:
        """Keep `query` for page buttons; returns the short id they carry."""
        with self.database.transaction() as session:
            return SavedSearchRepository(session).save(query, now)

    def saved_query(self, saved_id: int) -> str | None:
        """The query behind a page button, or None if it is no longer kept."""
        with self.database.reader() as session:
            return SavedSearchRepository(session).query(saved_id)

    def article_title(self, article_id: int) -> str | None:
        """The title of a stored article (the query for "related articles")."""
        with self.database.reader() as session:
            article = session.get(Article, article_id)
            return article.title if article else None

    def suggest(self, words: Iterable[str], vocabulary: Vocabulary) -> tuple[str, ...]:
        """ "Did you mean" queries: each unknown word replaced by its nearest index word."""
        replaced = []
        changed = False
        for word in words:
            if word in vocabulary.counts or self.aliases.knows((word,)):
                replaced.append(word)
                continue
            nearest = vocabulary.closest(word)
            changed = changed or nearest is not None
            replaced.append(nearest or word)
        return (" ".join(replaced),) if changed else ()


def _load(session: Session, ids: Sequence[int]) -> list[Article]:
    if not ids:
        return []
    return list(session.scalars(select(Article).where(Article.id.in_(ids))))


@dataclass(frozen=True)
class Ranked:
    """An article with its score and the index words it matched, before its snippet."""

    score: float
    article: Article
    matched: frozenset[str]


def rank(
    articles: Iterable[Article], groups: Sequence[TermGroup], engine: dict[int, float]
) -> list[Ranked]:
    """Articles ordered as a person would rank them for these groups."""
    best_engine = max(engine.values(), default=0.0) or 1.0
    scored = []
    for article in articles:
        score, matched = _score(article, groups)
        if not matched:
            continue
        score += 0.5 * max(0.0, engine.get(article.id, 0.0)) / best_engine
        scored.append(Ranked(score, article, frozenset(matched)))
    scored.sort(
        key=lambda r: (
            -round(r.score, 6),
            -(r.article.published or date.min).toordinal(),
            -r.article.id,
        )
    )
    return scored


def _score(article: Article, groups: Sequence[TermGroup]) -> tuple[float, set[str]]:
    """Coverage, field and exactness strength, and proximity of the matched groups."""
    title = normalize(article.title).split()
    body = normalize(article.body).split()
    title_positions = _positions(title)
    body_positions = _positions(body)
    strengths: list[float] = []
    first_hits: list[list[int]] = []
    matched_words: set[str] = set()
    for group in groups:
        strength = 0.0
        hits: list[int] = []
        for alternative, quality in group.options:
            words = alternative.words
            in_title = _occurrences(title, title_positions, words)
            in_body = _occurrences(body, body_positions, words)
            if not (in_title or in_body):
                continue
            matched_words.update(words)
            hits.extend(in_body)
            weight = (
                _FIELD_WEIGHT["title"]
                if in_title
                else (_FIELD_WEIGHT["lead"] if in_body[0] < LEAD_WORDS else _FIELD_WEIGHT["body"])
            )
            strength = max(strength, quality * weight)
        strengths.append(strength)
        if hits:
            first_hits.append(sorted(hits))
    matched = sum(1 for s in strengths if s > 0)
    coverage = matched / len(groups)
    if coverage < MIN_COVERAGE:
        return 0.0, set()
    score = 10.0 * coverage + sum(strengths) / len(groups) + _proximity(first_hits)
    return score, matched_words


def _positions(tokens: Sequence[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        positions.setdefault(token, []).append(index)
    return positions


def _occurrences(
    tokens: Sequence[str], positions: dict[str, list[int]], words: tuple[str, ...]
) -> list[int]:
    starts = positions.get(words[0], [])
    if len(words) == 1:
        return starts
    size = len(words)
    return [p for p in starts if tuple(tokens[p : p + size]) == words]


def _proximity(hits: list[list[int]]) -> float:
    """1 when the groups' words stand side by side, less the further apart they are."""
    if len(hits) < 2:
        return 0.0
    events = sorted(
        (position, group) for group, positions in enumerate(hits) for position in positions
    )
    counts: dict[int, int] = {}
    left = 0
    best = None
    for position, group in events:
        counts[group] = counts.get(group, 0) + 1
        while len(counts) == len(hits):
            span = position - events[left][0] + 1
            best = span if best is None else min(best, span)
            left_group = events[left][1]
            counts[left_group] -= 1
            if not counts[left_group]:
                del counts[left_group]
            left += 1
    return 0.0 if best is None else len(hits) / best


def _hit(ranked: Ranked) -> SearchHit:
    article = ranked.article
    return SearchHit(
        article_id=article.id,
        title=article.title,
        source=article.source,
        published=article.published,
        score=round(ranked.score, 4),
        snippet=make_snippet(article.body, word_spans(article.body), ranked.matched),
    )


def make_snippet(
    text: str, spans: Sequence[tuple[int, int, str]], matched: Collection[str]
) -> Snippet:
    """The passage of about `SNIPPET_CHARS` around the densest cluster of matched words."""
    hits = [start for start, _, form in spans if form in matched]
    if not hits:
        end = _cut_at_space(text, SNIPPET_CHARS)
        passage = " ".join(text[:end].split())
        return Snippet(passage + ("…" if end < len(text) else ""), ())
    best_start = max(hits, key=lambda s: sum(1 for h in hits if s <= h < s + SNIPPET_CHARS))
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
