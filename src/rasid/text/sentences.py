"""Sentence boundaries in original offsets: . ! ? ؟ and line breaks, not inside numbers."""

from __future__ import annotations

from dataclasses import dataclass

import regex

_BOUNDARY_RE = regex.compile(r"(?<!\d)[.!?؟]+(?=[\s\"'»”)\]]|$)|[.!?؟]+(?=\s)|\n+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of the original text, whitespace trimmed."""

    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences, each including its final punctuation."""
    sentences: list[Sentence] = []
    position = 0
    for match in _BOUNDARY_RE.finditer(text):
        end = match.end() if match.group()[0] != "\n" else match.start()
        _append_trimmed(text, position, end, sentences)
        position = match.end()
    _append_trimmed(text, position, len(text), sentences)
    return sentences


def _append_trimmed(text: str, start: int, end: int, out: list[Sentence]) -> None:
    """Append [start, end) without surrounding whitespace, skipping empty pieces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end))


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing `offset`, or None."""
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None
