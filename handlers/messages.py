"""What a handler receives and returns, free of Telegram types.

Both front ends (Telegram and the terminal chat) turn their input into a `Request`
and show the `Reply` objects that come back, so every command has one code path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    """A command as a person sent it: the words after the command and where it came from.

    `is_chat_admin` asks whether the sender administers the group; handlers call it only
    when they need to know (it may cost a request to Telegram). None where nobody can be
    asked: private chats and the terminal.
    """

    command: str
    args: str = ""
    chat_id: int = 0
    chat_type: str = "private"
    user_id: int | None = None
    replied_text: str | None = None
    is_chat_admin: Callable[[], bool] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Button:
    """An inline button: it either sends `data` back to the bot or opens `url`."""

    label: str
    data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Reply:
    """One message to show: HTML text (every dynamic value escaped) and button rows.

    `edit` asks the front end to replace the message whose button was pressed
    (page turns) instead of sending a new one.
    """

    html: str
    buttons: tuple[tuple[Button, ...], ...] = field(default=())
    edit: bool = False
    document: Document | None = None


@dataclass(frozen=True)
class Document:
    """A file sent with a reply (a calendar file, say)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class InlineCard:
    """An article offered in inline mode: what the list shows and what choosing posts."""

    id: str
    title: str
    description: str
    html: str
