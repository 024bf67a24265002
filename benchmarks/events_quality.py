"""Meeting extraction: quality on the labelled set and speed on real news, in one command.

    .venv/bin/python benchmarks/events_quality.py [--corpus N] [--verbose]

Quality, on tests/data/events_labelled.py (the five seeds and the written articles): an
extracted meeting is *found* when its name matches a labelled pattern, and *right* when
its start date is right too. Precision = right / counted extractions, where background
mentions (past editions named in passing) and names the label allows are not counted
unless they match a labelled event; recall = right / labelled events. For found events
the shares with exactly the right start, end and place (city, province, country as
labelled) are printed.

Speed: articles per second over the labelled set and over the first N items (default
3,000) of /work/shared/data/news_corpus.jsonl.gz, which is only read, never copied; the
one-time gazetteer load is timed apart.

Targets: F1 >= 0.9, exact dates for >= 95% of found events, >= 100 articles/second.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import itertools
import json
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.events.extraction import MeetingMention, extract_meetings  # noqa: E402
from bot.events.places import gazetteer  # noqa: E402

CORPUS = Path("/work/shared/data/news_corpus.jsonl.gz")
LABELS = ROOT / "tests" / "data" / "events_labelled.py"


def load_labelled() -> list[dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("events_labelled", LABELS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.labelled_articles()


@dataclass
class Tally:
    labelled: int = 0
    counted: int = 0
    found: int = 0
    right: int = 0
    start_ok: int = 0
    end_ok: int = 0
    place_ok: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _place_ok(expected: dict[str, Any], mention: MeetingMention) -> bool:
    return all(
        (expected.get(part) or None) == getattr(mention, part)
        for part in ("city", "province", "country")
        if part in expected or (getattr(mention, part) is not None and part != "province")
    )


def score(article: dict[str, Any], mentions: list[MeetingMention]) -> tuple[Tally, list[str]]:
    """Match extracted mentions to labelled events; notes say what went wrong."""
    tally, notes = Tally(labelled=len(article["events"])), []
    free = list(mentions)
    for expected in article["events"]:
        pattern = re.compile(expected["name"], re.IGNORECASE)
        named = [m for m in free if pattern.search(m.name)]
        if not named:
            notes.append(f"MISSED {expected['name']!r}")
            continue
        start = _day(expected["start"])
        mention = next(
            (m for m in named if (m.dates.start if m.dates else None) == start), named[0]
        )
        free.remove(mention)
        got_start = mention.dates.start if mention.dates else None
        got_end = mention.dates.end if mention.dates else None
        tally.counted += 1
        tally.found += 1
        tally.right += got_start == start
        tally.start_ok += got_start == start
        tally.end_ok += got_end == _day(expected["end"])
        place_ok = _place_ok(expected, mention)
        tally.place_ok += place_ok
        if got_start != start or got_end != _day(expected["end"]) or not place_ok:
            notes.append(
                f"WRONG {mention.name!r}: {got_start}..{got_end} "
                f"{mention.city}/{mention.province}/{mention.country}"
            )
    allowed = [re.compile(p, re.IGNORECASE) for p in article.get("allowed", [])]
    for mention in free:
        if mention.background or any(p.search(mention.name) for p in allowed):
            continue
        tally.counted += 1
        notes.append(f"EXTRA {mention.name!r} {mention.dates}")
    return tally, notes


def quality(articles: list[dict[str, Any]], verbose: bool) -> Tally:
    total = Tally()
    for article in articles:
        mentions = extract_meetings(
            article["body"], title=article["title"], published=article["published"]
        )
        tally, notes = score(article, mentions)
        total.add(tally)
        if verbose and notes:
            print(f"  {article['id']}: " + "; ".join(notes))
    return total


def speed(texts: list[tuple[str, str]], repeat: int = 1) -> float:
    """Articles per second."""
    started = time.perf_counter()
    for _ in range(repeat):
        for title, body in texts:
            extract_meetings(body, title=title, published=None)
    return len(texts) * repeat / (time.perf_counter() - started)


def corpus_items(limit: int) -> list[tuple[str, str]]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        rows = (json.loads(line) for line in itertools.islice(lines, limit))
        return [(row.get("title") or "", row.get("text") or "") for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=3000, help="corpus items timed")
    parser.add_argument("--verbose", action="store_true", help="list misses per article")
    args = parser.parse_args()

    started = time.perf_counter()
    gazetteer()
    load = time.perf_counter() - started

    articles = load_labelled()
    total = quality(articles, args.verbose)
    precision = total.right / total.counted if total.counted else 0.0
    recall = total.right / total.labelled if total.labelled else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    found = total.found or 1
    print(f"articles: {len(articles)}   labelled events: {total.labelled}")
    print(f"precision {precision:.3f}   recall {recall:.3f}   F1 {f1:.3f}")
    print(
        f"found {total.found}: start exact {total.start_ok / found:.1%}   "
        f"end exact {total.end_ok / found:.1%}   place exact {total.place_ok / found:.1%}"
    )
    labelled_texts = [(a["title"], a["body"]) for a in articles]
    print(f"speed, labelled set: {speed(labelled_texts, repeat=5):.0f} articles/s")
    if CORPUS.exists() and args.corpus:
        items = corpus_items(args.corpus)
        words = sum(len(body.split()) for _, body in items) / max(1, len(items))
        print(
            f"speed, news corpus ({len(items)} items, {words:.0f} words on average): "
            f"{speed(items):.0f} articles/s"
        )
    print(f"gazetteer load, once per process: {load:.2f} s")


if __name__ == "__main__":
    main()
