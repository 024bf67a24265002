"""Extractive summarization methods by name, for the product and the benchmark.

Why this module exists: a summary is only useful if a reader can trust every sentence of
it, so every method returns whole sentences of the source, verbatim, in source order.
The sumy methods (LexRank, LSA, TextRank, Luhn, Edmundson, KL-Sum, SumBasic) are kept
for comparison; the default, ``briefing``, is ours. On the human-written CNN/DailyMail
highlights of ``benchmarks/summaries.py`` it beats the first three sentences (Lead-3) on
ROUGE-1 and ROUGE-2, at three sentences and at Lead-3's word count, where every sumy
method falls 6 to 10 ROUGE-1 points below Lead-3. On the BBC half, whose references look
machine-picked by a TextRank-like method, TextRank stays far ahead of it.

All methods rank the same candidate sentences (``_candidates``):

* only the opening of a text (``MAX_INPUT_CHARS``, then ``MAX_INPUT_SENTENCES``): graph
  methods grow quadratically with the sentence count, and the point of a huge text is in
  its opening anyway; a 2 MB text is answered in well under a second;
* an inline photo caption without a full stop is cut from the sentence it ran into
  (``_unfuse``), and fragments without a terminator, bylines and time stamps are dropped
  whenever the text has proper sentences (``_is_proper``).

Sentences come from ``bot.sentences`` (no NLTK data, nothing downloaded). The sumy
document is built directly, not with ``PlaintextParser``, which would drop ALL-CAPITAL
lines as headings.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from bot.sentences import SumyTokenizer, split_paragraphs, split_words

__all__ = ["DEFAULT_METHOD", "METHODS", "rank_sentences"]

# Only the opening of a text is ranked: this many characters, then this many sentences.
MAX_INPUT_CHARS = 40_000
MAX_INPUT_SENTENCES = 100

_STOP_WORDS = get_stop_words("english")
# sumy stems every word again for every sentence pair: remember the stems.
_STEMMER = lru_cache(maxsize=200_000)(Stemmer("english"))
_TOKENIZER = SumyTokenizer("english")

# A ranker gets the candidate paragraphs, the sentence count and the title; it returns
# the indices of the chosen sentences in the flattened candidate list.
Ranker = Callable[[list[list[str]], int, str | None], list[int]]


def _content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` that are not stop words."""
    return [w for w in (w.lower() for w in split_words(text)) if w not in _STOP_WORDS]


# --- candidate sentences ---------------------------------------------------------------

# Where an inline photo caption without a full stop runs into the next sentence:
# "... than a colleague The cost of divorce ...", "... its bills He said: ...".
_STARTER_CUT = re.compile(
    r"(?<=[a-z0-9%)’'\"”])\s+(?=(?:The|He|She|It|They|We|His|Her|Their|Its|This|These|Those|"
    r"But|And|An|In|On|At|After|When|While|Police)\s+[a-z0-9]"
    r"|A\s+(?!(?:with|of|and|or|to|in|on|for|at|is|was|has|had)\b)[a-z0-9])"  # not "Nurse A with"
)
# A caption label: "... of the magazine Short and sweet: Julia revealed ...".
_LABEL_CUT = re.compile(r"(?<=[a-z0-9%)])\s+(?=[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}:\s+[A-Z‘“\"'])")
# DailyMail's link to the video, always followed by a caption.
_SCROLL = re.compile(r"\bScroll down for (?:video|more)s?\b\s*", re.IGNORECASE)
_MIN_PIECE_WORDS = 4
_QUESTION = re.compile(r"\?[\"'”’)]*$")

_TERMINATED = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
# Page furniture: a byline ("By . Jane Doe ." or "By Jane Doe and John Roe for MailOnline"),
# a time stamp, DailyMail's video link, and any piece ending in a detached " .".
_FURNITURE = re.compile(
    r"^By\s+(?:\.|(?:[A-Z][\w'’.-]*|and|for)(?:\s+(?:[A-Z][\w'’.-]*|and|for))*\s*[.|]?$)"
    r"|^(?:PUBLISHED:|UPDATED:|Last updated\b|Scroll down\b)|\s\.$"
)
_MIN_SENTENCE_WORDS = 3


def _unfuse(sentence: str) -> list[str]:
    """Cut a sentence where a caption without a full stop runs into the next one.

    A cut is made only when both sides keep at least ``_MIN_PIECE_WORDS`` words, so a
    title such as "Don't Push It gave ..." stays whole. The pieces are verbatim.
    """
    cuts = {m.end() for m in _SCROLL.finditer(sentence)}
    cuts |= {m.end() for m in _STARTER_CUT.finditer(sentence)}
    cuts |= {m.end() for m in _LABEL_CUT.finditer(sentence)}
    pieces: list[str] = []
    start = 0
    for cut in sorted(cuts):
        left, right = sentence[start:cut], sentence[cut:]
        if _inside_quotation(sentence[:cut]):
            continue  # a colon inside a quoted theme or title is not a caption label
        if len(left.split()) >= _MIN_PIECE_WORDS and len(right.split()) >= _MIN_PIECE_WORDS:
            pieces.append(left.strip())
            start = cut
    pieces.append(sentence[start:].strip())
    return [piece for piece in pieces if piece]


def _inside_quotation(text: str) -> bool:
    """Whether `text` ends inside an open quotation (curly, or an odd count of straight)."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _is_proper(sentence: str) -> bool:
    """True for a sentence a reader would quote: terminated, long enough, no furniture.

    Captions without a full stop, bylines ("By . Jane Doe ."), time stamps
    ("PUBLISHED: 10:04 EST ...") and DailyMail's " ." furniture are not.
    """
    return (
        bool(_TERMINATED.search(sentence))
        and len(sentence.split()) >= _MIN_SENTENCE_WORDS
        and not _FURNITURE.search(sentence)
    )


def _candidates(text: str) -> list[list[str]]:
    """The paragraphs of sentences every method ranks (see the module docstring)."""
    head = text[:MAX_INPUT_CHARS]
    paragraphs = [
        [piece for sentence in paragraph for piece in _unfuse(sentence)]
        for paragraph in split_paragraphs(head)
    ]
    if len(text) > len(head) and sum(map(len, paragraphs)) > 1:
        paragraphs[-1].pop()  # probably cut in the middle
    proper = [[s for s in paragraph if _is_proper(s)] for paragraph in paragraphs]
    if any(proper):
        paragraphs = proper
    return _opening([paragraph for paragraph in paragraphs if paragraph], MAX_INPUT_SENTENCES)


def _opening(paragraphs: list[list[str]], limit: int) -> list[list[str]]:
    """The paragraphs cut after their first ``limit`` sentences."""
    out: list[list[str]] = []
    for paragraph in paragraphs:
        if limit <= 0:
            break
        out.append(paragraph[:limit])
        limit -= len(out[-1])
    return out


# --- sumy methods ----------------------------------------------------------------------


class _KLSummarizer(KLSummarizer):
    """sumy's KL-Sum that stops after ``sentences_count`` picks.

    sumy orders every sentence before keeping the best few, which is cubic in the
    sentence count (98 s on an 800-sentence text); the first picks are the same.
    """

    def __call__(self, document: ObjectDocumentModel, sentences_count: int) -> tuple:
        sentences = list(document.sentences)
        doc_freq = self.compute_tf(sentences)
        content = [self._get_content_words_in_sentence(s) for s in sentences]
        remaining = list(range(len(sentences)))
        chosen: list[int] = []
        summary_words: list[str] = []
        while remaining and len(chosen) < sentences_count:
            best = min(
                remaining,
                key=lambda i: self._kl_divergence(
                    self._joint_freq(content[i], summary_words), doc_freq
                ),
            )
            remaining.remove(best)
            chosen.append(best)
            summary_words.extend(sentences[best].words)
        return tuple(sentences[i] for i in sorted(chosen))


class _LsaSummarizer(LsaSummarizer):
    """sumy's LSA with its per-cell term-frequency loop done by numpy (same numbers)."""

    def _compute_term_frequency(self, matrix: np.ndarray, smooth: float = 0.4) -> np.ndarray:
        peaks = matrix.max(axis=0)
        scaled = np.divide(matrix, peaks, out=np.zeros_like(matrix), where=peaks != 0)
        return np.where(peaks != 0, smooth + (1.0 - smooth) * scaled, matrix)


# Edmundson's stigma words: words of photo captions and page furniture.
_STIGMA_WORDS = ("pictured", "picture", "photo", "image", "video", "scroll", "click", "caption")


def _edmundson(paragraphs: list[list[str]], title: str | None) -> EdmundsonSummarizer:
    """Edmundson with the title's words (or the first sentence's) as bonus words,
    caption words as stigma words and stop words as null words."""
    bonus = _content_words(title or paragraphs[0][0])
    summarizer = EdmundsonSummarizer(_STEMMER, cue_weight=1.0 if bonus else 0.0)
    summarizer.bonus_words = bonus
    summarizer.stigma_words = _STIGMA_WORDS
    summarizer.null_words = _STOP_WORDS
    return summarizer


def _plain(cls: type[AbstractSummarizer]) -> Callable[..., AbstractSummarizer]:
    """A factory of ``cls`` with the English stemmer and stop words."""

    def make(_paragraphs: list[list[str]], _title: str | None) -> AbstractSummarizer:
        summarizer = cls(_STEMMER)
        summarizer.stop_words = _STOP_WORDS
        return summarizer

    return make


def _sumy(make: Callable[[list[list[str]], str | None], AbstractSummarizer]) -> Ranker:
    """A ranker running the sumy summarizer that ``make`` builds for each text.

    The title, if any, is the first paragraph's heading: Edmundson reads it, the
    others ignore headings, and a heading is never returned.
    """

    def rank(paragraphs: list[list[str]], count: int, title: str | None) -> list[int]:
        sentences = [[Sentence(s, _TOKENIZER) for s in paragraph] for paragraph in paragraphs]
        heading = [Sentence(title, _TOKENIZER, is_heading=True)] if title else []
        document = ObjectDocumentModel(
            tuple(Paragraph(heading + p if i == 0 else p) for i, p in enumerate(sentences))
        )
        index = {id(s): i for i, s in enumerate(s for p in sentences for s in p)}
        with warnings.catch_warnings():  # LSA warns about short texts
            warnings.simplefilter("ignore")
            chosen = make(paragraphs, title)(document, count)
        return [index[id(s)] for s in chosen]

    return rank


# --- briefing: our default -----------------------------------------------------------
# The weights were chosen on the first half of the CNN/DailyMail sample and held on the
# second (benchmarks/summaries.py --subset first|second); they are round numbers on purpose.

# Inverted pyramid: the prior of the sentence at position i is 1 / (1 + i / _POSITION_SCALE).
_POSITION_SCALE = 2.0
# Directed centrality (PacSum): + mean similarity to later sentences, - to earlier ones.
_FORWARD_WEIGHT = 1.0
_BACKWARD_WEIGHT = 1.0
# Plain centrality: bonus per unit of mean similarity to every other sentence.
_CENTRALITY_WEIGHT = 3.0
# A title, when given, is the author's own summary: bonus per unit of cosine similarity.
_TITLE_WEIGHT = 0.5
# Penalties for what highlights rarely are: quoted speech, attributed statements, fragments.
_SPEECH_PENALTY = 0.1
_ATTRIBUTION_PENALTY = 0.1
_CAPTION_PENALTY = 0.1
_SHORT_PENALTY = 1.0
# A question is the interviewer's prompt, not a fact to forward.
_QUESTION_PENALTY = 0.5
_MIN_INFORMATIVE_WORDS = 10
# A sentence this similar (cosine) to one already chosen repeats it.
_DUPLICATE_SIMILARITY = 0.6

# A quotation that opens the sentence or follows a short lead-in ("He said: 'We ...").
_QUOTE_OPENS = re.compile(r"^(?:(?:\S+\s+){0,4}?\S*[:,]\s*)?[\"'‘“](?=\w)")
_QUOTE_CLOSES = re.compile(r"[\"”]|[’'](?!\w)")
_ATTRIBUTION = re.compile(r"\b(?:said|says|told)\b")
# A photo caption that kept its full stop: "Sleepy kid: Brock, 8, was ...", "Smith (left) and ...".
_CAPTION_LABEL = re.compile(
    r"^(?![^:]*\b(?:said|says|added|told|explained|wrote|asked|replied|warned|reads?)\b)"
    r"[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}:\s"
)
_PHOTO_NOTE = re.compile(
    r"\((?:[\w ,]*\b(?:left|right|centre|center|middle|pictured|above|below|top|bottom|inset)\b"
    r"[\w ,]*)\)|\bpictured\b",
    re.IGNORECASE,
)


def _terms(sentence: str) -> Counter[str]:
    """Stems of the content words of a sentence, counted."""
    return Counter(_STEMMER(word) for word in _content_words(sentence))


def _tfidf(bags: Sequence[Counter[str]], extra: Sequence[Counter[str]] = ()) -> np.ndarray:
    """Unit-length tf-idf rows for ``bags`` then ``extra``; idf comes from ``bags`` only."""
    df = Counter(term for bag in bags for term in bag)
    column = {term: k for k, term in enumerate(df)}
    idf = np.array([math.log(1 + len(bags) / df[term]) for term in column])
    rows = np.zeros((len(bags) + len(extra), len(column)))
    for row, bag in enumerate([*bags, *extra]):
        for term, n in bag.items():
            if term in column:
                rows[row, column[term]] = 1 + math.log(n)
    rows *= idf
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)


def _speech(paragraphs: list[list[str]]) -> np.ndarray:
    """True for sentences of a direct quotation, including those inside a long one."""
    flags: list[bool] = []
    for paragraph in paragraphs:
        inside = False
        for sentence in paragraph:
            if inside:
                flags.append(True)
                inside = not _QUOTE_CLOSES.search(sentence)
                continue
            opened = _QUOTE_OPENS.match(sentence)
            flags.append(bool(opened))
            inside = bool(opened) and not _QUOTE_CLOSES.search(sentence, opened.end())
    return np.array(flags, dtype=bool)


def _is_caption_like(sentence: str) -> bool:
    """A caption label ("Sleepy kid: ...") or a photo note ("(left)", "pictured")."""
    return bool(_CAPTION_LABEL.match(sentence) or _PHOTO_NOTE.search(sentence))


def _directed_centrality(similarity: np.ndarray) -> np.ndarray:
    """Mean similarity to the sentences after each one, weighted, minus that to those before.

    A sentence whose words the rest of the story goes on to develop is central; one that
    repeats what came before adds little (Zheng and Lapata 2019, "PacSum").
    """
    n = len(similarity)
    forward = np.array([similarity[i, i + 1 :].mean() if i + 1 < n else 0.0 for i in range(n)])
    backward = np.array([similarity[i, :i].mean() if i else 0.0 for i in range(n)])
    return _FORWARD_WEIGHT * forward - _BACKWARD_WEIGHT * backward


def _briefing_scores(
    paragraphs: list[list[str]], title: str | None
) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's score and the sentence-by-sentence cosine similarity (tf-idf)."""
    sentences = [sentence for paragraph in paragraphs for sentence in paragraph]
    bags = [_terms(sentence) for sentence in sentences]
    vectors = _tfidf(bags, [_terms(title)] if title else [])
    similarity = vectors[: len(bags)] @ vectors[: len(bags)].T
    np.fill_diagonal(similarity, 0.0)
    position = 1.0 / (1.0 + np.arange(len(sentences)) / _POSITION_SCALE)
    centrality = similarity.sum(axis=1) / max(1, len(sentences) - 1)
    scores = (
        position
        + _directed_centrality(similarity)
        + _CENTRALITY_WEIGHT * centrality
        - _penalties(paragraphs)
    )
    if title:
        scores += _TITLE_WEIGHT * (vectors[: len(bags)] @ vectors[len(bags)])
    return scores, similarity


def _penalties(paragraphs: list[list[str]]) -> np.ndarray:
    """What human-written highlights rarely are: quoted speech, an attributed statement
    ("..., officials said"), a photo caption, a fragment under ten words, a question."""
    sentences = [sentence for paragraph in paragraphs for sentence in paragraph]
    attributed = [bool(_ATTRIBUTION.search(sentence)) for sentence in sentences]
    captions = [_is_caption_like(sentence) for sentence in sentences]
    short = [len(sentence.split()) < _MIN_INFORMATIVE_WORDS for sentence in sentences]
    questions = [bool(_QUESTION.search(sentence)) for sentence in sentences]
    return (
        _SPEECH_PENALTY * _speech(paragraphs)
        + _ATTRIBUTION_PENALTY * np.array(attributed, dtype=bool)
        + _CAPTION_PENALTY * np.array(captions, dtype=bool)
        + _SHORT_PENALTY * np.array(short, dtype=bool)
        + _QUESTION_PENALTY * np.array(questions, dtype=bool)
    )


def _briefing(paragraphs: list[list[str]], count: int, title: str | None) -> list[int]:
    """Our default: the lead, corrected where human-written highlights depart from it.

    Each sentence scores

    * a position prior ``1 / (1 + i / 2)``: news puts its point first (inverted pyramid),
      and on human highlights nothing else comes close;
    * plus directed centrality (``_directed_centrality``): developed later, not repeated;
    * plus plain centrality, the mean similarity to every other sentence: what the story
      is about (it lifts the summary on extractive references without losing the lead);
    * plus, with a title, its tf-idf cosine with the title (the author's own summary);
    * minus small penalties (``_penalties``) for quoted speech, attributions, photo
      captions, and a prohibitive one for fragments under ten words.

    The prior dominates, so the other terms mostly decide which of the first four or five
    sentences give way. Sentences are then taken best first, skipping near-copies of one
    already taken (MMR-like redundancy removal: a caption restating the text, say).
    """
    scores, similarity = _briefing_scores(paragraphs, title)
    ranked = [int(i) for i in np.argsort(-scores, kind="stable")]
    chosen: list[int] = []
    for i in ranked:
        if len(chosen) < count and not _repeats(i, chosen, similarity):
            chosen.append(i)
    return chosen + [i for i in ranked if i not in chosen][: count - len(chosen)]


def _repeats(i: int, chosen: list[int], similarity: np.ndarray) -> bool:
    """True if sentence ``i`` is a near-copy of a chosen one."""
    return bool(chosen) and similarity[i, chosen].max() >= _DUPLICATE_SIMILARITY


# --- registry ----------------------------------------------------------------------------

_RANKERS: dict[str, Ranker] = {
    "briefing": _briefing,
    "lexrank": _sumy(_plain(LexRankSummarizer)),
    "lsa": _sumy(_plain(_LsaSummarizer)),
    "textrank": _sumy(_plain(TextRankSummarizer)),
    "luhn": _sumy(_plain(LuhnSummarizer)),
    "edmundson": _sumy(_edmundson),
    "kl": _sumy(_plain(_KLSummarizer)),
    "sumbasic": _sumy(_plain(SumBasicSummarizer)),
}
METHODS: tuple[str, ...] = tuple(_RANKERS)
DEFAULT_METHOD = METHODS[0]


def rank_sentences(
    text: str, *, count: int, method: str = DEFAULT_METHOD, title: str | None = None
) -> list[str]:
    """``count`` sentences of ``text``, verbatim, in source order (fewer if it has fewer).

    ``method`` is one of ``METHODS``; ``title`` (a headline) helps methods that read it.
    """
    if method not in _RANKERS:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if count < 1:
        raise ValueError(f"count must be at least 1, not {count}")
    paragraphs = _candidates(text)
    sentences = [sentence for paragraph in paragraphs for sentence in paragraph]
    if len(sentences) <= count:
        return sentences
    chosen = _RANKERS[method](paragraphs, count, title or None)
    return [sentences[i] for i in sorted(set(chosen))]
