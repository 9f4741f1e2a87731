"""Token features for the person tagger, shared by training (scripts/train_persons.py) and run time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key
from rasid.text.tokenize import proclitic_splits

ROLES_FILE = "person_roles.yaml"
NAMES_FILE = "person_names.yaml"
_CONTEXT = (-2, -1, 1, 2)


@dataclass(frozen=True)
class PersonLexicon:
    """Role cues, byline cues, honorifics, speech verbs and given names, all normalized."""

    roles: dict[tuple[str, ...], str]
    ranks: frozenset[tuple[str, ...]]
    bylines: dict[str, str]
    honorifics: frozenset[str]
    speech: frozenset[str]
    first_names: frozenset[str]
    romanized: dict[str, str]
    cue_words: frozenset[str]
    max_cue: int
    not_in_names: frozenset[str]
    place_words: frozenset[str]
    kunya: frozenset[str]
    collectives: frozenset[str]


def cue_key(text: str) -> tuple[str, ...]:
    """The normalized token tuple of a lexicon cue."""
    return tuple(normalize_key(text).split())


@cache
def load_lexicon() -> PersonLexicon:
    """Load and normalize the person lexicons once."""
    data = load_yaml(ROLES_FILE)
    ranks = {cue_key(k): str(v) for k, v in data["ranks"].items()}
    roles = {**{cue_key(k): str(v) for k, v in data["roles"].items()}, **ranks}
    romanized = {normalize_key(k): str(v) for k, v in load_yaml(NAMES_FILE)["first_names"].items()}
    return PersonLexicon(
        roles=roles,
        ranks=frozenset(ranks),
        bylines={normalize_key(k): str(v) for k, v in data["bylines"].items()},
        honorifics=frozenset(normalize_key(h) for h in data["honorifics"]),
        speech=frozenset(normalize_key(v) for v in data["speech_verbs"]),
        first_names=frozenset(romanized),
        romanized=romanized,
        cue_words=frozenset(word for key in roles for word in key),
        max_cue=max(len(key) for key in roles),
        not_in_names=frozenset(normalize_key(w) for w in data["not_in_names"]),
        place_words=frozenset(normalize_key(w) for w in data["place_words"]),
        kunya=frozenset(normalize_key(w) for w in data["kunya"]),
        collectives=frozenset(normalize_key(w) for w in data["collectives"]),
    )


@lru_cache(maxsize=65536)
def word_stem(word: str) -> str:
    """The word without proclitics and the article (a feature; names are never cut by it)."""
    best = word
    for split in proclitic_splits(word):
        stem = split.stem
        if stem.startswith("ال") and len(stem) >= 4:
            return stem[2:]
        if split.prefix == "و" and best == word and word not in load_lexicon().first_names:
            best = stem
    return best


def word_shape(word: str) -> str:
    """A coarse shape: digits, Latin, Arabic letters or the punctuation itself."""
    first = word[0]
    if first.isdigit():
        return "d"
    if first.isascii() and first.isalpha():
        return "L"
    if first.isalpha():
        return "a"
    return "p" + first


@lru_cache(maxsize=65536)
def _flags(word: str) -> tuple[str, ...]:
    """Lexicon flags of a word: given name, role word, speech verb, honorific, article."""
    lex = load_lexicon()
    stem = word_stem(word)
    flags = []
    if word in lex.first_names or stem in lex.first_names or word[1:] in lex.first_names:
        flags.append("fn")
    if word in lex.cue_words or word[1:] in lex.cue_words:
        flags.append("role")
    if word in lex.speech or word[1:] in lex.speech:
        flags.append("say")
    if word in lex.honorifics:
        flags.append("hon")
    if word in lex.bylines:
        flags.append("by")
    if stem != word and "ال" in word[:4]:
        flags.append("al")
    return tuple(flags)


@lru_cache(maxsize=131072)
def _word_view(word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Features of a token about itself, and as seen from each context offset (one cache entry per word)."""
    stem = word_stem(word)
    shape = word_shape(word)
    flags = ["f=" + flag for flag in _flags(word)]
    own = ["w=" + word, "st=" + stem, "sh=" + shape, "len=" + str(min(len(stem), 8))]
    if len(word) > 2:
        own += ["p2=" + word[:2], "p3=" + word[:3], "s2=" + word[-2:], "s3=" + word[-3:]]
    if len(stem) > 2:
        own += ["sp2=" + stem[:2], "ss2=" + stem[-2:], "sp3=" + stem[:3], "ss3=" + stem[-3:]]
    if len(stem) > 4:
        own += ["sp4=" + stem[:4], "ss4=" + stem[-4:]]
    base = ["w=" + word, "st=" + stem, "sh=" + shape, *flags]
    context = tuple(tuple(str(offset) + b for b in base) for offset in _CONTEXT)
    return tuple(own + flags), context


@lru_cache(maxsize=65536)
def _encodable(word: str) -> str:
    """The word with what UTF-8 cannot encode (lone surrogates) replaced, as crfsuite needs bytes."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return word.encode("utf-8", "replace").decode("utf-8")
    return word


def sentence_features(words: Sequence[str]) -> list[list[str]]:
    """CRF features for each normalized token of one sequence."""
    words = [_encodable(word) for word in words]
    n = len(words)
    views = [_word_view(word) for word in words]
    out: list[list[str]] = []
    for i, word in enumerate(words):
        feats = ["b", *views[i][0]]
        for k, offset in enumerate(_CONTEXT):
            j = i + offset
            if 0 <= j < n:
                feats.extend(views[j][1][k])
            else:
                feats.append(f"{offset}pad")
        feats.append("bg-=" + (words[i - 1] if i else "^") + "|" + word)
        feats.append("bg+=" + word + "|" + (words[i + 1] if i + 1 < n else "$"))
        feats.append("b2-=" + (words[i - 2] if i > 1 else "^") + "|" + (words[i - 1] if i else "^"))
        out.append(feats)
    return out
