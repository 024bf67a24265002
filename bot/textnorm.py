"""One normalisation for indexing and for queries: case, diacritics, punctuation.

Search, fuzzy matching and event-name comparison all go through `normalize` so that
"Phú Quốc", "PHU QUOC" and "phu-quoc" meet as the same words.
"""

from __future__ import annotations

import re
import unicodedata

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
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_POSSESSIVE = re.compile(r"\b['’]s\b")
_JOINERS = re.compile(r"\b[-‐‑‒–'’.]\b")  # between two word characters
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Casefold and strip diacritics (plain ASCII, most news, takes the fast path)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDS).casefold())
    return _COMBINING.sub("", decomposed)


def normalize(text: str) -> str:
    """Return `text` folded to lowercase ASCII-like words separated by single spaces.

    A possessive "'s" is dropped ("WCO's" -> "wco"); hyphens, apostrophes and dots inside
    words join them ("e-commerce" -> "ecommerce", "U.S." -> "us"); every other non-word
    character separates words.
    """
    folded = fold(text)
    joined = _JOINERS.sub("", _POSSESSIVE.sub("", folded))
    return _NON_WORD.sub(" ", joined).strip()


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return normalize(text).split()


_WORD_SPAN = re.compile(r"\w+(?:[-‐‑‒–'’.]\w+)*")
_ASCII_POSSESSIVE = re.compile(r"'s$")
_ASCII_JOIN = re.compile(r"[^a-z0-9]")
_HYPHENATED = re.compile(r"\w+(?:[-‐‑‒–]\w+)+")
_HYPHEN = re.compile(r"[-‐‑‒–]")


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of `text` as (start, end, normalised form), to map matches back to text."""
    if text.isascii():  # lower-casing keeps offsets: one pass over the whole text
        lowered = text.lower()
        return [
            (m.start(), m.end(), form)
            for m in _WORD_SPAN.finditer(lowered)
            if (form := _ASCII_JOIN.sub("", _ASCII_POSSESSIVE.sub("", m.group())))
        ]
    spans = []
    for match in _WORD_SPAN.finditer(text):
        form = normalize(match.group())
        if form:
            spans.append((match.start(), match.end(), form.replace(" ", "")))
    return spans


def index_words(text: str) -> list[str]:
    """The words a search index keeps for `text`: `words(text)`, and after each
    hyphenated word its parts, so "e-commerce" is found as "ecommerce" and as
    "e commerce", and "Directors-General" as "directors general"."""
    expanded = _HYPHENATED.sub(lambda m: f"{m.group()} {_HYPHEN.sub(' ', m.group())}", text)
    return words(expanded)
