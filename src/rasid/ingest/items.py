"""What a reader yields: a document found in a source, or an error entry saying why an item was not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasid.model import Document
from rasid.store.records import ErrorEntry


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document read from a file, feed item or archive record, with where it came from."""

    document: Document
    source: str
    source_kind: str
    result: dict[str, Any] | None = None  # an extraction result already made (a batch output), reused as is


Item = SourceDocument | ErrorEntry
