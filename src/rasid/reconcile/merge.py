"""Merge per-document events into real-world events, keeping every source, span and disagreement.

Events are taken most precise first (day before month, village before governorate). Each joins the existing
merged event whose members it matches ALL of (so a vague report cannot chain two distinct precise events
together), choosing the closest when several qualify; otherwise it starts a new one. The first (most precise)
member gives the merged date and place; fatalities keep the range over sources (low = lowest low,
high = highest high) and ACLED's conservative best (the lowest best any source gives).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from rasid.model.reconciled import MergedEvent
from rasid.reconcile.inputs import PlaceInfo, Sourced, mapping, number, source_name
from rasid.reconcile.match import EventView, actors_aligned, same_event, specificity, view

_MAX_BUCKETS = 36  # months an event's date may index under; longer spans are looked up by their ends only


def _months(span: tuple[date, date] | None) -> list[str]:
    """The months a date span (widened by a day for the ±1-day rule) touches, as index buckets."""
    if span is None:
        return []
    start, stop = span[0] - timedelta(days=1), span[1] + timedelta(days=1)
    months: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (stop.year, stop.month) and len(months) < _MAX_BUCKETS:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    last = f"{stop.year:04d}-{stop.month:02d}"
    return months if months[-1] == last else [*months, last]


def cluster_events(events: Sequence[EventView]) -> list[tuple[list[EventView], list[str]]]:
    """Groups of events describing one occurrence, each with the reason every later member joined."""
    clusters: list[tuple[list[EventView], list[str]]] = []
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for event in sorted(events, key=specificity):
        best: tuple[float, int, str] | None = None
        for number_ in _candidates(event, index):
            verdict = _joins(event, clusters[number_][0])
            if verdict is not None and (best is None or verdict[1] < best[0]):
                best = (verdict[1], number_, verdict[0])
        if best is None:
            clusters.append(([event], []))
            for month in _months(event.span):
                index[(event.sub_event_type or "", month)].append(len(clusters) - 1)
        else:
            members, reasons = clusters[best[1]]
            members.append(event)
            reasons.append(f"{event.key} joined {members[0].key}: {best[2]}")
    return clusters


def _candidates(event: EventView, index: Mapping[tuple[str, str], list[int]]) -> list[int]:
    """Clusters of the same sub-event type whose first member's date is near this event's."""
    if event.sub_event_type is None:
        return []
    found: set[int] = set()
    for month in _months(event.span):
        found.update(index.get((event.sub_event_type, month), ()))
    return sorted(found)


def _joins(event: EventView, members: Sequence[EventView]) -> tuple[str, float] | None:
    """The reason (against the first member) and score when the event matches every member; else None."""
    first = same_event(members[0], event)
    if first is None:
        return None
    score = first[1]
    for member in members[1:]:
        other = same_event(member, event)
        if other is None:
            return None
        score += other[1]
    return first[0], score / len(members)


def merge_events(events: Iterable[Sourced], places: Mapping[str, PlaceInfo],
                 duplicate_of: Mapping[str, str]) -> tuple[MergedEvent, ...]:
    """Merged events (every event belongs to exactly one, a lone report to its own) in date order."""
    views = [view(item, places) for item in events]
    merged = [build_merged(members, reasons, duplicate_of) for members, reasons in cluster_events(views)]
    return tuple(sorted(merged, key=lambda m: (m.date or "", m.merged_id)))


def build_merged(members: Sequence[EventView], reasons: Sequence[str],
                 duplicate_of: Mapping[str, str]) -> MergedEvent:
    """One merged event from its members (the first is the most precise report)."""
    lead = members[0].source.record
    when, where = mapping(lead.get("date")), mapping(lead.get("place"))
    aligned = [_aligned_actors(members[0], m) for m in members]
    actor1 = next((a[0] for a in aligned if a[0]), None)
    actor2 = next((a[1] for a in aligned if a[1]), None)
    low, best, high = _fatalities(members)
    keys = tuple(m.key for m in members)
    data: dict[str, Any] = {
        "actor1": actor1, "actor2": actor2, "geo_precision": members[0].geo_precision,
        "tags": sorted({str(t) for m in members for t in (m.source.record.get("tags") or []) if isinstance(t, str)}),
        "sources": [_source_entry(m, a, duplicate_of) for m, a in zip(members, aligned, strict=True)],
        "source_count": len({m.doc_key for m in members}),
        "independent_sources": len({duplicate_of.get(m.doc_key, m.doc_key) for m in members}),
        "disagreements": _disagreements(members, aligned),
        "reasons": list(reasons) or ["single report"],
    }
    return MergedEvent(
        merged_id="m" + hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()[:16],
        event_type=_text(lead.get("event_type")), sub_event_type=members[0].sub_event_type,
        date=_text(when.get("value")), date_precision=_text(when.get("precision")),
        place_id=_text(where.get("place_id")), place_name=_text(where.get("name_en")),
        lat=members[0].lat, lon=members[0].lon, fatalities_low=low, fatalities_best=best, fatalities_high=high,
        members=keys, data=data,
    )


def _text(value: object) -> str | None:
    """A string field, or None."""
    return value if isinstance(value, str) else None


def _aligned_actors(lead: EventView, member: EventView) -> tuple[str | None, str | None]:
    """The member's actors in the lead's order (swapped back when its report named them the other way)."""
    if member is lead:
        return member.actors
    verdict = actors_aligned(lead, member)
    swapped = verdict is not None and verdict[0]
    return (member.actors[1], member.actors[0]) if swapped else member.actors


def _fatalities(members: Sequence[EventView]) -> tuple[float | None, float | None, float | None]:
    """Low (lowest low), ACLED conservative best (lowest best) and high (highest high) over reporting sources."""
    figures = [mapping(m.source.record.get("fatalities")) for m in members]
    lows = [v for v in (number(f.get("low")) for f in figures) if v is not None]
    bests = [v for v in (number(f.get("best")) for f in figures) if v is not None]
    highs = [v for v in (number(f.get("high")) for f in figures) if v is not None]
    return (min(lows) if lows else None, min(bests) if bests else None, max(highs) if highs else None)


def _source_entry(member: EventView, actors: tuple[str | None, str | None],
                  duplicate_of: Mapping[str, str]) -> dict[str, Any]:
    """What one source reported, with its evidence spans, as kept in the merged event."""
    item, record = member.source, member.source.record
    return {
        "event_key": item.key, "doc_key": item.doc_key, "outlet": item.outlet, "published": item.published,
        "attributed_to": record.get("attributed_to"), "source": source_name(record, item.outlet, item.doc_key),
        "date": record.get("date"), "place": record.get("place"), "actor1": actors[0], "actor2": actors[1],
        "fatalities": record.get("fatalities"), "tags": record.get("tags") or [],
        "evidence": record.get("evidence") or [], "duplicate_group": duplicate_of.get(item.doc_key),
    }


def _disagreements(members: Sequence[EventView],
                   aligned: Sequence[tuple[str | None, str | None]]) -> dict[str, list[dict[str, Any]]]:
    """For each field the sources state differently: each distinct value with the sources stating it."""
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for member, actors in zip(members, aligned, strict=True):
        record = member.source.record
        source = source_name(record, member.source.outlet, member.doc_key)
        fields = {"date": mapping(record.get("date")).get("value"), "place": member.place_name,
                  "actor1": actors[0], "actor2": actors[1],
                  "fatalities_best": mapping(record.get("fatalities")).get("best")}
        for name, value in fields.items():
            if value is not None:
                values[name][str(value)].append(source)
    return {name: [{"value": v, "sources": s} for v, s in sorted(found.items())]
            for name, found in values.items() if len(found) > 1}
