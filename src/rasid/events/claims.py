"""Claims: figures a source states about a quantity of interest, with who they are about and where."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from rasid.events.arguments import PLACE_RANK, combatant_kinds, is_subgroup, times_since
from rasid.events.context import DocContext
from rasid.events.lexicon import PhraseIndex, normalized_set, triggers_data, word_in, word_list
from rasid.model import ActorMention, Claim, EvidenceSpan, Quantity

CUE_WINDOW = 5  # words around a quantity searched for the subject cue
AFTER_PENALTY = 2  # extra distance of a subject cue standing after the number
ABOUT_WINDOW = 5  # words after (or before) a quantity searched for the actor it counts
_SUBGROUPS = {"child": "children", "woman": "women"}
_COORDINATORS = frozenset({"الي", "عن", "و", "بينما", "فيما"})  # إضافة إلى، فضلا عن ...
_PERPETRATED = frozenset({"civilian_deaths", "executed", "abducted"})


@cache
def subject_index() -> tuple[PhraseIndex, dict[str, int]]:
    """Claim-subject cues (payload: subject) and each subject's rank for ties."""
    entries = triggers_data()["claim_subjects"]
    index = PhraseIndex((cue, str(e["subject"])) for e in entries for cue in e["cues"])
    return index, {str(e["subject"]): rank for rank, e in enumerate(entries)}


def find_claims(ctx: DocContext, sources: list[str | None]) -> list[Claim]:
    """Every figure of interest in the text as a claim, repeated statements merged."""
    claims: list[Claim] = []
    last_subject: dict[int, str] = {}
    for q in ctx.quantities:
        claim = _claim_of(ctx, q, sources, last_subject)
        if claim is not None:
            claims.append(claim)
            last_subject[ctx.sentence_of(q.start)] = claim.subject
    return merge_claims(claims)


def merge_claims(claims: list[Claim]) -> list[Claim]:
    """Merge restatements of one figure (same subject, value and breakdown); keep the one naming its actor."""
    unique: dict[tuple[object, ...], Claim] = {}
    for claim in claims:
        key = (claim.subject, claim.low, claim.high, claim.subgroup)
        kept = unique.get(key)
        if kept is None or (kept.about is None and claim.about is not None):
            unique[key] = claim if kept is None else replace(claim, attributed_to=claim.attributed_to or kept.attributed_to)
        elif kept.about != claim.about and claim.about is not None:
            unique[(*key, claim.about)] = claim
    return list(unique.values())


def claim_subject(ctx: DocContext, q: Quantity) -> tuple[str | None, str]:
    """The subject whose cue is nearest the quantity, else one implied by its unit."""
    index, rank = subject_index()
    sentence = ctx.sentence_of(q.start)
    first, last = ctx.token_at(q.start), ctx.token_at(q.end) - 1
    lo, hi = ctx.sentence_tokens[sentence]
    hits = index.scan(ctx.tokens, max(lo, first - CUE_WINDOW), min(hi, last + CUE_WINDOW + 1))
    # The counted noun (عنصرا، مقاتلي) only says "fighters" when no event word (killed, surrendered...) is near.
    # A governing word usually precedes its number (اعتقلت 30، مقتل 15); one after it counts as farther away.
    scored = [(h.payload == "fighters", first - h.last if h.last < first else h.first - last + AFTER_PENALTY,
               rank[h.payload], h.payload) for h in hits if h.last < first or h.first > last]
    if scored:
        return min(scored)[3], "cue"
    units = triggers_data()
    if q.unit in set(units["fighter_units"]):
        return "fighters", "unit"
    subject = units["unit_subjects"].get(q.unit or "")
    return (str(subject), "unit") if subject else (None, "")


def _claim_of(ctx: DocContext, q: Quantity, sources: list[str | None], last_subject: dict[int, str]
              ) -> Claim | None:
    """The claim a quantity makes, or None when it counts nothing of interest."""
    units = triggers_data()
    subject, rule = claim_subject(ctx, q)
    allowed = set(units["person_units"]) | set(units["area_units"])
    if subject == "area_km2":
        allowed = set(units["area_like_units"])
    if q.unit is not None and q.unit not in allowed:
        return None
    sentence_index = ctx.sentence_of(q.start)
    subgroup = _SUBGROUPS.get(q.unit or "", q.unit) if is_subgroup(ctx, q) else None
    if subgroup is not None and sentence_index in last_subject:
        subject, rule = last_subject[sentence_index], "subgroup"
    elif (subject is None or rule == "unit" or subject == "fighters") and sentence_index in last_subject and (
            _coordinated_number(ctx, q)):
        # مقتل 25 من قوات النظام و18 من الجهاديين: a coordinated number shares the first one's subject.
        subject, rule = last_subject[sentence_index], "coordinated"
    if subject is None:
        return None
    if subject == "deaths" and (q.unit in set(units["civilian_units"]) or _civilians_after(ctx, q)):
        subject = "civilian_deaths" if subgroup is None else "deaths"
    sentence = ctx.sentences[sentence_index]
    about = _about(ctx, q, subject, (sentence.start, sentence.end))
    since = times_since(ctx, (sentence.start, sentence.end))
    return Claim(
        subject=subject, about=about.actor_id if about else None, where=_where(ctx, sentence.start, sentence.end),
        low=q.low, high=q.high, approx=q.approx, bound=q.bound, attributed_to=sources[sentence_index],
        evidence=EvidenceSpan(sentence.start, sentence.end), reason=f"claim:{subject}:{rule}",
        subgroup=subgroup, since=since.value if since else None, as_of=_as_of(ctx, sentence.start, sentence.end),
        unit=q.unit,
    )


@cache
def _civilian_nouns() -> frozenset[str]:
    """Nouns naming civilians right after a number."""
    return normalized_set(["مدنيين", "المدنيين", "مدنيا", "مدني", "مدنيون"])


def _coordinated_number(ctx: DocContext, q: Quantity) -> bool:
    """True when the number is joined to a previous one (و18، إضافة إلى خمسة، فضلا عن)."""
    index = ctx.token_index(q.start)
    if ctx.tokens[index].norm.startswith("و") and ctx.tokens[index].start == q.start:
        return True
    previous = [t.norm for t in ctx.tokens[max(0, index - 2):index]]
    return bool(set(previous) & _COORDINATORS) or (q.start > 0 and ctx.at.text[q.start - 1] == "و")


def _civilians_after(ctx: DocContext, q: Quantity) -> bool:
    """True when the counted people are named civilians right after the number."""
    index = ctx.token_at(q.end)
    return index < len(ctx.tokens) and word_in(ctx.tokens[index], _civilian_nouns())


def _about(ctx: DocContext, q: Quantity, subject: str, sentence: tuple[int, int]) -> ActorMention | None:
    """The actor the counted people belong to, or the perpetrator for civilian deaths and executions."""
    kinds = combatant_kinds()
    inside = [a for a in ctx.actors_in(*sentence) if a.kind in kinds]
    if subject in _PERPETRATED:
        agents = [a for a in inside if not _after_target(ctx, a)]
        return min(agents, key=lambda a: abs(a.start - q.start)) if agents else None
    if subject in {"population", "displaced", "families_trapped"}:
        return None
    q_first, q_last = ctx.token_at(q.start), ctx.token_at(q.end)
    after = [a for a in inside if a.start >= q.end and ctx.token_at(a.start) - q_last <= ABOUT_WINDOW]
    if after:
        return after[0]
    before = [a for a in inside if a.end <= q.start and q_first - ctx.token_at(a.end) <= ABOUT_WINDOW]
    return before[-1] if before else None


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
