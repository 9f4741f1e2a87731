"""The documents table of a `rasid batch` output (Parquet): each row a document with its ready extraction result."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds  # type: ignore[import-untyped]

from rasid.errors import InputError
from rasid.ingest.items import Item, SourceDocument
from rasid.pipeline import CONTRACT_VERSION, document_from_mapping
from rasid.store.records import ErrorEntry

MANIFEST = "manifest.json"
DOCUMENTS = "documents"
_REQUIRED = ("id", "text")
_OPTIONAL = ("published_input", "url", "title", "outlet", "source", "line", "source_kind", "result_json")


def is_batch_output(path: Path) -> bool:
    """True for a batch OUTPUT_DIR (it holds manifest.json and documents/) or the documents folder inside one."""
    if not path.is_dir():
        return False
    if (path / MANIFEST).is_file() and (path / DOCUMENTS).is_dir():
        return True
    return path.name == DOCUMENTS and (path.parent / MANIFEST).is_file()


def read_batch_output(path: Path) -> Iterator[Item]:
    """Every document row of a batch output folder, its documents folder or one Parquet file of it."""
    folder = path / DOCUMENTS if (path / MANIFEST).is_file() else path
    try:
        dataset = ds.dataset(str(folder), format="parquet", partitioning="hive", exclude_invalid_files=True)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not readable as Parquet: {exc}") from exc
    names = set(dataset.schema.names)
    if not set(_REQUIRED) <= names:
        yield ErrorEntry(source=str(path), kind="skipped",
                         reason="Parquet table without 'id' and 'text' columns (not a rasid batch documents table)")
        return
    columns = [*_REQUIRED, *(c for c in _OPTIONAL if c in names)]
    number = 0
    for batch in dataset.to_batches(columns=columns):
        for row in batch.to_pylist():
            number += 1
            yield _row_item(row, f"{path}#row{number}")


def _row_item(row: dict[str, Any], fallback: str) -> Item:
    """One documents row as a document carrying its result (re-extracted only when the contract differs)."""
    source = f"{row['source']}:{row['line']}" if row.get("source") else fallback
    try:
        document = document_from_mapping({"id": row.get("id"), "text": row.get("text"),
                                          "published": row.get("published_input"), "url": row.get("url"),
                                          "title": row.get("title"), "outlet": row.get("outlet")})
    except InputError as exc:
        return ErrorEntry(source=source, reason=str(exc))
    return SourceDocument(document, source, str(row.get("source_kind") or "parquet"), _result(row.get("result_json")))


def _result(text: object) -> dict[str, Any] | None:
    """The stored contract result, or None when absent, unreadable or from another contract version."""
    if not isinstance(text, str):
        return None
    try:
        result = json.loads(text)
    except ValueError:
        return None
    if not isinstance(result, dict) or result.get("contract") != CONTRACT_VERSION or "error" in result:
        return None
    return result
