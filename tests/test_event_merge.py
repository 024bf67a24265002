"""Mentions from several articles merged into events, and editions of a series linked."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.events.dates import DateSpan
from bot.events.extraction import MeetingMention, Person, extract_meetings, series_key
from bot.events.merge import MergedEvent, merge_mentions

LABELS = Path(__file__).resolve().parent / "data" / "events_labelled.py"


def _labels() -> ModuleType:
    spec = importlib.util.spec_from_file_location("events_labelled", LABELS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mention(name: str, **fields: Any) -> MeetingMention:
    values: dict[str, Any] = {
        "name": name,
        "series": series_key(name),
        "edition": None,
        "year": None,
        "dates": None,
        "city": None,
        "province": None,
        "country": None,
        "host": None,
        "participants": (),
        "attendance": None,
        "theme": None,
        "people": (),
        "evidence": name,
    }
    values.update(fields)
    return MeetingMention(**values)


def days(start: date, end: date | None = None, confidence: str = "stated") -> DateSpan:
    return DateSpan(start, end or start, "day", confidence)  # type: ignore[arg-type]


def year(value: int) -> DateSpan:
    return DateSpan(date(value, 1, 1), date(value, 12, 31), "year", "stated")


def one(events: list[MergedEvent], text: str) -> MergedEvent:
    found = [e for e in events if any(text in n for n in e.names)]
    assert len(found) == 1, [e.names for e in events]
    return found[0]


# ------------------------------------------------------------------ the seeds


def seed_events() -> list[MergedEvent]:
    labelled = _labels()
    items = []
    for article_id, path in enumerate(sorted(labelled.SEEDS.glob("*.txt"))):
        title, body = labelled.seed_article(path)
        items += [(article_id, m) for m in extract_meetings(body, title=title, published=None)]
    return merge_mentions(items)


def test_seeds_merge_into_the_expected_events() -> None:
    events = seed_events()
    by_key = {e.key: e for e in events}

    techconf = by_key["wco technology conference and exhibition@2023"]
    assert {0, 1, 3} <= set(techconf.article_ids)
    assert (techconf.city, techconf.country) == ("Hanoi", "Vietnam")
    assert techconf.dates and (techconf.dates.start, techconf.dates.end) == (
        date(2023, 10, 10),
        date(2023, 10, 12),
    )
    assert techconf.name == "WCO Technology Conference and Exhibition 2023"

    acdgm = by_key["asean customs directors-general meeting#33"]
    assert acdgm.name == "33rd ASEAN Customs Directors-General Meeting"
    assert (acdgm.city, acdgm.province, acdgm.country) == ("Phu Quoc", "Kien Giang", "Vietnam")
    assert acdgm.dates and (acdgm.dates.start, acdgm.dates.end) == (
        date(2024, 6, 4),
        date(2024, 6, 6),
    )
    assert (acdgm.host, acdgm.attendance) == ("Vietnam Customs", "about 100 delegates")

    [asem] = [e for e in events if e.series.startswith("asem")]
    assert asem.article_ids == (2, 4)
    assert (asem.edition, asem.year, asem.province, asem.country) == (
        13,
        2019,
        "Quang Ninh",
        "Vietnam",
    )
    assert asem.name.startswith("13th ASEM") and not asem.background


def test_seed_editions_are_linked() -> None:
    by_key = {e.key: e for e in seed_events()}
    this_year = by_key["wco technology conference and exhibition@2023"]
    next_year = by_key["wco technology conference and exhibition@2024"]
    assert this_year.next_key == next_year.key and next_year.previous_key == this_year.key
    assert (next_year.country, next_year.year) == ("Egypt", 2024)
    assert next_year.dates and next_year.dates.precision == "year"
    assert next_year.host == "Customs Administration of Egypt"

    previous = by_key["asean customs directors-general meeting#32"]
    current = by_key["asean customs directors-general meeting#33"]
    assert current.previous_key == previous.key and previous.next_key == current.key
    assert previous.background and previous.year == 2023


# ------------------------------------------------------------------ rules


def test_two_outlets_one_meeting() -> None:
    a = mention(
        "7th WCO Global AEO Conference",
        edition=7,
        year=2024,
        dates=days(date(2024, 10, 15), date(2024, 10, 17)),
        city="Seoul",
        country="South Korea",
        people=(Person("Ko Kwang-hyo", "Commissioner", None),),
        participants=("Korea Customs Service",),
    )
    b = mention(
        "7th Global AEO Conference of the World Customs Organization",
        edition=7,
        year=2024,
        dates=days(date(2024, 10, 17), confidence="inferred_year"),
        city="Seoul",
        people=(
            Person("Ko Kwang-hyo", None, "Trusted traders deserve faster borders"),
            Person("Ian Saunders", "WCO Secretary General", None),
        ),
        participants=("World Customs Organization",),
    )
    [event] = merge_mentions([(1, a), (2, b)])
    assert event.article_ids == (1, 2)
    assert event.dates == a.dates
    assert event.country == "South Korea"
    assert {p.name: (p.role, p.quote) for p in event.people} == {
        "Ko Kwang-hyo": ("Commissioner", "Trusted traders deserve faster borders"),
        "Ian Saunders": ("WCO Secretary General", None),
    }
    assert event.participants == ("Korea Customs Service", "World Customs Organization")


def test_edition_only_and_year_only_join_when_unique() -> None:
    by_edition = mention("13th ASEM Directors General and Commissioners Meeting", edition=13)
    by_year = mention(
        "ASEM Customs Directors-General Meeting",
        year=2019,
        dates=year(2019),
        province="Quang Ninh",
        country="Vietnam",
        background=True,
    )
    [event] = merge_mentions([(4, by_edition), (2, by_year)])
    assert (event.edition, event.year, event.article_ids) == (13, 2019, (2, 4))
    assert not event.background


def test_edition_only_stays_apart_when_the_year_is_ambiguous() -> None:
    items = [
        (1, mention("13th ASEM Customs Directors-General Meeting", edition=13)),
        (2, mention("ASEM Customs Directors-General Meeting", year=2019, dates=year(2019))),
        (3, mention("ASEM Customs Directors-General Meeting", year=2021, dates=year(2021))),
    ]
    assert len(merge_mentions(items)) == 3


def test_different_editions_and_venues_stay_apart() -> None:
    items = [
        (1, mention("32nd ASEAN Customs Directors-General Meeting", edition=32, year=2023)),
        (2, mention("33rd ASEAN Customs Directors-General Meeting", edition=33, year=2024)),
        (3, mention("WCO Regional Forum", year=2024, city="Bangkok", country="Thailand")),
        (4, mention("WCO Regional Forum", year=2024, city="Brussels", country="Belgium")),
        (5, mention("WCO PTC Session", dates=days(date(2024, 4, 23)), year=2024)),
        (6, mention("WCO PTC Session", dates=days(date(2024, 10, 14)), year=2024)),
    ]
    events = merge_mentions(items)
    assert len(events) == 6
    assert {e.key for e in events} >= {
        "asean customs directors-general meeting#32",
        "asean customs directors-general meeting#33",
    }


def test_editions_link_in_order_and_undated_events_sort_last() -> None:
    items = [
        (1, mention("34th ASEAN Customs Directors-General Meeting", edition=34, year=2025)),
        (2, mention("32nd ASEAN Customs Directors-General Meeting", edition=32, year=2023)),
        (
            3,
            mention(
                "33rd ASEAN Customs Directors-General Meeting",
                edition=33,
                year=2024,
                dates=days(date(2024, 6, 4), date(2024, 6, 6)),
            ),
        ),
    ]
    events = merge_mentions(items)
    assert [e.edition for e in events] == [33, 32, 34]
    by_edition = {e.edition: e for e in events}
    assert by_edition[33].previous_key == by_edition[32].key
    assert by_edition[33].next_key == by_edition[34].key
    assert by_edition[32].previous_key is None and by_edition[34].next_key is None


def test_best_fields_win() -> None:
    items = [
        (1, mention("Global Customs Forum 2024", year=2024, dates=days(date(2024, 3, 5)))),
        (
            2,
            mention(
                "Global Customs Forum 2024",
                year=2024,
                dates=days(date(2024, 3, 5), date(2024, 3, 7)),
                city="Dubai",
                country="United Arab Emirates",
                theme="Customs for a connected world",
                host="Dubai Customs",
            ),
        ),
        (
            3,
            mention(
                "Global Customs Forum",
                year=2024,
                dates=DateSpan(date(2024, 3, 1), date(2024, 3, 31), "month", "stated"),
            ),
        ),
    ]
    [event] = merge_mentions(items)
    assert event.dates == days(date(2024, 3, 5), date(2024, 3, 7))
    assert (event.city, event.host, event.theme) == (
        "Dubai",
        "Dubai Customs",
        "Customs for a connected world",
    )
    assert event.article_ids == (1, 2, 3)


def test_nothing_in_nothing_out() -> None:
    assert merge_mentions([]) == []
