"""Cross-document reconciliation: wire copies, merged events, claim groups and the control timeline.

Reads per-document records in the contract's JSON shape (never the events layer's internals) and returns
frozen `rasid.model.reconciled` records; the store persists them (this package never imports the store).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rasid.model.reconciled import Reconciliation
from rasid.reconcile.claims import group_claims
from rasid.reconcile.dedupe import find_duplicates, group_of
from rasid.reconcile.inputs import PlaceInfo, Sourced, SourceDoc
from rasid.reconcile.merge import merge_events
from rasid.reconcile.timeline import build_timeline

__all__ = ["PlaceInfo", "SourceDoc", "Sourced", "reconcile"]


def reconcile(docs: Sequence[SourceDoc], events: Iterable[Sourced], claims: Iterable[Sourced],
              control: Iterable[Sourced], places: Mapping[str, PlaceInfo] | None = None) -> Reconciliation:
    """Every cross-document record derived from the given documents and their events, claims and control."""
    duplicates = find_duplicates(docs)
    duplicate_of = group_of(duplicates)
    events = list(events)
    return Reconciliation(
        duplicates=duplicates,
        merged_events=merge_events(events, places or {}, duplicate_of),
        claim_groups=group_claims(claims, duplicate_of),
        timeline=build_timeline(control, events),
    )
