"""Word-level text handling shared by the lexical index and query checks."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['.-][a-z0-9]+)*")

_STOP_TEXT = """
    a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just let me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself
    yourselves s t don should've ve ll re d m o y ain aren couldn didn doesn hadn
    hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn also us
    get got gets tell anything something thing things please hey hi hello thanks
"""

STOP_WORDS = frozenset(_STOP_TEXT.split())

_SUFFIXES = (
    "ations",
    "ation",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "es",
    "ed",
    "ly",
    "s",
)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match plural and -ing forms.

    Memoised: a corpus repeats a few thousand words millions of times.
    """
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed content words, stop words dropped."""
    return [
        _stemmed(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS
    ]


@lru_cache(maxsize=200_000)
def _stemmed(word: str) -> str:
    return stem(word.replace("'", ""))


def count_words(text: str) -> int:
    """Whitespace-separated words: a cheap proxy for model tokens (about 1.3 each)."""
    return len(text.split())
