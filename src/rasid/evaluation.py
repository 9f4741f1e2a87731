"""`rasid evaluate`: score the pipeline against gold files with the rules of the extraction contract."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rasid.errors import InputError
from rasid.pipeline import process_line
from rasid.resources import read_text

Record = dict[str, Any]

# Coordinate tolerance (km) per gold place kind; river and region match by name.
PLACE_TOLERANCE_KM = {
    "village": 10.0, "town": 10.0, "city": 10.0, "camp": 10.0, "facility": 10.0, "crossing": 10.0,
    "subdistrict": 30.0, "district": 30.0, "governorate": 60.0, "country": 300.0,
}
NAME_MATCHED_KINDS = frozenset({"river", "region"})
EVENT_TOLERANCE_KM = {1: 10.0, 2: 25.0, 3: 60.0}


@dataclass
class Tally:
    """Counts behind precision, recall and F1 (or accuracy when only `correct` and `gold` are used)."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Accumulate another tally into this one."""
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold
        self.misses += other.misses
        self.spurious += other.spurious

    def scores(self) -> dict[str, float | int]:
        """Precision, recall, F1 and the raw counts."""
        precision = self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)
        recall = self.tp / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass
class ValueTally:
    """Value accuracy over gold expressions plus the share of predictions matching no gold span."""

    correct: int = 0
    gold: int = 0
    predicted: int = 0
    spurious: int = 0
    offset_errors: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: ValueTally) -> None:
        """Accumulate another tally into this one."""
        self.correct += other.correct
        self.gold += other.gold
        self.predicted += other.predicted
        self.spurious += other.spurious
        self.offset_errors += other.offset_errors
        self.wrong += other.wrong

    def scores(self) -> dict[str, float | int]:
        """Accuracy, spurious rate and the raw counts."""
        return {
            "accuracy": round(self.correct / self.gold, 4) if self.gold else 1.0,
            "spurious_rate": round(self.spurious / self.predicted, 4) if self.predicted else 0.0,
            "correct": self.correct, "gold": self.gold, "predicted": self.predicted,
            "spurious": self.spurious, "offset_errors": self.offset_errors,
        }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _near(a: Record | None, b: Record | None, km: float) -> bool:
    """True when both records carry coordinates within `km` of each other."""
    if not a or not b or a.get("lat") is None or b.get("lat") is None:
        return False
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= km


def _same_name(a: Record, b: Record) -> bool:
    """Case- and punctuation-insensitive equality of English names."""
    return _name_key(a.get("name_en")) == _name_key(b.get("name_en"))


def _name_key(name: object) -> str:
    """A comparison key for an English name."""
    return "".join(c for c in str(name or "").lower() if c.isalnum())


def place_matches(pred: Record, gold: Record) -> bool:
    """A predicted place matches a gold one by the contract's tolerance for the gold kind."""
    kind = gold.get("kind", "village")
    if kind in NAME_MATCHED_KINDS:
        return _same_name(pred, gold)
    return _near(pred, gold, PLACE_TOLERANCE_KM.get(kind, 10.0))


def match_pairs(predicted: list[Record], gold: list[Record], matches: Callable[[Record, Record], bool]) -> list[
        tuple[int, int]]:
    """Maximum one-to-one matching (augmenting paths), so that the order of predictions never matters."""
    candidates = [[pi for pi, p in enumerate(predicted) if matches(p, g)] for g in gold]
    owner: dict[int, int] = {}

    def assign(gi: int, seen: set[int]) -> bool:
        """Give gold item `gi` a prediction, moving earlier owners along when they have another choice."""
        for pi in candidates[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or assign(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold)):
        assign(gi, set())
    return sorted(((pi, gi) for pi, gi in owner.items()), key=lambda pair: pair[1])


def score_set(predicted: list[Record], gold: list[Record], matches: Callable[[Record, Record], bool],
              label: Callable[[Record], str]) -> tuple[Tally, list[tuple[int, int]]]:
    """Precision/recall counts of a one-to-one match between two lists."""
    pairs = match_pairs(predicted, gold, matches)
    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    tally = Tally(tp=len(pairs), predicted=len(predicted), gold=len(gold))
    tally.misses = [label(g) for i, g in enumerate(gold) if i not in matched_g]
    tally.spurious = [label(p) for i, p in enumerate(predicted) if i not in matched_p]
    return tally, pairs


def unique_places(places: Iterable[Record]) -> list[Record]:
    """One predicted place per distinct place id (the document-level set)."""
    seen: dict[str, Record] = {}
    for place in places:
        seen.setdefault(str(place.get("place_id") or place.get("name_en")), place)
    return list(seen.values())


def catalogue_ids() -> frozenset[str]:
    """Actor ids of the contract's catalogue (the bundled copy of spec/actors.csv)."""
    lines = read_text("actors.csv").splitlines()[1:]
    return frozenset(line.split(",", 1)[0] for line in lines if line.strip())


def score_actors(pred: Record, gold: Record) -> Tally:
    """Document-level set of catalogue actor ids."""
    catalogue = catalogue_ids()
    p = {a["actor_id"] for a in pred.get("actors", []) if a["actor_id"] in catalogue}
    g = {a["actor_id"] for a in gold.get("actors", []) if a["actor_id"] in catalogue}
    tally = Tally(tp=len(p & g), predicted=len(p), gold=len(g))
    tally.misses, tally.spurious = sorted(g - p), sorted(p - g)
    return tally


def _overlaps(a: Record, b: Record) -> int:
    """Length of the overlap of two spans."""
    return max(0, int(min(a["end"], b["end"])) - int(max(a["start"], b["start"])))


def _fit(a: Record, b: Record) -> float:
    """Overlap over union of two spans: the prediction that best fits a gold span wins among overlapping ones."""
    union = max(int(a["end"]), int(b["end"])) - min(int(a["start"]), int(b["start"]))
    return _overlaps(a, b) / union if union else 0.0


def score_values(pred_items: list[Record], gold_items: list[Record], ignore: list[Record],
                 same: Callable[[Record, Record], bool], text: str) -> ValueTally:
    """Match each gold expression to the best-fitting overlapping prediction and compare values."""
    tally = ValueTally(gold=len(gold_items), predicted=len(pred_items))
    for g in gold_items:
        best = max(pred_items, key=lambda p: _fit(p, g), default=None)
        if best is not None and _overlaps(best, g) and same(best, g):
            tally.correct += 1
        else:
            shown = f"{best['text']} -> {_value_repr(best)}" if best is not None and _overlaps(best, g) else "none"
            tally.wrong.append(f"{g['text']} want {_value_repr(g)} got {shown}")
    anchors = gold_items + ignore
    tally.spurious = sum(1 for p in pred_items if not any(_overlaps(p, a) for a in anchors))
    tally.offset_errors = sum(1 for p in pred_items if text[p["start"]:p["end"]] != p["text"])
    return tally


def _value_repr(item: Record) -> str:
    """A short display of a time or quantity value."""
    if "low" in item:
        return f"[{item['low']},{item['high']}]{' ' + item['bound'] if item.get('bound') else ''}"
    return str(item.get("value"))


def same_time(p: Record, g: Record) -> bool:
    """Time values agree."""
    return bool(p.get("value") == g.get("value"))


def same_quantity(p: Record, g: Record) -> bool:
    """Quantity low, high and bound agree."""
    return bool(_num_eq(p.get("low"), g.get("low")) and _num_eq(p.get("high"), g.get("high"))
                and p.get("bound") == g.get("bound"))


def _num_eq(a: object, b: object) -> bool:
    """Numeric equality that tolerates int/float differences."""
    try:
        return abs(float(a) - float(b)) < 1e-9  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return a == b


def _parse_day(value: str) -> date | None:
    """The date of a YYYY-MM-DD value, else None."""
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def dates_agree(pred: Record | None, gold: Record | None, days: int) -> bool:
    """Dates agree within `days` at day precision, on the month at month precision; no gold date: any."""
    if not gold or not gold.get("value"):
        return True
    if not pred or not pred.get("value"):
        return False
    g_value, p_value = str(gold["value"]), str(pred["value"])
    if "/" in g_value:
        start, end = g_value.split("/", 1)
        return start[:7] <= p_value[:7] <= end[:7] or p_value == g_value
    if len(g_value) == 10:
        g_day, p_day = _parse_day(g_value), _parse_day(p_value.split("/")[0])
        return bool(g_day and p_day and abs((g_day - p_day).days) <= days)
    return p_value.startswith(g_value) or (g_value.startswith(p_value[: len(g_value)]) and len(p_value) >= len(
        g_value))


def event_matches(p: Record, g: Record) -> bool:
    """Contract event match: sub-event type, place within tolerance, dates within one day."""
    if p.get("sub_event_type") != g.get("sub_event_type"):
        return False
    gold_place = g.get("place")
    if gold_place:
        km = EVENT_TOLERANCE_KM.get(int(gold_place.get("geo_precision") or 1), 10.0)
        if not (_near(p.get("place"), gold_place, km) or (p.get("place") and _same_name(p["place"], gold_place))):
            return False
    return dates_agree(p.get("date"), g.get("date"), 1)


def claim_matches(p: Record, g: Record) -> bool:
    """Contract claim match: subject, about and an overlapping value range."""
    return (p.get("subject") == g.get("subject") and p.get("about") == g.get("about")
            and float(p["low"]) <= float(g["high"]) and float(g["low"]) <= float(p["high"]))


def control_matches(p: Record, g: Record) -> bool:
    """Contract control match: place, actor and status; dates within three days."""
    if p.get("actor_id") != g.get("actor_id") or p.get("status") != g.get("status"):
        return False
    pp, gp = p.get("place") or {}, g.get("place") or {}
    if not (_near(pp, gp, 10.0) or _same_name(pp, gp)):
        return False
    return dates_agree(p.get("date"), g.get("date"), 3)


def _place_label(r: Record) -> str:
    """Display label of a place."""
    return f"{r.get('text', '')}={r.get('name_en')}"


def _event_label(r: Record) -> str:
    """Display label of an event."""
    place = (r.get("place") or {}).get("name_en")
    return f"{r.get('sub_event_type')}@{place}@{(r.get('date') or {}).get('value')}"


def _claim_label(r: Record) -> str:
    """Display label of a claim."""
    return f"{r.get('subject')}/{r.get('about')}=[{r.get('low')},{r.get('high')}]"


def _control_label(r: Record) -> str:
    """Display label of a control observation."""
    return f"{(r.get('place') or {}).get('name_en')}:{r.get('actor_id')}:{r.get('status')}"


@dataclass
class CorpusScores:
    """All layer tallies over one or more documents."""

    places: Tally = field(default_factory=Tally)
    actors: Tally = field(default_factory=Tally)
    events: Tally = field(default_factory=Tally)
    claims: Tally = field(default_factory=Tally)
    control: Tally = field(default_factory=Tally)
    times: ValueTally = field(default_factory=ValueTally)
    quantities: ValueTally = field(default_factory=ValueTally)
    actor1_agree: int = 0
    actor1_pairs: int = 0
    documents: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: CorpusScores) -> None:
        """Accumulate another corpus into this one."""
        for name in ("places", "actors", "events", "claims", "control", "times", "quantities"):
            getattr(self, name).add(getattr(other, name))
        self.actor1_agree += other.actor1_agree
        self.actor1_pairs += other.actor1_pairs
        self.documents += other.documents
        self.errors += other.errors

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        """Scores as a JSON-ready mapping."""
        out: dict[str, Any] = {"documents": self.documents, "errors": self.errors}
        for name in ("places", "actors", "events", "claims", "control"):
            tally: Tally = getattr(self, name)
            out[name] = tally.scores() | ({"misses": tally.misses, "spurious": tally.spurious} if details else {})
        for name in ("times", "quantities"):
            vt: ValueTally = getattr(self, name)
            out[name] = vt.scores() | ({"wrong": vt.wrong} if details else {})
        out["events"]["actor1_agreement"] = (
            round(self.actor1_agree / self.actor1_pairs, 4) if self.actor1_pairs else None)
        return out


def score_document(pred: Record, gold: Record, text: str) -> CorpusScores:
    """Score one predicted document against its gold file."""
    scores = CorpusScores(documents=1)
    if "error" in pred:
        scores.errors.append(f"{gold.get('id')}: {pred['error']}")
        pred = {}
    scores.places, _ = score_set(unique_places(pred.get("places", [])), gold.get("places", []), place_matches,
                                 _place_label)
    scores.actors = score_actors(pred, gold)
    pred_events, gold_events = pred.get("events", []), gold.get("events", [])
    scores.events, pairs = score_set(pred_events, gold_events, event_matches, _event_label)
    scores.actor1_pairs = len(pairs)
    scores.actor1_agree = sum(1 for p, g in pairs if pred_events[p].get("actor1") == gold_events[g].get("actor1"))
    scores.claims, _ = score_set(pred.get("claims", []), gold.get("claims", []), claim_matches, _claim_label)
    scores.control, _ = score_set(pred.get("control", []), gold.get("control", []), control_matches,
                                  _control_label)
    scores.times = score_values(pred.get("times", []), gold.get("times", []), gold.get("times_vague", []),
                                same_time, text)
    scores.quantities = score_values(pred.get("quantities", []), gold.get("quantities", []), [], same_quantity,
                                     text)
    return scores


def evaluate_corpus(jsonl: Path, gold_dir: Path) -> CorpusScores:
    """Run the pipeline over one corpus file and score it against `gold_dir`."""
    total = CorpusScores()
    for line in jsonl.read_bytes().splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        gold_path = gold_dir / f"{doc['id']}.gold.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        total.add(score_document(process_line(line), gold, doc["text"]))
    return total


def find_corpora(root: Path) -> list[tuple[Path, Path]]:
    """Every `*.jsonl` under `root` that has a sibling `gold/` folder."""
    return [(path, path.parent / "gold") for path in sorted(root.rglob("*.jsonl")) if (path.parent / "gold").is_dir()]


def evaluate_tree(root: Path) -> dict[str, Any]:
    """Scores per corpus and over all corpora under `root`."""
    corpora = find_corpora(root)
    if not corpora:
        raise InputError(f"no *.jsonl with a sibling gold/ folder under {root}")
    report: dict[str, Any] = {"corpora": {}}
    overall = CorpusScores()
    for jsonl, gold_dir in corpora:
        scores = evaluate_corpus(jsonl, gold_dir)
        report["corpora"][str(jsonl.relative_to(root))] = scores.to_dict()
        overall.add(scores)
    report["overall"] = overall.to_dict()
    return report


def format_report(report: dict[str, Any], details: bool = False) -> str:
    """A readable table of the scores per corpus and overall."""
    lines: list[str] = []
    sections = [*list(report["corpora"].items()), ("overall", report["overall"])]
    for name, scores in sections:
        lines.append(f"== {name} ({scores['documents']} documents, {len(scores['errors'])} errors)")
        lines.append(f"  {'layer':<11}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}")
        for layer in ("places", "actors", "events", "claims", "control"):
            s = scores[layer]
            lines.append(f"  {layer:<11}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                         f"{s['tp']:>6}{s['predicted']:>6}{s['gold']:>6}")
        for layer in ("times", "quantities"):
            s = scores[layer]
            lines.append(f"  {layer:<11} accuracy {s['accuracy']:.3f} ({s['correct']}/{s['gold']}), "
                         f"spurious {s['spurious_rate']:.3f} ({s['spurious']}/{s['predicted']}), "
                         f"offset errors {s['offset_errors']}")
        if scores["events"].get("actor1_agreement") is not None:
            lines.append(f"  actor1 agreement on matched events: {scores['events']['actor1_agreement']:.3f}")
        if details:
            lines.extend(_detail_lines(scores))
    return "\n".join(lines)


def _detail_lines(scores: dict[str, Any]) -> list[str]:
    """Misses, spurious items and wrong values, one per line."""
    out: list[str] = []
    for layer in ("places", "actors", "events", "claims", "control"):
        out += [f"    {layer} miss: {m}" for m in scores[layer].get("misses", [])]
        out += [f"    {layer} spurious: {m}" for m in scores[layer].get("spurious", [])]
    for layer in ("times", "quantities"):
        out += [f"    {layer} wrong: {m}" for m in scores[layer].get("wrong", [])]
    return out
