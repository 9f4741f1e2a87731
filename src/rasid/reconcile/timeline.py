"""A control timeline per place per day, from control observations and territory events; conflicts stay visible.

Facts (day precision only; a month says nothing about a given day):
- control `controls` / `captured` by A: A holds the place that day (captured: from that day on);
- control `lost` by A: A no longer holds it; `besieged` by A: A besieges it; `contested`: fighting over it;
- an event "Non-state actor overtakes territory" / "Government regains territory" at a village- or
  district-level place: actor1 captured it, actor2 (when named) lost it; "Non-violent transfer of territory":
  the same, or the reverse when tagged `withdrawal` (actor1 handed it over).
Walking the days: a day with facts sets who holds the place (everyone claiming it that day; a loser drops
out); a day without facts carries the last state forward (rows marked `observed: false`). Two actors
claiming the same place on the same day are BOTH listed with `conflict` set (as is one actor reported both
holding and losing it that day), and stay so until a later fact settles it. A change of holder without a capture report is kept and marked `without_capture`.
Each place's timeline runs from its first fact to its last, carried on to the latest publication date of
the documents reporting on it (at most CARRY_DAYS further).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rasid.model.reconciled import TimelineEntry
from rasid.reconcile.inputs import Sourced, date_span, mapping, number, source_name, text_field

CARRY_DAYS = 31
_STATUS_FACT = {"controls": "controls", "captured": "captured", "lost": "lost", "besieged": "besieges",
                "contested": "contested"}
_TAKEOVERS = {"Non-state actor overtakes territory", "Government regains territory"}
_TRANSFER = "Non-violent transfer of territory"
_HOLDING = ("controls", "captured")
_RANK = {"controls": 0, "lost": 1, "besieges": 2, "contested": 3}


@dataclass(frozen=True, slots=True)
class Fact:
    """One dated statement about who holds a place, with the record that states it."""

    place_id: str
    day: date
    actor: str
    kind: str
    ref: dict[str, Any] = field(compare=False)


def _day(value: Mapping[str, Any]) -> date | None:
    """The day of a day-precision date object, else None."""
    span = date_span(value.get("value"))
    if span is None or span[0] != span[1]:
        return None
    return span[0]


def _ref(item: Sourced, status: str) -> dict[str, Any]:
    """Where a fact comes from: the record's key, document, source, its own status and its evidence."""
    record = item.record
    place = mapping(record.get("place"))
    return {"key": item.key, "doc_key": item.doc_key, "source": source_name(record, item.outlet, item.doc_key),
            "status": status, "evidence": record.get("evidence"), "published": item.published,
            "place_name": text_field(place.get("name_en")), "lat": number(place.get("lat")),
            "lon": number(place.get("lon"))}


def control_facts(item: Sourced) -> list[Fact]:
    """The fact a control observation states (none when it lacks a place id, an actor or a day)."""
    record = item.record
    place_id = text_field(mapping(record.get("place")).get("place_id"))
    actor, status = text_field(record.get("actor_id")), text_field(record.get("status"))
    day = _day(mapping(record.get("date")))
    if not place_id or not actor or status not in _STATUS_FACT or day is None:
        return []
    return [Fact(place_id, day, actor, _STATUS_FACT[status], _ref(item, status))]


def event_facts(item: Sourced) -> list[Fact]:
    """The captured/lost facts of a territory event at a place finer than a governorate."""
    record = item.record
    kind = text_field(record.get("sub_event_type"))
    place = mapping(record.get("place"))
    place_id, day = text_field(place.get("place_id")), _day(mapping(record.get("date")))
    precision = number(place.get("geo_precision"))
    if (kind not in _TAKEOVERS and kind != _TRANSFER) or not place_id or day is None:
        return []
    if precision is not None and precision > 2:
        return []
    taker, loser = text_field(record.get("actor1")), text_field(record.get("actor2"))
    tags = record.get("tags")
    if kind == _TRANSFER and isinstance(tags, (list, tuple)) and "withdrawal" in tags:
        taker, loser = loser, taker
    ref = _ref(item, f"event: {kind}")
    facts = [Fact(place_id, day, taker, "captured", ref)] if taker else []
    return facts + ([Fact(place_id, day, loser, "lost", ref)] if loser else [])


def build_timeline(control: Iterable[Sourced], events: Iterable[Sourced]) -> tuple[TimelineEntry, ...]:
    """Timeline rows for every place any fact is about, ordered by place, day and actor."""
    by_place: dict[str, list[Fact]] = defaultdict(list)
    for item in control:
        for fact in control_facts(item):
            by_place[fact.place_id].append(fact)
    for item in events:
        for fact in event_facts(item):
            by_place[fact.place_id].append(fact)
    rows: list[TimelineEntry] = []
    for place_id in sorted(by_place):
        rows.extend(place_timeline(place_id, by_place[place_id]))
    return tuple(rows)


@dataclass
class _State:
    """Who holds the place after a day: actor -> (since, keys of the facts establishing it), and a conflict flag."""

    holders: dict[str, tuple[date, list[str]]] = field(default_factory=dict)
    conflict: bool = False


def place_timeline(place_id: str, facts: Sequence[Fact]) -> list[TimelineEntry]:
    """Day-by-day rows for one place."""
    by_day: dict[date, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_day[fact.day].append(fact)
    first, last = min(by_day), max(by_day)
    published = [span[0] for f in facts if (span := date_span(f.ref.get("published"))) is not None]
    end = max([last, *(min(p, last + timedelta(days=CARRY_DAYS)) for p in published)])
    info = {"place_name": next((f.ref["place_name"] for f in facts if f.ref.get("place_name")), None),
            "lat": next((f.ref["lat"] for f in facts if f.ref.get("lat") is not None), None),
            "lon": next((f.ref["lon"] for f in facts if f.ref.get("lon") is not None), None)}
    state, rows, day = _State(), [], first
    while day <= end:
        if day in by_day:
            state, today = _apply(place_id, day, by_day[day], state, info)
        else:
            today = _carried(place_id, day, state, info)
        rows.extend(today)
        day += timedelta(days=1)
    return rows


def _apply(place_id: str, day: date, facts: Sequence[Fact], before: _State,
           info: Mapping[str, Any]) -> tuple[_State, list[TimelineEntry]]:
    """The state after a day with facts, and that day's rows."""
    claims: dict[str, list[Fact]] = defaultdict(list)
    others: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        (claims if fact.kind in _HOLDING else others)[fact.actor].append(fact)
    losers = {a for a, fs in others.items() if any(f.kind == "lost" for f in fs)}
    if claims:
        conflict = len(claims) > 1 or bool(losers & set(claims))
        holders = {a: (before.holders[a][0] if a in before.holders and not _captured(fs) else day,
                       [f.ref["key"] for f in fs]) for a, fs in claims.items()}
    else:
        holders = {a: v for a, v in before.holders.items() if a not in losers}
        conflict = before.conflict and len(holders) > 1
    after = _State(holders, conflict)
    rows = []
    for actor in sorted(set(holders) | set(others)):
        rows.append(_row(place_id, day, actor, claims.get(actor, []) + others.get(actor, []), before, after, info))
    return after, rows


def _captured(facts: Sequence[Fact]) -> bool:
    """True when one of the facts reports a capture (control starts that day)."""
    return any(f.kind == "captured" for f in facts)


def _row(place_id: str, day: date, actor: str, facts: Sequence[Fact], before: _State, after: _State,
         info: Mapping[str, Any]) -> TimelineEntry:
    """One actor's row on a day with facts."""
    if actor in after.holders:
        status = "controls"
    else:
        status = min((_status(f.kind) for f in facts), key=lambda s: _RANK[s], default="lost")
    data: dict[str, Any] = {**info, "observed": bool(facts), "sources": [f.ref for f in facts],
                            "statuses": sorted({f.kind for f in facts})}
    if actor in after.holders:
        since, keys = after.holders[actor]
        data.update({"since": str(since), "established_by": keys})
        previous = sorted(set(before.holders) - set(after.holders))
        if actor not in before.holders and previous:
            data["changed_from"] = previous
            data["without_capture"] = not _captured(facts)
    conflict = after.conflict and actor in after.holders
    if conflict:
        data["conflict_with"] = sorted(set(after.holders) - {actor})
        if any(f.kind == "lost" for f in facts):
            data["lost_same_day"] = True  # one source says it holds the place, another that it lost it
    return TimelineEntry(place_id, str(day), actor, status, conflict, data)


def _status(kind: str) -> str:
    """The row status of a non-holding fact kind."""
    return kind if kind in _RANK else "controls"


def _carried(place_id: str, day: date, state: _State, info: Mapping[str, Any]) -> list[TimelineEntry]:
    """Rows for a day without facts: the last state, unobserved."""
    rows = []
    for actor in sorted(state.holders):
        since, keys = state.holders[actor]
        data = {**info, "observed": False, "since": str(since), "established_by": keys}
        if state.conflict:
            data["conflict_with"] = sorted(set(state.holders) - {actor})
        rows.append(TimelineEntry(place_id, str(day), actor, "controls", state.conflict, data))
    return rows
