"""Subscriptions: the commands people send, the rows they leave, and the claims that keep
each digest and reminder to one send, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import make_settings
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.schedule import Kind
from bot.services import Services
from handlers.messages import Reply, Request
from handlers.render import to_plain
from handlers.router import parse_command
from handlers.subscriptions import REFUSAL, SUBSCRIPTION_HANDLERS, repository, settings_button
from storage.subscriptions import Delivery, Subscription

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PRIVATE = 6100000001
GROUP = -4100000001


def at(text: str) -> datetime:
    """A moment in Ho Chi Minh City time: at("2024-05-20 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=HCM)


class MovableClock(Clock):
    """A clock the test sets by hand."""

    def __init__(self, moment: datetime) -> None:
        super().__init__(moment)
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(at("2024-05-20 10:00"))


@pytest.fixture
def store(tmp_path: Path, database_url: str, clock: MovableClock) -> Iterator[Services]:
    """Seeded services on both databases, with a clock the test moves."""
    opened = Services.open(make_settings(tmp_path, database_url), clock)
    yield opened
    opened.close()


def never_asked() -> bool:
    raise AssertionError("reading the settings must not ask who administers the group")


def send(
    services: Services,
    text: str,
    *,
    chat_id: int = PRIVATE,
    admin: Callable[[], bool] | None = None,
) -> list[Reply]:
    parsed = parse_command(text)
    assert parsed is not None
    chat_type = "private" if chat_id > 0 else "group"
    request = Request(parsed[0], parsed[1], chat_id, chat_type, 1, is_chat_admin=admin)
    return SUBSCRIPTION_HANDLERS[parsed[0]](request, services)


def say(services: Services, text: str, **where) -> str:
    """What the chat shows for the command's replies."""
    return "\n\n".join(to_plain(reply.html) for reply in send(services, text, **where))


def rows(services: Services) -> list[tuple]:
    with services.database.reader() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    Subscription.chat_id,
                    Subscription.status,
                    Subscription.frequency,
                    Subscription.digest_time,
                    Subscription.timezone,
                    Subscription.reminder_days,
                ).order_by(Subscription.chat_id)
            )
        ]


def asean_id(services: Services) -> int:
    return next(e.id for e in services.events.newest_first() if e.name.startswith("33rd ASEAN"))


# ------------------------------------------------------------------ commands


def test_subscribe_with_the_defaults(store: Services) -> None:
    assert say(store, "/subscribe") == (
        "Subscribed: a daily digest at 08:00 (Asia/Ho_Chi_Minh) and meeting reminders 7 days "
        "before, 1 day before and on the morning it starts. The first digest carries the "
        "articles added from now on.\n"
        "Next digest: Tue 21 May 2024, 08:00.\n"
        "Change with /settings, /timezone or /reminders; stop with /unsubscribe."
    )
    assert rows(store) == [(PRIVATE, "active", "daily", time(8, 0), "Asia/Ho_Chi_Minh", "7,1,0")]
    row = repository(store).find(PRIVATE)
    assert row is not None and row.active_since == at("2024-05-20 10:00")
    assert row.digest_after == 5  # the seed articles are not news to this chat


def test_subscribe_again_changes_what_was_asked_and_keeps_the_rest(store: Services) -> None:
    assert say(store, "/subscribe weekly at 18:30").startswith(
        "Subscribed: a weekly digest on Mondays at 18:30 (Asia/Ho_Chi_Minh)"
    )
    assert say(store, "/subscribe DAILY").startswith(
        "Subscription changed: a daily digest at 18:30 (Asia/Ho_Chi_Minh)"
    )
    assert rows(store) == [(PRIVATE, "active", "daily", time(18, 30), "Asia/Ho_Chi_Minh", "7,1,0")]


BAD_INPUT = [
    ("/subscribe at 25:99", "“25:99” is not a time of day; write it as HH:MM, e.g. 08:00."),
    (
        "/subscribe hourly",
        "I don't understand “hourly”. Usage: /subscribe [daily|weekly] [HH:MM], "
        "for example /subscribe daily 08:00",
    ),
    (
        "/subscribe daily weekly",
        "I don't understand “weekly”. Usage: /subscribe [daily|weekly] [HH:MM], "
        "for example /subscribe daily 08:00",
    ),
    (
        "/timezone Mars/Olympus",
        "“Mars/Olympus” is not a time zone I know; write it as Area/City, "
        "e.g. Asia/Ho_Chi_Minh or Europe/Brussels.",
    ),
    (
        "/reminders soon",
        "Write the days before each meeting as numbers, e.g. /reminders 7,1,0 "
        "(0 is the morning it starts), or /reminders off.",
    ),
    ("/reminders 45", "Reminders go at most 30 days ahead."),
]


def test_bad_input_gets_one_line_and_stores_nothing(store: Services) -> None:
    for text, answer in BAD_INPUT:
        assert say(store, text) == answer, text
    assert rows(store) == []


def test_time_zone_is_shown_and_set(store: Services) -> None:
    assert say(store, "/timezone") == (
        "This chat's time zone is Asia/Ho_Chi_Minh. Change it with /timezone Area/City, "
        "for example /timezone Europe/Brussels."
    )
    assert say(store, "/timezone europe/brussels") == (
        "Time zone set to Europe/Brussels: digests and reminders go at 08:00 there."
    )
    assert rows(store) == [(PRIVATE, "off", "daily", time(8, 0), "Europe/Brussels", "7,1,0")]
    assert say(store, "/timezone").startswith("This chat's time zone is Europe/Brussels.")
    assert "(Europe/Brussels)" in say(store, "/subscribe")


def test_unsubscribe_keeps_the_settings_for_next_time(store: Services, clock) -> None:
    say(store, "/subscribe weekly 18:30")
    assert say(store, "/unsubscribe") == (
        "Unsubscribed: no more digests or reminders here. "
        "Your settings are kept for the next /subscribe."
    )
    assert rows(store)[0][:2] == (PRIVATE, "off")
    assert say(store, "/unsubscribe") == "This chat was not subscribed."
    clock.moment = at("2024-06-10 09:00")
    assert say(store, "/subscribe").startswith("Subscribed: a weekly digest on Mondays at 18:30")
    row = repository(store).find(PRIVATE)
    assert row is not None and row.active_since == at("2024-06-10 09:00")


def test_reminders_lists_what_comes_next_and_sets_the_days(store: Services) -> None:
    assert say(store, "/reminders") == (
        "This chat is not subscribed. Send /subscribe for digests and meeting reminders."
    )
    say(store, "/subscribe")
    asean = asean_id(store)
    name = f"#{asean} 33rd ASEAN Customs Directors-General Meeting"
    assert say(store, "/reminders") == (
        "Next for this chat (times in Asia/Ho_Chi_Minh):\n"
        "• Tue 21 May 2024, 08:00 — digest, if there are new articles\n"
        f"• Tue 28 May 2024, 08:00 — reminder: {name}, in 7 days\n"
        f"• Mon 3 Jun 2024, 08:00 — reminder: {name}, tomorrow\n"
        f"• Tue 4 Jun 2024, 08:00 — reminder: {name}, today\n"
        "Meeting reminders: 7 days before, 1 day before and on the morning it starts. "
        "Change with /reminders 7,1,0 or /reminders off."
    )
    assert say(store, "/reminders 1") == "Meeting reminders: 1 day before."
    assert rows(store)[0][5] == "1"
    assert say(store, "/reminders off") == (
        "Meeting reminders are off. /reminders on brings them back."
    )
    assert say(store, "/reminders") == (
        "Next for this chat (times in Asia/Ho_Chi_Minh):\n"
        "• Tue 21 May 2024, 08:00 — digest, if there are new articles\n"
        "Meeting reminders are off: /reminders on brings them back."
    )
    say(store, "/reminders on")
    assert rows(store)[0][5] == "7,1,0"


def test_reminder_days_set_before_subscribing_say_how_to_start(store: Services) -> None:
    assert say(store, "/reminders 3,0") == (
        "Meeting reminders: 3 days before and on the morning it starts. "
        "Send /subscribe to start receiving them."
    )
    assert rows(store) == [(PRIVATE, "off", "daily", time(8, 0), "Asia/Ho_Chi_Minh", "3,0")]


# ------------------------------------------------------------------ groups


def test_group_members_who_are_not_admins_are_refused(store: Services) -> None:
    for text in ("/subscribe", "/unsubscribe", "/timezone Europe/Brussels", "/reminders off"):
        assert say(store, text, chat_id=GROUP, admin=lambda: False) == REFUSAL, text
        assert say(store, text, chat_id=GROUP, admin=None) == REFUSAL, text
    assert rows(store) == []


def test_group_admins_change_and_everyone_reads(store: Services) -> None:
    said = say(store, "/subscribe weekly 09:00", chat_id=GROUP, admin=lambda: True)
    assert said.startswith("Subscribed: a weekly digest on Mondays at 09:00")
    assert rows(store) == [(GROUP, "active", "weekly", time(9, 0), "Asia/Ho_Chi_Minh", "7,1,0")]
    assert say(store, "/settings", chat_id=GROUP, admin=never_asked).startswith(
        "Subscribed: a weekly digest on Mondays at 09:00"
    )
    assert say(store, "/reminders", chat_id=GROUP, admin=never_asked).startswith(
        "Next for this chat"
    )
    assert say(store, "/timezone", chat_id=GROUP, admin=never_asked).startswith(
        "This chat's time zone is Asia/Ho_Chi_Minh."
    )


def press(services: Services, data: str, *, chat_id: int = PRIVATE, admin=None) -> Reply:
    chat_type = "private" if chat_id > 0 else "group"
    request = Request("button", "", chat_id, chat_type, 1, is_chat_admin=admin)
    [reply] = settings_button(data, request, services)
    return reply


def labels(reply: Reply) -> list[list[str]]:
    return [[button.label for button in row] for row in reply.buttons]


def test_settings_buttons_change_the_settings_in_place(store: Services) -> None:
    [shown] = send(store, "/settings")
    assert to_plain(shown.html).startswith("Not subscribed. Send /subscribe")
    assert labels(shown) == [
        ["✓ Daily", "Weekly"],
        ["07:00", "✓ 08:00", "12:00", "17:00"],
        ["✓ Reminders on", "Reminders off"],
        ["Subscribe"],
    ]
    assert all(len(b.data.encode()) <= 64 for row in shown.buttons for b in row if b.data)

    reply = press(store, "cfg:on")
    assert reply.edit and labels(reply)[3] == ["Unsubscribe"]
    assert to_plain(reply.html).splitlines()[:2] == [
        "Subscribed: a daily digest at 08:00 (Asia/Ho_Chi_Minh) and meeting reminders 7 days "
        "before, 1 day before and on the morning it starts.",
        "Next digest: Tue 21 May 2024, 08:00.",
    ]
    press(store, "cfg:weekly")
    press(store, "cfg:t1700")
    reply = press(store, "cfg:rem:off")
    assert labels(reply)[:3] == [
        ["Daily", "✓ Weekly"],
        ["07:00", "08:00", "12:00", "✓ 17:00"],
        ["Reminders on", "✓ Reminders off"],
    ]
    assert rows(store) == [(PRIVATE, "active", "weekly", time(17, 0), "Asia/Ho_Chi_Minh", "")]
    press(store, "cfg:off")
    assert rows(store)[0][1] == "off"


def test_settings_buttons_in_groups_are_for_admins(store: Services) -> None:
    reply = press(store, "cfg:on", chat_id=GROUP, admin=lambda: False)
    assert to_plain(reply.html) == REFUSAL and not reply.edit
    assert rows(store) == []
    assert press(store, "cfg:on", chat_id=GROUP, admin=lambda: True).edit
    assert rows(store)[0][:2] == (GROUP, "active")


def test_forged_settings_buttons_get_a_polite_answer(store: Services) -> None:
    for data in ("cfg:t2599", "cfg:", "cfg:weekly;drop", "cfg:rem:maybe"):
        answer = press(store, data).html
        assert answer == "This button no longer works. Send /settings again.", data
    assert rows(store) == []


# ------------------------------------------------------------------ the store


def subscribed(services: Services, chat_id: int = PRIVATE):
    say(services, "/subscribe") if chat_id > 0 else say(
        services, "/subscribe", chat_id=chat_id, admin=lambda: True
    )
    return repository(services).schedules(services.clock.now(), chat_id=chat_id)[0]


def deliveries(services: Services) -> list[tuple]:
    with services.database.reader() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(Delivery.chat_id, Delivery.kind, Delivery.key, Delivery.status).order_by(
                    Delivery.id
                )
            )
        ]


def test_a_delivery_can_be_claimed_once(store: Services) -> None:
    chat = subscribed(store)
    repo = repository(store)
    now = store.clock.now()
    first = repo.claim(chat, Kind.REMINDER, "8:7", now, "one")
    assert first is not None
    assert repo.claim(chat, Kind.REMINDER, "8:7", now, "two") is None
    assert repo.claim(chat, Kind.REMINDER, "8:1", now, "two") is not None
    assert deliveries(store) == [
        (PRIVATE, "reminder", "8:7", "claimed"),
        (PRIVATE, "reminder", "8:1", "claimed"),
    ]


def test_uniqueness_is_a_database_constraint(store: Services) -> None:
    chat = subscribed(store)
    row = {
        "subscription_id": chat.subscription_id,
        "kind": "digest",
        "key": "2024-05-21",
        "status": "sent",
        "chat_id": PRIVATE,
        "owner": "test",
        "claimed_at": store.clock.now(),
    }
    with store.database.transaction() as session:
        session.add(Delivery(**row))
    with pytest.raises(IntegrityError), store.database.transaction() as session:
        session.add(Delivery(**row))


def test_concurrent_claims_have_one_winner(store: Services) -> None:
    chat = subscribed(store)
    repo = repository(store)
    start = threading.Barrier(6)
    won: list[object] = []

    def claim(owner: str) -> None:
        start.wait()
        won.append(repo.claim(chat, Kind.DIGEST, "2024-05-21", store.clock.now(), owner))

    threads = [threading.Thread(target=claim, args=(f"p{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 6 and sum(claim is not None for claim in won) == 1
    assert deliveries(store) == [(PRIVATE, "digest", "2024-05-21", "claimed")]


def test_concurrent_first_settings_make_one_row(store: Services) -> None:
    repo = repository(store)
    start = threading.Barrier(4)
    errors: list[Exception] = []

    def change(days: tuple[int, ...]) -> None:
        start.wait()
        try:
            repo.update(GROUP, "group", reminder_days=days)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=change, args=((n,),)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    [(chat_id, status, *_rest, days)] = rows(store)
    assert (chat_id, status) == (GROUP, "off") and days in {"0", "1", "2", "3"}


def test_dead_claims_are_released_if_unsent_and_lost_if_maybe_sent(store: Services) -> None:
    chat = subscribed(store)
    repo = repository(store)
    now = store.clock.now()
    unsent = repo.claim(chat, Kind.REMINDER, "8:7", now, "host:1:aa")
    maybe = repo.claim(chat, Kind.REMINDER, "8:1", now, "host:1:aa")
    assert unsent is not None and maybe is not None
    repo.sending(maybe, PRIVATE)
    assert repo.expire(now + timedelta(minutes=5), timedelta(minutes=15)) == []
    settled = repo.expire(now + timedelta(minutes=16), timedelta(minutes=15))
    assert sorted((e.key, e.outcome) for e in settled) == [("8:1", "lost"), ("8:7", "released")]
    assert deliveries(store) == [(PRIVATE, "reminder", "8:1", "lost")]
    assert repo.claim(chat, Kind.REMINDER, "8:7", now, "host:2:bb") is not None


def test_a_sent_digest_moves_the_mark_and_a_refusal_pauses(store: Services) -> None:
    chat = subscribed(store)
    repo = repository(store)
    now = store.clock.now()
    digest = repo.claim(chat, Kind.DIGEST, "2024-05-21", now, "me")
    assert digest is not None
    repo.finish(digest, "sent", now, detail="2 articles", digest_after=7)
    assert repo.digest_after(chat.subscription_id) == 7
    reminder = repo.claim(chat, Kind.REMINDER, "8:7", now, "me")
    assert reminder is not None
    repo.finish(reminder, "failed", now, detail="Forbidden", pause="the bot was removed")
    assert rows(store)[0][1] == "paused"
    assert repository(store).schedules(now) == []
    assert say(store, "/settings").startswith(
        "Paused because the bot was removed. Send /subscribe to resume."
    )
    assert say(store, "/subscribe").startswith("Subscribed:")


def test_a_group_upgraded_to_a_supergroup_keeps_its_subscription(store: Services) -> None:
    chat = subscribed(store, GROUP)
    repo = repository(store)
    now = store.clock.now()
    claim = repo.claim(chat, Kind.REMINDER, "8:7", now, "me")
    assert claim is not None
    repo.finish(claim, "sent", now)
    supergroup = -1002100000001
    assert repo.move_chat(GROUP, supergroup)
    [moved] = repo.schedules(now)
    assert moved.chat_id == supergroup and ("reminder", "8:7") in moved.taken
    assert rows(store)[0][:2] == (supergroup, "active")
    assert not repo.move_chat(GROUP, supergroup)
