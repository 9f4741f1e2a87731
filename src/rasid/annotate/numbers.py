"""Quantities: numbers in digits and words, approximations, bounds, ranges and counted nouns."""

from __future__ import annotations

from rasid.model import Quantity
from rasid.text.analyzed import AnalyzedText


def find_quantities(at: AnalyzedText) -> list[Quantity]:
    """Find every quantity expression in the text."""
    del at
    return []
