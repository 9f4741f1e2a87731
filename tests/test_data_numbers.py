"""Integrity of rasid/data/numbers.yaml: schema, normalized keys without collisions, sane values."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from rasid.annotate.numbers import dual_forms, lexicon
from rasid.resources import load_yaml
from rasid.text.normalize import normalize_key

RAW: dict[str, Any] = load_yaml("numbers.yaml")

NUMBER_MAPS = ("ones", "teen_heads", "tens", "hundreds", "scales", "scales_alone", "scales_definite", "fractions",
               "fraction_plurals", "vague_scales")
WORD_LISTS = ("teen_tails", "few", "nayyif", "approximators", "approx_after", "bound_min", "bound_max",
              "bound_fillers", "range_openers", "range_joiners", "range_dashes", "percent", "identifier_heads",
              "months", "others", "area_modifiers", "singular_after_preposition", "not_duration_after",
              "ambiguous_singulars", "ambiguous_after")
UNIT_MAPS = ("units", "dual_units", "singular_after_marker")


def test_every_section_is_present_and_nothing_else() -> None:
    expected = set(NUMBER_MAPS) | set(WORD_LISTS) | set(UNIT_MAPS) | {"vague", "few_range", "bound_after"}
    assert set(RAW) == expected


@pytest.mark.parametrize("section", NUMBER_MAPS)
def test_number_maps_have_positive_values_and_distinct_keys(section: str) -> None:
    table = RAW[section]
    assert isinstance(table, dict) and table
    assert all(isinstance(v, (int, float)) and v > 0 for v in table.values())
    keys = Counter(normalize_key(k) for k in table)
    assert [k for k, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("section", WORD_LISTS)
def test_word_lists_are_distinct_after_normalization(section: str) -> None:
    words = RAW[section]
    assert isinstance(words, list) and words
    assert all(isinstance(w, str) and w.strip() for w in words)
    counts = Counter(normalize_key(w) for w in words)
    assert [w for w, n in counts.items() if n > 1] == []


def test_vague_ranges_are_ordered() -> None:
    for word, bounds in RAW["vague"].items():
        assert len(bounds) == 2 and 0 < bounds[0] < bounds[1], word
    low, high = RAW["few_range"]
    assert 0 < low < high


@pytest.mark.parametrize("section", UNIT_MAPS)
def test_unit_names_and_forms(section: str) -> None:
    seen: dict[str, str] = {}
    for unit, forms in RAW[section].items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", unit), unit
        assert isinstance(forms, list) and forms, unit
        for form in forms:
            key = " ".join(normalize_key(str(form)).split())
            assert seen.setdefault(key, unit) == unit, f"{form} is listed for {seen[key]} and {unit}"
            assert seen[key] == unit


def test_forms_are_not_listed_twice_for_one_unit() -> None:
    for unit, forms in RAW["units"].items():
        counts = Counter(normalize_key(str(f)) for f in forms)
        assert [f for f, n in counts.items() if n > 1] == [], unit


def test_duals_do_not_collide_with_plurals_or_numbers() -> None:
    lex = lexicon()
    for unit, forms in RAW["dual_units"].items():
        for form in forms:
            for dual in dual_forms(normalize_key(form)):
                assert dual not in lex.units, f"{dual} ({unit}) is also a listed plural"
                assert dual not in lex.ones and dual not in lex.scales_alone


def test_time_units_needed_by_the_dates_layer_exist() -> None:
    assert {"day", "hour", "week", "month", "year", "minute"} <= set(RAW["units"])


def test_loaded_lexicon_is_normalized() -> None:
    lex = lexicon()
    for table in (lex.ones, lex.tens, lex.hundreds, lex.units, lex.duals, lex.vague):
        assert all(normalize_key(key) == key for key in table)
