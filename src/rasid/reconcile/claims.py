"""Claim groups: the same figure (subject, about, where, time window) as each source states it, side by side.

A claim's time is its `date`/`as_of` when the claims layer gives one, else its document's publication date.
Within one (subject, about, where) key, claims are taken in date order and a window holds every claim
within WINDOW_DAYS of the window's first claim; claims with no date at all share one undated window.
`where` is compared by its normalized name (null stays null: a figure for "the pocket" is not one for Hajin).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from rasid.model.reconciled import ClaimGroup
from rasid.reconcile.inputs import Sourced, date_span, mapping, name_key, number, source_name, text_field

WINDOW_DAYS = 7


def claim_where(record: Mapping[str, Any]) -> str | None:
    """The place name a claim is about (a string, or a place object's English name)."""
    where = record.get("where")
    if isinstance(where, Mapping):
        return text_field(where.get("name_en"))
    return text_field(where)


def claim_day(item: Sourced) -> date | None:
    """The day a claim speaks of: its own date or as-of date, else its document's publication date."""
    record = item.record
    for value in (mapping(record.get("date")).get("value"), record.get("as_of"), item.published):
        span = date_span(value)
        if span is not None:
            return span[0]
    return None


def group_key(record: Mapping[str, Any]) -> tuple[str, str, str]:
    """The (subject, about, where) a figure is of; where as a normalized name, empty when null."""
    where = claim_where(record)
    return (text_field(record.get("subject")) or "", text_field(record.get("about")) or "",
            name_key(where) if where else "")


def group_claims(claims: Iterable[Sourced], duplicate_of: Mapping[str, str]) -> tuple[ClaimGroup, ...]:
    """Every claim in exactly one group; groups ordered by subject, about, where and window."""
    keyed: dict[tuple[str, str, str], list[tuple[date | None, Sourced]]] = defaultdict(list)
    for item in claims:
        keyed[group_key(item.record)].append((claim_day(item), item))
    groups: list[ClaimGroup] = []
    for items in keyed.values():
        groups.extend(build_group(window, duplicate_of) for window in windows(items))
    return tuple(sorted(groups, key=lambda g: (g.subject or "", g.about or "", g.where or "",
                                               g.window_start or "", g.group_id)))


def windows(items: Sequence[tuple[date | None, Sourced]]) -> list[list[tuple[date | None, Sourced]]]:
    """Split one key's claims into time windows of at most WINDOW_DAYS from each window's first day."""
    undated = [pair for pair in items if pair[0] is None]
    dated = sorted((pair for pair in items if pair[0] is not None), key=lambda p: (p[0], p[1].key))
    result: list[list[tuple[date | None, Sourced]]] = []
    for pair in dated:
        assert pair[0] is not None
        opened = result[-1][0][0] if result else None
        if opened is not None and (pair[0] - opened).days <= WINDOW_DAYS:
            result[-1].append(pair)
        else:
            result.append([pair])
    return [*result, undated] if undated else result


def build_group(window: Sequence[tuple[date | None, Sourced]], duplicate_of: Mapping[str, str]) -> ClaimGroup:
    """One claim group: each source's figure, the overall range and whether the sources agree."""
    first = window[0][1].record
    days = [day for day, _ in window if day is not None]
    figures = [_figure(day, item, duplicate_of) for day, item in window]
    lows = [f["low"] for f in figures if f["low"] is not None]
    highs = [f["high"] for f in figures if f["high"] is not None]
    keys = tuple(item.key for _, item in window)
    data: dict[str, Any] = {
        "figures": figures,
        "sources": sorted({str(f["source"]) for f in figures}),
        "range": {"low": min(lows) if lows else None, "high": max(highs) if highs else None},
        "agree": bool(lows and highs) and max(lows) <= min(highs),
        "reason": f"same subject, about and where; dated within {WINDOW_DAYS} days of the first claim"
        if days else "same subject, about and where; no date known",
    }
    return ClaimGroup(
        group_id="g" + hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()[:16],
        subject=text_field(first.get("subject")), about=text_field(first.get("about")), where=claim_where(first),
        window_start=str(min(days)) if days else None, window_end=str(max(days)) if days else None,
        members=keys, data=data,
    )


def _figure(day: date | None, item: Sourced, duplicate_of: Mapping[str, str]) -> dict[str, Any]:
    """One source's statement of the figure."""
    record = item.record
    return {
        "claim_key": item.key, "doc_key": item.doc_key, "source": source_name(record, item.outlet, item.doc_key),
        "attributed_to": record.get("attributed_to"), "outlet": item.outlet,
        "low": number(record.get("low")), "high": number(record.get("high")), "approx": record.get("approx"),
        "bound": record.get("bound"), "unit": record.get("unit"), "where": claim_where(record),
        "date": str(day) if day else None, "evidence": record.get("evidence"),
        "duplicate_group": duplicate_of.get(item.doc_key),
    }
