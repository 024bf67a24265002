"""Abbreviations and their long forms, kept as data that users can extend.

The shipped table is `bot/data/aliases.txt`; a team adds its own lines in a file named
by BRIEFBOT_ALIASES_FILE. Each line is one group of forms that mean the same thing
("WCO = World Customs Organization"); search treats every form of a group as any other.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.textnorm import normalize

log = logging.getLogger(__name__)

Phrase = tuple[str, ...]


@dataclass
class AliasTable:
    """Groups of normalised phrases, and for each phrase the groups it belongs to."""

    groups: list[tuple[Phrase, ...]] = field(default_factory=list)
    _by_phrase: dict[Phrase, list[int]] = field(default_factory=dict)

    def add_line(self, line: str) -> None:
        """Add one "A = B = C" line; blank lines and # comments are ignored."""
        line = line.split("#", 1)[0].strip()
        forms = [tuple(normalize(form).split()) for form in line.split("=")]
        forms = list(dict.fromkeys(form for form in forms if form))
        if len(forms) < 2:
            return
        index = len(self.groups)
        self.groups.append(tuple(forms))
        for form in forms:
            self._by_phrase.setdefault(form, []).append(index)

    @property
    def longest(self) -> int:
        """Words in the longest phrase."""
        return max((len(p) for p in self._by_phrase), default=0)

    def forms_of(self, phrase: Phrase) -> tuple[Phrase, ...]:
        """Every form meaning the same as `phrase` (itself first); just itself if none."""
        forms: dict[Phrase, None] = {phrase: None}
        for index in self._by_phrase.get(phrase, ()):
            forms.update(dict.fromkeys(self.groups[index]))
        return tuple(forms)

    def knows(self, phrase: Phrase) -> bool:
        """Whether `phrase` is a form in some group."""
        return phrase in self._by_phrase


def load_aliases(extra: Path | None = None) -> AliasTable:
    """The shipped table, plus the lines of `extra` when given and readable."""
    table = AliasTable()
    shipped = resources.files("bot").joinpath("data/aliases.txt").read_text(encoding="utf-8")
    for line in shipped.splitlines():
        table.add_line(line)
    if extra is not None:
        try:
            for line in extra.expanduser().read_text(encoding="utf-8").splitlines():
                table.add_line(line)
        except (OSError, UnicodeDecodeError) as error:
            log.warning("Could not read the aliases file %s: %s", extra, error)
    return table
