"""Queries and reviews the HTTP API needs: filtered event pages, control snapshots, corrections and rejections.

Every correction or rejection is a line of the revision log (who, when, which field, old and new value), and
the event row itself is updated so that exports and filters see the reviewed value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from rasid.errors import InputError
from rasid.store.base import _EVENT_COLUMNS, Store, _decoded, _dumps, utc_now
from rasid.store.records import ControlRow, EventRow, Revision

# Indexes the event filters use; IF NOT EXISTS keeps this idempotent on both back ends.
_INDEXES = (
    # Covers the usual combined filter (type, dates, actor, box), so counting it never reads the table.
    "CREATE INDEX IF NOT EXISTS events_filter ON events (event_type, event_date, actor1, actor2, lon, lat)",
    "CREATE INDEX IF NOT EXISTS events_actor1 ON events (actor1)",
    "CREATE INDEX IF NOT EXISTS events_actor2 ON events (actor2)",
    "CREATE INDEX IF NOT EXISTS events_place ON events (place_id)",
    "CREATE INDEX IF NOT EXISTS events_place_name ON events (place_name)",
    "CREATE INDEX IF NOT EXISTS events_attributed ON events (attributed_to)",
    "CREATE INDEX IF NOT EXISTS documents_outlet ON documents (outlet)",
    "CREATE INDEX IF NOT EXISTS documents_source ON documents (source)",
    "CREATE INDEX IF NOT EXISTS events_lon_lat ON events (lon, lat)",
    "CREATE INDEX IF NOT EXISTS revisions_row ON revisions (table_name, row_key)",
    "CREATE INDEX IF NOT EXISTS control_date ON control_observations (obs_date)",
)

# Correctable event fields: API name -> (column, path inside the event's JSON object).
CORRECTABLE: dict[str, tuple[str, tuple[str, ...]]] = {
    "event_type": ("event_type", ("event_type",)),
    "sub_event_type": ("sub_event_type", ("sub_event_type",)),
    "date": ("event_date", ("date", "value")),
    "place_name": ("place_name", ("place", "name_en")),
    "actor1": ("actor1", ("actor1",)),
    "actor2": ("actor2", ("actor2",)),
    "fatalities_low": ("fatalities_low", ("fatalities", "low")),
    "fatalities_best": ("fatalities_best", ("fatalities", "best")),
    "fatalities_high": ("fatalities_high", ("fatalities", "high")),
    "lat": ("lat", ("place", "lat")),
    "lon": ("lon", ("place", "lon")),
    "attributed_to": ("attributed_to", ("attributed_to",)),
}
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?\Z")
NUMERIC_FIELDS = frozenset({"fatalities_low", "fatalities_best", "fatalities_high", "lat", "lon"})


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What an analyst filters events on; unset fields do not filter."""

    date_from: str | None = None
    date_to: str | None = None
    event_type: str | None = None
    actor: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    doc_keys: tuple[str, ...] | None = None  # from a text search; empty means nothing matched
    source: str | None = None
    include_rejected: bool = False
    limit: int = 100
    offset: int = 0


def ensure_indexes(store: Store) -> None:
    """Create the indexes the API's filters need (no-op when present), with planner statistics for new ones."""
    names = [statement.split(" EXISTS ")[1].split(" ")[0] for statement in _INDEXES]
    if store.dialect == "sqlite":
        marks = ", ".join("?" * len(names))
        present = store._fetchall(f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
                                  names)[0][0]
    with store._writing():
        for statement in _INDEXES:
            store._execute(statement)
    # SQLite picks between these indexes (and the date order) well only with statistics; PostgreSQL's
    # autovacuum keeps its own.
    if store.dialect == "sqlite" and present < len(names):
        store._execute("ANALYZE")


def rejected_keys(store: Store) -> set[str]:
    """Keys of events whose latest review is a rejection."""
    rows = store._fetchall("SELECT row_key, action FROM revisions WHERE table_name = 'events' "
                           "AND action IN ('reject', 'restore') ORDER BY rev_id")
    state: dict[str, bool] = {}
    for key, action in rows:
        state[str(key)] = action == "reject"
    return {key for key, rejected in state.items() if rejected}


def _where(flt: EventFilter, rejected: set[str]) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters of an event filter."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.date_from:
        clauses.append("event_date >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        # A date is a prefix-ordered ISO string: `<= 2019-01-31` must keep `2019-01-31` itself.
        clauses.append("event_date <= ?")
        params.append(flt.date_to + "\uffff")
    if flt.event_type:
        clauses.append("event_type = ?")
        params.append(flt.event_type)
    if flt.actor:
        clauses.append("(actor1 = ? OR actor2 = ?)")
        params.extend((flt.actor, flt.actor))
    if flt.place:
        clauses.append("(place_id = ? OR place_name = ?)")
        params.extend((flt.place, flt.place))
    if flt.bbox:
        west, south, east, north = flt.bbox
        clauses.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
        params.extend((west, east, south, north))
    if flt.doc_keys is not None:
        clauses.append(f"doc_key IN ({', '.join('?' * len(flt.doc_keys)) or 'NULL'})")
        params.extend(flt.doc_keys)
    if flt.source:
        clauses.append("(attributed_to = ? OR doc_key IN (SELECT doc_key FROM documents WHERE outlet = ? OR source = ?))")
        params.extend((flt.source, flt.source, flt.source))
    if rejected and not flt.include_rejected:
        clauses.append(f"event_key NOT IN ({', '.join('?' * len(rejected))})")
        params.extend(sorted(rejected))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def query_events(store: Store, flt: EventFilter) -> tuple[int, list[EventRow], set[str]]:
    """The total matching, one page of events (newest first), and the rejected keys."""
    rejected = rejected_keys(store)
    where, params = _where(flt, rejected)
    total = int(store._fetchall(f"SELECT COUNT(*) FROM events{where}", params)[0][0])
    # Page on the keys first (index-only), then read the full rows of that page alone: deep offsets stay cheap.
    # NULLS LAST: PostgreSQL would put undated events first; SQLite already puts them last (and keeps the index).
    order = "ORDER BY event_date DESC NULLS LAST, event_no DESC"
    rows = store._fetchall(f"SELECT {_EVENT_COLUMNS}, data_json, event_no FROM events WHERE event_no IN "
                           f"(SELECT event_no FROM events{where} {order} LIMIT ? OFFSET ?) {order}",
                           [*params, flt.limit, flt.offset])
    return total, [EventRow(*(*_decoded(row[:-1]), int(row[-1]))) for row in rows], rejected


def document_page(store: Store, limit: int, offset: int, doc_keys: tuple[str, ...] | None = None
                  ) -> tuple[int, list[dict[str, Any]]]:
    """One page of document metadata (no text, its length instead), in ingest order, optionally of some keys."""
    where, params = "", list(doc_keys or ())
    if doc_keys is not None:
        where = f" WHERE doc_key IN ({', '.join('?' * len(doc_keys)) or 'NULL'})"
    total = int(store._fetchall(f"SELECT COUNT(*) FROM documents{where}", params)[0][0])
    rows = store._fetchall("SELECT doc_key, id, content_hash, url, title, outlet, published, published_source, source, "
                           f"source_kind, ingested_at, LENGTH(text) FROM documents{where} ORDER BY doc_no LIMIT ? OFFSET ?",
                           [*params, limit, offset])
    names = ("doc_key", "id", "content_hash", "url", "title", "outlet", "published", "published_source", "source",
             "source_kind", "ingested_at", "length")
    return total, [dict(zip(names, row, strict=True)) for row in rows]


def get_event(store: Store, event_key: str) -> EventRow | None:
    """One event by key, or None."""
    rows = store._fetchall(f"SELECT {_EVENT_COLUMNS}, data_json, event_no FROM events WHERE event_key = ?",
                           (event_key,))
    return EventRow(*(*_decoded(rows[0][:-1]), int(rows[0][-1]))) if rows else None


def row_revisions(store: Store, table: str, key: str) -> list[Revision]:
    """The revision log lines of one row, oldest first."""
    rows = store._fetchall("SELECT rev_id, at, action, table_name, row_key, detail_json FROM revisions "
                           "WHERE table_name = ? AND row_key = ? ORDER BY rev_id", (table, key))
    return [Revision(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def recent_revisions(store: Store, limit: int) -> list[Revision]:
    """The newest lines of the revision log, newest first."""
    rows = store._fetchall("SELECT rev_id, at, action, table_name, row_key, detail_json FROM revisions "
                           "ORDER BY rev_id DESC LIMIT ?", (limit,))
    return [Revision(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def _set_path(data: dict[str, Any], path: tuple[str, ...], value: Any) -> Any:
    """Set a nested key of a JSON object (creating parents); return the old value."""
    node = data
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    old = node.get(path[-1])
    node[path[-1]] = value
    return old


def correct_event(store: Store, event_key: str, field: str, value: Any, who: str, note: str | None = None) -> EventRow:
    """Change one field of an event and log who changed it, when, from what to what."""
    if field not in CORRECTABLE:
        raise InputError(f"field {field!r} cannot be corrected; use one of {', '.join(CORRECTABLE)}")
    if field in NUMERIC_FIELDS and value is not None and not isinstance(value, (int, float)):
        raise InputError(f"field {field!r} takes a number")
    if field not in NUMERIC_FIELDS and value is not None and not isinstance(value, str):
        raise InputError(f"field {field!r} takes a string")
    if field == "date" and value is not None and not _DATE.match(str(value)):
        raise InputError("a date is YYYY, YYYY-MM or YYYY-MM-DD")
    column, path = CORRECTABLE[field]
    with store._writing():
        event = get_event(store, event_key)
        if event is None:
            raise KeyError(event_key)
        data = dict(event.data)
        old = _set_path(data, path, value)
        data.setdefault("review", {})
        if isinstance(data["review"], dict):
            data["review"] = {**data["review"], "corrected": sorted({*data["review"].get("corrected", []), field})}
        store._execute(f"UPDATE events SET {column} = ?, data_json = ? WHERE event_key = ?",
                       (value, _dumps(data), event_key))
        if field == "date":
            # The precision follows the corrected value: 2019 is a year, 2019-02 a month, 2019-02-03 a day.
            precision = None if value is None else {4: "year", 7: "month"}.get(len(str(value)), "day")
            _set_path(data, ("date", "precision"), precision)
            store._execute("UPDATE events SET date_precision = ?, data_json = ? WHERE event_key = ?",
                           (precision, _dumps(data), event_key))
        store._execute("INSERT INTO revisions (at, action, table_name, row_key, detail_json) VALUES (?, ?, ?, ?, ?)",
                       (utc_now(), "correct", "events", event_key,
                        _dumps({"who": who, "field": field, "old": old, "new": value, "note": note})))
    updated = get_event(store, event_key)
    assert updated is not None
    return updated


def set_rejected(store: Store, event_key: str, rejected: bool, who: str, note: str | None = None) -> EventRow:
    """Mark an event rejected (or restore it), logging who and why; it leaves default listings."""
    with store._writing():
        event = get_event(store, event_key)
        if event is None:
            raise KeyError(event_key)
        data = dict(event.data)
        review = data.get("review") if isinstance(data.get("review"), dict) else {}
        data["review"] = {**(review or {}), "status": "rejected" if rejected else "accepted"}
        store._execute("UPDATE events SET data_json = ? WHERE event_key = ?", (_dumps(data), event_key))
        store._execute("INSERT INTO revisions (at, action, table_name, row_key, detail_json) VALUES (?, ?, ?, ?, ?)",
                       (utc_now(), "reject" if rejected else "restore", "events", event_key,
                        _dumps({"who": who, "note": note})))
    updated = get_event(store, event_key)
    assert updated is not None
    return updated


def control_snapshot(store: Store, day: str) -> list[ControlRow]:
    """Each place's latest control observation dated on or before `day`."""
    rows = store._fetchall("SELECT obs_key, doc_key, ordinal, place_id, place_name, lat, lon, actor_id, status, "
                           "obs_date, date_precision, data_json FROM control_observations "
                           "WHERE obs_date IS NOT NULL AND obs_date <= ? ORDER BY place_id, obs_date, obs_key",
                           (day + "\uffff",))
    latest: dict[str, ControlRow] = {}
    for row in rows:
        obs = ControlRow(*_decoded(row))
        latest[obs.place_id or obs.place_name or obs.obs_key] = obs
    return list(latest.values())
