"""GeoJSON (RFC 7946): a FeatureCollection of stored events, WGS 84 positions as [longitude, latitude]."""

from __future__ import annotations

import json
import math
from typing import Any, TextIO

from rasid.export.acled import acled_events
from rasid.store import Store


def feature_collection(store: Store) -> dict[str, Any]:
    """Every stored event as a Feature; an event with no usable coordinates gets a null geometry."""
    features = []
    for event, row in acled_events(store):
        properties = {**row, "event_key": event.event_key, "doc_key": event.doc_key, "place_id": event.place_id}
        features.append({"type": "Feature", "id": event.event_key, "geometry": _point(event.lon, event.lat),
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def _point(lon: float | None, lat: float | None) -> dict[str, Any] | None:
    """A Point geometry, or None when a coordinate is missing or out of range."""
    if lon is None or lat is None or not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return None
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def write_geojson(store: Store, stream: TextIO) -> int:
    """Write the FeatureCollection as UTF-8 JSON; return the number of features."""
    collection = feature_collection(store)
    json.dump(collection, stream, ensure_ascii=False)
    stream.write("\n")
    return len(collection["features"])
