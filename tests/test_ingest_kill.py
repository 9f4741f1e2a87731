"""A SIGKILL mid-ingest leaves a consistent database; the re-run completes it with nothing lost or doubled."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from rasid.store import open_store

TOTAL = 1000
PLACES = ("قرية الوادي", "بلدة السهل", "حي الجسر", "مزرعة التل")


def _write_corpus(path: Path, total: int = TOTAL) -> None:
    """Distinct short reports (each sentence written for this test)."""
    with path.open("w", encoding="utf-8") as stream:
        for n in range(total):
            text = (f"أفاد مراسلون بأن {n % 40 + 2} عنصرا أصيبوا في اشتباكات قرب {PLACES[n % len(PLACES)]} "
                    f"صباح يوم الثلاثاء، وأن الطرق إلى المنطقة أغلقت. التقرير رقم {n}.")
            stream.write(json.dumps({"id": f"k{n}", "text": text, "published": "2019-02-05"}, ensure_ascii=False)
                         + "\n")


def _count(db: Path, table: str) -> int:
    """Rows in a table, read by a separate connection (0 before the table exists)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _ingest(corpus: Path, db: Path | str) -> subprocess.Popen[bytes]:
    """Start `rasid ingest` in its own process (a Path is a SQLite file, a str a database URL)."""
    url = f"sqlite:///{db}" if isinstance(db, Path) else db
    command = [sys.executable, "-m", "rasid.cli", "ingest", str(corpus), "--db", url, "--batch-size",
               "7", "--progress", "never"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})


def _assert_consistent(db: Path) -> None:
    """Integrity check passes and every stored document has all of its rows (a batch is all or nothing)."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        documents = conn.execute("SELECT doc_key, result_json FROM documents").fetchall()
        mentions = dict(conn.execute("SELECT doc_key, COUNT(*) FROM mentions GROUP BY doc_key").fetchall())
        events = dict(conn.execute("SELECT doc_key, COUNT(*) FROM events GROUP BY doc_key").fetchall())
        revisions = {r[0] for r in conn.execute("SELECT row_key FROM revisions WHERE table_name = 'documents'")}
        indexed = conn.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0]
    for key, raw in documents:
        result = json.loads(raw)
        expected = sum(len(result.get(layer) or []) for layer in
                       ("places", "actors", "persons", "times", "times_vague", "quantities"))
        assert mentions.get(key, 0) == expected
        assert events.get(key, 0) == len(result["events"])
    assert revisions == {key for key, _ in documents}
    assert indexed == len(documents)


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    corpus, db = tmp_path / "reports.jsonl", tmp_path / "r.db"
    _write_corpus(corpus)
    process = _ingest(corpus, db)
    deadline = time.monotonic() + 120
    while _count(db, "documents") < 50 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, f"ingest ended before the kill: {process.communicate()[1].decode()[-2000:]}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    stored = _count(db, "documents")
    assert 50 <= stored < TOTAL
    _assert_consistent(db)

    rerun = _ingest(corpus, db)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    summary = out.decode()
    assert f"{TOTAL - stored} new, {stored} duplicate, 0 failed" in summary
    assert _count(db, "documents") == TOTAL
    _assert_consistent(db)
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
    assert sorted(ids) == sorted(f"k{n}" for n in range(TOTAL))


PG_URL = os.environ.get("RASID_TEST_PG_URL")


def _counts(summary: str) -> tuple[int, int]:
    """New and duplicate counts from a run's printed summary."""
    match = re.search(r"documents: (\d+) new, (\d+) duplicate", summary)
    assert match, summary
    return int(match[1]), int(match[2])


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not PG_URL, reason="RASID_TEST_PG_URL is not set (CI sets it)"))])
def test_two_concurrent_runs_store_each_document_once(tmp_path: Path, backend: str) -> None:
    corpus = tmp_path / "reports.jsonl"
    _write_corpus(corpus, total=400)
    schema = f"rasid_race_{uuid.uuid4().hex[:10]}"
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'r.db'}"
        open_store(url).close()  # create the schema once, so both runs start on equal terms
    else:
        assert PG_URL
        open_store(PG_URL, schema=schema).close()
        url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    runs = [_ingest(corpus, url) for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    try:
        assert [run.returncode for run in runs] == [0, 0], [err.decode()[-2000:] for _, err in outputs]
        news, duplicates = zip(*(_counts(out.decode()) for out, _ in outputs), strict=True)
        assert sum(news) == 400 and sum(duplicates) == 400
        with open_store(url) as store:
            assert store.counts()["documents"] == 400
            assert len({d.content_hash for d in store.documents()}) == 400
    finally:
        if backend == "postgres":
            with open_store(PG_URL or "", schema=schema) as store:
                store._execute(f"DROP SCHEMA {schema} CASCADE")
