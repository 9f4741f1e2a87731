"""Train the person tagger (python-crfsuite) on ANERcorp, NewsFANE and AQMAR from ../shared/data/ner.

Held-out split: ANERcorp sentences (split at "." tokens) in corpus order; the last 20% are the test set
(contiguous document blocks). NewsFANE is the same text re-annotated in another order, so every NewsFANE
sentence that shares a normalized word 6-gram with a test sentence is left out of training.

Usage: .venv/bin/python scripts/train_persons.py [--shared ../shared] [--out src/rasid/data/persons.crfsuite]
       [--report bench/persons_ner.md] [--no-newsfane] [--no-aqmar] [--anercorp FILE]
Exits 0 with a message when the corpora are absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pycrfsuite

from rasid.annotate.person_features import load_lexicon, sentence_features
from rasid.annotate.persons import decode_persons
from rasid.text.normalize import normalize, normalize_key
from rasid.text.tokenize import tokenize

ROOT = Path(__file__).resolve().parent.parent
Sentence = list[tuple[str, str]]

# NewsFANE fine classes -> coarse classes (person classes are what we output; LOC/ORG help the model).
FANE_PERS = {"Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist", "Businessperson",
             "Lawyer", "Engineer"}
FANE_LOC = {"Nation", "Population-Center", "State-or-Province", "GPE-Cluster", "Continent", "Water-Body", "Land",
            "County-or-District", "Land-Region-Natural", "Building-Grounds", "Path", "Airport",
            "Subarea-Facility", "Celestial", "Water"}
FANE_ORG = {"Non-Governmental", "Sports", "Group", "Government", "Media", "Commercial", "Educational", "Police",
            "Medical-Science", "Religious_ORG", "Entertainment"}
SENTENCE_END = {".", "!", "؟", "?"}


def coarse(tag: str, table: dict[str, str]) -> str:
    """Map a corpus tag to B-/I- PERS, LOC, ORG, MISC or O."""
    tag = tag.strip()
    if "-" not in tag or tag[:2] not in ("B-", "I-"):
        return "O"
    prefix, cls = tag[:2], tag[2:].strip("-`")
    mapped = table.get(cls)
    if mapped is None:
        mapped = "MISC" if cls.startswith("MIS") else None
    return prefix + mapped if mapped else "O"


ANER_TABLE = {"PERS": "PERS", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
AQMAR_TABLE = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG"}
FANE_TABLE = {**{c: "PERS" for c in FANE_PERS}, **{c: "LOC" for c in FANE_LOC}, **{c: "ORG" for c in FANE_ORG}}


def split_at_periods(pairs: Iterable[tuple[str, str]]) -> Iterator[Sentence]:
    """Group (token, tag) pairs into sentences ending at sentence punctuation or blank lines."""
    sentence: Sentence = []
    for token, tag in pairs:
        if not token:
            if sentence:
                yield sentence
            sentence = []
            continue
        sentence.append((token, tag))
        if token in SENTENCE_END:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def read_pairs(path: Path, table: dict[str, str], sep: str | None) -> Iterator[tuple[str, str]]:
    """Read `token TAG` lines (blank line -> ("", "O")), stripping BOM and direction marks."""
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.replace("\u200e", "").replace("\u200f", "").replace("\ufeff", "").strip()
            parts = line.split(sep) if sep else line.rsplit(None, 1)
            if len(parts) != 2 or not parts[0].strip():
                yield "", "O"
                continue
            yield parts[0].strip(), coarse(parts[1], table)


def retokenize(sentence: Sentence) -> tuple[list[str], list[str]]:
    """Re-split corpus tokens with the project tokenizer (normalized), spreading the BIO tags."""
    words: list[str] = []
    tags: list[str] = []
    for token, tag in sentence:
        pieces = [t.norm for t in tokenize(normalize(token))]
        for k, piece in enumerate(pieces):
            words.append(piece)
            tags.append(tag if k == 0 or tag == "O" else "I-" + tag[2:])
    return words, tags


def ngrams(sentence: Sentence, n: int = 6) -> set[tuple[str, ...]]:
    """Word n-grams of a sentence (normalized, punctuation left out); the whole sentence when shorter."""
    words = [normalize_key(t) for t, _ in sentence if any(c.isalpha() for c in t)]
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def drop_overlap(fane: list[Sentence], test: list[Sentence]) -> list[Sentence]:
    """NewsFANE sentences sharing no 6-gram (or whole short sentence) with the ANERcorp test sentences."""
    test_grams: set[tuple[str, ...]] = set().union(*(ngrams(s) for s in test))
    return [s for s in fane if not ngrams(s) & test_grams]


def entities(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Exact entity spans (conlleval-style: an I- without a matching B- starts an entity)."""
    found: set[tuple[int, int, str]] = set()
    start, cls = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == cls and start >= 0
        if not inside:
            if start >= 0:
                found.add((start, i, cls))
            start, cls = (i, tag[2:]) if tag != "O" else (-1, "")
    return found


def prf(gold: set[tuple[int, int, str]], pred: set[tuple[int, int, str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted entities against gold."""
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(model: Path, test: list[tuple[list[str], list[str]]]) -> dict[str, tuple[float, float, float]]:
    """Per-class and overall P/R/F1 of the model on retokenized test sentences."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    gold_all: set[tuple[int, int, int, str]] = set()
    pred_all: set[tuple[int, int, int, str]] = set()
    for n, (words, tags) in enumerate(test):
        predicted = tagger.tag(sentence_features(words))
        gold_all |= {(n, *e) for e in entities(tags)}
        pred_all |= {(n, *e) for e in entities(predicted)}
    scores = {}
    for cls in ("PERS", "LOC", "ORG", "MISC"):
        g = {(e[0], e[1], e[2], "") for e in gold_all if e[3] == cls}
        p = {(e[0], e[1], e[2], "") for e in pred_all if e[3] == cls}
        scores[cls] = prf(g, p)  # type: ignore[arg-type]
    scores["overall"] = prf(gold_all, pred_all)  # type: ignore[arg-type]
    lex = load_lexicon()
    run_time = {(n, a, b, "") for n, (words, _) in enumerate(test) for a, b in decode_persons(tagger, words, lex)}
    gold_pers = {(e[0], e[1], e[2], "") for e in gold_all if e[3] == "PERS"}
    scores["PERS (run-time decoding)"] = prf(gold_pers, run_time)  # type: ignore[arg-type]
    return scores


def load_corpora(args: argparse.Namespace) -> tuple[list[Sentence], list[Sentence], dict[str, str]]:
    """Training and test sentences plus notes on what was used."""
    aner = list(split_at_periods(read_pairs(args.anercorp, ANER_TABLE, None)))
    cut = int(len(aner) * 0.8)
    train, test = aner[:cut], aner[cut:]
    notes = {"anercorp": f"{len(aner)} sentences; train {cut}, test {len(test)} (last 20%)"}
    fane_path = args.shared / "data/ner/newsfane/NewsFANE_Gold_2014_170K.txt"
    if args.newsfane and fane_path.exists():
        fane = list(split_at_periods(read_pairs(fane_path, FANE_TABLE, "\t")))
        kept = drop_overlap(fane, test)
        train += kept
        notes["newsfane"] = (f"{len(kept)} of {len(fane)} sentences: NewsFANE is ANERcorp reordered, so every "
                             "sentence sharing a 6-gram (or, if short, its whole text) with a test sentence is dropped")
    aqmar_dir = args.shared / "data/ner/aqmar"
    if args.aqmar and aqmar_dir.exists():
        aq = [s for f in sorted(aqmar_dir.glob("*.txt")) for s in split_at_periods(read_pairs(f, AQMAR_TABLE, None))]
        train += aq
        notes["aqmar"] = f"{len(aq)} sentences (all, training only)"
    return train, test, notes


def train_model(train: list[tuple[list[str], list[str]]], out: Path, args: argparse.Namespace) -> None:
    """Fit the CRF and write it to `out`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in train:
        if words:
            trainer.append(sentence_features(words), tags)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.minfreq": args.minfreq, "feature.possible_transitions": True})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def write_report(path: Path, scores: dict[str, tuple[float, float, float]], notes: dict[str, str],
                 args: argparse.Namespace, seconds: float, model: Path) -> str:
    """Write the markdown results table and return it."""
    lines = ["# Person tagger (CRF) — held-out ANERcorp", "",
             "Produced by `scripts/train_persons.py`; exact entity match (conlleval-style) over the project",
             "tokenizer's tokens of the held-out sentences.", "",
             *[f"- {k}: {v}" for k, v in notes.items()],
             f"- params: c1={args.c1} c2={args.c2} iterations={args.iterations} minfreq={args.minfreq}",
             f"- training time {seconds:.0f} s; model {model.stat().st_size / 1e6:.1f} MB", "",
             "| class | P | R | F1 |", "|---|---|---|---|"]
    lines += [f"| {k} | {p * 100:.1f} | {r * 100:.1f} | {f * 100:.1f} |" for k, (p, r, f) in scores.items()]
    lines += ["", "Anchors (published, different split): AraBERT 83.1, BiLSTM-CRF 81.7 overall F1.", ""]
    text = "\n".join(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--anercorp", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=ROOT / "src/rasid/data/persons.crfsuite")
    ap.add_argument("--report", type=Path, default=ROOT / "bench/persons_ner.md")
    ap.add_argument("--no-newsfane", dest="newsfane", action="store_false")
    ap.add_argument("--no-aqmar", dest="aqmar", action="store_false")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=2)
    args = ap.parse_args(argv)
    if args.anercorp is None:
        args.anercorp = args.shared / "data/ner/anercorp/ANERCorp.conll"
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Train, evaluate on the held-out split, write the model and the report."""
    args = parse_args(argv)
    if not args.anercorp.exists():
        print(f"skipping: {args.anercorp} not found (the shared NER corpora are needed to train)")
        return 0
    began = time.perf_counter()
    train, test, notes = load_corpora(args)
    train_model([retokenize(s) for s in train], args.out, args)
    seconds = time.perf_counter() - began
    scores = evaluate(args.out, [retokenize(s) for s in test])
    print(write_report(args.report, scores, notes, args, seconds, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
