"""Several pollers on one store (a SQLite file, a PostgreSQL database): each feed is
fetched once per interval between them, and one that dies mid-poll holds it only until
the interval is over."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from test_feeds import RSS, rss
from test_fetch import LocalSite, Page
from test_subscriptions import MovableClock, at

from bot.config import Settings
from bot.services import Services
from storage.ingestion.feeds import FeedPoller, FeedReport, poll_feeds

FEEDS = 6
INTERVAL_MINUTES = 30
INTERVAL = timedelta(minutes=INTERVAL_MINUTES)
# One poll in a process of its own, its clock at BRIEFBOT_NOW.
POLL_IN_A_PROCESS = (
    "import os\n"
    "from bot.clock import Clock\n"
    "from bot.config import Settings\n"
    "from bot.services import Services\n"
    "from storage.ingestion.feeds import poll_feeds\n"
    "settings = Settings.from_env(os.environ)\n"
    "poll_feeds(Services.open(settings, Clock(settings.now)))\n"
)


def environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        "BRIEFBOT_DATA_DIR": str(tmp_path),
        "BRIEFBOT_DATABASE_URL": database_url,
        "BRIEFBOT_FETCH_ALLOW_HOSTS": "127.0.0.1",
        "BRIEFBOT_FEED_INTERVAL_MINUTES": str(INTERVAL_MINUTES),
    }


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(at("2024-06-04 09:00"))


@pytest.fixture
def pollers(tmp_path: Path, database_url: str, clock: MovableClock) -> Iterator[list[Services]]:
    """Two bots' services on one store, each with its own connections, one clock."""
    opened = [
        Services.open(Settings.from_env(environment(tmp_path / name, database_url)), clock)
        for name in ("a", "b")
    ]
    yield opened
    for services in opened:
        services.close()


def slow_feed(site: LocalSite) -> Page:
    """A feed that takes a moment to answer, so the two pollers overlap."""
    time.sleep(0.05)
    return Page(rss(site, []), headers=RSS)


def poll_together(pollers: list[Services]) -> list[FeedReport]:
    """Both pollers at once, started together; every report either made."""
    start = threading.Barrier(len(pollers))
    reports: list[list[FeedReport]] = [[] for _ in pollers]

    def run(n: int) -> None:
        start.wait(timeout=10)
        reports[n] = poll_feeds(pollers[n])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(pollers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return [report for made in reports for report in made]


def test_two_pollers_fetch_each_feed_once_per_interval(
    pollers: list[Services], clock: MovableClock
) -> None:
    with LocalSite() as site:
        paths = [f"/feed{n}.xml" for n in range(FEEDS)]
        for path in paths:
            site.routes[path] = lambda headers: slow_feed(site)
        ids = [FeedPoller.of(pollers[0]).follow(site.url(path)).feed_id for path in paths]

        def fetches() -> list[int]:
            return [site.paths().count(path) for path in paths]

        assert poll_together(pollers) == []  # followed just now: not due
        clock.moment += INTERVAL
        assert sorted(report.feed_id for report in poll_together(pollers)) == ids
        assert fetches() == [2] * FEEDS  # when followed, and one poll
        assert poll_together(pollers) == []
        clock.moment += INTERVAL
        assert sorted(report.feed_id for report in poll_together(pollers)) == ids
        assert fetches() == [3] * FEEDS


def test_a_poller_that_dies_mid_poll_holds_the_feed_until_the_interval_is_over(
    pollers: list[Services], clock: MovableClock, tmp_path: Path, database_url: str
) -> None:
    asked, answer = threading.Event(), threading.Event()

    def hanging_feed(headers: dict[str, str]) -> Page:
        if not asked.is_set():  # the first poll hangs until its poller is gone
            asked.set()
            answer.wait(timeout=30)
        return Page(rss(site, []), headers=RSS)

    with LocalSite() as site:
        site.routes["/feed.xml"] = Page(rss(site, []), headers=RSS)
        feed_id = FeedPoller.of(pollers[0]).follow(site.url("/feed.xml")).feed_id
        site.routes["/feed.xml"] = hanging_feed
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
        env |= environment(tmp_path / "dying", database_url) | {"BRIEFBOT_NOW": "2024-06-04T09:30"}
        dying = subprocess.Popen([sys.executable, "-c", POLL_IN_A_PROCESS], env=env)
        try:
            assert asked.wait(timeout=40), "the poller in the other process never asked"
            dying.kill()
            dying.wait(timeout=10)
        finally:
            answer.set()
        assert site.paths().count("/feed.xml") == 2

        clock.moment = at("2024-06-04 09:30")
        assert poll_feeds(pollers[0]) == poll_feeds(pollers[1]) == []  # still claimed
        clock.moment = at("2024-06-04 09:59")
        assert poll_feeds(pollers[1]) == []
        clock.moment = at("2024-06-04 10:00")
        (report,) = poll_feeds(pollers[1])
        assert (report.feed_id, report.error) == (feed_id, None)
        assert site.paths().count("/feed.xml") == 3
