"""Place mentions resolved against the gazetteer.

Matching runs an Aho–Corasick automaton over the normalized view; a hit counts when it ends at a word end and
starts at a word start or after legal proclitics (و ف ب ل ك), which stay outside the span. The fused ل+ال
form (للبادية) is its own span. Classifier nouns before a name (بلدة، قرية، محافظة، ريف، مخيم، معبر، حقل) pick
the entry kind or derive a camp/crossing/facility at the named place. Names that are also ordinary words need
a cue (classifier before them, or a list beside another place). Misspelt names are matched by bounded edit
distance only against places near the document's other places, and only with a cue. Homonyms are resolved by
distance to the document's unambiguous places, then by a prior (kind, population, UCDP events).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import OSA

from rasid.annotate.gazetteer import (
    Entry,
    Gazetteer,
    Pattern,
    cell_of,
    common_words,
    default_gazetteer,
    fast_yaml,
    function_words,
    km,
    person_words,
)
from rasid.model import ActorMention, PlaceMention
from rasid.text.analyzed import AnalyzedText
from rasid.text.normalize import normalize_key

PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
FUSED_PROCLITICS = frozenset({"", "و", "ف"})
CUES_FILE = "gazetteer/cues.yaml"


@dataclass(frozen=True, slots=True)
class Cues:
    """Classifier nouns, derived-place classifiers and direction adjectives (from cues.yaml, normalized)."""

    classifiers: dict[str, tuple[str, ...]]
    weak: frozenset[str]
    derived: dict[str, tuple[str, str]]
    desert: str
    directions: dict[str, str]


@cache
def cues() -> Cues:
    """The place cues, loaded once."""
    data = fast_yaml(CUES_FILE)
    return Cues(
        classifiers={normalize_key(k): tuple(v) for k, v in data["classifiers"].items()},
        weak=frozenset(normalize_key(w) for w in data["weak"]),
        derived={normalize_key(k): (v["kind"], v["label"]) for k, v in data["derived"].items()},
        desert=normalize_key(data["desert"]),
        directions={normalize_key(k): v for k, v in data["directions"].items()},
    )


LIST_LINKS = frozenset({"،", ",", "-", "ـ", "/", "و"})
KIND_PRIOR = {"country": 3.0, "region": 3.0, "river": 3.0, "governorate": 2.4, "city": 1.8, "town": 1.3,
              "camp": 1.3, "facility": 1.3, "crossing": 1.3, "district": 1.4, "subdistrict": 1.2, "village": 1.0}
KIND_ORDER = {"country": 0, "governorate": 1, "district": 2, "subdistrict": 3, "region": 5, "river": 5}
ADMIN_KINDS = frozenset({"governorate", "district", "subdistrict"})
SETTLEMENTS = frozenset({"city", "town", "village", "camp", "facility", "crossing"})
LOCAL_RADIUS_KM = 60.0
STRAY_KM = 250.0


@dataclass(frozen=True, slots=True)
class Hit:
    """A name found in the normalized text: word start (with proclitics), name start and end, name key."""

    word_start: int
    start: int
    end: int
    name: str
    classifier: str
    reason: str
    fuzzy: bool = False


def _is_letter(char: str) -> bool:
    """Word characters for boundary checks."""
    return char.isalnum()


def _word_start(text: str, index: int) -> int:
    """The start of the word containing `index`."""
    while index > 0 and _is_letter(text[index - 1]):
        index -= 1
    return index


def _previous_word(text: str, index: int) -> tuple[str, int]:
    """The word before position `index` (skipping spaces) and its start."""
    end = index
    while end > 0 and text[end - 1] == " ":
        end -= 1
    start = _word_start(text, end)
    return text[start:end], start


def _strip_proclitics(word: str) -> str:
    """A classifier noun with a leading و/ب/ل/ف removed when the rest is a classifier."""
    for size in (2, 1, 0):
        if word[:size] in PROCLITICS and word[size:] in cues().classifiers:
            return word[size:]
    return word


def scan(text: str, gaz: Gazetteer) -> list[Hit]:
    """Every automaton hit that respects word boundaries and proclitics."""
    hits = []
    for end_index, pattern in gaz.automaton.iter(text):
        pat: Pattern = pattern
        end = end_index + 1
        start = end - len(pat.name)
        if end < len(text) and _is_letter(text[end]):
            continue
        word_start = _word_start(text, start)
        prefix = text[word_start:start]
        if prefix not in (FUSED_PROCLITICS if pat.fused else PROCLITICS):
            continue
        # A classifier governs the name only when nothing (no preposition) stands between them.
        word = _previous_word(text, word_start)[0] if word_start == start or pat.fused else ""
        hits.append(Hit(word_start, start, end, pat.target, _strip_proclitics(word), "exact"))
    return hits


def select(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, longest first at each position."""
    chosen: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.word_start), h.word_start, h.start - h.word_start)):
        if all(hit.end <= s or hit.word_start >= e for s, e in taken):
            chosen.append(hit)
            taken.append((hit.word_start, hit.end))
    return sorted(chosen, key=lambda h: h.start)


def _inside_actor(span: tuple[int, int], actors: Sequence[ActorMention]) -> bool:
    """True when the original span overlaps an actor mention."""
    return any(span[0] < a.end and a.start < span[1] for a in actors)


def _agent_names(at: AnalyzedText, actors: Sequence[ActorMention], gaz: Gazetteer) -> frozenset[str]:
    """City names an actor mention uses as an agent (واشنطن، أنقرة): every use in the document is the actor.

    Countries are left out: a country is often both an actor and a place in one article.
    """
    names = set()
    for actor in actors:
        key = normalize_key(at.text[actor.start:actor.end])
        if any(e.kind == "city" for e in gaz.candidates(key)):
            names.add(key)
    return frozenset(names)


def _beside_person(text: str, hit: Hit) -> bool:
    """True when a person-name token stands right before or after the name (حسن نصرالله، مظلوم كوباني)."""
    before = _previous_word(text, hit.word_start)[0]
    after = text[hit.end:hit.end + 40].split(" ", 2)
    following = after[1] if len(after) > 1 and after[0] == "" else ""
    return before in person_words() or following in person_words()


def _doubtful_clitic(text: str, hit: Hit) -> bool:
    """True when the word with its proclitic is itself an ordinary word (بسالة is not ب + سالة, وزارة not و + زارة)."""
    prefix = text[hit.word_start:hit.start]
    if not prefix or " " in hit.name:
        return False
    word = text[hit.word_start:hit.end]
    return word in common_words() or (word[1:] in common_words() and prefix[0] in "وف" and len(prefix) > 1)


def _well_known(entry: Entry) -> bool:
    """Places famous enough to be meant even when their name is also an ordinary word."""
    return (entry.source == "rasid" or entry.kind in ("governorate", "city") or entry.events >= 20
            or (entry.population >= 20_000 and entry.kind in SETTLEMENTS))


def _prior(entry: Entry) -> float:
    """How likely an entry is meant, all else equal (curated entries and well-attested places first)."""
    bonus = 0.3 * math.log10(1 + entry.population) / 5 + 0.25 * math.log1p(entry.events)
    obscure = 0.5 if entry.kind == "village" and not entry.population and not entry.events else 0.0
    curated = 2.0 if entry.source == "rasid" else 0.0
    return KIND_PRIOR.get(entry.kind, 1.0) + bonus + curated - obscure + (0.2 if entry.country == "SY" else 0.0)


def _cluster(entries: list[Entry]) -> bool:
    """True when all entries lie within 25 km of the first (one real place)."""
    return all(km(entries[0].lat, entries[0].lon, e.lat, e.lon) <= 25 for e in entries[1:])


def _listed(text: str, hit: Hit, others: list[Hit]) -> bool:
    """True when the hit sits in a list beside another hit (joined by و، , -)."""
    for other in others:
        if other is hit or other.start > hit.end + 8 or other.end < hit.word_start - 8:
            continue
        gap = text[other.end:hit.word_start] if other.end <= hit.word_start else text[hit.end:other.word_start]
        if len(gap) <= 4 and gap.strip() in LIST_LINKS:
            return True
        if other.end <= hit.word_start and gap.strip() == "" and text[hit.word_start:hit.start] == "و":
            return True
        if other.word_start >= hit.end and gap.strip() == "" and text[other.word_start:other.start] == "و":
            return True
    return False


def _candidates(hit: Hit, gaz: Gazetteer, classified: bool, listed: bool, doubtful: bool) -> list[Entry]:
    """Entries the hit may name, filtered by its classifier and the ordinary-word guard.

    A name that is also an ordinary word needs a cue: a classifier noun, or for longer names a list beside
    another place. Very short names of uncurated entries need a classifier.
    """
    entries = gaz.candidates(hit.name)
    if not classified:
        short = len(hit.name.replace(" ", "")) <= 3
        function = hit.name in function_words()
        ordinary = function or short or doubtful or hit.name in common_words()

        def keep(entry: Entry) -> bool:
            cued = listed and not function and (not short or entry.source == "rasid")
            if entry.common:
                return cued
            return not ordinary or cued or (_well_known(entry) and not function)

        entries = [e for e in entries if keep(e)]
    wanted = cues().classifiers.get(hit.classifier)
    if wanted and hit.classifier not in cues().derived:
        preferred = [e for e in entries if e.kind in wanted]
        entries = preferred or entries
    return entries


def _choose(entries: list[Entry], anchors: list[Entry], bare: bool) -> tuple[Entry, str]:
    """The entry nearest the document's anchors, else the best prior; bare names prefer settlements."""
    def cost(entry: Entry) -> float:
        # A bare name shared by a city and its governorate means the city (its point lies in both).
        admin = 1.5 if bare and entry.kind in ADMIN_KINDS else 0.0
        if not anchors or entry.kind not in SETTLEMENTS:
            return admin - _prior(entry)
        distance = min(km(entry.lat, entry.lon, a.lat, a.lon) for a in anchors)
        return min(distance, 600.0) / 200.0 + admin - _prior(entry)

    best = min(entries, key=cost)
    why = "nearest to the document's other places" if anchors and len(entries) > 1 else "prior"
    return best, why if len(entries) > 1 else "only candidate"


def _derive(entry: Entry, classifier: str) -> Entry:
    """A camp, crossing or field at a named place (مخيم الهول، معبر العاليات)."""
    kind, label = cues().derived[classifier]
    return Entry(f"{entry.id}#{kind}", kind, f"{entry.name_en} {label}", entry.names_ar, entry.lat, entry.lon,
                 entry.country, entry.admin1, source=entry.source)


def find_places(at: AnalyzedText, actors: Sequence[ActorMention] = (), *,
                gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Find every place mention outside actor spans."""
    gaz = gazetteer or default_gazetteer()
    text = at.norm.text
    agents = _agent_names(at, actors, gaz)
    hits = [h for h in select(scan(text, gaz)) if h.name not in agents
            and not _inside_actor(at.norm.to_original(h.word_start, h.end), actors)]
    resolved = resolve(text, hits, gaz)
    resolved += fuzzy_hits(text, hits, resolved, gaz, actors, at)
    # Countries and admin areas first, then settlements, then regions and rivers, each in text order: a
    # consumer reading the document-level set meets the enclosing areas before the places inside them.
    return [mention(at, hit, entry, score, reason) for hit, entry, score, reason in sorted(
        resolved, key=lambda r: (KIND_ORDER.get(r[1].kind, 4), r[0].start, r[1].id))]


def _name_classifier(hit: Hit) -> str:
    """The classifier a hit carries before it or as the first word of its name (محافظة الحسكة)."""
    if hit.classifier in cues().classifiers:
        return hit.classifier
    first = hit.name.split(" ", 1)[0]
    return first if first in cues().classifiers and " " in hit.name else ""


def inherit_classifiers(text: str, hits: list[Hit]) -> list[Hit]:
    """A name coordinated right after a classified one shares its classifier (محافظة الحسكة والرقة)."""
    out: list[Hit] = []
    for hit in hits:
        previous = out[-1] if out else None
        if previous is not None and not hit.classifier and _name_classifier(previous):
            gap = text[previous.end:hit.start].strip()
            if gap in ("و", "،", ",", "، و", "،و") and hit.classifier not in cues().derived:
                hit = Hit(hit.word_start, hit.start, hit.end, hit.name, _name_classifier(previous), hit.reason)
        out.append(hit)
    return out


def resolve(text: str, hits: list[Hit], gaz: Gazetteer) -> list[tuple[Hit, Entry, float, str]]:
    """Pick an entry for every hit: unambiguous ones first, then the rest by distance to those."""
    options = []
    for hit in inherit_classifiers(text, hits):
        classified = hit.classifier in cues().classifiers and hit.classifier not in cues().weak
        entries = _candidates(hit, gaz, classified, _listed(text, hit, hits), _doubtful_clitic(text, hit))
        if not classified and _beside_person(text, hit):
            entries = [e for e in entries if _well_known(e) and e.kind != "subdistrict"]
        if entries:
            options.append((hit, entries))
    anchors = [es[0] for _, es in options if _cluster(es) and es[0].country == "SY"]
    # A document that names a governorate outright (محافظة X، ريف X) uses the bare X for it too.
    named_admin = {es[0].id for h, es in options if es[0].kind == "governorate" and (
        h.classifier in cues().classifiers or all(e.kind == "governorate" for e in es))}
    chosen = []
    for hit, entries in options:
        bare = hit.classifier not in cues().classifiers
        entry, why = _choose(entries, anchors, bare)
        admin = [e for e in entries if e.id in named_admin]
        if bare and admin:
            entry, why = admin[0], "the governorate the document names outright"
        if hit.classifier == cues().desert and entry.kind == "governorate":
            entry, why = _desert_part(text, hit, entry, gaz), why
        chosen.append((hit, entries, entry, why))
    settled = [entry for _, _, entry, _ in chosen if entry.kind in SETTLEMENTS]
    out: list[tuple[Hit, Entry, float, str]] = []
    for hit, entries, entry, why in chosen:
        if hit.classifier not in cues().classifiers and _stray(entry, settled):
            continue
        if hit.classifier in cues().derived and entry.kind not in ("camp", "crossing", "facility"):
            entry = _derive(entry, hit.classifier)
            hit = Hit(_classifier_start(text, hit), _classifier_start(text, hit), hit.end, hit.name, hit.classifier,
                      hit.reason)
        score = 1.0 if len(entries) == 1 else 0.8
        out.append((hit, entry, score, f"{hit.reason} name {hit.name!r}; {why} of {len(entries)}"))
        for implied in entry.implies:
            extra = gaz.get(implied)
            if extra is not None:
                out.append((hit, extra, score, f"implied by {entry.name_en}"))
        out += countries_inside(text, hit, entry, gaz)
    return out


def _desert_part(text: str, hit: Hit, entry: Entry, gaz: Gazetteer) -> Entry:
    """The part of a governorate a desert phrase names (بادية حمص الشرقية → Eastern Homs), else the governorate."""
    following = text[hit.end:hit.end + 30].split()
    direction = cues().directions.get(following[0]) if following else None
    part = gaz.directional.get((entry.admin1 or "", direction or ""))
    if part is None:
        return entry
    return Entry(part.id, "governorate", f"{entry.name_en} ({direction} desert)", entry.names_ar, part.lat, part.lon,
                 entry.country, entry.admin1, source=part.source)


def _stray(entry: Entry, settled: list[Entry]) -> bool:
    """True for an unattested village far from every other settlement of the document.

    Such a match is usually a homonym of a word, or of a place in a country the gazetteer does not cover.
    """
    if entry.kind != "village" or entry.events or entry.population or entry.source == "rasid":
        return False
    others = [p for p in settled if p.id != entry.id]
    return bool(others) and min(km(entry.lat, entry.lon, p.lat, p.lon) for p in others) > STRAY_KM


def _classifier_start(text: str, hit: Hit) -> int:
    """Start of the classifier noun before a hit (part of names such as مخيم الهول)."""
    word, start = _previous_word(text, hit.word_start)
    stripped = _strip_proclitics(word)
    return start + len(word) - len(stripped)


def countries_inside(text: str, hit: Hit, entry: Entry, gaz: Gazetteer) -> list[tuple[Hit, Entry, float, str]]:
    """The country named inside a region phrase (شرق سوريا → also Syria)."""
    if entry.kind != "region":
        return []
    out = []
    offset = hit.start
    for word in text[hit.start:hit.end].split(" "):
        for country in gaz.candidates(word):
            if country.kind == "country":
                inner = Hit(offset, offset, offset + len(word), word, "", "country inside region")
                out.append((inner, country, 1.0, f"country named inside {entry.name_en}"))
        offset += len(word) + 1
    return out


def fuzzy_hits(text: str, hits: list[Hit], resolved: list[tuple[Hit, Entry, float, str]], gaz: Gazetteer,
               actors: Sequence[ActorMention], at: AnalyzedText) -> list[tuple[Hit, Entry, float, str]]:
    """Misspelt names near the document's places, matched only after a cue (the local pool is built lazily)."""
    pool: list[dict[str, list[tuple[str, Entry]]]] = []

    def local() -> dict[str, list[tuple[str, Entry]]]:
        if not pool:
            index: dict[str, list[tuple[str, Entry]]] = {}
            for name, entry in _local_names(resolved, gaz).items():
                index.setdefault(name[:3], []).append((name, entry))
            pool.append(index)
        return pool[0]

    taken = bytearray(len(text) + 1)
    for h in hits:
        taken[h.word_start:h.end] = b"\x01" * (h.end - h.word_start)
    out: list[tuple[Hit, Entry, float, str]] = []
    for token in at.tokens:
        if token.kind != "word" or taken[token.norm_start] or token.norm_end - token.norm_start < 6:
            continue
        found = _fuzzy_token(text, token.norm_start, token.norm_end, local, hits)
        if found is None or _inside_actor(at.norm.to_original(found[0].word_start, found[0].end), actors):
            continue
        hit, entry, distance = found
        taken[hit.word_start:hit.end] = b"\x01" * (hit.end - hit.word_start)
        hits.append(hit)
        out.append((hit, entry, 0.6, f"fuzzy {text[hit.start:hit.end]!r} ~ {hit.name!r} (edit distance {distance})"))
    return out


def _local_names(resolved: list[tuple[Hit, Entry, float, str]], gaz: Gazetteer) -> dict[str, Entry]:
    """Names of settlements near the document's Syrian settlements, else inside the governorates it names.

    Where several local places share a name, the one closest on average to the document's places wins.
    """
    points = [e for _, e, _, _ in resolved if e.kind in SETTLEMENTS and e.country == "SY"]
    regions = {e.admin1 for _, e, _, _ in resolved if e.kind == "governorate" and e.country == "SY"}
    if not points and not regions:
        return {}
    centre = points or [e for _, e, _, _ in resolved if e.kind == "governorate"]

    spots = {(p.lat, p.lon) for p in centre}

    def spread(entry: Entry) -> float:
        return sum(km(entry.lat, entry.lon, lat, lon) for lat, lon in spots)

    by_name: dict[str, list[Entry]] = {}
    for _, name, entry in _settlements_near(gaz, points, regions):
        by_name.setdefault(name, []).append(entry)
    # Distances are only needed where a name is shared.
    return {name: entries[0] if len(entries) == 1 else min(entries, key=spread) for name, entries in by_name.items()}


def _settlements_near(gaz: Gazetteer, points: list[Entry], regions: set[str | None]) -> list[tuple[float, str, Entry]]:
    """Settlements within the local radius of the points or, when there are none, in the governorates."""
    if not points:
        return [s for s in gaz.settlements if s[2].admin1 in regions]
    found: dict[tuple[str, str], tuple[float, str, Entry]] = {}
    for lat, lon in sorted({(p.lat, p.lon) for p in points}):  # a place named ten times is one point
        for item in _near_spot(gaz, lat, lon):
            found.setdefault((item[1], item[2].id), item)
    return list(found.values())


_NEAR_CACHE: dict[tuple[int, float, float], tuple[Gazetteer, tuple[tuple[float, str, Entry], ...]]] = {}


def _near_spot(gaz: Gazetteer, lat: float, lon: float) -> tuple[tuple[float, str, Entry], ...]:
    """Settlements within the local radius of one point, cached: news keeps naming the same places."""
    key = (id(gaz), lat, lon)
    cached = _NEAR_CACHE.get(key)
    if cached is not None and cached[0] is gaz:
        return cached[1]
    if len(_NEAR_CACHE) > 50_000:
        _NEAR_CACHE.clear()
    row, col = cell_of(lat, lon)
    near = tuple(item for dy in (-1, 0, 1) for dx in (-2, -1, 0, 1, 2) for item in gaz.cells.get((row + dy, col + dx), ())
                 if abs(item[2].lat - lat) < 0.6 and abs(item[2].lon - lon) < 0.8
                 and km(item[2].lat, item[2].lon, lat, lon) <= LOCAL_RADIUS_KM)
    _NEAR_CACHE[key] = (gaz, near)
    return near


def _fuzzy_token(text: str, start: int, end: int, local: Callable[[], dict[str, list[tuple[str, Entry]]]],
                 hits: list[Hit]) -> tuple[Hit, Entry, int] | None:
    """A local place whose name is within a small edit distance of the word (or word pair) at start."""
    word = text[start:end]
    prefix = next((p for p in ("وب", "ول", "و", "ب", "ل", "ف") if word.startswith(p + "ال")), "")
    stem_start = start + len(prefix)
    if not text.startswith("ال", stem_start) or end - stem_start < 6:
        return None
    classifier = _strip_proclitics(_previous_word(text, start)[0]) if stem_start == start else ""
    probe = Hit(start, stem_start, end, "", classifier, "fuzzy")
    if classifier not in cues().classifiers and not _listed(text, probe, hits):
        return None
    next_end = end + 1
    while next_end < len(text) and _is_letter(text[next_end]):
        next_end += 1
    spans = [(stem_start, next_end), (stem_start, end)] if next_end > end + 1 else [(stem_start, end)]
    common = common_words()
    for s, e in spans:
        candidate = text[s:e]
        if candidate in common or any(w in common for w in candidate.split(" ")[1:]):
            continue
        best = None
        for name, entry in local().get(candidate[:3], ()):
            if abs(len(name) - len(candidate)) > 1 or name == candidate:
                continue
            distance = OSA.distance(candidate, name)
            limit = 1 if len(candidate) < 8 else 2
            if distance <= limit and (best is None or distance < best[2]):
                best = (name, entry, distance)
        if best is not None:
            return Hit(start, s, e, best[0], classifier, "fuzzy"), best[1], best[2]
    return None


def mention(at: AnalyzedText, hit: Hit, entry: Entry, score: float, reason: str) -> PlaceMention:
    """The PlaceMention of a resolved hit, in original offsets."""
    start, end = at.norm.to_original(hit.start, hit.end)
    return PlaceMention(start, end, at.text[start:end], entry.id, entry.name_en, entry.lat, entry.lon, entry.kind,
                        entry.country, entry.admin1, score, reason)
