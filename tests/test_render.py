"""Rendering: escaping, bold highlights, dates, and splitting under Telegram's limit."""

from __future__ import annotations

import re
from datetime import date

from handlers.render import (
    TELEGRAM_LIMIT,
    escape,
    format_range,
    highlight,
    html_length,
    split_message,
    to_plain,
)


def test_dynamic_text_is_escaped() -> None:
    assert escape('<b>"A&B"</b>') == "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"


def test_highlight_bolds_spans_and_escapes_the_rest() -> None:
    assert highlight("WCO <& Mikuriya", [(7, 15)]) == "WCO &lt;&amp; <b>Mikuriya</b>"


def test_date_ranges_are_compact() -> None:
    assert format_range(date(2024, 6, 4), date(2024, 6, 6), "day") == "4–6 Jun 2024"
    assert format_range(date(2024, 9, 30), date(2024, 10, 2), "day") == "30 Sep – 2 Oct 2024"
    assert format_range(date(2024, 1, 1), None, "year") == "2024"
    assert format_range(None, None, None) == "date unknown"


def test_short_message_is_one_part() -> None:
    assert split_message("<b>hi</b>") == ["<b>hi</b>"]


def test_long_message_splits_at_paragraphs_and_every_part_is_valid() -> None:
    paragraph = "<b>#{n} Title &amp; more</b>\n" + "word " * 150
    text = "\n\n".join(paragraph.format(n=n) for n in range(20))
    parts = split_message(text)
    assert len(parts) > 1
    assert all(html_length(part) <= TELEGRAM_LIMIT for part in parts)
    assert all(part.startswith("<b>#") for part in parts)  # cut at paragraph starts
    assert "".join(to_plain(p) for p in parts).count("Title & more") == 20


def test_a_cut_inside_a_tag_closes_and_reopens_it() -> None:
    text = "<i>" + "x" * 9000 + "</i>"
    parts = split_message(text)
    assert len(parts) == 3
    for part in parts:
        assert part.startswith("<i>") and part.endswith("</i>")
        assert html_length(part) <= TELEGRAM_LIMIT


def test_entities_are_never_cut() -> None:
    parts = split_message("&amp;" * 5000)
    assert all(re.fullmatch(r"(&amp;)+", part) for part in parts)
    assert sum(html_length(p) for p in parts) == 5000


def test_length_counts_utf16_units_like_telegram() -> None:
    assert html_length("🙂") == 2
    parts = split_message("🙂" * 3000)
    assert all(html_length(p) <= TELEGRAM_LIMIT for p in parts)
    assert "".join(parts) == "🙂" * 3000


def test_plain_text_for_the_terminal() -> None:
    assert to_plain('<b>A &lt;B&gt;</b> <a href="https://x.org/?a=1&amp;b=2">link</a>') == (
        "A <B> link (https://x.org/?a=1&b=2)"
    )
