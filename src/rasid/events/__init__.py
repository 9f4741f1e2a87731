"""Events, claims and control observations built from mentions."""

from rasid.events.build import build_events

__all__ = ["build_events"]
