"""From a web address to a stored article: fetch safely, extract with trafilatura.

The page goes through the same HTML reader as an uploaded .html file (trafilatura
finds the main text, headline, date and author), so a page and its saved copy
become the same article, and the content hash spots one arriving the other way.
"""

from __future__ import annotations

import codecs
import re

from storage.ingestion.fetch import PAGE_TYPES, Fetched, Fetcher, FetchError, checked_url
from storage.ingestion.pipeline import Ingestor, Outcome, Status
from storage.ingestion.readers import RawArticle, RefusedInput, article_from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]{1,40})""", re.I)


def fetch_article(url: str, fetcher: Fetcher) -> RawArticle:
    """The article at `url`, its source being the address as asked for (not where it
    redirected), so feeds and /add recognise it later. Raises `FetchError` or
    `RefusedInput` with a one-line reason."""
    address = checked_url(url)
    return page_article(fetcher.fetch(address, accept=PAGE_TYPES), source=address)


def page_article(page: Fetched, *, source: str) -> RawArticle:
    """The article in a fetched page, decoded by its declared character set."""
    suffix = ".txt" if page.content_type == "text/plain" else ".html"
    charset = page.charset or _meta_charset(page.body)
    data = page.body
    if charset and charset not in ("utf-8", "utf8") and _known(charset):
        data = page.body.decode(charset, errors="replace").encode("utf-8")
    return article_from_bytes(data, source=source, suffix=suffix)


def ingest_url(url: str, fetcher: Fetcher, ingestor: Ingestor) -> Outcome:
    """Fetch, clean and store the article at `url`; refusals become outcomes."""
    try:
        raw = fetch_article(url, fetcher)
    except FetchError as error:
        return Outcome(Status.REFUSED, url, reason=f"{url}: {error}")
    except RefusedInput as refusal:  # its message already names the page
        return Outcome(Status.REFUSED, url, reason=str(refusal))
    return ingestor.ingest(raw)


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True
