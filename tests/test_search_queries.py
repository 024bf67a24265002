"""The labelled search queries, checked on the seeds alone.

`tests/data/search_queries.jsonl` is the query set of the search benchmark
(`benchmarks/search.py`), which runs it over the news corpus grown to 100,000 articles.
The queries whose right answers are all seeds need no corpus, so they run here on every
commit: over a fresh store holding only the five seeds, a right seed must come first.
The file's shape is checked too, since the benchmark's figures per class rest on it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TypedDict

import pytest
from sqlalchemy import select

from bot.services import Services
from storage.models import Article

QUERIES = Path(__file__).resolve().parent / "data" / "search_queries.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MINIMUM_PER_CLASS = {
    "exact": 10,
    "misspelled": 30,
    "diacritics": 15,
    "abbreviation": 15,
    "multiword": 20,
    "prefix": 10,
}

LabelledQuery = TypedDict("LabelledQuery", {"query": str, "class": str, "relevant": list[str]})


def load_queries() -> list[LabelledQuery]:
    """Every labelled query, as written in the file."""
    with QUERIES.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def seed_queries() -> list[pytest.ParameterSet]:
    """The queries answered by seeds only, with their right seeds, named by the query."""
    return [
        pytest.param(q["query"], frozenset(q["relevant"]), id=q["query"])
        for q in load_queries()
        if not any(source.startswith("corpus:") for source in q["relevant"])
    ]


def test_the_query_set_is_well_formed() -> None:
    queries = load_queries()
    seeds = {path.name for path in SEEDS.glob("*.txt")}
    assert len(queries) >= 120
    assert len({q["query"] for q in queries}) == len(queries)
    counts = Counter(q["class"] for q in queries)
    assert set(counts) == set(MINIMUM_PER_CLASS)
    assert all(counts[cls] >= least for cls, least in MINIMUM_PER_CLASS.items()), counts
    for query in queries:
        relevant = query["relevant"]
        assert isinstance(relevant, list) and relevant, query
        assert all(s in seeds or s.startswith("corpus:") for s in relevant), query


@pytest.mark.parametrize(("query", "relevant"), seed_queries())
def test_a_right_seed_ranks_first(
    sqlite_services: Services, query: str, relevant: frozenset[str]
) -> None:
    hits = sqlite_services.search.search(query, limit=10).hits
    with sqlite_services.database.reader() as session:
        sources = {
            row.id: row.source for row in session.execute(select(Article.id, Article.source))
        }
    ranked = [sources[hit.article_id] for hit in hits]
    assert ranked and ranked[0] in relevant, ranked
