"""One grammar for callback data, kept under Telegram's 64-byte limit.

`s:<saved search id>:<page>` turns a page of search results; `m:<article id>` asks
for an article's summary; `r:<article id>` searches for articles related to it;
`e:<event id>` shows a meeting's briefing and `c:<event id>` sends its calendar file.
`cfg:<choice>` changes a /settings choice (grammar in handlers/subscriptions.py).
"""

from __future__ import annotations

import re

MAX_CALLBACK_BYTES = 64
PAGE = re.compile(r"^s:(\d{1,12}):(\d{1,4})$")
SUMMARY = re.compile(r"^m:(\d{1,12})$")
RELATED = re.compile(r"^r:(\d{1,12})$")
BRIEFING = re.compile(r"^e:(\d{1,12})$")
CALENDAR = re.compile(r"^c:(\d{1,12})$")


def page_data(saved_id: int, page: int) -> str:
    """Callback data for a page of a saved search."""
    return _checked(f"s:{saved_id}:{page}")


def summary_data(article_id: int) -> str:
    """Callback data for an article's summary."""
    return _checked(f"m:{article_id}")


def related_data(article_id: int) -> str:
    """Callback data for a search of articles related to this one."""
    return _checked(f"r:{article_id}")


def briefing_data(event_id: int) -> str:
    """Callback data for a meeting's briefing card."""
    return _checked(f"e:{event_id}")


def calendar_data(event_id: int) -> str:
    """Callback data for a meeting's calendar file."""
    return _checked(f"c:{event_id}")


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data
