"""Search keys: the normalized, clitic-folded shadow of a text that full-text indexes hold.

A word is indexed under every reading a proclitic split allows (بالباغوز → بالباغوز، الباغوز، باغوز), and a query
word matches when any of its readings is indexed, so بالباغوز finds الباغوز and the reverse. The index cannot know
which reading is real (بلدة is not ب + لدة); over-generating readings costs a few false hits, never a miss.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from rasid.text.normalize import normalize_key

_WORD_RE = regex.compile(r"[\p{L}\p{N}]+")

# Conjunction, then a preposition and/or the article; لل is ل + ال with the alef dropped.
_PREFIXES = tuple(
    sorted(
        {conj + rest for conj in ("", "و", "ف") for rest in ("", "ب", "ل", "ك", "ال", "بال", "كال", "لل")} - {""},
        key=len,
    )
)
_MIN_STEM = 3


@lru_cache(maxsize=65536)
def word_readings(word: str) -> tuple[str, ...]:
    """The word itself plus every stem left by stripping a legal proclitic sequence (stems of 3+ letters)."""
    readings = [word]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
            stem = word[len(prefix) :]
            if stem not in readings:
                readings.append(stem)
    return tuple(readings)


def search_words(text: str) -> list[str]:
    """The normalized words (letters and digits) of a text or query."""
    return _WORD_RE.findall(normalize_key(text))


def search_shadow(text: str) -> str:
    """The string a full-text index stores for `text`: every reading of every word, space separated."""
    return " ".join(reading for word in search_words(text) for reading in word_readings(word))


def query_readings(query: str) -> list[tuple[str, ...]]:
    """For each query word, the readings any one of which must be indexed for a document to match."""
    return [word_readings(word) for word in search_words(query)]
