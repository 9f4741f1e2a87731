"""Frozen records of what analysts code from mentions: events, claims of figures and control observations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A span of the original text (usually a sentence) that supports a record."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """The place of an event or observation, copied from a resolved place mention."""

    name_en: str
    lat: float | None
    lon: float | None
    place_id: str
    geo_precision: int | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class DateRef:
    """An ISO date value at its precision (day, month, year, interval)."""

    value: str
    precision: str


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Reported deaths: UCDP-style low/high and ACLED's conservative best."""

    low: int
    best: int
    high: int


@dataclass(frozen=True, slots=True)
class Event:
    """One ACLED-typed occurrence with its arguments, source and evidence."""

    event_type: str
    sub_event_type: str
    tags: tuple[str, ...]
    date: DateRef | None
    place: PlaceRef | None
    actor1: str | None
    actor2: str | None
    victims: str | None
    fatalities: Fatalities | None
    counts: tuple[tuple[str, float], ...]
    attributed_to: str | None
    historical: bool
    evidence: tuple[EvidenceSpan, ...]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure a source states about a quantity of interest (fighters, deaths, displaced, ...)."""

    subject: str
    about: str | None
    where: str | None
    low: float
    high: float
    approx: bool
    bound: str | None
    attributed_to: str | None
    evidence: EvidenceSpan
    reason: str = ""
    subgroup: str | None = None
    since: str | None = None
    as_of: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class ControlObservation:
    """Who holds, took, lost, besieges or contests a place, as one statement says."""

    place: PlaceRef
    actor_id: str
    status: str  # controls | captured | lost | besieged | contested
    date: DateRef | None
    evidence: EvidenceSpan
    reason: str = ""
