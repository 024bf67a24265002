"""The command table: one list feeds set_my_commands, /help, the README and a test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """A chat command: its name, the one-line description Telegram shows, and usage.

    `costly` commands search, summarize or fetch, so they count against a person's
    BRIEFBOT_RATE_LIMIT; the others only read or change a chat's settings.
    """

    name: str
    description: str
    usage: str
    example: str
    costly: bool = False


COMMANDS: tuple[Command, ...] = (
    Command("start", "What this bot does", "/start", "/start"),
    Command("help", "Commands and examples", "/help", "/help"),
    Command(
        "search",
        "Find articles, typos and missing accents welcome",
        "/search <words>",
        "/search mikuriya",
        costly=True,
    ),
    Command(
        "summary",
        "Summarize an article, the best match, a topic, or a replied-to message",
        "/summary <id or words> [sentences] [method]",
        "/summary 1",
        costly=True,
    ),
    Command(
        "events",
        "Upcoming and past meetings found in the articles",
        "/events [upcoming|past|YYYY-MM|words]",
        "/events upcoming",
        costly=True,
    ),
    Command(
        "event",
        "Briefing card of one meeting, with a calendar file",
        "/event <id>",
        "/event 1",
        costly=True,
    ),
    Command(
        "subscribe",
        "Digest of new articles and meeting reminders in this chat",
        "/subscribe [daily|weekly] [HH:MM]",
        "/subscribe daily 08:00",
    ),
    Command("unsubscribe", "Stop the digest and reminders", "/unsubscribe", "/unsubscribe"),
    Command(
        "reminders",
        "What this chat gets next; reminder days or off",
        "/reminders [off|on|7,1,0]",
        "/reminders 7,1,0",
    ),
    Command(
        "timezone",
        "Time zone of this chat's digest and reminders",
        "/timezone [Area/City]",
        "/timezone Europe/Brussels",
    ),
    Command("settings", "This chat's digest and reminder settings", "/settings", "/settings"),
    Command(
        "add",
        "Admins: store the article at a web address",
        "/add <url>",
        "/add https://www.wcoomd.org/en/media/newsroom.aspx",
        costly=True,
    ),
    Command(
        "feeds",
        "Followed RSS/Atom feeds; admins add and remove them",
        "/feeds [add <url>|remove <id>]",
        "/feeds add https://example.org/rss.xml",
        costly=True,
    ),
    Command("delete", "Admins: remove an article from the store", "/delete <id>", "/delete 12"),
    Command("stats", "Articles, meetings, feeds and store size", "/stats", "/stats"),
)


def command_named(name: str) -> Command | None:
    """The command with this name, if there is one."""
    return next((c for c in COMMANDS if c.name == name), None)
