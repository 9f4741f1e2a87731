"""The ingest run: read items, skip documents already stored, extract the rest and store them in batches."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from rasid.ingest.items import Item, SourceDocument
from rasid.ingest.reconcile import reconcile_store
from rasid.ingest.walk import iter_items
from rasid.model import Document
from rasid.pipeline import process_document
from rasid.store import ErrorEntry, Store, StoredDocument, build_record
from rasid.store.base import utc_now

# A batch is one transaction: a killed run loses at most the batch in flight, which a re-run redoes.
DEFAULT_BATCH_SIZE = 50
_BATCH_SECONDS = 2.0
_SHOWN_ERRORS = 20


@dataclass
class IngestSummary:
    """Counts of one ingest run and the items that failed or were skipped."""

    new: int = 0
    duplicate: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    claims: int = 0
    control: int = 0
    errors: list[ErrorEntry] = field(default_factory=list)

    def postfix(self) -> dict[str, int]:
        """The counts a progress bar shows."""
        return {"new": self.new, "dup": self.duplicate, "failed": self.failed}


def content_hash(text: str) -> str:
    """The identity of a document's content: SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def ingest_paths(paths: Iterable[str | Path], store: Store, *, progress: bool = False,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> IngestSummary:
    """Ingest every item under the paths into the store; bad items are recorded and the run goes on."""
    return ingest_items(iter_items(paths), store, progress=progress, batch_size=batch_size)


def ingest_items(items: Iterable[Item], store: Store, *, progress: bool = False,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> IngestSummary:
    """Store items in transactions of at most `batch_size` items (or about two seconds of work)."""
    summary = IngestSummary()
    iterator = iter(items)
    with tqdm(disable=not progress, unit="doc", desc="ingest", file=sys.stderr) as bar:
        finished = False
        while not finished:
            with store.batch():
                finished = _ingest_batch(iterator, store, summary, batch_size, bar)
    reconcile_store(store)  # the cross-document tables follow every run (a killed run: the next one redoes them)
    return summary


def _ingest_batch(iterator: Iterator[Item], store: Store, summary: IngestSummary, size: int, bar: tqdm[Any]) -> bool:
    """Ingest up to `size` items inside the open transaction; True when the items are exhausted."""
    deadline = time.monotonic() + _BATCH_SECONDS
    for _ in range(size):
        item = next(iterator, None)
        if item is None:
            return True
        ingest_item(item, store, summary)
        bar.update(1)
        bar.set_postfix(summary.postfix(), refresh=False)
        if time.monotonic() > deadline:
            break
    return False


def ingest_item(item: Item, store: Store, summary: IngestSummary) -> None:
    """Store one document (unless already stored) or record one error entry."""
    if isinstance(item, ErrorEntry):
        _record_error(item, store, summary)
        return
    document = item.document
    broken = _unencodable_field(document)
    if broken:
        reason = f"broken encoding: the {broken} holds lone surrogate code points (JSON \\ud800-style escapes?)"
        _record_error(ErrorEntry(source=item.source, item=document.url, reason=reason), store, summary)
        return
    digest = content_hash(document.text)
    if store.find_document(digest, document.url) is not None:
        summary.duplicate += 1
        return
    try:
        result = item.result if item.result is not None else process_document(document)
    except Exception as exc:  # one document breaking a stage must not stop the run or lose the batch
        result = {"error": f"internal error while extracting: {type(exc).__name__}: {exc}"}
    if "error" in result:
        _record_error(ErrorEntry(source=item.source, item=document.url, reason=str(result["error"])), store, summary)
        return
    record = build_record(stored_document(item, digest, result), result)
    if not store.add(record):
        summary.duplicate += 1  # stored by a concurrent run since our check
        return
    summary.new += 1
    summary.events += len(record.events)
    summary.claims += len(record.claims)
    summary.control += len(record.control)


def _unencodable_field(document: Document) -> str | None:
    """The name of a text field that cannot be stored as UTF-8, if any."""
    for name in ("text", "title", "url", "outlet", "id"):
        value = getattr(document, name)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return name
    return None


def stored_document(item: SourceDocument, digest: str, result: dict[str, Any]) -> StoredDocument:
    """The document row: identity, metadata, and the publication date the extraction settled on."""
    doc = item.document
    given = result.get("published")
    published: dict[str, Any] = given if isinstance(given, dict) else {}
    return StoredDocument(
        doc_key=digest[:24], id=doc.id, text=doc.text, content_hash=digest, url=doc.url, title=doc.title,
        outlet=doc.outlet, published=published.get("value", doc.published), published_source=published.get("source"),
        source=item.source, source_kind=item.source_kind, ingested_at=utc_now(),
    )


def _record_error(entry: ErrorEntry, store: Store, summary: IngestSummary) -> None:
    """Store an error entry and count it."""
    entry = replace(entry, at=entry.at or utc_now())
    store.add_error(entry)
    summary.errors.append(entry)
    if entry.kind == "skipped":
        summary.skipped += 1
    else:
        summary.failed += 1


def format_summary(summary: IngestSummary) -> str:
    """The final report of a run: document counts, extracted records, and the failed items with reasons."""
    lines = [
        f"documents: {summary.new} new, {summary.duplicate} duplicate, {summary.failed} failed"
        + (f", {summary.skipped} skipped" if summary.skipped else ""),
        f"extracted: {summary.events} events, {summary.claims} claims, {summary.control} control observations",
    ]
    failures = [e for e in summary.errors if e.kind != "skipped"]
    if failures:
        lines.append("failed:")
        lines.extend(f"  {e.source}: {e.reason}" for e in failures[:_SHOWN_ERRORS])
        if len(failures) > _SHOWN_ERRORS:
            lines.append(f"  … and {len(failures) - _SHOWN_ERRORS} more (all are in the errors table)")
    if summary.skipped:
        lines.append(f"skipped {summary.skipped} item(s) that are not articles (unsupported files in folders, "
                     "non-HTML or non-200 archive records); they are listed in the errors table")
    return "\n".join(lines)
