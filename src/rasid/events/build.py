"""Build a document's events, claims and control observations from its mentions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date as day_of
from functools import cache

from rasid.events.arguments import (
    BROAD_KINDS,
    PLACE_RANK,
    combatant_kinds,
    counts_in,
    fatalities_in,
    is_historical,
    is_state,
    is_subgroup,
    offense_scores,
    pick_actors,
    pick_date,
    pick_places,
    place_ref,
    resolve_anaphors,
    times_since,
    victims_in,
)
from rasid.events.attribution import attribute_sentences
from rasid.events.claims import claim_subject, find_claims
from rasid.events.context import DocContext
from rasid.events.control import find_control
from rasid.events.lexicon import PhraseIndex, triggers_data, word_in, word_list
from rasid.events.triggers import TriggerHit, find_triggers
from rasid.model import (
    ActorMention,
    Claim,
    ControlObservation,
    DateRef,
    Event,
    EvidenceSpan,
    PlaceMention,
    PlaceRef,
    Published,
    Quantity,
    TimeMention,
)
from rasid.text.analyzed import AnalyzedText

NESTED_DEGREES = 0.05  # about 5 km: a site this close to a town's centre is taken to lie inside it
_SETTLEMENTS = frozenset({"city", "town", "village"})
_SITES = frozenset({"facility", "crossing", "camp"})
_TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_ONE_OFF = frozenset({"Explosions/Remote violence", "Violence against civilians"})
_TWO_SIDED = frozenset({"Battles"})
_ONE_SIDED = frozenset({"Violence against civilians", "Protests", "Riots"})
_VICTIM_SENTENCE = frozenset({"Violence against civilians", "Explosions/Remote violence"})


def build_events(at: AnalyzedText, published: Published, places: Sequence[PlaceMention],
                 actors: Sequence[ActorMention], times: Sequence[TimeMention], quantities: Sequence[Quantity]
                 ) -> tuple[list[Event], list[Claim], list[ControlObservation]]:
    """Events, claims and control observations of one document."""
    ctx = DocContext(at, published, list(places), list(actors), list(times), list(quantities))
    ctx.set_actors(resolve_anaphors(ctx))
    sources = attribute_sentences(ctx, frozenset(triggers_data()["speaker_kinds"]))
    triggers = find_triggers(ctx)
    offensive = frozenset(triggers_data()["offensive_triggers"])
    ctx.offense = offense_scores(ctx, [((t.hit.start, t.hit.end), t.clause, _sentence_span(ctx, t.sentence))
                                       for t in triggers if t.spec.id in offensive])
    groups = _resolve_definite(ctx, triggers, sources)
    events = merge_events([e for e in keep_specific(groups) if _region_level_ok(e)])
    return events, find_claims(ctx, sources), find_control(ctx)


def _sentence_span(ctx: DocContext, index: int) -> tuple[int, int]:
    """Original-offset span of a sentence."""
    sentence = ctx.sentences[index]
    return sentence.start, sentence.end


def _resolve_definite(ctx: DocContext, triggers: list[TriggerHit], sources: list[str | None]) -> list[list[Event]]:
    """Events of each trigger; a definite trigger (القصف) repeating an earlier one of its sentence adds its place."""
    groups: list[list[Event]] = []
    antecedent: dict[tuple[int, str], int] = {}
    reported: set[str] = set()  # sub-event types already reported (even where no event could be placed)
    for trigger in triggers:
        events = _events_of(ctx, trigger, sources)
        key = (trigger.sentence, trigger.spec.id)
        if key in antecedent and _is_definite(ctx, trigger) and events:
            earlier = groups[antecedent[key]]
            if not earlier or _rank(events[0]) < min(_rank(e) for e in earlier):
                base = earlier[0] if earlier else events[0]
                groups[antecedent[key]] = [replace(base, place=e.place, reason=base.reason + ";place:definite")
                                           for e in events]
            continue
        if _refers_back(ctx, trigger, reported, events):
            continue
        reported.add(trigger.sub_event_type)
        antecedent.setdefault(key, len(groups))
        groups.append(events)
    return groups


def _relative_to_other(ctx: DocContext, t: TimeMention) -> bool:
    """True for a date given relative to another happening (بعد يومين من لقاء): it dates that one."""
    return t.precision in {"duration"} or ctx.at.text[t.end:t.end + 4].strip().startswith("من")


def _refers_back(ctx: DocContext, trigger: TriggerHit, reported: set[str], events: list[Event]) -> bool:
    """True for an undated definite trigger framed as known (ويأتي القصف الجوي بعد ...) after its event's report.

    'X comes after / came in response to' situates an occurrence already reported: the article marks a known
    referent, and a place named in the clause belongs to the other happening it is related to.
    """
    if not events or not _is_definite(ctx, trigger) or trigger.sentence == 0:
        return False
    first = trigger.hit.first
    frames = word_list("known_event_frames")
    if not any(word_in(ctx.tokens[k], frames) for k in range(max(0, first - 2), first)
               if ctx.token_sentence[k] == trigger.sentence):
        return False
    if any(t.value and t.precision in {"day", "month", "year", "interval"} for t in ctx.times_in(*trigger.clause)
           if not _relative_to_other(ctx, t)):
        return False
    return trigger.sub_event_type in reported


def _is_definite(ctx: DocContext, trigger: TriggerHit) -> bool:
    """True when the trigger noun carries the article (القصف، الهجوم): it refers back."""
    token = ctx.tokens[trigger.hit.first]
    return token.norm[len(trigger.hit.prefix):].startswith("ال")


def _events_of(ctx: DocContext, trigger: TriggerHit, sources: list[str | None]) -> list[Event]:
    """One event per place tied to a trigger (a coordinated list of villages gives several)."""
    sentence = ctx.sentences[trigger.sentence]
    sentence_span = (sentence.start, sentence.end)
    actor1, actor2 = pick_actors(ctx, ctx.actors, (trigger.hit.start, trigger.hit.end), trigger.clause, sentence_span,
                                 trigger.event_type in _TWO_SIDED, trigger.spec.territory)
    if trigger.spec.needs_actor and actor1 is None and actor2 is None:
        return []
    if trigger.event_type in _ONE_SIDED:
        actor2 = None
    one_sided_battle = trigger.spec.two_sided and trigger.event_type == "Battles"
    if (trigger.spec.weak or one_sided_battle) and len({a.actor_id for a in _combatants(ctx, sentence_span)}) < 2:
        return []  # a bare battle word with one side named is usually background, not an occurrence
    sub_type, event_type = trigger.sub_event_type, trigger.event_type
    if sub_type == "Shelling/artillery/missile attack" and actor1 is not None and actor1.actor_id in set(
            triggers_data()["air_actors"]) and trigger.rule.endswith(":lexicon") and (
            trigger.clause[0] <= actor1.start < trigger.clause[1]):
        sub_type = "Air/drone strike"
    if trigger.spec.territory:
        sub_type = "Government regains territory" if is_state(actor1) else "Non-state actor overtakes territory"
    date, date_rule = pick_date(ctx, trigger.hit.start, trigger.clause, trigger.sentence)
    fatalities = fatalities_in(ctx, trigger.clause) or fatalities_in(ctx, sentence_span)
    if trigger.event_type == "Strategic developments":
        fatalities = None
    # Remote violence and attacks on civilians name their victims anywhere in the sentence.
    victim_span = sentence_span if event_type in _VICTIM_SENTENCE else trigger.clause
    victims = victims_in(ctx, victim_span, trigger.spec.victims)
    places: list[tuple[PlaceMention | None, int | None, str]] = list(
        pick_places(ctx, trigger.hit.start, trigger.clause, trigger.sentence)) or [(None, None, "place:none")]
    if trigger.spec.territory and all(place is None or place.kind in BROAD_KINDS for place, _, _ in places):
        places = _taken_place(ctx, trigger) or places
    tags = trigger.tags
    toll = _toll_since(ctx, sentence_span)
    if toll is not None and event_type in _VIOLENT_TYPES:
        # A cumulative toll (ارتفع عدد القتلى إلى ... منذ 10 سبتمبر) reports a campaign, not one incident.
        date, date_rule, tags = toll, "date:toll", tuple(dict.fromkeys((*tags, "casualty_report")))
        if places == [(None, None, "place:none")]:
            places = _toll_region(ctx, trigger.sentence) or places
    out = []
    historical = is_historical(date, ctx.published.value)
    if historical and all(rule != "place:clause" for _, _, rule in places):
        # A recalled event is placed as its own clause does (ضرباته الجوية في العراق), even if only by country.
        own = [p for p in ctx.places_in(*trigger.clause) if p.kind == "country"]
        if own:
            places = [(own[0], 3, "place:clause")]
    for place, precision, place_rule in places:
        if (place is None or place.kind == "country") and not historical:
            continue  # ACLED needs a location; a country is too vague to place a current event
        out.append(Event(
            event_type=event_type, sub_event_type=sub_type, tags=tags, date=date,
            place=place_ref(place, precision) if place is not None else None,
            actor1=actor1.actor_id if actor1 else None, actor2=actor2.actor_id if actor2 else None,
            victims=victims, fatalities=fatalities, counts=_counts(ctx, sentence_span),
            attributed_to=sources[trigger.sentence], historical=historical,
            evidence=(EvidenceSpan(sentence.start, sentence.end),),
            reason=f"{trigger.rule};{place_rule};{date_rule}",
        ))
    return out


def _region_level_ok(event: Event) -> bool:
    """True unless a single occurrence is placed only in a region it does not state with its own date.

    Campaigns (offensives, suspensions) are region-wide by nature; a clash, strike or arrest tied only to a
    governorate or region is kept when its own clause names the region and its sentence the date (a day, for a
    date outside the clause), since in analysis the pairing of a region with a trigger of another clause, or with
    a vague or old date of another clause, is a summary.
    """
    if event.place is None or event.place.kind not in BROAD_KINDS:
        return True
    rules = event.reason.split(";")
    if rules[0].split(":")[1] in set(triggers_data()["campaign_triggers"]) or "casualty_report" in event.tags:
        return True
    if "place:clause" not in rules:
        return False
    # A current report may give the day in a neighbouring clause (قصفت الطائرات ريف دير الزور، أمس).
    return "date:clause" in rules or ("date:sentence" in rules and not event.historical
                                      and event.date is not None and event.date.precision == "day")


def _taken_place(ctx: DocContext, trigger: TriggerHit) -> list[tuple[PlaceMention | None, int | None, str]]:
    """The town a capture's pronoun object points to (ويسيطر على أجزاء منها): the last one named before it."""
    pronouns = word_list("place_pronouns")
    lo, hi = ctx.token_at(trigger.clause[0]), ctx.token_at(trigger.clause[1])
    if not any(word_in(ctx.tokens[k], pronouns) for k in range(lo, min(hi, len(ctx.tokens)))):
        return []
    window = ctx.sentences[max(0, trigger.sentence - 2)].start
    towns = [p for p in ctx.places_in(window, trigger.hit.start) if PLACE_RANK.get(p.kind, 2) == 0]
    return [(towns[-1], 1, "place:pronoun")] if towns else []


@cache
def _toll_index() -> PhraseIndex:
    """Phrases that report a cumulative toll (ارتفع عدد القتلى، بلغت حصيلة)."""
    return PhraseIndex((w, "toll") for w in triggers_data()["toll_cues"])


def _toll_sentences(ctx: DocContext) -> frozenset[int]:
    """Indices of the sentences holding a toll phrase (scanned once per document)."""
    if ctx.toll_sentences is None:
        ctx.toll_sentences = frozenset(ctx.token_sentence[h.first] for h in _toll_index().scan(ctx.tokens))
    return ctx.toll_sentences


def _toll_since(ctx: DocContext, span: tuple[int, int]) -> DateRef | None:
    """The interval 'start/publication' of a sentence reporting a toll since a date, else None."""
    published = ctx.published.value
    if not published or ctx.sentence_of(span[0]) not in _toll_sentences(ctx):
        return None
    since = times_since(ctx, span)
    if since is None or since.precision not in {"day", "month"} or str(since.value) >= published:
        return None
    return DateRef(f"{since.value}/{published}", "interval")


def _toll_region(ctx: DocContext, sentence_index: int) -> list[tuple[PlaceMention | None, int | None, str]]:
    """The governorate or region last named before a toll that names no place (the campaign's area)."""
    regions = [p for p in ctx.places_in(0, ctx.sentences[sentence_index].start) if p.kind in {"governorate", "region"}]
    return [(regions[-1], 3, "place:toll")] if regions else []


_COUNT_SUBJECTS = frozenset({"wounded", "detained", "surrendered", "displaced", "abducted", "executed"})


def _counts(ctx: DocContext, span: tuple[int, int]) -> tuple[tuple[str, float], ...]:
    """Figures of the sentence other than deaths (wounded, detained, surrendered, displaced families...)."""
    out: dict[str, float] = {}
    for q in ctx.quantities_in(*span):
        if not is_subgroup(ctx, q):
            subject, _ = claim_subject(ctx, q)
            if subject in _COUNT_SUBJECTS:
                key = f"{subject}_families" if q.unit == "family" else subject
                out[key] = out.get(key, 0) + q.low
    return tuple(sorted(out.items())) or counts_in(ctx, span)


def _rank(event: Event) -> int:
    """Specificity of an event's place (0 a village; no place is the vaguest)."""
    return PLACE_RANK.get(event.place.kind or "", 2) if event.place is not None else 9


def keep_specific(groups: list[list[Event]]) -> list[Event]:
    """Within a sentence, drop events of a type already placed more precisely by another trigger."""
    best: dict[tuple[int, str], int] = {}
    for group in groups:
        for event in group:
            key = (event.evidence[0].start, event.sub_event_type)
            best[key] = min(best.get(key, 9), _rank(event))
    return [e for group in groups for e in group if _rank(e) <= best[(e.evidence[0].start, e.sub_event_type)]]


def _combatants(ctx: DocContext, span: tuple[int, int]) -> list[ActorMention]:
    """Armed or state actors mentioned in a span."""
    kinds = combatant_kinds()
    return [a for a in ctx.actors_in(*span) if a.kind in kinds]


def _defaulted(event: Event) -> bool:
    """True when the event's date is the publication date, not one the text gives."""
    return "date:published" in event.reason or "date:headline" in event.reason


def _same_occurrence(a: Event, b: Event) -> bool:
    """True when two events are repeated mentions of one occurrence (type, place and date agree)."""
    if a.sub_event_type != b.sub_event_type and not _one_blast(a, b):
        return False
    if a.sub_event_type in _TERRITORY and a.actor1 and b.actor1:
        # A capture and its recapture are two occurrences, even on one day; one captor takes a place once.
        return a.actor1 == b.actor1 and _close(a.place, b.place)
    if a.attributed_to and b.attributed_to and a.attributed_to != b.attributed_to and a.fatalities and b.fatalities \
            and a.fatalities != b.fatalities:
        return False  # two sources with different tolls: kept apart (they may not be one incident)
    pa, pb = a.place.place_id if a.place else None, b.place.place_id if b.place else None
    if pa and pb and pa != pb and not _nested(a.place, b.place):
        return False
    da, db = a.date.value if a.date else None, b.date.value if b.date else None
    if da == db:
        return True
    defaulted = (_defaulted(a), _defaulted(b))
    if da and db and any(defaulted) and pa == pb:
        return da[:7] == db[:7]
    # A blast or an attack on people is one moment: a next-day date at its place is the report's day.
    return a.event_type in _ONE_OFF and pa is not None and pb is not None and _within_a_day(a.date, b.date)


def _within_a_day(a: DateRef | None, b: DateRef | None) -> bool:
    """True when two day-precision dates are at most one day apart."""
    if a is None or b is None or a.precision != "day" or b.precision != "day":
        return False
    try:
        return abs((day_of.fromisoformat(a.value) - day_of.fromisoformat(b.value)).days) <= 1
    except ValueError:
        return False


def _one_blast(a: Event, b: Event) -> bool:
    """True for a suicide bombing and a bare explosion at one place within a day: one attack, told twice."""
    types = {a.sub_event_type, b.sub_event_type}
    if types != {"Suicide bomb", "Remote explosive/landmine/IED"}:
        return False
    same_place = a.place is not None and b.place is not None and (
        a.place.place_id == b.place.place_id or _nested(a.place, b.place))
    return same_place and _within_a_day(a.date, b.date)


def _close(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    """True for one place, or two within a town's extent (a quarter and its town: الحي الأول من مدينة الطبقة)."""
    if a is None or b is None:
        return False
    if a.place_id == b.place_id:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return abs(a.lat - b.lat) <= NESTED_DEGREES and abs(a.lon - b.lon) <= NESTED_DEGREES


def _nested(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    """True when one place is a site inside the other (a roundabout in its city): one location at two scales."""
    if a is None or b is None or None in (a.lat, a.lon, b.lat, b.lon) or a.kind == b.kind:
        return False
    kinds = {a.kind, b.kind}
    if not kinds & _SETTLEMENTS or not kinds & _SITES:
        return False
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return abs(a.lat - b.lat) <= NESTED_DEGREES and abs(a.lon - b.lon) <= NESTED_DEGREES


def _merge_pair(a: Event, b: Event) -> Event:
    """Merge b into a: evidence united, missing arguments filled from b, the explicit date and place kept."""
    date = b.date if _defaulted(a) and not _defaulted(b) else a.date
    actor1, actor2 = a.actor1 or b.actor1, a.actor2 or b.actor2
    place = b.place if a.place is None or (b.place is not None and b.place.kind in _SITES) else a.place
    if b.sub_event_type == "Suicide bomb" and a.sub_event_type != b.sub_event_type:
        a = replace(a, event_type=b.event_type, sub_event_type=b.sub_event_type, tags=b.tags)  # the precise type
    return replace(
        a, date=date, place=place, actor1=actor1, actor2=actor2 if actor2 != actor1 else None,
        victims=a.victims or b.victims, fatalities=a.fatalities or b.fatalities,
        attributed_to=a.attributed_to or b.attributed_to, counts=a.counts or b.counts,
        evidence=tuple(dict.fromkeys(a.evidence + b.evidence)),
        reason=a.reason if date is a.date else a.reason.replace("date:published", "date:merged").replace(
            "date:headline", "date:merged"),
    )


def merge_events(events: list[Event]) -> list[Event]:
    """Merge repeated mentions of the same occurrence (headline and body, restatements)."""
    merged: list[Event] = []
    for event in events:
        for index, kept in enumerate(merged):
            if _same_occurrence(kept, event):
                merged[index] = _merge_pair(kept, event)
                break
        else:
            merged.append(event)
    return merged
