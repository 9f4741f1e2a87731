"""ACLED's column set, in ACLED's order and names, plus UCDP-style low/best/high fatality columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, TextIO

from rasid.errors import ResourceError
from rasid.resources import load_yaml, read_text
from rasid.store import EventRow, Store, StoredDocument

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
UCDP_COLUMNS = ("low", "best", "high")
EXPORT_COLUMNS = ACLED_COLUMNS + UCDP_COLUMNS
_NOTES_LIMIT = 600
_CIVILIANS = "Civilians"
_CIVILIAN_INTER = 7


@dataclass(frozen=True, slots=True)
class Actor:
    """What ACLED needs of an actor: its name and its interaction code."""

    name: str
    inter: int | None


@cache
def _tables() -> dict[str, Any]:
    """The ACLED tables (inter codes, disorder types, countries)."""
    return dict(load_yaml("acled.yaml"))


@cache
def _actors() -> dict[str, Actor]:
    """Actor id -> name and inter code, from the bundled catalogue (ids only when it is missing)."""
    try:
        rows = csv.DictReader(io.StringIO(read_text("actors.csv")))
    except ResourceError:
        return {}
    codes = _tables()["inter_codes"]
    return {row["actor_id"]: Actor(row["name_en"], codes.get(row["kind"])) for row in rows if row.get("actor_id")}


def acled_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One ACLED-style row per stored event, in the order events were stored."""
    for _, row in acled_events(store):
        yield row


def acled_events(store: Store) -> Iterator[tuple[EventRow, dict[str, Any]]]:
    """Each stored event with its ACLED row."""
    documents: dict[str, StoredDocument | None] = {}
    places: dict[str, dict[str, Mapping[str, Any]]] = {}
    for event in store.events():
        if event.doc_key not in documents:
            documents[event.doc_key] = store.document(event.doc_key)
            places[event.doc_key] = {str(m.key): m.data for m in store.mentions(event.doc_key, "places")}
        yield event, acled_row(event, documents[event.doc_key], places[event.doc_key])


def acled_row(event: EventRow, doc: StoredDocument | None, places: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The ACLED row of one event; place details missing from the event come from the document's place mention."""
    data = event.data
    place = {**places.get(event.place_id or "", {}), **_mapping(data.get("place"))}
    country = _tables()["countries"].get(str(place.get("country") or "SY"), {})
    event_date, precision = acled_date(event.date, event.date_precision)
    actor1, actor2 = _actor(event.actor1), _actor(event.actor2)
    targets_civilians = data.get("victims") == "civilians" or event.event_type == "Violence against civilians"
    if actor2 is None and targets_civilians:
        actor2 = Actor(f"{_CIVILIANS} ({country.get('name', 'International')})", _CIVILIAN_INTER)
    low, best, high = _fatalities(event)
    row: dict[str, Any] = {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}{event.event_no}",
        "event_date": event_date, "year": int(event_date[:4]) if event_date else "", "time_precision": precision,
        "disorder_type": _tables()["disorder_types"].get(event.event_type or "", ""),
        "event_type": event.event_type or "", "sub_event_type": event.sub_event_type or "",
        "actor1": actor1.name if actor1 else "", "assoc_actor_1": _assoc(data, "1"),
        "inter1": _code(actor1), "actor2": actor2.name if actor2 else "", "assoc_actor_2": _assoc(data, "2"),
        "inter2": _code(actor2), "interaction": _interaction(actor1, actor2),
        "civilian_targeting": "Civilian targeting" if targets_civilians else "",
        "iso": country.get("iso", ""), "region": country.get("region", ""), "country": country.get("name", ""),
        "admin1": place.get("admin1") or "", "admin2": place.get("admin2") or "", "admin3": place.get("admin3") or "",
        "location": event.place_name or place.get("name_en") or "",
        "latitude": _number(event.lat), "longitude": _number(event.lon),
        "geo_precision": event.geo_precision or place.get("geo_precision") or "",
        "source": _source(doc, event.attributed_to), "source_scale": str(data.get("source_scale") or ""),
        "notes": _notes(doc, data), "fatalities": best if best != "" else 0,
        "tags": "; ".join(str(t) for t in data.get("tags") or [] if t), "timestamp": _timestamp(doc),
        "low": low, "best": best, "high": high,
    }
    return row


def acled_date(value: str | None, precision: str | None) -> tuple[str, int | str]:
    """ACLED's event date and time precision (1 day, 2 within a week, 3 a month or more), midpoints for periods."""
    if not value:
        return "", ""
    try:
        if "/" in value:
            start, end = (date.fromisoformat(part[:10]) for part in value.split("/", 1))
            middle = start + timedelta(days=(end - start).days // 2)
            return middle.isoformat(), 2 if (end - start).days <= 7 else 3
        if len(value) >= 10:
            return date.fromisoformat(value[:10]).isoformat(), 1 if precision in (None, "day") else 2
        if len(value) == 7:
            return f"{value}-15", 3
        if len(value) == 4 and value.isdigit():
            return f"{value}-07-01", 3
    except ValueError:
        return "", ""
    return "", ""


def _actor(actor_id: str | None) -> Actor | None:
    """The catalogue entry of an actor id (an uncatalogued id stands for itself)."""
    if not actor_id:
        return None
    return _actors().get(actor_id) or Actor(actor_id, None)


def _code(actor: Actor | None) -> int | str:
    """An actor's inter code, or an empty cell."""
    return actor.inter if actor and actor.inter is not None else ("" if actor is None else 0)


def _interaction(actor1: Actor | None, actor2: Actor | None) -> int | str:
    """ACLED's interaction: the two inter codes, smaller first (a lone actor pairs with 0)."""
    codes = sorted(a.inter for a in (actor1, actor2) if a is not None and a.inter is not None)
    if not codes:
        return ""
    return codes[0] * 10 if len(codes) == 1 else codes[0] * 10 + codes[1]


def _assoc(data: Mapping[str, Any], which: str) -> str:
    """Associated actors of side 1 or 2, when the event lists them."""
    value = data.get(f"assoc_actor{which}") or data.get(f"assoc_actor_{which}")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value) if value else ""


def _fatalities(event: EventRow) -> tuple[int | str, int | str, int | str]:
    """UCDP low/best/high; ACLED's `fatalities` is the conservative best (the low figure when best is missing)."""
    low, best, high = event.fatalities_low, event.fatalities_best, event.fatalities_high
    best = best if best is not None else low
    return _count(low if low is not None else best), _count(best), _count(high if high is not None else best)


def _count(value: float | None) -> int | str:
    """A fatality count cell."""
    return "" if value is None else int(value)


def _number(value: float | None) -> float | str:
    """A coordinate cell."""
    return "" if value is None else round(value, 5)


def _source(doc: StoredDocument | None, attributed_to: str | None) -> str:
    """The outlet, and who it quotes when the event is attributed (ACLED lists sources with semicolons)."""
    names = [doc.outlet] if doc and doc.outlet else []
    quoted = _actor(attributed_to)
    if quoted and quoted.name not in names:
        names.append(quoted.name)
    return "; ".join(names)


def _notes(doc: StoredDocument | None, data: Mapping[str, Any]) -> str:
    """The evidence sentence(s) of the event in the document's own words."""
    if doc is None:
        return ""
    spans = data.get("evidence")
    spans = [spans] if isinstance(spans, Mapping) else spans if isinstance(spans, list) else []
    pieces = []
    for span in spans:
        if isinstance(span, Mapping) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
            pieces.append(" ".join(doc.text[span["start"]:span["end"]].split()))
    notes = " … ".join(p for p in pieces if p) or (doc.title or "")
    return notes[:_NOTES_LIMIT]


def _timestamp(doc: StoredDocument | None) -> int | str:
    """Unix time at which the document entered the store."""
    if doc is None or not doc.ingested_at:
        return ""
    try:
        return int(datetime.fromisoformat(doc.ingested_at.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return ""


def _mapping(value: object) -> Mapping[str, Any]:
    """A nested object, or an empty one."""
    return value if isinstance(value, Mapping) else {}


def write_acled_csv(store: Store, stream: TextIO) -> int:
    """Write the ACLED CSV (header + one row per event); return the number of events."""
    writer = csv.DictWriter(stream, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in acled_rows(store):
        writer.writerow(row)
        count += 1
    return count
