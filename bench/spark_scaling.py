"""Documents/s of `rasid batch --engine spark` with one and two local Spark workers (local[1] vs local[2]).

Method: the dev documents (../shared/corpus/*/*.jsonl) are repeated, with fresh ids, until the corpus holds at
least --min-mb MB of JSONL, written as --files files in a temporary folder. For each master a SparkSession is
started first (JVM start-up is not timed), then run_spark (read, extract, write all Parquet tables) is timed
with time.perf_counter over the same corpus and the same number of partitions. Prints a Markdown table and
writes it to bench/out/spark.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from rasid.scale.spark import run_spark, spark_session

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"


def dev_lines() -> list[dict[str, Any]]:
    """All dev documents."""
    return [json.loads(line) for path in sorted(SHARED.glob("*/*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_corpus(folder: Path, min_mb: float, files: int) -> tuple[int, int]:
    """Write the repeated corpus as `files` JSONL files; return (documents, bytes)."""
    docs = dev_lines()
    sinks = [(folder / f"part-{i:03d}.jsonl").open("w", encoding="utf-8") for i in range(files)]
    count = size = 0
    while size < min_mb * 1_000_000:
        for doc in docs:
            line = json.dumps({**doc, "id": f"{doc['id']}-r{count}"}, ensure_ascii=False) + "\n"
            sinks[count % files].write(line)
            size += len(line.encode("utf-8"))
            count += 1
    for sink in sinks:
        sink.close()
    return count, size


def measure(corpus: Path, master: str, partitions: int) -> tuple[float, int]:
    """Seconds of one batch run on `master` and the documents it extracted."""
    session = spark_session(master, app_name=f"rasid-bench-{master}")
    try:
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            manifest = run_spark([corpus], Path(out) / "batch", session=session, partitions=partitions)
            return time.perf_counter() - start, int(manifest["counts"]["documents"])
    finally:
        session.stop()


def main() -> None:
    """Run the benchmark and write the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-mb", type=float, default=50.0)
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        docs, size = write_corpus(corpus, args.min_mb, args.files)
        rows = []
        for master in ("local[1]", "local[2]"):
            seconds, extracted = measure(corpus, master, args.partitions)
            rows.append((master, extracted, seconds, extracted / seconds))
            print(master, extracted, round(seconds, 1), flush=True)
    load = os.getloadavg()
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average at the end {load[0]:.2f} (other processes share these cores). Corpus: dev set repeated to "
        f"{size / 1e6:.1f} MB of JSONL ({docs} documents) in {args.files} files; {args.partitions} Spark partitions; "
        "timed: run_spark (read, extract, write every Parquet table) after the session has started.",
        "",
        "| master | documents | seconds | documents/s | scaling |",
        "|---|---:|---:|---:|---:|",
    ]
    base = rows[0][3]
    lines += [f"| {m} | {n} | {s:.1f} | {r:.1f} | {r / base:.2f}× |" for m, n, s, r in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "spark.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
