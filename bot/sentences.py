"""Sentence and word splitting for English news, with no model and no downloads.

Why this module exists: sumy's default ``Tokenizer`` loads NLTK's Punkt model, which
NLTK fetches from the internet at run time (its 'punkt_tab' data); our machines
only reach package registries, so nothing may be downloaded. The splitters that ship
their model inside a package were measured on real news (``benchmarks/sentence_split.py``):
pysbd, nupunkt (default and with a pruned abbreviation list), syntok and blingfire. These
rules were the most accurate on whole reference sentences (BBC News Summary) and on our
news cases, at about 0.2 ms per 550-word article, so they are what the product uses; they
need no third-party package. pysbd keeps multi-sentence quotations whole and takes ~30 ms
an article; nupunkt's legal-text model glues news sentences unless its abbreviation list
is pruned, and even pruned it misses line breaks, "MS." or "SEC." at a sentence end.

How it splits:

* A line break is always a sentence boundary (captions and headings without a full stop
  never fuse with the next sentence); a blank line separates paragraphs.
* Inside a line a boundary follows ``.``, ``!``, ``?``, ``…`` or ``...`` (plus any
  closing quotes or brackets) and whitespace, when the next word starts with a capital
  letter, a digit or an opening quote/bracket. So ``..." he said.`` stays whole while a
  multi-sentence quotation is split into its sentences.
* A short, fixed list of real abbreviations decides the rest: titles (``Dr.``, ``Mr.``)
  and ``e.g.``/``vs.`` never end a sentence; ``No.``, ``Jan.``, ``Art.`` do not before a
  number; initials (``H. Nu``), dotted acronyms (``U.S.``, ``p.m.``) and company or
  address words (``Inc.``, ``St.``) end one only before a common sentence starter
  (``The``, ``He``, ``But``...). No ordinary word is ever an abbreviation, unlike
  Punkt-style models trained on legal text (nupunkt's default treats "so" or "add" as one).
* Punctuation-only leftovers, such as the ``/.`` that closes Vietnam News Agency copy
  (``... before 2030./.`` or ``... sector. /.``), stay attached to their sentence.
* Smaller rules: a quotation keeps its attribution (``"Why?" Smith asked.``), a list
  number stays with its item (``6. The ...``), and sentences glued without a space are cut
  only before a quote or a common starter (``rose.The`` but not ``One.Tel``).

Use ``split_sentences`` / ``split_paragraphs`` directly, or ``SumyTokenizer`` wherever
sumy wants a tokenizer. Mind two properties of ``sumy.parsers.plaintext.PlaintextParser``
(see ``SumyTokenizer``): it drops ALL-CAPITAL lines out of the sentences as headings, and
it joins the lines of a paragraph with spaces before splitting, so a line break inside a
paragraph is lost. ``sumy_document`` builds the sumy document without either problem.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sumy.models.dom import ObjectDocumentModel

__all__ = [
    "SumyTokenizer",
    "split_paragraphs",
    "split_sentences",
    "split_words",
    "sumy_document",
]


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(text.split())


# Never sentence-final when written with a full stop (compared lower-cased, without the dot).
_NEVER_FINAL = _words(
    """
    mr mrs ms messrs mme mmes dr prof sen rep gov gen lt col capt sgt maj adm cmdr rev hon
    pres supt insp det cpl pte fr e.g i.e vs v cf viz approx ca al
    """
)
# Not sentence-final before a number: "No. 184", "Jan. 5", "Art. 3", "pp. 12".
_BEFORE_NUMBER = _words(
    """
    no nos nr vol vols p pp art arts fig figs sec ch para tel ref op ed est
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# Sentence-final only before a common sentence starter: "Apple Inc. The ..." vs "Apple Inc. Chief".
_SOMETIMES_FINAL = _words(
    """
    inc ltd corp co bros plc llc jr sr st mt ft ave rd blvd dept univ assn intl
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# Words that often start a sentence and rarely follow an initial or an acronym inside one.
_STARTERS = _words(
    """
    a an the this that these those it its he she they we i you his her their our my there
    here but and or so yet if when while as at in on for from by with after before since
    during about under over to of no not all some many most one two three four five
    however meanwhile also still then thus now today yesterday last next earlier later
    what who why how where which according officials other both each such more
    is are was were will would can could should may might must has have had do does did
    mr mrs ms dr
    """
)

_QUOTES = "\"'”’»"
_OPENERS = "\"'“‘«([{¿¡"
# A sentence terminator (with the "/." of agency copy), its closing quotes or brackets, then
# whitespace. A quote standing alone after it (`... " he said`) is a detached closing quote.
# The pattern opens with a character class so that the regex engine scans fast, and its
# look-behind starts a match only at the first character of a run of terminators, which
# keeps long runs of dots linear.
_CANDIDATE = re.compile(
    r"[.!?…](?<![.!?…]{2})[.!?…]*(?:/\.)?[\"'”’»)\]}]*+(?:\s+[\"”’](?=\s))?\s+(?=\S)"
)
# No space after the terminator ("trade.The", 'rise."It'): split before a closing quote or a
# common sentence starter only, so "One.Tel" or "Mr.Benn" stay whole.
_GLUED = re.compile(r"[.!?](?<=[^\W\d_]{2}[.!?])[.!?]*([\"”)]*)(?=[\"“]?([A-Z][a-z]+|[AI])\b)")
# The attribution of a quotation after its closing quote: `"Why not?" Smith asked.`
_ATTRIBUTION = re.compile(
    r"([A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,2}(?:\s+[a-z]+)?\s+"
    r"(?:said|says|added|adds|asked|asks|told|recalled|explained|insisted|replied|"
    r"continued|wrote|noted|warned|argued|stressed|claimed|admitted|joked|concluded)"
    r"(?=[,.;!?]|$)"
)
_NEXT = re.compile(r"([-–—]+\s+)?([\"'“‘«(\[{¿¡]*)(\S*)")
_TERMINAL = re.compile(r"[.!?…]+(?:/\.)?")
_INITIALISM = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")  # "U.S", "p.m", "e.g" (final dot cut)
_HAS_ALNUM = re.compile(r"\w")
_RANGE_DASH = re.compile(r"(?<=\d)[-–—]")


def _is_boundary(
    line: str,
    sentence_start: int,
    term_start: int,
    full_stop: bool,
    closed_quote: bool,
    next_start: int,
) -> bool:
    """Decide whether the terminator at ``term_start`` ends the sentence begun at
    ``sentence_start``.

    ``full_stop`` is true for a single ``.``, false for ``!``, ``?``, ellipses and ``/.``;
    ``closed_quote`` tells that a closing quote follows the terminator; the next sentence
    would start at ``next_start``.
    """
    match = _NEXT.match(line, next_start)
    assert match is not None  # every group is optional
    opened = bool(match.group(2))
    word = match.group(3)
    if not word:  # a lone quote or dash
        return False
    first = word[0]
    starts_sentence = (
        first.isupper()
        or first.isdigit()
        or opened
        # camel-case brand names that start sentences: "iPhone", "eBay"
        or (first.islower() and any(c.isupper() for c in word[1:3]))
    )
    if closed_quote:
        attribution = _ATTRIBUTION.match(line, next_start)
        if attribution and attribution.group(1).lower() not in _STARTERS:
            return False
    if not full_stop:
        return starts_sentence
    if not starts_sentence:
        return False
    start = line.rfind(" ", 0, term_start) + 1
    # The word before the terminator; after a range dash only its last part ("30–Oct.").
    prev = _RANGE_DASH.split(line[start:term_start].lstrip(_OPENERS))[-1]
    if not prev:
        return True
    if prev.isdigit() and len(prev) <= 2 and start <= sentence_start:
        return False  # a list number: "6. The movie ..."
    key = prev.lower()
    if key in _NEVER_FINAL and not (len(prev) > 1 and prev.isupper()):  # "Ms." but not "MS."
        return False
    if first.isdigit():
        return key not in _BEFORE_NUMBER and not _INITIALISM.match(prev)
    single_initial = len(prev) == 1 and prev.isalpha() and prev.isupper()
    if single_initial or key in _SOMETIMES_FINAL or _INITIALISM.match(prev):
        bare = word.rstrip(",.;:!?\"'”’)").lower()
        return opened or bare in _STARTERS
    return True


def _split_glued(line: str) -> list[str]:
    """Cut a line where a sentence ends with no space before the next one."""
    pieces: list[str] = []
    start = 0
    for match in _GLUED.finditer(line):
        if '"' in match.group(1) or "”" in match.group(1) or match.group(2).lower() in _STARTERS:
            pieces.append(line[start : match.end()])
            start = match.end()
    pieces.append(line[start:])
    return pieces


def _split_line(line: str) -> list[str]:
    """Split one line (no line breaks) into sentences."""
    if _GLUED.search(line):
        return [sentence for piece in _split_glued(line) for sentence in _split_spaced(piece)]
    return _split_spaced(line)


def _split_spaced(line: str) -> list[str]:
    """Split a line at terminators followed by whitespace."""
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(line):
        term_match = _TERMINAL.match(line, match.start())
        assert term_match is not None
        term = term_match.group()
        closed_quote = any(c in _QUOTES for c in line[term_match.end() : match.end()])
        if _is_boundary(line, start, match.start(), term == ".", closed_quote, match.end()):
            sentence = line[start : match.end()].strip()
            if sentence:
                sentences.append(sentence)
            start = match.end()
    tail = line[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _attach_leftovers(sentences: list[str]) -> list[str]:
    """Append punctuation-only pieces (a stray ``/.``) to the sentence before them."""
    out: list[str] = []
    for sentence in sentences:
        if out and not _HAS_ALNUM.search(sentence):
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out


def split_paragraphs(text: str) -> list[list[str]]:
    """Split ``text`` into paragraphs (separated by blank lines) of sentences.

    Every line break ends a sentence. Sentences are stripped substrings of ``text``
    (a punctuation-only leftover is joined to the previous sentence with a space).
    Paragraphs without any sentence are left out.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(_attach_leftovers(current))
                current = []
            continue
        current.extend(_split_line(line))
    if current:
        paragraphs.append(_attach_leftovers(current))
    return paragraphs


def split_sentences(text: str) -> list[str]:
    """Split English news ``text`` into sentences; every line break ends a sentence."""
    return [sentence for paragraph in split_paragraphs(text) for sentence in paragraph]


_WORD = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # dotted acronym: "U.S.", "e.g."
    r"|[^\W_]+(?:['’\-‐][^\W_]+)*"  # word or number, with inner apostrophes or hyphens
)
_POSSESSIVE = re.compile(r"['’][sS]$")


def split_words(sentence: str) -> list[str]:
    """Split a sentence into words, as sumy's default tokenizer would keep them.

    Only alphabetic words survive (with inner hyphens and apostrophes, like sumy's own
    filter); numbers and punctuation are dropped. Dotted acronyms lose their dots
    (``U.S.`` -> ``US``), a possessive ``'s`` is cut (``Vietnam's`` -> ``Vietnam``) and
    curly apostrophes become straight ones, so contractions match sumy's stop words.
    """
    words: list[str] = []
    for match in _WORD.finditer(sentence):
        word = match.group()
        if word.endswith("."):
            if not word.isupper():
                continue  # "e.g.", "p.m."
            word = word.replace(".", "")
        elif any(c.isdigit() for c in word):
            continue  # "2023", "G20", "COVID-19", as sumy's filter drops them
        else:
            word = _POSSESSIVE.sub("", word.replace("’", "'").replace("‐", "-"))
        words.append(word)
    return words


_ENGLISH = frozenset({"english", "en", "eng"})


class SumyTokenizer:
    """Drop-in for ``sumy.nlp.tokenizers.Tokenizer`` that needs no NLTK data.

    sumy's parsers and summarizers use three members: ``language``,
    ``to_sentences(paragraph)`` and ``to_words(sentence)`` (both return tuples, words
    filtered to alphabetic tokens as sumy's ``Tokenizer`` does). Only English is supported.

    Caveats of ``PlaintextParser.from_string(text, SumyTokenizer("english"))``, which
    are the parser's and not this tokenizer's:

    * a line that is ALL CAPITALS (``WCO SECRETARY GENERAL``, Reuters titles) is taken
      as a heading and never becomes a sentence of the summary;
    * the lines of a paragraph are joined with spaces before ``to_sentences`` sees them,
      so a caption or heading line without a full stop fuses with the next sentence.

    ``sumy_document(text)`` builds the same document model without either problem.
    """

    def __init__(self, language: str = "english") -> None:
        if language.lower() not in _ENGLISH:
            raise ValueError(f"SumyTokenizer supports English only, not {language!r}")
        self._language = "english"

    @property
    def language(self) -> str:
        """The language name sumy expects (always ``"english"``)."""
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split a paragraph into sentences (line breaks are boundaries too)."""
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Split a sentence into the words sumy scores."""
        return tuple(split_words(sentence))


def sumy_document(text: str, tokenizer: SumyTokenizer | None = None) -> ObjectDocumentModel:
    """Build sumy's document model from ``text`` with ``split_paragraphs``.

    Unlike ``PlaintextParser`` this keeps ALL-CAPITAL lines as ordinary sentences and
    keeps every line break a sentence boundary. Pass the result as ``parser.document``
    would be passed: ``summarizer(sumy_document(text), 3)``.
    """
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tok = tokenizer or SumyTokenizer()
    return ObjectDocumentModel(
        tuple(
            Paragraph([Sentence(sentence, tok) for sentence in paragraph])
            for paragraph in split_paragraphs(text)
        )
    )
