"""Phrase lexicons of the events stage: loaded once, normalized on load, matched over tokens with proclitics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rasid.errors import ResourceError
from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key
from rasid.text.tokenize import Token, proclitic_splits

# Gender/number endings and object pronouns of a past-tense verb (normalized spelling).
_VERB_SUBJECT_SUFFIXES = ("", "ت", "وا", "و", "ا", "تا", "ن", "نا")
_VERB_OBJECT_SUFFIXES = ("", "ه", "ها", "هم")
_NO_ACCUSATIVE_ENDINGS = ("ه", "ات", "ا", "ي", "ين", "ون")
_QUOTES = frozenset("\"'«»“”„‘’()")


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon phrase found in the token stream (token indices inclusive, original offsets)."""

    first: int
    last: int
    start: int
    end: int
    payload: str
    prefix: str


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[tuple[str, str], ...]:
    """The (proclitics, stem) readings of a normalized word, the bare word first."""
    return tuple((split.prefix, split.stem) for split in proclitic_splits(word, min_stem=2))


class PhraseIndex:
    """Normalized multiword phrases indexed by their first word; longest match wins."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        """Index (phrase, payload) pairs; phrases are normalized here."""
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, payload in entries:
            words = tuple(normalize_key(phrase).split())
            if words:
                by_first.setdefault(words[0], []).append((words, payload))
        self._by_first = {k: sorted(set(v), key=lambda item: -len(item[0])) for k, v in by_first.items()}
        self._firsts = frozenset(self._by_first)

    def match_at(self, tokens: Sequence[Token], index: int) -> Hit | None:
        """The longest phrase starting at token `index`, or None."""
        token = tokens[index]
        if token.kind != "word":
            return None
        for prefix, stem in stems(token.norm):
            for words, payload in self._by_first.get(stem, ()):
                last = _match_rest(tokens, index, words)
                if last is not None:
                    return Hit(index, last, token.start, tokens[last].end, payload, prefix)
        return None

    def scan(self, tokens: Sequence[Token], lo: int = 0, hi: int | None = None) -> list[Hit]:
        """Non-overlapping longest matches from left to right over tokens[lo:hi]."""
        hits: list[Hit] = []
        firsts = self._firsts
        index, stop = lo, len(tokens) if hi is None else hi
        while index < stop:
            token = tokens[index]
            if token.kind != "word" or firsts.isdisjoint(stem_set(token.norm)):
                index += 1  # fast path: no phrase starts with any reading of this word
                continue
            hit = self.match_at(tokens, index)
            if hit is None:
                index += 1
                continue
            hits.append(hit)
            index = hit.last + 1
        return hits


@lru_cache(maxsize=65536)
def stem_set(word: str) -> frozenset[str]:
    """Every reading of a normalized word (bare and without proclitics)."""
    return frozenset(stem for _, stem in stems(word))


def _match_rest(tokens: Sequence[Token], index: int, words: tuple[str, ...]) -> int | None:
    """Index of the last token when words[1:] follow token `index` (quotes between words allowed), else None."""
    position = index
    for word in words[1:]:
        position += 1
        while position < len(tokens) and tokens[position].kind == "punct" and tokens[position].norm in _QUOTES:
            position += 1  # قيام "دولة الخلافة": quotation marks inside a phrase do not break it
        if position >= len(tokens) or tokens[position].norm != word:
            return None
    return position


def word_in(token: Token, words: frozenset[str]) -> bool:
    """True when the token, with or without its proclitics, is one of `words`."""
    return token.kind == "word" and not words.isdisjoint(stem_set(token.norm))


def normalized_set(words: Iterable[str]) -> frozenset[str]:
    """The normalized keys of a word list."""
    return frozenset(normalize_key(w) for w in words)


def noun_forms(noun: str) -> list[str]:
    """A noun with the article and, where the spelling allows it, the accusative alef."""
    key = normalize_key(noun)
    forms = [key]
    if " " not in key and not key.startswith("ال"):
        forms.append("ال" + key)
    if " " not in key and not key.endswith(_NO_ACCUSATIVE_ENDINGS):
        forms.append(key + "ا")
    return forms


def verb_forms(verb: str) -> list[str]:
    """A past-tense verb with its subject endings and object pronouns."""
    key = normalize_key(verb)
    return [key + subject + obj for subject in _VERB_SUBJECT_SUFFIXES for obj in _VERB_OBJECT_SUFFIXES]


def entry_forms(entry: dict[str, Any]) -> list[str]:
    """Every surface form of a lexicon entry (nouns, verbs, phrases)."""
    forms: list[str] = []
    for noun in entry.get("nouns", []):
        forms += noun_forms(noun)
    for verb in entry.get("verbs", []):
        forms += verb_forms(verb)
    for verb in entry.get("verbs_no_object", []):
        # Object pronouns would collide with the verbal noun (سيطرته = his control).
        forms += [normalize_key(verb) + suffix for suffix in _VERB_SUBJECT_SUFFIXES]
    forms += [normalize_key(p) for p in entry.get("phrases", [])]
    return forms


@cache
def triggers_data() -> dict[str, Any]:
    """The parsed triggers.yaml, checked for its top-level sections."""
    data = load_yaml("triggers.yaml")
    required = ("triggers", "modifiers", "blockers", "control", "claim_subjects")
    if not isinstance(data, dict) or any(key not in data for key in required):
        raise ResourceError(f"rasid/data/triggers.yaml must have the sections {', '.join(required)}")
    return data


@cache
def word_list(section: str, name: str | None = None) -> frozenset[str]:
    """A normalized word list of triggers.yaml (a top-level list or a list inside a section)."""
    data = triggers_data()[section]
    return normalized_set(data[name] if name is not None else data)
