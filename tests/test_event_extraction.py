"""Meetings read from article text: names, series, editions, dates, venues, hosts, people."""

from __future__ import annotations

import importlib.util
import re
import time
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from bot.events.extraction import (
    MeetingMention,
    clean_text,
    extract_meetings,
    same_series,
    series_key,
)
from bot.events.places import Place, find_places, gazetteer, lookup, resolve_place

LABELS = Path(__file__).resolve().parent / "data" / "events_labelled.py"


def _labels() -> ModuleType:
    spec = importlib.util.spec_from_file_location("events_labelled", LABELS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LABELLED = _labels()


def seed(number: str) -> list[MeetingMention]:
    path = next(LABELLED.SEEDS.glob(f"{number}_*.txt"))
    title, body = LABELLED.seed_article(path)
    return extract_meetings(body, title=title, published=None)


def named(mentions: list[MeetingMention], text: str) -> MeetingMention:
    matches = [m for m in mentions if text in m.name]
    assert len(matches) == 1, [m.name for m in mentions]
    return matches[0]


def days(m: MeetingMention) -> tuple[date, date] | None:
    return (m.dates.start, m.dates.end) if m.dates else None


# ------------------------------------------------------------------ the seeds


def test_seed_000_year_from_the_name() -> None:
    [m] = seed("000")
    assert m.series == "wco technology conference and exhibition"
    assert (m.year, m.city, m.country) == (2023, "Hanoi", "Vietnam")
    assert days(m) == (date(2023, 10, 10), date(2023, 10, 10))
    assert m.dates and m.dates.confidence == "name_year"
    [person] = m.people
    assert (person.name, person.role) == ("Kunio Mikuriya", "WCO Secretary-General")
    assert person.quote and person.quote.startswith("Vietnam Customs has proactively")


def test_seed_001_three_day_event_and_theme() -> None:
    [m] = seed("001")
    assert m.name == "WCO Technology Conference and Exhibition 2023"
    assert days(m) == (date(2023, 10, 10), date(2023, 10, 12))
    assert m.dates and m.dates.confidence == "name_year"  # the year came from the name
    assert (m.city, m.country) == ("Hanoi", "Vietnam")
    assert m.theme and m.theme.startswith("Embracing the Digital Age")
    roles = {p.name: p.role for p in m.people}
    assert roles["Tran Luu Quang"] == "Deputy Prime Minister"
    assert roles["Nguyen Van Can"] == (
        "General Director of the General Department of Vietnam Customs (GDVC)"
    )


def test_seed_002_the_33rd_meeting_in_full() -> None:
    mentions = seed("002")
    m = named(mentions, "33rd")
    assert m.name == "33rd ASEAN Customs Directors-General Meeting"
    assert m.series == "asean customs directors-general meeting"
    assert (m.edition, m.year) == (33, 2024)
    assert days(m) == (date(2024, 6, 4), date(2024, 6, 6))
    assert (m.city, m.province, m.country) == ("Phu Quoc", "Kien Giang", "Vietnam")
    assert m.host == "Vietnam Customs"
    assert m.attendance == "about 100 delegates"
    assert {"ASEAN Secretariat", "China Customs", "EU-ASEAN Business Council"} <= set(
        m.participants
    )
    assert not m.background
    assert [p.name for p in m.people] == ["Nguyen Van Can"]


def test_seed_002_past_editions_are_background() -> None:
    mentions = seed("002")
    background = {(m.series, m.edition, m.year) for m in mentions if m.background}
    assert ("asean customs directors-general meeting", 32, 2023) in background
    for year in (1995, 2004, 2014):
        assert ("asean customs directors-general meeting", None, year) in background
    asem = named(mentions, "ASEM")
    assert asem.background and (asem.year, asem.province) == (2019, "Quang Ninh")


def test_seed_002_plans_and_strategies_are_not_meetings() -> None:
    names = " | ".join(m.name for m in seed("002"))
    assert "Strategic Plan" not in names and "Strategy" not in names


def test_seed_003_next_edition_and_its_host() -> None:
    this_year, next_year = seed("003")
    assert this_year.year == 2023
    assert days(this_year) == (date(2023, 10, 10), date(2023, 10, 12))
    assert (this_year.city, this_year.country) == ("Hanoi", "Vietnam")
    assert next_year.name == "2024 WCO Technology Conference and Exhibition"
    assert next_year.series == this_year.series
    assert next_year.dates and next_year.dates.precision == "year"
    assert next_year.host == "Customs Administration of Egypt"
    assert next_year.country == "Egypt"


def test_seed_004_edition_without_date_and_no_action_plan() -> None:
    [m] = seed("004")
    assert (m.edition, m.year, m.dates, m.country) == (13, None, None, "Vietnam")
    assert "Action Plan" not in m.name
    assert m.people[0].name == "Kunio Mikuriya"


# ------------------------------------------------------------------ rules


def test_series_is_the_same_for_every_edition_and_phrasing() -> None:
    keys = {
        series_key(name)
        for name in (
            "33rd ASEAN Customs Directors-General Meeting",
            "32nd ASEAN Customs Directors-General Meeting",
            "the 33rd meeting of the ASEAN Directors-General of Customs",
            "ASEAN Customs General Directors' Meeting",
            "Thirty-third ASEAN Customs Directors General Meeting",
        )
    }
    assert keys == {"asean customs directors-general meeting"}
    assert series_key("243rd/244th Session of the WCO's Permanent Technical Committee") == (
        "wco permanent technical committee session"
    )
    assert series_key("Technology Conference and Exhibition of the World Customs Organisation") == (
        "wco technology conference and exhibition"
    )


def test_same_series_joins_short_and_full_names_only() -> None:
    assert same_series("wco technology conference", "wco technology conference and exhibition")
    assert same_series(
        "asem customs directors-general meeting", "asem directors-general and commissioners meeting"
    )
    assert not same_series("wco council session", "wco permanent technical committee session")
    assert not same_series("asean summit", "asean customs directors-general meeting")


@pytest.mark.parametrize(
    ("sentence", "edition"),
    [
        ("The Thirty-third ASEAN Customs Directors-General Meeting opened on 4 June 2024.", 33),
        ("The 143rd /144th Session of the WCO Council closed on 29 June 2024.", 143),
        ("Delegates met at the 243/244th Session of the WCO PTC on 23 April 2024.", 243),
        ("the 33rd meeting of the ASEAN Directors-General of Customs on 4 June 2024", 33),
    ],
)
def test_editions_in_every_spelling(sentence: str, edition: int) -> None:
    [m] = extract_meetings(sentence, title="", published=None)
    assert m.edition == edition
    assert m.dates and m.dates.start.year == 2024


def test_dateline_city_is_not_the_venue() -> None:
    body = (
        "Hanoi (VNA) - Vietnam will send a delegation to the 28th Regional Heads of Customs "
        "Administrations Conference in Bali, Indonesia, from 2 to 4 May 2023."
    )
    [m] = extract_meetings(body, title="", published=None)
    assert (m.city, m.province, m.country) == (None, "Bali", "Indonesia")


def test_dateline_city_is_the_venue_when_the_text_says_here() -> None:
    body = (
        "KUALA LUMPUR, June 3 (Bernama) -- The 34th ASEAN Customs Directors-General Meeting "
        "opened here on Tuesday."
    )
    [m] = extract_meetings(body, title="", published=date(2025, 6, 4))
    assert (m.city, m.country) == ("Kuala Lumpur", "Malaysia")
    assert days(m) == (date(2025, 6, 3), date(2025, 6, 3))
    assert m.dates and m.dates.confidence == "relative"


def test_crawl_stamps_captions_and_site_lists_are_ignored() -> None:
    body = (
        "10:31 | 10/12/2024\n"
        "Delegates on 1 November 2024. (Photo: VCN)\n"
        "The 5th Mekong Customs Forum opened in Vientiane on 5 November 2024.\n"
        "Related News\n"
        "The 6th Mekong Customs Forum will open on 4 December 2025\n"
    )
    assert "10/12/2024" not in clean_text(body) and "Photo" not in clean_text(body)
    [m] = extract_meetings(body, title="", published=None)
    assert m.edition == 5 and days(m) == (date(2024, 11, 5), date(2024, 11, 5))


def test_host_phrasings() -> None:
    text = (
        "Vietnam Customs to host the 33rd ASEAN Customs Directors-General Meeting in 2024. "
        "The 18th PICARD Conference will be hosted by the Mexican Customs Administration "
        "in Mexico City in 2023."
    )
    hosts = {m.edition: m.host for m in extract_meetings(text, title="", published=None)}
    assert hosts == {33: "Vietnam Customs", 18: "Mexican Customs Administration"}


def test_host_of_a_sibling_edition_and_theme() -> None:
    body = (
        "The WCO Technology Conference and Exhibition 2023 was held in Hanoi from 10 to 12 "
        "October 2023 under the theme “Embracing the Digital Age”. The closing session "
        "announced that the host of the 2024 edition will be the Customs Administration of Egypt."
    )
    current, following = extract_meetings(body, title="", published=None)
    assert current.theme == "Embracing the Digital Age"
    assert following.name == "WCO Technology Conference and Exhibition 2024"
    assert (following.year, following.host, following.country) == (
        2024,
        "Customs Administration of Egypt",
        "Egypt",
    )
    assert following.series == current.series


def test_the_next_meeting_is_the_following_edition() -> None:
    body = (
        "The 13th WTO Ministerial Conference closed in Abu Dhabi on 2 March 2024. "
        "The next Ministerial Conference will be held in Cameroon in 2026."
    )
    current, following = extract_meetings(body, title="", published=None)
    assert current.edition == 13
    assert (following.name, following.edition, following.year) == (
        "14th WTO Ministerial Conference",
        14,
        2026,
    )
    assert following.country == "Cameroon" and not following.background


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   \n\n  ",
        "Hai Phong Customs collected VND 5,300 billion in October, up 12% year-on-year.",
        "The Annual General Meeting approved the accounts on 5 May 2005.",
        "The ASEM Customs Action Plan 2020-2021 and the Customs Development Strategy to 2030 "
        "were discussed, as was the Strategic Plan for Customs Development in the period "
        "2026-2030.",
        "The Conference Centre in Hanoi reopened on 4 June 2024.",
        "The WCO Council is the governing body of the organisation.",
    ],
)
def test_no_meeting_is_invented(body: str) -> None:
    assert extract_meetings(body, title="", published=date(2024, 6, 5)) == []


def test_impossible_and_far_dates_leave_the_meeting_undated() -> None:
    body = (
        "The 5th Asia-Pacific AEO Forum will open on 30 February 2024 in Bangkok. "
        "The 35th ASEAN Customs Directors-General Meeting is scheduled from 3 to 5 June 2206."
    )
    mentions = extract_meetings(body, title="", published=date(2024, 1, 10))
    assert [(m.edition, m.dates, m.year) for m in mentions] == [(5, None, None), (35, None, None)]


def test_a_long_article_with_fifty_meetings_stays_fast() -> None:
    paragraphs = [
        f"The {n}th Session of the WCO Working Party {n} took place in Brussels from 3 to 5 "
        f"June 2024, with about {n + 40} delegates attending. " + "Delegates discussed trade "
        "facilitation, risk management and the exchange of data between administrations. " * 8
        for n in range(4, 54)
    ]
    body = "\n\n".join(paragraphs)
    assert len(body.split()) > 5000
    gazetteer()  # loaded once per process; not what is timed here
    started = time.perf_counter()
    mentions = extract_meetings(body, title="", published=None)
    assert time.perf_counter() - started < 1.0
    assert len(mentions) == 50
    assert all(m.city == "Brussels" and m.dates for m in mentions)


# ------------------------------------------------------------------ places


def test_places_ignore_diacritics_spaces_and_case() -> None:
    assert lookup("Phú Quốc")[0] == lookup("phu quoc")[0]
    assert resolve_place("Ha Noi, Viet Nam") == Place("Hanoi", None, "Vietnam")
    assert resolve_place("Hanoi") == Place("Hanoi", None, "Vietnam")
    assert resolve_place("Phu Quoc City, Kien Giang Province, Vietnam") == Place(
        "Phu Quoc", "Kien Giang", "Vietnam"
    )
    assert resolve_place("Quang Ninh") == Place(None, "Quang Ninh", "Vietnam")
    assert resolve_place("Mexico City") == Place("Mexico City", None, "Mexico")
    assert resolve_place("Vietnam Customs") is None


def test_venue_phrases_only() -> None:
    text = "Hanoi (VNA) - In June delegates met in Vietnam Customs offices and in Brussels."
    assert [m.place for m in find_places(text)] == [Place("Brussels", None, "Belgium")]


# ------------------------------------------------------------------ the labelled set


def test_labelled_set_quality() -> None:
    """Labelled events found with the right start; unlabelled extractions count against."""
    right = labelled = counted = 0
    for article in LABELLED.labelled_articles():
        mentions = extract_meetings(
            article["body"], title=article["title"], published=article["published"]
        )
        expected = article["events"]
        allowed = article.get("allowed", [])
        counted += sum(
            any(_matches(e["name"], m) for e in expected)
            or not (m.background or any(_matches(p, m) for p in allowed))
            for m in mentions
        )
        for event in expected:
            labelled += 1
            start = date.fromisoformat(event["start"]) if event["start"] else None
            right += any(
                _matches(event["name"], m) and (m.dates.start if m.dates else None) == start
                for m in mentions
            )
    precision, recall = right / counted, right / labelled
    assert 2 * precision * recall / (precision + recall) >= 0.9


def _matches(pattern: str, mention: MeetingMention) -> bool:
    return re.search(pattern, mention.name, re.IGNORECASE) is not None
