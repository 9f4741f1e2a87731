"""Ingest: HTML pages, RSS/Atom feeds, WARC archives, contract JSONL and folders of these, into the store."""

from __future__ import annotations

from rasid.ingest.run import IngestSummary, format_summary, ingest_paths
from rasid.ingest.walk import iter_items

__all__ = ["IngestSummary", "format_summary", "ingest_paths", "iter_items"]
