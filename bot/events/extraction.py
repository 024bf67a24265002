"""Meetings named in one article: name, series, edition, dates, venue, host and people.

Why rules and no model: nothing may be downloaded here, and customs news names its
meetings in a few fixed shapes ("the 33rd ASEAN Customs Directors-General Meeting",
"the 243rd/244th Session of the WCO Permanent Technical Committee", "the WCO Technology
Conference and Exhibition 2023"). `benchmarks/events_quality.py` measures the rules on a
labelled set.

How an article is read:

1. Site leftovers are cut (related-news lists, crawl stamps, photo captions, datelines
   such as "Hanoi (VNA) -", which name the newsroom, not the venue).
2. A meeting name is grown around a head noun (Meeting, Conference, Session...) over
   capitalised words, its edition ordinal ("33rd", "Thirty-third", "243rd/244th") and
   year. Strategies, action plans and programmes have no head noun, so they never count,
   and a date inside such a phrase ("Action Plan 2020-2021") is never a meeting's date.
3. Each name owns its sentence from where it starts to where the next name starts (the
   first name also owns what precedes it; names joined by "and" share what follows):
   dates, venues, durations, themes found there are its. A sentence that names no meeting
   but says "the event", "this conference" or "both" gives its facts to the meeting(s)
   named most recently; "the next meeting", "the 2024 edition", "the 34th meeting" name
   a sibling edition of it. Under a dateline, "opened here" puts the venue in the
   dateline's city.
4. Names of one series in the article are grouped by edition and year into one mention.
   A missing year comes from the meeting's name, the publication date or the nearest
   stated date, and `DateSpan.confidence` says which. A name with no edition, year or
   date is dropped: it cannot be told from the series' other editions.
5. Past editions named in passing are kept, flagged `background=True`: a list of years
   ("hosted the meeting in 1995, 2004 and 2014"), an earlier edition of the article's
   main meeting ("the 32nd meeting (2023)"), or an older meeting known only by its year.
   They link editions of a series and let an article that is about them merge with this
   one, but they are not news of a meeting.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from bot.events.dates import (
    DateMention,
    DateSpan,
    duration_days,
    nearest_year,
    resolve,
    scan,
    with_duration,
)
from bot.events.places import Place, countries_in, find_places, lookup, resolve_place
from bot.sentences import split_paragraphs
from bot.textnorm import fold

# ---------------------------------------------------------------- public records


@dataclass(frozen=True)
class Person:
    """Someone quoted or named with a role in an article."""

    name: str
    role: str | None
    quote: str | None


@dataclass(frozen=True)
class MeetingMention:
    """One meeting as one article tells it."""

    name: str
    series: str
    edition: int | None
    year: int | None
    dates: DateSpan | None
    city: str | None
    province: str | None
    country: str | None
    host: str | None
    participants: tuple[str, ...]
    attendance: str | None
    theme: str | None
    people: tuple[Person, ...]
    evidence: str
    # An earlier edition named in passing ("hosted the meeting in 1995, 2004 and 2014"):
    # kept to link editions and merge with articles about it, but not news of a meeting.
    background: bool = False


# ---------------------------------------------------------------- vocabulary

_HEADS = frozenset(
    "meeting conference session summit forum symposium workshop seminar exhibition expo "
    "congress assembly dialogue roundtable retreat colloquium".split()
)
_PLURAL_HEADS = frozenset(head + "s" for head in _HEADS)
# Words that end a name when met while growing it: function words and headline verbs.
_STOP = frozenset(
    """the a an at in on of for from to by with this that these those during after before as
    and or but while when since following ahead under its their his her our your my mr mrs
    ms dr prof last next upcoming recent recently meanwhile also today yesterday tomorrow
    attend attends attending attended host hosts hosted hosting open opens opened opening
    close closes closed closing conclude concludes concluded join joins joined hold holds
    held chair chairs chaired welcome welcomes kick kicks wrap wraps take takes begin begins
    start starts end ends discuss discusses review reviews adopt adopts prepare prepares
    participate participates mark marks set sets will said says according speaking how what
    why where who can could is are was were be has have had there here it he she they we i
    you thank thanks both each all every other another new video photo read see via about
    over into through toward towards amid against between among across upon within without
    regarding despite like per successful successfully officially preparing preparations
    vietnamese""".split()
)
# Never an acronym, even in capitals ("AT THE WCO COUNCIL").
_FUNCTION_WORDS = frozenset("the a an at in on of for from to by with and or as is are was".split())
_MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
# Words that do not make a head noun a proper name on their own.
_GENERIC = frozenset(
    """annual international regional global joint special extraordinary plenary high-level
    ministerial opening closing general first second official virtual hybrid final""".split()
)
_ORG_ALIASES = (
    (re.compile(r"\bworld customs organi[sz]ation\b"), "wco"),
    (re.compile(r"\bcustoms co-?operation council\b"), "wco"),
    (re.compile(r"\bassociation of south ?east asian nations\b"), "asean"),
    (re.compile(r"\basia-? ?europe meeting\b"), "asem"),
    (re.compile(r"\bworld trade organi[sz]ation\b"), "wto"),
    (re.compile(r"\basia-? ?pacific economic cooperation\b"), "apec"),
)
_ROLE_FORMS = (
    (re.compile(r"\b(?:general directors?|directors?[- ]generals?|dgs?)\b"), "directors-general"),
    (re.compile(r"\bdirectors-general of customs\b"), "customs directors-general"),
    (re.compile(r"\bcommissioners? of customs\b"), "customs commissioners"),
)
_SERIES_NOISE = frozenset("customs and of the for on & annual".split())
_HEAD_WORDS = "|".join(sorted(_HEADS | _PLURAL_HEADS, key=len, reverse=True))
_HEAD_HINT = re.compile(rf"\b(?:{_HEAD_WORDS})\b", re.IGNORECASE)
_INVERT = re.compile(rf"^(?P<a>.*\b(?:{_HEAD_WORDS}))\s+(?:of|for)\s+(?:the\s+)?(?P<b>.+)$")

_UNIT_ORDINALS = {
    word: value
    for value, word in enumerate(
        """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
        thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth""".split(),
        start=1,
    )
}
_TENS = {
    word: 10 * value
    for value, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_TENS_ORDINALS = {word[:-1] + "ieth": value for word, value in _TENS.items()}

# ---------------------------------------------------------------- patterns

_TOKEN = re.compile(r"\w+(?:[-‐'’/&.]\w+)*['’]?|[^\w\s]")
_NUMERIC_ORDINAL = re.compile(r"^(\d{1,4})(?:st|nd|rd|th)$", re.IGNORECASE)
_ORDINAL_PAIR = re.compile(r"^(\d{1,4})(?:st|nd|rd|th)?/\d{1,4}(?:st|nd|rd|th)$", re.IGNORECASE)
_YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d$")

_BOILERPLATE = re.compile(
    r"^\s*(?:related news|latest news|more news|read more|previously posted at\s*:?|your care"
    r"|most read|latest most read|related articles?|see also|tags?\s*:.*|other news)\s*$",
    re.IGNORECASE,
)
_STAMP_LINE = re.compile(r"^\s*\d{1,2}:\d{2}\s*\|")
_CAPTION = re.compile(r"\((?:photos?|image|source)\s*:[^)]*\)\s*$|\bphoto\s*:\s*[^.]{0,40}$", re.I)
# "Hanoi (VNA) -", "KUALA LUMPUR, June 3 (Bernama) --", "SAN FRANCISCO —", "VCN -"
_DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][\w.'’ -]{0,40}?),?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?)?"
    r"\([A-Za-z]{2,12}\)\s*[-–—]+\s*|^(?P<caps>[A-Z][A-Z .'-]{1,30}[A-Z])\s*[-–—]+\s*"
)
_HERE = re.compile(r"\bhere\b")
_COORDINATED = re.compile(r"\s*(?:,|and|&|as well as)\s*(?:the\s+)?")
_BOTH = re.compile(
    r"\b(?:both|the two (?:meetings|sessions|events|conferences))\b(?!\s+(?:sides|countries))",
    re.IGNORECASE,
)
_PLAN_BEFORE = re.compile(
    r"\b(?:plan|strategy|programme|program|roadmap|vision|blueprint|framework|agenda|period)"
    r"\b[^.;]{0,25}$",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:\w+-day|\d{4}|two|three|four|five|annual|upcoming|whole|"
    r"entire|important|international|regional|high-level)\s+)*(?P<h>event|conference|meeting|"
    r"summit|forum|session|exhibition|gathering|workshop|seminar|symposium|dialogue|congress)\b",
    re.IGNORECASE,
)
_END_CUE = re.compile(r"\b(?:end|ended|ends|conclu\w+|clos\w+|wrap\w*|final day|last day)\b", re.I)
_START_CUE = re.compile(
    r"\b(?:open\w*|start\w*|began|begin\w*|kick\w*|first day|launch\w*)\b", re.I
)
_THEME = re.compile(
    r"\b(?:themed|(?:under|with|on) the (?:theme|slogan|motto)(?: of)?|theme (?:of|was|is))"
    r"\s*[:,]?\s*[“\"‘'](?P<t>[^”\"’]{4,300})[”\"’]",
    re.IGNORECASE,
)
_ATTENDANCE = re.compile(
    r"\b(?:(?:about|around|approximately|nearly|almost|more than|over|some|up to|at least|"
    r"roughly|close to)\s+)?\d[\d,]*\+?\s+(?:[a-z]+\s+)?(?:delegates|participants|attendees|"
    r"representatives|delegations|officials|guests|exhibitors|speakers|experts|"
    r"administrations|countries|economies)\b"
)
_PARTICIPATION = re.compile(
    r"\b(?:attend\w*|participants|participated|took part|joined by|delegat\w*|gathered|"
    r"brought together|representatives? (?:of|from))\b",
    re.IGNORECASE,
)
_CAP = r"[A-ZĐÀ-ÖØ-Þ][\w'’&-]*"
_ORG = rf"{_CAP}(?:\s+(?:(?:of|and|for|the|de)\s+)?{_CAP}){{0,8}}"
_ORG_RUN = re.compile(rf"{_CAP}(?:\s+(?:(?:of|for|the|de|and)\s+)?{_CAP}|\s+\([A-Z]{{2,}}\))*")
_HOST_BEFORE = re.compile(
    rf"(?P<host>{_ORG})\s+(?:will\s+|is\s+to\s+|to\s+|has\s+been\s+chosen\s+to\s+|is\s+set\s+to\s+)?"
    r"(?:host|hosts|hosted|co-hosts?|co-hosted|is\s+hosting|will\s+be\s+hosting)\s+(?:the\s+)?$"
)
_HOST_AFTER = re.compile(
    rf"^[^.;]{{0,80}}?\b(?:hosted|co-hosted)\s+by\s+(?:the\s+)?(?P<host>{_ORG})"
)
_HOST_OF = re.compile(
    rf"\bhost\s+(?:of|for)\s+(?:the\s+)?(?P<what>[^.;]{{0,150}}?)\s+(?:will\s+be|is|was|would\s+be)"
    rf"\s+(?:the\s+)?(?P<host>{_ORG})"
)
_ORG_WORDS = frozenset(
    """council secretariat organization organisation customs administration agency service
    union bank commission office department authority ministry forum association
    federation institute centre center committee group""".split()
)
_ROLE_WORDS = frozenset(
    """general director directors deputy head heads chief commissioner commissioners
    minister ministers secretary president chairman delegates delegations leaders""".split()
)

# People: "WCO Secretary-General Kunio Mikuriya", "Nguyen Van Tho, Deputy Director General
# of Viet Nam Customs". A person's name is two to four capitalised words that are not
# organisation, role or calendar words.
_NOT_NAME = (
    "Customs|Department|Organi[sz]ation|Ministry|Administration|Secretariat|Council|"
    "Committee|Office|Agency|Service|Union|Bank|Commission|Authority|Conference|Meeting|"
    "Session|Forum|Summit|General|Directors?|Ministers?|Secretary|Deputy|Vice|Head|Chief|"
    "President|Chairman|Commissioner|The|This|That|In|At|On|For|And|Of|"
    + "|".join(word.title() for word in _MONTHS_DAYS)
)
_NAME_WORD = rf"(?!(?:{_NOT_NAME})\b)[A-ZĐÀ-ÖØ-Þ][a-zà-öø-ÿđăâêôơưạ-ỹ'’-]+"
_PERSON = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}(?![\w-])"
_ROLE = (
    r"(?:(?:Deputy|Vice|Acting|Former|First|Permanent|Executive|Assistant|Senior|Prime)\s+)*"
    r"(?:Secretary[- ]General|Directors?[- ]General|General\s+Director|Prime\s+Minister|"
    r"Minister|Commissioner|Chairman|Chairwoman|Chairperson|Chair|President|Head|Director|"
    r"Chief|Ambassador|Governor|Secretary|Mayor|Spokes(?:person|man|woman)|Administrator|"
    r"Representative|Counsellor|Officer|Manager|Coordinator|Advis[eo]r)"
)
_ROLE_HINT = re.compile(
    r"Secretary|Director|Minister|Commissioner|Chair|President|Head|Chief|Ambassador|Governor"
    r"|Mayor|Spokes|Administrator|Representative|Counsellor|Officer|Manager|Coordinator|Advis"
)
_ROLE_ORG = rf"{_CAP}(?:\s+(?:(?:of|and|for|the|at)\s+)*{_CAP}){{0,7}}?"
_HONORIFIC = r"(?:(?:Dr|Mr|Ms|Mrs|Prof|H\.E)\.?\s+)"
_ROLE_THEN_NAME = re.compile(
    rf"(?P<role>(?:[A-Z]{{2,}}\s+)?{_ROLE}(?:\s+(?:of|at)\s+(?:the\s+)?{_ROLE_ORG})?"
    rf"(?:\s*\([A-Z]{{2,}}\))?),?\s+{_HONORIFIC}?(?P<name>{_PERSON})"
)
_NAME_THEN_ROLE = re.compile(
    rf"(?P<name>{_PERSON}),\s+(?:the\s+)?(?P<role>{_ROLE}(?:\s+(?:of|at)\s+(?:the\s+)?"
    rf"{_CAP}(?:\s+(?:(?:of|for|the|at)\s+|and\s+(?!{_PERSON}\s*,))*{_CAP}){{0,7}})?)"
)
_SAID = (
    r"(?:said|says|stressed|noted|emphasi[sz]ed|affirmed|underlined|added|told|highlighted|"
    r"stated|remarked|pointed out|explained|urged|suggested|asserted|insisted|commented)"
)
_QUOTED = re.compile(r"[“\"](?P<q>[^”\"]{10,})[”\"]")


# ---------------------------------------------------------------- series keys


def series_key(name: str) -> str:
    """The series a meeting name belongs to, the same for every edition.

    "33rd ASEAN Customs Directors-General Meeting", "the 33rd meeting of the ASEAN
    Directors-General of Customs" and "ASEAN Customs General Directors' Meeting" all give
    "asean customs directors-general meeting".
    """
    text = fold(name).replace("’", "'")
    text = re.sub(r"\b\d{1,4}(?:st|nd|rd|th)?\s*/\s*\d{1,4}(?:st|nd|rd|th)\b", " ", text)
    text = re.sub(r"\b\d{1,4}(?:st|nd|rd|th)\b|\b(?:19|20)\d\d\b|\([^)]*\)", " ", text)
    text = re.sub(
        r"\b("
        + "|".join(list(_UNIT_ORDINALS) + list(_TENS_ORDINALS) + list(_TENS))
        + r")\b(?:[- ](?:"
        + "|".join(_UNIT_ORDINALS)
        + r"))?",
        " ",
        text,
    )
    text = re.sub(r"'s\b|'|\bedition of\b", "", text)
    for pattern, replacement in _ORG_ALIASES + _ROLE_FORMS:
        text = pattern.sub(replacement, text)
    text = " ".join(w for w in re.split(r"[^\w&-]+", text) if w and w != "the")
    inverted = _INVERT.match(text)
    if inverted:
        text = f"{inverted.group('b')} {inverted.group('a')}"
    words = [w[:-1] if w in _PLURAL_HEADS else w for w in text.split()]
    return " ".join(words)


def _series_words(key: str) -> frozenset[str]:
    """The words of a series key that tell series apart."""
    return frozenset(key.split()) - _SERIES_NOISE


def same_series(a: str, b: str) -> bool:
    """Whether two series keys name the same series ("wco technology conference" and
    "wco technology conference and exhibition" do): one's words contain the other's."""
    small, big = sorted((_series_words(a), _series_words(b)), key=len)
    return bool(small) and small <= big and (small == big or len(small) >= 3)


# ---------------------------------------------------------------- cleaning and sentences


def _kept_lines(body: str) -> list[str]:
    """Lines of the article proper: no related-news lists, crawl stamps or captions."""
    lines = body.splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _BOILERPLATE.match(line):
            break
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _STAMP_LINE.match(line) or _STAMP_LINE.match(following) or _is_caption(line):
            continue
        kept.append(line)
    return kept


def _is_caption(line: str) -> bool:
    """A photo caption or credit line (a cheap test first: most lines are not)."""
    lower = line.lower()
    return ("photo" in lower or "image" in lower or "source" in lower) and bool(
        _CAPTION.search(line)
    )


def clean_text(body: str) -> str:
    """The article without site leftovers: related-news lists, stamps, captions, datelines."""
    return "\n".join(_DATELINE.sub("", line, count=1) for line in _kept_lines(body))


def dateline_place(body: str) -> str | None:
    """The newsroom's city in a dateline opening the article ("Hanoi (VNA) -"), if any."""
    first = next((line for line in _kept_lines(body) if line.strip()), "")
    m = _DATELINE.match(first)
    return (m.group("place") or m.group("caps")) if m else None


@dataclass(frozen=True)
class _Sentence:
    """A sentence of the article with its place in the document."""

    index: int
    start: int
    end: int
    text: str
    in_title: bool


def _sentences(document: str, title_length: int) -> list[_Sentence]:
    """Sentences with their offsets in `document` (the title is the first paragraph)."""
    found: list[_Sentence] = []
    cursor = 0
    for paragraph in split_paragraphs(document):
        for text in paragraph:
            start = document.find(text, cursor)
            if start < 0:
                continue
            cursor = start + len(text)
            found.append(_Sentence(len(found), start, cursor, text, start < title_length))
    return found


# ---------------------------------------------------------------- meeting names


@dataclass(eq=False)
class _Occurrence:
    """A meeting name in a sentence, and the stretch of the sentence it owns."""

    name: str
    series: str
    edition: int | None
    name_year: int | None
    start: int
    end: int
    sentence: _Sentence
    region: tuple[int, int] = (0, 0)
    year: int | None = None
    synthetic: bool = False  # named by reference ("the 2024 edition"), not in the text
    cluster: _Cluster | None = None  # the meeting it was grouped into (None: a listed year)


def _is_name_word(word: str) -> bool:
    """A word that can be part of a meeting's proper name."""
    lower = word.lower().rstrip("'’")
    if len(word) > 1 and word.isupper() and word.isalpha() and lower not in _FUNCTION_WORDS:
        return True  # an acronym, even one spelt like a word ("IT", "US")
    return (
        word[:1].isupper()
        and lower not in _STOP
        and lower not in _MONTHS_DAYS
        and not _YEAR_TOKEN.match(word)
    )


def _ordinal_value(word: str) -> int | None:
    """33 for "33rd", "Thirty-third" or "243/244th"'s 243; None for other words."""
    lower = word.lower()
    numeric = _NUMERIC_ORDINAL.match(lower) or _ORDINAL_PAIR.match(lower)
    if numeric:
        return int(numeric.group(1))
    if lower in _UNIT_ORDINALS or lower in _TENS_ORDINALS:
        return _UNIT_ORDINALS.get(lower) or _TENS_ORDINALS[lower]
    tens, _, unit = lower.partition("-")
    if tens in _TENS and unit in _UNIT_ORDINALS and _UNIT_ORDINALS[unit] < 10:
        return _TENS[tens] + _UNIT_ORDINALS[unit]
    return None


def _edition_before(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """(edition, first word index) when words[i] ends an ordinal: "33rd", "143rd /144th",
    "Thirty-third", "thirty third"."""
    if i >= 2 and words[i - 1] == "/" and _ordinal_value(words[i]) is not None:
        first = _ordinal_value(words[i - 2]) or _leading_number(words[i - 2])
        if first is not None:
            return first, i - 2
    value = _ordinal_value(words[i])
    if value is None:
        return None
    if i >= 1 and words[i - 1].lower() in _TENS and value < 10:
        return _TENS[words[i - 1].lower()] + value, i - 1
    return value, i


def _leading_number(word: str) -> int | None:
    return int(word) if word.isdigit() and len(word) <= 4 else None


@dataclass
class _Grown:
    """A meeting name being grown around its head noun (word indexes, inclusive)."""

    first: int
    last: int
    edition: int | None = None
    year: int | None = None
    owner: str | None = None


def _grow_left(words: Sequence[str], head: int) -> _Grown:
    """Grow a name leftwards over capitalised words up to an edition or year."""
    grown = _Grown(head, head)
    i = head - 1
    while i >= 0:
        edition = _edition_before(words, i)
        if edition:
            grown.edition, grown.first = edition
            return grown
        word = words[i]
        if _YEAR_TOKEN.match(word):
            grown.year, grown.first = int(word), i
            edition = _edition_before(words, i - 1) if i >= 1 else None
            if edition:
                grown.edition, grown.first = edition
            return grown
        if _is_name_word(word):
            grown.first = i
        elif not _left_connector(words, i, head):
            break
        i -= 1
    _edition_phrase(words, grown)
    return grown


def _edition_phrase(words: Sequence[str], grown: _Grown) -> None:
    """ "the 10th edition of the WCO IT Conference", "the 2023 edition of ...": the
    edition or year stands before the name."""
    j = grown.first - 1
    if j >= 0 and words[j].lower() == "the":
        j -= 1
    if j >= 2 and words[j].lower() == "of" and words[j - 1].lower() == "edition":
        edition = _edition_before(words, j - 2)
        if edition:
            grown.edition, grown.first = edition
        elif _YEAR_TOKEN.match(words[j - 2]):
            grown.year, grown.first = int(words[j - 2]), j - 2


def _owner(words: Sequence[str], its: int) -> str | None:
    """The body named before "its" ("The Harmonized System Committee held its 74th
    Session"): the nearest run of capitalised words, a few words back at most."""
    last = next((k for k in range(its - 1, max(-1, its - 5), -1) if _is_name_word(words[k])), None)
    if last is None:
        return None
    first = last
    while first > 0 and (
        _is_name_word(words[first - 1])
        or (words[first - 1].lower() == "of" and first > 1 and _is_name_word(words[first - 2]))
    ):
        first -= 1
    return " ".join(words[first : last + 1])


def _left_connector(words: Sequence[str], i: int, head: int) -> bool:
    """ "of"/"for" always join; "and" joins two plain words ("Directors-General and
    Commissioners Meeting", "Enforcement and Compliance Working Group meeting") but not two
    bodies ("Vietnam Customs and ASEAN Customs ...", "G7 Group and World Economic Forum")."""
    word = words[i].lower()
    if i == 0 or not _is_name_word(words[i - 1]):
        return False
    if word in ("of", "for"):
        return True
    between = words[i + 1 : head]
    return (
        word in ("and", "&")
        and len(between) <= 4
        and words[i - 1].lower() not in _ORG_WORDS
        and not any(w.isupper() for w in between)
    )


def _chain_end(words: Sequence[str], k: int) -> int | None:
    """Last index of a run of name words from k, with inner of/and/the; None if empty."""
    last = None
    while k < len(words):
        if _is_name_word(words[k]):
            last = k
        elif not (
            words[k].lower() in ("of", "and", "&", "the")
            and last is not None
            and k + 1 < len(words)
            and _is_name_word(words[k + 1])
        ):
            break
        k += 1
    return last


def _grow_right(words: Sequence[str], grown: _Grown) -> None:
    """Grow a name rightwards: "and Exhibition", "of the WCO ...", a year, "(WCO)"."""
    j = grown.last + 1
    while j < len(words):
        word, lower = words[j], words[j].lower()
        if _YEAR_TOKEN.match(word):
            grown.year, grown.last = grown.year or int(word), j
            return
        if lower in ("and", "&"):
            k = j + 1
            while k < len(words) and k <= j + 3 and _is_name_word(words[k]):
                if words[k].lower() in _HEADS | _PLURAL_HEADS:
                    break
                k += 1
            is_head = k < len(words) and words[k].lower() in _HEADS | _PLURAL_HEADS
            after = words[k + 1] if k + 1 < len(words) else ""
            if is_head and words[k][:1].isupper() and not _is_name_word(after):
                grown.last, j = k, k + 1  # "Conference and Exhibition", not "... Centre"
                continue
            return
        if lower in ("of", "on", "for"):
            k = j + 2 if j + 1 < len(words) and words[j + 1].lower() == "the" else j + 1
            end = _chain_end(words, k)
            if end is None:
                return
            grown.last, j = end, end + 1
            continue
        if word == "(" and j + 2 < len(words) and words[j + 1].isupper() and words[j + 2] == ")":
            j += 3  # an acronym ("(WCO)") is skipped but does not end the name
            continue
        return


def _grow(words: Sequence[str], head: int) -> _Grown | None:
    """The name around the head noun at `head`, or None when it is not a proper name."""
    word = words[head]
    lower = word.lower()
    following = words[head + 1] if head + 1 < len(words) else ""
    if _is_name_word(following) and following.lower() not in _HEADS | _PLURAL_HEADS:
        return None  # "Conference Centre", "Forum Secretariat": the head is a modifier
    grown = _grow_left(words, head)
    grown.last = head
    _grow_right(words, grown)
    if lower in _PLURAL_HEADS and grown.edition is None:
        return None
    qualifiers = [
        w
        for w in words[grown.first : grown.last + 1]
        if _is_name_word(w)
        and w.lower() not in _GENERIC
        and w.lower() not in _HEADS | _PLURAL_HEADS
    ]
    its = grown.first - 1
    if not qualifiers and grown.edition is not None and its >= 1 and words[its].lower() == "its":
        grown.owner = _owner(words, its)  # "... Committee held its 74th Session"
        return grown if grown.owner else None
    if not word[:1].isupper():
        # "the 33rd meeting of the ASEAN ...", "the 21st ASEAN ... Working Group meeting"
        identified = grown.edition is not None or grown.year is not None
        if not identified or (grown.last == head and grown.first == head - 1):
            return None
    return grown if qualifiers else None


def _names_in(sentence: _Sentence) -> list[_Occurrence]:
    """Meeting names in a sentence, longest first where they overlap."""
    tokens = list(_TOKEN.finditer(sentence.text))
    words = [t.group() for t in tokens]
    grown = [
        g
        for i, w in enumerate(words)
        if w.lower() in _HEADS or w.lower() in _PLURAL_HEADS
        if (g := _grow(words, i)) is not None
    ]
    occurrences: list[_Occurrence] = []
    last_token = -1
    for g in sorted(grown, key=lambda g: (g.first, -g.last)):
        if g.first <= last_token:
            continue
        start, end = tokens[g.first].start(), tokens[g.last].end()
        name = " ".join(sentence.text[start:end].split())
        if g.owner:
            name = f"{name} of the {g.owner}"
        key = series_key(name)
        if not any(w in _HEADS for w in key.split()):
            continue  # "Asia-Europe Meeting" is the ASEM process, not a meeting
        last_token = g.last
        occurrences.append(
            _Occurrence(
                name, key, g.edition, g.year, sentence.start + start, sentence.start + end, sentence
            )
        )
    return occurrences


# ---------------------------------------------------------------- the article


@dataclass(eq=False)
class _Cluster:
    """All that one article says about one meeting."""

    series: str
    occurrences: list[_Occurrence] = field(default_factory=list)
    anaphors: list[_Sentence] = field(default_factory=list)
    edition: int | None = None
    year: int | None = None
    year_from_name: bool = False
    listed: bool = False
    hosts: list[str] = field(default_factory=list)

    def add(self, occurrence: _Occurrence) -> None:
        """Take in a name: its edition, its year (a year in a name beats one nearby)."""
        self.occurrences.append(occurrence)
        occurrence.cluster = self
        if len(_series_words(occurrence.series)) > len(_series_words(self.series)):
            self.series = occurrence.series
        self.edition = self.edition if self.edition is not None else occurrence.edition
        if occurrence.name_year is not None and not self.year_from_name:
            self.year, self.year_from_name = occurrence.name_year, True
        elif self.year is None:
            self.year = occurrence.year

    def fits(self, edition: int | None, year: int | None) -> bool:
        """Nothing said contradicts: editions and years equal where both are known."""
        return (None in (self.edition, edition) or self.edition == edition) and (
            None in (self.year, year) or self.year == year
        )

    def shares(self, edition: int | None, year: int | None) -> bool:
        """Something said identifies the same meeting: its edition or its year."""
        return (edition is not None and edition == self.edition) or (
            year is not None and year == self.year
        )

    @property
    def identified(self) -> bool:
        """Known by an edition or a year, so it can be told from other editions."""
        return self.edition is not None or self.year is not None

    @property
    def position(self) -> int:
        """Where it was last named."""
        return self.occurrences[-1].start

    def sentences(self) -> list[_Sentence]:
        """Sentences naming it or referring to it, in order."""
        named = [o.sentence for o in self.occurrences]
        return sorted({s.index: s for s in named + self.anaphors}.values(), key=lambda s: s.index)


class _Article:
    """One article being read: its text, sentences, dates and meetings."""

    def __init__(self, body: str, title: str, published: date | None) -> None:
        title = " ".join(title.split())
        text = clean_text(body)
        self.dateline = dateline_place(body)
        self.document = f"{title}\n\n{text}" if title else text
        self.published = published
        self.sentences = _sentences(self.document, len(title))
        self.clusters: list[_Cluster] = []
        self.named: dict[int, list[_Occurrence]] = {}  # sentence index → names in it

    def add_names(self, occurrences: Iterable[_Occurrence]) -> None:
        """Index names by sentence."""
        for occurrence in occurrences:
            self.named.setdefault(occurrence.sentence.index, []).append(occurrence)

    @cached_property
    def dates(self) -> list[DateMention]:
        """Every date in the article but those of plans and strategies (scanned only when
        the article names a meeting: most news does not)."""
        return [m for m in scan(self.document) if not self._in_plan(m)]

    @cached_property
    def stated_years(self) -> list[tuple[int, int | None]]:
        """(position, year) of each day or month said with its year, to fill years left out."""
        return [
            (m.start, m.year2 or m.year1)
            for m in self.dates
            if m.has_year and m.precision != "year" and m.relative is None
        ]

    def _in_plan(self, mention: DateMention) -> bool:
        """A date inside "Action Plan 2020-2021" or "in the period 2026-2030"."""
        return bool(_PLAN_BEFORE.search(self.document, max(0, mention.start - 40), mention.start))

    def dates_between(self, start: int, end: int) -> list[DateMention]:
        """Dates beginning in [start, end) (one may run past a sentence split inside it)."""
        return [m for m in self.dates if start <= m.start < end]

    def resolve(self, mention: DateMention, cluster: _Cluster) -> DateSpan | None:
        """A date of this meeting, a missing year taken from its name, the publication date
        or the nearest stated date; "name_year" only when the year was in the name."""
        span = resolve(
            mention,
            year_hint=cluster.year,
            published=self.published,
            context_year=nearest_year(self.stated_years, mention.start),
        )
        if span and span.confidence == "name_year" and not cluster.year_from_name:
            span = DateSpan(span.start, span.end, span.precision, "inferred_year")
        return span


def _set_regions(article: _Article, occurrences: list[_Occurrence]) -> None:
    """Give each name its stretch of the sentence, and the year stated there.

    Names joined by "and" share what follows the last of them ("the 15th Meeting of X and
    the 10th Meeting of Y were held in Hanoi from 1 to 3 April"), so regions are set from
    the last name back.
    """
    for i in range(len(occurrences) - 1, -1, -1):
        occurrence = occurrences[i]
        sentence = occurrence.sentence
        previous = occurrences[i - 1] if i else None
        following = occurrences[i + 1] if i + 1 < len(occurrences) else None
        same_sentence = following is not None and following.sentence is sentence
        start = occurrence.start
        if previous is None or previous.sentence is not sentence:
            start = sentence.start
        end = following.start if following and same_sentence else sentence.end
        if (
            following
            and same_sentence
            and _COORDINATED.fullmatch(article.document, occurrence.end, following.start)
        ):
            end = following.region[1]
        occurrence.region = (start, end)
        occurrence.year = occurrence.name_year
        if occurrence.year is None:
            occurrence.year = _year_near(article, occurrence)


def _year_near(article: _Article, occurrence: _Occurrence) -> int | None:
    """The year of the resolvable date nearest the name in its region."""
    stated = [
        m
        for m in article.dates_between(*occurrence.region)
        if m.has_year and not m.listed and resolve(m, published=article.published)
    ]
    if not stated:
        return None
    nearest = min(stated, key=lambda m: _distance(occurrence, m))
    return nearest.year1 if nearest.year1 is not None else nearest.year2


def _distance(occurrence: _Occurrence, mention: DateMention) -> int:
    """Characters between a name and a date; dates after the name count as nearer."""
    if mention.start >= occurrence.end:
        return mention.start - occurrence.end
    return 2 * max(0, occurrence.start - mention.end)


def _cluster(article: _Article, occurrences: list[_Occurrence]) -> None:
    """Group the article's names into meetings by series, edition and year."""
    for occurrence in occurrences:
        listed = [m for m in article.dates_between(*occurrence.region) if m.listed]
        if len(listed) >= 2 and occurrence.edition is None and occurrence.name_year is None:
            for m in listed:  # "hosted the meeting in 1995, 2004 and 2014"
                article.clusters.append(
                    _Cluster(occurrence.series, [occurrence], year=m.year1, listed=True)
                )
            continue
        target = _find_cluster(
            article.clusters, occurrence.series, occurrence.edition, occurrence.year
        )
        if target is None:
            target = _Cluster(occurrence.series)
            article.clusters.append(target)
        target.add(occurrence)
    _join_complements(article.clusters)


def _find_cluster(
    clusters: Iterable[_Cluster], series: str, edition: int | None, year: int | None
) -> _Cluster | None:
    """The meeting a name belongs to: one sharing its edition or year, else one
    still unidentified; a name with neither joins the series' latest meeting."""
    same = [c for c in clusters if not c.listed and same_series(c.series, series)]
    if edition is None and year is None:
        return max(same, key=lambda c: c.position, default=None)
    for cluster in same:
        if cluster.fits(edition, year) and cluster.shares(edition, year):
            return cluster
    return next((c for c in same if not c.identified), None)


def _join_complements(clusters: list[_Cluster]) -> None:
    """Merge "the 13th meeting" with "the meeting in 2019" when each is the other's only match."""
    for only_edition in [c for c in clusters if c.edition is not None and c.year is None]:
        partners = [
            c
            for c in clusters
            if c.edition is None
            and c.year is not None
            and not c.listed
            and same_series(c.series, only_edition.series)
        ]
        rivals = [
            c
            for c in clusters
            if c is not only_edition
            and c.edition is not None
            and c.year is None
            and same_series(c.series, only_edition.series)
        ]
        if len(partners) == 1 and not rivals:
            partner = partners[0]
            for occurrence in partner.occurrences:
                only_edition.add(occurrence)
            only_edition.year = partner.year
            clusters.remove(partner)


def _base_name(name: str) -> str:
    """A meeting name without its edition and year, to name a sibling edition."""
    base = re.sub(
        r"\b\d{1,4}(?:st|nd|rd|th)?\s*/\s*\d{1,4}(?:st|nd|rd|th)\b|\b\d{1,4}"
        r"(?:st|nd|rd|th)\b|\b(?:19|20)\d\d\b",
        " ",
        name,
    )
    return " ".join(base.split())


_REFERENCE = re.compile(
    r"\bthe\s+(?:(?P<y>(?:19|20)\d\d)\s+edition(?!\s+of\b)|(?P<o>\d{1,4}(?:st|nd|rd|th))\s+"
    r"(?:meeting|session|conference|summit|forum)(?!\s+of\b)|(?P<n>next)\s+(?:edition|meeting|"
    r"session|conference|summit|forum|[A-Z]\w+\s+(?:Meeting|Conference|Session|Summit|Forum)))",
    re.IGNORECASE,
)


def _link_references(article: _Article) -> None:
    """Sentences naming no meeting but saying "the event", "the 2024 edition", "the 34th
    meeting" give their facts to the meeting named most recently (or its sibling edition)."""
    named: list[_Cluster] = []
    for sentence in article.sentences:
        here = [c for o in _occurrences_in(article, sentence) if (c := o.cluster)]
        if here:
            named = here
            continue
        if not named:
            continue
        if _BOTH.search(sentence.text):  # "Both take place in Brussels"
            targets = list(dict.fromkeys(named))
        else:
            target = _referenced(article, sentence, named[-1])
            targets = [target] if target else []
        for target in targets:
            target.anaphors.append(sentence)


def _occurrences_in(article: _Article, sentence: _Sentence) -> list[_Occurrence]:
    """Names of meetings in one sentence."""
    return article.named.get(sentence.index, [])


def _referenced(article: _Article, sentence: _Sentence, recent: _Cluster) -> _Cluster | None:
    """The meeting a sentence without names refers to, if any."""
    reference = _REFERENCE.search(sentence.text)
    if reference:
        year = int(reference.group("y")) if reference.group("y") else None
        edition = _ordinal_value(reference.group("o")) if reference.group("o") else None
        if reference.group("n"):  # "the next meeting": the following edition
            edition = recent.edition + 1 if recent.edition is not None else None
            year = None if edition is not None else _stated_year(article, sentence)
            if edition is None and year in (None, recent.year):
                return None
        return _sibling(article, recent, edition, year, sentence, reference)
    anaphor = _ANAPHOR.search(sentence.text)
    if anaphor is None:
        return None
    year_word = re.search(r"\b(?:19|20)\d\d\b", anaphor.group())
    if year_word and recent.year not in (None, int(year_word.group())):
        # "the 2025 conference" after the 2024 one: that year's edition of the series
        return _sibling(article, recent, None, int(year_word.group()), sentence, anaphor)
    return recent


def _stated_year(article: _Article, sentence: _Sentence) -> int | None:
    """The first year stated in a sentence."""
    years = [m.year2 or m.year1 for m in article.dates_between(sentence.start, sentence.end)]
    return next((y for y in years if y is not None), None)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _sibling(
    article: _Article,
    recent: _Cluster,
    edition: int | None,
    year: int | None,
    sentence: _Sentence,
    reference: re.Match[str],
) -> _Cluster:
    """The edition of `recent`'s series that a reference names, created when new."""
    found = _find_cluster(article.clusters, recent.series, edition, year)
    if found is not None and found.shares(edition, year):
        return found
    base = _base_name(_best_name(recent))
    name = f"{_ordinal(edition)} {base}" if edition is not None else f"{base} {year}"
    start, end = sentence.start + reference.start(), sentence.start + reference.end()
    occurrence = _Occurrence(
        name,
        recent.series,
        edition,
        year,
        start,
        end,
        sentence,
        (sentence.start, sentence.end),
        year,
        synthetic=True,
    )
    cluster = _Cluster(recent.series)
    cluster.add(occurrence)
    article.clusters.append(cluster)
    article.add_names([occurrence])
    return cluster


# ---------------------------------------------------------------- facts of a meeting


@dataclass(frozen=True)
class _Candidate:
    """A date that may be a meeting's, with what makes it more or less likely."""

    span: DateSpan
    named: bool
    distance: int
    sentence: _Sentence

    @property
    def rank(self) -> tuple[int, int, int, int]:
        precision = {"day": 2, "month": 1, "year": 0}[self.span.precision]
        return (self.named, precision, self.span.end > self.span.start, -self.distance)


def _places_of(article: _Article, cluster: _Cluster) -> list[Place]:
    """Venues said next to the meeting's names, nearest first, then in sentences about it."""
    found: list[tuple[int, int, Place]] = []
    for occurrence in cluster.occurrences:
        start, end = occurrence.region
        for match in find_places(article.document[start:end]):
            at = start + match.start
            distance = at - occurrence.end if at >= occurrence.end else 2 * (occurrence.start - at)
            found.append((0, distance, match.place))
    for sentence in cluster.anaphors:
        found.extend((1, 0, m.place) for m in find_places(sentence.text))
    if article.dateline and any(_HERE.search(text) for text in _texts(article, cluster)):
        here = resolve_place(article.dateline)  # "opened here on Tuesday" under a dateline
        if here:
            found.append((2, 0, here))
    return [place for _, _, place in sorted(found, key=lambda item: (item[0], item[1]))]


def _date_candidates(article: _Article, cluster: _Cluster) -> list[_Candidate]:
    """Dates said next to the meeting's names or in sentences about it."""
    candidates = []
    spans: list[tuple[DateMention, bool, int, _Sentence]] = []
    for occurrence in cluster.occurrences:
        for m in article.dates_between(*occurrence.region):
            spans.append((m, True, _distance(occurrence, m), occurrence.sentence))
    for sentence in cluster.anaphors:
        for m in article.dates_between(sentence.start, sentence.end):
            if m.precision == "day":
                spans.append((m, False, 0, sentence))
    for mention, named, distance, sentence in spans:
        if mention.listed:
            continue
        span = article.resolve(mention, cluster)
        if span is None:
            continue
        if cluster.year is not None and cluster.year not in (span.start.year, span.end.year):
            continue  # a date of something else: the meeting's name says another year
        candidates.append(_Candidate(span, named, distance, sentence))
    return candidates


def _dates_of(article: _Article, cluster: _Cluster) -> DateSpan | None:
    """The meeting's dates: the likeliest candidate, stretched by an opening and
    closing day or a stated length when it is a single day."""
    if cluster.listed and cluster.year is not None:
        return DateSpan(date(cluster.year, 1, 1), date(cluster.year, 12, 31), "year", "stated")
    candidates = _date_candidates(article, cluster)
    if not candidates:
        if cluster.year is None:
            return None
        confidence = "name_year" if cluster.year_from_name else "stated"
        return DateSpan(date(cluster.year, 1, 1), date(cluster.year, 12, 31), "year", confidence)
    best = max(candidates, key=lambda c: c.rank)
    if best.span.precision != "day" or best.span.start != best.span.end:
        return best.span
    around = [
        c
        for c in candidates
        if c.span.precision == "day"
        and c.span.start <= best.span.start <= c.span.end
        and c.span.end > c.span.start
    ]
    if around:  # "opened on Monday" and "runs from 26 to 29 February"
        return max(around, key=lambda c: c.rank).span
    closing = [
        c
        for c in candidates
        if c.span.start == c.span.end
        and 0 < (c.span.start - best.span.start).days <= 14
        and _END_CUE.search(c.sentence.text)
    ]
    if closing:
        end = min(closing, key=lambda c: c.span.start).span.start
        return DateSpan(best.span.start, end, "day", best.span.confidence)
    days = next(
        (d for s in cluster.sentences() if (d := duration_days(_own_text(article, cluster, s)))),
        None,
    )
    if days is None:
        return best.span
    text = best.sentence.text
    ends_on = bool(_END_CUE.search(text)) and not _START_CUE.search(text)
    return with_duration(best.span, days, ends_on=ends_on)


def _own_text(article: _Article, cluster: _Cluster, sentence: _Sentence) -> str:
    """The part of a sentence that speaks of this meeting."""
    regions = [o.region for o in cluster.occurrences if o.sentence is sentence]
    if not regions:
        return sentence.text
    return " ".join(article.document[start:end] for start, end in regions)


def _texts(article: _Article, cluster: _Cluster) -> list[str]:
    return [_own_text(article, cluster, s) for s in cluster.sentences()]


def _theme(texts: Iterable[str]) -> str | None:
    """The quoted theme or slogan."""
    return next((m.group("t").strip() for t in texts if (m := _THEME.search(t))), None)


def _attendance(texts: Iterable[str]) -> str | None:
    """How many attended, people counts first ("about 100 delegates")."""
    found = [m.group() for t in texts for m in _ATTENDANCE.finditer(t)]
    people = [f for f in found if re.search(r"delegates|participants|attendees|represent", f)]
    return (people or found or [None])[0]


def _hosts(article: _Article) -> None:
    """Hosts said of a meeting: "X to host the 33rd ...", "hosted by X", "the host of the
    2024 edition will be X"."""
    for sentence in article.sentences:
        occurrences = _occurrences_in(article, sentence)
        for occurrence in occurrences:
            cluster = occurrence.cluster
            if cluster is None:
                continue
            # A host is named just before ("Vietnam Customs to host the ..."); a short
            # window keeps the backwards search linear on run-on text.
            before = article.document[
                max(sentence.start, occurrence.start - 150) : occurrence.start
            ]
            after = article.document[occurrence.end : occurrence.region[1]]
            for m in (_HOST_BEFORE.search(before), _HOST_AFTER.match(after)):
                if m:
                    cluster.hosts.append(_clean_org(m.group("host")))
        for m in _HOST_OF.finditer(sentence.text):
            target = _host_target(article, sentence, m, occurrences)
            if target is not None:
                target.hosts.append(_clean_org(m.group("host")))


def _host_target(
    article: _Article, sentence: _Sentence, m: re.Match[str], occurrences: list[_Occurrence]
) -> _Cluster | None:
    """The meeting a "host of ... will be X" phrase speaks of."""
    start, end = sentence.start + m.start("what"), sentence.start + m.end("what")
    inside = [o for o in occurrences if start <= o.start < end]
    if inside:
        return inside[0].cluster
    return next((c for c in article.clusters if sentence in c.anaphors), None)


def _clean_org(text: str) -> str:
    return re.sub(r"^(?:The|This)\s+", "", text.strip())


def _organisations(texts: Iterable[str], names: set[str]) -> tuple[str, ...]:
    """Organisations and countries named in sentences about who took part."""
    found: dict[str, str] = {}
    for text in texts:
        if not _PARTICIPATION.search(text):
            continue
        for run in _ORG_RUN.finditer(text):
            for part in _split_and(run.group()):
                words = part.split()
                while words and words[0].lower() in _STOP:
                    words.pop(0)
                lowers = {w.lower().strip("()'’") for w in words}
                if not words or lowers <= _ROLE_WORDS | _ORG_WORDS | _STOP | _MONTHS_DAYS:
                    continue
                candidate = " ".join(words)
                if candidate not in names and not _is_year_or_number(candidate):
                    found.setdefault(fold(candidate), candidate)
    return tuple(found.values())


def _split_and(run: str) -> list[str]:
    """ "US-ASEAN Business Council and EU-ASEAN Business Council" are two; "Australian
    Customs and Border Protection" is one: split where the part after "and" is itself an
    organisation."""
    parts = run.split(" and ")
    merged = [parts[0]]
    for part in parts[1:]:
        if {w.lower() for w in part.split()} & _ORG_WORDS or part.split()[0].isupper():
            merged.append(part)
        else:
            merged[-1] = f"{merged[-1]} and {part}"
    return merged


def _is_year_or_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s,.()]+", text))


# ---------------------------------------------------------------- people


def _people(article: _Article) -> list[Person]:
    """People named with a role, each with the first thing they are reported saying."""
    roles: dict[str, str | None] = {}
    for sentence in article.sentences:
        if not _ROLE_HINT.search(sentence.text):
            continue
        for pattern in (_ROLE_THEN_NAME, _NAME_THEN_ROLE):
            for m in pattern.finditer(sentence.text):
                name = m.group("name")
                if not lookup(name) and name not in roles:
                    roles[name] = " ".join(m.group("role").split()) or None
    return [Person(name, role, _quote_of(article, name)) for name, role in roles.items()]


def _quote_of(article: _Article, name: str) -> str | None:
    """The first thing the person is reported saying, in quotes or reported speech."""
    surname = name.split()[-1]
    ref = rf"(?:{re.escape(name)}|{re.escape(surname)})"
    patterns = (
        re.compile(rf"^(?P<q>[^“\"]{{20,}}?),\s+(?:[^,]{{0,90}}?\s)?{ref}\s+{_SAID}\b"),
        re.compile(rf"^(?P<q>.{{20,}}?),\s+according to\s+[^.]{{0,90}}?{ref}\b"),
        re.compile(rf"\b[Aa]ccording to\s+[^,]{{0,120}}?{ref}\s*,\s*(?P<q>.{{20,}})"),
        re.compile(rf"\b{ref}\s+{_SAID}(?:\s+that)?[,:]?\s+(?P<q>[^“\"].{{20,}})"),
    )
    for index, sentence in enumerate(article.sentences):
        text = sentence.text
        if surname not in text:
            continue
        quoted = _QUOTED.search(text)
        if quoted and re.search(rf"{ref}[^.]{{0,40}}{_SAID}|{_SAID}[^.]{{0,60}}{ref}", text):
            return quoted.group("q").strip()
        if re.fullmatch(rf"[^.]{{0,80}}{ref}\s*:", text.strip()):
            following = article.sentences[index + 1 : index + 2]
            return following[0].text if following else None
        for pattern in patterns:
            m = pattern.search(text)
            if m:
                return m.group("q").strip().rstrip(".")
    return None


# ---------------------------------------------------------------- mentions


def _best_name(cluster: _Cluster) -> str:
    """The name as people say it: one giving the edition or year, complete, short."""

    def score(occurrence: _Occurrence) -> tuple[bool, int, int]:
        has_id = occurrence.edition is not None or occurrence.name_year is not None
        return (has_id, len(_series_words(occurrence.series)), -len(occurrence.name))

    return re.sub(r"^(?:the|The)\s+", "", max(cluster.occurrences, key=score).name)


def _primary(article: _Article) -> _Cluster | None:
    """What the article is about: the meeting in its title, else the one said most of."""
    clusters = [c for c in article.clusters if not c.listed]
    titled = [c for c in clusters if any(o.sentence.in_title for o in c.occurrences)]
    if titled:
        return titled[0]

    def weight(cluster: _Cluster) -> int:
        named = sum(not o.synthetic for o in cluster.occurrences)
        return named + len(cluster.anaphors) if named else 0

    return max(reversed(clusters), key=weight, default=None)


def _is_background(
    cluster: _Cluster, primary: _Cluster | None, dates: DateSpan | None, published: date | None
) -> bool:
    """A past edition named in passing, not news of a meeting: one in a list of years, an
    earlier edition of the article's main meeting, or a meeting known by its year alone
    that is older than the main meeting (or than the article)."""
    if cluster.listed:
        return True
    if cluster is primary:
        return False
    year = cluster.year or (dates.start.year if dates else None)
    if primary is not None and same_series(cluster.series, primary.series):
        if None not in (cluster.edition, primary.edition):
            return cluster.edition < primary.edition  # type: ignore[operator]
        if year is not None and primary.year is not None:
            return year < primary.year
    if dates is not None and dates.precision != "year":
        return False
    if primary is not None and year is not None and primary.year is not None:
        return year < primary.year
    return published is not None and year is not None and year < published.year - 1


def _venue(article: _Article, cluster: _Cluster, host: str | None) -> Place:
    """Where the meeting is: a venue said of it, else the host's country."""
    if cluster.listed:
        found = find_places(article.document[slice(*cluster.occurrences[0].region)])
        place = found[0].place if found else Place()
    else:
        place = next(iter(_places_of(article, cluster)), Place())
    if place or host is None:
        return place
    hosting_place = resolve_place(host)  # "Baku hosted the ..."
    if hosting_place:
        return hosting_place
    countries = countries_in(host)  # "the Customs Administration of Egypt"
    return Place(country=countries[0]) if countries else place


def _mention(
    article: _Article, cluster: _Cluster, primary: _Cluster | None, people: list[Person]
) -> MeetingMention | None:
    """The article's account of one meeting; None when it cannot be told from
    other editions (no edition, year or date)."""
    dates = _dates_of(article, cluster)
    if cluster.edition is None and cluster.year is None and dates is None:
        return None
    background = _is_background(cluster, primary, dates, article.published)
    texts = [] if background else _texts(article, cluster)
    host = Counter(cluster.hosts).most_common(1)[0][0] if cluster.hosts else None
    place = _venue(article, cluster, host)
    joined = " ".join(texts)
    names = {o.name for c in article.clusters for o in c.occurrences}
    return MeetingMention(
        name=_best_name(cluster),
        series=cluster.series,
        edition=cluster.edition,
        year=cluster.year if cluster.year is not None else (dates.start.year if dates else None),
        dates=dates,
        city=place.city,
        province=place.province,
        country=place.country,
        host=host,
        participants=_organisations(texts, names),
        attendance=_attendance(texts),
        theme=_theme(texts),
        people=tuple(
            p for p in people if texts and (cluster is primary or p.name.split()[-1] in joined)
        ),
        evidence=" ".join(dict.fromkeys(o.sentence.text for o in cluster.occurrences[:3])),
        background=background,
    )


def extract_meetings(body: str, *, title: str, published: date | None) -> list[MeetingMention]:
    """The meetings an article names, in order of first mention.

    `body` is the article's text, `title` its headline, `published` its publication date
    when known (used for relative dates and years left out). Mentions with neither an
    edition, a year nor a date are left out: they cannot be told apart from other editions.
    """
    article = _Article(body, title, published)
    occurrences = [o for s in article.sentences if _HEAD_HINT.search(s.text) for o in _names_in(s)]
    if not occurrences:
        return []
    article.add_names(occurrences)
    _set_regions(article, occurrences)
    _cluster(article, occurrences)
    _link_references(article)
    _hosts(article)
    primary = _primary(article)
    people = _people(article)
    mentions = [_mention(article, c, primary, people) for c in article.clusters]
    order = {id(m): c.occurrences[0].start for m, c in zip(mentions, article.clusters, strict=True)}
    return sorted((m for m in mentions if m is not None), key=lambda m: order[id(m)])
