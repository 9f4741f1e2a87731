"""The team back end: PostgreSQL through psycopg 3, full-text search with tsvector over the same shadow."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rasid.errors import ConfigurationError
from rasid.store.base import Row, Store

# An arbitrary constant naming Rasid's migration lock among the server's advisory locks.
_MIGRATION_LOCK = 0x52415349


class PostgresStore(Store):
    """A Rasid database on a PostgreSQL server (optionally in its own schema)."""

    dialect = "postgres"

    def __init__(self, url: str, schema: str | None = None) -> None:
        """Connect, select the schema (created if needed) and bring it up to date."""
        import psycopg
        from psycopg import sql

        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise ConfigurationError(f"cannot connect to PostgreSQL at {_redact(url)}: {exc}") from exc
        try:
            if schema:
                self._conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
                self._conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
            self.migrate()
        except (psycopg.Error, ConfigurationError) as exc:
            self._conn.close()
            if isinstance(exc, ConfigurationError):
                raise
            raise ConfigurationError(f"cannot prepare the Rasid schema on {_redact(url)}: {exc}") from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement (`?` placeholders become psycopg's `%s`)."""
        self._conn.execute(_pg(sql), params or None)  # type: ignore[arg-type]

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many rows (pipelined by psycopg)."""
        with self._conn.cursor() as cursor:
            cursor.executemany(_pg(sql), rows)  # type: ignore[arg-type]

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return every row."""
        return [tuple(row) for row in self._conn.execute(_pg(sql), params or None).fetchall()]  # type: ignore[arg-type]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One server transaction, rolled back on any exception."""
        with self._conn.transaction():
            yield

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A nested psycopg transaction is a savepoint."""
        with self._conn.transaction():
            yield

    def _is_unique_violation(self, exc: Exception) -> bool:
        """The unique-violation error class of psycopg (SQLSTATE 23505)."""
        return isinstance(exc, self._psycopg.errors.UniqueViolation)

    def _lock_for_migration(self) -> None:
        """Hold a transaction-scoped advisory lock so two processes never migrate at once."""
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))

    def _index_terms(self, doc_key: str, terms: str) -> None:
        """Store the shadow as a tsvector of the `simple` configuration (no stemming: the shadow is folded)."""
        self._conn.execute("INSERT INTO documents_fts (doc_key, terms) VALUES (%s, to_tsvector('simple', %s))",
                           (doc_key, terms))

    def _search(self, readings: list[tuple[str, ...]], limit: int) -> list[str]:
        """A tsquery: every word, each as an OR of its readings, ranked by ts_rank."""
        expression = " & ".join("(" + " | ".join(f"'{r}'" for r in group) + ")" for group in readings)
        rows = self._conn.execute(
            "SELECT doc_key FROM documents_fts, to_tsquery('simple', %s) AS q WHERE terms @@ q "
            "ORDER BY ts_rank(terms, q) DESC, doc_key LIMIT %s",
            (expression, limit),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


def _pg(sql: str) -> str:
    """Translate `?` placeholders to psycopg's `%s` (no statement here holds a literal `?` or `%`)."""
    return sql.replace("?", "%s")


def _redact(url: str) -> str:
    """The URL with any password hidden, for error messages."""
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url
