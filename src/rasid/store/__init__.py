"""The record's store: one interface (`Store`), two back ends chosen by a database URL."""

from __future__ import annotations

from pathlib import Path

from rasid.errors import ConfigurationError
from rasid.store.base import Store
from rasid.store.flatten import build_record
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

DEFAULT_URL = "sqlite:///rasid.db"

__all__ = [
    "DEFAULT_URL",
    "ClaimRow",
    "ControlRow",
    "DocumentRecord",
    "ErrorEntry",
    "EventRow",
    "MentionRow",
    "Revision",
    "Store",
    "StoredDocument",
    "build_record",
    "open_store",
]


def open_store(url: str = DEFAULT_URL, *, schema: str | None = None) -> Store:
    """Open the store a URL names: `sqlite:///relative.db`, `sqlite:////abs/path.db`, a bare path, or `postgresql://…`."""
    if url.startswith(("postgresql://", "postgres://")):
        from rasid.store.postgres import PostgresStore

        return PostgresStore(url, schema=schema)
    from rasid.store.sqlite import SQLiteStore

    if url.startswith("sqlite://"):
        path = url[len("sqlite://"):]
        if not path.startswith("/") or path == "/":
            raise ConfigurationError(f"bad SQLite URL {url!r}: write sqlite:///relative.db or sqlite:////abs/path.db")
        return SQLiteStore(path[1:] or ":memory:")
    if "://" in url:
        raise ConfigurationError(f"unknown database URL {url!r}: use sqlite:///FILE or postgresql://HOST/DB")
    return SQLiteStore(Path(url))
