"""The only module that composes the stages: text -> annotate -> (events) -> the contract's Result."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from typing import Any

from rasid.annotate.actors import find_actors
from rasid.annotate.dates import annotate_times
from rasid.annotate.numbers import find_quantities
from rasid.annotate.persons import find_persons
from rasid.annotate.places import find_places
from rasid.errors import InputError
from rasid.events import build_events
from rasid.events.serialize import claim_to_dict, control_to_dict, event_to_dict
from rasid.model import Document, ErrorRecord, Result
from rasid.text.analyzed import analyze

CONTRACT_VERSION = 1
MAX_TEXT_CHARS = 1_000_000
_PUBLISHED_FORMATS = (10, 7, 4)


def extract(text: str, published: str | None = None, *, doc_id: str = "doc") -> Result:
    """Extract everything from one text (the Python face of `rasid extract`)."""
    return extract_document(Document(id=doc_id, text=text, published=published))


def extract_document(document: Document) -> Result:
    """Run every stage over one validated document."""
    at = analyze(document.text)
    quantities = find_quantities(at)
    published, times, vague = annotate_times(at, document.published, quantities)
    actors = find_actors(at)
    places = find_places(at, actors)
    persons = find_persons(at, actors, places)
    events, claims, control = build_events(at, published, places, actors, times, quantities)
    return Result(
        id=document.id,
        published=published,
        places=tuple(places),
        actors=tuple(actors),
        persons=tuple(persons),
        times=tuple(times),
        times_vague=tuple(vague),
        quantities=tuple(quantities),
        events=tuple(events),
        claims=tuple(claims),
        control=tuple(control),
    )


def result_to_dict(result: Result) -> dict[str, Any]:
    """The contract JSON object for a result (offsets into the original text)."""
    published = {"value": result.published.value, "source": result.published.source}
    if result.published.reason:
        published["reason"] = result.published.reason
    return {
        "contract": CONTRACT_VERSION,
        "id": result.id,
        "published": published,
        "places": [_flat(m) for m in result.places],
        "actors": [_flat(m) for m in result.actors],
        "persons": [_flat(m) for m in result.persons],
        "times": [_drop_none(_flat(m), keep=("value", "precision")) for m in result.times],
        "times_vague": [_drop_none(_flat(m), keep=("value",)) for m in result.times_vague],
        "quantities": [_flat(m) for m in result.quantities],
        "events": [event_to_dict(e) for e in result.events],
        "claims": [claim_to_dict(c) for c in result.claims],
        "control": [control_to_dict(c) for c in result.control],
    }


def _flat(mention: Any) -> dict[str, Any]:
    """A flat mention dataclass as a dict (dataclasses.asdict deep-copies and is several times slower)."""
    names = _FIELD_NAMES.get(type(mention))
    if names is None:
        names = _FIELD_NAMES[type(mention)] = tuple(f.name for f in fields(mention))
    return {name: getattr(mention, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _drop_none(record: dict[str, Any], keep: tuple[str, ...]) -> dict[str, Any]:
    """Remove optional keys whose value is None, keeping the required ones."""
    return {k: v for k, v in record.items() if v is not None or k in keep}


def parse_record(raw: str | bytes) -> Document:
    """Validate one input line and turn it into a Document, or raise InputError saying what is wrong."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"line is not valid UTF-8 (byte {exc.start}): re-encode the input as UTF-8") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"line is not valid JSON: {exc.msg} at column {exc.colno}") from exc
    except RecursionError as exc:
        raise InputError("line is not valid JSON: nested too deeply") from exc
    if not isinstance(data, dict):
        raise InputError(f"line is JSON {type(data).__name__}, expected an object with 'id' and 'text'")
    return document_from_mapping(data)


def document_from_mapping(data: dict[str, Any]) -> Document:
    """Build a Document from a contract input object, validating every field."""
    doc_id = data.get("id")
    if doc_id is None or isinstance(doc_id, (dict, list, bool)):
        raise InputError("missing 'id': every input object needs an 'id' string")
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError(f"document {doc_id}: missing 'text' string")
    if not text.strip():
        raise InputError(f"document {doc_id}: 'text' is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"document {doc_id}: text has {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}; split it"
        )
    if "\x00" in text:
        raise InputError(f"document {doc_id}: text contains NUL bytes (binary data?)")
    return Document(
        id=str(doc_id),
        text=text,
        published=_validated_published(doc_id, data.get("published")),
        outlet=_optional_str(data.get("outlet")),
        url=_optional_str(data.get("url")),
        title=_optional_str(data.get("title")),
    )


def _validated_published(doc_id: object, value: object) -> str | None:
    """Check `published` is YYYY-MM-DD, YYYY-MM or YYYY (or absent)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _looks_like_iso_date(value):
        raise InputError(f"document {doc_id}: 'published' must be YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")
    return value


def _looks_like_iso_date(value: str) -> bool:
    """True for YYYY, YYYY-MM and YYYY-MM-DD with plausible month and day."""
    if len(value) not in _PUBLISHED_FORMATS:
        return False
    parts = value.split("-")
    if not all(part.isascii() and part.isdigit() for part in parts):
        return False
    if len(parts) > 1 and not 1 <= int(parts[1]) <= 12:
        return False
    return len(parts) < 3 or 1 <= int(parts[2]) <= 31


def _optional_str(value: object) -> str | None:
    """A string field or None."""
    return value if isinstance(value, str) else None


def _recover_id(raw: str | bytes) -> str | None:
    """Best-effort id of a line that failed, so the error record can name it."""
    try:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict) and isinstance(data.get("id"), (str, int)):
        return str(data["id"])
    return None


def process_line(raw: str | bytes) -> dict[str, Any]:
    """One input line to one output object: the contract result or an error record; never raises."""
    try:
        document = parse_record(raw)
    except InputError as exc:
        return asdict(ErrorRecord(_recover_id(raw), str(exc)))
    return process_document(document)


def process_document(document: Document) -> dict[str, Any]:
    """One document to its contract object, or an error record if a stage fails."""
    try:
        return result_to_dict(extract_document(document))
    except (RecursionError, MemoryError, ValueError, KeyError, IndexError, TypeError) as exc:
        return asdict(ErrorRecord(document.id, f"internal error while extracting: {type(exc).__name__}: {exc}"))


def process_lines(lines: Iterable[str | bytes]) -> Iterator[dict[str, Any]]:
    """Map input lines to output objects, in order; blank lines are skipped."""
    for raw in lines:
        stripped = raw.strip()
        if not stripped:
            continue
        yield process_line(stripped)
