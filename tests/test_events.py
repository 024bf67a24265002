"""Meetings on the seeds: listed, merged across articles, briefed, exported to calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import SEEDS, make_settings
from icalendar import Calendar
from sqlalchemy import delete

from bot.clock import Clock
from bot.events.service import EventView, relative_time
from bot.services import Services
from handlers.messages import Request
from handlers.router import dispatch, dispatch_button
from storage.models import Article

WCO_2023 = "WCO Technology Conference and Exhibition 2023"
ASEAN_33 = "33rd ASEAN Customs Directors-General Meeting"


def by_name(events: list[EventView]) -> dict[str, EventView]:
    return {event.name: event for event in events}


def find(events: list[EventView], *words: str) -> EventView:
    matches = [e for e in events if all(w.lower() in e.name.lower() for w in words)]
    assert len(matches) == 1, [e.name for e in events]
    return matches[0]


def test_the_seed_meetings_with_dates_and_places(services: Services) -> None:
    past = services.events.listing("past")[1]
    wco = by_name(past)[WCO_2023]
    assert (wco.start, wco.end, wco.precision) == (date(2023, 10, 10), date(2023, 10, 12), "day")
    assert (wco.city, wco.country) == ("Hanoi", "Vietnam")
    assert wco.article_ids == (1, 2, 3, 4)
    asean = by_name(past)[ASEAN_33]
    assert (asean.start, asean.end) == (date(2024, 6, 4), date(2024, 6, 6))
    assert asean.location == "Phu Quoc, Kien Giang, Vietnam"
    asem = find(past, "13th", "ASEM")
    assert (asem.start.year, asem.precision, asem.province) == (2019, "year", "Quang Ninh")
    assert asem.article_ids == (3, 5)  # seed 004 names it, seed 002 gives place and year
    egypt = find(past, "2024", "WCO Technology Conference")
    assert (egypt.country, egypt.precision, egypt.start.year) == ("Egypt", "year", 2024)


def test_strategies_and_plans_are_not_meetings(services: Services) -> None:
    names = " | ".join(e.name for e in services.events.newest_first()).lower()
    assert "action plan" not in names and "strategy" not in names


def seeded_at(tmp_path: Path, now: datetime) -> Services:
    return Services.open(make_settings(tmp_path), Clock(now))


def test_upcoming_first_against_the_clock(tmp_path: Path) -> None:
    services = seeded_at(tmp_path, datetime(2024, 5, 1, 9, 0, tzinfo=UTC))
    heading, shown = services.events.listing()
    assert heading == "Upcoming meetings, then the most recent past ones"
    assert shown[0].name == ASEAN_33 and shown[0].relative == "in 4 weeks"
    egypt = "2024 WCO Technology Conference and Exhibition"  # sometime in 2024: after days
    assert [e.name for e in shown[1:3]] == [egypt, WCO_2023]  # then the most recent past
    assert [e.name for e in services.events.listing("upcoming")[1]] == [ASEAN_33, egypt]
    services.close()


def test_today_is_the_configured_time_zone_s(tmp_path: Path) -> None:
    services = seeded_at(tmp_path, datetime(2024, 6, 3, 20, 0, tzinfo=UTC))  # 4 June in Hanoi
    asean = by_name(services.events.newest_first())[ASEAN_33]
    assert (asean.status.value, asean.relative) == ("ongoing", "now")
    services.close()


def test_month_and_words(sqlite_services: Services) -> None:
    assert [e.name for e in sqlite_services.events.listing("2023-10")[1]] == [WCO_2023]
    assert sqlite_services.events.listing("asean")[1][0].name == ASEAN_33


@pytest.mark.parametrize(
    ("args", "answer"),
    [
        ("2024-13", "There is no month 13; write a month as 2024-06."),
        ("zanzibar regatta", "Meetings matching “zanzibar regatta”: none found in the articles."),
    ],
)
def test_bad_events_requests(sqlite_services: Services, args: str, answer: str) -> None:
    [reply] = dispatch(Request(command="events", args=args), sqlite_services)
    assert reply.html == answer


def test_unknown_event(sqlite_services: Services) -> None:
    [reply] = dispatch(Request(command="event", args="999999"), sqlite_services)
    assert reply.html == "There is no meeting #999999. Send /events for the list."
    [reply] = dispatch(Request(command="event", args="soon"), sqlite_services)
    assert reply.html.startswith("Usage: /event &lt;id&gt;")


def test_briefing_card(sqlite_services: Services) -> None:
    asean = by_name(sqlite_services.events.newest_first())[ASEAN_33]
    [reply] = dispatch(Request(command="event", args=str(asean.id)), sqlite_services)
    text = reply.html
    assert text.startswith(f"<b>{ASEAN_33}</b>\n<b>When:</b> 4–6 Jun 2024")
    assert "<b>Where:</b> Phu Quoc, Kien Giang, Vietnam" in text
    assert "<b>Host:</b> Vietnam Customs" in text
    assert "about 100 delegates" in text
    assert "Nguyen Van Can" in text
    assert "32nd ASEAN Customs Directors-General Meeting" in text  # an earlier edition
    assert "#3 Enhance multilateral diplomacy of Vietnam Customs" in text
    assert [b.label for row in reply.buttons for b in row] == ["Calendar (.ics)"]


def test_calendar_file_imports(sqlite_services: Services) -> None:
    wco = by_name(sqlite_services.events.newest_first())[WCO_2023]
    [reply] = dispatch_button(f"c:{wco.id}", Request(command="button"), sqlite_services)
    assert reply.document is not None and reply.document.name.endswith(".ics")
    entry = Calendar.from_ical(reply.document.data).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == WCO_2023
    assert entry.decoded("DTSTART") == date(2023, 10, 10)
    assert entry.decoded("DTEND") == date(2023, 10, 13)  # exclusive end, as iCalendar wants
    assert str(entry["LOCATION"]) == "Hanoi, Vietnam"


def test_another_article_about_a_meeting_joins_its_event(services: Services) -> None:
    before = by_name(services.events.newest_first())[ASEAN_33]
    outcome = services.ingestor.ingest_bytes(
        (
            b"ASEAN customs chiefs gather in Phu Quoc\n\n"
            b"The 33rd ASEAN Customs Directors-General Meeting opened in Phu Quoc City on "
            b"4 June 2024, with delegations from the ten member states and partners.\n"
        ),
        source="extra.txt",
    )
    after = by_name(services.events.newest_first())[ASEAN_33]
    assert after.id == before.id
    assert after.article_ids == (3, outcome.article_id)


@pytest.mark.parametrize(
    ("start", "end", "precision", "today", "said"),
    [
        (date(2024, 6, 4), date(2024, 6, 6), "day", date(2024, 5, 22), "in 13 days"),
        (date(2024, 6, 4), date(2024, 6, 6), "day", date(2024, 6, 5), "now"),
        (date(2024, 6, 4), date(2024, 6, 6), "day", date(2024, 6, 27), "3 weeks ago"),
        (date(2024, 6, 4), date(2024, 6, 6), "day", date(2024, 6, 7), "1 day ago"),
        (date(2019, 1, 1), date(2019, 12, 31), "year", date(2026, 11, 23), "7 years ago"),
        (date(2024, 1, 1), date(2024, 12, 31), "year", date(2024, 3, 1), "this year"),
        (None, None, None, date(2024, 3, 1), "date unknown"),
    ],
)
def test_relative_time(start, end, precision, today, said) -> None:
    assert relative_time(start, end, precision, today) == said


def test_articles_ingested_one_by_one_give_the_same_meetings(
    services: Services, tmp_path: Path
) -> None:
    """Regression: merging one series must not delete another series' events that the
    same article tells (seed 002 tells of the ASEAN, ASEM and WCO meetings)."""
    one_by_one = Services.open(make_settings(tmp_path / "one", f"sqlite:///{tmp_path / 'o.db'}"))
    with one_by_one.database.transaction() as session:
        session.execute(delete(Article))
    for seed in sorted(SEEDS.glob("*.txt")):
        one_by_one.ingestor.ingest_bytes(seed.read_bytes(), source=seed.name)
    batch = sorted(e.name for e in services.events.newest_first())
    assert sorted(e.name for e in one_by_one.events.newest_first()) == batch
    one_by_one.close()
