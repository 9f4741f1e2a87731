"""The analyzed text every annotator reads: original text, normalized view, tokens and sentences."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rasid.text.normalize import NormalizedText, normalize
from rasid.text.sentences import Sentence, split_sentences
from rasid.text.tokenize import Token, tokenize


@dataclass(frozen=True)
class AnalyzedText:
    """One document's text prepared once for all annotators."""

    text: str
    norm: NormalizedText

    @cached_property
    def tokens(self) -> list[Token]:
        """Tokens of the normalized view (computed on first use)."""
        return tokenize(self.norm)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of the original text (computed on first use)."""
        return split_sentences(self.text)

    def span_text(self, start: int, end: int) -> str:
        """The original text of [start, end)."""
        return self.text[start:end]

    def norm_to_original(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Map a normalized span to the original text."""
        return self.norm.to_original(norm_start, norm_end)


def analyze(text: str) -> AnalyzedText:
    """Normalize, tokenize and sentence-split `text`."""
    return AnalyzedText(text, normalize(text))
