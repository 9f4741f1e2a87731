"""Contract JSONL: one document per line; a bad line becomes an error entry and the file goes on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from rasid.errors import InputError
from rasid.ingest.items import Item, SourceDocument
from rasid.pipeline import parse_record
from rasid.store.records import ErrorEntry


def read_jsonl(stream: BinaryIO, *, source: str) -> Iterator[Item]:
    """Each non-blank line as a document, validated exactly as `rasid extract` validates it."""
    for number, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line:
            continue
        locator = f"{source}:{number}"
        try:
            yield SourceDocument(parse_record(line), locator, "jsonl")
        except InputError as exc:
            yield ErrorEntry(source=locator, reason=str(exc))
