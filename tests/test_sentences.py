"""Tests for bot.sentences: exact splits of tricky news English, and sumy without NLTK data."""

from __future__ import annotations

import re
import socket
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import nltk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.sentences import (
    SumyTokenizer,
    split_paragraphs,
    split_sentences,
    split_words,
    sumy_document,
)

# (text, expected sentences): hand-written examples of each kind the product must handle.
CASES: list[tuple[str, list[str]]] = [
    (
        "WCO Secretary-General Dr. Kunio Mikuriya opened the event. He spoke for an hour.",
        ["WCO Secretary-General Dr. Kunio Mikuriya opened the event.", "He spoke for an hour."],
    ),
    (
        "Exports to the U.S. rose sharply. The U.S. Trade Representative welcomed it.",
        ["Exports to the U.S. rose sharply.", "The U.S. Trade Representative welcomed it."],
    ),
    (
        "Most of the goods went to the U.S. The rest went to Japan.",
        ["Most of the goods went to the U.S.", "The rest went to Japan."],
    ),
    (
        "The decree takes effect on Jan. 5 next year. It replaces Decree No. 184 of 2019.",
        ["The decree takes effect on Jan. 5 next year.", "It replaces Decree No. 184 of 2019."],
    ),
    (
        "Some goods, e.g. seafood and rice, are exempt. Others, i.e. Fruit, are not.",
        ["Some goods, e.g. seafood and rice, are exempt.", "Others, i.e. Fruit, are not."],
    ),
    (
        "Revenue reached VND273 billion, up 60.66% year on year. Imports fell 2.5%.",
        ["Revenue reached VND273 billion, up 60.66% year on year.", "Imports fell 2.5%."],
    ),
    (
        "WCO Secretary General Dr. Kunio Mikuriya. Photo: H. Nu",
        ["WCO Secretary General Dr. Kunio Mikuriya.", "Photo: H. Nu"],
    ),
    (
        "The report by J. K. Tran was read. Officials agreed.",
        ["The report by J. K. Tran was read.", "Officials agreed."],
    ),
    (
        "Trade grew so. All agencies add staff. Add to that the new rules. No one objected.",
        [
            "Trade grew so.",
            "All agencies add staff.",
            "Add to that the new rules.",
            "No one objected.",
        ],
    ),
    (
        "The talks were long... and tiring. The deal was signed... Both sides smiled.",
        ["The talks were long... and tiring.", "The deal was signed...", "Both sides smiled."],
    ),
    (
        "The talks were long\u2026 and tiring. The deal was signed\u2026 Both sides smiled.",
        [
            "The talks were long\u2026 and tiring.",
            "The deal was signed\u2026",
            "Both sides smiled.",
        ],
    ),
    (
        '"Procedures must be simpler for traders..." he said. Then the session closed.',
        ['"Procedures must be simpler for traders..." he said.', "Then the session closed."],
    ),
    (
        '"We will simplify procedures," he said. "Customs must lead."',
        ['"We will simplify procedures," he said.', '"Customs must lead."'],
    ),
    (
        '"Technology is important. People come first. We must train them," Mikuriya said.',
        [
            '"Technology is important.',
            "People come first.",
            'We must train them," Mikuriya said.',
        ],
    ),
    (
        "He called it \u201ca good start.\u201d The next round is in May.",
        ["He called it \u201ca good start.\u201d", "The next round is in May."],
    ),
    (
        "It is over. \u2018We won,\u2019 she said. \u2018It was hard.\u2019 Then she left.",
        [
            "It is over.",
            "\u2018We won,\u2019 she said.",
            "\u2018It was hard.\u2019",
            "Then she left.",
        ],
    ),
    (
        '"Why now?" Nguyen asked. "Why not?" he replied.',
        ['"Why now?" Nguyen asked.', '"Why not?" he replied.'],
    ),
    (
        "Vietnam will build a modern customs system before 2030./.",
        ["Vietnam will build a modern customs system before 2030./."],
    ),
    (
        "The sector will share its experience. /.",
        ["The sector will share its experience. /."],
    ),
    (
        "What are the main challenges? The first is connectivity.",
        ["What are the main challenges?", "The first is connectivity."],
    ),
    (
        "The firm moved into Apple Inc. offices. It later left Apple Inc. The move was costly.",
        [
            "The firm moved into Apple Inc. offices.",
            "It later left Apple Inc.",
            "The move was costly.",
        ],
    ),
    (
        "The ministers met at 9 a.m. on Monday. They agreed at 5 p.m. The text was signed.",
        [
            "The ministers met at 9 a.m. on Monday.",
            "They agreed at 5 p.m.",
            "The text was signed.",
        ],
    ),
    (
        "Mr. Nguyen and Mrs. Tran met Prof. Lee, Gen. Park and St. John.",
        ["Mr. Nguyen and Mrs. Tran met Prof. Lee, Gen. Park and St. John."],
    ),
    (
        "The WCO has 186 members. 2023 was its busiest year.",
        ["The WCO has 186 members.", "2023 was its busiest year."],
    ),
    (
        "Prices rose (see Fig. 3 and pp. 12-14). Demand fell.",
        ["Prices rose (see Fig. 3 and pp. 12-14).", "Demand fell."],
    ),
    (
        "It treats patients with MS. Approval is expected soon.",
        ["It treats patients with MS.", "Approval is expected soon."],
    ),
    (
        "Sales of the iPhone grew. eBay shares fell. iPhone sales will rise.",
        ["Sales of the iPhone grew.", "eBay shares fell.", "iPhone sales will rise."],
    ),
    (
        "Imports fell.The ministry blamed prices. Visit One.Tel for details.",
        ["Imports fell.", "The ministry blamed prices.", "Visit One.Tel for details."],
    ),
    (
        "The match ended 2-1. - The coach said nothing.",
        ["The match ended 2-1.", "- The coach said nothing."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_exact_splits(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_line_break_is_always_a_boundary() -> None:
    text = (
        "Deputy Minister speaks at the event (Photo: VNA)\n"
        "The conference opened on Monday\n"
        "Director General Nguyen Van Can:\n"
        "The meeting will be held in June."
    )
    assert split_sentences(text) == [
        "Deputy Minister speaks at the event (Photo: VNA)",
        "The conference opened on Monday",
        "Director General Nguyen Van Can:",
        "The meeting will be held in June.",
    ]


def test_blank_lines_separate_paragraphs() -> None:
    text = (
        "Enhance multilateral diplomacy of Vietnam Customs\n\n\n"
        "The meeting opened today. It ends on Friday.\r\n"
        "   \n"
        "Can you tell us more?\n"
        "Director General:\n"
        "Yes, of course.\n"
    )
    assert split_paragraphs(text) == [
        ["Enhance multilateral diplomacy of Vietnam Customs"],
        ["The meeting opened today.", "It ends on Friday."],
        ["Can you tell us more?", "Director General:", "Yes, of course."],
    ]


def test_stray_agency_mark_on_its_own_line_joins_the_sentence() -> None:
    assert split_sentences("The sector will share its experience.\n/.") == [
        "The sector will share its experience. /."
    ]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []
    assert split_paragraphs("\n\n") == []


_SENTENCE_TEXT = st.text(
    alphabet=st.sampled_from(list("aAbZ .!?\"'\u201c\u201d\u2019()/-\n1")),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_SENTENCE_TEXT)
def test_splitting_keeps_every_character(text: str) -> None:
    sentences = split_sentences(text)
    assert all(s == s.strip() and s and "\n" not in s for s in sentences)
    assert "".join(sentences).replace(" ", "") == re.sub(r"\s", "", text)


def test_split_words() -> None:
    sentence = (
        "Vietnam\u2019s U.S. partners don\u2019t see the fourth-largest G20 rise of 2.5%, "
        "e.g. in co-operation (COVID-19)."
    )
    assert split_words(sentence) == [
        "Vietnam",
        "US",
        "partners",
        "don't",
        "see",
        "the",
        "fourth-largest",
        "rise",
        "of",
        "in",
        "co-operation",
    ]


def test_sumy_tokenizer_duck_type() -> None:
    tokenizer = SumyTokenizer("english")
    assert tokenizer.language == "english"
    assert SumyTokenizer("en").language == "english"
    assert tokenizer.to_sentences("Dr. Tran spoke. He left.") == ("Dr. Tran spoke.", "He left.")
    assert tokenizer.to_words("Dr. Tran spoke, twice.") == ("Dr", "Tran", "spoke", "twice")
    with pytest.raises(ValueError, match="English"):
        SumyTokenizer("czech")


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No NLTK data (empty data path), no NLTK download and no network connection."""
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    monkeypatch.setenv("NLTK_DATA", str(empty))
    monkeypatch.setattr(nltk.data, "path", [str(empty)])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network or NLTK download attempted")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


ARTICLE = """Customs cooperation deepens in the region

Hanoi (VNA) - Vietnam Customs hosted the 33rd ASEAN Customs Directors-General Meeting on \
June 4. WCO Secretary-General Dr. Kunio Mikuriya praised the host. He said the U.S. and \
Japan sent observers.

Delegates discussed e-commerce, risk management and the ASEAN Single Window. "Data \
sharing is key. We must trust each other," Mikuriya said. The customs sector will finish \
its digital transformation before 2030./.

ALL CUSTOMS AUTHORITIES SIGNED THE STATEMENT
The next meeting will be held in Thailand. Officials expect more trade facilitation deals.
"""


def test_sumy_pipeline_runs_without_nltk_data(offline: None) -> None:
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    with pytest.raises(LookupError):  # proves the fixture hides any installed punkt data
        Tokenizer("english")

    parser = PlaintextParser.from_string(ARTICLE, SumyTokenizer("english"))
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    summary = [str(sentence) for sentence in summarizer(parser.document, 3)]

    assert len(summary) == 3
    all_sentences = [str(s) for s in parser.document.sentences]
    assert set(summary) <= set(all_sentences)
    assert "WCO Secretary-General Dr. Kunio Mikuriya praised the host." in all_sentences
    assert 'We must trust each other," Mikuriya said.' in all_sentences
    # Documented caveat: PlaintextParser takes the ALL-CAPITAL line as a heading.
    assert "ALL CUSTOMS AUTHORITIES SIGNED THE STATEMENT" not in all_sentences


def test_sumy_document_keeps_caps_lines_and_line_breaks(offline: None) -> None:
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer

    document = sumy_document(ARTICLE)
    sentences = [str(s) for s in document.sentences]
    assert sentences[0] == "Customs cooperation deepens in the region"
    assert "ALL CUSTOMS AUTHORITIES SIGNED THE STATEMENT" in sentences
    assert len(document.paragraphs) == 4
    assert document.sentences[1].words[:3] == ("Hanoi", "VNA", "Vietnam")
    assert len(LexRankSummarizer(Stemmer("english"))(document, 2)) == 2


def test_fast_enough_for_the_summary_budget() -> None:
    paragraph = " ".join(CASES[i % len(CASES)][0] for i in range(40))  # about 550 words
    article = "\n\n".join([paragraph[: len(paragraph) // 2], paragraph[len(paragraph) // 2 :]])
    split_sentences(article)
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        split_sentences(article)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.005  # a small part of the 30 ms summary budget


def test_abbreviated_month_after_a_range_dash_does_not_end_a_sentence() -> None:
    text = "The forum runs Sept. 30–Oct. 2, 2024 in Singapore. It is big."
    assert split_sentences(text) == [
        "The forum runs Sept. 30–Oct. 2, 2024 in Singapore.",
        "It is big.",
    ]


def test_sentences_glued_to_a_one_letter_word_are_split() -> None:
    assert split_sentences("He was frustrated.I honestly think so. It is fine.A new law came.") == [
        "He was frustrated.",
        "I honestly think so.",
        "It is fine.",
        "A new law came.",
    ]
