"""A fake Telegram Bot API server for end-to-end tests of the bot.

Why this package exists: the real bot process (python-telegram-bot) must run unchanged against
something that behaves like api.telegram.org, including its refusals (bad HTML, too long texts,
too long callback data, conflicting long polls), while tests act as users and inspect what the
bot sent. ``FakeTelegram`` is the entry point; see its methods for the test-side API.
"""

from .html_entities import FormattedText, HtmlParseError, parse_html, utf16_len
from .server import FakeTelegram
from .state import (
    ApiCall,
    ApiError,
    CallbackQueryRecord,
    Chat,
    InlineQueryRecord,
    StoredFile,
    StoredMessage,
    TelegramState,
    User,
)

__all__ = [
    "ApiCall",
    "ApiError",
    "CallbackQueryRecord",
    "Chat",
    "FakeTelegram",
    "FormattedText",
    "HtmlParseError",
    "InlineQueryRecord",
    "StoredFile",
    "StoredMessage",
    "TelegramState",
    "User",
    "parse_html",
    "utf16_len",
]
