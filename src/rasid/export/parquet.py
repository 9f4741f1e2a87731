"""Parquet tables (pyarrow) of the stored record: events, claims, control observations and documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from rasid.store import Store

_S, _F, _I = pa.string(), pa.float64(), pa.int64()

EVENTS_SCHEMA = pa.schema([
    ("event_no", _I), ("event_key", _S), ("doc_key", _S), ("ordinal", _I), ("event_type", _S),
    ("sub_event_type", _S), ("event_date", _S), ("date_precision", _S), ("place_id", _S), ("place_name", _S),
    ("lat", _F), ("lon", _F), ("geo_precision", _I), ("actor1", _S), ("actor2", _S), ("fatalities_low", _F),
    ("fatalities_best", _F), ("fatalities_high", _F), ("attributed_to", _S), ("data_json", _S),
])
CLAIMS_SCHEMA = pa.schema([
    ("claim_key", _S), ("doc_key", _S), ("ordinal", _I), ("subject", _S), ("about", _S), ("where_name", _S),
    ("low", _F), ("high", _F), ("attributed_to", _S), ("data_json", _S),
])
CONTROL_SCHEMA = pa.schema([
    ("obs_key", _S), ("doc_key", _S), ("ordinal", _I), ("place_id", _S), ("place_name", _S), ("lat", _F),
    ("lon", _F), ("actor_id", _S), ("status", _S), ("obs_date", _S), ("date_precision", _S), ("data_json", _S),
])
DOCUMENTS_SCHEMA = pa.schema([
    ("doc_key", _S), ("id", _S), ("content_hash", _S), ("url", _S), ("title", _S), ("outlet", _S),
    ("published", _S), ("published_source", _S), ("source", _S), ("source_kind", _S), ("ingested_at", _S),
    ("text", _S),
])


def _dumps(data: object) -> str:
    """JSON text of a nested object."""
    return json.dumps(data, ensure_ascii=False)


def events_table(store: Store) -> Any:
    """The events table."""
    rows = [(e.event_no, e.event_key, e.doc_key, e.ordinal, e.event_type, e.sub_event_type, e.date, e.date_precision,
             e.place_id, e.place_name, e.lat, e.lon, e.geo_precision, e.actor1, e.actor2, e.fatalities_low,
             e.fatalities_best, e.fatalities_high, e.attributed_to, _dumps(e.data)) for e in store.events()]
    return _table(EVENTS_SCHEMA, rows)


def claims_table(store: Store) -> Any:
    """The claims table."""
    rows = [(c.claim_key, c.doc_key, c.ordinal, c.subject, c.about, c.where, c.low, c.high, c.attributed_to,
             _dumps(c.data)) for c in store.claims()]
    return _table(CLAIMS_SCHEMA, rows)


def control_table(store: Store) -> Any:
    """The control observations table."""
    rows = [(c.obs_key, c.doc_key, c.ordinal, c.place_id, c.place_name, c.lat, c.lon, c.actor_id, c.status, c.date,
             c.date_precision, _dumps(c.data)) for c in store.control()]
    return _table(CONTROL_SCHEMA, rows)


def documents_table(store: Store) -> Any:
    """The documents table (verbatim text included)."""
    rows = [(d.doc_key, d.id, d.content_hash, d.url, d.title, d.outlet, d.published, d.published_source, d.source,
             d.source_kind, d.ingested_at, d.text) for d in store.documents()]
    return _table(DOCUMENTS_SCHEMA, rows)


def _table(schema: Any, rows: list[tuple[Any, ...]]) -> Any:
    """A pyarrow table from row tuples in schema order (typed even when empty)."""
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in schema.names]
    arrays = [pa.array(list(column), type=field.type) for column, field in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


PARQUET_TABLES: dict[str, Callable[[Store], Any]] = {
    "events": events_table, "claims": claims_table, "control": control_table, "documents": documents_table,
}


def write_parquet(store: Store, folder: Path) -> dict[str, int]:
    """Write `<folder>/<table>.parquet` for each table; return the row counts."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, build in PARQUET_TABLES.items():
        table = build(store)
        pq.write_table(table, folder / f"{name}.parquet")
        counts[name] = int(table.num_rows)
    return counts
