"""Frozen data classes shared by every stage: documents, mentions and the extraction result."""

from rasid.model.events import (
    Claim,
    ControlObservation,
    DateRef,
    Event,
    EvidenceSpan,
    Fatalities,
    PlaceRef,
)
from rasid.model.types import (
    ActorMention,
    Document,
    ErrorRecord,
    PersonMention,
    PlaceMention,
    Published,
    Quantity,
    Result,
    TimeMention,
)

__all__ = [
    "ActorMention",
    "Claim",
    "ControlObservation",
    "DateRef",
    "Document",
    "ErrorRecord",
    "Event",
    "EvidenceSpan",
    "Fatalities",
    "PersonMention",
    "PlaceMention",
    "PlaceRef",
    "Published",
    "Quantity",
    "Result",
    "TimeMention",
]
