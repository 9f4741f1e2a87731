"""The store's schema as an ordered list of migrations, written once for both SQL dialects.

Each migration runs in one transaction with its `schema_version` row, so a database is always at a whole
version. Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass

# Dialect words substituted into the DDL below.
_TYPES = {
    "sqlite": {"serial_pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "real": "REAL", "bigint": "INTEGER"},
    "postgres": {"serial_pk": "BIGSERIAL PRIMARY KEY", "real": "DOUBLE PRECISION", "bigint": "BIGINT"},
}


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: shared statements plus statements only one dialect needs."""

    version: int
    description: str
    statements: tuple[str, ...]
    sqlite_only: tuple[str, ...] = ()
    postgres_only: tuple[str, ...] = ()

    def for_dialect(self, dialect: str) -> list[str]:
        """The statements to run on `dialect`, with its type names filled in."""
        extra = self.sqlite_only if dialect == "sqlite" else self.postgres_only
        return [statement.format(**_TYPES[dialect]) for statement in (*self.statements, *extra)]


SCHEMA_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)"
)

# A mention row holds the columns queries filter on; its full object is result_json[layer][ordinal] of its
# document (not copied: mentions are most of a result, and a copy would double the database).
_CORE = (
    """CREATE TABLE documents (
        doc_no {serial_pk}, doc_key TEXT NOT NULL UNIQUE, id TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE, url TEXT UNIQUE,
        title TEXT, outlet TEXT, published TEXT, published_source TEXT, source TEXT, source_kind TEXT,
        ingested_at TEXT NOT NULL, text TEXT NOT NULL, result_json TEXT NOT NULL)""",
    "CREATE INDEX documents_id ON documents (id)",
    """CREATE TABLE mentions (
        doc_key TEXT NOT NULL REFERENCES documents (doc_key) ON DELETE CASCADE, layer TEXT NOT NULL,
        ordinal INTEGER NOT NULL, start_char INTEGER, end_char INTEGER, text TEXT, mention_key TEXT,
        PRIMARY KEY (doc_key, layer, ordinal))""",
    "CREATE INDEX mentions_key ON mentions (layer, mention_key)",
    """CREATE TABLE events (
        event_no {serial_pk}, event_key TEXT NOT NULL UNIQUE,
        doc_key TEXT NOT NULL REFERENCES documents (doc_key) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
        event_type TEXT, sub_event_type TEXT, event_date TEXT, date_precision TEXT, place_id TEXT, place_name TEXT,
        lat {real}, lon {real}, geo_precision INTEGER, actor1 TEXT, actor2 TEXT, fatalities_low {real},
        fatalities_best {real}, fatalities_high {real}, attributed_to TEXT, data_json TEXT NOT NULL)""",
    "CREATE INDEX events_doc ON events (doc_key)",
    "CREATE INDEX events_date ON events (event_date)",
    """CREATE TABLE claims (
        claim_key TEXT PRIMARY KEY, doc_key TEXT NOT NULL REFERENCES documents (doc_key) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL, subject TEXT, about TEXT, where_name TEXT, low {real}, high {real},
        attributed_to TEXT, data_json TEXT NOT NULL)""",
    "CREATE INDEX claims_doc ON claims (doc_key)",
    """CREATE TABLE control_observations (
        obs_key TEXT PRIMARY KEY, doc_key TEXT NOT NULL REFERENCES documents (doc_key) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL, place_id TEXT, place_name TEXT, lat {real}, lon {real}, actor_id TEXT,
        status TEXT, obs_date TEXT, date_precision TEXT, data_json TEXT NOT NULL)""",
    "CREATE INDEX control_place ON control_observations (place_id, obs_date)",
    """CREATE TABLE errors (
        error_id {serial_pk}, at TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, item TEXT,
        reason TEXT NOT NULL)""",
    """CREATE TABLE revisions (
        rev_id {serial_pk}, at TEXT NOT NULL, action TEXT NOT NULL, table_name TEXT NOT NULL,
        row_key TEXT NOT NULL, detail_json TEXT NOT NULL)""",
)

# Cross-document results (written by reconcile): each merged event or claim group lists its members, so
# every source and span stays reachable; the control timeline keeps one row per place, day and actor,
# with conflicts flagged rather than resolved.
_RECONCILED = (
    """CREATE TABLE merged_events (
        merged_id TEXT PRIMARY KEY, event_type TEXT, sub_event_type TEXT, event_date TEXT, date_precision TEXT,
        place_id TEXT, place_name TEXT, lat {real}, lon {real}, fatalities_low {real}, fatalities_best {real},
        fatalities_high {real}, updated_at TEXT NOT NULL, data_json TEXT NOT NULL)""",
    """CREATE TABLE merged_event_members (
        merged_id TEXT NOT NULL REFERENCES merged_events (merged_id) ON DELETE CASCADE,
        event_key TEXT NOT NULL REFERENCES events (event_key) ON DELETE CASCADE,
        PRIMARY KEY (merged_id, event_key))""",
    """CREATE TABLE claim_groups (
        group_id TEXT PRIMARY KEY, subject TEXT, about TEXT, where_name TEXT, window_start TEXT, window_end TEXT,
        updated_at TEXT NOT NULL, data_json TEXT NOT NULL)""",
    """CREATE TABLE claim_group_members (
        group_id TEXT NOT NULL REFERENCES claim_groups (group_id) ON DELETE CASCADE,
        claim_key TEXT NOT NULL REFERENCES claims (claim_key) ON DELETE CASCADE, PRIMARY KEY (group_id, claim_key))""",
    """CREATE TABLE control_timeline (
        place_id TEXT NOT NULL, day TEXT NOT NULL, actor_id TEXT NOT NULL, status TEXT, conflict INTEGER NOT NULL,
        updated_at TEXT NOT NULL, data_json TEXT NOT NULL, PRIMARY KEY (place_id, day, actor_id))""",
)

_SEARCH = Migration(
    3,
    "full-text search over the clitic-folded shadow of each document's title and text",
    (),
    sqlite_only=(
        "CREATE VIRTUAL TABLE documents_fts USING fts5(doc_key UNINDEXED, terms, "
        "tokenize = 'unicode61 remove_diacritics 0')",
    ),
    postgres_only=(
        "CREATE TABLE documents_fts (doc_key TEXT PRIMARY KEY REFERENCES documents (doc_key) ON DELETE CASCADE, "
        "terms TSVECTOR NOT NULL)",
        "CREATE INDEX documents_fts_terms ON documents_fts USING GIN (terms)",
    ),
)

# Re-running an ingest meets the same bad items again: keep one row per item and reason, counting the runs.
_ERRORS_ONCE = Migration(
    4,
    "one errors row per (kind, source, reason), with how many runs met it",
    (
        "ALTER TABLE errors ADD COLUMN seen INTEGER NOT NULL DEFAULT 1",
        "DELETE FROM errors WHERE error_id NOT IN (SELECT MIN(error_id) FROM errors GROUP BY kind, source, reason)",
        "CREATE UNIQUE INDEX errors_once ON errors (kind, source, reason)",
    ),
)

# Reconcile records wire copies: one row per document that has near-identical copies, naming its group.
_DUPLICATES = Migration(
    5,
    "near-duplicate document groups (wire copies), filled by reconcile",
    (
        """CREATE TABLE document_duplicates (
            doc_key TEXT PRIMARY KEY REFERENCES documents (doc_key) ON DELETE CASCADE, group_id TEXT NOT NULL,
            updated_at TEXT NOT NULL, data_json TEXT NOT NULL)""",
        "CREATE INDEX document_duplicates_group ON document_duplicates (group_id)",
        "CREATE INDEX control_timeline_day ON control_timeline (day)",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, mentions, events, claims, control observations, errors, revisions", _CORE),
    Migration(2, "merged events, claim groups and the control timeline (filled by reconcile)", _RECONCILED),
    _SEARCH,
    _ERRORS_ONCE,
    _DUPLICATES,
)

LATEST_VERSION = MIGRATIONS[-1].version
