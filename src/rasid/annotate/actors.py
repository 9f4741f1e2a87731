"""Actors resolved to catalogue ids: aliases, nisba adjectives after a head noun, and agentive metonyms.

Matching runs one Aho–Corasick automaton over a "skeleton" of the normalized text in which quotation marks
and brackets are blanked and spaces collapsed, so that تنظيم “الدولة الإسلامية” and وحدات (حماية الشعب)
الكردية match their catalogue names. The longest candidate wins; proclitics (و ف ب ل ك) stay outside the span.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick
import regex

from rasid.errors import ResourceError
from rasid.model import ActorMention
from rasid.resources import load_yaml
from rasid.text.analyzed import AnalyzedText
from rasid.text.normalize import normalize_key
from rasid.text.tokenize import is_proclitic_prefix

KINDS = frozenset(
    {"armed_group", "state", "state_force", "government", "international_coalition", "militia", "organization",
     "media", "source"}
)
HEAD_CATEGORIES = frozenset({"military", "political"})
# Quotation marks and brackets may sit inside a name; they become spaces in the skeleton view.
_QUOTES = frozenset("\"'«»“”„‟‘’`")
# A single plain space stays as it is (it maps one to one); only other gaps become segments of their own.
_GAP_RE = regex.compile(r"[\s\"'«»“”„‟‘’`()\[\]{}]{2,}|[^\S ]|[\"'«»“”„‟‘’`()\[\]{}]")
# Prepositions that make the following place name a location, never a subject.
_LOCATIVE = frozenset({"في", "من", "الى", "داخل", "عبر", "نحو", "حتى", "علي", "قرب", "بين", "مع", "عن", "خارج"})
_WORD_RE = regex.compile(r"\w+")
# Words after a weak alias that show the common-noun reading (a base "in", an alliance "with", "which").
_WEAK_BLOCKERS = frozenset({"في", "مع", "التي", "علي", "بين", "من", "نفسها", "نفسه", "ذاتها", "ذاته"})
_DEMONSTRATIVES = frozenset({"هذه", "تلك", "هذا", "ذلك"})


@dataclass(frozen=True, slots=True)
class Actor:
    """One catalogue entry."""

    id: str
    kind: str
    name_en: str


@dataclass(frozen=True, slots=True)
class _Entry:
    """What an automaton key stands for: an actor reached through one kind of mention (or a blocker)."""

    actor_id: str
    mode: str  # alias | adjective | metonym | weak | blocked
    heads: frozenset[str] = frozenset()
    fused: bool = False  # the key is ل + an ال-alias with the article's alef dropped (للإدارة)


@dataclass(frozen=True)
class _Catalogue:
    """Everything the matcher needs, built once."""

    actors: dict[str, Actor]
    automaton: Any
    agent_verbs: frozenset[str]
    agent_cues: tuple[tuple[str, ...], ...]
    svo_openers: frozenset[str]
    heads: dict[str, frozenset[str]]
    weak_context: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A span of the skeleton view matched by one or more entries."""

    start: int
    end: int
    prefix: str
    entries: tuple[_Entry, ...]


@dataclass(frozen=True, slots=True)
class _Skeleton:
    """The normalized text with gaps collapsed, and a map from skeleton to normalized offsets."""

    text: str
    seg_skel: list[int]
    seg_norm: list[int]
    source: str
    seg_gap: list[bool]

    def quoted_at(self, index: int) -> bool:
        """True when the skeleton gap at `index` holds a closing quotation mark («القاعدة» ...)."""
        if index >= len(self.text) or self.text[index] != " ":
            return False
        seg = bisect.bisect_right(self.seg_skel, index) - 1
        if not self.seg_gap[seg]:
            return False
        start = self.seg_norm[seg]
        end = self.seg_norm[seg + 1] if seg + 1 < len(self.seg_norm) else len(self.source)
        return any(c in _QUOTES for c in self.source[start:end])

    def to_norm(self, index: int) -> int:
        """Normalized offset of a skeleton character that is not a gap."""
        seg = bisect.bisect_right(self.seg_skel, index) - 1
        return self.seg_norm[seg] + index - self.seg_skel[seg]


def find_actors(at: AnalyzedText) -> list[ActorMention]:
    """Find every actor mention."""
    cat = _catalogue()
    skel = _skeleton(at.norm.text)
    candidates = _longest(_candidates(cat, skel.text))
    fired: dict[int, tuple[_Entry, str]] = {}
    for index, cand in enumerate(candidates):
        decision = _decide(cat, skel.text, cand)
        if decision is not None:
            fired[index] = decision
    _propagate_coordination(cat, skel.text, candidates, fired)
    _resolve_weak(cat, skel, candidates, fired)
    return [_mention(cat, at, skel, candidates[i], *fired[i]) for i in sorted(fired) if fired[i][0].mode != "weak"]


def _mention(cat: _Catalogue, at: AnalyzedText, skel: _Skeleton, cand: _Candidate, entry: _Entry,
             reason: str) -> ActorMention:
    """Build the mention in original offsets."""
    start, end = at.norm.to_original(skel.to_norm(cand.start), skel.to_norm(cand.end - 1) + 1)
    actor = cat.actors[entry.actor_id]
    return ActorMention(start, end, at.text[start:end], actor.id, actor.name_en, actor.kind, reason)


# ---------------------------------------------------------------- candidates


def _skeleton(text: str) -> _Skeleton:
    """Blank quotes/brackets and collapse whitespace, keeping a segment map back to `text`."""
    parts: list[str] = []
    seg_skel: list[int] = []
    seg_norm: list[int] = []
    seg_gap: list[bool] = []
    length = 0
    position = 0
    for gap in _GAP_RE.finditer(text):
        if gap.start() > position:
            seg_skel.append(length)
            seg_norm.append(position)
            seg_gap.append(False)
            parts.append(text[position : gap.start()])
            length += gap.start() - position
        seg_skel.append(length)
        seg_norm.append(gap.start())
        seg_gap.append(True)
        parts.append(" ")
        length += 1
        position = gap.end()
    if position < len(text) or not seg_skel:
        seg_skel.append(length)
        seg_norm.append(position)
        seg_gap.append(False)
        parts.append(text[position:])
    return _Skeleton("".join(parts), seg_skel, seg_norm, text, seg_gap)


def _candidates(cat: _Catalogue, skel: str) -> Iterator[_Candidate]:
    """Every automaton hit that sits on word boundaries (proclitics allowed before it)."""
    for last, (key, entries) in cat.automaton.iter(skel):
        start, end = last - len(key) + 1, last + 1
        if end < len(skel) and skel[end].isalnum():
            continue
        word_start = start
        while word_start > 0 and skel[word_start - 1].isalnum():
            word_start -= 1
        prefix = skel[word_start:start]
        if prefix and (not is_proclitic_prefix(prefix) or not key[0].isalpha() or key.isascii()):
            continue
        if any(e.fused for e in entries) and prefix not in ("", "و", "ف"):
            continue
        yield _Candidate(start, end, prefix, entries)


def _longest(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Keep the longest candidate at each place; shorter overlapping ones are dropped."""
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for cand in ordered:
        if kept and cand.start < kept[-1].end:
            continue
        kept.append(cand)
    return kept


# ---------------------------------------------------------------- context decisions


def _decide(cat: _Catalogue, skel: str, cand: _Candidate) -> tuple[_Entry, str] | None:
    """The entry a candidate stands for in its context, with the reason, or None."""
    key = skel[cand.start : cand.end]
    for entry in cand.entries:
        if entry.mode == "blocked":
            return None
        if entry.mode == "alias":
            return entry, f"alias:{key}"
        if entry.mode == "weak":
            return entry, f"weak alias:{key}"
    for entry in cand.entries:
        if entry.mode == "adjective":
            head = _head_before(cat, skel, cand)
            if head is not None and cat.heads[head] & entry.heads:
                return entry, f"adjective:{key} after {head}"
        elif entry.mode == "metonym":
            why = _agent_context(cat, skel, cand)
            if why is not None:
                return entry, f"metonym:{key}+{why}"
    return None


def _words_before(skel: str, index: int, count: int) -> list[str]:
    """The last `count` words before `index`, nearest last; empty if punctuation intervenes."""
    window = skel[max(0, index - 80) : index]
    if window and not window.endswith(" "):
        return []
    words = window.split()
    out: list[str] = []
    for word in reversed(words):
        if not _WORD_RE.fullmatch(word):
            break
        out.insert(0, word)
        if len(out) == count:
            break
    return out


def _words_after(skel: str, index: int, count: int) -> list[str]:
    """The next `count` words after `index`; empty if punctuation intervenes."""
    window = skel[index : index + 80]
    if window and not window.startswith(" "):
        return []
    out: list[str] = []
    for word in window.split():
        if not _WORD_RE.fullmatch(word):
            break
        out.append(word)
        if len(out) == count:
            break
    return out


def _stems(word: str) -> list[str]:
    """The word and its readings without proclitics."""
    stems = [word]
    for size in (1, 2):
        if len(word) - size >= 2 and is_proclitic_prefix(word[:size]):
            stems.append(word[size:])
    return stems


def _head_before(cat: _Catalogue, skel: str, cand: _Candidate) -> str | None:
    """The head noun a nisba adjective modifies (one adjective may stand between), if listed."""
    if cand.prefix:
        return None  # a coordinated adjective (والسورية) is handled by propagation
    words = _words_before(skel, cand.start, 2)
    if words:
        head = _listed_head(cat, words[-1])
        if head is not None:
            return head
    if len(words) == 2 and _looks_adjectival(words[1], words[0]):
        return _listed_head(cat, words[0])
    return None


def _listed_head(cat: _Catalogue, word: str) -> str | None:
    """The listed head noun a word is (allowing proclitics), if any."""
    for stem in _stems(word):
        if stem in cat.heads:
            return stem
    return None


def _looks_adjectival(word: str, head: str) -> bool:
    """True for a word that can be an adjective of `head` (nisba, or definite after a definite head)."""
    return word.endswith(("ي", "يه")) or (word.startswith("ال") and head.startswith("ال"))


def _agent_context(cat: _Catalogue, skel: str, cand: _Candidate) -> str | None:
    """Why a metonym reads as an acting state here (verb, cue), or None."""
    word_start = cand.start - len(cand.prefix)
    before = _words_before(skel, word_start, 3)
    if cand.prefix == "" and before and any(s in cat.agent_verbs for s in _stems(before[-1])):
        return f"agent verb {before[-1]}"
    for cue in cat.agent_cues:
        if len(before) >= len(cue) and tuple(before[-len(cue) :]) == cue and cand.prefix in ("", "ل", "و"):
            return f"cue {' '.join(cue)}"
    if cand.prefix != "" or _after_dash(skel, word_start) or (before and before[-1] not in cat.svo_openers):
        return None  # only a bare name opening a clause (not a dateline) is a following verb's subject
    after = _words_after(skel, cand.end, 2)
    if after and after[0] == "قد" and len(after) == 2:
        after = after[1:]
    if after and after[0] in cat.agent_verbs:
        return f"agent verb {after[0]}"
    return None


def _after_dash(skel: str, index: int) -> bool:
    """True when the nearest non-space character before `index` is a dash or colon (a dateline: بغداد – ...)."""
    head = skel[max(0, index - 4) : index].rstrip()
    return bool(head) and head[-1] in "-–—:|/"


def _propagate_coordination(cat: _Catalogue, skel: str, cands: list[_Candidate],
                            fired: dict[int, tuple[_Entry, str]]) -> None:
    """A metonym or adjective joined by و to a fired mention of the same sort fires too.

    Metonyms join only states and governments (الولايات المتحدة وتركيا), never a group (في سوريا وحزب ...).
    """
    for index in range(1, len(cands)):
        cand, prev = cands[index], cands[index - 1]
        if index in fired or index - 1 not in fired or cand.prefix != "و":
            continue
        if skel[prev.end : cand.start - 1] != " ":
            continue
        prev_entry = fired[index - 1][0]
        for entry in cand.entries:
            same = entry.mode == prev_entry.mode == "adjective" and entry.heads & prev_entry.heads
            if (entry.mode == "metonym" and _is_state(cat, prev_entry)) or same:
                fired[index] = (entry, f"{entry.mode}:{skel[cand.start:cand.end]}+coordinated")
                break
    for index in range(len(cands) - 2, -1, -1):
        cand, nxt = cands[index], cands[index + 1]
        if index in fired or index + 1 not in fired or nxt.prefix != "و" or skel[cand.end : nxt.start - 1] != " ":
            continue
        if any(w in _LOCATIVE for w in _words_before(skel, cand.start - len(cand.prefix), 1)):
            continue
        for entry in cand.entries:
            if entry.mode == "metonym" and _is_state(cat, fired[index + 1][0]):
                fired[index] = (entry, f"metonym:{skel[cand.start:cand.end]}+coordinated")
                break


def _common_noun_reading(skel: _Skeleton, cand: _Candidate) -> bool:
    """True when a weak alias is a common noun here (القاعدة الجوية، هذه القاعدة، التحالف مع).

    Qualified by an adjective, after a demonstrative, or followed by a relative, locative or نفس.
    """
    before = _words_before(skel.text, cand.start - len(cand.prefix), 1)
    if before and before[0] in _DEMONSTRATIVES:
        return True  # هذه القاعدة / هذا التحالف: a common noun
    after = _words_after(skel.text, cand.end, 1)
    if not after or skel.quoted_at(cand.end):
        return False
    word = after[0]
    if word in _WEAK_BLOCKERS:
        return True
    return word not in ("الذي", "الذين") and (word.startswith("ال") or word.endswith(("ي", "يه")))


def _is_state(cat: _Catalogue, entry: _Entry) -> bool:
    """True for a fired mention of a state or government (not a weak alias)."""
    return entry.mode != "weak" and cat.actors[entry.actor_id].kind in ("state", "government")


def _resolve_weak(cat: _Catalogue, skel: _Skeleton, cands: list[_Candidate],
                  fired: dict[int, tuple[_Entry, str]]) -> None:
    """A bare weak alias (التحالف) takes the nearest full mention of an actor sharing it, or a default in context."""
    strong = {i: e for i, (e, _) in fired.items() if e.mode != "weak"}
    present = {e.actor_id for e in strong.values()}
    for index, (entry, reason) in list(fired.items()):
        if entry.mode != "weak":
            continue
        del fired[index]
        if _common_noun_reading(skel, cands[index]):
            continue
        targets = {e.actor_id for e in cands[index].entries if e.mode == "weak"}
        near = [i for i, e in strong.items() if e.actor_id in targets]
        if near:
            nearest = min(near, key=lambda i: (abs(i - index), i > index))
            fired[index] = (_Entry(strong[nearest].actor_id, "alias"), f"{reason} -> nearest full mention")
            continue
        for weak in cands[index].entries:
            if weak.mode == "weak" and cat.weak_context.get(weak.actor_id, frozenset()) & present:
                fired[index] = (_Entry(weak.actor_id, "alias"), f"{reason} -> default in context")
                break


# ---------------------------------------------------------------- catalogue loading


@cache
def _catalogue() -> _Catalogue:
    """Load actors.yaml and actor_context.yaml and build the automaton (once)."""
    raw = load_yaml("actors.yaml")
    context = load_yaml("actor_context.yaml")
    variants = [tuple(normalize_key(v) for v in pair) for pair in context["spelling_variants"]]
    actors: dict[str, Actor] = {}
    keys: dict[str, list[_Entry]] = {}
    weak_context: dict[str, frozenset[str]] = {}
    for item in raw["actors"]:
        actor = Actor(item["id"], item["kind"], item["name_en"])
        if actor.id in actors:
            raise ResourceError(f"actors.yaml: duplicate id {actor.id!r}")
        actors[actor.id] = actor
        for key, entry in _entries_of(item, variants):
            keys.setdefault(key, []).append(entry)
        if item.get("weak_context"):
            weak_context[actor.id] = frozenset(item["weak_context"])
    for phrase in context["non_actors"]:
        for key in _spellings(normalize_key(phrase), variants):
            keys.setdefault(key, []).insert(0, _Entry("", "blocked"))
    automaton = ahocorasick.Automaton()
    for key, entries in keys.items():
        automaton.add_word(key, (key, tuple(_dedupe(entries))))
    automaton.make_automaton()
    heads: dict[str, frozenset[str]] = {}
    for category, words in context["adjective_heads"].items():
        for word in words:
            norm = normalize_key(word)
            heads[norm] = heads.get(norm, frozenset()) | {category}
    return _Catalogue(
        actors=actors,
        automaton=automaton,
        agent_verbs=frozenset(normalize_key(v) for v in context["agent_verbs"]),
        agent_cues=tuple(tuple(normalize_key(c).split()) for c in context["agent_cues"]),
        svo_openers=frozenset(normalize_key(w) for w in context["svo_openers"]),
        heads=heads,
        weak_context=weak_context,
    )


def catalogue_keys() -> dict[str, list[tuple[str, str]]]:
    """Every automaton key with its (actor id, mode) readings (for integrity tests and debugging)."""
    cat = _catalogue()
    out: dict[str, list[tuple[str, str]]] = {}
    for key, entries in cat.automaton.items():
        out[key] = [(e.actor_id, e.mode) for e in entries[1]]
    return out


def catalogue_actors() -> dict[str, Actor]:
    """The loaded catalogue by id."""
    return dict(_catalogue().actors)


def _dedupe(entries: list[_Entry]) -> Iterator[_Entry]:
    """Entries in order without repeats."""
    seen: set[_Entry] = set()
    for entry in entries:
        if entry not in seen:
            seen.add(entry)
            yield entry


def _entries_of(item: dict[str, Any], variants: list[tuple[str, ...]]) -> Iterator[tuple[str, _Entry]]:
    """All automaton keys of one catalogue item."""
    actor_id = item["id"]
    for alias in item.get("aliases_ar", []):
        for key in _spellings(normalize_key(alias), variants):
            yield from _alias_keys(key, _Entry(actor_id, "alias"))
    for name in item.get("metonyms", []):
        # Metonyms are listed spelled out: سورية is also the adjective "Syrian (f.)".
        yield normalize_key(name), _Entry(actor_id, "metonym")
    for name in item.get("weak_aliases", []):
        yield normalize_key(name), _Entry(actor_id, "weak")
    heads = frozenset(item.get("adjective_heads", sorted(HEAD_CATEGORIES)))
    for adjective in item.get("adjectives", []):
        for stem in _spellings(normalize_key(adjective), variants):
            for form in adjective_forms(stem):
                yield form, _Entry(actor_id, "adjective", heads)


def _alias_keys(key: str, entry: _Entry) -> Iterator[tuple[str, _Entry]]:
    """An alias key, its run-together form (الولاياتالمتحدة) and its ل-fused form (للإدارة)."""
    yield key, entry
    if " " in key and len(key) >= 10 and not any(c.isdigit() for c in key):
        yield key.replace(" ", ""), entry
    if key.startswith("ال") and len(key) > 4:
        yield "ل" + key[1:], _Entry(entry.actor_id, entry.mode, entry.heads, fused=True)


def _spellings(key: str, variants: list[tuple[str, ...]]) -> list[str]:
    """The key in every combination of listed spelling variants."""
    out = {key}
    for group in variants:
        out |= {k.replace(a, b) for k in out for a in group for b in group if a in k}
    return sorted(out)


def adjective_forms(stem: str) -> list[str]:
    """Inflected forms of a masculine nisba stem: feminine, sound plurals, each with and without ال."""
    bare = [stem, stem + "ه", stem + "ين", stem + "ون"]
    return bare + ["ال" + form for form in bare]
