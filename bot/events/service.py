"""Events service: the stored meetings, as the front ends list them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.clock import Clock
from storage.engine import Database
from storage.models import Event


class When(StrEnum):
    """Where an event stands against "now"."""

    UPCOMING = "upcoming"
    ONGOING = "ongoing"
    PAST = "past"
    UNDATED = "undated"


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

    @property
    def location(self) -> str:
        """City, province and country, those known, joined by commas."""
        return ", ".join(part for part in (self.city, self.province, self.country) if part)


def status_of(start: date | None, end: date | None, today: date) -> When:
    """Upcoming, ongoing or past on `today`; undated when the start is unknown."""
    if start is None:
        return When.UNDATED
    if start > today:
        return When.UPCOMING
    return When.ONGOING if (end or start) >= today else When.PAST


class EventService:
    """Lists meetings from the store against the application's clock."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock

    def newest_first(self, *, today: date | None = None) -> list[EventView]:
        """Every meeting, the latest start first; undated ones last."""
        today = today or self.clock.today()
        with self.database.reader() as session:
            events = session.scalars(
                select(Event)
                .options(selectinload(Event.sources))
                .order_by(Event.start_date.desc().nulls_last(), Event.id)
            ).all()
            return [_view(event, today) for event in events if not event.details.get("background")]


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
    )
