"""Integrity of the date lexicons: schema, normalized keys, no duplicate or conflicting entries."""

from __future__ import annotations

import pytest

from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key

MONTH_SECTIONS = ("gregorian", "levantine", "maghrebi", "hijri")
TIMEX_TYPES = {"PAST_REF", "FUTURE_REF", "PRESENT_REF", "DURATION_VAGUE", "SET", "GENERIC", "ANAPHORIC"}
UNITS = {"D", "W", "M", "Y", "H", "MIN", "DEC"}


def _normalized_collisions(mapping: dict[str, object]) -> list[str]:
    """Keys whose normalized forms collide with a different value."""
    seen: dict[str, object] = {}
    bad = []
    for key, value in mapping.items():
        norm = normalize_key(key)
        if norm in seen and seen[norm] != value:
            bad.append(key)
        seen[norm] = value
    return bad


@pytest.mark.parametrize("name", ["months.yaml", "weekdays.yaml", "relative_dates.yaml"])
def test_file_loads_as_mapping(name: str) -> None:
    assert isinstance(load_yaml(name), dict)


@pytest.mark.parametrize("section", MONTH_SECTIONS)
def test_month_sections(section: str) -> None:
    months = load_yaml("months.yaml")[section]
    assert months, section
    assert all(isinstance(v, int) and 1 <= v <= 12 for v in months.values())
    assert not _normalized_collisions(months)
    assert all(normalize_key(k) for k in months)


def test_every_month_has_a_name_in_each_main_calendar() -> None:
    doc = load_yaml("months.yaml")
    for section in ("gregorian", "levantine", "hijri"):
        assert set(doc[section].values()) == set(range(1, 13)), section


def test_gregorian_levantine_maghrebi_do_not_conflict() -> None:
    doc = load_yaml("months.yaml")
    merged: dict[str, int] = {}
    for section in ("gregorian", "levantine", "maghrebi"):
        for key, value in doc[section].items():
            norm = normalize_key(key)
            assert merged.get(norm, value) == value, key
            merged[norm] = value
    hijri = {normalize_key(k) for k in doc["hijri"]}
    assert not hijri & set(merged)


def test_ambiguous_months_are_known_names() -> None:
    doc = load_yaml("months.yaml")
    names = {normalize_key(k) for section in MONTH_SECTIONS for k in doc[section]}
    assert {normalize_key(k) for k in doc["ambiguous"]} <= names


def test_ordinals_and_feasts() -> None:
    doc = load_yaml("months.yaml")
    assert sorted(doc["ordinal_units"].values()) == [1, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert set(doc["ordinal_tens"].values()) == {10, 20, 30}
    for month, day in doc["feasts"].values():
        assert 1 <= month <= 12 and 1 <= day <= 30


def test_weekdays() -> None:
    doc = load_yaml("weekdays.yaml")
    assert set(doc["weekdays"].values()) == set(range(7))
    assert not _normalized_collisions(doc["weekdays"])
    assert all(isinstance(w, str) and normalize_key(w) for w in doc["times_of_day"])
    parts = [normalize_key(w) for w in doc["day_parts"]]
    assert parts and len(parts) == len(set(parts))


@pytest.mark.parametrize(
    ("section", "check"),
    [
        ("day_offsets", lambda v: isinstance(v, int) and -2 <= v <= 2),
        ("modifiers", lambda v: v in (-1, 0, 1)),
        ("period_nouns", lambda v: v in {"month", "year", "week"}),
        ("partial", lambda v: v in {"START", "MID", "END"}),
        ("seasons", lambda v: len(v) == 2 and 1 <= v[0] <= v[1] <= 12),
        ("decades", lambda v: v in range(0, 100, 10)),
        ("centuries", lambda v: v in (1900, 2000)),
        ("duration_units", lambda v: v in UNITS),
        ("duration_duals", lambda v: v[0] == 2 and v[1] in UNITS),
        ("duration_modifiers", lambda v: v in {"APPROX", "min", "max"}),
        ("definite_counts", lambda v: isinstance(v, int) and 2 <= v <= 10),
        ("vague", lambda v: v in TIMEX_TYPES),
    ],
)
def test_relative_mapping_sections(section: str, check: object) -> None:
    mapping = load_yaml("relative_dates.yaml")[section]
    assert mapping
    assert all(check(v) for v in mapping.values()), section  # type: ignore[operator]
    assert not _normalized_collisions(mapping)
    assert all(normalize_key(k) for k in mapping)


@pytest.mark.parametrize(
    "section",
    ["present", "today_blockers_after", "today_blockers_before", "this", "duration_single_cues",
     "duration_singulars", "duration_ambiguous", "duration_weak_cues", "duration_tails", "anaphoric_after"],
)
def test_relative_list_sections(section: str) -> None:
    words = load_yaml("relative_dates.yaml")[section]
    keys = [normalize_key(w) for w in words]
    assert keys and all(keys)
    assert len(keys) == len(set(keys)), section


def test_singular_units_are_units() -> None:
    doc = load_yaml("relative_dates.yaml")
    units = {normalize_key(k) for k in doc["duration_units"]}
    assert {normalize_key(k) for k in doc["duration_singulars"]} <= units
    assert {normalize_key(k) for k in doc["duration_ambiguous"]} <= units
