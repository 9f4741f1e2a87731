"""What reconcile reads: per-document contract records with their source, and the shared settings."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from rasid.errors import ResourceError
from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A stored document as reconcile sees it: its key, text (for wire-copy detection), outlet and date."""

    doc_key: str
    text: str
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Sourced:
    """One per-document record (event, claim or control observation, as contract JSON) and where it came from."""

    key: str
    doc_key: str
    record: Mapping[str, Any]
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """What the gazetteer said about a place id in some document's places layer."""

    kind: str | None = None
    admin1: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """Reconcile settings from data/reconcile.yaml."""

    part_of: Mapping[str, str]
    tolerance_by_precision: Mapping[int, float]
    tolerance_by_kind: Mapping[str, float]


@cache
def settings() -> Settings:
    """The bundled reconcile settings, validated once."""
    raw = load_yaml("reconcile.yaml")
    try:
        part_of = {str(k).strip().lower(): str(v).strip().lower() for k, v in raw["part_of"].items()}
        tolerance = raw["place_tolerance_km"]
        by_precision = {int(k): float(v) for k, v in tolerance["by_precision"].items()}
        by_kind = {str(k): float(v) for k, v in tolerance["by_kind"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResourceError(f"rasid/data/reconcile.yaml does not follow its schema: {exc!r}") from exc
    return Settings(part_of, by_precision, by_kind)


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """The matching key of a place or admin name (cached: the same few names recur in every comparison)."""
    return normalize_key(name)


def source_name(record: Mapping[str, Any], outlet: str | None, doc_key: str) -> str:
    """Who stated a record: its `attributed_to`, else the outlet that printed it, else the document."""
    said = record.get("attributed_to")
    if isinstance(said, str) and said:
        return said
    return outlet or f"document:{doc_key}"


def mapping(value: object) -> Mapping[str, Any]:
    """A nested contract object, or an empty one."""
    return value if isinstance(value, Mapping) else {}


def text_field(value: object) -> str | None:
    """A string field, or None."""
    return value if isinstance(value, str) and value else None


def number(value: object) -> float | None:
    """A numeric field as float, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return float(value)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def parse_point(text: str, end: bool) -> date | None:
    """The first (or last, when `end`) day of an ISO date at day, month or year precision."""
    parts = text.strip().split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            if not end:
                return date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return following - timedelta(days=1)
        if len(parts) == 1 and len(parts[0]) == 4:
            return date(int(parts[0]), 12, 31) if end else date(int(parts[0]), 1, 1)
    except ValueError:
        return None
    return None


def date_span(value: object) -> tuple[date, date] | None:
    """The days an ISO value covers: a day, a month, a year or an interval `A/B`; None for durations or junk."""
    if not isinstance(value, str) or not value or value.startswith("P"):
        return None
    first, sep, last = value.partition("/")
    start = parse_point(first, end=False)
    stop = parse_point(last if sep else first, end=True)
    if start is None or stop is None or stop < start:
        return None
    return start, stop
