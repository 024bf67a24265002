"""The scheduled feed poll: fetch every followed feed, tell the admins what broke.

Polling runs in a worker thread so the bot keeps answering meanwhile; an alert goes to
each admin once per breakage (the feed's failure state is stored), and an admin who
never started the bot is skipped with a log line.
"""

from __future__ import annotations

import asyncio
import logging

from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.services import Services
from handlers.sources import feed_alerts
from handlers.telegram import SERVICES_KEY, send_reply
from storage.ingestion.feeds import poll_feeds
from storage.ingestion.pipeline import Status

log = logging.getLogger(__name__)

FIRST_POLL_SECONDS = 60


def install_feed_polling(application: Application) -> None:
    """Poll the feeds every BRIEFBOT_FEED_INTERVAL_MINUTES, the first time a minute in."""
    services: Services = application.bot_data[SERVICES_KEY]
    if application.job_queue is None:
        log.warning("No job queue: feeds will not be polled")
        return
    application.job_queue.run_repeating(
        poll_and_alert,
        interval=services.settings.feed_interval_minutes * 60,
        first=FIRST_POLL_SECONDS,
        name="feeds",
    )


async def poll_and_alert(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One poll of every feed; alerts to every admin."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    try:
        reports = await asyncio.to_thread(poll_feeds, services)
    except Exception:
        log.exception("Feed poll failed")
        return
    added = sum(report.count(Status.ADDED) for report in reports)
    log.info("Polled %d feeds; %d new articles", len(reports), added)
    for alert in feed_alerts(reports):
        for admin in sorted(services.settings.admins):
            try:
                await send_reply(context, admin, alert)
            except Forbidden:
                log.warning("Admin %d has not started the bot; feed alert not delivered", admin)
            except TelegramError as error:
                log.error("Feed alert to admin %d failed: %s", admin, error)
