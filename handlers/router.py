"""The dispatch table: which handler answers which command, for every front end."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from bot.commands import command_named
from bot.services import Services
from handlers.callbacks import on_button
from handlers.events import event, events
from handlers.messages import Reply, Request
from handlers.render import escape
from handlers.search import search
from handlers.sources import add, delete, feeds, stats
from handlers.start import help_, start
from handlers.subscriptions import SETTINGS_PREFIX, SUBSCRIPTION_HANDLERS
from handlers.summary import summary
from storage.failures import first_line, store_problem

log = logging.getLogger(__name__)

Handler = Callable[[Request, Services], list[Reply]]

HANDLERS: dict[str, Handler] = {
    "start": start,
    "help": help_,
    "search": search,
    "summary": summary,
    "events": events,
    "event": event,
    **SUBSCRIPTION_HANDLERS,
    "add": add,
    "feeds": feeds,
    "delete": delete,
    "stats": stats,
}

_COMMAND = re.compile(r"^/(?P<name>\w{1,64})(?:@(?P<bot>\w+))?(?:\s+(?P<args>.*))?$", re.DOTALL)
# No Telegram message is longer; the local chat and the CLI are held to the same.
MAX_ARGS_CHARS = 4096
FAILURE = Reply("Sorry, something went wrong with that request. It has been logged.")


def parse_command(text: str, bot_username: str | None = None) -> tuple[str, str] | None:
    """('name', 'args') for '/name[@bot] args'; None if not a command or for another bot."""
    match = _COMMAND.match(text)
    if not match:
        return None
    addressee = match["bot"]
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return None
    return match["name"].lower(), (match["args"] or "").strip()


def dispatch(request: Request, services: Services) -> list[Reply]:
    """Run the handler for `request`, turning any failure into a short apology."""
    handler = HANDLERS.get(request.command)
    if handler is None:
        name = escape(request.command[:32])
        return [Reply(f"Unknown command /{name}. Send /help for the list.")]
    if len(request.args) > MAX_ARGS_CHARS:
        return [
            Reply(
                f"That is {len(request.args):,} characters; /{escape(request.command)} takes "
                f"at most {MAX_ARGS_CHARS:,} (one Telegram message)."
            )
        ]
    command = command_named(request.command)
    if command is not None and command.costly and (slow := _slow_down(request, services)):
        return [slow]
    try:
        return handler(request, services)
    except Exception as error:
        return [_failure(error, f"/{request.command}")]


def dispatch_button(data: str, request: Request, services: Services) -> list[Reply]:
    """Answer a pressed button, turning any failure into a short apology."""
    if not data.startswith(SETTINGS_PREFIX) and (slow := _slow_down(request, services)):
        return [slow]
    try:
        return on_button(data, request, services)
    except Exception as error:
        return [_failure(error, f"button {data[:64]!r}")]


def _failure(error: Exception, what: str) -> Reply:
    """The apology for a failed request: the store's trouble named in one log line and
    one reply, anything else logged with its traceback as the bug it is."""
    problem = store_problem(error)
    if problem is None:
        log.exception("%s failed", what)
        return FAILURE
    log.error("Store unavailable during %s: %s (%s)", what, problem, first_line(error))
    return Reply(
        f"The article store is unavailable right now: {escape(problem)}. "
        "Please try again in a few minutes."
    )


def _slow_down(request: Request, services: Services) -> Reply | None:
    """The reply for a person over their rate limit; None when the request may go.
    The local chat has no user and no limit."""
    if request.user_id is None:
        return None
    wait = services.rate_limiter.wait_for(request.user_id)
    if not wait:
        return None
    log.info("User %s is over the rate limit (/%s)", request.user_id, request.command)
    return Reply(f"Too many requests: please wait {wait} s before the next one.")
