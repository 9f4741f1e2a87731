"""The HTTP API (FastAPI) over the store, and the static dashboard served beside it.

Every error leaves in one envelope, `{"error": {"status", "code", "message"}}`. Reads are open; writes need
the bearer token given at start (`--token` or `RASID_API_TOKEN`); with no token configured, writes are refused.
"""

from __future__ import annotations

import hmac
import io
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.routing import Match

from rasid import __version__
from rasid.errors import InputError, RasidError
from rasid.export import feature_collection, write_acled_csv, write_jsonl
from rasid.ingest.items import SourceDocument
from rasid.ingest.run import IngestSummary, ingest_item
from rasid.model import Document
from rasid.model.reconciled import ClaimGroup
from rasid.store import EventRow, Store, StoredDocument, open_store
from rasid.store.review import (
    EventFilter,
    control_snapshot,
    correct_event,
    document_page,
    ensure_indexes,
    get_event,
    query_events,
    recent_revisions,
    row_revisions,
    set_rejected,
)

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
BBOX = r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$"
KEY = r"^[A-Za-z0-9:_.-]{1,80}$"
_MENTION_LAYERS = ("places", "actors", "persons", "times", "times_vague", "quantities")
_MAX_OFFSET = 10_000_000


class ApiError(Exception):
    """An error the API answers with its status, code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        """Keep the parts of the envelope."""
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


CorrectableField = Literal["event_type", "sub_event_type", "date", "place_name", "actor1", "actor2",
                           "fatalities_low", "fatalities_best", "fatalities_high", "lat", "lon", "attributed_to"]


class Correction(BaseModel):
    """A change to one field of an event."""

    field: CorrectableField = Field(description="the event field to change")
    value: str | float | None = Field(description="the new value (string, number or null)")
    who: str = Field(default="analyst", max_length=200, description="who made the correction")
    note: str | None = Field(default=None, max_length=2000)


class Review(BaseModel):
    """A rejection (or restoration) of an event, with who and why."""

    who: str = Field(default="analyst", max_length=200)
    note: str | None = Field(default=None, max_length=2000)


class NewDocument(BaseModel):
    """A document to extract and store (contract input fields)."""

    id: str = Field(min_length=1, max_length=500)
    text: str = Field(min_length=1, max_length=2_000_000)
    published: str | None = Field(default=None, pattern=DATE)
    outlet: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=2000)


class ErrorDetail(BaseModel):
    """What went wrong."""

    status: int
    code: str
    message: str


class ErrorEnvelope(BaseModel):
    """The one shape of every error answer."""

    error: ErrorDetail


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": description}
    for status, description in ((400, "Bad input"), (401, "Missing or wrong bearer token (writes)"),
                                (404, "No such item"), (409, "Already stored"), (422, "Invalid parameters or body"),
                                (500, "Internal error"))
}


def _envelope(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error shape every route answers with."""
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status,
                        headers=headers)


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid_request"}


class StorePool:
    """One store connection per worker thread (SQLite connections must stay in their thread)."""

    def __init__(self, url: str) -> None:
        """Open a first connection (creating and migrating the database) and add the filter indexes."""
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Store] = []
        self._cache: dict[str, tuple[tuple[tuple[str, int], ...], list[dict[str, Any]]]] = {}
        ensure_indexes(self.get())

    def get(self) -> Store:
        """The store of the calling thread."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def cached(self, name: str, build: Callable[[Store], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """A derived list, rebuilt only when the record has changed (its row counts or revision log grew)."""
        store = self.get()
        version = tuple(sorted(store.counts().items()))
        with self._lock:
            hit = self._cache.get(name)
        if hit is not None and hit[0] == version:
            return hit[1]
        items = build(store)
        with self._lock:
            self._cache[name] = (version, items)
        return items

    def close(self) -> None:
        """Close every connection opened."""
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()


def create_app(store_url: str, token: str | None = None) -> FastAPI:
    """The API and dashboard over the store at `store_url`; writes need `token` as a bearer token."""
    pool = StorePool(store_url)
    app = FastAPI(title="Rasid API", version=__version__, responses=_ERROR_RESPONSES,
                  description="The record of conflict events extracted from Arabic news: documents with their "
                              "mention spans, events, claims, control of places, and the analyst's review loop.")
    app.state.pool = pool
    _install_errors(app)
    _add_reads(app, pool)
    _add_writes(app, pool, token)
    _add_dashboard(app)
    return app


def _install_errors(app: FastAPI) -> None:
    """Route every error (HTTP, validation, domain, unexpected) into the envelope."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        """404, 405 and other HTTP errors."""
        headers = dict(exc.headers) if exc.headers else {}
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(app, request))
        return _envelope(exc.status_code, _HTTP_CODES.get(exc.status_code, "http_error"), str(exc.detail),
                         headers or None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        """Bad parameters or body."""
        parts = ["{}: {}".format(".".join(str(p) for p in e.get("loc", ())), e.get("msg", "")) for e in exc.errors()]
        return _envelope(422, "invalid_request", "; ".join(parts)[:2000] or "invalid request")

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        """Errors raised by the routes."""
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _envelope(exc.status, exc.code, exc.message, headers)

    @app.exception_handler(RasidError)
    async def rasid_error(_: Request, exc: RasidError) -> JSONResponse:
        """A domain error is the caller's bad input."""
        return _envelope(400 if isinstance(exc, InputError) else 500, "bad_request" if isinstance(exc, InputError)
                         else "server_error", str(exc))

    @app.exception_handler(Exception)
    async def server_error(_: Request, exc: Exception) -> JSONResponse:
        """Anything unexpected: no traceback leaves the server."""
        return _envelope(500, "server_error", f"internal error: {type(exc).__name__}")


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route of this path answers (Starlette only names the first matching route's)."""
    methods: set[str] = set()
    for route in app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


_EVENT_FIELDS = tuple(f.name for f in fields(EventRow) if f.name != "data")


def _event_json(event: EventRow, rejected: bool) -> dict[str, Any]:
    """An event as the API shows it: filter columns, the full contract object, and its review status."""
    # A shallow copy: dataclasses.asdict deep-copies the nested event object, the hot spot of /events.
    row = {name: getattr(event, name) for name in _EVENT_FIELDS}
    return {**row, "rejected": rejected, "event": event.data}


def _reconciled_claims(groups: list[ClaimGroup], docs: dict[str, StoredDocument], subject: str | None
                       ) -> dict[str, Any]:
    """Reconciled claim groups in the claims board's shape (largest groups first)."""
    items: list[dict[str, Any]] = []
    for group in groups:
        if subject and group.subject != subject:
            continue
        figures = group.data.get("figures") if isinstance(group.data.get("figures"), list) else []
        members: list[dict[str, Any]] = []
        for f in figures or []:
            doc = docs.get(str(f.get("doc_key")))
            members.append({"claim_key": f.get("claim_key"), "doc_key": f.get("doc_key"),
                            "attributed_to": f.get("attributed_to") or f.get("source"),
                            "outlet": f.get("outlet") or (doc.outlet if doc else None),
                            "published": doc.published if doc else None, "low": f.get("low"), "high": f.get("high"),
                            "as_of": f.get("date"), "unit": f.get("unit"), "evidence": f.get("evidence"),
                            "reason": group.data.get("reason")})
        items.append({"subject": group.subject, "about": group.about, "where": group.where,
                      "window": [group.window_start, group.window_end], "claims": members,
                      "disagree": group.data.get("agree") is False})
    items.sort(key=lambda g: (-len(g["claims"]), str(g["subject"] or "")))
    return {"total": len(items), "items": items, "reconciled": True}


def _mentioned(store: Store, layer: str, keep: tuple[str, ...]) -> list[dict[str, Any]]:
    """The distinct referents of a mention layer, most mentioned first, with their names as written."""
    id_field = "place_id" if layer == "places" else "actor_id"
    found: dict[str, dict[str, Any]] = {}
    for m in store.mentions(layer=layer):
        entry = found.setdefault(m.key or m.text or "", {id_field: m.key, **{k: m.data.get(k) for k in keep},
                                                         "names": [], "mentions": 0})
        entry["mentions"] += 1
        if m.text and m.text not in entry["names"]:
            entry["names"].append(m.text)
    return sorted(found.values(), key=lambda item: -int(item["mentions"]))


def _page(limit: int, offset: int, total: int, items: list[Any]) -> dict[str, Any]:
    """A page of results with its place in the whole."""
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """west,south,east,north as four floats."""
    if not text:
        return None
    lon1, lat1, lon2, lat2 = (float(part) for part in text.split(","))
    # Two opposite corners in either order (a box across the antimeridian is not supported).
    return min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2)


def _add_reads(app: FastAPI, pool: StorePool) -> None:
    """The read-only routes."""

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness and the record's row counts."""
        return {"status": "ok", "version": __version__, "counts": pool.get().counts()}

    @app.get("/api/documents", tags=["documents"])
    def documents(q: Annotated[str | None, Query(max_length=200)] = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Annotated[int, Query(ge=0, le=_MAX_OFFSET)] = 0) -> dict[str, Any]:
        """Stored documents (metadata only), optionally those matching a text search."""
        store = pool.get()
        keys = tuple(store.search(q, limit=5000)) if q else None
        total, items = document_page(store, limit, offset, keys)
        return _page(limit, offset, total, items)

    @app.get("/api/documents/{doc_key}", tags=["documents"])
    def document(doc_key: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
        """One document: its verbatim text, every mention span by layer, its events, claims and control."""
        store = pool.get()
        doc = store.document(doc_key)
        result = store.result(doc_key) if doc else None
        if doc is None or result is None:
            raise ApiError(404, "not_found", f"no document {doc_key!r}")
        events = store.events(doc_key)
        return {"document": asdict(doc), "mentions": {layer: result.get(layer) or [] for layer in _MENTION_LAYERS},
                "published": result.get("published"),
                "events": [_event_json(e, bool(e.data.get("review", {}).get("status") == "rejected")
                                       if isinstance(e.data.get("review"), dict) else False) for e in events],
                "claims": result.get("claims") or [], "control": result.get("control") or []}

    @app.get("/api/events", tags=["events"])
    def events(date_from: Annotated[str | None, Query(pattern=DATE, description="YYYY[-MM[-DD]]")] = None,
               date_to: Annotated[str | None, Query(pattern=DATE)] = None,
               event_type: Annotated[str | None, Query(max_length=100)] = None,
               actor: Annotated[str | None, Query(max_length=100, description="actor id, either side")] = None,
               place: Annotated[str | None, Query(max_length=200, description="place id or English name")] = None,
               bbox: Annotated[str | None, Query(pattern=BBOX, description="west,south,east,north")] = None,
               q: Annotated[str | None, Query(max_length=200, description="words in the source article")] = None,
               source: Annotated[str | None, Query(max_length=200, description="outlet, feed or attributed source")]
               = None,
               include_rejected: bool = False,
               limit: Annotated[int, Query(ge=1, le=5000)] = 100,
               offset: Annotated[int, Query(ge=0, le=_MAX_OFFSET)] = 0) -> JSONResponse:
        """Events matching every filter given, newest first, one page at a time."""
        store = pool.get()
        doc_keys = tuple(store.search(q, limit=5000)) if q else None
        flt = EventFilter(date_from=date_from, date_to=date_to, event_type=event_type, actor=actor, place=place,
                          bbox=_bbox(bbox), doc_keys=doc_keys, source=source, include_rejected=include_rejected,
                          limit=limit, offset=offset)
        total, rows, rejected = query_events(store, flt)
        # Plain JSON data already: skip FastAPI's per-value encoder (the hot path of the dashboard and the bench).
        return JSONResponse(_page(limit, offset, total, [_event_json(e, e.event_key in rejected) for e in rows]))

    @app.get("/api/events/{event_key}", tags=["events"])
    def event(event_key: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
        """One event with its review history."""
        store = pool.get()
        row = get_event(store, event_key)
        if row is None:
            raise ApiError(404, "not_found", f"no event {event_key!r}")
        history = [asdict(r) for r in row_revisions(store, "events", event_key)]
        rejected = bool(history) and any(h["action"] in ("reject", "restore") for h in history) and [
            h for h in history if h["action"] in ("reject", "restore")][-1]["action"] == "reject"
        return {**_event_json(row, rejected), "revisions": history}

    @app.get("/api/claims", tags=["claims"])
    def claims(subject: Annotated[str | None, Query(max_length=100)] = None) -> dict[str, Any]:
        """Claim groups: each figure (subject, about whom, where) with every source's value side by side.

        The reconciled groups (same figure within a time window) when `rasid reconcile` has run, else the claims
        grouped by subject, about and where.
        """
        store = pool.get()
        docs = {d.doc_key: d for d in store.documents()}
        reconciled = store.claim_groups()
        if reconciled:
            return _reconciled_claims(reconciled, docs, subject)
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for claim in store.claims():
            if subject and claim.subject != subject:
                continue
            doc = docs.get(claim.doc_key)
            groups[(claim.subject or "", claim.about or "", claim.where or "")].append({
                "claim_key": claim.claim_key, "doc_key": claim.doc_key, "attributed_to": claim.attributed_to,
                "outlet": doc.outlet if doc else None, "published": doc.published if doc else None,
                "low": claim.low, "high": claim.high, "as_of": claim.data.get("as_of"),
                "unit": claim.data.get("unit"), "evidence": claim.data.get("evidence"),
                "reason": claim.data.get("reason")})
        items = [{"subject": s, "about": a or None, "where": w or None, "claims": members,
                  "disagree": len({(m["low"], m["high"]) for m in members}) > 1}
                 for (s, a, w), members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        return {"total": len(items), "items": items, "reconciled": False}

    @app.get("/api/control", tags=["control"])
    def control(place_id: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
        """Per place, the timeline of control observations (who, status, date) with their evidence."""
        store = pool.get()
        places: dict[str, dict[str, Any]] = {}
        for obs in sorted(store.control(), key=lambda o: (o.date or "", o.obs_key)):
            key = obs.place_id or obs.place_name or obs.obs_key
            if place_id and key != place_id:
                continue
            entry = places.setdefault(key, {"place_id": key, "name": obs.place_name, "lat": obs.lat, "lon": obs.lon,
                                            "timeline": []})
            entry["timeline"].append({"obs_key": obs.obs_key, "doc_key": obs.doc_key, "date": obs.date,
                                      "precision": obs.date_precision, "actor_id": obs.actor_id,
                                      "status": obs.status, "evidence": obs.data.get("evidence"),
                                      "reason": obs.data.get("reason")})
        if place_id and not places:
            raise ApiError(404, "not_found", f"no control observations for {place_id!r}")
        return {"total": len(places), "items": list(places.values())}

    @app.get("/api/control/snapshot", tags=["control"])
    def snapshot(date: Annotated[str, Query(pattern=DATE, description="YYYY-MM-DD")]) -> dict[str, Any]:
        """Who held each place on a date: its latest observation on or before it."""
        rows = control_snapshot(pool.get(), date)
        return {"date": date, "items": [{"place_id": r.place_id, "name": r.place_name, "lat": r.lat, "lon": r.lon,
                                         "actor_id": r.actor_id, "status": r.status, "since": r.date,
                                         "doc_key": r.doc_key, "evidence": r.data.get("evidence")} for r in rows]}

    @app.get("/api/places", tags=["places"])
    def places() -> dict[str, Any]:
        """Every gazetteer place the record mentions, with coordinates and how often it is mentioned."""
        items = pool.cached("places", lambda store: _mentioned(store, "places", ("name_en", "kind", "lat", "lon")))
        return {"total": len(items), "items": items}

    @app.get("/api/actors", tags=["actors"])
    def actors() -> dict[str, Any]:
        """Every actor the record mentions, with its names as written and how often it is mentioned."""
        items = pool.cached("actors", lambda store: _mentioned(store, "actors", ("name_en", "kind")))
        return {"total": len(items), "items": items}

    @app.get("/api/merged-events", tags=["reconciled"])
    def merged_events(limit: Annotated[int, Query(ge=1, le=5000)] = 100,
                      offset: Annotated[int, Query(ge=0, le=_MAX_OFFSET)] = 0) -> dict[str, Any]:
        """Cross-document events (from `rasid reconcile`), each with the per-document events and sources behind it."""
        merged = pool.get().merged_events()
        return _page(limit, offset, len(merged), [asdict(m) for m in merged[offset:offset + limit]])

    @app.get("/api/claim-groups", tags=["reconciled"])
    def claim_groups(subject: Annotated[str | None, Query(max_length=100)] = None) -> dict[str, Any]:
        """Reconciled claim groups: one figure per group, every source's value in `data`."""
        groups = [g for g in pool.get().claim_groups() if not subject or g.subject == subject]
        return {"total": len(groups), "items": [asdict(g) for g in groups]}

    @app.get("/api/control/timeline", tags=["reconciled"])
    def control_timeline(place_id: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
        """The reconciled day-by-day control rows (conflicts flagged), of one place or all."""
        rows = pool.get().control_timeline(place_id)
        return {"total": len(rows), "items": [asdict(r) for r in rows]}

    @app.get("/api/control/timeline/snapshot", tags=["reconciled"])
    def timeline_snapshot(date: Annotated[str, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")]) -> dict[str, Any]:
        """Who held each place on a date, by the reconciled timeline."""
        rows = pool.get().control_snapshot(date)
        return {"date": date, "items": [asdict(r) for r in rows]}

    @app.get("/api/revisions", tags=["review"])
    def revisions(limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
        """The newest lines of the revision log (ingests, corrections, rejections)."""
        return {"items": [asdict(r) for r in recent_revisions(pool.get(), limit)]}

    @app.get("/api/export/{fmt}", tags=["export"], response_class=Response, responses={200: {
        "description": "The export file", "content": {"text/csv": {}, "application/geo+json": {},
                                                      "application/x-ndjson": {}}}})
    def export(fmt: Annotated[str, PathParam(pattern="^(acled|geojson|jsonl)$")]) -> Response:
        """The record as ACLED-style CSV, GeoJSON or contract JSONL (Parquet: use `rasid export`)."""
        store = pool.get()
        if fmt == "geojson":
            import json

            return PlainTextResponse(json.dumps(feature_collection(store), ensure_ascii=False),
                                     media_type="application/geo+json")
        sink = io.StringIO()
        if fmt == "acled":
            write_acled_csv(store, sink)
            return PlainTextResponse(sink.getvalue(), media_type="text/csv; charset=utf-8")
        write_jsonl(store, sink)
        return PlainTextResponse(sink.getvalue(), media_type="application/x-ndjson")


def _add_writes(app: FastAPI, pool: StorePool, token: str | None) -> None:
    """The routes that change the record: each needs the bearer token."""

    def authorized(authorization: Annotated[str | None, Header(include_in_schema=False)] = None) -> None:
        """Refuse a write without the configured bearer token."""
        if not token:
            raise ApiError(401, "unauthorized", "writes are disabled: start the server with --token or RASID_API_TOKEN")
        given = authorization[7:] if authorization and authorization[:7].lower() == "bearer " else ""
        if not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
            raise ApiError(401, "unauthorized", "a valid bearer token is required for writes")

    auth = [Depends(authorized)]

    @app.patch("/api/events/{event_key}", tags=["review"], dependencies=auth)
    def correct(event_key: Annotated[str, PathParam(max_length=200)],
                change: Annotated[Correction, Body()]) -> dict[str, Any]:
        """Correct one field of an event; the change is logged as a revision (who, when, old, new)."""
        store = pool.get()
        try:
            row = correct_event(store, event_key, change.field, change.value, change.who, change.note)
        except KeyError:
            raise ApiError(404, "not_found", f"no event {event_key!r}") from None
        except InputError as exc:
            raise ApiError(422, "invalid_request", str(exc)) from None
        return {**_event_json(row, False), "revisions": [asdict(r) for r in row_revisions(store, "events", event_key)]}

    @app.post("/api/events/{event_key}/reject", tags=["review"], dependencies=auth)
    def reject(event_key: Annotated[str, PathParam(max_length=200)],
               review: Annotated[Review | None, Body()] = None) -> dict[str, Any]:
        """Mark an event rejected: it leaves default listings, and the revision log says who and why."""
        return _review(pool.get(), event_key, True, review or Review())

    @app.post("/api/events/{event_key}/restore", tags=["review"], dependencies=auth)
    def restore(event_key: Annotated[str, PathParam(max_length=200)],
                review: Annotated[Review | None, Body()] = None) -> dict[str, Any]:
        """Undo a rejection (logged like any review)."""
        return _review(pool.get(), event_key, False, review or Review())

    @app.post("/api/documents", tags=["documents"], dependencies=auth, status_code=201)
    def ingest(doc: Annotated[NewDocument, Body()]) -> dict[str, Any]:
        """Extract a document and store it (a document already stored is answered 409)."""
        store = pool.get()
        summary = IngestSummary()
        item = SourceDocument(Document(id=doc.id, text=doc.text, published=doc.published, outlet=doc.outlet,
                                       url=doc.url, title=doc.title), source="api", source_kind="api")
        with store.batch():
            ingest_item(item, store, summary)
        if summary.duplicate:
            raise ApiError(409, "conflict", "this document (same text or URL) is already stored")
        if summary.failed or not summary.new:
            reason = summary.errors[0].reason if summary.errors else "not stored"
            raise ApiError(422, "invalid_request", reason)
        key = next(d.doc_key for d in reversed(store.documents()) if d.id == doc.id)
        return {"doc_key": key, "events": summary.events, "claims": summary.claims, "control": summary.control}


def _review(store: Store, event_key: str, rejected: bool, review: Review) -> dict[str, Any]:
    """Reject or restore an event and answer it with its history."""
    try:
        row = set_rejected(store, event_key, rejected, review.who, review.note)
    except KeyError:
        raise ApiError(404, "not_found", f"no event {event_key!r}") from None
    return {**_event_json(row, rejected), "revisions": [asdict(r) for r in row_revisions(store, "events", event_key)]}


def _static_dir() -> Path:
    """The dashboard's files, shipped inside the package."""
    return Path(str(importlib_resources.files("rasid.web") / "static"))


def _add_dashboard(app: FastAPI) -> None:
    """Serve the dashboard at / and its assets under /static."""
    static = _static_dir()
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        """The dashboard page."""
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")


@contextmanager
def serving(store_url: str, token: str | None, host: str, port: int) -> Iterator[Any]:
    """Run the app with uvicorn in a background thread (for tests and the demo); yield the server."""
    import time

    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(store_url, token), host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield server
    finally:
        server.should_exit = True
        thread.join(timeout=10)
