"""Guessing an article's language from its stop words, with lists shipped by sumy."""

from __future__ import annotations

import re
from functools import lru_cache

from sumy.utils import get_stop_words

_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "cs": "czech",
    "pl": "polish",
    "sv": "swedish",
    "uk": "ukrainian",
}
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    return {code: frozenset(get_stop_words(name)) for code, name in _LANGUAGES.items()}


def guess_language(text: str) -> str:
    """ISO 639-1 code of the likeliest language; 'en' when the text gives no clue."""
    sample = text[:20000]
    words = [w.lower() for w in _WORD.findall(sample)][:3000]
    if not words:
        return "en"
    if len(_VIETNAMESE.findall(sample)) > len(words) // 4:
        return "vi"
    scores = {code: sum(word in stops for word in words) for code, stops in _stop_words().items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] else "en"
