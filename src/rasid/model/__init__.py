"""Frozen data classes shared by every stage: documents, mentions and the extraction result."""

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
    "Document",
    "ErrorRecord",
    "PersonMention",
    "PlaceMention",
    "Published",
    "Quantity",
    "Result",
    "TimeMention",
]
