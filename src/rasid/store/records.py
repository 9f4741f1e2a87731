"""Frozen rows the store reads and writes: documents, mentions, events, claims, control, errors, revisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One ingested document: its verbatim text, identity (content hash, URL) and where it came from."""

    doc_key: str
    id: str
    text: str
    content_hash: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_source: str | None = None
    source: str | None = None
    source_kind: str | None = None
    ingested_at: str = ""


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One mention of a layer (places, actors, persons, times, times_vague, quantities) of a document."""

    doc_key: str
    layer: str
    ordinal: int
    start: int | None
    end: int | None
    text: str | None
    key: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EventRow:
    """A per-document event: the columns analysts filter on, plus the full JSON object in `data`."""

    event_key: str
    doc_key: str
    ordinal: int
    event_type: str | None
    sub_event_type: str | None
    date: str | None
    date_precision: str | None
    place_id: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    actor1: str | None
    actor2: str | None
    fatalities_low: float | None
    fatalities_best: float | None
    fatalities_high: float | None
    attributed_to: str | None
    data: dict[str, Any] = field(default_factory=dict)
    event_no: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A per-document claim (a figure someone states), with the full JSON object in `data`."""

    claim_key: str
    doc_key: str
    ordinal: int
    subject: str | None
    about: str | None
    where: str | None
    low: float | None
    high: float | None
    attributed_to: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ControlRow:
    """A per-document control observation (who holds a place, when), with the full JSON object in `data`."""

    obs_key: str
    doc_key: str
    ordinal: int
    place_id: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    actor_id: str | None
    status: str | None
    date: str | None
    date_precision: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ErrorEntry:
    """An item that could not be ingested (kind `failed`) or was passed over on purpose (kind `skipped`)."""

    source: str
    reason: str
    item: str | None = None
    kind: str = "failed"
    at: str = ""  # when it was last met
    seen: int = 1  # how many runs met it


@dataclass(frozen=True, slots=True)
class Revision:
    """One line of the revision log: what changed in which table, when."""

    rev_id: int
    at: str
    action: str
    table_name: str
    row_key: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A document with everything extracted from it, ready to be stored in one go."""

    document: StoredDocument
    result: dict[str, Any]
    mentions: tuple[MentionRow, ...] = ()
    events: tuple[EventRow, ...] = ()
    claims: tuple[ClaimRow, ...] = ()
    control: tuple[ControlRow, ...] = ()
