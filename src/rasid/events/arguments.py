"""Event arguments: actors by clause position and case cues, victims, place, date, fatalities and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from functools import cache

from rasid.events.context import DocContext
from rasid.events.lexicon import PhraseIndex, normalized_set, stem_set, triggers_data, word_in, word_list
from rasid.model import ActorMention, DateRef, Fatalities, PlaceMention, PlaceRef, Quantity, TimeMention
from rasid.text.normalize import normalize_key
from rasid.text.tokenize import Token

# Place kinds from the most specific (a village) to the vaguest (a country).
PLACE_RANK = {"village": 0, "town": 0, "city": 0, "camp": 0, "facility": 0, "crossing": 0, "subdistrict": 1,
              "district": 1, "governorate": 2, "region": 3, "river": 4, "country": 5}
BROAD_KINDS = frozenset({"governorate", "region", "country", "river"})
_LAST_RESORT = frozenset({"country", "river"})  # used only when no other place is tied to the sentence
CUE_WINDOW = 3  # words before a mention searched for case cues (على، ضد، من قبل ...)
CONTEXT_DAYS = 7  # an earlier date this close to publication dates the report's undated sentences
GENITIVE_WINDOW = 2  # words after a trigger noun where its agent stands (غارات طيران التحالف)
FOLLOWING_DATE_WINDOW = 8  # words after a trigger within which a date is taken as the trigger's own
NUMBER_WINDOW = 3  # words around a quantity searched for death/wound words
LIST_GAP_CHARS = frozenset(" ،,و()«»\"“”-")
_TANWEEN = frozenset("\u064b\u064c\u064d")  # fathatan, dammatan, kasratan


def combatant_kinds() -> frozenset[str]:
    """Actor kinds that take part in violence (not sources)."""
    return frozenset(triggers_data()["combatant_kinds"])


def is_state(actor: ActorMention | None) -> bool:
    """True for a state force or government (ACLED's 'Government regains territory')."""
    if actor is None:
        return False
    return actor.kind in set(triggers_data()["state_kinds"]) and actor.actor_id not in set(
        triggers_data()["non_state_ids"])


@cache
def _anaphor_index() -> PhraseIndex:
    """Generic references to an armed group (التنظيم)."""
    return PhraseIndex((a, "anaphor") for a in triggers_data()["anaphors"])


@cache
def _between() -> frozenset[str]:
    """The preposition that opens a two-sided clash (بين X و Y)."""
    return normalized_set(["بين"])


@cache
def _since() -> frozenset[str]:
    """The preposition that opens a period (منذ)."""
    return normalized_set(["منذ"])


@cache
def _bare_force_index() -> PhraseIndex:
    """Bare references to a state's forces (الجيش)."""
    return PhraseIndex((a, "force") for a in triggers_data()["bare_forces"])


def _document_force(actors: list[ActorMention]) -> ActorMention | None:
    """The state force a bare الجيش means here: the one named most, else that of the government named most."""
    forces = Counter(a.actor_id for a in actors if a.kind == "state_force")
    if forces:
        top = forces.most_common(1)[0][0]
        return next(a for a in actors if a.actor_id == top)
    mapping: dict[str, str] = triggers_data()["government_forces"]
    governments = Counter(a.actor_id for a in actors if a.actor_id in mapping)
    if not governments:
        return None
    government = next(a for a in actors if a.actor_id == governments.most_common(1)[0][0])
    return replace(government, actor_id=mapping[government.actor_id], kind="state_force")


def resolve_bare_forces(ctx: DocContext, actors: list[ActorMention]) -> list[ActorMention]:
    """Actor mentions plus bare references to an army (الجيش وحلفاؤه) resolved from the document's state."""
    hits = [h for h in _bare_force_index().scan(ctx.tokens)
            if not any(a.start < h.end and h.start < a.end for a in actors)]  # not part of a named actor
    source = _document_force(actors) if hits else None
    if source is None:
        return actors
    added = [replace(source, start=hit.start, end=hit.end, text=ctx.at.text[hit.start:hit.end],
                     reason=f"bare_force:{source.actor_id}") for hit in hits]
    return sorted(actors + added, key=lambda a: a.start)


def resolve_anaphors(ctx: DocContext) -> list[ActorMention]:
    """Actor mentions plus generic references (التنظيم) resolved to the armed group last named before them."""
    index = _anaphor_index()
    real = resolve_bare_forces(ctx, list(ctx.actors))
    heads = word_list("anaphor_excluded_heads")
    armed = [a for a in real if a.kind == "armed_group" and normalize_key(a.text).split()[0] not in heads]
    if not armed:
        return real
    counts = Counter(a.actor_id for a in armed)
    names: dict[str, set[str]] = {}
    for a in armed:
        names.setdefault(a.actor_id, set()).add(normalize_key(a.text))
    first = {a.actor_id: a for a in reversed(armed)}
    covered = {i for a in real for i in range(a.start, a.end)}
    added: list[ActorMention] = []
    for hit in index.scan(ctx.tokens):
        if any(i in covered for i in range(hit.start, hit.end)):
            continue
        # التنظيم refers to the group the text has called تنظيم ...; otherwise to the most named armed group.
        head = normalize_key(ctx.at.text[hit.start:hit.end]).split()[-1].removeprefix("ال")
        named = {actor_id for actor_id, texts in names.items() if any(head in t for t in texts)}
        source = first[max(named or counts, key=lambda actor_id: counts[actor_id])]
        added.append(replace(source, start=hit.start, end=hit.end, text=ctx.at.text[hit.start:hit.end],
                             reason=f"anaphor:{source.actor_id}"))
    return sorted(real + added, key=lambda a: a.start)


def _cue_before(ctx: DocContext, offset: int, words: frozenset[str]) -> bool:
    """True when one of `words` is among the few words right before an offset (same sentence)."""
    index = ctx.token_index(offset)
    sentence = ctx.sentence_of(offset)
    for k in range(max(0, index - CUE_WINDOW), index):
        if ctx.token_sentence[k] == sentence and word_in(ctx.tokens[k], words):
            return True
    return False


def pick_actors(ctx: DocContext, actors: list[ActorMention], trigger: tuple[int, int], clause: tuple[int, int],
                sentence: tuple[int, int], two_sided: bool, object_genitive: bool = False
                ) -> tuple[ActorMention | None, ActorMention | None]:
    """(actor1, actor2): the nearest agent to the trigger and the actor marked as the target.

    `object_genitive`: an actor inside the trigger phrase is its object (طرد التنظيم: the side expelled).

    An actor right after a trigger noun is its agent (idafa: غارات التحالف، قصف للتحالف، هجوم داعش).
    """
    trigger_start, trigger_end = trigger
    kinds = combatant_kinds()
    del actors  # the document's (anaphor-resolved) actors are read through ctx's span lookups
    candidates = [a for a in ctx.actors_in(*clause) if a.kind in kinds]
    if not candidates:
        candidates = [a for a in ctx.actors_in(*sentence) if a.kind in kinds]
    if not candidates:
        return None, None
    targets_words, agent_words = word_list("target_cues"), word_list("agent_cues")
    between = _between()
    if _cue_before(ctx, candidates[0].start, between):
        # The second side may stand past a comma (بين X من جانب، وY من جانب آخر).
        rest = [a for a in ctx.actors_in(candidates[0].end, sentence[1]) if a.kind in kinds
                and not is_supporter(ctx, a)]
        other = next((c for c in rest if c.actor_id != candidates[0].actor_id), None)
        # بين X و Y names both sides in no set order: the side the document shows on the offensive goes first.
        if two_sided and other is not None and _leads_offense(ctx, other.actor_id, candidates[0].actor_id,
                                                              clause[0]):
            return other, candidates[0]
        return candidates[0], other
    agents: list[ActorMention] = []
    targets: list[ActorMention] = []
    support = word_list("support_cues")
    backed = [c for c in candidates if not is_supporter(ctx, c, support)]
    if not backed and any(a.kind in kinds for a in ctx.actors_in(sentence[0], clause[0])):
        backed = []  # the clause names only backers (بدعم من التحالف): the agent is the sentence's subject
    elif not backed:
        backed = candidates
    candidates = backed
    previous: ActorMention | None = None
    for actor in candidates:
        if previous is not None and previous.actor_id == actor.actor_id and _appositive(ctx, previous, actor):
            is_target = previous in targets  # تنظيم الدولة (داعش): the bracketed name shares the role
        else:
            is_target = _taken_from(ctx, actor) or (
                (_cue_before(ctx, actor.start, targets_words) or _purpose_object(ctx, actor)
                 or _object_of_plural_verb(ctx, trigger, actor)
                 or (object_genitive and trigger_start <= actor.start < trigger_end))
                and not _cue_before(ctx, actor.start, agent_words))
        (targets if is_target else agents).append(actor)
        previous = actor
    if not agents:
        # The clause names only the attacked side: the agent is the sentence's subject named before the clause.
        agents = [a for a in ctx.actors_in(sentence[0], clause[0]) if a.kind in kinds
                  and not is_supporter(ctx, a, support) and not _cue_before(ctx, a.start, targets_words)][:1]
    last = ctx.token_index(max(trigger_start, trigger_end - 1))
    genitive = [a for a in agents if 0 < ctx.token_index(a.start) - last <= GENITIVE_WINDOW
                and _genitive_link(ctx, last, ctx.token_index(a.start))] if not _plural_verb(ctx.tokens[last]) else []
    # An actor introduced as the doer (طيران، مقاتلات، من قبل) outranks a merely closer one.
    marked = [a for a in agents if _cue_before(ctx, a.start, agent_words)]
    nearest = min(marked or agents, key=lambda a: abs(a.start - trigger_start)) if agents else None
    actor1 = genitive[0] if genitive else nearest
    actor2 = min(targets, key=lambda a: abs(a.start - trigger_start)) if targets else None
    if actor1 is not None and actor2 is not None and actor1.actor_id == actor2.actor_id:
        actor2 = None
    if two_sided and actor2 is None and actor1 is not None:
        actor2 = next((a for a in agents if a.actor_id != actor1.actor_id), None)
    return actor1, actor2


def _nunated(ctx: DocContext, index: int) -> bool:
    """True when a token ends in tanween (هجوماً): an indefinite noun heads no idafa, so no agent follows it."""
    token = ctx.tokens[index]
    return bool(_TANWEEN & set(ctx.at.text[token.start:token.end + 1]))


def _genitive_link(ctx: DocContext, trigger_last: int, actor_first: int) -> bool:
    """True when only an adjective-like word stands between a trigger noun and an actor (غارات جوية للتحالف).

    A word with the purpose لـ (لطرد، لاستعادة) opens a new verbal noun whose object the actor is.
    """
    if _nunated(ctx, trigger_last) and not _lam_prefixed(ctx.tokens[actor_first].norm):
        return False  # هجوماً التنظيم is no idafa; هجوماً للتنظيم names the agent with لـ
    for k in range(trigger_last + 1, actor_first):
        norm = ctx.tokens[k].norm
        if ctx.tokens[k].kind != "word" or (_lam_prefixed(norm) and len(norm) > 3):
            return False
    return True


def _taken_from(ctx: DocContext, actor: ActorMention) -> bool:
    """True for an actor after 'from the hands of' (من يد، من قبضة): the side that lost, whatever follows."""
    index = ctx.token_index(actor.start)
    words = [t.norm for t in ctx.tokens[max(0, index - 2):index]]
    return " ".join(words) in word_list("taken_from")


def _purpose_object(ctx: DocContext, actor: ActorMention) -> bool:
    """True for the object of a purpose verbal noun (هجوماً لطرد التنظيم): the side attacked."""
    index = ctx.token_index(actor.start)
    if index == 0 or ctx.token_sentence[index - 1] != ctx.token_sentence[index]:
        return False
    before = ctx.tokens[index - 1]
    return before.kind == "word" and _lam_prefixed(before.norm) and len(before.norm) > 3


def _object_of_plural_verb(ctx: DocContext, trigger: tuple[int, int], actor: ActorMention) -> bool:
    """True for an actor right after a plural-agreeing verb trigger (يطوقون التنظيم): its object."""
    last = ctx.token_index(max(trigger[0], trigger[1] - 1))
    return _plural_verb(ctx.tokens[last]) and 0 < ctx.token_index(actor.start) - last <= 1


def _plural_verb(token: Token) -> bool:
    """True for a verb agreeing with a plural subject before it (يطوقون، فجروا): the actor after it is its object."""
    norm = token.norm
    return (norm[:1] in {"ي", "ت"} and norm.endswith("ون")) or (len(norm) > 3 and norm.endswith("وا"))


def _lam_prefixed(norm: str) -> bool:
    """True for a word carrying the preposition لـ (للتحالف، لطرد), not the article."""
    return norm.startswith("ل") and not norm.startswith("ال")


def _leads_offense(ctx: DocContext, challenger: str, first: str, offset: int) -> bool:
    """True when `challenger` leads more offensives than `first`, or as many and the last one before `offset`."""
    counts = Counter(actor_id for _, actor_id in ctx.offense)
    if counts[challenger] != counts[first]:
        return counts[challenger] > counts[first]
    before = [actor_id for position, actor_id in ctx.offense if position < offset and actor_id in {challenger, first}]
    return bool(before) and before[-1] == challenger


def offense_scores(ctx: DocContext, triggers: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]
                   ) -> list[tuple[int, str]]:
    """(offset, agent) of every offensive, advance or capture (given as trigger, clause and sentence spans)."""
    scores: list[tuple[int, str]] = []
    between = _between()
    for trigger, clause, sentence in triggers:
        first = next((a for a in ctx.actors_in(*clause) if a.kind in combatant_kinds()), None)
        if first is not None and _cue_before(ctx, first.start, between):
            continue
        agent, _ = pick_actors(ctx, ctx.actors, trigger, clause, sentence, False)
        if agent is not None:
            scores.append((trigger[0], agent.actor_id))
    return scores


def _appositive(ctx: DocContext, first: ActorMention, second: ActorMention) -> bool:
    """True when the second mention only restates the first (brackets or quotes between them)."""
    gap = ctx.at.text[first.end:second.start]
    return len(gap) <= 4 and not gap.strip(" ()«»\"'“”-")


def is_supporter(ctx: DocContext, actor: ActorMention, support: frozenset[str] | None = None) -> bool:
    """True for an actor introduced as backing another (بمساندة التحالف، المدعومة من واشنطن)."""
    return _cue_before(ctx, actor.start, support if support is not None else word_list("support_cues"))


def _specificity(place: PlaceMention) -> int:
    """Rank of a place kind (0 is a village)."""
    return PLACE_RANK.get(place.kind, 2)


def pick_places(ctx: DocContext, trigger_start: int, clause: tuple[int, int], sentence_index: int
                ) -> list[tuple[PlaceMention, int, str]]:
    """The places tied to a trigger, as (place, geo_precision, rule); several for a coordinated list."""
    sentence = ctx.sentences[sentence_index]
    sentence_span = (sentence.start, sentence.end)
    # Countries and rivers come last: a passing mention (جنسيات سورية، ضفاف الفرات) must not hide the villages.
    for span, rule, countries in ((clause, "clause", False), (sentence_span, "sentence", False),
                                  (clause, "clause", True), (sentence_span, "sentence", True)):
        inside = [p for p in ctx.places_in(*span) if (p.kind in _LAST_RESORT) == countries]
        if (rule == "sentence" and not countries and not inside) or (rule == "sentence" and _refers_back(ctx, clause)):
            # في البلدة: the clause points back to a place named before; prefer it to other clauses' places.
            anaphor = _context_place(ctx, clause, sentence_index)
            if anaphor:
                return anaphor
        if inside:
            best = min(inside, key=lambda p: (_specificity(p), p.start < trigger_start, abs(p.start - trigger_start)))
            chain = _coordinated(ctx, inside, best)
            return [(p, _geo_precision(ctx, p), f"place:{rule}") for p in chain]
    return _context_place(ctx, clause, sentence_index)


def _coordinated(ctx: DocContext, inside: list[PlaceMention], best: PlaceMention, loose: bool = False
                 ) -> list[PlaceMention]:
    """The list of same-rank places joined to `best` by و، commas and brackets.

    `loose` also bridges a short coordinated stretch holding an unrecognized name (وأبو صراح و).
    """
    ordered = sorted(inside, key=lambda p: p.start)
    position = ordered.index(best)
    chain = [best]
    for step in (-1, 1):
        k = position
        while 0 <= k + step < len(ordered):
            a, b = (ordered[k + step], ordered[k]) if step < 0 else (ordered[k], ordered[k + step])
            gap = ctx.at.text[a.end:b.start]
            nxt = ordered[k + step]
            if _specificity(nxt) != _specificity(best) or not (_list_gap(gap) or (loose and _loose_gap(gap))):
                break
            chain.append(nxt)
            k += step
    unique: dict[str, PlaceMention] = {}
    for place in sorted(chain, key=lambda p: p.start):
        unique.setdefault(place.place_id, place)
    return list(unique.values())


def _list_gap(gap: str) -> bool:
    """True when only separators stand between two list items."""
    return len(gap) <= 12 and set(gap) <= LIST_GAP_CHARS


def _loose_gap(gap: str) -> bool:
    """True for a short coordinated stretch (a few words joined by و or commas)."""
    words = gap.replace("،", " ").replace(",", " ").split()
    return len(gap) <= 40 and len(words) <= 5 and not set(gap) & set(".:؛;!?؟\n") and any(
        w.startswith("و") for w in words)


def _geo_precision(ctx: DocContext, place: PlaceMention) -> int:
    """3 for a governorate/region/country, 2 for a district or a place qualified by 'near', else 1."""
    if place.kind in BROAD_KINDS:
        return 3
    if _cue_before(ctx, place.start, word_list("modifiers", "near")):
        return 2
    return 2 if PLACE_RANK.get(place.kind, 0) == 1 else 1


def _refers_back(ctx: DocContext, clause: tuple[int, int]) -> bool:
    """True when the clause names a place only by a common noun (في البلدة، القرية)."""
    generic = word_list("modifiers", "generic_place")
    lo_tok, hi_tok = ctx.token_at(clause[0]), ctx.token_at(clause[1])
    if ctx.places_in(*clause):
        return False
    return any(word_in(ctx.tokens[i], generic) for i in range(lo_tok, min(hi_tok, len(ctx.tokens))))


def _generic_kinds(ctx: DocContext, clause: tuple[int, int]) -> frozenset[str] | None:
    """The place kinds a clause's common noun can refer to (المخيم a camp, القرية a village); None: any."""
    table = _generic_kind_table()
    lo_tok, hi_tok = ctx.token_at(clause[0]), ctx.token_at(clause[1])
    for k in range(lo_tok, min(hi_tok, len(ctx.tokens))):
        if ctx.tokens[k].kind == "word":
            for reading in stem_set(ctx.tokens[k].norm):
                if reading in table:
                    return table[reading]
    return None


@cache
def _generic_kind_table() -> dict[str, frozenset[str]]:
    """Normalized common place nouns → the kinds they may refer to."""
    table: dict[str, list[str]] = triggers_data()["generic_place_kinds"]
    return {normalize_key(noun): frozenset(kinds) for noun, kinds in table.items()}


def _context_place(ctx: DocContext, clause: tuple[int, int], sentence_index: int
                   ) -> list[tuple[PlaceMention, int, str]]:
    """A place from the previous sentences when the clause refers back to it (في البلدة)."""
    lo = ctx.sentences[max(0, sentence_index - 2)].start
    # The antecedent may stand earlier in the same sentence (دخلوا مخيم هجين ... وأحرقوا الخيام في المخيم).
    earlier = ctx.places_in(lo, max(clause[0], ctx.sentences[sentence_index].start))
    if not earlier:
        return []
    kinds = _generic_kinds(ctx, clause)
    specific = [p for p in earlier if _specificity(p) == 0 and (kinds is None or p.kind in kinds)]
    if _refers_back(ctx, clause) and specific:
        return [(specific[-1], 1, "place:anaphor")]
    return []  # a place merely mentioned nearby is too often another occurrence's


def place_ref(place: PlaceMention, geo_precision: int | None) -> PlaceRef:
    """The contract's place object of a mention."""
    return PlaceRef(place.name_en, place.lat, place.lon, place.place_id, geo_precision, place.kind)


def pick_date(ctx: DocContext, trigger_start: int, clause: tuple[int, int], sentence_index: int
              ) -> tuple[DateRef | None, str]:
    """The clause's (else the sentence's) time expression nearest the trigger, else the publication month."""
    sentence = ctx.sentences[sentence_index]
    precisions = {"day", "month", "year", "interval"}
    for span, rule in ((clause, "date:clause"), ((sentence.start, sentence.end), "date:sentence")):
        inside = [t for t in ctx.times_in(*span) if useful_time(t, ctx.published.value, precisions)]
        if inside:
            # A date right after the trigger is its own (إعلان الخلافة في 28 يونيو); one before it may open a
            # period leading up to it (نهاية 2013 حتى إعلان الخلافة).
            trigger_token = ctx.token_index(trigger_start)
            following = [t for t in inside if t.start > trigger_start
                         and ctx.token_index(t.start) - trigger_token <= FOLLOWING_DATE_WINDOW]
            best = following[0] if following else min(inside, key=lambda t: abs(t.start - trigger_start))
            return DateRef(str(best.value), str(best.precision)), rule
    context = _context_date(ctx, sentence_index)
    if context is not None:
        return context, "date:context"
    if (sentence_index == 0 or sentence_index in ctx.headline_lines()) and ctx.published.value and len(ctx.published.value) == 10:
        # A headline (and its sub-headline) reports the news of its day.
        return DateRef(ctx.published.value, "day"), "date:headline"
    return publication_month(ctx), "date:published"


def _context_date(ctx: DocContext, sentence_index: int) -> DateRef | None:
    """The last recent day (a week before publication at most) named earlier: the report's own news day."""
    if sentence_index == 0 or not ctx.published.value or len(ctx.published.value) < 10:
        return None
    before = ctx.sentences[sentence_index].start
    recent = [t for t in ctx.times_in(0, before) if t.precision == "day" and t.value
              and 0 <= _days_before(str(t.value), ctx.published.value) <= CONTEXT_DAYS]
    return DateRef(str(recent[-1].value), "day") if recent else None


def _days_before(value: str, published: str) -> int:
    """Days from a date to the publication date (negative when after it; large when unparsable)."""
    try:
        return (date.fromisoformat(published[:10]) - date.fromisoformat(value[:10])).days
    except ValueError:
        return 10_000


def useful_time(t: TimeMention, published: str | None,
                precisions: frozenset[str] | set[str] = frozenset({"day", "month", "year"})) -> bool:
    """A dated time worth giving an event: not a duration, nor the bare current year (هذا العام)."""
    if not t.value or t.precision not in precisions:
        return False
    return not (t.precision == "year" and published is not None and str(t.value) == published[:4])


def publication_month(ctx: DocContext) -> DateRef | None:
    """The publication date at month precision (ACLED's 'reported in' dating), or None."""
    value = ctx.published.value
    if not value:
        return None
    return DateRef(value[:7], "month") if len(value) >= 7 else DateRef(value[:4], "year")


def publication_day(ctx: DocContext) -> DateRef | None:
    """The publication date at its own precision, or None."""
    value = ctx.published.value
    if not value:
        return None
    return DateRef(value, {10: "day", 7: "month"}.get(len(value), "year"))


def is_historical(date: DateRef | None, published: str | None, months: int = 12) -> bool:
    """True when the date lies about a year or more before publication."""
    if date is None or not published:
        return False
    start = date.value.split("/")[0]
    try:
        year, month = int(start[:4]), int(start[5:7]) if len(start) >= 7 else 6
        pub_year, pub_month = int(published[:4]), int(published[5:7]) if len(published) >= 7 else 6
    except ValueError:
        return False
    return (pub_year - year) * 12 + (pub_month - month) >= months


def _near_words(ctx: DocContext, q: Quantity, words: frozenset[str]) -> bool:
    """True when one of `words` is within a few words of a quantity (same sentence)."""
    first, last = ctx.token_at(q.start), ctx.token_at(q.end) - 1
    sentence = ctx.sentence_of(q.start)
    lo, hi = max(0, first - NUMBER_WINDOW), min(len(ctx.tokens), last + NUMBER_WINDOW + 1)
    return any(ctx.token_sentence[k] == sentence and word_in(ctx.tokens[k], words)
               for k in range(lo, hi) if not first <= k <= last)


def is_subgroup(ctx: DocContext, q: Quantity) -> bool:
    """True for a breakdown of another figure (بينهم 5 أطفال)."""
    return _cue_before(ctx, q.start, word_list("modifiers", "subgroup"))


def acled_best(q: Quantity) -> int:
    """ACLED's conservative count: the low end of a range or of a vague count (عشرات → 10)."""
    return int(q.low)


def fatalities_in(ctx: DocContext, span: tuple[int, int]) -> Fatalities | None:
    """Deaths reported by the quantities of a span (breakdowns excluded), summed."""
    death = word_list("modifiers", "death")
    people = set(triggers_data()["person_units"])
    found = [q for q in ctx.quantities_in(*span) if (q.unit is None or q.unit in people)
             and _near_words(ctx, q, death)
             and not is_subgroup(ctx, q) and not _near_words(ctx, q, word_list("modifiers", "wounded"))]
    if not found:
        return None
    low, best, high = sum(int(q.low) for q in found), sum(acled_best(q) for q in found), sum(
        int(q.high) for q in found)
    return Fatalities(low, best, high)


def counts_in(ctx: DocContext, span: tuple[int, int]) -> tuple[tuple[str, float], ...]:
    """Other figures of the span: wounded (and families for displacement)."""
    wounded = word_list("modifiers", "wounded")
    out: dict[str, float] = {}
    for q in ctx.quantities_in(*span):
        if not is_subgroup(ctx, q):
            if _near_words(ctx, q, wounded):
                out["wounded"] = out.get("wounded", 0) + q.low
            elif q.unit == "family":
                out["families"] = out.get("families", 0) + q.low
    return tuple(sorted(out.items()))


def victims_in(ctx: DocContext, clause: tuple[int, int], default: str | None) -> str | None:
    """'civilians' when the clause names civilians, women or children; else the trigger's default."""
    words = word_list("modifiers", "civilians")
    lo, hi = ctx.token_at(clause[0]), ctx.token_at(clause[1])
    if any(word_in(ctx.tokens[i], words) for i in range(lo, min(hi, len(ctx.tokens)))):
        return "civilians"
    return default


def times_since(ctx: DocContext, span: tuple[int, int]) -> TimeMention | None:
    """The time expression of a span introduced by منذ (the start of a period)."""
    since = _since()
    for t in ctx.times_in(*span):
        if t.value and _cue_before(ctx, t.start, since):
            return t
    return None
