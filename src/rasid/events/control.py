"""Control observations: who controls, captured, lost, besieges or contests a place, per statement.

A list of villages after one cue gives one observation per village; a capture also records the loss of
the side it was taken from when the sentence names it, and a siege records the besieged side's control.
"""

from __future__ import annotations

import datetime
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
from rasid.events.context import CLAUSE_PUNCT, DocContext
from rasid.events.lexicon import Hit, PhraseIndex, normalized_set, triggers_data, word_in
from rasid.events.triggers import is_blocked
from rasid.model import ActorMention, ControlObservation, DateRef, EvidenceSpan, PlaceMention
from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key

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
SUCCESS_WINDOW = 8  # words between تمكن/نجح and the من governing a verbal noun of capture
CONSTRUCT_WINDOW = 2  # words after a verbal noun where the captor stands in construct (سيطرة قوات النظام)
OBJECT_WINDOW = 6  # words after a verbal noun searched for على or the resumptive عليها
DIRECT_WINDOW = 3  # words after تحرير/استعادة where their object place stands
PART_LINK_WINDOW = 3  # words after a part noun (الجزء الشمالي من) where its link to the whole stands
_POSSESSIVE_ENDINGS = ("ته", "تها", "تهم")
_ON = normalize_key("على")
# A bare إن/أن opens content with a new subject; إنها/أنه point back to the speaker, who may be the agent.
_CONTENT_OPENERS = frozenset({"ان", "بان"})
RESTATED_DAYS = 3  # captures of one place by one side this close are restatements of one fact


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


@cache
def control_grammar() -> dict[str, frozenset[str]]:
    """The normalized word lists of the control section of claims_control.yaml."""
    data: dict[str, list[str]] = load_yaml("claims_control.yaml")["control"]
    return {name: normalized_set(words) for name, words in data.items()}


def find_control(ctx: DocContext) -> list[ControlObservation]:
    """Every control observation of the document, without duplicates."""
    index, cues, _ = control_lexicon()
    found: list[ControlObservation] = []
    for hit in index.scan(ctx.tokens):
        if cues[hit.payload].status == "captured" and "ل" in hit.prefix:
            continue  # لطرد، للسيطرة، لتحرير: a purpose, not a capture
        if cues[hit.payload].place_before and _after_movement(ctx, hit):
            continue  # الفارين من مناطق سيطرة التنظيم: the areas, not the place named before
        if not is_blocked(ctx.tokens, hit, ctx.token_sentence, check_after=False):
            found += _observations(ctx, hit, cues[hit.payload])
    found += _noun_captures(ctx) + _object_sieges(ctx) + _liberated(ctx)
    found += _passive_captures(ctx, found)
    return _merge_restatements(found)


def _merge_restatements(found: list[ControlObservation]) -> list[ControlObservation]:
    """One observation per place, actor and status when their dates agree (a restated capture is one fact)."""
    kept: dict[tuple[str, str, str], list[ControlObservation]] = {}
    for obs in found:
        same = kept.setdefault((obs.place.place_id, obs.actor_id, obs.status), [])
        if not any(_close_dates(obs.date, other.date) for other in same):
            same.append(obs)
    return sorted((obs for group in kept.values() for obs in group), key=lambda o: (o.evidence.start, o.reason))


def _close_dates(a: DateRef | None, b: DateRef | None) -> bool:
    """True when two dates are equal, or days at most RESTATED_DAYS apart."""
    if a is None or b is None or a == b:
        return a == b
    if a.precision != "day" or b.precision != "day":
        return False
    try:
        return abs((datetime.date.fromisoformat(a.value) - datetime.date.fromisoformat(b.value)).days) <= RESTATED_DAYS
    except ValueError:
        return False


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
    if not cue.place_before and not _relative(ctx, hit) and _partial(ctx, hit, places[0].start):
        if cue.status == "lost":
            return []  # طرده من أحياء في المدينة: losing part of a town says nothing of the town
        # Taking or holding only part of a place (أجزاء من، الجزء الشمالي من) leaves it contested.
        status, other_status = "contested", None
    if status == "captured" and _snapshot(ctx, hit.first):
        status, other_status = "controls", None
    if other is not None and not sentence.start <= other.start < sentence.end and _as_example(ctx, places[0]):
        other = None  # خسارته لمناطق كالموصل: places given as examples of losses name no single captor
    date = _date(ctx, hit.start, clause, (sentence.start, sentence.end))
    evidence = EvidenceSpan(sentence.start, sentence.end)
    holders = [actor] + (_coordinated_actors(ctx, actor, (sentence.start, sentence.end))
                         if status in {"controls", "captured"} else [])
    out: list[ControlObservation] = []
    for place in places:
        ref = place_ref(place, None)
        for holder in holders:
            out.append(ControlObservation(ref, holder.actor_id, status, date, evidence, f"control:{cue.id}"))
        if other is not None and other_status is not None and other.actor_id not in {h.actor_id for h in holders}:
            out.append(ControlObservation(ref, other.actor_id, other_status, date, evidence,
                                          f"control:{cue.id}:other"))
    return out


def _as_example(ctx: DocContext, place: PlaceMention) -> bool:
    """True when the place carries كـ 'such as' (كالموصل): an example of a wider set."""
    token = ctx.tokens[ctx.token_index(place.start)]
    return token.start < place.start and ctx.at.text[token.start] == "ك"


def _snapshot(ctx: DocContext, first: int) -> bool:
    """True when the sentence before the cue says it describes the present map (خارطة الصراع الحالية)."""
    lo = ctx.sentence_tokens[ctx.token_sentence[first]][0]
    markers = control_grammar()["snapshot_markers"]
    return any(word_in(t, markers) for t in ctx.tokens[lo:first])


def _coordinated_actors(ctx: DocContext, actor: ActorMention, sentence: tuple[int, int]) -> list[ActorMention]:
    """Armed actors joined to the holder by و (تسيطر عليها قوات المجلس والقوات الأميركية): they hold it too."""
    kinds = combatant_kinds()
    joined: list[ActorMention] = []
    last = actor
    for candidate in ctx.actors_in(actor.end, sentence[1]):
        if candidate.start < last.end:
            continue
        gap = ctx.at.text[last.end:candidate.start].strip(" \t\"'«»“”")
        if gap not in {"و", "،و", "، و"} and not (gap.endswith("و") and gap[:-1].strip() in {"", "،", ","}):
            break
        if candidate.kind in kinds and not is_supporter(ctx, candidate) and candidate.actor_id != actor.actor_id:
            joined.append(candidate)
        last = candidate
    return joined


def _after_movement(ctx: DocContext, hit: Hit) -> bool:
    """True when من/إلى/نحو stands right before an 'under control' cue (fled from areas under X's control)."""
    return hit.first > 0 and ctx.tokens[hit.first - 1].norm in control_grammar()["movement_preps"]


def _places(ctx: DocContext, hit: Hit, cue: ControlCue, clause: tuple[int, int]) -> list[PlaceMention]:
    """The place(s) a cue speaks of: before a relative cue, else the (list of) places after it."""
    if cue.place_before or _relative(ctx, hit):
        before = [p for p in ctx.places_in(hit.start - PLACE_BEFORE_WINDOW, hit.start) if p.end <= hit.start
                  and ctx.sentence_of(p.start) == ctx.token_sentence[hit.first]]
        if before:
            return [before[-1]]
        if _demonstrative_before(ctx, hit):
            # هذه آخر منطقة يسيطر عليها: "this area" is the place last named in the sentence.
            sentence = ctx.sentences[ctx.token_sentence[hit.first]]
            return [p for p in ctx.places_in(sentence.start, hit.start) if p.end <= hit.start][-1:]
        if cue.place_before and cue.status == "controls" and not _part_before(ctx, hit):
            return ctx.places_in(hit.end, clause[1])[:1]
        return []
    sentence = ctx.sentences[ctx.token_sentence[hit.first]]
    if _after_relative_pronoun(ctx, hit):
        # الموصل التي حررت: a relative clause on a place is about that place, whatever follows it.
        antecedent = [p for p in ctx.places_in(sentence.start, hit.start) if ctx.token_index(p.end - 1) == hit.first - 2]
        if antecedent:
            return antecedent
    after = ctx.places_in(hit.end, sentence.end)
    if after and ctx.token_index(after[0].start) - hit.last > PLACE_AFTER_WINDOW:
        after = []
    if not after:
        if _after_relative_pronoun(ctx, hit):
            # الموصل التي حررت: a passive relative clause about the place just before it.
            before = [p for p in ctx.places_in(hit.start - PLACE_BEFORE_WINDOW, hit.start) if p.end <= hit.start]
            return before[-1:]
        if ctx.tokens[hit.last].norm.endswith(_OBJECT_PRONOUNS):
            # استعادته: the object pronoun refers to the last place named earlier in the sentence.
            return [p for p in ctx.places_in(sentence.start, hit.start) if p.end <= hit.start][-1:]
        return []
    return _coordinated(ctx, after, after[0], loose=True)


def _content_opener_before(ctx: DocContext, hit: Hit) -> int:
    """Offset of the last bare إن/أن opening reported content before the cue in its sentence, else -1."""
    lo = ctx.sentence_tokens[ctx.token_sentence[hit.first]][0]
    for k in range(hit.first - 1, lo - 1, -1):
        if ctx.tokens[k].norm in _CONTENT_OPENERS:
            return ctx.tokens[k].start
    return -1


def _demonstrative_before(ctx: DocContext, hit: Hit) -> bool:
    """True when هذه/تلك stands a few words before a relative control cue (وهذه آخر منطقة يسيطر عليها)."""
    words = control_grammar()["demonstratives"]
    return any(word_in(t, words) for t in ctx.tokens[max(0, hit.first - 3):hit.first])


def _part_before(ctx: DocContext, hit: Hit) -> bool:
    """True when a part noun (الأحياء التي لا تزال تحت سيطرة) heads the clause before an 'under control' cue."""
    parts = control_grammar()["part_nouns"]
    return any(word_in(t, parts) for t in ctx.tokens[max(0, hit.first - 4):hit.first])


def _after_relative_pronoun(ctx: DocContext, hit: Hit) -> bool:
    """True when التي/الذي stands right before the cue."""
    return hit.first > 0 and ctx.tokens[hit.first - 1].norm in _RELATIVE_PRONOUNS


def _specific_enough(ctx: DocContext, hit: Hit, place: PlaceMention) -> bool:
    """Countries and rivers never; regions only right after a verb cue (a statement about the whole region)."""
    if place.kind in {"country", "river"} or _on_route(ctx, place) or _quarter_of(ctx, place):
        return False
    cue = control_lexicon()[1][hit.payload]
    if cue.place_before and PLACE_RANK.get(place.kind, 2) > 0:
        return False  # "areas under X's control in Deir ez-Zor" is not a statement about the whole governorate
    if place.kind == "region":
        return not cue.place_before and 0 <= ctx.token_index(place.start) - hit.last <= REGION_GAP
    return True


def _on_route(ctx: DocContext, place: PlaceMention) -> bool:
    """True when the place names an end of a road (طريق "دير الزور – البصيرة"), not a place held."""
    index = ctx.token_index(place.start)
    words = [t for t in ctx.tokens[max(0, index - 3):index] if t.kind == "word"]
    return bool(words) and word_in(words[-1], control_grammar()["route_nouns"])


def _quarter_of(ctx: DocContext, place: PlaceMention) -> bool:
    """True for a quarter named as part of a settlement (الحي الأول من مدينة الطبقة)."""
    index = ctx.token_at(place.end)
    words = [t for t in ctx.tokens[index:index + 2] if t.kind == "word"]
    return (len(words) == 2 and words[0].norm == "من"
            and word_in(words[1], control_grammar()["settlement_nouns"]))


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
        opener = _content_opener_before(ctx, hit)
        # تقول قسد إن المسلحين يتحصنون في ...: the speaker before إن/أن is not the holder.
        agents_before = [a for a in before if not _after_target_word(ctx, a) and a.start > opener]
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
    return actor, _other_side(ctx, actor, inside)


def _other_side(ctx: DocContext, actor: ActorMention, inside: list[ActorMention]) -> ActorMention | None:
    """The side a place was taken from: another actor of the sentence (after من/على first), else implied."""
    others = [a for a in inside if a.actor_id != actor.actor_id]
    preferred = [a for a in others if _after_target_word(ctx, a)]
    candidates = preferred or others
    return candidates[0] if candidates else _implied_opponent(ctx, actor)


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
    if any(partial.match_at(ctx.tokens, k) is not None for k in range(hit.last + 1, stop)):
        return True
    grammar = control_grammar()
    for k in range(hit.last + 1, stop):
        if word_in(ctx.tokens[k], grammar["part_nouns"]):
            links = range(k + 1, min(k + 1 + PART_LINK_WINDOW, stop + 1))
            if any(word_in(ctx.tokens[j], grammar["part_links"]) for j in links):
                return True
    return False


def _date(ctx: DocContext, offset: int, clause: tuple[int, int], sentence: tuple[int, int]) -> DateRef | None:
    """The time expression of the clause (else sentence) nearest the cue, else the publication date."""
    for lo, hi in (clause, sentence):
        inside = [t for t in ctx.times_in(lo, hi) if useful_time(t, ctx.published.value)]
        if inside:
            best = min(inside, key=lambda t: abs(t.start - offset))
            return DateRef(str(best.value), str(best.precision))
    return publication_day(ctx)



def _noun_captures(ctx: DocContext) -> list[ControlObservation]:
    """Captures told by a verbal noun: after a time preposition (منذ سيطرة القوات عليها) or after تمكن من."""
    grammar = control_grammar()
    nouns = grammar["capture_nouns"] | grammar["capture_nouns_direct"]
    tokens = ctx.tokens
    out: list[ControlObservation] = []
    for k in range(1, len(tokens)):
        if tokens[k].kind != "word" or tokens[k].norm not in nouns:
            continue  # a bare noun only: للسيطرة (a purpose) and وسيطرته (a state) are left out
        if tokens[k - 1].norm in grammar["temporal_preps"]:
            out += _noun_capture(ctx, k, k - 1, background=True)
        elif tokens[k - 1].norm == "من":
            verb = _success_verb(ctx, k - 1)
            if verb is not None:
                out += _noun_capture(ctx, k, verb, background=False)
    return out


def _success_verb(ctx: DocContext, of_index: int) -> int | None:
    """Index of تمكن/نجح governing the من at `of_index` (same sentence, a few words before), else None."""
    sentence = ctx.token_sentence[of_index]
    for k in range(of_index - 1, max(-1, of_index - SUCCESS_WINDOW - 1), -1):
        if ctx.token_sentence[k] != sentence:
            return None
        if word_in(ctx.tokens[k], control_grammar()["success_verbs"]):
            return k
    return None


def _noun_capture(ctx: DocContext, noun: int, opener: int, background: bool) -> list[ControlObservation]:
    """Observations of one verbal noun of capture whose phrase opens at token `opener`."""
    cue = control_lexicon()[1].get("ctl_captured")
    if cue is None:
        return []
    hit = Hit(opener, noun, ctx.tokens[opener].start, ctx.tokens[noun].end, cue.id, "")
    if is_blocked(ctx.tokens, hit, ctx.token_sentence, check_after=False):
        return []
    sentence = ctx.sentences[ctx.token_sentence[noun]]
    bounds = (sentence.start, sentence.end)
    places = [p for p in _noun_places(ctx, noun, hit) if _specific_enough(ctx, hit, p)]
    actor = _noun_captor(ctx, noun, opener, bounds) if places else None
    if actor is None:
        return []
    clause = ctx.clause_of(noun)
    date = _date(ctx, ctx.tokens[noun].start, clause, bounds)
    evidence = EvidenceSpan(*bounds)
    kinds = combatant_kinds()
    inside = [a for a in ctx.actors_in(*bounds) if a.kind in kinds and not is_supporter(ctx, a)]
    other = None if background else _other_side(ctx, actor, inside)
    status = "captured"
    if _snapshot(ctx, opener):
        status, other = "controls", None
    out: list[ControlObservation] = []
    for place in places:
        ref = place_ref(place, None)
        out.append(ControlObservation(ref, actor.actor_id, status, date, evidence, "control:noun"))
        if other is not None and other.actor_id != actor.actor_id:
            out.append(ControlObservation(ref, other.actor_id, "lost", date, evidence, "control:noun:other"))
    return out


def _noun_places(ctx: DocContext, noun: int, hit: Hit) -> list[PlaceMention]:
    """The place(s) a verbal noun of capture takes: after على (or directly), or before a resumptive عليها."""
    grammar = control_grammar()
    tokens = ctx.tokens
    sentence_index = ctx.token_sentence[noun]
    hi = ctx.sentence_tokens[sentence_index][1]
    direct = tokens[noun].norm in grammar["capture_nouns_direct"]
    for k in range(noun + 1, min(hi, noun + OBJECT_WINDOW + 1)):
        token = tokens[k]
        if token.kind == "punct" and token.norm in CLAUSE_PUNCT:
            return []
        if token.norm in grammar["resumptive_objects"]:
            before = [p for p in ctx.places_in(hit.start - PLACE_BEFORE_WINDOW, hit.start) if p.end <= hit.start
                      and ctx.sentence_of(p.start) == sentence_index]
            return before[-1:]
        if direct and token.norm in grammar["settlements_of_it"]:
            # تحرير مدنها: all the settlements of the region named before were taken.
            regions = [p for p in ctx.places_in(ctx.sentences[sentence_index].start, hit.start)
                       if PLACE_RANK.get(p.kind, 2) > 0 and p.kind not in {"country", "river"}]
            return regions[-1:]
        if direct or token.norm == _ON:
            start = token.end if token.norm == _ON else tokens[noun].end
            after = [p for p in ctx.places_in(start, ctx.sentences[sentence_index].end)
                     if ctx.token_index(p.start) - k <= (DIRECT_WINDOW if direct else PLACE_AFTER_WINDOW)]
            return _coordinated(ctx, after, after[0], loose=True) if after else []
    return []


def _noun_captor(ctx: DocContext, noun: int, opener: int, sentence: tuple[int, int]) -> ActorMention | None:
    """The captor: in construct after the noun, between تمكن and من, or the antecedent of its pronoun."""
    kinds = combatant_kinds()
    inside = [a for a in ctx.actors_in(*sentence) if a.kind in kinds and not is_supporter(ctx, a)]
    construct = [a for a in inside if a.start >= ctx.tokens[noun].end
                 and ctx.token_index(a.start) - noun <= CONSTRUCT_WINDOW]
    if construct:
        return construct[0]
    between = [a for a in inside if ctx.tokens[opener].end <= a.start and a.end <= ctx.tokens[noun].start]
    if between:
        return between[0]
    if opener == noun - 1 and not ctx.tokens[noun].norm.endswith(_POSSESSIVE_ENDINGS):
        return None  # بعد السيطرة على: no captor named
    before = [a for a in inside if a.end <= ctx.tokens[opener].start and not _after_target_word(ctx, a)]
    return before[-1] if before else None


def _object_sieges(ctx: DocContext) -> list[ControlObservation]:
    """Sieges told by a verbal noun with the besieged as its pronoun (ومحاصرته في القرية)."""
    grammar = control_grammar()
    cue = control_lexicon()[1].get("ctl_besieged")
    out: list[ControlObservation] = []
    if cue is None:
        return out
    kinds = combatant_kinds()
    for k, token in enumerate(ctx.tokens):
        if not _conjoined_word(token.norm, grammar["siege_nouns_with_object"]):
            continue
        hit = Hit(k, k, token.start, token.end, cue.id, "")
        if is_blocked(ctx.tokens, hit, ctx.token_sentence, check_after=False):
            continue
        sentence = ctx.sentences[ctx.token_sentence[k]]
        clause = ctx.clause_of(k)
        after = [p for p in ctx.places_in(token.end, clause[1]) if ctx.token_index(p.start) - k <= VSO_WINDOW + 1]
        places = [p for p in after[:1] if _specific_enough(ctx, hit, p)]
        inside = [a for a in ctx.actors_in(sentence.start, token.start) if a.kind in kinds
                  and not is_supporter(ctx, a)]
        # The subject of the sentence besieges; the pronoun points back to the last other side named.
        besieger = next((a for a in inside if not _after_target_word(ctx, a)), None)
        if not places or besieger is None:
            continue
        date = _date(ctx, token.start, clause, (sentence.start, sentence.end))
        evidence = EvidenceSpan(sentence.start, sentence.end)
        ref = place_ref(places[0], None)
        # The besieged side is only a pronoun here: its control of the place is left uncoded.
        out.append(ControlObservation(ref, besieger.actor_id, "besieged", date, evidence, "control:siege_object"))
    return out


def _conjoined_word(norm: str, words: frozenset[str]) -> bool:
    """True for one of `words`, bare or after و/ف (not after لـ, which states a purpose)."""
    return norm in words or (norm[:1] in {"و", "ف"} and norm[1:] in words)


def _liberated(ctx: DocContext) -> list[ControlObservation]:
    """A place called liberated (لتعلن البلدة مدينة محررة): captured by the sentence's subject from the other side."""
    grammar = control_grammar()
    cue = control_lexicon()[1].get("ctl_captured")
    out: list[ControlObservation] = []
    if cue is None:
        return out
    kinds = combatant_kinds()
    for k, token in enumerate(ctx.tokens):
        if not _conjoined_word(token.norm, grammar["liberated_adjectives"]):
            continue
        sentence = ctx.sentences[ctx.token_sentence[k]]
        before = [p for p in ctx.places_in(sentence.start, token.start) if k - ctx.token_index(p.end - 1) <= 2]
        inside = [a for a in ctx.actors_in(sentence.start, sentence.end) if a.kind in kinds
                  and not is_supporter(ctx, a)]
        agents = [a for a in inside if a.end <= token.start and not _after_target_word(ctx, a)]
        hit = Hit(k, k, token.start, token.end, cue.id, "")
        places = [p for p in before[-1:] if _specific_enough(ctx, hit, p)]
        if not places or not agents or is_blocked(ctx.tokens, hit, ctx.token_sentence, check_after=False):
            continue
        captor = agents[0]
        other = _other_side(ctx, captor, inside)
        date = _date(ctx, token.start, ctx.clause_of(k), (sentence.start, sentence.end))
        evidence = EvidenceSpan(sentence.start, sentence.end)
        ref = place_ref(places[0], None)
        out.append(ControlObservation(ref, captor.actor_id, "captured", date, evidence, "control:liberated"))
        if other is not None:
            out.append(ControlObservation(ref, other.actor_id, "lost", date, evidence, "control:liberated:other"))
    return out


def _passive_captures(ctx: DocContext, found: list[ControlObservation]) -> list[ControlObservation]:
    """A passive capture naming nobody (الموصل التي حررت): the document's only captor took it, from its opponent."""
    captors = {o.actor_id for o in found if o.status == "captured"}
    if len(captors) != 1:
        return []
    captor_id = next(iter(captors))
    captor = next((a for a in ctx.actors if a.actor_id == captor_id), None)
    index, cues, _ = control_lexicon()
    out: list[ControlObservation] = []
    kinds = combatant_kinds()
    for hit in index.scan(ctx.tokens):
        cue = cues[hit.payload]
        if captor is None or cue.status != "captured" or not _after_relative_pronoun(ctx, hit):
            continue
        sentence = ctx.sentences[ctx.token_sentence[hit.first]]
        if any(a.kind in kinds for a in ctx.actors_in(sentence.start, sentence.end)):
            continue  # a named side is handled by the cue itself
        if is_blocked(ctx.tokens, hit, ctx.token_sentence, check_after=False):
            continue
        places = [p for p in _places(ctx, hit, cue, ctx.clause_of(hit.first)) if _specific_enough(ctx, hit, p)]
        date = _date(ctx, hit.start, ctx.clause_of(hit.first), (sentence.start, sentence.end))
        evidence = EvidenceSpan(sentence.start, sentence.end)
        other = _implied_opponent(ctx, captor)
        for place in places:
            ref = place_ref(place, None)
            out.append(ControlObservation(ref, captor_id, "captured", date, evidence, "control:passive"))
            if other is not None:
                out.append(ControlObservation(ref, other.actor_id, "lost", date, evidence, "control:passive:other"))
    return out
