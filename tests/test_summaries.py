"""Summaries of stored articles, of replies, of topics; cached per method and length."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.services import Services
from bot.summaries import MAX_TEXT_CHARS, SummaryError, summarize_text
from bot.summary_methods import METHODS
from handlers.messages import Request
from handlers.router import dispatch
from handlers.summary import parse_args
from storage.models import Article, CachedSummary

NEW_TEXT = (
    "The council adopted a new customs plan in Brussels on Monday.\n\n"
    "Delegates from ten countries signed it after two days of talks."
)


def body(services: Services, article_id: int) -> str:
    with services.database.reader() as session:
        return session.get(Article, article_id).body


def test_summary_sentences_come_from_the_article_in_order(services: Services) -> None:
    result = services.summaries.for_article(5)
    text = body(services, 5)
    positions = [text.index(sentence) for sentence in result.summary.sentences]
    assert len(positions) == 3 and positions == sorted(positions)
    assert not any("Photo" in s or "promoting asem" in s for s in result.summary.sentences)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_by_name(sqlite_services: Services, method: str) -> None:
    result = sqlite_services.summaries.for_article(3, sentences=2, method=method)
    assert result.method == method and len(result.summary.sentences) == 2
    assert all(s in body(sqlite_services, 3) for s in result.summary.sentences)


def test_summaries_are_cached_and_redone_when_the_text_changes(services: Services) -> None:
    first = services.summaries.for_article(2, sentences=2)
    with services.database.reader() as session:
        cached = session.scalars(select(CachedSummary).where(CachedSummary.article_id == 2)).all()
    assert [(c.method, c.sentence_count, c.sentences) for c in cached] == [
        (first.method, 2, list(first.summary.sentences))
    ]
    with services.database.transaction() as session:
        session.execute(
            update(Article).where(Article.id == 2).values(body=NEW_TEXT, content_hash="x" * 64)
        )
    again = services.summaries.for_article(2, sentences=2)
    assert again.summary.sentences == tuple(NEW_TEXT.split("\n\n"))


def test_summary_by_words_names_the_article_it_chose(sqlite_services: Services) -> None:
    [reply] = dispatch(Request(command="summary", args="phu quoc"), sqlite_services)
    assert reply.html.startswith("Best match for “phu quoc”:\n<b>#3 Enhance multilateral")


def test_topic_digest_names_its_sources_and_repeats_nothing(sqlite_services: Services) -> None:
    topic = sqlite_services.summaries.for_topic("mikuriya")
    assert {article_id for article_id, _ in topic.sources} <= {1, 2, 5}
    assert len({s.text for s in topic.sentences}) == len(topic.sentences) == 5
    [reply] = dispatch(Request(command="summary", args="topic mikuriya"), sqlite_services)
    assert reply.html.startswith("<b>Topic: mikuriya</b>") and "<i>Sources:</i>" in reply.html


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        ("12", ("12", None, METHODS[0])),
        ("12 5", ("12", 5, METHODS[0])),
        ("12 5 lsa", ("12", 5, "lsa")),
        ("12 lsa 5", ("12", 5, "lsa")),
        ("wco conference textrank", ("wco conference", None, "textrank")),
        ("topic asean", ("topic asean", None, METHODS[0])),
    ],
)
def test_parse_args(args: str, parsed: tuple) -> None:
    assert parse_args(args) == parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "There is no text to summarize."),
        ("   \n ", "There is no text to summarize."),
    ],
)
def test_empty_text(text: str, message: str) -> None:
    with pytest.raises(SummaryError, match=message):
        summarize_text(text)


def test_text_shorter_than_asked_gives_all_its_sentences() -> None:
    assert summarize_text("Only one sentence here.", sentences=5).sentences == (
        "Only one sentence here.",
    )


def test_huge_text_is_cut_with_a_word(sqlite_services: Services) -> None:
    text = "The council met in Brussels and agreed on a plan. " * 45_000  # 2.2 MB
    result = summarize_text(text)
    assert result.truncated and len(result.sentences) == 3
    assert len(text) > MAX_TEXT_CHARS


def test_reply_to_a_photo_without_caption(sqlite_services: Services) -> None:
    [reply] = dispatch(Request(command="summary", replied_text=""), sqlite_services)
    assert reply.html == "That message has no text to summarize."


def test_unknown_method_and_bad_length(sqlite_services: Services) -> None:
    [reply] = dispatch(Request(command="summary", args="1 11"), sqlite_services)
    assert reply.html == "Choose between 1 and 10 sentences."


def test_html_fragments_and_other_languages_do_not_crash() -> None:
    assert summarize_text("<p>Le conseil <b>s'est réuni</b> à Bruxelles.</p> Il a adopté un plan.")
    assert summarize_text("海关总署今天在北京召开会议。会议通过了新的计划。").sentences
