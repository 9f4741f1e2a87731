"""The contract JSON of events, claims and control observations."""

from __future__ import annotations

from typing import Any

from rasid.model import Claim, ControlObservation, DateRef, Event, PlaceRef


def _date(date: DateRef | None) -> dict[str, str] | None:
    """A date object or None."""
    return None if date is None else {"value": date.value, "precision": date.precision}


def _place(place: PlaceRef | None, with_precision: bool) -> dict[str, Any] | None:
    """A place object (with geo_precision for events)."""
    if place is None:
        return None
    out: dict[str, Any] = {"name_en": place.name_en, "lat": place.lat, "lon": place.lon, "place_id": place.place_id}
    if with_precision:
        out["geo_precision"] = place.geo_precision
    return out


def _number(value: float) -> int | float:
    """An int when the value is whole."""
    return int(value) if float(value).is_integer() else value


def event_to_dict(event: Event) -> dict[str, Any]:
    """The contract object of an event."""
    fatalities = event.fatalities
    return {
        "event_type": event.event_type, "sub_event_type": event.sub_event_type, "tags": list(event.tags),
        "date": _date(event.date), "place": _place(event.place, True), "actor1": event.actor1,
        "actor2": event.actor2, "victims": event.victims,
        "fatalities": None if fatalities is None else {"low": fatalities.low, "best": fatalities.best,
                                                       "high": fatalities.high},
        "counts": {k: _number(v) for k, v in event.counts}, "attributed_to": event.attributed_to,
        "historical": event.historical, "evidence": [{"start": s.start, "end": s.end} for s in event.evidence],
        "reason": event.reason,
    }


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """The contract object of a claim."""
    return {
        "subject": claim.subject, "about": claim.about, "where": claim.where, "low": _number(claim.low),
        "high": _number(claim.high), "approx": claim.approx, "bound": claim.bound,
        "attributed_to": claim.attributed_to, "evidence": {"start": claim.evidence.start, "end": claim.evidence.end},
        "reason": claim.reason, "subgroup": claim.subgroup, "since": claim.since, "as_of": claim.as_of,
        "unit": claim.unit,
    }


def control_to_dict(obs: ControlObservation) -> dict[str, Any]:
    """The contract object of a control observation."""
    return {
        "place": _place(obs.place, False), "actor_id": obs.actor_id, "status": obs.status, "date": _date(obs.date),
        "evidence": {"start": obs.evidence.start, "end": obs.evidence.end}, "reason": obs.reason,
    }
