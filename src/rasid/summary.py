"""A readable summary of extraction results (what the demo prints)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

Record = dict[str, Any]


def summarize(records: Iterable[Record]) -> dict[str, Any]:
    """Count documents, errors and mentions, and rank the places, actors and event types found."""
    totals: Counter[str] = Counter()
    places: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    event_types: Counter[str] = Counter()
    errors: list[str] = []
    for record in records:
        if "error" in record:
            errors.append(f"{record.get('id')}: {record['error']}")
            continue
        totals["documents"] += 1
        for layer in ("places", "actors", "persons", "times", "quantities", "events", "claims", "control"):
            totals[layer] += len(record.get(layer, []))
        places.update({p["name_en"] for p in record.get("places", [])})
        actors.update({a["actor_id"] for a in record.get("actors", [])})
        event_types.update(e["sub_event_type"] for e in record.get("events", []))
    return {"totals": dict(totals), "errors": errors, "places": places.most_common(10),
            "actors": actors.most_common(10), "event_types": event_types.most_common()}


def format_summary(summary: dict[str, Any]) -> str:
    """The summary as aligned plain text."""
    totals = summary["totals"]
    lines = [f"documents: {totals.get('documents', 0)}   errors: {len(summary['errors'])}"]
    lines.append("mentions:  " + "  ".join(
        f"{layer} {totals.get(layer, 0)}" for layer in ("places", "actors", "persons", "times", "quantities")))
    lines.append("records:   " + "  ".join(f"{layer} {totals.get(layer, 0)}" for layer in ("events", "claims", "control")))
    for title, key in (("top places (documents)", "places"), ("top actors (documents)", "actors"),
                       ("event types", "event_types")):
        if summary[key]:
            lines.append(f"{title}:")
            lines += [f"  {count:>4}  {name}" for name, count in summary[key]]
    lines += [f"error: {error}" for error in summary["errors"]]
    return "\n".join(lines)
