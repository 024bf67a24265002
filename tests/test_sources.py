"""/add, /feeds, /delete, /stats, uploads and `briefbot ingest`, as people see them."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_fetch import LocalSite, Page, article_html

from bot import cli
from bot.clock import Clock
from bot.config import Settings
from bot.services import Services
from handlers.messages import Reply, Request
from handlers.sources import add, delete, feed_alerts, feeds, stats, upload, upload_refusal
from storage.ingestion.feeds import FeedPoller, FeedReport
from storage.models import Article, CachedSummary, Event, EventSource, MeetingMentionRow
from storage.search_index import Alternative, Filters, IndexedText, SearchIndex

ADMIN, STRANGER = 42, 7
PLAN = [
    "The General Department of Vietnam Customs and the Customs Department of Laos signed a "
    "plan on joint border inspections at the Lao Bao and Densavan gates on Tuesday.",
    "Under the plan, officers of both sides will share risk information and inspect cargo "
    "once, at a single stop, cutting clearance time for trucks crossing the border.",
]
PLAN_TITLE = "Vietnam and Laos sign border plan"
PLAN_PAGE = Page(article_html(PLAN_TITLE, PLAN, published="2024-06-04T08:00:00+07:00"))
FETCH_REFUSAL_TAIL = ", which is not fetched unless BRIEFBOT_FETCH_ALLOW_HOSTS lists it"


@pytest.fixture
def services(tmp_path: Path, database_url: str) -> Iterator[Services]:
    """Seeded services with one admin (42) that may fetch from 127.0.0.1."""
    settings = Settings.from_env(
        {
            "BRIEFBOT_DATA_DIR": str(tmp_path),
            "BRIEFBOT_DATABASE_URL": database_url,
            "BRIEFBOT_ADMINS": str(ADMIN),
            "BRIEFBOT_FETCH_ALLOW_HOSTS": "127.0.0.1",
        }
    )
    opened = Services.open(settings, Clock())
    yield opened
    opened.close()


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield running


def ask(services: Services, handler, args: str = "", user_id: int | None = ADMIN) -> list[str]:
    """The HTML of each reply to a command."""
    replies: list[Reply] = handler(Request(command="x", args=args, user_id=user_id), services)
    return [reply.html for reply in replies]


def found(services: Services, query: str) -> list[int]:
    return [hit.article_id for hit in services.search.search(query).hits]


def article_count(services: Services) -> int:
    with services.database.reader() as session:
        return session.scalar(select(func.count()).select_from(Article)) or 0


def test_add_by_a_non_admin_is_refused_and_nothing_is_fetched(
    services: Services, site: LocalSite
) -> None:
    site.routes["/plan"] = PLAN_PAGE
    assert ask(services, add, site.url("/plan"), user_id=STRANGER) == [
        "Only admins can add articles."
    ]
    assert ask(services, add, site.url("/plan"), user_id=None) == ["Only admins can add articles."]
    assert site.requests == []
    assert article_count(services) == 5


def test_add_answers_with_the_article_card(services: Services, site: LocalSite) -> None:
    site.routes["/plan"] = PLAN_PAGE
    url = site.url("/plan")
    card = f"<b>#6 {PLAN_TITLE}</b>\n<i>4 Jun 2024 · {url}</i>"
    replies = add(Request(command="add", args=url, user_id=ADMIN), services)
    assert [r.html for r in replies] == [f"Added:\n{card}"]
    assert [[b.data for b in row] for row in replies[0].buttons] == [["m:6"]]
    assert ask(services, add, url) == [f"Already stored:\n{card}"]
    with services.database.reader() as session:
        stored = session.get(Article, 6)
        assert stored is not None and stored.body.startswith("The General Department")


def test_add_refusals_are_one_line_each(services: Services, site: LocalSite) -> None:
    site.routes["/report.pdf"] = Page(b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    assert ask(services, add, "") == [
        "Usage: /add &lt;url&gt;, for example /add https://www.wcoomd.org/en/media/newsroom.aspx"
    ]
    assert ask(services, add, "http://169.254.169.254/latest/meta-data/") == [
        "Could not add http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a "
        "link-local address" + FETCH_REFUSAL_TAIL
    ]
    assert ask(services, add, "file:///etc/passwd") == [
        "Could not add file:///etc/passwd: only http and https addresses can be fetched, not file:"
    ]
    assert ask(services, add, site.url("/report.pdf")) == [
        f"Could not add {site.url('/report.pdf')}: 127.0.0.1 sent application/pdf, not a web page"
    ]
    assert article_count(services) == 5


def test_delete_removes_the_article_from_search_summaries_and_meetings(
    services: Services,
) -> None:
    services.summaries.for_article(3, sentences=2)  # cached, to be deleted with it
    with services.database.reader() as session:
        article = session.get(Article, 3)
        assert article is not None
        vocabulary = SearchIndex(session).vocabulary()
        terms = IndexedText.of(article.title, article.body).terms()
        only_here = [term for term in terms if vocabulary.get(term) == 1]
    assert only_here and found(services, "multilateral diplomacy")[0] == 3

    assert ask(services, delete, "3", user_id=STRANGER) == ["Only admins can delete articles."]
    assert ask(services, delete, "3") == [
        "Deleted #3: Enhance multilateral diplomacy of Vietnam Customs"
    ]
    assert ask(services, delete, "3") == ["There is no article #3. Try /search to find one."]

    assert 3 not in found(services, "multilateral diplomacy")
    with services.database.reader() as session:
        index = SearchIndex(session)
        assert not set(only_here) & set(index.vocabulary())
        groups = [[Alternative((term,))] for term in only_here[:3]]
        assert index.candidates(groups, every=False, filters=Filters(), limit=10) == []
        for table in (MeetingMentionRow, EventSource, CachedSummary):
            assert session.scalars(select(table).where(table.article_id == 3)).all() == []
        events = session.scalars(select(Event)).all()
        assert all(event.sources for event in events)  # no meeting left without an article
        names = {event.name for event in events}
    assert "33rd ASEAN Customs Directors-General Meeting" not in names
    assert any("ASEM" in name for name in names)  # still told by article #5
    assert article_count(services) == 4


def test_stats(services: Services, site: LocalSite) -> None:
    site.routes["/plan"] = PLAN_PAGE
    with services.database.reader() as session:
        meetings = session.scalar(select(func.count()).select_from(Event))
    lines = ask(services, stats, user_id=STRANGER)[0].split("\n")
    assert lines[:4] == ["<b>Store</b>", "Articles: 5", f"Meetings: {meetings}", "Feeds: 0"]
    assert re.fullmatch(rf"Size: \d+\.\d MB \({services.database.dialect}\)", lines[4])
    assert re.fullmatch(r"Last article added: \d{1,2} \w{3} \d{4} \d\d:\d\d", lines[5])
    site.routes["/feed.xml"] = Page(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>',
        headers={"Content-Type": "application/rss+xml"},
    )
    FeedPoller.of(services).follow(site.url("/feed.xml"))
    site.routes["/feed.xml"] = Page(b"gone", 404)
    FeedPoller.of(services).poll(FeedPoller.of(services).feeds()[0])
    assert "Feeds: 1 (1 failing)" in ask(services, stats)[0]


JSONL = b"\n".join(
    [
        json.dumps(
            {
                "text": "\n\n".join(PLAN),
                "title": PLAN_TITLE,
                "url": "https://example.org/plan",
                "published": "2024-06-04",
                "source": "Customs News",
            }
        ).encode(),
        b'{"title": "no text here"}',
        b"not json",
        b"",
        json.dumps({"text": PLAN[0] + " Again.", "published": "04/06/2024"}).encode(),
        b'["a", "list"]',
        json.dumps({"text": "\n\n".join(PLAN)}).encode(),
        json.dumps({"text": "Too short."}).encode(),
    ]
)


def test_a_jsonl_upload_stores_good_lines_and_reports_bad_ones(services: Services) -> None:
    assert [r.html for r in upload("news.jsonl", JSONL, ADMIN, services)] == [
        "<b>news.jsonl</b>: 7 lines: 1 added, 1 already stored, 5 refused\n"
        f"Added #6: {PLAN_TITLE}\n"
        "news.jsonl line 2: &quot;text&quot; is missing or empty\n"
        "news.jsonl line 3: not valid JSON (Expecting value at column 1)\n"
        "news.jsonl line 5: &quot;published&quot; is not an ISO date such as 2024-06-04: "
        "&quot;04/06/2024&quot;\n"
        "news.jsonl line 6: not a JSON object\n"
        "news.jsonl line 8: no article text found"
    ]
    with services.database.reader() as session:
        stored = session.get(Article, 6)
        assert stored is not None
        assert (stored.title, stored.source, str(stored.published)) == (
            PLAN_TITLE,
            "https://example.org/plan",
            "2024-06-04",
        )
    assert article_count(services) == 6


def test_an_upload_from_a_non_admin_is_refused(services: Services) -> None:
    data = article_html(PLAN_TITLE, PLAN)
    assert upload_refusal("plan.html", len(data), STRANGER, services) == Reply(
        "Only admins can add articles."
    )
    assert [r.html for r in upload("plan.html", data, STRANGER, services)] == [
        "Only admins can add articles."
    ]
    assert [r.html for r in upload("news.jsonl", JSONL, None, services)] == [
        "Only admins can add articles."
    ]
    assert article_count(services) == 5


def test_uploads_from_an_admin(services: Services) -> None:
    assert upload_refusal("report.pdf", 1000, ADMIN, services) == Reply(
        "report.pdf: send a .txt, .md, .html or .jsonl file."
    )
    assert upload_refusal("../../plan.txt", 30 * 1_048_576, ADMIN, services) == Reply(
        "plan.txt: too large (30.0 MB; the limit is 5 MB)"
    )
    assert upload_refusal("plan.html", 1000, ADMIN, services) is None
    replies = upload("plan.html", article_html(PLAN_TITLE, PLAN), ADMIN, services)
    assert [r.html for r in replies] == [
        f"Added:\n<b>#6 {PLAN_TITLE}</b>\n<i>date unknown · plan.html</i>"
    ]
    assert [r.html for r in upload("empty.txt", b"", ADMIN, services)] == [
        "Refused empty.txt: the file is empty"
    ]


def test_feeds_are_listed_added_and_removed(services: Services, site: LocalSite) -> None:
    site.routes["/plan"] = PLAN_PAGE
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Customs News</title>'
        f"<item><title>Plan</title><link>{site.url('/plan')}</link></item></channel></rss>"
    )
    site.routes["/feed.xml"] = Page(rss.encode(), headers={"Content-Type": "application/rss+xml"})
    url = site.url("/feed.xml")

    assert ask(services, feeds, user_id=STRANGER) == [
        "No feeds yet. Admins add one with /feeds add &lt;url&gt;."
    ]
    assert ask(services, feeds, f"add {url}", user_id=STRANGER) == [
        "Only admins can change the feeds."
    ]
    assert ask(services, feeds, f"add {site.url('/plan')}") == [
        f"Could not follow {site.url('/plan')}: 127.0.0.1 sent text/html, not an RSS or Atom feed"
    ]
    assert ask(services, feeds, f"add {url}") == [
        f"Following feed #1: <b>Customs News</b>\n{url}\n"
        "1 entry: 1 added, 0 already stored, 0 refused\nNew entries will be added as they appear."
    ]
    assert ask(services, feeds, f"add {url}") == [
        f"Could not follow {url}: already following it as feed #1"
    ]
    listing = ask(services, feeds, user_id=STRANGER)[0]
    assert re.fullmatch(
        rf"<b>1 feed</b>\n#1 <b>Customs News</b>\n   {re.escape(url)}\n"
        r"   checked \d{1,2} \w{3} \d{4} \d\d:\d\d",
        listing,
    )
    assert ask(services, feeds, "remove 1", user_id=STRANGER) == [
        "Only admins can change the feeds."
    ]
    assert ask(services, feeds, "remove 1") == [
        "Stopped following feed #1 (Customs News). Its articles stay in the store."
    ]
    assert ask(services, feeds, "remove 1") == ["There is no feed #1. Send /feeds for the list."]
    assert ask(services, feeds, "subscribe x") == [
        "Usage: /feeds, /feeds add &lt;url&gt; or /feeds remove &lt;id&gt;"
    ]
    assert article_count(services) == 6


def test_a_deleted_article_does_not_come_back_from_its_feed(
    services: Services, site: LocalSite
) -> None:
    site.routes["/plan"] = PLAN_PAGE
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Customs News</title>'
        f"<item><title>Plan</title><link>{site.url('/plan')}</link></item></channel></rss>"
    )
    site.routes["/feed.xml"] = Page(rss.encode(), headers={"Content-Type": "application/rss+xml"})
    poller = FeedPoller.of(services)
    (added,) = poller.follow(site.url("/feed.xml")).outcomes
    assert ask(services, delete, str(added.article_id)) == [f"Deleted #6: {PLAN_TITLE}"]
    assert poller.poll(poller.feeds()[0]).outcomes == ()
    assert article_count(services) == 5


def test_feed_alerts_tell_admins_only_what_changed() -> None:
    reports = [
        FeedReport(
            1, "u", "A", alert="Feed #1 (A) is failing: x. You will hear again when it works."
        ),
        FeedReport(2, "v", "B", error="x"),
        FeedReport(3, "w", "C <b>", alert="Feed #3 (C <b>) works again."),
    ]
    assert [r.html for r in feed_alerts(reports)] == [
        "Feed #1 (A) is failing: x. You will hear again when it works.",
        "Feed #3 (C &lt;b&gt;) works again.",
    ]


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`briefbot` run in this process over a fresh SQLite store under tmp_path."""
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFBOT_FETCH_ALLOW_HOSTS", "127.0.0.1")
    for name in ("BRIEFBOT_DATABASE_URL", "TELEGRAM_BOT_TOKEN", "BRIEFBOT_ADMINS"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "news.jsonl").write_bytes(JSONL)
    return tmp_path


def test_cli_ingest_of_jsonl_and_a_page_prints_each_outcome_and_totals(
    cli_env: Path, site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    site.routes["/forum"] = Page(
        article_html(
            "Da Nang hosts modernisation forum",
            [
                "More than 300 officers and traders met in Da Nang for the customs forum, "
                "which looked at digital declarations, e-commerce parcels and audits."
            ],
        )
    )
    assert cli.main(["ingest", str(cli_env / "news.jsonl"), site.url("/forum")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Added #6: {PLAN_TITLE} (https://example.org/plan)"
    assert lines[1] == 'Refused news.jsonl line 2: "text" is missing or empty'
    assert lines[-2] == f"Added #7: Da Nang hosts modernisation forum ({site.url('/forum')})"
    assert lines[-1] == "2 added, 1 already stored, 5 refused"


def test_cli_ingest_on_a_terminal_shows_a_progress_bar_and_the_refusals(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert cli.main(["ingest", str(cli_env / "news.jsonl")]) == 0
    shown = screen.getvalue()
    assert "\r[" + "#" * 30 + "] 7/7" in shown
    assert "Added #6" not in shown  # the bar stands for the articles added
    assert shown.split("\r")[-1].splitlines() == [
        'Refused news.jsonl line 2: "text" is missing or empty',
        "Refused news.jsonl line 3: not valid JSON (Expecting value at column 1)",
        'Refused news.jsonl line 5: "published" is not an ISO date such as 2024-06-04: '
        '"04/06/2024"',
        "Refused news.jsonl line 6: not a JSON object",
        "Refused news.jsonl line 8: no article text found",
        "1 added, 1 already stored, 5 refused",
    ]
