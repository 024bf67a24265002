"""JSON Lines for bulk imports: one article a line, bad lines reported, good ones stored.

Each line is an object with `text` (required) and optionally `title`, `url`,
`published` (an ISO date) and `source`. The article's source is its `url` when given
(so a feed or /add recognises it later), else `source`, else the file and line. A bad
line never stops the import: it becomes a refusal naming its line number.
Good lines are stored in batches, one transaction per batch, to keep imports of
thousands of lines fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from storage.ingestion.pipeline import Ingestor, Outcome, Status
from storage.ingestion.readers import MAX_ARTICLE_BYTES, RawArticle

BATCH_SIZE = 200
_OPTIONAL_TEXT = ("title", "url", "source")


class BadLine(ValueError):
    """A line that is not an article; the message says what is wrong with it."""


def parse_line(line: str, *, where: str) -> RawArticle:
    """The article on one line, or `BadLine`. `where` names it ("news.jsonl line 3")."""
    try:
        item: Any = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadLine(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(item, dict):
        raise BadLine("not a JSON object")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadLine('"text" is missing or empty')
    for key in _OPTIONAL_TEXT:
        if item.get(key) is not None and not isinstance(item[key], str):
            raise BadLine(f'"{key}" must be a string')
    title = (item.get("title") or "").strip()
    return RawArticle(
        text=f"{title}\n\n{text}" if title else text,
        source=(item.get("url") or item.get("source") or "").strip() or where,
        published=_published(item.get("published")),
    )


def read_lines(lines: Iterable[bytes], *, name: str) -> Iterator[tuple[str, RawArticle | Outcome]]:
    """Each non-blank line, named ("news.jsonl line 3"), as an article or a refusal."""
    for number, data in enumerate(lines, 1):
        where = f"{name} line {number}"
        if number == 1:
            data = data.removeprefix(b"\xef\xbb\xbf")
        if not data.strip():
            continue
        try:
            if len(data) > MAX_ARTICLE_BYTES:
                raise BadLine(f"too large (the limit is {MAX_ARTICLE_BYTES // 1_048_576} MB)")
            yield where, parse_line(_decode(data), where=where)
        except BadLine as error:
            yield where, Outcome(Status.REFUSED, where, reason=f"{where}: {error}")


def ingest_lines(
    lines: Iterable[bytes], ingestor: Ingestor, *, name: str, batch_size: int = BATCH_SIZE
) -> Iterator[Outcome]:
    """One outcome per non-blank line, in line order, as soon as its batch is stored."""
    pending: list[tuple[str, RawArticle | Outcome]] = []
    articles = 0
    for where, item in read_lines(lines, name=name):
        pending.append((where, item))
        articles += isinstance(item, RawArticle)
        if articles >= batch_size:
            yield from _flush(pending, ingestor)
            pending, articles = [], 0
    yield from _flush(pending, ingestor)


def count_lines(lines: Iterable[bytes]) -> int:
    """How many outcomes `ingest_lines` will give: the non-blank lines (for progress)."""
    return sum(1 for line in lines if line.strip())


def _flush(
    pending: list[tuple[str, RawArticle | Outcome]], ingestor: Ingestor
) -> Iterator[Outcome]:
    """Store the batch's articles in one transaction; refusals keep their line number."""
    raws = [item for _, item in pending if isinstance(item, RawArticle)]
    stored = iter(ingestor.ingest_many(raws) if raws else [])
    for where, item in pending:
        if isinstance(item, Outcome):
            yield item
            continue
        outcome = next(stored)
        if outcome.status is Status.REFUSED and not (outcome.reason or "").startswith(where):
            outcome = Outcome(Status.REFUSED, where, reason=f"{where}: {outcome.reason}")
        yield outcome


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadLine(f"not UTF-8 text (byte {error.start + 1})") from None


def _published(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            try:
                return datetime.fromisoformat(value).date()
            except ValueError:
                pass
    raise BadLine(f'"published" is not an ISO date such as 2024-06-04: {json.dumps(value)[:40]}')
