"""The scheduled feed poll: fetch the feeds that are due, tell the admins what broke.

The job checks every minute, from start-up on; the store says which feeds are due (each
every BRIEFBOT_FEED_INTERVAL_MINUTES, not again after a restart) and which process
polls each, so several processes fetch a feed once between them and only the one that
polled it sends its alerts. Polling runs in a worker thread so the bot keeps answering
meanwhile; an alert goes to each admin once per breakage (the feed's failure state is
stored), and an admin who never started the bot is skipped with a log line.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.services import Services
from handlers.sources import feed_alerts
from handlers.telegram import SERVICES_KEY, send_reply
from storage.ingestion.feeds import poll_feeds
from storage.ingestion.pipeline import Status

log = logging.getLogger(__name__)

CHECK_EVERY = timedelta(minutes=1)


def install_feed_polling(application: Application) -> None:
    """Poll the due feeds at start-up and every minute."""
    if application.job_queue is None:
        log.warning("No job queue: feeds will not be polled")
        return
    queue = application.job_queue
    # A repeating job's first run, timed when added, is dropped if the start takes
    # longer; a one-off run with no misfire grace happens however late.
    queue.run_once(
        poll_and_alert, when=0, name="feeds at start", job_kwargs={"misfire_grace_time": None}
    )
    queue.run_repeating(poll_and_alert, interval=CHECK_EVERY, first=CHECK_EVERY, name="feeds")


async def poll_and_alert(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One poll of the due feeds this process claims; their alerts to every admin."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    try:
        reports = await asyncio.to_thread(poll_feeds, services)
    except Exception:
        log.exception("Feed poll failed")
        return
    added = sum(report.count(Status.ADDED) for report in reports)
    log.info("Feeds checked: %d polled, %d new articles", len(reports), added)
    for alert in feed_alerts(reports):
        for admin in sorted(services.settings.admins):
            try:
                await send_reply(context, admin, alert)
            except Forbidden:
                log.warning("Admin %d has not started the bot; feed alert not delivered", admin)
            except TelegramError as error:
                log.error("Feed alert to admin %d failed: %s", admin, error)
