"""Search: finds the articles a person means, however they spell it.

A query becomes groups of alternatives, one group per thing the person typed: the word
itself, its abbreviation or long form (`bot/aliases.py`), the one word it makes with a
neighbour ("e commerce"), the index words within one typo of it (two from 9 letters on;
two swapped letters are one typo), and for the last word its completions. The store's
full-text index (FTS5 or PostgreSQL) returns candidates holding every group; when too
few do, words that exist as typed are corrected too, then articles missing one group or
holding the rarest groups are added. They are then ranked as a person would: all words
above some, exact above corrected, title and lead above deep body, close together above
far apart, newer above older.
"""

from __future__ import annotations

import bisect
import calendar
import heapq
import re
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sumy.utils import get_stop_words

from bot.aliases import AliasTable
from bot.textnorm import fold_aligned, normalize, word_finder, word_form, word_spans
from storage.engine import Database
from storage.models import Article
from storage.repositories import SavedSearchRepository
from storage.search_index import LEAD_WORDS, Alternative, Filters, SearchIndex

MAX_QUERY_CHARS = 300
MAX_QUERY_WORDS = 12
PAGE_SIZE = 5
SNIPPET_CHARS = 220
CANDIDATES = 30
MIN_COVERAGE = 0.5  # an article must hold at least half of what was typed
_COMPLETIONS = 16
_CORRECTIONS = 6
_REMEMBERED = 4096  # corrections and completions kept per vocabulary
_RARE = 3  # a word held by fewer articles than this may still be a typo
_COMMON = 0.001  # a word in this share of the articles is not taken for a typo
_RECOUNT_SECONDS = 60.0
_TYPO_COST = 10.0  # per unit of quality lost: exact in the body beats corrected in the title
_FIELD_WEIGHT = {"title": 3.0, "lead": 2.0, "body": 1.0}
_FILTER = re.compile(r"(?<!\S)(after|before|source):(\S*)", re.IGNORECASE)
_HYPHENATED = re.compile(r"\w+(?:[-‐‑‒–]\w+)+")
_HYPHEN = re.compile(r"[-‐‑‒–]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


T = TypeVar("T")


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
    joined: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "commerce": (ecommerce,)


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
    typed = normalize(rest).split()
    words = list(dict.fromkeys(typed))
    if not words and not filters:
        raise QueryError("That query has no words to search for.")
    droppable = _droppable(rest)
    content = [w for w in words if w not in droppable] or words
    parts = {
        normalize(token): tuple(normalize(_HYPHEN.sub(" ", token)).split())
        for token in _HYPHENATED.findall(rest)
    }
    return ParsedQuery(tuple(content[:MAX_QUERY_WORDS]), filters, parts, _joined(typed))


def _joined(typed: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each typed word with the words it makes with the word before or after it, stop
    words included: "e commerce" may be written "ecommerce" (or "e-commerce")."""
    joined: dict[str, tuple[str, ...]] = {}
    for at, word in enumerate(typed):
        pairs = [typed[i] + typed[i + 1] for i in (at - 1, at) if 0 <= i < len(typed) - 1]
        joined[word] = tuple(dict.fromkeys(joined.get(word, ()) + tuple(pairs)))
    return joined


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
    articles: int = 0  # articles in the store, and the newest id, when loaded
    newest: int = 0
    by_length: dict[int, list[str]] = field(init=False)
    by_opening: dict[tuple[int, int, str], list[str]] = field(init=False)
    ordered: list[str] = field(init=False)
    _remembered: dict[tuple[str, str, int], list[Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_length = {}
        self.by_opening = {}  # (length, 0 or 1, letter): the words with that letter there
        for word in self.counts:
            if not any(c.isdigit() for c in word):
                self.by_length.setdefault(len(word), []).append(word)
                for at, letter in enumerate(word[:2]):
                    self.by_opening.setdefault((len(word), at, letter), []).append(word)
        self.ordered = sorted(self.counts)
        self._remembered = {}

    @property
    def mark(self) -> tuple[int, int]:
        """The newest article id and the article count it was loaded at."""
        return self.newest, self.articles

    def common(self, word: str) -> bool:
        """Whether `word` is in so many articles that it is surely no typo."""
        return self.counts.get(word, 0) > max(_RARE, _COMMON * self.articles)

    def corrections(self, word: str, edits: int) -> list[tuple[str, int]]:
        """Index words within `edits` of `word` (a swap of two letters is one edit),
        closest and commonest first."""
        return self._remember(("corrections", word, edits), lambda: self._corrections(word, edits))

    def _remember(self, key: tuple[str, str, int], find: Callable[[], list[T]]) -> list[T]:
        """`find()`, kept under `key`: people retype and page through the same words."""
        found = self._remembered.get(key)
        if found is None:
            found = find()
            if len(self._remembered) >= _REMEMBERED:
                self._remembered.clear()
            self._remembered[key] = found
        return found

    def _corrections(self, word: str, edits: int) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for length in range(len(word) - edits, len(word) + edits + 1):
            for pool in self._pools(word, length, edits):
                for candidate, distance, _ in process.extract(
                    word, pool, scorer=OSA.distance, score_cutoff=edits, limit=None
                ):
                    if candidate != word:
                        found[candidate] = int(distance)
        ranked = sorted(found.items(), key=lambda pair: (pair[1], -self.counts[pair[0]], pair[0]))
        return ranked[:_CORRECTIONS]

    def _pools(self, word: str, length: int, edits: int) -> list[list[str]]:
        """The words of `length` that may be within `edits` of `word`. One edit leaves
        the word's first or second letter first or second (a swap of both included),
        which spares comparing most words."""
        if edits != 1 or len(word) < 2:
            return [self.by_length.get(length, [])]
        return [
            self.by_opening.get((length, at, letter), [])
            for at in (0, 1)
            for letter in set(word[:2])
        ]

    def completions(self, prefix: str) -> list[str]:
        """The commonest index words that start with `prefix` (not `prefix` itself)."""
        return self._remember(("completions", prefix, 0), lambda: self._completions(prefix))

    def _completions(self, prefix: str) -> list[str]:
        start = bisect.bisect_right(self.ordered, prefix)
        end = bisect.bisect_left(self.ordered, prefix + "\U0010ffff", start)
        return heapq.nlargest(_COMPLETIONS, self.ordered[start:end], key=self.counts.__getitem__)

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
    parsed: ParsedQuery,
    vocabulary: Vocabulary,
    aliases: AliasTable,
    *,
    known_corrections: int = 0,
) -> list[TermGroup]:
    """Groups of alternatives for the query words, abbreviation phrases taken whole.

    With `known_corrections` (when the exact words found too little), words that exist
    as typed are corrected too, to words held by at most that many articles: "Hinckley"
    is a town, but "Hinckley Point" means Hinkley Point.
    """
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
            word = words[position]
            joined = [w for w in parsed.joined.get(word, ()) if w in vocabulary.counts]
            groups.append(
                _word_group(
                    word,
                    parsed.parts.get(word),
                    joined,
                    vocabulary,
                    last=position == len(words) - 1,
                    known_corrections=known_corrections,
                )
            )
            position += 1
    return groups


def _word_group(
    word: str,
    parts: tuple[str, ...] | None,
    joined: Sequence[str],
    vocabulary: Vocabulary,
    *,
    last: bool,
    known_corrections: int,
) -> TermGroup:
    """The word, its hyphen parts, the one word it makes with a neighbour ("e commerce"
    is "ecommerce"), its corrections and, for the last word, its completions."""
    count = vocabulary.counts.get(word, 0)
    options: dict[tuple[str, ...], float] = {(word,): 1.0}
    if parts and len(parts) > 1:
        options[parts] = 1.0
    for compound in joined:
        options[(compound,)] = 1.0
    known = count >= _RARE
    if not known or (known_corrections and not vocabulary.common(word)):
        edits = allowed_typos(word, known=count > 0)
        for correction, distance in vocabulary.corrections(word, edits) if edits else ():
            if not known or vocabulary.counts[correction] <= known_corrections:
                options.setdefault((correction,), 1.0 - 0.2 * distance)
    if last and len(word) >= 3:
        for completion in vocabulary.completions(word):
            options.setdefault((completion,), 0.8)
    return TermGroup((word,), tuple((Alternative(w), q) for w, q in options.items()))


@dataclass(frozen=True)
class Candidate:
    """The fields of a stored article that ranking and results need."""

    id: int
    title: str
    body: str
    source: str
    published: date | None


class SearchService:
    """Ranks stored articles for a query, through the store's full-text index."""

    def __init__(self, database: Database, aliases: AliasTable) -> None:
        self.database = database
        self.aliases = aliases
        self._vocabulary: Vocabulary | None = None
        self._recount_at = 0.0
        self._lock = threading.Lock()

    def vocabulary(self, session: Session) -> Vocabulary:
        """The index vocabulary, reloaded when articles have been added or deleted since.

        An added article moves the newest id, a cheap check made for every query;
        articles are counted (a scan) only then, or once a minute to notice deletions.
        """
        newest = session.scalar(select(func.max(Article.id))) or 0
        with self._lock:
            vocabulary = self._vocabulary
            recount = time.monotonic() >= self._recount_at
            if vocabulary is None or vocabulary.newest != newest or recount:
                count = session.scalar(select(func.count()).select_from(Article)) or 0
                self._recount_at = time.monotonic() + _RECOUNT_SECONDS
                if vocabulary is None or vocabulary.mark != (newest, count):
                    counts = SearchIndex(session).vocabulary()
                    vocabulary = Vocabulary(counts, articles=count, newest=newest)
                    self._vocabulary = vocabulary
            return vocabulary

    def search(self, query: str, *, limit: int = PAGE_SIZE, offset: int = 0) -> SearchResults:
        """The `limit` best articles for `query` from rank `offset` on."""
        parsed = parse_query(query)
        with self.database.reader() as session:
            vocabulary = self.vocabulary(session)
            groups = plan_groups(parsed, vocabulary, self.aliases)
            index = SearchIndex(session)
            if not groups:
                ids = index.filtered(parsed.filters, limit=offset + limit + CANDIDATES)
                order = {article_id: at for at, article_id in enumerate(ids)}
                articles = sorted(_load(session, ids), key=lambda a: order[a.id])
                ranked = [Ranked(0.0, a, frozenset()) for a in articles]
            else:
                groups, scores = _candidates(
                    index, parsed, groups, vocabulary, self.aliases, offset + limit
                )
                ranked = rank(_load(session, list(scores)), groups, scores)
        suggestions = () if ranked else self.suggest(parsed.words, vocabulary)
        shown = ranked[offset : offset + limit]  # snippets: the page only
        finder = word_finder({word for r in shown for word in r.matched})
        page = tuple(_hit(r, finder) for r in shown)
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


def _candidates(
    index: SearchIndex,
    parsed: ParsedQuery,
    groups: list[TermGroup],
    vocabulary: Vocabulary,
    aliases: AliasTable,
    wanted: int,
) -> tuple[list[TermGroup], dict[int, float]]:
    """Engine scores of the articles to rank, and the groups they were found with.

    Articles holding every group come first, `CANDIDATES` in all. When fewer than
    `wanted` hold every group, known words are corrected too and, if none held every
    group, articles may miss one of three or more (a costly query: an OR of ANDs); if
    still too few, articles holding some groups are found by the rarest groups alone:
    ranking every article that holds a common word ("point") costs the engine most,
    and ranking would mostly drop them anyway.
    """

    def add(plan: Sequence[TermGroup], *, every: bool, missing: int = 0) -> None:
        for article_id, score in index.candidates(
            [g.alternatives for g in plan],
            every=every,
            missing=missing,
            filters=parsed.filters,
            limit=CANDIDATES,
        ):
            if len(scores) >= CANDIDATES:
                return
            scores.setdefault(article_id, score)

    scores: dict[int, float] = {}
    add(groups, every=True)
    if len(scores) >= wanted:
        return groups, scores
    tolerant = plan_groups(parsed, vocabulary, aliases, known_corrections=index.rank_budget)
    missing = 1 if len(groups) > 2 and not scores else 0
    if missing or tolerant != groups:
        groups = tolerant
        add(groups, every=True, missing=missing)
    if len(scores) < wanted and len(groups) > 1:
        add(_rare_groups(groups, vocabulary, index.rank_budget), every=False)
    return groups, scores


def _rare_groups(
    groups: Sequence[TermGroup], vocabulary: Vocabulary, budget: int
) -> list[TermGroup]:
    """The rarest group, then the next rarest while all together are held by at most
    `budget` articles: the engine ranks every article holding one of them."""
    held = {g: _articles_holding(g, vocabulary) for g in groups}
    chosen: list[TermGroup] = []
    for group in sorted((g for g in groups if held[g]), key=held.__getitem__):
        if chosen and held[group] > budget:
            break
        chosen.append(group)
        budget -= held[group]
    return chosen


def _articles_holding(group: TermGroup, vocabulary: Vocabulary) -> int:
    """About how many articles hold some alternative of `group` (a phrase: its rarest word)."""
    return sum(
        min(vocabulary.counts.get(word, 0) for word in alternative.words)
        for alternative in group.alternatives
    )


def _load(session: Session, ids: Sequence[int]) -> list[Candidate]:
    if not ids:
        return []
    columns = (Article.id, Article.title, Article.body, Article.source, Article.published)
    return [Candidate(*row) for row in session.execute(select(*columns).where(Article.id.in_(ids)))]


@dataclass(frozen=True)
class Ranked:
    """An article with its score and the index words it matched, before its snippet."""

    score: float
    article: Candidate
    matched: frozenset[str]


def rank(
    articles: Iterable[Candidate], groups: Sequence[TermGroup], engine: dict[int, float]
) -> list[Ranked]:
    """Articles ordered as a person would rank them for these groups."""
    best_engine = max(engine.values(), default=0.0) or 1.0
    finder = _Finder(groups)
    scored = []
    for article in articles:
        score, matched = _score(article, groups, finder)
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


class _Finder:
    """Finds the groups' words in normalised text in one regex pass, with word positions."""

    def __init__(self, groups: Sequence[TermGroup]) -> None:
        words = {word for group in groups for alt, _ in group.options for word in alt.words}
        pattern = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        self.pattern = re.compile(rf"(?<!\S)(?:{pattern})(?!\S)")

    def positions(self, text: str) -> dict[str, list[int]]:
        """Each found word with the indexes of the words it stands at in `text`."""
        positions: dict[str, list[int]] = {}
        index = 0
        last = 0
        for match in self.pattern.finditer(text):
            index += text.count(" ", last, match.start())
            last = match.start()
            positions.setdefault(match.group(), []).append(index)
        return positions


def _score(
    article: Candidate, groups: Sequence[TermGroup], finder: _Finder
) -> tuple[float, set[str]]:
    """Coverage, field and exactness strength, and proximity of the matched groups."""
    title_positions = finder.positions(normalize(article.title))
    body_positions = finder.positions(normalize(article.body))
    strengths: list[float] = []
    first_hits: list[list[int]] = []
    matched_words: set[str] = set()
    for group in groups:
        strength: float | None = None
        hits: list[int] = []
        for alternative, quality in group.options:
            words = alternative.words
            in_title = _occurrences(title_positions, words)
            in_body = _occurrences(body_positions, words)
            if not (in_title or in_body):
                continue
            matched_words.update(words)
            hits.extend(in_body)
            weight = (
                _FIELD_WEIGHT["title"]
                if in_title
                else (_FIELD_WEIGHT["lead"] if in_body[0] < LEAD_WORDS else _FIELD_WEIGHT["body"])
            )
            value = quality * weight - _TYPO_COST * (1.0 - quality)
            strength = value if strength is None else max(strength, value)
        if strength is not None:
            strengths.append(strength)
        if hits:
            first_hits.append(sorted(hits))
    coverage = len(strengths) / len(groups)
    if coverage < MIN_COVERAGE:
        return 0.0, set()
    score = 10.0 * coverage + sum(strengths) / len(groups) + _proximity(first_hits)
    return score, matched_words


def _occurrences(positions: dict[str, list[int]], words: tuple[str, ...]) -> list[int]:
    """Where the word, or each word of the phrase in turn, stands."""
    starts = positions.get(words[0], [])
    if len(words) == 1:
        return starts
    following = [set(positions.get(word, ())) for word in words[1:]]
    return [p for p in starts if all(p + k in at for k, at in enumerate(following, start=1))]


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
    return 0.0 if best is None else min(1.0, len(hits) / best)


def _hit(ranked: Ranked, finder: re.Pattern[str] | None) -> SearchHit:
    article = ranked.article
    return SearchHit(
        article_id=article.id,
        title=article.title,
        source=article.source,
        published=article.published,
        score=round(ranked.score, 4),
        snippet=make_snippet(article.body, ranked.matched, finder),
    )


def make_snippet(
    text: str, matched: Collection[str], finder: re.Pattern[str] | None = None
) -> Snippet:
    """The passage of about `SNIPPET_CHARS` around the densest cluster of matched words
    (`finder`, from `word_finder`, may find them for several texts at once)."""
    hits = _written_at(text, matched, finder or word_finder(matched))
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


def _written_at(text: str, matched: Collection[str], finder: re.Pattern[str] | None) -> list[int]:
    """Where the matched words start in `text`."""
    folded = fold_aligned(text)
    if folded is None:
        return [start for start, _, form in word_spans(text) if form in matched]
    if finder is None:
        return []
    return [m.start() for m in finder.finditer(folded) if word_form(m.group()) in matched]


def _cut_at_space(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position)
    return space if space > 0 else position
