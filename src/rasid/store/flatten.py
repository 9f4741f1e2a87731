"""Turn a contract result object into store rows, reading each field defensively (the event layer grows)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasid.store.records import ClaimRow, ControlRow, DocumentRecord, EventRow, MentionRow, StoredDocument

MENTION_LAYERS = ("places", "actors", "persons", "times", "times_vague", "quantities")
# The field that identifies what a mention refers to, per layer (what analysts filter on).
_MENTION_KEYS = {"places": "place_id", "actors": "actor_id", "persons": "name_en", "times": "value",
                 "times_vague": "value", "quantities": "unit"}


def build_record(document: StoredDocument, result: Mapping[str, Any]) -> DocumentRecord:
    """All rows for one document and its contract result."""
    key = document.doc_key
    return DocumentRecord(
        document=document,
        result=dict(result),
        mentions=tuple(mention_rows(key, result)),
        events=tuple(event_row(key, i, e) for i, e in enumerate(_objects(result.get("events")))),
        claims=tuple(claim_row(key, i, c) for i, c in enumerate(_objects(result.get("claims")))),
        control=tuple(control_row(key, i, c) for i, c in enumerate(_objects(result.get("control")))),
    )


def mention_rows(doc_key: str, result: Mapping[str, Any]) -> list[MentionRow]:
    """One row per mention of every span layer."""
    rows = []
    for layer in MENTION_LAYERS:
        items = result.get(layer)
        # The ordinal is the index in the result's list: the row's full object is found there again.
        for i, m in enumerate(items if isinstance(items, (list, tuple)) else []):
            if not isinstance(m, Mapping):
                continue
            key = m.get(_MENTION_KEYS[layer])
            rows.append(MentionRow(doc_key, layer, i, _int(m.get("start")), _int(m.get("end")), _str(m.get("text")),
                                   None if key is None else str(key), dict(m)))
    return rows


def event_row(doc_key: str, ordinal: int, event: Mapping[str, Any]) -> EventRow:
    """The main columns of an event; the whole object stays in `data`."""
    place = _mapping(event.get("place"))
    date = _mapping(event.get("date"))
    fatalities = _mapping(event.get("fatalities"))
    return EventRow(
        event_key=f"{doc_key}:e{ordinal}", doc_key=doc_key, ordinal=ordinal,
        event_type=_str(event.get("event_type")), sub_event_type=_str(event.get("sub_event_type")),
        date=_str(date.get("value")), date_precision=_str(date.get("precision")),
        place_id=_str(place.get("place_id")), place_name=_str(place.get("name_en")),
        lat=_float(place.get("lat")), lon=_float(place.get("lon")), geo_precision=_int(place.get("geo_precision")),
        actor1=_str(event.get("actor1")), actor2=_str(event.get("actor2")),
        fatalities_low=_float(fatalities.get("low")), fatalities_best=_float(fatalities.get("best")),
        fatalities_high=_float(fatalities.get("high")), attributed_to=_str(event.get("attributed_to")),
        data=dict(event),
    )


def claim_row(doc_key: str, ordinal: int, claim: Mapping[str, Any]) -> ClaimRow:
    """The main columns of a claim; the whole object stays in `data`."""
    where = claim.get("where")
    where_name = _str(_mapping(where).get("name_en")) if isinstance(where, Mapping) else _str(where)
    return ClaimRow(
        claim_key=f"{doc_key}:c{ordinal}", doc_key=doc_key, ordinal=ordinal,
        subject=_str(claim.get("subject")), about=_str(claim.get("about")), where=where_name,
        low=_float(claim.get("low")), high=_float(claim.get("high")), attributed_to=_str(claim.get("attributed_to")),
        data=dict(claim),
    )


def control_row(doc_key: str, ordinal: int, obs: Mapping[str, Any]) -> ControlRow:
    """The main columns of a control observation; the whole object stays in `data`."""
    place = _mapping(obs.get("place"))
    date = _mapping(obs.get("date"))
    return ControlRow(
        obs_key=f"{doc_key}:k{ordinal}", doc_key=doc_key, ordinal=ordinal,
        place_id=_str(place.get("place_id")), place_name=_str(place.get("name_en")),
        lat=_float(place.get("lat")), lon=_float(place.get("lon")),
        actor_id=_str(obs.get("actor_id")), status=_str(obs.get("status")),
        date=_str(date.get("value")), date_precision=_str(date.get("precision")),
        data=dict(obs),
    )


def _objects(value: object) -> list[Mapping[str, Any]]:
    """The mapping items of a list field (anything else is ignored)."""
    if not isinstance(value, (list, tuple)):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _mapping(value: object) -> Mapping[str, Any]:
    """A nested object, or an empty one."""
    return value if isinstance(value, Mapping) else {}


def _str(value: object) -> str | None:
    """A string field (numbers are written out), or None."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value)


def _float(value: object) -> float | None:
    """A numeric field as float, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _int(value: object) -> int | None:
    """An integral field, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value)
