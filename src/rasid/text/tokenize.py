"""Tokens over the normalized view, each keeping its offsets into the original text, and proclitic splits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import regex

from rasid.text.normalize import NormalizedText

# After normalization an Arabic word is a run of letters (marks are gone); `\p{scx=Arabic}` (not
# `\p{Arabic}`) keeps words whole where a mark is shared with other scripts.
_TOKEN_RE = regex.compile(
    r"(?P<number>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[\p{scx=Arabic}&&[\p{L}\p{M}]]+)"
    r"|(?P<latin>[\p{L}\p{M}]+)"
    r"|(?P<punct>\S)",
    regex.V1,
)

# Single proclitic letters and their legal sequences (conjunction, then preposition/particle).
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "س", "وس", "فس")


class Token(NamedTuple):
    """One token: original offsets, normalized offsets, its normalized form and its kind (a light tuple)."""

    start: int
    end: int
    norm_start: int
    norm_end: int
    norm: str
    kind: str


def tokenize(normalized: NormalizedText) -> list[Token]:
    """Split the normalized view into number, word, latin and punctuation tokens."""
    return list(iter_tokens(normalized))


def iter_tokens(normalized: NormalizedText) -> Iterator[Token]:
    """Yield tokens of the normalized view in order."""
    starts, ends = normalized.starts, normalized.ends
    for match in _TOKEN_RE.finditer(normalized.text):
        norm_start, norm_end = match.span()
        yield Token(starts[norm_start], ends[norm_end - 1], norm_start, norm_end, match.group(), match.lastgroup or "")


@dataclass(frozen=True, slots=True)
class CliticSplit:
    """A reading of a word as proclitics plus a stem (the stem's offset is within the word)."""

    prefix: str
    stem: str
    stem_offset: int


def proclitic_splits(word: str, min_stem: int = 2) -> list[CliticSplit]:
    """All readings of a normalized word as (proclitics, stem), the bare word first.

    `لل` + X is read as ل + ال + X (the article's alef drops after ل). The caller's lexicon decides which
    reading is real, so that بلده or بريطانيا are never cut unless a lexicon knows the stem.
    """
    splits = [CliticSplit("", word, 0)]
    for prefix in PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= min_stem:
            splits.append(CliticSplit(prefix, word[len(prefix) :], len(prefix)))
    for prefix in ("لل", "ولل", "فلل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= min_stem:
            # The stem starts at the second ل; "ال" is restored in front of it for lookup.
            splits.append(CliticSplit(prefix[:-1], "ا" + word[len(prefix) - 1 :], len(prefix) - 1))
    return splits


def is_proclitic_prefix(prefix: str) -> bool:
    """True when `prefix` (normalized) is empty or a legal sequence of proclitics."""
    return prefix == "" or prefix in PROCLITICS
