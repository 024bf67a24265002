"""What a subscribed chat is owed, and when: digests and meeting reminders.

Pure functions of a chat's settings, the meetings, what was already delivered and
"now", so the job, `/reminders` and `briefbot reminders` agree and tests need no clock.

The rules, in the chat's time zone:

- A daily digest is due at the chat's digest time; a weekly one on Mondays at that time.
  After downtime only the latest missed digest is due (it carries every article since
  the last one anyway).
- A reminder `d` days before a meeting is due at the digest time of the day `d` days
  before its first day. After downtime it is still sent while the meeting has not
  started (for `d = 0`, during its first day); when several of one meeting's reminders
  have passed, only the nearest to the meeting is sent, since the others would
  announce a wrong distance.
- Nothing is owed for moments before the chat subscribed.
- Only meetings known to the day get reminders: "June 2024" has no eve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from storage.ingestion.titles import shorten

DEFAULT_TIME = time(8, 0)
DEFAULT_REMINDER_DAYS = (7, 1, 0)
MAX_REMINDER_DAYS = 30
MAX_REMINDERS = 5
DIGEST_MEETING_DAYS = 14
WEEKLY_DAY = 0  # Monday
_TIME = re.compile(r"^([0-9]{1,2})[:.h]([0-9]{2})$")


class Frequency(StrEnum):
    """How often a chat gets its digest."""

    DAILY = "daily"
    WEEKLY = "weekly"


class Kind(StrEnum):
    """What a delivery is."""

    DIGEST = "digest"
    REMINDER = "reminder"


class ScheduleInputError(ValueError):
    """A setting a person typed that cannot be used; the message is one line for them."""


@dataclass(frozen=True)
class ChatSchedule:
    """A subscribed chat's settings and the (kind, key) of every delivery recorded."""

    subscription_id: int
    chat_id: int
    frequency: Frequency
    at: time
    timezone: str
    reminder_days: tuple[int, ...]
    since: datetime
    taken: frozenset[tuple[str, str]] = frozenset()

    @property
    def zone(self) -> ZoneInfo:
        """The chat's time zone."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Meeting:
    """A meeting known to the day."""

    id: int
    name: str
    start: date


@dataclass(frozen=True)
class Item:
    """One digest or reminder for one chat, and the moment it is (or was) due."""

    chat: ChatSchedule
    kind: Kind
    key: str
    at: datetime
    meeting: Meeting | None = None
    days_before: int | None = None


# ------------------------------------------------------------------ parsing what people type


def parse_time(text: str) -> time:
    """08:00, 8:00, 8.00 or 8h00 as a time of day."""
    match = _TIME.match(text.strip())
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ScheduleInputError(
        f"“{shorten(text, 40)}” is not a time of day; write it as HH:MM, e.g. 08:00."
    )


def parse_timezone(text: str) -> str:
    """The canonical name of an Area/City time zone, whatever its capitals."""
    wanted = text.strip()
    names = {name.lower(): name for name in available_timezones() if "/" in name or name == "UTC"}
    name = names.get(wanted.lower())
    if name is None:
        raise ScheduleInputError(
            f"“{shorten(wanted, 40)}” is not a time zone I know; write it as Area/City, "
            "e.g. Asia/Ho_Chi_Minh or Europe/Brussels."
        )
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # listed but its data is missing
        raise ScheduleInputError(f"The time zone data for {name} is missing here.") from None
    return name


def parse_reminder_days(text: str) -> tuple[int, ...]:
    """ "7,1,0" (or "7 1 0") as distinct day counts, farthest first."""
    words = [word for word in re.split(r"[\s,;]+", text.strip()) if word]
    if not words or not all(re.fullmatch(r"[0-9]{1,3}", word) for word in words):
        raise ScheduleInputError(
            "Write the days before each meeting as numbers, e.g. /reminders 7,1,0 "
            "(0 is the morning it starts), or /reminders off."
        )
    days = sorted({int(word) for word in words}, reverse=True)
    if days[0] > MAX_REMINDER_DAYS:
        raise ScheduleInputError(f"Reminders go at most {MAX_REMINDER_DAYS} days ahead.")
    if len(days) > MAX_REMINDERS:
        raise ScheduleInputError(f"At most {MAX_REMINDERS} reminders per meeting.")
    return tuple(days)


def format_days(days: tuple[int, ...]) -> str:
    """(7, 1, 0) as "7 days before, 1 day before and on the morning it starts"."""
    if not days:
        return "off"
    words = [
        "on the morning it starts" if d == 0 else f"{d} day{'s' if d != 1 else ''} before"
        for d in days
    ]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# ------------------------------------------------------------------ what is due


def digest_key(chat: ChatSchedule, slot: datetime) -> str:
    """The digest period a slot belongs to: its local day, or its ISO week if weekly."""
    day = slot.astimezone(chat.zone).date()
    if chat.frequency is Frequency.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def reminder_key(meeting: Meeting, days_before: int) -> str:
    """The key of one reminder: the meeting and how many days before it."""
    return f"{meeting.id}:{days_before}"


def _at(chat: ChatSchedule, day: date) -> datetime:
    return datetime.combine(day, chat.at, tzinfo=chat.zone).astimezone(UTC)


def latest_digest_slot(chat: ChatSchedule, now: datetime) -> datetime:
    """The most recent digest moment at or before `now`."""
    today = now.astimezone(chat.zone).date()
    step = 7 if chat.frequency is Frequency.WEEKLY else 1
    day = today
    if chat.frequency is Frequency.WEEKLY:
        day -= timedelta(days=(today.weekday() - WEEKLY_DAY) % 7)
    slot = _at(chat, day)
    return slot if slot <= now else _at(chat, day - timedelta(days=step))


def next_digest_slot(chat: ChatSchedule, now: datetime) -> datetime:
    """The first digest moment after `now`."""
    latest = latest_digest_slot(chat, now).astimezone(chat.zone).date()
    step = 7 if chat.frequency is Frequency.WEEKLY else 1
    return _at(chat, latest + timedelta(days=step))


def reminder_moment(chat: ChatSchedule, meeting: Meeting, days_before: int) -> datetime:
    """When the reminder `days_before` days ahead of the meeting goes out."""
    return _at(chat, meeting.start - timedelta(days=days_before))


def reminder_deadline(chat: ChatSchedule, meeting: Meeting, days_before: int) -> datetime:
    """After this a missed reminder is stale: the meeting started (or its first day ended)."""
    last_day = meeting.start + timedelta(days=1 if days_before == 0 else 0)
    return datetime.combine(last_day, time(0), tzinfo=chat.zone).astimezone(UTC)


def due(chat: ChatSchedule, meetings: Iterable[Meeting], now: datetime) -> list[Item]:
    """Everything owed to the chat at `now` and not yet delivered, oldest first."""
    items: list[Item] = []
    slot = latest_digest_slot(chat, now)
    key = digest_key(chat, slot)
    if slot >= chat.since and (Kind.DIGEST, key) not in chat.taken:
        items.append(Item(chat, Kind.DIGEST, key, slot))
    for meeting in meetings:
        passed = [d for d in chat.reminder_days if reminder_moment(chat, meeting, d) <= now]
        if not passed:
            continue
        days = min(passed)
        moment = reminder_moment(chat, meeting, days)
        key = reminder_key(meeting, days)
        if (
            moment >= chat.since
            and now < reminder_deadline(chat, meeting, days)
            and (Kind.REMINDER, key) not in chat.taken
        ):
            items.append(Item(chat, Kind.REMINDER, key, moment, meeting, days))
    return sorted(items, key=lambda item: (item.at, item.kind != Kind.DIGEST))


def upcoming(
    chat: ChatSchedule, meetings: Iterable[Meeting], now: datetime, *, days: int = 31
) -> list[Item]:
    """What is due now, then the next digest and the reminders of the next `days` days."""
    meetings = list(meetings)
    items = due(chat, meetings, now)
    slot = next_digest_slot(chat, now)
    items.append(Item(chat, Kind.DIGEST, digest_key(chat, slot), slot))
    horizon = now + timedelta(days=days)
    for meeting in meetings:
        for before in chat.reminder_days:
            moment = reminder_moment(chat, meeting, before)
            key = reminder_key(meeting, before)
            if now < moment <= horizon and (Kind.REMINDER, key) not in chat.taken:
                items.append(Item(chat, Kind.REMINDER, key, moment, meeting, before))
    return sorted(items, key=lambda item: (item.at, item.kind != Kind.DIGEST))


def meetings_ahead(meetings: Iterable[Meeting], today: date, days: int) -> list[Meeting]:
    """Meetings whose first day is between `today` and `days` days later, soonest first."""
    last = today + timedelta(days=days)
    return sorted((m for m in meetings if today <= m.start <= last), key=lambda m: m.start)


def days_until(chat: ChatSchedule, meeting: Meeting, now: datetime) -> str:
    """ "today", "tomorrow" or "in 6 days", counted in the chat's time zone."""
    days = (meeting.start - now.astimezone(chat.zone).date()).days
    if days <= 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"
