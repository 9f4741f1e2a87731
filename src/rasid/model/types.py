"""Frozen, typed records. Every mention holds character offsets into the original document text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasid.model.events import Claim, ControlObservation, Event


@dataclass(frozen=True, slots=True)
class Document:
    """One input document as the contract describes it."""

    id: str
    text: str
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Published:
    """The publication date used to resolve relative dates, and where it came from."""

    value: str | None
    source: str  # given | inferred | unknown
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression with its ISO value (date, interval or duration) or None when vague."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    mod: str | None = None
    bound: str | None = None
    type: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted or measured amount with its range, approximation, bound and counted noun."""

    start: int
    end: int
    text: str
    low: float
    high: float
    approx: bool
    bound: str | None
    unit: str | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name resolved to a gazetteer entry."""

    start: int
    end: int
    text: str
    place_id: str
    name_en: str
    lat: float | None
    lon: float | None
    kind: str
    country: str | None
    admin1: str | None
    score: float = 1.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor (armed group, state, organization, source) resolved to a catalogue id."""

    start: int
    end: int
    text: str
    actor_id: str
    name_en: str
    kind: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A named individual with a role when the text states one."""

    start: int
    end: int
    text: str
    name_en: str | None = None
    role: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """A document that could not be processed, and why."""

    id: str | None
    error: str


@dataclass(frozen=True)
class Result:
    """Everything extracted from one document (the contract's output object)."""

    id: str
    published: Published
    places: tuple[PlaceMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    persons: tuple[PersonMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    times_vague: tuple[TimeMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    control: tuple[ControlObservation, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
