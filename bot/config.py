"""Configuration: one table of settings read from the environment.

The table feeds `Settings.from_env`, the README's configuration table and a test that
keeps the two in step, so a setting cannot exist without being documented.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from bot.access import parse_chat_ids
from bot.admin import parse_admin_ids


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default (as text) and what it is for."""

    env: str
    default: str
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "TELEGRAM_BOT_TOKEN",
        "",
        "Bot token from @BotFather. Without it `briefbot` opens the local chat in the terminal.",
        secret=True,
    ),
    Setting(
        "TELEGRAM_API_BASE_URL",
        "https://api.telegram.org/bot",
        "Bot API base URL (a self-hosted Bot API server or a test server).",
    ),
    Setting(
        "TELEGRAM_API_BASE_FILE_URL",
        "https://api.telegram.org/file/bot",
        "Bot API base URL for file downloads.",
    ),
    Setting(
        "BRIEFBOT_WEBHOOK_SECRET",
        "",
        "Secret Telegram must send with every webhook update (X-Telegram-Bot-Api-Secret-Token); "
        "required by `briefbot run --webhook`.",
        secret=True,
    ),
    Setting(
        "BRIEFBOT_DATA_DIR",
        "~/.local/share/briefbot",
        "Folder for the default SQLite store and the chat history.",
    ),
    Setting(
        "BRIEFBOT_DATABASE_URL",
        "",
        "SQLAlchemy URL of the store; empty means `sqlite:///<data dir>/briefbot.sqlite3`. "
        "PostgreSQL: `postgresql+psycopg://user@host/db`.",
    ),
    Setting(
        "BRIEFBOT_ALIASES_FILE",
        "",
        "Extra abbreviations for search, one group a line: `WCO = World Customs Organization`.",
    ),
    Setting(
        "BRIEFBOT_TIMEZONE",
        "Asia/Ho_Chi_Minh",
        'Time zone (Area/City) for "today", upcoming and past meetings.',
    ),
    Setting(
        "BRIEFBOT_NOW",
        "",
        "Stop the clock at this moment (YYYY-MM-DDTHH:MM, in `BRIEFBOT_TIMEZONE` unless it "
        "has an offset); for tests and demonstrations of the schedule only.",
    ),
    Setting("BRIEFBOT_LOG_LEVEL", "INFO", "Logging level: DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "BRIEFBOT_ADMINS",
        "",
        "Telegram user ids (comma-separated) who may /add, upload, /delete and manage /feeds. "
        "Empty: nobody; the store then changes only through `briefbot ingest`.",
    ),
    Setting(
        "BRIEFBOT_ALLOWED_CHATS",
        "",
        "Chat ids (comma-separated) the bot serves: a person's private chat id is their user "
        "id, a group's is negative (`-1001234567890`); inline mode answers the people listed. "
        "Other chats get a one-line refusal that names their id. Empty: every chat.",
    ),
    Setting(
        "BRIEFBOT_RATE_LIMIT",
        "30",
        "Expensive requests (searches, summaries, meeting lists and cards, fetches, their "
        "buttons) one person may make per minute, in bursts up to that many; 0: no limit.",
    ),
    Setting(
        "BRIEFBOT_FETCH_ALLOW_HOSTS",
        "",
        "Hosts, addresses or networks (comma-separated, e.g. `intranet.example, 10.1.0.0/16`) "
        "that /add and feeds may fetch although they are loopback, private or link-local.",
    ),
    Setting(
        "BRIEFBOT_FEED_INTERVAL_MINUTES",
        "30",
        "Minutes between two polls of the followed feeds.",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Typed view of the settings table."""

    telegram_bot_token: str
    telegram_api_base_url: str
    telegram_api_base_file_url: str
    webhook_secret: str
    data_dir: Path
    database_url: str
    aliases_file: Path | None
    timezone: str
    log_level: str
    admins: frozenset[int]
    allowed_chats: frozenset[int]
    rate_limit: int
    fetch_allow_hosts: tuple[str, ...]
    feed_interval_minutes: int
    now: datetime | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every setting, falling back to the table's defaults."""
        env = os.environ if environ is None else environ
        values = {s.env: (env.get(s.env) or s.default).strip() for s in SETTINGS}
        data_dir = Path(values["BRIEFBOT_DATA_DIR"]).expanduser()
        default_url = f"sqlite:///{data_dir / 'briefbot.sqlite3'}"
        database_url = values["BRIEFBOT_DATABASE_URL"] or default_url
        return cls(
            telegram_bot_token=values["TELEGRAM_BOT_TOKEN"],
            telegram_api_base_url=values["TELEGRAM_API_BASE_URL"],
            telegram_api_base_file_url=values["TELEGRAM_API_BASE_FILE_URL"],
            webhook_secret=values["BRIEFBOT_WEBHOOK_SECRET"],
            data_dir=data_dir,
            database_url=database_url,
            aliases_file=Path(values["BRIEFBOT_ALIASES_FILE"])
            if values["BRIEFBOT_ALIASES_FILE"]
            else None,
            timezone=values["BRIEFBOT_TIMEZONE"],
            log_level=values["BRIEFBOT_LOG_LEVEL"].upper(),
            admins=parse_admin_ids(values["BRIEFBOT_ADMINS"]),
            allowed_chats=parse_chat_ids(values["BRIEFBOT_ALLOWED_CHATS"]),
            rate_limit=_whole_number(values, "BRIEFBOT_RATE_LIMIT", 0, 10_000),
            fetch_allow_hosts=tuple(
                host for host in re.split(r"[\s,]+", values["BRIEFBOT_FETCH_ALLOW_HOSTS"]) if host
            ),
            feed_interval_minutes=_whole_number(
                values, "BRIEFBOT_FEED_INTERVAL_MINUTES", 1, 10_080
            ),
            now=_moment(values["BRIEFBOT_NOW"], values["BRIEFBOT_TIMEZONE"]),
        )

    def __repr__(self) -> str:
        """Never show the token, even in a debugger or a traceback."""
        token = "<set>" if self.telegram_bot_token else "<unset>"
        return (
            f"Settings(token={token}, api={self.telegram_api_base_url!r}, "
            f"database_url={make_url(self.database_url).render_as_string(hide_password=True)!r})"
        )


def _whole_number(values: Mapping[str, str], name: str, low: int, high: int) -> int:
    text = values[name]
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{name}: {text!r} is not a whole number from {low} to {high}")
    return int(text)


def _moment(text: str, timezone: str) -> datetime | None:
    """An ISO 8601 moment; without an offset, in `timezone`."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))
