"""Who said it: the source of each sentence from reporting verbs, prepositions and continuations.

The attribution is the speaker (an actor id or `local_sources`), separate from the outlet; None when
the outlet speaks in its own voice. A sentence with no cue inherits the previous sentence's source only
when it continues it (an unnamed subject of وأضاف/وقالت, or the same paragraph) — a conservative scope.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from rasid.events.context import CLAUSE_PUNCT, DocContext
from rasid.events.lexicon import Hit, PhraseIndex, normalized_set, noun_forms, word_in
from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key

SPEAKER_WINDOW = 7  # tokens between a reporting cue and its speaker
SVO_WINDOW = 4  # tokens between a speaker named first and its reporting verb
SVO_WIDE_WINDOW = 12  # the same for a source organization followed by a relative clause
_CONTENT_OPENERS = frozenset({"ان", "بان", "انه", "انها", "بانه", "بانها", "انهم"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A source expression found in the text: an actor id or generic source with its offsets."""

    start: int
    end: int
    source_id: str | None  # None for an anaphoric expression (المصادر) resolved later
    is_source: bool = True  # a media, organization or generic source (not a fighting party)


@dataclass(frozen=True, slots=True)
class SpeakerIndex:
    """The document's speakers in text order with their start offsets (for bisecting a window)."""

    items: list[Speaker]
    starts: list[int]


@dataclass(frozen=True, slots=True)
class _AttributionLexicon:
    """The compiled attribution.yaml."""

    verbs: PhraseIndex
    preps: PhraseIndex
    continuation: frozenset[str]
    sources: PhraseIndex


@cache
def attribution_lexicon() -> _AttributionLexicon:
    """Load and compile attribution.yaml once."""
    data = load_yaml("attribution.yaml")
    verbs = PhraseIndex((v, "verb") for v in data["reporting_verbs"])
    preps = PhraseIndex((p, "prep") for p in data["reporting_preps"])
    entries = [(form, sid) for sid, phrases in data["generic_sources"].items() for form in phrases]
    entries += [(form, sid) for sid, phrases in data["short_names"].items() for p in phrases
                for form in noun_forms(p)]
    entries += [(p, "") for p in data["anaphoric_sources"]]
    return _AttributionLexicon(verbs, preps, normalized_set(data["continuation_verbs"]), PhraseIndex(entries))


def speakers(ctx: DocContext, speaker_kinds: frozenset[str]) -> list[Speaker]:
    """Every possible source expression: actor mentions and generic source phrases, in text order."""
    found = [Speaker(a.start, a.end, a.actor_id, a.kind in speaker_kinds) for a in ctx.actors]
    covered = {i for a in ctx.actors for i in range(a.start, a.end)}
    for hit in attribution_lexicon().sources.scan(ctx.tokens):
        if hit.start not in covered:
            found.append(Speaker(hit.start, hit.end, hit.payload or None))
    return sorted(found, key=lambda s: s.start)


def attribute_sentences(ctx: DocContext, speaker_kinds: frozenset[str]) -> list[str | None]:
    """The source of every sentence (None: the outlet's own voice)."""
    lexicon = attribution_lexicon()
    found = speakers(ctx, speaker_kinds)
    all_speakers = SpeakerIndex(found, [s.start for s in found])
    cues: list[list[tuple[int, Hit]]] = [[] for _ in ctx.sentences]
    for kind, phrases in ((0, lexicon.verbs), (1, lexicon.preps)):
        for hit in phrases.scan(ctx.tokens):
            cues[ctx.token_sentence[hit.first]].append((kind, hit))
    result: list[str | None] = []
    last_source: str | None = None
    for index, sentence in enumerate(ctx.sentences):
        lo, hi = ctx.sentence_tokens[index]
        source, explicit, continuation = _sentence_source(ctx, lexicon, all_speakers, sorted(
            cues[index], key=lambda c: c[0]), (lo, hi), last_source)
        if source is None and index > 0 and result[-1] is not None:
            same_paragraph = "\n" not in ctx.at.text[ctx.sentences[index - 1].end:sentence.start]
            if continuation or (same_paragraph and not explicit):
                source = result[-1]
        result.append(source)
        if source is not None:
            last_source = source
    return result


def _sentence_source(ctx: DocContext, lexicon: _AttributionLexicon, all_speakers: SpeakerIndex,
                     cues: list[tuple[int, Hit]], bounds: tuple[int, int], last_source: str | None
                     ) -> tuple[str | None, bool, bool]:
    """(source, has an explicit reporting cue, opens with a continuation verb) for one sentence."""
    tokens = ctx.tokens
    lo, hi = bounds
    explicit = continuation = False
    for kind_index, hit in cues:
        explicit = True
        found = _speaker_near(ctx, all_speakers, hit.first, hit.last, hi, lo, after_only=kind_index == 1)
        if found is not None:
            return (found.source_id or last_source or _short_name_default(ctx, found)), True, False
        if kind_index == 0 and word_in(tokens[hit.first], lexicon.continuation):
            continuation = True
    return None, explicit, continuation


def _speaker_near(ctx: DocContext, all_speakers: SpeakerIndex, first: int, last: int, hi: int, lo: int,
                  after_only: bool) -> Speaker | None:
    """The speaker just after a cue (VSO or preposition), else just before it (SVO)."""
    tokens = ctx.tokens
    stop = min(last + SPEAKER_WINDOW, hi - 1)
    for k in range(last + 1, stop + 1):
        if tokens[k].norm in _CONTENT_OPENERS or (tokens[k].kind == "punct" and tokens[k].norm in CLAUSE_PUNCT):
            # أن/إن open the reported content (and a comma closes the clause): the speaker came before.
            stop = k - 1
            break
    window_end = tokens[stop].end if stop > last else tokens[last].end
    starts = all_speakers.starts
    near = all_speakers.items[bisect_left(starts, tokens[max(first - SVO_WIDE_WINDOW, lo)].start):bisect_left(
        starts, window_end)]
    after = [s for s in near if tokens[last].end <= s.start < window_end]
    if after:
        return after[0]
    if after_only:
        return None
    window_start = tokens[max(first - SVO_WINDOW, lo)].start
    before = [s for s in near if window_start <= s.start and s.end <= tokens[first].start]
    if before:
        return before[-1]
    # A source organization opening the sentence may be followed by a relative clause before its verb.
    wide_start = tokens[max(first - SVO_WIDE_WINDOW, lo)].start
    sources = [s for s in near if wide_start <= s.start and s.end <= tokens[first].start and s.is_source]
    return sources[-1] if sources else None


def _short_name_default(ctx: DocContext, speaker: Speaker) -> str | None:
    """An anaphoric source with no antecedent: a short name of a well-known source, else None."""
    surface = normalize_key(ctx.at.text[speaker.start:speaker.end])
    for source_id, names in load_yaml("attribution.yaml")["short_names"].items():
        if any(normalize_key(n) in surface for n in names):
            return str(source_id)
    return None
