"""Claims: figures a source states about a quantity of interest, with who they are about and where."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from rasid.events.arguments import PLACE_RANK, combatant_kinds, is_subgroup, times_since
from rasid.events.context import DocContext
from rasid.events.lexicon import PhraseIndex, normalized_set, triggers_data, word_in, word_list
from rasid.model import ActorMention, Claim, EvidenceSpan, Quantity
from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key

CUE_WINDOW = 5  # words around a quantity searched for the subject cue
AFTER_PENALTY = 2  # extra distance of a subject cue standing after the number
ABOUT_WINDOW = 5  # words after (or before) a quantity searched for the actor it counts
_SUBGROUPS = {"child": "children", "woman": "women"}
_COORDINATORS = frozenset({"الي", "عن", "و", "بينما", "فيما"})  # إضافة إلى، فضلا عن ...
_PERPETRATED = frozenset({"civilian_deaths", "executed", "abducted"})
TOLL_WINDOW = 15  # words before a toll's figure searched for عدد/حصيلة and its subject
CAUSE_WINDOW = 3  # words before an actor searched for a cause word (قصف، برصاص)
FOREIGN_WINDOW = 3  # words after a count of fighters searched for "foreign"
_CASUALTY_SUBJECTS = frozenset({"deaths", "wounded", "casualties"})


@cache
def subject_index() -> tuple[PhraseIndex, dict[str, int]]:
    """Claim-subject cues (payload: subject) and each subject's rank for ties."""
    entries = triggers_data()["claim_subjects"]
    index = PhraseIndex((cue, str(e["subject"])) for e in entries for cue in e["cues"])
    return index, {str(e["subject"]): rank for rank, e in enumerate(entries)}


def find_claims(ctx: DocContext, sources: list[str | None]) -> list[Claim]:
    """Every figure of interest in the text as a claim, repeated statements merged."""
    claims: list[Claim] = []
    parents: dict[int, Claim] = {}
    for q in ctx.quantities:
        claim = _claim_of(ctx, q, sources, parents)
        if claim is not None:
            claims.append(claim)
            if claim.subgroup is None:
                parents[ctx.sentence_of(q.start)] = claim
    return merge_claims(claims)


def merge_claims(claims: list[Claim]) -> list[Claim]:
    """Merge restatements of one figure by one source (same subject, value, breakdown); keep the fuller one.

    A statement in the outlet's own voice (a headline, a lead) merges with any source's; two named sources
    stating the same figure are two claims, and so are two figures about different actors.
    """
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for claim in claims:
        kept = groups.setdefault((claim.subject, claim.low, claim.high, claim.subgroup), [])
        for index, other in enumerate(kept):
            if _compatible(other.attributed_to, claim.attributed_to) and _compatible(other.about, claim.about):
                kept[index] = replace(other, about=other.about or claim.about,
                                      attributed_to=other.attributed_to or claim.attributed_to)
                break
        else:
            kept.append(claim)
    return [claim for group in groups.values() for claim in group]


def _compatible(a: str | None, b: str | None) -> bool:
    """True when two optional ids do not contradict each other."""
    return a is None or b is None or a == b


@cache
def claims_grammar() -> dict[str, frozenset[str]]:
    """The normalized word lists of the claims section of claims_control.yaml."""
    data: dict[str, list[str]] = load_yaml("claims_control.yaml")["claims"]
    return {name: normalized_set(words) for name, words in data.items()}


def claim_subject(ctx: DocContext, q: Quantity) -> tuple[str | None, str]:
    """The subject whose cue is nearest the quantity, else one implied by its unit."""
    index, rank = subject_index()
    sentence = ctx.sentence_of(q.start)
    first, last = ctx.token_at(q.start), ctx.token_at(q.end) - 1
    lo, hi = ctx.sentence_tokens[sentence]
    hits = index.scan(ctx.tokens, max(lo, first - CUE_WINDOW), min(hi, last + CUE_WINDOW + 1))
    clause = ctx.clause_of(min(first, len(ctx.tokens) - 1))
    # The counted noun (عنصرا، مقاتلي) only says "fighters" when no event word (killed, surrendered...) is near.
    # A governing word usually precedes its number (اعتقلت 30، مقتل 15); one after it counts as farther away,
    # and one after it beyond a comma belongs to another clause.
    scored = [(h.payload == "fighters", first - h.last if h.last < first else h.first - last + AFTER_PENALTY,
               rank[h.payload], h.payload) for h in hits
              if h.last < first or (h.first > last and h.start < clause[1])]
    if scored:
        return min(scored)[3], "cue"
    units = triggers_data()
    if q.unit in set(units["fighter_units"]):
        return "fighters", "unit"
    if q.unit is not None and normalize_key(q.unit) in claims_grammar()["subject_units"]:
        return q.unit, "unit"
    subject = units["unit_subjects"].get(q.unit or "")
    return (str(subject), "unit") if subject else (None, "")


def _claim_of(ctx: DocContext, q: Quantity, sources: list[str | None], parents: dict[int, Claim]
              ) -> Claim | None:
    """The claim a quantity makes, or None when it counts nothing of interest."""
    units = triggers_data()
    subject, rule = claim_subject(ctx, q)
    if rule in {"", "unit"}:
        toll = _toll_subject(ctx, q)
        if toll is not None:
            subject, rule = toll, "toll"
    allowed = set(units["person_units"]) | set(units["area_units"]) | {
        u for u in ("wounded",) if u in claims_grammar()["subject_units"]}
    if subject == "area_km2":
        allowed = set(units["area_like_units"])
    if q.unit is not None and q.unit not in allowed:
        return None
    sentence_index = ctx.sentence_of(q.start)
    parent = parents.get(sentence_index)
    subgroup = _SUBGROUPS.get(q.unit or "", q.unit) if (is_subgroup(ctx, q) or q.unit in _SUBGROUPS) else None
    if subgroup is not None and parent is not None:
        subject, rule = parent.subject, "subgroup"
    elif (subject is None or rule == "unit" or subject == "fighters") and parent is not None and (
            _coordinated_number(ctx, q)):
        # مقتل 25 من قوات النظام و18 من الجهاديين: a coordinated number shares the first one's subject ...
        subject, rule = parent.subject, "coordinated"
        if subject == "civilian_deaths" and _counts_fighters(ctx, q):
            subject = "deaths"  # ... but fighters counted beside civilians died as fighters
    if subject is None:
        return None
    if subject == "deaths" and subgroup is None and (
            q.unit == "civilian" or _civilians_after(ctx, q)
            or (parent is not None and parent.subject == "civilian_deaths" and not _counts_fighters(ctx, q))):
        # A toll restated in a sentence about civilians (ارتفع عدد الضحايا إلى ...) still counts civilians.
        subject = "civilian_deaths"
    if subject in {"deaths", "civilian_deaths"} and q.unit == "fatality" and _with_wounded(ctx, q):
        subject = "casualties"
    if subject == "fighters" and _foreign(ctx, q):
        subject = "foreign_fighters"
    sentence = ctx.sentences[sentence_index]
    about_id: str | None
    if rule == "subgroup" and parent is not None:
        about_id = parent.about
    else:
        about = _about(ctx, q, subject, (sentence.start, sentence.end))
        about_id = about.actor_id if about else None
    since = times_since(ctx, (sentence.start, sentence.end))
    return Claim(
        subject=subject, about=about_id, where=_where(ctx, sentence.start, sentence.end),
        low=q.low, high=q.high, approx=q.approx, bound=q.bound, attributed_to=sources[sentence_index],
        evidence=EvidenceSpan(sentence.start, sentence.end), reason=f"claim:{subject}:{rule}",
        subgroup=subgroup, since=since.value if since else None, as_of=_as_of(ctx, sentence.start, sentence.end),
        unit=q.unit,
    )


def _toll_subject(ctx: DocContext, q: Quantity) -> str | None:
    """The subject of a running toll (ارتفع عدد الضحايا في المحافظة إلى نحو 50): cue after عدد/حصيلة, far before."""
    grammar = claims_grammar()
    index = ctx.token_index(q.start)
    if index == 0 or not word_in(ctx.tokens[index - 1], grammar["toll_links"]):
        return None
    lo = max(ctx.sentence_tokens[ctx.token_sentence[index]][0], index - TOLL_WINDOW)
    subjects, _ = subject_index()
    for k in range(index - 2, lo - 1, -1):
        if word_in(ctx.tokens[k], grammar["toll_nouns"]):
            for j in range(k + 1, min(k + 3, index)):
                hit = subjects.match_at(ctx.tokens, j)
                if hit is not None:
                    return hit.payload
    return None


def _counts_fighters(ctx: DocContext, q: Quantity) -> bool:
    """True when the number counts fighters (خمسة عناصر، خمسة من مقاتلي ...)."""
    if q.unit in set(triggers_data()["fighter_units"]):
        return True
    index = ctx.token_at(q.end)
    return any(word_in(t, _member_nouns()) for t in ctx.tokens[index:index + 2])


def _foreign(ctx: DocContext, q: Quantity) -> bool:
    """True when the counted fighters are called foreign (الآلاف من المقاتلين الأجانب)."""
    index = ctx.token_at(q.end)
    return any(word_in(t, claims_grammar()["foreign"]) for t in ctx.tokens[index:index + FOREIGN_WINDOW])


def _coordinated_number(ctx: DocContext, q: Quantity) -> bool:
    """True when the number is joined to a previous one (و18، إضافة إلى خمسة، فضلا عن)."""
    index = ctx.token_index(q.start)
    if ctx.tokens[index].norm.startswith("و") and ctx.tokens[index].start == q.start:
        return True
    previous = [t.norm for t in ctx.tokens[max(0, index - 2):index]]
    return bool(set(previous) & _COORDINATORS) or (q.start > 0 and ctx.at.text[q.start - 1] == "و")


def _civilians_after(ctx: DocContext, q: Quantity) -> bool:
    """True when the counted people are named civilians (226 مواطنا، 30 شخصا مدنيا) in or right after the count."""
    first, index = ctx.token_at(q.start), ctx.token_at(q.end)
    nouns = claims_grammar()["civilian_nouns"]
    return any(word_in(t, nouns) for t in ctx.tokens[first:index + 1])


def _with_wounded(ctx: DocContext, q: Quantity) -> bool:
    """True when the dead are counted together with the wounded (عشرات القتلى والجرحى)."""
    index = ctx.token_at(q.end)
    return index < len(ctx.tokens) and word_in(ctx.tokens[index], claims_grammar()["wounded_nouns"])


def _about(ctx: DocContext, q: Quantity, subject: str, sentence: tuple[int, int]) -> ActorMention | None:
    """The actor the counted people belong to, or the perpetrator for civilian deaths and executions."""
    kinds = combatant_kinds()
    inside = [a for a in ctx.actors_in(*sentence) if a.kind in kinds]
    q_first, q_last = ctx.token_at(q.start), ctx.token_at(q.end)
    if subject in _PERPETRATED:
        agents = [a for a in inside if not _after_target(ctx, a) and not _between(ctx, a)]
        found = _perpetrator(ctx, q, agents)
        if found is None and subject != "civilian_deaths" and agents:
            # Abductions and executions are deliberate acts: the sentence's agent did them.
            found = min(agents, key=lambda a: abs(a.start - q.start))
        return found
    if subject in {"population", "displaced", "families_trapped"} or _both_sides(ctx, q_last):
        return None
    # The counted side follows its number (20 من عناصر التنظيم) but not past the next figure (و18 من ...).
    following = [n for n in ctx.quantities_in(q.end, sentence[1]) if n.start >= q.end]
    limit = following[0].start if following else sentence[1]
    after = [a for a in inside if q.end <= a.start < limit and ctx.token_at(a.start) - q_last <= ABOUT_WINDOW]
    if after:
        return after[0]
    before = [a for a in inside if a.end <= q.start and q_first - ctx.token_at(a.end) <= ABOUT_WINDOW]
    if before:
        return before[-1]
    if subject in _CASUALTY_SUBJECTS and (q.unit is None or q.unit in set(triggers_data()["fighter_units"])):
        # هجوم ضد قوات النظام أسفر عن مقتل عنصر وإصابة اثنين: the casualties of an attack are the attacked side's.
        targets = [a for a in inside if a.end <= q.start and _after_target(ctx, a)]
        return targets[-1] if targets else None
    return None


def _perpetrator(ctx: DocContext, q: Quantity, agents: list[ActorMention]) -> ActorMention | None:
    """Who caused the deaths: an actor after a cause word (قصف، برصاص، على يد), else the subject of the killing."""
    causes = claims_grammar()["cause_words"]
    caused = [a for a in agents if any(word_in(t, causes) for t in ctx.tokens[
        max(0, ctx.token_index(a.start) - CAUSE_WINDOW):ctx.token_index(a.start)])]
    if caused:
        return min(caused, key=lambda a: abs(a.start - q.start))
    q_first = ctx.token_at(q.start)
    subjects = [a for a in agents if a.end <= q.start and q_first - ctx.token_at(a.end) <= ABOUT_WINDOW]
    return subjects[-1] if subjects else None


def _between(ctx: DocContext, actor: ActorMention) -> bool:
    """True for an actor named as one of two sides (بين قسد وداعش)."""
    index = ctx.token_index(actor.start)
    return any(word_in(t, claims_grammar()["between"]) for t in ctx.tokens[max(0, index - 4):index])


def _both_sides(ctx: DocContext, q_last: int) -> bool:
    """True when the count is said to cover both sides (في صفوف الطرفين)."""
    words = claims_grammar()["both_sides"]
    return any(word_in(t, words) for t in ctx.tokens[q_last:q_last + ABOUT_WINDOW])


def _after_target(ctx: DocContext, actor: ActorMention) -> bool:
    """True when the actor stands after من/على/ضد/صفوف (the counted or attacked side, not the perpetrator)."""
    index = ctx.token_index(actor.start)
    if any(word_in(ctx.tokens[k], _attacked_cues()) for k in range(max(0, index - 2), index)):
        return True
    # من مقاتلي قسد / من عناصر التنظيم: the actor whose members are counted, not the one who killed them.
    before = [t for t in ctx.tokens[max(0, index - 2):index] if t.kind == "word"]
    return len(before) == 2 and before[0].norm == "من" and word_in(before[1], _member_nouns())


@cache
def _member_nouns() -> frozenset[str]:
    """Nouns for the members of an armed group (مقاتلي، عناصر ...)."""
    return normalized_set(["مقاتلي", "عناصر", "مسلحي", "أفراد", "قوات", "جنود", "منتسبي"])


@cache
def _attacked_cues() -> frozenset[str]:
    """Target cues that mark the attacked side (على، ضد ...), without من/مع which also follow perpetrators."""
    return word_list("target_cues") - normalized_set(["من", "مع", "أمام"])


def _where(ctx: DocContext, start: int, end: int) -> str | None:
    """English name of the most specific place of the sentence."""
    inside = ctx.places_in(start, end)
    if not inside:
        return None
    return min(inside, key=lambda p: (PLACE_RANK.get(p.kind, 2), p.start)).name_en


def _as_of(ctx: DocContext, start: int, end: int) -> str | None:
    """The sentence's dated time expression, else the publication date."""
    dated = [t for t in ctx.times_in(start, end) if t.value and t.precision in {"day", "month", "year"}]
    return str(dated[0].value) if dated else ctx.published.value


def subgroup_words() -> frozenset[str]:
    """Words that open a breakdown of a figure (exposed for tests)."""
    return word_list("modifiers", "subgroup")
