"""One normalisation for indexing and for queries: case, diacritics, punctuation.

Search, fuzzy matching and event-name comparison all go through `normalize` so that
"Phú Quốc", "PHU QUOC" and "phu-quoc" meet as the same words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose into a base letter plus combining marks.
_FOLDS = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "þ": "th",
        "ı": "i",
    }
)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_JOINERS = re.compile(r"(?<=\w)[-‐‑‒–'’.](?=\w)")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Casefold and strip diacritics from one piece of text."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLDS).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Return `text` folded to lowercase ASCII-like words separated by single spaces.

    A possessive "'s" is dropped ("WCO's" -> "wco"); hyphens, apostrophes and dots inside
    words join them ("e-commerce" -> "ecommerce", "U.S." -> "us"); every other non-word
    character separates words.
    """
    folded = fold(text)
    joined = _JOINERS.sub("", _POSSESSIVE.sub("", folded))
    return " ".join(_NON_WORD.sub(" ", joined).replace("_", " ").split())


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return normalize(text).split()


_WORD_SPAN = re.compile(r"\w+(?:[-‐‑'’.]\w+)*")


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of `text` as (start, end, normalised form), to map matches back to text."""
    spans = []
    for match in _WORD_SPAN.finditer(text):
        form = normalize(match.group())
        if form:
            spans.append((match.start(), match.end(), form.replace(" ", "")))
    return spans
