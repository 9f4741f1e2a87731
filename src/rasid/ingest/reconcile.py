"""Recompute the store's cross-document tables (wire copies, merged events, claim groups, control timeline).

This glue lives beside ingest, above both the store and `rasid.reconcile`: reconcile never sees the store,
and the store only persists the records reconcile returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasid.model.reconciled import Reconciliation
from rasid.reconcile import PlaceInfo, Sourced, SourceDoc, reconcile
from rasid.store import Store, StoredDocument


def reconcile_store(store: Store) -> Reconciliation:
    """Read every stored document and record, reconcile them, and replace the store's reconciled tables."""
    with store.reconciling():
        return _reconcile_locked(store)


def _reconcile_locked(store: Store) -> Reconciliation:
    """Reconcile inside the store's reconciling transaction."""
    docs: dict[str, StoredDocument] = {}
    places: dict[str, PlaceInfo] = {}
    for doc, result in store.results():
        docs[doc.doc_key] = doc
        _collect_places(result, places)

    def sourced(key: str, doc_key: str, data: Mapping[str, Any]) -> Sourced:
        """A stored record with its document's outlet and publication date."""
        doc = docs.get(doc_key)
        return Sourced(key, doc_key, data, doc.outlet if doc else None, doc.published if doc else None)

    reconciled = reconcile(
        [SourceDoc(d.doc_key, d.text, d.outlet, d.published) for d in docs.values()],
        events=[sourced(e.event_key, e.doc_key, e.data) for e in store.events()],
        claims=[sourced(c.claim_key, c.doc_key, c.data) for c in store.claims()],
        control=[sourced(c.obs_key, c.doc_key, c.data) for c in store.control()],
        places=places,
    )
    store.replace_reconciled(reconciled)
    return reconciled


def _collect_places(result: Mapping[str, Any], places: dict[str, PlaceInfo]) -> None:
    """Remember what the places layer said about each place id (kind, admin1, country), first seen wins."""
    mentions = result.get("places")
    for mention in mentions if isinstance(mentions, list) else []:
        if not isinstance(mention, Mapping):
            continue
        place_id = mention.get("place_id")
        if isinstance(place_id, str) and place_id not in places:
            places[place_id] = PlaceInfo(_text(mention.get("kind")), _text(mention.get("admin1")),
                                         _text(mention.get("country")))


def format_reconciled(reconciled: Reconciliation) -> str:
    """A one-line summary of a reconciliation."""
    merged = reconciled.merged_events
    multi = sum(1 for m in merged if len(m.members) > 1)
    places = len({t.place_id for t in reconciled.timeline})
    conflicts = len({(t.place_id, t.day) for t in reconciled.timeline if t.conflict})
    return (f"reconciled: {len(merged)} merged events ({multi} reported by several documents), "
            f"{len(reconciled.claim_groups)} claim groups, control timeline for {places} places "
            f"({conflicts} conflicting place-days), {len(reconciled.duplicates)} wire-copy groups")


def _text(value: object) -> str | None:
    """A string field, or None."""
    return value if isinstance(value, str) and value else None
