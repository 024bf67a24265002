"""One event per meeting out of the mentions of several articles; editions linked.

Why: outlets name the same meeting differently and each tells part of it. Seed articles
call one meeting "the 13th ASEM Directors General and Commissioners Meeting in Vietnam"
(edition, no year) and "ASEM Customs Directors-General Meeting in Quang Ninh in 2019"
(year, no edition); the briefing needs both as one event with both sources.

How:

1. Series: mentions whose series keys contain one another's words are one series
   ("wco technology conference" and "wco technology conference and exhibition").
2. Within a series a mention joins an event when they share an edition, a year or days,
   and nothing contradicts (edition, year, country, city, days far apart).
3. An event known only by its edition and one known only by its year are joined when each
   is the other's only possible match in the series.
4. Each field comes from the mentions that say it best: dates of the finest precision and
   surest derivation, a range over a single day; place, host and theme by vote; lists and
   people united. Background mentions (past editions named in passing) count least.
5. Events of a series are ordered by year, then edition, and each points at the nearest
   known earlier and later edition by key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from bot.events.dates import SURENESS, DateSpan
from bot.events.extraction import MeetingMention, Person, same_series, series_key
from bot.textnorm import fold

Item = tuple[int, MeetingMention]
T = TypeVar("T")

_PRECISION = {"day": 2, "month": 1, "year": 0}
# Day-precision mentions of one meeting may disagree by a day or two (one article gives
# the opening day, another the whole range); further apart they are different meetings.
DAYS_APART = 3


@dataclass(frozen=True)
class MergedEvent:
    """One meeting, from every article that mentions it."""

    key: str
    name: str
    series: str
    edition: int | None
    year: int | None
    dates: DateSpan | None
    city: str | None
    province: str | None
    country: str | None
    host: str | None
    participants: tuple[str, ...]
    attendance: str | None
    theme: str | None
    people: tuple[Person, ...]
    article_ids: tuple[int, ...]
    names: tuple[str, ...]
    background: bool
    previous_key: str | None = None
    next_key: str | None = None


@dataclass
class _Event:
    """Mentions found to be one meeting."""

    items: list[Item] = field(default_factory=list)

    @property
    def mentions(self) -> list[MeetingMention]:
        return [m for _, m in self.items]

    @property
    def edition(self) -> int | None:
        return _vote(m.edition for m in self.mentions)

    @property
    def year(self) -> int | None:
        return _vote(m.year for m in self.mentions)

    @property
    def country(self) -> str | None:
        return _vote(m.country for m in self.mentions)

    @property
    def city(self) -> str | None:
        return _vote(m.city for m in self.mentions)

    def days(self) -> list[DateSpan]:
        return [m.dates for m in self.mentions if m.dates and m.dates.precision == "day"]

    def fits(self, m: MeetingMention) -> bool:
        """Nothing known of the event contradicts the mention."""
        pairs = ((self.edition, m.edition), (self.year, m.year), (self.country, m.country))
        if any(None not in pair and pair[0] != pair[1] for pair in pairs):
            return False
        if self.city and m.city and fold(self.city) != fold(m.city):
            return False
        if m.dates and m.dates.precision == "day" and self.days():
            return any(_near(m.dates, span) for span in self.days())
        return True

    def shares(self, m: MeetingMention) -> bool:
        """Something identifies the mention as this event: edition, year or days."""
        if m.edition is not None and m.edition == self.edition:
            return True
        if m.year is not None and m.year == self.year:
            return True
        return bool(m.dates and m.dates.precision == "day") and any(
            _near(m.dates, span) for span in self.days()
        )


def _near(a: DateSpan, b: DateSpan) -> bool:
    """Whether two day spans overlap or lie within DAYS_APART of each other."""
    return (a.start - b.end).days <= DAYS_APART and (b.start - a.end).days <= DAYS_APART


def _vote(values: Iterable[T | None]) -> T | None:
    """The value said most often (the first said among equals)."""
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


def _series_groups(items: Sequence[Item]) -> list[list[Item]]:
    """Mentions grouped by series, a series joining keys that contain one another."""
    keys = list(dict.fromkeys(m.series or series_key(m.name) for _, m in items))
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if same_series(a, b):
                parent[root(b)] = root(a)
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(root(item[1].series or series_key(item[1].name)), []).append(item)
    return list(groups.values())


def _richness(item: Item) -> tuple[bool, int]:
    """Mentions saying the most come first, so that the others join them."""
    m = item[1]
    known = (m.edition is not None) + (m.year is not None) + (m.dates is not None)
    return (m.background, -known)


def _events(items: list[Item]) -> list[_Event]:
    """The events of one series: each mention joins the one event it identifies."""
    events: list[_Event] = []
    for item in sorted(items, key=_richness):
        m = item[1]
        fitting = [e for e in events if e.fits(m)]
        sharing = [e for e in fitting if e.shares(m)]
        if len(sharing) > 1 and m.edition is not None:
            sharing = [e for e in sharing if e.edition == m.edition] or sharing
        if len(sharing) == 1 or (sharing and m.edition is not None):
            sharing[0].items.append(item)
        elif not sharing and m.edition is None and m.year is None and len(fitting) == 1:
            fitting[0].items.append(item)
        else:
            events.append(_Event([item]))
    _join_complements(events)
    return events


def _join_complements(events: list[_Event]) -> None:
    """Join an edition-only event with a year-only one when each is the other's only match."""
    editions = [e for e in events if e.edition is not None and e.year is None]
    years = [e for e in events if e.edition is None and e.year is not None]
    if len(editions) == 1 and len(years) == 1:
        edition, year = editions[0], years[0]
        if all(edition.fits(m) for m in year.mentions):
            edition.items.extend(year.items)
            events.remove(year)


def _best_dates(event: _Event, year: int | None) -> DateSpan | None:
    """The finest, surest dates said of the event (in its year when that is known)."""
    said = [(m.background, m.dates) for m in event.mentions if m.dates is not None]
    in_year = [(bg, span) for bg, span in said if year in (None, span.start.year)]
    candidates = in_year or said
    if not candidates:
        return None

    def rank(candidate: tuple[bool, DateSpan]) -> tuple[bool, int, int, bool]:
        background, span = candidate
        precision, confidence = _PRECISION[span.precision], SURENESS[span.confidence]
        return (not background, precision, confidence, span.end > span.start)

    return max(candidates, key=rank)[1]


def _best_name(event: _Event) -> str:
    """The name as people say it: from a news mention, giving the edition or year,
    complete, short."""

    def score(m: MeetingMention) -> tuple[bool, bool, int, int]:
        said = fold(m.name)
        has_id = (m.edition is not None and str(m.edition) in said) or (
            m.year is not None and str(m.year) in said
        )
        return (not m.background, has_id, len(series_key(m.name).split()), -len(m.name))

    return max(event.mentions, key=score).name


def _people(mentions: Iterable[MeetingMention]) -> tuple[Person, ...]:
    """People of all mentions, one each, role and quote from whichever gives them."""
    people: dict[str, Person] = {}
    for person in (p for m in mentions for p in m.people):
        key = fold(person.name)
        known = people.get(key)
        if known is None:
            people[key] = person
        else:
            people[key] = Person(known.name, known.role or person.role, known.quote or person.quote)
    return tuple(people.values())


def _united(lists: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """Values of several lists, once each whatever their case or accents."""
    return tuple({fold(v): v for values in lists for v in values}.values())


def _build(event: _Event, series: str) -> MergedEvent:
    """The event's fields, each from the mentions that say it best."""
    weighted = [m for m in event.mentions for _ in range(1 if m.background else 2)]
    edition, year = event.edition, event.year
    dates = _best_dates(event, year)
    country = _vote(m.country for m in weighted)
    local = [m for m in weighted if m.country in (None, country)]
    return MergedEvent(
        key=_key(series, edition, year, dates, event),
        name=_best_name(event),
        series=series,
        edition=edition,
        year=year if year is not None else (dates.start.year if dates else None),
        dates=dates,
        city=_vote(m.city for m in local),
        province=_vote(m.province for m in local),
        country=country,
        host=_vote(m.host for m in weighted),
        participants=_united(m.participants for m in event.mentions),
        attendance=next((m.attendance for m in weighted if m.attendance), None),
        theme=_vote(m.theme for m in weighted),
        people=_people(event.mentions),
        article_ids=tuple(sorted({i for i, _ in event.items})),
        names=tuple(dict.fromkeys(m.name for m in event.mentions)),
        background=all(m.background for m in event.mentions),
    )


def _key(
    series: str, edition: int | None, year: int | None, dates: DateSpan | None, event: _Event
) -> str:
    """Stable name of an event: its series with its edition, else year, else first day."""
    if edition is not None:
        return f"{series}#{edition}"
    if year is not None:
        return f"{series}@{year}"
    if dates is not None:
        return f"{series}@{dates.start.isoformat()}"
    return f"{series}?{min(i for i, _ in event.items)}"


def _series_name(items: Sequence[Item]) -> str:
    """The series key most articles use, the fuller one among equals."""
    keys = Counter(m.series for _, m in items if not m.background) or Counter(
        m.series for _, m in items
    )
    return max(keys, key=lambda k: (keys[k], len(k.split()), k))


def _linked(events: list[MergedEvent]) -> list[MergedEvent]:
    """Point each edition at the nearest known earlier and later ones of its series."""
    dated = sorted(
        (e for e in events if e.year is not None),
        key=lambda e: (e.year, e.edition or 0, e.dates.start if e.dates else date.min),
    )
    for undated in (e for e in events if e.year is None and e.edition is not None):
        earlier = [
            i for i, e in enumerate(dated) if e.edition is not None and e.edition < undated.edition
        ]
        later = [
            i for i, e in enumerate(dated) if e.edition is not None and e.edition > undated.edition
        ]
        if earlier or later:
            dated.insert(earlier[-1] + 1 if earlier else later[0], undated)
    order = {id(e): i for i, e in enumerate(dated)}
    linked = []
    for event in events:
        i = order.get(id(event))
        if i is None:
            linked.append(event)
            continue
        previous = dated[i - 1].key if i > 0 else None
        following = dated[i + 1].key if i + 1 < len(dated) else None
        linked.append(replace(event, previous_key=previous, next_key=following))
    return linked


def merge_mentions(mentions: Sequence[Item]) -> list[MergedEvent]:
    """One event per meeting from (article id, mention) pairs, editions linked.

    Events come out by start date, undated ones last; `previous_key` and `next_key`
    name the neighbouring known editions of the same series.
    """
    merged: list[MergedEvent] = []
    for group in _series_groups(mentions):
        series = _series_name(group)
        merged.extend(_linked([_build(event, series) for event in _events(group)]))
    return sorted(
        merged, key=lambda e: (e.dates is None, e.dates.start if e.dates else date.min, e.key)
    )
