"""Rasid (راصد): Arabic news reports about armed conflict turned into a geocoded, sourced event record."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from rasid.model import Result


def extract(text: str, published: str | None = None) -> Result:
    """Extract places, actors, persons, times, quantities and events from one Arabic text."""
    from rasid.pipeline import extract as run

    return run(text, published)


__all__ = ["__version__", "extract"]
