"""The scheduled feed poll: a broken feed is reported to each admin through Telegram, once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from fake_telegram import FakeTelegram
from telegram import Bot
from test_feeds import RSS, rss
from test_fetch import LocalSite, Page
from test_subscriptions import MovableClock, at

from bot.config import Settings
from bot.feed_job import poll_and_alert
from bot.services import Services
from handlers.telegram import SERVICES_KEY
from storage.ingestion.feeds import FeedPoller

TOKEN = "123:TEST-feed-job"


def test_broken_feed_alert_reaches_each_admin_once(tmp_path: Path) -> None:
    state = {"broken": False}
    with FakeTelegram(token=TOKEN) as tg, LocalSite() as site:
        admin = tg.user("Admin")
        chat = tg.private_chat(admin)
        site.routes["/feed.xml"] = lambda headers: (
            Page(b"oops", 500) if state["broken"] else Page(rss(site, []), headers=RSS)
        )
        services = Services.open(
            Settings.from_env(
                {
                    "BRIEFBOT_DATA_DIR": str(tmp_path),
                    "BRIEFBOT_FETCH_ALLOW_HOSTS": "127.0.0.1",
                    "BRIEFBOT_ADMINS": str(admin.id),
                }
            ),
            clock := MovableClock(at("2024-06-04 09:00")),
        )
        feed_id = FeedPoller.of(services).follow(site.url("/feed.xml")).feed_id
        state["broken"] = True

        async def poll_twice() -> None:
            async with Bot(TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
                context = SimpleNamespace(
                    application=SimpleNamespace(bot_data={SERVICES_KEY: services}), bot=bot
                )
                for _ in range(2):  # the next two scheduled polls
                    clock.moment += timedelta(minutes=30)
                    await poll_and_alert(context)

        asyncio.run(poll_twice())
        services.close()
        (alert,) = tg.bot_messages(chat)
        assert alert.text == (
            f"Feed #{feed_id} (Customs News) is failing: 127.0.0.1 answered HTTP 500. "
            "You will hear again when it works."
        )
