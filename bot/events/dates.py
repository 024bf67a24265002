"""Dates and date ranges in news text, and how sure we are of each.

Why a grammar of our own rather than a general date library: measured on customs news,
general parsers drop the first day of British-order ranges ("4 to 6 June 2024"), read
ordinals such as "The 33rd" as the year 2033 and take crawl stamps ("10:31 | 10/12/2024")
for dates. Here a date is only ever built around a month name, a full numeric date, a
year in a fixed context ("in 2019", "(2023)") or a relative word ("next week", "on
Tuesday"); a range is kept whole; and a missing year is never guessed inside this
module: `scan` reports what the text says and `resolve` fills the gaps from hints the
caller knows (the year in the event's name, the publication date, a neighbouring date),
recording in `DateSpan.confidence` which one it used. Impossible dates (31 February) and
years far from the publication date are dropped, not repaired.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "month", "year"]
Confidence = Literal["stated", "inferred_year", "relative", "duration", "name_year"]

# How sure each way of deriving a date is, surest highest.
SURENESS: dict[Confidence, int] = {
    "stated": 4,
    "duration": 3,
    "name_year": 2,
    "inferred_year": 1,
    "relative": 0,
}
# Oldest and newest years accepted, as offsets from the publication year (or from today
# when the publication date is unknown).
YEARS_BACK = 80
YEARS_AHEAD = 10


@dataclass(frozen=True)
class DateSpan:
    """A day, a range of days, a month or a year, with how it was derived.

    `confidence`, surest first: "stated" (all in the text), "duration" (one day stated,
    the other counted from "the three-day event"), "name_year" (the year taken from the
    meeting's name, "... 2023"), "inferred_year" (the year taken from the publication date
    or a date stated nearby), "relative" ("next week", "on Tuesday" against the
    publication date). A span built in two steps carries the less sure one.
    """

    start: date
    end: date
    precision: Precision
    confidence: Confidence


@dataclass(frozen=True)
class DateMention:
    """What one date expression in the text says, before any year is inferred.

    Fields left `None` are not stated. `relative` holds the words of a relative date
    ("next week", "tuesday", "yesterday", "tuesday-thursday"); `future` tells whether the
    phrase before it speaks of what is to come ("will", "is scheduled"), which decides
    whether "on Tuesday" means the Tuesday before or after publication.
    """

    start: int
    end: int
    text: str
    precision: Precision
    day1: int | None = None
    month1: int | None = None
    year1: int | None = None
    day2: int | None = None
    month2: int | None = None
    year2: int | None = None
    relative: str | None = None
    future: bool = False
    listed: bool = False

    @property
    def has_year(self) -> bool:
        """True when the text itself gives the year."""
        return self.year2 is not None or self.year1 is not None


@dataclass(frozen=True)
class FoundDate:
    """A date expression located in text and resolved to a span."""

    mention: DateMention
    span: DateSpan


_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15,
}  # fmt: skip


def _alternatives(words: Iterable[str]) -> str:
    """Title-case and upper-case forms, longest first ("may" the verb never matches)."""
    forms = {form for word in words for form in (word.title(), word.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


# Each alternation starts with a look-ahead on its first letter: the regex engine then
# skips most positions at once instead of trying every month name (4x faster on news).
_MONTH = rf"(?=[JFMASOND])(?:{_alternatives(_MONTH_NAMES)})\b\.?"
_WEEKDAY = rf"(?=[MTWFS])(?:{_alternatives(_WEEKDAYS)})\b"
_DAY = r"(?=\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"[12]\d{3}(?!\d)"
_SEP = r",?\s*(?:-|–|—|to|until|till|through|thru|and|&|/)\s*"
_OPT_YEAR = rf"(?:,?\s+(?P<y>{_YEAR}))?"
_NUM = r"\d{1,2}"
_TWO = r"\d{2}"
_YEAR_LIST = rf"{_YEAR}(?:\s*,\s*{_YEAR})*,?\s+and\s+{_YEAR}"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


# Each pattern is tried over the whole text; overlapping hits keep the longest, so a
# range always wins over the single dates inside it.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "dm_dm": re.compile(  # 18th February to 3rd March, 2017 / 30 Dec 2023 - 2 Jan 2024
        rf"\b{_g('d1', _DAY)}(?:\s+of)?\s+{_g('m1', _MONTH)}(?:,?\s+{_g('y1', _YEAR)})?"
        rf"{_SEP}{_g('d2', _DAY)}(?:\s+of)?\s+{_g('m2', _MONTH)}{_OPT_YEAR}"
    ),
    "md_md": re.compile(  # September 30 to October 2, 2024
        rf"\b{_g('m1', _MONTH)}\s+{_g('d1', _DAY)}(?:,?\s+{_g('y1', _YEAR)})?"
        rf"{_SEP}{_g('m2', _MONTH)}\s+{_g('d2', _DAY)}{_OPT_YEAR}"
    ),
    "d_dm": re.compile(  # 4 to 6 June 2024 / 16/17 October 2017 / 15 and 16 May
        rf"\b{_g('d1', _DAY)}{_SEP}{_g('d2', _DAY)}(?:\s+of)?\s+{_g('m', _MONTH)}{_OPT_YEAR}"
    ),
    "m_dd": re.compile(  # October 10-12, 2023
        rf"\b{_g('m', _MONTH)}\s+{_g('d1', _DAY)}{_SEP}{_g('d2', _DAY)}{_OPT_YEAR}"
    ),
    "num_range": re.compile(  # 23-25/10/2024
        rf"\b{_g('d1', _NUM)}\s*[-–]\s*{_g('d2', _NUM)}"
        rf"[/.]{_g('m', _NUM)}[/.]{_g('y', _YEAR)}"
    ),
    "my_my": re.compile(  # June 2024 to June 2025 / June to August 2024
        rf"\b{_g('m1', _MONTH)}(?:,?\s+{_g('y1', _YEAR)})?"
        rf"\s*(?:-|–|—|to|until|till|through)\s*{_g('m2', _MONTH)},?\s+{_g('y2', _YEAR)}"
    ),
    "dm": re.compile(rf"\b{_g('d', _DAY)}(?:\s+of)?\s+{_g('m', _MONTH)}{_OPT_YEAR}"),
    "md": re.compile(rf"\b{_g('m', _MONTH)}\s+{_g('d', _DAY)}{_OPT_YEAR}"),
    "numeric": re.compile(  # 10/12/2024, 10.12.2024 (day first unless impossible)
        rf"(?=\d)(?<![\d/.-]){_g('a', _NUM)}(?P<s>[/.-]){_g('b', _NUM)}(?P=s)"
        rf"{_g('y', _YEAR)}(?![/.-]?\d)"
    ),
    "iso": re.compile(rf"\b{_g('y', _YEAR)}-{_g('m', _TWO)}-{_g('d', _TWO)}\b"),
    "my": re.compile(rf"\b{_g('m', _MONTH)},?\s+{_g('y', _YEAR)}"),
    "m": re.compile(
        rf"\b(?:in|early|mid-?|late|end of|since|during|until|by|this|next|last)\s+"
        rf"{_g('m', _MONTH)}(?!\s*\d)"
    ),
    "years": re.compile(  # in 1995, 2004 and 2014
        rf"\b(?:in|during)\s+{_g('ys', _YEAR_LIST)}"
    ),
    "y": re.compile(rf"(?:\b(?:in|during|since|of)\s+|\(){_g('y', _YEAR)}\b(?!\s*[-–/]\s*\d)"),
    "wd_wd": re.compile(
        rf"\b(?:from\s+)?{_g('w1', _WEEKDAY)}\s*(?:-|–|to|until|through)\s*{_g('w2', _WEEKDAY)}"
    ),
    "wd": re.compile(
        rf"\b(?P<q>on|last|next|this|coming)\s+{_g('w', _WEEKDAY)}(?!,?\s*(?:\d|{_MONTH}))"
    ),
    "rel": re.compile(
        r"\b(?=[nltcyNLTCY])(?:(?P<q>next|last|this|coming)\s+(?P<u>week|month|year)"
        r"|(?P<w>yesterday|today|tomorrow))\b",
        re.IGNORECASE,
    ),
}

_STAMP_BEFORE = re.compile(r"\d{1,2}:\d{2}\s*\|\s*$")
_FUTURE = re.compile(
    r"\b(?:will|shall|to be held|is to|are to|is set to|are set to|scheduled|upcoming|"
    r"plans? to|planned|is expected to|are expected to|to host|to take place|ahead of)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{'|'.join(_CARDINALS)})(?:-|\s)day\b"
    rf"|\b(?:for|over|lasting|last|after)\s+(?P<m>\d{{1,2}}|{'|'.join(_CARDINALS)})\s+days\b",
    re.IGNORECASE,
)


def _month(text: str | None) -> int | None:
    return _MONTH_NAMES[text.rstrip(".").lower()] if text else None


def _int(text: str | None) -> int | None:
    return int(re.sub(r"\D", "", text)) if text else None


def _is_future(text: str, start: int) -> bool:
    """Whether the sentence up to `start` speaks of what is to come."""
    sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - 160)
    return bool(_FUTURE.search(text, max(0, sentence_start), start))


def _build(kind: str, m: re.Match[str], text: str) -> Iterator[DateMention]:
    """Turn one regex hit into zero or more mentions (a year list gives several)."""
    g = m.groupdict()
    at = (m.start(), m.end(), m.group())
    if kind in ("dm_dm", "md_md"):
        yield DateMention(*at, "day", _int(g["d1"]), _month(g["m1"]), _int(g["y1"]),
                          _int(g["d2"]), _month(g["m2"]), _int(g["y"]))  # fmt: skip
    elif kind in ("d_dm", "m_dd", "num_range"):
        month = _month(g["m"]) if kind != "num_range" else int(g["m"])
        yield DateMention(*at, "day", _int(g["d1"]), month, None, _int(g["d2"]), month,
                          _int(g["y"]))  # fmt: skip
    elif kind == "my_my":
        yield DateMention(*at, "month", None, _month(g["m1"]), _int(g["y1"]),
                          None, _month(g["m2"]), int(g["y2"]))  # fmt: skip
    elif kind in ("dm", "md", "iso"):
        month = _month(g["m"]) if kind != "iso" else int(g["m"])
        yield DateMention(*at, "day", _int(g["d"]), month, _int(g["y"]))
    elif kind == "numeric":
        if _STAMP_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            return  # a crawl stamp such as "10:31 | 10/12/2024"
        a, b = int(g["a"]), int(g["b"])
        day, month = (b, a) if b > 12 >= a else (a, b)
        yield DateMention(*at, "day", day, month, int(g["y"]))
    elif kind in ("my", "m"):
        yield DateMention(*at, "month", None, _month(g["m"]), _int(g.get("y")))
    elif kind == "years":
        for y in re.finditer(_YEAR, g["ys"]):
            start = m.start("ys") + y.start()
            yield DateMention(start, start + 4, y.group(), "year", year1=int(y.group()),
                              listed=True)  # fmt: skip
    elif kind == "y":
        yield DateMention(*at, "year", year1=int(g["y"]))
    else:
        yield _build_relative(kind, g, at, _is_future(text, m.start()))


def _build_relative(
    kind: str, g: dict[str, str | None], at: tuple[int, int, str], future: bool
) -> DateMention:
    """A relative mention: weekday(s), yesterday/today/tomorrow, or this/next/last period."""
    if kind == "wd_wd":
        return DateMention(*at, "day", relative=f"{g['w1']}-{g['w2']}".lower(), future=future)
    if kind == "wd":
        qualifier = (g["q"] or "on").lower()
        future = {"next": True, "coming": True, "last": False}.get(qualifier, future)
        return DateMention(*at, "day", relative=(g["w"] or "").lower(), future=future)
    if g.get("w"):
        return DateMention(*at, "day", relative=(g["w"] or "").lower())
    unit = (g["u"] or "").lower()
    precision: Precision = "day" if unit == "week" else "month" if unit == "month" else "year"
    qualifier = (g["q"] or "").lower().replace("coming", "next")
    return DateMention(*at, precision, relative=f"{qualifier} {unit}")


def scan(text: str) -> list[DateMention]:
    """Every date expression in `text`, in order, without overlaps; nothing resolved yet."""
    hits: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS.items():
        hits.extend((m.start(), -m.end(), kind, m) for m in pattern.finditer(text))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    found: list[DateMention] = []
    taken_until = -1
    for start, neg_end, kind, match in hits:
        if start < taken_until:
            continue
        taken_until = -neg_end
        found.extend(_build(kind, match, text))
    return found


def year_window(published: date | None) -> range:
    """Years accepted as real: far past and far future are rejected."""
    anchor = published.year if published else date.today().year
    return range(anchor - YEARS_BACK, anchor + YEARS_AHEAD + 1)


def _day(year: int, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month or 1, day or 1)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _closest_year(month: int, day: int | None, published: date) -> int:
    """The year putting month/day nearest to the publication date."""

    def distance(year: int) -> int:
        when = _day(year, month, day or 15)
        return abs((when - published).days) if when else 10**6

    return min((published.year - 1, published.year, published.year + 1), key=distance)


def resolve(
    m: DateMention,
    *,
    year_hint: int | None = None,
    published: date | None = None,
    context_year: int | None = None,
) -> DateSpan | None:
    """Turn a mention into a span, inferring a missing year; None when impossible.

    A missing year comes, in order, from `year_hint` (the year in the event's name:
    confidence "name_year"), the publication date (the year that puts the date nearest
    to it) or `context_year` (a year stated nearby), both "inferred_year". With none of
    them the date stays unresolved rather than invented.
    """
    if m.relative is not None:
        return _resolve_relative(m, published)
    crosses = m.month2 is not None and (m.month1 or 1, m.day1 or 1) > (m.month2, m.day2 or 31)
    confidence: Confidence = "stated"
    if m.year1 is not None:
        year1 = m.year1
        year2 = m.year2 if m.year2 is not None else year1 + crosses
    elif m.year2 is not None:
        year2 = m.year2
        year1 = year2 - crosses
    else:
        inferred = _infer_year(m, year_hint, published, context_year)
        if inferred is None:
            return None
        year1, confidence = inferred
        year2 = year1 + crosses
    window = year_window(published)
    if year1 not in window or year2 not in window:
        return None
    return _span(m, year1, year2, confidence)


def _infer_year(
    m: DateMention, year_hint: int | None, published: date | None, context_year: int | None
) -> tuple[int, Confidence] | None:
    """The year for a date said without one, and how it was found."""
    if year_hint is not None:
        return year_hint, "name_year"
    if published is not None and m.month1 is not None:
        return _closest_year(m.month1, m.day1, published), "inferred_year"
    if context_year is not None:
        return context_year, "inferred_year"
    return None


def _span(m: DateMention, year1: int, year2: int, confidence: Confidence) -> DateSpan | None:
    """The span a mention covers in the given years; None for an impossible date."""
    if m.precision == "year":
        return DateSpan(date(year1, 1, 1), date(year2, 12, 31), "year", confidence)
    if m.month1 is None:
        return None
    start = _day(year1, m.month1, m.day1)
    month2 = m.month2 or m.month1
    if m.precision == "month":
        end = _month_end(year2, month2) if 1 <= month2 <= 12 else None
    else:
        end = _day(year2, month2, m.day2 if m.day2 is not None else m.day1)
    if start is None or end is None or end < start:
        return None
    if m.precision == "day" and "and" in m.text.split() and (end - start).days > 2:
        end = start  # "on 4 and 18 June" names two days, not a range
    return DateSpan(start, end, m.precision, confidence)


def _resolve_relative(m: DateMention, published: date | None) -> DateSpan | None:
    """A relative mention counted from the publication date."""
    if published is None or m.relative is None:
        return None
    words = m.relative
    if words in ("yesterday", "today", "tomorrow"):
        day = published + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[words])
        return DateSpan(day, day, "day", "relative")
    if "-" in words:
        first, last = words.split("-")
        start = _weekday_near(published, first, m.future)
        end = start + timedelta(days=(_WEEKDAYS.index(last) - _WEEKDAYS.index(first)) % 7)
        return DateSpan(start, end, "day", "relative")
    if words in _WEEKDAYS:
        day = _weekday_near(published, words, m.future)
        return DateSpan(day, day, "day", "relative")
    qualifier, unit = words.split()
    step = {"next": 1, "last": -1, "this": 0}[qualifier]
    return _relative_period(published, unit, step)


def _weekday_near(published: date, weekday: str, future: bool) -> date:
    """The named weekday after publication when `future`, else the last one up to it."""
    target = _WEEKDAYS.index(weekday)
    if future:
        return published + timedelta(days=(target - published.weekday()) % 7 or 7)
    return published - timedelta(days=(published.weekday() - target) % 7)


def _relative_period(published: date, unit: str, step: int) -> DateSpan:
    """This, next or last week, month or year around `published`."""
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return DateSpan(monday, monday + timedelta(days=6), "day", "relative")
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        year, month = divmod(index, 12)
        return DateSpan(date(year, month + 1, 1), _month_end(year, month + 1), "month", "relative")
    year = published.year + step
    return DateSpan(date(year, 1, 1), date(year, 12, 31), "year", "relative")


def find_dates(
    text: str, *, published: date | None = None, year_hint: int | None = None
) -> list[FoundDate]:
    """Every resolvable date in `text`; a year missing in one is taken from a stated one nearby."""
    mentions = scan(text)
    stated = [(m.start, m.year2 or m.year1) for m in mentions if m.has_year and not m.listed]
    found = []
    for m in mentions:
        span = resolve(m, year_hint=year_hint, published=published,
                       context_year=nearest_year(stated, m.start))  # fmt: skip
        if span is not None:
            found.append(FoundDate(m, span))
    return found


def nearest_year(stated: list[tuple[int, int | None]], position: int) -> int | None:
    """The year of the stated date closest to `position` in the text."""
    best = min(stated, key=lambda item: abs(item[0] - position), default=None)
    return best[1] if best else None


def duration_days(text: str) -> int | None:
    """Length in days said in `text` ("the three-day event", "a 3-day conference")."""
    m = _DURATION.search(text)
    if not m:
        return None
    word = (m.group("n") or m.group("m")).lower()
    days = int(word) if word.isdigit() else _CARDINALS[word]
    return days if 1 < days <= 31 else None


def with_duration(span: DateSpan, days: int, *, ends_on: bool = False) -> DateSpan:
    """Stretch a single day to `days` days; it is the last day when `ends_on`."""
    if span.precision != "day" or span.start != span.end or days < 2:
        return span
    shift = timedelta(days=days - 1)
    confidence = min(span.confidence, "duration", key=SURENESS.__getitem__)
    if ends_on:
        return replace(span, start=span.start - shift, confidence=confidence)
    return replace(span, end=span.end + shift, confidence=confidence)
