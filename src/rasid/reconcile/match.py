"""Do two per-document events describe the same real-world event? Each rule answers with its reason.

Two events match when all of these hold (each is a function below):
- they come from different documents (one report's events are distinct by construction);
- same `sub_event_type`, and both or neither are cumulative casualty reports (a toll over months is not the
  day's battle);
- dates compatible at their precision: two days at most one day apart; a month (or interval) containing the
  day; two months or intervals overlapping; a date known only to the year never matches (too vague to
  name one occurrence);
- places within the tolerance of their kind (geo_precision 1: 10 km, 2: 25 km, 3: 60 km; regions and countries
  300 km; the larger of the two applies), or one place is a governorate holding the other (same admin1);
  an event with no coordinates matches nothing;
- actors compatible: slot by slot equal, one side null, or one a component of the other (data/reconcile.yaml
  `part_of`: وحدات حماية الشعب within قسد); the sides may be swapped (one outlet names the attacker first);
  when both reports name actors, at least one named actor must be shared (usa/- and -/isis do not match).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rasid.reconcile.inputs import (
    PlaceInfo,
    Sourced,
    date_span,
    distance_km,
    mapping,
    name_key,
    number,
    settings,
    text_field,
)

_PRECISION_RANK = {"day": 0, "month": 1, "interval": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class EventView:
    """The fields of one contract event that matching reads, parsed once."""

    key: str
    doc_key: str
    sub_event_type: str | None
    span: tuple[date, date] | None
    precision: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    place: PlaceInfo
    place_name: str | None
    actors: tuple[str | None, str | None]
    cumulative: bool
    source: Sourced


def view(item: Sourced, places: Mapping[str, PlaceInfo]) -> EventView:
    """Parse one sourced contract event."""
    record = item.record
    when = mapping(record.get("date"))
    where = mapping(record.get("place"))
    geo = number(where.get("geo_precision"))
    tags = record.get("tags")
    place_id = text_field(where.get("place_id"))
    return EventView(
        key=item.key, doc_key=item.doc_key, sub_event_type=text_field(record.get("sub_event_type")),
        span=date_span(when.get("value")), precision=text_field(when.get("precision")),
        lat=number(where.get("lat")), lon=number(where.get("lon")), geo_precision=None if geo is None else int(geo),
        place=places.get(place_id or "", PlaceInfo(kind=text_field(where.get("kind")))),
        place_name=text_field(where.get("name_en")),
        actors=(text_field(record.get("actor1")), text_field(record.get("actor2"))),
        cumulative="casualty_report" in tags if isinstance(tags, (list, tuple)) else False,
        source=item,
    )


def specificity(event: EventView) -> tuple[Any, ...]:
    """Sort key putting the most precise report first: day before month, village before governorate."""
    length = (event.span[1] - event.span[0]).days if event.span else 10**6
    return (_PRECISION_RANK.get(event.precision or "", 4), length, event.geo_precision or 4,
            event.span[0] if event.span else date.max, event.key)


def dates_compatible(a: EventView, b: EventView) -> str | None:
    """Why the two dates can be the same occurrence, or None."""
    if a.span is None or b.span is None:
        return None
    if a.precision == "year" or b.precision == "year":
        return None
    if a.precision == "day" and b.precision == "day":
        gap = abs((a.span[0] - b.span[0]).days)
        return f"dates {a.span[0]} and {b.span[0]} {gap} day(s) apart" if gap <= 1 else None
    if a.span[0] <= b.span[1] and b.span[0] <= a.span[1]:
        return f"dates {_show(a.span)} and {_show(b.span)} overlap"
    return None


def _show(span: tuple[date, date]) -> str:
    """A span as one day or `start/end`."""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}/{span[1]}"


def tolerance_km(event: EventView) -> float:
    """How far this report's place may be from the true place: by its kind when wide, else its geo_precision."""
    config = settings()
    kind = event.place.kind
    if kind is not None and kind in config.tolerance_by_kind:
        return config.tolerance_by_kind[kind]
    return config.tolerance_by_precision.get(event.geo_precision or 1, config.tolerance_by_precision[1])


def places_compatible(a: EventView, b: EventView) -> tuple[str, float] | None:
    """Why the two places can be the same event's place, with their distance; None when they cannot."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    km = distance_km(a.lat, a.lon, b.lat, b.lon)
    limit = max(tolerance_km(a), tolerance_km(b))
    if km <= limit:
        return f"places {a.place_name} and {b.place_name} {km:.0f} km apart (tolerance {limit:.0f} km)", km
    for wide, narrow in ((a, b), (b, a)):
        if _holds(wide, narrow):
            return f"{narrow.place_name} lies in {wide.place_name} ({km:.0f} km from its centre)", km
    return None


def _holds(wide: EventView, narrow: EventView) -> bool:
    """True when `wide` is a governorate and `narrow` lies in it (same first-level admin area)."""
    if wide.place.kind != "governorate" or not narrow.place.admin1:
        return False
    if wide.place.country and narrow.place.country and wide.place.country != narrow.place.country:
        return False
    own = wide.place.admin1 or (wide.place_name or "").removesuffix(" Governorate")
    return bool(own) and name_key(own) == name_key(narrow.place.admin1)


def ancestors(actor: str) -> list[str]:
    """The actor and the coalitions it belongs to, innermost first."""
    chain, part_of = [actor], settings().part_of
    while chain[-1] in part_of and part_of[chain[-1]] not in chain:
        chain.append(part_of[chain[-1]])
    return chain


def actor_compatible(a: str | None, b: str | None) -> str | None:
    """How two actor slots agree (`same`, `unknown`, `part_of`), or None when they name different actors."""
    if a is None or b is None:
        return "unknown"
    if a == b:
        return "same"
    if b in ancestors(a) or a in ancestors(b):
        return "part_of"
    return None


def actors_aligned(a: EventView, b: EventView) -> tuple[bool, str] | None:
    """Whether b's actors line up with a's directly (False) or swapped (True), and why; None if they clash."""
    for swapped in (False, True):
        other = (b.actors[1], b.actors[0]) if swapped else b.actors
        verdicts = [actor_compatible(x, y) for x, y in zip(a.actors, other, strict=True)]
        named = any(a.actors) and any(b.actors)
        if None not in verdicts and (not named or "same" in verdicts or "part_of" in verdicts):
            words = "/".join(v or "" for v in verdicts)
            return swapped, f"actors {_pair(a.actors)} ~ {_pair(b.actors)} ({words}{', swapped' if swapped else ''})"
    return None


def _pair(actors: tuple[str | None, str | None]) -> str:
    """Two actor slots for a reason text."""
    return f"{actors[0] or '-'}/{actors[1] or '-'}"


def same_event(a: EventView, b: EventView) -> tuple[str, float] | None:
    """The reason two events describe one occurrence, with a distance score (lower is closer); else None."""
    if a.doc_key == b.doc_key or a.sub_event_type is None or a.sub_event_type != b.sub_event_type:
        return None
    if a.cumulative != b.cumulative:
        return None
    dates = dates_compatible(a, b)
    if dates is None:
        return None
    place = places_compatible(a, b)
    if place is None:
        return None
    actors = actors_aligned(a, b)
    if actors is None:
        return None
    gap = abs((a.span[0] - b.span[0]).days) if a.span and b.span else 0
    return f"same sub_event_type {a.sub_event_type}; {dates}; {place[0]}; {actors[1]}", place[1] + 10.0 * gap
