"""A normalized view of Arabic text for matching, with a map back to offsets of the original text.

Every rule is context-free (one original character gives zero or more normalized characters), so a span
of the normalized view maps back to original characters whose own normalization is that same span.
The Arabic thousands separator ٬ becomes "," and the number grammar reads digit groups.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

# Marks that vanish and belong to the letter before them (harakat, tanwin, shadda, Quranic marks, tatweel).
_ATTACHED_MARKS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
)
# Invisible format characters that vanish without attaching to anything.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u00ad\u2060"
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2066, 0x206A))
)
_LETTER_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه", "ھ": "ه",
    "ک": "ك", "ڪ": "ك",
    "٫": ".", "٬": ",",
}
_SPACES = frozenset("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t")
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The normalized text and, for each of its characters, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span [start, end) of the normalized text to a span of the original text."""
        if start >= end:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return position, position
        return self.starts[start], self.ends[end - 1]

    def is_boundary(self, index: int) -> bool:
        """True when a span may start or end at this normalized index without splitting an original char."""
        if index <= 0 or index >= len(self.text):
            return True
        return self.starts[index] != self.starts[index - 1]


@lru_cache(maxsize=65536)
def normalize_char(char: str) -> str:
    """Normalize one character on its own (context-free rules only)."""
    if char in _ATTACHED_MARKS or char in _INVISIBLE:
        return ""
    if char in _DIGITS:
        return _DIGITS[char]
    if char in _LETTER_MAP:
        return _LETTER_MAP[char]
    if char in _SPACES:
        return " "
    code = ord(char)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC:
        decomposed = unicodedata.normalize("NFKC", char)
        if decomposed != char:
            return "".join(normalize_char(c) for c in decomposed)
    if "A" <= char <= "Z":
        return char.lower()
    return char


def is_digit(char: str) -> bool:
    """True for ASCII, Arabic-Indic and Persian digits."""
    return "0" <= char <= "9" or char in _DIGITS


def _special_chars() -> tuple[dict[int, str | None], regex.Pattern[str]]:
    """The translate table of every character that changes, and a pattern for those that change length."""
    table: dict[int, str | None] = {}
    special: list[str] = []
    candidates = [*_ATTACHED_MARKS, *_INVISIBLE, *_DIGITS, *_LETTER_MAP, *_SPACES, *map(chr, range(0x41, 0x5B))]
    candidates += [chr(c) for c in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFD)]]
    for char in candidates:
        mapped = normalize_char(char)
        if mapped != char:
            table[ord(char)] = mapped or None
        if len(mapped) != 1:
            special.append(char)
    pattern = regex.compile("[" + "".join(regex.escape(c) for c in sorted(set(special))) + "]")
    return table, pattern


_TABLE, _SPECIAL_RE = _special_chars()


def normalize(text: str) -> NormalizedText:
    """Build the normalized view of `text` with its offset map.

    Characters that map one-to-one are copied by `str.translate` and their offsets by ranges; only the
    characters that vanish or expand are visited one by one.
    """
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _SPECIAL_RE.finditer(text):
        index = match.start()
        starts.extend(range(position, index))
        ends.extend(range(position + 1, index + 1))
        char = text[index]
        if char in _ATTACHED_MARKS:
            if ends:
                # Extend the previous letter so spans keep their diacritics and tatweel.
                ends[-1] = index + 1
        else:
            width = len(normalize_char(char))
            starts.extend([index] * width)
            ends.extend([index + 1] * width)
        position = index + 1
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return NormalizedText(text, text.translate(_TABLE), tuple(starts), tuple(ends))


def normalize_key(text: str) -> str:
    """Normalize a lexicon entry or query string to the matching form (no offsets kept)."""
    return " ".join(normalize(text).text.split())
