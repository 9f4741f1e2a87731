"""Benchmark the places layer: gazetteer load time, memory, and matching throughput.

Usage: python bench/places.py [CORPUS_DIR] [--mb 5]
Repeats the dev documents (../shared/corpus by default) until the text reaches --mb megabytes, then times
`find_places` over every document (normalization/tokenization timed separately). Prints a small table.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(corpus: Path, megabytes: float) -> list[str]:
    """Dev document texts repeated until their UTF-8 size reaches `megabytes`."""
    texts = [json.loads(line)["text"] for path in sorted(corpus.rglob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not texts:
        sys.exit(f"no documents under {corpus}")
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        for text in texts:
            out.append(text)
            size += len(text.encode("utf-8"))
    return out


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()

    rss_before = rss_mb()
    start = time.perf_counter()
    from rasid.annotate.gazetteer import default_gazetteer
    from rasid.annotate.places import find_places
    from rasid.text.analyzed import analyze

    gaz = default_gazetteer()
    load_s = time.perf_counter() - start
    rss_loaded = rss_mb()

    texts = load_texts(Path(args.corpus), args.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    start = time.perf_counter()
    analyzed = [analyze(t) for t in texts]
    for at in analyzed:
        _ = at.tokens
    analyze_s = time.perf_counter() - start
    start = time.perf_counter()
    mentions = sum(len(find_places(at)) for at in analyzed)
    match_s = time.perf_counter() - start

    rows = [
        ("gazetteer entries", f"{len(gaz.entries):,}"),
        ("distinct Arabic names", f"{len(gaz.by_name):,}"),
        ("gazetteer load (import + build)", f"{load_s:.2f} s"),
        ("RSS after load (delta)", f"{rss_loaded:.0f} MB ({rss_loaded - rss_before:+.0f} MB)"),
        ("text", f"{megabytes:.1f} MB in {len(texts):,} documents"),
        ("analyze (normalize + tokens)", f"{megabytes / analyze_s:.2f} MB/s"),
        ("find_places", f"{megabytes / match_s:.2f} MB/s, {len(texts) / match_s:.0f} docs/s"),
        ("mentions found", f"{mentions:,}"),
        ("peak RSS", f"{rss_mb():.0f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for key, value in rows:
        print(f"| {key.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
