"""Search over the seeds: names as people spell them, ranked, with snippets."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from bot.search import MAX_QUERY_CHARS, QueryError, parse_query
from bot.services import Services
from storage.ingestion.readers import RawArticle
from storage.search_index import Alternative, Filters, SearchIndex


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


def test_lead_ranks_above_deep_body(sqlite_services: Services) -> None:
    # Seeds 000 and 004 name Mikuriya in their lead, seed 001 only in its sixth paragraph.
    assert ids(sqlite_services, "mikuriya")[-1] == 2


def test_misspelled_multiword_name_finds_his_articles(sqlite_services: Services) -> None:
    assert set(ids(sqlite_services, "Nguyen Van Cann")[:2]) == {2, 3}


@pytest.mark.parametrize("query", ["ASEAN DG meeting", "asean directors general"])
def test_abbreviations_and_long_forms_meet(sqlite_services: Services, query: str) -> None:
    assert ids(sqlite_services, query)[0] == 3


def test_hyphens_do_not_matter(sqlite_services: Services) -> None:
    assert sorted(ids(sqlite_services, "ecommerce")) == sorted(ids(sqlite_services, "e-commerce"))
    assert ids(sqlite_services, "e commerce")


def test_prefix_of_the_last_word_for_search_as_you_type(sqlite_services: Services) -> None:
    assert sorted(ids(sqlite_services, "kunio mikur")) == [1, 2, 5]


def test_did_you_mean_when_nothing_matches(sqlite_services: Services) -> None:
    results = sqlite_services.search.search("mikurrrriya")
    assert results.hits == () and results.suggestions == ("mikuriya",)


def test_filters_restrict_by_source(sqlite_services: Services) -> None:
    assert ids(sqlite_services, "customs source:003_") == [4]
    assert ids(sqlite_services, "source:004") == [5]
    assert ids(sqlite_services, "customs after:2020") == []  # the seeds carry no dates


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
        parse_query(query)
    assert str(error.value) == message


def test_stop_words_alone_are_still_searched() -> None:
    assert parse_query("the of").words == ("the", "of")
    assert parse_query("the WCO").words == ("wco",)


def test_filters_are_read_from_the_query() -> None:
    parsed = parse_query("customs after:2024-01 before:2024-06-30 source:VietnamPlus")
    assert parsed.words == ("customs",)
    assert parsed.filters.after == date(2024, 1, 1)
    assert parsed.filters.before == date(2024, 6, 30)
    assert parsed.filters.source == "VietnamPlus"
    assert parse_query("before:2024-02").filters.before == date(2024, 2, 29)


@pytest.mark.parametrize("query", ["after:2024-13", "before:yesterday", "after:2024-02-30"])
def test_bad_filter_dates_are_explained(query: str) -> None:
    with pytest.raises(QueryError, match="takes a date like 2024, 2024-06 or 2024-06-30"):
        parse_query(query)


def add(services: Services, title: str, body: str) -> int:
    """Store one article and return its id."""
    outcome = services.ingestor.ingest(RawArticle(text=f"{title}\n\n{body}", source=title))
    assert outcome.article_id is not None
    return outcome.article_id


FILLER = "The ministry published its annual figures on trade, transport and energy. " * 3


def test_swapped_letters_are_one_typo(sqlite_services: Services) -> None:
    assert ids(sqlite_services, "Hans Peiters") == [4]


def test_words_typed_apart_find_the_word_written_as_one(sqlite_services: Services) -> None:
    add(sqlite_services, "Commerce talks", f"{FILLER} Commerce grew. {FILLER} Customs did too.")
    assert set(ids(sqlite_services, "e commerce customs")[:2]) == {3, 5}
    assert {3, 5} <= set(ids(sqlite_services, "e commerce"))


def test_a_rare_completion_of_the_last_word_among_commoner_ones(
    sqlite_services: Services,
) -> None:
    commoner = ("quota", "quotas", "quote", "quoted", "quotes", "quoting", "quorum", "quotient")
    for word in (*commoner, "quotation", "quokka"):
        for copy in range(2):
            body = f"{FILLER * 2} Phu Yen grew {copy}. {FILLER} The {word} matters."
            add(sqlite_services, f"Report {word} {copy}", body)
    assert ids(sqlite_services, "Phu Quo")[0] == 3


def test_an_exact_word_in_the_body_ranks_above_a_corrected_one_in_the_title(
    services: Services,
) -> None:
    corrected = add(services, "Cordsman sales rise", FILLER * 2)
    exact = add(services, "Gulf shipping under threat", FILLER * 2 + "Anthony Cordesman said so.")
    assert ids(services, "Cordesman")[:2] == [exact, corrected]


def test_a_known_word_is_corrected_when_the_words_are_not_found_together(
    services: Services,
) -> None:
    plant = add(services, "Nuclear plant approved", FILLER + "Hinkley Point C will cost more.")
    towns = [
        add(
            services,
            f"Hinckley council {n}",
            f"{FILLER} Budget {n} for Hinckley. {FILLER} A point.",
        )
        for n in range(3)
    ]
    assert ids(services, "Hinckley Point")[0] == plant
    assert ids(services, "Hinckley council")[0] in towns


def test_a_new_article_is_found_by_a_misspelling_at_once(sqlite_services: Services) -> None:
    assert ids(sqlite_services, "Zanzibarite") == []
    added = add(sqlite_services, "Zanzibarite ore found", FILLER)
    assert ids(sqlite_services, "Zanzibarit") == [added]


def test_snippets_bold_accented_and_hyphenated_words(sqlite_services: Services) -> None:
    written = "The Đà Nẵng e-commerce hub opened … near Phú Quốc’s port."
    add(sqlite_services, "Hub opens", FILLER + written)
    hit = sqlite_services.search.search("da nang ecommerce phu quoc").hits[0]
    bold = [hit.snippet.text[a:b] for a, b in hit.snippet.highlights]
    assert bold == ["Đà", "Nẵng", "e-commerce", "Phú", "Quốc’s"]


def test_indexing_leaves_no_pending_gin_entries_for_searches_to_scan(
    services: Services,
) -> None:
    if services.database.dialect != "postgresql":
        pytest.skip("a GIN index is PostgreSQL's")
    add(services, "Pending list", FILLER)
    with services.database.transaction() as session:
        pending = "SELECT gin_clean_pending_list('ix_article_search_document')"
        assert session.execute(text(pending)).scalar() == 0


def test_searches_on_postgresql_start_no_parallel_workers(services: Services) -> None:
    """The planner misjudges an OR of words and would spend 5 ms launching workers."""
    if services.database.dialect != "postgresql":
        pytest.skip("parallel workers are PostgreSQL's")
    with services.database.reader() as session:
        customs = [[Alternative(("customs",))]]
        assert SearchIndex(session).candidates(customs, every=True, filters=Filters(), limit=5)
        workers = session.execute(text("SHOW max_parallel_workers_per_gather")).scalar()
    assert workers == "0"
