"""Safe fetching against a real HTTP server on 127.0.0.1, the only address tests reach.

Internal addresses must be refused before any connection is made, on the first
request and on every redirect, and the address connected to must be the one checked.
`LocalSite` and `article_html` are shared with the feed and handler tests.
"""

from __future__ import annotations

import gzip
import ipaddress
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storage.ingestion.fetch import (
    FEED_TYPES,
    PAGE_TYPES,
    Fetcher,
    FetchError,
    FetchPolicy,
    IPAddress,
    system_resolver,
)

LOCAL = FetchPolicy.allowing(["127.0.0.1"])
REFUSAL_TAIL = ", which is not fetched unless BRIEFBOT_FETCH_ALLOW_HOSTS lists it"


@dataclass
class Page:
    """What the local site answers: a body (bytes, or chunks sent as they come)."""

    body: bytes | Iterable[bytes] = b""
    status: int = 200
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"}
    )


Route = Page | Callable[[dict[str, str]], Page]


class LocalSite:
    """An HTTP server on 127.0.0.1 serving `routes` by path, recording every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = {key.lower(): value for key, value in self.headers.items()}
                site.requests.append((self.path, headers))
                route = site.routes.get(self.path, Page(b"not here", 404))
                page = route(headers) if callable(route) else route
                self.send_response(page.status)
                for key, value in page.headers.items():
                    self.send_header(key, value)
                if isinstance(page.body, bytes):
                    self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                chunks = [page.body] if isinstance(page.body, bytes) else page.body
                try:
                    for chunk in chunks:
                        self.wfile.write(chunk)
                except OSError:
                    pass  # the client stopped reading, as it should past a limit

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None  # type: ignore[method-assign]
        self.port = self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def __enter__(self) -> LocalSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def article_html(title: str, paragraphs: Iterable[str], published: str = "") -> bytes:
    """A news page as sites publish them: navigation and footer around the article."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f"<html><head><title>{title} | Customs News</title>{meta}</head><body>"
        f"<nav>Home | News</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Related News</footer></body></html>"
    ).encode()


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield running


HTML = Page(b"<html><body><h1>Hello</h1><p>World.</p></body></html>")


def test_a_page_from_an_allowed_address_is_fetched(site: LocalSite) -> None:
    site.routes["/page"] = HTML
    page = Fetcher(LOCAL).fetch(site.url("/page"), accept=PAGE_TYPES)
    assert (page.content_type, page.charset, page.body) == ("text/html", "utf-8", HTML.body)
    assert site.requests[0][1]["host"] == f"127.0.0.1:{site.port}"


def test_conditional_requests_are_sent_and_honoured(site: LocalSite) -> None:
    def feed(headers: dict[str, str]) -> Page:
        if headers.get("if-none-match") == '"v1"':
            return Page(b"", 304, {"ETag": '"v1"'})
        return Page(
            b"<rss/>",
            headers={
                "Content-Type": "application/rss+xml",
                "ETag": '"v1"',
                "Last-Modified": "Tue, 04 Jun 2024 08:00:00 GMT",
            },
        )

    site.routes["/feed"] = feed
    fetcher = Fetcher(LOCAL)
    first = fetcher.fetch(site.url("/feed"), accept=FEED_TYPES)
    again = fetcher.fetch(
        site.url("/feed"),
        accept=FEED_TYPES,
        etag=first.etag,
        last_modified=first.last_modified,
    )
    assert (first.not_modified, first.body) == (False, b"<rss/>")
    assert (again.not_modified, again.body) == (True, b"")
    sent = site.requests[1][1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 04 Jun 2024 08:00:00 GMT"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
        ("http://[::1]:9/", "::1 is a loopback address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        (
            "http://[::ffff:192.168.1.1]/",
            "::ffff:192.168.1.1 resolves to a private address (192.168.1.1)",
        ),
    ],
)
def test_internal_addresses_are_refused(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as refused:
        Fetcher(LOCAL, resolve=system_resolver).fetch(url, accept=PAGE_TYPES)
    assert str(refused.value) == reason + REFUSAL_TAIL


def test_localhost_is_refused_without_the_allowance_and_never_reached(site: LocalSite) -> None:
    site.routes["/page"] = HTML
    with pytest.raises(FetchError) as refused:
        Fetcher(FetchPolicy()).fetch(f"http://localhost:{site.port}/page", accept=PAGE_TYPES)
    assert str(refused.value).startswith("localhost resolves to a loopback address (")
    assert site.requests == []
    with pytest.raises(FetchError, match=r"^127\.0\.0\.1 is a loopback address"):
        Fetcher(FetchPolicy()).fetch(site.url("/page"), accept=PAGE_TYPES)
    assert site.requests == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https addresses can be fetched, not file:"),
        (
            "ftp://ftp.example.org/news.txt",
            "only http and https addresses can be fetched, not ftp:",
        ),
        ("gopher://example.org/", "only http and https addresses can be fetched, not gopher:"),
        ("//example.org/x", "only http and https addresses can be fetched, not no scheme"),
        ("http:///path-only", "http:///path-only has no host name"),
    ],
)
def test_other_schemes_are_refused(url: str, reason: str) -> None:
    with pytest.raises(FetchError) as refused:
        Fetcher(LOCAL).fetch(url, accept=PAGE_TYPES)
    assert str(refused.value) == reason


def _fifty_megabytes() -> Iterator[bytes]:
    chunk = b"x" * 1_048_576
    for _ in range(50):
        yield chunk


def test_a_50_mb_page_is_refused_whether_announced_or_not(site: LocalSite) -> None:
    announced = {"Content-Type": "text/html", "Content-Length": str(50 * 1_048_576)}
    site.routes["/announced"] = Page(_fifty_megabytes(), headers=announced)
    site.routes["/streamed"] = Page(_fifty_megabytes(), headers={"Content-Type": "text/html"})
    bomb = gzip.compress(b"\0" * 50 * 1_048_576)
    site.routes["/bomb"] = Page(
        bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    fetcher = Fetcher(LOCAL)
    started = time.monotonic()
    with pytest.raises(FetchError) as announced_refusal:
        fetcher.fetch(site.url("/announced"), accept=PAGE_TYPES)
    with pytest.raises(FetchError) as streamed_refusal:
        fetcher.fetch(site.url("/streamed"), accept=PAGE_TYPES)
    with pytest.raises(FetchError) as bomb_refusal:
        fetcher.fetch(site.url("/bomb"), accept=PAGE_TYPES)
    assert (
        str(announced_refusal.value)
        == "127.0.0.1: the page is too large (50 MB; the limit is 5 MB)"
    )
    assert str(streamed_refusal.value) == "127.0.0.1: the page is larger than the 5 MB limit"
    assert str(bomb_refusal.value) == "127.0.0.1: the page is larger than the 5 MB limit"
    assert time.monotonic() - started < 10


def test_a_compressed_page_within_the_limit_is_decoded(site: LocalSite) -> None:
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    site.routes["/page"] = Page(gzip.compress(HTML.body), headers=headers)
    assert Fetcher(LOCAL).fetch(site.url("/page"), accept=PAGE_TYPES).body == HTML.body


def test_a_wrong_content_type_is_refused(site: LocalSite) -> None:
    site.routes["/report.pdf"] = Page(b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    site.routes["/untyped"] = Page(b"hello", headers={})
    site.routes["/page"] = HTML
    fetcher = Fetcher(LOCAL)
    with pytest.raises(FetchError) as pdf:
        fetcher.fetch(site.url("/report.pdf"), accept=PAGE_TYPES)
    with pytest.raises(FetchError) as untyped:
        fetcher.fetch(site.url("/untyped"), accept=PAGE_TYPES)
    with pytest.raises(FetchError) as page_as_feed:
        fetcher.fetch(site.url("/page"), accept=FEED_TYPES)
    assert str(pdf.value) == "127.0.0.1 sent application/pdf, not a web page"
    assert str(untyped.value) == "127.0.0.1 sent no content type, not a web page"
    assert str(page_as_feed.value) == "127.0.0.1 sent text/html, not an RSS or Atom feed"


def test_http_errors_are_refused_with_their_status(site: LocalSite) -> None:
    with pytest.raises(FetchError, match=r"^127\.0\.0\.1 answered HTTP 404$"):
        Fetcher(LOCAL).fetch(site.url("/missing"), accept=PAGE_TYPES)


def test_redirects_are_followed_and_each_hop_is_checked(site: LocalSite) -> None:
    site.routes["/old"] = Page(status=301, headers={"Location": "/new"})
    site.routes["/new"] = HTML
    site.routes["/to-private"] = Page(status=302, headers={"Location": "http://10.0.0.1/admin"})
    site.routes["/to-metadata"] = Page(
        status=307, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    site.routes["/to-file"] = Page(status=302, headers={"Location": "file:///etc/passwd"})
    site.routes["/loop"] = Page(status=302, headers={"Location": "/loop"})
    fetcher = Fetcher(LOCAL)

    page = fetcher.fetch(site.url("/old"), accept=PAGE_TYPES)
    assert (page.url, page.body) == (site.url("/new"), HTML.body)
    refusals = {}
    for path in ("/to-private", "/to-metadata", "/to-file", "/loop"):
        with pytest.raises(FetchError) as refused:
            fetcher.fetch(site.url(path), accept=PAGE_TYPES)
        refusals[path] = str(refused.value)
    assert refusals == {
        "/to-private": "10.0.0.1 is a private address" + REFUSAL_TAIL,
        "/to-metadata": "169.254.169.254 is a link-local address" + REFUSAL_TAIL,
        "/to-file": "only http and https addresses can be fetched, not file:",
        "/loop": "too many redirects (more than 5)",
    }


class FlippingResolver:
    """DNS rebinding: the first answer is the allowed address, later ones a private one."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, host: str, port: int) -> list[IPAddress]:
        self.calls += 1
        return [ipaddress.ip_address("127.0.0.1" if self.calls == 1 else "10.0.0.1")]


def test_the_address_checked_is_the_address_connected_to(site: LocalSite) -> None:
    site.routes["/page"] = HTML
    resolver = FlippingResolver()
    fetcher = Fetcher(LOCAL, resolve=resolver)
    page = fetcher.fetch(f"http://news.test:{site.port}/page", accept=PAGE_TYPES)
    assert page.body == HTML.body
    assert resolver.calls == 1  # resolved once, and that answer was used to connect
    assert site.requests[0][1]["host"] == f"news.test:{site.port}"
    with pytest.raises(FetchError) as refused:  # the next connection gets the private answer
        fetcher.fetch(f"http://news.test:{site.port}/page", accept=PAGE_TYPES)
    assert str(refused.value) == "news.test resolves to a private address (10.0.0.1)" + REFUSAL_TAIL
    assert len(site.requests) == 1


def test_allowed_host_names_and_networks() -> None:
    policy = FetchPolicy.allowing(["intranet.example", "10.1.0.0/16", " "])
    private = ipaddress.ip_address("10.1.2.3")
    assert policy.refusal("intranet.example", ipaddress.ip_address("192.168.0.5")) is None
    assert policy.refusal("wiki.example", private) is None
    assert policy.refusal("wiki.example", ipaddress.ip_address("10.2.0.1")) is not None
    assert policy.refusal("example.org", ipaddress.ip_address("93.184.215.14")) is None


def test_a_slow_server_is_given_up_on(site: LocalSite) -> None:
    def slow(headers: dict[str, str]) -> Page:
        time.sleep(1.5)
        return HTML

    site.routes["/slow"] = slow
    fetcher = Fetcher(FetchPolicy.allowing(["127.0.0.1"], read_timeout=0.3))
    with pytest.raises(FetchError, match=r"^127\.0\.0\.1 did not answer in time$"):
        fetcher.fetch(site.url("/slow"), accept=PAGE_TYPES)


def test_a_page_sent_drop_by_drop_is_given_up_on_at_the_deadline(site: LocalSite) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(20):
            time.sleep(0.1)
            yield b"<p>"

    site.routes["/drip"] = Page(drip(), headers={"Content-Type": "text/html"})
    fetcher = Fetcher(FetchPolicy.allowing(["127.0.0.1"], read_timeout=1, total_timeout=0.5))
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^127\.0\.0\.1 took too long to answer$"):
        fetcher.fetch(site.url("/drip"), accept=PAGE_TYPES)
    assert time.monotonic() - started < 1.5
