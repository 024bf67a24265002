"""Reading article files: refusing what is not an article, converting what is.

A file must be text (UTF-8, or a legacy single-byte encoding with no NUL bytes), not
empty, and at most `MAX_ARTICLE_BYTES`. HTML goes through trafilatura, which finds a
page's main text, headline, date and author; Markdown loses its markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


class RefusedInput(ValueError):
    """An input that is not an article; the message is a one-line reason for people."""


@dataclass(frozen=True)
class RawArticle:
    """Text ready for cleaning, with what the container already told us."""

    text: str
    source: str
    author: str | None = None
    published: date | None = None


def read_article_file(path: Path) -> RawArticle:
    """Read one article file, or raise `RefusedInput` saying why not."""
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise RefusedInput(f"{path.name}: not an article file (use .txt, .md or .html)")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise RefusedInput(
            f"{path.name}: too large ({size / 1_048_576:.1f} MB; the limit is "
            f"{MAX_ARTICLE_BYTES // 1_048_576} MB)"
        )
    return article_from_bytes(path.read_bytes(), source=path.name, suffix=path.suffix.lower())


def article_from_bytes(data: bytes, *, source: str, suffix: str = ".txt") -> RawArticle:
    """Decode and convert the bytes of an article file."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise RefusedInput(
            f"{source}: too large (the limit is {MAX_ARTICLE_BYTES // 1_048_576} MB)"
        )
    text = decode_text(data, source)
    if not text.strip():
        raise RefusedInput(f"{source}: the file is empty")
    if suffix in (".html", ".htm"):
        return _from_html(text, source)
    if suffix == ".md":
        return RawArticle(text=markdown_to_text(text), source=source)
    return RawArticle(text=text, source=source)


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; binary data is refused."""
    if b"\x00" in data[:65536]:
        raise RefusedInput(f"{source}: not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > len(text) // 100:
        raise RefusedInput(f"{source}: not a text file")
    return text


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_RULE = re.compile(r"^\s*([-*_]\s*){3,}$", re.MULTILINE)
_MD_QUOTE = re.compile(r"^\s*>\s?", re.MULTILINE)
_MD_BULLET = re.compile(r"^\s*[-*+]\s+", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """Markdown reduced to the text a reader sees."""
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_BULLET.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def _from_html(html: str, source: str) -> RawArticle:
    import trafilatura  # heavy: imported only when a page arrives

    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    text = getattr(document, "text", None) if document else None
    if not text or not text.strip():
        raise RefusedInput(f"{source}: no article text found in the page")
    published = _iso_date(getattr(document, "date", None))
    title = getattr(document, "title", None)
    # The headline goes first so cleaning finds it as it would in a text file.
    body = f"{title}\n\n{text}" if title else text
    return RawArticle(
        text=body,
        source=source,
        author=getattr(document, "author", None),
        published=published,
    )


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
