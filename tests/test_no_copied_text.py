"""The project never copies sentences of the dev corpus (the gold files' texts) into its own files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from rasid.text.normalize import normalize_key

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SHINGLE = 8  # eight words in a row are a copied sentence, not a shared phrase
SKIP_SUFFIXES = (".crfsuite", ".tsv", ".txt", ".png")

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="dev corpus ../shared/corpus is absent")


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = [w for w in normalize_key(text).split() if any(c.isalpha() for c in w)]
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _corpus_shingles() -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for path in CORPUS.glob("*/*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found |= _shingles(json.loads(line)["text"])
    return found


def _project_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in listed.splitlines() if not name.endswith(SKIP_SUFFIXES)]


def test_no_project_file_holds_a_corpus_sentence() -> None:
    corpus = _corpus_shingles()
    offenders = []
    for path in _project_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        shared = _shingles(text) & corpus
        if shared:
            offenders.append(f"{path.relative_to(ROOT)}: {' '.join(next(iter(shared)))}")
    assert not offenders, "copied corpus text:\n" + "\n".join(offenders)
