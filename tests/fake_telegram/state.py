"""The fake Telegram world: users, chats, messages, files, the update queue and the Bot API methods.

Why this module exists: end-to-end tests run the real bot process against a fake Bot API server.
Everything Telegram would remember or check lives here, behind one lock, so that the HTTP layer
(``server.py``) stays a thin adapter and tests can drive the same state synchronously: inject user
actions (messages, button presses, inline queries), wait for the bot's reaction, and inspect what
it sent. Behaviour and error texts follow the Bot API documentation and the telegram-bot-api /
tdlib sources (update queue semantics, long-poll conflicts, message length and markup limits).
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import mimetypes
import re
import secrets
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .html_entities import (
    Entity,
    FormattedText,
    HtmlParseError,
    checked_link,
    fix_text,
    parse_html,
    utf16_len,
)

JSON = dict[str, Any]
T = TypeVar("T")

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_INLINE_RESULTS = 50
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024
LONG_POLL_MAX_TIMEOUT = 50
ALL_UPDATE_TYPES = (
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages",
    "message_reaction", "message_reaction_count", "inline_query", "chosen_inline_result",
    "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll",
    "poll_answer", "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
    "removed_chat_boost",
)  # fmt: skip
DEFAULT_UPDATE_TYPES = frozenset(ALL_UPDATE_TYPES) - {
    "chat_member", "message_reaction", "message_reaction_count",
}  # fmt: skip
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
TEXT_BUTTONS = (
    "Bad Request: can't parse InlineKeyboardButton: Text buttons are not allowed in the inline "
    "keyboard"
)
_COMMAND_NAME = re.compile(r"^[a-z0-9_]+$")
_JSON_PARAMS = frozenset({
    "reply_markup", "entities", "caption_entities", "results", "commands", "scope",
    "allowed_updates", "reply_parameters", "link_preview_options", "menu_button", "button",
})  # fmt: skip


class ApiError(Exception):
    """A Bot API error answer: HTTP status = error_code, plus optional ResponseParameters."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters or {}

    def to_api(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


# --------------------------------------------------------------------------- data model


@dataclass
class User:
    """A Telegram user (or the bot itself)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False

    def to_api(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                data[key] = value
        return data


@dataclass
class Chat:
    """A private chat, basic group or supergroup, with the members the fake knows about."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    user: User | None = None  # the other side of a private chat
    members: dict[int, str] = field(default_factory=dict)  # user id -> chat member status
    bot_status: str = "member"
    migrated_to: int | None = None
    next_message_id: int = 1  # supergroups number their messages themselves
    marker: int = 0  # seq of the last test action in this chat

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def to_api(self) -> JSON:
        data: JSON = {"id": self.id, "type": self.type}
        if self.user is not None:
            for key in ("first_name", "last_name", "username"):
                if (value := getattr(self.user, key)) is not None:
                    data[key] = value
        if self.title is not None:
            data["title"] = self.title
        if self.username is not None:
            data["username"] = self.username
        return data


@dataclass
class StoredFile:
    """A file Telegram stores: uploaded by the bot or sent by a user."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    data: bytes
    mime_type: str | None
    file_path: str

    @property
    def name(self) -> str | None:
        return self.file_name

    @property
    def size(self) -> int:
        return len(self.data)

    def to_document(self) -> JSON:
        doc: JSON = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_name is not None:
            doc["file_name"] = self.file_name
        if self.mime_type is not None:
            doc["mime_type"] = self.mime_type
        doc["file_size"] = self.size
        return doc

    def to_file(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


@dataclass(frozen=True)
class MessageVersion:
    """A message's content before an edit (kept in StoredMessage.history)."""

    text: str | None
    source: str | None
    entities: tuple[JSON, ...]
    reply_markup: JSON | None
    edit_date: int | None


@dataclass
class StoredMessage:
    """One message in a chat. ``source`` is the text/caption exactly as the bot sent it."""

    chat: Chat
    message_id: int
    sender: User
    date: int
    seq: int
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    source: str | None = None
    parse_mode: str | None = None
    document: StoredFile | None = None
    reply_markup: JSON | None = None
    reply_to: StoredMessage | None = None
    link_preview_options: JSON | None = None
    edit_date: int | None = None
    edit_seq: int = 0
    history: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False
    update_id: int | None = None  # for user messages: the update that delivered it, if any

    @property
    def caption(self) -> str | None:
        return self.text if self.document is not None else None

    @property
    def html(self) -> str | None:
        """The HTML the bot sent (None unless parse_mode was HTML)."""
        return self.source if (self.parse_mode or "").lower() == "html" else None

    @property
    def from_bot(self) -> bool:
        return self.sender.is_bot

    @property
    def edited(self) -> bool:
        return bool(self.history)

    @property
    def buttons(self) -> list[JSON]:
        """Inline keyboard buttons, row by row, flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button(self, text: str) -> JSON:
        """The inline button whose text is ``text`` (AssertionError if absent)."""
        for candidate in self.buttons:
            if candidate.get("text") == text:
                return candidate
        raise AssertionError(
            f"no button {text!r}; buttons: {[b.get('text') for b in self.buttons]}"
        )

    def snapshot(self) -> MessageVersion:
        return MessageVersion(
            self.text, self.source, tuple(self.entities), self.reply_markup, self.edit_date
        )

    def to_api(self, *, with_reply: bool = True) -> JSON:
        data: JSON = {
            "message_id": self.message_id,
            "from": self.sender.to_api(),
            "chat": self.chat.to_api(),
            "date": self.date,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if with_reply and self.reply_to is not None and not self.reply_to.deleted:
            data["reply_to_message"] = self.reply_to.to_api(with_reply=False)
        if self.document is not None:
            data["document"] = self.document.to_document()
            if self.text:
                data["caption"] = self.text
                if self.entities:
                    data["caption_entities"] = list(self.entities)
        elif self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = list(self.entities)
            if self.link_preview_options:
                data["link_preview_options"] = dict(self.link_preview_options)
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        return data

    def __str__(self) -> str:
        who = "bot" if self.from_bot else self.sender.first_name
        flags = " (edited)" * self.edited + " (deleted)" * self.deleted
        body = self.text if self.document is None else f"[{self.document.file_name}] {self.text}"
        keys = f" buttons={[b.get('text') for b in self.buttons]}" if self.buttons else ""
        return f"#{self.message_id} {who}{flags}: {body!r}{keys}"


@dataclass(frozen=True)
class ApiCall:
    """One Bot API request the bot made. Secrets (token, webhook secret) are never stored."""

    seq: int
    method: str
    params: Mapping[str, Any]
    files: Mapping[str, tuple[str | None, int]]  # part name -> (file name, size)
    ok: bool
    error_code: int | None = None
    description: str | None = None
    at: float = field(default_factory=time.monotonic)  # when the request came in

    def __str__(self) -> str:
        outcome = "ok" if self.ok else f"{self.error_code} {self.description}"
        params = json.dumps(dict(self.params), ensure_ascii=False)
        if len(params) > 300:
            params = params[:300] + "…"
        return f"{self.method}({params}) -> {outcome}"


@dataclass
class CallbackQueryRecord:
    """A callback query the test injected, and how the bot answered it."""

    id: str
    user: User
    message: StoredMessage
    data: str
    answered: bool = False
    answer: JSON | None = None


@dataclass
class InlineQueryRecord:
    """An inline query the test injected, and the bot's answer."""

    id: str
    user: User
    query: str
    offset: str
    answered: bool = False
    results: list[JSON] = field(default_factory=list)
    answer: JSON | None = None


@dataclass(frozen=True)
class Update:
    update_id: int
    kind: str
    payload: JSON

    def to_api(self) -> JSON:
        return {"update_id": self.update_id, self.kind: self.payload}


@dataclass
class _InjectedFailure:
    method: str
    error: ApiError
    times: int


class Params:
    """Request parameters as the Bot API server sees them: every value is a string."""

    def __init__(self, values: Mapping[str, str], files: Mapping[str, UploadedFile]) -> None:
        self.values = dict(values)
        self.files = dict(files)

    def has(self, name: str) -> bool:
        return self.values.get(name, "") != ""

    def text(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def integer(
        self, name: str, default: int = 0, lo: int | None = None, hi: int | None = None
    ) -> int:
        """telegram-bot-api's get_integer_arg: garbage reads as 0, the result is clamped."""
        raw = self.values.get(name, "")
        match = re.match(r"^\s*[+-]?\d+", raw)
        value = default if raw == "" else int(match.group()) if match else 0
        if lo is not None:
            value = max(lo, value)
        return value if hi is None else min(hi, value)

    def flag(self, name: str) -> bool:
        return self.values.get(name, "").strip().lower() in ("true", "1")

    def json(self, name: str, error: str) -> Any:
        """The JSON-decoded parameter, None if absent, ``bad_request(error)`` if unparsable."""
        raw = self.values.get(name, "")
        if raw == "":
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise bad_request(error) from None


@dataclass(frozen=True)
class UploadedFile:
    """A multipart file part."""

    filename: str | None
    content: bytes
    content_type: str | None = None


# --------------------------------------------------------------------------- update queue


class UpdateQueue:
    """Telegram's per-bot update queue (telegram-bot-api's TQueue semantics)."""

    def __init__(self, first_update_id: int) -> None:
        self.updates: list[Update] = []
        self.tail = first_update_id  # id the next update gets
        self.allowed = DEFAULT_UPDATE_TYPES

    def add(self, kind: str, payload: JSON) -> Update | None:
        """Queue an update unless the bot's allowed_updates filter drops it."""
        if kind not in self.allowed:
            return None
        update = Update(self.tail, kind, payload)
        self.tail += 1
        self.updates.append(update)
        return update

    def set_allowed(self, raw: Any) -> None:
        """Remember allowed_updates; an empty list restores the default set."""
        if not isinstance(raw, list):
            return
        kinds = {kind for kind in raw if isinstance(kind, str) and kind in ALL_UPDATE_TYPES}
        self.allowed = frozenset(kinds) or DEFAULT_UPDATE_TYPES

    def fetch(self, offset: int, limit: int) -> list[Update]:
        """Confirm updates below ``offset`` and return up to ``limit`` pending ones."""
        head = self.updates[0].update_id if self.updates else self.tail
        if offset <= 0:
            if self.updates and offset < 0:
                offset += self.tail
            offset = max(offset, head)
        if offset > self.tail + 10:  # "Specified from_id is in the future": served from the head
            offset = head
        self.updates = [u for u in self.updates if u.update_id >= offset]
        return self.updates[:limit]

    def clear(self) -> None:
        self.updates = []


# --------------------------------------------------------------------------- validation helpers


def _check_callback_data(data: Any) -> None:
    if not isinstance(data, str):
        raise bad_request(
            'can\'t parse InlineKeyboardButton: Field "callback_data" must be of type String'
        )
    if not data:
        raise ApiError(400, TEXT_BUTTONS)
    if len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")


_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse InlineKeyboardButton: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str):
        problem = "Can't find field" if "text" not in button else "Field"
        suffix = "" if "text" not in button else " must be of type String"
        raise bad_request(f'can\'t parse InlineKeyboardButton: {problem} "text"{suffix}')
    if "callback_data" in button:
        _check_callback_data(button["callback_data"])
    elif "url" in button:
        _check_button_url(button["url"])
    elif not any(key in button for key in _BUTTON_ACTIONS):
        raise ApiError(400, TEXT_BUTTONS)


def _check_button_url(url: Any) -> None:
    if not isinstance(url, str) or checked_link(url) is None:
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def parse_reply_markup(params: Params) -> JSON | None:
    """Validate reply_markup like Telegram; returns the markup object (or None)."""
    markup = params.json("reply_markup", "can't parse reply keyboard markup JSON object")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("object expected as reply markup")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                _check_inline_button(button)
        return markup
    known = ("keyboard", "remove_keyboard", "force_reply")
    if not any(key in markup for key in known):
        raise bad_request("can't find reply markup type")  # nothing Telegram could show
    return markup


def _formatted(params: Params, text_name: str, mode_name: str, entities_name: str) -> FormattedText:
    """Parse text + parse_mode (or explicit entities) the way the Bot API server does."""
    text = params.text(text_name)
    explicit = params.json(entities_name, "can't parse entities JSON object")
    if isinstance(explicit, list) and explicit:
        entities = tuple(
            Entity(
                e["type"],
                int(e["offset"]),
                int(e["length"]),
                {k: v for k, v in e.items() if k not in ("type", "offset", "length")},
            )
            for e in explicit
            if isinstance(e, dict) and {"type", "offset", "length"} <= e.keys()
        )
        return fix_text(FormattedText(text, entities))
    mode = params.text(mode_name).strip().lower()
    if mode not in ("", "none", "html", "markdown", "markdownv2"):
        raise bad_request("unsupported parse_mode")
    if mode != "html":
        return fix_text(FormattedText(text))
    try:
        return fix_text(parse_html(text))
    except HtmlParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None


def _new_id(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(24)


# --------------------------------------------------------------------------- the state


class TelegramState:
    """The whole fake Telegram, thread-safe. ``handle`` serves Bot API requests."""

    def __init__(
        self,
        token: str = "123456:TEST-secret-token",
        bot_username: str = "briefbot_test_bot",
        *,
        bot_first_name: str = "Brief Bot",
        privacy_mode: bool = True,
        first_update_id: int = 700_000_001,
    ) -> None:
        bot_id = int(token.split(":", 1)[0])
        self.token = token
        self.bot = User(
            bot_id, bot_first_name, username=bot_username, language_code=None, is_bot=True
        )
        self.privacy_mode = privacy_mode
        self._cond = threading.Condition(threading.RLock())
        self._seq = itertools.count(1)
        self._ids = itertools.count(1)
        self._last_seq = 0
        self._users: dict[int, User] = {}
        self._chats: dict[int, Chat] = {}
        self._messages: dict[tuple[int, int], StoredMessage] = {}
        self._box_message_id = 0  # private chats and basic groups share the bot's message box
        self._files: dict[str, StoredFile] = {}
        self._queue = UpdateQueue(first_update_id)
        self._poll_generation = 0
        self._webhook: JSON = {}
        self._calls: list[ApiCall] = []
        self._failures: list[_InjectedFailure] = []
        self._answer_delays: dict[str, float] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._callbacks: dict[str, CallbackQueryRecord] = {}
        self._inline: dict[str, InlineQueryRecord] = {}
        self._menu_buttons: dict[int | None, JSON] = {}
        self._closed = False

    # ------------------------------------------------------------------ small internals

    def _next_seq(self) -> int:
        self._last_seq = next(self._seq)
        return self._last_seq

    def _notify(self) -> None:
        self._cond.notify_all()

    @staticmethod
    def _now() -> int:
        return int(time.time())

    def _enqueue(self, kind: str, payload: JSON) -> Update | None:
        update = self._queue.add(kind, payload)
        self._notify()
        return update

    def close(self) -> None:
        """Wake every waiter; long polls return empty. Called when the server stops."""
        with self._cond:
            self._closed = True
            self._notify()

    def reopen(self) -> None:
        """Long polls wait again. Called when the server starts."""
        with self._cond:
            self._closed = False

    # ================================================================== test-side API: the world

    def user(
        self,
        first_name: str = "Alice",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        user_id: int | None = None,
    ) -> User:
        """Create a user the tests can act as."""
        with self._cond:
            uid = user_id if user_id is not None else 6_100_000_000 + next(self._ids)
            created = User(uid, first_name, last_name, username, language_code)
            self._users[uid] = created
            return created

    def private_chat(self, user: User) -> Chat:
        """The user's private chat with the bot (as if they pressed Start)."""
        with self._cond:
            chat = self._chats.get(user.id)
            self._users.setdefault(user.id, user)
            if chat is None:
                chat = Chat(user.id, "private", user=user)
                chat.members[user.id] = "member"
                self._chats[user.id] = chat
            return chat

    def group(
        self,
        title: str = "Test group",
        *,
        admins: Iterable[User] = (),
        members: Iterable[User] = (),
        owner: User | None = None,
        supergroup: bool = False,
        username: str | None = None,
        bot_is_admin: bool = False,
    ) -> Chat:
        """A group the bot is a member of; the test decides who administers it."""
        with self._cond:
            serial = next(self._ids)
            chat_id = -1_002_100_000_000 - serial if supergroup else -4_100_000_000 - serial
            chat = Chat(
                chat_id,
                "supergroup" if supergroup else "group",
                title=title,
                username=username if supergroup else None,
            )
            chat.bot_status = "administrator" if bot_is_admin else "member"
            for person in [*members, *admins, *([owner] if owner else [])]:
                self._users.setdefault(person.id, person)
            for person in members:
                chat.members[person.id] = "member"
            for person in admins:
                chat.members[person.id] = "administrator"
            if owner is not None:
                chat.members[owner.id] = "creator"
            self._chats[chat_id] = chat
            return chat

    def block_bot(self, user: User) -> None:
        """The user blocks the bot: sends fail with 403, the bot gets my_chat_member."""
        with self._cond:
            chat = self.private_chat(user)
            self._change_bot_status(chat, user, "kicked")

    def kick_bot(self, chat: Chat, by: User) -> None:
        """Remove the bot from a group: sends fail with 403, the bot gets my_chat_member."""
        with self._cond:
            self._change_bot_status(chat, by, "kicked")

    def _change_bot_status(self, chat: Chat, by: User, status: str) -> None:
        old = self._member_api(self.bot, chat.bot_status)
        chat.bot_status = status
        self._enqueue(
            "my_chat_member",
            {
                "chat": chat.to_api(),
                "from": by.to_api(),
                "date": self._now(),
                "old_chat_member": old,
                "new_chat_member": self._member_api(self.bot, status),
            },
        )

    def migrate_to_supergroup(self, group: Chat) -> Chat:
        """Upgrade a basic group; sending to the old id then fails with migrate_to_chat_id."""
        with self._cond:
            new = self.group(group.title or "", supergroup=True)
            new.members = dict(group.members)
            new.bot_status = group.bot_status
            group.migrated_to = new.id
            return new

    # ================================================================== test-side API: actions

    def send_message(
        self,
        chat: Chat,
        user: User,
        text: str,
        *,
        reply_to: StoredMessage | None = None,
        entities: list[JSON] | None = None,
    ) -> StoredMessage:
        """The user sends ``text`` to ``chat``; the bot gets a message update if Telegram would
        deliver it (privacy mode in groups). Returns the stored user message."""
        with self._cond:
            formatted = fix_text(FormattedText(text))
            message = self._user_message(chat, user, reply_to)
            message.text = formatted.text
            message.entities = entities if entities is not None else formatted.entities_api()
            return self._deliver(message)

    def send_document(
        self,
        chat: Chat,
        user: User,
        file_name: str,
        data: bytes,
        *,
        caption: str = "",
        mime_type: str | None = None,
        reply_to: StoredMessage | None = None,
    ) -> StoredMessage:
        """The user sends a file (getFile + download then work for the bot)."""
        with self._cond:
            stored = self._store_file(file_name, data, mime_type)
            message = self._user_message(chat, user, reply_to)
            message.document = stored
            formatted = fix_text(FormattedText(caption)) if caption else FormattedText("")
            message.text, message.entities = formatted.text, formatted.entities_api()
            return self._deliver(message)

    def press_button(
        self,
        message: StoredMessage,
        user: User,
        callback_data: str | None = None,
        *,
        text: str | None = None,
    ) -> str:
        """The user presses an inline button (by callback_data or by its text) of a bot message.

        Only buttons currently on the message can be pressed. Returns the callback query id."""
        with self._cond:
            if message.deleted:
                raise AssertionError(f"message {message.message_id} was deleted")
            button = self._find_button(message, callback_data, text)
            query = CallbackQueryRecord(
                str(next(self._ids) + 4_000_000_000_000_000_000),
                user,
                message,
                button["callback_data"],
            )
            self._callbacks[query.id] = query
            message.chat.marker = self._next_seq()
            self._enqueue(
                "callback_query",
                {
                    "id": query.id,
                    "from": user.to_api(),
                    "message": message.to_api(),
                    "chat_instance": str(abs(message.chat.id) * 7919 % 10**18),
                    "data": query.data,
                },
            )
            return query.id

    def send_inline_query(
        self, user: User, query: str, *, offset: str = "", chat_type: str | None = "sender"
    ) -> str:
        """The user types ``@bot query``; returns the inline query id."""
        with self._cond:
            record = InlineQueryRecord(
                str(next(self._ids) + 5_000_000_000_000_000_000), user, query, offset
            )
            self._inline[record.id] = record
            payload: JSON = {
                "id": record.id,
                "from": user.to_api(),
                "query": query,
                "offset": offset,
            }
            if chat_type is not None:
                payload["chat_type"] = chat_type
            self._next_seq()
            self._enqueue("inline_query", payload)
            return record.id

    def choose_inline_result(self, inline_query_id: str, result_id: str) -> None:
        """The user picks one of the bot's answered results (chosen_inline_result update)."""
        with self._cond:
            record = self._inline[inline_query_id]
            chosen = next((r for r in record.results if r.get("id") == result_id), None)
            if chosen is None:
                ids = [r.get("id") for r in record.results]
                raise AssertionError(f"result {result_id!r} not among the answer's results {ids}")
            payload: JSON = {
                "result_id": result_id,
                "from": record.user.to_api(),
                "query": record.query,
            }
            if chosen.get("reply_markup"):
                payload["inline_message_id"] = _new_id()
            self._next_seq()
            self._enqueue("chosen_inline_result", payload)

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail like Telegram would."""
        parameters: JSON = {}
        if error_code == 429 or retry_after is not None:
            parameters["retry_after"] = retry_after or 1
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if description is None:
            description = _default_description(error_code, parameters)
        with self._cond:
            error = ApiError(error_code, description, parameters)
            self._failures.append(_InjectedFailure(method.lower(), error, times))

    def slow_down(self, method: str, seconds: float) -> None:
        """Answer ``method`` ``seconds`` late, after acting on it (0: at once again): the
        window in which a request has had its effect but its sender cannot know it."""
        with self._cond:
            self._answer_delays[method.lower()] = seconds

    def answer_delay(self, method: str) -> float:
        """How long the HTTP layer holds back the answer to ``method``."""
        with self._cond:
            return self._answer_delays.get(method.lower(), 0.0)

    # ================================================================== test-side API: inspection

    def marker(self) -> int:
        """A point in time; pass it as ``since=`` to the waiting helpers."""
        with self._cond:
            return self._last_seq

    @property
    def calls(self) -> list[ApiCall]:
        """Every Bot API request the bot made, in order."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    @property
    def failed_calls(self) -> list[ApiCall]:
        """Requests Telegram refused (bad HTML, too long texts, ...)."""
        return [call for call in self.calls if not call.ok]

    def messages(self, chat: Chat) -> list[StoredMessage]:
        """Every message in the chat (users' and the bot's), oldest first."""
        with self._cond:
            return sorted(
                (m for m in self._messages.values() if m.chat.id == chat.id),
                key=lambda m: m.seq,
            )

    def bot_messages(self, chat: Chat) -> list[StoredMessage]:
        """Messages the bot sent to the chat (deleted ones included, flagged ``deleted``)."""
        return [m for m in self.messages(chat) if m.from_bot]

    @property
    def my_commands(self) -> list[JSON]:
        """The command list for the default scope and no language."""
        return self.commands()

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        with self._cond:
            return list(self._commands.get((_scope_key(scope), language_code), []))

    @property
    def callback_answers(self) -> list[CallbackQueryRecord]:
        with self._cond:
            return [q for q in self._callbacks.values() if q.answered]

    @property
    def inline_answers(self) -> list[InlineQueryRecord]:
        with self._cond:
            return [q for q in self._inline.values() if q.answered]

    @property
    def webhook(self) -> JSON:
        """The webhook the bot set (url, allowed_updates...; the secret token is redacted)."""
        with self._cond:
            return {k: v for k, v in self._webhook.items() if k != "secret_token"}

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates Telegram still holds (not yet confirmed by the bot's offset)."""
        with self._cond:
            return [u.to_api() for u in self._queue.updates]

    def file(self, file_id: str) -> StoredFile:
        with self._cond:
            return self._files[file_id]

    # ================================================================== test-side API: waiting

    def wait_until(
        self, predicate: Callable[[], T | None], *, timeout: float = 15.0, what: str = "condition"
    ) -> T:
        """Block until ``predicate()`` returns something truthy; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (result := predicate()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"timed out after {timeout}s waiting for {what}\n{self.dump()}"
                    )
                self._cond.wait(remaining)
            return result

    def wait_for_bot_messages(
        self, chat: Chat, count: int = 1, *, timeout: float = 15.0, since: int | None = None
    ) -> list[StoredMessage]:
        """Messages the bot sent to ``chat`` after the last test action there (or ``since``)."""

        def new_messages() -> list[StoredMessage] | None:
            start = chat.marker if since is None else since
            found = [m for m in self.bot_messages(chat) if m.seq > start]
            return found if len(found) >= count else None

        return self.wait_until(
            new_messages, timeout=timeout, what=f"{count} bot message(s) in chat {chat.id}"
        )

    def wait_for_edit(
        self, message: StoredMessage, *, timeout: float = 15.0, since: int | None = None
    ) -> StoredMessage:
        """Wait until the bot edits ``message`` after the last action in its chat (or ``since``)."""

        def edited() -> StoredMessage | None:
            start = message.chat.marker if since is None else since
            return message if message.edit_seq > start else None

        return self.wait_until(
            edited, timeout=timeout, what=f"an edit of message {message.message_id}"
        )

    def wait_for_call(
        self,
        method: str,
        *,
        timeout: float = 15.0,
        since: int | None = None,
        where: Callable[[ApiCall], bool] = lambda call: True,
    ) -> ApiCall:
        """Wait for a request to ``method`` (after ``since``) matching ``where``."""

        def matching() -> ApiCall | None:
            start = since if since is not None else 0
            return next(
                (
                    c
                    for c in self._calls
                    if c.seq > start and c.method.lower() == method.lower() and where(c)
                ),
                None,
            )

        return self.wait_until(matching, timeout=timeout, what=f"a {method} call")

    def wait_for_callback_answer(self, callback_query_id: str, *, timeout: float = 15.0) -> JSON:
        def answer() -> JSON | None:
            return self._callbacks[callback_query_id].answer

        return self.wait_until(answer, timeout=timeout, what=f"answer to {callback_query_id}")

    def wait_for_inline_answer(
        self, inline_query_id: str, *, timeout: float = 15.0
    ) -> InlineQueryRecord:
        def answered() -> InlineQueryRecord | None:
            record = self._inline[inline_query_id]
            return record if record.answered else None

        return self.wait_until(answered, timeout=timeout, what=f"answer to {inline_query_id}")

    def wait_for_polling(self, *, timeout: float = 15.0) -> None:
        """Wait until the bot has called getUpdates at least once (it is up and polling)."""
        self.wait_for_call("getUpdates", timeout=timeout)

    def dump(self, last_calls: int = 15) -> str:
        """Human-readable recent state, for assertion messages."""
        with self._cond:
            lines = ["--- last API calls:"]
            lines += [f"  {call}" for call in self._calls[-last_calls:]] or ["  (none)"]
            lines.append("--- chats:")
            for chat in self._chats.values():
                recent = self.messages(chat)[-8:]
                lines.append(f"  {chat.type} {chat.id} {chat.title or ''}")
                lines += [f"    {message}" for message in recent]
            return "\n".join(lines)

    # ================================================================== user-side internals

    def _user_message(
        self, chat: Chat, user: User, reply_to: StoredMessage | None
    ) -> StoredMessage:
        if chat.is_group and chat.members.get(user.id) in (None, "left", "kicked"):
            chat.members[user.id] = "member"
        self._users.setdefault(user.id, user)
        seq = self._next_seq()
        chat.marker = seq
        return StoredMessage(
            chat, self._next_message_id(chat), user, self._now(), seq, reply_to=reply_to
        )

    def _deliver(self, message: StoredMessage) -> StoredMessage:
        self._messages[(message.chat.id, message.message_id)] = message
        if self._bot_receives(message):
            update = self._enqueue("message", message.to_api())
            message.update_id = update.update_id if update else None
        self._notify()
        return message

    def _bot_receives(self, message: StoredMessage) -> bool:
        """Privacy mode: in groups the bot sees commands and replies to itself only."""
        chat = message.chat
        if chat.bot_status in ("kicked", "left"):
            return False
        if not chat.is_group or not self.privacy_mode or chat.bot_status == "administrator":
            return True
        if message.reply_to is not None and message.reply_to.from_bot:
            return True
        command = next(
            (e for e in message.entities if e["type"] == "bot_command" and e["offset"] == 0), None
        )
        if command is None or message.text is None:
            return False
        _, _, addressee = message.text[: command["length"]].partition("@")
        return addressee == "" or addressee.lower() == (self.bot.username or "").lower()

    def _find_button(
        self, message: StoredMessage, callback_data: str | None, text: str | None
    ) -> JSON:
        for button in message.buttons:
            if "callback_data" not in button:
                continue
            if (callback_data is None or button["callback_data"] == callback_data) and (
                text is None or button.get("text") == text
            ):
                return button
        raise AssertionError(
            f"message {message.message_id} has no button data={callback_data!r} text={text!r}; "
            f"buttons: {message.buttons}"
        )

    def _next_message_id(self, chat: Chat) -> int:
        if chat.type == "supergroup":
            chat.next_message_id += 1
            return chat.next_message_id - 1
        self._box_message_id += 1
        return self._box_message_id

    def _store_file(self, name: str | None, data: bytes, mime_type: str | None) -> StoredFile:
        serial = next(self._ids)
        suffix = "" if not name or "." not in name else name[name.rfind(".") :]
        mime = mime_type or (mimetypes.guess_type(name)[0] if name else None)
        stored = StoredFile(
            file_id="BQACAgIAAxkBAAI" + secrets.token_urlsafe(40),
            file_unique_id="AgAD" + secrets.token_urlsafe(9),
            file_name=name,
            data=data,
            mime_type=mime or "application/octet-stream",
            file_path=f"documents/file_{serial}{suffix}",
        )
        self._files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        with self._cond:
            return next((f for f in self._files.values() if f.file_path == path), None)

    # ================================================================== request handling

    def handle(
        self, token: str, method: str, values: Mapping[str, str], files: Mapping[str, UploadedFile]
    ) -> tuple[int, JSON]:
        """Serve one Bot API request; returns (HTTP status, JSON body)."""
        if token != self.token:
            return _unauthorized(token)
        name = _METHODS.get(method.lower())
        params = Params(values, files)
        with self._cond:
            index = self._record(name, method, params)
            try:
                self._raise_injected_failure(method)
                if name is None and method.lower() in _NOT_EMULATED:
                    raise bad_request(
                        f"{method} is a real Bot API method the fake does not emulate"
                    )
                if name is None:
                    raise ApiError(404, "Not Found")
                result = getattr(self, name)(params)
            except ApiError as error:
                self._record_error(index, error)
                return error.error_code, error.to_api()
            except Exception as crash:  # a bug in the fake: make it loud, not a hang
                traceback.print_exc()
                error = ApiError(500, f"Internal Server Error: fake Telegram crashed: {crash!r}")
                self._record_error(index, error)
                return 500, error.to_api()
            body: JSON = {"ok": True, "result": result}
            if isinstance(result, tuple):  # (result, description)
                body = {"ok": True, "result": result[0], "description": result[1]}
            return 200, body

    def _raise_injected_failure(self, method: str) -> None:
        for failure in self._failures:
            if failure.method == method.lower():
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                raise failure.error

    def _record(self, name: str | None, method: str, params: Params) -> int:
        """Log a request as it starts (long polls included); returns its index in the log."""
        shown: dict[str, Any] = {}
        for key, value in params.values.items():
            shown[key] = "***" if key == "secret_token" else value
            if key in _JSON_PARAMS:
                with contextlib.suppress(ValueError):
                    shown[key] = json.loads(value)
        files = {key: (f.filename, len(f.content)) for key, f in params.files.items()}
        call = ApiCall(self._next_seq(), _CANONICAL.get(name or "", method), shown, files, True)
        self._calls.append(call)
        self._notify()
        return len(self._calls) - 1

    def _record_error(self, index: int, error: ApiError) -> None:
        self._calls[index] = dataclasses.replace(
            self._calls[index],
            ok=False,
            error_code=error.error_code,
            description=error.description,
        )
        self._notify()

    # ------------------------------------------------------------------ chats

    def _chat(self, params: Params, *, name: str = "chat_id") -> Chat:
        raw = params.text(name).strip()
        if not raw:
            raise bad_request(f"{name} is empty")
        if raw.startswith("@"):
            chat = next(
                (
                    c
                    for c in self._chats.values()
                    if c.username and c.username.lower() == raw[1:].lower()
                ),
                None,
            )
        else:
            chat = self._chats.get(int(raw)) if re.fullmatch(r"-?\d+", raw) else None
        if chat is None:
            if re.fullmatch(r"\d+", raw) and int(raw) in self._users:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise bad_request("chat not found")
        return chat

    def _writable_chat(self, params: Params) -> Chat:
        chat = self._chat(params)
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.bot_status == "kicked":
            if chat.type == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            kind = "group chat" if chat.type == "group" else "supergroup chat"
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind}")
        if chat.bot_status == "left":
            raise ApiError(403, "Forbidden: bot is not a member of the group chat")
        return chat

    def _message(self, chat: Chat, message_id: int, missing: str) -> StoredMessage:
        message = self._messages.get((chat.id, message_id))
        if message is None or message.deleted:
            raise bad_request(missing)
        return message

    # ------------------------------------------------------------------ getMe & co

    def _get_me(self, params: Params) -> JSON:
        return {
            **self.bot.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _log_out(self, params: Params) -> bool:
        return True

    def _ok(self, params: Params) -> bool:
        return True

    # ------------------------------------------------------------------ updates & webhook

    def _get_updates(self, params: Params) -> list[JSON]:
        if self._webhook.get("url"):
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = params.integer("offset")
        limit = params.integer("limit", 100, 1, 100)
        timeout = params.integer("timeout", 0, 0, LONG_POLL_MAX_TIMEOUT)
        self._queue.set_allowed(params.json("allowed_updates", "can't parse allowed_updates"))
        updates = self._queue.fetch(offset, limit)
        if updates or timeout == 0 or self._closed:
            return [u.to_api() for u in updates]
        return self._long_poll(offset, limit, timeout)

    def _long_poll(self, offset: int, limit: int, timeout: int) -> list[JSON]:
        """Wait for updates; a newer long poll (or setWebhook) terminates this one with 409."""
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # wakes an older poll so it can see it was superseded
        deadline = time.monotonic() + timeout
        while True:
            updates = self._queue.fetch(offset, limit)
            if updates or self._closed:
                return [u.to_api() for u in updates]
            if self._poll_generation != generation:
                reason = self._webhook.get("url") and "Conflict: terminated by setWebhook request"
                raise ApiError(409, reason or CONFLICT_OTHER_POLL)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._cond.wait(remaining)

    def _set_webhook(self, params: Params) -> tuple[bool, str]:
        url = params.text("url")
        if not url:
            return self._delete_webhook(params)
        if not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if params.flag("drop_pending_updates"):
            self._queue.clear()
        self._queue.set_allowed(params.json("allowed_updates", "can't parse allowed_updates"))
        self._webhook = {
            "url": url,
            "secret_token": params.text("secret_token"),
            "max_connections": params.integer("max_connections", 40, 1, 100),
            "ip_address": params.text("ip_address") or None,
        }
        self._poll_generation += 1  # terminates a running long poll
        self._notify()
        return True, "Webhook was set"

    def _delete_webhook(self, params: Params) -> tuple[bool, str]:
        was_set = bool(self._webhook.get("url"))
        self._webhook = {}
        if params.flag("drop_pending_updates"):
            self._queue.clear()
        return True, "Webhook was deleted" if was_set else "Webhook is already deleted"

    def _get_webhook_info(self, params: Params) -> JSON:
        info: JSON = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue.updates),
        }
        if self._webhook.get("url"):
            info["max_connections"] = self._webhook["max_connections"]
            if self._webhook.get("ip_address"):
                info["ip_address"] = self._webhook["ip_address"]
        if self._queue.allowed != DEFAULT_UPDATE_TYPES:
            info["allowed_updates"] = sorted(self._queue.allowed)
        return info

    # ------------------------------------------------------------------ sending

    def _message_text(self, params: Params) -> FormattedText:
        """Bot API server checks: text present, parse mode and HTML valid."""
        if not params.has("text"):
            raise bad_request("message text is empty")
        return _formatted(params, "text", "parse_mode", "entities")

    @staticmethod
    def _check_text_limits(formatted: FormattedText) -> None:
        """Checks made after the chat was resolved (by tdlib and Telegram's servers)."""
        if not formatted.text:
            raise bad_request("message must be non-empty")
        if utf16_len(formatted.text) > MAX_MESSAGE_LENGTH:
            raise bad_request("message is too long")

    def _caption(self, params: Params) -> FormattedText:
        formatted = _formatted(params, "caption", "parse_mode", "caption_entities")
        if utf16_len(formatted.text) > MAX_CAPTION_LENGTH:
            raise bad_request("message caption is too long")
        return formatted

    def _reply_target(self, params: Params, chat: Chat) -> StoredMessage | None:
        reply = params.json("reply_parameters", "can't parse reply parameters JSON object")
        if not isinstance(reply, dict):
            reply = {
                "message_id": params.integer("reply_to_message_id"),
                "allow_sending_without_reply": params.flag("allow_sending_without_reply"),
            }
        message_id = int(reply.get("message_id") or 0)
        if message_id <= 0:
            return None
        target_chat = chat
        if reply.get("chat_id") not in (None, "", chat.id, str(chat.id)):
            target_chat = self._chat(Params({"chat_id": str(reply["chat_id"])}, {}))
        target = self._messages.get((target_chat.id, message_id))
        if target is None or target.deleted:
            if reply.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        return target

    def _link_preview(self, params: Params) -> JSON | None:
        options = params.json("link_preview_options", "can't parse link preview options")
        if options is not None and not isinstance(options, dict):
            raise bad_request("can't parse link preview options")
        if options is None and params.flag("disable_web_page_preview"):
            options = {"is_disabled": True}
        return options

    def _bot_message(self, chat: Chat, params: Params) -> StoredMessage:
        seq = self._next_seq()
        return StoredMessage(
            chat,
            self._next_message_id(chat),
            self.bot,
            self._now(),
            seq,
            parse_mode=params.text("parse_mode") or None,
        )

    def _store_bot_message(self, message: StoredMessage) -> JSON:
        self._messages[(message.chat.id, message.message_id)] = message
        self._notify()
        return message.to_api()

    def _send_message(self, params: Params) -> JSON:
        formatted = self._message_text(params)
        markup = parse_reply_markup(params)
        preview = self._link_preview(params)
        chat = self._writable_chat(params)
        reply_to = self._reply_target(params, chat)
        self._check_text_limits(formatted)
        message = self._bot_message(chat, params)
        message.text, message.entities = formatted.text, self._entities_api(formatted)
        message.source, message.reply_markup = params.text("text"), markup
        message.reply_to, message.link_preview_options = reply_to, preview
        return self._store_bot_message(message)

    def _entities_api(self, formatted: FormattedText) -> list[JSON]:
        entities = formatted.entities_api()
        for entity in entities:
            if entity["type"] == "text_mention":
                user = self._users.get(entity["user"]["id"])
                entity["user"] = (
                    user.to_api() if user else {**entity["user"], "is_bot": False, "first_name": ""}
                )
        return entities

    def _send_document(self, params: Params) -> JSON:
        caption = self._caption(params)
        markup = parse_reply_markup(params)
        chat = self._writable_chat(params)
        reply_to = self._reply_target(params, chat)
        stored = self._input_file(params, "document")
        message = self._bot_message(chat, params)
        message.document, message.reply_to, message.reply_markup = stored, reply_to, markup
        message.text, message.entities = caption.text, self._entities_api(caption)
        message.source = params.text("caption")
        return self._store_bot_message(message)

    def _input_file(self, params: Params, name: str) -> StoredFile:
        upload = params.files.get(name)
        value = params.text(name)
        if upload is None and value.startswith("attach://"):
            upload = params.files.get(value[len("attach://") :])
        if upload is not None:
            if not upload.content:
                raise bad_request("file must be non-empty")
            return self._store_file(upload.filename, upload.content, upload.content_type)
        if not value:
            raise bad_request(f"there is no {name} in the request")
        if value in self._files:
            return self._files[value]
        if re.match(r"^https?://", value, re.IGNORECASE):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _send_chat_action(self, params: Params) -> bool:
        self._writable_chat(params)
        if params.text("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    # ------------------------------------------------------------------ editing & deleting

    def _target_message(self, params: Params, missing: str) -> StoredMessage | None:
        """The chat message to edit, or None for an inline message (inline_message_id)."""
        if params.has("inline_message_id") and not params.has("chat_id"):
            return None
        chat = self._chat(params)
        message = self._message(chat, params.integer("message_id"), missing)
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def _apply_edit(
        self,
        message: StoredMessage,
        params: Params,
        markup: JSON | None,
        text: FormattedText | None = None,
        source: str = "",
    ) -> JSON:
        """Edit the text/caption (param ``source``; skipped when ``text`` is None) and the inline
        keyboard like Telegram: a keyboard not repeated is removed, no-op edits are refused."""
        new_entities = None if text is None else self._entities_api(text)
        same_text = text is None or (text.text, new_entities) == (message.text, message.entities)
        if same_text and _inline_keyboard(markup) == _inline_keyboard(message.reply_markup):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message.history.append(message.snapshot())
        if text is not None:
            message.text, message.entities = text.text, new_entities or []
            message.source = params.text(source)
            message.parse_mode = params.text("parse_mode") or None
        if source == "text":
            message.link_preview_options = self._link_preview(params)
        message.reply_markup = markup
        message.edit_date = self._now()
        message.edit_seq = self._next_seq()
        self._notify()
        return message.to_api()

    def _edit_message_text(self, params: Params) -> JSON | bool:
        formatted = self._message_text(params)
        markup = parse_reply_markup(params)
        message = self._target_message(params, "message to edit not found")
        if message is None:
            return True
        if message.document is not None:
            raise bad_request("there is no text in the message to edit")
        self._check_text_limits(formatted)
        return self._apply_edit(message, params, markup, formatted, "text")

    def _edit_message_caption(self, params: Params) -> JSON | bool:
        caption = self._caption(params)
        markup = parse_reply_markup(params)
        message = self._target_message(params, "message to edit not found")
        if message is None:
            return True
        if message.document is None:
            raise bad_request("there is no caption in the message to edit")
        return self._apply_edit(message, params, markup, caption, "caption")

    def _edit_message_reply_markup(self, params: Params) -> JSON | bool:
        markup = parse_reply_markup(params)
        message = self._target_message(params, "message to edit not found")
        if message is None:
            return True
        return self._apply_edit(message, params, markup)

    def _delete_message(self, params: Params) -> bool:
        chat = self._chat(params)
        message = self._message(chat, params.integer("message_id"), "message to delete not found")
        may_delete = (
            message.from_bot
            or chat.type == "private"
            or chat.bot_status in ("administrator", "creator")
        )
        if not may_delete:
            raise bad_request("message can't be deleted")
        message.deleted = True
        self._notify()
        return True

    # ------------------------------------------------------------------ callback & inline queries

    def _answer_callback_query(self, params: Params) -> bool:
        query = self._callbacks.get(params.text("callback_query_id"))
        if len(params.text("text")) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        if query is None or query.answered:
            raise bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        query.answered = True
        query.answer = {
            "text": params.text("text") or None,
            "show_alert": params.flag("show_alert"),
            "url": params.text("url") or None,
            "cache_time": params.integer("cache_time"),
        }
        return True

    def _answer_inline_query(self, params: Params) -> bool:
        record = self._inline.get(params.text("inline_query_id"))
        results = params.json("results", "can't parse JSON encoded inline query results")
        if not isinstance(results, list):
            raise bad_request("expected an Array of inline query results")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            _check_inline_result(result, seen)
        if record is None or record.answered:
            raise bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        record.answered, record.results = True, results
        record.answer = {
            "cache_time": params.integer("cache_time", 300),
            "is_personal": params.flag("is_personal"),
            "next_offset": params.text("next_offset"),
            "button": params.json("button", "can't parse inline query results button"),
        }
        return True

    # ------------------------------------------------------------------ files

    def _get_file(self, params: Params) -> JSON:
        stored = self._files.get(params.text("file_id").strip())
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD_SIZE:
            raise bad_request("file is too big")
        return stored.to_file()

    # ------------------------------------------------------------------ commands & menu

    def _set_my_commands(self, params: Params) -> bool:
        commands = params.json("commands", "can't parse commands JSON object") or []
        if not isinstance(commands, list):
            raise bad_request("expected an Array of BotCommand")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned = [_check_command(command) for command in commands]
        key = (
            _scope_key(params.json("scope", "can't parse BotCommandScope JSON object")),
            params.text("language_code"),
        )
        if cleaned:
            self._commands[key] = cleaned
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, params: Params) -> list[JSON]:
        scope = _scope_key(params.json("scope", "can't parse BotCommandScope JSON object"))
        return list(self._commands.get((scope, params.text("language_code")), []))

    def _delete_my_commands(self, params: Params) -> bool:
        scope = _scope_key(params.json("scope", "can't parse BotCommandScope JSON object"))
        self._commands.pop((scope, params.text("language_code")), None)
        return True

    def _set_chat_menu_button(self, params: Params) -> bool:
        chat_id = params.integer("chat_id") if params.has("chat_id") else None
        button = params.json("menu_button", "can't parse menu button JSON object")
        self._menu_buttons[chat_id] = button or {"type": "default"}
        return True

    def _get_chat_menu_button(self, params: Params) -> JSON:
        chat_id = params.integer("chat_id") if params.has("chat_id") else None
        return self._menu_buttons.get(chat_id, self._menu_buttons.get(None, {"type": "default"}))

    # ------------------------------------------------------------------ chat info

    def _get_chat(self, params: Params) -> JSON:
        chat = self._chat(params)
        info: JSON = {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat.is_group:
            info["permissions"] = {"can_send_messages": True}
        return info

    def _member_api(self, user: User, status: str) -> JSON:
        member: JSON = {"status": status, "user": user.to_api()}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(_ADMIN_RIGHTS)
        elif status == "kicked":
            member["until_date"] = 0
        return member

    def _get_chat_member(self, params: Params) -> JSON:
        chat = self._chat(params)
        user_id = params.integer("user_id")
        if user_id <= 0:
            raise bad_request("invalid user_id specified")
        if user_id == self.bot.id:
            return self._member_api(self.bot, chat.bot_status)
        user = self._users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if chat.type == "private":
            return self._member_api(user, "member" if user_id == chat.id else "left")
        return self._member_api(user, chat.members.get(user_id, "left"))

    def _get_chat_administrators(self, params: Params) -> list[JSON]:
        chat = self._chat(params)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        admins = [
            self._member_api(self._users[uid], status)
            for uid, status in chat.members.items()
            if status in ("creator", "administrator")
        ]
        if chat.bot_status == "administrator":
            admins.append(self._member_api(self.bot, "administrator"))
        return admins

    def _get_chat_member_count(self, params: Params) -> int:
        chat = self._chat(params)
        present = [s for s in chat.members.values() if s not in ("left", "kicked")]
        return len(present) + (chat.bot_status not in ("left", "kicked"))


_ADMIN_RIGHTS: JSON = {
    "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
    "can_delete_messages": True, "can_manage_video_chats": True, "can_restrict_members": True,
    "can_promote_members": False, "can_change_info": True, "can_invite_users": True,
    "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False,
    "can_pin_messages": True, "can_manage_topics": False,
}  # fmt: skip

# Bot API method (case-insensitive) -> TelegramState handler.
_CANONICAL = {
    "_get_me": "getMe", "_log_out": "logOut", "_get_updates": "getUpdates",
    "_set_webhook": "setWebhook", "_delete_webhook": "deleteWebhook",
    "_get_webhook_info": "getWebhookInfo", "_send_message": "sendMessage",
    "_send_document": "sendDocument", "_send_chat_action": "sendChatAction",
    "_edit_message_text": "editMessageText", "_edit_message_caption": "editMessageCaption",
    "_edit_message_reply_markup": "editMessageReplyMarkup", "_delete_message": "deleteMessage",
    "_answer_callback_query": "answerCallbackQuery", "_answer_inline_query": "answerInlineQuery",
    "_get_file": "getFile", "_set_my_commands": "setMyCommands",
    "_get_my_commands": "getMyCommands", "_delete_my_commands": "deleteMyCommands",
    "_set_chat_menu_button": "setChatMenuButton", "_get_chat_menu_button": "getChatMenuButton",
    "_get_chat": "getChat", "_get_chat_member": "getChatMember",
    "_get_chat_administrators": "getChatAdministrators",
    "_get_chat_member_count": "getChatMemberCount",
}  # fmt: skip
_METHODS = {api.lower(): handler for handler, api in _CANONICAL.items()}
_METHODS.update({
    "close": "_log_out", "setmydescription": "_ok", "setmyshortdescription": "_ok",
    "setmyname": "_ok", "setmydefaultadministratorrights": "_ok",
})  # fmt: skip

# Real Bot API methods without an emulation: refused loudly rather than with a 404 (which PTB
# would report as InvalidToken).
_NOT_EMULATED = frozenset(
    name.lower()
    for name in (
        "sendPhoto sendAudio sendVideo sendAnimation sendVoice sendVideoNote sendMediaGroup "
        "sendPaidMedia sendLocation sendVenue sendContact sendPoll sendDice sendSticker "
        "sendInvoice sendGame sendMessageDraft forwardMessage forwardMessages copyMessage "
        "copyMessages editMessageMedia editMessageLiveLocation stopMessageLiveLocation stopPoll "
        "deleteMessages setMessageReaction pinChatMessage unpinChatMessage "
        "unpinAllChatMessages leaveChat banChatMember unbanChatMember restrictChatMember "
        "promoteChatMember setChatPermissions setChatTitle setChatDescription setChatPhoto "
        "deleteChatPhoto exportChatInviteLink createChatInviteLink getUserProfilePhotos "
        "getMyDescription getMyShortDescription getMyName getMyDefaultAdministratorRights "
        "answerWebAppQuery getBusinessConnection getUserChatBoosts getStickerSet "
        "createForumTopic editForumTopic closeForumTopic deleteForumTopic"
    ).split()
)


def _unauthorized(token: str) -> tuple[int, JSON]:
    """Wrong but well-formed token: 401; malformed token: 404 (as Telegram answers)."""
    if re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
        return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
    return 404, {"ok": False, "error_code": 404, "description": "Not Found"}


def _default_description(error_code: int, parameters: JSON) -> str:
    if error_code == 429:
        return f"Too Many Requests: retry after {parameters['retry_after']}"
    if "migrate_to_chat_id" in parameters:
        return "Bad Request: group chat was upgraded to a supergroup chat"
    return {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: CONFLICT_OTHER_POLL,
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(error_code, "Internal Server Error")


def _inline_keyboard(markup: JSON | None) -> Any:
    return (markup or {}).get("inline_keyboard") or None


def _scope_key(scope: Any) -> str:
    if not isinstance(scope, dict) or scope.get("type") in (None, "default"):
        return "default"
    return json.dumps(scope, sort_keys=True)


def _check_command(command: Any) -> JSON:
    """tdlib's set_commands checks, then the server's BOT_COMMAND_INVALID."""
    if not isinstance(command, dict):
        raise bad_request("expected a BotCommand")
    name = str(command.get("command", "")).strip().removeprefix("/")
    description = str(command.get("description", "")).strip()
    if not name:
        raise bad_request("command must be non-empty")
    if len(name) > 32:
        raise bad_request("command length must not exceed 32")
    if not description:
        raise bad_request("command description must be non-empty")
    if len(description) > 256:
        raise bad_request("command description length must not exceed 256")
    if not _COMMAND_NAME.match(name):
        raise bad_request("BOT_COMMAND_INVALID")
    return {"command": name, "description": description}


def _check_inline_result(result: Any, seen: set[str]) -> None:
    """Validate one InlineQueryResult like telegram-bot-api (plus the server's id checks)."""
    prefix = "can't parse inline query result: "
    if not isinstance(result, dict):
        raise bad_request(prefix + "expected an Object")
    for key in ("type", "id"):
        if key not in result:
            raise bad_request(prefix + f'Can\'t find field "{key}"')
    result_id = str(result["id"])
    if not result_id or len(result_id.encode("utf-8")) > MAX_INLINE_RESULT_ID_BYTES:
        raise bad_request("RESULT_ID_INVALID")
    if result_id in seen:
        raise bad_request("RESULT_ID_DUPLICATE")
    seen.add(result_id)
    if result.get("reply_markup") is not None:
        try:
            parse_reply_markup(Params({"reply_markup": json.dumps(result["reply_markup"])}, {}))
        except ApiError as error:
            raise bad_request(prefix + error.description.removeprefix("Bad Request: ")) from None
    content = result.get("input_message_content")
    if result["type"] == "article" and not isinstance(content, dict):
        raise bad_request(prefix + 'Can\'t find field "input_message_content"')
    if isinstance(content, dict) and "message_text" in content:
        _check_inline_text(content, prefix)


def _check_inline_text(content: JSON, prefix: str) -> None:
    values = {k: v if isinstance(v, str) else json.dumps(v) for k, v in content.items()}
    try:
        params = Params(values, {})
        if not params.has("message_text"):
            raise bad_request("message text is empty")
        formatted = _formatted(params, "message_text", "parse_mode", "entities")
        if utf16_len(formatted.text) > MAX_MESSAGE_LENGTH:
            raise bad_request("message is too long")
    except ApiError as error:
        detail = error.description.removeprefix("Bad Request: ")
        raise bad_request(prefix + detail[:1].upper() + detail[1:]) from None
