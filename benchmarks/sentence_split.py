"""Compare sentence splitters on real news: accuracy first, speed second.

Run: ``.venv/bin/python benchmarks/sentence_split.py [--limit N] [--show NAME]``

Candidates (each skipped with a note if its package is not installed):

* ``briefbot``: ``bot.sentences.split_sentences`` (rules, no model);
* ``naive-regex``: split after ``.!?`` (+ closing quote) before a capital, a digit or a quote;
* ``pysbd``: rule-based Golden-Rules segmenter (``clean=False``);
* ``nupunkt``: Punkt with the package's default model (trained on legal text);
* ``nupunkt-pruned``: the same model with its abbreviation list cut down to dotted forms
  (``u.s``, ``e.g``) and the short news list of ``bot.sentences``, so that ordinary words
  ("so", "all", "add") are no longer abbreviations;
* ``syntok``: segtok's successor (rules);
* ``blingfire``: Microsoft's finite-state splitter (model compiled into its wheel).

Every candidate but ``briefbot`` gets the same wrapper: the text is cut at line breaks
first (a line break always ends a sentence) and punctuation-only pieces are joined to the
sentence before them, as ``bot.sentences`` does.

Figures:

* BBC exact %: share of reference-summary sentences (copied verbatim from the article,
  ``bbc_news_summary_full``) that come out as exactly one split sentence (outer quotes
  ignored: the references drop some of them); ``fused`` counts
  reference sentences found inside a longer split sentence (glued to a neighbour) and
  ``broken`` those cut apart by a wrong boundary. The references were cut by a crude
  splitter ("his days in Wham!" | "through to ..."), so ``clean%`` repeats exact % on the
  reference sentences that read as whole sentences (capital start, terminator end, next
  text starting a sentence); a disagreement there is a real error of the candidate.
* rules: hand-written tricky news cases below (``TRICKY``) passed exactly.
* golden: pysbd's English Golden Rules passed (``benchmarks.english_golden_rules``,
  shipped inside the pysbd wheel; pysbd was written against them, so it is favoured).
* CNN/DM: 250 one-paragraph DailyMail/CNN articles with curly quotes and inline captions,
  which have no sentence reference: sentences per article and the share of very long
  (> 70 words, likely fused) and very short (< 3 words, likely broken) sentences.
* ms/article: median and 95th percentile wall time on the CNN/DM articles (~550 words),
  each split once after a warm-up on other articles.

The evaluation data stays in /work/shared/data (read only); nothing here copies it.
Only ``briefbot`` is needed by the product; install the others (``pip install nupunkt
syntok blingfire``) to compare, missing ones are listed as such.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import runpy
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.sentences import (
    _BEFORE_NUMBER,
    _NEVER_FINAL,
    _SOMETIMES_FINAL,
    split_sentences,
)

DATA = Path("/work/shared/data")
BBC = DATA / "bbc_news_summary_full.jsonl.gz"
SUMM_EVAL = DATA / "summ_eval.jsonl.gz"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"

Splitter = Callable[[str], list[str]]

# Hand-written cases of the kinds the product must get right (not taken from the data).
TRICKY: list[tuple[str, list[str]]] = [
    (
        "WCO Secretary-General Dr. Kunio Mikuriya opened the event. He spoke for an hour.",
        ["WCO Secretary-General Dr. Kunio Mikuriya opened the event.", "He spoke for an hour."],
    ),
    (
        "Exports to the U.S. rose sharply. The U.S. Trade Representative welcomed it.",
        ["Exports to the U.S. rose sharply.", "The U.S. Trade Representative welcomed it."],
    ),
    (
        "She has lived in the U.S. for ten years.",
        ["She has lived in the U.S. for ten years."],
    ),
    (
        "The decree takes effect on Jan. 5 next year. It replaces Decree No. 184 of 2019.",
        ["The decree takes effect on Jan. 5 next year.", "It replaces Decree No. 184 of 2019."],
    ),
    (
        "Some goods, e.g. seafood and rice, are exempt. Others are not.",
        ["Some goods, e.g. seafood and rice, are exempt.", "Others are not."],
    ),
    (
        "Revenue reached VND273 billion, up 60.66% year on year. Imports fell 2.5%.",
        ["Revenue reached VND273 billion, up 60.66% year on year.", "Imports fell 2.5%."],
    ),
    (
        "Photo by H. Nu shows the delegates. The meeting closed at noon.",
        ["Photo by H. Nu shows the delegates.", "The meeting closed at noon."],
    ),
    (
        "Trade grew so. All agencies add staff each year. So far, so good.",
        ["Trade grew so.", "All agencies add staff each year.", "So far, so good."],
    ),
    (
        "The talks were long... and tiring. The deal was signed... Both sides smiled.",
        ["The talks were long... and tiring.", "The deal was signed...", "Both sides smiled."],
    ),
    (
        '"We will simplify procedures for traders," he said. "Customs must lead."',
        ['"We will simplify procedures for traders," he said.', '"Customs must lead."'],
    ),
    (
        '"Technology is important. People come first. We must train them," Mikuriya said.',
        [
            '"Technology is important.',
            "People come first.",
            'We must train them," Mikuriya said.',
        ],
    ),
    (
        "He said it was \u201ca good start.\u201d The next round is in May.",
        ["He said it was \u201ca good start.\u201d", "The next round is in May."],
    ),
    (
        "Vietnam will modernise customs before 2030./.",
        ["Vietnam will modernise customs before 2030./."],
    ),
    (
        "The sector will share its experience. /.",
        ["The sector will share its experience. /."],
    ),
    (
        "What are the main challenges? The first is connectivity.",
        ["What are the main challenges?", "The first is connectivity."],
    ),
    (
        "Deputy Minister speaks at the event (Photo: VNA)\nThe conference opened on Monday.",
        ["Deputy Minister speaks at the event (Photo: VNA)", "The conference opened on Monday."],
    ),
    (
        "Director General Nguyen Van Can:\nThe meeting will be held in June.",
        ["Director General Nguyen Van Can:", "The meeting will be held in June."],
    ),
    (
        "Enhance multilateral diplomacy of Vietnam Customs\n\nThe meeting opened today.",
        ["Enhance multilateral diplomacy of Vietnam Customs", "The meeting opened today."],
    ),
    (
        "The firm moved to Apple Inc. headquarters. It later left Apple Inc. The move was costly.",
        [
            "The firm moved to Apple Inc. headquarters.",
            "It later left Apple Inc.",
            "The move was costly.",
        ],
    ),
    (
        "Is this the end? \u2018No,\u2019 she said. \u2018It is not.\u2019 Then she left.",
        [
            "Is this the end?",
            "\u2018No,\u2019 she said.",
            "\u2018It is not.\u2019",
            "Then she left.",
        ],
    ),
    (
        "The ministers met at 9 a.m. on Monday. They agreed at 5 p.m. The text was signed.",
        [
            "The ministers met at 9 a.m. on Monday.",
            "They agreed at 5 p.m.",
            "The text was signed.",
        ],
    ),
    (
        "Mr. Nguyen and Mrs. Tran met Prof. Lee and Gen. Park.",
        ["Mr. Nguyen and Mrs. Tran met Prof. Lee and Gen. Park."],
    ),
    (
        "The WCO has 186 members. 2023 was its busiest year.",
        ["The WCO has 186 members.", "2023 was its busiest year."],
    ),
    (
        "Why did trade fall? Prices rose (see Fig. 3). Demand fell.",
        ["Why did trade fall?", "Prices rose (see Fig. 3).", "Demand fell."],
    ),
    (
        "The rules (which took effect in 2020.) were tightened. Fines doubled.",
        ["The rules (which took effect in 2020.) were tightened.", "Fines doubled."],
    ),
]


# --------------------------------------------------------------------------- candidates

_LEFTOVER = re.compile(r"\w")


def _per_line(split_line: Splitter) -> Splitter:
    """Wrap a splitter: every line break ends a sentence; stray punctuation is attached."""

    def split(text: str) -> list[str]:
        out: list[str] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            for piece in split_line(line):
                piece = piece.strip()
                if not piece:
                    continue
                if out and not _LEFTOVER.search(piece):
                    out[-1] = f"{out[-1]} {piece}"
                else:
                    out.append(piece)
        return out

    return split


_NAIVE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")


def _naive(line: str) -> list[str]:
    return _NAIVE.split(line)


def _pysbd() -> Splitter:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return _per_line(segmenter.segment)


def _nupunkt(pruned: bool) -> Splitter:
    from nupunkt.models import load_default_model

    tokenizer = load_default_model()  # a private instance: pruning must not leak
    if pruned:
        keep = _NEVER_FINAL | _BEFORE_NUMBER | _SOMETIMES_FINAL
        for abbrev in list(tokenizer.abbreviations):
            if "." not in abbrev and abbrev not in keep:
                tokenizer.remove_abbreviation(abbrev)
    return _per_line(tokenizer.tokenize)


def _syntok() -> Splitter:
    from syntok import segmenter

    def split(line: str) -> list[str]:
        out = []
        for paragraph in segmenter.analyze(line):
            for sentence in paragraph:
                if sentence:
                    last = sentence[-1]
                    out.append(line[sentence[0].offset : last.offset + len(last.value)])
        return out

    return _per_line(split)


def _blingfire() -> Splitter:
    import blingfire

    def split(line: str) -> list[str]:
        _, offsets = blingfire.text_to_sentences_and_offsets(line)
        return [line[a:b] for a, b in offsets]

    return _per_line(split)


def candidates() -> tuple[dict[str, Splitter], dict[str, str]]:
    """Build every installed candidate; the second dict says why others are missing."""
    makers: dict[str, Callable[[], Splitter]] = {
        "briefbot": lambda: split_sentences,
        "naive-regex": lambda: _per_line(_naive),
        "pysbd": _pysbd,
        "nupunkt": lambda: _nupunkt(pruned=False),
        "nupunkt-pruned": lambda: _nupunkt(pruned=True),
        "syntok": _syntok,
        "blingfire": _blingfire,
    }
    built: dict[str, Splitter] = {}
    missing: dict[str, str] = {}
    for name, make in makers.items():
        try:
            built[name] = make()
        except ImportError as exc:
            missing[name] = f"not installed ({exc.name})"
    return built, missing


# --------------------------------------------------------------------------- measures


def _load(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _unquote(sentence: str) -> str:
    """Strip outer quotes: the BBC references drop some opening or closing quotes."""
    return sentence.strip().strip("\"'“”‘’").strip()


_CLEAN_START = re.compile(r"[\"'“‘(]?[A-Z0-9]")
_CLEAN_END = re.compile(r"[.!?…][\"'”’)]*$")
_CLEAN_NEXT = re.compile(r"\s*(?:$|\n|[\"'“‘(]?[A-Z0-9])")


def _is_clean(ref: str, text: str) -> bool:
    """True if the reference sentence is a whole sentence of the text by a plain reading.

    The references were cut by a crude splitter ("in Wham!" | "through to ...", "what is
    a dog?, how ..."); "clean" keeps those that start with a capital and end with a
    terminator followed by a capital, a quote, a line break or the end of the text.
    """
    at = text.find(ref)
    return bool(
        _CLEAN_START.match(ref)
        and _CLEAN_END.search(ref)
        and _CLEAN_NEXT.match(text, at + len(ref))
        and (at == 0 or text[at - 1].isspace())
    )


@dataclass
class BbcScore:
    refs: int = 0
    exact: int = 0
    fused: int = 0
    broken: int = 0
    clean_refs: int = 0
    clean_exact: int = 0


def bbc_score(split: Splitter, items: Iterable[dict[str, str]]) -> BbcScore:
    """Score reference sentences (verbatim in the text) against the split sentences."""
    score = BbcScore()
    for item in items:
        text = item["text"]
        sentences = [_unquote(sentence) for sentence in split(text)]
        exact = set(sentences)
        for line in item["reference_summary"].splitlines():
            ref = _unquote(line)
            if not ref or line.strip() not in text:
                continue
            score.refs += 1
            clean = _is_clean(line.strip(), text)
            score.clean_refs += clean
            if ref in exact:
                score.exact += 1
                score.clean_exact += clean
            elif any(ref in sentence for sentence in sentences):
                score.fused += 1
            else:
                score.broken += 1
    return score


def rule_score(split: Splitter, cases: list[tuple[str, list[str]]]) -> tuple[int, list[str]]:
    """Count cases split exactly as expected; return the failing inputs too."""
    failures = [text for text, expected in cases if split(text) != expected]
    return len(cases) - len(failures), failures


def golden_cases() -> list[tuple[str, list[str]]]:
    """pysbd's English Golden Rules, if the pysbd wheel is installed."""
    try:
        import pysbd
    except ImportError:
        return []
    path = Path(pysbd.__file__).parents[1] / "benchmarks" / "english_golden_rules.py"
    if not path.is_file():
        return []
    rules = runpy.run_path(str(path))["GOLDEN_EN_RULES"]
    return [(text, list(expected)) for text, expected in rules]


def shape(split: Splitter, texts: list[str]) -> tuple[float, float, float]:
    """Sentences per text, % over 70 words, % under 3 words."""
    sentences = [s for text in texts for s in split(text)]
    long = sum(len(s.split()) > 70 for s in sentences)
    short = sum(len(s.split()) < 3 for s in sentences)
    return len(sentences) / len(texts), 100 * long / len(sentences), 100 * short / len(sentences)


def timing(split: Splitter, texts: list[str], warm_up: list[str]) -> tuple[float, float]:
    """Median and p95 milliseconds per text, each text split once after a warm-up.

    The warm-up texts are different ones, so caches that a splitter keeps across texts
    count but a cache of the very same text does not.
    """
    for text in warm_up:
        split(text)
    per_text = []
    for text in texts:
        start = time.perf_counter()
        split(text)
        per_text.append((time.perf_counter() - start) * 1000)
    per_text.sort()
    return statistics.median(per_text), per_text[int(0.95 * (len(per_text) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="use only N BBC articles")
    parser.add_argument("--show", default="", help="print failures of this candidate")
    args = parser.parse_args()
    for path in (BBC, SUMM_EVAL):
        if not path.is_file():
            sys.exit(f"evaluation data missing: {path} (see /work/shared/data/README.md)")

    bbc = _load(BBC)
    if args.limit:
        bbc = bbc[: args.limit]
    cnn = [item["text"] for item in _load(SUMM_EVAL) if item["source"] == "cnn_dailymail"]
    golden = golden_cases()
    built, missing = candidates()

    header = (
        f"{'candidate':<15} {'BBC exact%':>10} {'clean%':>7} {'fused':>6} {'broken':>6} "
        f"{'rules':>6} {'golden':>6} {'CNN s/art':>9} {'>70w%':>6} {'<3w%':>5} "
        f"{'ms med':>7} {'ms p95':>7}"
    )
    print(f"BBC: {len(bbc)} articles; CNN/DM: {len(cnn)} articles; timing on CNN/DM")
    print(header)
    print("-" * len(header))
    for name, split in built.items():
        bbc_result = bbc_score(split, bbc)
        rules, rule_failures = rule_score(split, TRICKY)
        gold, _ = rule_score(split, golden) if golden else (0, [])
        per_article, long, short = shape(split, cnn)
        median, p95 = timing(split, cnn, warm_up=[item["text"] for item in bbc[:50]])
        print(
            f"{name:<15} {100 * bbc_result.exact / bbc_result.refs:>10.2f} "
            f"{100 * bbc_result.clean_exact / bbc_result.clean_refs:>7.2f} "
            f"{bbc_result.fused:>6} {bbc_result.broken:>6} "
            f"{rules:>3}/{len(TRICKY):<2} {gold:>3}/{len(golden):<2} "
            f"{per_article:>9.1f} {long:>6.2f} {short:>5.2f} {median:>7.3f} {p95:>7.3f}",
            flush=True,
        )
        if name == args.show:
            for text in rule_failures:
                print(f"  rule failed: {text!r} -> {split(text)!r}")
    for name, why in missing.items():
        print(f"{name:<15} {why}")


if __name__ == "__main__":
    main()
