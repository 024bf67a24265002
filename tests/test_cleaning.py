"""Cleaning and titles, on the five seeds and on articles in other shapes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.sentences import split_sentences
from storage.ingestion.cleaning import clean_article
from storage.ingestion.readers import article_from_bytes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOILERPLATE = ("Related News", "Latest News", "More News", "Your care", "Read More", "Previously")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "title", "derived", "first", "last"),
    [
        (
            "000",
            "Vietnam Customs has proactively strived to make changes in line with WCO’s "
            "recommendations…",
            True,
            "Hanoi (VNA) - Vietnam Customs has proactively strived to make changes in line with "
            "World Customs Organisation (WCO)’s recommendations and standards in harmonising and "
            "simplifying customs procedures, according to WCO Secretary-General Kunio Mikuriya.",
            "Regarding fostering the young generation of customs experts, he said WCO is ready to "
            "support the Vietnamese Customs sector in this regard, adding that the government’s "
            "strategy relating to digital transformation should be applied to the customs sector.",
        ),
        (
            "001",
            "The customs sector should be one of the pioneering industries in promoting the "
            "application…",
            True,
            "Hanoi (VNA) – The customs sector should be one of the pioneering industries in "
            "promoting the application of science and technology, and digital transformation, "
            "Deputy Prime Minister Tran Luu Quang said at the opening ceremony of the Technology "
            "Conference and Exhibition of the World Customs Organisation (WCO) in Hanoi on "
            "October 10.",
            "According to General Director of the General Department of Vietnam Customs (GDVC) "
            "Nguyen Van Can, the sector is actively carrying out comprehensive digital "
            "transformation with the aim of building a standardised, modern, and intelligent "
            "customs system on par with developed countries worldwide before 2030.",
        ),
        (
            "002",
            "Enhance multilateral diplomacy of Vietnam Customs",
            False,
            "According to the rotation mechanism and decided by the 32nd ASEAN Customs "
            "Directors-General Meeting (2023), Vietnam Customs to host the 33rd ASEAN Customs "
            "Directors-General Meeting, can you tell us the scale and importance of this "
            "conference?",
            "Thank you!",
        ),
        (
            "003",
            "The 2023 WCO Technology Conference concludes with important take-aways",
            False,
            "12 October 2023 marked the end of the 3-day WCO Technology Conference and Exhibition "
            "held in Ha Noi, Viet Nam under the theme “Embracing the Digital Age: Leveraging "
            "Technology, Fostering Innovation, and Nurturing the Next Generation of Customs "
            "Professionals”.",
            "The Conference closing session concluded with an announcement that the host of the "
            "2024 WCO Technology Conference and Exhibition will be the Customs Administration of "
            "Egypt.",
        ),
        (
            "004",
            "Promoting ASEM customs cooperaion",
            False,
            "VCN- At the 13th ASEM Directors General and Commissioners Meeting in Vietnam, WCO "
            "Secretary General Dr. Kunio Mikuriya shared his opinions and proposals for the ASEM "
            "Action Plan 2020-2021.",
            "Thus, this is why Vietnam’s role is important to organize the meeting.",
        ),
    ],
)
def test_seed_title_first_and_last_sentence(
    prefix: str, title: str, derived: bool, first: str, last: str
) -> None:
    article = clean_article(seed(prefix))
    sentences = split_sentences(article.body)
    assert article.title == title
    assert article.title_derived is derived
    assert sentences[0] == first
    assert sentences[-1] == last


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_body_keeps_no_furniture(prefix: str) -> None:
    body = clean_article(seed(prefix)).body
    for line in body.split("\n\n"):
        assert not line.startswith(BOILERPLATE), line
        assert "(Photo:" not in line and "Photo: H. Nu" not in line
        assert "| 2" not in line  # crawl-time stamps such as "10:31 | 10/12/2024"
        assert not line.startswith("promoting asem customs promotion")
    assert "TechConf Closing Hans Pieters" not in body
    assert not body.endswith("/.")


def test_alt_text_line_above_headline_is_dropped() -> None:
    article = clean_article(seed("003"))
    assert article.title.startswith("The 2023 WCO Technology Conference")
    assert "Hans Pieters" in article.body  # still named in the article itself


def test_signature_after_the_article_becomes_the_author() -> None:
    article = clean_article(seed("004"))
    assert article.author == "Huyen Trang"
    assert "Huyen Trang" not in article.body


def test_byline_date_line_and_related_list() -> None:
    raw = (
        "Brussels hosts record Council Session\n"
        "By Jane Doe\n"
        "Published: 3 March 2024\n"
        "\n"
        "The Customs Co-operation Council met in Brussels this week with 180 delegations.\n"
        "Delegates adopted a new strategic plan.\n"
        "Related articles\n"
        "Another headline\n"
        "10:31 | 10/12/2024 Customs\n"
    )
    article = clean_article(raw)
    assert article.title == "Brussels hosts record Council Session"
    assert article.author == "Jane Doe"
    assert article.published == date(2024, 3, 3)
    assert article.body == (
        "The Customs Co-operation Council met in Brussels this week with 180 delegations.\n\n"
        "Delegates adopted a new strategic plan."
    )


def test_reuters_dateline_without_headline_gets_a_short_title() -> None:
    raw = (
        "BRUSSELS, June 3 (Reuters) - The World Customs Organization (WCO) elected a new "
        "Secretary General on Friday, officials said, ending a month of consultations among "
        "its 186 members over who should lead the body.\n\nThe vote was held in Brussels."
    )
    article = clean_article(raw)
    assert article.title_derived
    assert article.title == "The WCO elected a new Secretary General on Friday"
    assert article.body.startswith("BRUSSELS, June 3 (Reuters) - The World Customs")


def test_invisible_characters_line_ends_and_spaces_are_normalised() -> None:
    raw = "Title\u200b here\r\n\r\nFirst\u00a0sentence of\tthe body is long enough to count.\r\n"
    article = clean_article(raw)
    assert article.title == "Title here"
    assert article.body == "First sentence of the body is long enough to count."


def test_caption_inside_the_article_is_dropped() -> None:
    raw = (
        "Customs seize ivory at Hai Phong port\n\n"
        "Officers found 2 tonnes of ivory in a container declared as peanuts.\n"
        "Officers inspect the container. (Photo: customs.gov.vn)\n"
        "The shipment came from Africa, the department said.\n"
    )
    assert clean_article(raw).body == (
        "Officers found 2 tonnes of ivory in a container declared as peanuts.\n\n"
        "The shipment came from Africa, the department said."
    )


def test_markdown_article() -> None:
    raw = article_from_bytes(
        b"# WCO Council opens in Brussels\n\n![The plenary hall](hall.jpg)\n\n"
        b"The **Council** session opened on Monday with delegates from "
        b"[186 members](https://wcoomd.org) in attendance.\n",
        source="council.md",
        suffix=".md",
    )
    article = clean_article(raw.text)
    assert article.title == "WCO Council opens in Brussels"
    assert article.body == (
        "The Council session opened on Monday with delegates from 186 members in attendance."
    )


def test_html_page_keeps_the_article_only() -> None:
    page = (
        b"<html><head><title>Site</title></head><body><nav><a href='/'>Home</a> | "
        b"<a href='/news'>News</a></nav><article><h1>ASEAN customs chiefs meet in Phu Quoc</h1>"
        b"<p>The 33rd ASEAN Customs Directors-General Meeting opened in Phu Quoc on Tuesday, "
        b"bringing together delegations from ten member states and partners.</p>"
        b"<p>Delegates discussed the ASEAN Single Window and the transit system.</p>"
        b"</article><footer>Copyright 2024 Example News. All rights reserved.</footer>"
        b"</body></html>"
    )
    raw = article_from_bytes(page, source="page.html", suffix=".html")
    article = clean_article(raw.text)
    assert article.title == "ASEAN customs chiefs meet in Phu Quoc"
    assert "Delegates discussed the ASEAN Single Window" in article.body
    assert "Copyright" not in article.body and "Home" not in article.body
