"""Integrity of data/reconcile.yaml: schema, actor ids that exist, no cycles, sensible tolerances."""

from __future__ import annotations

import csv
import io
import re

import pytest

from rasid.reconcile.inputs import settings
from rasid.reconcile.match import ancestors
from rasid.resources import load_yaml, read_text

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
RAW = load_yaml("reconcile.yaml")


def test_schema() -> None:
    assert set(RAW) == {"part_of", "place_tolerance_km"}
    assert set(RAW["place_tolerance_km"]) == {"by_precision", "by_kind"}
    assert set(RAW["place_tolerance_km"]["by_precision"]) == {1, 2, 3}


@pytest.mark.parametrize(("part", "whole"), sorted(RAW["part_of"].items()))
def test_part_of_names_catalogued_actors(part: str, whole: str) -> None:
    catalogue = {row["actor_id"] for row in csv.DictReader(io.StringIO(read_text("actors.csv")))}
    assert SNAKE.match(part) and SNAKE.match(whole) and part != whole
    assert part in catalogue and whole in catalogue
    assert len(ancestors(part)) == len(set(ancestors(part)))  # no cycle


def test_tolerances_grow_with_vagueness() -> None:
    config = settings()
    by_precision = [config.tolerance_by_precision[p] for p in (1, 2, 3)]
    assert by_precision == sorted(by_precision) and by_precision[0] > 0
    assert all(v >= by_precision[-1] for v in config.tolerance_by_kind.values())
