"""Events service: the stored meetings as people ask for them, and a briefing per meeting.

"Now" comes from the application's clock, seen in the configured time zone, so tests
and `--as-of` can set it. Meetings that articles mention only as background (earlier
editions named in passing) are not listed; they feed the briefing's background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent
from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.clock import Clock
from bot.textnorm import normalize
from storage.engine import Database
from storage.ingestion.titles import shorten
from storage.models import Event, EventSource

DEFAULT_LIMIT = 10
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class When(StrEnum):
    """Where an event stands against "now"."""

    UPCOMING = "upcoming"
    ONGOING = "ongoing"
    PAST = "past"
    UNDATED = "undated"


class EventQueryError(ValueError):
    """An /events request that cannot be answered; the message is one line for people."""


@dataclass(frozen=True)
class EventView:
    """A meeting as shown to people and scripts."""

    id: int
    name: str
    start: date | None
    end: date | None
    precision: str | None
    city: str | None
    province: str | None
    country: str | None
    status: When
    article_ids: tuple[int, ...]
    relative: str

    @property
    def location(self) -> str:
        """City, province and country, those known, joined by commas."""
        return ", ".join(part for part in (self.city, self.province, self.country) if part)


@dataclass(frozen=True)
class Quote:
    """Someone named in the articles about a meeting, with role and words if given."""

    name: str
    role: str | None
    quote: str | None


@dataclass(frozen=True)
class SourceArticle:
    """An article about the meeting, with the sentence that mentions it."""

    id: int
    title: str
    published: date | None
    evidence: str


@dataclass(frozen=True)
class Briefing:
    """Everything the team needs before a meeting."""

    event: EventView
    host: str | None
    theme: str | None
    attendance: str | None
    participants: tuple[str, ...]
    people: tuple[Quote, ...]
    background: tuple[EventView, ...]
    sources: tuple[SourceArticle, ...]
    date_confidence: str | None


def status_of(start: date | None, end: date | None, today: date) -> When:
    """Upcoming, ongoing or past on `today`; undated when the start is unknown."""
    if start is None:
        return When.UNDATED
    if start > today:
        return When.UPCOMING
    return When.ONGOING if (end or start) >= today else When.PAST


def relative_time(start: date | None, end: date | None, precision: str | None, today: date) -> str:
    """ "in 12 days", "3 weeks ago", "now", "this year"… as a person would say it."""
    if start is None:
        return "date unknown"
    last = end or start
    if precision == "year":
        years = start.year - today.year
        if not years:
            return "this year"
        return f"in {_plural(years, 'year')}" if years > 0 else f"{_plural(-years, 'year')} ago"
    if precision == "month":
        months = (start.year - today.year) * 12 + start.month - today.month
        if not months:
            return "this month"
        return (
            f"in {_plural(months, 'month')}" if months > 0 else f"{_plural(-months, 'month')} ago"
        )
    if start <= today <= last:
        return "now"
    days = (start - today).days if start > today else (today - last).days
    amount = _amount(days)
    return f"in {amount}" if start > today else f"{amount} ago"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'s' if count != 1 else ''}"


def _amount(days: int) -> str:
    if days == 1:
        return "1 day"
    if days < 14:
        return f"{days} days"
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


class EventService:
    """Lists meetings from the store against the application's clock."""

    def __init__(self, database: Database, clock: Clock, timezone: str = "UTC") -> None:
        self.database = database
        self.clock = clock
        self.zone = ZoneInfo(timezone)

    def today(self) -> date:
        """Today in the configured time zone."""
        return self.clock.now().astimezone(self.zone).date()

    def listing(self, args: str = "", *, limit: int = DEFAULT_LIMIT) -> tuple[str, list[EventView]]:
        """What `/events [upcoming|past|YYYY-MM|words]` asks for, with a heading."""
        words = args.strip()
        every = self._all()
        if not words:
            upcoming = [e for e in every if e.status in (When.UPCOMING, When.ONGOING)]
            upcoming.sort(key=_soonest)
            past = [e for e in every if e.status is When.PAST]
            past.sort(key=lambda e: e.start or date.min, reverse=True)
            shown = (upcoming + past)[:limit]
            return "Upcoming meetings, then the most recent past ones", shown
        lowered = words.lower()
        if lowered == "upcoming":
            found = sorted(
                (e for e in every if e.status in (When.UPCOMING, When.ONGOING)), key=_soonest
            )
            return "Upcoming meetings", found[:limit]
        if lowered == "past":
            found = sorted(
                (e for e in every if e.status is When.PAST),
                key=lambda e: e.start or date.min,
                reverse=True,
            )
            return "Past meetings, the latest first", found[:limit]
        if match := _MONTH.match(lowered):
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                raise EventQueryError(f"There is no month {month}; write a month as 2024-06.")
            first = date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            found = [
                e
                for e in every
                if e.start
                and e.precision != "year"
                and e.start < following
                and (e.end or e.start) >= first
            ]
            found.sort(key=lambda e: e.start or date.min)
            return f"Meetings in {first:%B %Y}", found[:limit]
        return f"Meetings matching “{shorten(words, 60)}”", self._matching(words, every)[:limit]

    def newest_first(self) -> list[EventView]:
        """Every listed meeting, the latest start first; undated ones last."""
        return sorted(
            self._all(), key=lambda e: (e.start is None, -(e.start or date.min).toordinal())
        )

    def _all(self) -> list[EventView]:
        today = self.today()
        with self.database.reader() as session:
            events = session.scalars(
                select(Event).options(selectinload(Event.sources)).order_by(Event.id)
            ).all()
            return [_view(e, today) for e in events if not e.details.get("background")]

    def _matching(self, words: str, events: list[EventView]) -> list[EventView]:
        wanted = normalize(words)
        scored = [
            (fuzz.token_set_ratio(wanted, normalize(f"{e.name} {e.location}")), e) for e in events
        ]
        return [e for score, e in sorted(scored, key=lambda p: -p[0]) if score >= 70]

    def briefing(self, event_id: int) -> Briefing:
        """The card for one meeting; raises EventQueryError if there is none."""
        today = self.today()
        with self.database.reader() as session:
            event = session.scalar(
                select(Event)
                .where(Event.id == event_id)
                .options(selectinload(Event.sources).selectinload(EventSource.article))
            )
            if event is None:
                raise EventQueryError(
                    f"There is no meeting #{event_id}. Send /events for the list."
                )
            details: dict[str, Any] = event.details or {}
            background = self._editions(session, event, today)
            sources = tuple(
                SourceArticle(s.article_id, s.article.title, s.article.published, s.evidence)
                for s in sorted(event.sources, key=lambda s: s.article_id)
            )
            return Briefing(
                event=_view(event, today),
                host=event.host,
                theme=event.theme,
                attendance=details.get("attendance"),
                participants=tuple(details.get("participants") or ()),
                people=tuple(Quote(**p) for p in details.get("people") or ()),
                background=background,
                sources=sources,
                date_confidence=event.date_confidence,
            )

    def _editions(self, session: Session, event: Event, today: date) -> tuple[EventView, ...]:
        """Other editions of the same series, earliest first."""
        others = session.scalars(
            select(Event)
            .where(Event.series == event.series, Event.id != event.id)
            .options(selectinload(Event.sources))
        ).all()
        views = [_view(other, today) for other in others]
        return tuple(sorted(views, key=lambda v: v.start or date.min))

    def calendar_file(self, event_id: int) -> tuple[str, bytes]:
        """An .ics file of the meeting that calendar programs import: (name, bytes)."""
        card = self.briefing(event_id)
        event = card.event
        if event.start is None:
            raise EventQueryError("That meeting has no known date to put in a calendar.")
        calendar = Calendar()
        calendar.add("prodid", "-//briefbot//meeting briefings//EN")
        calendar.add("version", "2.0")
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.id}@briefbot")
        entry.add("dtstamp", self.clock.now())
        entry.add("summary", event.name)
        entry.add("dtstart", event.start)
        entry.add("dtend", (event.end or event.start) + timedelta(days=1))
        if event.location:
            entry.add("location", event.location)
        description = [f"Host: {card.host}"] if card.host else []
        if card.theme:
            description.append(f"Theme: {card.theme}")
        description += [f"Source: #{s.id} {s.title}" for s in card.sources]
        if event.precision != "day":
            description.append(f"Dates known to the {event.precision} only.")
        entry.add("description", "\n".join(description))
        calendar.add_component(entry)
        slug = re.sub(r"[^a-z0-9]+", "-", normalize(event.name)).strip("-")[:60] or "meeting"
        return f"{slug}.ics", calendar.to_ical()


def _soonest(event: EventView) -> tuple[bool, date]:
    """Sort key for what is coming: known days first, "sometime this year" after them."""
    return (event.precision != "day", event.start or date.max)


def _view(event: Event, today: date) -> EventView:
    return EventView(
        id=event.id,
        name=event.name,
        start=event.start_date,
        end=event.end_date,
        precision=event.date_precision,
        city=event.city,
        province=event.province,
        country=event.country,
        status=status_of(event.start_date, event.end_date, today),
        article_ids=tuple(sorted(link.article_id for link in event.sources)),
        relative=relative_time(event.start_date, event.end_date, event.date_precision, today),
    )
