"""Persons-layer throughput on ~1,000-character documents (chunks of ../shared/corpus texts).

Usage: .venv/bin/python bench/persons_throughput.py [--rounds 3]
Prints docs/s for the first (cold feature caches) and the best later round, persons layer only (tokens are
computed beforehand, as the pipeline shares them between layers), on one core, by process CPU time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rasid.annotate.persons import find_persons, load_tagger
from rasid.text.analyzed import analyze

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def chunks(size: int = 1000) -> list[str]:
    texts = []
    for jsonl in sorted(SHARED.glob("*/*.jsonl")):
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                texts += [text[i : i + size] for i in range(0, len(text) - size + 1, size)]
    return texts


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = chunks()
    if not texts:
        print(f"skipping: no documents under {SHARED}")
        return 0
    load_tagger()
    rates = []
    for _ in range(args.rounds + 1):
        analyzed = [analyze(t) for t in texts]
        for at in analyzed:
            _ = at.tokens
        began = time.process_time()  # CPU time of this process: the 2-core dev box is shared
        for at in analyzed:
            find_persons(at)
        rates.append(len(texts) / (time.process_time() - began))
    print(f"{len(texts)} docs of 1,000 chars: first round {rates[0]:.0f} docs/s (cold caches), "
          f"best later round {max(rates[1:]):.0f} docs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
