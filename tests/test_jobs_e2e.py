"""The schedule job end to end: digests and reminders through our fake Bot API server.

First the job in this process, with a real python-telegram-bot `Bot` talking HTTP to the
fake server and a clock the test moves: what the messages say, how Telegram's refusals
are handled, and two senders racing on one PostgreSQL database. Then the real
`briefbot run` process, its clock set by BRIEFBOT_NOW and restarted to move it: a
fortnight of digests and reminders across restarts, nothing twice; and two bot
processes sharing one PostgreSQL database.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from conftest import make_settings
from fake_telegram import Chat, FakeTelegram, StoredMessage, User
from sqlalchemy import create_engine, select, text
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut
from test_subscriptions import MovableClock, at

from bot.jobs import Courier, due_report
from bot.schedule import Kind
from bot.services import Services
from handlers.messages import Request
from handlers.render import TELEGRAM_LIMIT
from handlers.subscriptions import SUBSCRIPTION_HANDLERS, repository
from storage.subscriptions import Delivery

TOKEN = "987654321:TEST-jobs-token"
BOT_USERNAME = "briefbot_test_bot"
ASEAN = "33rd ASEAN Customs Directors-General Meeting"


def article(n: int, words: int = 3) -> bytes:
    """A small article whose title and first sentence name it; `words` lengthens both of
    its sentences."""
    filler = " ".join(["clearance"] * words)
    return (
        f"Customs office {n} reports record clearance\n\n"
        f"Customs office {n} cleared a record number of declarations this month with "
        f"{filler} at every checkpoint. The department said faster processing and "
        f"{filler} helped.\n"
    ).encode()


# ================================================================== the job in this process


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    with FakeTelegram(token=TOKEN, bot_username=BOT_USERNAME) as server:
        yield server


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(at("2024-05-20 10:00"))


@pytest.fixture
def store(tmp_path: Path, clock: MovableClock) -> Iterator[Services]:
    opened = Services.open(make_settings(tmp_path), clock)
    yield opened
    opened.close()


def subscribe(services: Services, chat: Chat, args: str = "") -> None:
    request = Request("subscribe", args, chat.id, chat.type, 1, is_chat_admin=lambda: True)
    SUBSCRIPTION_HANDLERS["subscribe"](request, services)


def run_job(services: Services, tg: FakeTelegram, owner: str = "test") -> dict[str, int]:
    """One run of the schedule job with a real Bot against the fake server."""

    async def run() -> dict[str, int]:
        async with Bot(TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
            return await Courier(services, bot, owner).run()

    return asyncio.run(run())


def delivered(services: Services) -> list[tuple]:
    with services.database.reader() as session:
        query = select(Delivery.chat_id, Delivery.kind, Delivery.key, Delivery.status)
        return [tuple(row) for row in session.execute(query.order_by(Delivery.id))]


def asean_id(services: Services) -> int:
    return next(e.id for e in services.events.newest_first() if e.name == ASEAN)


def test_a_digest_lists_new_articles_and_coming_meetings(
    store: Services, tg: FakeTelegram, clock: MovableClock
) -> None:
    chat = tg.private_chat(tg.user("Alice"))
    subscribe(store, chat)
    for n in range(40):
        store.ingestor.ingest_bytes(article(n, words=30), source=f"office_{n}.txt")
    clock.moment = at("2024-05-21 08:00")
    assert run_job(store, tg) == {"sent": 1}

    parts = tg.bot_messages(chat)
    assert len(parts) > 1 and all(len(p.text or "") <= TELEGRAM_LIMIT for p in parts)
    text = "\n".join(p.text or "" for p in parts)
    assert text.startswith("Digest · Tue 21 May 2024\n\n40 new articles\n\n#6 Customs office 0")
    assert "#6 Customs office 0 reports record clearance\nCustoms office 0 cleared" in text
    assert "#35 Customs office 29 reports record clearance" in text
    assert "#36 " not in text and "…and 10 more: /search finds them." in text
    asean = asean_id(store)
    where = store.events.briefing(asean).event.location
    assert where.startswith("Phu Quoc")
    assert (
        f"Meetings in the next 14 days\n#{asean} {ASEAN}\n4–6 Jun 2024 · {where} · in 14 days"
    ) in text
    assert [p.buttons for p in parts[:-1]] == [[]] * (len(parts) - 1)
    assert [(b["text"], b["callback_data"]) for b in parts[-1].buttons] == [
        (f"Briefing #{asean}", f"e:{asean}")
    ]

    assert run_job(store, tg) == {}  # the same minute again: nothing
    clock.moment = at("2024-05-22 08:00")
    assert run_job(store, tg) == {"skipped": 1}  # nothing new: nothing sent
    store.ingestor.ingest_bytes(article(99), source="office_99.txt")
    clock.moment = at("2024-05-23 08:30")
    assert run_job(store, tg) == {"sent": 1}
    last = tg.bot_messages(chat)[-1].text or ""
    assert last.startswith("Digest · Thu 23 May 2024\n\n1 new article\n\n#46 Customs office 99")
    assert delivered(store) == [
        (chat.id, "digest", "2024-05-21", "sent"),
        (chat.id, "digest", "2024-05-22", "skipped"),
        (chat.id, "digest", "2024-05-23", "sent"),
    ]


def test_a_reminder_is_the_short_briefing_with_buttons(
    store: Services, tg: FakeTelegram, clock: MovableClock
) -> None:
    chat = tg.private_chat(tg.user("Alice"))
    subscribe(store, chat)
    clock.moment = at("2024-05-28 08:00")
    assert run_job(store, tg) == {"sent": 1, "skipped": 1}  # the reminder; no new articles
    asean = asean_id(store)
    where = store.events.briefing(asean).event.location
    [reminder] = tg.bot_messages(chat)
    assert (reminder.text or "").splitlines()[:3] == [
        f"Reminder: {ASEAN} starts in 7 days",
        "When: 4–6 Jun 2024",
        f"Where: {where}",
    ]
    assert (reminder.text or "").endswith("Sources: #3")
    assert [(b["text"], b["callback_data"]) for b in reminder.buttons] == [
        (f"Briefing #{asean}", f"e:{asean}"),
        ("Calendar (.ics)", f"c:{asean}"),
    ]
    assert delivered(store) == [
        (chat.id, "digest", "2024-05-28", "skipped"),
        (chat.id, "reminder", f"{asean}:7", "sent"),
    ]


def test_a_chat_that_removed_the_bot_is_paused(
    store: Services, tg: FakeTelegram, clock: MovableClock, caplog: pytest.LogCaptureFixture
) -> None:
    alice = tg.user("Alice")
    group = tg.group("Customs team", admins=[alice])
    subscribe(store, group)
    tg.kick_bot(group, alice)
    clock.moment = at("2024-05-28 08:00")
    with caplog.at_level(logging.WARNING, logger="bot.jobs"):
        run_job(store, tg)
    assert (
        f"Chat {group.id} refuses the bot" in caplog.text and "subscription paused" in caplog.text
    )
    row = repository(store).find(group.id)
    assert row is not None and row.status == "paused"
    assert delivered(store)[-1][2:] == (f"{asean_id(store)}:7", "failed")

    attempts = len(tg.calls_to("sendMessage"))
    clock.moment = at("2024-06-03 08:00")
    assert run_job(store, tg) == {}
    assert len(tg.calls_to("sendMessage")) == attempts


def test_a_group_upgraded_to_a_supergroup_gets_its_reminder_there(
    store: Services, tg: FakeTelegram, clock: MovableClock
) -> None:
    alice = tg.user("Alice")
    group = tg.group("Customs team", admins=[alice])
    subscribe(store, group)
    supergroup = tg.migrate_to_supergroup(group)
    clock.moment = at("2024-05-28 08:00")
    assert run_job(store, tg)["sent"] == 1
    assert tg.bot_messages(group) == []
    [reminder] = tg.bot_messages(supergroup)
    assert (reminder.text or "").startswith(f"Reminder: {ASEAN} starts in 7 days")
    row = repository(store).find(supergroup.id)
    assert row is not None and row.status == "active"
    assert delivered(store)[-1] == (supergroup.id, "reminder", f"{asean_id(store)}:7", "sent")


def test_a_send_that_may_have_arrived_is_lost_loudly_never_repeated(
    store: Services, tg: FakeTelegram, clock: MovableClock, caplog: pytest.LogCaptureFixture
) -> None:
    chat = tg.private_chat(tg.user("Alice"))
    subscribe(store, chat)
    tg.fail_next("sendMessage", 500, "Internal Server Error")
    clock.moment = at("2024-05-28 08:00")
    with caplog.at_level(logging.ERROR, logger="bot.jobs"):
        assert run_job(store, tg) == {"lost": 1, "skipped": 1}
    asean = asean_id(store)
    assert f"LOST reminder {asean}:7 for chat {chat.id} after 0 of 1 parts" in caplog.text
    clock.moment = at("2024-05-28 09:00")
    assert run_job(store, tg) == {}
    assert tg.bot_messages(chat) == []
    assert delivered(store)[-1] == (chat.id, "reminder", f"{asean}:7", "lost")


def test_a_send_that_surely_failed_is_tried_again(
    store: Services, tg: FakeTelegram, clock: MovableClock
) -> None:
    chat = tg.private_chat(tg.user("Alice"))
    subscribe(store, chat)
    tg.fail_next("sendMessage", 429, retry_after=30)
    clock.moment = at("2024-05-28 08:00")
    assert run_job(store, tg) == {"released": 1, "skipped": 1}
    assert [row[3] for row in delivered(store)] == ["skipped"]
    clock.moment = at("2024-05-28 08:01")
    assert run_job(store, tg) == {"sent": 1}
    assert len(tg.bot_messages(chat)) == 1


def test_claims_of_a_dead_process_are_settled(
    store: Services, tg: FakeTelegram, clock: MovableClock, caplog: pytest.LogCaptureFixture
) -> None:
    chat = tg.private_chat(tg.user("Alice"))
    subscribe(store, chat)
    store.ingestor.ingest_bytes(article(1), source="office_1.txt")
    clock.moment = at("2024-05-28 08:00")
    repo = repository(store)
    [schedule] = repo.schedules(clock.moment)
    asean = asean_id(store)
    # A process claimed both, began sending the reminder, and died.
    digest = repo.claim(schedule, Kind.DIGEST, "2024-05-28", clock.moment, "old-host:42:abcdef")
    reminder = repo.claim(schedule, Kind.REMINDER, f"{asean}:7", clock.moment, "old-host:42:abcdef")
    assert digest is not None and reminder is not None
    repo.sending(reminder, chat.id)

    clock.moment = at("2024-05-28 08:10")
    assert run_job(store, tg) == {}  # not yet timed out: still theirs
    clock.moment = at("2024-05-28 08:16")
    with caplog.at_level(logging.WARNING, logger="bot.jobs"):
        assert run_job(store, tg) == {"sent": 1}
    assert (
        f"LOST reminder {asean}:7 for chat {chat.id}: old-host:42:abcdef died while sending it"
        in caplog.text
    )
    [digest_message] = tg.bot_messages(chat)
    assert (digest_message.text or "").startswith("Digest · Tue 28 May 2024\n\n1 new article")
    assert sorted(delivered(store)) == [
        (chat.id, "digest", "2024-05-28", "sent"),
        (chat.id, "reminder", f"{asean}:7", "lost"),
    ]


class FailingBot:
    """A bot whose sends fail as the network can, which the fake server cannot stage."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def send_message(self, *args: object, **kwargs: object) -> None:
        raise self.error


def _network_error(cause: Exception, error: NetworkError) -> NetworkError:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (
            _network_error(
                httpx.ConnectError("refused"),
                NetworkError("httpx.ConnectError: refused"),
            ),
            "released",
        ),
        (_network_error(httpx.PoolTimeout("busy"), TimedOut("pool")), "released"),
        (RetryAfter(5), "released"),
        (_network_error(httpx.ReadTimeout("slow"), TimedOut()), "lost"),
        (
            _network_error(
                httpx.RemoteProtocolError("gone"),
                NetworkError("httpx.RemoteProtocolError: gone"),
            ),
            "lost",
        ),
    ],
    ids=["connect-refused", "pool-timeout", "flood-control", "read-timeout", "cut-mid-answer"],
)
def test_only_sends_that_surely_did_not_happen_are_retried(
    store: Services, clock: MovableClock, error: Exception, outcome: str
) -> None:
    subscribe(store, Chat(6100000009, "private"))
    clock.moment = at("2024-05-28 08:00")
    counts = asyncio.run(Courier(store, FailingBot(error)).run())
    assert counts == {outcome: 1, "skipped": 1}
    reminders = [row[3] for row in delivered(store) if row[1] == "reminder"]
    assert reminders == ([] if outcome == "released" else ["lost"])


def test_two_senders_on_one_postgresql_database_send_each_reminder_once(
    tmp_path: Path, postgres_url: str, tg: FakeTelegram
) -> None:
    clock = MovableClock(at("2024-05-20 10:00"))
    first = Services.open(make_settings(tmp_path / "a", postgres_url), clock)
    second = Services.open(make_settings(tmp_path / "b", postgres_url), clock)
    chats = [tg.private_chat(tg.user(f"User {n}")) for n in range(8)]
    for chat in chats:
        subscribe(first, chat)
    first.ingestor.ingest_bytes(article(1), source="office_1.txt")
    clock.moment = at("2024-05-28 08:00")

    async def race() -> list[dict[str, int]]:
        async with (
            Bot(TOKEN, base_url=tg.base_url) as one,
            Bot(TOKEN, base_url=tg.base_url) as two,
        ):
            return await asyncio.gather(
                Courier(first, one, "first").run(), Courier(second, two, "second").run()
            )

    try:
        counts = asyncio.run(race())
        rows = delivered(first)
    finally:
        first.close()
        second.close()
    assert sum(c.get("sent", 0) for c in counts) == 16, counts  # the rest were "taken"
    for chat in chats:
        texts = [m.text or "" for m in tg.bot_messages(chat)]
        assert sorted(t.split("\n")[0] for t in texts) == [
            "Digest · Tue 28 May 2024",
            f"Reminder: {ASEAN} starts in 7 days",
        ]
    assert len(rows) == 16 and {row[3] for row in rows} == {"sent"}


def test_the_report_lists_what_is_due_and_when(store: Services, clock: MovableClock) -> None:
    subscribe(store, Chat(-4100000009, "group"), "weekly 09:00")
    asean = asean_id(store)
    [chat] = due_report(store, datetime.fromisoformat("2024-05-27T10:00"))
    assert {k: v for k, v in chat.items() if k != "items"} == {
        "chat_id": -4100000009,
        "frequency": "weekly",
        "time": "09:00",
        "timezone": "Asia/Ho_Chi_Minh",
        "reminder_days": [7, 1, 0],
    }
    assert [
        (i["kind"], i["at"], i["due"], i["event_id"], i["days_before"]) for i in chat["items"]
    ] == [
        ("digest", "2024-05-27T09:00+07:00", True, None, None),
        ("reminder", "2024-05-28T09:00+07:00", False, asean, 7),
        ("digest", "2024-06-03T09:00+07:00", False, None, None),
        ("reminder", "2024-06-03T09:00+07:00", False, asean, 1),
        ("reminder", "2024-06-04T09:00+07:00", False, asean, 0),
    ]


# ================================================================== the real bot process

PROCESS_TOKEN = "987654322:TEST-jobs-e2e-token"


class BotProcesses:
    """`briefbot run` processes against one fake server and one store, each with its
    clock stopped at a moment of the test's choosing."""

    def __init__(self, tg: FakeTelegram, root: Path, database_url: str | None = None) -> None:
        self.tg = tg
        self.root = root
        self.briefbot = str(Path(sys.executable).with_name("briefbot"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TELEGRAM_"))}
        env.update(
            BRIEFBOT_DATA_DIR=str(root / "data"),
            TELEGRAM_BOT_TOKEN=PROCESS_TOKEN,
            TELEGRAM_API_BASE_URL=tg.base_url,
            TELEGRAM_API_BASE_FILE_URL=tg.base_file_url,
        )
        if database_url:
            env["BRIEFBOT_DATABASE_URL"] = database_url
        self.env = env
        self.database_url = database_url
        self.started = 0

    def cli(self, *args: str, now: str | None = None) -> str:
        env = dict(self.env, BRIEFBOT_NOW=now) if now else self.env
        done = subprocess.run(
            [self.briefbot, *args], env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    def store(self, now: str) -> Services:
        """The bots' store, opened in this process with its clock at `now`."""
        clock = MovableClock(at(now.replace("T", " ")))
        return Services.open(make_settings(self.root / "data", self.database_url), clock)

    def start(self, now: str) -> tuple[subprocess.Popen[bytes], Path]:
        """A bot process whose clock reads `now`; returns once it has checked the schedule."""
        self.started += 1
        log = self.root / f"bot_{self.started}.log"
        process = subprocess.Popen(
            [self.briefbot, "run"],
            env=dict(self.env, BRIEFBOT_NOW=now),
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        return process, log

    @staticmethod
    def wait_for_log(process: subprocess.Popen[bytes], log: Path, line: str) -> str:
        """The process's log once it holds `line`."""
        deadline = time.monotonic() + 60
        while line not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        return log.read_text()

    def wait_checked(self, process: subprocess.Popen[bytes], log: Path) -> str:
        """The process's log once it has checked the schedule."""
        return self.wait_for_log(process, log, "Schedule checked as of")

    def run_at(self, now: str) -> str:
        """Start a bot at `now`, let it check the schedule once, stop it; its log."""
        process, log = self.start(now)
        try:
            return self.wait_checked(process, log)
        finally:
            self.stop(process)

    @staticmethod
    def stop(process: subprocess.Popen[bytes]) -> None:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)


def new_texts(tg: FakeTelegram, chat: Chat, seen: dict[int, int]) -> list[str]:
    """The bot's messages in `chat` since the last call, first lines only."""
    messages = tg.bot_messages(chat)
    fresh = messages[seen.get(chat.id, 0) :]
    seen[chat.id] = len(messages)
    return [(m.text or "").split("\n")[0] for m in fresh]


def ask(tg: FakeTelegram, chat: Chat, user: User, text: str) -> StoredMessage:
    tg.send_message(chat, user, text)
    return tg.wait_for_bot_messages(chat, timeout=20)[-1]


def test_a_fortnight_of_digests_and_reminders_across_restarts(tmp_path: Path) -> None:
    with FakeTelegram(token=PROCESS_TOKEN, bot_username=BOT_USERNAME) as tg:
        bots = BotProcesses(tg, tmp_path)
        alice, bob, carol, dave = (tg.user(n) for n in ("Alice", "Bob", "Carol", "Dave"))
        group = tg.group("Customs team", admins=[alice], members=[bob])
        with_carol, with_dave = tg.private_chat(carol), tg.private_chat(dave)

        process, log = bots.start("2024-05-20T10:00")
        try:
            bots.wait_checked(process, log)
            tg.wait_for_call("getUpdates")
            refused = (
                "Sorry, only this group's administrators can change its digests and reminders."
            )
            assert ask(tg, group, bob, "/subscribe").text == refused
            assert ask(tg, group, alice, "/subscribe").text.startswith(
                "Subscribed: a daily digest at 08:00 (Asia/Ho_Chi_Minh)"
            )
            settings = ask(tg, group, bob, "/settings")
            tg.press_button(settings, bob, text="Weekly")
            assert tg.wait_for_bot_messages(group, timeout=20)[-1].text == refused
            tg.press_button(settings, alice, text="Weekly")
            assert "weekly digest on Mondays" in tg.wait_for_edit(settings, timeout=20).text
            tg.press_button(settings, alice, text="Daily")
            tg.wait_until(lambda: "✓ Daily" in str(settings.buttons), timeout=20)
            ask(tg, with_carol, carol, "/subscribe")
            assert ask(tg, with_carol, carol, "/reminders 1").text == (
                "Meeting reminders: 1 day before."
            )
            ask(tg, with_dave, dave, "/subscribe")
            tg.block_bot(dave)
            bots.wait_for_log(process, log, "subscription paused")
        finally:
            bots.stop(process)

        seen: dict[int, int] = {}
        for chat in (group, with_carol, with_dave):
            new_texts(tg, chat, seen)
        store = bots.store("2024-05-20 12:00")
        for n in (1, 2):
            store.ingestor.ingest_bytes(article(n), source=f"office_{n}.txt")
        store.close()

        bots.run_at("2024-05-21T08:00")
        assert new_texts(tg, group, seen) == ["Digest · Tue 21 May 2024"]
        assert new_texts(tg, with_carol, seen) == ["Digest · Tue 21 May 2024"]
        digest = tg.bot_messages(group)[-1].text or ""
        assert "2 new articles\n\n#6 Customs office 1 reports record clearance\n" in digest
        assert f"Meetings in the next 14 days\n#8 {ASEAN}" in digest

        bots.run_at("2024-05-21T08:00")  # restarted in the same minute
        assert new_texts(tg, group, seen) == new_texts(tg, with_carol, seen) == []

        report = json.loads(bots.cli("reminders", "--json", "--as-of", "2024-05-27T09:00"))
        [group_plan] = [chat for chat in report if chat["chat_id"] == group.id]
        assert [item for item in group_plan["items"] if item["key"] == "8:7"] == [
            {
                "kind": "reminder",
                "key": "8:7",
                "at": "2024-05-28T08:00+07:00",
                "due": False,
                "event_id": 8,
                "event": ASEAN,
                "days_before": 7,
            }
        ]

        bots.run_at("2024-05-28T08:00")
        assert new_texts(tg, group, seen) == [f"Reminder: {ASEAN} starts in 7 days"]
        assert new_texts(tg, with_carol, seen) == []

        supergroup = tg.migrate_to_supergroup(group)
        log = bots.run_at("2024-06-03T09:30")  # down at 08:00: caught up
        assert f"Chat {group.id} became supergroup {supergroup.id}" in log
        assert new_texts(tg, supergroup, seen) == [f"Reminder: {ASEAN} starts tomorrow"]
        assert new_texts(tg, with_carol, seen) == [f"Reminder: {ASEAN} starts tomorrow"]

        bots.run_at("2024-06-04T08:00")
        assert new_texts(tg, supergroup, seen) == [f"Reminder: {ASEAN} starts today"]
        assert new_texts(tg, group, seen) == new_texts(tg, with_carol, seen) == []
        assert tg.bot_messages(with_dave)[-1].text.startswith("Subscribed")
        refused = [(c.method, c.error_code) for c in tg.failed_calls if c.method != "getUpdates"]
        assert refused == [("sendMessage", 400)]  # the group's old id, once

    store = create_engine(f"sqlite:///{tmp_path / 'data' / 'briefbot.sqlite3'}")
    with store.connect() as connection:
        rows = connection.execute(
            text("SELECT chat_id, kind, key, status FROM deliveries ORDER BY id")
        ).all()
    store.dispose()
    assert sorted(tuple(row) for row in rows) == sorted(
        [
            (group.id, "digest", "2024-05-21", "sent"),
            (group.id, "reminder", "8:7", "sent"),
            (group.id, "digest", "2024-05-28", "skipped"),  # nothing new
            (group.id, "digest", "2024-06-03", "skipped"),  # before the upgrade showed
            (supergroup.id, "reminder", "8:1", "sent"),
            (supergroup.id, "reminder", "8:0", "sent"),
            (supergroup.id, "digest", "2024-06-04", "skipped"),
            (with_carol.id, "digest", "2024-05-21", "sent"),
            (with_carol.id, "digest", "2024-05-28", "skipped"),
            (with_carol.id, "reminder", "8:1", "sent"),
            (with_carol.id, "digest", "2024-06-03", "skipped"),
            (with_carol.id, "digest", "2024-06-04", "skipped"),
        ]
    )


def test_two_bot_processes_on_one_postgresql_database(tmp_path: Path, postgres_url: str) -> None:
    with FakeTelegram(token=PROCESS_TOKEN, bot_username=BOT_USERNAME) as tg:
        bots = BotProcesses(tg, tmp_path, postgres_url)
        chats = [tg.private_chat(tg.user(f"Member {n}")) for n in range(30)]
        store = bots.store("2024-05-27 12:00")
        for chat in chats:
            subscribe(store, chat)
        store.ingestor.ingest_bytes(article(1), source="office_1.txt")
        store.close()

        both = [bots.start("2024-05-28T08:00") for _ in range(2)]
        try:
            logs = [bots.wait_checked(process, log) for process, log in both]
        finally:
            for process, _ in both:
                bots.stop(process)

        for chat in chats:
            firsts = sorted((m.text or "").split("\n")[0] for m in tg.bot_messages(chat))
            assert firsts == ["Digest · Tue 28 May 2024", f"Reminder: {ASEAN} starts in 7 days"]
        assert all("LOST" not in text for text in logs)
        sent = [int(n) for text in logs for n in re.findall(r"Schedule checked.*?(\d+) sent", text)]
        assert sum(sent) == 60

    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        statuses = connection.execute(
            text("SELECT status, count(*) FROM deliveries GROUP BY status")
        ).all()
    engine.dispose()
    assert dict(statuses) == {"sent": 60}
