"""The store interface, implemented once in SQL; the SQLite and PostgreSQL back ends supply the dialect hooks."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any

from rasid.errors import ConfigurationError
from rasid.model.reconciled import ClaimGroup, DuplicateGroup, MergedEvent, Reconciliation, TimelineEntry
from rasid.store.records import (
    ClaimRow,
    ControlRow,
    DocumentRecord,
    ErrorEntry,
    EventRow,
    MentionRow,
    Revision,
    StoredDocument,
)
from rasid.store.schema import LATEST_VERSION, MIGRATIONS, SCHEMA_VERSION_TABLE
from rasid.text.searchkey import query_readings, search_shadow

Row = tuple[Any, ...]

_DOCUMENT_COLUMNS = (
    "doc_key, id, text, content_hash, url, title, outlet, published, published_source, source, source_kind, ingested_at"
)
_EVENT_COLUMNS = (
    "event_key, doc_key, ordinal, event_type, sub_event_type, event_date, date_precision, place_id, place_name, "
    "lat, lon, geo_precision, actor1, actor2, fatalities_low, fatalities_best, fatalities_high, attributed_to"
)
_CLAIM_COLUMNS = "claim_key, doc_key, ordinal, subject, about, where_name, low, high, attributed_to"
_CONTROL_COLUMNS = (
    "obs_key, doc_key, ordinal, place_id, place_name, lat, lon, actor_id, status, obs_date, date_precision"
)
_MENTION_COLUMNS = "doc_key, layer, ordinal, start_char, end_char, text, mention_key"
COUNTED_TABLES = ("documents", "mentions", "events", "claims", "control_observations", "merged_events", "errors",
                  "revisions")


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp (seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _dumps(data: object) -> str:
    """JSON text for a data column (Arabic kept readable)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def _marks(count: int) -> str:
    """`?, ?, …` placeholders for an INSERT."""
    return ", ".join("?" * count)


class Store(ABC):
    """A Rasid database: documents with their extraction, per-document events/claims/control, errors, revisions."""

    dialect: str = ""

    # ---- dialect hooks -------------------------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement (placeholders are `?`)."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many parameter rows."""

    @abstractmethod
    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return every row."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """One database transaction: committed on success, rolled back on any exception."""

    @abstractmethod
    def _savepoint(self) -> AbstractContextManager[None]:
        """A savepoint inside the current transaction: on an exception only its own writes are undone."""

    @abstractmethod
    def _is_unique_violation(self, exc: Exception) -> bool:
        """True when `exc` is the back end's unique-constraint error."""

    @abstractmethod
    def _lock_for_migration(self) -> None:
        """Serialize concurrent migrations (called inside the migration's transaction)."""

    @abstractmethod
    def _index_terms(self, doc_key: str, terms: str) -> None:
        """Add a document's search shadow to the full-text index."""

    @abstractmethod
    def _search(self, readings: list[tuple[str, ...]], limit: int) -> list[str]:
        """Document keys matching every query word (any of its readings), best first."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    # ---- lifecycle -----------------------------------------------------------------------------------------
    _in_batch = False

    def __enter__(self) -> Store:
        """Use the store as a context manager that closes it."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close on leaving the `with` block."""
        self.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group writes into one transaction: all of them are stored, or (on error or a kill) none."""
        if self._in_batch:
            yield
            return
        with self._transaction():
            self._in_batch = True
            try:
                yield
            finally:
                self._in_batch = False

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """The current batch, or a transaction of its own for a write made outside any batch."""
        with self.batch():
            yield

    def migrate(self) -> int:
        """Bring the schema to the latest version, one whole migration per transaction; return the version."""
        self._execute(SCHEMA_VERSION_TABLE)
        current = self.schema_version()
        if current > LATEST_VERSION:
            raise ConfigurationError(
                f"the database schema is version {current}, newer than this Rasid knows ({LATEST_VERSION}): "
                "upgrade rasid"
            )
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self._transaction():
                self._lock_for_migration()
                if self.schema_version() >= migration.version:
                    continue
                for statement in migration.for_dialect(self.dialect):
                    self._execute(statement)
                self._execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                              (migration.version, migration.description, utc_now()))
        return self.schema_version()

    def schema_version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        rows = self._fetchall("SELECT MAX(version) FROM schema_version")
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    # ---- writing -------------------------------------------------------------------------------------------
    def find_document(self, content_hash: str, url: str | None = None) -> str | None:
        """The key of a stored document with this content hash or (when given) this URL, else None."""
        if url:
            rows = self._fetchall("SELECT doc_key FROM documents WHERE content_hash = ? OR url = ? LIMIT 1",
                                  (content_hash, url))
        else:
            rows = self._fetchall("SELECT doc_key FROM documents WHERE content_hash = ? LIMIT 1", (content_hash,))
        return str(rows[0][0]) if rows else None

    def add(self, record: DocumentRecord) -> bool:
        """Store a document with its result, mentions, events, claims and control, and log the revision.

        Returns False, writing nothing, when the same document (content hash or URL) is already stored: another
        process may have stored it between our `find_document` and this insert. The rest of the batch goes on.
        """
        with self._writing():
            try:
                with self._savepoint():
                    self._insert(record)
            except Exception as exc:
                if self._is_unique_violation(exc):
                    return False
                raise
        return True

    def _insert(self, record: DocumentRecord) -> None:
        """Insert every row of one document (inside the caller's savepoint)."""
        doc = record.document
        self._execute(
            f"INSERT INTO documents ({_DOCUMENT_COLUMNS}, result_json) VALUES ({_marks(13)})",
            (doc.doc_key, doc.id, doc.text, doc.content_hash, doc.url, doc.title, doc.outlet, doc.published,
             doc.published_source, doc.source, doc.source_kind, doc.ingested_at or utc_now(),
             _dumps(record.result)),
        )
        self._add_rows(record)
        self._index_terms(doc.doc_key, search_shadow(f"{doc.title or ''}\n{doc.text}"))
        self._log("insert", "documents", doc.doc_key, {"events": len(record.events), "claims": len(record.claims),
                                                       "control": len(record.control), "source": doc.source})

    def _add_rows(self, record: DocumentRecord) -> None:
        """Insert the mention, event, claim and control rows of one document."""
        if record.mentions:
            self._executemany(f"INSERT INTO mentions ({_MENTION_COLUMNS}) VALUES ({_marks(7)})",
                              [(m.doc_key, m.layer, m.ordinal, m.start, m.end, m.text, m.key) for m in record.mentions])
        if record.events:
            self._executemany(f"INSERT INTO events ({_EVENT_COLUMNS}, data_json) VALUES ({_marks(19)})",
                              [(*_event_values(e), _dumps(e.data)) for e in record.events])
        if record.claims:
            self._executemany(f"INSERT INTO claims ({_CLAIM_COLUMNS}, data_json) VALUES ({_marks(10)})",
                              [(c.claim_key, c.doc_key, c.ordinal, c.subject, c.about, c.where, c.low, c.high,
                                c.attributed_to, _dumps(c.data)) for c in record.claims])
        if record.control:
            self._executemany(f"INSERT INTO control_observations ({_CONTROL_COLUMNS}, data_json) VALUES ({_marks(12)})",
                              [(c.obs_key, c.doc_key, c.ordinal, c.place_id, c.place_name, c.lat, c.lon, c.actor_id,
                                c.status, c.date, c.date_precision, _dumps(c.data)) for c in record.control])

    def add_error(self, entry: ErrorEntry) -> None:
        """Record an item that could not be ingested, and why (met again: its time and run count are updated)."""
        with self._writing():
            self._execute("INSERT INTO errors (at, kind, source, item, reason) VALUES (?, ?, ?, ?, ?) "
                          "ON CONFLICT (kind, source, reason) DO UPDATE SET at = excluded.at, item = excluded.item, "
                          "seen = errors.seen + 1",
                          (entry.at or utc_now(), entry.kind, entry.source, entry.item, entry.reason))

    def _log(self, action: str, table: str, key: str, detail: dict[str, Any]) -> None:
        """Append one line to the revision log."""
        self._execute("INSERT INTO revisions (at, action, table_name, row_key, detail_json) VALUES (?, ?, ?, ?, ?)",
                      (utc_now(), action, table, key, _dumps(detail)))

    # ---- reading -------------------------------------------------------------------------------------------
    def documents(self) -> list[StoredDocument]:
        """Every stored document, in the order they were ingested."""
        rows = self._fetchall(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY doc_no")
        return [StoredDocument(*row) for row in rows]

    def document(self, doc_key: str) -> StoredDocument | None:
        """One document by key, or None."""
        rows = self._fetchall(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE doc_key = ?", (doc_key,))
        return StoredDocument(*rows[0]) if rows else None

    def result(self, doc_key: str) -> dict[str, Any] | None:
        """The contract result stored for a document, or None."""
        rows = self._fetchall("SELECT result_json FROM documents WHERE doc_key = ?", (doc_key,))
        return dict(json.loads(rows[0][0])) if rows else None

    def results(self) -> Iterator[tuple[StoredDocument, dict[str, Any]]]:
        """Every document with its contract result, in ingest order."""
        rows = self._fetchall(f"SELECT {_DOCUMENT_COLUMNS}, result_json FROM documents ORDER BY doc_no")
        for row in rows:
            yield StoredDocument(*row[:-1]), dict(json.loads(row[-1]))

    def mentions(self, doc_key: str | None = None, layer: str | None = None) -> list[MentionRow]:
        """Mentions, optionally of one document and/or one layer, each with its full object from the result."""
        where, params = _filters(("doc_key", doc_key), ("layer", layer))
        rows = self._fetchall(f"SELECT {_MENTION_COLUMNS} FROM mentions{where} ORDER BY doc_key, layer, ordinal",
                              params)
        results: dict[str, dict[str, Any]] = {}
        mentions = []
        for row in rows:
            key, kind, ordinal = str(row[0]), str(row[1]), int(row[2])
            if key not in results:
                results[key] = self.result(key) or {}
            objects = results[key].get(kind) or []
            data = objects[ordinal] if ordinal < len(objects) and isinstance(objects[ordinal], dict) else {}
            mentions.append(MentionRow(key, kind, ordinal, row[3], row[4], row[5], row[6], data))
        return mentions

    def events(self, doc_key: str | None = None) -> list[EventRow]:
        """Per-document events (all, or one document's), with their stable export numbers."""
        where, params = _filters(("doc_key", doc_key))
        rows = self._fetchall(f"SELECT {_EVENT_COLUMNS}, data_json, event_no FROM events{where} ORDER BY event_no",
                              params)
        return [EventRow(*(*_decoded(row[:-1]), int(row[-1]))) for row in rows]

    def claims(self, doc_key: str | None = None) -> list[ClaimRow]:
        """Per-document claims."""
        where, params = _filters(("doc_key", doc_key))
        rows = self._fetchall(f"SELECT {_CLAIM_COLUMNS}, data_json FROM claims{where} ORDER BY doc_key, ordinal",
                              params)
        return [ClaimRow(*_decoded(row)) for row in rows]

    def control(self, doc_key: str | None = None) -> list[ControlRow]:
        """Per-document control observations."""
        where, params = _filters(("doc_key", doc_key))
        rows = self._fetchall(f"SELECT {_CONTROL_COLUMNS}, data_json FROM control_observations{where} "
                              "ORDER BY doc_key, ordinal", params)
        return [ControlRow(*_decoded(row)) for row in rows]

    def errors(self) -> list[ErrorEntry]:
        """Every recorded ingest error, oldest first."""
        rows = self._fetchall("SELECT source, reason, item, kind, at, seen FROM errors ORDER BY error_id")
        return [ErrorEntry(*row) for row in rows]

    def revisions(self) -> list[Revision]:
        """The revision log, oldest first."""
        rows = self._fetchall("SELECT rev_id, at, action, table_name, row_key, detail_json FROM revisions "
                              "ORDER BY rev_id")
        return [Revision(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[str]:
        """Keys of documents containing every word of `query`, clitics and spelling variants folded."""
        readings = query_readings(query)
        return self._search(readings, limit) if readings else []

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        return {table: int(self._fetchall(f"SELECT COUNT(*) FROM {table}")[0][0]) for table in COUNTED_TABLES}

    # ---- cross-document records (written by reconcile) -----------------------------------------------------
    @contextmanager
    def reconciling(self) -> Iterator[None]:
        """One transaction for reading the records and replacing the reconciled tables, one process at a time.

        Two ingest runs finishing together would otherwise both delete and re-insert the same group ids; the
        migration lock (an advisory lock on PostgreSQL, the write lock on SQLite) serializes them, and the
        one that waits reads the other's committed documents.
        """
        with self.batch():
            self._lock_for_migration()
            yield

    def replace_reconciled(self, reconciled: Reconciliation) -> None:
        """Replace the merged events, claim groups, control timeline and wire-copy groups in one transaction."""
        now = utc_now()
        with self._writing():
            for table in _RECONCILED_TABLES:
                self._execute(f"DELETE FROM {table}")
            self._insert_reconciled(reconciled, now)
            self._log("reconcile", "merged_events", "*", {
                "merged_events": len(reconciled.merged_events), "claim_groups": len(reconciled.claim_groups),
                "timeline_rows": len(reconciled.timeline), "duplicate_groups": len(reconciled.duplicates)})

    def _insert_reconciled(self, rec: Reconciliation, now: str) -> None:
        """Insert every reconciled row (the tables are empty)."""
        inserts: list[tuple[str, list[tuple[Any, ...]]]] = [
            (f"INSERT INTO merged_events ({_MERGED_COLUMNS}, updated_at, data_json) VALUES ({_marks(14)})",
             [(m.merged_id, m.event_type, m.sub_event_type, m.date, m.date_precision, m.place_id, m.place_name, m.lat,
               m.lon, m.fatalities_low, m.fatalities_best, m.fatalities_high, now, _dumps(m.data))
              for m in rec.merged_events]),
            ("INSERT INTO merged_event_members (merged_id, event_key) VALUES (?, ?)",
             [(m.merged_id, key) for m in rec.merged_events for key in dict.fromkeys(m.members)]),
            (f"INSERT INTO claim_groups ({_GROUP_COLUMNS}, updated_at, data_json) VALUES ({_marks(8)})",
             [(g.group_id, g.subject, g.about, g.where, g.window_start, g.window_end, now, _dumps(g.data))
              for g in rec.claim_groups]),
            ("INSERT INTO claim_group_members (group_id, claim_key) VALUES (?, ?)",
             [(g.group_id, key) for g in rec.claim_groups for key in dict.fromkeys(g.members)]),
            (f"INSERT INTO control_timeline ({_TIMELINE_COLUMNS}, updated_at, data_json) VALUES ({_marks(7)})",
             [(t.place_id, t.day, t.actor_id, t.status, int(t.conflict), now, _dumps(t.data)) for t in rec.timeline]),
            ("INSERT INTO document_duplicates (doc_key, group_id, updated_at, data_json) VALUES (?, ?, ?, ?)",
             [(key, d.group_id, now, _dumps(d.data)) for d in rec.duplicates for key in d.doc_keys]),
        ]
        for sql, rows in inserts:
            if rows:
                self._executemany(sql, rows)

    def merged_events(self) -> list[MergedEvent]:
        """Every merged event with its member event keys; `data["sources"]` lists each source and its spans."""
        members: dict[str, set[str]] = {}
        for merged_id, event_key in self._fetchall("SELECT merged_id, event_key FROM merged_event_members"):
            members.setdefault(str(merged_id), set()).add(str(event_key))
        rows = self._fetchall(f"SELECT {_MERGED_COLUMNS}, data_json FROM merged_events ORDER BY event_date, merged_id")
        result = []
        for row in rows:
            data = json.loads(row[-1])
            keys = members.get(str(row[0]), set())
            ordered = [s.get("event_key") for s in data.get("sources", []) if isinstance(s, dict)]
            listed = tuple(k for k in ordered if k in keys) + tuple(sorted(keys - set(ordered)))
            (merged_id, event_type, sub_event_type, date, precision, place_id, place_name, lat, lon, low, best,
             high) = row[:-1]
            result.append(MergedEvent(merged_id, event_type, sub_event_type, date, precision, place_id, place_name,
                                      lat, lon, low, best, high, listed, data))
        return result

    def claim_groups(self) -> list[ClaimGroup]:
        """Every claim group with its member claim keys; `data["figures"]` lists each source's figure."""
        members: dict[str, list[str]] = {}
        for group_id, claim_key in self._fetchall("SELECT group_id, claim_key FROM claim_group_members"):
            members.setdefault(str(group_id), []).append(str(claim_key))
        rows = self._fetchall(f"SELECT {_GROUP_COLUMNS}, data_json FROM claim_groups "
                              "ORDER BY subject, about, where_name, window_start, group_id")
        result = []
        for row in rows:
            group_id, subject, about, where_name, start, end, text = row
            data = json.loads(text)
            keys = set(members.get(str(group_id), []))
            ordered = [f.get("claim_key") for f in data.get("figures", []) if isinstance(f, dict)]
            listed = tuple(k for k in ordered if k in keys) + tuple(sorted(keys - set(ordered)))
            result.append(ClaimGroup(group_id, subject, about, where_name, start, end, listed, data))
        return result

    def control_timeline(self, place_id: str | None = None) -> list[TimelineEntry]:
        """The day-by-day control rows (of one place, or all), by place, day and actor."""
        where, params = _filters(("place_id", place_id))
        rows = self._fetchall(f"SELECT {_TIMELINE_COLUMNS}, data_json FROM control_timeline{where} "
                              "ORDER BY place_id, day, actor_id", params)
        return [_timeline_entry(row) for row in rows]

    def control_snapshot(self, day: str) -> list[TimelineEntry]:
        """Who held each place on `day` (YYYY-MM-DD): every place's timeline rows of its latest day up to then."""
        rows = self._fetchall(
            f"SELECT {_TIMELINE_COLUMNS}, data_json FROM control_timeline t WHERE t.day = "
            "(SELECT MAX(u.day) FROM control_timeline u WHERE u.place_id = t.place_id AND u.day <= ?) "
            "ORDER BY place_id, actor_id", (day,))
        return [_timeline_entry(row) for row in rows]

    def duplicate_groups(self) -> list[DuplicateGroup]:
        """Groups of near-identical documents (wire copies)."""
        groups: dict[str, tuple[list[str], dict[str, Any]]] = {}
        for doc_key, group_id, data in self._fetchall(
                "SELECT doc_key, group_id, data_json FROM document_duplicates ORDER BY group_id, doc_key"):
            groups.setdefault(str(group_id), ([], json.loads(data)))[0].append(str(doc_key))
        found = [DuplicateGroup(gid, tuple(sorted(keys)), data) for gid, (keys, data) in groups.items()]
        return sorted(found, key=lambda g: g.doc_keys)


_MERGED_COLUMNS = (
    "merged_id, event_type, sub_event_type, event_date, date_precision, place_id, place_name, lat, lon, "
    "fatalities_low, fatalities_best, fatalities_high"
)
_GROUP_COLUMNS = "group_id, subject, about, where_name, window_start, window_end"
_TIMELINE_COLUMNS = "place_id, day, actor_id, status, conflict"
# Children before parents, so deleting never trips a foreign key.
_RECONCILED_TABLES = ("merged_event_members", "merged_events", "claim_group_members", "claim_groups",
                      "control_timeline", "document_duplicates")


def _timeline_entry(row: Row) -> TimelineEntry:
    """A control_timeline row as a TimelineEntry."""
    place_id, day, actor_id, status, conflict, data = _decoded(row)
    return TimelineEntry(str(place_id), str(day), str(actor_id), str(status), bool(conflict), data)


def _decoded(row: Row) -> Row:
    """A row whose last column is JSON text, with that column parsed."""
    return (*row[:-1], json.loads(row[-1]))


def _event_values(e: EventRow) -> tuple[Any, ...]:
    """The event columns in `_EVENT_COLUMNS` order."""
    return (e.event_key, e.doc_key, e.ordinal, e.event_type, e.sub_event_type, e.date, e.date_precision, e.place_id,
            e.place_name, e.lat, e.lon, e.geo_precision, e.actor1, e.actor2, e.fatalities_low, e.fatalities_best,
            e.fatalities_high, e.attributed_to)


def _filters(*pairs: tuple[str, str | None]) -> tuple[str, tuple[str, ...]]:
    """A WHERE clause and its parameters for the (column, value) pairs whose value is set."""
    used = [(column, value) for column, value in pairs if value is not None]
    if not used:
        return "", ()
    return " WHERE " + " AND ".join(f"{column} = ?" for column, _ in used), tuple(value for _, value in used)
