"""Buttons: data under 64 bytes, page turns, and polite answers to old or forged data."""

from __future__ import annotations

import pytest

from bot.services import Services
from handlers.callback_data import MAX_CALLBACK_BYTES, page_data, summary_data
from handlers.messages import Request
from handlers.router import dispatch, dispatch_button

BUTTON = Request(command="button")


def test_callback_data_stays_under_64_bytes() -> None:
    assert len(page_data(10**12 - 1, 9999).encode()) <= MAX_CALLBACK_BYTES
    assert len(summary_data(10**12 - 1).encode()) <= MAX_CALLBACK_BYTES


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        ("s:424242:1", "This search has expired. Send /search again."),
        ("m:999999", "There is no article #999999. Try /search to find one."),
        ("zz:1", "This button no longer works. Send the command again."),
        ("s:1:-1", "This button no longer works. Send the command again."),
        ("", "This button no longer works. Send the command again."),
        ("m:1;DROP TABLE articles", "This button no longer works. Send the command again."),
    ],
)
def test_old_or_forged_data_gets_a_polite_answer(
    sqlite_services: Services, data: str, answer: str
) -> None:
    [reply] = dispatch_button(data, BUTTON, sqlite_services)
    assert reply.html == answer


def test_summary_button_summarizes_the_article(sqlite_services: Services) -> None:
    [reply] = dispatch_button(summary_data(4), BUTTON, sqlite_services)
    assert reply.html.startswith("<b>#4 The 2023 WCO Technology Conference")
    assert not reply.edit


def test_page_buttons_walk_through_results(sqlite_services: Services) -> None:
    [first] = dispatch(Request(command="search", args="customs"), sqlite_services)
    assert "Next ▸" not in [b.label for row in first.buttons for b in row]  # five seeds: one page
    saved = sqlite_services.search.save_query("customs", sqlite_services.clock.now())
    [second] = dispatch_button(page_data(saved, 1), BUTTON, sqlite_services)
    assert second.edit and second.html == "No more results for “customs”."
