"""A store built once per test process from the dev corpus (or the bundled examples) for the API tests."""

from __future__ import annotations

import functools
import socket
import tempfile
from pathlib import Path

from rasid.ingest import ingest_paths
from rasid.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples" / "reports" / "reports.jsonl"
TOKEN = "test-token-123"


def corpus_files() -> list[Path]:
    """The dev corpus JSONL files, plus the bundled examples (which always hold control observations)."""
    files = sorted(CORPUS.glob("*/*.jsonl")) if CORPUS.exists() else []
    return [*files, EXAMPLES]


@functools.cache
def corpus_store_url() -> str:
    """A SQLite store holding the corpus, built on first use."""
    folder = Path(tempfile.mkdtemp(prefix="rasid-api-"))
    url = f"sqlite:///{folder / 'api.db'}"
    with open_store(url) as store:
        ingest_paths(corpus_files(), store)
    return url


def fresh_store_url() -> str:
    """A copy of the corpus store that a test may change."""
    import shutil

    source = Path(corpus_store_url()[len("sqlite:///"):])
    with open_store(str(source)) as store:
        store._execute("PRAGMA wal_checkpoint(TRUNCATE)")  # fold the WAL into the file before copying it
    target = Path(tempfile.mkdtemp(prefix="rasid-api-")) / "api.db"
    shutil.copy(source, target)
    return f"sqlite:///{target}"


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
