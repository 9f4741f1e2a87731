"""Search keys: the normalized, clitic-folded shadow of a text that full-text indexes hold.

A word is indexed under every reading a proclitic split allows (بالباغوز → بالباغوز، الباغوز، باغوز), and a query
word matches when any of its readings is indexed, so بالباغوز finds الباغوز and the reverse. The index cannot know
which reading is real (بلدة is not ب + لدة); over-generating readings costs a few false hits, never a miss.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from rasid.text.normalize import normalize_char

_WORD_RE = regex.compile(r"[\p{L}\p{N}]+")

# Conjunction, then a preposition and/or the article; لل is ل + ال with the alef dropped.
_PREFIXES = tuple(
    sorted(
        {conj + rest for conj in ("", "و", "ف") for rest in ("", "ب", "ل", "ك", "ال", "بال", "كال", "لل")} - {""},
        key=len,
    )
)
_MIN_STEM = 3


class _FoldTable(dict[int, str | None]):
    """A `str.translate` table filled on demand from `normalize_char` (normalization is per character)."""

    def __missing__(self, code: int) -> str | None:
        """Normalize a character met for the first time and remember it."""
        mapped = normalize_char(chr(code))
        self[code] = value = mapped or None
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The normalized text without the offset map (what `normalize_key` gives, at `str.translate` speed)."""
    return " ".join(text.translate(_FOLD).split())


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
    return _WORD_RE.findall(fold(text))


def search_shadow(text: str) -> str:
    """The string a full-text index stores for `text`: every reading of every word, space separated."""
    return " ".join(map(_word_shadow, search_words(text)))


@lru_cache(maxsize=65536)
def _word_shadow(word: str) -> str:
    """The readings of one word, space separated (cached: news vocabulary repeats)."""
    return " ".join(word_readings(word))


def query_readings(query: str) -> list[tuple[str, ...]]:
    """For each query word, the readings any one of which must be indexed for a document to match."""
    return [word_readings(word) for word in search_words(query)]
