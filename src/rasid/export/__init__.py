"""Exports of the stored record: ACLED-style CSV, GeoJSON, Parquet tables and contract JSONL."""

from __future__ import annotations

from rasid.export.acled import ACLED_COLUMNS, EXPORT_COLUMNS, acled_rows, write_acled_csv
from rasid.export.geojson import feature_collection, write_geojson
from rasid.export.jsonl import write_jsonl
from rasid.export.parquet import PARQUET_TABLES, write_parquet

FORMATS = ("acled", "geojson", "parquet", "jsonl")

__all__ = [
    "ACLED_COLUMNS",
    "EXPORT_COLUMNS",
    "FORMATS",
    "PARQUET_TABLES",
    "acled_rows",
    "feature_collection",
    "write_acled_csv",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]
