"""Dates and ranges in news text: every common order, inferred years, relative words, traps."""

from __future__ import annotations

from datetime import date

import pytest

from bot.events.dates import (
    DateSpan,
    duration_days,
    find_dates,
    resolve,
    scan,
    with_duration,
)

D = date


def only(text: str, **hints: object) -> DateSpan:
    found = find_dates(text, **hints)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0].span


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("4 to 6 June 2024", D(2024, 6, 4), D(2024, 6, 6)),
        ("October 10-12, 2023", D(2023, 10, 10), D(2023, 10, 12)),
        ("from 23 to 26 April 2024", D(2024, 4, 23), D(2024, 4, 26)),
        ("23-25/10/2024", D(2024, 10, 23), D(2024, 10, 25)),
        ("16/17 October 2017", D(2017, 10, 16), D(2017, 10, 17)),
        ("18th February to 3rd March, 2017", D(2017, 2, 18), D(2017, 3, 3)),
        ("6 – 8 June 2023", D(2023, 6, 6), D(2023, 6, 8)),
        ("on 15 and 16 May 2017", D(2017, 5, 15), D(2017, 5, 16)),
        ("from 27 to 29 June 2024", D(2024, 6, 27), D(2024, 6, 29)),
        ("September 30 to October 2, 2024", D(2024, 9, 30), D(2024, 10, 2)),
        ("Sept. 30–Oct. 2, 2024", D(2024, 9, 30), D(2024, 10, 2)),
        ("30 December 2023 - 2 January 2024", D(2023, 12, 30), D(2024, 1, 2)),
        ("Dec. 30, 2024, to Jan. 2, 2025", D(2024, 12, 30), D(2025, 1, 2)),
        ("June 4th–6th, 2024", D(2024, 6, 4), D(2024, 6, 6)),
        ("the 4th of June 2024", D(2024, 6, 4), D(2024, 6, 4)),
        ("12 October 2023 marked the end", D(2023, 10, 12), D(2023, 10, 12)),
        ("Tuesday, June 4, 2024", D(2024, 6, 4), D(2024, 6, 4)),
        ("13/06/2024", D(2024, 6, 13), D(2024, 6, 13)),
        ("2024-06-04", D(2024, 6, 4), D(2024, 6, 4)),
    ],
)
def test_stated_days_and_ranges(text: str, start: date, end: date) -> None:
    span = only(text)
    assert (span.start, span.end, span.precision, span.confidence) == (start, end, "day", "stated")


def test_months_and_years() -> None:
    assert only("June 2024 to June 2025") == DateSpan(
        D(2024, 6, 1), D(2025, 6, 30), "month", "stated"
    )
    assert only("in May 2024") == DateSpan(D(2024, 5, 1), D(2024, 5, 31), "month", "stated")
    assert only("held in 2019") == DateSpan(D(2019, 1, 1), D(2019, 12, 31), "year", "stated")
    assert only("in Brussels in June 2025") == DateSpan(
        D(2025, 6, 1), D(2025, 6, 30), "month", "stated"
    )
    assert only("the 32nd meeting (2023)").start == D(2023, 1, 1)


def test_year_lists_give_one_mention_each() -> None:
    found = find_dates("hosted the meetings in 1995, 2004 and 2014 respectively")
    assert [f.span.start.year for f in found] == [1995, 2004, 2014]
    assert all(f.mention.listed for f in found)


def test_missing_year_comes_from_the_name_then_the_publication_date() -> None:
    assert only("on October 10", year_hint=2023) == DateSpan(
        D(2023, 10, 10), D(2023, 10, 10), "day", "name_year"
    )
    assert only("on October 10", published=D(2023, 9, 25)) == DateSpan(
        D(2023, 10, 10), D(2023, 10, 10), "day", "inferred_year"
    )
    # Early January news about "December 30 to January 2" is about the turn of the year.
    span = only("December 30 to January 2", published=D(2025, 1, 3))
    assert (span.start, span.end) == (D(2024, 12, 30), D(2025, 1, 2))


def test_missing_year_from_a_stated_date_nearby() -> None:
    found = find_dates("It opened on 10 October 2023. On October 12 it closed.")
    assert [f.span.start for f in found] == [D(2023, 10, 10), D(2023, 10, 12)]
    assert found[1].span.confidence == "inferred_year"


def test_no_year_anywhere_is_not_invented() -> None:
    assert find_dates("The meeting opens on 4 June.") == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("next week", D(2024, 6, 10), D(2024, 6, 16)),
        ("last week", D(2024, 5, 27), D(2024, 6, 2)),
        ("yesterday", D(2024, 6, 4), D(2024, 6, 4)),
        ("met on Tuesday", D(2024, 6, 4), D(2024, 6, 4)),
        ("will meet on Tuesday", D(2024, 6, 11), D(2024, 6, 11)),
        ("next Friday", D(2024, 6, 7), D(2024, 6, 7)),
        ("met from Monday to Wednesday", D(2024, 6, 3), D(2024, 6, 5)),
        ("next month", D(2024, 7, 1), D(2024, 7, 31)),
    ],
)
def test_relative_dates_against_publication(text: str, start: date, end: date) -> None:
    span = only(text, published=D(2024, 6, 5))  # a Wednesday
    assert (span.start, span.end, span.confidence) == (start, end, "relative")


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("The forum opened on Tuesday and ends next week.") == []


@pytest.mark.parametrize(
    "text",
    [
        "31 February 2024",
        "30 February 2024 to 2 March 2024",
        "5 June 2999",
        "from 3 to 5 June 2206",
        "on 4 June 1066",
        "10:31 | 10/12/2024 Customs",
        "The 33rd ASEAN Customs Directors-General Meeting",
        "Thirty-third meeting",
        "the 143rd /144th Session",
        "the 243/244th Session",
        "the ASEM Customs Action Plan 2020-2021",
        "landmark 1088/2-1089",
        "the meeting may 2024 be postponed",
        "",
    ],
)
def test_traps_give_no_date(text: str) -> None:
    assert find_dates(text, published=D(2024, 6, 5)) == []


def test_impossible_range_is_not_shortened_into_a_possible_one() -> None:
    assert scan("from 30 to 31 February 2024")[0].text == "30 to 31 February 2024"
    assert find_dates("from 30 to 31 February 2024") == []


def test_two_days_joined_by_and_far_apart_are_not_a_range() -> None:
    span = only("on 4 and 18 June 2024")
    assert (span.start, span.end) == (D(2024, 6, 4), D(2024, 6, 4))


def test_duration_words() -> None:
    assert duration_days("The three-day event will feature") == 3
    assert duration_days("the 3-day WCO Technology Conference") == 3
    assert duration_days("closed after three days of talks") == 3
    assert duration_days("a one-day visit") is None
    assert duration_days("no length here") is None


def test_duration_stretches_a_single_day_forward_or_back() -> None:
    opening = DateSpan(D(2023, 10, 10), D(2023, 10, 10), "day", "name_year")
    closing = DateSpan(D(2023, 10, 12), D(2023, 10, 12), "day", "stated")
    # The less sure of the two steps is kept: here the year taken from the name.
    assert with_duration(opening, 3) == DateSpan(
        D(2023, 10, 10), D(2023, 10, 12), "day", "name_year"
    )
    assert with_duration(closing, 3, ends_on=True) == DateSpan(
        D(2023, 10, 10), D(2023, 10, 12), "day", "duration"
    )
    month = DateSpan(D(2023, 10, 1), D(2023, 10, 31), "month", "stated")
    assert with_duration(month, 3) == month


def test_resolve_keeps_the_mention_apart_from_the_hints() -> None:
    mention = scan("on 4 June")[0]
    assert mention.year1 is None and mention.precision == "day"
    assert resolve(mention) is None
    assert resolve(mention, context_year=2024) == DateSpan(
        D(2024, 6, 4), D(2024, 6, 4), "day", "inferred_year"
    )
