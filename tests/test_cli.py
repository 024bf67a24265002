"""The `briefbot` command as a real process: the local chat and the JSON for scripts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BRIEFBOT = str(Path(sys.executable).with_name("briefbot"))


def run(data_dir: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TELEGRAM_"))}
    environ["BRIEFBOT_DATA_DIR"] = str(data_dir)
    environ.update(env or {})
    return subprocess.run(
        [BRIEFBOT, *args], input=stdin, capture_output=True, text=True, env=environ, timeout=120
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_chat_with_piped_lines_answers_each_and_exits(data_dir: Path) -> None:
    done = run(data_dir, "chat", stdin="/start\n/search mikuriya\n\n/summary 1\n/events\n")
    assert done.returncode == 0, done.stderr
    blocks = done.stdout.strip().split("\n\n")
    assert blocks[0].startswith("briefbot prepares briefings from the news")
    assert "3 articles for “mikuriya”:" in done.stdout
    for title in (
        "#1 Vietnam Customs has proactively strived",
        "#2 The customs sector should be one of the pioneering",
        "#5 Promoting ASEM customs cooperaion",
    ):
        assert title in done.stdout
    assert "#3 Enhance" not in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_echo_search_into_chat_lists_mikuriya_articles(data_dir: Path) -> None:
    done = run(data_dir, "chat", stdin="/search mikuriya\n")
    lines = done.stdout.splitlines()
    assert lines[0] == "3 articles for “mikuriya”:"
    assert sorted(line.split()[0] for line in lines if line.startswith("#")) == ["#1", "#2", "#5"]


def test_without_a_token_briefbot_opens_the_local_chat(data_dir: Path) -> None:
    done = run(data_dir, stdin="/search phu quoc\n")
    assert done.returncode == 0
    assert "TELEGRAM_BOT_TOKEN is not set: opening the local chat." in done.stderr
    assert "#3 Enhance multilateral diplomacy of Vietnam Customs" in done.stdout


def test_clear_one_line_answers_for_bad_input(data_dir: Path) -> None:
    lines = ["/search", "/summary 999999", "/search " + "x" * 1_000, "/search " + "x" * 10_000]
    done = run(data_dir, "chat", stdin="\n".join(lines) + "\n")
    assert done.stdout.strip().split("\n\n") == [
        "Usage: /search <words>, for example /search WCO conference",
        "There is no article #999999. Try /search to find one.",
        "That query is 1,000 characters long; please keep it under 300.",
        "That is 10,000 characters; /search takes at most 4,096 (one Telegram message).",
    ]


def test_list_json(data_dir: Path) -> None:
    done = run(data_dir, "list", "--json", "--limit", "2")
    rows = json.loads(done.stdout)
    assert len(rows) == 2
    assert set(rows[0]) >= {"id", "title", "source", "published"}


def test_search_json(data_dir: Path) -> None:
    result = json.loads(run(data_dir, "search", "Mikuria", "--json").stdout)
    assert result["total"] == 3
    assert [r["id"] for r in result["results"]] and all(
        set(r) >= {"id", "title", "source", "score", "snippet"} for r in result["results"]
    )


def test_summary_json_takes_sentences_from_the_article(data_dir: Path) -> None:
    result = json.loads(run(data_dir, "summary", "4", "--json").stdout)
    assert result["id"] == 4 and len(result["sentences"]) == 3
    body = (Path(__file__).resolve().parent.parent / "seeds").glob("003_*.txt")
    text = next(body).read_text(encoding="utf-8")
    assert all(sentence in text for sentence in result["sentences"])


def test_ingest_reports_each_file(data_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_text(
        "Customs modernisation forum held in Da Nang\n\nThe forum gathered customs officers and "
        "businesses to discuss digital customs, e-commerce and risk management in Da Nang.\n",
        encoding="utf-8",
    )
    first = run(data_dir, "ingest", str(article))
    again = run(data_dir, "ingest", str(article))
    assert first.stdout.splitlines() == [
        "Added #6: Customs modernisation forum held in Da Nang (new.txt)",
        "1 added, 0 already stored, 0 refused",
    ]
    assert again.stdout.splitlines()[-1] == "0 added, 1 already stored, 0 refused"


def test_unknown_summary_id_on_the_command_line(data_dir: Path) -> None:
    done = run(data_dir, "summary", "999")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "briefbot: There is no article #999. Try /search to find one."
    )


def test_reindex_keeps_search_and_events(data_dir: Path) -> None:
    before = json.loads(run(data_dir, "events", "--json").stdout)
    done = run(data_dir, "reindex")
    assert done.stdout.strip() == f"Reindexed 5 articles; {done.stdout.split()[-3]} meetings found."
    after = json.loads(run(data_dir, "events", "--json").stdout)
    assert [e["name"] for e in after] == [e["name"] for e in before]
    assert json.loads(run(data_dir, "search", "Mikuria", "--json").stdout)["total"] == 3
