"""A short, faithful title for an article that arrived without a headline.

The title is the opening clause of the lead sentence, cut at a phrase boundary: words
of the article itself, never invented ones. The dateline ("Hanoi (VNA) -"), the
attribution ("..., according to X") and spelled-out abbreviations ("World Customs
Organisation (WCO)" -> "WCO") are dropped to keep it short.
"""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 90
_MIN_CUT = 35
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.' ]{0,40}?\s*\([A-Z][\w.]{1,12}\)"  # Hanoi (VNA) -
    r"|[A-Z]{2,8}"  # VCN -
    # HANOI, Oct 10 (Reuters) -
    r"|[A-Z][A-Za-z]+, [A-Z][a-z]{2,8}\.? \d{1,2}(?: \([A-Z][\w.]{1,12}\))?)"
    r"\s*[-–—]+\s*"
)
_SPELLED_OUT = re.compile(
    r"(?:(?!(?:The|A|An)\b)[A-Z][\w’'-]*\s+){1,8}[A-Z][\w’'-]*\s*\((?P<abbr>[A-Z]{2,10})\)"
)
_ATTRIBUTION = re.compile(
    r",\s+(?:according to|said|says|told)\b.*$|,\s+[^,]{3,80}\s(?:said|says)\b.*$"
)
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?=\s+[A-Z“\"]|$)")
_WEAK_ENDINGS = frozenset(
    "a an the of and or in on at to for with by from as that which while its their his her".split()
)
_CUT_BEFORE = frozenset("and in to for with while as by on at of that which who".split())


def derive_title(paragraphs: list[str]) -> str:
    """A title from the lead sentence of the first paragraph that has words in it."""
    lead = next((p for p in paragraphs if p.strip()), "")
    if not lead:
        return "Untitled article"
    sentence = _first_sentence(_DATELINE.sub("", lead, count=1))
    sentence = _SPELLED_OUT.sub(lambda m: m["abbr"], sentence)
    sentence = _ATTRIBUTION.sub("", sentence).rstrip(" .!?;,")
    return shorten(sentence)


def shorten(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """`text` if it fits, else cut before a joining word or comma, ending in '…'."""
    if len(text) <= limit:
        return text
    words = text.split()
    best = 0
    length = 0
    for index, word in enumerate(words):
        if length - 1 > limit:
            break
        bare = word.lower().strip(",;")
        if index and length >= _MIN_CUT and (bare in _CUT_BEFORE or words[index - 1].endswith(",")):
            best = index
        length += len(word) + 1
    if not best:
        best = max(1, len(" ".join(words)[:limit].split()) - 1)
    kept = words[:best]
    while len(kept) > 1 and kept[-1].lower().strip(",;") in _WEAK_ENDINGS:
        kept.pop()
    return " ".join(kept).rstrip(",;:") + "…"


def _first_sentence(text: str) -> str:
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(1) if match else text.strip()
