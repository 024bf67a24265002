"""One normalisation for indexing and for queries: case, diacritics, punctuation.

Search, fuzzy matching and event-name comparison all go through `normalize` so that
"Phú Quốc", "PHU QUOC" and "phu-quoc" meet as the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Letters that NFKD does not decompose into a base letter plus combining marks.
_FOLDS = {
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
# str.translate looks up every character of a non-ASCII text, at ten times the cost of
# these scans, which visit only the characters they match.
_FOLDABLE = re.compile("[" + "".join(_FOLDS) + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Each pattern opens with its character class, so the regex engine skips ahead to it.
_POSSESSIVE = re.compile(r"['’](?<=\w.)s\b")  # "'s" after a word character
_JOINERS = re.compile(r"[-‐‑‒–'’.](?<=\w.)(?=\w)")  # between two word characters
_NON_WORD = re.compile(r"[\W_]+")
_ASCII_SEPARATORS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


def fold(text: str) -> str:
    """Casefold and strip diacritics (plain ASCII, most news, takes the fast path)."""
    if text.isascii():
        return text.lower()
    folded = _FOLDABLE.sub(lambda m: _FOLDS[m.group()], text)
    decomposed = unicodedata.normalize("NFKD", folded.casefold())
    return _COMBINING.sub("", decomposed)


def normalize(text: str) -> str:
    """Return `text` folded to lowercase ASCII-like words separated by single spaces.

    A possessive "'s" is dropped ("WCO's" -> "wco"); hyphens, apostrophes and dots inside
    words join them ("e-commerce" -> "ecommerce", "U.S." -> "us"); every other non-word
    character separates words.
    """
    folded = fold(text)
    joined = _JOINERS.sub("", _POSSESSIVE.sub("", folded))
    if joined.isascii():  # most news: a translation table beats the regex threefold
        return " ".join(joined.translate(_ASCII_SEPARATORS).split())
    return _NON_WORD.sub(" ", joined).strip()


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return normalize(text).split()


_WORD_SPAN = re.compile(r"\w+(?:[-‐‑‒–'’.]\w+)*")
_HYPHENATED = re.compile(r"\w+(?:[-‐‑‒–]\w+)+")
_HYPHEN = re.compile(r"[-‐‑‒–]")
_JOINER = r"\W?"  # a class here would cost ten times as much to compile


def fold_aligned(text: str) -> str | None:
    """`fold(text)` with every character at its offset, so matches in it map back to
    `text` (a sign that folds to several, like "…", becomes a space); None when some
    letter folds to several ("ß", "æ") or a lone accent to none."""
    if text.isascii():
        return text.lower()
    table: dict[str, str] = {}
    for char in set(_NON_ASCII.findall(text)):
        folded = fold(char)
        if len(folded) == 1:
            table[char] = folded
        elif char.isalnum() or unicodedata.combining(char):
            return None
        else:
            table[char] = " "
    return _NON_ASCII.sub(lambda m: table[m.group()], text).lower()


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of `text` as (start, end, normalised form), to map matches back to text."""
    folded = fold_aligned(text)
    if folded is not None:  # offsets kept: one pass over the whole text
        return [
            (m.start(), m.end(), form)
            for m in _WORD_SPAN.finditer(folded)
            if (form := word_form(m.group()))
        ]
    spans = []
    for match in _WORD_SPAN.finditer(text):
        form = normalize(match.group())
        if form:
            spans.append((match.start(), match.end(), form.replace(" ", "")))
    return spans


def word_form(word: str) -> str:
    """The normalised form of one word of folded text: "e-commerce" -> "ecommerce"."""
    return _NON_WORD.sub("", _POSSESSIVE.sub("", word))


def word_finder(forms: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding in `fold_aligned` text where the normalised words `forms` may be
    written, as a regex pass instead of a Python loop over every word: "ecommerce" as
    "e-commerce", "us" as "U.S.", "wco" in "WCO's" (a sign may stand between any two
    letters: check a match with `word_form`); None for no forms."""
    written = sorted({_JOINER.join(map(re.escape, form)) for form in forms if form}, key=len)
    if not written:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(written)) + r")(?:['’]s)?(?!\w)")


def index_words(text: str) -> list[str]:
    """The words a search index keeps for `text`: `words(text)`, and after each
    hyphenated word its parts, so "e-commerce" is found as "ecommerce" and as
    "e commerce", and "Directors-General" as "directors general"."""
    expanded = _HYPHENATED.sub(lambda m: f"{m.group()} {_HYPHEN.sub(' ', m.group())}", text)
    return words(expanded)
