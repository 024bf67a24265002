"""Keeping the events table in step with the articles, inside ingestion's transaction.

Each new article's meetings are extracted and stored as mentions; then every mention
of the same series is merged again, so one meeting told by several articles stays one
event with all its sources, and its id stays put (events are matched by their key).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.events.dates import DateSpan
from bot.events.extraction import MeetingMention, Person, extract_meetings, same_series
from bot.events.merge import MergedEvent, merge_mentions
from storage.models import Article, Event, EventSource, MeetingMentionRow


def series_of_key(key: str) -> str:
    """The series part of an event key ("asean customs directors-general meeting#33")."""
    return re.split(r"[#@?]", key, maxsplit=1)[0]


def mention_to_json(mention: MeetingMention) -> dict[str, Any]:
    """A mention as JSON-safe data."""
    data = asdict(mention)
    if mention.dates is not None:
        data["dates"] = {
            **data["dates"],
            "start": mention.dates.start.isoformat(),
            "end": mention.dates.end.isoformat(),
        }
    return data


def mention_from_json(data: dict[str, Any]) -> MeetingMention:
    """The mention stored by `mention_to_json`."""
    values = dict(data)
    if values.get("dates"):
        span = values["dates"]
        values["dates"] = DateSpan(
            date.fromisoformat(span["start"]),
            date.fromisoformat(span["end"]),
            span["precision"],
            span["confidence"],
        )
    values["people"] = tuple(Person(**person) for person in values.get("people", ()))
    values["participants"] = tuple(values.get("participants", ()))
    return MeetingMention(**values)


class EventIndexer:
    """Finds meetings in newly stored articles and merges them into events."""

    def __call__(self, session: Session, articles: Sequence[Article]) -> None:
        """Hook for ingestion: runs in the transaction that stores `articles`."""
        series: set[str] = set()
        for article in articles:
            for mention in extract_meetings(
                article.body, title=article.title, published=article.published
            ):
                session.add(
                    MeetingMentionRow(
                        article_id=article.id,
                        series=mention.series[:300],
                        payload=mention_to_json(mention),
                    )
                )
                series.add(mention.series)
        if series:
            session.flush()
            self.merge_series(session, series)

    def merge_series(self, session: Session, series: Iterable[str]) -> None:
        """Merge again every mention of these series (and series that are the same)."""
        wanted = list(series)
        known = session.scalars(select(MeetingMentionRow.series).distinct()).all()
        related = {s for s in known if any(same_series(s, w) for w in wanted)}
        rows = session.scalars(
            select(MeetingMentionRow).where(MeetingMentionRow.series.in_(related))
        ).all()
        pairs = [(row.article_id, mention_from_json(row.payload)) for row in rows]
        merged = merge_mentions(pairs)
        article_ids = {article_id for article_id, _ in pairs}
        kept = {event.key for event in merged}
        # Events of these series that the merge no longer produces; other series' events
        # told by the same articles stay.
        linked = session.execute(
            select(Event.id, Event.key)
            .join(EventSource, EventSource.event_id == Event.id)
            .where(EventSource.article_id.in_(article_ids), Event.key.not_in(kept))
            .distinct()
        ).all()
        gone = [i for i, key in linked if any(same_series(series_of_key(key), s) for s in related)]
        if gone:
            session.execute(
                delete(Event).where(Event.id.in_(gone)),
                execution_options={"synchronize_session": False},
            )
        by_article: dict[int, list[MeetingMention]] = {}
        for article_id, mention in pairs:
            by_article.setdefault(article_id, []).append(mention)
        for event in merged:
            _upsert(session, event, by_article)

    def rebuild(self, session: Session) -> int:
        """Extract meetings from every stored article again; returns the event count."""
        session.execute(delete(EventSource))
        session.execute(delete(Event))
        session.execute(delete(MeetingMentionRow))
        for article in session.scalars(select(Article).order_by(Article.id)):
            self(session, [article])
        return len(session.scalars(select(Event.id)).all())


def _upsert(
    session: Session, merged: MergedEvent, by_article: dict[int, list[MeetingMention]]
) -> None:
    event = session.scalar(select(Event).where(Event.key == merged.key)) or Event(key=merged.key)
    dates = merged.dates
    event.name = merged.name[:300]
    event.series = merged.series[:300]
    event.edition = merged.edition
    event.start_date = dates.start if dates else None
    event.end_date = dates.end if dates else None
    event.date_precision = dates.precision if dates else None
    event.date_confidence = dates.confidence if dates else None
    event.city, event.province, event.country = merged.city, merged.province, merged.country
    event.host = merged.host
    event.theme = merged.theme
    event.details = {
        "year": merged.year,
        "participants": list(merged.participants),
        "attendance": merged.attendance,
        "people": [asdict(person) for person in merged.people],
        "names": list(merged.names),
        "background": merged.background,
        "previous_key": merged.previous_key,
        "next_key": merged.next_key,
    }
    if event.id is None:
        session.add(event)
        session.flush()
    session.execute(delete(EventSource).where(EventSource.event_id == event.id))
    for article_id in merged.article_ids:
        mentions = by_article.get(article_id, [])
        told = next((m for m in mentions if m.name in merged.names), None)
        told = told or (mentions[0] if mentions else None)
        evidence = told.evidence if told else ""
        session.add(EventSource(event_id=event.id, article_id=article_id, evidence=evidence))
    session.flush()
