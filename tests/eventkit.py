"""Helpers for the events tests: hand-built mentions over short Arabic texts written for these tests."""

from __future__ import annotations

from rasid.events import build_events
from rasid.model import (
    ActorMention,
    Claim,
    ControlObservation,
    Event,
    PlaceMention,
    Published,
    Quantity,
    TimeMention,
)
from rasid.text.analyzed import analyze

KINDS = {
    "isis": "armed_group", "sdf": "armed_group", "hts": "armed_group", "ypg": "armed_group",
    "syrian_army": "state_force", "iraqi_forces": "state_force", "turkey": "state", "coalition":
    "international_coalition", "sohr": "organization", "reuters": "media", "opec": "organization",
    "local_sources": "source",
}


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of `needle` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def actor(text: str, needle: str, actor_id: str, nth: int = 0) -> ActorMention:
    """An actor mention of `needle`."""
    s, e = span(text, needle, nth)
    return ActorMention(s, e, needle, actor_id, actor_id, KINDS[actor_id])


def place(text: str, needle: str, name_en: str, kind: str = "village", lat: float = 35.0, lon: float = 40.0,
          nth: int = 0) -> PlaceMention:
    """A place mention of `needle`."""
    s, e = span(text, needle, nth)
    return PlaceMention(s, e, needle, f"test:{name_en}", name_en, lat, lon, kind, "SY", None)


def time(text: str, needle: str, value: str, precision: str = "day") -> TimeMention:
    """A time mention of `needle`."""
    s, e = span(text, needle)
    return TimeMention(s, e, needle, value, precision)


def qty(text: str, needle: str, low: float, high: float | None = None, unit: str | None = "person",
        approx: bool = False, bound: str | None = None) -> Quantity:
    """A quantity mention of `needle`."""
    s, e = span(text, needle)
    return Quantity(s, e, needle, low, low if high is None else high, approx, bound, unit)


def run(text: str, published: str | None = "2019-01-20", places: list[PlaceMention] | None = None,
        actors: list[ActorMention] | None = None, times: list[TimeMention] | None = None,
        quantities: list[Quantity] | None = None) -> tuple[list[Event], list[Claim], list[ControlObservation]]:
    """Build events, claims and control for a text and hand-built mentions."""
    pub = Published(published, "given") if published else Published(None, "unknown")
    return build_events(analyze(text), pub, places or [], actors or [], times or [], quantities or [])
