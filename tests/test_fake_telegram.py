"""Tests of the fake Telegram Bot API itself.

Why: end-to-end tests of the bot are only as trustworthy as the fake they run against. These tests
drive the fake with python-telegram-bot's own ``telegram.Bot`` (the client the bot uses) and with
raw HTTP, and pin the Telegram behaviour the bot's tests rely on: error texts, limits counted like
Telegram counts them, update queue semantics and long polling.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest
import telegram
from fake_telegram import FakeTelegram, HtmlParseError, parse_html, utf16_len
from fake_telegram.html_entities import format_text
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, RetryAfter

T = TypeVar("T")
TOKEN = "123456:TEST-secret-token"


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    with FakeTelegram(TOKEN, "briefbot_test_bot") as fake:
        yield fake


def make_bot(tg: FakeTelegram) -> telegram.Bot:
    return telegram.Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url)


def run(tg: FakeTelegram, scenario: Callable[[telegram.Bot], Awaitable[T]]) -> T:
    """Run ``scenario(bot)`` with a PTB Bot pointed at the fake."""

    async def main() -> T:
        async with make_bot(tg) as bot:
            return await scenario(bot)

    return asyncio.run(main())


def raw(
    tg: FakeTelegram,
    method: str,
    *,
    token: str = TOKEN,
    query: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    json_body: dict[str, Any] | None = None,
) -> tuple[int, dict[str, Any]]:
    """Plain urllib request to the fake; returns (HTTP status, decoded JSON)."""
    url = f"{tg.root_url}/bot{token}/{method}"
    if query:
        url += "?" + urllib.parse.urlencode(query)
    data, headers = None, {}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(d or "empty", callback_data=d)] for d in data]
    )


# --------------------------------------------------------------------------- identity & HTTP


def test_get_me_returns_a_full_bot_user(tg: FakeTelegram) -> None:
    me = run(tg, lambda bot: bot.get_me())
    assert me.id == 123456
    assert me.is_bot is True
    assert me.first_name
    assert me.username == "briefbot_test_bot"
    assert me.can_join_groups is True
    assert me.can_read_all_group_messages is False  # privacy mode, like a fresh bot
    assert me.supports_inline_queries is True


def test_raw_http_forms_and_errors(tg: FakeTelegram) -> None:
    assert raw(tg, "getMe")[1]["result"]["is_bot"] is True
    assert raw(tg, "GETME")[0] == 200  # method names are case-insensitive
    assert raw(tg, "getMe", token="123456:wrong") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert raw(tg, "noSuchMethod") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    alice = tg.user("Alice")
    tg.private_chat(alice)
    for kwargs in (
        {"query": {"chat_id": str(alice.id), "text": "q"}},
        {"form": {"chat_id": str(alice.id), "text": "f"}},
        {"json_body": {"chat_id": alice.id, "text": "j"}},
    ):
        status, body = raw(tg, "sendMessage", **kwargs)
        assert status == 200 and body["ok"] is True
        assert isinstance(body["result"]["date"], int)
        assert abs(body["result"]["date"] - time.time()) < 60  # seconds, not milliseconds
    assert raw(tg, "sendMessage", json_body={"text": "x"})[1]["description"] == (
        "Bad Request: chat_id is empty"
    )
    assert raw(tg, "sendMessage", json_body={"chat_id": 42, "text": "x"})[1]["description"] == (
        "Bad Request: chat not found"
    )
    assert raw(tg, "sendMessage", json_body={"chat_id": alice.id})[1]["description"] == (
        "Bad Request: message text is empty"
    )


def test_calls_are_logged_without_secrets(tg: FakeTelegram) -> None:
    raw(tg, "setWebhook", form={"url": "https://example.com/hook", "secret_token": "s3cr3t"})
    logged = repr(tg.calls)
    assert TOKEN not in logged and "s3cr3t" not in logged
    assert tg.calls[-1].method == "setWebhook" and tg.calls[-1].params["secret_token"] == "***"


# --------------------------------------------------------------------------- updates


def test_get_updates_offset_limit_and_negative_offset(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    sent = [tg.send_message(chat, alice, f"m{i}") for i in range(4)]
    ids = [m.update_id for m in sent]
    assert ids == sorted(ids) and len(set(ids)) == 4

    async def scenario(bot: telegram.Bot) -> None:
        first = await bot.get_updates(limit=2)
        assert [u.message.text for u in first] == ["m0", "m1"]
        again = await bot.get_updates()  # nothing confirmed yet: everything is still there
        assert [u.message.text for u in again] == ["m0", "m1", "m2", "m3"]
        rest = await bot.get_updates(offset=first[-1].update_id + 1)
        assert [u.message.text for u in rest] == ["m2", "m3"]
        assert [u.message.text for u in await bot.get_updates()] == ["m2", "m3"]
        future = await bot.get_updates(offset=rest[-1].update_id + 100)  # served from the head
        assert [u.message.text for u in future] == ["m2", "m3"]
        last = await bot.get_updates(offset=-1)  # the last one; the ones before are forgotten
        assert [u.message.text for u in last] == ["m3"]
        assert await bot.get_updates(offset=last[0].update_id + 1) == ()

    run(tg, scenario)
    assert tg.pending_updates == []


def test_long_poll_wakes_up_when_an_update_arrives(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)

    async def scenario(bot: telegram.Bot) -> float:
        threading.Timer(0.3, tg.send_message, (chat, alice, "ping")).start()
        started = time.monotonic()
        updates = await bot.get_updates(timeout=10)
        assert [u.message.text for u in updates] == ["ping"]
        return time.monotonic() - started

    assert 0.2 < run(tg, scenario) < 3


def test_long_poll_times_out_empty(tg: FakeTelegram) -> None:
    assert run(tg, lambda bot: bot.get_updates(timeout=1)) == ()


def test_overlapping_long_polls_conflict(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)

    async def scenario(bot: telegram.Bot) -> None:
        async with make_bot(tg) as second:
            first_poll = asyncio.create_task(bot.get_updates(timeout=5))
            await asyncio.sleep(0.3)
            second_poll = asyncio.create_task(second.get_updates(timeout=5))
            with pytest.raises(Conflict, match="terminated by other getUpdates request"):
                await asyncio.wait_for(first_poll, 3)
            threading.Timer(0.1, tg.send_message, (chat, alice, "hi")).start()
            assert [u.message.text for u in await second_poll] == ["hi"]

    run(tg, scenario)


def test_webhook_blocks_get_updates_until_deleted(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    tg.send_message(tg.private_chat(alice), alice, "old")

    async def scenario(bot: telegram.Bot) -> None:
        assert await bot.set_webhook("https://example.com/hook", secret_token="abc")
        assert (await bot.get_webhook_info()).url == "https://example.com/hook"
        with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
            await bot.get_updates()
        assert await bot.delete_webhook(drop_pending_updates=True)
        assert await bot.get_updates() == ()

    run(tg, scenario)


def test_allowed_updates_is_remembered_and_filters_new_updates(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)

    async def scenario(bot: telegram.Bot) -> None:
        await bot.get_updates(allowed_updates=["callback_query"])
        sent = await bot.send_message(chat.id, "pick", reply_markup=keyboard("a"))
        tg.send_message(chat, alice, "ignored")
        tg.press_button(tg.bot_messages(chat)[-1], alice, "a")
        updates = await bot.get_updates()  # no allowed_updates: the filter is kept
        assert [u.callback_query.data for u in updates] == ["a"]
        assert updates[0].callback_query.message.message_id == sent.message_id

    run(tg, scenario)


def test_privacy_mode_in_groups(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    group = tg.group("Customs team", admins=[alice])
    assert tg.send_message(group, alice, "just chatting").update_id is None
    assert tg.send_message(group, alice, "/search@other_bot x").update_id is None
    assert tg.send_message(group, alice, "/search@briefbot_test_bot phu quoc").update_id
    assert tg.send_message(group, alice, "/search wco").update_id
    bot_message = run(tg, lambda bot: bot.send_message(group.id, "result"))
    stored = tg.bot_messages(group)[-1]
    assert stored.message_id == bot_message.message_id
    assert tg.send_message(group, alice, "more please", reply_to=stored).update_id


# --------------------------------------------------------------------------- HTML parse mode


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<foo>bar</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("Total: <b>12</b> <br>", 'Unsupported start tag "br" at byte offset 17'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("é<x>", 'Unsupported start tag "x" at byte offset 2'),  # byte offsets, in UTF-8
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
        ("<a href=", 'Unclosed start tag "a" at byte offset 0'),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href=x/y>z</a>", "Unexpected end of name token at byte offset 8"),
    ],
)
def test_html_errors_match_telegram(html: str, error: str) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(html)
    assert str(caught.value) == error


def test_html_error_reaches_the_bot_as_bad_request(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    with pytest.raises(BadRequest, match='unsupported start tag "foo" at byte offset 12'):
        run(tg, lambda bot: bot.send_message(chat.id, "Hello world <foo>", parse_mode="HTML"))
    assert tg.failed_calls[-1].description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 12'
    )
    assert tg.bot_messages(chat) == []


def test_nested_html_becomes_text_and_entities(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    html = (
        "<b>Bold <i>both</i></b> &lt;tag&gt; &amp; &quot;q&quot; &#128512; "
        '<a href="https://Example.com">link</a> <code>x</code>\n'
        '<pre><code class="language-python">print(1)</code></pre>'
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>'
        "<blockquote expandable>quote</blockquote>  \n"
    )
    message = run(tg, lambda bot: bot.send_message(chat.id, html, parse_mode="HTML"))
    assert message.text == 'Bold both <tag> & "q" 😀 link x\nprint(1)stquote'
    got = [(e.type, e.offset, e.length) for e in message.entities]
    assert got == [
        ("bold", 0, 9),
        ("italic", 5, 4),
        ("text_link", 25, 4),
        ("code", 30, 1),
        ("pre", 32, 8),
        ("spoiler", 40, 2),
        ("expandable_blockquote", 42, 5),
    ]
    assert message.entities[2].url == "https://example.com/"
    assert message.entities[4].language == "python"
    stored = tg.bot_messages(chat)[-1]
    assert stored.html == html and stored.text == message.text


def test_raw_ampersand_and_unknown_named_entities_stay_literal() -> None:
    # Telegram only decodes &lt; &gt; &amp; &quot; and numeric references; others are text.
    assert parse_html("AT&T &nbsp; &apos; &#39;").text == "AT&T &nbsp; &apos; '"


# --------------------------------------------------------------------------- limits


def test_message_length_counted_after_entities_in_utf16(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    accepted = [
        "a" * 4096,
        "<b>" + "a" * 4096 + "</b>",
        "&lt;" * 4096,
        "😀" * 2048,  # 4096 UTF-16 code units
        "a" * 4096 + "\n \n",  # trailing whitespace is trimmed first
    ]
    refused = ["a" * 4097, "<i>" + "a" * 4097 + "</i>", "😀" * 2049]

    async def scenario(bot: telegram.Bot) -> None:
        for text in accepted:
            await bot.send_message(chat.id, text, parse_mode="HTML")
        for text in refused:
            with pytest.raises(BadRequest, match="Message is too long"):
                await bot.send_message(chat.id, text, parse_mode="HTML")

    run(tg, scenario)
    assert [utf16_len(m.text or "") for m in tg.bot_messages(chat)] == [4096] * 5


def test_whitespace_only_text_is_refused() -> None:
    assert format_text("<b> </b>\n", "HTML").text == ""


def test_callback_data_limit_is_64_bytes(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)

    async def scenario(bot: telegram.Bot) -> None:
        await bot.send_message(chat.id, "ok", reply_markup=keyboard("x" * 64, "é" * 32))
        for data in ("x" * 65, "é" * 33):
            with pytest.raises(BadRequest, match="Button_data_invalid"):
                await bot.send_message(chat.id, "too long", reply_markup=keyboard(data))
        with pytest.raises(BadRequest, match=r"(?i)text buttons are not allowed"):
            await bot.send_message(chat.id, "empty", reply_markup=keyboard(""))

    run(tg, scenario)
    assert tg.failed_calls[0].description == "Bad Request: BUTTON_DATA_INVALID"


# --------------------------------------------------------------------------- edits & callbacks


def test_edit_message_text_not_modified_and_not_found(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)

    async def scenario(bot: telegram.Bot) -> None:
        sent = await bot.send_message(
            chat.id, "<b>v1</b>", parse_mode="HTML", reply_markup=keyboard("a")
        )
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text(
                "<b>v1</b>", chat.id, sent.message_id, parse_mode="HTML", reply_markup=keyboard("a")
            )
        edited = await bot.edit_message_text(
            "<b>v1</b>", chat.id, sent.message_id, parse_mode="HTML"
        )  # drops the keyboard
        assert edited.reply_markup is None and edited.edit_date is not None
        await bot.edit_message_text("v2", chat.id, sent.message_id)
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("v3", chat.id, sent.message_id + 100)

    run(tg, scenario)
    stored = tg.bot_messages(chat)[-1]
    assert stored.text == "v2" and stored.edited
    assert [version.text for version in stored.history] == ["v1", "v1"]
    assert NOT_MODIFIED_TEXT in {call.description for call in tg.failed_calls}


NOT_MODIFIED_TEXT = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def test_button_press_and_answer_callback_query(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    run(tg, lambda bot: bot.send_message(chat.id, "pick", reply_markup=keyboard("a", "b")))
    message = tg.bot_messages(chat)[-1]
    with pytest.raises(AssertionError, match="no button"):
        tg.press_button(message, alice, "zzz")
    query_id = tg.press_button(message, alice, text="b")

    async def scenario(bot: telegram.Bot) -> None:
        (update,) = await bot.get_updates()
        assert update.callback_query.id == query_id and update.callback_query.data == "b"
        assert await update.callback_query.answer("done")
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(query_id)
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query("12345")

    run(tg, scenario)
    assert tg.wait_for_callback_answer(query_id, timeout=1)["text"] == "done"


def test_edit_reply_markup_and_delete(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    user_message = tg.send_message(chat, alice, "hello")

    async def scenario(bot: telegram.Bot) -> None:
        sent = await bot.send_message(chat.id, "menu", reply_markup=keyboard("a"))
        await bot.edit_message_reply_markup(chat.id, sent.message_id, reply_markup=keyboard("b"))
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_reply_markup(
                chat.id, sent.message_id, reply_markup=keyboard("b")
            )
        with pytest.raises(BadRequest, match="Message can't be edited"):
            await bot.edit_message_text("x", chat.id, user_message.message_id)
        assert await bot.delete_message(chat.id, sent.message_id)
        with pytest.raises(BadRequest, match="Message to delete not found"):
            await bot.delete_message(chat.id, sent.message_id)

    run(tg, scenario)
    (stored,) = tg.bot_messages(chat)
    assert stored.deleted and [
        b["callback_data"] for b in stored.history[-1].reply_markup["inline_keyboard"][0]
    ] == ["a"]


def test_wait_for_bot_messages_times_out_with_a_dump(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    tg.send_message(chat, alice, "/start")
    started = time.monotonic()
    with pytest.raises(AssertionError, match="timed out") as caught:
        tg.wait_for_bot_messages(chat, timeout=0.3)
    assert time.monotonic() - started < 2
    assert "/start" in str(caught.value)
    threading.Timer(0.1, lambda: run(tg, lambda bot: bot.send_message(chat.id, "hi"))).start()
    assert [m.text for m in tg.wait_for_bot_messages(chat, timeout=5)] == ["hi"]


# --------------------------------------------------------------------------- files


def test_send_document_round_trip(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    payload = "Tin tức hải quan\n".encode() * 100
    user_doc = tg.send_document(chat, alice, "news.txt", b"user bytes", caption="for you")

    async def scenario(bot: telegram.Bot) -> None:
        sent = await bot.send_document(
            chat.id, payload, filename="báo cáo.txt", caption="<b>Report</b>", parse_mode="HTML"
        )
        assert sent.document.file_name == "báo cáo.txt" and sent.document.file_size == len(payload)
        assert sent.caption == "Report" and sent.caption_entities[0].type == "bold"
        downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
        assert bytes(downloaded) == payload
        (update,) = await bot.get_updates()
        incoming = await bot.get_file(update.message.document.file_id)
        assert bytes(await incoming.download_as_bytearray()) == b"user bytes"
        with pytest.raises(BadRequest, match="Invalid file_id"):
            await bot.get_file("nope")

    run(tg, scenario)
    stored = tg.bot_messages(chat)[-1]
    assert stored.document is not None and stored.document.data == payload
    assert stored.caption == "Report" and stored.html == "<b>Report</b>"
    assert user_doc.document is not None and user_doc.document.name == "news.txt"


# --------------------------------------------------------------------------- injected failures


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_injected_failures_map_to_ptb_exceptions(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    group = tg.group("Old group", admins=[alice])
    tg.fail_next("sendMessage", 429, retry_after=2)
    tg.fail_next("sendmessage", 403, "Forbidden: bot was kicked from the group chat")

    async def scenario(bot: telegram.Bot) -> None:
        with pytest.raises(RetryAfter, match="Retry in 2 seconds"):
            await bot.send_message(chat.id, "x")
        with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
            await bot.send_message(chat.id, "x")
        assert (await bot.send_message(chat.id, "third time lucky")).text == "third time lucky"
        new = tg.migrate_to_supergroup(group)
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(group.id, "x")
        assert migrated.value.new_chat_id == new.id
        tg.block_bot(alice)
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(chat.id, "x")

    run(tg, scenario)
    assert tg.failed_calls[0].description == "Too Many Requests: retry after 2"


# ----------------------------------------------------------------- commands, chats, inline


def test_my_commands_are_validated_and_stored(tg: FakeTelegram) -> None:
    async def scenario(bot: telegram.Bot) -> None:
        assert await bot.set_my_commands([("search", "Search the news"), ("brief", "Brief me")])
        assert [c.command for c in await bot.get_my_commands()] == ["search", "brief"]
        with pytest.raises(BadRequest, match="Bot_command_invalid"):
            await bot.set_my_commands([("Search", "upper case")])
        with pytest.raises(BadRequest, match="Command description must be non-empty"):
            await bot.set_my_commands([("search", "  ")])
        assert await bot.delete_my_commands()

    run(tg, scenario)
    assert tg.my_commands == [] and len(tg.calls_to("setMyCommands")) == 3


def test_chat_members_and_admins(tg: FakeTelegram) -> None:
    alice, bob = tg.user("Alice"), tg.user("Bob")
    group = tg.group("Customs team", admins=[alice], members=[bob], supergroup=True)

    async def scenario(bot: telegram.Bot) -> None:
        admins = await bot.get_chat_administrators(group.id)
        assert [a.user.id for a in admins] == [alice.id]
        assert (await bot.get_chat_member(group.id, bob.id)).status == "member"
        assert (await bot.get_chat(group.id)).title == "Customs team"
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.get_chat(-1009999)

    run(tg, scenario)


def test_inline_query_answer_is_validated(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    query_id = tg.send_inline_query(alice, "wco")

    def article(result_id: str, text: str) -> dict[str, Any]:
        return {
            "type": "article",
            "id": result_id,
            "title": "t",
            "input_message_content": {"message_text": text, "parse_mode": "HTML"},
        }

    def answer(*results: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return raw(
            tg,
            "answerInlineQuery",
            json_body={"inline_query_id": query_id, "results": list(results)},
        )

    assert answer(article("x" * 65, "a"))[1]["description"] == "Bad Request: RESULT_ID_INVALID"
    assert answer(article("1", "<b>a"))[1]["description"] == (
        "Bad Request: can't parse inline query result: Can't parse entities: Can't find end tag "
        'corresponding to start tag "b"'
    )
    assert answer(article("x" * 64, "<b>a</b>")) == (200, {"ok": True, "result": True})
    assert answer(article("1", "a"))[1]["description"].startswith("Bad Request: query is too old")
    (record,) = tg.inline_answers
    tg.choose_inline_result(query_id, "x" * 64)
    updates = run(tg, lambda bot: bot.get_updates())
    assert updates[-1].chosen_inline_result.result_id == "x" * 64
    assert record.query == "wco"


# --------------------------------------------------------------------------- a real bot process

BOT_PROCESS = """
import sys
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

async def start(update, context):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    await update.message.reply_html("<b>Hello</b> " + " ".join(context.args), reply_markup=keyboard)

async def more(update, context):
    await update.callback_query.answer("ok")
    await update.callback_query.edit_message_text("<i>More</i>", parse_mode="HTML")

token, base_url, base_file_url = sys.argv[1:]
app = Application.builder().token(token).base_url(base_url).base_file_url(base_file_url).build()
app.add_handler(CommandHandler("start", start))
app.add_handler(CallbackQueryHandler(more))
app.run_polling(drop_pending_updates=True)
"""


def test_a_real_ptb_application_runs_end_to_end(tg: FakeTelegram) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    tg.send_message(chat, alice, "/start stale")  # dropped by drop_pending_updates
    command = [sys.executable, "-c", BOT_PROCESS, tg.token, tg.base_url, tg.base_file_url]
    process = subprocess.Popen(command)
    try:
        tg.wait_for_polling(timeout=30)
        tg.send_message(chat, alice, "/start world")
        (reply,) = tg.wait_for_bot_messages(chat, timeout=10)
        assert (reply.text, reply.html) == ("Hello world", "<b>Hello</b> world")
        query_id = tg.press_button(reply, alice, "more")
        assert tg.wait_for_callback_answer(query_id, timeout=10)["text"] == "ok"
        assert tg.wait_for_edit(reply, timeout=10).text == "More"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
    assert tg.failed_calls == []
    assert len(tg.bot_messages(chat)) == 1
