"""Control observations: who controls, captured, lost, besieges or contests a place, per statement.

A list of villages after one cue gives one observation per village; a capture also records the loss of
the side it was taken from when the sentence names it, and a siege records the besieged side's control.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasid.events.arguments import (
    PLACE_RANK,
    _coordinated,
    combatant_kinds,
    is_supporter,
    place_ref,
    publication_day,
    useful_time,
)
from rasid.events.context import DocContext
from rasid.events.lexicon import Hit, PhraseIndex, normalized_set, triggers_data, word_in
from rasid.events.triggers import is_blocked
from rasid.model import ActorMention, ControlObservation, DateRef, EvidenceSpan, PlaceMention

HOLDER_WINDOW = 4  # words after "under the control of" searched for the holder
PLACE_BEFORE_WINDOW = 60  # characters before a relative cue (التي تسيطر عليها) searched for the place
_PRONOUN_ENDINGS = ("ه", "ها", "هم")
_TARGET_WORDS = ("من", "على", "ضد", "قبضه", "عن")
_RELATIVE_OBJECTS = frozenset({"عليها", "عليه", "عليهم"})
PARTIAL_WINDOW = 8  # words after a capture cue searched for "parts of"
PLACE_AFTER_WINDOW = 10  # words between a capture/hold verb and its (first) place
REGION_GAP = 3  # a region must follow its control cue this closely to count
_OBJECT_PRONOUNS = ("ته", "تها", "وه", "وها")  # استعادته: the place is the antecedent named before
_RELATIVE_PRONOUNS = frozenset({"التي", "الذي", "اللتي", "اللذين"})
VSO_WINDOW = 3  # words after a verb where its subject stands (VSO order)


@dataclass(frozen=True, slots=True)
class ControlCue:
    """One control entry of triggers.yaml."""

    id: str
    status: str
    other: str | None
    place_before: bool


@cache
def control_lexicon() -> tuple[PhraseIndex, dict[str, ControlCue], PhraseIndex]:
    """Control cues (payload: cue id), the cue specs, and the 'only part of it' phrases."""
    entries: list[dict[str, Any]] = triggers_data()["control"]
    cues = {str(e["id"]): ControlCue(str(e["id"]), str(e["status"]), e.get("other"), bool(e.get("place_before")))
            for e in entries}
    index = PhraseIndex((p, str(e["id"])) for e in entries for p in e["phrases"])
    partial = PhraseIndex((p, "partial") for p in triggers_data()["control_partial"])
    return index, cues, partial


def find_control(ctx: DocContext) -> list[ControlObservation]:
    """Every control observation of the document, without duplicates."""
    index, cues, _ = control_lexicon()
    found: list[ControlObservation] = []
    for hit in index.scan(ctx.tokens):
        if cues[hit.payload].status == "captured" and "ل" in hit.prefix:
            continue  # لطرد، للسيطرة، لتحرير: a purpose, not a capture
        if not is_blocked(ctx.tokens, hit, ctx.token_sentence, check_after=False):
            found += _observations(ctx, hit, cues[hit.payload])
    unique: dict[tuple[object, ...], ControlObservation] = {}
    for obs in found:
        unique.setdefault((obs.place.place_id, obs.actor_id, obs.status, obs.date), obs)
    return list(unique.values())


def _observations(ctx: DocContext, hit: Hit, cue: ControlCue) -> list[ControlObservation]:
    """Observations of one cue: the holder/taker for each place, plus the other side when named."""
    clause = ctx.clause_of(hit.first)
    sentence_index = ctx.token_sentence[hit.first]
    sentence = ctx.sentences[sentence_index]
    places = [p for p in _places(ctx, hit, cue, clause) if _specific_enough(ctx, hit, p)]
    if not places:
        return []
    actor, other = _actors(ctx, hit, cue, (sentence.start, sentence.end))
    if actor is None:
        return []
    status, other_status = cue.status, cue.other
    if cue.status == "captured" and _partial(ctx, hit, places[0].start):
        status, other_status = "contested", None
    date = _date(ctx, hit.start, clause, (sentence.start, sentence.end))
    evidence = EvidenceSpan(sentence.start, sentence.end)
    out: list[ControlObservation] = []
    for place in places:
        ref = place_ref(place, None)
        out.append(ControlObservation(ref, actor.actor_id, status, date, evidence, f"control:{cue.id}"))
        if other is not None and other_status is not None and other.actor_id != actor.actor_id:
            out.append(ControlObservation(ref, other.actor_id, other_status, date, evidence,
                                          f"control:{cue.id}:other"))
    return out


def _places(ctx: DocContext, hit: Hit, cue: ControlCue, clause: tuple[int, int]) -> list[PlaceMention]:
    """The place(s) a cue speaks of: before a relative cue, else the (list of) places after it."""
    if cue.place_before or _relative(ctx, hit):
        before = [p for p in ctx.places_in(hit.start - PLACE_BEFORE_WINDOW, hit.start) if p.end <= hit.start
                  and ctx.sentence_of(p.start) == ctx.token_sentence[hit.first]]
        if before:
            return [before[-1]]
        if cue.place_before and cue.status == "controls":
            return ctx.places_in(hit.end, clause[1])[:1]
        return []
    sentence = ctx.sentences[ctx.token_sentence[hit.first]]
    after = ctx.places_in(hit.end, sentence.end)
    if after and ctx.token_index(after[0].start) - hit.last > PLACE_AFTER_WINDOW:
        after = []
    if not after:
        if _after_relative_pronoun(ctx, hit) or ctx.tokens[hit.last].norm.endswith(_OBJECT_PRONOUNS):
            # الموصل التي حررت: a passive relative clause about the place just before it.
            before = [p for p in ctx.places_in(hit.start - PLACE_BEFORE_WINDOW, hit.start) if p.end <= hit.start]
            return before[-1:]
        return []
    return _coordinated(ctx, after, after[0], loose=True)


def _after_relative_pronoun(ctx: DocContext, hit: Hit) -> bool:
    """True when التي/الذي stands right before the cue."""
    return hit.first > 0 and ctx.tokens[hit.first - 1].norm in _RELATIVE_PRONOUNS


def _specific_enough(ctx: DocContext, hit: Hit, place: PlaceMention) -> bool:
    """Countries and rivers never; regions only right after a verb cue (a statement about the whole region)."""
    if place.kind in {"country", "river"}:
        return False
    cue = control_lexicon()[1][hit.payload]
    if cue.place_before and PLACE_RANK.get(place.kind, 2) > 0:
        return False  # "areas under X's control in Deir ez-Zor" is not a statement about the whole governorate
    if place.kind == "region":
        return not cue.place_before and 0 <= ctx.token_index(place.start) - hit.last <= REGION_GAP
    return True


def _relative(ctx: DocContext, hit: Hit) -> bool:
    """True when the cue is followed by عليها/عليه: a relative clause about a place named before it."""
    nxt = hit.last + 1
    return nxt < len(ctx.tokens) and ctx.tokens[nxt].norm in _RELATIVE_OBJECTS


def _actors(ctx: DocContext, hit: Hit, cue: ControlCue, sentence: tuple[int, int]
            ) -> tuple[ActorMention | None, ActorMention | None]:
    """(holder or taker, the other side) of a control cue."""
    kinds = combatant_kinds()
    inside = [a for a in ctx.actors_in(*sentence) if a.kind in kinds and not is_supporter(ctx, a)]
    if not inside:
        return None, None
    last_token = ctx.tokens[hit.last].norm
    after = [a for a in inside if a.start >= hit.end and ctx.token_at(a.start) - hit.last <= HOLDER_WINDOW]
    before = [a for a in inside if a.end <= hit.start]
    actor: ActorMention | None
    if cue.place_before and not last_token.endswith(_PRONOUN_ENDINGS) and after:
        actor = after[0]
    else:
        agents_before = [a for a in before if not _after_target_word(ctx, a)]
        agents_after = [a for a in after if not _after_target_word(ctx, a)]
        clause_start = ctx.clause_of(hit.first)[0]
        svo = [a for a in agents_before if a.start >= clause_start]
        vso = [a for a in agents_after if ctx.token_index(a.start) - hit.last <= VSO_WINDOW]
        if cue.status == "besieged":
            # SVO: the besieger is named before the verb; VSO: it is the first of two actors after it.
            ordered = svo[-1:] or (after[:1] if len({a.actor_id for a in after}) > 1 else agents_before[-1:])
        else:
            ordered = svo[-1:] or vso or agents_before[-1:] or agents_after
        actor = ordered[0] if ordered else None
    if actor is None:
        return None, None
    if cue.status == "besieged":
        besieged = [a for a in after if a.actor_id != actor.actor_id]
        return actor, besieged[0] if besieged else None
    others = [a for a in inside if a.actor_id != actor.actor_id]
    preferred = [a for a in others if _after_target_word(ctx, a)]
    candidates = preferred or others
    return actor, candidates[0] if candidates else _implied_opponent(ctx, actor)


def _implied_opponent(ctx: DocContext, actor: ActorMention) -> ActorMention | None:
    """The other side of a two-party war the document is about (its two most named armed actors)."""
    counts = Counter(a.actor_id for a in ctx.actors if a.kind in combatant_kinds())
    top = [actor_id for actor_id, _ in counts.most_common(2)]
    if len(top) < 2 or actor.actor_id not in top:
        return None
    other = top[1] if top[0] == actor.actor_id else top[0]
    return next(a for a in ctx.actors if a.actor_id == other)


@cache
def _target_words() -> frozenset[str]:
    """Prepositions before the side a place is taken from (من، على، ضد ...)."""
    return normalized_set(_TARGET_WORDS)


def _after_target_word(ctx: DocContext, actor: ActorMention) -> bool:
    """True when the actor follows من/على/ضد (taken from, attacked), not a subject."""
    index = ctx.token_at(actor.start)
    words = _target_words()
    return any(word_in(ctx.tokens[k], words) for k in range(max(0, index - 2), index))


def _partial(ctx: DocContext, hit: Hit, place_start: int) -> bool:
    """True when 'parts of' stands between the capture cue and its place (contested, not taken)."""
    _, _, partial = control_lexicon()
    stop = min(ctx.token_index(place_start), hit.last + PARTIAL_WINDOW + 1, len(ctx.tokens))
    return any(partial.match_at(ctx.tokens, k) is not None for k in range(hit.last + 1, stop))


def _date(ctx: DocContext, offset: int, clause: tuple[int, int], sentence: tuple[int, int]) -> DateRef | None:
    """The time expression of the clause (else sentence) nearest the cue, else the publication date."""
    for lo, hi in (clause, sentence):
        inside = [t for t in ctx.times_in(lo, hi) if useful_time(t, ctx.published.value)]
        if inside:
            best = min(inside, key=lambda t: abs(t.start - offset))
            return DateRef(str(best.value), str(best.precision))
    return publication_day(ctx)

