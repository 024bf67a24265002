"""Rendering: HTML built in one place, split under Telegram's limit, or shown as plain text.

Every dynamic value goes through `escape`; `split_message` never cuts inside a tag or
an entity and closes and reopens tags around each cut, so every part parses alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date

TELEGRAM_LIMIT = 4096
_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|[^<&]+|[<&]", re.DOTALL)
_OPEN_TAG = re.compile(r"<(\w[\w-]*)[^>]*>")
_CLOSE_TAG = re.compile(r"</(\w[\w-]*)\s*>")


def escape(value: object) -> str:
    """HTML-escape any value for Telegram's HTML parse mode."""
    return html.escape(str(value), quote=True)


def bold(value: object) -> str:
    """Escaped text in bold."""
    return f"<b>{escape(value)}</b>"


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Escaped `text` with the character ranges in `spans` in bold."""
    parts: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        parts.append(escape(text[position:start]))
        parts.append(bold(text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def labelled(*pairs: tuple[str, str | None]) -> list[str]:
    """ "<b>Label:</b> value" lines for the pairs whose value is known, values escaped."""
    return [f"<b>{escape(label)}:</b> {escape(value)}" for label, value in pairs if value]


def format_date(day: date | None, precision: str | None = "day") -> str:
    """A date as people write it: 10 Oct 2023, Oct 2023 or 2023."""
    if day is None:
        return "date unknown"
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return day.strftime("%b %Y")
    return f"{day.day} {day:%b %Y}"


def format_range(start: date | None, end: date | None, precision: str | None) -> str:
    """A date range written compactly: 4–6 Jun 2024, 30 Sep – 2 Oct 2024."""
    if start is None or end is None or end == start or precision != "day":
        return format_date(start, precision)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def html_length(text: str) -> int:
    """Characters Telegram counts: the text after entity parsing, in UTF-16 code units."""
    plain = html.unescape(re.sub(r"<[^>]*>", "", text))
    return len(plain.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Parts of at most `limit` visible characters, cut at paragraph, line or word ends."""
    if html_length(text) <= limit:
        return [text]
    parts: list[str] = []
    remaining = text
    while remaining and html_length(remaining) > limit:
        head, remaining = _cut(remaining, limit)
        parts.append(head)
    if remaining.strip():
        parts.append(remaining)
    return parts


def _cut(text: str, limit: int) -> tuple[str, str]:
    """A head within `limit` ending at the best boundary, and the rest, with tags mended.

    A paragraph end beats a line end, which beats a space, which beats any character,
    as long as the head keeps at least half of the room.
    """
    budget = limit - 128  # room for the tags closed and reopened around the cut
    stack: list[tuple[str, str]] = []
    visible = 0
    best: dict[int, tuple[int, int, tuple[tuple[str, str], ...]]] = {}
    for token in _TOKEN.finditer(text):
        piece = token.group()
        if close := _CLOSE_TAG.fullmatch(piece):
            if stack and stack[-1][0] == close.group(1):
                stack.pop()
            continue
        if opening := _OPEN_TAG.fullmatch(piece):
            stack.append((opening.group(1), piece))
            continue
        chars = [piece] if piece.startswith("&") and len(piece) > 1 else list(piece)
        index = token.start()
        for char in chars:
            width = 1 if len(char) > 1 else len(char.encode("utf-16-le")) // 2
            if visible + width > budget:
                break
            visible += width
            index += len(char)
            rank = 0
            if char == "\n":
                rank = 3 if text[index - 2 : index] == "\n\n" else 2
            elif char == " ":
                rank = 1
            best[rank] = (index, visible, tuple(stack))
        else:
            continue
        break
    cut_at, _, tags = next(
        (best[rank] for rank in (3, 2, 1) if rank in best and best[rank][1] >= budget // 2),
        best[0],
    )
    closing = "".join(f"</{name}>" for name, _ in reversed(tags))
    reopening = "".join(opening for _, opening in tags)
    return text[:cut_at].rstrip() + closing, reopening + text[cut_at:].lstrip()


def to_plain(text: str) -> str:
    """What the terminal shows for an HTML reply: links as 'text (url)', no tags."""
    text = re.sub(r'<a href="([^"]*)">(.*?)</a>', lambda m: f"{m[2]} ({html.unescape(m[1])})", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))
