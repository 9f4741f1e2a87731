"""Persons P/R/F1 against the gold `persons` arrays of ../shared/corpus (exact span match, first mentions).

Usage: .venv/bin/python bench/persons_gold.py [-v]
Runs actors and places first (persons never overlap them, as in the pipeline). Skips when ../shared is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rasid.annotate.actors import find_actors
from rasid.annotate.persons import find_persons
from rasid.annotate.places import find_places
from rasid.text.analyzed import analyze

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def documents() -> dict[str, dict[str, str]]:
    docs = {}
    for jsonl in sorted(CORPUS.glob("*/*.jsonl")):
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                docs[doc["id"]] = doc
    return docs


def main() -> int:
    verbose = "-v" in sys.argv
    docs = documents()
    if not docs:
        print(f"skipping: no corpus under {CORPUS}")
        return 0
    gold_total = predicted_total = hits = overlaps = 0
    for gold_file in sorted(CORPUS.glob("*/gold/*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = docs[gold["id"]]["text"]
        at = analyze(text)
        actors = find_actors(at)
        predicted = find_persons(at, actors, find_places(at, actors))
        spans = {(p["start"], p["end"]) for p in gold.get("persons", [])}
        gold_total += len(spans)
        predicted_total += len(predicted)
        for p in predicted:
            exact = (p.start, p.end) in spans
            near = any(p.start < e and s < p.end for s, e in spans)
            hits += exact
            overlaps += near and not exact
            if verbose and not exact:
                print("partial" if near else "spurious", gold["id"], repr(p.text))
        for s, e in spans:
            if verbose and not any((p.start, p.end) == (s, e) for p in predicted):
                print("missed", gold["id"], repr(text[s:e]))
    precision = hits / predicted_total if predicted_total else 0.0
    recall = hits / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"persons (exact spans): P {precision:.2f} R {recall:.2f} F1 {f1:.2f} "
          f"(gold {gold_total}, predicted {predicted_total}, exact {hits}, partial {overlaps})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
