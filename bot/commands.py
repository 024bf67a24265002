"""The command table: one list feeds set_my_commands, /help, the README and a test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """A chat command: its name, the one-line description Telegram shows, and usage."""

    name: str
    description: str
    usage: str
    example: str


COMMANDS: tuple[Command, ...] = (
    Command("start", "What this bot does", "/start", "/start"),
    Command("help", "Commands and examples", "/help", "/help"),
    Command(
        "search",
        "Find articles, typos and missing accents welcome",
        "/search <words>",
        "/search mikuriya",
    ),
    Command(
        "summary",
        "Summarize an article, the best match, a topic, or a replied-to message",
        "/summary <id or words> [sentences] [method]",
        "/summary 1",
    ),
    Command(
        "events",
        "Upcoming and past meetings found in the articles",
        "/events [upcoming|past|YYYY-MM|words]",
        "/events upcoming",
    ),
    Command(
        "event",
        "Briefing card of one meeting, with a calendar file",
        "/event <id>",
        "/event 1",
    ),
)


def command_named(name: str) -> Command | None:
    """The command with this name, if there is one."""
    return next((c for c in COMMANDS if c.name == name), None)
