"""/events and /event: meetings found in the articles, and a briefing card per meeting."""

from __future__ import annotations

from bot.events.service import Briefing, EventQueryError, EventView
from bot.services import Services
from bot.summaries import SummaryError
from handlers.callback_data import briefing_data, calendar_data
from handlers.messages import Button, Document, Reply, Request
from handlers.render import escape, format_date, format_range, labelled

# How a date was derived, said for the reader when it was not stated outright.
_CONFIDENCE = {
    "inferred_year": "year inferred from the article",
    "relative": "worked out from a relative date",
    "duration": "end worked out from the stated duration",
    "name_year": "year taken from the meeting's name",
}
EVENT_USAGE = "Usage: /event <id>, for example /event 1. Send /events for the list."


def events(request: Request, services: Services) -> list[Reply]:
    """Upcoming then recent meetings, or those asked for: upcoming, past, 2024-06, words."""
    try:
        heading, found = services.events.listing(request.args)
    except EventQueryError as error:
        return [Reply(escape(error))]
    if not found:
        return [Reply(f"{escape(heading)}: none found in the articles.")]
    lines = [f"<b>{escape(heading)}</b>"]
    lines.extend(render_event_line(event) for event in found)
    buttons = tuple((Button(f"Briefing #{e.id}", briefing_data(e.id)),) for e in found[:5])
    return [Reply("\n\n".join(lines), buttons)]


def render_event_line(event: EventView) -> str:
    """#id name, then dates, place, how far away and source articles."""
    where = f" · {escape(event.location)}" if event.location else ""
    sources = ", ".join(f"#{article_id}" for article_id in event.article_ids)
    return (
        f"<b>#{event.id} {escape(event.name)}</b>\n"
        f"{escape(format_range(event.start, event.end, event.precision))}{where}"
        f" · {escape(event.relative)} · articles {escape(sources)}"
    )


def event(request: Request, services: Services) -> list[Reply]:
    """The briefing card of one meeting."""
    target = request.args.strip().lstrip("#")
    if not target.isdigit() or len(target) > 12:
        return [Reply(escape(EVENT_USAGE))]
    return [briefing_reply(int(target), services)]


def briefing_reply(event_id: int, services: Services) -> Reply:
    """What, when, where, host, who, theme, people, background and sources."""
    try:
        card = services.events.briefing(event_id)
    except EventQueryError as error:
        return Reply(escape(error))
    gists = {}
    for source in card.sources:
        try:
            sentences = services.summaries.for_article(source.id, sentences=1).summary.sentences
        except SummaryError:
            continue
        if sentences:
            gists[source.id] = sentences[0]
    buttons = [Button("Calendar (.ics)", calendar_data(event_id))] if card.event.start else []
    return Reply(render_briefing(card, gists), (tuple(buttons),) if buttons else ())


def render_briefing(card: Briefing, gists: dict[int, str]) -> str:
    """The briefing card as HTML."""
    e = card.event
    when = format_range(e.start, e.end, e.precision)
    sure = f" ({_CONFIDENCE[card.date_confidence]})" if card.date_confidence in _CONFIDENCE else ""
    parts = [
        f"<b>{escape(e.name)}</b>",
        f"<b>When:</b> {escape(when)} · {escape(e.relative)}{escape(sure)}",
    ]
    who = ([card.attendance] if card.attendance else []) + list(card.participants)
    parts += labelled(
        ("Where", e.location), ("Host", card.host), ("Who", "; ".join(who)), ("Theme", card.theme)
    )
    if card.people:
        parts.append("<b>Key people:</b>")
        for person in card.people:
            role = f", {escape(person.role)}" if person.role else ""
            said = f": “{escape(person.quote)}”" if person.quote else ""
            parts.append(f"• {escape(person.name)}{role}{said}")
    if card.background:
        parts.append("<b>Other editions:</b>")
        parts += [
            f"• #{b.id} {escape(b.name)} ({escape(format_range(b.start, b.end, b.precision))}"
            f"{', ' + escape(b.location) if b.location else ''})"
            for b in card.background
        ]
    parts.append("<b>Sources:</b>")
    for s in card.sources:
        gist = f"\n  {escape(gists[s.id])}" if s.id in gists else ""
        parts.append(f"• #{s.id} {escape(s.title)} ({escape(format_date(s.published))}){gist}")
    return "\n".join(parts)


def calendar_reply(event_id: int, services: Services) -> Reply:
    """The meeting's .ics file."""
    try:
        name, data = services.events.calendar_file(event_id)
    except EventQueryError as error:
        return Reply(escape(error))
    return Reply(f"Calendar file for meeting #{event_id}.", document=Document(name, data))
