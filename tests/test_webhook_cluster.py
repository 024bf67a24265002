"""Two `briefbot run --webhook` processes serving one bot on one PostgreSQL database, as
behind a proxy that spreads Telegram's calls over them: every update is answered once,
by whichever process got it (a page button works on the other one), each digest and
reminder goes out once, and the feed is fetched once between them."""

from __future__ import annotations

import re
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot_process import BRIEFBOT, bot_env
from fake_telegram import FakeTelegram
from sqlalchemy import func, select
from test_feeds import FORUM, PLAN, RSS, rss
from test_fetch import LocalSite, Page, article_html
from test_jobs_e2e import ASEAN, BotProcesses, article, subscribe
from test_subscriptions import MovableClock, at
from test_webhook import SECRET, free_port, post, wait_until_listening

from bot.config import Settings
from bot.services import Services
from storage.ingestion.feeds import FeedPoller
from storage.models import Article

TOKEN = "666666666:TEST-webhook-cluster-token"
PUBLIC = "https://bot.example.org/telegram"
SUBSCRIBERS = 10
PEOPLE = 6


@contextmanager
def webhook_bots(env: dict[str, str], root: Path, count: int) -> Iterator[list[tuple[int, Path]]]:
    """`count` webhook processes on ports of their own, each up and past its first
    schedule and feed checks; yields each one's port and log; stopped as Ctrl-C would."""
    started: list[tuple[subprocess.Popen[bytes], int, Path]] = []
    try:
        for n in range(count):
            port, log = free_port(), root / f"bot_{n}.log"
            command = [BRIEFBOT, "run", "--webhook", PUBLIC, "--listen", f"127.0.0.1:{port}"]
            own = dict(env, BRIEFBOT_DATA_DIR=str(root / f"data_{n}"))
            with log.open("w") as output:
                process = subprocess.Popen(
                    command, env=own, stdout=output, stderr=subprocess.STDOUT
                )
            started.append((process, port, log))
        for process, port, log in started:
            wait_until_listening(port, process)
            for line in ("Schedule checked as of", "Feeds checked:"):
                BotProcesses.wait_for_log(process, log, line)
        yield [(port, log) for _, port, log in started]
    finally:
        for process, _, _ in started:
            process.send_signal(signal.SIGINT)
        for process, _, _ in started:
            process.wait(timeout=20)


def test_two_webhook_processes_serve_one_bot(tmp_path: Path, postgres_url: str) -> None:
    with FakeTelegram(token=TOKEN, bot_username="briefbot_test_bot") as tg, LocalSite() as site:
        items = [("Border plan", "/plan", "")]
        site.routes["/feed.xml"] = lambda headers: Page(rss(site, items), headers=RSS)
        site.routes["/plan"] = Page(article_html("Vietnam and Laos sign border plan", PLAN))
        site.routes["/forum"] = Page(article_html("Da Nang hosts modernisation forum", FORUM))
        environ = {
            "BRIEFBOT_DATABASE_URL": postgres_url,
            "BRIEFBOT_FETCH_ALLOW_HOSTS": "127.0.0.1",
        }
        settings = Settings.from_env(environ | {"BRIEFBOT_DATA_DIR": str(tmp_path / "setup")})
        store = Services.open(settings, MovableClock(at("2024-05-27 12:00")))
        subscribers = [tg.private_chat(tg.user(f"Member {n}")) for n in range(SUBSCRIBERS)]
        for chat in subscribers:
            subscribe(store, chat)
        store.ingestor.ingest_bytes(article(1), source="office_1.txt")
        FeedPoller.of(store).follow(site.url("/feed.xml"))  # due again from 12:30
        store.close()
        items.insert(0, ("Forum", "/forum", ""))

        people = [tg.user(f"Person {n}") for n in range(PEOPLE)]
        chats = [tg.private_chat(person) for person in people]
        env = bot_env(
            tg,
            TOKEN,
            tmp_path,
            **environ,
            BRIEFBOT_WEBHOOK_SECRET=SECRET,
            BRIEFBOT_NOW="2024-05-28T08:00",
        )
        with webhook_bots(env, tmp_path, 2) as bots:
            urls = [f"http://127.0.0.1:{port}/telegram" for port, _ in bots]
            for n, (person, chat) in enumerate(zip(people, chats, strict=True)):
                tg.send_message(chat, person, "/search customs")
                assert post(urls[n % 2], tg.pending_updates[-1], SECRET) == 200
            replies = [tg.wait_for_bot_messages(chat, timeout=20)[0] for chat in chats]
            for n, (person, reply) in enumerate(zip(people, replies, strict=True)):
                tg.press_button(reply, person, text="Next ▸")
                assert post(urls[(n + 1) % 2], tg.pending_updates[-1], SECRET) == 200
            for reply in replies:
                assert "6–" in tg.wait_for_edit(reply, timeout=20).text.splitlines()[0]
        logs = [log.read_text() for _, log in bots]
        for chat, reply in zip(chats, replies, strict=True):
            assert tg.bot_messages(chat) == [reply]
            assert reply.text.splitlines()[0] == "8 articles for “customs”, 6–8:"
        for chat in subscribers:
            firsts = sorted((m.text or "").split("\n")[0] for m in tg.bot_messages(chat))
            assert firsts == ["Digest · Tue 28 May 2024", f"Reminder: {ASEAN} starts in 7 days"]
        polled = [int(n) for text in logs for n in re.findall(r"Feeds checked: (\d+) polled", text)]
        assert sum(polled) == 1 and all("LOST" not in text for text in logs)
        assert [site.paths().count(path) for path in ("/feed.xml", "/plan", "/forum")] == [2, 1, 1]
        store = Services.open(settings)
        with store.database.reader() as session:
            forum = select(func.count()).where(Article.source == site.url("/forum"))
            assert session.scalar(forum) == 1
        store.close()
