"""Events, claims and control observations built from mentions."""
