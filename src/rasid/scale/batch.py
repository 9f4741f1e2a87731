"""Engine-independent batch pieces: input files to work items, one work item to table rows, the table schemas."""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from rasid.errors import InputError
from rasid.ingest.items import SourceDocument
from rasid.ingest.run import content_hash
from rasid.ingest.walk import file_kind, read_path
from rasid.ingest.warc import _record_item as warc_record_item
from rasid.model import Document
from rasid.pipeline import extract, parse_record, process_document, process_line
from rasid.store.flatten import claim_row, control_row, event_row, mention_rows
from rasid.store.records import ErrorEntry

# Column name and type letter (s: string, i: 64-bit integer, f: double) of every output table, in order.
_MENTION_COLUMNS = (("doc_key", "s"), ("doc_id", "s"), ("layer", "s"), ("ordinal", "i"), ("start", "i"),
                    ("end", "i"), ("text", "s"), ("key", "s"), ("data_json", "s"), ("month", "s"))
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (("doc_key", "s"), ("id", "s"), ("source", "s"), ("line", "i"), ("source_kind", "s"),
                  ("url", "s"), ("title", "s"), ("outlet", "s"), ("published_input", "s"), ("published", "s"),
                  ("published_source", "s"), ("text", "s"), ("result_json", "s"), ("month", "s")),
    "places": _MENTION_COLUMNS, "actors": _MENTION_COLUMNS, "persons": _MENTION_COLUMNS,
    "times": _MENTION_COLUMNS, "quantities": _MENTION_COLUMNS,
    "events": (("event_key", "s"), ("doc_key", "s"), ("ordinal", "i"), ("event_type", "s"), ("sub_event_type", "s"),
               ("event_date", "s"), ("date_precision", "s"), ("place_id", "s"), ("place_name", "s"), ("lat", "f"),
               ("lon", "f"), ("geo_precision", "i"), ("actor1", "s"), ("actor2", "s"), ("fatalities_low", "f"),
               ("fatalities_best", "f"), ("fatalities_high", "f"), ("attributed_to", "s"), ("data_json", "s"),
               ("month", "s")),
    "claims": (("claim_key", "s"), ("doc_key", "s"), ("ordinal", "i"), ("subject", "s"), ("about", "s"),
               ("where_name", "s"), ("low", "f"), ("high", "f"), ("attributed_to", "s"), ("data_json", "s"),
               ("month", "s")),
    "control": (("obs_key", "s"), ("doc_key", "s"), ("ordinal", "i"), ("place_id", "s"), ("place_name", "s"),
                ("lat", "f"), ("lon", "f"), ("actor_id", "s"), ("status", "s"), ("obs_date", "s"),
                ("date_precision", "s"), ("data_json", "s"), ("month", "s")),
    "errors": (("source", "s"), ("line", "i"), ("item", "s"), ("kind", "s"), ("reason", "s")),
}
# Every table but errors is partitioned by the publication month the extraction settled on.
PARTITION_COLUMN = "month"
UNPARTITIONED = frozenset({"errors"})
NO_MONTH = "unknown"
# Which mention layers land in which table (vague times share the times table, told apart by `layer`).
_LAYER_TABLES = {"places": "places", "actors": "actors", "persons": "persons", "times": "times",
                 "times_vague": "times", "quantities": "quantities"}
_GZIP_MAGIC = b"\x1f\x8b\x08"
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Trailing bytes after the last whole WARC record that are still not a truncation (line ends, padding).
_WARC_SLACK = 4

Row = tuple[str, tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One unit of extraction: a raw JSONL line, a document read from another format, or a reading failure."""

    source: str
    line: int
    raw: bytes | None = None
    document: Document | None = None
    source_kind: str = "jsonl"
    error: str | None = None
    error_kind: str = "failed"
    item: str | None = None


# ---- inputs ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read, and whether it was found in a folder (an unsupported one is then skipped, not failed)."""

    path: str
    in_folder: bool = False


def list_input_files(inputs: Iterable[str | Path]) -> list[InputFile]:
    """The absolute paths of the files under the inputs (folders recursively, hidden entries skipped), in order."""
    files: list[InputFile] = []
    for given in inputs:
        path = Path(given).absolute()  # executors may run in another working directory
        if path.is_dir():
            files.extend(InputFile(str(p), True) for p in sorted(path.rglob("*"))
                         if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(InputFile(str(path)))  # a missing file is reported by read_work_items
    return files


def read_work_items(file: InputFile) -> Iterator[WorkItem]:
    """Every work item of one input file; a file that cannot be read yields one failure item."""
    path = Path(file.path)
    try:
        if not path.exists():
            yield WorkItem(file.path, 0, error="unreadable file: no such file or folder")
        elif _is_jsonl(path):
            yield from _jsonl_items(path)
        else:
            yield from _other_items(path, file.in_folder)
    except OSError as exc:
        yield WorkItem(file.path, 0, error=f"unreadable file: {exc.strerror or exc}")


def _is_jsonl(path: Path) -> bool:
    """True for .jsonl/.ndjson files (gzip-compressed too) and files that sniff as JSONL."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in _JSONL_SUFFIXES:
        return True
    return file_kind(path) == "jsonl"


def _jsonl_items(path: Path) -> Iterator[WorkItem]:
    """Each non-blank line of a JSONL file as a raw item; damaged gzip members become failure items."""
    source = str(path)
    with path.open("rb") as stream:
        head = stream.read(2)
    if head != b"\x1f\x8b":
        with path.open("rb") as stream:
            yield from _line_items(source, stream)
        return
    number = 0
    for chunk in gzip_members(path.read_bytes()):
        if isinstance(chunk, InputError):
            yield WorkItem(source, number, error=str(chunk))
            continue
        for raw in chunk.splitlines():
            number += 1
            if raw.strip():
                yield WorkItem(source, number, raw=raw.strip())


def _line_items(source: str, lines: Iterable[bytes]) -> Iterator[WorkItem]:
    """Raw items for the non-blank lines, numbered from 1."""
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped:
            yield WorkItem(source, number, raw=stripped)


def gzip_members(data: bytes) -> Iterator[bytes | InputError]:
    """The decompressed gzip members of `data`; a corrupt or truncated member is reported and skipped."""
    position = 0
    while position < len(data):
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            output = decompressor.decompress(data[position:]) + decompressor.flush()
        except zlib.error as exc:
            yield InputError(f"corrupt gzip member at byte {position}: {exc}; skipped to the next member")
            position = _next_member(data, position + 1)
            continue
        if not decompressor.eof:
            yield InputError(f"truncated gzip member at byte {position}: the file ends inside it")
            return
        yield output
        position = len(data) - len(decompressor.unused_data)
        while data[position:position + 1] == b"\x00":  # padding some writers leave between members
            position += 1


def _next_member(data: bytes, start: int) -> int:
    """The offset of the next gzip header at or after `start`, or the end of the data."""
    found = data.find(_GZIP_MAGIC, start)
    return len(data) if found < 0 else found


def _warc_items(path: Path) -> Iterator[WorkItem]:
    """The HTML records of an archive (read as `rasid ingest` reads them); truncated records become failures."""
    source = str(path)
    count = 0
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type not in ("response", "resource"):
                    continue
                count += 1
                yield _warc_item(record, f"{source}#record{count}", count)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
            yield WorkItem(source, count + 1, error=f"archive unreadable after {count} records: {exc}")
            return
        unread = path.stat().st_size - records.offset
        if unread > _WARC_SLACK:  # warcio stops quietly at a gzip member cut short
            yield WorkItem(source, count + 1, error=f"truncated WARC record after record {count}: "
                                                    f"the archive ends inside it ({unread} bytes unread)")


def _warc_item(record: Any, locator: str, number: int) -> WorkItem:
    """One archive record as a work item; a record shorter than its Content-Length is a failure."""
    item = warc_record_item(record, locator)
    skipped = isinstance(item, ErrorEntry) and item.kind == "skipped"
    if not skipped and getattr(record.raw_stream, "limit", 0) > 0:
        return WorkItem(locator, number, error=f"truncated WARC record: {record.raw_stream.limit} bytes missing "
                                               "from its Content-Length", item=_str(record.rec_headers.get_header(
                                                   "WARC-Target-URI")))
    if isinstance(item, SourceDocument):
        return WorkItem(locator, number, document=item.document, source_kind=item.source_kind)
    return _error_item(item, number)


def _other_items(path: Path, in_folder: bool) -> Iterator[WorkItem]:
    """Documents and failures of WARC, HTML and feed files, read by the ingest readers."""
    if file_kind(path) == "warc":
        yield from _warc_items(path)
        return
    for number, item in enumerate(read_path(path, in_folder=in_folder), start=1):
        if isinstance(item, SourceDocument):
            yield WorkItem(item.source, number, document=item.document, source_kind=item.source_kind)
        else:
            yield _error_item(item, number)


def _error_item(entry: ErrorEntry, number: int) -> WorkItem:
    """A reader's error entry as a failure item."""
    return WorkItem(entry.source, number, error=entry.reason, error_kind=entry.kind, item=entry.item)


# ---- processing -----------------------------------------------------------------------------------------------
@functools.cache
def warm() -> bool:
    """Load every language resource once in this process (an executor or pool worker), before its first record."""
    try:
        extract("قصفت الطائرات بلدة في ريف دمشق أمس وقتل ثلاثة مدنيين.", "2020-01-02")
    except Exception:  # a broken stage is reported per record in the errors table; it must not kill the partition
        return False
    return True


def process_items(items: Iterable[WorkItem]) -> Iterator[Row]:
    """The table rows of many work items (a partition), warming the resources first."""
    warm()
    for item in items:
        yield from process_item(item)


def process_item(item: WorkItem) -> list[Row]:
    """The table rows of one work item; never raises (a failure becomes an errors row)."""
    if item.error is not None:
        return [error_row(item.source, item.line, item.item, item.error, item.error_kind)]
    try:
        document = _item_document(item)
        result = process_line(item.raw or b"") if document is None else process_document(document)
        if document is None or "error" in result:
            return [error_row(item.source, item.line, _str(result.get("id")), str(result.get("error")), "failed")]
        return document_rows(item, document, result)
    except Exception as exc:  # one record breaking a stage must never fail the job
        return [error_row(item.source, item.line, None, f"internal error: {type(exc).__name__}: {exc}", "failed")]


def _item_document(item: WorkItem) -> Document | None:
    """The item's document, or None for a line that does not validate (process_line then words the error)."""
    if item.document is not None or item.raw is None:
        return item.document
    try:
        return parse_record(item.raw)
    except InputError:
        return None


def error_row(source: str, line: int, item: str | None, reason: str, kind: str) -> Row:
    """One row of the errors table."""
    return ("errors", (source, line, item, kind, reason))


def month_of(result: Mapping[str, Any]) -> str:
    """The publication month (YYYY-MM) the extraction settled on, or `unknown`."""
    published = result.get("published")
    value = published.get("value") if isinstance(published, Mapping) else None
    return value[:7] if isinstance(value, str) and len(value) >= 7 else NO_MONTH


def document_rows(item: WorkItem, document: Document, result: Mapping[str, Any]) -> list[Row]:
    """The documents row of one extracted document and the rows of every layer."""
    key = content_hash(document.text)[:24]
    month = month_of(result)
    published = result.get("published")
    given = published if isinstance(published, Mapping) else {}
    rows: list[Row] = [("documents", (
        key, document.id, item.source, item.line, item.source_kind, document.url, document.title, document.outlet,
        document.published, _str(given.get("value")), _str(given.get("source")), document.text,
        json.dumps(result, ensure_ascii=False), month))]
    for m in mention_rows(key, result):
        rows.append((_LAYER_TABLES[m.layer], (key, document.id, m.layer, m.ordinal, m.start, m.end, m.text, m.key,
                                               _dumps(m.data), month)))
    rows.extend(_event_rows(key, result, month))
    return rows


def _event_rows(key: str, result: Mapping[str, Any], month: str) -> list[Row]:
    """The events, claims and control rows of one result."""
    rows: list[Row] = []
    for i, event in enumerate(_objects(result.get("events"))):
        e = event_row(key, i, event)
        rows.append(("events", (e.event_key, key, i, e.event_type, e.sub_event_type, e.date, e.date_precision,
                                e.place_id, e.place_name, e.lat, e.lon, e.geo_precision, e.actor1, e.actor2,
                                e.fatalities_low, e.fatalities_best, e.fatalities_high, e.attributed_to,
                                _dumps(e.data), month)))
    for i, claim in enumerate(_objects(result.get("claims"))):
        c = claim_row(key, i, claim)
        rows.append(("claims", (c.claim_key, key, i, c.subject, c.about, c.where, c.low, c.high, c.attributed_to,
                                _dumps(c.data), month)))
    for i, obs in enumerate(_objects(result.get("control"))):
        k = control_row(key, i, obs)
        rows.append(("control", (k.obs_key, key, i, k.place_id, k.place_name, k.lat, k.lon, k.actor_id, k.status,
                                 k.date, k.date_precision, _dumps(k.data), month)))
    return rows


def _objects(value: object) -> list[Mapping[str, Any]]:
    """The mapping items of a list field."""
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _dumps(data: object) -> str:
    """JSON text of a nested object."""
    return json.dumps(data, ensure_ascii=False)


def _str(value: object) -> str | None:
    """A string, or None."""
    return value if isinstance(value, str) else None
