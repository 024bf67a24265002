"""Search over the seeds: names as people spell them, ranked, with snippets."""

from __future__ import annotations

import pytest

from bot.search import MAX_QUERY_CHARS, QueryError, query_terms
from bot.services import Services


def ids(services: Services, query: str) -> list[int]:
    return [hit.article_id for hit in services.search.search(query).hits]


def test_mikuriya_finds_the_three_articles_naming_him(services: Services) -> None:
    assert sorted(ids(services, "mikuriya")) == [1, 2, 5]


@pytest.mark.parametrize("query", ["Mikuria", "Kunio Mikurya", "MIKURIYA", "mikuriya's"])
def test_misspelled_names_still_find_him(sqlite_services: Services, query: str) -> None:
    assert sorted(ids(sqlite_services, query)) == [1, 2, 5]


@pytest.mark.parametrize("query", ["phu quoc", "Phú Quốc", "PHU-QUOC"])
def test_diacritics_and_case_do_not_matter(sqlite_services: Services, query: str) -> None:
    assert ids(sqlite_services, query) == [3]


def test_title_match_ranks_first(sqlite_services: Services) -> None:
    assert ids(sqlite_services, "technology conference")[0] == 4


def test_snippet_bolds_the_matched_word(sqlite_services: Services) -> None:
    hit = sqlite_services.search.search("mikuriya").hits[0]
    starts = [hit.snippet.text[a:b] for a, b in hit.snippet.highlights]
    assert starts and all(word == "Mikuriya" for word in starts)


def test_no_match_is_an_empty_result(sqlite_services: Services) -> None:
    results = sqlite_services.search.search("zanzibar")
    assert results.total == 0 and results.hits == ()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Usage: /search <words>, for example /search WCO conference"),
        ("   ", "Usage: /search <words>, for example /search WCO conference"),
        ("?!…", "That query has no words to search for."),
        (
            "x" * 10_000,
            f"That query is 10,000 characters long; please keep it under {MAX_QUERY_CHARS}.",
        ),
    ],
)
def test_bad_queries_get_one_line_answers(query: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        query_terms(query)
    assert str(error.value) == message


def test_stop_words_alone_are_still_searched() -> None:
    assert query_terms("the of") == ["the", "of"]
    assert query_terms("the WCO") == ["wco"]
