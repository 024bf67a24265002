"""Fetching web pages and feeds without letting a URL reach inside our network.

An admin's URL, a feed entry's link or a redirect could point at the cloud metadata
service, a database port or a router's admin page. So only http and https are
fetched, and every connection goes through `_GuardedBackend`, which resolves the host
once, refuses loopback, private, link-local, multicast and other non-public addresses
(unless BRIEFBOT_FETCH_ALLOW_HOSTS lists them) and connects to the very address it
checked: a second DNS answer (DNS rebinding) is never asked for. Redirects are
followed by hand, each hop checked again. Size, time and redirects are limited, and
the content type must be one the caller expects. No proxy from the environment is used.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import httpcore

from storage.ingestion.readers import MAX_ARTICLE_BYTES

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[IPAddress]]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
MAX_URL_CHARS = 1000  # what the store keeps of an address
USER_AGENT = "briefbot/0.1 (news briefing assistant)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A URL that was not fetched; the message is one line saying why, for people."""


@dataclass(frozen=True)
class FetchPolicy:
    """What may be fetched: allowed internal hosts and the size, time and hop limits."""

    allow_hosts: frozenset[str] = frozenset()
    allow_networks: tuple[IPNetwork, ...] = ()
    max_bytes: int = MAX_ARTICLE_BYTES
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    max_redirects: int = 5

    @classmethod
    def allowing(cls, entries: Iterable[str], **limits: Any) -> FetchPolicy:
        """A policy from BRIEFBOT_FETCH_ALLOW_HOSTS entries: addresses or networks
        (127.0.0.1, 10.1.0.0/16) allow what resolves into them, names allow that host."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (e.strip().lower() for e in entries):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(entry)
        return cls(allow_hosts=frozenset(hosts), allow_networks=tuple(networks), **limits)

    def refusal(self, host: str, address: IPAddress) -> str | None:
        """Why `address` (resolved from `host`) may not be fetched; None if it may."""
        if host.lower() in self.allow_hosts:
            return None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if any(address in network for network in self.allow_networks):
            return None
        kind = _internal_kind(address)
        if kind is None:
            return None
        if host == str(address):
            what = f"{host} is a {kind} address"
        else:
            what = f"{host} resolves to a {kind} address ({address})"
        return f"{what}, which is not fetched unless BRIEFBOT_FETCH_ALLOW_HOSTS lists it"


def _internal_kind(address: IPAddress) -> str | None:
    """The kind of non-public address this is, or None for a public unicast one."""
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "reserved"
    return None


def system_resolver(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolver gives for `host`, in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"{host}: no such host ({error})") from None
    found: list[IPAddress] = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in found:
            found.append(address)
    return found


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves each host once, checks the addresses and connects to a checked one."""

    def __init__(self, policy: FetchPolicy, resolve: Resolver) -> None:
        self.policy = policy
        self.resolve = resolve

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        host = host.strip("[]")
        addresses = self.resolve(host, port)
        refusals = [self.policy.refusal(host, address) for address in addresses]
        allowed = [a for a, refused in zip(addresses, refusals, strict=True) if not refused]
        if not allowed:
            raise FetchError(next((r for r in refusals if r), f"{host}: no address found"))
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in allowed:
            try:
                return super().connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise FetchError(f"could not connect to {host}:{port} ({failure})")


@dataclass(frozen=True)
class Fetched:
    """A response body within the limits, with what conditional requests need next."""

    url: str
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


@dataclass
class Fetcher:
    """Fetches one URL at a time under a `FetchPolicy`."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    resolve: Resolver = system_resolver

    def fetch(
        self,
        url: str,
        *,
        accept: Collection[str],
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched:
        """GET `url`, following redirects; 304 gives `not_modified` when `etag` or
        `last_modified` (from an earlier `Fetched`) was sent. Raises `FetchError`."""
        deadline = time.monotonic() + self.policy.total_timeout
        headers = [
            (b"User-Agent", USER_AGENT.encode()),
            (b"Accept", ", ".join(sorted(accept)).encode() + b", */*;q=0.1"),
            (b"Accept-Encoding", b"gzip, deflate"),
        ]
        if etag:
            headers.append((b"If-None-Match", etag.encode("latin-1", "replace")))
        if last_modified:
            headers.append((b"If-Modified-Since", last_modified.encode("latin-1", "replace")))
        timeouts = {
            "connect": self.policy.connect_timeout,
            "read": self.policy.read_timeout,
            "write": self.policy.read_timeout,
            "pool": self.policy.connect_timeout,
        }
        current = checked_url(url)
        with httpcore.ConnectionPool(
            network_backend=_GuardedBackend(self.policy, self.resolve), retries=0
        ) as pool:
            for _ in range(self.policy.max_redirects + 1):
                if time.monotonic() > deadline:
                    raise FetchError(f"{_host(current)} took too long to answer")
                try:
                    with pool.stream(
                        "GET", current, headers=headers, extensions={"timeout": timeouts}
                    ) as response:
                        location = _header(response.headers, b"location")
                        if response.status in _REDIRECTS and location:
                            current = checked_url(urljoin(current, location))
                            continue
                        return self._read(current, response, accept, deadline)
                except httpcore.TimeoutException:
                    raise FetchError(f"{_host(current)} did not answer in time") from None
                except (httpcore.NetworkError, httpcore.ProtocolError) as error:
                    raise FetchError(f"could not fetch from {_host(current)} ({error})") from None
        raise FetchError(f"too many redirects (more than {self.policy.max_redirects})")

    def _read(
        self, url: str, response: httpcore.Response, accept: Collection[str], deadline: float
    ) -> Fetched:
        etag = _header(response.headers, b"etag")
        last_modified = _header(response.headers, b"last-modified")
        if response.status == 304:
            return Fetched(url, etag=etag, last_modified=last_modified, not_modified=True)
        if not 200 <= response.status < 300:
            raise FetchError(f"{_host(url)} answered HTTP {response.status}")
        content_type, charset = _content_type(_header(response.headers, b"content-type"))
        if content_type not in accept:
            shown = content_type or "no content type"
            raise FetchError(f"{_host(url)} sent {shown}, not {_expected(accept)}")
        body = _read_body(response, self.policy.max_bytes, deadline, _host(url))
        return Fetched(url, content_type, charset, body, etag, last_modified)


def checked_url(url: str) -> str:
    """`url` with an IDNA host and quoted path, or `FetchError` if not http(s)."""
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise FetchError(f"the address is too long ({len(url)} characters)")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        named = f"{scheme}:" if scheme else "no scheme"
        raise FetchError(f"only http and https addresses can be fetched, not {named}")
    if not parts.hostname:
        raise FetchError(f"{url} has no host name")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
        port = parts.port
    except (UnicodeError, ValueError) as error:
        raise FetchError(f"{url} is not a valid address ({error})") from None
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port else host
    safe = "/%:@!$&'()*+,;=-._~"
    return urlunsplit(
        (scheme, netloc, quote(parts.path, safe=safe) or "/", quote(parts.query, safe=safe), "")
    )


def _read_body(response: httpcore.Response, limit: int, deadline: float, host: str) -> bytes:
    """The decoded body, refused as soon as it passes `limit` bytes or the deadline."""
    declared = _header(response.headers, b"content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(
            f"{host}: the page is too large ({_mb(int(declared))}; the limit is {_mb(limit)})"
        )
    encoding = (_header(response.headers, b"content-encoding") or "identity").lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(f"{host} sent an unsupported content encoding ({encoding})")
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding != "identity" else None
    body = bytearray()
    for chunk in response.iter_stream():
        if time.monotonic() > deadline:
            raise FetchError(f"{host} took too long to answer")
        room = limit - len(body)
        try:
            data = inflate.decompress(chunk, room + 1) if inflate else chunk
        except zlib.error:
            raise FetchError(f"{host} sent a damaged compressed page") from None
        if len(data) > room:
            raise FetchError(f"{host}: the page is larger than the {_mb(limit)} limit")
        body += data
    if inflate:
        body += inflate.flush()
        if len(body) > limit:
            raise FetchError(f"{host}: the page is larger than the {_mb(limit)} limit")
    return bytes(body)


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.3g} MB"


def _content_type(value: str | None) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'."""
    if not value:
        return "", None
    media, *params = value.split(";")
    charset = next(
        (
            p.split("=", 1)[1].strip(" \"'").lower()
            for p in params
            if p.strip().lower().startswith("charset=")
        ),
        None,
    )
    return media.strip().lower(), charset


def _header(headers: Sequence[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _expected(accept: Collection[str]) -> str:
    if accept == PAGE_TYPES:
        return "a web page"
    if accept == FEED_TYPES:
        return "an RSS or Atom feed"
    return " or ".join(sorted(accept))
