"""Button presses: page turns and summaries; old or forged data gets a polite answer."""

from __future__ import annotations

from dataclasses import replace

from bot.services import Services
from handlers.callback_data import BRIEFING, CALENDAR, PAGE, RELATED, SUMMARY
from handlers.events import briefing_reply, calendar_reply
from handlers.messages import Reply, Request
from handlers.search import results_page
from handlers.subscriptions import SETTINGS_PREFIX, settings_button
from handlers.summary import summary

STALE = Reply("This button no longer works. Send the command again.")


def on_button(data: str, request: Request, services: Services) -> list[Reply]:
    """The replies for a pressed button."""
    if data.startswith(SETTINGS_PREFIX):
        return settings_button(data, request, services)
    if match := PAGE.match(data):
        saved_id, page = int(match[1]), int(match[2])
        query = services.search.saved_query(saved_id)
        if query is None:
            return [Reply("This search has expired. Send /search again.")]
        return [results_page(query, page, services, saved_id=saved_id, edit=True)]
    if match := SUMMARY.match(data):
        return summary(replace(request, command="summary", args=match[1]), services)
    if match := BRIEFING.match(data):
        return [briefing_reply(int(match[1]), services)]
    if match := CALENDAR.match(data):
        return [calendar_reply(int(match[1]), services)]
    if match := RELATED.match(data):
        title = services.search.article_title(int(match[1]))
        if title is None:
            return [Reply("That article is no longer stored.")]
        return [results_page(title, 0, services)]
    return [STALE]
