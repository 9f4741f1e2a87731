"""Frozen records of the cross-document layer: wire-copy groups, merged events, claim groups, control timeline.

Each record holds the columns the store indexes plus `data`, the full JSON object (every source, span,
disagreement and the reason for each decision), so a record read back from the store equals the one written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Documents whose texts are near-identical (wire copies), with the similarity that joined each one."""

    group_id: str
    doc_keys: tuple[str, ...]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real-world event: the per-document events (members) that report it, all sources and spans kept."""

    merged_id: str
    event_type: str | None
    sub_event_type: str | None
    date: str | None
    date_precision: str | None
    place_id: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    fatalities_low: float | None
    fatalities_best: float | None
    fatalities_high: float | None
    members: tuple[str, ...]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims of the same figure (subject, about, where, time window), each source's value side by side."""

    group_id: str
    subject: str | None
    about: str | None
    where: str | None
    window_start: str | None
    window_end: str | None
    members: tuple[str, ...]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """Who holds (or lost, besieges, contests) a place on one day; `conflict` when sources disagree that day."""

    place_id: str
    day: str
    actor_id: str
    status: str
    conflict: bool
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """Everything reconcile derives from the stored per-document records."""

    duplicates: tuple[DuplicateGroup, ...] = ()
    merged_events: tuple[MergedEvent, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
