"""Hostile and malformed input: nothing crashes, every reply is valid Telegram HTML,
nothing is half-written."""

from __future__ import annotations

import pytest
from conftest import make_settings
from fake_telegram.html_entities import parse_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.search import QueryError, parse_query
from bot.services import Services
from handlers.messages import Request
from handlers.render import TELEGRAM_LIMIT, html_length, split_message
from handlers.router import HANDLERS, dispatch, dispatch_button, parse_command
from storage.ingestion.pipeline import Status
from storage.models import Article

NASTY = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Mn"]), max_size=50),
    st.sampled_from(
        [
            '"',
            "*",
            "NEAR(a b)",
            "a AND b",
            "a OR",
            ":",
            "^x",
            "(",
            ")",
            "title:wco",
            "'; DROP TABLE articles; --",
            "1=1",
            "\\x00",
            "🙂🙂",
            "مرحبا بالعالم",
            "שלום",
            "<b>",
            "</i>",
            "&amp;",
            "&#0;",
            "\u202e evil",
            "a-",
            "-",
            "--",
            "after:",
            "source:",
            "before:9999-99-99",
            "x" * 299,
            "🇻🇳" * 80,
        ]
    ),
)


SHARED_FIXTURE = [HealthCheck.function_scoped_fixture]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Services:
    services = Services.open(make_settings(tmp_path_factory.mktemp("hostile")))
    yield services
    services.close()


@given(NASTY)
def test_query_parser_answers_or_explains(query: str) -> None:
    try:
        parsed = parse_query(query)
    except QueryError as error:
        assert "\n" not in str(error) and str(error)
    else:
        assert all(word and " " not in word for word in parsed.words)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(command=st.sampled_from(sorted(HANDLERS)), args=NASTY)
def test_every_command_answers_with_valid_html(store: Services, command: str, args: str) -> None:
    for reply in dispatch(Request(command=command, args=args), store):
        for part in split_message(reply.html):
            parse_html(part)  # raises as Telegram would on bad entities
            assert 0 < html_length(part) <= TELEGRAM_LIMIT


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.text(max_size=80))
def test_forged_button_data_never_crashes(store: Services, data: str) -> None:
    for reply in dispatch_button(data, Request(command="button"), store):
        parse_html(reply.html)


@given(st.text(max_size=200))
def test_command_parser_never_crashes(text: str) -> None:
    parsed = parse_command(text, "briefbot_test_bot")
    assert parsed is None or parsed[0].isidentifier() or parsed[0].isalnum() or "_" in parsed[0]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_ingesting_random_bytes_stores_whole_articles_or_nothing(
    store: Services, data: bytes, suffix: str
) -> None:
    with store.database.reader() as session:
        before = session.scalar(select(func.count()).select_from(Article))
    outcome = store.ingestor.ingest_bytes(data, source=f"random{suffix}", suffix=suffix)
    with store.database.reader() as session:
        after = session.scalar(select(func.count()).select_from(Article))
    assert after == before + (outcome.status is Status.ADDED)
    assert outcome.describe() and "\n" not in outcome.describe()


def test_unbalanced_and_deeply_nested_html_is_ingested_or_refused(store: Services) -> None:
    nested = "<div>" * 5000 + "The council met in Brussels and adopted a plan for customs. " * 5
    for page in (nested, "<p>unclosed <b>bold <i>text " * 50, "<<<>>>&&&;;;" * 100):
        outcome = store.ingestor.ingest_bytes(page.encode(), source="page.html", suffix=".html")
        assert outcome.status in (Status.ADDED, Status.REFUSED, Status.DUPLICATE)


def test_invalid_utf8_is_read_as_a_legacy_encoding(store: Services) -> None:
    raw = (
        b"Customs chiefs meet\n\nThe \xe9quipe of customs chiefs met in Brussels on Monday to "
        b"plan the 2025 customs programme and its training courses.\n"
    )
    outcome = store.ingestor.ingest_bytes(raw, source="legacy.txt")
    assert outcome.status is Status.ADDED


@pytest.mark.parametrize("size", [4_000, 1_000_000])
@pytest.mark.parametrize("command", sorted(HANDLERS))
def test_a_huge_argument_gets_one_message_of_answer(
    store: Services, command: str, size: int
) -> None:
    huge = ("Mikuriya WCO ASEAN <b>&amp; " * 40_000)[:size]
    (reply, *more) = dispatch(Request(command=command, args=huge, chat_id=9, user_id=9), store)
    assert not more
    parse_html(reply.html)
    assert html_length(reply.html) <= TELEGRAM_LIMIT, reply.html[:300]
    assert "went wrong" not in reply.html
