"""Event triggers: lexicon hits typed by ACLED, refined by weapon words, filtered by negation and modality.

Within one clause only the highest-priority trigger makes an event (ACLED's rule against double counting);
weak triggers (a bare killing) only count when nothing else in the sentence does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from rasid.errors import ResourceError
from rasid.events.context import CLAUSE_PUNCT, DocContext
from rasid.events.lexicon import Hit, PhraseIndex, entry_forms, triggers_data, word_in, word_list
from rasid.text.tokenize import Token

BLOCK_WINDOW = 6  # words before a trigger (same clause) searched for negation, future and modality cues
ACLED_TYPES: dict[str, frozenset[str]] = {
    "Battles": frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    "Explosions/Remote violence": frozenset({"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                             "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                             "Grenade"}),
    "Violence against civilians": frozenset({"Sexual violence", "Attack", "Abduction/forced disappearance"}),
    "Protests": frozenset({"Excessive force against protesters", "Protest with intervention", "Peaceful protest"}),
    "Riots": frozenset({"Violent demonstration", "Mob violence"}),
    "Strategic developments": frozenset({"Agreement", "Arrests", "Change to group/activity",
                                         "Disrupted weapons use", "Headquarters or base established",
                                         "Looting/property destruction", "Non-violent transfer of territory",
                                         "Other"}),
}
TAGS = frozenset({"execution", "surrender", "withdrawal", "displacement", "evacuation", "patrol", "offensive",
                  "suicide_attack", "siege", "casualty_report"})
_EXPLOSIONS = "Explosions/Remote violence"
_VIOLENT = frozenset({"Battles", _EXPLOSIONS, "Violence against civilians", "Riots"})


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """One lexicon entry of triggers.yaml."""

    id: str
    event_type: str
    sub_event_type: str
    tags: tuple[str, ...]
    priority: int
    needs_actor: bool
    weak: bool
    territory: bool
    victims: str | None
    two_sided: bool = False


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger kept for event building, with its refined type and why."""

    spec: TriggerSpec
    hit: Hit
    sentence: int
    clause: tuple[int, int]
    event_type: str
    sub_event_type: str
    tags: tuple[str, ...]
    priority: int
    rule: str


def _spec(entry: dict[str, Any]) -> TriggerSpec:
    """Validate one trigger entry and build its spec."""
    event_type, sub_type = entry.get("event_type"), entry.get("sub_event_type")
    if sub_type not in ACLED_TYPES.get(str(event_type), ()):
        raise ResourceError(f"triggers.yaml: {entry.get('id')}: {event_type}/{sub_type} is not an ACLED type")
    tags = tuple(entry.get("tags", []))
    if not set(tags) <= TAGS:
        raise ResourceError(f"triggers.yaml: {entry.get('id')}: unknown tags {set(tags) - TAGS}")
    return TriggerSpec(str(entry["id"]), str(event_type), str(sub_type), tags, int(entry["priority"]),
                       bool(entry.get("needs_actor", False)), bool(entry.get("weak", False)),
                       bool(entry.get("territory", False)), entry.get("victims"), bool(entry.get("two_sided", False)))


_NO_SPEC = TriggerSpec("", "", "", (), 0, False, False, False, None)


@cache
def trigger_specs() -> dict[str, TriggerSpec]:
    """Every trigger spec by id."""
    return {str(e["id"]): _spec(e) for e in triggers_data()["triggers"]}


@cache
def trigger_index() -> PhraseIndex:
    """The phrase index of every trigger form (payload: trigger id)."""
    return PhraseIndex((form, str(e["id"])) for e in triggers_data()["triggers"] for form in entry_forms(e))


@cache
def _subtype_priority() -> dict[str, int]:
    """Priority of each sub-event type (the highest of its triggers)."""
    out: dict[str, int] = {"Disrupted weapons use": 81, "Protest with intervention": 36,
                           "Government regains territory": 60}
    for spec in trigger_specs().values():
        out[spec.sub_event_type] = max(out.get(spec.sub_event_type, 0), spec.priority)
    return out


def find_triggers(ctx: DocContext) -> list[TriggerHit]:
    """Typed, unblocked triggers, one per clause (highest priority), weak ones only when alone."""
    specs = trigger_specs()
    typed: list[TriggerHit] = []
    for hit in trigger_index().scan(ctx.tokens):
        if is_blocked(ctx.tokens, hit, ctx.token_sentence):
            continue
        typed.append(_refine(ctx, specs[hit.payload], hit))
    typed.extend(_headline_triggers(ctx))
    return _apply_precedence(typed)


@cache
def _headline_index() -> PhraseIndex:
    """Present-tense forms that report completed news in a headline (payload: trigger id)."""
    return PhraseIndex((form, str(trigger_id)) for trigger_id, forms in triggers_data()["headline_present"].items()
                       for form in forms)


def _headline_triggers(ctx: DocContext) -> list[TriggerHit]:
    """Triggers of a headline's present-tense verbs (داعش يشن هجوما ويسيطر على أجزاء منها): news, not a state.

    A verb coordinated by و opens its own clause, so it is not outranked by the headline's first event.
    """
    out = []
    for hit in (h for index in ctx.headline_lines() for h in _headline_index().scan(ctx.tokens,
                                                                                   *ctx.sentence_tokens[index])):
        if is_blocked(ctx.tokens, hit, ctx.token_sentence):
            continue
        refined = _refine(ctx, trigger_specs()[hit.payload], hit)
        own_clause = (hit.start, refined.clause[1]) if "و" in hit.prefix else refined.clause
        out.append(replace(refined, clause=own_clause, rule=refined.rule + ":headline"))
    return out


def is_blocked(tokens: list[Token], hit: Hit, token_sentence: list[int], check_after: bool = True) -> bool:
    """True when negation, future, hypothesis or planning governs the trigger."""
    if "س" in hit.prefix:
        return True
    if "ل" in hit.prefix and trigger_specs().get(hit.payload, _NO_SPEC).territory:
        # لـ on a verbal noun of taking territory states a purpose (لطرد، لاستعادة), not a capture.
        return True
    before, after, modal, perfect = (word_list("blockers", n) for n in ("before", "after", "modal", "perfect"))
    negation, still = word_list("blockers", "negation"), word_list("blockers", "not_negation")
    sentence = token_sentence[hit.first]
    for index in range(hit.first - 1, max(-1, hit.first - BLOCK_WINDOW - 1), -1):
        token = tokens[index]
        if token_sentence[index] != sentence or (token.kind == "punct" and token.norm in CLAUSE_PUNCT):
            break
        if word_in(token, before):
            return True
        if word_in(token, negation) and not word_in(tokens[index + 1], still):
            return True
        words_before = [t for t in tokens[max(0, index - 6):index] if t.kind == "word"][-3:]
        if word_in(token, modal) and not any(word_in(t, perfect) for t in words_before):
            return True
    nxt = hit.last + 1
    return check_after and nxt < len(tokens) and token_sentence[nxt] == sentence and word_in(tokens[nxt], after)


def _clause_has(ctx: DocContext, clause: tuple[int, int], name: str) -> bool:
    """True when a modifier word of the given list occurs in the clause."""
    words = word_list("modifiers", name)
    lo, hi = ctx.token_at(clause[0]), ctx.token_at(clause[1])
    return any(word_in(ctx.tokens[i], words) for i in range(lo, min(hi, len(ctx.tokens))))


def _refine(ctx: DocContext, spec: TriggerSpec, hit: Hit) -> TriggerHit:
    """Type the trigger by the weapon and context words of its clause."""
    clause = ctx.clause_of(hit.first)
    event_type, sub_type, tags, rule = spec.event_type, spec.sub_event_type, spec.tags, "lexicon"
    attack_like = spec.id in {"clash", "explosion", "offensive", "killing", "massacre"}
    if attack_like and spec.id != "killing" and _clause_has(ctx, clause, "suicide"):
        event_type, sub_type, tags, rule = _EXPLOSIONS, "Suicide bomb", ("suicide_attack",), "suicide_word"
    elif spec.id == "explosion" and _clause_has(ctx, clause, "disrupt"):
        event_type, sub_type, tags, rule = "Strategic developments", "Disrupted weapons use", (), "disrupt_word"
    elif spec.id in {"shelling", "massacre", "clash", "killing"} and _clause_has(ctx, clause, "air"):
        event_type, sub_type, tags, rule = _EXPLOSIONS, "Air/drone strike", (), "air_word"
    elif spec.id in {"massacre", "clash"} and _clause_has(ctx, clause, "artillery"):
        event_type, sub_type, tags, rule = _EXPLOSIONS, "Shelling/artillery/missile attack", (), "artillery_word"
    elif spec.id == "clash" and _clause_has(ctx, clause, "explosive"):
        event_type, sub_type, tags, rule = _EXPLOSIONS, "Remote explosive/landmine/IED", (), "explosive_word"
    elif spec.id == "protest" and _clause_has(ctx, clause, "intervention"):
        sub_type, rule = "Protest with intervention", "intervention_word"
    priority = max(spec.priority, _subtype_priority().get(sub_type, 0)) if rule != "lexicon" else spec.priority
    return TriggerHit(spec, hit, ctx.token_sentence[hit.first], clause, event_type, sub_type, tags, priority,
                      f"trigger:{spec.id}:{rule}")


def _apply_precedence(typed: list[TriggerHit]) -> list[TriggerHit]:
    """Keep the highest-priority trigger per clause; drop weak triggers that share a sentence."""
    strong_sentences = {t.sentence for t in typed if not t.spec.weak}
    best: dict[tuple[tuple[int, int], bool], TriggerHit] = {}
    for trigger in typed:
        if trigger.spec.weak and trigger.sentence in strong_sentences:
            continue
        # Violence and non-violent developments (flight, surrender, arrests) are not counted against each other.
        key = (trigger.clause, trigger.event_type in _VIOLENT)
        current = best.get(key)
        # Ties (two triggers refined to one type) go to the one whose own entry ranks higher (قصف over هجمات).
        if current is None or (trigger.priority, trigger.spec.priority) > (current.priority, current.spec.priority):
            best[key] = trigger
    return sorted(best.values(), key=lambda t: t.hit.start)
