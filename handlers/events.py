"""/events: the meetings named in the articles, with dates, places and sources."""

from __future__ import annotations

from bot.events.service import EventView
from bot.services import Services
from handlers.messages import Reply, Request
from handlers.render import escape, format_range


def events(request: Request, services: Services) -> list[Reply]:
    """Every meeting, newest first."""
    found = services.events.newest_first()
    if not found:
        return [Reply("No meetings found in the articles yet.")]
    lines = [f"<b>{len(found)} meeting{'s' if len(found) != 1 else ''}</b>, newest first:"]
    lines.extend(render_event_line(event) for event in found)
    return [Reply("\n\n".join(lines))]


def render_event_line(event: EventView) -> str:
    """Name, dates, place and source articles on two lines."""
    where = f" · {escape(event.location)}" if event.location else ""
    sources = ", ".join(f"#{article_id}" for article_id in event.article_ids)
    return (
        f"<b>{escape(event.name)}</b>\n"
        f"{escape(format_range(event.start, event.end, event.precision))}{where}"
        f" · {escape(event.status.value)} · articles {escape(sources)}"
    )
