"""/start and /help: what the bot does and every command with an example."""

from __future__ import annotations

from bot.commands import COMMANDS
from bot.services import Services
from handlers.messages import Reply, Request
from handlers.render import escape
from storage.repositories import ArticleRepository


def start(request: Request, services: Services) -> list[Reply]:
    """Greet and say what the bot is for."""
    with services.database.reader() as session:
        count = ArticleRepository(session).count()
    return [
        Reply(
            "<b>briefbot</b> prepares briefings from the news: it finds articles, "
            "summarizes them and lists the meetings they mention.\n\n"
            f"The store holds {count} article{'s' if count != 1 else ''}. "
            "Try /search WCO, /summary 1 or /events, or send /help for every command."
        )
    ]


def help_(request: Request, services: Services) -> list[Reply]:
    """Every command, its usage and an example."""
    lines = ["<b>Commands</b>"]
    for command in COMMANDS:
        lines.append(
            f"{escape(command.usage)} — {escape(command.description)}\n"
            f"   e.g. <code>{escape(command.example)}</code>"
        )
    return [Reply("\n".join(lines))]
