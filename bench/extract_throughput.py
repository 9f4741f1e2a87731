"""Throughput and peak memory of `rasid extract`, and dateparser's search_dates on the same documents.

Method: the dev documents (../shared/corpus/*/*.jsonl) are repeated until the corpus holds at least
--min-mb megabytes of text; each stage is timed in this single process (one core) with time.perf_counter.
Prints Markdown tables (paste them into the README) and writes them to bench/out/extract.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

from rasid.annotate.dates import annotate_times
from rasid.annotate.numbers import find_quantities
from rasid.pipeline import document_from_mapping, process_document
from rasid.text.analyzed import analyze

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"


def load_dev_documents() -> list[dict[str, Any]]:
    """All dev documents (seeds and pages-dev)."""
    docs: list[dict[str, Any]] = []
    for path in sorted(SHARED.glob("*/*.jsonl")):
        docs += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return docs


def repeat_to_size(docs: list[dict[str, Any]], min_mb: float) -> list[dict[str, Any]]:
    """Repeat the documents (with fresh ids) until their text reaches `min_mb` MB of UTF-8."""
    corpus: list[dict[str, Any]] = []
    size = 0
    round_no = 0
    while size < min_mb * 1e6:
        for doc in docs:
            corpus.append({**doc, "id": f"{doc['id']}-{round_no}"})
            size += len(doc["text"].encode("utf-8"))
        round_no += 1
    return corpus


def corpus_mb(docs: list[dict[str, Any]]) -> float:
    """UTF-8 megabytes of the documents' text."""
    return sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6


def time_stage(name: str, docs: list[dict[str, Any]], run: Any) -> dict[str, Any]:
    """Time one function over every document."""
    start = time.perf_counter()
    for doc in docs:
        run(doc)
    seconds = time.perf_counter() - start
    mb = corpus_mb(docs)
    return {"stage": name, "docs": len(docs), "mb": mb, "seconds": seconds,
            "docs_per_s": len(docs) / seconds, "mb_per_s": mb / seconds}


def reading_core(doc: dict[str, Any]) -> None:
    """Normalization, tokens, numbers and dates: the reading layer of issue 2."""
    at = analyze(doc["text"])
    annotate_times(at, doc.get("published"), find_quantities(at))


def whole_pipeline(doc: dict[str, Any]) -> None:
    """Every stage of `rasid extract` (contract dict included)."""
    process_document(document_from_mapping(doc))


def dateparser_stage(doc: dict[str, Any]) -> Any:
    """dateparser's free-text date search on one document."""
    from dateparser.search import search_dates

    settings: dict[str, Any] = {}
    if doc.get("published") and len(doc["published"]) == 10:
        from datetime import datetime
        settings["RELATIVE_BASE"] = datetime.fromisoformat(doc["published"])
    return search_dates(doc["text"], languages=["ar"], settings=settings) or []


def dateparser_accuracy(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Value accuracy of dateparser and of rasid on the gold times (same rule as `rasid evaluate`)."""
    gold_dirs = {d["id"]: p.parent / "gold" for p in SHARED.glob("*/*.jsonl")
                 for d in map(json.loads, p.read_text(encoding="utf-8").splitlines())}
    hits = {"dateparser": 0, "rasid": 0}
    total = 0
    for doc in docs:
        gold = json.loads((gold_dirs[doc["id"]] / f"{doc['id']}.gold.json").read_text(encoding="utf-8"))
        found = dateparser_stage(doc)
        at = analyze(doc["text"])
        _, times, _ = annotate_times(at, doc.get("published"), find_quantities(at))
        for g in gold.get("times", []):
            total += 1
            want = g["value"]
            if any(_dateparser_value(dt, g["precision"]) == want and _contains(phrase, g["text"])
                   for phrase, dt in found):
                hits["dateparser"] += 1
            if any(t.value == want and t.start < g["end"] and g["start"] < t.end for t in times):
                hits["rasid"] += 1
    return {name: hits[name] / total for name in hits} | {"gold": total}


def _dateparser_value(dt: Any, precision: str) -> str:
    """dateparser's datetime rendered at the gold precision."""
    return {"day": dt.strftime("%Y-%m-%d"), "month": dt.strftime("%Y-%m"), "year": dt.strftime("%Y")}.get(
        precision, dt.strftime("%Y-%m-%d"))


def _contains(phrase: str, gold_text: str) -> bool:
    """True when dateparser's phrase and the gold text overlap as strings."""
    return phrase in gold_text or gold_text in phrase


def main() -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-mb", type=float, default=5.0, help="corpus size in MB of text (default 5)")
    parser.add_argument("--dateparser-rounds", type=int, default=1,
                        help="repetitions of the dev set given to dateparser (it is slow)")
    args = parser.parse_args()
    if not SHARED.exists():
        print(f"dev corpus not found at {SHARED}", file=sys.stderr)
        return 1
    dev = load_dev_documents()
    corpus = repeat_to_size(dev, args.min_mb)
    whole_pipeline(dev[0])  # load every resource before timing
    rows = [time_stage("reading core (normalize+tokens+numbers+dates)", corpus, reading_core),
            time_stage("rasid extract, all layers", corpus, whole_pipeline)]
    dp_docs = repeat_to_size(dev, 0)[: len(dev) * args.dateparser_rounds] or dev
    rows.append(time_stage("dateparser.search_dates(languages=['ar'])", dp_docs, dateparser_stage))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    accuracy = dateparser_accuracy(dev)
    lines = [f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}, "
             f"one process (one core). Corpus: dev set repeated to {corpus_mb(corpus):.1f} MB "
             f"({len(corpus)} documents). Peak RSS of the whole run: {peak_mb:.0f} MB.", "",
             "| stage | documents | MB | seconds | documents/s | MB/s |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['stage']} | {r['docs']} | {r['mb']:.2f} | {r['seconds']:.2f} | {r['docs_per_s']:.0f} | "
              f"{r['mb_per_s']:.2f} |" for r in rows]
    lines += ["", f"Value accuracy on the {accuracy['gold']} gold time expressions of the dev set:", "",
              "| system | accuracy |", "|---|---:|",
              f"| rasid | {accuracy['rasid']:.3f} |", f"| dateparser search_dates | {accuracy['dateparser']:.3f} |"]
    table = "\n".join(lines)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "extract.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
