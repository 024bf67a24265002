"""The full-text index of the articles, kept in the article's own transaction.

Each article is indexed as three fields of normalised words (title, lead, rest of the
body), so the engine never sees case, diacritics or hyphens: SQLite in a contentless
FTS5 table, PostgreSQL in a tsvector with a GIN index. A vocabulary table counts the
articles holding each word; search corrects typos against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.textnorm import index_words
from storage.models import Article

LEAD_WORDS = 60
# Matching articles each engine ranks in a few milliseconds: FTS5's bm25 takes about
# 1 µs an article, PostgreSQL's ts_rank 7 to 25 µs (it reads each article's tsvector).
RANK_BUDGET = {"sqlite": 2000, "postgresql": 300}
MAX_TERM_LENGTH = 64
_WEIGHTS = "10.0, 4.0, 1.0"  # bm25 weights of title, lead and body


@dataclass(frozen=True)
class Alternative:
    """One way a query word may appear: a word or phrase, or a word prefix."""

    words: tuple[str, ...]
    prefix: bool = False


Group = Sequence[Alternative]


@dataclass(frozen=True)
class Filters:
    """Restrictions on candidates: publication dates (inclusive) and a source substring."""

    after: date | None = None
    before: date | None = None
    source: str | None = None

    def __bool__(self) -> bool:
        return any((self.after, self.before, self.source))


@dataclass(frozen=True)
class IndexedText:
    """The normalised words of an article's three indexed fields."""

    title: list[str]
    lead: list[str]
    body: list[str]

    @classmethod
    def of(cls, title: str, body: str) -> IndexedText:
        """Split an article into the fields the index weighs differently."""
        words = index_words(body)
        return cls(index_words(title), words[:LEAD_WORDS], words[LEAD_WORDS:])

    def terms(self) -> list[str]:
        """Distinct indexable words, sorted (a fixed order keeps row locks deadlock-free)."""
        every = {*self.title, *self.lead, *self.body}
        return sorted(t for t in every if len(t) <= MAX_TERM_LENGTH)


class SearchIndex:
    """Adds, removes and queries articles in the full-text index of the session's store."""

    def __init__(self, session: Session) -> None:
        self.session = session
        dialect = session.get_bind().dialect.name
        self.sqlite = dialect == "sqlite"
        self.rank_budget = RANK_BUDGET[dialect]
        self._serial = self.sqlite

    def add(self, article: Article) -> None:
        """Index an article (already flushed, so it has its id)."""
        self.add_many([article])

    def add_many(self, articles: Sequence[Article]) -> None:
        """Index several flushed articles with one statement per table."""
        if not articles:
            return
        fields = [(a.id, IndexedText.of(a.title, a.body)) for a in articles]
        rows = [
            {
                "id": i,
                "title": " ".join(f.title),
                "lead": " ".join(f.lead),
                "body": " ".join(f.body),
            }
            for i, f in fields
        ]
        if self.sqlite:
            statement = (
                "INSERT INTO article_fts(rowid, title, lead, body) "
                "VALUES (:id, :title, :lead, :body)"
            )
        else:
            statement = (
                "INSERT INTO article_search(article_id, document) VALUES (:id, "
                "setweight(to_tsvector('simple', :title), 'A') || "
                "setweight(to_tsvector('simple', :lead), 'B') || "
                "setweight(to_tsvector('simple', :body), 'D'))"
            )
        self.session.execute(text(statement), rows)
        if not self.sqlite:
            # New GIN entries wait in a pending list that every search scans in full
            # (3 ms at 4 MB); moved into the index now, in bulk, as fastupdate would later.
            self.session.execute(
                text("SELECT gin_clean_pending_list('ix_article_search_document')")
            )
        counts: dict[str, int] = {}
        for _, field in fields:
            for term in field.terms():
                counts[term] = counts.get(term, 0) + 1
        self._count_terms(counts, +1)

    def remove(self, article: Article) -> None:
        """Take an article out of the index, with the text it was indexed with."""
        field = IndexedText.of(article.title, article.body)
        if self.sqlite:
            self.session.execute(
                text(
                    "INSERT INTO article_fts(article_fts, rowid, title, lead, body) "
                    "VALUES ('delete', :id, :title, :lead, :body)"
                ),
                {
                    "id": article.id,
                    "title": " ".join(field.title),
                    "lead": " ".join(field.lead),
                    "body": " ".join(field.body),
                },
            )
        else:
            self.session.execute(
                text("DELETE FROM article_search WHERE article_id = :id"), {"id": article.id}
            )
        self._count_terms(dict.fromkeys(field.terms(), 1), -1)

    def rebuild(self, articles: Sequence[Article]) -> None:
        """Index `articles` afresh, dropping whatever the index held."""
        if self.sqlite:
            self.session.execute(text("INSERT INTO article_fts(article_fts) VALUES ('delete-all')"))
        else:
            self.session.execute(text("DELETE FROM article_search"))
        self.session.execute(text("DELETE FROM search_terms"))
        self.add_many(articles)

    def _count_terms(self, counts: dict[str, int], sign: int) -> None:
        if not counts:
            return
        rows = [{"term": term, "n": sign * n} for term, n in sorted(counts.items())]
        self.session.execute(
            text(
                "INSERT INTO search_terms(term, doc_count) VALUES (:term, :n) "
                "ON CONFLICT (term) DO UPDATE SET doc_count = search_terms.doc_count + :n"
            ),
            rows,
        )
        if sign < 0:
            self.session.execute(text("DELETE FROM search_terms WHERE doc_count <= 0"))

    def vocabulary(self) -> dict[str, int]:
        """Every indexed word with the number of articles holding it."""
        rows = self.session.execute(text("SELECT term, doc_count FROM search_terms"))
        return {term: count for term, count in rows}

    def candidates(
        self,
        groups: Sequence[Group],
        *,
        every: bool,
        filters: Filters,
        limit: int,
        missing: int = 0,
    ) -> list[tuple[int, float]]:
        """Article ids matching every group (or any, if not `every`; with `every`, all but
        up to `missing` of them), best first, with a relevance score from the engine
        (higher is better)."""
        if not groups:
            return []
        held = len(groups) - missing if every else 1
        conjunctions = list(combinations(groups, max(1, held)))
        where, params = _filter_sql(filters)
        params["limit"] = limit
        if self.sqlite:
            params["query"] = _fts5_query(conjunctions)
            if where:
                sql = (
                    f"SELECT f.rowid, -bm25(article_fts, {_WEIGHTS}) AS score "
                    "FROM article_fts f JOIN articles a ON a.id = f.rowid "
                    f"WHERE article_fts MATCH :query {where} ORDER BY score DESC LIMIT :limit"
                )
            else:
                sql = (
                    f"SELECT rowid, -bm25(article_fts, {_WEIGHTS}) AS score FROM article_fts "
                    "WHERE article_fts MATCH :query ORDER BY score DESC LIMIT :limit"
                )
        else:
            self._no_parallel_workers()
            params["query"] = _tsquery(conjunctions)
            join = "JOIN articles a ON a.id = s.article_id" if where else ""
            sql = (
                "SELECT s.article_id, ts_rank(s.document, q) AS score "
                f"FROM article_search s {join}, to_tsquery('simple', :query) q "
                f"WHERE s.document @@ q {where} ORDER BY score DESC LIMIT :limit"
            )
        return [(row[0], float(row[1])) for row in self.session.execute(text(sql), params)]

    def _no_parallel_workers(self) -> None:
        """A search ranks a few hundred articles at most, but the planner, misjudging how
        many an OR of words matches, starts parallel workers: 5 ms to launch them."""
        if not self._serial:
            self.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
            self._serial = True

    def filtered(self, filters: Filters, *, limit: int) -> list[int]:
        """Article ids passing the filters alone, newest first (a query of filters only)."""
        where, params = _filter_sql(filters)
        params["limit"] = limit
        sql = (
            f"SELECT a.id FROM articles a WHERE 1=1 {where} "
            "ORDER BY a.published DESC, a.id DESC LIMIT :limit"
        )
        return [row[0] for row in self.session.execute(text(sql), params)]


def _filter_sql(filters: Filters) -> tuple[str, dict[str, object]]:
    clauses: list[str] = []
    params: dict[str, object] = {}
    if filters.after:
        clauses.append("AND a.published >= :after")
        params["after"] = filters.after
    if filters.before:
        clauses.append("AND a.published <= :before")
        params["before"] = filters.before
    if filters.source:
        clauses.append("AND lower(a.source) LIKE :source ESCAPE '\\'")
        escaped = filters.source.lower().replace("\\", "\\\\").replace("%", "\\%")
        params["source"] = "%" + escaped.replace("_", "\\_") + "%"
    return " ".join(clauses), params


def _fts5_query(conjunctions: Iterable[Sequence[Group]]) -> str:
    """FTS5 syntax built only from normalised words, each quoted: nothing to inject.
    Articles match one of the conjunctions: all of its groups, each by one alternative."""

    def alternative(alt: Alternative) -> str:
        quoted = '"' + " ".join(alt.words) + '"'
        return quoted + "*" if alt.prefix else quoted

    def conjunction(groups: Sequence[Group]) -> str:
        parts = ["(" + " OR ".join(alternative(a) for a in group) + ")" for group in groups]
        return "(" + " AND ".join(parts) + ")"

    return " OR ".join(map(conjunction, conjunctions))


def _tsquery(conjunctions: Iterable[Sequence[Group]]) -> str:
    """to_tsquery syntax from normalised words (letters and digits only), as `_fts5_query`."""

    def alternative(alt: Alternative) -> str:
        phrase = " <-> ".join(alt.words)
        return phrase + ":*" if alt.prefix else f"({phrase})"

    def conjunction(groups: Sequence[Group]) -> str:
        parts = ["(" + " | ".join(alternative(a) for a in group) + ")" for group in groups]
        return "(" + " & ".join(parts) + ")"

    return " | ".join(map(conjunction, conjunctions))
