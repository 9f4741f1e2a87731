"""The embedded back end: one SQLite file in WAL mode, FTS5 for search."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rasid.errors import ConfigurationError
from rasid.store.base import Row, Store


class SQLiteStore(Store):
    """A Rasid database in one SQLite file (`:memory:` for a throwaway one)."""

    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        """Open (creating if needed) the database file and bring its schema up to date."""
        self.path = str(path)
        if self.path != ":memory:" and not Path(self.path).parent.exists():
            raise ConfigurationError(f"cannot create database {self.path}: folder {Path(self.path).parent} is missing")
        try:
            # Autocommit mode: transactions are opened explicitly, one per batch.
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise ConfigurationError(f"cannot open SQLite database {self.path}: {exc}") from exc
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL survives a killed process (only a power cut can drop the last commits).
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise ConfigurationError(f"{self.path} is not a usable SQLite database: {exc}") from exc
        except ConfigurationError:
            self._conn.close()
            raise

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""
        self._conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many rows."""
        self._conn.executemany(sql, rows)

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return every row."""
        return [tuple(row) for row in self._conn.execute(sql, params).fetchall()]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE (take the write lock up front, so writers queue instead of failing) … COMMIT."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """SAVEPOINT … RELEASE, rolled back to on any exception."""
        self._conn.execute("SAVEPOINT rasid_item")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK TO rasid_item")
            self._conn.execute("RELEASE rasid_item")
            raise
        self._conn.execute("RELEASE rasid_item")

    def _is_unique_violation(self, exc: Exception) -> bool:
        """SQLite reports unique violations as IntegrityError 'UNIQUE constraint failed'."""
        return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)

    def _lock_for_migration(self) -> None:
        """BEGIN IMMEDIATE already holds the database's write lock."""

    def _index_terms(self, doc_key: str, terms: str) -> None:
        """Add the search shadow to the FTS5 table."""
        self._conn.execute("INSERT INTO documents_fts (doc_key, terms) VALUES (?, ?)", (doc_key, terms))

    def _search(self, readings: list[tuple[str, ...]], limit: int) -> list[str]:
        """An FTS5 query: every word, each as an OR of its readings, ranked by bm25."""
        expression = " AND ".join("(" + " OR ".join(f'"{r}"' for r in group) + ")" for group in readings)
        rows = self._conn.execute(
            "SELECT doc_key FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (expression, limit)
        ).fetchall()
        return [str(row[0]) for row in rows]

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self._conn.close()
