"""Cleaning a plain-text article the way a careful editor would.

News pages copied as text carry more than the article: photo captions and credits,
image alt-text lines above the headline, crawl-time stamps, "Previously posted at"
lines and, after the article, lists of other headlines ("Related News", "Latest
News", ...). Cleaning keeps the headline, the byline and the article's own paragraphs,
and nothing else; the raw text is stored beside the result so cleaning can be re-run.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from dateutil import parser as dateparser

from storage.ingestion.titles import derive_title

# A line that starts the site furniture after the article: everything from it on goes.
_BOILERPLATE_START = re.compile(
    r"^(related (news|articles|posts|stories)|latest news|more news|read more|your care|"
    r"latest most read|most read|mobile version|see also|tags?:.*|keywords?:.*|"
    r"share (this|on).*|previously posted at\b.*|you may (also )?like.*|"
    r"recommended( for you)?|other news|top stories)\s*:?\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"(\((photo|photos|image|ảnh)\s*:[^()]{1,80}\)|\b(photo|photos|image)\s*:\s*[^:()]{1,60})"
    r"\s*\.?\s*$",
    re.IGNORECASE,
)
_CRAWL_STAMP = re.compile(r"^\d{1,2}:\d{2}\s*\|\s*\d{1,2}/\d{1,2}/\d{2,4}\b.*$")
_BYLINE = re.compile(r"^by\s+(?P<name>[^\W\d][\w.'’ -]{1,80})$", re.IGNORECASE)
_SIGNATURE = re.compile(r"^[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}$")
_DATE_LINE = re.compile(
    r"^(?:(?:published|posted|updated|date)\s*(?:on|:)?\s*)?(?P<date>[\w ,./-]{6,40})$",
    re.IGNORECASE,
)
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_END_MARK = re.compile(r"\s*/\.\s*$")
_SENTENCE_END = re.compile(r"[.!?:…\"”’)]$")
_INVISIBLE = dict.fromkeys(c for c in range(0x20) if c not in (0x09, 0x0A)) | dict.fromkeys(
    (0x7F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
)

# A headline is short and does not read as a sentence of the body.
MAX_HEADLINE_WORDS = 25
_BODY_MIN_WORDS = 12  # a question or quotation this long is body, not a headline


@dataclass(frozen=True)
class CleanArticle:
    """The parts of an article worth keeping."""

    title: str
    title_derived: bool
    body: str
    author: str | None = None
    published: date | None = None
    published_precision: str | None = None


def normalize_text(raw: str) -> str:
    """NFC, Unix line ends, no invisible or control characters, no trailing spaces."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE).replace("\t", " ")
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def clean_article(raw: str) -> CleanArticle:
    """Split `raw` into headline, byline, publication date and body paragraphs."""
    lines = [line for line in _cut_boilerplate(normalize_text(raw).split("\n")) if line]
    lines = [line for line in lines if not _is_furniture(line)]
    lines = _drop_repeated_alt_text(lines)

    published: date | None = None
    author: str | None = None
    head, body = _split_head(lines)
    kept_head: list[str] = []
    for line in head:
        if (found := _parse_date_line(line)) is not None:
            published = published or found
        elif match := _BYLINE.match(line):
            author = author or match["name"].strip()
        else:
            kept_head.append(line)
    if body and (name := _closing_author(body)):
        author = author or name
        body = body[:-1]
    if body:
        body[-1] = _END_MARK.sub("", body[-1]) or body[-1]
    body = [line for line in body if line]

    title, derived = (kept_head[-1], False) if kept_head else (derive_title(body), True)
    return CleanArticle(
        title=title,
        title_derived=derived,
        body="\n\n".join(body),
        author=author,
        published=published,
        published_precision="day" if published else None,
    )


def _cut_boilerplate(lines: list[str]) -> list[str]:
    """Everything before the first line that opens the site furniture."""
    for index, line in enumerate(lines):
        if _BOILERPLATE_START.match(line.strip()):
            return lines[:index]
    return lines


def _is_furniture(line: str) -> bool:
    """Photo captions and credits, crawl-time stamps."""
    return bool(_CAPTION.search(line) or _CRAWL_STAMP.match(line))


def _drop_repeated_alt_text(lines: list[str]) -> list[str]:
    """Drop gallery alt-text: three or more lower-case lines opening with the same words."""
    prefixes = Counter(_alt_prefix(line) for line in lines)
    return [line for line in lines if not (_alt_prefix(line) and prefixes[_alt_prefix(line)] >= 3)]


def _alt_prefix(line: str) -> str:
    if not line[:1].islower() or _SENTENCE_END.search(line):
        return ""
    return " ".join(line.split()[:3])


def _split_head(lines: list[str]) -> tuple[list[str], list[str]]:
    """Lines before the first body paragraph (headline candidates), and the rest."""
    for index, line in enumerate(lines):
        if _reads_as_body(line):
            return lines[:index], lines[index:]
    return lines[:1], lines[1:]


def _reads_as_body(line: str) -> bool:
    """Long lines and full sentences are body; headlines are short and rarely end in '.'."""
    count = len(line.split())
    if count > MAX_HEADLINE_WORDS:
        return True
    if line.endswith((".", "!", "…", ":")):
        return count >= 4 and _parse_date_line(line) is None
    return count >= _BODY_MIN_WORDS and bool(_SENTENCE_END.search(line))


def _closing_author(body: list[str]) -> str | None:
    """The author named on the last line: "By Jane Doe", or a bare signature after text."""
    last = body[-1]
    if match := _BYLINE.match(last):
        return match["name"].strip()
    words = last.split()
    if len(body) >= 2 and _SIGNATURE.match(last) and all(w[0].isupper() for w in words):
        return last
    return None


def _parse_date_line(line: str) -> date | None:
    """The date on a line that holds only a date (optionally "Published: ...")."""
    match = _DATE_LINE.match(line)
    if not match:
        return None
    text = match["date"].strip(" ,.")
    if not (_MONTH_NAME.search(text) or _ISO_DATE.match(text)):
        return None
    try:
        parsed = dateparser.parse(text, fuzzy=False, dayfirst=True)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if 1900 < parsed.year < 2200 else None
