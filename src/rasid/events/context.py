"""The per-document view every events module reads: sentences, clauses and mentions indexed by position."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import regex

from rasid.events.lexicon import PhraseIndex, triggers_data, word_list
from rasid.model import ActorMention, PlaceMention, Published, Quantity, TimeMention
from rasid.text.analyzed import AnalyzedText
from rasid.text.normalize import normalize_key
from rasid.text.sentences import Sentence
from rasid.text.tokenize import Token

CLAUSE_PUNCT = frozenset("،,؛;:")
HEADLINE_LINES = 2  # a headline and its sub-headline may each stand on a line of their own
# After a line-initial place name: "(agency)" or a dash, as in "دمشق (وكالات) –" or "بيروت -".
_DATELINE_RE = regex.compile(r"\s*(?:\([^)\n]{1,40}\)\s*)?[-–—:]|\s*\([^)\n]{1,40}\)")


@dataclass
class DocContext:
    """One document's tokens, sentences, clauses and mentions, with position lookups."""

    at: AnalyzedText
    published: Published
    places: list[PlaceMention]
    actors: list[ActorMention]
    times: list[TimeMention]
    quantities: list[Quantity]
    tokens: list[Token] = field(init=False)
    sentences: list[Sentence] = field(init=False)
    token_sentence: list[int] = field(init=False)
    sentence_tokens: list[tuple[int, int]] = field(init=False)
    clause_starts: list[int] = field(init=False)
    offense: list[tuple[int, str]] = field(init=False, default_factory=list)  # (offset, agent) of offensives
    toll_sentences: frozenset[int] | None = field(init=False, default=None)  # sentences reporting a toll
    _sentence_starts: list[int] = field(init=False, repr=False)
    _token_starts: list[int] = field(init=False, repr=False)
    _place_starts: list[int] = field(init=False, repr=False)
    _actor_starts: list[int] = field(init=False, repr=False)
    _time_starts: list[int] = field(init=False, repr=False)
    _quantity_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Sort mentions and map every token to its sentence and clause."""
        self.tokens = self.at.tokens
        self.sentences = self.at.sentences or [Sentence(0, len(self.at.text))]
        generic = word_list("modifiers", "generic_place")
        # A bare common noun (البلدة، المنطقة) is a reference back, never a named place.
        actor_ends = {a.end for a in self.actors}
        self.places = sorted((p for p in self.places if normalize_key(p.text) not in generic
                              and not _is_dateline(self.at.text, p)
                              and not _joined_to_actor(self.at.text, p, actor_ends)), key=lambda m: m.start)
        self.actors = sorted(self.actors, key=lambda m: m.start)
        self.times = sorted(self.times, key=lambda m: m.start)
        self.quantities = sorted(self.quantities, key=lambda m: m.start)
        starts = [s.start for s in self.sentences]
        self._sentence_starts = starts
        self._place_starts = [m.start for m in self.places]
        self._actor_starts = [m.start for m in self.actors]
        self._time_starts = [m.start for m in self.times]
        self._quantity_starts = [m.start for m in self.quantities]
        self._token_starts = [t.start for t in self.tokens]
        self.token_sentence = [max(0, bisect_right(starts, t.start) - 1) for t in self.tokens]
        self.sentence_tokens = _sentence_token_ranges(self.token_sentence, len(self.sentences))
        self.clause_starts = _clause_starts(self.tokens, self.token_sentence)

    def headline_lines(self) -> list[int]:
        """Indices of the headline and sub-headline: leading sentences that stand on a line of their own."""
        out: list[int] = []
        for index, sentence in enumerate(self.sentences[:HEADLINE_LINES]):
            if "\n" not in self.at.text[sentence.end:sentence.end + 3]:
                break
            out.append(index)
        return out

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding an original offset."""
        return max(0, bisect_right(self._sentence_starts, offset) - 1)

    def clause_of(self, token_index: int) -> tuple[int, int]:
        """Original-offset span of the clause holding a token."""
        position = bisect_right(self.clause_starts, token_index) - 1
        first = self.clause_starts[max(position, 0)]
        nxt = self.clause_starts[position + 1] if position + 1 < len(self.clause_starts) else len(self.tokens)
        sentence = self.sentences[self.token_sentence[token_index]]
        start = max(self.tokens[first].start, sentence.start)
        end = min(self.tokens[nxt - 1].end, sentence.end) if nxt > first else sentence.end
        return start, end

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after an offset."""
        return bisect_right(self._token_starts, offset - 1)

    def places_in(self, start: int, end: int) -> list[PlaceMention]:
        """Place mentions starting inside [start, end) (bisected: documents may be long)."""
        return self.places[bisect_left(self._place_starts, start):bisect_left(self._place_starts, end)]

    def actors_in(self, start: int, end: int) -> list[ActorMention]:
        """Actor mentions starting inside [start, end)."""
        return self.actors[bisect_left(self._actor_starts, start):bisect_left(self._actor_starts, end)]

    def set_actors(self, actors: list[ActorMention]) -> None:
        """Replace the actor mentions (e.g. with resolved anaphors), keeping the lookup sorted."""
        self.actors = sorted(actors, key=lambda m: m.start)
        self._actor_starts = [m.start for m in self.actors]

    def times_in(self, start: int, end: int) -> list[TimeMention]:
        """Time mentions starting inside [start, end)."""
        return self.times[bisect_left(self._time_starts, start):bisect_left(self._time_starts, end)]

    def quantities_in(self, start: int, end: int) -> list[Quantity]:
        """Quantities starting inside [start, end)."""
        return self.quantities[bisect_left(self._quantity_starts, start):bisect_left(self._quantity_starts, end)]

    def token_index(self, offset: int) -> int:
        """Index of the token containing an offset (or the last one starting before it)."""
        return max(0, bisect_right(self._token_starts, offset) - 1)

    def in_span(self, mentions: Sequence[ActorMention | PlaceMention | TimeMention | Quantity], start: int,
                end: int) -> list[int]:
        """Indices of the mentions lying inside [start, end)."""
        return [i for i, m in enumerate(mentions) if m.start >= start and m.end <= end]


def _is_dateline(text: str, place: PlaceMention) -> bool:
    """True for a dateline (دمشق (وكالات) – ...): where the report was filed, not where things happened."""
    line_start = text.rfind("\n", 0, place.start) + 1
    if text[line_start:place.start].strip(" \t\"'«»-–—"):
        return False
    return bool(_DATELINE_RE.match(text, place.end))


def _joined_to_actor(text: str, place: PlaceMention, actor_ends: set[int]) -> bool:
    """True for a place coordinated with an actor (مع قوات سوريا الديمقراطية وأنقرة): a capital for its state."""
    if place.start == 0 or text[place.start - 1] != "و":
        return False
    end = place.start - 1
    while end > 0 and text[end - 1] in " )»\"”'":
        end -= 1
    return end in actor_ends


def _sentence_token_ranges(token_sentence: list[int], count: int) -> list[tuple[int, int]]:
    """For each sentence, the half-open range of its token indices."""
    ranges = [(0, 0)] * count
    for index, sentence in enumerate(token_sentence):
        first, _ = ranges[sentence]
        ranges[sentence] = (index if ranges[sentence] == (0, 0) else first, index + 1)
    return ranges


def _clause_starts(tokens: list[Token], token_sentence: list[int]) -> list[int]:
    """Token indices that open a clause: sentence starts, after clause punctuation, and clause-break words."""
    breaks = {hit.first for hit in _clause_break_index().scan(tokens)}
    starts: list[int] = []
    for index in range(len(tokens)):
        new_sentence = index == 0 or token_sentence[index] != token_sentence[index - 1]
        after_punct = index > 0 and tokens[index - 1].kind == "punct" and tokens[index - 1].norm in CLAUSE_PUNCT
        if (new_sentence or after_punct or index in breaks) and (not starts or starts[-1] != index):
            starts.append(index)
    return starts or [0]


@cache
def _clause_break_index() -> PhraseIndex:
    """Words and phrases that open a new clause (حيث، فيما، بعد أن ...)."""
    return PhraseIndex((w, "break") for w in triggers_data()["clause_breaks"])
