"""Ingest + extraction into SQLite: documents per second on one core, printed as a Markdown table.

Method: the bundled example reports (examples/reports/reports.jsonl) and, when present, the dev documents
(../shared/corpus/*/*.jsonl) are repeated with a distinct closing line each (so none is a duplicate) until the
corpus holds --docs documents; `ingest_paths` runs them into a fresh SQLite file in this single process, timed
with time.perf_counter. A second run over the same file measures the duplicate check alone, and a plain
extraction pass over the same lines (no store) shows how much of the time is the store's.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rasid.ingest import ingest_paths
from rasid.pipeline import parse_record, process_document
from rasid.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "examples" / "reports" / "reports.jsonl", *sorted((ROOT.parent / "shared" / "corpus").glob("*/*.jsonl"))]


def load_documents() -> list[dict[str, Any]]:
    """The seed documents the corpus is built from."""
    docs = []
    for path in SOURCES:
        if path.exists():
            docs += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not docs:
        sys.exit("no input documents found (examples/reports/reports.jsonl)")
    return docs


def build_corpus(docs: list[dict[str, Any]], count: int, path: Path) -> float:
    """Write `count` distinct documents to a JSONL file; return its size in MB."""
    with path.open("w", encoding="utf-8") as stream:
        for n in range(count):
            doc = docs[n % len(docs)]
            text = f"{doc['text']}\nرقم النسخة {n}."
            stream.write(json.dumps({**doc, "id": f"{doc['id']}-{n}", "text": text, "url": None},
                                    ensure_ascii=False) + "\n")
    return path.stat().st_size / 1e6


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000, help="documents to ingest (default 1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus, db = Path(folder) / "corpus.jsonl", Path(folder) / "bench.db"
        size = build_corpus(load_documents(), args.docs, corpus)
        with open_store(f"sqlite:///{db}") as store:
            start = time.perf_counter()
            first = ingest_paths([corpus], store)
            ingest_s = time.perf_counter() - start
            start = time.perf_counter()
            again = ingest_paths([corpus], store)
            rerun_s = time.perf_counter() - start
        start = time.perf_counter()
        with corpus.open("rb") as stream:
            extracted = sum(1 for line in stream if "error" not in process_document(parse_record(line)))
        extract_s = time.perf_counter() - start
        db_mb = sum(p.stat().st_size for p in Path(folder).glob("bench.db*")) / 1e6
    print(f"Ingest benchmark: {args.docs} documents ({size:.1f} MB JSONL), one process, "
          f"Python {platform.python_version()} on {platform.machine()}\n")
    print("| run | documents | seconds | documents/s (one core) | events stored |")
    print("|---|---:|---:|---:|---:|")
    print(f"| ingest + extraction into SQLite | {first.new} | {ingest_s:.2f} | {first.new / ingest_s:.0f} |"
          f" {first.events} |")
    print(f"| extraction alone, no store (for comparison) | {extracted} | {extract_s:.2f} | {extracted / extract_s:.0f} |"
          " – |")
    print(f"| re-ingest (all duplicates) | {again.duplicate} | {rerun_s:.2f} | {again.duplicate / rerun_s:.0f} | 0 |")
    print(f"\nDatabase size: {db_mb:.1f} MB. Target: ≥ 50 documents/s per core.")


if __name__ == "__main__":
    main()
