"""Every summarization method returns whole source sentences a reader can trust."""

from __future__ import annotations

import time

import pytest

from bot.sentences import split_sentences
from bot.summary_methods import DEFAULT_METHOD, METHODS, rank_sentences

NEWS = """Vietnam Customs seized 2.5 tonnes of elephant ivory hidden in a container of timber at Hai Phong port on Tuesday, the largest haul this year.

Officers found the tusks after scanning the container, which had been shipped from Nigeria and declared as hardwood logs.
The shipment was addressed to a trading company in Hanoi whose director has been summoned for questioning.
"This seizure shows that our risk profiling works," a customs spokesman said.
"We will keep working with our partners in Africa.
Nobody should think that our ports are an easy route."
The World Customs Organization has warned that ports in Southeast Asia remain key transit points for ivory trafficking.
Last year, customs agencies in the region seized more than 40 tonnes of ivory, according to WCO figures.
Analysts expect the new container scanners installed at major ports to raise the number of seizures again this year.
"""  # noqa: E501

# DailyMail-style furniture: a byline, time stamps, a video link and a photo caption
# without a full stop that runs into the next sentence.
TABLOID = (
    "By . Jane Roe . PUBLISHED: 10:04 EST, 3 May 2014 . | . UPDATED: 10:34 EST, 3 May 2014 . "
    "Customs officers at Felixstowe have seized a record haul of counterfeit toys worth £2million. "
    "The toys were hidden inside 40 containers declared as kitchen equipment, officials said. "
    "Scroll down for video "
    "Haul: Officers inspect the fake toys at the port of Felixstowe on Monday "
    "The seizure follows a six-month investigation into a smuggling network based in Essex. "
    "Two men have been arrested on suspicion of importing counterfeit goods into Britain. "
    "Officials said the toys could pose a serious risk to children because of their toxic paint."
)
FURNITURE = ("By .", "Roe", "PUBLISHED", "UPDATED", "Scroll down", "Haul:")

CAPITALS = """WCO SECRETARY GENERAL OPENS THE 2023 TECHNOLOGY CONFERENCE AND EXHIBITION IN HANOI.
Delegates from 80 customs administrations attended the opening session on Tuesday.
The conference will discuss data analytics, single windows and risk management.
It ends on Thursday with a declaration on digital customs."""

FOREIGN = {
    "french": "Le ministre a rencontré les douaniers à Paris. La réunion a duré trois heures. "
    "Ils ont signé un accord sur le commerce. Le port sera modernisé avant la fin de l'année.",
    "vietnamese": "Tổng cục Hải quan đã tổ chức hội nghị. Các đại biểu thảo luận về cải cách. "
    "Hội nghị kết thúc vào chiều nay. Việt Nam cam kết hợp tác.",
    "russian": "Таможенная служба провела встречу. Делегаты обсудили реформу. "
    "Соглашение подписано.",
    "chinese": "海关总署今天发布了新的规定。这些规定将于明年生效。官员表示，改革将提高效率。",
    "greek": "Η τελωνειακή υπηρεσία κατέσχεσε λαθραία τσιγάρα. Δύο άτομα συνελήφθησαν.",
}


@pytest.fixture(params=METHODS)
def method(request: pytest.FixtureRequest) -> str:
    """Each method by name."""
    return request.param


def assert_verbatim_in_order(text: str, summary: list[str]) -> None:
    """Every sentence occurs in ``text`` after the one before it."""
    position = 0
    for sentence in summary:
        found = text.find(sentence, position)
        assert found >= 0, f"not verbatim or out of order: {sentence!r}"
        position = found + len(sentence)


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_count_verbatim_sentences_in_source_order(method: str, count: int) -> None:
    summary = rank_sentences(NEWS, count=count, method=method)
    assert len(summary) == count
    assert set(summary) <= set(split_sentences(NEWS))
    assert_verbatim_in_order(NEWS, summary)


def test_never_furniture_or_a_caption_fragment(method: str) -> None:
    summary = rank_sentences(TABLOID, count=4, method=method)
    assert len(summary) == 4
    assert_verbatim_in_order(TABLOID, summary)
    for sentence in summary:
        assert not any(mark in sentence for mark in FURNITURE), sentence
        assert sentence.endswith("."), sentence


def test_caption_cut_from_the_sentence_it_ran_into(method: str) -> None:
    summary = rank_sentences(TABLOID, count=5, method=method)
    assert (
        "The seizure follows a six-month investigation into a smuggling network based in "
        "Essex." in summary
    )


def test_title_is_never_returned(method: str) -> None:
    title = "Ivory haul seized at Hai Phong port"
    summary = rank_sentences(NEWS, count=3, method=method, title=title)
    assert title not in summary
    assert_verbatim_in_order(NEWS, summary)


def test_one_sentence_text(method: str) -> None:
    text = "Customs officers seized 300 kilograms of cocaine at the port of Antwerp."
    assert rank_sentences(text, count=3, method=method) == [text]


def test_text_shorter_than_the_count(method: str) -> None:
    text = "The meeting opened on Monday. Ministers signed the agreement on Friday."
    assert rank_sentences(text, count=5, method=method) == split_sentences(text)


def test_all_capital_lines_are_sentences(method: str) -> None:
    assert rank_sentences(CAPITALS, count=4, method=method) == CAPITALS.splitlines()


def test_empty_text(method: str) -> None:
    assert rank_sentences(" \n\n ", count=3, method=method) == []


def test_two_megabyte_text_within_a_second(method: str) -> None:
    paragraphs = [
        f"Customs office {i} cleared {i % 97} containers of rice and coffee on day {i}. "
        f"Officers at border post {i % 13} inspected trucks carrying timber and steel. "
        f"The agency said waiting times at gate {i % 7} fell by {i % 40} minutes."
        for i in range(10_000)
    ]
    text = "\n\n".join(paragraphs)
    assert len(text) > 2_000_000
    started = time.perf_counter()
    summary = rank_sentences(text, count=3, method=method)
    assert time.perf_counter() - started < 1.0
    assert len(summary) == 3
    assert_verbatim_in_order(text, summary)


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_non_english_text_does_not_crash(method: str, language: str) -> None:
    text = FOREIGN[language]
    summary = rank_sentences(text, count=2, method=method)
    assert len(summary) in (1, 2)
    assert_verbatim_in_order(text, summary)


def test_rejects_bad_arguments(method: str) -> None:
    with pytest.raises(ValueError, match="count"):
        rank_sentences(NEWS, count=0, method=method)
    with pytest.raises(ValueError, match="Unknown method"):
        rank_sentences(NEWS, count=3, method=method + "-nope")


def test_default_keeps_the_lead_of_news() -> None:
    assert DEFAULT_METHOD == METHODS[0] == "briefing"
    for count in (1, 3):
        assert rank_sentences(NEWS, count=count)[0] == NEWS.splitlines()[0]
    assert rank_sentences(TABLOID, count=1) == [
        "Customs officers at Felixstowe have seized a record haul of counterfeit toys worth "
        "£2million."
    ]
    assert rank_sentences(CAPITALS, count=1) == [CAPITALS.splitlines()[0]]


def test_default_skips_quotes_and_repeats() -> None:
    text = (
        "Customs officers in Singapore seized 12 tonnes of pangolin scales bound for Vietnam. "
        "Customs officers in Singapore seized 12 tonnes of pangolin scales bound for Vietnam! "
        '"We are proud of our officers," the agency said. '
        "The scales were hidden in bags of cashew nuts and declared as food products."
    )
    sentences = split_sentences(text)
    assert rank_sentences(text, count=2) == [sentences[0], sentences[3]]
