"""Uploads end to end: an admin sends the real bot a file through our Bot API server; the
bot fetches it (getFile, then the file URL), stores its articles and names them. A file
from anyone else is refused before it is downloaded, and nothing is stored."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bot_process import bot_env, polling_bot
from fake_telegram import FakeTelegram
from sqlalchemy import select

from storage.engine import Database
from storage.models import Article

TOKEN = "444444444:TEST-upload-token"
BORDER = (
    "Vietnam and Laos sign border inspection plan\n\n"
    "The General Department of Vietnam Customs and the Customs Department of Laos signed a "
    "plan on joint border inspections at the Lao Bao and Densavan gates on Tuesday. Officers "
    "of both sides will share risk information and inspect cargo once, at a single stop.\n"
)
LINES = [
    {
        "title": "Da Nang hosts customs modernisation forum",
        "url": "https://example.org/forum",
        "published": "2024-06-04",
        "text": "More than 300 officers and traders met in Da Nang for the customs "
        "modernisation forum, which looked at digital declarations and e-commerce parcels. "
        "Speakers from Japan and Korea presented their single window systems.",
    },
    {
        "title": "Cambodia and Thailand open a joint checkpoint",
        "url": "https://example.org/checkpoint",
        "text": "Cambodia and Thailand opened a joint customs checkpoint at the Poipet border "
        "gate on Monday, where trucks are now inspected once by both customs services. "
        "Officials expect clearance times to fall by half within the year.",
    },
]
JSONL = ("\n".join(json.dumps(line) for line in LINES) + "\n{not json\n").encode()
STRANGER_TEXT = (
    "A stranger's article about customs\n\nThis article was sent by someone who is not an "
    "admin of the bot, so it must never reach the store, however well written it is.\n"
)


def test_an_admins_files_are_stored_and_a_strangers_refused(tmp_path: Path) -> None:
    with FakeTelegram(token=TOKEN, bot_username="briefbot_test_bot") as tg:
        admin, stranger = tg.user("Admin"), tg.user("Stranger")
        env = bot_env(tg, TOKEN, tmp_path / "data", BRIEFBOT_ADMINS=str(admin.id))
        with polling_bot(tg, env, tmp_path / "bot.log"):
            mine, theirs = tg.private_chat(admin), tg.private_chat(stranger)
            tg.send_document(mine, admin, "border.txt", BORDER.encode())
            (card,) = tg.wait_for_bot_messages(mine, timeout=30)
            tg.send_document(mine, admin, "news.jsonl", JSONL)
            (tally,) = tg.wait_for_bot_messages(mine, timeout=30)
            refused_file = tg.send_document(theirs, stranger, "mine.txt", STRANGER_TEXT.encode())
            (refusal,) = tg.wait_for_bot_messages(theirs, timeout=30)

        assert card.text == (
            "Added:\n#6 Vietnam and Laos sign border inspection plan\ndate unknown · border.txt"
        )
        assert [b["text"] for b in card.buttons] == ["Summary"]
        assert tally.text == (
            "news.jsonl: 3 lines: 2 added, 0 already stored, 1 refused\n"
            "Added #7: Da Nang hosts customs modernisation forum\n"
            "Added #8: Cambodia and Thailand open a joint checkpoint\n"
            "news.jsonl line 3: not valid JSON (Expecting property name enclosed in double "
            "quotes at column 2)"
        )
        assert refusal.text == "Only admins can add articles."
        assert refused_file.document is not None
        asked = [call.params.get("file_id") for call in tg.calls_to("getFile")]
        assert len(asked) == 2 and refused_file.document.file_id not in asked

    database = Database.open(f"sqlite:///{tmp_path / 'data' / 'briefbot.sqlite3'}")
    with database.reader() as session:
        columns = select(Article.id, Article.title, Article.source, Article.published)
        stored = session.execute(columns.where(Article.id > 5).order_by(Article.id)).all()
    database.close()
    assert [tuple(row) for row in stored] == [
        (6, "Vietnam and Laos sign border inspection plan", "border.txt", None),
        (7, LINES[0]["title"], LINES[0]["url"], date(2024, 6, 4)),
        (8, LINES[1]["title"], LINES[1]["url"], None),
    ]
