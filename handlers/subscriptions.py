"""/subscribe, /unsubscribe, /timezone, /reminders and /settings, and what they send.

A chat subscribes to a digest (new articles with a one-line summary, and the meetings
of the next two weeks) and to reminders before each meeting. Anyone may read a chat's
settings; in groups only administrators may change them, which the front end answers
through `Request.is_chat_admin`, asked only when a change is requested. Bad input is
refused in one line before anything is stored.

The messages the schedule sends are composed here too, next to the commands that
describe them, so `/reminders` and the job show the same schedule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from bot.events.service import EventQueryError, EventView
from bot.schedule import (
    DEFAULT_REMINDER_DAYS,
    DEFAULT_TIME,
    DIGEST_MEETING_DAYS,
    ChatSchedule,
    Frequency,
    Item,
    Kind,
    Meeting,
    ScheduleInputError,
    days_until,
    format_days,
    meetings_ahead,
    next_digest_slot,
    parse_reminder_days,
    parse_time,
    parse_timezone,
    upcoming,
)
from bot.services import Services
from bot.summaries import SummaryError
from handlers.callback_data import briefing_data, calendar_data
from handlers.messages import Button, Reply, Request
from handlers.render import escape, format_range, labelled
from storage.subscriptions import ACTIVE, PAUSED, Subscription, SubscriptionRepository

SETTINGS_PREFIX = "cfg:"
_SETTINGS_BUTTON = re.compile(
    r"^cfg:(daily|weekly|t([01][0-9]|2[0-3])([0-5][0-9])|rem:(on|off)|on|off)$"
)
TIME_CHOICES = (time(7, 0), time(8, 0), time(12, 0), time(17, 0))
MAX_DIGEST_ARTICLES = 30
MAX_LISTED = 8
SUBSCRIBE_USAGE = "Usage: /subscribe [daily|weekly] [HH:MM], for example /subscribe daily 08:00"
REFUSAL = "Sorry, only this group's administrators can change its digests and reminders."
NOT_SUBSCRIBED = "This chat is not subscribed. Send /subscribe for digests and meeting reminders."
_LOOKS_LIKE_TIME = re.compile(r"^[0-9]+[^0-9][0-9]+$")


def repository(services: Services) -> SubscriptionRepository:
    """The subscriptions of this store, new chats getting the configured time zone."""
    return SubscriptionRepository(services.database, services.settings.timezone)


# ------------------------------------------------------------------ commands


def subscribe(request: Request, services: Services) -> list[Reply]:
    """Start (or change) the chat's digest: daily or weekly, at a time of day."""
    if refused := _refusal(request):
        return refused
    frequency: Frequency | None = None
    at: time | None = None
    try:
        for word in request.args.lower().split():
            if word in ("daily", "weekly") and frequency is None:
                frequency = Frequency(word)
            elif word == "at":
                continue
            elif _LOOKS_LIKE_TIME.match(word) and at is None:
                at = parse_time(word)
            else:
                return [Reply(escape(f"I don't understand “{word[:40]}”. {SUBSCRIBE_USAGE}"))]
    except ScheduleInputError as error:
        return [Reply(escape(error))]
    row, started = repository(services).subscribe(
        request.chat_id, request.chat_type, services.clock.now(), frequency=frequency, at=at
    )
    heading = "Subscribed" if started else "Subscription changed"
    first = " The first digest carries the articles added from now on." if started else ""
    return [
        Reply(
            f"<b>{heading}:</b> {escape(_describe(row))}.{first}\n"
            f"Next digest: {escape(_when(_schedule_of(row, services), services))}.\n"
            "Change with /settings, /timezone or /reminders; stop with /unsubscribe."
        )
    ]


def unsubscribe(request: Request, services: Services) -> list[Reply]:
    """Stop the chat's digests and reminders; its settings are kept."""
    if refused := _refusal(request):
        return refused
    if not repository(services).unsubscribe(request.chat_id):
        return [Reply("This chat was not subscribed.")]
    return [
        Reply(
            "Unsubscribed: no more digests or reminders here. "
            "Your settings are kept for the next /subscribe."
        )
    ]


def timezone(request: Request, services: Services) -> list[Reply]:
    """Show the chat's time zone, or set it (Area/City)."""
    if not request.args.strip():
        row = repository(services).find(request.chat_id)
        zone = row.timezone if row else services.settings.timezone
        return [
            Reply(
                f"This chat's time zone is {escape(zone)}. "
                "Change it with /timezone Area/City, for example /timezone Europe/Brussels."
            )
        ]
    if refused := _refusal(request):
        return refused
    try:
        zone = parse_timezone(request.args)
    except ScheduleInputError as error:
        return [Reply(escape(error))]
    row = repository(services).update(request.chat_id, request.chat_type, timezone=zone)
    return [
        Reply(
            f"Time zone set to {escape(zone)}: digests and reminders go at "
            f"{row.digest_time:%H:%M} there."
        )
    ]


def reminders(request: Request, services: Services) -> list[Reply]:
    """List what the chat gets next, or set the reminder days (off, on, 7,1,0)."""
    words = request.args.strip().lower()
    if not words:
        return [_next_items(request.chat_id, services)]
    if refused := _refusal(request):
        return refused
    try:
        days = (
            ()
            if words == "off"
            else DEFAULT_REMINDER_DAYS
            if words == "on"
            else parse_reminder_days(words)
        )
    except ScheduleInputError as error:
        return [Reply(escape(error))]
    row = repository(services).update(request.chat_id, request.chat_type, reminder_days=days)
    said = (
        f"Meeting reminders: {format_days(row.days)}."
        if row.days
        else "Meeting reminders are off. /reminders on brings them back."
    )
    unsubscribed = "" if row.status == ACTIVE else " Send /subscribe to start receiving them."
    return [Reply(escape(said + unsubscribed))]


def settings(request: Request, services: Services) -> list[Reply]:
    """Every setting of the chat, with buttons to change them."""
    return [_settings_reply(repository(services).find(request.chat_id), services)]


def settings_button(data: str, request: Request, services: Services) -> list[Reply]:
    """A /settings button: apply the change and redraw the settings in place."""
    match = _SETTINGS_BUTTON.match(data)
    if match is None:
        return [Reply("This button no longer works. Send /settings again.")]
    if refused := _refusal(request):
        return refused
    choice = match[1]
    store = repository(services)
    chat_id, chat_type = request.chat_id, request.chat_type
    if choice in ("daily", "weekly"):
        store.update(chat_id, chat_type, frequency=Frequency(choice))
    elif match[2]:
        store.update(chat_id, chat_type, at=time(int(match[2]), int(match[3])))
    elif match[4]:
        days = DEFAULT_REMINDER_DAYS if match[4] == "on" else ()
        store.update(chat_id, chat_type, reminder_days=days)
    elif choice == "on":
        store.subscribe(chat_id, chat_type, services.clock.now())
    else:
        store.unsubscribe(chat_id)
    reply = _settings_reply(store.find(chat_id), services)
    return [Reply(reply.html, reply.buttons, edit=True)]


SUBSCRIPTION_HANDLERS: dict[str, Callable[[Request, Services], list[Reply]]] = {
    "subscribe": subscribe,
    "unsubscribe": unsubscribe,
    "timezone": timezone,
    "reminders": reminders,
    "settings": settings,
}


def _refusal(request: Request) -> list[Reply] | None:
    """None when the sender may change the chat's settings, else the polite refusal."""
    if request.chat_type == "private":
        return None
    if request.is_chat_admin is not None and request.is_chat_admin():
        return None
    return [Reply(escape(REFUSAL))]


def _describe(row: Subscription) -> str:
    """ "a daily digest at 08:00 (Asia/Ho_Chi_Minh) and meeting reminders 1 day before"."""
    digest = (
        f"a daily digest at {row.digest_time:%H:%M}"
        if row.frequency == Frequency.DAILY
        else f"a weekly digest on Mondays at {row.digest_time:%H:%M}"
    )
    days = format_days(row.days)
    reminder = f"meeting reminders {days}" if row.days else "no meeting reminders"
    return f"{digest} ({row.timezone}) and {reminder}"


def _settings_reply(row: Subscription | None, services: Services) -> Reply:
    if row is None or row.status != ACTIVE:
        lines = (
            [f"<b>Paused</b> because {escape(row.paused_reason)}. Send /subscribe to resume."]
            if row is not None and row.status == PAUSED
            else ["<b>Not subscribed.</b> Send /subscribe for a digest and meeting reminders."]
        )
    else:
        lines = [f"<b>Subscribed:</b> {escape(_describe(row))}."]
        lines.append(f"Next digest: {escape(_when(_schedule_of(row, services), services))}.")
    zone = row.timezone if row else services.settings.timezone
    frequency = row.frequency if row else Frequency.DAILY
    at = row.digest_time if row else DEFAULT_TIME
    days = row.days if row else DEFAULT_REMINDER_DAYS
    lines.append(f"Time zone: {escape(zone)} (change with /timezone Area/City).")
    lines.append("Other times: /subscribe daily 09:30. Reminder days: /reminders 7,1,0.")

    def mark(label: str, chosen: bool) -> str:
        return f"✓ {label}" if chosen else label

    active = row is not None and row.status == ACTIVE
    buttons = (
        tuple(
            Button(mark(f.value.capitalize(), frequency == f), f"{SETTINGS_PREFIX}{f.value}")
            for f in Frequency
        ),
        tuple(
            Button(mark(f"{t:%H:%M}", at == t), f"{SETTINGS_PREFIX}t{t:%H%M}") for t in TIME_CHOICES
        ),
        (
            Button(mark("Reminders on", bool(days)), f"{SETTINGS_PREFIX}rem:on"),
            Button(mark("Reminders off", not days), f"{SETTINGS_PREFIX}rem:off"),
        ),
        (
            Button("Unsubscribe", f"{SETTINGS_PREFIX}off")
            if active
            else Button("Subscribe", f"{SETTINGS_PREFIX}on"),
        ),
    )
    return Reply("\n".join(lines), buttons)


def _schedule_of(row: Subscription, services: Services) -> ChatSchedule:
    now = services.clock.now()
    return ChatSchedule(
        row.id,
        row.chat_id,
        Frequency(row.frequency),
        row.digest_time,
        row.timezone,
        row.days,
        row.active_since or now,
    )


def _when(chat: ChatSchedule, services: Services) -> str:
    return local_time(next_digest_slot(chat, services.clock.now()), chat)


def local_time(moment: datetime, chat: ChatSchedule) -> str:
    """A moment in the chat's time zone, as people read it: Tue 21 May 2024, 08:00."""
    local = moment.astimezone(chat.zone)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


# ------------------------------------------------------------------ the schedule


def dated_meetings(services: Services) -> dict[int, EventView]:
    """Meetings known to the day, by id: the only ones digests list and reminders follow."""
    return {
        event.id: event
        for event in services.events.newest_first()
        if event.start is not None and event.precision == "day"
    }


def as_meetings(views: dict[int, EventView]) -> list[Meeting]:
    """The schedule's view of the meetings."""
    return [Meeting(view.id, view.name, view.start) for view in views.values() if view.start]


def _next_items(chat_id: int, services: Services) -> Reply:
    now = services.clock.now()
    chats = repository(services).schedules(now, chat_id=chat_id)
    if not chats:
        return Reply(escape(NOT_SUBSCRIBED))
    chat = chats[0]
    items = upcoming(chat, as_meetings(dated_meetings(services)), now)[:MAX_LISTED]
    lines = [f"<b>Next for this chat</b> (times in {escape(chat.timezone)}):"]
    for item in items:
        when = "due now" if item.at <= now else local_time(item.at, chat)
        if item.kind is Kind.DIGEST:
            lines.append(f"• {escape(when)} — digest, if there are new articles")
        elif item.meeting is not None:
            lines.append(
                f"• {escape(when)} — reminder: #{item.meeting.id} {escape(item.meeting.name)}"
                f", {escape(days_until(chat, item.meeting, item.at))}"
            )
    days = format_days(chat.reminder_days)
    lines.append(
        f"Meeting reminders: {escape(days)}. Change with /reminders 7,1,0 or /reminders off."
        if chat.reminder_days
        else "Meeting reminders are off: /reminders on brings them back."
    )
    return Reply("\n".join(lines))


@dataclass(frozen=True)
class Outgoing:
    """What a due item turned into: a message, or nothing (and why), and for a digest
    the last article it covers."""

    reply: Reply | None
    note: str
    digest_after: int | None = None


def compose(item: Item, services: Services, now: datetime) -> Outgoing:
    """The digest or reminder message for a due item."""
    if item.kind is Kind.DIGEST:
        return _digest(item.chat, services, now)
    if item.meeting is None:
        raise ValueError(f"reminder {item.key} without a meeting")
    return _reminder(item.chat, item.meeting, services, now)


def _digest(chat: ChatSchedule, services: Services, now: datetime) -> Outgoing:
    store = repository(services)
    articles = store.articles_after(store.digest_after(chat.subscription_id))
    if not articles:
        return Outgoing(None, "nothing new")
    shown = articles[:MAX_DIGEST_ARTICLES]
    local = now.astimezone(chat.zone)
    lines = [f"<b>Digest</b> · {local:%a} {local.day} {local:%b %Y}", ""]
    count = len(articles)
    lines.append(f"<b>{_plural(count, 'new article')}</b>")
    for article_id, title in shown:
        lines.append(f"\n<b>#{article_id} {escape(title)}</b>")
        try:
            sentences = services.summaries.for_article(article_id, sentences=1).summary.sentences
        except SummaryError:
            sentences = ()
        if sentences:
            lines.append(escape(sentences[0]))
    if count > len(shown):
        lines.append(f"\n…and {count - len(shown)} more: /search finds them.")
    views = dated_meetings(services)
    ahead = meetings_ahead(as_meetings(views), local.date(), DIGEST_MEETING_DAYS)
    if ahead:
        lines.append(f"\n<b>Meetings in the next {DIGEST_MEETING_DAYS} days</b>")
        lines += [_meeting_line(views[m.id], chat, m, now) for m in ahead]
    buttons = tuple((Button(f"Briefing #{m.id}", briefing_data(m.id)),) for m in ahead[:5])
    note = f"{_plural(count, 'article')}, {_plural(len(ahead), 'meeting')}"
    return Outgoing(Reply("\n".join(lines), buttons), note, digest_after=articles[-1][0])


def _plural(count: int, thing: str) -> str:
    return f"{count} {thing}{'s' if count != 1 else ''}"


def _meeting_line(view: EventView, chat: ChatSchedule, meeting: Meeting, now: datetime) -> str:
    where = f" · {escape(view.location)}" if view.location else ""
    return (
        f"#{view.id} {escape(view.name)}\n"
        f"{escape(format_range(view.start, view.end, view.precision))}{where}"
        f" · {escape(days_until(chat, meeting, now))}"
    )


def _reminder(chat: ChatSchedule, meeting: Meeting, services: Services, now: datetime) -> Outgoing:
    """The briefing card's short form under a heading saying how soon."""
    try:
        card = services.events.briefing(meeting.id)
    except EventQueryError:
        return Outgoing(None, "meeting no longer stored")
    event = card.event
    soon = days_until(chat, meeting, now)
    lines = [
        f"<b>Reminder: {escape(event.name)} starts {escape(soon)}</b>",
        f"<b>When:</b> {escape(format_range(event.start, event.end, event.precision))}",
    ]
    lines += labelled(("Where", event.location), ("Host", card.host), ("Theme", card.theme))
    if card.sources:
        lines.append(f"<b>Sources:</b> {', '.join(f'#{s.id}' for s in card.sources)}")
    buttons = (
        (
            Button(f"Briefing #{event.id}", briefing_data(event.id)),
            Button("Calendar (.ics)", calendar_data(event.id)),
        ),
    )
    return Outgoing(Reply("\n".join(lines), buttons), f"meeting #{event.id} {soon}")
