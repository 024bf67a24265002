"""Feeds on a local HTTP server, into a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from html import escape
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_fetch import LocalSite, Page, article_html
from test_subscriptions import MovableClock, at

from bot.config import Settings
from bot.services import Services
from storage.ingestion import feeds as feeds_module
from storage.ingestion.feeds import FeedError, FeedPoller, FeedReport, ParsedFeed, poll_feeds
from storage.ingestion.fetch import FetchError
from storage.ingestion.pipeline import Status
from storage.models import Article

PLAN = [
    "The General Department of Vietnam Customs and the Customs Department of Laos signed a "
    "plan on joint border inspections at the Lao Bao and Densavan gates on Tuesday.",
    "Under the plan, officers of both sides will share risk information and inspect cargo "
    "once, at a single stop, cutting clearance time for trucks crossing the border.",
]
FORUM = [
    "More than 300 officers and traders met in Da Nang for the customs modernisation forum, "
    "which looked at digital declarations, e-commerce parcels and post-clearance audit.",
    "Speakers from Japan and Korea customs presented their single window systems and the "
    "lessons they learnt when connecting ports, airports and border gates to them.",
]
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def rss(site: LocalSite, items: Iterable[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 document; each item is (title, path of its page, HTML description)."""
    body = "".join(
        f"<item><title>{escape(title)}</title><link>{site.url(path)}</link>"
        f"<guid>{site.url(path)}</guid><pubDate>Tue, 04 Jun 2024 08:00:00 GMT</pubDate>"
        f"<description>{escape(description)}</description></item>"
        for title, path, description in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Customs News</title><link>{site.url('/')}</link><description>News</description>"
        f"{body}</channel></rss>"
    ).encode()


@pytest.fixture
def services(tmp_path: Path, database_url: str) -> Iterator[Services]:
    """Seeded services that may fetch from 127.0.0.1, the test server; a clock the
    test moves."""
    settings = Settings.from_env(
        {
            "BRIEFBOT_DATA_DIR": str(tmp_path),
            "BRIEFBOT_DATABASE_URL": database_url,
            "BRIEFBOT_FETCH_ALLOW_HOSTS": "127.0.0.1",
        }
    )
    opened = Services.open(settings, MovableClock(at("2024-06-04 09:00")))
    yield opened
    opened.close()


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield running


def poll_later(services: Services) -> list[FeedReport]:
    """The scheduled poll, one feed interval after the clock's moment."""
    clock = services.clock
    assert isinstance(clock, MovableClock)
    clock.moment += timedelta(minutes=services.settings.feed_interval_minutes)
    return poll_feeds(services)


def article_count(services: Services) -> int:
    with services.database.reader() as session:
        return session.scalar(select(func.count()).select_from(Article)) or 0


def test_a_feed_that_is_not_xml_is_refused_and_not_followed(
    services: Services, site: LocalSite
) -> None:
    site.routes["/news.html"] = Page(article_html("Customs news", PLAN))
    site.routes["/broken.xml"] = Page(b"this is not XML {", headers={"Content-Type": "text/xml"})
    poller = FeedPoller.of(services)
    with pytest.raises(FetchError) as html:
        poller.follow(site.url("/news.html"))
    with pytest.raises(FeedError) as garbage:
        poller.follow(site.url("/broken.xml"))
    assert str(html.value) == "127.0.0.1 sent text/html, not an RSS or Atom feed"
    assert str(garbage.value).startswith("not an RSS or Atom feed (")
    assert poller.feeds() == []
    assert article_count(services) == 5


def test_the_same_entry_is_stored_once_by_address_and_by_content(
    services: Services, site: LocalSite
) -> None:
    site.routes["/plan"] = Page(article_html("Vietnam and Laos sign border plan", PLAN))
    site.routes["/forum"] = Page(article_html("Da Nang hosts modernisation forum", FORUM))
    site.routes["/plan-copy"] = Page(article_html("Border plan signed", PLAN))
    site.routes["/first.xml"] = Page(
        rss(site, [("Border plan", "/plan", ""), ("Forum", "/forum", "")]), headers=RSS
    )
    site.routes["/second.xml"] = Page(
        rss(site, [("Border plan", "/plan", ""), ("Plan again", "/plan-copy", "")]), headers=RSS
    )
    poller = FeedPoller.of(services)

    first = poller.follow(site.url("/first.xml"))
    assert [(o.status, o.title) for o in first.outcomes] == [
        (Status.ADDED, "Vietnam and Laos sign border plan"),
        (Status.ADDED, "Da Nang hosts modernisation forum"),
    ]
    plan_id = first.outcomes[0].article_id

    again = poller.poll(poller.feeds()[0])
    assert (again.outcomes, again.error) == ((), None)

    second = poller.follow(site.url("/second.xml"))
    assert [(o.status, o.article_id) for o in second.outcomes] == [
        (Status.DUPLICATE, plan_id),  # known by its address: not even fetched
        (Status.DUPLICATE, plan_id),  # same text under another address
    ]
    assert site.paths().count("/plan") == 1
    assert site.paths().count("/plan-copy") == 1
    assert article_count(services) == 7


def test_polls_are_conditional_and_take_only_new_entries(
    services: Services, site: LocalSite
) -> None:
    site.routes["/plan"] = Page(article_html("Vietnam and Laos sign border plan", PLAN))
    site.routes["/forum"] = Page(article_html("Da Nang hosts modernisation forum", FORUM))
    items = [("Border plan", "/plan", "")]
    version = {"etag": '"v1"'}

    def feed(headers: dict[str, str]) -> Page:
        if headers.get("if-none-match") == version["etag"]:
            return Page(b"", 304, {"ETag": version["etag"]})
        validators = {"ETag": version["etag"], "Last-Modified": "Tue, 04 Jun 2024 08:00:00 GMT"}
        return Page(rss(site, items), headers=RSS | validators)

    site.routes["/feed.xml"] = feed
    poller = FeedPoller.of(services)
    assert [o.status for o in poller.follow(site.url("/feed.xml")).outcomes] == [Status.ADDED]

    unchanged = poller.poll(poller.feeds()[0])
    sent = site.requests[-1][1]
    assert (sent["if-none-match"], sent["if-modified-since"]) == (
        '"v1"',
        "Tue, 04 Jun 2024 08:00:00 GMT",
    )
    assert (unchanged.outcomes, unchanged.error, unchanged.alert) == ((), None, None)

    items.insert(0, ("Forum", "/forum", ""))
    version["etag"] = '"v2"'
    changed = poller.poll(poller.feeds()[0])
    assert [(o.status, o.title) for o in changed.outcomes] == [
        (Status.ADDED, "Da Nang hosts modernisation forum")
    ]
    assert poller.feeds()[0].etag == '"v2"'
    assert site.paths().count("/plan") == 1


def test_a_broken_feed_is_reported_once_and_again_when_it_works(
    services: Services, site: LocalSite
) -> None:
    state = {"broken": False}

    def feed(headers: dict[str, str]) -> Page:
        return Page(b"oops", 500) if state["broken"] else Page(rss(site, []), headers=RSS)

    site.routes["/feed.xml"] = feed
    feed_id = FeedPoller.of(services).follow(site.url("/feed.xml")).feed_id

    state["broken"] = True
    (broke,) = poll_later(services)
    (still,) = poll_later(services)
    assert broke.alert == (
        f"Feed #{feed_id} (Customs News) is failing: 127.0.0.1 answered HTTP 500. "
        "You will hear again when it works."
    )
    assert (still.alert, still.error) == (None, "127.0.0.1 answered HTTP 500")
    stored = FeedPoller.of(services).feeds()[0]
    assert stored.error == "127.0.0.1 answered HTTP 500" and stored.failing_since is not None

    state["broken"] = False
    (mended,) = poll_later(services)
    (quiet,) = poll_later(services)
    assert mended.alert == f"Feed #{feed_id} (Customs News) works again."
    assert (quiet.alert, FeedPoller.of(services).feeds()[0].error) == (None, None)


def test_an_entry_whose_page_fails_is_taken_from_the_feed_text(
    services: Services, site: LocalSite
) -> None:
    full_text = "".join(f"<p>{paragraph}</p>" for paragraph in FORUM)
    site.routes["/feed.xml"] = Page(
        rss(
            site,
            [
                ("Da Nang hosts modernisation forum", "/gone", full_text),
                ("A teaser only", "/also-gone", ""),
            ],
        ),
        headers=RSS,
    )
    report = FeedPoller.of(services).follow(site.url("/feed.xml"))
    added, refused = report.outcomes
    assert (added.status, added.title) == (Status.ADDED, "Da Nang hosts modernisation forum")
    assert refused.describe() == (f"Refused {site.url('/also-gone')}: 127.0.0.1 answered HTTP 404")
    with services.database.reader() as session:
        article = session.get(Article, added.article_id)
        assert article is not None
        assert article.body.startswith("More than 300 officers and traders met in Da Nang")
        assert (article.source, str(article.published)) == (site.url("/gone"), "2024-06-04")


def test_an_atom_entry_linking_inside_the_network_is_refused(
    services: Services, site: LocalSite
) -> None:
    site.routes["/plan"] = Page(article_html("Vietnam and Laos sign border plan", PLAN))
    entries = [("Border plan", site.url("/plan")), ("Router", "http://10.0.0.1/admin")]
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Customs Atom</title><id>urn:feed</id><updated>2024-06-04T08:00:00Z</updated>"
        + "".join(
            f'<entry><title>{title}</title><link rel="alternate" href="{link}"/>'
            f"<id>{link}</id><updated>2024-06-04T08:00:00Z</updated></entry>"
            for title, link in entries
        )
        + "</feed>"
    ).encode()
    site.routes["/atom.xml"] = Page(atom, headers={"Content-Type": "application/atom+xml"})
    report = FeedPoller.of(services).follow(site.url("/atom.xml"))
    assert report.title == "Customs Atom"
    assert [o.describe() for o in report.outcomes] == [
        f"Added #6: Vietnam and Laos sign border plan ({site.url('/plan')})",
        "Refused http://10.0.0.1/admin: 10.0.0.1 is a private address, which is not fetched "
        "unless BRIEFBOT_FETCH_ALLOW_HOSTS lists it",
    ]


def test_a_bug_while_polling_one_feed_does_not_stop_the_others(
    services: Services, site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.routes["/a.xml"] = Page(rss(site, []), headers=RSS)
    site.routes["/b.xml"] = Page(rss(site, []), headers=RSS)
    poller = FeedPoller.of(services)
    first = poller.follow(site.url("/a.xml")).feed_id
    poller.follow(site.url("/b.xml"))
    parse = feeds_module.parse_feed

    def failing_for_a(data: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
        if url.endswith("/a.xml"):
            raise ValueError("a bug")
        return parse(data, url=url, content_type=content_type)

    monkeypatch.setattr(feeds_module, "parse_feed", failing_for_a)
    broken, working = poll_later(services)
    assert broken.alert == (
        f"Feed #{first} (Customs News) is failing: it could not be read (the error is logged). "
        "You will hear again when it works."
    )
    assert (working.error, working.alert) == (None, None)
